"""Telling the user what happened: files written, reading levels, then every finding with file and line.

Colour is only ever added to words that say the same thing ("error", "passed"), never the only signal. Lines
without colour are plain prints: a build with nothing to do or say never loads rich.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..build.run import BuildResult
from ..errors import HandoutError

if TYPE_CHECKING:  # the review's modules are heavy; the build's report needs them only after building something
    from rich.console import Console
    from rich.progress import Progress

    from ..build.jobs import HandoutOutcome, HandoutTask
    from ..build.plan import Plan
    from ..check.prescreen import Prescreen
    from ..check.reading_level import Score
    from ..check.review import HandoutReview

_STYLES = {"error": "bold red", "warning": "yellow", "advice": "cyan"}


def print_findings(findings: Sequence[HandoutError], out: Console) -> None:
    for finding in findings:
        out.print(str(finding), style=_STYLES.get(finding.severity, ""), markup=False, highlight=False,
                      soft_wrap=True)


# What never goes to a terminal as it is: C0 and C1 control characters (a name or key holding ESC could recolour,
# move the cursor, retitle the window or start a line that looks like plainleaf's own), and the bidirectional
# overrides and isolates that reorder what is shown.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` as it may be printed: every control character written as its escape (`\\x1b`), never sent."""
    return _UNPRINTABLE.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


def say(text: str, stderr: bool = False) -> None:
    """A plain line on the terminal (no rich: a build with nothing to report never loads it)."""
    print(printable(text), file=sys.stderr if stderr else sys.stdout)


def console(stderr: bool = False) -> Console:
    """rich's console for colour only, printing only printable text (everything plainleaf prints goes through here
    or `say`), and no emoji codes (":100:" in "handout.md:100: warning" would become one)."""
    return _printable_console()(stderr=stderr, emoji=False)


@cache
def _printable_console() -> type[Console]:
    from rich.console import Console

    class PrintableConsole(Console):
        def print(self, *objects: Any, **options: Any) -> None:
            super().print(*(printable(o) if isinstance(o, str) else o for o in objects), **options)

    return PrintableConsole


def print_errors(errors: Sequence[HandoutError]) -> None:
    print_findings(errors, console(stderr=True))


def _counts(findings: Sequence[HandoutError]) -> str:
    from ..check.rules import SEVERITIES

    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    return ", ".join(f"{n} {s}{'s' if s != 'advice' and n != 1 else ''}" for s, n in counts.items())


def _verdict(score: Score) -> str:
    return f"{score.describe()} {'passed' if score.passed else 'not met'}"


def summary_line(source: Path, scores: Sequence[Score], findings: Sequence[HandoutError]) -> str:
    """One line per handout: its reading level against the target, and how many findings of each kind."""
    verdicts = "; ".join(_verdict(s) for s in scores)
    return f"{source}: {verdicts + ' - ' if verdicts else ''}{_counts(findings)}"


def switched_off_lines(disabled: Mapping[str, str]) -> list[str]:
    """The rules a handout switches off, with the reason it gives: under its summary in `build` and in `check`."""
    return [f"  switched off: {rule} ({reason})" for rule, reason in disabled.items()]


def print_build_result(result: BuildResult, quiet: bool = False) -> None:
    """What the build did; `quiet` leaves only warnings and errors (for scripts)."""
    if not quiet:
        for path in result.written:
            say(f"wrote {path}")
        for path in result.removed:
            say(f"removed {path} (its handout is gone)")
        for outcome in result.built:
            say(summary_line(outcome.source, outcome.scores, outcome.findings))
            for line in switched_off_lines(outcome.disabled):
                say(line)
        if any(f.severity == "advice" for outcome in result.built for f in outcome.findings):
            say("`python3 generate.py check` lists the advice.")
        if result.up_to_date:
            say(f"{len(result.up_to_date)} file(s) up to date (--force rebuilds them)")
    if result.warnings or result.errors:
        err = console(stderr=True)
        print_findings(result.warnings, err)
        print_findings(result.errors, err)
        if result.errors:
            partial = len(result.format_errors)
            err.print(f"{len(result.errors)} error(s); nothing was written for the handouts with errors"
                      + (f" ({partial} of them stopped only the braille edition: those handouts' other files were "
                         "written)." if partial else "."), style="bold red", markup=False, highlight=False)


def print_check_report(reviews: Sequence[HandoutReview], output_format: str) -> None:
    """`generate.py check`: JSON for tools, or a short report per handout for people."""
    from ..check.review import review_json

    if output_format == "json":  # plain text: rich would wrap long lines inside strings
        sys.stdout.write(json.dumps(review_json(reviews), indent=2, ensure_ascii=False) + "\n")
        return
    out = console()
    for review in reviews:
        out.print(str(review.source) + (f": {review.handout.meta.title}" if review.handout else ""),
                  style="bold", markup=False, highlight=False, soft_wrap=True)
        if review.plain:
            for score in review.plain.handout.scores:
                out.print(f"  reading level: {_verdict(score)}", style="green" if score.passed else "red",
                          markup=False, highlight=False, soft_wrap=True)
            for left_out in review.plain.handout.not_scored:
                out.print(f"  reading level: {left_out.label} not scored: {left_out.reason}", markup=False,
                          highlight=False, soft_wrap=True)
        if review.prescreen:
            print_prescreen(review.prescreen, out)
        print_findings(review.findings, out)
        for line in switched_off_lines(review.disabled):
            out.print(line, markup=False, highlight=False, soft_wrap=True)
        out.print(f"  {_counts(review.findings)}", style="green" if review.ok else "bold red", markup=False,
                  highlight=False)


def print_prescreen(screen: Prescreen, out: Console) -> None:
    """The PEMAT-P / CCI pre-screen as a short table: each score against its threshold, the items not met (with
    the instrument's item number) and the questions for the author."""
    out.print("  pre-screen (items judged from the document, not a manual score):", markup=False, highlight=False)
    for scale in screen.scales:
        share = "n/a" if scale.share is None else f"{scale.share:g}%"
        verdict = "" if scale.passed is None else ("passed" if scale.passed else "not met")
        out.print(f"    {scale.instrument + ' ' + scale.name:<30} {share:>6}  {scale.met} of {scale.judged} items, "
                  f"threshold {scale.threshold:g}: {verdict}; {scale.questions} for a person",
                  style="" if scale.passed is None else ("green" if scale.passed else "red"), markup=False,
                  highlight=False, soft_wrap=True)
    for item in screen.items:
        if item.verdict == "not met":
            out.print(f"    not met  {item.instrument} {item.number}: {item.text} ({item.why})", markup=False,
                      highlight=False, soft_wrap=True)
    for item in screen.questions:
        out.print(f"    question {item.instrument} {item.number}: {item.why}", markup=False, highlight=False,
                  soft_wrap=True)


class ProgressBar:
    """The build's progress on the terminal: files done of those to build, and which handouts are being built."""

    def __init__(self, terminal: Console | None = None) -> None:
        self.terminal = terminal
        self.bar: Progress | None = None
        self.building: dict[Path, str] = {}

    def planned(self, plan: Plan) -> None:
        total = sum(len(h.pending) for h in plan.pending)
        if not total:
            return
        self.terminal = self.terminal or console(stderr=True)
        if not self.terminal.is_terminal:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self.terminal, transient=True)
        self.bar.add_task("building", total=total)
        self.bar.start()

    def started(self, task: HandoutTask) -> None:
        self.building[task.source] = task.slug
        self._describe()

    def finished(self, task: HandoutTask, outcome: HandoutOutcome) -> None:
        self.building.pop(task.source, None)
        if self.bar is not None:
            self.bar.advance(self.bar.task_ids[0], len(task.jobs))
            self._describe()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()

    def _describe(self) -> None:
        if self.bar is not None:
            names = list(self.building.values())
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            self.bar.update(self.bar.task_ids[0], description=f"building {shown}" if names else "building")
