"""How full each printed page is, measured on the PDF: how far down the text area the last text or picture (a
raster one, or what a vector one paints) reaches. Artifacts do not count: page numbers, running heads, borders,
the questions page's writing lines."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pikepdf

from ..check.audit import PageContent, page_contents
from ..source.layout import LayoutSettings

POINTS_PER_INCH = 72
DESCENT = 0.25  # of the text size: how far below its baseline a line of text reaches


@dataclass(frozen=True)
class PageFill:
    number: int  # from 1
    fill: float  # 0 (nothing in the text area) to 1 (it reaches the bottom margin)
    first_line: str  # the page's first line of real text: what starts the page


def _first_line(content: PageContent) -> str:
    runs = [r for r in content.runs if not r.artifact and r.text.strip()]
    if not runs:
        return ""
    top = max(r.start[1] for r in runs)
    return " ".join("".join(r.text for r in sorted((r for r in runs if abs(r.start[1] - top) < 1),
                                                   key=lambda r: r.start[0])).split())


def page_fills(pdf: pikepdf.Pdf, settings: LayoutSettings) -> list[PageFill]:
    """Each page's fill, for a PDF printed in a layout with these margins (plainleaf's print.css: the bottom
    margin is a quarter inch deeper, for the page number)."""
    fills = []
    for content in page_contents(pdf):
        top = content.height - settings.margin_in * POINTS_PER_INCH
        bottom = (settings.margin_in + 0.25) * POINTS_PER_INCH
        lows = [r.start[1] - DESCENT * r.size for r in content.runs if not r.artifact and r.text.strip()]
        lows += [y0 for _x0, y0, _x1, _y1 in [*content.images, *content.mcid_boxes.values()]]
        lowest = min(lows, default=top)
        fills.append(PageFill(content.number, min(max((top - lowest) / (top - bottom), 0.0), 1.0),
                              _first_line(content)))
    return fills


def half_empty_pages(fills: list[PageFill], page_starters: Collection[str], least: float = 0.5) -> list[PageFill]:
    """The pages left more than half empty that need not be: not the last page, and not one before a page that
    starts with one of `page_starters` (the first lines of what always starts a page, e.g. "Who can help")."""
    return [page for page, following in zip(fills, fills[1:], strict=False)
            if page.fill < least and not any(_starts(following.first_line, s) for s in page_starters)]


def _starts(first_line: str, starter: str) -> bool:
    """Whether a page's first line is the start of `starter` (which may wrap over two lines), or begins with it."""
    return bool(first_line) and (first_line.startswith(starter) or starter.startswith(first_line + " "))
