"""Digests of what an output depends on (the manifest's and the catalog's): values, files, folders, plainleaf's
own code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import __version__

PACKAGE = Path(__file__).resolve().parent.parent


def digest(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def file_digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def read_tree(folder: Path, pattern: str = "**/*") -> dict[str, bytes]:
    """Every file under `folder` by POSIX path, sorted (hidden files and caches left out)."""
    files = {}
    for path in sorted(folder.glob(pattern)):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in name.split("/")):
            files[name] = path.read_bytes()
    return files


def tree_digest(files: Mapping[str, bytes]) -> str:
    return digest({name: file_digest(data) for name, data in files.items()})


def code_digest() -> str:
    """plainleaf itself: its version and its code and data (the gettext catalogues count per language)."""
    return digest(__version__, tree_digest(read_tree(PACKAGE, "**/*.py")), tree_digest(read_tree(PACKAGE / "data")))
