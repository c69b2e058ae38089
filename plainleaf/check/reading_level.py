"""A handout's reading level: the guide's formulas scored on a stretch of its prose (a section, or the whole),
each against its target, and the formulas left out because the sample is too small for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..source.model import Handout, Section
from ..source.prose import Passage, readability_sample, split_sentences, words
from .guide import Guide, ReadabilityTarget
from .readability import score


@dataclass(frozen=True)
class Score:
    formula: str
    label: str
    value: float
    limit: tuple[str, float] | None  # ("at_most" | "at_least", number)

    @property
    def passed(self) -> bool:
        if self.limit is None:
            return True
        kind, number = self.limit
        return self.rounded <= number if kind == "at_most" else self.rounded >= number

    @property
    def rounded(self) -> float:
        """The score as every report gives it (to one decimal), and as it is judged against its target: a value
        printed as 8.0 meets a target of at most 8."""
        return round(self.value, 1)

    def describe(self) -> str:
        target = "" if self.limit is None else (
            f" (target {'at most' if self.limit[0] == 'at_most' else 'at least'} {self.limit[1]:g})")
        return f"{self.label} {self.rounded:.1f}{target}"


@dataclass(frozen=True)
class NotScored:
    """A formula left out because the sample is smaller than the one it is valid for."""

    formula: str
    label: str
    reason: str  # in the handout's language


@dataclass(frozen=True)
class ReadingLevel:
    """The scores of one stretch of prose: a section, or (section None) the whole handout."""

    section: Section | None
    words: int
    sentences: int
    scores: tuple[Score, ...]
    not_scored: tuple[NotScored, ...] = ()


def reading_level(section: Section | None, prose: list[Passage], guide: Guide, handout: Handout,
                   gettext: Callable[[str], str]) -> ReadingLevel:
    sample = readability_sample([p.text for p in prose])
    word_count = len(words(sample))
    sentences = sum(len(split_sentences(p.text)) for p in prose)
    limit = handout.meta.reading_level
    scores, left_out = [], []
    for target in guide.readability:
        reason = _too_small(target, word_count, sentences, gettext)
        if reason:
            left_out.append(NotScored(target.formula, target.label, reason))
        else:
            scores.append(Score(target.formula, target.label, score(target.formula, sample), target.limit(limit)))
    return ReadingLevel(section, word_count, sentences, tuple(scores), tuple(left_out))


def _too_small(target: ReadabilityTarget, word_count: int, sentences: int, gettext: Callable[[str], str]
               ) -> str | None:
    """Why the formula is not valid for a sample this small, or None."""
    if sentences < target.min_sentences:
        return gettext("{label} is valid on samples of {needed} sentences or more; this has {count}").format(
            label=target.label, needed=target.min_sentences, count=sentences)
    if word_count < target.min_words:
        return gettext("{label} is valid on samples of {needed} words or more; this has {count}").format(
            label=target.label, needed=target.min_words, count=word_count)
    return None
