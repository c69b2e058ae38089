"""What the braille tests share: hand-built document trees, and the example handout as the braille edition reads
it (liblouis itself is conftest's `louis` fixture)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from plainleaf.render.braille import BrailleSource
from plainleaf.render.pagelist import PageMap
from plainleaf.source import tree
from plainleaf.source.files import load_clinic
from plainleaf.source.model import Clinic, FrontMatter
from plainleaf.source.parse import parse_handout
from plainleaf.source.reader import read_key_points, read_sections
from tests.helpers import CLINIC, EXAMPLE

UEB_BRF = "en-us-brf.dis,en-ueb-g2.ctb"


# -- hand-built trees ----------------------------------------------------------------------------------------------

def text(words: str, line: int = 1) -> tree.Text:
    return tree.Text(line, None, words)


def para(*inlines: tree.Inline | str, id: str | None = None, line: int = 1) -> tree.Paragraph:
    return tree.Paragraph(line, None, tuple(text(i, line) if isinstance(i, str) else i for i in inlines), id)


def item(id: str, *children: tree.Block) -> tree.ListItem:
    return tree.ListItem(1, None, children, id)


def items(prefix: str, *words: str) -> tuple[tree.ListItem, ...]:
    return tuple(item(f"{prefix}_{n}", para(w)) for n, w in enumerate(words, start=1))


def section(id: str, title: str, *blocks: tree.Block, line: int = 1) -> tree.Section:
    return tree.Section(line, None, id, title, (text(title, line),), blocks)


def meta(**changes) -> FrontMatter:
    values = {"title": "Taking your medicine", "summary": "How to take your pills.", "reviewed": dt.date(2026, 11, 1)}
    return FrontMatter(**{**values, **changes})


def source(*sections: tree.Section, page_map: PageMap | None = None, **meta_changes) -> BrailleSource:
    return BrailleSource(sections, meta(**meta_changes), Clinic(name="Example Clinic"), page_map)


# -- the example handout ---------------------------------------------------------------------------------------------

def example_source(folder: Path = EXAMPLE, page_map: PageMap | None = None) -> BrailleSource:
    handout = parse_handout(folder / "handout.md")
    return BrailleSource(read_sections(handout), handout.meta, load_clinic(CLINIC), page_map,
                         read_key_points(handout), source=handout.source)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())
