"""QR codes for printed web addresses: segno's vector SVG, titled so that the PDF figure has alternative text."""

from __future__ import annotations

import segno
from markupsafe import Markup

QUIET_ZONE_MODULES = 4  # the width of white border the QR standard asks for, in modules


def qr_code(url: str) -> segno.QRCode:
    """The QR code for `url`: a full QR symbol (phones do not all read Micro QR), medium error correction or better
    for print that gets folded and smudged."""
    return segno.make_qr(url, error="m", boost_error=True)


def qr_svg(url: str, title: str) -> Markup:
    """An inline <svg> of `url`'s QR code. WeasyPrint tags an inline <svg> as a Figure and takes its /Alt from the
    <title>; it has a viewBox and no size of its own, so CSS (class `qr`) decides how big it prints."""
    svg = qr_code(url).svg_inline(title=title, border=QUIET_ZONE_MODULES, omitsize=True, svgclass="qr",
                                  lineclass=None)
    return Markup(svg)
