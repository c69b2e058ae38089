"""Editions: the same handout in several languages (`translation_of:`), found among sibling handout folders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import HandoutError, HandoutErrors
from .model import Handout
from .parse import parse_handout

HANDOUT_FILE = "handout.md"


@dataclass(frozen=True)
class Edition:
    """Another language's edition of a handout, as its reader would name it."""

    slug: str
    language: str
    title: str


def _siblings(sources: Sequence[Path]) -> list[Path]:
    """The sources and the other handouts beside them, each once, as found (not resolved: parsing must still see
    a handout.md that is a link out of its folder, and refuse it)."""
    folders = {source.parent.parent for source in sources}
    found = [*sources, *(p for folder in sorted(folders) for p in sorted(folder.glob(f"*/{HANDOUT_FILE}")))]
    return list({path.resolve(): path for path in reversed(found)}.values())


def _group_root(handout: Handout) -> str:
    return handout.meta.translation_of or handout.slug


def plan_editions(sources: Sequence[Path]) -> tuple[dict[Path, tuple[Edition, ...]], list[HandoutError]]:
    """For each source, the other editions of the same handout; and an error for each unknown `translation_of`.

    Sibling folders are read too, so building one edition still links to the others.
    """
    handouts: dict[str, Handout] = {}
    for path in _siblings(sources):
        try:
            handout = parse_handout(path)
        except HandoutErrors:
            continue  # reported when (and if) that handout is built
        handouts[handout.slug] = handout
    errors = [
        HandoutError(h.source, None, f"`translation_of: {h.meta.translation_of}` names no handout folder",
                     "give the folder name (slug) of the handout this one translates")
        for h in handouts.values() if h.meta.translation_of and h.meta.translation_of not in handouts
    ]
    groups: dict[str, list[Handout]] = defaultdict(list)
    for handout in handouts.values():
        groups[_group_root(handout)].append(handout)
    editions = {
        handout.source.resolve(): tuple(
            Edition(other.slug, other.language, other.meta.title)
            for other in sorted(groups[_group_root(handout)], key=lambda h: h.slug) if other.slug != handout.slug)
        for handout in handouts.values()
    }
    return {source: editions.get(source.resolve(), ()) for source in sources}, errors
