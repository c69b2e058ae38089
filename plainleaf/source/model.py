"""The typed handout model: what a handout, its references, contacts and clinic are."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..languages import language_problem
from ..limits import MAX_URL_CHARS, SLUG
from . import tree
from .contacts import DEFAULT_COUNTRY, Problem, country_problem, email_problem, phone_problem, url_problem

_REF_ID = re.compile(r"^[A-Za-z0-9][\w:.-]*$")


def slugify(text: str) -> str:
    """Words → an id or file name: "¿Cuándo consultar?" → "cuando-consultar" (accents folded, not dropped)."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


class _Strict(BaseModel):
    """Unknown keys are mistakes (a typo in `sumary` must not pass silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _invalid(problem: Problem) -> PydanticCustomError:
    """A validation error with its hint."""
    # the author's text goes in the context, never in the template, whose braces pydantic would fill in
    return PydanticCustomError("invalid", "{message}", {"message": problem.message, "hint": problem.hint})


def _check_url(value: str) -> str:
    if len(value) > MAX_URL_CHARS:
        raise ValueError(f"the web address is {len(value):,} characters long; the limit is {MAX_URL_CHARS:,}")
    problem = url_problem(value)
    if problem:
        raise _invalid(problem)
    return value


def _check_email(value: str) -> str:
    problem = email_problem(value)
    if problem:
        raise _invalid(problem)
    return value


def _check_phone(value: str, info: ValidationInfo) -> str:
    """A number is read in the clinic's country: the clinic file's own `country` (a key before its numbers), or
    for a handout the validation context's. Without one (planning reads a handout only for its title and
    language) numbers are not judged; every check and build gives one."""
    country = info.data.get("country") or (info.context or {}).get("country")
    problem = phone_problem(value, country) if country else None
    if problem:
        raise _invalid(problem)
    return value


WebAddress = Annotated[str, AfterValidator(_check_url)]
EmailAddress = Annotated[str, AfterValidator(_check_email)]
# `phone: 5550100` is a YAML number (source.py keeps one with a leading 0 or + as text): the digits are the same
PhoneNumber = Annotated[str, BeforeValidator(lambda v: str(v) if type(v) is int else v), AfterValidator(_check_phone)]


class Reference(_Strict):
    """A source the handout's facts come from, cited in the text as [@id]."""

    id: str
    title: str = Field(min_length=1)
    authors: list[str] = Field(default_factory=list)
    publisher: str | None = None
    place: str | None = None
    date: dt.date | None = None
    url: WebAddress | None = None
    accessed: dt.date | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _REF_ID.match(value):
            raise ValueError("use letters, digits, '-', '_', '.' or ':' (for example nccn-2019)")
        return value

    @model_validator(mode="after")
    def _findable(self) -> Reference:
        if not self.url and not self.publisher:
            raise ValueError("a reference needs a url or a publisher so that readers can find it")
        return self


class SupportContact(_Strict):
    """A support group or organisation listed on the "Who can help" page."""

    name: str = Field(min_length=1)
    organization: str | None = None
    description: str | None = None
    url: WebAddress | None = None
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None
    address: str | None = None
    hours: str | None = None  # when it can be reached: opening hours, a helpline's hours
    meeting_times: str | None = None  # when a group meets

    @model_validator(mode="after")
    def _reachable(self) -> SupportContact:
        if not (self.url or self.phone or self.email):
            raise ValueError("a support contact needs a url, a phone or an email")
        return self


class Logo(_Strict):
    path: str
    alt: str = Field(min_length=1)


class Clinic(_Strict):
    """The clinic's own details (handouts/clinic.yaml), printed on every handout."""

    name: str = Field(min_length=1)
    country: str = DEFAULT_COUNTRY  # ISO 3166 alpha-2: where telephone numbers without + are (before them)
    phone: PhoneNumber | None = None
    after_hours_phone: PhoneNumber | None = None
    address: str | None = None
    website: WebAddress | None = None
    email: EmailAddress | None = None
    emergency: str | None = None
    logo: Logo | None = None
    paper: Literal["letter", "a4"] | None = None
    # what `build` makes when --format does not say (default: pdf, epub); brf, pef: the braille edition; txt: plain text
    formats: list[Literal["pdf", "epub", "brf", "pef", "txt"]] | None = Field(default=None, min_length=1)
    accessibility_certified_by: str | None = None
    strict: bool = False  # plain-language warnings block a build, as with --strict
    # written by `plainleaf new` (and in the repository's example) over made-up details: the build warns while it is
    # there, because fake details would be printed on every handout
    placeholder: bool = False

    @field_validator("country")
    @classmethod
    def _iso_3166(cls, value: str) -> str:
        problem = country_problem(value.upper())
        if problem:
            raise _invalid(problem)
        return value.upper()


Reason = Annotated[str, Field(min_length=1)]


def _reasons_given(value: Any) -> Any:
    """`disable:` maps each rule to the reason it is off, so that every report can say why: a plain list of ids
    is refused with that hint."""
    if isinstance(value, list):
        raise _invalid(Problem("give each rule the reason it is switched off",
                               "write `disable: {rule-id: why it does not apply here}`, one rule a line"))
    return value


class CheckSettings(_Strict):
    """`check:` in the front matter: rules switched off for this handout, each with the reason (printed in every
    report). Only a rule whose failure leaves the file accessible and right may be: which rules those are is the
    check stage's to say (`plainleaf help rules`)."""

    disable: Annotated[dict[str, Reason], BeforeValidator(_reasons_given)] = Field(default_factory=dict)


class FrontMatter(_Strict):
    """The YAML block at the top of handout.md."""

    title: str = Field(min_length=1)
    subtitle: str | None = None
    short_title: str | None = None
    language: str = "en"
    summary: str = Field(min_length=1)
    key_points: list[str] = Field(default_factory=list, max_length=5)
    reviewed: dt.date
    authors: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    glossary: dict[str, str] = Field(default_factory=dict)
    references: list[Reference] = Field(default_factory=list)
    support: list[SupportContact] = Field(default_factory=list)
    reading_level: float | None = Field(default=None, gt=0, le=20)
    translation_of: str | None = Field(default=None, pattern=rf"^{SLUG}$")
    check: CheckSettings = Field(default_factory=CheckSettings)

    @field_validator("language")
    @classmethod
    def _bcp47(cls, value: str) -> str:
        problem = language_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("references")
    @classmethod
    def _unique_reference_ids(cls, references: list[Reference]) -> list[Reference]:
        seen: set[str] = set()
        for n, ref in enumerate(references):
            if ref.id in seen:
                # ctx "at" points the error at this entry's id, so the message gives its line
                raise PydanticCustomError("duplicate_reference_id",
                                          "reference id '{id}' is used twice; give each reference its own id",
                                          {"id": ref.id, "at": (n, "id")})
            seen.add(ref.id)
        return references

    @field_validator("glossary")
    @classmethod
    def _words_and_meanings(cls, glossary: dict[str, str]) -> dict[str, str]:
        for term, meaning in glossary.items():
            if not term.strip() or not meaning.strip():
                raise PydanticCustomError(
                    "empty_glossary_entry", "a glossary entry needs a word and what it means: {which} is empty",
                    {"which": "the word" if not term.strip() else f"the meaning of {term!r}", "at": (term,)})
        return glossary


@dataclass(frozen=True)
class Image:
    """An informative picture in the text; its alt text is required."""

    src: str
    alt: str
    caption: str | None
    line: int


@dataclass(frozen=True)
class Section:
    """A `##` section of the handout body; its blocks stay as parser tokens for the renderer."""

    id: str
    title: str  # the heading as plain text (no markup, no citations): for ids, contents, running text
    line: int
    tokens: tuple[Any, ...]
    heading: Any = None  # the heading's inline token, for the renderer (its citations, bold, links)


@dataclass(frozen=True)
class Handout:
    """One handout, parsed and validated, ready to render."""

    slug: str
    source: Path
    meta: FrontMatter
    sections: tuple[Section, ...]
    citation_order: tuple[str, ...] = ()
    images: tuple[Image, ...] = field(default=())
    # the line of each front-matter key, by its path ("references", 2, "url"), for findings about an entry
    front_lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict, compare=False, repr=False)
    body: tuple[tree.Section, ...] | None = None  # the sections as the document tree, made by the parser
    key_points: tree.KeyPoints | None = None  # the front matter's key points as a block of the tree

    @property
    def folder(self) -> Path:
        return self.source.parent

    @property
    def language(self) -> str:
        return self.meta.language

    def front_line(self, *path: str | int) -> int | None:
        """The line of a front-matter key, or of the nearest key holding it."""
        return next((self.front_lines[path[:end]] for end in range(len(path), 0, -1) if path[:end] in self.front_lines),
                    None)

    @property
    def running_title(self) -> str:
        return self.meta.short_title or self.meta.title

    def reference_number(self, ref_id: str) -> int:
        """The reference's number in the appendix; a citation of an unknown id takes none (KeyError)."""
        return self._reference_numbers[ref_id]

    def citation_numbers(self, ref_ids: Sequence[str]) -> list[int]:
        """The numbers a citation of these ids prints: ascending, each once; unknown ids take none."""
        return sorted({self._reference_numbers[i] for i in ref_ids if i in self._reference_numbers})

    def citation_label(self, ref_ids: Sequence[str]) -> str:
        """What a citation prints: "[1, 2]"."""
        return "[" + ", ".join(str(n) for n in self.citation_numbers(ref_ids)) + "]"

    def cited_references(self) -> list[Reference]:
        """References in the order they are first cited, then any never cited."""
        return list(self._cited_references)

    # Worked out once: every citation asks for its numbers, and a handout may hold thousands of them.
    @cached_property
    def _cited_references(self) -> tuple[Reference, ...]:
        by_id = {r.id: r for r in self.meta.references}
        cited = [by_id[i] for i in self.citation_order if i in by_id]
        order = set(self.citation_order)
        return (*cited, *(r for r in self.meta.references if r.id not in order))

    @cached_property
    def _reference_numbers(self) -> dict[str, int]:
        return {r.id: n for n, r in enumerate(self._cited_references, start=1)}
