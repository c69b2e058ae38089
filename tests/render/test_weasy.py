"""WeasyPrint imported through plainleaf's one import of it opens the very library files it opens on its own; the
loader-cache lookup answers as ctypes.util.find_library does for what the cache lists, asks find_library itself
only where the loader could find a file past its cache, and is taken away again after the import."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys

import pytest

from plainleaf.render import weasy
from tests.helpers import ROOT

OPENED = """
import json, sys
{imports}
print(json.dumps(sorted({{line.split()[-1] for line in open("/proc/self/maps")
                         if ".so" in line.rsplit("/", 1)[-1]}})))
"""

# The names WeasyPrint 70's text/ffi.py tries, in its order: both those the cache lists and those it does not.
WEASYPRINT_NAMES = ("libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "libpango-1.0-0", "pango-1.0-0", "pango-1.0",
                    "libharfbuzz-0", "harfbuzz", "libharfbuzz-subset-0", "harfbuzz-subset", "libfontconfig-1",
                    "fontconfig-1", "fontconfig", "libpangoft2-1.0-0", "pangoft2-1.0-0", "pangoft2-1.0")


def opened_libraries(imports: str) -> list[str]:
    run = subprocess.run([sys.executable, "-c", OPENED.format(imports=imports)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return json.loads(run.stdout)


def test_weasyprint_opens_the_same_library_files_through_plainleaf():
    alone = opened_libraries("import weasyprint")
    through_plainleaf = opened_libraries("from plainleaf.render.weasy import weasyprint")
    assert any("libpango-1.0" in path for path in alone)
    assert through_plainleaf == alone


@pytest.mark.parametrize("name", WEASYPRINT_NAMES)
def test_the_lookup_answers_as_find_library_does(name):
    asked: list[str] = []

    def slow(name: str) -> str | None:
        asked.append(name)
        return ctypes.util.find_library(name)

    listing = weasy._loader_cache()
    assert listing is not None
    assert weasy.cached_find_library(listing, (), slow)(name) == ctypes.util.find_library(name)
    assert asked == []  # answered from the listing alone


LISTING = (b"3 libs found in cache `/etc/ld.so.cache'\n"
           b"\tlibpango-1.0.so.0 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0\n"
           b"\tlibpango-1.0.so.0 (libc6) => /usr/lib32/libpango-1.0.so.0\n")


def test_a_name_the_cache_lacks_is_asked_of_find_library_only_when_a_file_could_be_opened_past_the_cache(
        monkeypatch):
    monkeypatch.setattr(weasy, "_abi_type", lambda: "libc6,x86-64")
    asked: list[str] = []

    def slow(name: str) -> str | None:
        asked.append(name)
        return f"lib{name}.so.7"

    find = weasy.cached_find_library(LISTING, ("libfresh.so.7", "libpango-1.0.so.0"), slow)
    assert find("pango-1.0") == "libpango-1.0.so.0"
    assert find("pango-1.0-0") is None
    assert find("fresh") == "libfresh.so.7"
    assert asked == ["fresh"]


def test_only_the_machines_abi_is_answered(monkeypatch):
    monkeypatch.setattr(weasy, "_abi_type", lambda: "libc6,64bit")
    assert weasy.cached_find_library(LISTING, (), lambda name: None)("pango-1.0") is None


def test_the_real_find_library_is_back_after_the_import_even_when_it_fails(monkeypatch):
    monkeypatch.setattr(weasy, "_loader_cache", lambda: LISTING)
    real = ctypes.util.find_library
    with pytest.raises(OSError), weasy.libraries_from_loader_cache():
        assert ctypes.util.find_library is not real
        raise OSError("a library is missing")
    assert ctypes.util.find_library is real


def test_without_a_cache_nothing_is_replaced(monkeypatch):
    monkeypatch.setattr(weasy, "_loader_cache", lambda: None)
    real = ctypes.util.find_library
    with weasy.libraries_from_loader_cache():
        assert ctypes.util.find_library is real
