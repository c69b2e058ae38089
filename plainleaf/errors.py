"""The one error type for user mistakes, and the list that collects them."""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HandoutError:
    """A mistake in a user's file: where it is, what is wrong, how to fix it."""

    file: Path | None
    line: int | None
    message: str
    hint: str = ""
    severity: str = "error"  # "error" stops the build; "warning" and "advice" are reported only
    rule: str | None = None  # the plain-language rule that found it (e.g. "sentence.long"), for filtering and docs

    def location(self) -> str:
        if self.file is None:
            return "plainleaf"
        where = str(self.file)
        return f"{where}:{self.line}" if self.line else where

    def __str__(self) -> str:
        label = f"{self.severity}[{self.rule}]" if self.rule else self.severity
        text = f"{self.location()}: {label}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class HandoutErrors(Exception):
    """Raised with every error a stage found, so the user sees them all at once."""

    def __init__(self, errors: Iterable[HandoutError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    def __iter__(self) -> Iterator[HandoutError]:
        return iter(self.errors)


def raise_if_errors(findings: Iterable[HandoutError]) -> list[HandoutError]:
    """Raise the error-level findings together; return the warnings."""
    findings = list(findings)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise HandoutErrors(errors)
    return findings


def plainleaf_fault(file: Path | None, doing: str, exc: BaseException) -> HandoutError:
    """An exception plainleaf did not expect while `doing` something ("build this handout"): an error naming the
    file and saying plainly that the fault is plainleaf's, with where it happened for the report."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}, line {frames[-1].lineno})" if frames else ""
    return HandoutError(file, None, f"plainleaf could not {doing}: {exc!r}{where}",
                        "this is a fault in plainleaf, not in your files: please report it, with the file named")
