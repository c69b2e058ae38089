"""liblouis, the braille translator, called through ctypes: finding the library and its tables, translation with
the print position of every cell, back-translation, and what a table calls emphasis.

liblouis is a C library (Debian: liblouis20 and liblouis-data). Python has no package of its own for it: Debian's
python3-louis is installed for the system Python only, and nothing on the Python index bundles the library, so
plainleaf binds the few functions it needs itself. liblouis keeps compiled tables and its translation buffers in
global state and is not thread-safe: every call goes through one lock.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...errors import HandoutError

INSTALL_HINT = ("install liblouis: Debian/Ubuntu `apt-get install liblouis20 liblouis-data`, Fedora "
                "`dnf install liblouis`, macOS `brew install liblouis`, Windows: see the README's Braille section")

# translationModes in liblouis.h
_DOTS_IO = 4
_UNICODE_BRAILLE = 64  # with dotsIO: cells come back as Unicode braille, U+2800 + the dots' bits
_NO_UNDEFINED = 128
_LOU_DOTS = 0x8000  # a widechar that is a cell of dots, not a character
_LOG_ERROR = 40000
_MAX_GROWTH = 64  # a translation longer than this many cells per character means something went wrong

# The library's names, most specific first: an explicit path, then what the system's loader finds, then the
# usual places on each system (Homebrew on Apple silicon is not on the default search path).
_LIBRARY_NAMES = {
    "linux": ["liblouis.so.20"],
    "darwin": ["liblouis.20.dylib", "/opt/homebrew/lib/liblouis.20.dylib", "/usr/local/lib/liblouis.20.dylib",
               "/opt/local/lib/liblouis.20.dylib"],
    "win32": ["liblouis.dll", "liblouis-20.dll", "louis.dll"],
}
_TABLE_FOLDERS = ["/usr/share/liblouis/tables", "/usr/local/share/liblouis/tables",
                  "/opt/homebrew/share/liblouis/tables", "/opt/local/share/liblouis/tables"]
_PROBE_TABLE = "en-us-brf.dis"  # a small table every liblouis-data has

_INCLUDE = re.compile(rb"^\s*include\s+(\S+)", re.MULTILINE)

_lock = threading.Lock()
_messages: list[str] = []  # what liblouis logged during the call under way (read and cleared under the lock)


def _log(level: int, message: bytes | None) -> None:
    _messages.append((message or b"").decode("utf-8", "replace"))


# one callback for the process, alive as long as the module: liblouis keeps only its address
_CALLBACK = ctypes.WINFUNCTYPE if sys.platform == "win32" else ctypes.CFUNCTYPE
_on_log = _CALLBACK(None, ctypes.c_int, ctypes.c_char_p)(_log)


@dataclass(frozen=True)
class Translation:
    """Print text in braille: one Unicode braille character per cell, and for each cell the index in the text of
    the character it was made from (several cells can come from one character, one cell from several)."""

    text: str
    cells: str
    sources: tuple[int, ...]


class LouisFailure(RuntimeError):
    """liblouis refused a translation it had accepted the tables for: a fault in plainleaf or in liblouis."""


class Liblouis:
    """One loaded liblouis library. Get it with `open_liblouis()`."""

    def __init__(self, library: ctypes.CDLL, name: str) -> None:
        self.name = name
        self.tables_folder: Path | None = None  # where plainleaf told it to look (use_tables_in)
        self._lib = library
        self._declare()
        self.char_size = library.lou_charSize()  # widechar is 16 or 32 bits, decided when liblouis was built
        if self.char_size not in (2, 4):
            raise LouisFailure(f"liblouis reports {self.char_size}-byte characters")
        self._codec = f"utf-{8 * self.char_size}-{'le' if sys.byteorder == 'little' else 'be'}"
        self.version = (library.lou_version() or b"").decode("ascii", "replace")
        with _lock:
            library.lou_registerLogCallback(_on_log)
            library.lou_setLogLevel(_LOG_ERROR)

    def _declare(self) -> None:
        lib = self._lib
        c_int_p, wide = ctypes.POINTER(ctypes.c_int), ctypes.c_void_p
        lib.lou_version.restype = ctypes.c_char_p
        lib.lou_charSize.restype = ctypes.c_int
        lib.lou_checkTable.argtypes = [ctypes.c_char_p]
        lib.lou_checkTable.restype = ctypes.c_int
        lib.lou_setDataPath.argtypes = [ctypes.c_char_p]
        lib.lou_setDataPath.restype = None
        lib.lou_setLogLevel.argtypes = [ctypes.c_int]
        lib.lou_getTypeformForEmphClass.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        lib.lou_getTypeformForEmphClass.restype = ctypes.c_int
        lib.lou_translate.argtypes = [ctypes.c_char_p, wide, c_int_p, wide, c_int_p, ctypes.c_void_p,
                                      ctypes.c_char_p, c_int_p, c_int_p, c_int_p, ctypes.c_int]
        lib.lou_translate.restype = ctypes.c_int
        lib.lou_backTranslateString.argtypes = [ctypes.c_char_p, wide, c_int_p, wide, c_int_p, ctypes.c_void_p,
                                                ctypes.c_char_p, ctypes.c_int]
        lib.lou_backTranslateString.restype = ctypes.c_int
        lib.lou_dotsToChar.argtypes = [ctypes.c_char_p, wide, wide, ctypes.c_int, ctypes.c_int]
        lib.lou_dotsToChar.restype = ctypes.c_int

    # -- text in and out of widechar buffers --------------------------------------------------------------------

    def _encode(self, text: str) -> tuple[ctypes.Array, list[int]]:
        """The text as a widechar buffer, and for each widechar the index of its character in `text` (with 16-bit
        widechars a character beyond U+FFFF takes two)."""
        data = text.encode(self._codec, "surrogatepass")
        if self.char_size == 4:
            owners = list(range(len(text)))
        else:
            owners = [i for i, ch in enumerate(text) for _ in range(2 if ord(ch) > 0xFFFF else 1)]
        return ctypes.create_string_buffer(data, len(data) or self.char_size), owners

    def _decode(self, buffer: ctypes.Array, length: int) -> str:
        return buffer.raw[:length * self.char_size].decode(self._codec, "replace")

    def _sizes(self, length: int, start: int) -> Iterator[int]:
        """Output buffer sizes to try: liblouis stops at a full buffer without saying so, so a translation that
        did not take in the whole text is done again with twice the room."""
        size = max(16, start * length)
        while size <= _MAX_GROWTH * max(length, 16):
            yield size
            size *= 2

    # -- the calls ------------------------------------------------------------------------------------------------

    def table_problem(self, tables: str) -> str | None:
        """Why liblouis cannot use this table list (its own message), or None when it can."""
        with _lock:
            _messages.clear()
            if self._lib.lou_checkTable(tables.encode()):
                return None
            return "; ".join(_messages) or f"liblouis cannot load {tables}"

    def emphasis(self, tables: str, name: str) -> int:
        """The typeform bit that the table gives an emphasis class ("bold", "italic"); 0 when it has none."""
        with _lock:
            return self._lib.lou_getTypeformForEmphClass(tables.encode(), name.encode())

    def translate(self, text: str, tables: str, typeforms: Sequence[int] | None = None,
                  defined_only: bool = False) -> Translation:
        """Print text → braille cells (Unicode braille) with the table list, each character set in the typeform
        given for it (emphasis, no contractions). `defined_only` leaves out characters the tables have no sign
        for, instead of liblouis's escape (used to find them)."""
        if not text:
            return Translation(text, "", ())
        inbuf, owners = self._encode(text)
        length = len(owners)
        forms = [f for f, ch in zip(typeforms or [0] * len(text), text, strict=True)
                 for _ in range(2 if self.char_size == 2 and ord(ch) > 0xFFFF else 1)]
        mode = _DOTS_IO | _UNICODE_BRAILLE | (_NO_UNDEFINED if defined_only else 0)
        for size in self._sizes(length, 4):
            outbuf = ctypes.create_string_buffer(size * self.char_size)
            # typeform is read for the input and overwritten for the output: it needs room for both
            typeform = (ctypes.c_ushort * max(size, length))(*forms)
            in_len, out_len = ctypes.c_int(length), ctypes.c_int(size)
            input_pos = (ctypes.c_int * size)()
            with _lock:
                _messages.clear()
                done = self._lib.lou_translate(tables.encode(), inbuf, ctypes.byref(in_len), outbuf,
                                               ctypes.byref(out_len), typeform, None, None, input_pos, None, mode)
                messages = list(_messages)
            if not done:
                raise LouisFailure(f"liblouis could not translate {text[:40]!r} with {tables}: {'; '.join(messages)}")
            if in_len.value >= length:
                cells = self._decode(outbuf, out_len.value)
                sources = tuple(owners[min(max(p, 0), length - 1)] for p in input_pos[:out_len.value])
                return Translation(text, cells, sources)
        raise LouisFailure(f"liblouis's translation of {text[:40]!r} does not end")

    def back_translate(self, braille: str, tables: str, cells: bool = False) -> str:
        """Braille (in the characters of the table list's display table, e.g. ASCII BRF; with `cells`, Unicode
        braille, which needs no display table) → print text."""
        if not braille:
            return ""
        if cells:  # liblouis reads dots as LOU_DOTS and the dots' bits (ucBrl applies to its output only)
            braille = "".join(chr(_LOU_DOTS | (ord(c) - 0x2800)) if 0x2800 <= ord(c) < 0x2900 else c for c in braille)
        inbuf, owners = self._encode(braille)
        length = len(owners)
        for size in self._sizes(length, 8):
            outbuf = ctypes.create_string_buffer(size * self.char_size)
            in_len, out_len = ctypes.c_int(length), ctypes.c_int(size)
            with _lock:
                done = self._lib.lou_backTranslateString(tables.encode(), inbuf, ctypes.byref(in_len), outbuf,
                                                         ctypes.byref(out_len), None, None,
                                                         _DOTS_IO if cells else 0)
            if not done:
                raise LouisFailure(f"liblouis could not back-translate with {tables}")
            if in_len.value >= length:
                return self._decode(outbuf, out_len.value)
        raise LouisFailure("liblouis's back-translation does not end")

    def display(self, cells: str, table: str) -> str:
        """Unicode braille cells → the characters a display table gives them (en-us-brf.dis: ASCII braille)."""
        inbuf, owners = self._encode(cells)
        outbuf = ctypes.create_string_buffer(len(owners) * self.char_size or self.char_size)
        with _lock:
            done = self._lib.lou_dotsToChar(table.encode(), inbuf, outbuf, len(owners), 0)
        if not done:
            raise LouisFailure(f"liblouis could not display braille with {table}")
        return self._decode(outbuf, len(owners))

    def use_tables_in(self, folder: Path) -> None:
        """Make liblouis look for tables in `folder` (which must be `<something>/liblouis/tables`)."""
        with _lock:
            self._lib.lou_setDataPath(os.fsencode(folder.parent.parent))
        self.tables_folder = folder

    def table_files(self, tables: Sequence[str]) -> dict[str, bytes]:
        """The bytes of every table file these tables read, the ones they include too, by name: what a
        translation made with them depends on (a file not found is left out: liblouis will say so)."""
        folders = [*(Path(f) for f in os.environ.get("LOUIS_TABLEPATH", "").split(",") if f),
                   *([self.tables_folder] if self.tables_folder else []), *_table_folders(Path(self.name))]
        files: dict[str, bytes] = {}
        pending = list(tables)
        while pending:
            name = pending.pop()
            path = next((folder / name for folder in folders if (folder / name).is_file()), None)
            if name in files or path is None:
                continue
            files[name] = path.read_bytes()
            pending += [m.decode("utf-8", "replace") for m in _INCLUDE.findall(files[name])]
        return dict(sorted(files.items()))


def _library_candidates() -> list[str]:
    explicit = os.environ.get("PLAINLEAF_LIBLOUIS")
    found = ctypes.util.find_library("louis") or ctypes.util.find_library("liblouis")
    names = _LIBRARY_NAMES.get(sys.platform, _LIBRARY_NAMES["linux"])
    return list(dict.fromkeys(name for name in (explicit, found, *names) if name))


def _load(name: str) -> ctypes.CDLL | None:
    loader = ctypes.WinDLL if sys.platform == "win32" else ctypes.CDLL  # liblouis uses __stdcall on Windows
    try:
        library = loader(name)
    except OSError:
        return None
    return library if hasattr(library, "lou_translate") else None


def _table_folders(library: Path | None) -> list[Path]:
    """Where liblouis-data may have put its tables: beside the library's own prefix, then the usual places."""
    near = [library.parent.parent / "share" / "liblouis" / "tables"] if library and library.is_absolute() else []
    return [*near, *map(Path, _TABLE_FOLDERS)]


@cache
def open_liblouis() -> Liblouis | HandoutError:
    """The system's liblouis with its tables found, or an error that says how to install them."""
    tried = _library_candidates()
    for name in tried:
        library = _load(name)
        if library is not None:
            break
    else:
        return HandoutError(None, None, "braille needs liblouis, the braille translator, and it is not installed "
                            f"(looked for {', '.join(tried)})", INSTALL_HINT)
    louis = Liblouis(library, name)
    if louis.table_problem(_PROBE_TABLE) is None:
        return louis
    for folder in _table_folders(Path(name)):
        if (folder / _PROBE_TABLE).is_file():
            louis.use_tables_in(folder)
            if louis.table_problem(_PROBE_TABLE) is None:
                return louis
    return HandoutError(None, None, f"liblouis {louis.version} is installed ({name}) but its tables are not: "
                        f"{_PROBE_TABLE} is not where it looks, nor in {', '.join(map(str, _table_folders(None)))}",
                        "install liblouis-data (Debian/Ubuntu), or set LOUIS_TABLEPATH to the folder of the tables")
