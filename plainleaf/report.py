"""Telling the user what happened: files written, then every warning and error with file and line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console

from .build import BuildResult
from .errors import HandoutError


def print_findings(findings: Sequence[HandoutError], console: Console) -> None:
    for finding in findings:
        style = "bold red" if finding.severity == "error" else "yellow"
        console.print(str(finding), style=style, markup=False, highlight=False, soft_wrap=True)


def print_build_result(result: BuildResult) -> None:
    out, err = Console(), Console(stderr=True)
    for path in result.written:
        out.print(f"wrote {path}", markup=False, highlight=False, soft_wrap=True)
    print_findings(result.warnings, err)
    print_findings(result.errors, err)
    if result.errors:
        err.print(f"{len(result.errors)} error(s); nothing was written for the handouts with errors.",
                  style="bold red", markup=False, highlight=False)
