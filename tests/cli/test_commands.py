"""The command line a new user meets: help and its topics, values in any case, the layouts a clinic has."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainleaf.build.executors import InProcess
from plainleaf.build.run import BuildOptions, build
from plainleaf.cli.command import COMMANDS, FORMAT_HINT, main, parser
from plainleaf.cli.topics import topic_text
from plainleaf.errors import HandoutErrors
from plainleaf.render.html import render_print_html
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import list_layouts, load_layout
from plainleaf.source.parse import parse_handout
from plainleaf.source.resources import Resources
from tests.helpers import quick_work

BUNDLED = Resources.bundled()


def test_help_is_a_command_not_a_path(capsys):
    assert main(["help"]) == 0
    out = capsys.readouterr().out
    assert "no handouts found" not in out and "plainleaf help handouts" in out


def test_help_topics_print_the_handout_format_the_clinic_file_and_layouts(capsys):
    for topic, heading in (("handouts", "## The handout format"), ("format", "## The handout format"),
                           ("clinic", "### The clinic file"), ("Layouts", "### Layouts")):
        assert main(["help", topic]) == 0
        assert capsys.readouterr().out.startswith(heading)
    assert "title: Washing your hands" in topic_text("handouts")  # the example handout, in full


def test_help_for_a_command_is_its_usage_and_an_unknown_topic_lists_the_known_ones(capsys):
    assert main(["help", "build"]) == 0
    assert capsys.readouterr().out.startswith("usage: plainleaf build")
    assert main(["help", "colours"]) == 2
    assert "choose one of: handouts, clinic, layouts, rules, build" in capsys.readouterr().err


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_points_to_the_handout_format(command: str | None, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"] if command else ["--help"])
    assert " ".join(capsys.readouterr().out.split()).endswith(FORMAT_HINT)


def test_paper_and_layout_are_read_in_any_case():
    args = parser().parse_args(["build", "--paper", "A4", "--paper", "Letter", "--layout", "Large-Print"])
    assert (args.paper, args.layout) == (["a4", "letter"], ["large-print"])
    assert parser().parse_args(["audit", "x.pdf", "--layout", "CLEAR-print"]).layout == "clear-print"
    assert load_layout("EXTRA-Large", BUNDLED).name == "extra-large"


def test_the_build_names_files_in_lower_case_whatever_case_it_was_given(handout_file, tmp_path: Path):
    source = handout_file()
    result = build([source.parent.parent], None, BuildOptions(output_dir=tmp_path / "out", layouts=["Clear-Print"],
                                                              formats=["pdf"]), executor=InProcess(quick_work))
    assert result.ok and [p.name for p in result.written] == ["hand-washing-clear-print-letter.pdf"]


WIDE = "based_on: large-print\ntitle: Large print, wide margins\nmargin_in: 1.5\n"


def clinic_layout(root: Path, name: str, text: str) -> Path:
    folder = root / "layouts" / name
    folder.mkdir(parents=True)
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_clinic_layout_is_found_before_the_bundled_ones_and_starts_from_the_one_it_is_based_on(tmp_path: Path):
    clinic_layout(tmp_path, "wide", WIDE)
    clinic_layout(tmp_path, "large-print", "based_on: large-print\nbody_pt: 20\nmin_text_pt: 20\n")
    resources = BUNDLED.for_clinic(tmp_path / "handouts" / "clinic.yaml")
    assert resources.clinic_layouts_dir == tmp_path / "layouts"
    wide = load_layout("wide", resources)
    assert (wide.settings.margin_in, wide.settings.body_pt, wide.based_on) == (1.5, 18, "large-print")
    assert wide.clinic
    assert wide.template_folders() == [BUNDLED.layouts_dir / "_base"]  # only its layout.yaml is read
    own = load_layout("large-print", resources)
    assert (own.settings.body_pt, own.settings.margin_in, own.clinic) == (20, 1, True)
    assert resources.layout_names() == ["clear-print", "extra-large", "large-print", "wide"]


def test_a_clinic_layout_prints_with_its_own_numbers(handout_file, tmp_path: Path):
    source = handout_file()
    clinic_layout(tmp_path, "wide", WIDE)
    layout = load_layout("wide", BUNDLED.for_clinic(source.parent.parent / "clinic.yaml"))
    html = render_print_html(parse_handout(source), load_clinic(source.parent.parent / "clinic.yaml"), layout, "a4")
    assert "1.5in" in html


def test_a_build_with_a_clinic_layout_rebuilds_when_it_changes(handout_file, tmp_path: Path):
    source = handout_file()
    layout = clinic_layout(tmp_path, "wide", WIDE)
    options = BuildOptions(output_dir=tmp_path / "out", layouts=["wide"], formats=["pdf"])
    first = build([source.parent.parent], None, options, executor=InProcess(quick_work))
    assert first.ok and [p.name for p in first.written] == ["hand-washing-wide-letter.pdf"]
    assert not build([source.parent.parent], None, options, executor=InProcess(quick_work)).written
    (layout / "layout.yaml").write_text(WIDE.replace("1.5", "1.25"), encoding="utf-8")
    assert build([source.parent.parent], None, options, executor=InProcess(quick_work)).written


def test_a_real_build_with_a_clinic_layout_is_audited_against_its_numbers(handout_file, tmp_path: Path):
    """The worker gets the clinic's layout (and the bundled one it is based on) as bytes, like everything else."""
    source = handout_file()
    clinic_layout(tmp_path, "wide", WIDE)
    result = build([source.parent.parent], None, BuildOptions(output_dir=tmp_path / "out", layouts=["wide"],
                                                              formats=["pdf"]))
    assert result.ok, [str(e) for e in result.errors]
    assert (tmp_path / "out" / "hand-washing" / "hand-washing-wide-letter.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("text", "message"), [
    ("based_on: huge\n", "layout.yaml:1: error: `based_on`: there is no bundled layout called 'huge'"),
    ("based_on: large-print\nmargin_in: 0.5\n", "layout.yaml:2: error: `margin_in`: Input should be greater"),
    ("based_on: large-print\nmargins: 1\n", "layout.yaml:2: error: unknown key `margins`"),
    ("title: Mine\nbody_pt: 18\n", "layout.yaml:1: error: `min_text_pt` is required"),
])
def test_a_clinic_layout_is_checked_like_a_bundled_one(handout_file, tmp_path: Path, text: str, message: str):
    source = handout_file()
    clinic_layout(tmp_path, "mine", text)
    resources = BUNDLED.for_clinic(source.parent.parent / "clinic.yaml")
    with pytest.raises(HandoutErrors) as raised:
        load_layout("mine", resources)
    assert message in str(raised.value.errors[0])
    result = build([source.parent.parent], None, BuildOptions(output_dir=tmp_path / "out", layouts=["mine"]))
    assert not result.ok and message in str(result.errors[0])


def test_layouts_lists_the_clinic_layouts_first_and_what_is_wrong_with_the_others(tmp_path: Path, capsys,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "handouts").mkdir()
    clinic_layout(tmp_path, "wide", WIDE)
    clinic_layout(tmp_path, "Big Print", WIDE)
    (tmp_path / "layouts" / "empty").mkdir()
    layouts, errors = list_layouts(BUNDLED.for_clinic(tmp_path / "handouts" / "clinic.yaml"))
    assert [layout.name for layout in layouts] == ["wide", "clear-print", "extra-large", "large-print"]
    assert [e.message for e in errors] == [
        "the layout folder name 'Big Print' cannot be used: it becomes part of file names",
        "the layout folder has no layout.yaml"]
    monkeypatch.chdir(tmp_path)
    assert main(["layouts"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("wide: Large print, wide margins. 18 pt text, margins 1.5 in. The clinic's own")
    assert "layouts/Big Print: error: the layout folder name" in captured.err


def test_the_bundled_layouts_listed_from_anywhere(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert main(["layouts"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["clear-print", "extra-large", "large-print"]
