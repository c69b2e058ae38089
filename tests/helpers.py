"""Small helpers shared by the tests: where the example and the fixtures live, writing a handout on the fly, and
what several test modules read output with (an HTML outline, the ids the tree gives)."""

from __future__ import annotations

import os
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plainleaf.build.manifest import Manifest
    from plainleaf.source import tree

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "handouts" / "neuroendocrine-tumors"
CLINIC = ROOT / "handouts" / "clinic.yaml"
EXAMPLE_ES = EXAMPLE.parent / f"{EXAMPLE.name}-es"
# tests/fixtures/tree holds every construct the parser knows
EVERY_CONSTRUCT = ROOT / "tests" / "fixtures" / "tree" / "every-construct" / "handout.md"

MINIMAL_FRONT = """\
title: Washing your hands
summary: Clean hands stop germs from spreading.
reviewed: 2026-11-01
"""
MINIMAL_BODY = """\
## Why it matters

Germs spread on hands. Washing stops them.
"""


def write_handout(root: Path, front: str = MINIMAL_FRONT, body: str = MINIMAL_BODY,
                  slug: str = "hand-washing", clinic: str = "name: Test Clinic\n") -> Path:
    """A handouts/ folder with one handout and a clinic file; returns the handout.md path."""
    folder = root / "handouts" / slug
    folder.mkdir(parents=True, exist_ok=True)
    (root / "handouts" / "clinic.yaml").write_text(clinic, encoding="utf-8")
    source = folder / "handout.md"
    source.write_text(f"---\n{textwrap.dedent(front)}---\n{textwrap.dedent(body)}", encoding="utf-8")
    return source


def quick_work(task, shared):
    """Stands in for rendering (run_handout) where a test is about planning, writing or the catalog: each file
    holds its job's name and a digest of the handout's files, so the tests run in milliseconds."""
    import hashlib

    from plainleaf.build.jobs import HandoutOutcome, MadeFile
    from plainleaf.source.parse import parse_handout

    inputs = hashlib.sha256(repr(sorted(task.files.items())).encode()).hexdigest()
    made = tuple(MadeFile(job, f"{job.name} {inputs}\n".encode(), 1) for job in task.jobs)
    return HandoutOutcome(task.source, made, meta=parse_handout(task.source).meta)


def manifest(output_dir: Path) -> Manifest:
    """The output folder's manifest, which must not be damaged."""
    from plainleaf.build.manifest import load_manifest

    found, damaged = load_manifest(output_dir)
    assert not damaged, [str(d) for d in damaged]
    return found


def work_or_die(task, shared):
    """quick_work, except that the worker building the handout called "broken" dies (as if killed)."""
    import os

    if task.slug == "broken":
        os._exit(9)
    return quick_work(task, shared)


def work_or_hang(task, shared):
    """quick_work, except that the handout called "stuck" never finishes, deaf to the worker's own timer (as code
    stuck outside Python would be)."""
    import signal

    if task.slug == "stuck":
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass
    return quick_work(task, shared)


PICTURES_BODY = """\
## Why it matters

Germs spread on hands.

![Two hands under a tap](images/hands.png)

![A bar of soap](images/soap.jpg "Soap and water")
"""


def write_picture_handout(root: Path, slug: str = "hand-washing") -> Path:
    """write_handout with a PNG and a JPEG picture in the text and a PNG logo in the clinic file."""
    from PIL import Image as PILImage

    source = write_handout(root, body=PICTURES_BODY, slug=slug,
                           clinic="name: Test Clinic\nlogo: {path: logo.png, alt: Test Clinic}\n")
    (source.parent / "images").mkdir(exist_ok=True)
    PILImage.new("RGB", (40, 20), (0, 90, 0)).save(source.parent / "images" / "hands.png")
    PILImage.new("RGB", (40, 20), (90, 60, 0)).save(source.parent / "images" / "soap.jpg")
    PILImage.new("RGB", (30, 30), (0, 0, 90)).save(root / "handouts" / "logo.png")
    return source


def print_editions(source: Path) -> dict[tuple[str, str], bytes]:
    """The handout's PDF in every bundled layout on both papers, rendered as the build renders them (without
    its plain-language review, so that fixtures may be as awkward as the test needs)."""
    from plainleaf.build.jobs import render_edition
    from plainleaf.source.files import load_clinic
    from plainleaf.source.layout import Resources, available_layouts, load_layout
    from plainleaf.source.parse import parse_handout
    from plainleaf.source.resources import PAPER_SIZES

    resources = Resources.bundled()
    handout = parse_handout(source)
    clinic = load_clinic(source.parent.parent / "clinic.yaml")
    return {(name, paper): render_edition(handout, clinic, load_layout(name, resources), paper, ()).data
            for name in available_layouts(resources) for paper in PAPER_SIZES}


def printed_lines(data: bytes) -> list[str]:
    """Each line of text the PDF draws (page furniture included), left to right, top to bottom."""
    import io

    import pikepdf

    from plainleaf.pdfread.content import page_contents

    lines = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for content in page_contents(pdf):
            rows: dict[float, list] = {}
            for run in content.runs:
                rows.setdefault(round(run.start[1]), []).append(run)
            for _, runs in sorted(rows.items(), reverse=True):
                runs.sort(key=lambda r: r.start[0])
                text = "".join(r.text if i == 0 or r.start[0] - runs[i - 1].end[0] < 0.15 * r.size else " " + r.text
                               for i, r in enumerate(runs))
                lines.append(" ".join(text.split()))
    return lines


def without_shown_addresses(html: str) -> str:
    """Print HTML without the address print shows after a link's words, "(www.example.org)", inside the link."""
    import re

    return re.sub(r" \((?:[^()<]|\([^()<]*\))*\)</a>", "</a>", html)


class Outline(HTMLParser):
    """Collects tags with their attributes, and the text of headings."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[tuple[str, str]] = []
        self._heading: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2", "h3"):
            self._heading, self.headings = tag, [*self.headings, (tag, "")]

    def handle_endtag(self, tag):
        if tag == self._heading:
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@contextmanager
def rescued(fifo: Path) -> Iterator[None]:
    """If the code under test opens `fifo` and waits for a writer, a writer comes after a while and writes text no
    test expects: the test then fails instead of hanging."""
    done = threading.Event()

    def rescue() -> None:
        if done.wait(20):
            return
        while not done.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # nobody is reading it
                done.wait(0.1)
                continue
            os.write(fd, b"---\ntitle: OPENED\n---\n")
            os.close(fd)
            return

    thread = threading.Thread(target=rescue, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def handout_cases() -> list[Path]:
    """The handouts the tree's readers are compared on: the example, its Spanish edition, every construct."""
    return [EXAMPLE / "handout.md", EXAMPLE_ES / "handout.md", EVERY_CONSTRUCT]


def tree_ids(sections: tuple[tree.Section, ...]) -> list[str]:
    """The ids the tree gives, in reading order, as the HTML should show them."""
    from plainleaf.source import tree

    ids: list[str] = []
    for node in tree.walk(*sections):
        match node:
            case tree.Section():
                ids += [node.id, node.heading_id]
            case tree.Citation():
                ids.append(node.anchor)
            case tree.Callout():
                ids += [node.id, node.label_id]
            case _ if getattr(node, "id", None):
                ids.append(node.id)
    return ids
