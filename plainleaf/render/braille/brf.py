"""Braille pages → a BRF file: North American ASCII braille, one character per cell, lines ending in CR LF and
every page ended by a form feed (embossers differ in how they count lines, so a page never relies on it)."""

from __future__ import annotations

from collections.abc import Mapping

from .pages import BraillePages


def brf_bytes(pages: BraillePages, characters: Mapping[int, str]) -> bytes:
    """`characters`: Unicode braille → ASCII braille (translate.brf_characters)."""
    text = "".join("\r\n".join(row.translate(characters) for row in page.rows) + "\f" for page in pages.pages)
    return text.encode("ascii")
