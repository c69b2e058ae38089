"""Braille cells → lines and pages, by BANA's Braille Formats 2016: 40 cells × 25 lines; the running head
centred on line 1 with the print page indicator at its right; the braille page number at the right of line 25;
a print-page change line (dots 3-6 running to the new print page number) where the large-print PDF's page
changes; headings kept with what follows them.

Lines break only at blank cells of the translated text, so no word is contracted differently because of where a
line ends; a word longer than a line is divided as BANA allows (a web or e-mail address after one of its
punctuation signs, with no hyphen; another word between two letters, with a hyphen).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .louis import Translation
from .translate import BrailleText, SetBlock

COLS, ROWS = 40, 25
BLANK, CHANGE, HYPHEN = "⠀", "⠤", "⠤"
_NUMBER_GAP = 3  # blank cells before the braille page number, and between the running head and the print page
_CENTRED_MARGIN = 3  # a centred line keeps at least this many blank cells at each side
_ADDRESS_BREAKS = set("/.@-_?&=#:")  # where a web or e-mail address may be divided


@dataclass(frozen=True)
class Page:
    """One braille page: its rows (Unicode braille, trailing blanks dropped), its page number and print page
    indicator as printed ("p1", "3"; "a3" for the second braille page of print page 3), the print pages whose
    change lines it holds."""

    rows: tuple[str, ...]
    number: str
    print_page: str
    print_changes: tuple[str, ...]


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


# -- breaking one forced line ----------------------------------------------------------------------------------

def _is_address(translation: Translation, start: int, end: int) -> bool:
    sources = [s for s in translation.sources[start:end] if s >= 0]
    if not sources:
        return False
    word = translation.text[min(sources):max(sources) + 1]
    return "://" in word or "@" in word or word.lower().startswith("www.")


def _division(translation: Translation, start: int, end: int, room: int) -> tuple[int, bool]:
    """Where to divide a word (cells start..end) that does not fit in `room` cells: (the cell it ends after,
    whether a hyphen marks the division). Divisions never fall inside the cells of one print character or of a
    contraction, so every cell keeps the meaning it had."""
    sources, text = translation.sources, translation.text

    def clean(k: int) -> bool:  # between cells k-1 and k
        return sources[k - 1] >= 0 and sources[k] > sources[k - 1]

    if _is_address(translation, start, end):
        cuts = [k for k in range(start + 1, min(end, start + room + 1)) if clean(k) and text[sources[k - 1]]
                in _ADDRESS_BREAKS]
        if cuts:
            return cuts[-1], False
        plain = [k for k in range(start + 1, min(end, start + room + 1)) if clean(k)]
        return (plain[-1] if plain else start + room), False

    hyphens = [k for k in range(start + 1, min(end, start + room + 1)) if clean(k) and text[sources[k - 1]] == "-"]
    if hyphens:  # a hyphenated word divides at one of its own hyphens (UEB 10.13.5)
        return hyphens[-1], False

    def single(k: int) -> bool:  # cell k is exactly one print letter
        return (sources[k] >= 0 and text[sources[k]].isalpha() and (k == start or sources[k - 1] < sources[k])
                and sources[k + 1] == sources[k] + 1)

    cuts = [k for k in range(start + 2, min(end - 1, start + room)) if single(k - 1) and single(k)]
    if cuts:  # between two letters, neither of them part of a contraction (UEB 10.13.1)
        return cuts[-1], True
    return start + room, False  # nothing clean: a cut where the room ends (a word of no letters and no signs)


class _Filler:
    """The rows of one forced line, each as wide as the page allows where it falls."""

    def __init__(self, translation: Translation, first: int, runover: int, centred: bool) -> None:
        self.t = translation
        self.first, self.runover, self.centred = first, runover, centred
        self.words = self._words()
        self.started = False

    def _words(self) -> list[tuple[int, int]]:
        words, start = [], None
        for k, cell in enumerate(self.t.cells + BLANK):
            if cell == BLANK:
                if start is not None:
                    words.append((start, k))
                start = None
            elif start is None:
                start = k
        return words

    @property
    def done(self) -> bool:
        return self.started and not self.words

    def next_row(self, width: int) -> str:
        """The next row for a line `width` cells wide (the indent included)."""
        indent = 0 if self.centred else (self.runover if self.started else self.first)
        room = width - 2 * _CENTRED_MARGIN if self.centred else width - indent
        self.started = True
        cells, used = [], 0
        while self.words:
            start, end = self.words[0]
            length = end - start
            gap = 1 if cells else 0
            if used + gap + length <= room:
                cells.append(self.t.cells[start:end])
                used += gap + length
                self.words.pop(0)
                continue
            if not cells:  # a word longer than the whole line: divided
                cut, hyphen = _division(self.t, start, end, room)
                cells.append(self.t.cells[start:cut] + (HYPHEN if hyphen else ""))
                self.words[0] = (cut, end)
            break
        text = BLANK.join(cells)
        if self.centred:
            return BLANK * max(0, (width - len(text)) // 2) + text
        return BLANK * indent + text

    def count(self, width: int) -> int:
        """How many rows the whole line takes at this width (for keeping headings with what follows)."""
        copy = _Filler(self.t, self.first, self.runover, self.centred)
        rows = 0
        while not copy.done:
            copy.next_row(width)
            rows += 1
        return rows


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
    count_from: int = 1
    print_page: int | None = None  # the print page in effect
    pages: list[Page] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # the content rows of the page being filled (line 2 on)
    changes: list[str] = field(default_factory=list)
    top: str | None = None  # this page's print page indicator, decided by its first row
    shown: dict[int, int] = field(default_factory=dict)  # print page → braille pages it has appeared on
    blank_wanted: bool = False
    after_heading: bool = False

    @property
    def capacity(self) -> int:
        return ROWS - (1 if self.head is not None else 0)

    @property
    def page_number(self) -> str:
        return self.number(len(self.pages) + self.count_from)

    def width(self, row: int) -> int:
        """Cells for content on a row (0-based among the content rows): the last row shares line 25 with the
        page number."""
        if row == self.capacity - 1:
            return COLS - _NUMBER_GAP - len(self.label(self.page_number))
        return COLS

    @property
    def left(self) -> int:
        return self.capacity - len(self.rows)

    def _first_row(self) -> None:
        if self.top is None and self.print_page is not None:
            seen = self.shown.get(self.print_page, 0)
            self.top = (_letters(seen) if seen else "") + str(self.print_page)
            self.shown[self.print_page] = seen + 1

    def put(self, row: str) -> None:
        if not self.rows:
            self._first_row()
        self.rows.append(row)
        if self.left == 0:
            self.finish()

    def blank(self) -> None:
        if self.rows and self.rows[-1]:
            self.rows.append("")
            if self.left == 0:
                self.finish()

    def finish(self) -> None:
        number = self.label(self.page_number)
        rows = list(self.rows) + [""] * (self.capacity - len(self.rows))
        last = rows[-1] + BLANK * (COLS - len(number) - len(rows[-1])) + number
        rows[-1] = last
        if self.head is not None:
            rows.insert(0, _head_row(self.label(self.top) if self.top else "", self.head))
        self.pages.append(Page(tuple(r.rstrip(BLANK) for r in rows), self.page_number, self.top or "",
                               tuple(self.changes)))
        self.rows, self.changes, self.top = [], [], None

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

    def place(self, item: SetBlock) -> None:
        block = item.block
        wants_blank = (self.blank_wanted or block.blank_before) and not self.after_heading
        fillers = [_Filler(t, block.first, block.runover, block.centered) for t in item.lines]
        if self.rows:
            # what must fit on this page: the change line, the blank line, and the block's first row (a block kept
            # with the next: all its rows and the next block's first); so a change line is never on line 25
            own = sum(f.count(COLS) for f in fillers) + 1 + block.blank_after if block.keep_with_next else 1
            if self.left < bool(block.print_pages) + (wants_blank and not block.print_pages) + own:
                self.new_page()
        if block.print_pages:
            if not self.rows and not item.lines and not block.rule:
                self.print_page = block.print_pages[-1]  # print pages after the last text: no page of their own
                return
            self.change_line(block.print_pages)
        elif wants_blank:
            self.blank()
        if not self.rows:
            self._first_row()
        self.placements.append(Placement(block.anchors, len(self.pages), self.print_page))
        if block.rule:
            self.put(self._rule(block.rule, item.lines[0] if item.lines else None))
        else:
            for filler in fillers:
                while not filler.done:
                    self.put(filler.next_row(self.width(len(self.rows))))
        self.blank_wanted = block.blank_after
        self.after_heading = block.keep_with_next and not block.blank_after and not block.rule

    def _rule(self, cell: str, label: Translation | None) -> str:
        width = self.width(len(self.rows))
        if label is None or not label.cells or len(label.cells) > width - 8:
            return cell * width
        side = (width - len(label.cells) - 2) // 2
        return cell * side + BLANK + label.cells + BLANK + cell * (width - side - len(label.cells) - 2)

    def lay_out(self, blocks: tuple[SetBlock, ...]) -> None:
        for block in blocks:
            self.place(block)
        self.new_page()


def _head_row(print_label: str, head: str) -> str:
    """Line 1: the running head centred, the print page indicator at the right margin, at least three blank
    cells between them (a head too long is cut at a word)."""
    room = COLS - (len(print_label) + _NUMBER_GAP if print_label else 0)
    if len(head) > room:
        cut = head.rfind(BLANK, 0, room + 1)
        head = head[:cut if cut > 0 else room]
    start = min((COLS - len(head)) // 2, room - len(head))
    row = BLANK * start + head
    return row + BLANK * (COLS - len(row) - len(print_label)) + print_label


def lay_out(text: BrailleText, print_start: int | None) -> BraillePages:
    """The title page(s), numbered p1…, then the body from braille page 1 with the running head; `print_start`:
    the print page the body begins on (1), None for no print page indicators."""
    title = _Pager(text.label, None, lambda n: f"p{n}")
    title.lay_out(text.title_page)
    body = _Pager(text.label, text.running_head.cells, str, print_page=print_start)
    if print_start is not None:
        body.shown[print_start] = 0
    body.lay_out(text.body)
    return BraillePages((*title.pages, *body.pages), tuple(_shift(body.placements, len(title.pages))))


def _shift(placements: list[Placement], by: int) -> Iterator[Placement]:
    for p in placements:
        yield Placement(p.anchors, p.page + by, p.print_page)
