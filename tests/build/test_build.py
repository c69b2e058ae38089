"""Library-scale builds: what is rebuilt after each kind of change, --force, atomic writes under a crash, a user's
own files, removed handouts, and a real rebuild that skips everything without loading WeasyPrint."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage

from plainleaf.build.executors import InProcess
from plainleaf.build.manifest import load_manifest
from plainleaf.build.run import BuildOptions, BuildResult, build
from plainleaf.source.resources import Resources
from tests.helpers import EXAMPLE, ROOT, quick_work, write_handout

PICTURE_BODY = "## Why it matters\n\nGerms spread on hands.\n\n![Two hands under a tap](images/hands.png)\n"
SPANISH = "title: Dormir bien\nsummary: Dormir bien le ayuda.\nreviewed: 2026-11-01\nlanguage: es\n"
LAYOUTS = ("large-print", "extra-large")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Two handouts (one English with a picture, one Spanish), and copies of the layouts and fonts to change."""
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    source = write_handout(tmp_path, body=PICTURE_BODY)
    (source.parent / "images").mkdir()
    PILImage.new("RGB", (40, 20), (0, 90, 0)).save(source.parent / "images" / "hands.png")
    write_handout(tmp_path, front=SPANISH, body="## Por qué\n\nEl sueño le da fuerza.\n", slug="dormir")
    return tmp_path


def quick_build(root: Path, **options) -> BuildResult:
    options = {"layouts": LAYOUTS, **options}
    result = build([root / "handouts"], None, BuildOptions(
        output_dir=root / "output", resources=Resources(root / "layouts", root / "fonts"), **options),
        executor=InProcess(quick_work))
    assert result.ok, [str(e) for e in result.errors]
    return result


def names(paths: list[Path], root: Path) -> set[str]:
    return {path.relative_to(root / "output").as_posix() for path in paths}


def files_of(slug: str, papers: tuple[str, ...] = ("letter",)) -> set[str]:
    return {f"{slug}/{slug}-{layout}-{paper}.pdf" for layout in LAYOUTS for paper in papers} | {
        f"{slug}/{slug}.epub"}


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _append_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(path.read_bytes() + data)


def _catalogue(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The gettext catalogues live in the package: change a copy."""
    shutil.copytree(ROOT / "plainleaf" / "locale", root / "locale")
    monkeypatch.setattr("plainleaf.i18n.CATALOGUE_DIR", root / "locale")


CHANGES = {
    "source": (lambda root: _append(root / "handouts/hand-washing/handout.md", "\nRinse well.\n"),
               files_of("hand-washing")),
    "picture": (lambda root: PILImage.new("RGB", (40, 20), (90, 0, 0)).save(
        root / "handouts/hand-washing/images/hands.png"), files_of("hand-washing")),
    "clinic": (lambda root: _append(root / "handouts/clinic.yaml", "phone: 555-0100\n"),
               files_of("hand-washing") | files_of("dormir")),
    "shared CSS": (lambda root: _append(root / "layouts/_base/print.css", "\n/* changed */\n"),
                   files_of("hand-washing") | files_of("dormir")),
    "EPUB template": (lambda root: _append(root / "layouts/_base/epub/page.xhtml", "\n"),
                      files_of("hand-washing") | files_of("dormir")),
    "one layout": (lambda root: _append(root / "layouts/extra-large/layout.yaml", "\n# changed\n"),
                   {"hand-washing/hand-washing-extra-large-letter.pdf", "dormir/dormir-extra-large-letter.pdf"}),
    "font": (lambda root: _append_bytes(root / "fonts/AtkinsonHyperlegible-Bold.ttf", b"\0"),
             files_of("hand-washing") | files_of("dormir")),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_rebuilds_exactly_the_files_that_depend_on_it(project, change):
    first = quick_build(project)
    assert names(first.written, project) == files_of("hand-washing") | files_of("dormir")
    assert quick_build(project).written == []
    alter, expected = CHANGES[change]
    alter(project)
    again = quick_build(project)
    assert names(again.written, project) == expected
    assert names(again.up_to_date, project) == (files_of("hand-washing") | files_of("dormir")) - expected


def test_a_changed_catalogue_rebuilds_the_handouts_in_its_language(project, monkeypatch):
    _catalogue(project, monkeypatch)
    quick_build(project)
    _append(project / "locale" / "es.po", '\nmsgid "Zzz"\nmsgstr "Zzz"\n')
    assert names(quick_build(project).written, project) == files_of("dormir")


def test_a_new_option_builds_only_the_new_files_and_a_new_version_everything(project, monkeypatch):
    quick_build(project)
    a4 = quick_build(project, papers=("letter", "a4"))
    assert names(a4.written, project) == {f"{s}/{s}-{layout}-a4.pdf" for s in ("hand-washing", "dormir")
                                          for layout in LAYOUTS}
    monkeypatch.setattr("plainleaf.build.digests.__version__", "99.0")
    assert len(quick_build(project).written) == 6


def test_force_rebuilds_everything(project):
    quick_build(project)
    assert names(quick_build(project, force=True).written, project) == files_of("hand-washing") | files_of("dormir")


def test_a_rebuild_with_nothing_to_do_parses_no_handout(project, monkeypatch):
    quick_build(project)

    def no_parsing(path, slug=None):
        raise AssertionError(f"{path} was parsed")

    monkeypatch.setattr("plainleaf.source.parse.parse_handout", no_parsing)
    assert quick_build(project).written == []


def test_a_crash_between_renames_leaves_whole_files_and_they_are_rebuilt(project, monkeypatch):
    quick_build(project)
    before = {p: p.read_bytes() for p in (project / "output").glob("*/*")}
    _append(project / "handouts/hand-washing/handout.md", "\nRinse well.\n")
    real_replace, calls = __import__("os").replace, []

    def replace_once(src, dst):  # the second rename of the build fails
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("plainleaf.build.outputs.os.replace", replace_once)
    result = build([project / "handouts"], None, BuildOptions(
        output_dir=project / "output", layouts=LAYOUTS, resources=Resources(project / "layouts", project / "fonts")),
        executor=InProcess(quick_work))
    assert [e.message for e in result.errors] == ["cannot write its files: [Errno 28] No space left on device"]
    assert not list((project / "output").rglob("*.partial"))
    for path, data in before.items():  # each file is the old one whole, or (the one renamed) the new one whole
        assert path.read_bytes() == data or path == Path(calls[0])
    monkeypatch.setattr("plainleaf.build.outputs.os.replace", real_replace)
    assert names(quick_build(project).written, project) == files_of("hand-washing")


def test_ctrl_c_while_writing_keeps_earlier_outputs_and_the_manifest(project, monkeypatch):
    quick_build(project)
    before = {p: p.read_bytes() for p in (project / "output").rglob("*.pdf")}
    _append(project / "handouts/dormir/handout.md", "\nDuerma bien.\n")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("plainleaf.build.outputs.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        quick_build(project)
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in (project / "output").rglob("*.pdf")} == before
    assert not list((project / "output").rglob("*.partial"))
    manifest, _ = load_manifest(project / "output")
    assert all(manifest.owns(name, project / "output") for name in files_of("dormir") | files_of("hand-washing"))
    assert names(quick_build(project).written, project) == files_of("dormir")


def test_a_users_file_where_an_output_would_go_is_an_error_and_stays(project):
    mine = project / "output" / "dormir" / "dormir.epub"
    mine.parent.mkdir(parents=True)
    mine.write_bytes(b"my own book")
    result = build([project / "handouts"], None, BuildOptions(
        output_dir=project / "output", layouts=LAYOUTS, resources=Resources(project / "layouts", project / "fonts")),
        executor=InProcess(quick_work))
    assert [str(e) for e in result.errors] == [
        f"{mine}: error: this file was not made by plainleaf, or was changed since, so it will not be replaced by the "
        f"output of {project / 'handouts' / 'dormir' / 'handout.md'} (move or rename it, then build again; if a "
        "plainleaf older than the manifest made it, delete it)"]
    assert mine.read_bytes() == b"my own book"
    assert names(result.written, project) == files_of("hand-washing")


def test_outputs_of_a_removed_handout_go_but_a_users_files_stay(project):
    (project / "output" / "hand-washing").mkdir(parents=True)
    notes = project / "output" / "hand-washing" / "notes.txt"
    notes.write_text("mine")
    quick_build(project)
    edited = project / "output" / "dormir" / "dormir.epub"
    edited.write_bytes(b"changed by someone since plainleaf made it")
    shutil.rmtree(project / "handouts" / "hand-washing")
    shutil.rmtree(project / "handouts" / "dormir")
    write_handout(project, slug="other")
    result = quick_build(project)
    assert names(result.removed, project) == (files_of("hand-washing") | files_of("dormir")) - {"dormir/dormir.epub"}
    assert notes.read_text() == "mine" and edited.is_file()
    catalog = json.loads((project / "output" / "catalog.json").read_text())
    assert [h["slug"] for h in catalog["handouts"]] == ["other"]


def test_a_rebuild_of_the_example_skips_everything_without_loading_weasyprint(example_build):
    """Nor pydantic and YAML: the clinic file's facts are kept while its bytes are the same."""
    root = example_build["root"]
    script = ("import sys\nfrom plainleaf.cli.command import main\n"
              f"code = main(['build', {str(root / 'handouts')!r}, '--output', {str(root / 'output')!r}])\n"
              "heavy = [m for m in ('weasyprint', 'ebooklib', 'pikepdf', 'markdown_it', 'pydantic', 'yaml')\n"
              "         if m in sys.modules]\n"
              "print('heavy:', heavy)\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "heavy: []" in done.stdout and "2 file(s) up to date" in done.stdout
    assert "wrote" not in done.stdout


def test_quiet_build_prints_nothing_when_all_is_well(example_build, capsys):
    from plainleaf.cli.command import main

    root = example_build["root"]
    assert main(["build", str(root / "handouts"), "--output", str(root / "output"), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


def test_building_again_with_force_gives_identical_bytes(example_build):
    files = {path: path.read_bytes() for path in (example_build["pdf"], example_build["epub"])}
    root = example_build["root"]
    result = build([root / "handouts" / EXAMPLE.name], None, BuildOptions(output_dir=root / "output", force=True))
    assert result.ok and set(result.written) == set(files)
    assert {path: path.read_bytes() for path in files} == files


def test_ctrl_c_says_what_is_left_and_exits_130(project, monkeypatch, capsys):
    from plainleaf.cli.command import main

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("plainleaf.build.run.build", interrupted)
    assert main([str(project / "handouts"), "--output", str(project / "output")]) == 130
    assert "interrupted: the files built so far are in place" in capsys.readouterr().err


def test_planning_says_there_is_work_before_it_parses_a_changed_handout_and_not_when_nothing_changed(tmp_path):
    from plainleaf.build.plan import plan_build

    for slug in ("first", "second"):
        write_handout(tmp_path, slug=slug)
    options = BuildOptions(output_dir=tmp_path / "out", formats=("epub",))
    assert build([tmp_path / "handouts"], None, options, executor=InProcess(quick_work)).ok
    said: list[str] = []
    manifest, _ = load_manifest(options.output_dir)
    plan_build([tmp_path / "handouts"], None, options, manifest, on_pending=lambda: said.append("now"))
    assert said == []
    write_handout(tmp_path, slug="second", body="## Why it matters\n\nSoap stops germs.\n")
    manifest, _ = load_manifest(options.output_dir)
    (key,) = [key for key in manifest.sources if "second" in key]
    kept = manifest.sources[key]
    plan_build([tmp_path / "handouts"], None, options, manifest, on_pending=lambda: said.append(
        "before its parse" if manifest.sources[key] is kept else "after"))
    assert said[0] == "before its parse" and manifest.sources[key] is not kept
