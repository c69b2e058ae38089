from __future__ import annotations

from html.parser import HTMLParser

from plainleaf.html import render_epub_pages, render_print_html
from plainleaf.layout import Resources, load_layout
from plainleaf.parse import parse_handout
from plainleaf.source import load_clinic
from tests.helpers import CLINIC, EXAMPLE

LAYOUT = load_layout("large-print", Resources.bundled())


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


def example_html() -> str:
    return render_print_html(parse_handout(EXAMPLE / "handout.md"), load_clinic(CLINIC), LAYOUT, "letter")


def test_print_html_has_language_title_and_one_h1():
    doc = outline(example_html())
    assert ("html", {"lang": "en"}) in doc.tags
    assert [h for h in doc.headings if h[0] == "h1"] == [("h1", "Neuroendocrine tumors")]
    titles = [text for tag, text in doc.headings if tag == "h2"]
    assert titles[0] == "Key points" or titles[0] == "What are neuroendocrine tumors?"
    assert titles[-3:] == ["Words to know", "Where this information comes from", "Who can help"]


def test_citations_link_to_numbered_references():
    doc = outline(example_html())
    links = [attrs["href"] for tag, attrs in doc.tags if tag == "a" and attrs.get("role") == "doc-noteref"]
    assert links[:2] == ["#ref-nccn", "#ref-cancernet"]
    entries = [attrs["id"] for tag, attrs in doc.tags if tag == "li" and attrs.get("id", "").startswith("ref-")]
    assert entries == ["ref-nccn", "ref-cancernet", "ref-warner"]


def test_figure_keeps_alt_text_and_caption():
    html = example_html()
    assert "<figure><img src=\"images/where-nets-start.svg\" alt=\"A simple outline" in html
    assert "<figcaption>Where neuroendocrine tumors most often start</figcaption>" in html


def test_callouts_are_labelled_asides(handout_file):
    path = handout_file(body="## One\n\n::: warning\nDo not stop your medicine.\n:::\n")
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "a4")
    doc = outline(html)
    (aside,) = [attrs for tag, attrs in doc.tags if tag == "aside" and "callout-warning" in attrs.get("class", "")]
    assert ("p", {"class": "callout-label", "id": aside["aria-labelledby"]}) in doc.tags
    assert "size: a4" in html


def test_contact_page_leaves_out_missing_fields(handout_file):
    path = handout_file()
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "letter")
    contacts = html[html.index('id="contacts"'):]
    assert "Test Clinic" in contacts
    assert "None" not in contacts and "<dt>Phone</dt>" not in contacts


def test_phone_numbers_become_tel_links():
    pages = render_epub_pages(parse_handout(EXAMPLE / "handout.md"), load_clinic(CLINIC), LAYOUT)
    contacts = next(p for p in pages if p.kind == "contacts")
    assert '<a class="phone" href="tel:5550100">555-0100</a>' in contacts.body


def test_epub_pages_each_have_a_title_and_link_across_documents():
    pages = render_epub_pages(parse_handout(EXAMPLE / "handout.md"), load_clinic(CLINIC), LAYOUT)
    assert [p.kind for p in pages][:2] == ["title", "section"]
    assert [p.kind for p in pages][-3:] == ["glossary", "references", "contacts"]
    assert all(p.title for p in pages)
    first_section = pages[1]
    assert 'href="references.xhtml#ref-nccn"' in first_section.body
