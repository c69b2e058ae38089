"""QR codes for printed web addresses: segno's vector SVG, titled so that the PDF figure has alternative text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..errors import HandoutError

if TYPE_CHECKING:
    import segno

QUIET_ZONE_MODULES = 4  # the white border the QR standard asks for, in modules


@lru_cache(maxsize=1024)
def qr_code(url: str) -> segno.QRCode | None:
    """The QR code for `url`: a full QR symbol (not every phone reads Micro QR), with at least medium error
    correction for paper that gets folded and smudged; None for an address too long for any QR code (it prints
    without one, and `check` warns: `qr_warning`). Made once per address: choosing its mask is slow, and each
    layout pass of the print HTML asks for the same ones (the code is only read, never changed)."""
    import segno  # imported only when a handout with web addresses is really printed
    from segno import DataOverflowError

    try:
        return segno.make_qr(url, error="m", boost_error=True)
    except DataOverflowError:
        return None


def fits_qr_code(url: str) -> bool:
    """Whether `url` has a QR code (`qr_code`). The symbol's size does not depend on its mask, so any mask answers,
    without scoring all eight for the best (most of the time of a handout's review)."""
    import segno
    from segno import DataOverflowError

    try:
        segno.make_qr(url, error="m", boost_error=True, mask=0)
    except DataOverflowError:
        return False
    return True


def qr_warning(file: Path, url: str) -> HandoutError | None:
    """The warning for a web address that will print without its QR code (or None)."""
    if fits_qr_code(url):
        return None
    return HandoutError(file, None, f"the web address {url[:40]!r}… is too long for a QR code ({len(url):,} "
                        "characters): it prints without one", "use a shorter address for the same page if there is one",
                        severity="warning")


def qr_svg(url: str, title: str) -> Markup:
    """An inline <svg> of `url`'s QR code (nothing when there is none). WeasyPrint tags an inline <svg> as a Figure
    and takes its /Alt from the <title>; it has a viewBox and no size of its own, so CSS (class `qr`) decides how
    big it prints."""
    code = qr_code(url)
    if code is None:
        return Markup("")
    return Markup(code.svg_inline(title=title, border=QUIET_ZONE_MODULES, omitsize=True, svgclass="qr",
                                  lineclass=None))
