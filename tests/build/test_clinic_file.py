"""The clinic file that still holds made-up details: every build says so once, naming the file and the line."""

from __future__ import annotations

from pathlib import Path

from plainleaf.build.executors import InProcess
from plainleaf.build.run import BuildOptions, build
from plainleaf.cli.scaffold import SCAFFOLD
from plainleaf.source.files import load_clinic
from tests.helpers import CLINIC, quick_work

PLACEHOLDER = "# made up\nname: Example Clinic\n\n# delete this line\nplaceholder: true\nphone: (201) 555-0100\n"


def quick(root: Path):
    return build([root / "handouts"], None, BuildOptions(output_dir=root / "output", formats=["epub"]),
                 executor=InProcess(quick_work))


def test_a_placeholder_clinic_file_warns_once_naming_file_and_line(handout_file, tmp_path: Path):
    handout_file(slug="one", clinic=PLACEHOLDER)
    handout_file(slug="two", clinic=PLACEHOLDER)
    result = quick(tmp_path)
    assert result.ok and len(result.written) == 2
    (warning,) = [w for w in result.warnings if w.rule == "clinic.placeholder"]
    assert str(warning).startswith(f"{tmp_path / 'handouts' / 'clinic.yaml'}:5: warning[clinic.placeholder]: "
                                   "the clinic file holds made-up details")
    again = quick(tmp_path)  # nothing to build: the warning comes from what the manifest kept
    assert not again.written and [w.rule for w in again.warnings] == ["clinic.placeholder"]


def test_a_clinic_file_of_real_details_builds_without_a_word(handout_file, tmp_path: Path):
    handout_file(clinic=PLACEHOLDER.replace("placeholder: true\n", ""))
    assert quick(tmp_path).warnings == []
    handout_file(clinic=PLACEHOLDER.replace("placeholder: true", "placeholder: false"))
    assert quick(tmp_path).warnings == []


def test_the_shipped_clinic_files_say_they_are_placeholders():
    assert load_clinic(CLINIC).placeholder and load_clinic(SCAFFOLD / "clinic.yaml").placeholder
