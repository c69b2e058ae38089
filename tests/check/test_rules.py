"""Every rule in one shape: each build check finds its own fault and names itself; a handout switches warnings off
with a reason that every report prints, and never an error; the list of rules is the registries'."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from plainleaf.check.audit import AUDIT_RULES
from plainleaf.check.checks import BUILD_RULES, check_clinic, check_handout
from plainleaf.check.plain import PLAIN_RULES
from plainleaf.check.review import review_handout, review_json
from plainleaf.check.rules import OTHER_RULES, all_rules, rules_markdown
from plainleaf.cli.command import main
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources
from plainleaf.source.parse import parse_handout
from tests.helpers import MINIMAL_FRONT, ROOT

FONTS = Resources.bundled().fonts_dir
REFS = MINIMAL_FRONT + """\
references:
  - {id: used, title: Used, publisher: P}
  - {id: spare, title: Spare, publisher: P}
"""


def _broken_picture(folder: Path) -> str:
    (folder / "chart.png").write_text("not a picture")
    return "## Picture\n\n![A chart](chart.png)\n"


def _words_past_the_edge(folder: Path) -> str:
    (folder / "label.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
                                      '<text x="60" y="30" font-size="20">Spacer</text></svg>')
    return "## Picture\n\n![A spacer](label.svg)\n"


# For each build check, a handout that breaks it: (front matter, body or a function of the folder giving the body)
BUILD_FAULTS: dict[str, tuple[str, str | Callable[[Path], str]]] = {
    "alt.missing": (MINIMAL_FRONT, "## Picture\n\n![](images/x.png)\n"),
    "picture.unusable": (MINIMAL_FRONT, _broken_picture),
    "citation.unknown": (REFS, "## One\n\nText [@used] and [@spare] and [@missing].\n"),
    "reference.uncited": (REFS, "## One\n\nText [@used].\n"),
    "picture.text-outside": (MINIMAL_FRONT, _words_past_the_edge),
    "font.missing-glyphs": (MINIMAL_FRONT, "## One\n\nA Cyrillic letter \u0416.\n"),
    "link.unknown-place": (MINIMAL_FRONT, "## One\n\nSee [the steps](#steps).\n"),
    "word.too-long": (MINIMAL_FRONT, "## One\n\n" + "x" * 301 + "\n"),
    "qr.too-long": (MINIMAL_FRONT + 'references: [{id: r, title: R, url: "https://example.org/' + "€" * 900 + '"}]\n',
                    "## One\n\nA fact [@r].\n"),
}


def test_every_build_check_has_a_fault_of_its_own():
    assert set(BUILD_FAULTS) | {"logo.unusable"} == set(BUILD_RULES)


@pytest.mark.parametrize("rule_id", BUILD_FAULTS)
def test_each_build_check_finds_its_fault_and_names_itself(handout_file, rule_id):
    sound = handout_file()
    assert not [f for f in check_handout(parse_handout(sound), FONTS) if f.rule == rule_id]
    front, body = BUILD_FAULTS[rule_id]
    source = handout_file(front, body if isinstance(body, str) else body(sound.parent))
    found = [f for f in check_handout(parse_handout(source), FONTS) if f.rule == rule_id]
    assert found and {f.severity for f in found} == {BUILD_RULES[rule_id].severity}
    assert all(str(f).split(": ", 2)[1] == f"{BUILD_RULES[rule_id].severity}[{rule_id}]" for f in found)


def test_a_logo_that_is_not_a_picture_is_the_clinic_files_error(tmp_path):
    clinic_file = tmp_path / "clinic.yaml"
    clinic_file.write_text("name: C\nlogo: {path: logo.png, alt: Our logo}\n", encoding="utf-8")
    (tmp_path / "logo.png").write_text("not a picture")
    (error,) = check_clinic(load_clinic(clinic_file), clinic_file, FONTS)
    assert (error.rule, error.severity) == ("logo.unusable", "error")


def test_every_rule_is_registered_once_with_a_severity_and_a_description():
    every = all_rules()
    parts = [BUILD_RULES, PLAIN_RULES, OTHER_RULES, AUDIT_RULES]
    assert len(every) == sum(len(p) for p in parts)
    for rule in every.values():
        assert rule.severity in ("error", "warning", "advice") and rule.description and "\n" not in rule.description
        assert rule.can_be_disabled == (rule.severity != "error" and rule.stage != "clinic" and not rule.ours)


def test_the_list_of_rules_is_the_registries(capsys):
    """docs/rules.md is made from the registries (`python3 -m plainleaf.check.rules docs`) and `plainleaf help
    rules` prints the same."""
    listed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert listed == rules_markdown(), "docs/rules.md is stale: python3 -m plainleaf.check.rules docs"
    for rule in all_rules().values():
        assert f"| `{rule.id}` | {rule.severity} | {'yes' if rule.can_be_disabled else 'no'} |" in listed
    assert main(["help", "rules"]) == 0
    assert capsys.readouterr().out == listed


# --- switching a rule off for one handout -----------------------------------------------------------------------

LONG = "## One\n\n" + " ".join(["word"] * 35) + ".\n"


def _review(source: Path):
    return review_handout(parse_handout(source), FONTS, large_print=True)


def test_a_warning_switched_off_is_not_reported_and_the_reason_is(handout_file, capsys):
    plain = _review(handout_file(body=LONG))
    assert "sentence.too-long" in {f.rule for f in plain.findings}
    source = handout_file(MINIMAL_FRONT + "check:\n  disable:\n    sentence.too-long: song lyrics, as sung\n", LONG)
    review = _review(source)
    assert "sentence.too-long" not in {f.rule for f in review.findings}
    assert review.disabled == {"sentence.too-long": "song lyrics, as sung"}
    (entry,) = review_json([review])["handouts"]
    assert entry["disabled"] == [{"rule": "sentence.too-long", "reason": "song lyrics, as sung"}]
    main(["check", str(source)])
    assert "  switched off: sentence.too-long (song lyrics, as sung)" in capsys.readouterr().out.splitlines()
    main(["check", str(source), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["handouts"][0]["disabled"] == entry["disabled"]


def test_the_build_lists_the_rules_switched_off_under_the_handouts_summary_as_check_does(handout_file, tmp_path,
                                                                                         capsys):
    source = handout_file(MINIMAL_FRONT + "check:\n  disable:\n    sentence.too-long: song lyrics, as sung\n", LONG)
    main(["check", str(source)])
    checked = capsys.readouterr().out.splitlines()
    assert main(["build", str(source.parent), "--format", "txt", "--output", str(tmp_path / "out")]) == 0
    built = capsys.readouterr().out.splitlines()
    summary = next(n for n, line in enumerate(built) if line.startswith(f"{source}: "))
    assert built[summary + 1] == "  switched off: sentence.too-long (song lyrics, as sung)"
    assert built[summary + 1] in checked


@pytest.mark.parametrize("rule_id", ["alt.missing", "citation.unknown", "font.missing-glyphs", "link.no-purpose",
                                     "pdf.fonts", "layout.contrast", "pdf.reading-order", "clinic.placeholder"])
def test_an_error_cannot_be_switched_off_and_asking_is_an_error_at_its_line(handout_file, rule_id):
    source = handout_file(MINIMAL_FRONT + f"check:\n  disable:\n    {rule_id}: it is fine\n",
                          "## Picture\n\n![](images/x.png)\n")
    review = _review(source)
    refused = [f for f in review.findings if "cannot be switched off" in f.message]
    assert [(f.line, f.severity) for f in refused] == [(7, "error")]
    assert repr(rule_id) in refused[0].message and "plainleaf help rules" in refused[0].hint
    assert not review.disabled
    if rule_id == "alt.missing":  # still reported
        assert "alt.missing" in {f.rule for f in review.findings}


def test_an_unknown_rule_is_an_error_naming_the_nearest(handout_file):
    source = handout_file(MINIMAL_FRONT + "check:\n  disable:\n    sentence.to-long: lyrics\n")
    (error,) = [f for f in _review(source).findings if f.severity == "error"]
    assert error.line == 7 and "no rule 'sentence.to-long'" in error.message
    assert "did you mean 'sentence.too-long'?" in error.hint


@pytest.mark.parametrize("disable", ["[sentence.long]", "{sentence.long: ''}"])
def test_a_rule_switched_off_needs_its_reason(handout_file, disable):
    from plainleaf.errors import HandoutErrors

    source = handout_file(MINIMAL_FRONT + f"check:\n  disable: {disable}\n")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(source)
    (error,) = info.value.errors
    assert error.line == 6 and "disable" in error.message


def test_an_audit_warning_switched_off_is_left_out_of_the_build(handout_file, tmp_path, monkeypatch):
    from plainleaf.build.run import BuildOptions, build
    from plainleaf.check.audit import Finding

    found = [Finding("layout: line length", "a long line", severity="warning", rule="layout.line-length"),
             Finding("layout: unlinked address", "an address", severity="warning", rule="pdf.unlinked-address")]
    monkeypatch.setattr("plainleaf.check.audit.audit_bytes", lambda data, rules, contents=None: found)
    source = handout_file(MINIMAL_FRONT + "check:\n  disable: {layout.line-length: a table of doses}\n")
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf",)))
    assert result.ok, [str(e) for e in result.errors]
    assert [w.message for w in result.warnings] == ["hand-washing-large-print-letter.pdf: an address [layout: "
                                                    "unlinked address]"]
