"""One forced line of braille cells → rows: lines break only at blank cells of the translated text, so no word is
contracted differently because of where a line ends; two blank cells the text asks for stay two; a word longer than
a line is divided as BANA allows (a web or e-mail address after one of its punctuation signs, with no hyphen; a
hyphenated word at its own hyphen; another word between two letters, with a hyphen); a centred heading of several
lines is divided evenly (BF 4.4.3).
"""

from __future__ import annotations

from .blocks import BLANK
from .louis import Translation

COLS = 40  # cells in a braille line (BF 1.7.1)
HYPHEN = "⠤"  # marks a word divided between two letters at the end of a line (UEB 10.13.1)
CENTRED_MARGIN = 3  # a centred line keeps at least this many blank cells at each side (BF 4.4.2)
_ADDRESS_BREAKS = set("/.@-_?&=#:")  # where a web or e-mail address may be divided


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


class LineFiller:
    """The rows of one forced line, each as wide as the page allows where it falls."""

    def __init__(self, translation: Translation, first: int, runover: int, centred: bool) -> None:
        self.t = translation
        self.first, self.runover, self.centred = first, runover, centred
        self.words = self._words()
        self.started = False
        # BF 4.4.3: a centred heading of several lines is divided evenly, at the narrowest width that needs no more
        # lines than the widest does
        self.balanced = _balanced([end - start for start, end, _ in self.words], COLS - 2 * CENTRED_MARGIN) \
            if centred else COLS

    def _words(self) -> list[tuple[int, int, int]]:
        """(first cell, end, blank cells before it): two blank cells that the text asks for stay two (BF 21.5.1d)."""
        words, start, blanks, before = [], None, 0, 0
        for k, cell in enumerate(self.t.cells + BLANK):
            if cell == BLANK:
                if start is not None:
                    words.append((start, k, before))
                    start, blanks = None, 0
                blanks += 1
            elif start is None:
                start, before = k, blanks
        return words

    @property
    def done(self) -> bool:
        return self.started and not self.words

    def next_row(self, width: int) -> str:
        """The next row for a line `width` cells wide (the indent included; a page number or print page indicator
        sharing the row, and the blank cells before it, left out)."""
        indent = 0 if self.centred else (self.runover if self.started else self.first)
        room = min(self.balanced, COLS - 2 * CENTRED_MARGIN, width - CENTRED_MARGIN) if self.centred \
            else width - indent
        self.started = True
        cells, used = [], 0
        while self.words:
            start, end, before = self.words[0]
            length = end - start
            gap = max(1, before) if cells else 0
            if used + gap + length <= room:
                cells.append(BLANK * gap + self.t.cells[start:end])
                used += gap + length
                self.words.pop(0)
                continue
            if not cells:  # a word longer than the whole line: divided
                cut, hyphen = _division(self.t, start, end, room)
                cells.append(self.t.cells[start:cut] + (HYPHEN if hyphen else ""))
                self.words[0] = (cut, end, before)
            break
        text = "".join(cells)
        if self.centred:
            return BLANK * max(CENTRED_MARGIN, min((COLS - len(text)) // 2, width - len(text))) + text
        return BLANK * indent + text

    def count(self, width: int) -> int:
        """How many rows the whole line takes at this width (for keeping headings with what follows)."""
        copy = LineFiller(self.t, self.first, self.runover, self.centred)
        rows = 0
        while not copy.done:
            copy.next_row(width)
            rows += 1
        return rows


def _balanced(lengths: list[int], room: int) -> int:
    """The narrowest room in which words of these lengths take as few lines as in `room`."""
    def lines(width: int) -> int:
        count, used = 1, -1
        for length in lengths:
            if used < 0:
                used = length
            elif used + 1 + length <= width:
                used += 1 + length
            else:
                count, used = count + 1, length
        return count

    low, high = min(max(lengths, default=1), room), room
    fewest = lines(room)
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if lines(middle) <= fewest else (middle + 1, high)
    return high
