"""Writing build outputs: each file under a temporary name beside it, then renamed into place, so that a reader
never sees half a file; all of a handout's files are renamed together, after all of them were written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import HandoutError, HandoutErrors

_TEMPORARY = ".partial"


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}."


def inside(target: Path, root: Path) -> bool:
    """Whether `target` lies inside `root` once links are followed (a link in the output folder could lead out)."""
    return target.parent.resolve().is_relative_to(root.resolve())


def refuse_outside(targets: Iterable[Path], root: Path) -> None:
    outside = [t for t in targets if not inside(t, root)]
    if outside:
        raise HandoutErrors([HandoutError(target, None, f"refusing to write outside the output folder {root}",
                                          "check that the output folder holds no links to other folders")
                             for target in outside])


def write_together(files: Mapping[Path, bytes], root: Path) -> None:
    """Write every file to a temporary name beside its target, then rename them all into place.

    A failure (or Ctrl-C) before the renames leaves no trace; earlier outputs stay intact until replaced, and no
    temporary file is left behind. Every target must lie inside `root` once links are followed, or nothing is
    written.
    """
    refuse_outside(files, root)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=_TEMPORARY, dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def remove_stale_temporaries(targets: Iterable[Path]) -> None:
    """Delete temporary files a killed build left beside these targets (their names say whose they are)."""
    for target in targets:
        if target.parent.is_dir():
            for stale in target.parent.glob(f"{_temporary_prefix(target)}*{_TEMPORARY}"):
                stale.unlink(missing_ok=True)
