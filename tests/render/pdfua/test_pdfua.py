"""Each known WeasyPrint 70 fault: shown on WeasyPrint's raw output, and gone after plainleaf's mending."""

from __future__ import annotations

import io

import pikepdf
import pytest

from plainleaf.check.audit import LayoutRules, audit_bytes
from plainleaf.pdfread.content import page_contents
from plainleaf.pdfread.structure import structure_elements
from plainleaf.pdfread.text import comparable, text_in_order
from plainleaf.render.body import BodyRenderer, Target
from plainleaf.render.pdfua import ForeignText, continued_elements, fix_pdf, foreign_text, mend_pdf
from plainleaf.source.parse import parse_handout
from tests.helpers import EXAMPLE, without_shown_addresses
from tests.pdfua_support import BODY, STYLE, page, weasyprint_pdf


@pytest.fixture(scope="module")
def raw() -> bytes:
    return weasyprint_pdf(page())


@pytest.fixture(scope="module")
def fixed(raw: bytes) -> bytes:
    return fix_pdf(raw, "en")


def checkpoints(data: bytes, rules: LayoutRules | None = None) -> set[str]:
    return {f.checkpoint for f in audit_bytes(data, rules) if f.severity == "error"}


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_margin_box_text_becomes_pagination_artifacts(raw, fixed):
    assert "Matterhorn 01-005" in checkpoints(raw)
    assert "Matterhorn 01-005" not in checkpoints(fixed)
    pdf = opened(fixed)
    content = pdf.pages[0].Contents.read_bytes()
    assert b"/Header /Type /Pagination" in content and b"/Footer /Type /Pagination" in content
    runs = page_contents(pdf)[0].runs
    assert {r.text for r in runs if r.artifact} >= {"Running head", "Page 1 of 1"}
    read = text_in_order(pdf, page_contents(pdf))
    assert read.startswith("Probe document Visit our website") and "Page 1" not in read and "Running" not in read


def test_header_cells_get_a_scope(raw, fixed):
    assert "Matterhorn 15-003" in checkpoints(raw)
    assert "Matterhorn 15-003" not in checkpoints(fixed)
    pdf = opened(fixed)
    scopes = [e.attribute("/Scope") for e in structure_elements(pdf) if e.role == "TH"]
    assert scopes == ["/Column", "/Column"]


def test_cell_headers_resolve_through_an_id_tree(raw, fixed):
    assert "Matterhorn 15-005" in checkpoints(raw)
    assert "Matterhorn 15-005" not in checkpoints(fixed)
    pdf = opened(fixed)
    ids = dict(pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree).items())
    cells = [e for e in structure_elements(pdf) if e.role == "TD"]
    headed_by = [ids[str(h)] for h in cells[0].attribute("/Headers")]
    assert [text_in_order(pdf, page_contents(pdf), h) for h in headed_by] == ["Drug"]


def test_links_are_described_by_what_the_reader_sees(raw, fixed):
    assert "Matterhorn 28-012" in checkpoints(raw)
    assert "Matterhorn 28-012" not in checkpoints(fixed)
    pdf = opened(fixed)
    descriptions = [str(a.Contents) for a in pdf.pages[0].Annots]
    assert descriptions == ["our website (https://clinic.example.org/)", "555-0100", "the notes"]


def test_empty_list_leaves_the_structure_tree(raw, fixed):
    assert "Matterhorn 09-005" in checkpoints(raw)
    assert "Matterhorn 09-005" not in checkpoints(fixed)


def test_tab_order_is_already_right_in_weasyprint_70_and_mended_when_missing(raw):
    pdf = opened(raw)
    assert pdf.pages[0].Annots and pdf.pages[0].Tabs == "/S"  # WeasyPrint 70 gets this right: the mend is skipped
    del pdf.pages[0].obj.Tabs
    out = io.BytesIO()
    pdf.save(out)
    assert "Matterhorn 28-008" in checkpoints(out.getvalue())
    assert "Matterhorn 28-008" not in checkpoints(fix_pdf(out.getvalue(), "en"))


def test_missing_html_lang_gets_the_handout_language():
    raw = weasyprint_pdf(page(lang=""))
    before, after = opened(raw), opened(fix_pdf(raw, "es"))
    assert str(before.Root.Lang) == "" and "Matterhorn 11-001" in checkpoints(raw)
    assert str(after.Root.Lang) == "es" and "Matterhorn 11-001" not in checkpoints(fix_pdf(raw, "es"))


def test_missing_title_is_taken_from_the_first_heading():
    raw = weasyprint_pdf(page(title=""))
    before = opened(raw)
    assert before.Root.ViewerPreferences.DisplayDocTitle and "Matterhorn 06-003" in checkpoints(raw)
    fixed = fix_pdf(raw, "en")
    after = opened(fixed)
    assert after.open_metadata()["dc:title"] == "Probe document" and str(after.docinfo.Title) == "Probe document"
    assert "Matterhorn 06-003" not in checkpoints(fixed)


def test_markup_inside_a_link_breaks_it_so_the_renderer_never_writes_it(handout_file):
    raw = weasyprint_pdf(page('<h1>Links</h1><p><a href="https://e.org/"><strong>bold</strong> link</a></p>'))
    assert "Matterhorn 28-011" in checkpoints(raw)
    handout = parse_handout(handout_file(body="## Links\n\nSee [**the** *site* `x`](https://e.org/).\n\n"
                                              "[![A map](images/map.png)](https://e.org/map)\n"))
    html = str(BodyRenderer(handout, Target("print")).render(handout.body[0]))
    words = without_shown_addresses(html)
    assert '<a href="https://e.org/">the site x</a>' in words and '<a href="https://e.org/map">A map</a>' in words
    rendered = fix_pdf(weasyprint_pdf(page(f"<h1>Links</h1>{html}")), "en")
    assert "Matterhorn 28-011" not in checkpoints(rendered)


def test_an_image_without_alt_text_is_an_undescribed_figure_so_decoration_goes_in_css():
    picture = EXAMPLE / "images" / "where-nets-start.svg"
    raw = weasyprint_pdf(page(f'<h1>Pictures</h1><img src="{picture.as_uri()}" alt="" style="width: 2in"/>'))
    assert "Matterhorn 13-004" in checkpoints(fix_pdf(raw, "en"))
    decorated = weasyprint_pdf(page("<h1>Pictures</h1><div style='width: 2in; height: 1in; "
                                    f"background: url({picture.as_uri()})'></div>"))
    pdf = opened(decorated)
    assert not [e for e in structure_elements(pdf) if e.role == "Figure"]
    assert "Matterhorn 13-004" not in checkpoints(fix_pdf(decorated, "en"))


def test_margin_boxes_without_the_body_font_embed_a_fallback_font():
    rules = LayoutRules(font_families=("A",))
    body_font_only = STYLE.split("@page")[0] + '@page { @bottom-right { content: "Page " counter(page); } }' \
        "body { font-family: A; }"
    raw = weasyprint_pdf(page(style=body_font_only))
    assert "layout: fonts" in checkpoints(raw, rules)
    assert "layout: fonts" not in checkpoints(weasyprint_pdf(page()), rules)


def test_mending_is_reproducible_and_leaves_a_sound_file_alone(raw, fixed):
    assert fix_pdf(raw, "en") == fixed
    assert fix_pdf(fixed, "en") == fixed
    pdf = opened(fixed)
    assert bytes(pdf.trailer.ID[0]) == b"probe"


def test_a_second_block_in_a_list_item_moves_into_its_body():
    picture = '<svg viewBox="0 0 2 2" style="display: block; width: 1in"><title>A black square</title>' \
              '<rect width="2" height="2"/></svg>'
    raw = weasyprint_pdf(page(f"<h1>List</h1><ol><li>A reference. {picture}</li></ol>"))
    assert "Matterhorn 09-005" in checkpoints(raw)
    fixed = fix_pdf(raw, "en")
    assert "Matterhorn 09-005" not in checkpoints(fixed)
    pdf = opened(fixed)
    body = next(e for e in structure_elements(pdf) if e.role == "LBody")
    assert [str(k.S) for k in body.kids() if isinstance(k, pikepdf.Dictionary)][-1] == "/Figure"


SPANISH = "el grupo de apoyo de la clínica se reúne los martes por la tarde en la sala grande del primer piso"
FOREIGN = f"""
<h1>Probe document</h1>
<p>Every week, <span lang="es">{SPANISH}</span>, and it meets in English on Thursdays.</p>
<p class="note" lang="es">Este folleto también está disponible en español.</p>
<p>Say <span lang="fr">bonjour <span lang="en">hello</span></span>.</p>
<p lang="es">{"Una frase en español. " * 150}</p>
"""


def languages(data: bytes) -> list[tuple[str, str, str]]:
    """(role, /Lang, text) of every structure element that has a /Lang."""
    pdf = opened(data)
    contents = page_contents(pdf)
    return [(e.role, str(e.obj.Lang), text_in_order(pdf, contents, e.obj))
            for e in structure_elements(pdf) if "/Lang" in e.obj]


def test_foreign_text_is_every_element_whose_language_differs_from_its_parents():
    assert foreign_text(page(FOREIGN))[1:4] == [
        ForeignText("es", "P", "estefolletotambiénestádisponibleenespañol"),
        ForeignText("fr", "Span", "bonjourhello"), ForeignText("en", "Span", "hello")]
    assert [f.text for f in foreign_text(page(FOREIGN))[::4]] == [comparable(SPANISH), "unafraseenespañol" * 150]


def test_foreign_text_is_read_alike_from_the_html_and_from_the_tree_weasyprint_parsed():
    """The build gives the mending WeasyPrint's own tree (no namespaces), so that the HTML is parsed once."""
    import weasyprint

    html = page(FOREIGN + "<!-- a comment --><p lang='de'>Guten <b lang='de'>Tag</b></p>")
    tree = weasyprint.HTML(string=html).etree_element
    assert foreign_text(tree) == foreign_text(html)
    assert foreign_text(tree)[-1] == ForeignText("de", "P", "gutentag")


def test_words_in_another_language_get_their_lang_in_the_structure_tree():
    raw = weasyprint_pdf(page(FOREIGN))
    assert languages(raw) == []  # WeasyPrint 70 drops every lang below <html>
    fixed = fix_pdf(raw, "en", page(FOREIGN))
    marked = languages(fixed)
    # an element broken across lines or pages is a structure element per line or page: each piece is marked
    spans = [text for role, lang, text in marked if role == "Span" and lang == "es"]
    assert len(spans) > 1 and " ".join(spans) == SPANISH
    paragraphs = [text for role, lang, text in marked if role == "P"]
    assert paragraphs[0] == "Este folleto también está disponible en español."
    assert len(paragraphs) > 2 and " ".join(paragraphs[1:]) == " ".join(["Una frase en español."] * 150)
    assert [m for m in marked if m[0] == "Span" and m[1] != "es"] == [("Span", "fr", "bonjour hello"),
                                                                      ("Span", "en", "hello")]
    assert fix_pdf(fixed, "en", page(FOREIGN)) == fixed  # found nothing the second time: left alone
    assert "Matterhorn 11-001" not in checkpoints(fixed)


def test_a_lang_that_is_no_language_tag_is_reported():
    raw = weasyprint_pdf(page(FOREIGN))
    fixed = fix_pdf(raw, "en", page(FOREIGN.replace('lang="fr"', 'lang="xx-nonsense"')))
    (finding,) = [f for f in audit_bytes(fixed) if f.checkpoint == "Matterhorn 11-001"]
    assert "'xx-nonsense', which is not a language tag" in finding.message and "bonjour" in finding.message


def findings(data: bytes) -> set[str]:
    """Every checkpoint the audit names, warnings too."""
    return {f.checkpoint for f in audit_bytes(data)}


def same_page(a: bytes, b: bytes) -> bool:
    """Both files draw the same text at the same places, on every page."""
    def drawn(data: bytes) -> list[set[tuple[str, float, float]]]:
        return [{(r.text, round(r.start[0], 2), round(r.start[1], 2)) for r in content.runs}
                for content in page_contents(opened(data))]
    return drawn(a) == drawn(b)


NESTED = """
<h1>Lists</h1>
<ul>
  <li>Before you go<ol><li>Pack a bag<ul><li>Clothes</li><li>Pills</li></ul></li><li>Call a friend</li></ol></li>
  <li><p>An item with a list and then a paragraph.</p><ul><li>Inner</li></ul><p>The paragraph after it.</p></li>
</ul>
"""


def roles(element) -> list[str]:
    return [str(k.S)[1:] for k in element.kids() if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def test_a_list_inside_a_list_item_goes_into_the_item_s_body_where_it_is_on_the_page():
    raw = weasyprint_pdf(page(NESTED))
    before = opened(raw)
    outer = next(e for e in structure_elements(before) if e.role == "L")
    assert roles(outer) == ["LI", "L", "LI", "L"]  # WeasyPrint: each nested list beside its item
    fixed = fix_pdf(raw, "en")
    pdf = opened(fixed)
    lists = [e for e in structure_elements(pdf) if e.role == "L"]
    assert [roles(e) for e in lists] == [["LI", "LI"], ["LI", "LI"], ["LI", "LI"], ["LI"]]
    assert all(str(e.obj.P.S) == "/LBody" for e in lists[1:])
    last_body = [e for e in structure_elements(pdf) if e.role == "LBody"][-2]
    assert roles(last_body) == ["P", "L", "P"]
    assert text_in_order(pdf, page_contents(pdf)).endswith("a paragraph. ◦ Inner The paragraph after it.")
    assert not {"Matterhorn 09-005", "WCAG 1.3.2"} & findings(fixed)


def test_an_item_whose_list_goes_on_over_a_page_holds_the_rest_of_it_there():
    items = "".join(f"<li>Inner item {n}</li>" for n in range(1, 30))
    raw = weasyprint_pdf(page(f"<h1>Lists</h1><ul><li>Outer item<ul>{items}</ul></li></ul>"))
    assert len(opened(raw).pages) > 1
    (empty,) = [f for f in audit_bytes(raw) if f.checkpoint == "Matterhorn 09-005"]
    assert "holds nothing" in empty.message  # the outer item's part on page 2: WeasyPrint lifts its list out
    assert "Matterhorn 09-005" not in checkpoints(fix_pdf(raw, "en"))


def test_outside_list_markers_paint_before_their_items_and_the_page_looks_the_same():
    raw = weasyprint_pdf(page(NESTED))
    assert "WCAG 1.3.2" in findings(raw)  # WeasyPrint paints positioned boxes (the markers) after the text
    fixed = fix_pdf(raw, "en")
    assert "WCAG 1.3.2" not in findings(fixed)
    assert same_page(raw, fixed)
    pdf = opened(fixed)
    content = page_contents(pdf)[0]
    painted = "".join(_text_of(content, m) for m in content.paint_order)
    assert painted.startswith("Lists•Before you go1.Pack a bag▪Clothes▪Pills2.Call a friend")


def _text_of(content, mcid: int) -> str:
    return "".join(r.text for r in content.mcid_runs.get(mcid, [])).strip()


def test_floated_labels_paint_beside_their_values():
    contacts = "<h1>Who can help</h1><dl>" + "".join(
        f'<dt style="float: left; clear: left; margin-right: 0.4em">{label}</dt><dd style="margin: 0">{value}</dd>'
        for label, value in (("Phone", "555-0100"), ("Email", "care@clinic.example.org"), ("Address", "1 Main St")))
    raw = weasyprint_pdf(page(contacts + "</dl>"))
    assert "WCAG 1.3.2" in findings(raw)  # floats paint before the text around them
    fixed = fix_pdf(raw, "en")
    assert "WCAG 1.3.2" not in findings(fixed) and same_page(raw, fixed)


def test_links_print():
    raw = weasyprint_pdf(page())
    assert "ISO 14289-1 7.18.1" in findings(raw)
    pdf = opened(fix_pdf(raw, "en"))
    assert [int(a.F) for a in pdf.pages[0].Annots] == [4, 4, 4]
    assert "ISO 14289-1 7.18.1" not in findings(fix_pdf(raw, "en"))


def test_a_picture_s_box_is_in_points_where_it_is_drawn():
    square = '<svg viewBox="0 0 2 2" style="display: block; width: 1in; margin-left: 1in">' \
             '<title>A black square</title><rect width="2" height="2"/></svg>'
    raw = weasyprint_pdf(page(f"<h1>Pictures</h1><p>Text above.</p>{square}"))
    assert "ISO 32000-1 14.8.5.4.3" in findings(raw)
    fixed = fix_pdf(raw, "en")
    assert "ISO 32000-1 14.8.5.4.3" not in findings(fixed)
    pdf = opened(fixed)
    (figure,) = [e for e in structure_elements(pdf) if e.role == "Figure"]
    x0, y0, x1, y1 = (float(v) for v in figure.attribute("/BBox"))
    drawn = page_contents(pdf)[0].mcid_boxes
    (box,) = [drawn[m] for m in drawn if m == int(figure.kids()[0])]
    assert (x1 - x0, y1 - y0) == pytest.approx((72, 72)) and (x0, y0, x1, y1) == pytest.approx(box, abs=0.01)


def test_an_element_broken_across_pages_is_one_element_as_in_the_html():
    import weasyprint

    items = "".join(f"<li>Item {n}</li>" for n in range(1, 45))
    words = " ".join(f"word{n}" for n in range(400))
    html = page(f"<h1>Long</h1><section><ul>{items}<li>Last item<ul><li>Inner</li><li>Inner again</li></ul></li>"
                f"</ul><p>{words} <a href='https://e.org/'>a link</a>.</p></section>")
    document = weasyprint.HTML(string=html, base_url="file:///nonexistent/").render()
    raw = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"probe")
    continued = continued_elements(document.pages)
    assert len(document.pages) > 2 and ("section", "ul") in continued and ("section", "p") in continued

    def shape(data: bytes) -> tuple[list[str], int, str]:
        pdf = opened(data)
        elements = list(structure_elements(pdf))
        return ([e.role for e in elements if e.role in ("Sect", "L", "P")],
                sum(1 for e in elements if e.role == "LI"), text_in_order(pdf, page_contents(pdf)))

    raw_roles, raw_items, raw_text = shape(raw)
    assert raw_roles.count("Sect") == len(document.pages)  # WeasyPrint: a tree for each page
    fixed = fix_pdf(raw, "en", continued=continued)
    roles_, items_, text = shape(fixed)
    assert roles_ == ["Sect", "L", "L", "P"] and items_ == 47 and text == raw_text
    assert checkpoints(fixed) == set() and "WCAG 1.3.2" not in findings(fixed)
    assert fix_pdf(fixed, "en", continued=continued) == fixed


@pytest.mark.parametrize("body", [BODY, NESTED], ids=["margin-boxes-links-table", "repainted-list-markers"])
def test_what_the_mending_read_is_what_the_saved_file_draws(body):
    """The audit measures the pages the mending read (the build reads content streams once): they must be what
    a reader of the saved file reads, pages repainted in structure order included."""
    mended = mend_pdf(weasyprint_pdf(page(body)), "en")
    assert mended.contents == tuple(page_contents(opened(mended.data)))
    assert audit_bytes(mended.data, contents=mended.contents) == audit_bytes(mended.data)


def test_marked_content_inside_marked_content_is_read_again_rather_than_remarked():
    """Which MCID text inside two marked-content sequences belongs to after the inner one becomes an artifact
    only a reading can tell: the page says it nests, and the mending reads it again."""
    from plainleaf.pdfread.content import as_artifacts, page_content

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC /Span <</MCID 1>> BDC 0 0 10 10 re f EMC EMC")
    nested = page_content(page, 1)
    assert nested.nested and nested.paint_order == [1]
    assert as_artifacts(nested, {1}) is None
    page.obj.Contents = pdf.make_stream(b"/P <</MCID 0>> BDC 0 0 10 10 re f EMC /P <</MCID 1>> BDC 0 0 5 5 re f EMC")
    flat = page_content(page, 1)
    assert not flat.nested and as_artifacts(flat, {1}).paint_order == [0]


def test_the_finders_sharing_one_walk_of_the_tree_mend_as_a_walk_for_each_would(monkeypatch):
    """The Document walks the structure tree once and again only after a mend that reshapes it (Fault.reshapes):
    on a file that every mend of the tree touches (an empty list, list items holding blocks, nested lists, pieces
    joined across pages, foreign words), the bytes are those of a fresh walk for every finder."""
    import weasyprint

    from plainleaf.pdfread.structure import marked_content, parent_tree
    from plainleaf.render.pdfua.document import Document

    items = "".join(f"<li>Item {n}<p>More about it.</p></li>" for n in range(1, 40))
    html = page(f"<h1>Long</h1><ul></ul><section><ul>{items}</ul></section>{NESTED}{FOREIGN}")
    document = weasyprint.HTML(string=html, base_url="file:///nonexistent/").render()
    raw = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"probe")
    continued = continued_elements(document.pages)
    shared = mend_pdf(raw, "en", html, continued)
    monkeypatch.setattr(Document, "elements", property(lambda self: list(structure_elements(self.pdf))))
    monkeypatch.setattr(Document, "parents", property(lambda self: parent_tree(self.pdf)))
    monkeypatch.setattr(Document, "order", property(lambda self: marked_content(self.pdf)))
    walked = mend_pdf(raw, "en", html, continued)
    assert shared.data == walked.data and shared.contents == walked.contents
    assert len(document.pages) > 1 and shared.data != raw
