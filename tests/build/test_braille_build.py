"""The braille edition in a build: `--format brf,pef` from a project root, the clinic file's `formats:`, one
rendering of the large-print PDF for the EPUB and braille, skipping what is up to date (and rebuilding when a
liblouis table changes), the catalog, and a handout whose braille cannot be made while its PDF still is."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from plainleaf.build import jobs
from plainleaf.build.executors import InProcess
from plainleaf.build.plan import plan_build
from plainleaf.build.run import BuildOptions, build
from tests.helpers import MINIMAL_BODY, MINIMAL_FRONT, ROOT, manifest, quick_work, write_handout

SLUG = "neuroendocrine-tumors"
PEF = "{http://www.daisy.org/ns/2008/pef}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder as a clinic has one: generate.py, layouts/, fonts/ and the repository's handouts/, built
    with the command of the README from its root, with relative paths."""
    root = tmp_path_factory.mktemp("project")
    for name in ("layouts", "fonts", "handouts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "generate.py", root)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's plainleaf, whatever is installed
    run = subprocess.run([sys.executable, "generate.py", "build", f"handouts/{SLUG}", "--format", "brf,pef"],
                         cwd=root, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return root


def test_build_format_brf_pef_writes_both_files(project):
    folder = project / "output" / SLUG
    assert sorted(p.name for p in folder.iterdir()) == [f"{SLUG}.brf", f"{SLUG}.pef"]
    pages = (folder / f"{SLUG}.brf").read_bytes().decode("ascii").split("\f")[:-1]
    assert len(pages) > 10 and all(len(page.split("\r\n")) == 25 for page in pages)
    volume = ET.parse(folder / f"{SLUG}.pef").getroot().find(f"{PEF}body/{PEF}volume")
    assert len(volume.findall(f".//{PEF}page")) == len(pages)


def test_the_catalog_links_the_braille_files_with_their_size_and_pages(project):
    page = (project / "output" / "index.html").read_text(encoding="utf-8")
    brf = (project / "output" / SLUG / f"{SLUG}.brf").read_bytes()
    count = brf.count(b"\f")
    assert (f'<a href="{SLUG}/{SLUG}.brf">Braille (BRF, UEB grade 2)</a>: {count} braille pages, '
            f"{round(len(brf) / 1000)} kB") in page
    assert f'<a href="{SLUG}/{SLUG}.pef">Braille (PEF, UEB grade 2)</a>: {count} braille pages' in page
    assert "A BRF file goes to a braille embosser" in page
    catalog = json.loads((project / "output" / "catalog.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "docs" / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, schema, cls=jsonschema.Draft202012Validator)
    (handout,) = catalog["handouts"]
    assert [(f["format"], f["braille"], f["pages"], f["layout"]) for f in handout["files"]] == [
        ("brf", "en-ueb-g2", count, None), ("pef", "en-ueb-g2", count, None)]


def test_a_second_build_gives_the_same_bytes_and_an_unchanged_one_is_skipped(project, tmp_path):
    again = build([project / "handouts" / SLUG], None, BuildOptions(output_dir=tmp_path, formats=("brf", "pef"),
                                                                    force=True))
    assert again.ok, [str(e) for e in again.errors]
    for name in (f"{SLUG}.brf", f"{SLUG}.pef"):
        assert (tmp_path / SLUG / name).read_bytes() == (project / "output" / SLUG / name).read_bytes()
    rebuilt = build([project / "handouts" / SLUG], None, BuildOptions(output_dir=tmp_path, formats=("brf", "pef")))
    assert rebuilt.ok and rebuilt.written == [] and len(rebuilt.up_to_date) == 2
    assert [w.rule for w in rebuilt.warnings] == ["clinic.placeholder"]  # the manifest took the braille records


@pytest.fixture
def renders(monkeypatch) -> list[tuple[str, str]]:
    """Every rendering of a print edition in this process, as (layout, paper)."""
    made: list[tuple[str, str]] = []
    render = jobs.render_edition

    def counted(handout, clinic, layout, paper, *args, **kwargs):
        made.append((layout.name, paper))
        return render(handout, clinic, layout, paper, *args, **kwargs)

    monkeypatch.setattr(jobs, "render_edition", counted)
    return made


def test_one_rendering_of_the_large_print_pdf_serves_the_epub_brf_and_pef(tmp_path, renders):
    source = write_handout(tmp_path)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("epub", "brf", "pef"),
                                                       jobs=1))
    assert result.ok and len(result.written) == 3 and renders == [("large-print", "letter")]
    renders.clear()  # the PDF built in the same task is the one the braille edition's page numbers come from
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "two", formats=("pdf", "brf"), jobs=1))
    assert result.ok and renders == [("large-print", "letter")]


def test_the_clinic_files_formats_are_the_default_and_format_overrides_them(tmp_path):
    source = write_handout(tmp_path, clinic="name: Test Clinic\nformats: [brf]\n")
    planned = plan_build([source.parent], None, BuildOptions(output_dir=tmp_path / "out"), manifest(tmp_path))
    assert [p.job.name for p in planned.handouts[0].jobs] == ["hand-washing/hand-washing.brf"]
    planned = plan_build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf", "pef")),
                         manifest(tmp_path))
    assert [p.job.format for p in planned.handouts[0].jobs] == ["pdf", "pef"]
    (tmp_path / "handouts" / "clinic.yaml").write_text("name: Test Clinic\nformats: [pdf, bfr]\n", encoding="utf-8")
    planned = plan_build([source.parent], None, BuildOptions(output_dir=tmp_path / "out"), manifest(tmp_path))
    (error,) = planned.errors
    assert error.line == 2 and "formats" in str(error) and "'brf'" in str(error)


def test_a_braille_file_is_rebuilt_when_a_liblouis_table_changes(tmp_path, monkeypatch, louis):
    tables = tmp_path / "tables"
    tables.mkdir()
    for name, data in louis.table_files(("en-ueb-g2.ctb", "en-us-brf.dis")).items():
        (tables / name).write_bytes(data)
    monkeypatch.setenv("LOUIS_TABLEPATH", str(tables))
    source = write_handout(tmp_path)
    options = BuildOptions(output_dir=tmp_path / "out", formats=("brf",))
    assert build([source.parent], None, options).ok

    def up_to_date() -> bool:
        (job,) = plan_build([source.parent], None, options, manifest(options.output_dir)).handouts[0].jobs
        return job.up_to_date

    assert up_to_date()
    with (tables / "en-ueb-chardefs.uti").open("a", encoding="utf-8") as included:  # included by en-ueb-g1.ctb
        included.write("\n# a change\n")
    assert not up_to_date()


def test_a_language_without_braille_is_an_error_for_braille_only(tmp_path):
    front = MINIMAL_FRONT.replace("title: Washing your hands", "title: Se laver les mains\nlanguage: fr")
    source = write_handout(tmp_path, front)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf", "brf")))
    (error,) = result.errors
    assert result.format_errors == [error] and error.file == source and "'fr'" in error.message
    assert [p.name for p in result.written] == ["hand-washing-large-print-letter.pdf"]
    again = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf", "brf")))
    assert again.written == [] and again.errors == [error]  # said again on every build until it is resolved


def test_a_character_braille_has_no_sign_for_stops_only_the_braille_files(tmp_path):
    body = MINIMAL_BODY + "\nDr. Żaneta Nowak answers on Mondays.\n"  # the font draws Ż, UEB has no sign for it
    source = write_handout(tmp_path, body=body)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf", "brf", "pef"),
                                                       jobs=1))
    (error,) = result.errors
    assert result.format_errors == [error] and (error.file, error.line) == (source, 10) and "Ż" in error.message
    assert error.hint.startswith("write Z instead of Ż")
    assert [p.name for p in result.written] == ["hand-washing-large-print-letter.pdf"]
    assert manifest(tmp_path / "out").handouts["hand-washing"]  # the handout is in the catalog with its PDF
    assert "hand-washing-large-print-letter.pdf" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def _says_unmade_without_a_reason(task, shared):
    outcome = quick_work(task, shared)
    return replace(outcome, made=outcome.made[:1], unmade=task.jobs[1:])


def test_a_worker_result_that_leaves_files_out_without_their_errors_is_refused(tmp_path):
    source = write_handout(tmp_path)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf", "brf")),
                   executor=InProcess(_says_unmade_without_a_reason))
    (error,) = result.errors
    assert "refused" in error.message and result.written == []


def test_format_takes_any_of_the_four_formats_and_names_them_when_one_is_unknown(capsys):
    from plainleaf.cli.command import parser

    assert parser().parse_args(["build", "--format", "brf, PEF,pdf"]).format == ["brf", "pef", "pdf"]
    assert parser().parse_args(["build"]).format is None  # the clinic file's formats, else pdf,epub
    with pytest.raises(SystemExit):
        parser().parse_args(["build", "--format", "pdf,brl"])
    assert "unknown format 'brl'; use any of pdf, epub, brf, pef" in capsys.readouterr().err


def test_the_clinic_files_formats_are_the_build_formats():
    from typing import get_args

    from plainleaf.source.model import Clinic

    listed = get_args(Clinic.model_fields["formats"].annotation)[0]  # list[Literal[...]] | None
    (literal,) = get_args(listed)
    assert get_args(literal) == jobs.FORMATS
