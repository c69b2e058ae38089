"""The manifest: what plainleaf made, kept across builds, claims of a build that stopped half-way, damage."""

from __future__ import annotations

import pytest

from plainleaf.errors import HandoutErrors
from plainleaf.manifest import CLAIMS_FILE, MANIFEST_FILE, FileRecord, Manifest, claim, load_manifest, save_manifest


def test_a_saved_manifest_loads_the_same_and_leaves_no_claims(tmp_path):
    manifest = Manifest(files={"a/a.epub": FileRecord("a", "epub", "d1", 3, 2, sha256="x")}, catalog="c")
    claim(tmp_path, {"a/a.epub": "a"})
    save_manifest(tmp_path, manifest)
    assert load_manifest(tmp_path) == manifest
    assert not (tmp_path / CLAIMS_FILE).exists() and not list(tmp_path.glob("*.partial"))


def test_files_claimed_by_a_build_that_was_killed_are_plainleafs_and_out_of_date(tmp_path):
    save_manifest(tmp_path, Manifest(files={"a/a.epub": FileRecord("a", "epub", "d1", 3, sha256="x")}))
    claim(tmp_path, {"a/a.epub": "a", "b/b-large-print-letter.pdf": "b"})  # then the process died
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.epub").write_bytes(b"new")
    manifest = load_manifest(tmp_path)
    assert manifest.files["a/a.epub"] == FileRecord("a", "epub")  # digest unknown: it will be rebuilt
    assert manifest.files["b/b-large-print-letter.pdf"].format == "pdf"
    assert manifest.owns("a/a.epub", tmp_path) and manifest.owns("b/b-large-print-letter.pdf", tmp_path)


def test_a_file_changed_since_plainleaf_made_it_is_no_longer_plainleafs(tmp_path):
    (tmp_path / "a.epub").write_bytes(b"edited")
    manifest = Manifest(files={"a.epub": FileRecord("a", "epub", "d", 4, sha256="0" * 64)})
    assert not manifest.owns("a.epub", tmp_path) and not manifest.owns("other.epub", tmp_path)


def test_a_damaged_manifest_is_an_error_saying_what_to_do(tmp_path):
    (tmp_path / MANIFEST_FILE).write_text("{not json")
    with pytest.raises(HandoutErrors) as raised:
        load_manifest(tmp_path)
    (error,) = raised.value.errors
    assert error.file == tmp_path / MANIFEST_FILE and error.hint == "move the output folder away and build again"
