"""The "Words to know" page in the handout language's alphabetical order, and where the text first uses each term,
so that the renderer can link it there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import collation_key
from .model import Handout
from .prose import inline_blocks, term_pattern


@dataclass(frozen=True)
class TermUse:
    start: int  # offsets in the text token's content
    end: int
    anchor: str  # the id of the term's <dt> on the "Words to know" page


@dataclass(frozen=True)
class GlossaryEntry:
    anchor: str
    term: str
    definition: str


def glossary_entries(glossary: Mapping[str, str], language: str) -> list[GlossaryEntry]:
    """The "Words to know" page of every edition: the terms in the alphabetical order of the handout's language,
    each keeping the anchor its place in the front matter gives it."""
    entries = [GlossaryEntry(term_anchor(n), term, definition)
               for n, (term, definition) in enumerate(glossary.items(), start=1)]
    key = collation_key(language)
    return sorted(entries, key=lambda entry: key(entry.term))


def term_anchor(number: int) -> str:
    """The id layouts/_base/parts.html gives the glossary's n-th <dt> (counting from 1)."""
    return f"term-{number}"


def first_uses(handout: Handout) -> dict[int, list[TermUse]]:
    """id() of a text token → the glossary terms first used in it; headings and link text are left alone."""
    pending = {term_anchor(n): term_pattern(term) for n, term in enumerate(handout.meta.glossary, start=1)}
    uses: dict[int, list[TermUse]] = {}
    for _, _, inline in inline_blocks(handout):
        in_link = False
        for child in inline.children or []:
            if child.type in ("link_open", "link_close"):
                in_link = child.type == "link_open"
            if child.type != "text" or in_link or not pending:
                continue
            found: list[TermUse] = []
            for anchor, pattern in list(pending.items()):
                match = pattern.search(child.content)
                if match and not any(u.start < match.end() and match.start() < u.end for u in found):
                    found.append(TermUse(match.start(), match.end(), anchor))
                    del pending[anchor]
            if found:
                uses[id(child)] = sorted(found, key=lambda u: u.start)
    return uses
