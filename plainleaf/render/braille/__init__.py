"""The braille edition: a BANA-formatted BRF file and a PEF file whose print page numbers are those of the
large-print PDF. blocks.py (tree → braille blocks) → translate.py (liblouis) → pages.py (lines and pages) →
brf.py / pef.py (bytes)."""

from __future__ import annotations

from dataclasses import dataclass

from .blocks import BrailleSource
from .brf import brf_bytes
from .pages import BraillePages, lay_out
from .pef import pef_bytes
from .translate import BrailleText, translate_edition

__all__ = ["BrailleEdition", "BrailleSource", "braille_edition", "render_brf", "render_pef"]


@dataclass(frozen=True)
class BrailleEdition:
    """The edition laid out: its pages, and the braille text they were made from."""

    source: BrailleSource
    text: BrailleText
    pages: BraillePages

    @property
    def title_pages(self) -> int:
        return sum(1 for page in self.pages.pages if page.number.startswith("p"))

    def brf(self) -> bytes:
        return brf_bytes(self.pages, self.text.brf)

    def pef(self, identifier: str) -> bytes:
        return pef_bytes(self.pages, self.source, identifier, self.title_pages)


def braille_edition(source: BrailleSource) -> BrailleEdition:
    """Transcribe and lay out the braille edition; raises HandoutErrors when it cannot be made (no liblouis, a
    language with no braille code, a character the code has no sign for)."""
    text = translate_edition(source)
    return BrailleEdition(source, text, lay_out(text, 1 if source.page_map is not None else None))


def render_brf(source: BrailleSource) -> bytes:
    return braille_edition(source).brf()


def render_pef(source: BrailleSource, identifier: str) -> bytes:
    return braille_edition(source).pef(identifier)
