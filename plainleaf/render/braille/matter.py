"""The blocks before and after the sections: the transcriber's title page (BF 2.3) and its last segment, which counts
the volume's pages; what print page 1 holds (the title, the summary, the edition notes, the key points); the
glossary, the references and the contacts pages; the end of the book.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from ...i18n import long_date, translations
from ...source import tree
from ...source.glossary import glossary_entries
from ...source.model import Reference
from ..references import ama_lead
from .blocks import BLANK, TN_CLOSE, TN_OPEN, Block, BrailleSource, Mark, Run
from .codes import BrailleCode
from .formats import box, heading, marker, paragraph, set_apart, title_item
from .inlines import foreign, runs, words


def title_page(source: BrailleSource, code: BrailleCode) -> tuple[tuple[Block, ...], ...]:
    """The transcriber's title page, BF 2.3, its segments in 1-3 (2.3.3c), but the last (`volume_segment`)."""
    meta, clinic, _ = source.meta, source.clinic, translations(source.language).gettext
    title = [title_item(meta.title)] + ([title_item(meta.subtitle)] if meta.subtitle else [])  # BF 2.3.4
    authors = [title_item(author) for author in meta.authors]  # BF 2.3.5
    reviewed = _("Reviewed: %(date)s") % {"date": long_date(meta.reviewed, source.language)}
    publisher = [title_item(clinic.name), *([title_item(clinic.address)] if clinic.address else []),
                 title_item(reviewed)]
    # BF 2.3.7: the code the transcription is in and who made it (no year: the same sources give the same bytes)
    transcriber = [title_item(_(code.name)),
                   title_item(_("Transcribed by plainleaf: computer-generated, not proofread"))]
    return tuple(tuple(segment) for segment in (title, authors, publisher, transcriber) if segment)


def volume_segment(source: BrailleSource, title_pages: str, body_pages: str, print_pages: str | None
                   ) -> tuple[Block, ...]:
    """BF 2.3.8: the title page's last segment, which accounts for every braille page ("t1", "1-27") and print
    page ("1-10"); made once the pages are laid out."""
    _ = translations(source.language).gettext
    blocks = [title_item(_("Braille pages %(title)s and %(body)s") % {"title": title_pages, "body": body_pages})]
    if print_pages is not None:
        blocks.append(title_item(_("Print pages %(pages)s") % {"pages": print_pages}))
        paper = {"letter": _("Letter"), "a4": _("A4")}.get(source.print_paper or "letter", source.print_paper or "")
        note = _("Print page numbers are those of the large-print edition on %(paper)s paper.") % {"paper": paper}
        blocks.append(Block("title-page", ((Mark(TN_OPEN), Run(note), Mark(TN_CLOSE)),), 0, 2))
    return tuple(blocks)


def front(source: BrailleSource, code: BrailleCode) -> Iterator[Block]:
    """What print page 1 holds: BF 1.8.1, the complete title (title and subtitle) centred from line 1, then a blank
    line; the summary, the notes naming the other editions, the key points in a box."""
    meta, _ = source.meta, translations(source.language).gettext
    title = (runs(meta.title), *((runs(meta.subtitle),) if meta.subtitle else ()))
    yield heading(1, title, ("title_subtitle",) if meta.subtitle else (), 1)
    yield paragraph((runs(meta.summary),), ("title_summary",), 1)
    for n, (language, note) in enumerate(source.edition_notes, start=1):
        yield paragraph((runs(note, foreign(language, source.language)),), (f"title_edition-note-{n}",), 1)
    if source.key_points:
        points = source.key_points
        items = [Block("list-item", ((*marker(code, None), Run(words(p.text))),), 0, 2, anchors=(p.id,),
                       line=p.line) for p in points.items]
        yield from box(_("Key points"), 2, (points.id,), set_apart(items), points.line)


def glossary(source: BrailleSource) -> Iterator[Block]:
    """BF 21: an alphabetic reference starts a braille page (21.2.1a); each entry in 1-3 (21.2.1b), its entry
    word and definition one blank cell apart when the definition starts with a capital or a sign, else two
    (21.5.1c-d), the pages' guide words made from the entry words (21.3.2)."""
    entries = source.meta.glossary
    if not entries:
        return
    _ = translations(source.language).gettext
    yield replace(heading(2, (runs(_("Words to know")),), ("glossary", "glossary--h"), None), new_page=True)
    for entry in glossary_entries(entries, source.language):
        term, definition = words(entry.term), words(entry.definition)
        apart = () if definition[:1].isupper() or not definition[:1].isalnum() else (Mark(BLANK),)
        yield Block("glossary-entry", ((Run(term + " "), *apart, Run(definition)),), 0, 2, anchors=(entry.anchor,),
                    guide=term.rstrip(".,;:!?"))


def references(source: BrailleSource, code: BrailleCode) -> Iterator[Block]:
    """The references appendix, numbered as print numbers it, each entry in 1-3."""
    cited = appendix_order(source.sections, source.meta.references)
    if not cited:
        return
    _, language = translations(source.language).gettext, source.language
    yield heading(2, (runs(_("Where this information comes from")),), ("references", "references--h"), None)
    entries = []
    for n, reference in enumerate(cited, start=1):
        text = ama_lead(reference, language)
        if reference.url:
            text += f" {reference.url}."
        if reference.accessed:
            text += " " + _("Accessed %(date)s.") % {"date": long_date(reference.accessed, language)}
        entries.append(Block("reference", ((*marker(code, n), Run(words(text))),), 0, 2,
                             anchors=(f"ref-{reference.id}",)))
    yield from set_apart(entries)


def appendix_order(sections: Sequence[tree.Section], references: Sequence[Reference]) -> list[Reference]:
    """The references as the appendix numbers them: in the order of the numbers the citations carry (first
    citation first), then those never cited, as listed."""
    numbers: dict[str, int] = {}
    for citation in tree.of_type(tree.Citation, *sections):
        numbers.update(zip(citation.references, citation.numbers, strict=True))
    by_id = {r.id: r for r in references}
    cited = [by_id[ref_id] for ref_id in sorted(numbers, key=numbers.__getitem__) if ref_id in by_id]
    return cited + [r for r in references if r.id not in numbers]


def contacts(source: BrailleSource) -> Iterator[Block]:
    """The "Who can help" page: the emergency box first, as in print and the EPUB (layouts/_base/parts.html), the
    clinic, each support group, the date the handout was reviewed."""
    _, clinic, meta = translations(source.language).gettext, source.clinic, source.meta
    yield heading(2, (runs(_("Who can help")),), ("contacts", "contacts--h"), None)
    if clinic.emergency:
        emergency = [paragraph((runs(clinic.emergency),))]
        yield from box(_("In an emergency"), 3, ("emergency-label",), emergency, None)
    yield heading(3, (runs(clinic.name),), ("contact-clinic",), None)
    yield from _contact_lines([(_("Phone"), clinic.phone), (_("After hours"), clinic.after_hours_phone),
                               (_("Website"), clinic.website), (_("Email"), clinic.email),
                               (_("Address"), clinic.address)])
    for n, group in enumerate(meta.support, start=1):
        yield heading(3, (runs(group.name),), (f"contact-{n}",), None)
        for text in (group.organization, group.description):
            if text:
                yield paragraph((runs(text),))
        yield from _contact_lines([(_("Phone"), group.phone), (_("Website"), group.url),
                                   (_("Email"), group.email), (_("Address"), group.address),
                                   (_("Meeting times"), group.hours)])
    reviewed = _("Reviewed: %(date)s") % {"date": long_date(meta.reviewed, source.language)}
    yield paragraph((runs(f"{reviewed}. {clinic.name}."),), ("contacts_reviewed",))


def _contact_lines(lines: list[tuple[str, str | None]]) -> list[Block]:
    return set_apart([Block("contact-line", ((Run(f"{label}: {words(value)}"),),), 0, 2)
                      for label, value in lines if value])


def the_end(source: BrailleSource) -> Block:
    """BF 1.6.5b-c: the end of the book, centred in transcriber's note indicators, after a blank line."""
    _ = translations(source.language).gettext
    return Block("the-end", ((Mark(TN_OPEN), Run(_("The End")), Mark(TN_CLOSE)),), 0, 0, centered=True,
                 blank_before=True)
