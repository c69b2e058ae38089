"""Fixtures: small handouts written on the fly, and one build of the example shared by the output tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from plainleaf.build.run import BuildOptions, build
from plainleaf.errors import HandoutError
from plainleaf.render.braille.louis import Liblouis, open_liblouis
from tests.fuzz_support import make_folder
from tests.helpers import CLINIC, EXAMPLE, MINIMAL_BODY, MINIMAL_FRONT, write_handout


@pytest.fixture(scope="session", autouse=True)
def user_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """A cache folder of the test run's own (XDG_CACHE_HOME, which the builds the tests start inherit): the tests
    never read or write the real one in the home folder."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield Path(os.environ["XDG_CACHE_HOME"])
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def handout_file(tmp_path: Path):
    """Call with front matter and body to get a handout.md path in a fresh handouts/ folder."""
    def make(front: str = MINIMAL_FRONT, body: str = MINIMAL_BODY, **kwargs) -> Path:
        return write_handout(tmp_path, front, body, **kwargs)
    return make


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example handout built once (large print, letter, PDF and EPUB) for the output tests."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, root / "handouts" / EXAMPLE.name)
    # the repository's clinic file says its details are made up (placeholder: true): these builds stand for a
    # clinic's own, which the build has nothing to warn about
    clinic = CLINIC.read_text(encoding="utf-8").replace("placeholder: true\n", "")
    (root / "handouts" / "clinic.yaml").write_text(clinic, encoding="utf-8")
    result = build([root / "handouts"], None, BuildOptions(output_dir=root / "output"))
    assert result.ok, [str(e) for e in result.errors]
    folder = root / "output" / EXAMPLE.name
    return {"pdf": folder / f"{EXAMPLE.name}-large-print-letter.pdf", "epub": folder / f"{EXAMPLE.name}.epub",
            "root": root}


@pytest.fixture(scope="session")
def louis() -> Liblouis:
    """liblouis, for the braille tests: without it they fail, saying how to install it (never skip)."""
    found = open_liblouis()
    if isinstance(found, HandoutError):
        pytest.fail(f"the braille tests need liblouis: {found} (run the README's install commands)")
    return found


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A handout folder for hypothesis's handouts (fuzz_support.make_folder), one for each test module."""
    return make_folder(tmp_path_factory.mktemp("tree-fuzz"))
