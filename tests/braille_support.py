"""What the braille tests share: hand-built document trees, and the example handout as the braille edition reads
it (liblouis itself is conftest's `louis` fixture)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from lxml import etree

from plainleaf.render.braille.blocks import BLANK, BrailleSource
from plainleaf.render.braille.edition import BrailleEdition
from plainleaf.render.braille.louis import Liblouis
from plainleaf.render.braille.matter import appendix_order
from plainleaf.render.pagelist import PageMap
from plainleaf.render.references import ama_lead
from plainleaf.source import tree
from plainleaf.source.files import load_clinic
from plainleaf.source.glossary import glossary_entries
from plainleaf.source.model import Clinic, FrontMatter
from plainleaf.source.parse import parse_handout
from plainleaf.source.reader import handout_tree
from tests.helpers import CLINIC, EXAMPLE

UEB_BRF = "en-us-brf.dis,en-ueb-g2.ctb"
DATA = Path(__file__).parent / "data"
PEF = "{http://www.daisy.org/ns/2008/pef}"


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
    return BrailleSource(handout_tree(handout), handout.meta, load_clinic(CLINIC), page_map,
                         handout.key_points, source=handout.source, print_paper="letter")


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


# -- what the edition tests check, on the example and on every corpus handout ----------------------------------

def brf_page_lines(data: bytes) -> list[list[str]]:
    """A BRF file's pages, each its lines (every page ends with a form feed)."""
    assert data.endswith(b"\f")
    return [page.split("\r\n") for page in data.decode("ascii").split("\f")[:-1]]


def source_words(edition: BrailleEdition) -> list[str]:
    return words(source_text(edition))


def source_text(edition: BrailleEdition) -> str:
    """The handout's words in reading order: front matter, sections, glossary, references, who can help."""
    source, meta = edition.source, edition.source.meta
    parts = [meta.title, meta.subtitle or "", meta.summary, *meta.key_points]
    for node in tree.walk(*source.sections):
        match node:
            case tree.Section(heading=inlines) | tree.Paragraph(children=inlines) | tree.Heading(children=inlines):
                parts.append(tree.plain_text(inlines))
            case tree.Figure(alt=alt, caption=caption):
                parts += [caption or "", alt]  # BF 6.2.2e: the caption, then the description
    parts += [f"{e.term} {e.definition}" for e in glossary_entries(meta.glossary, meta.language)]  # its page's order
    parts += [f"{ama_lead(r, meta.language)} {r.url or ''}" for r in appendix_order(source.sections, meta.references)]
    clinic = source.clinic
    parts += [clinic.emergency or "", clinic.name, clinic.phone or "", clinic.after_hours_phone or "",
              clinic.website or "", clinic.email or "", clinic.address or ""]
    for group in meta.support:
        parts += [group.name, group.organization or "", group.description or "", group.url or ""]
    return " ".join(part for part in parts if part)


def text_lines(brf_pages: list[list[str]], edition: BrailleEdition) -> list[str]:
    """The body's lines of text: not the running heads, print page indicators, page numbers or guide words."""
    lines = []
    for page, laid in zip(brf_pages[edition.title_pages:], edition.pages.pages[edition.title_pages:], strict=True):
        first = re.sub(r" {3,}\S+$", "", page[0]) if laid.number == "1" else None  # page 1: the title, no head
        last = "" if laid.guided else re.sub(r" {3,}\S+$", "", page[-1])
        lines += ([first] if first is not None else []) + page[1:-1] + [last]
    return lines


def recovered_share(louis, lines: list[str], wanted: list[str]) -> float:
    recovered = words(louis.back_translate(" ".join(lines), UEB_BRF))
    matcher = difflib.SequenceMatcher(None, wanted, recovered, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(wanted)


def recovered_words(louis: Liblouis, edition: BrailleEdition) -> tuple[int, int]:
    """(how many of the handout's words back-translating the BRF gives back in order, how many there are). The BRF's
    ASCII braille is read back as the cells it stands for (as en-us-brf.dis has them): Spanish braille's own
    tables display cells as other characters."""
    recovered = words(louis.back_translate(text_cells(edition), edition.text.code.table, cells=True))
    return _matched(source_words(edition), recovered)


def recovered_round_trip(louis: Liblouis, edition: BrailleEdition) -> tuple[int, int]:
    """recovered_words for a code whose table does not back-translate its own contractions (es-g2.ctb reads its
    "asma" back as "asmadre"): the handout's words are translated and read back the same way first, so that what
    is compared is whether the BRF holds the braille of every word, in order."""
    table = edition.text.code.table
    wanted = words(louis.back_translate(louis.translate(source_text(edition), table).cells, table, cells=True))
    recovered = words(louis.back_translate(text_cells(edition), table, cells=True))
    return _matched(wanted, recovered)


def text_cells(edition: BrailleEdition) -> str:
    """The body's lines of text (text_lines) as the cells the BRF's ASCII braille stands for, one blank between."""
    cells = {ord(ascii): chr(cell) for cell, ascii in edition.text.brf.items()}
    return BLANK.join(text_lines(brf_page_lines(edition.brf()), edition)).translate(cells)


def _matched(wanted: list[str], recovered: list[str]) -> tuple[int, int]:
    matcher = difflib.SequenceMatcher(None, wanted, recovered, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(wanted)


def print_pages_checked(edition: BrailleEdition) -> int:
    """Assert that every block stands under the print page on which the PDF's page map starts it, and that each
    print page appears once, in order, on line 1 or on a change line; returns how many blocks were checked."""
    page_map = edition.source.page_map
    assert page_map is not None
    pages = {anchor: min(page, page_map.page_count) for anchor, page in page_map.anchor_pages.items()}
    checked = 0
    for placement in edition.pages.placements:
        mapped = [pages[a] for a in placement.anchors if a in pages]
        if mapped:
            assert placement.print_page == max(mapped), placement
            checked += 1
    started = []
    for page in edition.pages.pages[edition.title_pages:]:
        labels = ([page.print_page] if not page.print_page[:1].isalpha() else []) + list(page.print_changes)
        for label in labels:
            first, _, last = label.partition("-")
            started += range(int(first), int(last or first) + 1)
    assert started == list(range(1, page_map.page_count + 1))
    return checked


def pef_problems(pef: bytes) -> list[str]:
    """What PEF 1.0 (its RELAX NG grammar and the specification's Schematron rules: no more rows than `rows`, no
    more cells than `cols`) finds wrong in a PEF file."""
    document = etree.fromstring(pef)
    grammar = pef_grammar()
    if not grammar.validate(document):
        return [str(grammar.error_log)]
    problems = []
    volume = document.find(f"{PEF}body/{PEF}volume")
    for n, page in enumerate(volume.iter(f"{PEF}page"), start=1):
        rows = page.findall(f"{PEF}row")
        if len(rows) > int(volume.get("rows")) or any(len(r.text or "") > int(volume.get("cols")) for r in rows):
            problems.append(f"page {n} is larger than the volume's pages")
    return problems


def pef_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(DATA / "pef-1.0.rng")))
