"""The QR symbol a printed web address gets, or none when it is too long for one: what print draws (render/qr.py)
and what `check` warns about, decided in one place below both."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import HandoutError

if TYPE_CHECKING:
    import segno


# The densest code that still scans at the printed size, one inch with its quiet zone (print.css `svg.qr`): a
# version-V code is 4V + 17 modules across, so a module is 25.4 mm / (4V + 25). A phone camera at hand distance
# needs modules of about 0.4 mm: GS1's General Specifications (5.12.3.1) set 0.396 mm as the smallest for QR codes
# scanned at retail points of sale, and printers' guides give 0.4 mm for a smartphone scan at hand distance.
# Version 9 (61 modules, 0.42 mm) is the last above it: about 180 characters of address at error correction M.
MAX_VERSION = 9


@lru_cache(maxsize=1024)
def qr_code(url: str) -> segno.QRCode | None:
    """The QR code for `url`: a full QR symbol (not every phone reads Micro QR), with at least medium error
    correction for paper that gets folded and smudged; None for an address too long for a code a phone can read
    at the printed size (it prints without one, and `check` warns: `qr_warning`). Made once per address: choosing
    its mask is slow, and each layout pass of the print HTML asks for the same ones (the code is only read)."""
    import segno  # imported only when a handout with web addresses is really printed
    from segno import DataOverflowError

    try:
        code = segno.make_qr(url, error="m", boost_error=True)
    except DataOverflowError:
        return None
    return code if code.version <= MAX_VERSION else None


def fits_qr_code(url: str) -> bool:
    """Whether `url` has a QR code (`qr_code`). The symbol's size does not depend on its mask, so any mask answers,
    without scoring all eight for the best (most of the time of a handout's review)."""
    import segno
    from segno import DataOverflowError

    try:
        return segno.make_qr(url, error="m", boost_error=True, mask=0).version <= MAX_VERSION
    except DataOverflowError:
        return False


def qr_warning(file: Path, line: int | None, url: str) -> HandoutError | None:
    """The warning, at the line of the entry that gives it, for a web address that will print without its QR code
    (or None)."""
    if fits_qr_code(url):
        return None
    return HandoutError(file, line, f"the web address {url[:40]!r}… is too long for a QR code a phone can read at "
                        f"one inch ({len(url):,} characters): it prints without one",
                        "use a shorter address for the same page if there is one (up to about 180 characters "
                        "gets a code)", severity="warning")
