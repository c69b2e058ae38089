"""The document tree's inlines → a block's forced lines of runs and marks: emphasis as typeforms, words in another
language than the handout's left uncontracted, pictures inside text in transcriber's notes, citations as their
numbers, spaces collapsed as print collapses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ...i18n import babel_locale
from ...source import tree
from .blocks import BOLD, ITALIC, TN_CLOSE, TN_OPEN, UNCONTRACTED, Line, Mark, Piece, Run

_SPACES = re.compile(r"\s+")


def words(text: str) -> str:
    """Print words with their spaces collapsed, as print shows them."""
    return _SPACES.sub(" ", text).strip()


def runs(text: str, form: int = 0) -> Line:
    """A forced line of plain text in one form."""
    return (Run(words(text), form),)


def foreign(language: str | None, handout_language: str) -> int:
    """UNCONTRACTED for words in another language than the handout's (UEB 13.2; Spanish practice alike)."""
    if language and babel_locale(language).language != babel_locale(handout_language).language:
        return UNCONTRACTED
    return 0


@dataclass
class _Inlines:
    """Inlines → forced lines of runs. Words in another language than the handout's are left uncontracted."""

    language: str
    gettext: Callable[[str], str]
    lines: list[list[Piece]] = field(default_factory=lambda: [[]])

    def add(self, inlines: Sequence[tree.Inline], form: int = 0) -> None:
        for inline in inlines:
            self._add(inline, form)

    def _text(self, text: str, form: int) -> None:
        self.lines[-1].append(Run(text, form))

    def _add(self, inline: tree.Inline, form: int) -> None:
        match inline:
            case tree.Text(text=text):
                self._text(text, form)
            case tree.SoftBreak():
                self._text(" ", form)
            case tree.HardBreak():
                self.lines.append([])
            case tree.Code(text=text):
                self._text(text, form | UNCONTRACTED)
            case tree.Strong(children=kids):
                self.add(kids, form | BOLD)
            case tree.Emphasis(children=kids):
                self.add(kids, form | ITALIC)
            case tree.Link(children=kids, language=language) | tree.LanguageSpan(children=kids, language=language):
                self.add(kids, form | foreign(language, self.language))
            case tree.GlossaryTerm(children=kids):
                self.add(kids, form)
            case tree.Image(alt=alt, language=language):
                self.lines[-1].append(Mark(TN_OPEN))
                self._text(self.gettext("Picture: %(description)s") % {"description": alt},
                           form | foreign(language, self.language))
                self.lines[-1].append(Mark(TN_CLOSE))
            case tree.Citation(numbers=numbers) if numbers:
                self._text(f"[{', '.join(map(str, numbers))}]", form)

    def result(self) -> tuple[Line, ...]:
        """The lines with runs of the same form joined and spaces collapsed (as print collapses them)."""
        lines = []
        for pieces in self.lines:
            merged: list[Piece] = []
            for piece in pieces:
                if isinstance(piece, Run) and merged and isinstance(merged[-1], Run) and merged[-1].form == piece.form:
                    merged[-1] = Run(merged[-1].text + piece.text, piece.form)
                else:
                    merged.append(piece)
            lines.append(_tidy(merged))
        return tuple(line for line in lines if line) or ((),)


def _tidy(pieces: list[Piece]) -> Line:
    """Runs with spaces collapsed, and none at the ends of the line."""
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Run):
            text = _SPACES.sub(" ", piece.text)
            if out and isinstance(out[-1], Run) and out[-1].text.endswith(" "):
                text = text.lstrip(" ")
            if text:
                out.append(Run(text, piece.form))
        else:
            out.append(piece)
    while out and isinstance(out[0], Run) and out[0].text.startswith(" "):
        out[0] = Run(out[0].text.lstrip(" "), out[0].form)
        if not out[0].text:
            out.pop(0)
    while out and isinstance(out[-1], Run) and out[-1].text.endswith(" "):
        out[-1] = Run(out[-1].text.rstrip(" "), out[-1].form)
        if not out[-1].text:
            out.pop()
    return tuple(out)


def inline_lines(inlines: Sequence[tree.Inline], language: str, gettext: Callable[[str], str], form: int = 0
                 ) -> tuple[Line, ...]:
    """The forced lines of a run of inlines, in a handout in `language`."""
    reader = _Inlines(language, gettext)
    reader.add(inlines, form)
    return reader.result()
