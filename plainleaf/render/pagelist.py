"""Print page numbers in the EPUB: markers placed where each page of the print edition starts, and the
page-list that points at them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser

from .html import EpubPage

# Where a page-break marker may go: before these elements, or (lists and definition lists allow no <span>
# between their items) just inside them; a table row's marker goes inside its first cell.
_MARKED_BEFORE = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "table", "aside", "section", "blockquote",
                  "pre", "hr", "header", "ul", "ol", "dl"}
_MARKED_INSIDE = {"li", "dt", "dd"}
_PAGE_BREAK = '<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"></span>'


@dataclass(frozen=True)
class PageMap:
    """On which page of a print edition each block (by its id) starts: the EPUB's page-list follows it."""

    edition: str  # the PDF edition's stable name, e.g. neuroendocrine-tumors-large-print-letter.pdf
    page_count: int
    anchor_pages: Mapping[str, int]  # block id → 1-based page number


class _BlockStarts(HTMLParser):
    """Where a page-break marker could go for each block with an id, in document order: (id, offset)."""

    def __init__(self, body: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self._row: str | None = None
        self.places: list[tuple[str, int]] = []
        self.feed(body)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag == "tr":
            self._row = anchor
        elif tag in ("td", "th") and self._row:
            self._place(self._row, inside=True)
            self._row = None
        elif anchor and (tag in _MARKED_BEFORE or tag in _MARKED_INSIDE):
            self._place(anchor, inside=tag in _MARKED_INSIDE)

    def _place(self, anchor: str, inside: bool) -> None:
        line, column = self.getpos()
        offset = self._line_starts[line - 1] + column
        self.places.append((anchor, offset + len(self.get_starttag_text() or "") if inside else offset))


def mark_print_pages(pages: Sequence[EpubPage], page_map: PageMap) -> tuple[list[EpubPage], list[tuple[int, str]]]:
    """Put a page-break marker for every page of the print edition into the EPUB pages, and list them.

    Page 1 starts the first document; page N goes just before the first block that starts on page N in print.
    A page on which no block starts (one long block fills it) shares the next marker's place; pages after the
    last block start go at the end. Returns the marked pages and the page-list as (number, href).
    """
    inserts: list[list[tuple[int, int]]] = [[] for _ in pages]  # per document: (offset, page number)
    inserts[0].append((0, 1))
    next_number = 2
    for index, page in enumerate(pages):
        for anchor, offset in _BlockStarts(page.body).places:
            number = min(page_map.anchor_pages.get(anchor, 0), page_map.page_count)
            while next_number <= number:
                inserts[index].append((offset, next_number))
                next_number += 1
    while next_number <= page_map.page_count:
        inserts[-1].append((len(pages[-1].body), next_number))
        next_number += 1
    marked: list[EpubPage] = []
    page_list: list[tuple[int, str]] = []
    for page, places in zip(pages, inserts, strict=True):
        body, done = [], 0
        for offset, number in places:
            body += [page.body[done:offset], _PAGE_BREAK.format(n=number)]
            done = offset
            page_list.append((number, f"{page.file_name}#page-{number}"))
        marked.append(replace(page, body="".join([*body, page.body[done:]])))
    return marked, page_list
