"""Picture files: which PNG, JPEG and SVG files a handout may show, and the copy of an SVG that is built from.

`raster.py` checks PNG and JPEG files; an SVG is checked by `svgcheck.py` (it may only draw) and built from the
copy `svgcopy.py` writes (an allow-list, its text in the bundled font; `svg_text` is what that text says, for the
check that the font can draw it); `svgbounds.py` finds where it draws, for the check that its words stay inside
the picture and for the copy, which clips what else leaves it.
"""

from __future__ import annotations

from .raster import RASTER_FORMATS, raster_problem
from .svgbounds import words_outside
from .svgcheck import SvgProblem, svg_problem
from .svgcopy import SVG_FONT_FAMILY, clean_svg, svg_text

__all__ = ["RASTER_FORMATS", "SVG_FONT_FAMILY", "SvgProblem", "clean_picture", "clean_svg", "raster_problem",
           "svg_problem", "svg_text", "words_outside"]


def clean_picture(name: str, data: bytes) -> bytes:
    """What a picture file becomes in the build: an SVG its clean copy, any other picture itself. A picture that
    may not be used stays as it is, for the checks to say why."""
    if not name.lower().endswith(".svg"):
        return data
    try:
        return clean_svg(data)
    except SvgProblem:
        return data
