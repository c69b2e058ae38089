"""Hard words found by their stems: the terms of hard-words.<language>.yaml indexed by the Snowball stems of their
words, and a text's words looked up in that index one by one, so that the cost grows with the text and not with
the list ("biopsies", "biopsied" and "biopsy" are one entry; "crónica" and "crónicos" too)."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

from ..languages import primary_language

# BCP 47 primary language → Snowball algorithm; a language Snowball lacks is matched on whole words only.
_ALGORITHMS = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech", "da": "danish",
    "nl": "dutch", "en": "english", "eo": "esperanto", "et": "estonian", "fi": "finnish", "fr": "french",
    "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "no": "norwegian", "fa": "persian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "st": "sesotho",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
STEM_TABLE = Path(__file__).parent.parent / "data" / "hard-word-stems.json.gz"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*+")
_GATE = 3  # letters: a word whose first three (accents folded) start no term's stem is never stemmed
# A stem match counts only where the word is a form of the listed word, not another word made from it: past
# the letters they share, the listed word's ending (a key) allows the word in the text these endings (Snowball
# also strips -ly, -ous, -ize..., so "timely" and "times" share the stem "time").
_IRREGULAR_PLURALS = {"en": {"is": "es", "us": "i", "um": "a", "on": "a", "a": "ae", "ix": "ices", "ex": "ices"}}
_FORMS: dict[str, dict[str, frozenset[str]]] = {
    "en": {
        "": frozenset({"", "s", "es", "ed", "d", "ing", "e", "'s"}),
        "e": frozenset({"e", "es", "ed", "ing", "s"}),
        "y": frozenset({"y", "ies", "ied", "ying", "ys"}),
        "is": frozenset({"is", "es"}),
        "us": frozenset({"us", "i", "uses"}),
        "um": frozenset({"um", "a", "ums"}),
        "on": frozenset({"on", "a", "ons"}),
        "a": frozenset({"a", "ae", "as"}),
        "x": frozenset({"x", "ces", "xes"}),
        "ix": frozenset({"ix", "ices", "ixes"}),
        "ex": frozenset({"ex", "ices", "exes"}),
    },
    "es": {  # accents folded
        "": frozenset({"", "s", "es"}),
        "o": frozenset({"o", "a", "os", "as"}),
        "a": frozenset({"a", "o", "as", "os"}),
        "e": frozenset({"e", "es", "s"}),
        "ar": frozenset({"ar", "a", "an", "as", "e", "en", "o", "ado", "ada", "ados", "adas", "ando", "amos",
                         "aron", "ara", "aran"}),
        "er": frozenset({"er", "e", "en", "o", "a", "an", "ido", "ida", "idos", "idas", "iendo", "emos", "ieron",
                         "io", "iera"}),
        "ir": frozenset({"ir", "e", "en", "o", "a", "an", "ido", "ida", "idos", "idas", "iendo", "imos", "ieron",
                         "io", "iera"}),
        "z": frozenset({"z", "ces"}),
    },
}


@dataclass(frozen=True)
class HardWordUse:
    """One use of a listed term in a text."""

    term: str  # the key in hard-words.<language>.yaml
    plain: str  # its plain alternative
    start: int
    end: int
    text: str  # the words as written


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower().replace("’", "'"))
                   if not unicodedata.combining(c))


@cache
def _stemmer(algorithm: str) -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer(algorithm)


@lru_cache(maxsize=65536)
def stem(language: str, word: str) -> str:
    """The stem a word is looked up by: Snowball's for the language, of the lower-case word, accents folded."""
    algorithm = _ALGORITHMS.get(primary_language(language))
    lower = word.lower().replace("’", "'")
    return _fold(_stemmer(algorithm).stemWord(lower) if algorithm else lower)


def _plurals(language: str, word: str) -> list[str]:
    """Plurals whose stem is not the word's ("metastasis" → "metastases", "calculus" → "calculi")."""
    plurals = _IRREGULAR_PLURALS.get(primary_language(language), {})
    return [word[:len(word) - len(end)] + plural for end, plural in plurals.items() if word.endswith(end)]


def words_stemmed(language: str, terms: Iterable[str]) -> Iterator[str]:
    """Every word whose stem an index of `terms` looks up: each word of each term, and its irregular plurals."""
    for term in terms:
        for word in _WORD.findall(term):
            yield word
            yield from _plurals(language, word)


@cache
def shipped_stems(language: str) -> Mapping[str, str]:
    """The stems of the listed words of a language's guide, as tools/hard_word_stems.py wrote them (stemming the
    list takes a tenth of a second at each start; reading them, milliseconds); empty when the file was written
    with another Snowball than the one installed, whose stems may differ."""
    import importlib.metadata

    table = json.loads(gzip.decompress(STEM_TABLE.read_bytes()))
    if table["snowballstemmer"] != importlib.metadata.version("snowballstemmer"):
        return {}
    return table["stems"].get(language, {})


class HardWordIndex:
    """The terms of one language by the stems of their words; `everyday` words share a term's stem but are never
    reported ("ambulance" stems like "ambulate"). `known` stems (shipped_stems) are taken as they are, the others
    computed."""

    def __init__(self, language: str, terms: Mapping[str, str], everyday: Iterable[str] = (),
                 known: Mapping[str, str] | None = None):
        known = known or {}

        def stem_of(word: str) -> str:
            return known[word] if word in known else stem(language, word)

        self.language = language
        self.everyday = frozenset(_fold(w) for w in everyday)
        self.plain: dict[str, str] = dict(terms)
        self.forms = _FORMS.get(primary_language(language))
        # a first word's stem → (the stems each word may have, term), longest first
        self.by_first: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] = {}
        self.words_of: dict[str, tuple[str, ...]] = {}
        for term in terms:
            written = _WORD.findall(term)
            if not written:
                continue
            listed = tuple(_fold(w) for w in written)
            stems = tuple(frozenset({stem_of(w), *(stem_of(p) for p in _plurals(language, w))}) for w in written)
            for first in stems[0]:
                self.by_first.setdefault(first, []).append((stems, term))
            self.words_of[term] = listed
        for entries in self.by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        self.gate = frozenset(first[:_GATE] for first in self.by_first)

    def stems(self, text: str) -> tuple[str, ...]:
        return tuple(stem(self.language, w) for w in _WORD.findall(text))

    def _stem_if_possible(self, word: str) -> str | None:
        folded = _fold(word)
        if folded in self.everyday or folded[:_GATE] not in self.gate:
            return None
        return stem(self.language, word)

    def uses(self, text: str) -> list[HardWordUse]:
        """Every use of a listed term in `text`, in order; where terms overlap, the longest ("adverse event", not
        "adverse")."""
        words = list(_WORD.finditer(text))
        firsts = [self._stem_if_possible(w.group()) for w in words]
        stems = list(firsts)  # filled in where a term of several words needs a later word's stem
        found: list[HardWordUse] = []
        i = 0
        while i < len(words):
            entries = self.by_first.get(firsts[i]) if firsts[i] else None
            matched = next((entry for entry in entries or ()
                            if all(self._stem_at(words, stems, i + k) in wanted for k, wanted in enumerate(entry[0]))
                            and all(self.is_form(listed, _fold(words[i + k].group()))
                                    for k, listed in enumerate(self.words_of[entry[1]]))),
                           None)
            if matched is None:
                i += 1
                continue
            length = len(matched[0])
            start, end = words[i].start(), words[i + length - 1].end()
            found.append(HardWordUse(matched[1], self.plain[matched[1]], start, end, text[start:end]))
            i += length
        return found

    def is_form(self, listed: str, word: str) -> bool:
        """Whether `word` is a form of the listed word that shares its stem: "biopsies" of "biopsy", "crónicas" of
        "crónico", not "ambulance" of "ambulate"."""
        if self.forms is None or word == listed:
            return True
        shared = 0
        while shared < min(len(listed), len(word)) and listed[shared] == word[shared]:
            shared += 1
        listed_end, word_end = listed[shared:], word[shared:]
        if shared and word_end[:1] == listed[shared - 1] and not listed_end and len(word_end) > 1:
            word_end = word_end[1:]  # a doubled last letter: "admitted", "referred"
        return word_end in self.forms.get(listed_end, frozenset())

    def _stem_at(self, words: list[re.Match[str]], stems: list[str | None], k: int) -> str | None:
        if k >= len(words):
            return None
        if stems[k] is None:  # a later word of a term need not pass the gate ("adverse event": "event")
            stems[k] = stem(self.language, words[k].group())
        return stems[k]

    def covered_by(self, phrases: Iterable[str]) -> Callable[[str], bool]:
        """Whether one of the phrases (glossary terms) holds a term's words: "neuroendocrine" is in "Neuroendocrine
        cells". The phrases' runs of stems, as long as a term can be, are indexed once, so that each term asked
        about is one lookup, however long the glossary."""
        longest = max(map(len, self.words_of.values()), default=0)
        runs: set[tuple[str, ...]] = set()
        for phrase in phrases:
            have = self.stems(phrase)
            runs.update(have[i:i + n] for n in range(1, longest + 1) for i in range(len(have) - n + 1))
        return lambda term: self.stems(term) in runs
