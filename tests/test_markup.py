"""Nothing a handout or clinic file says is spliced into markup: every text field, holding quotes, angle brackets,
ampersands, comment and CDATA ends and odd characters, comes out as text, and every XML and HTML file a build
makes (the EPUB's content documents, navigation, package and NCX, the catalog's index.html, the print HTML)
parses with a strict XML parser."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from plainleaf.build.run import BuildOptions, build
from plainleaf.errors import HandoutErrors
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
from tests.helpers import write_handout

# Each piece that could end a string, an attribute, a comment, a CDATA section or an element early, or that XML
# does not allow as it is.
HOSTILE = "a\"b'c<d>e&f&amp;g--><!--h]]><![CDATA[i</style></title></script>j\\k\u2028l\u00a0m\u200bn"


SHORT = "a\"b'c<d>e&f]]>g-->h"  # for a heading: one line long (a heading wrapped at "</" is pdftags' to mend)


def quoted(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted string, every odd character as an escape


def hostile(field: str) -> str:
    """The hostile text, told apart by the field that holds it (so a test can find each one in the output)."""
    return f"{field} {HOSTILE}"


def markdown_text(text: str) -> str:
    """`text` written in Markdown as text: each ASCII punctuation character escaped with a backslash."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


FRONT_FIELDS = ["title", "subtitle", "short_title", "summary"]
FRONT = "\n".join([
    *(f"{field}: {quoted(hostile(field))}" for field in FRONT_FIELDS),
    "reviewed: 2026-11-01",
    f"key_points: [{quoted(hostile('key point'))}]",
    f"authors: [{quoted(hostile('author'))}]",
    f"keywords: [{quoted(hostile('keyword'))}]",
    f"glossary: {{{quoted(hostile('term'))}: {quoted(hostile('meaning'))}}}",
    "references:",
    f"  - {{id: ref-1, title: {quoted(hostile('reference title'))}, authors: [{quoted(hostile('reference author'))}],"
    f" publisher: {quoted(hostile('publisher'))}, place: {quoted(hostile('place'))},"
    f" url: \"https://example.org/a?b=1&c='2'\"}}",
    "support:",
    f"  - {{name: {quoted(hostile('support name'))}, organization: {quoted(hostile('organization'))},"
    f" description: {quoted(hostile('description'))}, address: {quoted(hostile('support address'))},"
    f" hours: {quoted(hostile('hours'))}, meeting_times: {quoted(hostile('meeting times'))},"
    f" url: \"https://help.example.org/?x=1&y='2'\"}}",
]) + "\n"
BODY = f"""\
## {markdown_text(SHORT)}

Text with {markdown_text(HOSTILE)} in it [@ref-1], and a {markdown_text(hostile('term'))}.

::: important
A box.
:::
"""
CLINIC = "\n".join([
    f"name: {quoted(hostile('clinic'))}",
    f"address: {quoted(hostile('clinic address'))}",
    f"emergency: {quoted(hostile('emergency'))}",
    f"accessibility_certified_by: {quoted(hostile('certifier'))}",
    "website: \"https://clinic.example.org/?a=1&b='2'\"",
]) + "\n"
STRICT = etree.XMLParser(recover=False, resolve_entities=False, no_network=True, huge_tree=False)


def strict(data: bytes | str, name: str) -> etree._Element:
    try:
        return etree.fromstring(data.encode() if isinstance(data, str) else data, STRICT)
    except etree.XMLSyntaxError as exc:
        raise AssertionError(f"{name} is not well-formed XML: {exc}") from None


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("markup")
    write_handout(root, FRONT, BODY, clinic=CLINIC)
    result = build([root / "handouts"], None, BuildOptions(output_dir=root / "output"))
    assert result.ok, [str(e) for e in result.errors]
    return root


def texts(element: etree._Element) -> str:
    """Every piece of text and every attribute value in the tree."""
    return " ".join([*element.itertext(), *(v for e in element.iter() for v in e.attrib.values())])


def test_every_file_in_the_epub_is_well_formed_and_holds_the_fields_as_text(hostile_build):
    with zipfile.ZipFile(hostile_build / "output" / "hand-washing" / "hand-washing.epub") as book:
        documents = {name: strict(book.read(name), name) for name in book.namelist()
                     if name.endswith((".xhtml", ".opf", ".ncx", ".xml"))}
    assert {"EPUB/content.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx", "META-INF/container.xml"} <= documents.keys()
    everything = " ".join(texts(d) for d in documents.values())
    for field in [*FRONT_FIELDS, "key point", "author", "keyword", "term", "meaning", "reference title",
                  "publisher", "support name", "organization", "description", "support address", "hours",
                  "meeting times", "clinic", "clinic address", "emergency", "certifier"]:
        assert hostile(field) in everything, field
    package = documents["EPUB/content.opf"]
    assert package.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert {e.tag for e in package.iter()} <= {f"{{{ns}}}{local}" for ns in (
        "http://www.idpf.org/2007/opf", "http://purl.org/dc/elements/1.1/") for local in (
        "package", "metadata", "manifest", "spine", "item", "itemref", "meta", "identifier", "title", "language",
        "creator", "publisher", "description", "date", "subject", "guide", "reference", "link")}


def test_the_catalog_page_is_well_formed(hostile_build):
    page = strict((hostile_build / "output" / "index.html").read_bytes(), "index.html")
    assert hostile("title") in texts(page)
    assert not [e for e in page.iter() if isinstance(e.tag, str) and e.tag.endswith(("script", "iframe", "object"))]


@pytest.mark.parametrize("target", ["print", "epub"])
def test_the_html_documents_are_well_formed(hostile_build, target):
    resources = Resources.bundled()
    handout = parse_handout(hostile_build / "handouts" / "hand-washing" / "handout.md")
    clinic = load_clinic(hostile_build / "handouts" / "clinic.yaml")
    layout = load_layout("large-print", resources)
    if target == "print":
        page = strict(render_print_html(handout, clinic, layout, "letter"), "the print HTML")
        assert hostile("title") in texts(page)
        style = "".join(e.text or "" for e in page.iter("style"))
        assert "</" not in style and HOSTILE not in style
    else:
        for page in render_epub_pages(handout, clinic, layout):
            strict(f'<body xmlns:epub="http://www.idpf.org/2007/ops">{page.body}</body>', page.file_name)


@pytest.mark.parametrize("character", ["\u0000", "\u001b", "\u007f", "\u0085", "\u009b", "\ufffe", "\uffff"])
@pytest.mark.parametrize("field", ["title", "summary", "glossary term", "reference title", "clinic name"])
def test_a_control_character_in_any_field_is_an_error_with_its_line(tmp_path, field, character):
    escape = quoted(character)  # YAML writes it as an escape in double quotes: "\u001b"
    front = {"title": f"title: {escape}\nsummary: S\nreviewed: 2026-11-01\n",
             "summary": f"title: T\nsummary: {escape}\nreviewed: 2026-11-01\n",
             "glossary term": f"title: T\nsummary: S\nreviewed: 2026-11-01\nglossary: {{{escape}: x}}\n",
             "reference title": f"title: T\nsummary: S\nreviewed: 2026-11-01\nreferences: [{{id: r, title: {escape},"
                                " publisher: P}]\n"}.get(field, "title: T\nsummary: S\nreviewed: 2026-11-01\n")
    source = write_handout(tmp_path, front, clinic=f"name: {escape}\n" if field == "clinic name" else "name: C\n")
    with pytest.raises(HandoutErrors) as info:
        if field == "clinic name":
            load_clinic(source.parent.parent / "clinic.yaml")
        else:
            parse_handout(source)
    (error,) = info.value.errors
    assert "invisible control character" in error.message and error.line is not None
