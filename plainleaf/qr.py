"""QR codes for printed web addresses: segno's vector SVG, titled so that the PDF figure has alternative text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    import segno

QUIET_ZONE_MODULES = 4  # the white border the QR standard asks for, in modules


def qr_code(url: str) -> segno.QRCode:
    """The QR code for `url`: a full QR symbol (not every phone reads Micro QR), with at least medium error
    correction for paper that gets folded and smudged."""
    import segno  # imported only when a handout with web addresses is really printed

    return segno.make_qr(url, error="m", boost_error=True)


def qr_svg(url: str, title: str) -> Markup:
    """An inline <svg> of `url`'s QR code. WeasyPrint tags an inline <svg> as a Figure and takes its /Alt from the
    <title>; it has a viewBox and no size of its own, so CSS (class `qr`) decides how big it prints."""
    svg = qr_code(url).svg_inline(title=title, border=QUIET_ZONE_MODULES, omitsize=True, svgclass="qr",
                                  lineclass=None)
    return Markup(svg)
