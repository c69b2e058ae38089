"""The bounds of what plainleaf accepts: size limits, safe file names, and which files may be read at all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

MAX_SOURCE_BYTES = 1_000_000  # a handout.md, clinic.yaml or layout.yaml
MAX_IMAGE_BYTES = 10_000_000  # one picture file
MAX_IMAGE_PIXELS = 40_000_000  # width × height of one picture (a full page at 600 dpi is ~34 million)
MAX_DATA_URL_BYTES = 1_000_000  # a picture embedded in an SVG as a data: URL
MAX_RESOURCE_BYTES = 20_000_000  # any file read while rendering (fonts are the largest)
MAX_SECTIONS = 60
MAX_NESTING = 4  # lists, quotes and call-out boxes inside each other
MAX_WORD_CHARS = 300  # one word in the text: longer is a mistake (long words still wrap on the page)
MAX_URL_CHARS = 2_000

_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(10))})


def file_name_problem(name: str) -> str | None:
    """Why `name` cannot be one part of a path on every system (or None): the rule for slugs and pictures."""
    if not _FILE_NAME.match(name):
        return "use only letters, digits, '-', '_' and '.', starting with a letter or digit"
    if name.endswith("."):
        return "a name cannot end with '.'"
    if name.split(".")[0].lower() in _WINDOWS_RESERVED:
        return f"{name.split('.')[0]!r} is a reserved device name on Windows"
    return None


def refusal(path: Path, allowed_dirs: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> str | None:
    """Why `path` may not be read (or None): after following links it must be a regular file, no larger than
    `max_bytes`, inside one of `allowed_dirs` (or be one of them: a single allowed file such as the clinic's logo).
    Every read of a user-named file goes through this rule."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (Python 3.11 raises RuntimeError)
        return "it is a link that leads round in a loop"
    if not any(resolved.is_relative_to(d.resolve()) for d in allowed_dirs):
        folders = ", ".join(f"{d.name}/" if d.is_dir() else d.name for d in allowed_dirs)
        return f"it is outside the folders plainleaf may read ({folders}), after following links"
    if not resolved.is_file():
        return "it does not exist or is not a regular file"
    size = resolved.stat().st_size
    if size > max_bytes:
        return f"it is {size:,} bytes; the limit is {max_bytes:,}"
    return None


class RefusedFile(Exception):
    """A file that `refusal` says no to; the message is the reason."""


def read_allowed(path: Path, allowed_dirs: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> bytes:
    """The bytes of `path` if `refusal` allows it; else raise RefusedFile."""
    reason = refusal(path, allowed_dirs, max_bytes)
    if reason:
        raise RefusedFile(reason)
    return path.resolve().read_bytes()
