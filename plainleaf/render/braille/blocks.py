"""The braille edition's blocks: what a braille transcriber lays out (print text with its emphasis, a role, the cells
it starts in, the print pages that begin with it), following BANA's Braille Formats 2016 ("BF" below, cited by
section), and the signs with no print counterpart. No braille yet: translate.py turns the words into cells.
transcribe.py makes the blocks from the document tree, matter.py those before and after the sections, formats.py
sets each kind as BF says.

Indents are 0-based cells: `first=2, runover=0` is BANA's "3-1" (a paragraph: first line in cell 3, runovers in
cell 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...source import tree
from ...source.model import Clinic, FrontMatter
from ..pagelist import PageMap

# Typeforms (plainleaf's own; translate.py maps them onto the table's emphasis classes)
BOLD, ITALIC, UNCONTRACTED = 1, 2, 4

BLANK = "⠀"  # a blank cell
# Braille signs with no print counterpart (UEB rulebook 3.27: transcriber's note indicators)
TN_OPEN, TN_CLOSE = "⠈⠨⠣", "⠈⠨⠜"
# BF 7.1.3: the top box line is a full line of dots 2356, the bottom box line of dots 1245 (no label in either:
# a box's heading goes on the line after its top box line, BF 4.3.5, 7.2.1c)
BOX_TOP, BOX_BOTTOM = "⠶", "⠛"
SEPARATOR = "⠒" * 12  # a thematic break: a centred line of dots 2-5
GUIDE_DOTS = "⠐⠐⠐"  # BF 11.16.1h: three unspaced guide dots (dot 5) stand for a table's empty entry


@dataclass(frozen=True)
class Run:
    """Print words and how they are set (BOLD, ITALIC, UNCONTRACTED)."""

    text: str
    form: int = 0


@dataclass(frozen=True)
class Mark:
    """Braille cells with no print counterpart, between runs (an indicator)."""

    cells: str


Piece = Run | Mark
Line = tuple[Piece, ...]  # what goes up to a forced line break


@dataclass(frozen=True)
class Block:
    """One block of the braille edition.

    `lines` are forced lines (a hard break starts a new braille line at the runover cell). A block with `rule`
    is a full line of that cell, with `lines[0]` (if any) in its middle: a box line with its label.
    `anchors` are the page-map ids of what starts here; `print_pages` (set by `mark_print_pages`) the print pages
    that begin here, shown by a print-page change line before the block. `joined`: no blank line before it,
    whatever comes before (a box's heading after its top box line, the bottom box line); `new_page`: it starts a
    braille page; `guide`: the entry word of a glossary entry, for the braille page's guide words (BF 21.3.2).
    """

    role: str
    lines: tuple[Line, ...]
    first: int = 2
    runover: int = 0
    centered: bool = False
    blank_before: bool = False
    blank_after: bool = False
    keep_with_next: bool = False
    rule: str = ""
    joined: bool = False
    new_page: bool = False
    guide: str | None = None
    anchors: tuple[str, ...] = ()
    print_pages: tuple[int, ...] = ()
    line: int | None = None  # the handout.md line, for errors


@dataclass(frozen=True)
class BrailleSource:
    """What the braille edition is transcribed from."""

    sections: tuple[tree.Section, ...]
    meta: FrontMatter
    clinic: Clinic
    page_map: PageMap | None = None  # the large-print PDF's pages; None: no print page numbers
    key_points: tree.KeyPoints | None = None
    edition_notes: tuple[tuple[str, str], ...] = ()  # (language, sentence) for each other edition
    source: Path | None = None  # the handout.md, named by errors
    print_paper: str | None = None  # the paper of the PDF whose page map this is: "letter", "a4"

    @property
    def language(self) -> str:
        return self.meta.language


@dataclass(frozen=True)
class BrailleDocument:
    """The blocks of the braille edition: the segments of the transcriber's title page but the last (the volume's
    pages, known once the body is laid out: `volume_segment`), the body, and the running head."""

    title_page: tuple[tuple[Block, ...], ...]
    body: tuple[Block, ...]
    running_head: Line
