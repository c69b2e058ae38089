"""The command run as users run it: `python3 generate.py` in a project folder (or below it), with the paths they
type (relative, `./x`, `../x`, `.`, through symlinks, absolute), on handouts that have pictures and warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, write_handout, write_picture_handout

LONG = "Wash your hands with soap and warm water for twenty seconds before you eat and after you cook a meal at home.\n"
WARNING = "handout.md:14: warning[sentence.long]: this sentence has 22 words"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder as the README makes one: generate.py, layouts/, fonts/ and handouts/, whose one handout
    shows a PNG and a JPEG, has a logo in its clinic file, and one warning (a 22-word sentence on line 14)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "generate.py", root)
    source = write_picture_handout(root)
    source.write_text(source.read_text(encoding="utf-8") + "\n" + LONG, encoding="utf-8")
    return root


def generate(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python3 generate.py ARGS` in `cwd` (the project's generate.py, named relative to `cwd`)."""
    script = os.path.relpath(_project_of(cwd) / "generate.py", cwd)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's plainleaf, whatever is installed
    return subprocess.run([sys.executable, script, *args], cwd=cwd, env=env, capture_output=True, text=True)


def _project_of(cwd: Path) -> Path:
    return next(folder for folder in (cwd, *cwd.parents) if (folder / "generate.py").is_file())


def test_the_default_command_builds_a_handout_with_warnings_and_pictures(project):
    done = generate(project)
    assert done.returncode == 0, done.stderr
    assert f"handouts/hand-washing/{WARNING}" in done.stderr
    assert "could not" not in done.stderr
    folder = project / "output" / "hand-washing"
    assert (folder / "hand-washing-large-print-letter.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "hand-washing.epub").is_file()


@pytest.mark.parametrize(("where", "args", "named"), [
    ("", ["build", "./handouts/hand-washing"], "handouts/hand-washing/"),
    ("", ["build", "handouts/hand-washing/handout.md", "--output", "./out/../output"], "handouts/hand-washing/"),
    ("handouts/hand-washing", ["build", ".", "--output", "../../output"], "{project}/handouts/hand-washing/"),
    ("handouts/hand-washing/images", ["build", "..", "--output", "../../../output"],
     "{project}/handouts/hand-washing/"),
    ("handouts", ["build", "hand-washing", "--output", "../output"], "hand-washing/"),
    ("elsewhere", ["build", "../handouts", "--output", "../output"], "../handouts/hand-washing/"),
    ("{link}", ["build", "handouts"], "handouts/hand-washing/"),
    ("", ["build", "{project}/handouts", "--output", "{project}/output"], "{project}/handouts/hand-washing/"),
])
def test_every_way_of_naming_the_handout_builds_it(project, where, args, named):
    (project / "elsewhere").mkdir()
    link = project.parent / "link-to-project"
    link.symlink_to(project, target_is_directory=True)
    cwd = link if where == "{link}" else project / where
    done = generate(cwd, *[arg.format(project=project) for arg in args], "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert named.format(project=project.resolve()) + WARNING in done.stderr
    assert (project / "output" / "hand-washing" / "hand-washing-large-print-letter.pdf").is_file()


def test_a_handout_folder_that_is_a_link_is_refused_under_the_links_name(project, tmp_path):
    """A handout folder kept elsewhere and linked in would build from wherever the link leads (issue 14): refused,
    named as typed."""
    real = tmp_path / "kept-elsewhere" / "washing"
    shutil.move(project / "handouts" / "hand-washing", real)
    (project / "handouts" / "hand-washing").symlink_to(real, target_is_directory=True)
    done = generate(project, "--jobs", "1")
    assert done.returncode == 1
    assert "handouts/hand-washing: error: the handout folder is a link to another folder" in done.stderr
    assert not (project / "output" / "hand-washing").exists()


def test_check_inside_the_handout_folder_names_the_file_as_typed(project):
    done = generate(project / "handouts" / "hand-washing", "check", "handout.md")
    assert done.returncode == 0, done.stdout
    assert f"{project.resolve()}/handouts/hand-washing/{WARNING}" in done.stdout



def test_a_handout_with_errors_names_them_and_its_warnings_relative(project):
    write_handout(project, body="## Picture\n\n![](images/missing.png)\n\n" + LONG, slug="broken",
                  clinic=(project / "handouts" / "clinic.yaml").read_text())
    done = generate(project, "--jobs", "1")
    assert done.returncode == 1
    assert "handouts/broken/handout.md:8: error[alt.missing]: the picture 'images/missing.png' has no alt text" \
        in done.stderr
    assert "handouts/broken/handout.md:10: warning[sentence.long]" in done.stderr
    assert "could not" not in done.stderr
    assert (project / "output" / "hand-washing" / "hand-washing.epub").is_file()
    assert not (project / "output" / "broken").exists()


def test_a_clinic_folder_builds_checks_and_audits_with_its_own_layout(project):
    """A clinic folder as `plainleaf new` makes one, holding handouts/ and its own layouts/: named itself on the
    command line, it stands for its handouts, and its layouts are found by build, check and audit alike."""
    clinic = project / "my-clinic"
    shutil.move(project / "handouts", clinic / "handouts")
    (clinic / "layouts" / "roomy").mkdir(parents=True)
    (clinic / "layouts" / "roomy" / "layout.yaml").write_text(
        "based_on: large-print\ntitle: Roomy\nmargin_in: 1.5\n", encoding="utf-8")
    built = generate(project, "build", "my-clinic", "--layout", "roomy", "--format", "pdf", "--jobs", "1")
    assert built.returncode == 0, built.stderr
    assert f"my-clinic/handouts/hand-washing/{WARNING}" in built.stderr
    pdf = Path("output") / "hand-washing" / "hand-washing-roomy-letter.pdf"
    assert (project / pdf).is_file()
    checked = generate(project, "check", "my-clinic", "--layout", "roomy")
    assert checked.returncode == 0 and f"my-clinic/handouts/hand-washing/{WARNING}" in checked.stdout, checked
    for cwd, args in ((project, [str(pdf), "--clinic", "my-clinic/handouts/clinic.yaml"]),
                      (clinic, [str(".." / pdf)])):  # in the clinic folder, as build finds handouts/clinic.yaml
        audited = generate(cwd, "audit", *args, "--layout", "roomy")
        assert audited.returncode == 0 and "no problems found" in audited.stdout, (audited.stdout, audited.stderr)
