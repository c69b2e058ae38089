"""The braille edition's blocks: the document tree, front matter, clinic and page map turned into what a braille
transcriber lays out (print text with its emphasis, a role, the cells it starts in, the print pages that begin
with it), following BANA's Braille Formats 2016 ("BF" below, cited by section). No braille yet: translate.py turns
the words into cells.

Indents are 0-based cells: `first=2, runover=0` is BANA's "3-1" (a paragraph: first line in cell 3, runovers in
cell 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...i18n import babel_locale, long_date, translations
from ...source import tree
from ...source.glossary import glossary_entries
from ...source.model import Clinic, FrontMatter, Reference
from ..pagelist import PageMap
from ..references import ama_lead
from .codes import BrailleCode

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

_SPACES = re.compile(r"\s+")


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


def _words(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _runs(text: str, form: int = 0) -> Line:
    return (Run(_words(text), form),)


def _foreign(language: str | None, handout_language: str) -> int:
    """UNCONTRACTED for words in another language than the handout's (UEB 13.2; Spanish practice alike)."""
    if language and babel_locale(language).language != babel_locale(handout_language).language:
        return UNCONTRACTED
    return 0


# -- inlines -------------------------------------------------------------------------------------------------------

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
                self.add(kids, form | _foreign(language, self.language))
            case tree.GlossaryTerm(children=kids):
                self.add(kids, form)
            case tree.Image(alt=alt, language=language):
                self.lines[-1].append(Mark(TN_OPEN))
                self._text(self.gettext("Picture: %(description)s") % {"description": alt},
                           form | _foreign(language, self.language))
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


# -- the document ----------------------------------------------------------------------------------------------------

class _Transcriber:
    """The tree and the front and back matter → blocks, in reading order."""

    def __init__(self, source: BrailleSource, code: BrailleCode) -> None:
        self.source, self.code = source, code
        self.language = source.language
        self.gettext = translations(source.language).gettext

    def inlines(self, inlines: Sequence[tree.Inline], form: int = 0) -> tuple[Line, ...]:
        reader = _Inlines(self.language, self.gettext)
        reader.add(inlines, form)
        return reader.result()

    def heading(self, level: int, lines: tuple[Line, ...], anchors: tuple[str, ...], line: int | None) -> Block:
        """BF 4.4: a centred heading, three blank cells at least on each side, a blank line before and after; BF 4.5
        and 4.6: cell-5 and cell-7 headings, blocked, a blank line before and none after (the pager leaves out the
        one before a heading that follows another: BF 4.5.6, 4.5.7). Each is kept with what follows (BF 4.3.9)."""
        if level <= 1:
            return Block("heading-1", lines, 0, 0, centered=True, blank_before=True, blank_after=True,
                         keep_with_next=True, anchors=anchors, line=line)
        cell = 4 if level == 2 else 6
        return Block(f"heading-{min(level, 3)}", lines, cell, cell, blank_before=True, keep_with_next=True,
                     anchors=anchors, line=line)

    def paragraph(self, lines: tuple[Line, ...], anchors: tuple[str, ...] = (), line: int | None = None,
                  role: str = "paragraph") -> Block:
        return Block(role, lines, 2, 0, anchors=anchors, line=line)

    def box(self, label: str, level: int, anchors: tuple[str, ...], inside: list[Block], line: int | None
            ) -> list[Block]:
        """BF 7: a blank line before the top box line and after the bottom one (7.2.1), none after the top or
        before the bottom (7.2.1c-d); the box lines run the full width (7.3.3). The label is the box's heading, on
        the line after the top box line (4.3.5), one level below the heading the box is under (4.7.1)."""
        if inside:
            inside[0] = replace(inside[0], blank_before=False)
            inside[-1] = replace(inside[-1], blank_after=False)
        top = Block("box-top", (), 0, 0, rule=BOX_TOP, blank_before=True, keep_with_next=True, anchors=anchors,
                    line=line)
        heading = replace(self.heading(level, (_runs(label),), (), line), joined=True)
        bottom = Block("box-bottom", (), 0, 0, rule=BOX_BOTTOM, joined=True, blank_after=True, line=line)
        return [top, heading, *inside, bottom]

    def set_apart(self, blocks: list[Block]) -> list[Block]:
        """Blocks with a blank line before the first and after the last (lists, tables, displays)."""
        if blocks:
            blocks[0] = replace(blocks[0], blank_before=True)
            blocks[-1] = replace(blocks[-1], blank_after=True)
        return blocks

    # -- the transcriber's title page: BF 2.3, its segments in 1-3 (2.3.3c)
    def title_page(self) -> tuple[tuple[Block, ...], ...]:
        meta, clinic, _ = self.source.meta, self.source.clinic, self.gettext
        title = [_item(meta.title)] + ([_item(meta.subtitle)] if meta.subtitle else [])  # BF 2.3.4
        authors = [_item(author) for author in meta.authors]  # BF 2.3.5
        reviewed = _("Reviewed: %(date)s") % {"date": long_date(meta.reviewed, self.language)}
        publisher = [_item(clinic.name), *([_item(clinic.address)] if clinic.address else []), _item(reviewed)]
        # BF 2.3.7: the code the transcription is in and who made it (no year: the same sources give the same bytes)
        transcriber = [_item(_(self.code.name)),
                       _item(_("Transcribed by plainleaf: computer-generated, not proofread"))]
        return tuple(tuple(segment) for segment in (title, authors, publisher, transcriber) if segment)

    # -- what print page 1 holds: BF 1.8.1, the complete title (title and subtitle) centred from line 1, then a
    # blank line
    def front(self) -> Iterator[Block]:
        meta, _ = self.source.meta, self.gettext
        title = (_runs(meta.title), *((_runs(meta.subtitle),) if meta.subtitle else ()))
        yield self.heading(1, title, ("title_subtitle",) if meta.subtitle else (), 1)
        yield self.paragraph((_runs(meta.summary),), ("title_summary",), 1)
        for n, (language, note) in enumerate(self.source.edition_notes, start=1):
            yield self.paragraph((_runs(note, _foreign(language, self.language)),), (f"title_edition-note-{n}",), 1)
        if self.source.key_points:
            points = self.source.key_points
            items = [Block("list-item", ((*self.marker(None), Run(_words(p.text))),), 0, 2, anchors=(p.id,),
                           line=p.line) for p in points.items]
            yield from self.box(_("Key points"), 2, (points.id,), self.set_apart(items), points.line)

    def marker(self, number: int | None) -> Line:
        if number is not None:
            return (Run(f"{number}. "),)
        return (Run(f"{self.code.bullet} "),) if self.code.bullet else ()

    # -- the sections
    def section(self, section: tree.Section) -> Iterator[Block]:
        yield self.heading(2, self.inlines(section.heading), (section.id, section.heading_id), section.line)
        for block in section.children:
            yield from self.block(block)

    def block(self, block: tree.Block, indent: int = 0) -> Iterator[Block]:
        match block:
            case tree.Heading(level=level, children=kids, id=anchor):
                yield self.heading(level, self.inlines(kids), (anchor,), block.line)
            case tree.Paragraph(children=kids, id=anchor):
                yield self.paragraph(self.inlines(kids), _ids(anchor), block.line)
            case tree.List():
                yield from self.set_apart(list(self.list_items(block, 0, 2 * (_depth(block) + 1))))
            case tree.Figure():
                yield from self.figure(block)
            case tree.Table():
                yield from self.set_apart(list(self.table(block)))
            case tree.Callout(kind=kind, children=kids, id=anchor, label_id=label_id):
                label = {"important": self.gettext("Important"), "tip": self.gettext("Tip"),
                         "warning": self.gettext("Warning")}[kind]
                inside = [b for kid in kids for b in self.block(kid)]
                yield from self.box(label, 3, (anchor, label_id), inside, block.line)
            case tree.Quote(children=kids, id=anchor):
                inside = [replace(b, first=6, runover=4) if b.role == "paragraph" else b
                          for kid in kids for b in self.block(kid)]
                if inside:
                    inside[0] = replace(inside[0], anchors=(anchor, *inside[0].anchors))
                yield from self.set_apart(inside)
            case tree.CodeBlock(text=text, id=anchor):
                lines = [Block("code", (_runs(line, UNCONTRACTED),) if line.strip() else ((),), 0, 2,
                               line=block.line) for line in text.rstrip("\n").split("\n")]
                lines[0] = replace(lines[0], anchors=(anchor,))
                yield from self.set_apart(lines)
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
                        lines = ((*self.marker(number), *lines[0]), *lines[1:])
                    yield Block("list-item", lines, 2 * level if first_text else runover, runover,
                                anchors=(*anchors, *_ids(child.id)), line=child.line)
                    first_text, anchors = False, ()
                elif isinstance(child, tree.List):
                    if first_text:  # an item that starts with a sub-list still shows its number
                        yield Block("list-item", (self.marker(number),), 2 * level, runover, anchors=anchors,
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
        form, _ = _foreign(figure.language, self.language), self.gettext
        if figure.caption:
            label = (Mark(TN_OPEN), Run(_("Picture")), Mark(TN_CLOSE))
            yield Block("caption", ((*label, Run(" " + _words(figure.caption))),), 6, 4, anchors=_ids(figure.id),
                        line=figure.line)
            yield Block("picture", ((Mark(TN_OPEN), Run(_words(figure.alt), form), Mark(TN_CLOSE)),), 6, 4,
                        line=figure.line)
        else:
            description = _("Picture: %(description)s") % {"description": _words(figure.alt)}
            yield Block("picture", ((Mark(TN_OPEN), Run(description, form), Mark(TN_CLOSE)),), 6, 4,
                        anchors=_ids(figure.id), line=figure.line)

    def table(self, table: tree.Table) -> Iterator[Block]:
        """BF 11.16, the listed table format: a transcriber's note saying so (11.16.1l); each row after a blank line
        (11.16.1k), its first column heading, a colon and its entry as a cell-5 heading (11.16.1e), then every other
        column heading with its entry in 1-3 (11.16.1d, f), the row kept on one braille page where it fits
        (11.16.1j); three guide dots for an empty entry (11.16.1h)."""
        _ = self.gettext
        headers = [_words(tree.plain_text(cell.children)) for row in table.head for cell in row.cells]
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

    # -- the pages after the sections
    def glossary(self) -> Iterator[Block]:
        """BF 21: an alphabetic reference starts a braille page (21.2.1a); each entry in 1-3 (21.2.1b), its entry
        word and definition one blank cell apart when the definition starts with a capital or a sign, else two
        (21.5.1c-d), the pages' guide words made from the entry words (21.3.2)."""
        glossary = self.source.meta.glossary
        if not glossary:
            return
        heading = self.heading(2, (_runs(self.gettext("Words to know")),), ("glossary", "glossary--h"), None)
        yield replace(heading, new_page=True)
        for entry in glossary_entries(glossary, self.source.language):
            term, definition = _words(entry.term), _words(entry.definition)
            apart = () if definition[:1].isupper() or not definition[:1].isalnum() else (Mark(BLANK),)
            yield Block("glossary-entry", ((Run(term + " "), *apart, Run(definition)),), 0, 2, anchors=(entry.anchor,),
                        guide=term.rstrip(".,;:!?"))

    def references(self) -> Iterator[Block]:
        cited = appendix_order(self.source.sections, self.source.meta.references)
        if not cited:
            return
        yield self.heading(2, (_runs(self.gettext("Where this information comes from")),),
                           ("references", "references--h"), None)
        entries = []
        for n, reference in enumerate(cited, start=1):
            text = ama_lead(reference, self.language)
            if reference.url:
                text += f" {reference.url}."
            if reference.accessed:
                text += " " + self.gettext("Accessed %(date)s.") % {"date": long_date(reference.accessed,
                                                                                      self.language)}
            entries.append(Block("reference", ((*self.marker(n), Run(_words(text))),), 0, 2,
                                 anchors=(f"ref-{reference.id}",)))
        yield from self.set_apart(entries)

    def contacts(self) -> Iterator[Block]:
        _, clinic, meta = self.gettext, self.source.clinic, self.source.meta
        yield self.heading(2, (_runs(_("Who can help")),), ("contacts", "contacts--h"), None)
        if clinic.emergency:  # first, as in print and the EPUB (layouts/_base/parts.html)
            emergency = [self.paragraph((_runs(clinic.emergency),))]
            yield from self.box(_("In an emergency"), 3, ("emergency-label",), emergency, None)
        yield self.heading(3, (_runs(clinic.name),), ("contact-clinic",), None)
        yield from self.contact_lines([(_("Phone"), clinic.phone), (_("After hours"), clinic.after_hours_phone),
                                       (_("Website"), clinic.website), (_("Email"), clinic.email),
                                       (_("Address"), clinic.address)])
        for n, group in enumerate(meta.support, start=1):
            yield self.heading(3, (_runs(group.name),), (f"contact-{n}",), None)
            for text in (group.organization, group.description):
                if text:
                    yield self.paragraph((_runs(text),))
            yield from self.contact_lines([(_("Phone"), group.phone), (_("Website"), group.url),
                                           (_("Email"), group.email), (_("Address"), group.address),
                                           (_("Meeting times"), group.hours)])
        reviewed = _("Reviewed: %(date)s") % {"date": long_date(meta.reviewed, self.language)}
        yield self.paragraph((_runs(f"{reviewed}. {clinic.name}."),), ("contacts_reviewed",))

    def contact_lines(self, lines: list[tuple[str, str | None]]) -> list[Block]:
        return self.set_apart([Block("contact-line", ((Run(f"{label}: {_words(value)}"),),), 0, 2)
                               for label, value in lines if value])

    def the_end(self) -> Block:
        """BF 1.6.5b-c: the end of the book, centred in transcriber's note indicators, after a blank line."""
        return Block("the-end", ((Mark(TN_OPEN), Run(self.gettext("The End")), Mark(TN_CLOSE)),), 0, 0,
                     centered=True, blank_before=True)

    def document(self) -> BrailleDocument:
        body = [*self.front()]
        for section in self.source.sections:
            body += self.section(section)
        body += [*self.glossary(), *self.references(), *self.contacts()]
        body = [*mark_print_pages(body, self.source.page_map), self.the_end()]
        head = self.source.meta.short_title or self.source.meta.title
        return BrailleDocument(self.title_page(), tuple(body), _runs(head))


def _item(text: str) -> Block:
    """An item of the title page: 1-3 (BF 2.3.3c)."""
    return Block("title-page", (_runs(text),), 0, 2)


def _ids(anchor: str | None) -> tuple[str, ...]:
    return (anchor,) if anchor else ()


def _depth(block: tree.List) -> int:
    """How many levels of sub-lists a list has under it (0 for a simple list)."""
    inner = [_depth(child) + 1 for item in block.items for child in item.children if isinstance(child, tree.List)]
    return max(inner, default=0)


def appendix_order(sections: Sequence[tree.Section], references: Sequence[Reference]) -> list[Reference]:
    """The references as the appendix numbers them: in the order of the numbers the citations carry (first
    citation first), then those never cited, as listed."""
    numbers: dict[str, int] = {}
    for citation in tree.of_type(tree.Citation, *sections):
        numbers.update(zip(citation.references, citation.numbers, strict=True))
    by_id = {r.id: r for r in references}
    cited = [by_id[ref_id] for ref_id in sorted(numbers, key=numbers.__getitem__) if ref_id in by_id]
    return cited + [r for r in references if r.id not in numbers]


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


def volume_segment(source: BrailleSource, title_pages: str, body_pages: str, print_pages: str | None
                   ) -> tuple[Block, ...]:
    """BF 2.3.8: the title page's last segment, which accounts for every braille page ("t1", "1-27") and print
    page ("1-10"); made once the pages are laid out."""
    _ = translations(source.language).gettext
    blocks = [_item(_("Braille pages %(title)s and %(body)s") % {"title": title_pages, "body": body_pages})]
    if print_pages is not None:
        blocks.append(_item(_("Print pages %(pages)s") % {"pages": print_pages}))
        paper = {"letter": _("Letter"), "a4": _("A4")}.get(source.print_paper or "letter", source.print_paper or "")
        note = _("Print page numbers are those of the large-print edition on %(paper)s paper.") % {"paper": paper}
        blocks.append(Block("title-page", ((Mark(TN_OPEN), Run(note), Mark(TN_CLOSE)),), 0, 2))
    return tuple(blocks)


def transcribe(source: BrailleSource, code: BrailleCode) -> BrailleDocument:
    """The braille edition's blocks, print pages marked."""
    return _Transcriber(source, code).document()
