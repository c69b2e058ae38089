"""The document tree → the braille edition's blocks, in reading order: the sections (headings, paragraphs, lists,
pictures, tables, call-outs as boxes, quotes, code), the front and back matter around them (matter.py), and the
print pages that begin with each block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from ...i18n import translations
from ...source import tree
from ..body import CALLOUT_LABELS
from ..pagelist import PageMap
from .blocks import (
    GUIDE_DOTS,
    SEPARATOR,
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
from .codes import BrailleCode
from .formats import box, heading, marker, paragraph, set_apart
from .inlines import foreign, inline_lines, runs, words
from .matter import contacts, front, glossary, references, the_end, title_page


def transcribe(source: BrailleSource, code: BrailleCode) -> BrailleDocument:
    """The braille edition's blocks, print pages marked."""
    body = [*front(source, code)]
    sections = _Sections(source.language, code)
    for section in source.sections:
        body += sections.section(section)
    body += [*glossary(source), *references(source, code), *contacts(source)]
    body = [*mark_print_pages(body, source.page_map), the_end(source)]
    head = source.meta.short_title or source.meta.title
    return BrailleDocument(title_page(source, code), tuple(body), runs(head))


class _Sections:
    """The sections of the tree → blocks."""

    def __init__(self, language: str, code: BrailleCode) -> None:
        self.language, self.code = language, code
        self.gettext = translations(language).gettext

    def inlines(self, inlines: Sequence[tree.Inline], form: int = 0) -> tuple[Line, ...]:
        return inline_lines(inlines, self.language, self.gettext, form)

    def section(self, section: tree.Section) -> Iterator[Block]:
        yield heading(2, self.inlines(section.heading), (section.id, section.heading_id), section.line)
        for block in section.children:
            yield from self.block(block)

    def block(self, block: tree.Block, indent: int = 0) -> Iterator[Block]:
        match block:
            case tree.Heading(level=level, children=kids, id=anchor):
                yield heading(level, self.inlines(kids), (anchor,), block.line)
            case tree.Paragraph(children=kids, id=anchor):
                yield paragraph(self.inlines(kids), _ids(anchor), block.line)
            case tree.List():
                yield from set_apart(list(self.list_items(block, 0, 2 * (_depth(block) + 1))))
            case tree.Figure():
                yield from self.figure(block)
            case tree.Table():
                yield from set_apart(list(self.table(block)))
            case tree.Callout(kind=kind, children=kids, id=anchor, label_id=label_id):
                label = self.gettext(CALLOUT_LABELS[kind])
                inside = [b for kid in kids for b in self.block(kid)]
                yield from box(label, 3, (anchor, label_id), inside, block.line)
            case tree.Quote(children=kids, id=anchor):
                inside = [replace(b, first=6, runover=4) if b.role == "paragraph" else b
                          for kid in kids for b in self.block(kid)]
                if inside:
                    inside[0] = replace(inside[0], anchors=(anchor, *inside[0].anchors))
                yield from set_apart(inside)
            case tree.CodeBlock(text=text, id=anchor):
                lines = [Block("code", (runs(line, UNCONTRACTED),) if line.strip() else ((),), 0, 2,
                               line=block.line) for line in text.rstrip("\n").split("\n")]
                lines[0] = replace(lines[0], anchors=(anchor,))
                yield from set_apart(lines)
            case tree.ThematicBreak(id=anchor):
                yield Block("separator", ((Mark(SEPARATOR),),), centered=True, blank_before=True, blank_after=True,
                            anchors=(anchor,), line=block.line)
            case tree.KeyPoints():
                pass  # the front matter's, placed by front()

    def list_items(self, block: tree.List, level: int, runover: int) -> Iterator[Block]:
        """BF 8.3-8.4: each item in cell 1 (nested: 3, 5…), every runover two cells right of the deepest level
        (1-3 for a simple list; 1-5 and 3-5 for one with sub-items), numbers kept as printed."""
        for i, item in enumerate(block.items):
            number = block.start + i if block.ordered else None
            first_text = True
            anchors: tuple[str, ...] = (item.id,)
            for child in item.children:
                if isinstance(child, tree.Paragraph):
                    lines = self.inlines(child.children)
                    if first_text:
                        lines = ((*marker(self.code, number), *lines[0]), *lines[1:])
                    yield Block("list-item", lines, 2 * level if first_text else runover, runover,
                                anchors=(*anchors, *_ids(child.id)), line=child.line)
                    first_text, anchors = False, ()
                elif isinstance(child, tree.List):
                    if first_text:  # an item that starts with a sub-list still shows its number
                        yield Block("list-item", (marker(self.code, number),), 2 * level, runover, anchors=anchors,
                                    line=item.line)
                        first_text, anchors = False, ()
                    yield from self.list_items(child, level + 1, runover)
                else:
                    blocks = list(self.block(child))
                    if blocks and anchors:
                        blocks[0] = replace(blocks[0], anchors=(*anchors, *blocks[0].anchors))
                        anchors = ()
                    yield from blocks

    def figure(self, figure: tree.Figure) -> Iterator[Block]:
        """BF 6.2: a picture's caption and description in 7-5 (6.2.2), with no blank lines around them (6.2.2a).
        Print does not label its pictures, so a transcriber's note does, before the caption on its line (6.2.2b);
        the description, in a transcriber's note, follows on the next line (6.2.2e)."""
        form, _ = foreign(figure.language, self.language), self.gettext
        if figure.caption:
            label = (Mark(TN_OPEN), Run(_("Picture")), Mark(TN_CLOSE))
            yield Block("caption", ((*label, Run(" " + words(figure.caption))),), 6, 4, anchors=_ids(figure.id),
                        line=figure.line)
            yield Block("picture", ((Mark(TN_OPEN), Run(words(figure.alt), form), Mark(TN_CLOSE)),), 6, 4,
                        line=figure.line)
        else:
            description = _("Picture: %(description)s") % {"description": words(figure.alt)}
            yield Block("picture", ((Mark(TN_OPEN), Run(description, form), Mark(TN_CLOSE)),), 6, 4,
                        anchors=_ids(figure.id), line=figure.line)

    def table(self, table: tree.Table) -> Iterator[Block]:
        """BF 11.16, the listed table format: a transcriber's note saying so (11.16.1l); each row after a blank line
        (11.16.1k), its first column heading, a colon and its entry as a cell-5 heading (11.16.1e), then every other
        column heading with its entry in 1-3 (11.16.1d, f), the row kept on one braille page where it fits
        (11.16.1j); three guide dots for an empty entry (11.16.1h)."""
        _ = self.gettext
        headers = [words(tree.plain_text(cell.children)) for row in table.head for cell in row.cells]
        rows = table.body or table.head
        empty = any(not tree.plain_text(cell.children).strip() for row in rows for cell in row.cells)
        note = _("Print format is changed. Row headings are blocked in cell 5; column headings begin in cell 1. All "
                 "headings are repeated for clarity. A colon separates headings from table entries.")
        if empty:
            note += " " + _("A series of three guide dots indicates a blank entry.")
        yield Block("table-note", ((Mark(TN_OPEN), Run(note), Mark(TN_CLOSE)),), 6, 4, anchors=(table.id,),
                    line=table.line)
        for row in rows:
            last = len(row.cells) - 1
            for c, cell in enumerate(row.cells):
                filled = tree.plain_text(cell.children).strip()
                lines = self.inlines(cell.children) if filled else ((Mark(GUIDE_DOTS),),)
                header = headers[c] if c < len(headers) and table.body else ""
                if header:
                    lines = ((Run(f"{header}: "), *lines[0]), *lines[1:])
                yield Block("table-entry", lines, 4 if c == 0 else 0, 4 if c == 0 else 2, blank_before=c == 0,
                            keep_with_next=c < last, anchors=(row.id,) if c == 0 else (), line=cell.line)


def _ids(anchor: str | None) -> tuple[str, ...]:
    return (anchor,) if anchor else ()


def _depth(block: tree.List) -> int:
    """How many levels of sub-lists a list has under it (0 for a simple list)."""
    inner = [_depth(child) + 1 for item in block.items for child in item.children if isinstance(child, tree.List)]
    return max(inner, default=0)


def mark_print_pages(blocks: Sequence[Block], page_map: PageMap | None) -> tuple[Block, ...]:
    """Each block with the print pages that begin with it, as the EPUB places its page markers: page N begins
    with the first block that starts on page N of the large-print PDF; a page on which no block starts begins
    with the next page's block, and pages after the last block start begin at the end (a closing block)."""
    if page_map is None:
        return tuple(blocks)
    marked, next_page = [], 2
    for block in blocks:
        number = max((min(page_map.anchor_pages.get(a, 0), page_map.page_count) for a in block.anchors), default=0)
        pages = tuple(range(next_page, number + 1))
        next_page = max(next_page, number + 1)
        marked.append(replace(block, print_pages=pages) if pages else block)
    if next_page <= page_map.page_count:
        marked.append(Block("end", (), print_pages=tuple(range(next_page, page_map.page_count + 1))))
    return tuple(marked)
