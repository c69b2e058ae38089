"""Page breaks: no page left more than half empty (but before the questions and "Who can help" pages, which start
a page, and the last page), boxes cut across pages repeat their label, measured on the PDF in every layout and
paper, on the example handouts, on fixtures made to meet each case, and on the corpus."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest

from plainleaf.build.jobs import render_edition
from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import audit_bytes, layout_rules
from plainleaf.i18n import translations
from plainleaf.pdfread.content import page_contents
from plainleaf.pdfread.text import text_in_order
from plainleaf.render.html import render_print_html
from plainleaf.render.pagefill import PageFill, half_empty_pages, page_fills
from plainleaf.render.pagination import PageBreaks
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, available_layouts, load_layout
from plainleaf.source.parse import parse_handout
from plainleaf.source.resources import PAPER_SIZES
from tests.helpers import EXAMPLE, MINIMAL_FRONT, ROOT

RESOURCES = Resources.bundled()
LAYOUTS = {name: load_layout(name, RESOURCES) for name in available_layouts(RESOURCES)}
EDITIONS = [(name, paper) for name in LAYOUTS for paper in PAPER_SIZES]
CORPUS = ROOT / "tests" / "corpus"


def render(source: Path, layout: str, paper: str) -> bytes:
    """The PDF as the build makes it (pagination included), without the plain-language review."""
    handout = parse_handout(source)
    clinic_file = source.parent.parent / "clinic.yaml"
    clinic = load_clinic(clinic_file)
    logo = clinic_file.parent / clinic.logo.path if clinic.logo else None
    return render_edition(handout, clinic, LAYOUTS[layout], paper, (), logo).data


def fills_of(data: bytes, layout: str) -> list[PageFill]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return page_fills(pdf, LAYOUTS[layout].settings)


def page_starters(language: str) -> list[str]:
    """What always starts a page: the questions page and "Who can help"."""
    gettext = translations(language).gettext
    return [gettext("My questions for my care team"), gettext("Who can help")]


def assert_pages_filled(source: Path, layout: str, paper: str) -> list[PageFill]:
    data = render(source, layout, paper)
    fills = fills_of(data, layout)
    empty = half_empty_pages(fills, page_starters(parse_handout(source).language))
    assert [f"page {p.number}: {p.fill:.0%}" for p in empty] == [], (source.parent.name, layout, paper)
    assert [str(f) for f in audit_bytes(data, layout_rules(LAYOUTS[layout])) if f.severity == "error"] == []
    return fills


def html_of(handout_file, body: str, breaks: PageBreaks, front: str = MINIMAL_FRONT) -> str:
    path = handout_file(front=front, body=body)
    return render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"),
                             LAYOUTS["large-print"], "letter", breaks=breaks)


# The measure ---------------------------------------------------------------------------------------------------

def test_page_fill_is_how_far_down_the_text_area_the_last_text_reaches(handout_file):
    words = "Rest often and drink water through the day."
    path = handout_file(body=f"## One\n\n{words}\n\n## Two\n\n" + f"{words} " * 90 + "\n")
    fills = fills_of(render(path, "large-print", "letter"), "large-print")
    assert fills[0].first_line == "Test Clinic" and fills[0].fill > 0.9  # page 1: full
    assert fills[-1].first_line == "Who can help" and fills[-1].fill < 0.3  # the last page: a few lines
    assert [p.first_line for p in half_empty_pages(fills, [])] == [p.first_line for p in fills[:-1] if p.fill < 0.5]


def test_half_empty_pages_spares_the_last_page_and_pages_before_a_page_that_must_start_one():
    fills = [PageFill(1, 0.9, "A"), PageFill(2, 0.2, "B"), PageFill(3, 0.8, "Who can help"), PageFill(4, 0.1, "C")]
    assert half_empty_pages(fills, ["Who can help"]) == []
    assert half_empty_pages(fills, []) == [fills[1]]


# Each mend, in the HTML -------------------------------------------------------------------------------------

CALLOUT = """\
## Your medicines

::: important
Take the first tablet with breakfast.

1. Swallow it whole.
2. Drink a full glass of water.
3. Sit up for half an hour.

Call us if you feel dizzy.
:::
"""


def test_a_cut_call_out_becomes_two_boxes_the_second_starting_a_page_and_numbering_on(handout_file):
    html = html_of(handout_file, CALLOUT, PageBreaks(cut=(("your-medicines_1", "your-medicines_5"),)))
    first, second = re.findall(r'<aside class="callout callout-important( continued)?" id="([^"]+)"', html)
    assert first == ("", "your-medicines_1") and second == (" continued", "your-medicines_1--continued-1")
    rest = html[html.index('id="your-medicines_1--continued-1"'):]
    assert rest.index('<ol start="3">') < rest.index('id="your-medicines_5"') < rest.index("Call us if")
    assert html.count('class="callout-label"') == 1  # print.css draws the second label: an artifact
    assert '.callout-important.continued { background-image: url("data:image/svg+xml,' in html


def test_cut_key_points_continue_their_list_in_a_second_box(handout_file):
    front = MINIMAL_FRONT + "key_points:\n  - Wash often.\n  - Use soap.\n  - Dry well.\n"
    html = html_of(handout_file, "## One\n\nText.\n", PageBreaks(cut=(("title_key-points", "title_key-point-3"),)),
                   front)
    boxes = re.findall(r'<aside class="key-points( continued)?" id="([^"]+)".*?</aside>', html, re.S)
    assert [b[1] for b in boxes] == ["title_key-points", "title_key-points--continued-1"]
    assert re.findall(r'<li id="title_key-point-(\d)">', html) == ["1", "2", "3"]


def test_a_moved_picture_follows_the_next_block_and_a_split_box_may_break(handout_file):
    body = "## One\n\n![A hand](images/hand.png \"Clean hands\")\n\nWash for twenty seconds.\n\n" + CALLOUT
    html = html_of(handout_file, body, PageBreaks(moved=(("one_1", "one_2"),), split=frozenset({"your-medicines_1"})))
    assert html.index("Wash for twenty seconds.") < html.index('<figure id="one_1">')
    assert "#your-medicines_1 { break-inside: auto; }" in html


def test_flowing_questions_take_the_rest_of_the_page_and_contacts_need_not_start_one(handout_file):
    html = html_of(handout_file, "## One\n\nText.\n", PageBreaks(flowing=frozenset({"questions", "contacts"}),
                                                                 questions_room_pt=200))
    questions = re.search(r"\.questions \{(.*?)\}", html, re.S).group(1)
    assert "break-before: auto" in questions and "padding-bottom: 180.0pt" in questions  # 4 lines of 45 pt
    assert ".contacts { break-before: auto; }" in html


# Each mend, on the page ------------------------------------------------------------------------------------------

def _artifact_text(data: bytes, page: int) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        content = page_contents(pdf)[page]
    return "".join(r.text for r in content.runs if r.artifact)


def test_key_points_that_run_onto_page_2_repeat_their_label_there_for_the_eye_only(handout_file):
    points = "".join(f"\n  - Point {n} is a sentence that takes three lines at this size, as key points often do"
                     " in extra-large print." for n in range(5))
    path = handout_file(front=MINIMAL_FRONT + "key_points:" + points + "\n")
    data = render(path, "extra-large", "a4")
    assert "Keypoints(continued)" in _artifact_text(data, 1).replace(" ", "")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        read = text_in_order(pdf, page_contents(pdf))
    assert read.count("Key points") == 1 and "continued" not in read
    assert_pages_filled(path, "extra-large", "a4")


def test_a_box_that_would_leave_a_page_half_empty_is_cut_and_labelled(handout_file):
    opening = "## Before your visit\n\n" + "Write down what you want to ask. " * 14 + "\n\n"
    box = "::: tip\n" + "\n\n".join(f"Bring item {n}: a list, your glasses, a friend or a notebook." for n in
                                    range(12)) + "\n:::\n"
    path = handout_file(body=opening + box)
    for layout, paper in (("large-print", "letter"), ("extra-large", "a4")):
        data = render(path, layout, paper)
        assert any("Tip(continued)" in _artifact_text(data, n).replace(" ", "") for n in range(1, 4)), layout
        assert_pages_filled(path, layout, paper)


# Every layout and paper ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("layout", "paper"), EDITIONS)
@pytest.mark.parametrize("source", [EXAMPLE / "handout.md", ROOT / "handouts" / "neuroendocrine-tumors-es" /
                                    "handout.md"], ids=["en", "es"])
def test_the_examples_leave_no_page_half_empty(source, layout, paper):
    assert_pages_filled(source, layout, paper)


CORPUS_HANDOUTS = sorted(CORPUS.glob("*/handout.md"))


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], list[str]]:
    """Every corpus handout's PDFs in every layout and paper, built as a user builds them (two workers), and
    the build's errors."""
    output = tmp_path_factory.mktemp("corpus-pages")
    result = build([CORPUS], None, BuildOptions(output_dir=output, layouts=tuple(LAYOUTS), papers=PAPER_SIZES,
                                                formats=("pdf",), jobs=2))
    return {path.name: path for path in output.rglob("*.pdf")}, [str(e) for e in result.errors]


@pytest.mark.skipif(not CORPUS_HANDOUTS, reason="tests/corpus/ is not in this checkout")
@pytest.mark.parametrize("source", CORPUS_HANDOUTS, ids=lambda p: p.parent.name)
def test_the_corpus_leaves_no_page_half_empty(source, corpus_build):
    pdfs, errors = corpus_build
    slug, starters = source.parent.name, page_starters(parse_handout(source).language)
    assert [e for e in errors if f"/{slug}/" in e] == []
    found = {}
    for layout, paper in EDITIONS:
        with pikepdf.open(pdfs[f"{slug}-{layout}-{paper}.pdf"]) as pdf:
            empty = half_empty_pages(page_fills(pdf, LAYOUTS[layout].settings), starters)
        found.update({f"{layout} {paper} page {p.number}": f"{p.fill:.0%}" for p in empty})
    assert found == {}
