"""WeasyPrint, imported for the whole package here and only here, its native libraries (Pango, HarfBuzz, fontconfig,
GObject) found from one reading of the dynamic loader's cache instead of a search per name it tries."""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# The directories the loader searches without its cache (glibc's trusted directories, Debian's multiarch ones
# among them): a library there that a stale cache does not list can still be opened, so a name found there is
# looked up the slow way.
_MULTIARCH = sysconfig.get_config_var("MULTIARCH") or ""
_UNCACHED_DIRS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64",
                  *((f"/lib/{_MULTIARCH}", f"/usr/lib/{_MULTIARCH}") if _MULTIARCH else ()))


def _abi_type() -> str:
    """The ABI word of `ldconfig -p` lines for this interpreter, as ctypes.util works it out."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    return {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
            "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(machine, "libc6")


def _loader_cache() -> bytes | None:
    """`ldconfig -p`, run as ctypes.util runs it; None where there is no such cache (not glibc Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        run = subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, check=False)
    except OSError:
        return None
    return run.stdout if run.returncode == 0 and run.stdout else None


def _uncached_names() -> tuple[str, ...]:
    """The files in the directories the loader searches past its cache: LD_LIBRARY_PATH's and the trusted ones."""
    folders = [*filter(None, os.environ.get("LD_LIBRARY_PATH", "").split(":")), *_UNCACHED_DIRS]
    names: list[str] = []
    for folder in folders:
        try:
            names += os.listdir(folder)
        except OSError:
            pass
    return tuple(names)


def cached_find_library(listing: bytes, uncached: tuple[str, ...],
                        find_library: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """A `ctypes.util.find_library` that answers from one `ldconfig -p` listing: a name the listing holds gives
    the same soname as find_library's own first step (the same regular expression on the same listing), so the
    same file is opened; a name it does not hold is None at once, unless a file of that name lies where the loader
    looks past its cache, when `find_library` itself decides (its compiler and linker searches are what cost)."""
    abi = _abi_type()

    def find(name: str) -> str | None:
        found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"), listing)
        if found:
            return os.fsdecode(found.group(1))
        if any(file.startswith(f"lib{name}.") for file in uncached):
            return find_library(name)
        return None

    return find


@contextmanager
def libraries_from_loader_cache() -> Iterator[None]:
    """Within: ctypes.util.find_library answers from the loader's cache (cached_find_library); after: the real one
    again. Where there is no cache to read, nothing is replaced."""
    listing = _loader_cache()
    if listing is None:
        yield
        return
    real = ctypes.util.find_library
    ctypes.util.find_library = cached_find_library(listing, _uncached_names(), real)
    try:
        yield
    finally:
        ctypes.util.find_library = real


with libraries_from_loader_cache():
    import weasyprint  # cffi opens the libraries while WeasyPrint's text module is imported

__all__ = ["weasyprint"]
