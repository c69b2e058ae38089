"""Every regular expression plainleaf runs takes time linear in its input (tests/patterns.py says how that is
checked): those its modules hold and those it builds from data while checking and rendering handouts; and each
runs through 100,000-character runs of every ASCII punctuation character, of letters, digits and spaces, under a
generous hang guard (a process that is stopped if it overstays; no test here times anything)."""

from __future__ import annotations

import json
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.patterns import Seen, problems

# Patterns the static check cannot prove linear but that are, as plainleaf uses them, each reason checked by hand:
# "match" ones are only ever matched at one position (.match(text, pos), .fullmatch), which the hang guard does too.
# A module's pattern is named by its text (so that a pattern changed since is checked again), one built from data
# by the function that builds it.
LINEAR_AS_USED: dict[str, tuple[str, str]] = {
    r"[ \t]*:::": ("match", "parse.py: .match() at the start of a line"),
    r"(?:\s*<!--(?:(?!-->).)*-->)+\s*": ("match", "parse.py: one fullmatch per HTML block; a turn ends at the first "
                                        "-->, which the tempered dot cannot pass, so the turns split one way only"),
    r"\s*+[A-Z][A-Z0-9&.-]*+s?(?:\s++\d++)?\s*+[)\]]": ("match", "plainwords.py: .match(sentence, pos)"),
    r"\s*+[A-ZÁÉÍÓÚÑ]": ("match", "prose.py: .match(text, pos) just after a gap"),
    r"(?<![\w.,])\d++[.,]\d++(?![\w.,]*\d)|(?<![\w/])\d++/\d++(?![\w/])": (
        "search", "prescreen.py: the lookahead reads the rest of its run once (back to its last digit) per number, "
                  "and a number starts only at the start of a run of [\\w.,] (the lookbehind), so each run is read "
                  "a bounded number of times"),
    r"(?<!\S)(?P<word>\S++)(?P<gap>(?<=[.!?…:;\"'”’»)\]])\s++|[^\S\n\u2028]*+[\n\u2028]\s*+)(?=(?P<next>\S+))": (
        "search", "prose.py: the lookahead reads the next word once per gap, and a gap starts only after a word"),
    "plainwords.py:_ExplanationPatterns.of": ("match", "plainwords.py: `after`, `bracket` and `definition` are only "
                                                       "matched at the end of a hard word (.match(sentence, end))"),
}
# Patterns that are not linear, each reported to its owner in /work/coord/security-findings.md: they are left out
# of the hang guard (it would stop there), and the test fails once one is mended, so that its entry goes.
KNOWN_SLOW: dict[str, str] = {}

RUNS = [*string.punctuation, "a", "Z", "é", "7", " ", "\n", "ab", "a.", "a ", "@a", "-a", "1,"]
LENGTH = 100_000
GUARD_SECONDS = 600  # far more than the whole run needs; it only turns a hang into a failure


@pytest.fixture(scope="module")
def patterns() -> list[Seen]:
    """The modules' patterns and those compiled while the example handouts are checked and rendered (glossary
    terms, hard words, the guides' phrase lists), recorded in a fresh process: in this one, caches filled by
    earlier tests would hide patterns built from data."""
    out = subprocess.run([sys.executable, "-c", _RECORD], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return [Seen(pattern, flags, where) for pattern, flags, where in json.loads(out)]


_RECORD = """
import json
from pathlib import Path
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
from plainleaf.check.review import review_source
from plainleaf.source.files import load_clinic
from tests.patterns import Recorder, module_patterns

found = module_patterns()
resources = Resources.bundled()
clinic = load_clinic(Path("handouts/clinic.yaml"))
with Recorder() as recorder:
    for source in sorted(Path("handouts").glob("*/handout.md")):
        review_source(source, resources.fonts_dir, large_print=True)
        handout = parse_handout(source)
        for layout in ("large-print", "clear-print"):
            render_print_html(handout, clinic, load_layout(layout, resources), "letter")
        render_epub_pages(handout, clinic, load_layout("large-print", resources))
for key, seen in recorder.seen.items():
    found.setdefault(key, seen)
print(json.dumps(sorted([s.pattern, s.flags, s.where] for s in found.values() if isinstance(s.pattern, str))))
"""


def _key(seen: Seen) -> str:
    """How LINEAR_AS_USED and KNOWN_SLOW name a pattern: by its text, or (built from data) where it is built."""
    if ".py:" in seen.where:
        return seen.where
    return seen.pattern if isinstance(seen.pattern, str) else seen.pattern.decode("latin-1")


def _usage(seen: Seen, flagged: set[str]) -> str:
    return LINEAR_AS_USED[_key(seen)][0] if _key(seen) in flagged and _key(seen) in LINEAR_AS_USED else "search"


def test_patterns_built_from_data_are_checked_too(patterns):
    wheres = {seen.where.split(":")[0] for seen in patterns}
    assert len(patterns) > 60 and "plainwords.py" in wheres and any(w.startswith("plainleaf.") for w in wheres), wheres


def test_every_pattern_is_linear_by_its_parse_tree(patterns):
    slow = {_key(seen): (seen.where, why) for seen, why in problems(patterns).items()}
    unexplained = {k: v for k, v in slow.items() if k not in LINEAR_AS_USED and k not in KNOWN_SLOW}
    assert not unexplained, "\n".join(f"{where}: {pattern!r}: {'; '.join(why)}"
                                      for pattern, (where, why) in unexplained.items())
    mended = [k for k in KNOWN_SLOW if k not in slow]
    assert not mended, f"no longer slow (delete them from KNOWN_SLOW): {mended}"
    stale = [k for k in LINEAR_AS_USED if k not in slow]
    assert not stale, f"no longer flagged or no longer used (delete them from LINEAR_AS_USED): {stale}"


@pytest.mark.parametrize("pattern", [
    r"(a+)+b", r"(?:a|aa)*b", r"(a|a)*b", r"(\w+\s?)+$", r"\S+@\S+\.\w+", r"^\S+@\S+$", r"\w+\s", r"x\S+y",
    r"(?=.*x)", r"[.!?…]+[\"'”’»)\]]*\s+(?P<next>[¿¡\"'“‘«(\[]*)(?P<first>\w)", r"\s*(px)?\s*;",
    r"\S++@",  # possessive, it gives nothing back, but every start in a run still reads to the run's end
])
def test_the_check_finds_the_slow_shapes(pattern):
    (found,) = problems([Seen(pattern, 0, "test")])
    assert found.pattern == pattern


@pytest.mark.parametrize("pattern", [
    r"(?<![\w-])\w+\s", r"[^\W_]+(?:['’-][^\W_]+)*", r"\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]", r"\b\w+\s",
    r"^https?://[^/\s]++\S*$", r"(?<!\S)\S+?@", r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?",
    r"(?<![\w-])(?:is|be)\s++(?:\w+ly\s++|not\s++)?(?P<p>\w++)",
])
def test_the_check_passes_linear_shapes(pattern):
    assert problems([Seen(pattern, 0, "test")]) == {}


def test_every_pattern_finishes_on_long_runs_of_every_punctuation_character(patterns, tmp_path):
    """Each pattern is searched through (finditer) and matched at the start of every run, in a process of its
    own; a pattern that hangs is named."""
    flagged = {_key(seen) for seen in problems(patterns)}
    checked = [[seen.pattern, seen.flags, _usage(seen, flagged)] for seen in patterns
               if _key(seen) not in KNOWN_SLOW and isinstance(seen.pattern, str)]
    (tmp_path / "patterns.json").write_text(json.dumps({"patterns": checked, "runs": RUNS, "length": LENGTH}))
    run = subprocess.Popen([sys.executable, "-c", _GUARDED, str(tmp_path / "patterns.json")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = run.communicate(timeout=GUARD_SECONDS)
    except subprocess.TimeoutExpired:
        run.kill()
        out, err = run.communicate()
        last = out.strip().splitlines()[-1:] or ["(before the first)"]
        pytest.fail(f"a pattern did not finish on a run of {LENGTH:,} characters: {last[0]}")
    assert run.returncode == 0, err
    assert out.count("\n") == len(checked) + 1 and out.endswith("done\n")


_GUARDED = """
import json, re, sys
spec = json.load(open(sys.argv[1]))
runs = [(run * spec["length"])[:spec["length"]] for run in spec["runs"]]
for pattern, flags, usage in spec["patterns"]:
    print(repr(pattern), flush=True)
    compiled = re.compile(pattern, flags)
    for text in runs:
        if usage == "search":
            for _ in compiled.finditer(text):
                pass
        compiled.match(text)
        compiled.fullmatch(text)
print("done", flush=True)
"""


def test_the_guard_would_name_a_pattern_that_hangs(tmp_path):
    """The guard works: a slow pattern on a short run is still running when its (short) time is up."""
    spec = {"patterns": [[r"(a|aa)*b", 0, "search"]], "runs": ["a"], "length": 60}
    (tmp_path / "patterns.json").write_text(json.dumps(spec))
    run = subprocess.Popen([sys.executable, "-c", _GUARDED, str(tmp_path / "patterns.json")],
                           stdout=subprocess.PIPE, text=True)
    with pytest.raises(subprocess.TimeoutExpired):
        run.communicate(timeout=3)
    run.kill()
    out, _ = run.communicate()
    assert out.strip() == repr(r"(a|aa)*b")


def test_the_root_is_the_checkout():
    assert (ROOT / "plainleaf").is_dir() and Path(__file__).is_relative_to(ROOT / "tests")
