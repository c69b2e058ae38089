"""`plainleaf new` and `plainleaf new-handout`: what a new clinic starts from checks clean and builds in every
layout and paper, says what each key is for, and shows every part a handout can have."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.review import review_source
from plainleaf.cli.command import main
from plainleaf.cli.scaffold import EXAMPLE, SCAFFOLD, new_clinic, new_handout
from plainleaf.errors import HandoutErrors
from plainleaf.source.files import load_clinic, load_yaml
from plainleaf.source.model import Clinic, FrontMatter, Reference, SupportContact
from plainleaf.source.parse import parse_handout
from plainleaf.source.resources import PAPER_SIZES, Resources

FONTS = Resources.bundled().fonts_dir


@pytest.fixture(scope="module")
def clinic_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "clinic"
    new_clinic(folder)
    return folder


def test_new_makes_a_clinic_folder(clinic_folder: Path):
    made = {p.relative_to(clinic_folder).as_posix() for p in clinic_folder.rglob("*") if p.is_file()}
    assert made == {"README.md", "handouts/clinic.yaml", f"handouts/{EXAMPLE}/handout.md",
                    f"handouts/{EXAMPLE}/images/soap-and-water.svg", "schemas/clinic.schema.json",
                    "schemas/handout.schema.json"}
    assert load_clinic(clinic_folder / "handouts" / "clinic.yaml").placeholder


def test_new_refuses_a_folder_that_holds_something(tmp_path: Path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(HandoutErrors, match="not empty"):
        new_clinic(tmp_path)
    assert main(["new", str(tmp_path)]) == 1
    assert f"{tmp_path}: error: the folder already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_example_handout_checks_with_no_errors_warnings_or_advice(clinic_folder: Path):
    review = review_source(clinic_folder / "handouts" / EXAMPLE / "handout.md", FONTS, large_print=True, strict=True)
    assert review.findings == ()


def test_the_example_builds_in_every_layout_and_paper(clinic_folder: Path, tmp_path: Path):
    layouts = Resources.bundled().bundled_layout_names()
    result = build([clinic_folder / "handouts"], None, BuildOptions(
        output_dir=tmp_path, layouts=layouts, papers=PAPER_SIZES, jobs=2))
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.written) == len(layouts) * len(PAPER_SIZES) + 1
    assert [w.rule for w in result.warnings] == ["clinic.placeholder"]


def _notes_for_every_key(text: str, first_line: int = 1) -> list[str]:
    """Top-level keys with neither a note at the end of their line nor a note on a line just above."""
    lines = text.splitlines()
    lacking = []
    for n, line in enumerate(lines):
        key = re.match(r"^([a-z_]+):", line)
        if key and "#" not in line and not (n and lines[n - 1].lstrip().startswith("#")):
            lacking.append(f"{key.group(1)} (line {n + first_line})")
    return lacking


def test_every_key_of_the_clinic_file_has_a_note_and_every_model_key_is_there():
    text = (SCAFFOLD / "clinic.yaml").read_text(encoding="utf-8")
    assert _notes_for_every_key(text) == []
    given = set(re.findall(r"^#? ?([a-z_]+):", text, re.MULTILINE))
    assert set(Clinic.model_fields) <= given


def test_the_example_uses_every_key_of_the_front_matter_each_with_a_note():
    text = (SCAFFOLD / EXAMPLE / "handout.md").read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    assert _notes_for_every_key(front) == []
    data, _ = load_yaml(front, Path("handout.md"))
    assert set(data) | {"translation_of", "check"} == set(FrontMatter.model_fields)
    assert "# translation_of:" in front  # shown, but only a translation has it
    assert "# check:" in front  # shown, but only a handout that needs a warning off has it
    assert set(data["references"][0]) | set(data["references"][1]) == set(Reference.model_fields)
    assert set().union(*data["support"]) == set(SupportContact.model_fields)


def test_the_example_shows_every_construct_of_the_text_once_with_a_note():
    text = (SCAFFOLD / EXAMPLE / "handout.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    constructs = {
        "section": r"^## ", "subheading": r"^### ", "numbered list": r"^1\. ", "bullet list": r"^- ",
        "bold": r"\*\*\w", "citation": r"\[@[\w-]+\]", "two citations": r"\[@[\w-]+; @[\w-]+\]",
        "picture with caption": r"!\[[^\]]+\]\([^ )]+ \"[^\"]+\"\)", "tip": r"^::: tip$",
        "important": r"^::: important$", "warning": r"^::: warning$", "table": r"^\| --- \|",
        "web link": r"\]\(https://", "email link": r"\]\(mailto:", "phone link": r"\]\(tel:",
        "heading link": r"\]\(#[a-z-]+\)", "other language": r"\]\{lang=[a-z-]+\}", "note": r"^<!-- ",
    }
    missing = [name for name, pattern in constructs.items() if not re.search(pattern, text, re.MULTILINE)]
    assert missing == []
    handout = parse_handout(SCAFFOLD / EXAMPLE / "handout.md", slug=EXAMPLE)
    assert "<!--" not in repr(handout.body)  # notes never get through


def test_new_handout_adds_a_skeleton_that_checks_clean(clinic_folder: Path, capsys):
    source = new_handout(clinic_folder / "handouts", "sleep-well", "Sleep: why it matters", "es",
                         today=dt.date(2026, 3, 1))
    handout = parse_handout(source)
    assert (handout.meta.title, handout.language, handout.meta.reviewed) == (
        "Sleep: why it matters", "es", dt.date(2026, 3, 1))
    assert review_source(source, FONTS, large_print=True).ok
    assert main(["new-handout", "hand-care", "--handouts", str(clinic_folder / "handouts")]) == 0
    assert parse_handout(clinic_folder / "handouts" / "hand-care" / "handout.md").meta.title == "Hand care"
    assert "made " in capsys.readouterr().out


@pytest.mark.parametrize(("slug", "language", "message"), [
    ("Sleep Well", "en", "'Sleep Well' cannot be a handout's name"),
    ("con", "en", "'con' cannot be a handout's name"),
    ("sleep", "xx-nope", "--language: 'xx-nope' is not a language tag"),
    (EXAMPLE, "en", "a handout of that name already exists"),
])
def test_new_handout_refuses_what_would_not_work(clinic_folder: Path, slug: str, language: str, message: str):
    with pytest.raises(HandoutErrors) as raised:
        new_handout(clinic_folder / "handouts", slug, None, language)
    assert message in str(raised.value.errors[0])


def test_new_handout_outside_a_clinic_folder_says_where_to_run_it(tmp_path: Path, capsys):
    assert main(["new-handout", "sleep", "--handouts", str(tmp_path / "handouts")]) == 1
    assert "there is no folder of handouts here (run this in a clinic's folder" in capsys.readouterr().err
