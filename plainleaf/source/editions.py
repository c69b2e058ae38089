"""Editions: the same handout in several languages (`translation_of:`), found among sibling handout folders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError, HandoutErrors

HANDOUT_FILE = "handout.md"


@dataclass(frozen=True)
class Edition:
    """Another language's edition of a handout, as its reader would name it."""

    slug: str
    language: str
    title: str


@dataclass(frozen=True)
class EditionFacts:
    """What linking editions needs to know of one handout (its front matter), cheap to keep between builds."""

    source: Path
    slug: str
    language: str
    title: str
    translation_of: str | None = None

    @property
    def group(self) -> str:
        return self.translation_of or self.slug


def siblings(sources: Sequence[Path]) -> dict[Path, Path]:
    """The sources and the other handouts beside them, each once: resolved path → the path as found (not resolved:
    parsing must still see a handout.md that is a link out of its folder, and refuse it)."""
    folders = {folder: folder.resolve() for folder in {source.parent.parent for source in sources}}
    found = [*sources, *(p for folder in sorted(folders) for p in sorted(folder.glob(f"*/{HANDOUT_FILE}")))]
    return {_resolved(path, folders): path for path in reversed(found)}


def _resolved(path: Path, folders: dict[Path, Path]) -> Path:
    """`path.resolve()`, cheaply when neither the handout's folder nor its handout.md is a link (the usual case):
    resolving every handout of a large collection is most of the time a rebuild with nothing to do takes."""
    if path.is_symlink() or path.parent.is_symlink():
        return path.resolve()
    return folders[path.parent.parent] / path.parent.name / path.name


def link_editions(handouts: Sequence[EditionFacts]) -> tuple[dict[Path, tuple[Edition, ...]], list[HandoutError]]:
    """For each handout (by its `source`, resolved), the other editions of the same handout; and an error for each
    unknown `translation_of`."""
    by_slug = {h.slug: h for h in handouts}
    errors = [
        HandoutError(h.source, None, f"`translation_of: {h.translation_of}` names no handout folder",
                     "give the folder name (slug) of the handout this one translates")
        for h in by_slug.values() if h.translation_of and h.translation_of not in by_slug
    ]
    groups: dict[str, list[EditionFacts]] = defaultdict(list)
    for handout in by_slug.values():
        groups[handout.group].append(handout)
    editions = {
        handout.source: tuple(
            Edition(other.slug, other.language, other.title)
            for other in sorted(groups[handout.group], key=lambda h: h.slug) if other.slug != handout.slug)
        for handout in by_slug.values()
    }
    return editions, errors


def plan_editions(sources: Sequence[Path]) -> tuple[dict[Path, tuple[Edition, ...]], list[HandoutError]]:
    """For each source, the other editions of the same handout; and an error for each unknown `translation_of`.

    Sibling folders are read too, so building one edition still links to the others.
    """
    from .parse import parse_handout  # parsing is heavy; the build links editions from facts it keeps

    facts = []
    for resolved, path in siblings(sources).items():
        try:
            handout = parse_handout(path, country=None)  # its title and language
        except HandoutErrors:
            continue  # reported when (and if) that handout is built
        facts.append(EditionFacts(resolved, handout.slug, handout.language, handout.meta.title,
                                  handout.meta.translation_of))
    editions, errors = link_editions(facts)
    return {source: editions.get(source.resolve(), ()) for source in sources}, errors
