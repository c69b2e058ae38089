"""The "Words to know" page in the handout language's alphabetical order, and where the text first uses each term,
so that the renderer can link it there."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..i18n import collation_key


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


_WORDISH = re.compile(r"[\w-]")  # what may not stand just before or after a term (a term's boundaries)
_CHUNK = re.compile(r"\S+")
_BEFORE_START = re.compile(r"[^\w-](?=\S)")  # inside a chunk, a term may start after one of these


@dataclass
class _Words:
    """A node of the glossary's word trie: the terms that go on with more words, and those whose last word comes
    next (every form of it (term_forms), lower-case → the numbers of the terms)."""

    more: dict[str, _Words] = field(default_factory=dict)
    last: dict[str, list[int]] = field(default_factory=dict)


class FirstUses:
    """Where each glossary term is first used, text by text in reading order: the terms as a reader
    reads them (its words with any spaces between, the last one with its usual endings, in any case, not inside a
    longer word), all of them found in one pass over each text, so that the time it takes grows with the text,
    not with the text times the number of terms. Each term is found once; a term whose first match overlaps one
    of an earlier term (in the glossary's order) waits for a later text, as it would searching term by term."""

    def __init__(self, terms: Sequence[str]):
        self.anchors = [term_anchor(n) for n in range(1, len(terms) + 1)]
        self.by_anchor = dict(zip(self.anchors, terms, strict=True))
        self.pending = set(range(len(terms)))
        self.root = _Words()
        lengths: set[int] = set()  # of the last words' forms: the only places a term can end in a chunk
        for number, term in enumerate(terms):
            words = _lower(term).split()
            if not words:
                continue
            node = self.root
            for word in words[:-1]:
                node = node.more.setdefault(word, _Words())
            for form in term_forms(term):
                node.last.setdefault(form, []).append(number)
                lengths.add(len(form))
        self.lengths = sorted(lengths)

    def term_of(self, anchor: str) -> str:
        return self.by_anchor[anchor]

    def find(self, text: str) -> list[TermUse]:
        """The pending terms first used in `text`, by where they start; they are no longer pending."""
        low = _lower(text)
        chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(low)]
        first: dict[int, tuple[int, int]] = {}  # term number → its first (start, end) in this text
        for index, (start, end) in enumerate(chunks):
            for at in [start, *(m.end() for m in _BEFORE_START.finditer(low, start, end))]:
                self._match_at(low, chunks, index, at, first)
        accepted: list[TermUse] = []
        for number in sorted(first):  # the glossary's order decides between overlapping terms
            a, b = first[number]
            if not any(use.start < b and a < use.end for use in accepted):
                accepted.append(TermUse(a, b, self.anchors[number]))
                self.pending.discard(number)
        return sorted(accepted, key=lambda use: use.start)

    def _match_at(self, low: str, chunks: list[tuple[int, int]], index: int, start: int,
                  first: dict[int, tuple[int, int]]) -> None:
        """Every pending term that starts at `start` (inside chunk `index`): the trie is walked a word (a chunk)
        at a time, and at each node the forms of the last words are looked up where a term could end."""
        node, at = self.root, start
        while True:
            end = chunks[index][1]
            for length in self.lengths:
                stop = at + length
                if stop > end:
                    break
                for number in node.last.get(low[at:stop], ()):
                    if number in self.pending and number not in first and not _WORDISH.match(low, stop):
                        first[number] = (start, stop)
            node = node.more.get(low[at:end]) if node.more else None  # a whole word, then spaces
            index += 1
            if node is None or index >= len(chunks):
                return
            at = chunks[index][0]


def term_forms(term: str) -> list[str]:
    """The forms of a term's last word that FirstUses finds, lower-case: the word and its stems (chosen
    by the term as written), each with one of its usual endings."""
    last = term.split()[-1]
    stems = [last]
    if term.endswith("e"):
        stems.append(last[:-1] + "ing")
    if term.endswith("y"):
        stems.append(last[:-1] + "ies")
    if term.endswith("s") and not term.endswith("ss"):
        stems.append(last[:-1])
    return list(dict.fromkeys(_lower(stem + ending) for stem in stems for ending in ("", "s", "es", "d", "ed", "ing")))


def _lower(text: str) -> str:
    """Lower case, one character for one, so that offsets stay those of the text (as re.IGNORECASE compares)."""
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
