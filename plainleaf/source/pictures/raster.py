"""PNG, JPEG and GIF pictures: whether a file is the kind its name says, within the pixel limit, and decodes whole."""

from __future__ import annotations

import io
import warnings

from PIL import Image as PILImage

from ...limits import MAX_IMAGE_PIXELS

RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


def raster_problem(data: bytes, expected_format: str) -> str | None:
    """Why `data` is not a PNG, JPEG or GIF picture of the `expected_format` that can be decoded whole (or None)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as img:
                found, (width, height) = img.format, img.size
                if width * height > MAX_IMAGE_PIXELS:
                    return f"it is {width:,} × {height:,} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels in all"
                img.verify()
            with PILImage.open(io.BytesIO(data)) as img:
                img.load()  # decode every pixel now, so a damaged file cannot quietly vanish from the PDF later
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return f"it has more than {MAX_IMAGE_PIXELS:,} pixels"
    except Exception:  # Pillow raises many kinds of error for a damaged file; each means the same to the user
        return "it is not a picture that can be read (the file may be damaged)"
    if found != expected_format:
        return f"it is a {found} picture, but its name says {expected_format or 'something else'}"
    return None
