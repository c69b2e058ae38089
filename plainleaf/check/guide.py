"""Plain-language guides, one per language, shipped as data in plainleaf/data/: reading-level formulas and
targets and phrase lists (plain-language.<lang>.yaml), hard words and plain alternatives (hard-words.<lang>.yaml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, field_validator

from ..languages import locale_names
from ..source.model import _Strict
from .readability import FORMULAS

DATA_DIR = Path(__file__).parent.parent / "data"
DEFAULT_READING_LEVEL = 8.0


class ReadabilityTarget(_Strict):
    """One formula and the score a handout must reach on it."""

    formula: str
    label: str
    at_most: float | Literal["reading_level"] | None = None  # "reading_level": the handout's, else grade 8
    at_least: float | None = None
    # The smallest sample the formula is valid for: below it the score is not reported (SMOG was normed on samples
    # of 30 sentences, Flesch-Kincaid on passages of 100 words or more).
    min_words: int = 0
    min_sentences: int = 0

    @field_validator("formula")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in FORMULAS:
            raise ValueError(f"unknown formula {value!r}; plainleaf knows {', '.join(FORMULAS)}")
        return value

    def limit(self, reading_level: float | None) -> tuple[Literal["at_most", "at_least"], float] | None:
        if self.at_least is not None:
            return "at_least", self.at_least
        if self.at_most == "reading_level":
            return "at_most", reading_level or DEFAULT_READING_LEVEL
        return ("at_most", self.at_most) if self.at_most is not None else None


class PassiveVoice(_Strict):
    auxiliaries: list[str]
    participle_endings: list[str]
    irregular_participles: list[str] = Field(default_factory=list)
    not_participles: list[str] = Field(default_factory=list)


class Explanations(_Strict):
    """How a handout explains a hard word where it uses it: words right after it ("renal, which means..."), words
    right before it ("doctors call this metastasis"), or a definition with the word as the sentence's subject
    ("A biopsy is...")."""

    after: list[str] = Field(default_factory=list)
    before: list[str] = Field(default_factory=list)
    apposition: list[str] = Field(default_factory=list)  # "ureteroscopy, a test that...": the words that open one
    definition_verbs: list[str] = Field(default_factory=list)
    subject_openers: list[str] = Field(default_factory=list)  # "a", "the", "your" before the subject
    not_definition: list[str] = Field(default_factory=list)  # "is not", "is often": not a definition


class PrescreenCues(_Strict):
    """Words the PEMAT-P / Clear Communication Index pre-screen looks for (plainleaf/check/prescreen.py)."""

    purpose: list[str] = Field(default_factory=list)  # "this handout explains"
    action_verbs: list[str] = Field(default_factory=list)  # imperatives a sentence starts with: "call", "ask"
    action_phrases: list[str] = Field(default_factory=list)  # "you should", "you need to"
    second_person: list[str] = Field(default_factory=list)  # "you", "your"
    calculation: list[str] = Field(default_factory=list)  # "add up", "per kilogram"
    uncertainty: list[str] = Field(default_factory=list)  # "no one knows", "researchers are studying"
    reasons: list[str] = Field(default_factory=list)  # "because", "so that", "to help"
    risk: list[str] = Field(default_factory=list)  # "risk", "chance"
    generic_headings: list[str] = Field(default_factory=list)  # "introduction", "more information"
    summary_headings: list[str] = Field(default_factory=list)  # "key points", "summary"
    percent: list[str] = Field(default_factory=list)  # "percent", "per cent"


class Guide(_Strict):
    """Everything the plain-language rules need to know about one language."""

    language: str
    readability: list[ReadabilityTarget]
    vague_link_text: list[str] = Field(default_factory=list)
    alt_text_openers: list[str] = Field(default_factory=list)
    explanations: Explanations = Field(default_factory=Explanations)
    common_acronyms: list[str] = Field(default_factory=list)
    acronym_cues: list[str] = Field(default_factory=list)  # "CPAP stands for...": spelled out right after it
    capital_words: list[str] = Field(default_factory=list)  # short words written in capitals to shout: NOT, NO
    everyday_words: list[str] = Field(default_factory=list)  # share a hard word's stem, but are everyday words
    third_person: list[str] = Field(default_factory=list)
    passive: PassiveVoice | None = None
    prescreen: PrescreenCues = Field(default_factory=PrescreenCues)
    hard_words: dict[str, str] = Field(default_factory=dict)


def _candidates(language: str) -> list[str]:
    """"es-MX" → ["es-mx", "es"]: the most specific guide first, by the same chain as the catalogues and Babel's
    locales (languages.locale_names), written as the data files are named."""
    return [name.lower().replace("_", "-") for name in locale_names(language)]


def _first_file(kind: str, language: str) -> Path | None:
    for tag in _candidates(language):
        path = DATA_DIR / f"{kind}.{tag}.yaml"
        if path.is_file():
            return path
    return None


def _load_yaml(path: Path) -> Any:
    """One of plainleaf's own data files, read with libyaml where PyYAML has it (the same values, eight times
    faster than the pure-Python reader for the hard-words list)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def guide_for(language: str) -> Guide | None:
    """The guide for a BCP 47 language tag, or None when plainleaf has none for it."""
    path = _first_file("plain-language", language)
    if path is None:
        return None
    data = _load_yaml(path)
    words_file = _first_file("hard-words", language)
    hard_words = _load_yaml(words_file) if words_file else {}
    return Guide.model_validate({**data, "language": path.stem.split(".", 1)[1], "hard_words": hard_words})
