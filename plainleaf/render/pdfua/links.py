"""Mending links, languages and the title: link descriptions, the Print flag and the tab order; the
document's and its elements' /Lang; a title for viewers to show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pikepdf

from ...pdfread.annotations import (
    ANNOTATION_HIDDEN,
    ANNOTATION_NO_VIEW,
    ANNOTATION_PRINT,
    hidden_when_printed,
    link_target,
)
from ...pdfread.text import comparable, text_in_order
from .document import Document, Fault, ForeignText

# Links ---------------------------------------------------------------------------------------------------------

def _links_described_by_address(document: Document) -> list[tuple[pikepdf.Dictionary, str]]:
    """(annotation, link text) for each link whose description is missing or its raw address or anchor name."""
    parents, found = document.parents, []
    for page in document.pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            element = parents.get(int(annotation.get("/StructParent", -1)))
            text = text_in_order(document.pdf, document.contents, element) if element is not None else ""
            description = str(annotation.get("/Contents", ""))
            raw = description == link_target(annotation) and comparable(text) != comparable(description)
            if not description or raw:
                found.append((annotation, text))
    return found


def _describe_links(document: Document, links: list[tuple[pikepdf.Dictionary, str]]) -> None:
    """The description is what the reader sees, and for a link out of the document also where it goes."""
    for annotation, text in links:
        address = str(annotation.get("/A", {}).get("/URI", ""))
        shown = address.removeprefix("mailto:").removeprefix("tel:")
        web = shown.startswith(("http://", "https://"))
        if not text and not shown:
            continue  # an empty link to an anchor: nothing better to say than its anchor name
        if not text or (web and comparable(text) in comparable(shown)):
            description = shown  # the address itself, also for the piece of it on each line it is broken across
        elif shown and comparable(shown) not in comparable(text):
            description = f"{text} ({shown})"
        else:
            description = text
        annotation.Contents = pikepdf.String(description)


def _annotations_not_printed(document: Document) -> list[pikepdf.Dictionary]:
    return [a for page in document.pdf.pages for a in page.obj.get("/Annots", []) if hidden_when_printed(a)]


def _print_annotations(document: Document, annotations: list[pikepdf.Dictionary]) -> None:
    for annotation in annotations:
        flags = int(annotation.get("/F", 0))
        annotation.F = (flags | ANNOTATION_PRINT) & ~(ANNOTATION_HIDDEN | ANNOTATION_NO_VIEW)


def _pages_without_tab_order(document: Document) -> list[pikepdf.Page]:
    return [p for p in document.pdf.pages if p.obj.get("/Annots") and p.obj.get("/Tabs") != "/S"]


def _set_tab_order(document: Document, pages: list[pikepdf.Page]) -> None:
    for page in pages:
        page.obj.Tabs = pikepdf.Name.S


# Language and title --------------------------------------------------------------------------------------------

def _empty_language(document: Document) -> list[str]:
    empty = not str(document.pdf.Root.get("/Lang", "")).strip()
    return ["/Lang"] if empty and document.language else []


def _set_language(document: Document, _found: list[str]) -> None:
    document.pdf.Root.Lang = pikepdf.String(document.language or "")


def foreign_text(html: str | Any) -> list[ForeignText]:
    """Every element of the body whose `lang` differs from its parent's, in document order. `html` is the HTML,
    or the tree WeasyPrint parsed it into (`weasyprint.HTML(...).etree_element`), which spares parsing it again."""
    from weasyprint.pdf.tags import _get_pdf_tag  # the structure role WeasyPrint 70 gives each element

    found: list[ForeignText] = []

    def visit(element: Any, inherited: str) -> None:
        language = element.get("lang", inherited)
        if language.lower() != inherited.lower() and (text := comparable("".join(element.itertext()))):
            found.append(ForeignText(language, _get_pdf_tag(_local(element.tag)), text))
        for child in element:
            visit(child, language)

    root = _parsed(html) if isinstance(html, str) else html
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is not None:
        visit(body, body.get("lang", root.get("lang", "")))
    return found


def _parsed(html: str) -> Any:
    import tinyhtml5  # the parser WeasyPrint itself uses, as it uses it: the same elements, the same text

    return tinyhtml5.parse(html, namespace_html_elements=False)


def _local(tag: object) -> str:
    """An element's tag without its namespace (a comment's tag is no string)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _elements_without_their_language(document: Document) -> list[tuple[pikepdf.Dictionary, str]]:
    """(structure element, language) for each element holding foreign text whose /Lang does not say so.

    Structure order is the HTML's order, so each piece of foreign text is looked for after the last one found, among
    elements of its role that hold other elements (not the text runs inside them)."""
    if not document.foreign:
        return []
    elements = [e for e in document.elements
                if any(isinstance(k, pikepdf.Dictionary) and "/S" in k for k in e.kids())]
    texts: dict[int, str] = {}

    def text(index: int) -> str:
        if index not in texts:
            texts[index] = comparable(text_in_order(document.pdf, document.contents, elements[index].obj))
        return texts[index]

    found, start = [], 0
    for passage in document.foreign:
        candidates = [i for i in range(start, len(elements)) if elements[i].role == passage.role]
        pieces = _pieces(candidates, text, passage.text)
        if pieces:
            start = pieces[-1] + 1
            found.extend((elements[i].obj, passage.language) for i in pieces
                         if str(elements[i].obj.get("/Lang", "")) != passage.language)
    return found


def _pieces(candidates: list[int], text: Callable[[int], str], wanted: str) -> list[int]:
    """The first candidates that hold `wanted` together: one element, or one for each line or page it is broken
    across (an inline element broken across lines becomes an element per line). A piece of an element of the same
    role around it, holding the rest of what is wanted and more, may come between the pieces."""
    for first, index in enumerate(candidates):
        if not text(index) or not wanted.startswith(text(index)):
            continue
        pieces, rest = [index], wanted[len(text(index)):]
        for later in candidates[first + 1:]:
            if not rest:
                break
            if text(later) and rest.startswith(text(later)):
                pieces.append(later)
                rest = rest[len(text(later)):]
            elif text(later) and not text(later).startswith(rest):
                break
        if not rest:
            return pieces
    return []


def _set_element_languages(document: Document, found: list[tuple[pikepdf.Dictionary, str]]) -> None:
    for element, language in found:
        element.Lang = pikepdf.String(language)


def _missing_title(document: Document) -> list[str]:
    titled = bool(str(document.pdf.open_metadata().get("dc:title", "")).strip())
    return [] if titled else ["dc:title"]


def _title_from_first_heading(document: Document, _found: list[str]) -> None:
    """DisplayDocTitle is set even without a <title>; the first heading is the document's title."""
    heading = next((e for e in document.elements if e.role in ("H1", "H")), None)
    title = text_in_order(document.pdf, document.contents, heading.obj) if heading is not None else ""
    if title:
        document.pdf.docinfo.Title = pikepdf.String(title)
        with document.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = title


LINK_FAULTS = (
    Fault("link annotations are described by their raw href", _links_described_by_address, _describe_links),
    Fault("link annotations lack the Print flag, so the printed page and the screen differ",
          _annotations_not_printed, _print_annotations),
    Fault("pages with links do not use the structure tab order", _pages_without_tab_order, _set_tab_order),
    Fault("a missing <html lang> writes an empty /Lang", _empty_language, _set_language),
    Fault("the lang of an element inside the document is dropped", _elements_without_their_language,
          _set_element_languages),
    Fault("a missing <title> still sets DisplayDocTitle", _missing_title, _title_from_first_heading),
)
