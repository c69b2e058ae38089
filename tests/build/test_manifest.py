"""The manifest: what plainleaf made, kept across builds, claims of a build that stopped half-way; and a manifest
that is not what plainleaf writes (edited, damaged, hostile) is set aside, never trusted."""

from __future__ import annotations

import hashlib
import json
import os

import pytest

from plainleaf.build.manifest import (
    CLAIMS_FILE,
    MANIFEST_FILE,
    FileRecord,
    Manifest,
    claim,
    load_manifest,
    save_manifest,
)

SHA = hashlib.sha256(b"new").hexdigest()
DIGEST = "d" * 64


def test_a_saved_manifest_loads_the_same_and_leaves_no_claims(tmp_path):
    manifest = Manifest(files={"a/a.epub": FileRecord("a", "epub", DIGEST, 3, 2, sha256=SHA)}, catalog=DIGEST)
    claim(tmp_path, {"a/a.epub": FileRecord("a", "epub", size=3, sha256=SHA)})
    save_manifest(tmp_path, manifest)
    assert load_manifest(tmp_path) == (manifest, [])
    assert not (tmp_path / CLAIMS_FILE).exists() and not list(tmp_path.glob("*.partial"))


def test_files_claimed_by_a_build_that_was_killed_are_plainleafs_while_unchanged_and_out_of_date(tmp_path):
    save_manifest(tmp_path, Manifest(files={"a/a.epub": FileRecord("a", "epub", DIGEST, 3, sha256="0" * 64)}))
    claim(tmp_path, {"a/a.epub": FileRecord("a", "epub", size=3, sha256=SHA),
                     "b/b-large-print-letter.pdf": FileRecord("b", "pdf", size=3, sha256=SHA)})  # then it died
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "a.epub").write_bytes(b"new")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "b-large-print-letter.pdf").write_bytes(b"own")  # not what was claimed: somebody's
    manifest, warnings = load_manifest(tmp_path)
    assert warnings == []
    assert manifest.files["a/a.epub"] == FileRecord("a", "epub", size=3, sha256=SHA)  # no digest: it is rebuilt
    assert manifest.owns("a/a.epub", tmp_path)
    assert not manifest.owns("b/b-large-print-letter.pdf", tmp_path)


def test_a_file_changed_since_plainleaf_made_it_is_no_longer_plainleafs(tmp_path):
    (tmp_path / "a.epub").write_bytes(b"edited")
    manifest = Manifest(files={"a.epub": FileRecord(None, "epub", DIGEST, 6, sha256="0" * 64)})
    assert not manifest.owns("a.epub", tmp_path) and not manifest.owns("other.epub", tmp_path)


@pytest.mark.parametrize("kind", ["fifo", "link out", "hard link", "larger"])
def test_a_file_is_plainleafs_only_as_a_plain_file_of_the_recorded_size_and_digest(tmp_path, kind):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere.epub"
    output.mkdir()
    elsewhere.write_bytes(b"new")
    target = output / "a.epub"
    {"fifo": lambda: os.mkfifo(target), "link out": lambda: target.symlink_to(elsewhere),
     "hard link": lambda: os.link(elsewhere, target), "larger": lambda: target.write_bytes(b"new" * 10**6)}[kind]()
    manifest = Manifest(files={"a.epub": FileRecord(None, "epub", DIGEST, 3, sha256=SHA)})
    assert not manifest.owns("a.epub", output)  # and a FIFO was never opened: this returns at once


def record(**changes) -> dict:
    return {**vars(FileRecord("a", "pdf", DIGEST, 3, 1, "large-print", "letter", SHA)), **changes}


def handout_record(**changes) -> dict:
    return {"source": "../handouts/a/handout.md", "slug": "a", "title": "A", "subtitle": None, "summary": "S",
            "language": "en", "reviewed": "2026-11-01", "translation_of": None,
            "reading_level": [{"formula": "smog", "label": "SMOG", "value": 6.5, "target": {"at_most": 8},
                               "passed": True}],
            "prescreen": [{"instrument": "CCI", "scale": "CCI", "met": 9, "judged": 10, "questions": 1, "share": 90,
                           "threshold": 90, "passed": True}], **changes}


def manifest_data(**changes) -> dict:
    return {"format": 1, "files": {"a/a-large-print-letter.pdf": record()}, "handouts": {"a": handout_record()},
            "sources": {"../handouts/a/handout.md": {"digest": DIGEST, "slug": "a", "language": "en", "title": "A",
                                                     "translation_of": None, "pictures": ["images/x.png"]}},
            "clinic": {"digest": DIGEST, "paper": None, "logo": None, "placeholder": None, "strict": False,
                       "country": "US"}, "catalog": None, **changes}


def test_the_manifest_plainleaf_writes_passes_its_own_validation(tmp_path):
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(manifest_data()))
    manifest, warnings = load_manifest(tmp_path)
    assert warnings == [] and list(manifest.files) == ["a/a-large-print-letter.pdf"]
    assert manifest.serialized() == json.dumps(manifest_data(), sort_keys=True, separators=(",", ":")).encode()


def test_a_manifest_from_before_a_field_with_a_default_was_added_still_loads(tmp_path):
    old = manifest_data(handouts={"a": {k: v for k, v in handout_record().items() if k != "prescreen"}})
    (tmp_path / MANIFEST_FILE).write_text(json.dumps(old))
    manifest, warnings = load_manifest(tmp_path)
    assert warnings == [] and manifest.handouts["a"].prescreen == []


HOSTILE = {
    "not JSON": b"{not json",
    "not UTF-8": b'{"format": 1, "files": "\xff"}',
    "files is a list": manifest_data(files=[]),
    "a file outside": manifest_data(files={"../../somewhere/x.pdf": record()}),
    "an absolute file": manifest_data(files={"/etc/passwd": record(handout=None)}),
    "a file under another slug": manifest_data(files={"b/x.pdf": record()}),
    "a handout outside": manifest_data(handouts={"../../somewhere": handout_record(slug="../../somewhere")}),
    "a handout under another name": manifest_data(handouts={"b": handout_record()}),
    "a sha256 that is not one": manifest_data(files={"a/a.pdf": record(sha256="x")}),
    "a size that is not one": manifest_data(files={"a/a.pdf": record(size=-1)}),
    "a boolean size": manifest_data(files={"a/a.pdf": record(size=True)}),
    "a missing field": manifest_data(files={"a/a.pdf": {k: v for k, v in record().items() if k != "format"}}),
    "an unknown field": manifest_data(files={"a/a.pdf": record(owner="me")}),
    "a bad reviewed date": manifest_data(handouts={"a": handout_record(reviewed="2026-13-45")}),
    "a reviewed number": manifest_data(handouts={"a": handout_record(reviewed=20261101)}),
    "a language with markup": manifest_data(handouts={"a": handout_record(language='en" foo="bar')}),
    "a language that is not text": manifest_data(handouts={"a": handout_record(language=None)}),
    "a title with a control character": manifest_data(handouts={"a": handout_record(title="A\x1b[31m")}),
    "a reading level that is not one": manifest_data(handouts={"a": handout_record(reading_level=[{"value": 1}])}),
    "a pre-screen that is not one": manifest_data(handouts={"a": handout_record(prescreen=[{"share": "90%"}])}),
    "an infinite score": manifest_data(handouts={"a": handout_record(reading_level=[
        {"formula": "smog", "label": "SMOG", "value": float("inf"), "target": None, "passed": True}])}),
    "another format": manifest_data(format=2),
    "a clinic paper": manifest_data(clinic={"digest": DIGEST, "paper": "a0", "logo": None}),
    "a source with a bad slug": manifest_data(sources={"x": {"digest": DIGEST, "slug": "../x", "language": "en",
                                                             "title": "A", "translation_of": None, "pictures": []}}),
    "a list": [],
    "a record that is a number": manifest_data(files={"a/a.pdf": 5}),
    "a handout record that is a list": manifest_data(handouts={"a": []}),
    "a source record that is text": manifest_data(sources={"x": "y"}),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_manifest_plainleaf_did_not_write_is_set_aside_and_the_build_starts_afresh(tmp_path, name):
    data = HOSTILE[name]
    (tmp_path / MANIFEST_FILE).write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    manifest, (warning,) = load_manifest(tmp_path)
    assert manifest == Manifest()
    assert warning.severity == "warning" and warning.file == tmp_path / MANIFEST_FILE and "\n" not in str(warning)
    assert "set aside as .plainleaf-manifest.json.damaged" in warning.message
    assert (tmp_path / (MANIFEST_FILE + ".damaged")).exists() and not (tmp_path / MANIFEST_FILE).exists()


@pytest.mark.parametrize("claims", [b"a/a.epub\ta\n", b"a/a.epub\ta\t3\t" + SHA.encode() + b"\xff\n",
                                    b"../x.pdf\t\t3\t" + SHA.encode() + b"\n", b"a/a.epub\tb\t3\t" + SHA.encode(),
                                    b"a/a.epub\ta\tthree\t" + SHA.encode()])
def test_claims_plainleaf_did_not_write_are_set_aside(tmp_path, claims):
    (tmp_path / CLAIMS_FILE).write_bytes(claims)
    manifest, (warning,) = load_manifest(tmp_path)
    assert manifest == Manifest() and "set aside" in warning.message and warning.file == tmp_path / CLAIMS_FILE


def test_a_manifest_that_is_a_fifo_is_set_aside_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / MANIFEST_FILE)
    manifest, (warning,) = load_manifest(tmp_path)
    assert manifest == Manifest() and "not a regular file" in warning.message


def test_claims_are_never_written_through_a_link(tmp_path):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    output.mkdir()
    elsewhere.write_text("mine\n")
    (output / CLAIMS_FILE).symlink_to(elsewhere)
    with pytest.raises(OSError):
        claim(output, {"a/a.epub": FileRecord("a", "epub", size=3, sha256=SHA)})
    assert elsewhere.read_text() == "mine\n"
