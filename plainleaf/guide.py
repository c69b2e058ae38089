"""Plain-language guides, one per language, shipped as data in plainleaf/data/: reading-level formulas and
targets and phrase lists (plain-language.<lang>.yaml), hard words and plain alternatives (hard-words.<lang>.yaml).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, field_validator

from .model import _Strict
from .readability import FORMULAS

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_READING_LEVEL = 8.0


class ReadabilityTarget(_Strict):
    """One formula and the score a handout must reach on it."""

    formula: str
    label: str
    at_most: float | Literal["reading_level"] | None = None  # "reading_level": the handout's, else grade 8
    at_least: float | None = None

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


class Guide(_Strict):
    """Everything the plain-language rules need to know about one language."""

    language: str
    readability: list[ReadabilityTarget]
    vague_link_text: list[str] = Field(default_factory=list)
    alt_text_openers: list[str] = Field(default_factory=list)
    explanation_cues: list[str] = Field(default_factory=list)
    common_acronyms: list[str] = Field(default_factory=list)
    third_person: list[str] = Field(default_factory=list)
    passive: PassiveVoice | None = None
    hard_words: dict[str, str] = Field(default_factory=dict)


def _candidates(language: str) -> list[str]:
    """"es-MX" → ["es-mx", "es"]: the most specific guide first."""
    tag = language.lower().replace("_", "-")
    return list(dict.fromkeys([tag, tag.split("-")[0]]))


def _first_file(kind: str, language: str) -> Path | None:
    for tag in _candidates(language):
        path = DATA_DIR / f"{kind}.{tag}.yaml"
        if path.is_file():
            return path
    return None


@cache
def guide_for(language: str) -> Guide | None:
    """The guide for a BCP 47 language tag, or None when plainleaf has none for it."""
    path = _first_file("plain-language", language)
    if path is None:
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words_file = _first_file("hard-words", language)
    hard_words = yaml.safe_load(words_file.read_text(encoding="utf-8")) if words_file else {}
    return Guide.model_validate({**data, "language": path.stem.split(".", 1)[1], "hard_words": hard_words})
