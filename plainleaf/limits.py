"""The bounds of what plainleaf accepts: size limits, safe file names, and which files may be read at all."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path

from .errors import HandoutError, HandoutErrors

MAX_SOURCE_BYTES = 1_000_000  # a handout.md, clinic.yaml or layout.yaml
MAX_IMAGE_BYTES = 10_000_000  # one picture file
MAX_IMAGE_PIXELS = 40_000_000  # width × height of one picture (a full page at 600 dpi is ~34 million)
MAX_DATA_URL_BYTES = 1_000_000  # a picture embedded in an SVG as a data: URL
MAX_RESOURCE_BYTES = 20_000_000  # any file read while rendering (fonts are the largest)
MAX_SECTIONS = 60
MAX_NESTING = 4  # lists, quotes and call-out boxes inside each other
SLUG = r"[a-z0-9][a-z0-9-]{0,79}"  # a handout's folder name, which names its files (and a translation's original)
MAX_WORD_CHARS = 300  # one word in the text: longer is a mistake (long words still wrap on the page)
MAX_URL_CHARS = 2_000
MAX_PAGES = 150  # one printed edition; far more than any handout needs, and it bounds the time one takes to render
MAX_SVG_ELEMENTS = 20_000  # in one SVG picture, counting each <use> as the elements it copies
MAX_SVG_DEPTH = 40  # elements inside each other in one SVG picture, <use> copies included
TASK_SECONDS = 300  # one handout's task: all of its files, in whatever process builds it
TASK_MEMORY_BYTES = 3_000_000_000  # address space a task may add to what its process had when it began

_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))})
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_FILE_FLAGS = _READ_FLAGS | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)  # a FIFO never blocks
_FOLDER_FLAGS = _READ_FLAGS | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_WALKS_FOLDERS = os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")


def file_name_problem(name: str) -> str | None:
    """Why `name` cannot be one part of a path on every system (or None): the rule for slugs and pictures."""
    if not _FILE_NAME.match(name):
        return "use only letters, digits, '-', '_' and '.', starting with a letter or digit"
    if name.endswith("."):
        return "a name cannot end with '.'"
    if name.split(".")[0].lower() in _WINDOWS_RESERVED:
        return f"{name.split('.')[0]!r} is a reserved device name on Windows"
    return None


class RefusedFile(Exception):
    """A file that `refusal` says no to; the message is the reason."""


def refusal(path: Path, allowed_dirs: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> str | None:
    """Why `path` may not be read (or None), from its metadata alone: after following links it must be inside one of
    `allowed_dirs` (or be one of them: a single allowed file such as the clinic's logo), a regular file (never a
    device, FIFO or socket) with no other name on the disk (a hard link), and no larger than `max_bytes`."""
    try:
        _checked_place(path, allowed_dirs, max_bytes)
    except RefusedFile as refused:
        return str(refused)
    return None


def read_allowed(path: Path, allowed_dirs: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> bytes:
    """The bytes of `path` if `refusal` allows it; else raise RefusedFile. Every read of a user-named file goes
    through here: the file is checked before it is opened, opened without following links and without waiting (a
    FIFO cannot block), checked again as opened (a file swapped for a link or a FIFO in between is refused), and
    read no further than `max_bytes` + 1."""
    base, resolved, parts = _checked_place(path, allowed_dirs, max_bytes)
    try:
        fd = _open_inside(base, parts) if _WALKS_FOLDERS else os.open(resolved, _FILE_FLAGS)
    except OSError:
        raise RefusedFile("it changed while plainleaf was reading it (it became a link, or went away)") from None
    with os.fdopen(fd, "rb", buffering=0) as handle:
        opened = os.fstat(fd)
        problem = _metadata_problem(opened, max_bytes)
        if problem:
            raise RefusedFile(problem)
        if not _WALKS_FOLDERS and not os.path.samestat(opened, os.stat(resolved, follow_symlinks=False)):
            raise RefusedFile("it changed while plainleaf was reading it")
        data = _read_at_most(handle, max_bytes + 1)
    if len(data) > max_bytes:
        raise RefusedFile(f"it is more than {max_bytes:,} bytes; the limit is {max_bytes:,}")
    return data


def _checked_place(path: Path, allowed_dirs: Sequence[Path], max_bytes: int) -> tuple[Path, Path, tuple[str, ...]]:
    """`_place`, once the file's metadata passes too (looked at without opening it)."""
    base, resolved, parts = _place(path, allowed_dirs)
    try:
        status = os.stat(resolved, follow_symlinks=False)
    except OSError:
        raise RefusedFile("it does not exist") from None
    problem = _metadata_problem(status, max_bytes)
    if problem:
        raise RefusedFile(problem)
    return base, resolved, parts


def read_user_file(path: Path, limit: int = MAX_SOURCE_BYTES, *, own_folder: bool = False) -> bytes:
    """A user's own text file (a handout.md, a clinic file, a layout.yaml) by the rule for every read, its folder the
    only one allowed; `own_folder` also refuses a folder that is itself a link (a handout's folder is its own, not
    one kept elsewhere). Raises HandoutErrors naming the file."""
    if own_folder and path.parent.is_symlink():
        raise HandoutErrors([HandoutError(path.parent, None, "the handout folder is a link to another folder",
                                          "put the real folder here, or build the folder it leads to")])
    try:
        return read_allowed(path, [path.parent], limit)
    except RefusedFile as refused:
        reason = str(refused)
    if reason == "it does not exist":
        raise HandoutErrors([HandoutError(path, None, "file not found")])
    hint = ("split it into several handouts" if "the limit is" in reason else
            "keep the real file in its folder: not a link (or hard link) to a file elsewhere, a device or a FIFO")
    raise HandoutErrors([HandoutError(path, None, f"the file cannot be read: {reason}", hint)])


def _place(path: Path, allowed_dirs: Sequence[Path]) -> tuple[Path, Path, tuple[str, ...]]:
    """(the allowed folder, `path` resolved, its parts below that folder); RefusedFile when it is outside them all."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (Python 3.11 raises RuntimeError)
        raise RefusedFile("it is a link that leads round in a loop") from None
    for allowed in allowed_dirs:
        base = allowed.resolve()
        if resolved == base:  # a single allowed file
            return base.parent, resolved, (resolved.name,)
        if resolved.is_relative_to(base):
            return base, resolved, resolved.relative_to(base).parts
    folders = ", ".join(f"{d.name}/" if d.is_dir() else d.name for d in allowed_dirs)
    raise RefusedFile(f"it is outside the folders plainleaf may read ({folders}), after following links")


def _metadata_problem(status: os.stat_result, max_bytes: int) -> str | None:
    if not stat.S_ISREG(status.st_mode):
        return "it is not a regular file (it is a folder, a device, a FIFO or a socket)"
    if status.st_nlink > 1:
        return (f"it is a hard link (the same file has {status.st_nlink} names on this disk), so plainleaf cannot "
                "tell that it belongs in this folder; copy the file instead of linking it")
    if status.st_size > max_bytes:
        return f"it is {status.st_size:,} bytes; the limit is {max_bytes:,}"
    return None


def _open_inside(base: Path, parts: tuple[str, ...]) -> int:
    """Open base/parts one folder at a time, following no link on the way: the path was resolved, so a link met
    here was put there since."""
    folder = os.open(base, _READ_FLAGS | os.O_DIRECTORY)
    try:
        for part in parts[:-1]:
            inner = os.open(part, _FOLDER_FLAGS, dir_fd=folder)
            os.close(folder)
            folder = inner
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
    finally:
        os.close(folder)


def _read_at_most(handle, limit: int) -> bytes:
    chunks, left = [], limit
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
