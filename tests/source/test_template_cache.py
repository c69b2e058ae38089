"""Compiled templates are kept in the user's cache folder: the next process renders from them without compiling,
a changed template is compiled again, and a cache folder that is broken, a file, or damaged changes nothing but the
time. (conftest.py gives the test run a cache folder of its own.)"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from plainleaf.source import layout

TEMPLATE = "{% for n in numbers %}{{ n }}<{{ word }}>{% endfor %}\n"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from now on."""
    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return compiled


def render_in_new_process(monkeypatch: pytest.MonkeyPatch, folder: Path) -> str:
    """Render page.html as a fresh process would: nothing compiled in memory yet."""
    monkeypatch.setattr(layout, "_COMPILED", layout._CompiledTemplates())
    env = layout.folder_environment([folder])
    return env.get_template("page.html").render(numbers=[1, 2], word="a&b")


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text(TEMPLATE, encoding="utf-8")
    return folder


EXPECTED = "1<a&amp;b>2<a&amp;b>"  # trim_blocks takes the newline after a block tag


def test_the_next_process_renders_from_the_cache_without_compiling(monkeypatch, templates, tmp_path, compiles):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert compiles == ["page.html"]
    assert list((tmp_path / "cache" / "plainleaf" / "templates").glob("*.jinja"))
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert compiles == ["page.html"]


def test_a_changed_template_is_compiled_again(monkeypatch, templates, tmp_path, compiles):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render_in_new_process(monkeypatch, templates)
    (templates / "page.html").write_text(TEMPLATE.replace("<", "["), encoding="utf-8")
    assert render_in_new_process(monkeypatch, templates) == EXPECTED.replace("<", "[")
    assert compiles == ["page.html", "page.html"]


def test_damaged_cache_files_are_compiled_over(monkeypatch, templates, tmp_path, compiles):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render_in_new_process(monkeypatch, templates)
    for cached in (tmp_path / "cache" / "plainleaf" / "templates").glob("*.jinja"):
        cached.write_bytes(cached.read_bytes()[:40] + b"\x00garbage")
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert compiles == ["page.html", "page.html"]


@pytest.mark.parametrize("occupied", ["", "plainleaf/templates"])
def test_a_file_where_the_cache_folder_should_be_is_harmless(monkeypatch, templates, tmp_path, compiles, occupied):
    cache = tmp_path / "cache"
    (cache / occupied).parent.mkdir(parents=True, exist_ok=True)
    (cache / occupied).write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert compiles == ["page.html", "page.html"]


def test_a_folder_where_a_cache_file_should_be_is_harmless(monkeypatch, templates, tmp_path, compiles):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    render_in_new_process(monkeypatch, templates)
    folder = tmp_path / "cache" / "plainleaf" / "templates"
    for cached in folder.glob("*.jinja"):
        cached.unlink()
        cached.mkdir()
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert render_in_new_process(monkeypatch, templates) == EXPECTED
    assert compiles == ["page.html"] * 3
    assert not list(folder.glob("*.tmp"))  # the unfinished copy is not left behind
