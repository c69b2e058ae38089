"""render/printorder.py: print's arrangement of a section's blocks (moved pictures, cut call-outs, stacked tables)
as new frozen nodes, the parsed tree left as it is."""

from __future__ import annotations

import copy
import textwrap

from plainleaf.render.pagination import NO_BREAKS, PageBreaks
from plainleaf.render.printorder import ContinuedCallout, CutList, StackedTable, print_blocks
from plainleaf.source import tree
from plainleaf.source.parse import parse_handout


def blocks_of(handout_file, body: str) -> tuple[tree.Block, ...]:
    return parse_handout(handout_file(body=textwrap.dedent(body))).body[0].children


def ids(blocks) -> list[str | None]:
    return [getattr(b, "id", None) or type(b).__name__ for b in blocks]


def test_without_breaks_the_blocks_are_the_parsers(handout_file):
    blocks = blocks_of(handout_file, "## Why\n\nOne.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert print_blocks(blocks, NO_BREAKS, set()) == blocks


def test_a_moved_picture_follows_the_block_after_it_and_a_list_whole(handout_file):
    blocks = blocks_of(handout_file, """\
        ## Why

        ![A hand](images/hand.png)

        Text.

        ![A dot](images/dot.png)

        - one
        - two

        End.
        """)
    before = copy.deepcopy(blocks)
    moved = print_blocks(blocks, PageBreaks(moved=(("why_1", "why_2"), ("why_3", "why_4"))), set())
    assert ids(moved) == ["why_2", "why_1", "List", "why_3", "why_6"]
    assert blocks == before  # the parsed tree is untouched


def test_a_callout_cut_at_a_list_item_closes_the_list_and_numbers_it_on(handout_file):
    (box,) = blocks_of(handout_file, """\
        ## Why

        ::: important
        Before.

        1. one
        2. two
        3. three

        After.
        :::
        """)
    first, continued, last = print_blocks((box,), PageBreaks(cut=((box.id, "why_5"), (box.id, "why_6"))), set())
    assert isinstance(first, tree.Callout) and isinstance(continued, ContinuedCallout)
    assert (continued.id, continued.label_id, last.id) == ("why_1--continued-1", box.label_id, "why_1--continued-2")
    head, tail = first.children[1], continued.children[0]
    assert isinstance(head, CutList) and [i.id for i in head.items] == ["why_3", "why_4"] and head.before_cut
    assert tail.after_cut and tail.start == 3 and [i.id for i in tail.items] == ["why_5"]
    assert ids(last.children) == ["why_6"]


def test_a_callout_cut_at_its_lists_first_item_leaves_no_empty_list_before_the_cut(handout_file):
    (box,) = blocks_of(handout_file, """\
        ## Why

        ::: important
        Before.

        - one
        - two
        :::
        """)
    first, continued = print_blocks((box,), PageBreaks(cut=((box.id, "why_3"),)), set())
    assert ids(first.children) == ["why_2"]  # an empty <ul></ul> would be a list with no items in the PDF's tags
    (tail,) = continued.children
    assert isinstance(tail, CutList) and [i.id for i in tail.items] == ["why_3", "why_4"]


def test_a_stacked_table_is_a_row_table_per_row_headed_by_the_columns_headers(handout_file):
    (table,) = blocks_of(handout_file, """\
        ## Why

        | Medicine | Dose |
        |---|---|
        | Pill | one |
        | Drops | |
        """)
    (stacked,) = print_blocks((table,), NO_BREAKS, {table.id})
    assert isinstance(stacked, StackedTable) and stacked.id == table.id
    assert [row.id for row in stacked.rows] == [row.id for row in table.body]
    first, second = stacked.rows
    assert [(tree.plain_text(line.header), tree.plain_text(line.cell)) for line in first.lines] == [
        ("Medicine", "Pill"), ("Dose", "one")]
    assert first.lines[0].header is table.head[0].cells[0].children  # printed as written, once
    assert [(tree.plain_text(line.header), tree.plain_text(line.cell)) for line in second.lines] == [
        ("Medicine", "Drops")]  # an empty cell prints no line
