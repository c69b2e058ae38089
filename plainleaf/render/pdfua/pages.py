"""Mending what pages do to the structure: an element broken across pages joined again, content painted in
structure order, pictures' boxes in points."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pikepdf

from ...pdfread.geometry import holds
from ...pdfread.structure import figure_boxes
from ...pdfread.text import painted_out_of_order
from ..paint_order import in_structure_order, neutral_ext_g_states
from .document import Document, Fault, kids_of

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
    top = kids_of(root)[0] if len(kids_of(root)) == 1 and kids_of(root)[0].get("/S") == "/Document" else root
    kids = [k for k in kids_of(top) if isinstance(k, pikepdf.Dictionary)]
    first = next((i for i, k in enumerate(kids) if k.get("/Pg") is not None and k.Pg.objgen == page.objgen), None)
    return (kids[first - 1], kids[first]) if first else None


def _join_across_pages(document: Document, pages: list[int]) -> None:
    """Each element that goes on over a page becomes one element, as in the HTML: the page's piece joins the
    piece before it, and so do the anonymous pieces between (an item's body), and two bodies of one item."""
    from weasyprint.pdf.tags import _get_pdf_tag

    parents = document.parents
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
    return next((k for k in reversed(kids_of(element)) if isinstance(k, pikepdf.Dictionary) and "/S" in k), None)


def _first_element(element: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    kids = kids_of(element)
    return kids[0] if kids and isinstance(kids[0], pikepdf.Dictionary) and "/S" in kids[0] else None


def _join(document: Document, parents: dict[int, pikepdf.Object], into: pikepdf.Dictionary,
          piece: pikepdf.Dictionary) -> None:
    """`piece`'s kids go on at the end of `into`, and `piece` leaves the tree: marked content it held directly
    is referred to with its page, and the parent tree names `into` as its owner."""
    moved = []
    for kid in kids_of(piece):
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
    into.K = pikepdf.Array([*kids_of(into), *moved])
    holder = piece.P
    holder.K = pikepdf.Array([k for k in kids_of(holder) if not (isinstance(k, pikepdf.Dictionary)
                                                                and k.objgen == piece.objgen)])


# Paint order ---------------------------------------------------------------------------------------------------

def _pages_painted_out_of_order(document: Document) -> list[int]:
    order = document.order
    return [index for index, content in enumerate(document.contents)
            if painted_out_of_order(content, order[index])]


def _paint_in_structure_order(document: Document, pages: list[int]) -> None:
    """Floats paint before the text around them and outside list markers after it: move them into place."""
    order = document.order
    for index in pages:
        page = document.pdf.pages[index]
        instructions = in_structure_order(document.instructions(index), document.contents[index],
                                          order[index], neutral_ext_g_states(page.obj.get("/Resources")))
        if instructions is not None:
            document.redraw(index, instructions)


# Pictures ------------------------------------------------------------------------------------------------------

CSS_PX = 0.75  # points in a CSS pixel


def _figures_boxed_in_css_pixels(document: Document) -> list[tuple[pikepdf.Dictionary, list[float]]]:
    """(Figure, its box in PDF points) for each picture whose /BBox misses what it draws but, read as CSS pixels
    from the page's top left corner (what WeasyPrint 70 writes), holds it."""
    found = []
    for element, index, (x0, y0, x1, y1), painted in figure_boxes(document.pdf, document.contents, document.elements):
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


PAGE_FAULTS = (
    Fault("an element broken across pages becomes one structure element per page", _pages_that_go_on,
          _join_across_pages, reshapes=True),
    # the pieces it moves draw the same, where they did: the pages need not be read again
    Fault("floats and outside list markers paint out of document order", _pages_painted_out_of_order,
          _paint_in_structure_order),
    Fault("a picture's /BBox is in CSS pixels from the page's top left, not in PDF points",
          _figures_boxed_in_css_pixels, _box_in_points),
)
