"""Writing build outputs: all of a handout's files appear together or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import HandoutError, HandoutErrors


def write_together(files: Mapping[Path, bytes], root: Path) -> None:
    """Write every file to a temporary name beside its target, then rename them all into place.

    A failure before the renames leaves no trace; earlier outputs stay intact until replaced. Every target must
    lie inside `root` once links are followed, or nothing is written.
    """
    outside = [t for t in files if not t.parent.resolve().is_relative_to(root.resolve())]
    if outside:
        raise HandoutErrors([HandoutError(target, None, f"refusing to write outside the output folder {root}",
                                          "check that the output folder holds no links to other folders")
                             for target in outside])
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
