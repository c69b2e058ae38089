"""Blocks → braille cells with liblouis: which braille code a language is written in, and each forced line of a
block translated in one piece, so that every word is contracted as it stands in its sentence (line breaking
later cuts the cells, never the text).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from ...errors import HandoutError, HandoutErrors
from ...i18n import babel_locale
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
    transcribe,
)
from .louis import Liblouis, Translation, open_liblouis

# BRF is North American ASCII braille whatever the language: a file of cells, one ASCII character each.
BRF_DISPLAY = "en-us-brf.dis"
_NO_CONTRACTIONS = 0x1000  # liblouis's no_contract typeform


@dataclass(frozen=True)
class BrailleCode:
    """The braille code a language is transcribed in."""

    language: str
    table: str  # liblouis's translation table
    name: str  # for the PEF's metadata
    bullet: str | None  # the print sign transcribed for list bullets, None where the code has none
    spelled: Mapping[str, str] = field(default_factory=dict)  # signs the table lacks → their names, in a TN


CODES = {
    "en": BrailleCode("en", "en-ueb-g2.ctb", "Unified English Braille, grade 2", "•"),
    # es-g2.ctb has no sign for "•" (Spanish lists keep their hanging indents and numbers, without bullets) nor
    # for five ASCII characters that web addresses use: those are named in a transcriber's note
    "es": BrailleCode("es", "es-g2.ctb", "Spanish braille, grade 2", None,
                      {"#": "almohadilla", "^": "acento circunflejo", "_": "guion bajo", "`": "acento grave",
                       "~": "virgulilla"}),
}


def braille_code(language: str) -> BrailleCode | None:
    return CODES.get(babel_locale(language).language)


@dataclass(frozen=True)
class SetBlock:
    """A block in braille: its forced lines as cells, and how it is laid out (see blocks.Block)."""

    block: Block
    lines: tuple[Translation, ...]


@dataclass(frozen=True)
class BrailleText:
    """The whole edition in braille, ready to be laid out in pages."""

    title_page: tuple[SetBlock, ...]
    body: tuple[SetBlock, ...]
    running_head: Translation
    label: Callable[[str], str]  # a page number or print page label ("12", "p1", "a3", "3-4") in cells
    code: BrailleCode
    brf: Mapping[int, str]  # Unicode braille → ASCII braille (brf_characters)


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
        return SetBlock(block, tuple(self.line(line) for line in block.lines))


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
    for block in (*document.title_page, *document.body):
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
        raise HandoutErrors([HandoutError(
            source.source, None, f"there is no braille edition for language {source.language!r}: plainleaf "
            f"transcribes {', '.join(sorted(CODES))} ({', '.join(c.name for c in CODES.values())})",
            "build this handout without the braille formats (brf, pef)")])
    problem = louis.table_problem(code.table)
    if problem:
        raise HandoutErrors([HandoutError(source.source, None, f"liblouis has no braille table {code.table} for "
                                          f"{source.language!r}: {problem}", "install liblouis-data")])
    document = transcribe(source, code.bullet)
    undefined = _undefined(louis, code, document)
    if undefined:
        raise HandoutErrors([HandoutError(source.source, line, f"{ch} (U+{ord(ch):04X}) cannot be written in "
                                          f"braille: {code.name} has no sign for it", "write it in words")
                             for ch, line in undefined.items()])
    return translate_document(document, louis, code)


def translate_document(document: BrailleDocument, louis: Liblouis, code: BrailleCode) -> BrailleText:
    """The blocks in braille (translate_edition checks first that they can be)."""
    translator = _Translator(louis, code)
    return BrailleText(tuple(map(translator.block, document.title_page)), tuple(map(translator.block, document.body)),
                       translator.line(document.running_head), translator.label, code, brf_characters(louis))


def brf_characters(louis: Liblouis) -> dict[int, str]:
    """Unicode braille → North American ASCII braille, the 64 six-dot cells as liblouis's en-us-brf.dis shows
    them (a str.translate table)."""
    six_dots = "".join(chr(0x2800 + dots) for dots in range(64))
    return dict(zip(map(ord, six_dots), louis.display(six_dots, BRF_DISPLAY), strict=True))
