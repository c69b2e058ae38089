"""The braille edition end to end, on the example handout with the page map of its large-print PDF: the BRF's
pages, the words liblouis reads back, print page numbers, reproducible bytes, a passage checked by hand against
the UEB rules, Spanish, and the PEF against the PEF 1.0 grammar."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from plainleaf.errors import HandoutErrors
from plainleaf.render.braille.blocks import TN_CLOSE, TN_OPEN, BrailleDocument
from plainleaf.render.braille.codes import CODES
from plainleaf.render.braille.edition import BrailleEdition, braille_edition
from plainleaf.render.braille.pages import lay_out_body
from plainleaf.render.braille.transcribe import transcribe
from plainleaf.render.braille.translate import translate_document
from plainleaf.render.html import render_print_html
from plainleaf.render.pagelist import PageMap
from plainleaf.render.pdf import render_pdf
from plainleaf.render.printfiles import PrintFiles
from plainleaf.source import tree
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
from tests.braille_support import (
    DATA,
    PEF,
    UEB_BRF,
    brf_page_lines,
    example_source,
    item,
    items,
    para,
    pef_grammar,
    pef_problems,
    print_pages_checked,
    recovered_words,
    section,
    source,
)
from tests.helpers import CLINIC, EXAMPLE, ROOT


def print_page_map(folder: Path) -> PageMap:
    """Where each block of the handout starts in its large-print letter PDF, as the EPUB's page-list gets it."""
    handout = parse_handout(folder / "handout.md")
    resources = Resources(layouts_dir=ROOT / "layouts", fonts_dir=ROOT / "fonts")
    layout = load_layout("large-print", resources)
    html = render_print_html(handout, load_clinic(CLINIC), layout, "letter")
    pdf = render_pdf(html, handout.source, PrintFiles(folder, resources.layouts_dir, resources.fonts_dir), "example")
    return PageMap(f"{folder.name}-large-print-letter.pdf", pdf.page_count, pdf.anchor_pages)


@pytest.fixture(scope="module")
def page_map() -> PageMap:
    return print_page_map(EXAMPLE)


@pytest.fixture(scope="module")
def edition(louis, page_map) -> BrailleEdition:
    return braille_edition(example_source(page_map=page_map))


@pytest.fixture(scope="module")
def brf_pages(edition) -> list[list[str]]:
    return brf_page_lines(edition.brf())


def test_every_page_has_25_lines_of_at_most_40_cells(brf_pages):
    assert len(brf_pages) > 10
    for page in brf_pages:
        assert len(page) == 25
        assert all(len(line) <= 40 and "\n" not in line and "\r" not in line for line in page)


def test_the_text_is_ascii_braille(brf_pages):
    cells = set(" A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)=")
    assert {ch for page in brf_pages for line in page for ch in line} <= cells


def test_pages_are_numbered_at_the_foot_title_page_first(brf_pages, edition):
    numbers = [re.split(r" {3,}", page[-1])[-1] for page in brf_pages]
    assert numbers[0] == "T#A"  # the transcriber's title page: t1 (BF 2.2.1b)
    assert numbers[1:4] == ["#A", "#B", "#C"]
    assert [p.number for p in edition.pages.pages][:2] == ["t1", "1"]


def test_the_title_page_accounts_for_every_page(brf_pages, edition, louis):
    # BF 2.3.8c-d: "Braille pages t1 and 1-N", "Print pages 1-M"; 2.3.3b: text on its first and last lines
    title = brf_pages[0]
    assert title[0].startswith(",NEURO5DOCR9E TUMORS") and title[-1].strip().endswith("T#A")
    text = louis.back_translate(" ".join(title), UEB_BRF)
    assert f"Braille pages t1 and 1-{edition.body_pages}" in text
    assert f"Print pages 1-{edition.source.page_map.page_count}" in text


def test_back_translation_recovers_the_handouts_words_in_order(louis, brf_pages, edition):
    matched, wanted = recovered_words(louis, edition)
    print(f"word recovery: {matched / wanted:.2%} of {wanted} words")
    assert matched / wanted >= 0.98


def test_print_page_indicators_follow_the_large_print_pdf(edition, page_map):
    assert print_pages_checked(edition) > 100


def test_line_1_shows_the_running_head_and_the_print_page(brf_pages, edition):
    page = brf_pages[edition.title_pages + 1]
    head, _, indicator = page[0].strip().rpartition("   ")
    assert head.strip() == ",NEURO5DOCR9E TUMORS"
    assert re.fullmatch(r"[A-Z]*#[A-J]+", indicator.strip())


def test_two_builds_give_identical_bytes(louis, page_map):
    first, second = (braille_edition(example_source(page_map=page_map)) for _ in range(2))
    assert first.brf() == second.brf()
    assert first.pef("urn:uuid:1") == second.pef("urn:uuid:1")


def test_a_passage_matches_its_hand_checked_transcription(louis):
    """tests/data/braille/passage-ueb.txt was written by hand and checked against the Rules of Unified English
    Braille (2013) and BANA Braille Formats 2016; liblouis's output must equal it:
    - heading "Taking your medicine": a cell-5 heading (BF 4.4); ",tak+" ing groupsign (UEB 10.4.3), "yr" the
      shortform for "your" (10.9), "m$ic9e" ed and in groupsigns (10.4, 10.6.8); the capital sign dot 6 (8.3).
    - "Take 2 pills with food every morning." in 3-1 (BF 2.2): "#b" the numeric indicator (6.1); ")" the strong
      wordsign "with" (10.2); "e" the alphabetic wordsign "every" and "m" for "more" (10.1); "4" the full stop.
    - "Read more at https://www.example.org/help.": "r1d" ea groupsign (10.6); the web address contracted
      where UEB allows it in addresses (10.12.3, as in its examples www.one.in.a.hundred.org) with "3" for the
      colon, "_/" for the slash and "4" for each dot (7, 3.26).
    - the nested list, set apart by blank lines (BF 8.3): "#a4"/"#b4" the printed numbers kept, items in cell 1
      and sub-items in cell 3 with runovers in cell 5 (BF 8.4); "_4" the bullet (3.? UEB bullet dots 456-256);
      "2f" and "af" the shortforms "before" and "after" (10.9), "m1ls" (ea), "dr9k" (in), "wat]" (er), "u" for
      "us" and "y" for "you" (10.1).
    - the heading on line 1, a page without a running head (BF 4.3.1); the braille page number "#a" at the right
      of line 25 (BF 1.15.1a)."""
    nested = tree.List(1, None, False, 1, True, items("s-in", "Before meals", "After meals"))
    steps = tree.List(1, None, True, 1, True,
                      (item("s_2", para("Drink water"), nested), *items("s-b", "Call us if you feel worse")))
    passage = section("s", "Taking your medicine",
                      para("Take 2 pills with food every morning. Read more at https://www.example.org/help.",
                           id="s_1"), steps)
    document = transcribe(source(passage), CODES["en"])
    start = next(i for i, b in enumerate(document.body) if "s" in b.anchors)
    end = next(i for i, b in enumerate(document.body) if "contacts" in b.anchors)
    text = translate_document(BrailleDocument((), document.body[start:end], ()), louis, CODES["en"])
    rows = [row.translate(text.brf) for row in lay_out_body(text, None).pages[0].rows]
    assert rows == (DATA / "braille" / "passage-ueb.txt").read_text(encoding="ascii").split("\n")[:25]


def test_spanish_uses_the_spanish_table(louis):
    spanish = braille_edition(example_source(EXAMPLE.parent / "neuroendocrine-tumors-es"))
    assert spanish.text.code.table == "es-g2.ctb"
    summary = spanish.source.meta.summary.split(".")[0]
    expected, ueb = (louis.translate(summary, table).cells[:30] for table in ("es-g2.ctb", "en-ueb-g2.ctb"))
    body = "".join(row for page in spanish.pages.pages for row in page.rows)
    assert expected in body and ueb not in body
    assert expected.startswith("⠨")  # the Spanish capital sign (dots 4-6), not UEB's (dot 6)
    assert spanish.brf().isascii()


def test_a_sign_the_spanish_table_lacks_is_named_in_a_transcribers_note(louis):
    spanish = braille_edition(source(section("s", "S", para("Vea https://example.org/a_b")), language="es"))
    rows = "".join(row for page in spanish.pages.pages for row in page.rows).replace("⠀", "")
    assert (TN_OPEN + louis.translate("guion bajo", "es-g2.ctb").cells + TN_CLOSE).replace("⠀", "") in rows
    assert all(ord(cell) < 0x2840 for cell in rows)  # six-dot cells only: nothing BRF cannot hold


def test_a_language_with_no_braille_code_is_an_error_for_braille_only(louis):
    with pytest.raises(HandoutErrors) as raised:
        braille_edition(source(section("s", "Prendre vos médicaments", para("Deux comprimés.")), language="fr"))
    (error,) = raised.value.errors
    assert "'fr'" in error.message and "brf and pef" in error.hint


def test_a_character_the_code_cannot_write_is_an_error_with_its_line(louis):
    with pytest.raises(HandoutErrors) as raised:
        braille_edition(source(section("s", "S", para("Wave 👋 hello", line=7), line=5)))
    (error,) = raised.value.errors
    assert "U+1F44B" in error.message and error.line == 7


# -- PEF -----------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pef(edition) -> bytes:
    return edition.pef("urn:uuid:00000000-0000-0000-0000-000000000000")


def test_the_pef_is_valid_pef_1_0(pef):
    assert pef_problems(pef) == []


def test_the_pef_grammar_rejects_what_pef_does_not_allow(pef):
    grammar = pef_grammar()
    for broken in (pef.replace(b"2008-1", b"2008-2"), pef.replace("⠠".encode(), b"A", 1),
                   re.sub(rb"<dc:format>.*?</dc:format>", b"", pef)):
        assert not grammar.validate(etree.fromstring(broken))


def test_the_pef_holds_the_brfs_pages_in_unicode_braille(pef, brf_pages, edition):
    pages = ET.fromstring(pef).iter(f"{PEF}page")
    as_ascii = [[(row.text or "").translate(edition.text.brf) for row in page] for page in pages]
    assert as_ascii == [[line for line in page] for page in brf_pages]


def test_the_pef_describes_the_handout(pef, page_map):
    meta = ET.fromstring(pef).find(f"{PEF}head/{PEF}meta")
    dc = {child.tag.split("}")[1]: child.text for child in meta}
    assert dc["format"] == "application/x-pef+xml"
    assert dc["title"] == "Neuroendocrine tumors: What you need to know"
    assert dc["language"] == "en" and dc["date"] == "2026-11-01"
    assert dc["source"] == page_map.edition and dc["publisher"].startswith("Example Community Clinic")


def test_the_pef_bytes_do_not_depend_on_elementtrees_prefix_registry(edition, pef, monkeypatch):
    # ElementTree's namespace prefixes are process-wide: other code registering its own must not change the file
    monkeypatch.setitem(ET._namespace_map, "http://www.daisy.org/ns/2008/pef", "other")
    monkeypatch.setitem(ET._namespace_map, "http://purl.org/dc/elements/1.1/", "")
    assert edition.pef("urn:uuid:00000000-0000-0000-0000-000000000000") == pef
