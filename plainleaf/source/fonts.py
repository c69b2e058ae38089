"""The bundled fonts: where they are, and which characters they cannot draw."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_FAMILY = "Atkinson Hyperlegible"
FONT_ASCENT, FONT_DESCENT = 0.95, 0.29  # of the size, both faces (hhea): where a line's baseline falls
FONT_FILES = {
    ("normal", "normal"): "AtkinsonHyperlegible-Regular.ttf",
    ("bold", "normal"): "AtkinsonHyperlegible-Bold.ttf",
    ("normal", "italic"): "AtkinsonHyperlegible-Italic.ttf",
    ("bold", "italic"): "AtkinsonHyperlegible-BoldItalic.ttf",
}


@cache
def _codepoints(path: Path) -> frozenset[int]:
    return frozenset(TTFont(path, lazy=True).getBestCmap())


def missing_characters(text: str, font_dir: Path) -> list[str]:
    """Characters in `text` that some bundled face lacks (so the PDF would show boxes or fall back)."""
    wanted = {ord(c) for c in text if not c.isspace() and c.isprintable()}
    missing: set[int] = set()
    for name in FONT_FILES.values():
        missing |= wanted - _codepoints(font_dir / name)
    return [chr(c) for c in sorted(missing)]
