"""What the mending shares: the PDF being mended with what its pages draw, a fault's shape, and walking an
element's kids."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from ...pdfread.content import (
    Instruction,
    PageContent,
    as_artifacts,
    drawing,
    page_content,
    page_contents,
    read_again,
)
from ...pdfread.fonts import Font
from ...pdfread.structure import StructElement, marked_content, parent_tree, structure_elements


@dataclass(frozen=True)
class ForeignText:
    """Words in another language than the words around them: an HTML element's `lang`, the structure role
    WeasyPrint gives that element, and its text (as `comparable` writes it)."""

    language: str
    role: str
    text: str


@dataclass
class Document:
    """The PDF being mended, what its pages draw (read once), and what the caller knows that the file may not."""

    pdf: pikepdf.Pdf
    language: str | None  # None: not known, so an empty /Lang stays for the audit to report
    foreign: Sequence[ForeignText] = ()  # in document order
    continued: Sequence[Sequence[str]] = ()  # for each page, the elements that go on there from the page before
    _contents: list[PageContent] | None = None
    _drawn: list[tuple[bytes, ...]] = field(default_factory=list)  # the pages' streams when they were read
    _instructions: list[list[Instruction]] = field(default_factory=list)  # each page's streams as they are, parsed
    _fonts: dict[tuple[int, int], Font] = field(default_factory=dict)  # as read (no mend changes a font)
    _elements: list[StructElement] | None = None  # the tree as last walked, until a mend reshapes it
    _parents: dict[int, pikepdf.Object] | None = None
    _order: list[list[int]] | None = None

    @property
    def elements(self) -> list[StructElement]:
        """Every structure element, depth first in document order: walked once for all the finders, and again
        only after a mend that reshapes the tree."""
        if self._elements is None:
            self._elements = list(structure_elements(self.pdf))
        return self._elements

    @property
    def parents(self) -> dict[int, pikepdf.Object]:
        """The ParentTree (its arrays are the file's own: a mend that changes one in place is seen)."""
        if self._parents is None:
            self._parents = parent_tree(self.pdf)
        return self._parents

    @property
    def order(self) -> list[list[int]]:
        """For each page, the MCIDs of the whole tree in structure order."""
        if self._order is None:
            self._order = marked_content(self.pdf)
        return self._order

    def reshaped(self) -> None:
        """A mend moved, joined or removed structure elements: what was read of the tree is read again."""
        self._elements = self._parents = self._order = None

    @property
    def contents(self) -> list[PageContent]:
        return self._read()

    def _read(self) -> list[PageContent]:
        """Each page's content streams parsed once, and what they draw."""
        if self._contents is None:
            self._instructions = [list(pikepdf.parse_content_stream(page)) for page in self.pdf.pages]
            self._drawn = [drawing(page) for page in self.pdf.pages]
            self._contents = page_contents(self.pdf, self._instructions, self._fonts)
        return self._contents

    def instructions(self, index: int) -> list[Instruction]:
        """What page `index` draws, parsed once (a mend that redraws the page gives it new ones: `redraw`)."""
        self._read()
        return self._instructions[index]

    def redraw(self, index: int, instructions: list[Instruction]) -> None:
        """Page `index` draws `instructions` instead: every mend that changes what a page draws does it here, so
        that what the Document holds parsed is what the page holds."""
        self._read()
        self.pdf.pages[index].obj.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        self._instructions[index] = instructions

    def marked_as_artifacts(self, index: int, mcids: Collection[int]) -> None:
        """A mend gave page `index` new streams in which the marked content `mcids` is artifacts: what the page
        draws follows from what was read, without reading it again (where it can)."""
        contents, page = self.contents, self.pdf.pages[index]
        contents[index] = as_artifacts(contents[index], mcids) or page_content(page, index + 1,
                                                                                self._instructions[index])
        self._drawn[index] = drawing(page)

    def drawn(self) -> list[PageContent]:
        """What the pages draw once the mending is done, as a reader of the saved file would read it: the pages
        read, with those redrawn since (by a mend after which the mending need not read them again, such as one
        that paints the same in another order) read again."""
        return read_again(self.pdf, self.contents, self._drawn, self._instructions, self._fonts)


@dataclass(frozen=True)
class Fault:
    """A WeasyPrint fault: `find` returns what shows it (empty when the file is sound); `mend` fixes those. A mend
    that changes what a page is read as drawing says so to the Document (`marked_as_artifacts`); one that paints the
    same in another order need not (the audit's `drawn` reads such a page again). One that `reshapes` the tree
    (moves, joins or removes elements, or sets ParentTree entries anew) has the Document read the tree again."""

    name: str
    find: Callable[[Document], list[Any]]
    mend: Callable[[Document, list[Any]], None]
    reshapes: bool = False


def kids_of(element: pikepdf.Dictionary) -> list[pikepdf.Object]:
    kids = element.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def top_of(document: Document, element: pikepdf.Object) -> tuple[int, float] | None:
    """(page, height of the top) of the first page on which a structure element paints anything; a higher page
    counts as lower down, so that comparing two tops compares where they start."""
    if not isinstance(element, pikepdf.Dictionary):
        return None
    for index, mcids in enumerate(marked_content(document.pdf, element)):
        boxes = [document.contents[index].mcid_boxes[m] for m in mcids if m in document.contents[index].mcid_boxes]
        if boxes:
            return -index, max(box[3] for box in boxes)
    return None
