from __future__ import annotations

import pytest

from plainleaf.errors import HandoutError, HandoutErrors
from plainleaf.source.files import load_clinic, load_yaml, read_text, validate
from plainleaf.source.model import FrontMatter


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


def read(tmp_path, data: bytes) -> str:
    path = tmp_path / "handout.md"
    path.write_bytes(data)
    return read_text(path)


def error_of(call) -> HandoutError:
    with pytest.raises(HandoutErrors) as info:
        call()
    (error,) = info.value.errors
    return error


def test_a_byte_order_mark_and_windows_or_old_mac_line_ends_are_read_as_plain_text(tmp_path):
    assert read(tmp_path, b"\xef\xbb\xbf---\r\ntitle: T\r\n---\rText\r\n") == "---\ntitle: T\n---\nText\n"


@pytest.mark.parametrize(("data", "line"), [(b"---\ntitle: T\x00\n", 2), (b"a\n\nb\x1b[31m\n", 3), (b"\x7f", 1)])
def test_control_characters_are_refused_with_their_line(tmp_path, data, line):
    error = error_of(lambda: read(tmp_path, data))
    assert error.line == line and "control character" in error.message and error.hint


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "handout.md"
    path.write_text("x" * 101)
    assert "the limit is 100" in error_of(lambda: read_text(path, limit=100)).message


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    error = error_of(lambda: load_yaml(BILLION_LAUGHS, tmp_path / "f", first_line=2))
    assert error.line == 2 and "anchors (&) and aliases (*) are not allowed" in error.message


def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path):
    error = error_of(lambda: load_yaml("a: " + "[" * 5000, tmp_path / "f"))
    assert "nested too deeply" in error.message


def test_a_date_that_does_not_exist_names_its_line(tmp_path):
    error = error_of(lambda: load_yaml("title: T\nreviewed: 2026-02-30\n", tmp_path / "f", first_line=2))
    assert error.line == 3 and "'2026-02-30' cannot be read" in error.message and "YYYY-MM-DD" in error.hint


def test_a_key_given_twice_names_both_lines(tmp_path):
    error = error_of(lambda: load_yaml("title: A\nsummary: S\ntitle: B\n", tmp_path / "f", first_line=2))
    assert error.line == 4 and "`title` is given twice (first on line 2)" in error.message


@pytest.mark.parametrize("text", ["- title: T\n- summary: S\n", "just a sentence\n", "42\n"])
def test_front_matter_that_is_not_key_value_lines_is_explained(tmp_path, text):
    data, lines = load_yaml(text, tmp_path / "f", first_line=2)
    error = error_of(lambda: validate(FrontMatter, data, tmp_path / "f", lines))
    assert error.line == 2 and "expected a list of `key: value` lines" in error.message


def test_a_duplicate_reference_id_names_the_second_entry(tmp_path):
    text = ("title: T\nsummary: S\nreviewed: 2026-11-01\nreferences:\n  - {id: a, title: A, publisher: P}\n"
            "  - id: b\n    title: B\n    publisher: P\n  - id: a\n    title: C\n    publisher: P\n")
    data, lines = load_yaml(text, tmp_path / "f", first_line=2)
    error = error_of(lambda: validate(FrontMatter, data, tmp_path / "f", lines))
    assert error.line == 10 and "reference id 'a' is used twice" in error.message
