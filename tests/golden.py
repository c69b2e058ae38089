#!/usr/bin/env python3
"""Golden digests, for changes that must not change what plainleaf makes (a refactoring): the SHA-256 of every
file the corpus (tests/corpus/) and the example handouts (handouts/) build, in every layout and paper, with the
EPUB; of `check --format json` on both; and of the editions made through the API (plain text, braille).

    python3 tests/golden.py record [--fast] [--keep DIR]    # before the change: writes tests/data/golden.json
    python3 tests/golden.py compare [--fast] [--keep DIR]   # after each step: every file must be the same

`--fast` leaves out the builds (WeasyPrint): the print HTML of every layout and paper (before pagination), the
EPUB's pages, check's JSON and the editions, in seconds rather than minutes. `--keep DIR` keeps what was made,
to diff two runs. Not a test of the suite: the bytes change with every intended change to what plainleaf prints
and with the versions of the libraries that lay out and write the files (recorded with the digests: compare
refuses to judge under other versions).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DIGESTS = ROOT / "tests" / "data" / "golden.json"
# name → (folder, clinic file or None for the folder's own), relative to the project root as a user types them;
# tests/fixtures/tree holds every construct the parser knows
COLLECTIONS = {"corpus": (Path("tests/corpus"), None), "examples": (Path("handouts"), None),
               "fixtures": (Path("tests/fixtures/tree"), Path("handouts/clinic.yaml"))}
LAYOUTS = ("large-print", "extra-large", "clear-print")
PAPERS = ("letter", "a4")
DISTRIBUTIONS = ("weasyprint", "pydyf", "pikepdf", "fonttools", "ebooklib", "lxml", "jinja2", "markupsafe",
                 "markdown-it-py", "mdit-py-plugins", "linkify-it-py", "babel", "segno", "pyicu-wheels", "textstat",
                 "pillow", "tinycss2", "cssselect2", "pyphen", "phonenumbers")
SKIPPED = {".plainleaf-manifest.json"}  # holds the digest of plainleaf's own code, which is what changes


def versions() -> dict[str, str]:
    """What the bytes depend on besides plainleaf: Python, the libraries, Pango and liblouis."""
    found = {"python": sys.version.split()[0]}
    for name in DISTRIBUTIONS:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = "missing"
    from weasyprint.text.ffi import pango

    found["pango"] = str(pango.pango_version())
    from plainleaf.render.braille.louis import open_liblouis

    louis = open_liblouis()
    found["liblouis"] = getattr(louis, "version", "missing")
    return found


def generate(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "generate.py", *args], cwd=ROOT, capture_output=True)


def built(out: Path) -> Iterator[tuple[str, bytes]]:
    """Every collection built in every layout and paper: its files, and what the build printed (sorted: workers
    finish in any order)."""
    options = [arg for layout in LAYOUTS for arg in ("--layout", layout)]
    options += [arg for paper in PAPERS for arg in ("--paper", paper)]
    for name, (folder, clinic) in COLLECTIONS.items():
        target = out / "build" / name
        run = generate("build", str(folder), "--output", str(target), "--jobs", "2", *options,
                       *(["--clinic", str(clinic)] if clinic else []))
        # the output folder is a new temporary one each run: the log names it by a fixed word
        printed = b"\n".join(sorted((run.stdout + run.stderr).replace(str(target).encode(), b"OUTPUT").splitlines()))
        yield f"build/{name}.log", printed + f"\nexit {run.returncode}\n".encode()
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.name not in SKIPPED:
                yield f"build/{name}/{path.relative_to(target)}", path.read_bytes()


def checked() -> Iterator[tuple[str, bytes]]:
    for name, (folder, clinic) in COLLECTIONS.items():
        for layout in ("large-print", "clear-print"):  # clear print is not large print: emphasis is not judged
            run = generate("check", str(folder), "--format", "json", "--layout", layout,
                           *(["--clinic", str(clinic)] if clinic else []))
            yield f"check/{name}-{layout}.json", run.stdout + f"exit {run.returncode}\n".encode()


def rendered() -> Iterator[tuple[str, bytes]]:
    """Through the API: each handout's print HTML in every layout and paper (no page breaks chosen), its EPUB
    pages, its plain text and its braille."""
    from plainleaf.render.html import render_epub_nav, render_epub_pages, render_print_html
    from plainleaf.render.plaintext import plain_text_edition
    from plainleaf.source.editions import plan_editions
    from plainleaf.source.files import load_clinic
    from plainleaf.source.layout import Resources, load_layout
    from plainleaf.source.parse import parse_handout

    resources = Resources.bundled()
    layouts = {name: load_layout(name, resources) for name in LAYOUTS}
    for name, (folder, clinic_path) in COLLECTIONS.items():
        clinic_file = ROOT / (clinic_path or folder / "clinic.yaml")
        clinic = load_clinic(clinic_file)
        logo = clinic_file.parent / clinic.logo.path if clinic.logo else None
        sources = sorted((ROOT / folder).glob("*/handout.md"))
        editions, _ = plan_editions(sources)
        for source in sources:
            handout = parse_handout(source, country=clinic.country)
            others = editions.get(source, ())
            where = f"api/{name}/{handout.slug}"
            for layout in LAYOUTS:
                for paper in PAPERS:
                    html = render_print_html(handout, clinic, layouts[layout], paper, others, logo=logo)
                    yield f"{where}/{layout}-{paper}.html", html.encode()
            pages = render_epub_pages(handout, clinic, layouts["large-print"], others, logo)
            for page in pages:
                yield f"{where}/epub/{page.file_name}", page.body.encode()
            yield f"{where}/epub/nav.xhtml", render_epub_nav(handout, layouts["large-print"], pages).encode()
            yield f"{where}/plain.txt", plain_text_edition(handout, clinic, others).encode()
            yield from _braille(where, handout, clinic, others)


def _braille(where: str, handout, clinic, others) -> Iterator[tuple[str, bytes]]:
    from plainleaf.errors import HandoutErrors
    from plainleaf.render.braille.blocks import BrailleSource
    from plainleaf.render.braille.edition import braille_edition
    from plainleaf.render.html import edition_notes
    from plainleaf.source.reader import handout_tree

    source = BrailleSource(handout_tree(handout), handout.meta, clinic, None, handout.key_points,
                           tuple(edition_notes(others)), handout.source)
    try:
        edition = braille_edition(source)
    except HandoutErrors as exc:
        yield f"{where}/braille.errors", "\n".join(e.message for e in exc.errors).encode()
        return
    yield f"{where}/braille.brf", edition.brf()
    yield f"{where}/braille.pef", edition.pef(f"org.plainleaf.{handout.slug}")


def made(fast: bool, keep: Path | None) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="plainleaf-golden-") as scratch:
        out = keep or Path(scratch)
        digests = {}
        parts = [checked(), rendered()] if fast else [built(out), checked(), rendered()]
        for part in parts:
            for name, data in part:
                digests[name] = hashlib.sha256(data).hexdigest()
                if keep:
                    path = keep / "files" / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
        return digests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("--fast", action="store_true", help="leave out the builds (WeasyPrint)")
    parser.add_argument("--keep", type=Path, help="keep what was made in this folder")
    args = parser.parse_args()
    recorded = json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}
    kind = "fast" if args.fast else "full"
    now = versions()
    if args.action == "compare":
        if recorded.get("versions") != now:
            changed = {k: (recorded.get("versions", {}).get(k), v) for k, v in now.items()
                       if recorded.get("versions", {}).get(k) != v}
            print(f"the digests were recorded under other versions, so bytes may differ for that alone: {changed}")
            return 2
        digests = made(args.fast, args.keep)
        before = recorded.get(kind, {})
        if args.fast:  # the fast files are a part of the full record too
            before = {k: v for k, v in {**recorded.get("full", {}), **before}.items() if k in digests or k in before}
        differ = sorted(k for k in digests.keys() & before.keys() if digests[k] != before[k])
        gone, new = sorted(before.keys() - digests.keys()), sorted(digests.keys() - before.keys())
        print(f"{len(digests)} files made, {len(before)} recorded: {len(digests) - len(differ) - len(new)} "
              f"identical, {len(differ)} different, {len(gone)} not made, {len(new)} new")
        for label, names in (("different", differ), ("not made", gone), ("new", new)):
            for name in names:
                print(f"  {label}: {name}")
        return 1 if differ or gone or new else 0
    digests = made(args.fast, args.keep)
    record = {"versions": now, **{k: v for k, v in recorded.items() if k not in ("versions", kind)}, kind: digests}
    if not args.fast:
        record.pop("fast", None)  # the full record holds the fast files
    DIGESTS.parent.mkdir(parents=True, exist_ok=True)
    DIGESTS.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(digests)} digests in {DIGESTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
