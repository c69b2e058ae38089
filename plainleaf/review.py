"""A handout's review before it is built: the build-blocking checks and the plain-language rules together,
for `generate.py check` and the build's summary, and the review as JSON (docs/check-report.schema.json)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .checks import check_handout
from .contacts import DEFAULT_COUNTRY
from .errors import HandoutError, HandoutErrors
from .model import Clinic, Handout
from .parse import parse_handout
from .plain import PlainLanguageReport, ReadingLevel, check_plain_language
from .prescreen import Prescreen, prescreen

SEVERITIES = ("error", "warning", "advice")


@dataclass(frozen=True)
class HandoutReview:
    source: Path
    findings: tuple[HandoutError, ...]
    handout: Handout | None = None  # None when the handout could not be parsed
    plain: PlainLanguageReport | None = None
    prescreen: Prescreen | None = None

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def ok(self) -> bool:
        return not self.count("error")


def review_handout(handout: Handout, font_dir: Path, large_print: bool, strict: bool = False,
                   questions_page: bool = True) -> HandoutReview:
    """Every finding for a parsed handout, and its PEMAT-P / CCI pre-screen; `strict` makes warnings errors;
    `questions_page`: a layout it is printed in has the questions page (check assumes the default, large print)."""
    from .reader import read_sections

    sections = read_sections(handout)
    plain = check_plain_language(handout, large_print, sections)
    findings = [*check_handout(handout, font_dir), *plain.findings]
    if strict:
        findings = [dataclasses.replace(f, severity="error") if f.severity == "warning" else f for f in findings]
    return HandoutReview(handout.source, tuple(findings), handout, plain,
                         prescreen(handout, sections, plain, questions_page))


def review_source(source: Path, font_dir: Path, large_print: bool, strict: bool = False,
                  country: str | None = DEFAULT_COUNTRY) -> HandoutReview:
    """Parse and review one handout.md (its telephone numbers read in the clinic's `country`); a handout that does
    not parse is reviewed as its parse errors."""
    try:
        handout = parse_handout(source, country=country)
    except HandoutErrors as exc:
        return HandoutReview(source, tuple(exc.errors))
    return review_handout(handout, font_dir, large_print, strict)


def review_clinic(clinic_file: Path, font_dir: Path) -> tuple[Clinic | None, HandoutReview]:
    """The clinic file, loaded and checked as a build does; its errors reviewed like a handout's."""
    from .plan import load_checked_clinic

    try:
        return load_checked_clinic(clinic_file, font_dir), HandoutReview(clinic_file, ())
    except HandoutErrors as exc:
        return None, HandoutReview(clinic_file, tuple(exc.errors))


def review_json(reviews: Sequence[HandoutReview]) -> dict[str, Any]:
    """The reviews as the JSON document described by docs/check-report.schema.json."""
    return {
        "plainleaf": __version__,
        "ok": all(r.ok for r in reviews),
        "handouts": [_handout_json(r) for r in reviews],
    }


def _handout_json(review: HandoutReview) -> dict[str, Any]:
    meta = review.handout.meta if review.handout else None
    plain = review.plain
    return {
        "file": str(review.source),
        "title": meta.title if meta else None,
        "language": meta.language if meta else None,
        "guide": plain.language if plain else None,
        "ok": review.ok,
        "counts": {severity: review.count(severity) for severity in SEVERITIES},
        "reading_level": {
            "handout": _level_json(plain.handout),
            "sections": [_level_json(level) for level in plain.sections],
        } if plain else None,
        "prescreen": prescreen_json(review.prescreen) if review.prescreen else None,
        "findings": [
            {"file": str(f.file) if f.file else None, "line": f.line, "rule": f.rule, "severity": f.severity,
             "message": f.message, "hint": f.hint}
            for f in review.findings
        ],
    }


def prescreen_json(screen: Prescreen) -> dict[str, Any]:
    """The pre-screen as check's JSON and the catalog carry it (docs/check-report.schema.json, `prescreen`)."""
    return {
        "scores": [{"instrument": s.instrument, "scale": s.name, "met": s.met, "judged": s.judged,
                    "questions": s.questions, "share": s.share, "threshold": s.threshold, "passed": s.passed}
                   for s in screen.scales],
        "items": [{"instrument": i.instrument, "item": i.number, "scale": i.scale, "text": i.text,
                   "verdict": i.verdict, "why": i.why} for i in screen.items],
    }


def _level_json(level: ReadingLevel) -> dict[str, Any]:
    where = {"id": level.section.id, "title": level.section.title, "line": level.section.line} if level.section else {}
    return {
        **where,
        "words": level.words,
        "sentences": level.sentences,
        "scores": [
            {"formula": s.formula, "label": s.label, "value": round(s.value, 2),
             "target": {s.limit[0]: s.limit[1]} if s.limit else None, "passed": s.passed}
            for s in level.scores
        ],
        "not_scored": [{"formula": n.formula, "label": n.label, "reason": n.reason} for n in level.not_scored],
    }
