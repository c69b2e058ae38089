"""The user's cache folder ($XDG_CACHE_HOME/plainleaf): what one process worked out and the next may reuse
(compiled templates, parsed hyphenation patterns, compiled message catalogues). Only ever a saving: a file that
cannot be read is None, one that cannot be written is not, and a reader checks what it gets (nothing in the cache
can change an output)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path


def cache_folder(kind: str) -> Path | None:
    """$XDG_CACHE_HOME/plainleaf/<kind> (~/.cache when XDG_CACHE_HOME is unset or not absolute, as the XDG rules
    say); None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "plainleaf" / kind


def read_cached(kind: str, name: str) -> bytes | None:
    """The bytes kept under `name`, or None (not kept, or not readable)."""
    folder = cache_folder(kind)
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write_cached(kind: str, name: str, data: bytes) -> None:
    """Keep `data` under `name`, whole or not at all (a process reading it never sees half); failures ignored."""
    folder = cache_folder(kind)
    if folder is None:
        return
    part = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f"{name}.", suffix=".tmp", delete=False) as part:
            part.write(data)
        os.replace(part.name, folder / name)
    except OSError:
        if part is not None:
            with contextlib.suppress(OSError):
                os.unlink(part.name)


def cache_key(*parts: bytes | str) -> str:
    """A file name for what is derived from `parts` (a source file's bytes, the versions of what read it)."""
    return hashlib.sha256(b"\0".join(p.encode() if isinstance(p, str) else p for p in parts)).hexdigest()


def read_checked(kind: str, name: str) -> bytes | None:
    """What `write_checked` kept under `name`, or None when it is not there or not whole (its digest differs)."""
    kept = read_cached(kind, name)
    if kept is None or hashlib.sha256(kept[32:]).digest() != kept[:32]:
        return None
    return kept[32:]


def write_checked(kind: str, name: str, data: bytes) -> None:
    """Keep `data` behind its digest, for data whose reader cannot tell a damaged copy by itself."""
    write_cached(kind, name, hashlib.sha256(data).digest() + data)
