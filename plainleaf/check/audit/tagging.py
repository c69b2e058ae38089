"""The audit's rules on a PDF's tagging, against PDF/UA-1 (Matterhorn Protocol checkpoints): the catalogue,
languages, what is tagged and in what order, headings, lists, tables, pictures, links, fonts and bookmarks."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import pikepdf

from ...languages import language_problem
from ...pdfread.annotations import hidden_when_printed, link_target
from ...pdfread.fonts import load_font
from ...pdfread.geometry import holds
from ...pdfread.structure import (
    StructElement,
    figure_boxes,
    marked_content,
    orphan_marked_content,
)
from ...pdfread.text import comparable, join_runs, painted_out_of_order
from .document import Document, Finding, LayoutRules, shorten


def check_catalogue(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    root = document.pdf.Root
    if "/StructTreeRoot" not in root:
        yield Finding("Matterhorn 01-005", "the file has no structure tree, so nothing in it is tagged",
                      "render with pdf_variant='pdf/ua-1'")
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        yield Finding("ISO 14289-1 7.1", "the file does not say it is tagged (/MarkInfo /Marked is not true)")
    elif bool(mark_info.get("/Suspects", False)):
        yield Finding("Matterhorn 01-007", "the file says its tags are suspect (/MarkInfo /Suspects true)")
    if not str(root.get("/Lang", "")).strip():
        yield Finding("Matterhorn 11-001", "the document's language is not set (/Lang is missing or empty)",
                      "give the HTML a lang attribute")
    if "/Metadata" not in root:
        yield Finding("Matterhorn 06-001", "the file has no XMP metadata")
    else:
        xmp = document.pdf.open_metadata()
        if not xmp.get("pdfuaid:part"):
            yield Finding("Matterhorn 06-002", "the XMP metadata does not say the file is PDF/UA (pdfuaid:part)")
        if not str(xmp.get("dc:title", "")).strip():
            yield Finding("Matterhorn 06-003", "the XMP metadata has no title (dc:title)", "give the HTML a <title>")
    display = root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")
    if display is None:
        yield Finding("Matterhorn 07-001", "viewers are not told to show the title (no DisplayDocTitle)")
    elif not bool(display):
        yield Finding("Matterhorn 07-002", "viewers are told to show the file name, not the title")


def is_language_tag(value: str) -> bool:
    """A BCP 47 tag, by the same rule as the handout's `language:`: "es", "es-MX", "haw"."""
    return language_problem(value) is None


def check_languages(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    """A /Lang, on the catalogue or on a structure element, tells a screen reader how to speak the words; one that
    names no language leaves them unknown (an empty or missing catalogue /Lang is check_catalogue's)."""
    hint = "use a BCP 47 language tag such as en, es or es-MX"
    lang = str(document.pdf.Root.get("/Lang", "")).strip()
    if lang and not is_language_tag(lang):
        yield Finding("Matterhorn 11-001", f"the document's /Lang {lang!r} is not a language tag", hint)
    for element in document.elements:
        if "/Lang" in element.obj and not is_language_tag(lang := str(element.obj.Lang)):
            yield Finding("Matterhorn 11-001", f"the {element.role} element {shorten(document.text(element))!r} "
                          f"has /Lang {lang!r}, which is not a language tag", hint)


def check_content(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    orphans_by_page = orphan_marked_content(document.pdf, document.contents, document.elements, document.parents)
    for content, orphans in zip(document.contents, orphans_by_page, strict=True):
        if content.untagged:
            yield Finding("Matterhorn 01-005", f"{len(content.untagged)} drawing operations are neither tagged nor "
                          "artifacts", page=content.number)
        if orphans:
            text = " ".join(join_runs(content.mcid_runs[m]) for m in orphans)
            yield Finding("Matterhorn 01-005", f"text outside the structure tree, neither tagged nor an artifact: "
                          f"{shorten(text)!r}", "page numbers and running heads must be pagination artifacts",
                          page=content.number)


def check_reading_order(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    """Tools that read a page in the order it is painted (reflow, text selection, some screen readers) must meet
    it in the structure tree's order."""
    order = marked_content(document.pdf)
    for content, wanted in zip(document.contents, order, strict=True):
        if out := painted_out_of_order(content, wanted):
            text = " ".join(join_runs(content.mcid_runs.get(m, [])) for m in out[:3]).strip()
            yield Finding("WCAG 1.3.2", f"{len(out)} of the {len(content.paint_order)} pieces of content on the page "
                          f"are painted out of reading order ({shorten(text)!r}…)",
                          "a fault in plainleaf's PDF, not in the handout: please report it", severity="warning",
                          page=content.number)


def check_headings(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    levels = [(int(e.role[1:]), e) for e in document.elements if re.fullmatch(r"H[1-6]", e.role)]
    if any(e.role == "H" for e in document.elements) and levels:
        yield Finding("Matterhorn 14-007", "the document uses both H and H1–H6 headings")
    if levels and levels[0][0] != 1:
        yield Finding("Matterhorn 14-002", f"the first heading is H{levels[0][0]}, not H1")
    previous = 1
    for level, element in levels:
        if level > previous + 1:
            yield Finding("Matterhorn 14-003", f"heading {shorten(document.text(element))!r} is H{level} after "
                          f"H{previous}: a level is skipped")
        previous = level


def _children(element: StructElement) -> list[str]:
    return [str(k.S)[1:] for k in element.kids() if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def check_lists(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    for element in document.elements:
        children = _children(element)
        if element.role == "L" and (not children or any(c not in ("LI", "L", "Caption") for c in children)):
            yield Finding("Matterhorn 09-005", f"a list (L) holds {', '.join(children) or 'nothing'}, not LI items")
        elif element.role == "LI" and (not children or any(c not in ("Lbl", "LBody") for c in children)):
            yield Finding("Matterhorn 09-005", f"a list item (LI) holds {', '.join(children) or 'nothing'}, "
                          "not Lbl and LBody")
        elif element.role in ("LI", "Lbl", "LBody") and "/P" in element.obj:
            parent = str(element.obj.P.get("/S", ""))[1:]
            wanted = "L" if element.role == "LI" else "LI"
            if parent != wanted:
                yield Finding("Matterhorn 09-005", f"a {element.role} is inside {parent}, not {wanted}")


def check_tables(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    root = document.pdf.Root.get("/StructTreeRoot", pikepdf.Dictionary())
    ids = {str(k) for k, _ in pikepdf.NameTree(root.IDTree).items()} if "/IDTree" in root else set()
    for element in document.elements:
        if element.role == "TH" and element.attribute("/Scope") is None:
            yield Finding("Matterhorn 15-003", f"table header {shorten(document.text(element))!r} has no scope",
                          "mark header cells with scope=col or scope=row")
        headers = element.attribute("/Headers") if element.role in ("TD", "TH") else None
        missing = [str(h) for h in headers if str(h) not in ids] if isinstance(headers, pikepdf.Array) else []
        if missing:
            yield Finding("Matterhorn 15-005", f"table cell {shorten(document.text(element))!r} names header ids "
                          f"{', '.join(missing)} that the file's IDTree does not hold")


def check_figures(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    for element in document.elements:
        if element.role == "Figure" and not (element.alt or "").strip() and "/ActualText" not in element.obj:
            yield Finding("Matterhorn 13-004", "a picture (Figure) has no alternative text",
                          "give every picture alt text; a decorative picture belongs in a CSS background")


def check_figure_boxes(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    for element, index, bbox, painted in figure_boxes(document.pdf, document.contents, document.elements):
        if not holds(bbox, painted):
            yield Finding("ISO 32000-1 14.8.5.4.3", f"the picture {shorten(element.alt or '')!r} has a /BBox "
                          f"({', '.join(f'{v:.0f}' for v in bbox)}) that does not hold what it draws "
                          f"({', '.join(f'{v:.0f}' for v in painted)})",
                          "a fault in plainleaf's PDF, not in the handout: please report it", severity="warning",
                          page=index + 1)


def check_annotations(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    reachable = {e.obj.objgen: e for e in document.elements}
    for number, page in enumerate(document.pdf.pages, start=1):
        annotations = list(page.obj.get("/Annots", []))
        if not annotations:
            continue
        tabs = page.obj.get("/Tabs")
        if tabs is None:
            yield Finding("Matterhorn 28-008", "a page with links does not set a tab order (/Tabs)", page=number)
        elif tabs != "/S":
            yield Finding("Matterhorn 28-009", f"the tab order is {tabs}, not the structure order (/S)", page=number)
        for annotation in annotations:
            if annotation.get("/Subtype") != "/Link":
                continue
            parent = document.parents.get(int(annotation.get("/StructParent", -1)))
            element = reachable.get(parent.objgen) if isinstance(parent, pikepdf.Dictionary) else None
            if element is None or element.role != "Link":
                yield Finding("Matterhorn 28-011", f"a link to {link_target(annotation)!r} is not inside a Link tag",
                              "never put other markup (bold, pictures) inside a link", page=number)
                continue
            description = str(annotation.get("/Contents", "")).strip()
            link_text = document.text(element)
            if not description:
                yield Finding("Matterhorn 28-012", f"the link {link_text!r} has no description (/Contents)",
                              page=number)
            elif link_text and comparable(link_text) not in comparable(description):
                yield Finding("Matterhorn 28-012", f"the link {link_text!r} is described as {description!r}, "
                              "which does not say what the reader sees", page=number)


def check_annotations_printed(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    for number, page in enumerate(document.pdf.pages, start=1):
        hidden = [a for a in page.obj.get("/Annots", []) if hidden_when_printed(a)]
        if hidden:
            yield Finding("ISO 14289-1 7.18.1", f"{len(hidden)} annotations (links) are left out when the page is "
                          "printed or hidden on screen (no Print flag, or Hidden or NoView): print and screen differ",
                          "set the Print flag on every annotation", severity="warning", page=number)


def check_fonts(document: Document, rules: LayoutRules) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(document.pdf.pages, start=1):
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            info = load_font(font)
            if not info.embedded:
                yield Finding("Matterhorn 31-009", f"the font {info.name} is not embedded", page=number)
            if "/ToUnicode" not in font:
                yield Finding("Matterhorn 10-001", f"the font {info.name} has no ToUnicode map, so its text cannot "
                              "be read aloud or searched", page=number)
            families = [comparable(f) for f in rules.font_families]
            if families and not any(comparable(info.name).startswith(f) for f in families):
                yield Finding("layout: fonts", f"the font {info.name} is not one of the bundled fonts",
                              "set font-family on @page and every margin box, or a fallback font is embedded",
                              page=number)


def unspaced(text: str) -> str:
    """Text as both a bookmark and the page say it, to compare them: without spaces and line breaks, for where a
    line wraps (after "</", "--" or a word's own hyphen) the page cannot tell whether there was a space; and without
    format characters (a zero-width space or a word joiner), which draw nothing."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def check_bookmarks(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    headings = [" ".join(document.text(e).split()) for e in document.elements if re.fullmatch(r"H[1-6]", e.role)]
    titles: list[str] = []
    with document.pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(" ".join(str(item.title).split()))
            stack[:0] = list(item.children)
    said, read = list(map(unspaced, titles)), list(map(unspaced, headings))
    if said != read:
        first = next((i for i, (a, b) in enumerate(zip(said, read, strict=False)) if a != b),
                     min(len(titles), len(headings)))
        shown = titles[first] if first < len(titles) else "(none)"
        wanted = headings[first] if first < len(headings) else "(none)"
        yield Finding("ISO 14289-1 7.17", f"bookmark {first + 1} is {shown!r} but heading {first + 1} is "
                      f"{wanted!r}: the bookmarks do not match the headings")
