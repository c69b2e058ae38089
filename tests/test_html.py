from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from plainleaf.html import EpubPage, PageMap, mark_print_pages, render_epub_pages, render_print_html
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
    assert re.search(r'<figure id="[^"]+"><img src="images/where-nets-start.svg" alt="A simple outline', html)
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


BLOCK_TAGS = {"p", "li", "figure", "aside", "table", "h2", "h3", "dt", "section"}


def block_ids(html: str) -> list[str]:
    return [attrs["id"] for tag, attrs in outline(html).tags if tag in BLOCK_TAGS and "id" in attrs]


def test_every_block_has_an_id_shared_by_print_and_epub():
    handout, clinic = parse_handout(EXAMPLE / "handout.md"), load_clinic(CLINIC)
    print_ids = block_ids(render_print_html(handout, clinic, LAYOUT, "letter"))
    epub_ids = [i for page in render_epub_pages(handout, clinic, LAYOUT) for i in block_ids(page.body)]
    assert [i for i, n in Counter(print_ids).items() if n > 1] == []
    assert epub_ids == print_ids
    section = next(p for p in render_epub_pages(handout, clinic, LAYOUT) if p.kind == "section")
    blocks = [attrs for tag, attrs in outline(section.body).tags if tag in {"p", "li", "figure", "aside"}]
    assert blocks and all("id" in attrs for attrs in blocks)


def test_same_subheading_twice_gets_two_ids(handout_file):
    path = handout_file(body="## One\n\n### Tips\n\nA.\n\n### Tips\n\nB.\n")
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "a4")
    ids = [attrs["id"] for tag, attrs in outline(html).tags if tag == "h3" and attrs["id"].startswith("one-")]
    assert len(ids) == 2 and len(set(ids)) == 2


TWO_PAGES = [
    EpubPage("title.xhtml", "T", "title", '<section id="t"><p id="t_1">A</p></section>'),
    EpubPage("one.xhtml", "One", "section", '<section id="one"><h2 id="one--h">One</h2>\n'
             '<ul><li id="one_1">x</li><li id="one_2">y</li></ul><p id="one_3">z</p></section>'),
]


def marker(n: int) -> str:
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"></span>'


def test_page_breaks_go_before_the_first_block_of_each_print_page():
    pages = {"t": 1, "t_1": 1, "one": 2, "one--h": 2, "one_1": 2, "one_2": 4, "one_3": 4}
    marked, page_list = mark_print_pages(TWO_PAGES, PageMap("x.pdf", 5, pages))
    assert marked[0].body == marker(1) + TWO_PAGES[0].body
    # page 3 holds no block start (one long block fills it), so it shares page 4's place; page 5 holds only the
    # end of the last block; in a list the marker goes inside the item, where a <span> may stand
    assert marked[1].body == (marker(2) + '<section id="one"><h2 id="one--h">One</h2>\n<ul><li id="one_1">x</li>'
                              f'<li id="one_2">{marker(3)}{marker(4)}y</li></ul><p id="one_3">z</p></section>'
                              + marker(5))
    assert page_list == [(1, "title.xhtml#page-1"), (2, "one.xhtml#page-2"), (3, "one.xhtml#page-3"),
                         (4, "one.xhtml#page-4"), (5, "one.xhtml#page-5")]


def test_blocks_the_print_edition_lacks_get_no_marker():
    marked, page_list = mark_print_pages(TWO_PAGES, PageMap("x.pdf", 2, {"one_3": 2}))
    assert marked[1].body.count("epub:type=") == 1 and f"</ul>{marker(2)}<p" in marked[1].body
    assert [n for n, _ in page_list] == [1, 2]


def test_a_table_row_takes_its_marker_in_its_first_cell():
    table = EpubPage("t.xhtml", "T", "section", '<table id="s_1"><tr id="s_2"><th>a</th></tr>'
                                                '<tr id="s_3"><td>b</td><td>c</td></tr></table>')
    (marked,), _ = mark_print_pages([table], PageMap("x.pdf", 2, {"s_1": 1, "s_2": 1, "s_3": 2}))
    assert f'<tr id="s_3"><td>{marker(2)}b</td>' in marked.body
