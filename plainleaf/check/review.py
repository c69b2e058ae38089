"""A handout's review before it is built: the build-blocking checks and the plain-language rules together,
for `generate.py check` and the build's summary, and the review as JSON (docs/check-report.schema.json)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import HandoutError, HandoutErrors, plainleaf_fault
from ..source.contacts import DEFAULT_COUNTRY
from ..source.layout import Layout
from ..source.model import Clinic, Handout
from ..source.parse import read_handout
from ..source.resources import Resources
from .checks import check_handout
from .plain import PlainLanguageReport, ReadingLevel, check_plain_language, is_large_print
from .prescreen import Prescreen, prescreen
from .rules import SEVERITIES, switched_off
from .tables import check_tables


@dataclass(frozen=True)
class HandoutReview:
    source: Path
    findings: tuple[HandoutError, ...]
    handout: Handout | None = None  # None when the handout could not be parsed
    plain: PlainLanguageReport | None = None
    prescreen: Prescreen | None = None
    disabled: Mapping[str, str] = dataclasses.field(default_factory=dict)  # rules switched off: id → the reason

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def ok(self) -> bool:
        return not self.count("error")


def review_handout(handout: Handout, font_dir: Path, large_print: bool, strict: bool = False,
                   questions_page: bool = True, layouts: Sequence[Layout] = ()) -> HandoutReview:
    """Every finding for a parsed handout, and its PEMAT-P / CCI pre-screen; `strict` makes warnings errors;
    `questions_page`: a layout it is printed in has the questions page (check assumes the default, large print);
    `layouts` are the print layouts whose lines its tables are measured against."""
    from ..source.reader import handout_tree

    disabled, refused = switched_off(handout)
    plain = check_plain_language(handout, large_print).without(disabled)  # what the pre-screen scores, too
    findings = [*refused, *(f for f in [*check_handout(handout, font_dir), *check_tables(handout, layouts, font_dir)]
                            if f.rule not in disabled), *plain.findings]
    if strict:
        findings = [dataclasses.replace(f, severity="error") if f.severity == "warning" else f for f in findings]
    return HandoutReview(handout.source, in_order(findings), handout, plain,
                         prescreen(handout, handout_tree(handout), plain, questions_page), disabled)


def in_order(findings: Iterable[HandoutError]) -> tuple[HandoutError, ...]:
    """Findings in the order of the file's lines (those of the whole file first), as an author reads them."""
    return tuple(sorted(findings, key=lambda f: f.line or 0))


def review_source(source: Path, font_dir: Path, large_print: bool, strict: bool = False,
                  country: str | None = DEFAULT_COUNTRY, questions_page: bool = True,
                  layouts: Sequence[Layout] = ()) -> HandoutReview:
    """Parse and review one handout.md (its telephone numbers read in the clinic's `country`, its tables measured
    against `layouts`): its parse errors, then every check on what parsed (nothing more when its front matter is
    not valid: the checks need it)."""
    try:
        handout, errors = read_handout(source, country=country)
        if handout is None:
            return HandoutReview(source, in_order(errors))
        review = review_handout(handout, font_dir, large_print, strict, questions_page, layouts)
        return dataclasses.replace(review, findings=in_order([*errors, *review.findings]))
    except HandoutErrors as exc:
        return HandoutReview(source, tuple(exc.errors))
    except Exception as exc:  # a fault in plainleaf: this handout's review says so, the others go on
        return HandoutReview(source, (plainleaf_fault(source, "check this handout", exc),))


def review_clinic(clinic_file: Path, font_dir: Path) -> tuple[Clinic | None, HandoutReview]:
    """The clinic file, loaded and checked as a build does; its errors reviewed like a handout's."""
    from .clinic import load_checked_clinic

    try:
        return load_checked_clinic(clinic_file, font_dir), HandoutReview(clinic_file, ())
    except HandoutErrors as exc:
        return None, HandoutReview(clinic_file, tuple(exc.errors))


def check_handouts(sources: Sequence[Path], clinic_file: Path, layouts: Sequence[str], strict: bool,
                   resources: Resources) -> list[HandoutReview]:
    """Review each handout as a build with these options would, so that `check` and `build` agree on every error:
    emphasis and the questions page judged for `layouts`, strict when asked or when the clinic file says so, the
    clinic's country for telephone numbers, each handout's edition errors. The clinic file's problems, and each
    layout's, come first as reviews of their own."""
    from ..source.editions import plan_editions
    from ..source.layout import load_layout

    clinic, clinic_review = review_clinic(clinic_file, resources.fonts_dir)
    reviews = [clinic_review] if clinic_review.findings else []
    loaded = []
    for name in dict.fromkeys(layouts):
        try:
            loaded.append(load_layout(name, resources))
        except HandoutErrors as exc:
            reviews.append(HandoutReview(resources.layouts_dir / name, tuple(exc.errors)))
    strict = strict or bool(clinic and clinic.strict)
    country = clinic.country if clinic else None  # a clinic file with errors: its numbers' country is unsure
    large_print = judges_large_print(layouts, resources)
    questions_page = any(layout.settings.questions_page for layout in loaded) or not loaded
    _, edition_errors = plan_editions(sources)
    for source in sources:
        review = review_source(source, resources.fonts_dir, large_print, strict, country, questions_page, loaded)
        own = [dataclasses.replace(e, file=source) for e in edition_errors if e.file == source.resolve()]
        reviews.append(dataclasses.replace(review, findings=in_order([*review.findings, *own])) if own else review)
    return reviews


def judges_large_print(layouts: Sequence[str], resources: Resources) -> bool:
    """Whether the review judges emphasis for large print: when some layout asked for is (as the build does; one
    that cannot be loaded counts as large print, its error being reported anyway)."""
    from ..source.layout import load_layout

    for name in layouts:
        try:
            if is_large_print(load_layout(name, resources).settings.body_pt):
                return True
        except HandoutErrors:
            return True
    return False


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
        "disabled": [{"rule": rule, "reason": reason} for rule, reason in review.disabled.items()],
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
            {"formula": s.formula, "label": s.label, "value": s.rounded,
             "target": {s.limit[0]: s.limit[1]} if s.limit else None, "passed": s.passed}
            for s in level.scores
        ],
        "not_scored": [{"formula": n.formula, "label": n.label, "reason": n.reason} for n in level.not_scored],
    }
