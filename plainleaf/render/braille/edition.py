"""The braille edition put together: transcribed, translated, the body laid out, then the title page that counts
its pages; its BRF and PEF bytes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from .blocks import BrailleSource
from .brf import brf_bytes
from .matter import volume_segment
from .pages import BraillePages, lay_out_body, lay_out_title, shift
from .pef import pef_bytes
from .translate import BrailleText, translate_edition

_NAMESPACE = uuid.UUID("0c5e2a4d-8f3b-5e71-9d60-7b1f4a2c8e13")  # plainleaf's own, for the PEF's identifiers


@dataclass(frozen=True)
class BrailleEdition:
    """The edition laid out: its pages (the title page first), and the braille text they were made from."""

    source: BrailleSource
    text: BrailleText
    pages: BraillePages
    title_pages: int

    @property
    def body_pages(self) -> int:
        return len(self.pages.pages) - self.title_pages

    def brf(self) -> bytes:
        return brf_bytes(self.pages, self.text.brf)

    def pef(self, identifier: str) -> bytes:
        return pef_bytes(self.pages, self.source, identifier, self.title_pages)


def braille_edition(source: BrailleSource) -> BrailleEdition:
    """Transcribe and lay out the braille edition; raises HandoutErrors when it cannot be made (no liblouis, a
    language with no braille code, a character the code has no sign for)."""
    text = translate_edition(source)
    body = lay_out_body(text, 1 if source.page_map is not None else None)
    print_pages = _range(1, source.page_map.page_count) if source.page_map is not None else None
    title_count, title = 1, ()
    while len(title) != title_count:  # the title page counts itself: t1, or t1-t2 when it runs on
        title_count = max(title_count, len(title))
        segment = volume_segment(source, _range(1, title_count, "t"), _range(1, len(body.pages)), print_pages)
        title = lay_out_title((*text.title_page, tuple(map(text.set_block, segment))), text.label)
    return BrailleEdition(source, text, BraillePages((*title, *body.pages), tuple(shift(body.placements, len(title)))),
                          len(title))


def _range(first: int, last: int, prefix: str = "") -> str:
    return f"{prefix}{first}" if first == last else f"{prefix}{first}-{prefix}{last}"


def pef_identifier(slug: str, language: str) -> str:
    """The PEF's dc:identifier: the same for every build of the same handout, another than the EPUB's."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{slug}/{language}')}"
