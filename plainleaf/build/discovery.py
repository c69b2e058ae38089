"""Finding what to build: the handout.md files a user's paths name, and the clinic file that goes with them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import HandoutError
from ..source.editions import HANDOUT_FILE

CLINIC_FILE = "clinic.yaml"
HANDOUTS_FOLDER = "handouts"  # in a clinic's folder, as `plainleaf new` makes it


def find_handouts(paths: Iterable[Path]) -> list[Path]:
    """handout.md files: a PATH is a handout folder, a folder of handout folders, or a handout file."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(named_folder(path.parent) / path.name)
        elif (path / HANDOUT_FILE).is_file():
            found.append(named_folder(path) / HANDOUT_FILE)
        elif path.is_dir():
            found.extend(sorted(handouts_folder(path).glob(f"*/{HANDOUT_FILE}")))
    return found


def handouts_folder(folder: Path) -> Path:
    """The folder of handouts a folder given on the command line stands for: itself, or for a clinic's folder
    (which holds `handouts/` and no handout of its own, as `plainleaf new` makes it) the `handouts/` in it."""
    inner = folder / HANDOUTS_FOLDER
    if inner.is_dir() and not any(folder.glob(f"*/{HANDOUT_FILE}")):
        return inner
    return folder


def named_folder(folder: Path) -> Path:
    """`folder` as given, or resolved when its last part is '.' or '..': pathlib's `name` and `parent` are
    lexical, so a handout folder given as '.' would have no name (and no slug), and '..' the wrong parent."""
    return folder.resolve() if folder.name in ("", "..") else folder


def no_handouts(paths: Sequence[Path]) -> HandoutError:
    return HandoutError(None, None, f"no handouts found in {', '.join(str(p) for p in paths)}",
                        f"a handout is a folder with a {HANDOUT_FILE} file in it")


def find_clinic(paths: Sequence[Path], explicit: Path | None) -> Path:
    """--clinic if given; else a clinic.yaml beside (or above) the given handouts; else handouts/clinic.yaml."""
    if explicit:
        return explicit
    for path in paths:
        folder = named_folder(handouts_folder(path) if path.is_dir() else path.parent)
        for candidate in (folder / CLINIC_FILE, folder.parent / CLINIC_FILE):
            if candidate.is_file():
                return candidate
    return Path("handouts") / CLINIC_FILE
