"""A handout's review before it is built: the build-blocking checks and the plain-language rules together,
for `generate.py check` and the build's summary, and the review as JSON (docs/check-report.schema.json)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .checks import check_handout
from .errors import HandoutError, HandoutErrors, plainleaf_fault
from .model import Handout
from .parse import read_handout
from .plain import PlainLanguageReport, ReadingLevel, check_plain_language, is_large_print
from .resources import Resources

SEVERITIES = ("error", "warning", "advice")


@dataclass(frozen=True)
class HandoutReview:
    source: Path
    findings: tuple[HandoutError, ...]
    handout: Handout | None = None  # None when the handout could not be parsed
    plain: PlainLanguageReport | None = None

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def ok(self) -> bool:
        return not self.count("error")


def review_handout(handout: Handout, font_dir: Path, large_print: bool, strict: bool = False) -> HandoutReview:
    """Every finding for a parsed handout; `strict` makes warnings errors."""
    plain = check_plain_language(handout, large_print)
    findings = [*check_handout(handout, font_dir), *plain.findings]
    if strict:
        findings = [dataclasses.replace(f, severity="error") if f.severity == "warning" else f for f in findings]
    return HandoutReview(handout.source, in_order(findings), handout, plain)


def in_order(findings: Iterable[HandoutError]) -> tuple[HandoutError, ...]:
    """Findings in the order of the file's lines (those of the whole file first), as an author reads them."""
    return tuple(sorted(findings, key=lambda f: f.line or 0))


def review_source(source: Path, font_dir: Path, large_print: bool, strict: bool = False) -> HandoutReview:
    """Parse and review one handout.md: its parse errors, then every check on what parsed (nothing more when its
    front matter is not valid: the checks need it)."""
    try:
        handout, errors = read_handout(source)
        if handout is None:
            return HandoutReview(source, in_order(errors))
        review = review_handout(handout, font_dir, large_print, strict)
        return dataclasses.replace(review, findings=in_order([*errors, *review.findings]))
    except HandoutErrors as exc:
        return HandoutReview(source, tuple(exc.errors))
    except Exception as exc:  # a fault in plainleaf: this handout's review says so, the others go on
        return HandoutReview(source, (plainleaf_fault(source, "check this handout", exc),))


@dataclass(frozen=True)
class CheckReport:
    """What `check` found: the same findings, with the same severities, that a build with the same options would
    report; `errors` are the build's own (the clinic file, a layout), not one handout's."""

    reviews: tuple[HandoutReview, ...]
    errors: tuple[HandoutError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and all(review.ok for review in self.reviews)


def check_handouts(sources: Sequence[Path], clinic_file: Path, layouts: Sequence[str], strict: bool,
                   resources: Resources) -> CheckReport:
    """Review each handout as the build would: emphasis judged for `layouts`, strict when asked or when the clinic
    file says so; with the clinic file's and the layouts' errors, and each handout's edition errors."""
    from .editions import plan_editions
    from .layout import load_layout
    from .plan import load_checked_clinic

    errors: list[HandoutError] = []
    try:
        strict = load_checked_clinic(clinic_file, resources.fonts_dir).strict or strict
    except HandoutErrors as exc:
        errors += exc.errors
    for name in dict.fromkeys(layouts):
        try:
            load_layout(name, resources)
        except HandoutErrors as exc:
            errors += exc.errors
    large_print = judges_large_print(layouts, resources)
    _, edition_errors = plan_editions(sources)
    reviews = []
    for source in sources:
        review = review_source(source, resources.fonts_dir, large_print, strict)
        own = [dataclasses.replace(e, file=source) for e in edition_errors if e.file == source.resolve()]
        reviews.append(dataclasses.replace(review, findings=in_order([*review.findings, *own])) if own else review)
    return CheckReport(tuple(reviews), tuple(errors))


def judges_large_print(layouts: Sequence[str], resources: Resources) -> bool:
    """Whether the review judges emphasis for large print: when some layout asked for is (as the build does; one
    that cannot be loaded counts as large print, its error being reported anyway)."""
    from .layout import load_layout

    for name in layouts:
        try:
            if is_large_print(load_layout(name, resources).settings.body_pt):
                return True
        except HandoutErrors:
            return True
    return False


def review_json(report: CheckReport) -> dict[str, Any]:
    """The report as the JSON document described by docs/check-report.schema.json."""
    return {
        "plainleaf": __version__,
        "ok": report.ok,
        "errors": [_finding_json(f) for f in report.errors],
        "handouts": [_handout_json(r) for r in report.reviews],
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
        "findings": [_finding_json(f) for f in review.findings],
    }


def _finding_json(finding: HandoutError) -> dict[str, Any]:
    return {"file": str(finding.file) if finding.file else None, "line": finding.line, "rule": finding.rule,
            "severity": finding.severity, "message": finding.message, "hint": finding.hint}


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
    }
