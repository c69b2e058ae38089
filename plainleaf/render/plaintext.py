"""The plain-text edition: the handout in reading order, as a screen reader or a braille translator reads it, written
from the document tree. One paragraph a line (the reader wraps it), a blank line between blocks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..i18n import long_date, translations
from ..source import tree
from ..source.editions import Edition
from ..source.glossary import glossary_entries
from ..source.model import Clinic, Handout
from ..source.reader import read_key_points, read_sections
from .addresses import enclosing, shown_address
from .body import Target
from .html import edition_notes
from .references import cited_references

BULLET = "•"


def plain_text_edition(handout: Handout, clinic: Clinic, editions: Sequence[Edition] = ()) -> str:
    """The whole handout as plain text: title page, sections, words to know, references, who can help."""
    _ = translations(handout.language).gettext
    meta = handout.meta
    blocks = [meta.title, *([meta.subtitle] if meta.subtitle else []), meta.summary,
              *(note for _language, note in edition_notes(editions))]
    key_points = read_key_points(handout)
    if key_points:
        blocks.append("\n".join([_("Key points"), *(f"{BULLET} {p.text}" for p in key_points.items)]))
    writer = _Writer(_)
    for section in read_sections(handout):
        blocks += [writer.inlines(section.heading).strip(), "\n".join(writer.blocks(section.children))]
    if meta.glossary:
        entries = glossary_entries(meta.glossary, handout.language)
        blocks.append("\n".join([_("Words to know"), *(f"{e.term}: {e.definition}" for e in entries)]))
    if meta.references:
        entries = [" ".join([item.lead, *([f"{item.reference.url}."] if item.reference.url else []),
                             *([item.accessed] if item.accessed else [])])
                   for item in cited_references(handout, Target("print"))]
        blocks.append("\n".join([_("Where this information comes from"),
                                 *(f"{n}. {entry}" for n, entry in enumerate(entries, start=1))]))
    blocks += [_("Who can help"), *_contacts(handout, clinic, _)]
    return "\n\n".join(blocks) + "\n"


def _contacts(handout: Handout, clinic: Clinic, _: Callable[[str], str]) -> list[str]:
    """The emergency text, the clinic, each support entry and the review date, as the contacts page has them."""
    def contact(lines: Sequence[str | None], labelled: Sequence[tuple[str, str | None]]) -> str:
        return "\n".join([*(line for line in lines if line), *(f"{label}: {value}" for label, value in labelled
                                                              if value)])

    blocks = [f"{_('In an emergency')}\n{clinic.emergency}"] if clinic.emergency else []
    blocks += [contact([clinic.name], [(_("Phone"), clinic.phone), (_("After hours"), clinic.after_hours_phone),
                                      (_("Website"), clinic.website), (_("Email"), clinic.email),
                                      (_("Address"), clinic.address)])]
    blocks += [contact([s.name, s.organization, s.description],
                       [(_("Phone"), s.phone), (_("Website"), s.url), (_("Email"), s.email),
                        (_("Address"), s.address), (_("Meeting times"), s.hours)]) for s in handout.meta.support]
    reviewed = _("Reviewed: %(date)s") % {"date": long_date(handout.meta.reviewed, handout.language)}
    return [*blocks, f"{reviewed}. {clinic.name}."]


class _Writer:
    """Blocks → lists of lines (a blank line between blocks); inlines → one string."""

    def __init__(self, gettext: Callable[[str], str]):
        self.picture = gettext("Picture")  # said before a figure's description
        self.labels = {"important": gettext("Important"), "tip": gettext("Tip"), "warning": gettext("Warning")}

    def blocks(self, blocks: Sequence[tree.Block], spaced: bool = True) -> list[str]:
        lines: list[str] = []
        for block in blocks:
            lines += ([""] if lines and spaced else []) + self.block(block)
        return lines

    def block(self, block: tree.Block) -> list[str]:
        match block:
            case tree.Paragraph(children=inlines) | tree.Heading(children=inlines):
                return self.inlines(inlines).split("\n")
            case tree.Figure(alt=alt, caption=caption):
                return [f"{self.picture}: {alt}", *([caption] if caption else [])]
            case tree.List():
                return self.list(block)
            case tree.Table():
                return self.table(block)
            case tree.Callout(kind=kind, children=children):
                return [self.labels[kind], *self.blocks(children)]
            case tree.Quote(children=children):
                return _indented(self.blocks(children), "  ")
            case tree.CodeBlock(text=text):
                return text.rstrip("\n").split("\n")
            case tree.ThematicBreak():
                return ["* * *"]
        raise TypeError(f"the plain-text writer has no rule for {type(block).__name__}")

    def list(self, block: tree.List) -> list[str]:
        """Each item with its number or bullet; what follows its first line is indented under its text."""
        lines: list[str] = []
        for number, item in enumerate(block.items, start=block.start):
            marker = f"{number}." if block.ordered else BULLET
            first, *more = self.blocks(item.children, spaced=not block.tight) or [""]
            lines += ([""] if lines and not block.tight else []) + [
                f"{marker} {first}".rstrip(), *_indented(more, " " * (len(marker) + 1))]
        return lines

    def table(self, table: tree.Table) -> list[str]:
        """Row by row, each cell with its column's header: the listed format a screen reader and braille use."""
        headers = [self.inlines(cell.children) for row in table.head for cell in row.cells]
        if not table.body:
            return ["; ".join(headers)]
        lines: list[str] = []
        for row in table.body:
            cells = [self.inlines(cell.children) for cell in row.cells]
            lines += ([""] if lines else []) + [f"{h}: {c}".rstrip() for h, c in zip(headers, cells, strict=True)]
        return lines

    def inlines(self, inlines: Sequence[tree.Inline]) -> str:
        return "".join(self.inline(inline) for inline in inlines)

    def inline(self, inline: tree.Inline) -> str:
        match inline:
            case tree.Text(text=text) | tree.Code(text=text):
                return text
            case tree.SoftBreak():
                return " "
            case tree.HardBreak():
                return "\n"
            case tree.Image(alt=alt):
                return alt
            case tree.Citation(numbers=numbers):
                return f"[{', '.join(map(str, numbers))}]" if numbers else ""
            case tree.Link(target=target, children=children):
                words = self.inlines(children)
                shown = shown_address(target, words)  # as print shows it after the words
                if not shown:
                    return words
                before, after = enclosing(shown)
                return f"{words}{before}{shown}{after}"
            case tree.Strong(children=kids) | tree.Emphasis(children=kids) | tree.LanguageSpan(
                    children=kids) | tree.GlossaryTerm(children=kids):
                return self.inlines(kids)
        raise TypeError(f"the plain-text writer has no rule for {type(inline).__name__}")


def _indented(lines: list[str], indent: str) -> list[str]:
    return [indent + line if line else line for line in lines]
