"""Braille cells → pages, by BANA's Braille Formats 2016 (BF): 40 cells × 25 lines (BF 1.7.1); the running head
centred on line 1 from braille page 2 (1.8.2), the complete title on line 1 of page 1 (1.8.1), the print page
indicator at the right of line 1 (1.11.2); the braille page number at the right of line 25 (1.15.1a); a print-page
change line (dots 3-6 running to the new print page number, 1.11.3) where the large-print PDF's page changes; blank
lines as the formats ask, a heading kept with what follows it; glossary guide words; the transcriber's title page.
Each forced line is broken into rows by lines.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from .blocks import BLANK
from .lines import CENTRED_MARGIN, COLS, LineFiller
from .translate import BrailleText, SetBlock

ROWS = 25  # lines on a braille page (BF 1.7.1)
CHANGE = "⠤"  # the print page change line runs in dots 3-6 (BF 1.11.3)
_NUMBER_GAP = 3  # blank cells before a page number or print page indicator (BF 1.8.1d, 1.11.2, 1.15.1g)

__all__ = ["BLANK", "CHANGE", "COLS", "ROWS", "BraillePages", "Page", "Placement", "lay_out_body",
           "lay_out_title"]


@dataclass(frozen=True)
class Page:
    """One braille page: its rows (Unicode braille, trailing blanks dropped), its page number and print page
    indicator as printed ("t1", "3"; "a3" for the second braille page of print page 3), the print pages whose
    change lines it holds; whether its last line holds guide words."""

    rows: tuple[str, ...]
    number: str
    print_page: str
    print_changes: tuple[str, ...]
    guided: bool = False


@dataclass(frozen=True)
class Placement:
    """Where a block of the body began: its anchors, the braille page (0-based) and the print page then."""

    anchors: tuple[str, ...]
    page: int
    print_page: int | None


@dataclass(frozen=True)
class BraillePages:
    pages: tuple[Page, ...]
    placements: tuple[Placement, ...]


def _rows(item: SetBlock, width: int) -> int:
    """How many rows a block takes (a box line: one)."""
    if item.block.rule:
        return 1
    return sum(LineFiller(t, item.block.first, item.block.runover, item.block.centered).count(width)
               for t in item.lines)


def _blank_lines(previous: SetBlock | None, item: SetBlock) -> tuple[bool, bool]:
    """The blank lines between two blocks: (one that ends the format before, one that begins this block's). A
    cell-5 or cell-7 heading takes the blank line a list, a paragraph or a heading right after it would have (BF
    4.5.3, 4.5.6, 4.5.7, Appendix C), not a box's (a box after a heading it is not the heading of), nor that of a
    block a print page change line comes before (BF 4.3.4, 8.3.2b); nothing comes between a box line and what it
    holds (BF 7.2.1c-d)."""
    block = item.block
    if block.joined:
        return False, False
    if previous is None:
        return False, block.blank_before
    before = previous.block
    heading_takes_it = before.keep_with_next and not before.blank_after and not before.rule and not block.rule \
        and not block.print_pages
    return before.blank_after, block.blank_before and not heading_takes_it


def _needs(items: Sequence[SetBlock]) -> list[int]:
    """For each block, the rows that must fit on the page it starts on: its first row, or (a block kept with the
    next: a heading, a top box line, a table's row) all its rows and what the next one needs (BF 4.3.9, 7.3.5a,
    11.16.1j)."""
    needs = [1] * len(items)
    for i in reversed(range(len(items) - 1)):
        item, following = items[i], items[i + 1]
        if item.block.keep_with_next:
            needs[i] = (_rows(item, COLS) + any(_blank_lines(item, following)) + bool(following.block.print_pages)
                        + needs[i + 1])
    return needs


# -- pages ---------------------------------------------------------------------------------------------------------

def _letters(n: int) -> str:
    """a, b, … z, aa, bb …: the letters BANA puts before a print page number continued on another braille page."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _pages_label(pages: tuple[int, ...]) -> str:
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"


@dataclass
class _Pager:
    label: Callable[[str], str]
    head: str | None  # the running head's cells; None on pages without one (the title page)
    number: Callable[[int], str]  # the n-th page (from 1) → its number as printed
    head_from: int = 2  # the first page with the running head: page 1 has the complete title instead (BF 1.8.2)
    print_page: int | None = None  # the print page in effect
    pages: list[Page] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # the content rows of the page being filled
    changes: list[str] = field(default_factory=list)
    top: str | None = None  # this page's print page indicator, decided by its first row
    shown: dict[int, int] = field(default_factory=dict)  # print page → braille pages it has appeared on
    previous: SetBlock | None = None
    guides: list[str] = field(default_factory=list)  # the entry words that start on this page
    guided: bool = False  # this page is part of a glossary: its line 25 holds guide words
    in_glossary: str | None = None  # the last entry word placed, while a glossary goes on

    @property
    def has_head(self) -> bool:
        return self.head is not None and len(self.pages) + 1 >= self.head_from

    @property
    def capacity(self) -> int:
        return ROWS - self.has_head - self.guided

    @property
    def page_number(self) -> str:
        return self.number(len(self.pages) + 1)

    def width(self, row: int) -> int:
        """Cells for content on a row: the last row shares line 25 with the page number (unless guide words hold
        that line); on a page without a running head, line 1 shares its line with the print page indicator."""
        width = COLS
        if row == self.capacity - 1 and not self.guided:
            width -= _NUMBER_GAP + len(self.label(self.page_number))
        if row == 0 and not self.has_head and self.top:
            width = min(width, COLS - _NUMBER_GAP - len(self.label(self.top)))
        return width

    @property
    def left(self) -> int:
        return self.capacity - len(self.rows)

    def _first_row(self) -> None:
        if self.top is None and self.print_page is not None:
            seen = self.shown.get(self.print_page, 0)
            self.top = (_letters(seen) if seen else "") + str(self.print_page)
            self.shown[self.print_page] = seen + 1
        if self.in_glossary is not None:
            self.guided = True

    def put(self, row: str) -> None:
        if not self.rows:
            self._first_row()
        self.rows.append(row)
        if self.left <= 0:
            self.finish()

    def blank(self) -> None:
        """A blank line; at the top of a page only after a running head, on line 2: what BANA puts on line 3 after
        it (a heading, a box, a list: BF 4.3.2, 7.2.1a, 1.8.2a) goes on line 1 of a page without one (4.3.1)."""
        if not self.rows:
            if self.has_head:
                self.put("")
        elif self.rows[-1]:
            self.put("")

    def finish(self) -> None:
        number = self.label(self.page_number)
        rows = list(self.rows) + [""] * (self.capacity - len(self.rows))
        if self.guided:
            rows.append(self._guide_row(COLS - _NUMBER_GAP - len(number)))
        rows[-1] += BLANK * (COLS - len(number) - len(rows[-1])) + number
        if self.has_head:
            rows.insert(0, _head_row(self.label(self.top) if self.top else "", self.head or ""))
        elif self.top:  # BF 1.8.1d: the title on line 1 of page 1, the print page number at its right
            indicator = self.label(self.top)
            rows[0] += BLANK * (COLS - len(indicator) - len(rows[0])) + indicator
        self.pages.append(Page(tuple(r.rstrip(BLANK) for r in rows), self.page_number, self.top or "",
                               tuple(self.changes), self.guided))
        self.rows, self.changes, self.top, self.guides, self.guided = [], [], None, [], False

    def _guide_row(self, width: int) -> str:
        """BF 21.3.2: the first and last entry words that start on the page, joined by a dash, centred on the last
        line; on a page where none starts, the last one before and "(cont.)"."""
        room = width - CENTRED_MARGIN
        if self.guides:
            first, last = self.guides[0], self.guides[-1]
            dash = self.label("–")
            each = (room - len(dash)) // 2  # BF 21.3.2i: words too long are shortened, each keeping its start
            words = _shortened(first, room) if first == last else \
                _shortened(first, each) + dash + _shortened(last, room - len(dash) - min(each, len(first)))
        else:
            cont = BLANK + self.label("(cont.)")
            words = _shortened(self.in_glossary or "", room - len(cont)) + cont
        return BLANK * max(CENTRED_MARGIN, min((COLS - len(words)) // 2, width - len(words))) + words

    def new_page(self) -> None:
        if self.rows:
            self.finish()

    def change_line(self, pages: tuple[int, ...]) -> None:
        """A print page (or several with no text of their own) begins here."""
        text = _pages_label(pages)
        if not self.rows:  # at the top of a braille page the indicator on line 1 says it
            self.top = text
        else:
            cells = self.label(text)
            self.put(CHANGE * (self.width(len(self.rows)) - len(cells)) + cells)
            self.changes.append(text)
        for page in pages:
            self.shown[page] = self.shown.get(page, 0) + 1
        self.print_page = pages[-1]

    def place(self, item: SetBlock, need: int) -> None:
        block = item.block
        if block.new_page:
            self.new_page()
        if item.guide is None:
            self.in_glossary = None
        ends, begins = _blank_lines(self.previous, item)
        if self.rows and self.left < bool(block.print_pages) + (ends or begins) + need:
            self.new_page()
        self.previous = item
        if block.print_pages:
            if not self.rows and not item.lines and not block.rule:
                self.print_page = block.print_pages[-1]  # print pages after the last text: no page of their own
                return
            # BF 1.11.3b-d: the blank line that ends a format goes before the change line, the one that begins
            # one after it, and only that one when both are asked for
            if ends and not begins and self.rows:
                self.blank()
                ends = False
            self.change_line(block.print_pages)
        if ends or begins:
            self.blank()
        if not self.rows:
            self._first_row()
        self.placements.append(Placement(block.anchors, len(self.pages), self.print_page))
        if item.guide is not None:
            self.guides.append(item.guide)
            self.in_glossary = item.guide
            self.guided = True
        if block.rule:
            self.put(block.rule * self.width(len(self.rows)))
        else:
            for filler in (LineFiller(t, block.first, block.runover, block.centered) for t in item.lines):
                while not filler.done:
                    self.put(filler.next_row(self.width(len(self.rows))))

    def lay_out(self, blocks: Sequence[SetBlock]) -> None:
        for block, need in zip(blocks, _needs(blocks), strict=True):
            self.place(block, need)
        self.new_page()


def _shortened(word: str, room: int) -> str:
    """Cells of words in at most `room` cells: the first words, or (one word too long) its first cells."""
    if len(word) <= room:
        return word
    cut = word.rfind(BLANK, 0, room + 1)
    return word[:cut if cut > 0 else room]


def _head_row(print_label: str, head: str) -> str:
    """Line 1: the running head centred, the print page indicator at the right margin, at least three blank
    cells between them (a head too long is cut at a word)."""
    room = COLS - (len(print_label) + _NUMBER_GAP if print_label else 0)
    head = _shortened(head, room)
    start = min((COLS - len(head)) // 2, room - len(head))
    row = BLANK * start + head
    return row + BLANK * (COLS - len(row) - len(print_label)) + print_label


def lay_out_body(text: BrailleText, print_start: int | None) -> BraillePages:
    """The body from braille page 1: the complete title on page 1, the running head from page 2; `print_start`:
    the print page the body begins on (1), None for no print page indicators."""
    body = _Pager(text.label, text.running_head.cells, str, print_page=print_start)
    if print_start is not None:
        body.shown[print_start] = 0
    body.lay_out(text.body)
    return BraillePages(tuple(body.pages), tuple(body.placements))


def _transcriber_page(n: int) -> str:
    return f"t{n}"  # BF 1.15.1b, 2.2.1b


def lay_out_title(segments: Sequence[Sequence[SetBlock]], label: Callable[[str], str]) -> tuple[Page, ...]:
    """The transcriber's title page (BF 2.3.3): every item in 1-3, no blank line inside a segment, text on the
    first and the last line, the blank lines between segments spread evenly; numbered t1. A title page that does
    not fit runs on to t2, one blank line between segments."""
    number = label(_transcriber_page(1))
    rows = [[_filled(item, COLS) for item in segment] for segment in segments]
    last = segments[-1][-1]
    if len(rows[-1][-1][-1]) > COLS - _NUMBER_GAP - len(number):
        rows[-1][-1] = _filled(last, COLS - _NUMBER_GAP - len(number))
    lines = [[row for item in segment for row in item] for segment in rows]
    spare, gaps = ROWS - sum(map(len, lines)), len(lines) - 1
    if spare < gaps or (not gaps and spare < 0):
        pager = _Pager(label, None, _transcriber_page)
        pager.lay_out([replace(item, block=replace(item.block, blank_before=n == 0 and i > 0))
                       for i, segment in enumerate(segments) for n, item in enumerate(segment)])
        return tuple(pager.pages)
    page: list[str] = []
    for i, segment in enumerate(lines):
        page += segment
        if i < gaps:
            page += [""] * (spare // gaps + (i < spare % gaps))
    page += [""] * (ROWS - len(page))
    page[-1] += BLANK * (COLS - len(number) - len(page[-1])) + number
    return (Page(tuple(row.rstrip(BLANK) for row in page), _transcriber_page(1), "", ()),)


def _filled(item: SetBlock, width: int) -> list[str]:
    """The rows of a block, every one at most `width` cells."""
    rows = []
    for translation in item.lines:
        filler = LineFiller(translation, item.block.first, item.block.runover, item.block.centered)
        while not filler.done:
            rows.append(filler.next_row(width))
    return rows


def shift(placements: Sequence[Placement], by: int) -> Iterator[Placement]:
    for p in placements:
        yield Placement(p.anchors, p.page + by, p.print_page)
