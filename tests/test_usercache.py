"""The user's cache folder: where the XDG rules put it, and that reading or writing it never fails a build."""

from __future__ import annotations

from plainleaf import usercache


def test_the_cache_folder_follows_the_xdg_rules(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cache_folder("templates") == tmp_path / "plainleaf" / "templates"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # not absolute: ignored, as the specification says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert usercache.cache_folder("templates") == tmp_path / "home" / ".cache" / "plainleaf" / "templates"


def test_what_is_written_is_read_back_whole(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.read_cached("kind", "name") is None
    usercache.write_cached("kind", "name", b"first")
    usercache.write_cached("kind", "name", b"second")
    assert usercache.read_cached("kind", "name") == b"second"
    assert sorted(p.name for p in (tmp_path / "plainleaf" / "kind").iterdir()) == ["name"]  # no half-written file


def test_a_cache_that_cannot_be_written_or_read_is_none(monkeypatch, tmp_path):
    (tmp_path / "plainleaf").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    usercache.write_cached("kind", "name", b"data")
    assert usercache.read_cached("kind", "name") is None


def test_a_folder_where_a_file_should_be_is_left_alone(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "plainleaf" / "kind" / "name").mkdir(parents=True)
    usercache.write_cached("kind", "name", b"data")
    assert usercache.read_cached("kind", "name") is None
    assert [p.name for p in (tmp_path / "plainleaf" / "kind").iterdir()] == ["name"]


def test_checked_data_that_was_damaged_is_none(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    name = usercache.cache_key(b"source bytes", "1.0")
    assert name != usercache.cache_key(b"source bytes", "1.1")
    usercache.write_checked("kind", name, b"derived data")
    assert usercache.read_checked("kind", name) == b"derived data"
    kept = tmp_path / "plainleaf" / "kind" / name
    kept.write_bytes(kept.read_bytes().replace(b"derived", b"damaged"))
    assert usercache.read_checked("kind", name) is None
    kept.write_bytes(b"short")
    assert usercache.read_checked("kind", name) is None
