"""QR codes for printed web addresses: segno's vector SVG, titled so that the PDF figure has alternative text."""

from __future__ import annotations

from markupsafe import Markup

from ..qrsymbol import qr_code

QUIET_ZONE_MODULES = 4  # the white border the QR standard asks for, in modules


def qr_svg(url: str, title: str) -> Markup:
    """An inline <svg> of `url`'s QR code (nothing when there is none). WeasyPrint tags an inline <svg> as a Figure
    and takes its /Alt from the <title>; it has a viewBox and no size of its own, so CSS (class `qr`) decides how
    big it prints."""
    code = qr_code(url)
    if code is None:
        return Markup("")
    return Markup(code.svg_inline(title=title, border=QUIET_ZONE_MODULES, omitsize=True, svgclass="qr",
                                  lineclass=None))
