from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pikepdf
import pytest

from plainleaf.errors import HandoutErrors
from plainleaf.pdfread.structure import structure_elements
from plainleaf.render.html import EpubPage, render_epub_pages, render_print_html
from plainleaf.render.pagelist import PageMap, mark_print_pages
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
from tests.helpers import CLINIC, EXAMPLE, MINIMAL_FRONT, outline

LAYOUT = load_layout("large-print", Resources.bundled())


def example_html() -> str:
    return render_print_html(parse_handout(EXAMPLE / "handout.md"), load_clinic(CLINIC), LAYOUT, "letter")


def test_print_html_has_language_title_and_one_h1():
    doc = outline(example_html())
    assert ("html", {"lang": "en"}) in doc.tags
    assert [h for h in doc.headings if h[0] == "h1"] == [("h1", "Neuroendocrine tumors")]
    titles = [text for tag, text in doc.headings if tag == "h2"]
    assert titles[0] == "Key points" or titles[0] == "What are neuroendocrine tumors?"
    assert titles[-4:] == ["Words to know", "Where this information comes from", "My questions for my care team",
                           "Who can help"]


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


FULL_CLINIC = """\
name: Riverside Clinic
phone: +1 202-555-0100
after_hours_phone: (555) 0199
address: 1 River Road, Anytown
website: https://clinic.example.org/patients/contact-us
email: care@clinic.example.org
emergency: If you think you are having an emergency, call 911 right away.
"""
SUPPORT = """\
title: Washing your hands
summary: Clean hands stop germs from spreading.
reviewed: 2026-11-01
support:
  - name: Healthy Habits group
    organization: Anytown Library
    description: A friendly group that shares tips for staying well.
    url: https://habits.example.org/
    phone: 555-0142
    email: habits@example.org
    meeting_times: First Tuesday of the month, 6 pm
  - name: Germ Line
    phone: 555-0177
"""


def contacts_page(handout_file, clinic: str, front: str = MINIMAL_FRONT) -> tuple[str, str]:
    """The "Who can help" part of the print HTML and the EPUB page."""
    path = handout_file(front=front, clinic=clinic)
    handout, clinic_model = parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")
    html = render_print_html(handout, clinic_model, LAYOUT, "letter")
    epub = next(p for p in render_epub_pages(handout, clinic_model, LAYOUT) if p.kind == "contacts").body
    return html[html.index('id="contacts"'):], epub


def test_full_contact_page_lists_emergency_then_clinic_then_support(handout_file):
    html, epub = contacts_page(handout_file, FULL_CLINIC, SUPPORT)
    headings = [text for tag, text in outline(epub).headings]
    assert headings == ["Who can help", "Riverside Clinic", "Healthy Habits group", "Germ Line"]
    assert epub.index("In an emergency") < epub.index("Riverside Clinic</h3>") < epub.index("Germ Line") < \
        epub.index("Reviewed: November 1, 2026")
    assert epub.rstrip().endswith("Reviewed: November 1, 2026. Riverside Clinic.</p>\n\n</section>")
    for expected in ('<a class="phone" href="tel:+1-202-555-0100">+1 202-555-0100</a>',
                     '<dt>After hours</dt><dd><a class="phone" href="tel:5550199;phone-context=+1">(555) 0199</a>'
                     '</dd>',
                     '<dt>Address</dt><dd>1 River Road, Anytown</dd>',
                     '<a href="mailto:habits@example.org">habits@example.org</a>',
                     '<dt>Meeting times</dt><dd>First Tuesday of the month, 6 pm</dd>',
                     '<p>A friendly group that shares tips for staying well.</p>',
                     '<p class="organization">Anytown Library</p>',
                     '<a class="phone" href="tel:5550177;phone-context=+1">555-0177</a>'):
        assert expected in epub and expected in html
    assert "<svg" not in epub
    qr_titles = re.findall(r"<svg[^>]*><title>(.*?)</title>", html)
    assert qr_titles == ["QR code linking to Riverside Clinic at clinic.example.org",
                         "QR code linking to Healthy Habits group at habits.example.org"]


@pytest.mark.parametrize(("language", "hours", "meetings"), [("en", "Hours", "Meeting times"),
                                                            ("es", "Horario", "Horarios de reunión")])
def test_contact_labels_say_what_the_key_says(handout_file, language, hours, meetings):
    """A helpline's `hours:` are its hours, not a group's meeting times."""
    front = MINIMAL_FRONT + f"""language: {language}
support:
  - name: Helpline
    phone: "988"
    hours: Day and night, every day
  - name: Group
    url: https://group.example.org/
    meeting_times: Tuesdays, 6 pm
"""
    for page in contacts_page(handout_file, "name: Test Clinic\n", front):
        assert f"<dt>{hours}</dt><dd>Day and night, every day</dd>" in page
        assert f"<dt>{meetings}</dt><dd>Tuesdays, 6 pm</dd>" in page
        assert page.count(f"<dt>{meetings}</dt>") == 1


def test_minimal_contact_page_has_no_empty_labels(handout_file):
    html, epub = contacts_page(handout_file, "name: Test Clinic\n")
    for page in (html, epub):
        assert "None" not in page
        assert "<dl" not in page and "<dt" not in page and "emergency" not in page
        assert [text for tag, text in outline(page).headings] == ["Who can help", "Test Clinic"]
        assert "Reviewed: November 1, 2026. Test Clinic." in page


def test_support_entry_with_no_way_to_reach_it_does_not_build(handout_file):
    path = handout_file(front=MINIMAL_FRONT + "support:\n  - name: A group\n    hours: Mondays\n")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    (error,) = info.value.errors
    assert error.line == 6 and "needs a url, a phone or an email" in error.message


def test_layout_options_turn_qr_codes_and_the_questions_page_off(handout_file):
    path = handout_file(front=SUPPORT)
    handout, clinic = parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")
    plain = load_layout("clear-print", Resources.bundled())
    no_qr = replace(LAYOUT, settings=LAYOUT.settings.model_copy(update={"qr_codes": False}))
    assert 'class="questions"' in render_print_html(handout, clinic, LAYOUT, "letter")
    assert 'class="questions"' not in render_print_html(handout, clinic, plain, "letter")
    assert "<svg" in render_print_html(handout, clinic, LAYOUT, "letter")
    assert "<svg" not in render_print_html(handout, clinic, no_qr, "letter")
    assert all('class="questions"' not in p.body for p in render_epub_pages(handout, clinic, LAYOUT))


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
    shared = set(print_ids) & set(epub_ids)
    assert [i for i in epub_ids if i in shared] == [i for i in print_ids if i in shared]
    # only the screen has back-link lists; only paper has the writing-lines page
    assert all(i.endswith("--cited") for i in set(epub_ids) - shared)
    assert set(print_ids) - shared <= {"questions", "questions--h"}
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


PAINTING = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "BI"}


def test_writing_lines_are_artifacts_and_only_the_heading_is_tagged(example_build):
    with pikepdf.open(example_build["pdf"]) as pdf:
        with pdf.open_outline() as bookmarks:
            (item,) = [i for top in bookmarks.root for i in top.children if i.title == "My questions for my care team"]
            page = item.destination[0]
        (questions,) = [e for e in structure_elements(pdf) if e.role == "Sect" and e.obj.Pg.objgen == page.objgen
                        and e.obj.K[0].S == "/H2"]
        assert [kid.S for kid in questions.obj.K] == ["/H2"]
        marked: list[str] = []
        painted: list[tuple[str, tuple[str, ...]]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BMC", "BDC"):
                marked.append(str(operands[0]))
            elif op == "EMC":
                marked.pop()
            elif op in PAINTING:
                painted.append((op, tuple(marked)))
        assert painted, "the page draws no writing lines"
        assert all("/Artifact" in context for _, context in painted), painted


def test_reviewed_line_is_never_alone_at_the_top_of_a_page(handout_file):
    """Lengthen the last support group's description a sentence at a time, moving it and the reviewed line after
    it down the page until some length ends the page right between them: the line must then go over with the
    group rather than stand alone."""
    import weasyprint

    from plainleaf.render.fetch import LocalOnlyFetcher
    from plainleaf.render.printfiles import HANDOUT_URL, PrintFiles

    for sentences in range(20):  # about a line and a half each: never steps over the reviewed line's two lines
        front = MINIMAL_FRONT + ("support:\n  - name: A group\n    phone: 555-0142\n    description: We meet."
                                 + " We share tips about sleep, food and going back to work." * sentences + "\n")
        path = handout_file(front=front, clinic="name: Test Clinic\nphone: 555-0100\nemergency: Call 911 now.\n")
        html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "letter")
        fetcher = LocalOnlyFetcher(PrintFiles(path.parent, LAYOUT.base_folder.parent, LAYOUT.fonts_dir))
        pages = weasyprint.HTML(string=html, base_url=HANDOUT_URL, url_fetcher=fetcher).render().pages
        page_of = {anchor: n for n, page in enumerate(pages) for anchor in page.anchors}
        assert page_of["contacts_reviewed"] == page_of["contact-1"], sentences
        if page_of["contact-1"] > page_of["contact-clinic"]:
            break  # the group has gone over to the next page: the lengths that could strand the line are behind us
    else:
        pytest.fail("the support group never reached the end of a page; lengthen the description more")


def test_in_text_anchor_points_into_the_right_epub_document(handout_file):
    path = handout_file(body="## One\n\nSee [the second part](#two).\n\n## Two\n\nHere.\n")
    pages = render_epub_pages(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT)
    one = next(p for p in pages if p.file_name == "one.xhtml")
    assert '<a href="two.xhtml#two">the second part</a>' in one.body
