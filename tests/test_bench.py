"""The benchmark runs on a tiny collection and prints every row of issue 18's table (no timings are judged)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import ROOT

ROWS = ("one handout cold (PDF + EPUB), plainleaf ÷ peer pipeline", "plainleaf CPU per handout ÷ WeasyPrint's own",
        "wall per handout, plainleaf on", "plain-language review of one handout, after start-up", "worker start-up",
        "rebuild after one handout.md changed", "rebuild with nothing changed", "peak memory of a worker",
        "pages per second", "speed-up of", "--help")


def test_the_benchmark_runs_on_a_tiny_collection_and_says_when_pandoc_is_missing():
    path = os.pathsep.join(d for d in os.environ.get("PATH", "").split(os.pathsep)
                           if d and not os.path.exists(os.path.join(d, "pandoc")))
    done = subprocess.run([sys.executable, "bench/run.py", "--quick"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PATH": path})
    assert done.returncode == 0, done.stderr
    assert "PANDOC IS MISSING" in done.stdout
    table = done.stdout.split("| measure | now | target |", 1)[1]
    for measure in ROWS:
        assert measure in table, measure
    assert table.count("pandoc missing") == 2  # the two rows that compare with the peer pipeline
