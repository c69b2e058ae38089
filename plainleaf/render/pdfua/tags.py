"""Mending the tags WeasyPrint writes: margin boxes as pagination artifacts, table headers' scope and the
IDTree, lists' items and bodies."""

from __future__ import annotations

import pikepdf

from ...pdfread.structure import orphan_marked_content
from .document import Document, Fault, kids_of, top_of

# Margin boxes (page numbers, running heads) -------------------------------------------------------------------

def _margin_box_text(document: Document) -> list[tuple[int, dict[int, str]]]:
    """(page index, {MCID: "/Header" or "/Footer"}) for text whose structure element is not in the tree and that
    lies above or below all the page's tagged text: what the margin boxes draw. Untagged text anywhere else is left
    for the audit to report, never hidden from screen readers."""
    found = []
    orphans = orphan_marked_content(document.pdf, document.contents, document.elements, document.parents)
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
    pdf, parents = document.pdf, document.parents
    for index, places in found:
        page = pdf.pages[index]
        instructions = []
        for instruction in document.instructions(index):
            operator = instruction.operator
            operands = instruction.operands if str(operator) == "BDC" else ()  # made Python objects when asked for
            properties = operands[1] if len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            if mcid is not None and int(mcid) in places:
                artifact = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name(places[int(mcid)]))
                instruction = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, artifact], operator)
            instructions.append(instruction)
        document.redraw(index, instructions)
        document.marked_as_artifacts(index, places.keys())
        elements = parents.get(int(page.obj.get("/StructParents", -1)))
        if isinstance(elements, pikepdf.Array):
            for mcid in places:
                if mcid < len(elements):
                    elements[mcid] = None  # an artifact has no structure element


# Tables --------------------------------------------------------------------------------------------------------

def _headers_without_scope(document: Document) -> list[pikepdf.Dictionary]:
    return [e.obj for e in document.elements if e.role == "TH" and e.attribute("/Scope") is None]


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
    return [e.obj for e in document.elements if "/ID" in e.obj]


def _add_id_tree(document: Document, elements: list[pikepdf.Dictionary]) -> None:
    tree = pikepdf.NameTree.new(document.pdf)
    for element in elements:
        tree[str(element.ID)] = element
    document.pdf.Root.StructTreeRoot.IDTree = tree.obj


# Lists ---------------------------------------------------------------------------------------------------------

def _empty_lists(document: Document) -> list[pikepdf.Dictionary]:
    return [e.obj for e in document.elements if e.role == "L" and not e.kids()]


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
    return [e.obj for e in document.elements if e.role == "LI"
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
    for element in document.elements:
        parent = element.obj.get("/P")
        if element.role == "L" and parent is not None and parent.get("/S") == "/L":
            kids = kids_of(parent)
            index = next(i for i, k in enumerate(kids) if k.objgen == element.obj.objgen)
            if index > 0 and kids[index - 1].get("/S") == "/LI":
                found.append(element.obj)
    return found


def _move_into_their_item(document: Document, lists: list[pikepdf.Dictionary]) -> None:
    """Each list goes into the body of the item before it, among the body's blocks where it is on the page."""
    for nested in lists:
        parent = nested.P
        kids = kids_of(parent)
        index = next(i for i, k in enumerate(kids) if k.objgen == nested.objgen)
        item = kids[index - 1]
        body = next((k for k in kids_of(item) if k.get("/S") == "/LBody"), None)
        if body is None:
            body = document.pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=item, K=pikepdf.Array()))
            item.K = pikepdf.Array([*kids_of(item), body])
        parent.K = pikepdf.Array(kids[:index] + kids[index + 1:])
        blocks = kids_of(body)
        top = top_of(document, nested)
        place = next((i for i, block in enumerate(blocks) if top is not None and
                      (below := top_of(document, block)) is not None and below < top), len(blocks))
        body.K = pikepdf.Array([*blocks[:place], nested, *blocks[place:]])
        nested.P = body


TAG_FAULTS = (
    Fault("text in @page margin boxes is tagged but never attached to the structure tree",
          _margin_box_text, _make_pagination_artifacts),
    Fault("<th scope> does not become /Scope on TH", _headers_without_scope, _add_scope),
    Fault("TD /Headers name TH ids but there is no /IDTree", _ids_without_id_tree, _add_id_tree),
    Fault("an empty <ul>, <ol> or <dl> becomes a list (L) with no items", _empty_lists, _remove_elements,
          reshapes=True),
    Fault("a second block inside <li> is tagged beside LBody, not in it", _list_items_with_loose_content,
          _move_into_list_body, reshapes=True),
    Fault("a list inside a list item is tagged beside the item, not in its body", _lists_beside_their_item,
          _move_into_their_item, reshapes=True),
)
