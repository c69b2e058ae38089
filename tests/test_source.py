from __future__ import annotations

import pytest

from plainleaf.errors import HandoutErrors
from plainleaf.source import load_clinic, load_yaml, read_text


def test_non_utf8_file_names_the_line(tmp_path):
    path = tmp_path / "handout.md"
    path.write_bytes("---\ntitle: Caf\u00e9\n".encode() + "summary: Ni\u00f1o\n".encode("latin-1"))
    with pytest.raises(HandoutErrors) as info:
        read_text(path)
    (error,) = info.value.errors
    assert error.line == 3 and "UTF-8" in error.message and "UTF-8" in error.hint


def test_yaml_key_paths_know_their_lines(tmp_path):
    _, lines = load_yaml("a: 1\nrefs:\n  - id: x\n    url: y\n", tmp_path / "f", first_line=2)
    assert lines[("a",)] == 2
    assert lines[("refs", 0, "url")] == 5


def test_yaml_tags_that_build_objects_are_refused(tmp_path):
    with pytest.raises(HandoutErrors):
        load_yaml("a: !!python/object/apply:os.system ['true']\n", tmp_path / "f")


def test_clinic_needs_only_a_name(tmp_path):
    path = tmp_path / "clinic.yaml"
    path.write_text("name: Small Clinic\n")
    assert load_clinic(path).name == "Small Clinic"
    path.write_text("phone: 555-0100\n")
    with pytest.raises(HandoutErrors) as info:
        load_clinic(path)
    assert "`name` is required" in str(info.value)
