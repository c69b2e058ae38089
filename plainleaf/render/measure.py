"""Widths of text in the bundled font, and the room a print layout gives it: for deciding, before WeasyPrint lays
the page out, what fits a line or a table column (fontTools reads the font's advance widths)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from markdown_it.token import Token

from ..source.fonts import FONT_FILES
from ..source.layout import LayoutSettings
from ..source.model import Handout
from ..source.resources import Paper
from .addresses import enclosing, shown_address

POINTS_PER_INCH = 72
PAPER_WIDTH_IN = {"letter": 8.5, "a4": 8.27}

# The print CSS's horizontal room around text, in one place: print.css is rendered with these numbers, and the
# measures below subtract them (em: of the body size).
LIST_INDENT_EM = 1.4  # ul: padding-left
ORDERED_LIST_INDENT_EM = 1.8  # ol: room for "10." in the list's own indent
BOX_PADDING_EM = 0.8  # call-outs and the key points: padding left and right
BOX_BORDER_PT = 3.0
BLOCKQUOTE_INDENT_PT = 30.0  # WeasyPrint's default blockquote margin (40px), each side
CELL_PADDING_EM = 0.4  # table cells: padding left and right
CELL_BORDER_PT = 1.5
SPACING = {"list_indent_em": LIST_INDENT_EM, "ordered_list_indent_em": ORDERED_LIST_INDENT_EM,
           "box_padding_em": BOX_PADDING_EM, "box_border_pt": BOX_BORDER_PT,
           "blockquote_indent_pt": BLOCKQUOTE_INDENT_PT, "cell_padding_em": CELL_PADDING_EM,
           "cell_border_pt": CELL_BORDER_PT}  # for print.css
# Widths come from advance widths without kerning (which narrows text slightly) or the shaping Pango does; a piece
# counts as fitting only with this much to spare.
SAFETY = 0.97


@dataclass(frozen=True)
class _Face:
    advances: dict[str, float]  # character → advance in ems
    space: float

    def width(self, text: str) -> float:
        """The advance of `text` in ems; characters that draw nothing (joiners, zero-width spaces) take none."""
        total = 0.0
        for char in text:
            if char in self.advances:
                total += self.advances[char]
            elif unicodedata.category(char) in ("Cf", "Mn"):
                continue
            else:
                total += self.space if char.isspace() else 0.6  # a character the font lacks is refused by checks
        return total


@cache
def _face(fonts_dir: Path, bold: bool) -> _Face:
    font = TTFont(fonts_dir / FONT_FILES[("bold" if bold else "normal", "normal")], lazy=True)
    per_em = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    advances = {chr(code): metrics[glyph][0] / per_em for code, glyph in font.getBestCmap().items()}
    return _Face(advances, advances[" "])


def text_width_em(text: str, fonts_dir: Path, bold: bool = False) -> float:
    """How wide `text` is set in the bundled font, in ems of its size."""
    return _face(fonts_dir, bold).width(text)


def text_width_pt(settings: LayoutSettings, paper: Paper) -> float:
    """The width of the text area of a layout on a paper: the page between its margins, at most max_line_em."""
    page = (PAPER_WIDTH_IN[paper] - 2 * settings.margin_in) * POINTS_PER_INCH
    return min(page, settings.max_line_em * settings.body_pt)


@dataclass(frozen=True)
class PrintArea:
    """Where print sets the text: a layout's sizes on a paper, in the bundled font."""

    settings: LayoutSettings
    paper: Paper
    fonts_dir: Path


@dataclass(frozen=True)
class Indent:
    """Room that the boxes and lists around a piece of text take from the line, in ems of the body size and
    in points (borders)."""

    em: float = 0.0
    pt: float = 0.0

    def __add__(self, other: Indent) -> Indent:
        return Indent(self.em + other.em, self.pt + other.pt)

    def room_pt(self, settings: LayoutSettings, paper: Paper) -> float:
        return text_width_pt(settings, paper) - self.em * settings.body_pt - self.pt


_OPENS_INDENT = {
    "bullet_list_open": Indent(em=LIST_INDENT_EM),
    "ordered_list_open": Indent(em=ORDERED_LIST_INDENT_EM),
    "blockquote_open": Indent(pt=2 * BLOCKQUOTE_INDENT_PT),
    **{f"container_{kind}_open": Indent(em=2 * BOX_PADDING_EM, pt=2 * BOX_BORDER_PT)
       for kind in ("important", "tip", "warning")},
}


def indents(tokens: Sequence[Token]) -> list[Indent]:
    """For each block token, the room the lists, quotes and boxes around it take from the line."""
    found: list[Indent] = []
    stack = [Indent()]
    for token in tokens:
        if token.type in _OPENS_INDENT:
            stack.append(stack[-1] + _OPENS_INDENT[token.type])
        elif token.type.endswith("_close") and token.type.replace("_close", "_open") in _OPENS_INDENT:
            stack.pop()
        found.append(stack[-1])
    return found


@dataclass(frozen=True)
class Piece:
    """A run of text no line can break: a word, with the citation glued to it, or a part of a web address."""

    text: str
    em: float  # its width in ems
    citations: tuple[int, ...]  # id() of the citation tokens it holds


# Where a line may break, as Pango (UAX #14) breaks the text plainleaf prints: at spaces, after a slash or a hyphen
# followed by a letter (web addresses, "follow-up"). A no-break space and a word joiner hold a piece together.
_BREAK_AFTER = re.compile(r"[ \t\n\u200b]+|(?<=[/\u2010-])(?=[^\W\d_])")


def pieces(children: Sequence[Token], handout: Handout, fonts_dir: Path, bold: bool = False) -> list[Piece]:
    """The unbreakable pieces of an inline token's children as they print, each citation glued to its word."""
    chars: list[tuple[str, bool, int | None]] = []  # (character, bold, id() of the citation it belongs to)
    emphasis = 0  # print sets both **strong** and *emphasis* in bold
    link: tuple[str, list[str]] | None = None  # the link the text is in: its address, its words
    for child in children:
        if child.type == "link_open":
            link = (str(child.attrGet("href") or ""), [])
        elif child.type == "link_close" and link is not None:
            shown = shown_address(link[0], "".join(link[1]))  # print shows it after the link's words
            if shown:
                before, after = enclosing(shown)
                chars += [(char, bold or emphasis > 0, None) for char in before + shown + after]
            link = None
        elif child.type in ("strong_open", "em_open", "strong_close", "em_close"):
            emphasis += 1 if child.type.endswith("_open") else -1
        elif child.type in ("softbreak", "hardbreak"):
            chars.append((" ", bold or emphasis > 0, None))
        elif child.type == "citation":
            if chars and chars[-1][0].isspace():  # the space before a citation prints as a no-break space
                chars[-1] = ("\u00a0", chars[-1][1], id(child))
            label = handout.citation_label(child.meta["ids"]).replace(" ", "\u00a0")  # a group holds together
            chars += [(char, bold or emphasis > 0, id(child)) for char in label]
        elif child.type in ("text", "code_inline"):
            chars += [(char, bold or emphasis > 0, None) for char in child.content]
            if link is not None:
                link[1].append(child.content)
    text = "".join(c for c, _, _ in chars)
    found, start = [], 0
    for gap in [*_BREAK_AFTER.finditer(text), None]:
        end = gap.start() if gap else len(text)
        if end > start:
            run = chars[start:end]
            em = sum(text_width_em(c, fonts_dir, b) for c, b, _ in run)
            found.append(Piece(text[start:end], em, tuple(dict.fromkeys(i for _, _, i in run if i is not None))))
        start = gap.end() if gap else end
    return found
