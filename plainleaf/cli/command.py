"""The command line: `plainleaf [build|check] [PATH ...] [options]` and `plainleaf audit FILE.pdf ...`. Parses
arguments, calls the package, reports."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..source.resources import PAPER_SIZES, MissingResources

COMMANDS = ("build", "check", "audit", "new", "new-handout", "layouts", "help")
FORMAT_HINT = "How to write a handout: plainleaf help handouts. Every command: plainleaf help."


def _formats(value: str) -> list[str]:
    from ..build.jobs import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or value!r}; use any of "
                                         f"{', '.join(FORMATS)}, joined by commas (pdf,epub,brf)")
    return formats


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1 or more)")
    return int(value)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="plainleaf", description="Build accessible patient handouts: large-print "
                                  "tagged PDF, EPUB 3, braille and plain text.")
    top.add_argument("--version", action="version", version=f"plainleaf {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build handouts into PDF and EPUB, and braille when asked (the default "
                                "command)")
    build.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="a handout folder, a folder of handouts, or a clinic's folder holding handouts/ "
                       "(default: handouts/)")
    build.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                       help="where to write the files (default: output/)")
    build.add_argument("--layout", action="append", type=str.lower, metavar="NAME",
                       help="print layout: large-print (default), extra-large, clear-print or a clinic's own "
                       "(plainleaf layouts lists them); may be repeated")
    build.add_argument("--paper", action="append", type=str.lower, choices=PAPER_SIZES,
                       help="paper size (default: the clinic file's, else letter); may be repeated")
    build.add_argument("--format", type=_formats, metavar="pdf,epub,brf,pef,txt",
                       help="which files to make: pdf, epub, brf and pef (the braille edition), txt (plain text), any "
                       "of them joined by commas (default: the clinic file's formats, else pdf,epub)")
    build.add_argument("--clinic", type=Path, metavar="FILE",
                       help="clinic details (default: clinic.yaml beside the handouts, else handouts/clinic.yaml)")
    build.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes (default: the number of cores); 1 builds in this process")
    build.add_argument("--force", action="store_true", help="rebuild every file, even those that are up to date")
    build.add_argument("--strict", action="store_true",
                       help="plain-language warnings stop a handout from building, as errors do")
    build.add_argument("--quiet", action="store_true", help="print only warnings and errors (for scripts)")
    build.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local worker processes (default), or an existing Dask cluster (needs --scheduler)")
    build.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="the Dask scheduler's address")
    check = commands.add_parser("check", help="check handouts for plain language and accessibility, build nothing")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="a handout folder, a folder of handouts, a handout.md, or a clinic's folder "
                       "(default: handouts/)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default), json for tools (docs/check-report.schema.json)")
    check.add_argument("--layout", action="append", type=str.lower, metavar="NAME",
                       help="judge for this print layout, as build --layout does (default: large-print)")
    check.add_argument("--clinic", type=Path, metavar="FILE",
                       help="clinic details (default: clinic.yaml beside the handouts, else handouts/clinic.yaml); "
                       "its `strict: true` counts")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors, as build --strict does")
    audit = commands.add_parser("audit", help="check a PDF: PDF/UA-1 tagging, and a layout's large-print rules")
    audit.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf", help="the PDF files to check")
    audit.add_argument("--layout", type=str.lower, metavar="NAME",
                       help="also measure this layout's rules: smallest text, margins, bundled fonts")
    audit.add_argument("--clinic", type=Path, metavar="FILE",
                       help="the clinic file whose own layouts --layout may name (default: handouts/clinic.yaml)")
    _add_project_commands(commands)
    for command in (top, *commands.choices.values()):
        command.epilog = FORMAT_HINT
    return top


def _add_project_commands(commands: argparse._SubParsersAction) -> None:
    """The commands that start and describe a clinic's folder of handouts, and `help`."""
    new = commands.add_parser("new", help="start a clinic's folder: its clinic file, an example handout, a README")
    new.add_argument("folder", type=Path, metavar="PATH", help="the folder to make (it must not exist, or be empty)")
    handout = commands.add_parser("new-handout", help="add a handout to fill in: handouts/SLUG/handout.md")
    handout.add_argument("slug", metavar="SLUG",
                         help="the handout's folder name, which names its files: lower-case letters, digits, hyphens")
    handout.add_argument("--title", help="its title (default: made from SLUG)")
    handout.add_argument("--language", default="en", help="its language, a BCP 47 tag such as en or es (default: en)")
    handout.add_argument("--handouts", type=Path, default=Path("handouts"), metavar="DIR",
                         help="the folder of handouts to add it to (default: handouts/)")
    layouts = commands.add_parser("layouts", help="list the print layouts: the clinic's own, then the bundled ones")
    layouts.add_argument("--clinic", type=Path, metavar="FILE",
                         help="the clinic file whose layouts/ folder to list (default: as build finds it)")
    topics = commands.add_parser("help", help="how to write a handout, the clinic file, layouts, every rule, or a "
                                 "command")
    topics.add_argument("topic", nargs="?", metavar="TOPIC",
                        help="handouts, clinic, layouts, rules, or a command's name")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "build")
    options = parser().parse_args(args)
    commands = {"check": _check, "audit": _audit, "new": _new, "new-handout": _new_handout, "layouts": _layouts,
                "help": _help}
    try:
        return commands.get(options.command, _build)(options)
    except MissingResources as exc:  # a broken install: say so in a sentence, not a traceback
        print(f"plainleaf: error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback: a fault in plainleaf, said as one
        from ..errors import plainleaf_fault
        from .report import print_errors

        print_errors([plainleaf_fault(None, f"finish the {options.command or 'build'}", exc)])
        return 1


def _check(args: argparse.Namespace) -> int:
    from ..build.discovery import find_clinic, find_handouts, no_handouts
    from ..check.review import check_handouts
    from ..source.resources import Resources
    from .report import print_check_report, print_errors

    paths = args.paths or [Path("handouts")]
    sources = find_handouts(paths)
    if not sources:
        print_errors([no_handouts(paths)])
        return 1
    clinic_file = find_clinic(paths, args.clinic)
    reviews = check_handouts(sources, clinic_file, args.layout or ["large-print"], args.strict,
                             Resources.bundled().for_clinic(clinic_file))
    print_check_report(reviews, args.format)
    return 0 if all(review.ok for review in reviews) else 1


def _build(args: argparse.Namespace) -> int:
    from ..build.run import BuildOptions, build
    from .report import ProgressBar, print_build_result

    if (args.executor == "dask") != bool(args.scheduler):
        parser().error("--executor dask and --scheduler tcp://HOST:PORT go together")
    options = BuildOptions(output_dir=args.output, layouts=args.layout or ["large-print"],
                           papers=args.paper or [], formats=args.format or [], jobs=args.jobs, force=args.force,
                           strict=args.strict, scheduler=args.scheduler)
    progress = None if args.quiet else ProgressBar()
    try:
        result = build(args.paths or [Path("handouts")], args.clinic, options, progress)
    except KeyboardInterrupt:
        print("interrupted: the files built so far are in place, every other output is as it was", file=sys.stderr)
        return 130
    finally:
        if progress:
            progress.close()
    print_build_result(result, quiet=args.quiet)
    return 0 if result.ok else 1


def _audit(args: argparse.Namespace) -> int:
    from ..build.discovery import find_clinic
    from ..check.audit import audit_files
    from ..source.resources import Resources
    from .report import console, print_findings

    findings = audit_files(args.files, args.layout, Resources.bundled().for_clinic(find_clinic([], args.clinic)))
    out = console()
    print_findings(findings, out)
    for path in args.files if all(f.file is not None for f in findings) else []:
        if not any(f.file == path for f in findings):
            out.print(f"{path}: no problems found", markup=False, highlight=False, soft_wrap=True)
    return 1 if any(f.severity == "error" for f in findings) else 0


def _new(args: argparse.Namespace) -> int:
    from ..errors import HandoutErrors
    from .report import print_errors
    from .scaffold import new_clinic

    try:
        made = new_clinic(args.folder)
    except HandoutErrors as exc:
        print_errors(exc.errors)
        return 1
    print(f"made a clinic folder in {args.folder}:")
    for path in made:
        print(f"  {path}")
    print(f"next: cd {args.folder}; put your clinic's details in handouts/clinic.yaml and delete its line "
          "`placeholder: true`; then plainleaf check, and plainleaf build (the files go to output/). "
          "plainleaf help handouts explains the handout format.")
    return 0


def _new_handout(args: argparse.Namespace) -> int:
    from ..errors import HandoutErrors
    from .report import print_errors
    from .scaffold import new_handout

    try:
        made = new_handout(args.handouts, args.slug, args.title, args.language)
    except HandoutErrors as exc:
        print_errors(exc.errors)
        return 1
    print(f"made {made}: fill it in, then run plainleaf check {made.parent}")
    return 0


def _layouts(args: argparse.Namespace) -> int:
    from ..build.discovery import find_clinic
    from ..source.layout import list_layouts
    from ..source.resources import Resources
    from .report import print_errors

    layouts, errors = list_layouts(Resources.bundled().for_clinic(find_clinic([Path("handouts")], args.clinic)))
    for layout in layouts:
        settings, based_on = layout.settings, f", based on {layout.based_on}" if layout.based_on else ""
        origin = "The clinic's own" if layout.clinic else "Bundled"
        print(f"{layout.name}: {settings.title}. {settings.body_pt:g} pt text, margins {settings.margin_in:g} in. "
              f"{origin} ({layout.folder}{based_on})")
    print_errors(errors)
    return 1 if errors else 0


def _help(args: argparse.Namespace) -> int:
    from .topics import GENERATED, TOPICS, print_topic

    topic = (args.topic or "").lower()
    if not topic:
        parser().print_help()
        print("\nTopics: " + ", ".join(f"plainleaf help {name}" for name in [*TOPICS, *GENERATED]) + ".")
        return 0
    if print_topic(topic):  # before the commands: `help layouts` is about layouts, not the command's one option
        return 0
    if topic in COMMANDS:
        try:
            parser().parse_args([topic, "--help"])
        except SystemExit as done:  # argparse prints the command's help and exits
            return int(done.code or 0)
    known = ", ".join(dict.fromkeys([*TOPICS, *GENERATED, *COMMANDS]))
    print(f"plainleaf help: there is no topic {args.topic!r}; choose one of: {known}", file=sys.stderr)
    return 2
