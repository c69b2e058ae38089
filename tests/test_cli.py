"""The command users run: exit codes, one-line errors with file and line, nothing half-written."""

from __future__ import annotations

import subprocess
import sys

from plainleaf.cli import main
from tests.helpers import ROOT


def test_bad_handout_gives_one_line_error_and_writes_nothing(handout_file, tmp_path, capsys):
    path = handout_file(body="## Picture\n\n![](images/missing.png)\n")
    code = main(["build", str(path.parent), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:8: error: the picture 'images/missing.png' has no alt text" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))


def test_one_broken_handout_does_not_stop_the_others(handout_file, tmp_path, capsys):
    good = handout_file()
    bad = handout_file(front="title: Broken\n", slug="broken")
    code = main([str(good.parent.parent), "--output", str(tmp_path / "out"), "--format", "epub"])
    captured = capsys.readouterr()
    assert code == 1
    assert (tmp_path / "out" / "hand-washing" / "hand-washing.epub").is_file()
    assert not (tmp_path / "out" / "broken").exists()
    assert f"{bad}:2: error: `summary` is required" in captured.err


def test_unknown_layout_lists_the_known_ones(handout_file, tmp_path, capsys):
    path = handout_file()
    assert main([str(path.parent), "--layout", "huge", "--output", str(tmp_path)]) == 1
    assert "choose one of: clear-print, extra-large, large-print" in capsys.readouterr().err


def test_bare_command_builds_both_formats(handout_file, tmp_path, capsys):
    path = handout_file()
    assert main([str(path.parent), "--output", str(tmp_path / "out"), "--paper", "a4"]) == 0
    out = capsys.readouterr().out
    assert "hand-washing-large-print-a4.pdf" in out and "hand-washing.epub" in out
    assert (tmp_path / "out" / "hand-washing" / "hand-washing-large-print-a4.pdf").read_bytes().startswith(b"%PDF")


def test_generate_py_help_runs_as_a_script():
    done = subprocess.run([sys.executable, "generate.py", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and "build" in done.stdout
