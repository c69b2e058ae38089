"""The braille edition's blocks: the document tree, front matter, clinic and page map turned into what a braille
transcriber lays out (print text with its emphasis, a role, the cells it starts in, the print pages that begin
with it), following BANA's Braille Formats 2016. No braille yet: translate.py turns the words into cells.

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

# Typeforms (plainleaf's own; translate.py maps them onto the table's emphasis classes)
BOLD, ITALIC, UNCONTRACTED = 1, 2, 4

# Braille signs with no print counterpart (UEB rulebook 3.27: transcriber's note indicators)
TN_OPEN, TN_CLOSE = "⠈⠨⠣", "⠈⠨⠜"
# BANA Braille Formats 2016, 3.6: box lines above and below boxed material (as DAISY's BANA style sheet draws them)
BOX_TOP, BOX_BOTTOM = "⠶", "⠛"
SEPARATOR = "⠒" * 12  # a thematic break: a centred line of dots 2-5

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
    that begin here, shown by a print-page change line before the block.
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

    @property
    def language(self) -> str:
        return self.meta.language


@dataclass(frozen=True)
class BrailleDocument:
    """The blocks of the braille edition: the transcriber's title page, the body, and the running head."""

    title_page: tuple[Block, ...]
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

    def __init__(self, source: BrailleSource) -> None:
        self.source = source
        self.language = source.language
        self.gettext = translations(source.language).gettext
        self.bullet = "•"

    def inlines(self, inlines: Sequence[tree.Inline], form: int = 0) -> tuple[Line, ...]:
        reader = _Inlines(self.language, self.gettext)
        reader.add(inlines, form)
        return reader.result()

    # headings: BANA 4.3-4.5 — a centred heading with a blank line before and after; cell-5 and cell-7 headings
    def heading(self, level: int, lines: tuple[Line, ...], anchors: tuple[str, ...], line: int | None) -> Block:
        if level <= 1:
            return Block("heading-1", lines, 0, 0, centered=True, blank_before=True, blank_after=True,
                         keep_with_next=True, anchors=anchors, line=line)
        cell = 4 if level == 2 else 6
        return Block(f"heading-{level}", lines, cell, cell, blank_before=level == 2, keep_with_next=True,
                     anchors=anchors, line=line)

    def paragraph(self, lines: tuple[Line, ...], anchors: tuple[str, ...] = (), line: int | None = None,
                  role: str = "paragraph") -> Block:
        return Block(role, lines, 2, 0, anchors=anchors, line=line)

    def box(self, label: str, anchors: tuple[str, ...], inside: list[Block], line: int | None) -> list[Block]:
        """BANA 3.6: boxed material between box lines, the label in the top one; no blank lines inside them."""
        if inside:
            inside[0] = replace(inside[0], blank_before=False)
            inside[-1] = replace(inside[-1], blank_after=False)
        top = Block("box-top", (_runs(label),), 0, 0, rule=BOX_TOP, keep_with_next=True, anchors=anchors, line=line)
        return [top, *inside, Block("box-bottom", (), 0, 0, rule=BOX_BOTTOM, line=line)]

    def set_apart(self, blocks: list[Block]) -> list[Block]:
        """Blocks with a blank line before the first and after the last (lists, tables, displays)."""
        if blocks:
            blocks[0] = replace(blocks[0], blank_before=True)
            blocks[-1] = replace(blocks[-1], blank_after=True)
        return blocks

    # -- the front matter: the transcriber's title page, then what print page 1 holds
    def title_page(self) -> tuple[Block, ...]:
        meta, _ = self.source.meta, self.gettext
        centred = []
        centred.append(Block("title", (_runs(meta.title),), centered=True, line=1))
        if meta.subtitle:
            centred.append(Block("subtitle", (_runs(meta.subtitle),), centered=True, line=1))
        centred.append(Block("publisher", (_runs(self.source.clinic.name),), centered=True, blank_before=True))
        centred.append(Block("transcriber", (_runs(_("Transcribed by plainleaf: computer-generated, not proofread")),),
                             centered=True, blank_before=True))
        reviewed = _("Reviewed: %(date)s") % {"date": long_date(meta.reviewed, self.language)}
        centred.append(Block("date", (_runs(reviewed),), centered=True))
        if self.source.page_map is not None:
            note = _("Print page numbers are those of %(edition)s.") % {"edition": self.source.page_map.edition}
            centred.append(Block("print-edition", ((Mark(TN_OPEN), Run(note), Mark(TN_CLOSE)),), 6, 4,
                                 blank_before=True))
        return tuple(centred)

    def front(self) -> Iterator[Block]:
        meta, _ = self.source.meta, self.gettext
        yield self.heading(1, (_runs(meta.title),), (), 1)
        if meta.subtitle:
            yield Block("subtitle", (_runs(meta.subtitle),), centered=True, blank_after=True,
                        anchors=("title_subtitle",), line=1)
        yield self.paragraph((_runs(meta.summary),), ("title_summary",), 1)
        for n, (language, note) in enumerate(self.source.edition_notes, start=1):
            yield self.paragraph((_runs(note, _foreign(language, self.language)),), (f"title_edition-note-{n}",), 1)
        if self.source.key_points:
            points = self.source.key_points
            items = [Block("list-item", ((*self.marker(None), Run(_words(p.text))),), 0, 2, anchors=(p.id,),
                           line=p.line) for p in points.items]
            yield from self.box(_("Key points"), (points.id,), self.set_apart(items), points.line)

    def marker(self, number: int | None) -> Line:
        if number is not None:
            return (Run(f"{number}. "),)
        return (Run(f"{self.bullet} "),) if self.bullet else ()

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
                yield from self.set_apart(list(self.figure(block)))
            case tree.Table():
                yield from self.set_apart(list(self.table(block)))
            case tree.Callout(kind=kind, children=kids, id=anchor, label_id=label_id):
                label = {"important": self.gettext("Important"), "tip": self.gettext("Tip"),
                         "warning": self.gettext("Warning")}[kind]
                inside = [b for kid in kids for b in self.block(kid)]
                yield from self.box(label, (anchor, label_id), inside, block.line)
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
        """BANA 8.3-8.4: each item in cell 1 (nested: 3, 5…), every runover two cells right of the deepest level
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
        """BANA 11: a picture becomes its description in a transcriber's note (7-5), then its caption."""
        form = _foreign(figure.language, self.language)
        description = self.gettext("Picture: %(description)s") % {"description": _words(figure.alt)}
        yield Block("picture", ((Mark(TN_OPEN), Run(description, form), Mark(TN_CLOSE)),), 6, 4,
                    anchors=_ids(figure.id), line=figure.line)
        if figure.caption:
            yield Block("caption", (_runs(figure.caption),), 6, 4, line=figure.line)

    def table(self, table: tree.Table) -> Iterator[Block]:
        """BANA 11.7 listed format: each row a block, its first cell in cell 1, the others in cell 3, each
        "heading: entry", runovers in cell 5."""
        headers = [tree.plain_text(cell.children) for row in table.head for cell in row.cells]
        for r, row in enumerate(table.body or table.head):
            for c, cell in enumerate(row.cells):
                lines = self.inlines(cell.children)
                header = _words(headers[c]) if c < len(headers) and table.body else ""
                if header:
                    lines = ((Run(f"{header}: "), *lines[0]), *lines[1:])
                anchors = (*((table.id,) if r == 0 and c == 0 else ()), *((row.id,) if c == 0 else ()))
                yield Block("table-entry", lines, 0 if c == 0 else 2, 4, anchors=anchors, line=cell.line)

    # -- the pages after the sections
    def glossary(self) -> Iterator[Block]:
        glossary = self.source.meta.glossary
        if not glossary:
            return
        yield self.heading(2, (_runs(self.gettext("Words to know")),), ("glossary", "glossary--h"), None)
        entries = [Block("glossary-entry", ((Run(f"{_words(entry.term)}: {_words(entry.definition)}"),),), 0, 2,
                         anchors=(entry.anchor,)) for entry in glossary_entries(glossary, self.source.language)]
        yield from self.set_apart(entries)

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
            yield from self.box(_("In an emergency"), ("emergency-label",), emergency, None)
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

    def document(self) -> BrailleDocument:
        body = [*self.front()]
        for section in self.source.sections:
            body += self.section(section)
        body += [*self.glossary(), *self.references(), *self.contacts()]
        head = self.source.meta.short_title or self.source.meta.title
        return BrailleDocument(self.title_page(), tuple(body), _runs(head))


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


def transcribe(source: BrailleSource, bullet: str | None = "•") -> BrailleDocument:
    """The braille edition's blocks, print pages marked. `bullet` is the print sign for list bullets (None where
    the braille code has no sign for it: the hanging indent alone shows the items)."""
    transcriber = _Transcriber(source)
    transcriber.bullet = bullet
    document = transcriber.document()
    return replace(document, body=mark_print_pages(document.body, source.page_map))
