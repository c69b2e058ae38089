"""The command users run: exit codes, one-line errors with file and line, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from plainleaf.cli.command import main
from tests.helpers import ROOT


def test_bad_handout_gives_one_line_error_and_writes_nothing(handout_file, tmp_path, capsys):
    path = handout_file(body="## Picture\n\n![](images/missing.png)\n")
    code = main(["build", str(path.parent), "--output", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:8: error[alt.missing]: the picture 'images/missing.png' has no alt text" in err
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
    path = handout_file(body="## Groups\n\n[Click here](https://example.org/).\n")
    assert main(["check", str(path)]) == 1
    assert f"{path}:8: error[link.no-purpose]: the link text “Click here” does not say" in capsys.readouterr().out


def test_check_passes_a_long_sentence_with_a_warning_and_strict_makes_it_an_error(handout_file, capsys):
    path = handout_file(body=TOO_LONG)
    assert main(["check", str(path)]) == 0
    assert f"{path}:8: warning[sentence.too-long]: this sentence has 32 words" in capsys.readouterr().out
    assert main(["check", str(path), "--strict"]) == 1
    assert f"{path}:8: error[sentence.too-long]" in capsys.readouterr().out


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


def test_build_prints_plain_language_findings_and_builds_unless_strict(handout_file, tmp_path, capsys):
    path = handout_file(body=TOO_LONG)
    assert main([str(path.parent), "--output", str(tmp_path / "out"), "--format", "epub"]) == 0
    assert f"{path}:8: warning[sentence.too-long]" in capsys.readouterr().err
    assert (tmp_path / "out" / "hand-washing" / "hand-washing.epub").is_file()
    assert main([str(path.parent), "--output", str(tmp_path / "strict"), "--format", "epub", "--strict"]) == 1
    assert f"{path}:8: error[sentence.too-long]" in capsys.readouterr().err
    assert not (tmp_path / "strict" / "hand-washing").exists()


def test_strict_in_the_clinic_file_makes_warnings_block_in_build_and_check(handout_file, tmp_path, capsys):
    path = handout_file(body=TOO_LONG, clinic="name: Test Clinic\nstrict: true\n")
    assert main(["check", str(path)]) == 1
    assert f"{path}:8: error[sentence.too-long]" in capsys.readouterr().out
    assert main([str(path.parent), "--output", str(tmp_path / "out"), "--format", "epub"]) == 1
    assert f"{path}:8: error[sentence.too-long]" in capsys.readouterr().err
    assert not (tmp_path / "out" / "hand-washing").exists()


def test_a_fault_in_plainleaf_is_an_error_naming_the_handout_in_check_and_build(handout_file, tmp_path, monkeypatch,
                                                                               capsys):
    """Whatever plainleaf gets wrong, the user sees their handout named and that the fault is plainleaf's, and the
    other handouts go on; never a traceback."""
    good = handout_file()
    bad = handout_file(slug="bad")

    def broken(handout, *args, **kwargs):
        if handout.slug == "bad":
            raise IndexError("list index out of range")
        return check_plain_language(handout, *args, **kwargs)

    from plainleaf.check.plain import check_plain_language

    monkeypatch.setattr("plainleaf.check.review.check_plain_language", broken)
    assert main(["check", str(good.parent.parent)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}: error: plainleaf could not check this handout: IndexError('list index out of range')" in out
    assert "this is a fault in plainleaf, not in your files" in out and "Traceback" not in out
    assert f"{good}: Washing your hands" in out and "0 errors, 0 warnings" in out

    def unparsable(path, *args, **kwargs):
        if path.parent.name == "bad":
            raise KeyError("oops")
        return parse(path, *args, **kwargs)

    from plainleaf.source.parse import parse_handout as parse

    monkeypatch.undo()
    monkeypatch.setattr("plainleaf.source.parse.parse_handout", unparsable)
    assert main([str(good.parent.parent), "--output", str(tmp_path / "out"), "--format", "epub", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: error: plainleaf could not build this handout: KeyError('oops')" in err, err
    assert (tmp_path / "out" / "hand-washing" / "hand-washing.epub").is_file()


def test_a_build_with_errors_still_prints_every_finding_of_that_handout(handout_file, tmp_path, capsys):
    """Whether the handout stops while planning (it does not parse) or in its worker (the review finds an error),
    one build reports all its errors and all its warnings, as `check` does."""
    broken = handout_file(body=f"## One\n\n#### Too deep\n\nSoap [@nobody].\n\n{LONG.split(chr(10), 2)[2]}",
                          slug="broken")
    uncited = handout_file(body=f"## One\n\nSoap [@nobody].\n\n{LONG.split(chr(10), 2)[2]}", slug="uncited")
    assert main([str(broken.parent.parent), "--output", str(tmp_path / "out"), "--format", "epub", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    for path, lines in ((broken, (8, 10, 12)), (uncited, (8, 10))):
        assert f"{path}:{lines[-1]}: warning[sentence.long]" in err
        assert f"{path}:{lines[-2]}: error[citation.unknown]: citation [@nobody] has no matching reference" in err
    assert f"{broken}:8: error: heading level jumps from ## to ####" in err
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "2 errors, 1 warning, 0 advice" in out


def test_a_finding_on_line_100_prints_its_line_number_not_an_emoji(handout_file, capsys):
    path = handout_file(body="## Washing\n\n" + "Wash.\n\n" * 46 + LONG.split("\n", 2)[2])
    assert main(["check", str(path)]) == 0
    assert f"{path}:100: warning[sentence.long]" in capsys.readouterr().out


def test_a_fault_outside_any_handout_is_said_as_plainleafs_and_every_finding_still_printed(handout_file, tmp_path,
                                                                                         monkeypatch, capsys):
    handout_file()
    broken = handout_file(body="## One\n\n![](images/missing.png)\n", slug="broken")

    def catalog(*args):
        raise ValueError("expected only letters, got 'es-mx'")

    monkeypatch.setattr("plainleaf.build.run.refresh_catalog", catalog)
    out = tmp_path / "out"
    assert main([str(broken.parent.parent), "--output", str(out), "--format", "epub", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{out / 'index.html'}: error: plainleaf could not update the catalog: ValueError(" in err
    assert f"{broken}:8: error[alt.missing]: the picture 'images/missing.png' has no alt text" in err
    assert "Traceback" not in err
    assert (out / "hand-washing" / "hand-washing.epub").is_file()

    def plan(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr("plainleaf.build.run.plan_build", plan)
    assert main([str(broken.parent.parent), "--output", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("plainleaf: error: plainleaf could not finish the build: IndexError('list index out of "
                          "range') (test_cli.py, line ") and "fault in plainleaf, not in your files" in err


def test_check_reports_the_clinic_files_errors_as_the_build_would(handout_file, tmp_path, capsys):
    import jsonschema

    path = handout_file()
    missing = tmp_path / "nowhere" / "clinic.yaml"
    assert main(["check", str(path), "--clinic", str(missing), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, json.loads(SCHEMA.read_text()), cls=jsonschema.Draft202012Validator)
    clinic, handout = report["handouts"]
    assert report["ok"] is False and handout["ok"] is True
    assert clinic["file"] == str(missing) and [f["message"] for f in clinic["findings"]] == ["file not found"]
    assert main([str(path), "--clinic", str(missing), "--output", str(tmp_path / "out")]) == 1
    assert f"{missing}: error: file not found" in capsys.readouterr().err
