"""Blocks → braille cells with liblouis: each forced line of a block translated in one piece, so that every word is
contracted as it stands in its sentence (line breaking later cuts the cells, never the text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ...errors import HandoutError, HandoutErrors
from .blocks import (
    BOLD,
    ITALIC,
    TN_CLOSE,
    TN_OPEN,
    UNCONTRACTED,
    Block,
    BrailleDocument,
    BrailleSource,
    Line,
    Mark,
    Run,
)
from .codes import BRF_DISPLAY, NO_CODE_HINT, BrailleCode, braille_code, no_code_message
from .louis import Liblouis, Translation, open_liblouis
from .transcribe import transcribe

_NO_CONTRACTIONS = 0x1000  # liblouis's no_contract typeform


@dataclass(frozen=True)
class SetBlock:
    """A block in braille: its forced lines as cells, and how it is laid out (see blocks.Block); a glossary entry's
    entry word in cells, for guide words."""

    block: Block
    lines: tuple[Translation, ...]
    guide: str | None = None


@dataclass(frozen=True)
class BrailleText:
    """The whole edition in braille, ready to be laid out in pages."""

    title_page: tuple[tuple[SetBlock, ...], ...]  # its segments, but the last (see blocks.volume_segment)
    body: tuple[SetBlock, ...]
    running_head: Translation
    label: Callable[[str], str]  # a page number or print page label ("12", "t1", "a3", "3-4") in cells
    code: BrailleCode
    brf: Mapping[int, str]  # Unicode braille → ASCII braille (brf_characters)
    set_block: Callable[[Block], SetBlock]  # more blocks in braille (the title page's last segment)


class _Translator:
    def __init__(self, louis: Liblouis, code: BrailleCode) -> None:
        self.louis, self.code = louis, code
        self.forms = {BOLD: louis.emphasis(code.table, "bold"), ITALIC: louis.emphasis(code.table, "italic"),
                      UNCONTRACTED: _NO_CONTRACTIONS}
        self.labels: dict[str, str] = {}

    def typeform(self, form: int) -> int:
        return sum(bit for flag, bit in self.forms.items() if form & flag)

    def line(self, line: Line) -> Translation:
        """One forced line: its runs translated together, marks put in where they stand. A character the code
        has no sign for but a name (`spelled`) is its name in a transcriber's note, the text on either side
        translated apart so that no contraction joins across it."""
        text, forms, marks = "", [], []
        for piece in line:
            if isinstance(piece, Mark):
                marks.append((len(text), piece.cells))
            else:
                text += piece.text
                forms += [self.typeform(piece.form)] * len(piece.text)
        spelled = self.code.spelled
        parts = re.split(f"([{re.escape(''.join(spelled))}])", text) if spelled else [text]
        cells, sources, offset = "", [], 0
        for part in parts:
            if part in spelled:
                sign = TN_OPEN + self.label(spelled[part]) + TN_CLOSE
                cells, sources = cells + sign, sources + [offset] * len(sign)
            elif part:
                translated = self.louis.translate(part, self.code.table, forms[offset:offset + len(part)])
                cells, sources = cells + translated.cells, sources + [offset + s for s in translated.sources]
            offset += len(part)
        return _insert(Translation(text, cells, tuple(sources)), marks)

    def label(self, text: str) -> str:
        if text not in self.labels:
            self.labels[text] = self.louis.translate(text, self.code.table).cells
        return self.labels[text]

    def block(self, block: Block) -> SetBlock:
        guide = self.label(block.guide) if block.guide else None
        return SetBlock(block, tuple(self.line(line) for line in block.lines), guide)


def _insert(translated: Translation, marks: list[tuple[int, str]]) -> Translation:
    """Cells with no print counterpart put in before the cells of the character at each offset (-1: no source)."""
    cells, sources = translated.cells, translated.sources
    for offset, mark in reversed(marks):
        at = next((k for k, s in enumerate(sources) if s >= offset), len(cells))
        cells = cells[:at] + mark + cells[at:]
        sources = (*sources[:at], *([-1] * len(mark)), *sources[at:])
    return replace(translated, cells=cells, sources=sources)


def _undefined(louis: Liblouis, code: BrailleCode, document: BrailleDocument) -> dict[str, int | None]:
    """Characters of the text that the braille code has no sign for, with the handout line of the first use."""
    seen: dict[str, int | None] = {}
    for block in (*(b for segment in document.title_page for b in segment), *document.body):
        for line in block.lines:
            for piece in line:
                for ch in piece.text if isinstance(piece, Run) else "":
                    if ch not in seen and ch not in code.spelled and unicodedata.category(ch)[0] not in "ZC":
                        seen[ch] = block.line
    return {ch: line for ch, line in seen.items() if not louis.translate(ch, code.table, defined_only=True).cells}


def translate_edition(source: BrailleSource) -> BrailleText:
    """The edition in braille, or HandoutErrors: no liblouis, no braille code for the language, no table, or
    characters the code cannot write."""
    louis = open_liblouis()
    code = braille_code(source.language)
    if isinstance(louis, HandoutError):
        raise HandoutErrors([louis])
    if code is None:
        raise HandoutErrors([HandoutError(source.source, None, no_code_message(source.language), NO_CODE_HINT)])
    problem = louis.table_problem(code.table)
    if problem:
        raise HandoutErrors([HandoutError(source.source, None, f"liblouis has no braille table {code.table} for "
                                          f"{source.language!r}: {problem}", "install liblouis-data")])
    document = transcribe(source, code)
    undefined = _undefined(louis, code, document)
    if undefined:
        raise HandoutErrors([HandoutError(source.source, line, f"{ch} (U+{ord(ch):04X}) cannot be written in "
                                          f"braille: {code.name} has no sign for it in liblouis's {code.table}; "
                                          "this handout's other files are made", _undefined_hint(ch))
                             for ch, line in undefined.items()])
    return translate_document(document, louis, code)


def _undefined_hint(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    instead = f"write {base} instead of {ch}" if base and base != ch else f"write {ch} in words"
    return f"{instead}, or leave brf and pef out of --format (or out of the clinic file's formats:) when you build it"


def translate_document(document: BrailleDocument, louis: Liblouis, code: BrailleCode) -> BrailleText:
    """The blocks in braille (translate_edition checks first that they can be)."""
    translator = _Translator(louis, code)
    return BrailleText(tuple(tuple(map(translator.block, segment)) for segment in document.title_page),
                       tuple(map(translator.block, document.body)), translator.line(document.running_head),
                       translator.label, code, brf_characters(louis), translator.block)


def brf_characters(louis: Liblouis) -> dict[int, str]:
    """Unicode braille → North American ASCII braille, the 64 six-dot cells as liblouis's en-us-brf.dis shows
    them (a str.translate table)."""
    six_dots = "".join(chr(0x2800 + dots) for dots in range(64))
    return dict(zip(map(ord, six_dots), louis.display(six_dots, BRF_DISPLAY), strict=True))
