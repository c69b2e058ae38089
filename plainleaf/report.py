"""Telling the user what happened: files written, reading levels, then every finding with file and line.

Colour is only ever added to words that say the same thing ("error", "passed"), never the only signal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from rich.console import Console

from .build import BuildResult
from .errors import HandoutError
from .plain import Score
from .review import SEVERITIES, HandoutReview, review_json

_STYLES = {"error": "bold red", "warning": "yellow", "advice": "cyan"}


def print_findings(findings: Sequence[HandoutError], console: Console) -> None:
    for finding in findings:
        console.print(str(finding), style=_STYLES.get(finding.severity, ""), markup=False, highlight=False,
                      soft_wrap=True)


def print_errors(errors: Sequence[HandoutError]) -> None:
    print_findings(errors, Console(stderr=True))


def _counts(review: HandoutReview) -> str:
    return ", ".join(f"{review.count(s)} {s}{'s' if s != 'advice' and review.count(s) != 1 else ''}"
                     for s in SEVERITIES)


def _verdict(score: Score) -> str:
    return f"{score.describe()} {'passed' if score.passed else 'not met'}"


def summary_line(review: HandoutReview) -> str:
    """One line per handout: its reading level against the target, and how many findings of each kind."""
    scores = "; ".join(_verdict(s) for s in review.plain.handout.scores) if review.plain else ""
    return f"{review.source}: {scores + ' - ' if scores else ''}{_counts(review)}"


def print_build_result(result: BuildResult) -> None:
    out, err = Console(), Console(stderr=True)
    for path in result.written:
        out.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    for review in result.reviews:
        out.print(summary_line(review), markup=False, highlight=False, soft_wrap=True)
    if any(review.count("advice") for review in result.reviews):
        out.print("`python3 generate.py check` lists the advice.", markup=False, highlight=False)
    print_findings(result.warnings, err)
    print_findings(result.errors, err)
    if result.errors:
        err.print(f"{len(result.errors)} error(s); nothing was written for the handouts with errors.",
                  style="bold red", markup=False, highlight=False)


def print_check_report(reviews: Sequence[HandoutReview], output_format: str) -> None:
    """`generate.py check`: JSON for tools, or a short report per handout for people."""
    if output_format == "json":  # plain text: rich would wrap long lines inside strings
        sys.stdout.write(json.dumps(review_json(reviews), indent=2, ensure_ascii=False) + "\n")
        return
    out = Console()
    for review in reviews:
        out.print(str(review.source) + (f": {review.handout.meta.title}" if review.handout else ""),
                  style="bold", markup=False, highlight=False, soft_wrap=True)
        if review.plain:
            for score in review.plain.handout.scores:
                out.print(f"  reading level: {_verdict(score)}", style="green" if score.passed else "red",
                          markup=False, highlight=False, soft_wrap=True)
        print_findings(review.findings, out)
        out.print(f"  {_counts(review)}", style="green" if review.ok else "bold red", markup=False, highlight=False)
