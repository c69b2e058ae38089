"""The text a PDF holds as a screen reader meets it (structure order, alt text for pictures), and whether
its pages paint in that order."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

import pikepdf

from .content import PageContent, TextRun
from .structure import marked_content_in_order

_LINE_END_HYPHEN = re.compile(r"\w[-\u2010]$")


def join_runs(pieces: Iterable[TextRun | str]) -> str:
    """Runs that continue one another on a line join directly, and so does a word broken after its hyphen at the
    end of a line ("non-" + "emergency": hyphenation is off, so such a hyphen is the word's own); anything else
    (and any alt text) is a new word."""
    text, previous = "", None
    for piece in pieces:
        if isinstance(piece, str):
            text, previous = f"{text} {piece}", None
            continue
        touching = previous is not None and abs(piece.start[1] - previous.end[1]) < 0.5 and \
            abs(piece.start[0] - previous.end[0]) < 0.15 * piece.size
        next_line = previous is not None and piece.start[1] < previous.end[1] - 0.5 * piece.size
        broken_word = next_line and _LINE_END_HYPHEN.search(text.rstrip()) and text == text.rstrip()
        text += piece.text if touching or broken_word else " " + piece.text
        previous = piece
    return " ".join(text.split())


def painted_out_of_order(content: PageContent, structure_order: list[int]) -> list[int]:
    """The MCIDs a page paints out of structure order: those outside the longest run of content painted in
    structure order (so a screen reader's order and the eye's order differ there)."""
    rank = {mcid: index for index, mcid in enumerate(structure_order)}
    painted = [mcid for mcid in content.paint_order if mcid in rank]
    # patience sorting: the longest subsequence whose ranks increase
    tails: list[int] = []  # for each length, where in `painted` the best run of that length ends
    tail_ranks: list[int] = []
    previous: list[int | None] = []
    for index, mcid in enumerate(painted):
        length = bisect.bisect_left(tail_ranks, rank[mcid])
        previous.append(tails[length - 1] if length else None)
        tails[length:length + 1] = [index]
        tail_ranks[length:length + 1] = [rank[mcid]]
    in_order: set[int] = set()
    index = tails[-1] if tails else None
    while index is not None:
        in_order.add(index)
        index = previous[index]
    return [mcid for index, mcid in enumerate(painted) if index not in in_order]


def text_in_order(pdf: pikepdf.Pdf, contents: list[PageContent], node: pikepdf.Object | None = None) -> str:
    """The text under a structure node (default: the whole tree) in structure order, as a screen reader reads it
    (pictures by their alt text); artifacts never appear."""
    by_page = {page.objgen: content for page, content in zip(pdf.pages, contents, strict=True)}
    node = node if node is not None else pdf.Root.get("/StructTreeRoot")
    pieces: list[TextRun | str] = []
    for item in marked_content_in_order(node, None):
        if isinstance(item, str):
            pieces.append(item)
            continue
        page, mcid = item
        content = by_page.get(page.objgen) if page is not None else None
        if content is not None:
            pieces.extend(content.mcid_runs.get(mcid, []))
    return join_runs(pieces)


def comparable(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()
