"""Print's own arrangement of a section's blocks, decided before its HTML is written: the pictures pagination moved,
the call-outs it cut at page ends, the tables too wide for the line set as a block of row tables. The result is
new frozen nodes (the parsed tree stays as it is); the EPUB, reflowed by its reader, keeps the blocks as written."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from ..source import tree
from .pagination import PageBreaks

Blocks = tuple[tree.Block, ...]


@dataclass(frozen=True)
class ContinuedCallout(tree.Block):
    """The part of a call-out after a page end print cut it at: a box of its own that starts the next page, named
    by the box's label (print.css draws the label again with "(continued)")."""

    kind: tree.CalloutKind
    children: Blocks
    id: str  # "<box id>--continued-<n>"
    label_id: str


@dataclass(frozen=True)
class CutList(tree.List):
    """A list a call-out's cut passes through: its items on one side of the cut. A list after a cut is numbered
    on (`start` always printed); a list before one closes right at the cut."""

    after_cut: bool = False
    before_cut: bool = False


@dataclass(frozen=True)
class StackedLine(tree.Node):
    """One line of a row printed as a block: its column's header, and the cell."""

    header: tuple[tree.Inline, ...]
    cell: tuple[tree.Inline, ...]


@dataclass(frozen=True)
class RowTable(tree.Node):
    """A row of a stacked table, as a small table of its own: one line per cell with words."""

    lines: tuple[StackedLine, ...]
    id: str  # the row's


@dataclass(frozen=True)
class StackedTable(tree.Block):
    """A table too wide for the line, printed as a block per row: a screen reader of the PDF still meets tables,
    each regular (a header cell and a data cell per row), where a table of blocks with its header row hidden
    would have no header cells and ragged rows."""

    rows: tuple[RowTable, ...]
    id: str  # the table's


def print_blocks(blocks: Blocks, breaks: PageBreaks, stacked: Collection[str]) -> Blocks:
    """A section's blocks as print sets them: pictures moved, call-outs cut, the `stacked` tables (by id) set as
    blocks of rows."""
    for picture, follows in breaks.moved:
        blocks = _move_picture(blocks, picture, follows)
    blocks = _cut_callouts(blocks, breaks)
    return _stack_tables(blocks, stacked) if stacked else blocks


def _within(block: tree.Block, change: Callable[[Blocks], Blocks]) -> tree.Block:
    """The block with `change` made to the blocks it holds (a list: to its items')."""
    if isinstance(block, tree.Callout | tree.Quote | tree.ListItem | ContinuedCallout):
        return replace(block, children=change(block.children))
    if isinstance(block, tree.List):
        return replace(block, items=tuple(replace(item, children=change(item.children)) for item in block.items))
    return block


def _block_id(block: tree.Block) -> str | None:
    """The id pagination knows a block by: its own, or a list's first item's."""
    if isinstance(block, tree.List):
        return block.items[0].id if block.items else None
    return getattr(block, "id", None)


def _move_picture(blocks: Blocks, picture: str, follows: str) -> Blocks:
    """The picture `picture` moved after the block `follows` that comes after it among its neighbours (which then
    fills the page the picture was pushed off)."""
    at = next((i for i, b in enumerate(blocks) if isinstance(b, tree.Figure) and b.id == picture), None)
    if at is None:
        return tuple(_within(block, lambda inner: _move_picture(inner, picture, follows)) for block in blocks)
    after = next((i for i in range(at + 1, len(blocks)) if _block_id(blocks[i]) == follows), None)
    if after is None:
        return blocks
    return (*blocks[:at], *blocks[at + 1:after + 1], blocks[at], *blocks[after + 1:])


def _cut_callouts(blocks: Blocks, breaks: PageBreaks) -> Blocks:
    out: list[tree.Block] = []
    for block in blocks:
        block = _within(block, lambda inner: _cut_callouts(inner, breaks))
        points = breaks.cuts(block.id) if isinstance(block, tree.Callout) else []
        out += _cut(block, points) if isinstance(block, tree.Callout) and points else [block]
    return tuple(out)


def _cut(box: tree.Callout, points: Sequence[str]) -> list[tree.Block]:
    """A call-out cut before each of `points` (its own blocks, or items of a list that is one of them): the box,
    then a continued box for each part. A list cut between its items closes before the cut and opens again
    after it, numbered on."""
    part_of = {point: n for n, point in enumerate(points, start=1)}
    parts: list[tuple[int, list[tree.Block]]] = [(0, [])]
    for child in box.children:
        if isinstance(child, tree.List) and any(item.id in part_of for item in child.items):
            start, after_cut = 0, False
            for i, item in enumerate(child.items):
                if item.id in part_of:
                    if i > start:  # a cut before the list's first item leaves no list before it
                        parts[-1][1].append(_list_part(child, start, i, after_cut, before_cut=True))
                    parts.append((part_of[item.id], []))
                    start, after_cut = i, True
            parts[-1][1].append(_list_part(child, start, len(child.items), after_cut, before_cut=False))
            continue
        if not isinstance(child, ContinuedCallout) and getattr(child, "id", None) in part_of:
            parts.append((part_of[child.id], []))  # type: ignore[attr-defined]
        parts[-1][1].append(child)
    first = replace(box, children=tuple(parts[0][1]))
    return [first, *(ContinuedCallout(box.line, box.column, box.kind, tuple(blocks), f"{box.id}--continued-{n}",
                                      box.label_id) for n, blocks in parts[1:])]


def _list_part(listed: tree.List, start: int, end: int, after_cut: bool, before_cut: bool) -> CutList:
    return CutList(listed.line, listed.column, listed.ordered, listed.start + start, listed.tight,
                   listed.items[start:end], after_cut, before_cut)


def _stack_tables(blocks: Blocks, stacked: Collection[str]) -> Blocks:
    return tuple(_stacked(block) if isinstance(block, tree.Table) and block.id in stacked
                 else _within(block, lambda inner: _stack_tables(inner, stacked)) for block in blocks)


def _stacked(table: tree.Table) -> StackedTable:
    """A table as its block of row tables: each cell with words on a line of its own, headed by its column's
    header ("Medicine: Lisinopril"). The first row prints each header as written (its citations are anchored
    there); the others its words only, so that no anchor's id is printed twice."""
    headers = [cell.children for row in table.head for cell in row.cells]
    again = [_words(header) for header in headers]
    rows = []
    for n, row in enumerate(table.body):
        labels = headers if n == 0 else again
        lines = tuple(StackedLine(cell.line, cell.column, labels[column] if column < len(labels) else (),
                                  cell.children)
                      for column, cell in enumerate(row.cells) if cell.children)
        rows.append(RowTable(row.line, row.column, lines, row.id))
    return StackedTable(table.line, table.column, tuple(rows), table.id)


def _words(inlines: tuple[tree.Inline, ...]) -> tuple[tree.Inline, ...]:
    """A header's words as plain text, spaces run together (no citations, links or pictures)."""
    parts = []
    for node in tree.walk(*inlines):
        match node:
            case tree.Text(text=text) | tree.Code(text=text):
                parts.append(text)
            case tree.SoftBreak() | tree.HardBreak():
                parts.append(" ")
    words = " ".join("".join(parts).split())
    return (tree.Text(inlines[0].line, None, words),) if words else ()
