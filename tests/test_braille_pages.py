"""Laying out braille cells in lines and pages (no liblouis: the cells here stand one for each print character)."""

from __future__ import annotations

import pytest

from plainleaf.render.braille.blocks import Block
from plainleaf.render.braille.louis import Translation
from plainleaf.render.braille.pages import BLANK, CHANGE, COLS, HYPHEN, ROWS, lay_out
from plainleaf.render.braille.translate import CODES, BrailleText, SetBlock

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-/.:@"


def cells(text: str) -> str:
    """A stand-in for braille: one cell per character, a blank cell for a space."""
    return "".join(BLANK if ch == " " else chr(0x2801 + ALPHABET.index(ch.lower())) for ch in text)


def fake(text: str) -> Translation:
    return Translation(text, cells(text), tuple(range(len(text))))


def setblock(words: str = "", role: str = "paragraph", **layout) -> SetBlock:
    return SetBlock(Block(role, ((),), **layout), (fake(words),) if words else ())


def pages(*blocks: SetBlock, title: tuple[SetBlock, ...] = (), head: str = "Head", print_start: int | None = 1):
    text = BrailleText(title, blocks, fake(head), lambda label: cells(label), CODES["en"], {})
    return lay_out(text, print_start).pages


def shown(row: str) -> str:
    """A row back in print characters (blank cells as spaces), to read the layout."""
    chars = {cells(ch): ch for ch in ALPHABET}
    return "".join(" " if c == BLANK else chars.get(c, "?") for c in row)


LOREM = " ".join(f"word{n % 10}" for n in range(1000))


def test_every_page_is_25_rows_of_at_most_40_cells_with_its_number_at_the_foot():
    laid = pages(setblock(LOREM))
    assert len(laid) > 3
    for n, page in enumerate(laid, start=1):
        assert len(page.rows) == ROWS
        assert all(len(row) <= COLS for row in page.rows)
        assert page.rows[-1].endswith(cells(str(n))) and page.number == str(n)
        text = page.rows[-1][:-len(cells(str(n)))]
        assert text.endswith(BLANK * 3) or not text.strip(BLANK)  # three blank cells before the page number


def test_lines_break_only_between_words():
    laid = pages(setblock(LOREM))
    words = [w for page in laid for row in page.rows[1:] for w in shown(row).split()]
    page_numbers = {str(n) for n in range(1, len(laid) + 1)}
    assert [w for w in words if w not in page_numbers] == LOREM.split()


def test_a_paragraph_starts_in_cell_3_and_runs_over_to_cell_1():
    rows = pages(setblock(LOREM[:200]))[0].rows
    assert rows[1].startswith(BLANK * 2) and not rows[1][2] == BLANK
    assert rows[2][0] != BLANK


def test_line_1_has_the_running_head_centred_and_the_print_page_at_the_right():
    rows = pages(setblock("a few words"), head="Medicine")[0].rows
    head = rows[0]
    assert shown(head).strip().startswith("medicine") and head.endswith(cells("1"))
    start = len(head) - len(head.lstrip(BLANK))
    assert abs(start - (COLS - len("medicine")) // 2) <= 1


def test_a_print_page_change_line_runs_to_the_new_number():
    laid = pages(setblock("first page text"), setblock("second page text", print_pages=(2,)))
    change = laid[0].rows[2]
    assert change == CHANGE * (COLS - 1) + cells("2")
    assert laid[0].print_changes == ("2",)


def test_a_print_page_that_begins_at_the_top_of_a_braille_page_is_on_line_1():
    laid = pages(*[setblock("x") for _ in range(ROWS - 1)], setblock("next", print_pages=(2,)))
    assert laid[1].print_page == "2" and laid[1].rows[0].endswith(cells("2"))
    assert CHANGE not in "".join(laid[0].rows + laid[1].rows[1:]) and laid[1].print_changes == ()


def test_a_print_page_continued_on_another_braille_page_gets_a_letter():
    laid = pages(setblock(LOREM))
    assert [p.print_page for p in laid[:3]] == ["1", "a1", "b1"]
    assert laid[1].rows[0].endswith(cells("a1"))


def test_print_pages_without_text_of_their_own_share_one_change_line():
    laid = pages(setblock("text"), setblock("later", print_pages=(3, 4)))
    assert laid[0].print_changes == ("3-4",) and laid[0].rows[2].endswith(cells("3-4"))


def test_a_change_line_is_never_on_line_25():
    for filler in range(18, 26):
        laid = pages(*[setblock("x") for _ in range(filler)], setblock("new page text", print_pages=(2,)))
        for page in laid:
            assert not page.rows[-1].startswith(CHANGE)


def test_a_heading_is_never_the_last_line_of_a_page():
    for filler in range(18, 26):
        heading = setblock("heading words", "heading-2", first=4, runover=4, blank_before=True, keep_with_next=True)
        laid = pages(*[setblock("x") for _ in range(filler)], heading, setblock("text after the heading"))
        for page in laid:
            for n, row in enumerate(page.rows):
                if shown(row).strip() == "heading words":
                    assert shown(page.rows[n + 1]).startswith("  text after")


def test_blank_lines_are_dropped_at_the_top_of_a_page_and_after_a_cell_5_heading():
    heading = setblock("heading", "heading-2", first=4, runover=4, blank_before=True, keep_with_next=True)
    rows = pages(heading, setblock("item", first=0, runover=2, blank_before=True))[0].rows
    assert shown(rows[1]).strip() == "heading" and shown(rows[2]).strip() == "item"


def test_a_centred_heading_has_a_blank_line_after_it():
    heading = setblock("title", "heading-1", first=0, runover=0, centered=True, blank_before=True,
                       blank_after=True, keep_with_next=True)
    rows = pages(heading, setblock("text"))[0].rows
    assert shown(rows[1]).strip() == "title" and rows[2] == "" and shown(rows[3]).strip() == "text"
    assert rows[1].startswith(BLANK * ((COLS - 5) // 2))


@pytest.mark.parametrize("address", ["https://www.example.org/a/very/long/path/to/some/page-on-the-site.html",
                                     "someone.with.a.long.name@a-long-domain.example.org"])
def test_a_long_address_divides_after_its_punctuation_without_a_hyphen(address):
    rows = [r for r in pages(setblock(address, first=0, runover=0))[0].rows[1:-1] if r]
    assert len(rows) == 2 and all(len(r) <= COLS for r in rows)
    assert shown(rows[0])[-1] in "/.@-" and "".join(shown(r) for r in rows) == address


def test_a_long_word_divides_between_letters_with_a_hyphen():
    word = "pneumonoultramicroscopicsilicovolcanoconiosis"
    rows = [r for r in pages(setblock(word, first=0, runover=0))[0].rows[1:-1] if r]
    assert len(rows) == 2 and rows[0].endswith(HYPHEN) and len(rows[0]) <= COLS
    assert shown(rows[0][:-1]) + shown(rows[1]) == word


def test_a_division_never_falls_inside_the_cells_of_one_character():
    # "⠠⠞" are two cells of one print letter (a capital): they stay together
    word = "a" * 38 + "T" + "b" * 10
    translation = Translation(word, cells(word[:38]) + "⠠⠞" + cells(word[39:]),
                              (*range(38), 38, 38, *range(39, len(word))))
    block = SetBlock(Block("p", ((),), first=0, runover=0), (translation,))
    rows = [r for r in pages(block)[0].rows[1:-1] if r]
    assert not rows[0].endswith("⠠")


def test_the_title_page_has_no_running_head_and_is_numbered_p1():
    title = (setblock("the title", "title", centered=True),)
    laid = pages(setblock("body"), title=title)
    assert laid[0].number == "p1" and shown(laid[0].rows[0]).strip() == "the title"
    assert laid[0].rows[-1].endswith(cells("p1")) and laid[1].number == "1"


def test_without_a_page_map_there_are_no_print_page_indicators():
    laid = pages(setblock(LOREM), print_start=None)
    assert all(p.print_page == "" for p in laid)
    assert shown(laid[1].rows[0]).strip() == "head"


def test_placements_say_where_each_block_began_and_under_which_print_page():
    text = BrailleText((), (setblock("a", anchors=("x",)), setblock(LOREM[:1500], anchors=("y",)),
                            setblock("b", anchors=("z",), print_pages=(2,))), fake("h"), cells, CODES["en"], {})
    placements = lay_out(text, 1).placements
    assert [(p.anchors, p.print_page) for p in placements] == [(("x",), 1), (("y",), 1), (("z",), 2)]
    assert placements[2].page == 1


def test_a_hyphenated_word_divides_at_its_own_hyphen():
    word = "neuroendocrine-tumors-large-print-letter-edition"
    rows = [r for r in pages(setblock(word, first=0, runover=0))[0].rows[1:-1] if r]
    assert shown(rows[0]) == "neuroendocrine-tumors-large-print-" and shown(rows[1]) == "letter-edition"


def test_a_division_never_splits_a_contraction():
    # "⠻" stands for the two letters "er" (as liblouis contracts them): no division on either side of it
    word = "a" * 37 + "er" + "b" * 10
    translation = Translation(word, cells(word[:37]) + "⠻" + cells(word[39:]),
                              (*range(37), 37, *range(39, len(word))))
    rows = [r for r in pages(SetBlock(Block("p", ((),), first=0, runover=0), (translation,)))[0].rows[1:-1] if r]
    assert rows[0].endswith(HYPHEN) and "⠻" not in (rows[0][-2], rows[1][0])
