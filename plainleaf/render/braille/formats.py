"""BANA's formats as blocks: headings (BF 4), paragraphs, boxes (BF 7), blocks set apart by blank lines, list and
reference markers, the items of the transcriber's title page (BF 2.3.3c)."""

from __future__ import annotations

from dataclasses import replace

from .blocks import BOX_BOTTOM, BOX_TOP, Block, Line, Run
from .codes import BrailleCode
from .inlines import runs


def heading(level: int, lines: tuple[Line, ...], anchors: tuple[str, ...], line: int | None) -> Block:
    """BF 4.4: a centred heading, three blank cells at least on each side, a blank line before and after; BF 4.5
    and 4.6: cell-5 and cell-7 headings, blocked, a blank line before and none after (the pager leaves out the
    one before a heading that follows another: BF 4.5.6, 4.5.7). Each is kept with what follows (BF 4.3.9)."""
    if level <= 1:
        return Block("heading-1", lines, 0, 0, centered=True, blank_before=True, blank_after=True,
                     keep_with_next=True, anchors=anchors, line=line)
    cell = 4 if level == 2 else 6
    return Block(f"heading-{min(level, 3)}", lines, cell, cell, blank_before=True, keep_with_next=True,
                 anchors=anchors, line=line)


def paragraph(lines: tuple[Line, ...], anchors: tuple[str, ...] = (), line: int | None = None,
              role: str = "paragraph") -> Block:
    return Block(role, lines, 2, 0, anchors=anchors, line=line)


def box(label: str, level: int, anchors: tuple[str, ...], inside: list[Block], line: int | None) -> list[Block]:
    """BF 7: a blank line before the top box line and after the bottom one (7.2.1), none after the top or
    before the bottom (7.2.1c-d); the box lines run the full width (7.3.3). The label is the box's heading, on
    the line after the top box line (4.3.5), one level below the heading the box is under (4.7.1)."""
    if inside:
        inside[0] = replace(inside[0], blank_before=False)
        inside[-1] = replace(inside[-1], blank_after=False)
    top = Block("box-top", (), 0, 0, rule=BOX_TOP, blank_before=True, keep_with_next=True, anchors=anchors,
                line=line)
    label_heading = replace(heading(level, (runs(label),), (), line), joined=True)
    bottom = Block("box-bottom", (), 0, 0, rule=BOX_BOTTOM, joined=True, blank_after=True, line=line)
    return [top, label_heading, *inside, bottom]


def set_apart(blocks: list[Block]) -> list[Block]:
    """Blocks with a blank line before the first and after the last (lists, tables, displays)."""
    if blocks:
        blocks[0] = replace(blocks[0], blank_before=True)
        blocks[-1] = replace(blocks[-1], blank_after=True)
    return blocks


def marker(code: BrailleCode, number: int | None) -> Line:
    """What starts a list item: its number as printed, or the code's bullet (none in a code without one)."""
    if number is not None:
        return (Run(f"{number}. "),)
    return (Run(f"{code.bullet} "),) if code.bullet else ()


def title_item(text: str) -> Block:
    """An item of the title page: 1-3 (BF 2.3.3c)."""
    return Block("title-page", (runs(text),), 0, 2)
