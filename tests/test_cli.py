"""The command users run: exit codes, one-line errors with file and line, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    assert done.returncode == 0 and "build" in done.stdout and "check" in done.stdout


TOO_LONG = ("## Washing\n\nYou can wash your hands with soap and warm water for twenty seconds before you eat, "
            "after you use the toilet, after you cough or sneeze, and after you touch a pet.\n")
LONG = ("## Washing\n\nWash your hands with soap and warm water for twenty seconds before you eat "
        "and after you cook a meal at home.\n")  # 22 words
SCHEMA = ROOT / "docs" / "check-report.schema.json"


def test_check_passes_the_example_and_prints_its_reading_level(capsys):
    assert main(["check", str(ROOT / "handouts" / "neuroendocrine-tumors")]) == 0
    out = capsys.readouterr().out
    assert "reading level: Flesch-Kincaid grade" in out and "SMOG grade" in out and "passed" in out
    assert "0 errors, 0 warnings, 0 advice" in out


def test_check_exits_1_on_an_error_and_names_file_line_and_rule(handout_file, capsys):
    path = handout_file(body=TOO_LONG)
    assert main(["check", str(path)]) == 1
    assert f"{path}:8: error[sentence.too-long]: this sentence has 32 words" in capsys.readouterr().out


def test_strict_turns_warnings_into_errors(handout_file, capsys):
    path = handout_file(body=LONG)
    assert main(["check", str(path)]) == 0
    assert "warning[sentence.long]" in capsys.readouterr().out
    assert main(["check", str(path), "--strict"]) == 1
    assert "error[sentence.long]" in capsys.readouterr().out


def test_check_json_matches_the_documented_schema(handout_file, capsys):
    import jsonschema

    good = handout_file(body=LONG)
    handout_file(front="title: Broken\n", slug="broken")
    handout_file(front="title: T\nsummary: S.\nreviewed: 2026-11-01\nlanguage: es\n", slug="lavado",
                 body="## Lavado\n\n¿Qué es? Lávese las manos con agua y jabón.\n")
    assert main(["check", str(good.parent.parent), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, json.loads(SCHEMA.read_text()), cls=jsonschema.Draft202012Validator)
    by_file = {Path(h["file"]).parent.name: h for h in report["handouts"]}
    assert report["ok"] is False and by_file["broken"]["reading_level"] is None
    assert by_file["hand-washing"]["findings"][0]["rule"] == "sentence.long"
    assert [s["formula"] for s in by_file["lavado"]["reading_level"]["handout"]["not_scored"]] == [
        "szigriszt_pazos", "fernandez_huerta"]  # eight words: too few for either formula
    assert {s["instrument"] for s in by_file["lavado"]["prescreen"]["scores"]} == {"PEMAT-P", "CCI"}


def test_build_prints_the_summary_and_still_builds_with_warnings(handout_file, tmp_path, capsys):
    path = handout_file(body=LONG)
    assert main([str(path.parent), "--output", str(tmp_path / "out"), "--format", "epub"]) == 0
    captured = capsys.readouterr()
    assert f"{path}: 0 errors, 1 warning, 0 advice" in captured.out  # too short for a formula: no score
    assert "warning[sentence.long]" in captured.err
    assert (tmp_path / "out" / "hand-washing" / "hand-washing.epub").is_file()


def test_build_stops_on_a_plain_language_error(handout_file, tmp_path, capsys):
    path = handout_file(body=TOO_LONG)
    assert main([str(path.parent), "--output", str(tmp_path / "out"), "--format", "epub"]) == 1
    assert "error[sentence.too-long]" in capsys.readouterr().err
    assert not (tmp_path / "out" / "hand-washing").exists()
