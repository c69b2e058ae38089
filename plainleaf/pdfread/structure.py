"""A PDF's structure tree (its tags): the elements in document order, the ParentTree, and the marked
content under an element, in reading order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pikepdf

from .content import PageContent
from .geometry import Box, rectangle_box, union


@dataclass(frozen=True)
class StructElement:
    role: str
    obj: pikepdf.Object
    depth: int
    page: pikepdf.Object | None = None  # the /Pg that applies to the element's marked content

    @property
    def alt(self) -> str | None:
        alt = self.obj.get("/Alt")
        return str(alt) if alt is not None else None

    def kids(self) -> list[pikepdf.Object]:
        kids = self.obj.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, pikepdf.Array) else [kids]

    def attribute(self, key: str) -> pikepdf.Object | None:
        attributes = self.obj.get("/A")
        for attrs in (list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]):
            if isinstance(attrs, pikepdf.Dictionary) and key in attrs:
                return attrs[key]
        return None


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[StructElement]:
    """Every structure element reachable from the root, depth first in document order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack: list[tuple[pikepdf.Object | None, int, pikepdf.Object | None]] = [(root.get("/K"), 0, None)]
    while stack:
        node, depth, page = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            stack.extend((child, depth, page) for child in reversed(list(node)))
            continue
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            page = node.get("/Pg", page)
            yield StructElement(str(node.S)[1:], node, depth, page)
            stack.append((node.get("/K"), depth + 1, page))


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The ParentTree: a page's StructParents → its elements by MCID; an annotation's StructParent → its element."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return {}
    return {int(k): v for k, v in pikepdf.NumberTree(root.ParentTree).items()}


def orphan_marked_content(pdf: pikepdf.Pdf, contents: list[PageContent],
                          elements: Sequence[StructElement] | None = None,
                          parents: dict[int, pikepdf.Object] | None = None) -> list[list[int]]:
    """For each page, the MCIDs of text marked as real content whose structure element is not in the tree.
    `elements` and `parents`: the tree's elements and ParentTree, when the caller has read them."""
    reachable = {e.obj.objgen for e in (structure_elements(pdf) if elements is None else elements)}
    parents = parent_tree(pdf) if parents is None else parents
    found = []
    for page, content in zip(pdf.pages, contents, strict=True):
        entry = parents.get(int(page.obj.get("/StructParents", -1)))
        elements = list(entry) if isinstance(entry, pikepdf.Array) else []
        owners = {mcid: elements[mcid] if mcid < len(elements) else None for mcid in content.mcid_runs}
        found.append(sorted(mcid for mcid, owner in owners.items()
                            if not isinstance(owner, pikepdf.Dictionary) or owner.objgen not in reachable))
    return found


def marked_content_in_order(node: pikepdf.Object | None, page: pikepdf.Object | None, alt_as_text: bool = True
                             ) -> Iterator[tuple[pikepdf.Object | None, int] | str]:
    """(page, MCID) of everything under a structure node in reading order; an element with alt text gives the text
    instead, as a screen reader reads it (unless `alt_as_text` is false)."""
    if node is None:
        return
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from marked_content_in_order(child, page, alt_as_text)
    elif isinstance(node, int):
        yield page, int(node)
    elif isinstance(node, pikepdf.Dictionary):
        if node.get("/Type") == "/MCR":
            yield node.get("/Pg", page), int(node.MCID)
        elif "/Alt" in node and alt_as_text:
            yield str(node.Alt)
        elif "/S" in node or node.get("/Type") == "/StructTreeRoot":
            yield from marked_content_in_order(node.get("/K"), node.get("/Pg", page), alt_as_text)


def marked_content(pdf: pikepdf.Pdf, node: pikepdf.Object | None = None) -> list[list[int]]:
    """For each page, the MCIDs under a structure node (default: the whole tree) in structure order."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[list[int]] = [[] for _ in pages]
    node = node if node is not None else pdf.Root.get("/StructTreeRoot")
    for item in marked_content_in_order(node, None, alt_as_text=False):
        if not isinstance(item, str) and item[0] is not None and item[0].objgen in pages:
            found[pages[item[0].objgen]].append(item[1])
    return found


def figure_boxes(pdf: pikepdf.Pdf, contents: list[PageContent], elements: Sequence[StructElement] | None = None
                 ) -> Iterator[tuple[StructElement, int, Box, Box]]:
    """(Figure, page index, its Layout /BBox, the box of what it paints) for each picture that has a /BBox and
    paints on one page; `elements`: the tree's, when the caller has them."""
    for element in structure_elements(pdf) if elements is None else elements:
        bbox = element.attribute("/BBox") if element.role == "Figure" else None
        if not isinstance(bbox, pikepdf.Array) or len(bbox) != 4:
            continue
        painted = [(index, contents[index].mcid_boxes[m])
                   for index, mcids in enumerate(marked_content(pdf, element.obj))
                   for m in mcids if m in contents[index].mcid_boxes]
        if painted and len({index for index, _ in painted}) == 1:
            box = painted[0][1]
            for _, part in painted[1:]:
                box = union(box, part)
            yield element, painted[0][0], rectangle_box(bbox), box


def figure_mcids(pdf: pikepdf.Pdf, elements: Sequence[StructElement] | None = None) -> set[tuple[int, int]]:
    """(page number, MCID) of the marked content inside pictures; `elements`: the tree's, when the caller has them."""
    page_numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
    found = set()
    for element in structure_elements(pdf) if elements is None else elements:
        if element.role == "Figure":
            for item in marked_content_in_order(element.obj.get("/K"), element.page):
                if not isinstance(item, str) and item[0] is not None:
                    found.add((page_numbers.get(item[0].objgen, 0), item[1]))
    return found
