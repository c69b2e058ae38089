"""The corpus (tests/corpus/): handouts written by other hands, in many voices and shapes, checked and built the way
a user does it: `python3 generate.py` from the project root, relative paths, every layout and paper. The rule it
holds plainleaf to: a handout that `check` reports no errors for builds, its PDFs pass the audit, its EPUB passes
EPUBCheck, and building it again gives the same bytes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from plainleaf.check.audit import audit_file, layout_rules
from plainleaf.limits import MAX_NESTING
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import markdown_parser
from tests.epubchecking import epubcheck_problems, java_missing
from tests.helpers import ROOT

CORPUS = Path("tests/corpus")  # relative to the project root, as a user types it
LAYOUTS = ("large-print", "extra-large", "clear-print")
PAPERS = ("letter", "a4")
RULES = {name: layout_rules(load_layout(name, Resources.bundled())) for name in LAYOUTS}
SLUGS = sorted(path.parent.name for path in (ROOT / CORPUS).glob("*/handout.md"))
# "file:line: error: ..." or "file: error[rule]: ...", the way the command prints an error
ERROR_LINE = re.compile(r"^\S.*?: error(?:\[[\w.-]+\])?: .*$", re.M)


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    """`python3 generate.py ARGS` run from the project root, as a user runs it."""
    return subprocess.run([sys.executable, "generate.py", *args], cwd=ROOT, capture_output=True, text=True)


@dataclass(frozen=True)
class Build:
    output: Path
    run: subprocess.CompletedProcess[str]

    @property
    def printed(self) -> str:
        return self.run.stdout + self.run.stderr

    def files(self) -> dict[str, bytes]:
        return {str(path.relative_to(self.output)): path.read_bytes()
                for path in sorted(self.output.rglob("*")) if path.is_file()}


def build_corpus(output: Path) -> Build:
    options = [arg for layout in LAYOUTS for arg in ("--layout", layout)]
    options += [arg for paper in PAPERS for arg in ("--paper", paper)]
    return Build(output, generate("build", str(CORPUS), "--output", str(output), *options))


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """The whole corpus built twice, each time into a fresh folder, with the command a user types."""
    root = tmp_path_factory.mktemp("corpus")
    return build_corpus(root / "first"), build_corpus(root / "second")


def _source(slug: str) -> str:
    return (ROOT / CORPUS / slug / "handout.md").read_text(encoding="utf-8")


def _nesting(text: str) -> int:
    """How deep lists, quotes and call-outs go inside each other in a handout, as plainleaf's parser reads it."""
    depth = deepest = 0
    for token in markdown_parser().parse(text):
        if token.type.startswith(("bullet_list", "ordered_list", "blockquote", "container_")):
            depth += token.nesting
            deepest = max(deepest, depth)
    return deepest


# What the corpus must keep holding, so that nobody simplifies it into passing.
CONSTRUCTS = {
    "a handout of 25 sections or more, with ### subsections":
        lambda s: len(re.findall(r"^## ", s, re.M)) >= 25 and "\n### " in s,
    "a handout of one section": lambda s: len(re.findall(r"^## ", s, re.M)) == 1,
    f"lists nested {MAX_NESTING} deep": lambda s: _nesting(s) == MAX_NESTING,
    "an ordered list inside an unordered one": lambda s: re.search(r"^ *- .*\n( {2,})\d+\. ", s, re.M),
    "a list inside a call-out": lambda s: re.search(r"^::: \w+\n(?:.*\n)*?(?:- |\d+\. )(?:.*\n)*?:::$", s, re.M),
    "a table inside a call-out": lambda s: re.search(r"^::: \w+\n(?:[^:].*\n|\n)*?\| --- ", s, re.M),
    "a table of 7 columns": lambda s: re.search(r"^(\| --- ){7}\|$", s, re.M),
    "a table of 2 columns": lambda s: re.search(r"^\| --- \| --- \|$", s, re.M),
    "every kind of call-out": lambda s: all(f"::: {kind}" in s for kind in ("important", "tip", "warning")),
    "a citation in a heading": lambda s: re.search(r"^##+ .*\[@", s, re.M),
    "a citation in a list item": lambda s: re.search(r"^ *(?:-|\d+\.) .*\[@", s, re.M),
    "a citation in a table cell": lambda s: re.search(r"^\|.*\[@.*\|$", s, re.M),
    "a citation at the end of a line": lambda s: re.search(r"\[@[\w.:-]+\]\.?$", s, re.M),
    "a citation as a lead-in": lambda s: re.search(r"According to .*\[@[\w.:-]+\],", s),
    "a group of three citations": lambda s: re.search(r"\[@[\w.:-]+; @[\w.:-]+; @[\w.:-]+\]", s),
    "a source cited 10 times or more": lambda s: any(s.count(f"@{i}") >= 10 for i in re.findall(r"- id: (\S+)", s)),
    "a 45-letter word": lambda s: re.search(r"\b[a-z]{45}\b", s),
    "a web address of 120 characters or more": lambda s: re.search(r"https://\S{112,}", s),
    "an e-mail address of 40 characters or more": lambda s: re.search(r"[\w.]{30,}@[\w.-]{10,}", s),
    "a PNG picture": lambda s: ".png)" in s or '.png "' in s,
    "a JPEG picture": lambda s: ".jpg)" in s or '.jpg "' in s,
    "an SVG picture": lambda s: ".svg)" in s or '.svg "' in s,
    "a picture without a caption": lambda s: re.search(r"^!\[[^\]]+\]\([^ )]+\)$", s, re.M),
    "a glossary term as a heading": lambda s: any(re.search(rf"^##+ .*\b{re.escape(term)}\b", s, re.M | re.I)
                                                  for term in re.findall(r"^  (\w[\w ]*):", s, re.M)),
    "Spanish": lambda s: re.search(r"^language: es\b", s, re.M),
    "a translation": lambda s: "translation_of:" in s,
    "a block quote": lambda s: re.search(r"^> ", s, re.M),
    "inline code": lambda s: re.search(r"`[^`\n]+`", s),
    "words in another language": lambda s: "]{lang=" in s,
    "a link to a heading": lambda s: "](#" in s,
    "a US phone number with an extension": lambda s: re.search(r"phone: .*\b(ext\.|x|extension) ?\d", s),
    "a UK phone number": lambda s: "+44 (0)20" in s,
    "a Spanish phone number": lambda s: "+34" in s,
    "a Mexican phone number": lambda s: "+52" in s,
    "a Canadian phone number": lambda s: re.search(r"phone: .*\(416\)", s),
    "no optional parts at all": lambda s: set(re.findall(r"^(\w+):", s.split("\n---\n")[0], re.M))
        == {"title", "summary", "reviewed"} and "![" not in s and "](" not in s,
}


def test_the_corpus_is_many_handouts_and_holds_every_construct():
    sources = {slug: _source(slug) for slug in SLUGS}
    assert len(sources) >= 22
    missing = [name for name, holds in CONSTRUCTS.items() if not any(holds(text) for text in sources.values())]
    assert missing == []


def test_check_reports_no_errors_for_any_handout():
    run = generate("check", str(CORPUS), "--format", "json")
    report = json.loads(run.stdout)
    errors = [f"{f['file']}:{f['line']}: {f['message']}" for handout in report["handouts"]
              for f in handout["findings"] if f["severity"] == "error"]
    assert errors == [] and run.returncode == 0
    assert sorted(Path(h["file"]).parent.name for h in report["handouts"]) == SLUGS


def test_the_build_exits_0_and_prints_no_error(builds):
    for build in builds:
        assert ERROR_LINE.findall(build.printed) == [] and build.run.returncode == 0, build.printed[-5000:]


def test_every_handout_gets_every_file(builds):
    expected = {f"{slug}/{slug}-{layout}-{paper}.pdf" for slug in SLUGS for layout in LAYOUTS for paper in PAPERS}
    expected |= {f"{slug}/{slug}.epub" for slug in SLUGS}
    assert expected - set(builds[0].files()) == set()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_audit_finds_no_error_in_any_pdf(builds, slug):
    errors = [str(finding) for layout in LAYOUTS for paper in PAPERS
              for finding in audit_file(builds[0].output / slug / f"{slug}-{layout}-{paper}.pdf", RULES[layout])
              if finding.severity == "error"]
    assert errors == []


def test_epubcheck_finds_nothing_in_any_epub(builds):
    reason = java_missing()
    if reason:
        pytest.skip(reason)
    books = [builds[0].output / slug / f"{slug}.epub" for slug in SLUGS]
    problems = {book.name: found for book, found in epubcheck_problems(books).items() if found}
    assert problems == {}


def test_a_second_build_gives_the_same_bytes(builds):
    first, second = (build.files() for build in builds)
    assert first.keys() == second.keys()
    assert sorted(name for name in first if first[name] != second[name]) == []
