"""The three layouts at both paper sizes, checked on the PDFs they produce: large-print rules measured on the page,
the audit, reading order, fonts; and nothing clipped whatever the content."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import audit, layout_rules
from plainleaf.pdfread.content import PageContent, page_contents
from plainleaf.pdfread.structure import figure_mcids, structure_elements
from plainleaf.pdfread.text import text_in_order
from plainleaf.render.html import render_print_html
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Layout, Resources, load_layout
from plainleaf.source.parse import parse_handout
from tests.helpers import CLINIC, EXAMPLE, MINIMAL_FRONT, write_handout

LAYOUTS = ("large-print", "extra-large", "clear-print")
PAPERS = ("letter", "a4")
PAPER_POINTS = {"letter": (612, 792), "a4": (595.28, 841.89)}


@dataclass
class Edition:
    layout: Layout
    paper: str
    source: Path
    pdf: pikepdf.Pdf
    contents: list[PageContent]


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The example handout in every layout and paper, built once for this module."""
    root = tmp_path_factory.mktemp("layouts")
    shutil.copytree(EXAMPLE, root / "handouts" / EXAMPLE.name)
    shutil.copy(CLINIC, root / "handouts" / "clinic.yaml")
    result = build([root / "handouts"], None, BuildOptions(output_dir=root / "output", layouts=LAYOUTS,
                                                           papers=PAPERS, formats=("pdf",)))
    assert result.ok, [str(e) for e in result.errors]
    folder = root / "output" / EXAMPLE.name
    return {(layout, paper): folder / f"{EXAMPLE.name}-{layout}-{paper}.pdf" for layout in LAYOUTS for paper in PAPERS}


@pytest.fixture(scope="module", params=[(layout, paper) for layout in LAYOUTS for paper in PAPERS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def edition(request: pytest.FixtureRequest, example_pdfs):
    layout, paper = request.param
    with pikepdf.open(example_pdfs[request.param]) as pdf:
        yield Edition(load_layout(layout, Resources.bundled()), paper, EXAMPLE / "handout.md", pdf, page_contents(pdf))


class _VisibleText(HTMLParser):
    """The words the print HTML shows, with the numbers CSS puts before ordered-list items."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hidden = 0
        self.in_body = False
        self.counters: list[int | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        if tag == "img" and not self.hidden:
            self.words.extend(re.findall(r"\w+", dict(attrs).get("alt") or ""))
        if self.hidden or "backlink" in (dict(attrs).get("class") or ""):  # display: none in print.css
            self.hidden += tag not in ("img", "br")
        elif tag in ("ol", "ul"):
            self.counters.append(0 if tag == "ol" else None)
        elif tag == "li" and self.counters and self.counters[-1] is not None:
            self.counters[-1] += 1
            self.words.append(str(self.counters[-1]))

    def handle_endtag(self, tag: str) -> None:
        if self.hidden:
            self.hidden -= 1
        elif tag in ("ol", "ul"):
            self.counters.pop()

    def handle_data(self, data: str) -> None:
        if self.in_body and not self.hidden:
            self.words.extend(_words(data.replace("\u200b", "").replace("\u2060", "")))  # not the break hints


def _words(text: str) -> list[str]:
    """Words as a line break cannot split them: an address may break before its "_" (never inside a word)."""
    return re.findall(r"[^\W_]+", text)


def source_words(edition: Edition) -> list[str]:
    handout = parse_handout(edition.source)
    html = render_print_html(handout, load_clinic(CLINIC), edition.layout, edition.paper)  # type: ignore[arg-type]
    parser = _VisibleText()
    parser.feed(html)
    return parser.words


def test_the_audit_finds_no_errors(edition):
    findings = audit(edition.pdf, layout_rules(edition.layout))
    assert [str(f) for f in findings if f.severity == "error"] == []
    assert {f.checkpoint for f in findings} <= {"layout: text size"}  # at most: the picture's labels, as a warning


def test_every_piece_of_text_outside_pictures_is_at_least_the_layout_minimum(edition):
    minimum = edition.layout.settings.min_text_pt
    figures = figure_mcids(edition.pdf)
    sizes = [r.size for c in edition.contents for r in c.runs if r.text.strip() and (r.page, r.mcid) not in figures]
    assert min(sizes) >= minimum - 0.01
    pagination = [r.size for c in edition.contents for r in c.runs if r.artifact and r.text.strip()]
    assert pagination and min(pagination) >= minimum - 0.01


def test_reading_order_is_the_source_text_without_running_heads_or_page_numbers(edition):
    read = text_in_order(edition.pdf, edition.contents)
    assert _words(read) == source_words(edition)
    assert "Page 1 of" not in read and "Page 2 of" not in read


def test_every_page_has_its_number_in_the_same_place_and_later_pages_the_running_head(edition):
    total = len(edition.contents)
    corners = set()
    for content in edition.contents:
        artifacts = {r.text.strip(): r for r in content.runs if r.artifact and r.text.strip()}
        number = artifacts[f"Page {content.number} of {total}"]
        corners.add((round(number.end[0]), round(number.start[1])))
        if content.number > 1:
            head = artifacts["Neuroendocrine tumors"]
            assert head.start[1] > content.height - edition.layout.settings.margin_in * 72
    assert len(corners) == 1


def test_only_the_bundled_fonts_are_embedded(edition):
    fonts = {f.objgen: f for page in edition.pdf.pages for f in page.Resources.Font.values()}
    for font in fonts.values():
        descriptor = font.DescendantFonts[0].FontDescriptor
        assert "/FontFile2" in descriptor and "/ToUnicode" in font
    names = {str(f.BaseFont).split("+", 1)[1] for f in fonts.values()}
    assert names == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


def test_paper_size(edition):
    width, height = PAPER_POINTS[edition.paper]
    assert all(abs(c.width - width) < 1 and abs(c.height - height) < 1 for c in edition.contents)


def test_page_one_has_clinic_title_summary_and_key_points(edition):
    first = " ".join(r.text for r in edition.contents[0].runs if not r.artifact)
    words = re.findall(r"\w+", first)
    expected = "Example Community Clinic placeholder Neuroendocrine tumors What you need to know Neuroendocrine"
    assert " ".join(words).startswith(expected)
    assert "Key points" in first


# Nothing clipped -----------------------------------------------------------------------------------------------

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
LONG_URL = "https://www.example.org/" + "very-long-path-segment/" * 8 + "index.html"
STRESS_BODY = f"""\
## Long words and addresses

Some words are long. This one is: {LONG_WORD}. It has to wrap. So does this web page: <{LONG_URL}>. We
keep the words short. We keep the lines short too. You can read this. It is easy.

| Medicine | What it is for | How often | Notes |
| --- | --- | --- | --- |
| Pill | {LONG_WORD} | Each day | {LONG_URL} |
| Shot | To slow the tumor | Each month | In the skin of the hip |

![A wide picture of a plain grey band](images/wide.png "A very wide picture")
"""


def test_nothing_is_clipped_at_any_size_or_paper(tmp_path):
    source = write_handout(tmp_path, MINIMAL_FRONT + "reading_level: 14\n", STRESS_BODY)  # the long words score high
    (source.parent / "images").mkdir()
    PILImage.new("RGB", (4000, 300), (128, 128, 128)).save(source.parent / "images" / "wide.png")
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", layouts=LAYOUTS, papers=PAPERS,
                                                       formats=("pdf",)))
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.written) == 6
    assert not [str(w) for w in result.warnings if "clipping" in str(w)]


def test_clinic_file_gives_the_paper_and_the_logo_from_beside_it_with_its_alt_text(tmp_path):
    clinic = "name: Test Clinic\nlogo: {path: brand/logo.png, alt: \"Test Clinic logo, a green leaf\"}\npaper: a4\n"
    source = write_handout(tmp_path, clinic=clinic)
    (tmp_path / "handouts" / "brand").mkdir()
    PILImage.new("RGB", (300, 100), (0, 120, 0)).save(tmp_path / "handouts" / "brand" / "logo.png")
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf",)))
    assert result.ok, [str(e) for e in result.errors]
    assert [p.name for p in result.written] == ["hand-washing-large-print-a4.pdf"]
    with pikepdf.open(result.written[0]) as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842]
        figures = [e for e in structure_elements(pdf) if e.role == "Figure"]
        assert [f.alt for f in figures] == ["Test Clinic logo, a green leaf"]
        assert page_contents(pdf)[0].images


def test_missing_logo_is_an_error_naming_the_clinic_file(tmp_path):
    source = write_handout(tmp_path, clinic="name: Test Clinic\nlogo: {path: logo.png, alt: Logo}\n")
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf",)))
    assert [str(e) for e in result.errors] == [
        f"{tmp_path / 'handouts' / 'clinic.yaml'}: error: the logo 'logo.png' does not exist (give its path relative "
        "to the clinic file, e.g. logo: {path: logo.png, alt: ...})"]
    assert not result.written


def test_code_is_set_in_the_bundled_font(handout_file, tmp_path):
    """Any other family would embed a fallback font, which the audit refuses."""
    from plainleaf.cli.command import main

    path = handout_file(body="## One\n\nType `plainleaf` to start.\n\n    an indented line\n")
    assert main([str(path.parent), "--output", str(tmp_path / "out"), "--format", "pdf"]) == 0
