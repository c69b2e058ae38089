"""Laying out braille cells in lines and pages (no liblouis: the cells here stand one for each print character)."""

from __future__ import annotations

import pytest

from plainleaf.render.braille.blocks import BOX_BOTTOM, BOX_TOP, Block
from plainleaf.render.braille.codes import CODES
from plainleaf.render.braille.lines import HYPHEN
from plainleaf.render.braille.louis import Translation
from plainleaf.render.braille.pages import BLANK, CHANGE, COLS, ROWS, lay_out_body, lay_out_title
from plainleaf.render.braille.translate import BrailleText, SetBlock

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-/.:@–(),"


def cells(text: str) -> str:
    """A stand-in for braille: one cell per character, a blank cell for a space."""
    return "".join(BLANK if ch == " " else chr(0x2801 + ALPHABET.index(ch.lower())) for ch in text)


def fake(text: str) -> Translation:
    return Translation(text, cells(text), tuple(range(len(text))))


def setblock(words: str = "", role: str = "paragraph", guide: str | None = None, **layout) -> SetBlock:
    return SetBlock(Block(role, ((),), **layout), (fake(words),) if words else (), guide and cells(guide))


def text(*blocks: SetBlock, head: str = "Head") -> BrailleText:
    return BrailleText((), blocks, fake(head), cells, CODES["en"], {}, lambda block: SetBlock(block, ()))


def pages(*blocks: SetBlock, head: str = "Head", print_start: int | None = 1):
    return lay_out_body(text(*blocks, head=head), print_start).pages


def heading(words: str, cell: int = 4, **layout) -> SetBlock:
    """A cell-5 heading (cell=6: cell 7), as formats.py makes them."""
    return setblock(words, f"heading-{2 if cell == 4 else 3}", first=cell, runover=cell, blank_before=True,
                    keep_with_next=True, **layout)


def content(page) -> list[str]:
    """A page's rows as print characters, without its running head (from page 2) or its page number."""
    rows = list(page.rows[1:] if page.number != "1" else page.rows)
    rows[-1] = rows[-1][:-len(cells(page.number))]
    return [shown(row).rstrip() for row in rows]


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
    laid = pages(setblock(LOREM), print_start=None)
    words = [w for page in laid for row in content(page) for w in row.split()]
    assert words == LOREM.split()


def test_a_paragraph_starts_in_cell_3_and_runs_over_to_cell_1():
    rows = pages(setblock(LOREM[:200]))[0].rows
    assert rows[0].startswith(BLANK * 2) and not rows[0][2] == BLANK
    assert rows[1][0] != BLANK


def test_page_1_has_no_running_head_its_line_1_ends_with_the_print_page():
    # BF 1.8.2: no running head on the first page of text, where the complete title is (1.8.1)
    title = setblock("the title", "heading-1", centered=True, blank_before=True, blank_after=True,
                     keep_with_next=True)
    first, second = pages(title, setblock(LOREM[:1500]), head="Medicine")[:2]
    assert shown(first.rows[0]).split() == ["the", "title", "1"] and "medicine" not in shown(first.rows[0])
    assert first.rows[0].endswith(BLANK * 3 + cells("1")) or len(shown(first.rows[0]).rstrip("1")) < COLS - 3
    assert first.rows[1] == "" and shown(first.rows[2]).startswith("  word0")
    assert shown(second.rows[0]).strip().startswith("medicine")


def test_line_1_has_the_running_head_centred_and_the_print_page_at_the_right():
    rows = pages(setblock(LOREM[:1500]), head="Medicine")[1].rows
    head = rows[0]
    assert shown(head).strip().startswith("medicine") and head.endswith(BLANK * 3 + cells("a1"))
    start = len(head) - len(head.lstrip(BLANK))
    assert abs(start - (COLS - len("medicine")) // 2) <= 1


def test_a_print_page_change_line_runs_to_the_new_number():
    laid = pages(setblock("first page text"), setblock("second page text", print_pages=(2,)))
    change = laid[0].rows[1]
    assert change == CHANGE * (COLS - 1) + cells("2")
    assert laid[0].print_changes == ("2",)


def test_a_print_page_that_begins_at_the_top_of_a_braille_page_is_on_line_1():
    laid = pages(*[setblock("x") for _ in range(ROWS)], setblock("next", print_pages=(2,)))
    assert laid[1].print_page == "2" and laid[1].rows[0].endswith(cells("2"))
    assert CHANGE not in "".join(laid[0].rows + laid[1].rows[1:]) and laid[1].print_changes == ()


def test_a_print_page_continued_on_another_braille_page_gets_a_letter():
    laid = pages(setblock(LOREM))
    assert [p.print_page for p in laid[:3]] == ["1", "a1", "b1"]
    assert laid[1].rows[0].endswith(cells("a1"))


def test_print_pages_without_text_of_their_own_share_one_change_line():
    laid = pages(setblock("text"), setblock("later", print_pages=(3, 4)))
    assert laid[0].print_changes == ("3-4",) and laid[0].rows[1].endswith(cells("3-4"))


def test_a_change_line_is_never_on_line_25():
    for filler in range(18, 26):
        laid = pages(*[setblock("x") for _ in range(filler)], setblock("new page text", print_pages=(2,)))
        for page in laid:
            assert not page.rows[-1].startswith(CHANGE)


def test_a_heading_is_never_the_last_line_of_a_page():
    for filler in range(18, 26):
        laid = pages(*[setblock("x") for _ in range(filler)], heading("heading words"),
                     setblock("text after the heading"))
        for page in laid:
            for n, row in enumerate(page.rows):
                if shown(row).strip() == "heading words":
                    assert shown(page.rows[n + 1]).startswith("  text after")


def test_no_blank_line_on_line_1_of_a_page_without_running_head_nor_after_a_cell_5_heading():
    # BF 4.3.1 (a heading may be on line 1 without a running head); 4.5.3 (the heading takes the list's blank line)
    rows = pages(heading("heading"), setblock("item", first=0, runover=2, blank_before=True))[0].rows
    assert shown(rows[0]).strip().startswith("heading") and shown(rows[1]).strip() == "item"


def test_after_a_running_head_a_heading_goes_on_line_3():
    # BF 4.3.2: line 2 stays blank before a heading at the top of a page that has a running head; 1.8.2a: before
    # text that needs none, there is no blank line
    for filler in range(20, 28):
        laid = pages(*[setblock("x") for _ in range(filler)], heading("next"), setblock("text"))
        page = next(page for page in laid if any(shown(row).strip() == "next" for row in page.rows))
        row = next(n for n, r in enumerate(page.rows) if shown(r).strip() == "next")
        if page.number != "1" and row <= 2:
            assert row == 2 and page.rows[1] == ""
    paragraph_page = pages(*[setblock("x") for _ in range(ROWS)], setblock("text"))[1]
    assert shown(paragraph_page.rows[1]).strip() == "text"


def test_a_cell_7_heading_has_a_blank_line_before_it_but_not_after_a_cell_5_heading():
    # BF 4.6.2
    rows = pages(setblock("text"), heading("sub", 6), setblock("more"), heading("main"), heading("subsub", 6),
                 setblock("end"))[0].rows
    texts = [" ".join(shown(r).split()) for r in rows[:8]]
    assert texts[:7] == ["text 1", "", "sub", "more", "", "main", "subsub"]
    assert rows[2].startswith(BLANK * 6) and not rows[2][6] == BLANK


def test_a_centred_heading_has_a_blank_line_after_it():
    title = setblock("title", "heading-1", first=0, runover=0, centered=True, blank_before=True,
                     blank_after=True, keep_with_next=True)
    rows = pages(setblock("text"), title, setblock("text"))[0].rows
    assert rows[1] == "" and shown(rows[2]).strip() == "title" and rows[3] == "" and shown(rows[4]).strip() == "text"
    assert rows[2].startswith(BLANK * ((COLS - 5) // 2))


def test_a_long_centred_heading_is_divided_evenly():
    # BF 4.4.3: the lines balanced, three blank cells at least on each side (4.4.2)
    words = "one two three four five six seven eight nine ten eleven twelve"  # 63 cells: two lines of 34 at most
    rows = [r for r in pages(setblock(words, "heading-1", centered=True), print_start=None)[0].rows if r.strip(BLANK)]
    assert len(rows[:2]) == 2 and abs(len(rows[0].strip(BLANK)) - len(rows[1].strip(BLANK))) <= 6
    assert all(len(r) - len(r.lstrip(BLANK)) >= 3 and len(r) <= COLS - 3 for r in rows[:2])


def test_a_print_page_change_line_and_the_blank_lines_around_it():
    # BF 1.11.3b: after a list, a blank line before the change line; 1.11.3c-d: before a heading, after it, and
    # only there when both want one
    def starts(rows: tuple[str, ...]) -> list[str]:
        return ["change" if r.startswith(CHANGE) else shown(r).strip()[:4] for r in rows[:4]]

    item = setblock("item", first=0, runover=2, blank_before=True, blank_after=True)
    assert starts(pages(item, setblock("text", print_pages=(2,)))[0].rows) == ["item", "", "change", "text"]
    rows = pages(item, heading("head", print_pages=(2,)), setblock("text"))[0].rows
    assert starts(rows) == ["item", "change", "", "head"]
    rows = pages(setblock("text"), heading("head", print_pages=(2,)), setblock("text"))[0].rows
    assert starts(rows) == ["text", "change", "", "head"]


def test_box_lines_run_the_full_width_with_the_boxs_heading_on_the_next_line():
    # BF 7.2.1 (a blank line before and after a box, none inside it), 7.3.3 (the lines across the page), 4.3.5
    top = setblock("", "box-top", rule=BOX_TOP, blank_before=True, keep_with_next=True)
    label = setblock("tip", "heading-3", first=6, runover=6, blank_before=True, keep_with_next=True, joined=True)
    bottom = setblock("", "box-bottom", rule=BOX_BOTTOM, joined=True, blank_after=True)
    rows = pages(setblock("text"), top, label, setblock("inside"), bottom, setblock("after"), print_start=None)[0].rows
    assert rows[1] == "" and rows[2] == BOX_TOP * COLS and shown(rows[3]).strip() == "tip"
    assert shown(rows[4]).strip() == "inside" and rows[5] == BOX_BOTTOM * COLS and rows[6] == ""


@pytest.mark.parametrize("address", ["https://www.example.org/a/very/long/path/to/some/page-on-the-site.html",
                                     "someone.with.a.long.name@a-long-domain.example.org"])
def test_a_long_address_divides_after_its_punctuation_without_a_hyphen(address):
    rows = [r for r in pages(setblock(address, first=0, runover=0), print_start=None)[0].rows[:-1] if r]
    assert len(rows) == 2 and all(len(r) <= COLS for r in rows)
    assert shown(rows[0])[-1] in "/.@-" and "".join(shown(r) for r in rows) == address


def test_a_long_word_divides_between_letters_with_a_hyphen():
    word = "pneumonoultramicroscopicsilicovolcanoconiosis"
    rows = [r for r in pages(setblock(word, first=0, runover=0), print_start=None)[0].rows[:-1] if r]
    assert len(rows) == 2 and rows[0].endswith(HYPHEN) and len(rows[0]) <= COLS
    assert shown(rows[0][:-1]) + shown(rows[1]) == word


def test_a_division_never_falls_inside_the_cells_of_one_character():
    # "⠠⠞" are two cells of one print letter (a capital): they stay together
    word = "a" * 38 + "T" + "b" * 10
    translation = Translation(word, cells(word[:38]) + "⠠⠞" + cells(word[39:]),
                              (*range(38), 38, 38, *range(39, len(word))))
    block = SetBlock(Block("p", ((),), first=0, runover=0), (translation,))
    rows = [r for r in pages(block, print_start=None)[0].rows[:-1] if r]
    assert not rows[0].endswith("⠠")


def test_the_title_page_in_1_3_from_its_first_line_to_its_last_numbered_t1():
    # BF 2.3.3: 1-3 for every item, no blank line inside a segment, text on the first and the last line, the
    # blank lines spread evenly between segments; 1.15.1b: t1
    def item(words: str) -> SetBlock:
        return setblock(words, "title-page", first=0, runover=2)

    segments = [(item("the title"), item("the subtitle")), (item("the clinic"),), (item(LOREM[:60]),),
                (item("braille pages"),)]
    (page,) = lay_out_title(segments, cells)
    texts = [shown(r).rstrip() for r in page.rows]
    assert page.number == "t1" and len(page.rows) == ROWS and texts[:2] == ["the title", "the subtitle"]
    assert texts[-1].startswith("braille pages") and page.rows[-1].endswith(cells("t1"))
    filled = [n for n, t in enumerate(texts) if t]
    gaps = [b - a - 1 for a, b in zip(filled, filled[1:], strict=False) if b - a > 1]
    assert len(gaps) == 3 and max(gaps) - min(gaps) <= 1
    assert texts[filled[4]].startswith("  word")  # the runover of the long item, in cell 3


def test_a_title_page_too_full_for_one_page_runs_on_to_t2():
    segments = [(setblock(LOREM[:900], "title-page", first=0, runover=2),), (setblock("pages", "title-page"),)]
    laid = lay_out_title(segments, cells)
    assert [p.number for p in laid] == ["t1", "t2"] and all(len(p.rows) == ROWS for p in laid)


def test_without_a_page_map_there_are_no_print_page_indicators():
    laid = pages(setblock(LOREM), print_start=None)
    assert all(p.print_page == "" for p in laid)
    assert shown(laid[1].rows[0]).strip() == "head"


def test_placements_say_where_each_block_began_and_under_which_print_page():
    placements = lay_out_body(text(setblock("a", anchors=("x",)), setblock(LOREM[:1500], anchors=("y",)),
                                   setblock("b", anchors=("z",), print_pages=(2,))), 1).placements
    assert [(p.anchors, p.print_page) for p in placements] == [(("x",), 1), (("y",), 1), (("z",), 2)]
    assert placements[2].page == 1


def test_a_hyphenated_word_divides_at_its_own_hyphen():
    word = "neuroendocrine-tumors-large-print-letter-edition"
    rows = [r for r in pages(setblock(word, first=0, runover=0), print_start=None)[0].rows[:-1] if r]
    assert shown(rows[0]) == "neuroendocrine-tumors-large-print-" and shown(rows[1]) == "letter-edition"


def test_a_division_never_splits_a_contraction():
    # "⠻" stands for the two letters "er" (as liblouis contracts them): no division on either side of it
    word = "a" * 37 + "er" + "b" * 10
    translation = Translation(word, cells(word[:37]) + "⠻" + cells(word[39:]),
                              (*range(37), 37, *range(39, len(word))))
    block = SetBlock(Block("p", ((),), first=0, runover=0), (translation,))
    rows = [r for r in pages(block, print_start=None)[0].rows[:-1] if r]
    assert rows[0].endswith(HYPHEN) and "⠻" not in (rows[0][-2], rows[1][0])


def test_glossary_pages_carry_guide_words_on_their_last_line():
    # BF 21.3.2: the first and last entry words that start on the page, joined by a dash, centred on line 25,
    # three blank cells at least before them and before the page number; (cont.) where no entry starts
    entries = [setblock(f"term{n} " + LOREM[:150], "glossary-entry", first=0, runover=2, guide=f"term{n}")
               for n in range(12)]
    laid = pages(setblock("before"), heading("words", new_page=True), *entries, setblock("after"), print_start=None)
    assert shown(laid[0].rows[0]).strip() == "before" and not laid[0].guided
    glossary = [page for page in laid if page.guided]
    assert glossary and glossary[0] is laid[1]
    for page in glossary:
        guide = page.rows[-1][:-len(cells(page.number))]
        first = next(w for row in content(page)[:-1] for w in row.split() if w.startswith("term"))
        assert shown(guide).strip().startswith(first) and guide.startswith(BLANK * 3) and guide.endswith(BLANK * 3)
        assert len(content(page)) == ROWS - 1  # line 25 holds the guide words: 23 lines of text
    assert "–" in shown(glossary[0].rows[-1])


def test_two_blank_cells_the_text_asks_for_stay_two():
    translation = Translation("a  b", cells("a") + BLANK * 2 + cells("b"), (0, 1, 2, 3))
    row = pages(SetBlock(Block("p", ((),), first=0, runover=2), (translation,)), print_start=None)[0].rows[0]
    assert row == cells("a") + BLANK * 2 + cells("b")


def test_a_glossary_page_on_which_no_entry_starts_shows_the_last_one_continued():
    entry = setblock("long " + LOREM[:1500], "glossary-entry", first=0, runover=2, guide="long")
    laid = pages(heading("words", new_page=True), entry, print_start=None)
    assert len(laid) >= 2 and all(page.guided for page in laid)
    assert shown(laid[1].rows[-1]).split()[:2] == ["long", "(cont.)"]
