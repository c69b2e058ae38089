"""The QR symbol a printed web address gets, or none when it is too long for one: what print draws (render/qr.py)
and what `check` warns about, decided in one place below both."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import HandoutError

if TYPE_CHECKING:
    import segno


def qr_code(url: str) -> segno.QRCode | None:
    """The QR code for `url`: a full QR symbol (not every phone reads Micro QR), with at least medium error
    correction for paper that gets folded and smudged; None for an address too long for any QR code (it prints
    without one, and `check` warns: `qr_warning`)."""
    import segno  # imported only when a handout with web addresses is really printed
    from segno import DataOverflowError

    try:
        return segno.make_qr(url, error="m", boost_error=True)
    except DataOverflowError:
        return None


def qr_warning(file: Path, url: str) -> HandoutError | None:
    """The warning for a web address that will print without its QR code (or None)."""
    if qr_code(url) is not None:
        return None
    return HandoutError(file, None, f"the web address {url[:40]!r}… is too long for a QR code ({len(url):,} "
                        "characters): it prints without one", "use a shorter address for the same page if there is one",
                        severity="warning")
