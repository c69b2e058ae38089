"""Mending WeasyPrint's PDF/UA-1 output (pikepdf): each known WeasyPrint 70 fault is looked for first and mended only
when the file shows it, so a WeasyPrint that no longer has the fault passes through untouched."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf

from ..check.audit import (
    ANNOTATION_HIDDEN,
    ANNOTATION_NO_VIEW,
    ANNOTATION_PRINT,
    PageContent,
    comparable,
    figure_boxes,
    hidden_when_printed,
    holds,
    link_target,
    marked_content,
    orphan_marked_content,
    page_contents,
    painted_out_of_order,
    parent_tree,
    structure_elements,
    text_in_order,
)
from .paint_order import in_structure_order, neutral_ext_g_states


@dataclass(frozen=True)
class ForeignText:
    """Words in another language than the words around them: an HTML element's `lang`, the structure role
    WeasyPrint gives that element, and its text (as `comparable` writes it)."""

    language: str
    role: str
    text: str


@dataclass
class Document:
    """The PDF being mended, what its pages draw (read once), and what the caller knows that the file may not."""

    pdf: pikepdf.Pdf
    language: str | None  # None: not known, so an empty /Lang stays for the audit to report
    foreign: Sequence[ForeignText] = ()  # in document order
    continued: Sequence[Sequence[str]] = ()  # for each page, the elements that go on there from the page before
    _contents: list[PageContent] | None = None

    @property
    def contents(self) -> list[PageContent]:
        if self._contents is None:
            self._contents = page_contents(self.pdf)
        return self._contents

    def mended(self) -> None:
        self._contents = None  # a mend may change what the pages draw: read them again when next asked


@dataclass(frozen=True)
class Fault:
    """A WeasyPrint fault: `find` returns what shows it (empty when the file is sound); `mend` fixes those.
    `redraws`: the mend changes what the pages are read as drawing (so they are read again)."""

    name: str
    find: Callable[[Document], list[Any]]
    mend: Callable[[Document, list[Any]], None]
    redraws: bool = False


# Margin boxes (page numbers, running heads) -------------------------------------------------------------------

def _margin_box_text(document: Document) -> list[tuple[int, dict[int, str]]]:
    """(page index, {MCID: "/Header" or "/Footer"}) for text whose structure element is not in the tree and that
    lies above or below all the page's tagged text: what the margin boxes draw. Untagged text anywhere else is left
    for the audit to report, never hidden from screen readers."""
    found = []
    orphans = orphan_marked_content(document.pdf, document.contents)
    for index, (content, mcids) in enumerate(zip(document.contents, orphans, strict=True)):
        body = [r.start[1] for m, runs in content.mcid_runs.items() if m not in mcids for r in runs]
        top, bottom = (max(body), min(body)) if body else (content.height / 2,) * 2
        places = {}
        for mcid in mcids:
            heights = [r.start[1] for r in content.mcid_runs[mcid]]
            if min(heights) > top:
                places[mcid] = "/Header"
            elif max(heights) < bottom:
                places[mcid] = "/Footer"
        if places:
            found.append((index, places))
    return found


def _make_pagination_artifacts(document: Document, found: list[tuple[int, dict[int, str]]]) -> None:
    pdf = document.pdf
    parents = parent_tree(pdf)
    for index, places in found:
        page = pdf.pages[index]
        instructions = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction
            properties = operands[1] if str(operator) == "BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            if mcid is not None and int(mcid) in places:
                artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name(places[int(mcid)]))
                instruction = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, artifact], operator)
            instructions.append(instruction)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        elements = parents.get(int(page.obj.get("/StructParents", -1)))
        if isinstance(elements, pikepdf.Array):
            for mcid in places:
                if mcid < len(elements):
                    elements[mcid] = None  # an artifact has no structure element


# Tables --------------------------------------------------------------------------------------------------------

def _headers_without_scope(document: Document) -> list[pikepdf.Dictionary]:
    return [e.obj for e in structure_elements(document.pdf) if e.role == "TH" and e.attribute("/Scope") is None]


def _add_scope(document: Document, headers: list[pikepdf.Dictionary]) -> None:
    """Header cells in THead head their column; a header cell starting a body row heads its row."""
    for cell in headers:
        row = cell.get("/P")
        section = str(row.P.get("/S")) if row is not None and "/P" in row else ""
        cells = [k for k in row.get("/K", [])] if row is not None else []
        first_in_row = bool(cells) and cells[0].objgen == cell.objgen
        scope = pikepdf.Name.Row if section != "/THead" and first_in_row and len(cells) > 1 and \
            any(k.get("/S") == "/TD" for k in cells) else pikepdf.Name.Column
        attributes = cell.get("/A")
        table_attributes = next((a for a in (attributes if isinstance(attributes, pikepdf.Array) else [attributes])
                                 if isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/Table"), None)
        if table_attributes is None:
            table_attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
            if attributes is None:
                cell.A = table_attributes
            elif isinstance(attributes, pikepdf.Array):
                attributes.append(table_attributes)
            else:
                cell.A = pikepdf.Array([attributes, table_attributes])
        table_attributes.Scope = scope


def _ids_without_id_tree(document: Document) -> list[pikepdf.Dictionary]:
    root = document.pdf.Root.get("/StructTreeRoot")
    if root is None or "/IDTree" in root:
        return []
    return [e.obj for e in structure_elements(document.pdf) if "/ID" in e.obj]


def _add_id_tree(document: Document, elements: list[pikepdf.Dictionary]) -> None:
    tree = pikepdf.NameTree.new(document.pdf)
    for element in elements:
        tree[str(element.ID)] = element
    document.pdf.Root.StructTreeRoot.IDTree = tree.obj


# Lists ---------------------------------------------------------------------------------------------------------

def _empty_lists(document: Document) -> list[pikepdf.Dictionary]:
    return [e.obj for e in structure_elements(document.pdf) if e.role == "L" and not e.kids()]


def _remove_elements(document: Document, elements: list[pikepdf.Dictionary]) -> None:
    """An empty list holds nothing to read: it leaves the tree (its parent keeps its other kids in order)."""
    for element in elements:
        parent = element.get("/P")
        kids = parent.get("/K") if parent is not None else None
        if isinstance(kids, pikepdf.Array):
            parent.K = pikepdf.Array([k for k in kids if not (isinstance(k, pikepdf.Dictionary)
                                                               and k.objgen == element.objgen)])
        elif isinstance(kids, pikepdf.Dictionary) and kids.objgen == element.objgen:
            del parent.K


def _list_items_with_loose_content(document: Document) -> list[pikepdf.Dictionary]:
    return [e.obj for e in structure_elements(document.pdf) if e.role == "LI"
            and any(isinstance(k, pikepdf.Dictionary) and k.get("/S") not in ("/Lbl", "/LBody") for k in e.kids())]


def _move_into_list_body(document: Document, items: list[pikepdf.Dictionary]) -> None:
    """A block after the first inside <li> (a QR code, say) is tagged beside LBody: it belongs inside it."""
    for item in items:
        kids = list(item.K) if isinstance(item.K, pikepdf.Array) else [item.K]
        body = next((k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/LBody"), None)
        if body is None:
            body = document.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody,
                                                                 P=item, K=pikepdf.Array()))
            kids.append(body)
        body_kids = list(body.K) if isinstance(body.get("/K"), pikepdf.Array) else [body.K] if "/K" in body else []
        kept = []
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") not in ("/Lbl", "/LBody"):
                kid.P = body
                body_kids.append(kid)
            else:
                kept.append(kid)
        body.K = pikepdf.Array(body_kids)
        item.K = pikepdf.Array(kept)


def _lists_beside_their_item(document: Document) -> list[pikepdf.Dictionary]:
    """Lists inside a list item that are tagged as the outer list's next kid, after the item (WeasyPrint 70 does
    this on purpose, but the list belongs to its item, and the item's text after it was read before it)."""
    found = []
    for element in structure_elements(document.pdf):
        parent = element.obj.get("/P")
        if element.role == "L" and parent is not None and parent.get("/S") == "/L":
            kids = _kids(parent)
            index = next(i for i, k in enumerate(kids) if k.objgen == element.obj.objgen)
            if index > 0 and kids[index - 1].get("/S") == "/LI":
                found.append(element.obj)
    return found


def _move_into_their_item(document: Document, lists: list[pikepdf.Dictionary]) -> None:
    """Each list goes into the body of the item before it, among the body's blocks where it is on the page."""
    for nested in lists:
        parent = nested.P
        kids = _kids(parent)
        index = next(i for i, k in enumerate(kids) if k.objgen == nested.objgen)
        item = kids[index - 1]
        body = next((k for k in _kids(item) if k.get("/S") == "/LBody"), None)
        if body is None:
            body = document.pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array()))
            item.K = pikepdf.Array([*_kids(item), body])
        parent.K = pikepdf.Array(kids[:index] + kids[index + 1:])
        blocks = _kids(body)
        top = _top(document, nested)
        place = next((i for i, block in enumerate(blocks)
                      if top is not None and (below := _top(document, block)) is not None and below < top), len(blocks))
        body.K = pikepdf.Array([*blocks[:place], nested, *blocks[place:]])
        nested.P = body


def _kids(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _top(document: Document, element: pikepdf.Object) -> tuple[int, float] | None:
    """(page, height of the top) of the first page on which a structure element paints anything; a higher page
    counts as lower down, so that comparing two tops compares where they start."""
    if not isinstance(element, pikepdf.Dictionary):
        return None
    for index, mcids in enumerate(marked_content(document.pdf, element)):
        boxes = [document.contents[index].mcid_boxes[m] for m in mcids if m in document.contents[index].mcid_boxes]
        if boxes:
            return -index, max(box[3] for box in boxes)
    return None


# Elements broken across pages ----------------------------------------------------------------------------------

def continued_elements(pages: Sequence[Any]) -> list[tuple[str, ...]]:
    """For each of WeasyPrint's laid-out pages, the HTML tags of the elements at its top (outermost first, below
    <body>) that began on the page before: what the file cannot tell, for `fix_pdf`. Tables stop the chain: their
    header repeats on each page, which is not a continuation."""
    from weasyprint.formatting_structure import boxes

    def elements(box: Any, found: set[int]) -> set[int]:
        if box.element is not None:
            found.add(id(box.element))
        for child in box.children if isinstance(box, boxes.ParentBox) else ():
            elements(child, found)
        return found

    chains: list[tuple[str, ...]] = []
    before: set[int] = set()
    for page in pages:
        chain: list[str] = []
        box = next(c for c in page._page_box.children if not isinstance(c, boxes.MarginBox))
        while isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
            child = next((c for c in box.children if c.element is not None), None)
            if child is None or id(child.element) not in before or child.element_tag == "table":
                break
            if child.element is not box.element and child.element_tag not in ("html", "body"):
                chain.append(child.element_tag)
            box = child
        chains.append(tuple(chain))
        before = elements(page._page_box, set())
    return chains


def _pages_that_go_on(document: Document) -> list[int]:
    """Pages at whose top an element of the page before goes on, as a structure element of its own."""
    return [index for index, chain in enumerate(document.continued) if chain and _page_start(document, index)]


def _page_start(document: Document, index: int) -> tuple[pikepdf.Dictionary, pikepdf.Dictionary] | None:
    """The first of the Document element's kids that WeasyPrint made for page `index` (it makes each page's tree
    apart), and the kid before it; None if the page has none or they come first."""
    page = document.pdf.pages[index].obj
    root = document.pdf.Root.StructTreeRoot
    top = _kids(root)[0] if len(_kids(root)) == 1 and _kids(root)[0].get("/S") == "/Document" else root
    kids = [k for k in _kids(top) if isinstance(k, pikepdf.Dictionary)]
    first = next((i for i, k in enumerate(kids) if k.get("/Pg") is not None and k.Pg.objgen == page.objgen), None)
    return (kids[first - 1], kids[first]) if first else None


def _join_across_pages(document: Document, pages: list[int]) -> None:
    """Each element that goes on over a page becomes one element, as in the HTML: the page's piece joins the
    piece before it, and so do the anonymous pieces between (an item's body), and two bodies of one item."""
    from weasyprint.pdf.tags import _get_pdf_tag

    parents = parent_tree(document.pdf)
    for index in pages:
        roles = ["/" + _get_pdf_tag(tag) for tag in document.continued[index]]
        start = _page_start(document, index)
        if start is None:
            continue
        before, here = start
        while roles and before.get("/S") == here.get("/S"):
            if before.S == roles[0]:
                roles.pop(0)
            last, first = _last_element(before), _first_element(here)
            _join(document, parents, before, here)
            if not roles and last is not None and first is not None and last.get("/S") == first.get("/S") == \
                    "/LBody" and before.get("/S") == "/LI":
                _join(document, parents, last, first)
            if last is None or first is None:
                break
            before, here = last, first


def _last_element(element: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    return next((k for k in reversed(_kids(element)) if isinstance(k, pikepdf.Dictionary) and "/S" in k), None)


def _first_element(element: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    kids = _kids(element)
    return kids[0] if kids and isinstance(kids[0], pikepdf.Dictionary) and "/S" in kids[0] else None


def _join(document: Document, parents: dict[int, pikepdf.Object], into: pikepdf.Dictionary,
          piece: pikepdf.Dictionary) -> None:
    """`piece`'s kids go on at the end of `into`, and `piece` leaves the tree: marked content it held directly
    is referred to with its page, and the parent tree names `into` as its owner."""
    moved = []
    for kid in _kids(piece):
        if isinstance(kid, int):
            entry = parents.get(int(piece.Pg.get("/StructParents", -1)))
            if isinstance(entry, pikepdf.Array) and kid < len(entry):
                entry[kid] = into
            kid = pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=piece.Pg, MCID=kid)
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
            key = int(kid.Obj.get("/StructParent", -1))
            if key in parents:
                pikepdf.NumberTree(document.pdf.Root.StructTreeRoot.ParentTree)[key] = into
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            kid.P = into
        moved.append(kid)
    into.K = pikepdf.Array([*_kids(into), *moved])
    holder = piece.P
    holder.K = pikepdf.Array([k for k in _kids(holder) if not (isinstance(k, pikepdf.Dictionary)
                                                                and k.objgen == piece.objgen)])


# Paint order ---------------------------------------------------------------------------------------------------

def _pages_painted_out_of_order(document: Document) -> list[int]:
    order = marked_content(document.pdf)
    return [index for index, content in enumerate(document.contents)
            if painted_out_of_order(content, order[index])]


def _paint_in_structure_order(document: Document, pages: list[int]) -> None:
    """Floats paint before the text around them and outside list markers after it: move them into place."""
    order = marked_content(document.pdf)
    for index in pages:
        page = document.pdf.pages[index]
        instructions = in_structure_order(list(pikepdf.parse_content_stream(page)), document.contents[index],
                                          order[index], neutral_ext_g_states(page.obj.get("/Resources")))
        if instructions is not None:
            page.obj.Contents = document.pdf.make_stream(pikepdf.unparse_content_stream(instructions))


# Pictures ------------------------------------------------------------------------------------------------------

CSS_PX = 0.75  # points in a CSS pixel


def _figures_boxed_in_css_pixels(document: Document) -> list[tuple[pikepdf.Dictionary, list[float]]]:
    """(Figure, its box in PDF points) for each picture whose /BBox misses what it draws but, read as CSS pixels
    from the page's top left corner (what WeasyPrint 70 writes), holds it."""
    found = []
    for element, index, (x0, y0, x1, y1), painted in figure_boxes(document.pdf, document.contents):
        height = document.contents[index].height
        points = (x0 * CSS_PX, height - y1 * CSS_PX, x1 * CSS_PX, height - y0 * CSS_PX)
        if not holds((x0, y0, x1, y1), painted) and holds(points, painted):
            found.append((element.obj, [round(v, 3) for v in points]))
    return found


def _box_in_points(document: Document, figures: list[tuple[pikepdf.Dictionary, list[float]]]) -> None:
    for figure, box in figures:
        attributes = figure.A if isinstance(figure.A, pikepdf.Array) else [figure.A]
        layout = next(a for a in attributes if isinstance(a, pikepdf.Dictionary) and "/BBox" in a)
        layout.BBox = pikepdf.Array(box)


# Links ---------------------------------------------------------------------------------------------------------

def _links_described_by_address(document: Document) -> list[tuple[pikepdf.Dictionary, str]]:
    """(annotation, link text) for each link whose description is missing or its raw address or anchor name."""
    parents = parent_tree(document.pdf)
    found = []
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


def foreign_text(html: str) -> list[ForeignText]:
    """Every element of the body whose `lang` differs from its parent's, in document order."""
    import tinyhtml5  # the parser WeasyPrint itself uses: the same elements, the same text
    from weasyprint.pdf.tags import _get_pdf_tag  # the structure role WeasyPrint 70 gives each element

    namespace = "{http://www.w3.org/1999/xhtml}"
    found: list[ForeignText] = []

    def visit(element: Any, inherited: str) -> None:
        language = element.get("lang", inherited)
        if language.lower() != inherited.lower() and (text := comparable("".join(element.itertext()))):
            found.append(ForeignText(language, _get_pdf_tag(element.tag.removeprefix(namespace)), text))
        for child in element:
            visit(child, language)

    root = tinyhtml5.parse(html)
    body = root.find(f"{namespace}body")
    if body is not None:
        visit(body, body.get("lang", root.get("lang", "")))
    return found


def _elements_without_their_language(document: Document) -> list[tuple[pikepdf.Dictionary, str]]:
    """(structure element, language) for each element holding foreign text whose /Lang does not say so.

    Structure order is the HTML's order, so each piece of foreign text is looked for after the last one found, among
    elements of its role that hold other elements (not the text runs inside them)."""
    if not document.foreign:
        return []
    elements = [e for e in structure_elements(document.pdf)
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
    heading = next((e for e in structure_elements(document.pdf) if e.role in ("H1", "H")), None)
    title = text_in_order(document.pdf, document.contents, heading.obj) if heading is not None else ""
    if title:
        document.pdf.docinfo.Title = pikepdf.String(title)
        with document.pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            xmp["dc:title"] = title


FAULTS = (
    Fault("text in @page margin boxes is tagged but never attached to the structure tree",
          _margin_box_text, _make_pagination_artifacts, redraws=True),
    Fault("<th scope> does not become /Scope on TH", _headers_without_scope, _add_scope),
    Fault("TD /Headers name TH ids but there is no /IDTree", _ids_without_id_tree, _add_id_tree),
    Fault("an empty <ul>, <ol> or <dl> becomes a list (L) with no items", _empty_lists, _remove_elements),
    Fault("a second block inside <li> is tagged beside LBody, not in it", _list_items_with_loose_content,
          _move_into_list_body),
    Fault("a list inside a list item is tagged beside the item, not in its body", _lists_beside_their_item,
          _move_into_their_item),
    Fault("an element broken across pages becomes one structure element per page", _pages_that_go_on,
          _join_across_pages),
    # the pieces it moves draw the same, where they did: the pages need not be read again
    Fault("floats and outside list markers paint out of document order", _pages_painted_out_of_order,
          _paint_in_structure_order),
    Fault("a picture's /BBox is in CSS pixels from the page's top left, not in PDF points",
          _figures_boxed_in_css_pixels, _box_in_points),
    Fault("link annotations are described by their raw href", _links_described_by_address, _describe_links),
    Fault("link annotations lack the Print flag, so the printed page and the screen differ",
          _annotations_not_printed, _print_annotations),
    Fault("pages with links do not use the structure tab order", _pages_without_tab_order, _set_tab_order),
    Fault("a missing <html lang> writes an empty /Lang", _empty_language, _set_language),
    Fault("the lang of an element inside the document is dropped", _elements_without_their_language,
          _set_element_languages),
    Fault("a missing <title> still sets DisplayDocTitle", _missing_title, _title_from_first_heading),
)


def fix_pdf(data: bytes, language: str | None = None, html: str | None = None,
            continued: Sequence[Sequence[str]] = ()) -> bytes:
    """Mend every fault the file shows; `language` is the document's, if the caller knows it (the templates always
    declare it, so the build has no need to); `html` is what the file was rendered from, for what WeasyPrint
    leaves out of it (the language of words inside the text); `continued`, for each page, the tags of the elements
    that go on at its top from the page before (`continued_elements` of the laid-out pages). The same input gives
    the same bytes
    (the second half of the file ID comes from the content; the first stays WeasyPrint's `pdf_identifier`)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = Document(pdf, language, foreign_text(html) if html else (), continued)
        mended = False
        for fault in FAULTS:
            found = fault.find(document)
            if found:
                fault.mend(document, found)
                if fault.redraws:
                    document.mended()
                mended = True
        if not mended:
            return data
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
