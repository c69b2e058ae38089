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

from . import tree
from .contacts import enclosing, shown_address
from .fonts import FONT_FILES
from .layout import LayoutSettings
from .resources import Paper

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


_OPENS_INDENT: dict[type[tree.Node], Indent] = {
    tree.Quote: Indent(pt=2 * BLOCKQUOTE_INDENT_PT),
    tree.Callout: Indent(em=2 * BOX_PADDING_EM, pt=2 * BOX_BORDER_PT),
}


def indent(ancestors: Sequence[tree.Node]) -> Indent:
    """The room the lists, quotes and boxes around a node (`ancestors`, outermost first) take from the line."""
    room = Indent()
    for node in ancestors:
        if isinstance(node, tree.List):
            room += Indent(em=ORDERED_LIST_INDENT_EM if node.ordered else LIST_INDENT_EM)
        else:
            room += _OPENS_INDENT.get(type(node), Indent())
    return room


@dataclass(frozen=True)
class Piece:
    """A run of text no line can break: a word, with the citation glued to it, or a part of a web address."""

    text: str
    em: float  # its width in ems
    citations: tuple[str, ...]  # the anchors of the citations it holds


# Where a line may break, as Pango (UAX #14) breaks the text plainleaf prints: at spaces, after a slash or a hyphen
# followed by a letter (web addresses, "follow-up"). A no-break space and a word joiner hold a piece together.
_BREAK_AFTER = re.compile(r"[ \t\n\u200b]+|(?<=[/\u2010-])(?=[^\W\d_])")
_Char = tuple[str, bool, str | None]  # a character, whether it prints bold, the anchor of the citation it is in


def pieces(inlines: Sequence[tree.Inline], fonts_dir: Path, bold: bool = False) -> list[Piece]:
    """The unbreakable pieces of some inlines as they print, each citation glued to its word."""
    chars: list[_Char] = []
    _printed_chars(inlines, bold, chars)
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


def _printed_chars(inlines: Sequence[tree.Inline], bold: bool, chars: list[_Char]) -> None:
    """The characters print sets for some inlines (print sets both **strong** and *emphasis* in bold; a picture
    in the text is measured as nothing), after a link's words the address it shows."""
    for inline in inlines:
        match inline:
            case tree.Text(text=text) | tree.Code(text=text):
                chars += [(char, bold, None) for char in text]
            case tree.SoftBreak() | tree.HardBreak():
                chars.append((" ", bold, None))
            case tree.Citation(numbers=numbers, anchor=anchor):
                if chars and chars[-1][0].isspace():  # the space before a citation prints as a no-break space
                    chars[-1] = ("\u00a0", chars[-1][1], anchor)
                label = "[" + ",\u00a0".join(map(str, numbers)) + "]"  # a group holds together
                chars += [(char, bold, anchor) for char in label]
            case tree.Strong(children=kids) | tree.Emphasis(children=kids):
                _printed_chars(kids, True, chars)
            case tree.Link(children=kids, target=target):
                _printed_chars(kids, bold, chars)
                shown = shown_address(target, link_words(kids, pictures=False))
                if shown:
                    before, after = enclosing(shown)
                    chars += [(char, bold, None) for char in before + shown + after]
            case tree.GlossaryTerm(children=kids) | tree.LanguageSpan(children=kids):
                _printed_chars(kids, bold, chars)


def link_words(inlines: Sequence[tree.Inline], pictures: bool = True) -> str:
    """A link's words, for judging whether they say its address already: its text and code (and with `pictures`
    its pictures' alt text), line breaks left out."""
    parts = []
    for node in tree.walk(*inlines):
        match node:
            case tree.Text(text=text) | tree.Code(text=text):
                parts.append(text)
            case tree.Image(alt=alt) if pictures:
                parts.append(alt)
    return "".join(parts)


@dataclass(frozen=True)
class TableShape:
    """What a table needs from the line: the widest unbreakable piece of each column, in ems of the body size."""

    columns: tuple[float, ...]
    widest: tuple[str, ...]  # that piece's text, per column
    indent: Indent  # the room the lists and boxes around the table take
    line: int | None

    def width_pt(self, settings: LayoutSettings) -> float:
        """The narrowest the table can be set without breaking a word."""
        cells = sum(em + 2 * CELL_PADDING_EM for em in self.columns) * settings.body_pt
        return cells + (len(self.columns) + 1) * CELL_BORDER_PT

    def fits(self, settings: LayoutSettings, paper: Paper) -> bool:
        return self.width_pt(settings) <= self.indent.room_pt(settings, paper) * SAFETY


def table_shapes(roots: Sequence[tree.Node], fonts_dir: Path) -> dict[str, TableShape]:
    """The id of each table under `roots` (sections, or a section's blocks) → its shape."""
    shapes: dict[str, TableShape] = {}
    for table, ancestors in tree.walk_with_ancestors(*roots):
        if not isinstance(table, tree.Table):
            continue
        columns: list[tuple[float, str]] = []
        for row in (*table.head, *table.body):
            for column, cell in enumerate(row.cells):
                widest = max(((p.em, p.text) for p in pieces(cell.children, fonts_dir, bold=cell.header)),
                             default=(0.0, ""))
                if column == len(columns):
                    columns.append(widest)
                columns[column] = max(columns[column], widest)
        shapes[table.id] = TableShape(tuple(em for em, _ in columns), tuple(text for _, text in columns),
                                      indent(ancestors), table.line)
    return shapes
