"""The plain-text edition in a build: `--format txt` from a project root with relative paths, for the example
handout and a corpus handout; the file in the manifest and the catalog; the same bytes on every build, and no
layout or paper: what `--layout` and `--paper` say neither changes it nor rebuilds it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from plainleaf.build.plan import plan_build
from plainleaf.build.run import BuildOptions, build
from plainleaf.render.plaintext import plain_text_edition
from plainleaf.source.editions import plan_editions
from plainleaf.source.files import load_clinic
from plainleaf.source.parse import parse_handout
from tests.helpers import ROOT, manifest, write_handout

SLUG = "neuroendocrine-tumors"
CORPUS_SLUG = "blood-pressure-medicines"  # another voice, with wide tables, built for the corpus's clinic


def generate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's plainleaf, whatever is installed
    return subprocess.run([sys.executable, "generate.py", "build", *args], cwd=root, env=env, capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder as a clinic has one, with a corpus handout beside the examples (and the corpus's clinic
    file beside it), built with the README's command from its root."""
    root = tmp_path_factory.mktemp("project")
    for name in ("layouts", "fonts", "handouts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copytree(ROOT / "tests" / "corpus" / CORPUS_SLUG, root / "corpus" / CORPUS_SLUG)
    for name in ("clinic.yaml", "logo.png"):
        shutil.copy(ROOT / "tests" / "corpus" / name, root / "corpus")
    shutil.copy(ROOT / "generate.py", root)
    for path in (f"handouts/{SLUG}", f"corpus/{CORPUS_SLUG}"):
        run = generate(root, path, "--format", "txt")
        assert run.returncode == 0, run.stdout + run.stderr
    return root


@pytest.mark.parametrize("folder, slug", [("handouts", SLUG), ("corpus", CORPUS_SLUG)])
def test_build_format_txt_writes_the_plain_text_edition_as_utf8(project, folder, slug):
    assert sorted(p.name for p in (project / "output" / slug).iterdir()) == [f"{slug}.txt"]
    source = project / folder / slug / "handout.md"
    clinic, (editions, _) = load_clinic(project / folder / "clinic.yaml"), plan_editions([source])
    expected = plain_text_edition(parse_handout(source, country=clinic.country), clinic,
                                  editions.get(source.resolve(), ()))
    assert (project / "output" / slug / f"{slug}.txt").read_bytes() == expected.encode("utf-8")


def test_the_catalog_links_the_plain_text_with_its_size(project):
    page = (project / "output" / "index.html").read_text(encoding="utf-8")
    text = (project / "output" / SLUG / f"{SLUG}.txt").read_bytes()
    assert f'<a href="{SLUG}/{SLUG}.txt">Plain text (TXT)</a>: {round(len(text) / 1000)} kB</li>' in page
    catalog = json.loads((project / "output" / "catalog.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "docs" / "catalog.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(catalog, schema, cls=jsonschema.Draft202012Validator)
    files = {f["path"]: f for h in catalog["handouts"] for f in h["files"]}
    assert files[f"{SLUG}/{SLUG}.txt"] == {"path": f"{SLUG}/{SLUG}.txt", "format": "txt", "layout": None,
                                           "paper": None, "bytes": len(text), "pages": None}
    assert f"{CORPUS_SLUG}/{CORPUS_SLUG}.txt" in files


def test_a_second_build_gives_the_same_bytes_and_an_unchanged_one_is_skipped(project):
    name = f"{SLUG}/{SLUG}.txt"
    first = (project / "output" / name).read_bytes()
    run = generate(project, f"handouts/{SLUG}", "--format", "txt", "--force", "--output", "again")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (project / "again" / name).read_bytes() == first
    run = generate(project, f"handouts/{SLUG}", "--format", "txt", "--output", "again")
    assert run.returncode == 0 and "wrote" not in run.stdout and "1 file(s) up to date" in run.stdout


def test_the_plain_text_has_no_layout_or_paper(tmp_path):
    """Built with none of the layouts the print and page-numbered editions use, and never rebuilt for them."""
    source = write_handout(tmp_path)
    out = tmp_path / "out"
    options = BuildOptions(output_dir=out, formats=("txt",), layouts=["extra-large"], papers=["a4"], jobs=1)
    (planned,) = plan_build([source.parent], None, options, manifest(tmp_path)).handouts
    assert [(p.job.name, p.job.layout, p.job.paper) for p in planned.jobs] == [
        ("hand-washing/hand-washing.txt", None, None)]
    result = build([source.parent], None, options)
    assert result.ok and result.written == [out / "hand-washing" / "hand-washing.txt"], [str(e) for e in result.errors]
    again = build([source.parent], None, BuildOptions(output_dir=out, formats=("txt", "pdf"), jobs=1))
    assert again.ok and again.written == [out / "hand-washing" / "hand-washing-large-print-letter.pdf"]
    assert again.up_to_date == [out / "hand-washing" / "hand-washing.txt"]


def test_the_clinic_files_formats_may_ask_for_plain_text(tmp_path):
    source = write_handout(tmp_path, clinic="name: Test Clinic\nformats: [epub, txt]\n")
    (planned,) = plan_build([source.parent], None, BuildOptions(output_dir=tmp_path / "out"),
                            manifest(tmp_path)).handouts
    assert [p.job.name for p in planned.jobs] == ["hand-washing/hand-washing.epub", "hand-washing/hand-washing.txt"]
