"""The command line: `plainleaf [build|check] [PATH ...] [options]` and `plainleaf audit FILE.pdf ...`. Parses
arguments, calls the package, reports."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .resources import PAPER_SIZES

COMMANDS = ("build", "check", "audit")


def _formats(value: str) -> list[str]:
    from .jobs import FORMATS

    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or value!r}; use pdf, epub or pdf,epub")
    return formats


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of workers (1 or more)")
    return int(value)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="plainleaf", description="Build accessible patient handouts: large-print tagged PDF and EPUB 3.")
    top.add_argument("--version", action="version", version=f"plainleaf {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build handouts into PDF and EPUB (the default command)")
    build.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="a handout folder or a folder of handouts (default: handouts/)")
    build.add_argument("--output", type=Path, default=Path("output"), metavar="DIR",
                       help="where to write the files (default: output/)")
    build.add_argument("--layout", action="append", metavar="NAME",
                       help="print layout: large-print (default), extra-large, clear-print; may be repeated")
    build.add_argument("--paper", action="append", choices=PAPER_SIZES,
                       help="paper size (default: the clinic file's, else letter); may be repeated")
    build.add_argument("--format", type=_formats, default=["pdf", "epub"], metavar="pdf,epub",
                       help="which files to make (default: pdf,epub)")
    build.add_argument("--clinic", type=Path, metavar="FILE",
                       help="clinic details (default: clinic.yaml beside the handouts, else handouts/clinic.yaml)")
    build.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes (default: the number of cores); 1 builds in this process")
    build.add_argument("--force", action="store_true", help="rebuild every file, even those that are up to date")
    build.add_argument("--quiet", action="store_true", help="print only warnings and errors (for scripts)")
    build.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local worker processes (default), or an existing Dask cluster (needs --scheduler)")
    build.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="the Dask scheduler's address")
    check = commands.add_parser("check", help="check handouts for plain language and accessibility, build nothing")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="a handout folder, a folder of handouts or a handout.md (default: handouts/)")
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text for people (default), json for tools (docs/check-report.schema.json)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    audit = commands.add_parser("audit", help="check a PDF: PDF/UA-1 tagging, and a layout's large-print rules")
    audit.add_argument("files", nargs="+", type=Path, metavar="FILE.pdf", help="the PDF files to check")
    audit.add_argument("--layout", metavar="NAME",
                       help="also measure this layout's rules: smallest text, margins, bundled fonts")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "build")
    options = parser().parse_args(args)
    return {"check": _check, "audit": _audit}.get(options.command, _build)(options)


def _check(args: argparse.Namespace) -> int:
    from .layout import available_layouts, load_layout
    from .plan import find_handouts, no_handouts
    from .report import print_check_report, print_errors
    from .resources import Resources
    from .review import review_source

    paths = args.paths or [Path("handouts")]
    sources = find_handouts(paths)
    if not sources:
        print_errors([no_handouts(paths)])
        return 1
    resources = Resources.bundled()
    layouts = [load_layout(name, resources) for name in available_layouts(resources)]
    # check has no --layout: it judges emphasis for the default layout, large print, and tables for every layout
    reviews = [review_source(source, resources.fonts_dir, large_print=True, strict=args.strict, layouts=layouts)
               for source in sources]
    print_check_report(reviews, args.format)
    return 0 if all(review.ok for review in reviews) else 1


def _build(args: argparse.Namespace) -> int:
    from .build import BuildOptions, build
    from .report import ProgressBar, print_build_result

    if (args.executor == "dask") != bool(args.scheduler):
        parser().error("--executor dask and --scheduler tcp://HOST:PORT go together")
    options = BuildOptions(output_dir=args.output, layouts=args.layout or ["large-print"],
                           papers=args.paper or [], formats=args.format, jobs=args.jobs, force=args.force,
                           scheduler=args.scheduler)
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
    from rich.console import Console

    from .audit import audit_files
    from .report import print_findings

    findings = audit_files(args.files, args.layout)
    out = Console()
    print_findings(findings, out)
    for path in args.files if all(f.file is not None for f in findings) else []:
        if not any(f.file == path for f in findings):
            out.print(f"{path}: no problems found", markup=False, highlight=False, soft_wrap=True)
    return 1 if any(f.severity == "error" for f in findings) else 0
