"""The references appendix: entries numbered in first-citation order, AMA Manual of Style order, back-links."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from markupsafe import Markup

from ..i18n import N_, OwnWords, long_date, translations
from ..source.model import Handout, Reference
from .body import Target, citation_anchors, citation_tokens


@dataclass(frozen=True)
class Backlink:
    """One place in the text where a reference is cited: its href, and words that say where it is."""

    href: str
    label: str


@dataclass(frozen=True)
class CitedReference:
    """An entry of the references appendix, in AMA Manual of Style order: `lead` is authors, title, place:
    publisher and date; the template adds the URL, then `accessed`."""

    number: int
    reference: Reference
    lead: str
    accessed: str | None
    accessed_html: Markup | None  # the same, marked as English where plainleaf's words fall back to it
    backlinks: tuple[Backlink, ...]  # every place it is cited, in reading order


def _backlinks(handout: Handout, target: Target) -> dict[str, list[Backlink]]:
    """Reference id → the places it is cited, each labelled with its section's title (numbered when a section
    cites it more than once)."""
    _ = translations(handout.language).gettext
    anchors = citation_anchors(handout)
    places: dict[str, list[Backlink]] = {}
    in_section: Counter[tuple[str, str]] = Counter()
    for section, token in citation_tokens(handout):
        for ref_id in dict.fromkeys(token.meta["ids"]):
            in_section[ref_id, section.id] += 1
            count = in_section[ref_id, section.id]
            label = section.title if count == 1 else _("%(section)s (%(count)s)") % {
                "section": section.title, "count": count}
            places.setdefault(ref_id, []).append(Backlink(target.href(section.id, anchors[id(token)]), label))
    return places


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def ama_lead(reference: Reference, language: str) -> str:
    """The entry up to its URL, AMA Manual of Style order: "Authors. Title. Place: Publisher; Date." (more than
    six authors: the first three and "et al"). Parts the reference does not have are left out."""
    _ = translations(language).gettext
    authors = reference.authors if len(reference.authors) <= 6 else [*reference.authors[:3], _("et al")]
    source = ": ".join(part for part in (reference.place, reference.publisher) if part)
    date = long_date(reference.date, language) if reference.date else ""
    published = "; ".join(part for part in (source, date) if part)
    return " ".join(_sentence(part) for part in (", ".join(authors), reference.title, published) if part)


def cited_references(handout: Handout, target: Target) -> list[CitedReference]:
    """The references appendix: numbered in first-citation order, each linking back to every place it is cited."""
    words = OwnWords(handout.language)
    backlinks = _backlinks(handout, target)
    accessed = N_("Accessed %(date)s.")
    return [
        CitedReference(
            number=n, reference=ref, lead=ama_lead(ref, handout.language),
            accessed=words.gettext(accessed) % {"date": words.date(ref.accessed, accessed)} if ref.accessed else None,
            accessed_html=words.markup(accessed, date=words.date(ref.accessed, accessed)) if ref.accessed else None,
            backlinks=tuple(backlinks.get(ref.id, ())))
        for n, ref in enumerate(handout.cited_references(), start=1)
    ]
