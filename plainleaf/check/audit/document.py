"""What the audit's rules share: a finding, the layout's promises they measure against, and the PDF opened
with what every rule needs read once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ...errors import HandoutError
from ...pdfread.content import PageContent, page_contents
from ...pdfread.structure import (
    StructElement,
    parent_tree,
    structure_elements,
)
from ...pdfread.text import text_in_order


@dataclass(frozen=True)
class Finding:
    """One problem in a produced PDF, naming the rule it breaks (a Matterhorn Protocol checkpoint where one
    exists) so that it can be looked up."""

    checkpoint: str
    message: str
    hint: str = ""
    severity: str = "error"
    page: int | None = None
    rule: str = ""  # the id of the audit rule that found it (AUDIT_RULES), which is not printed: the checkpoint is

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{where}{self.message} [{self.checkpoint}]"

    def as_error(self, file: Path | None, prefix: str = "") -> HandoutError:
        return HandoutError(file, None, f"{prefix}{self}", self.hint, self.severity)


@dataclass(frozen=True)
class LayoutRules:
    """What a layout promises about the printed page, measured on the PDF; None skips a rule."""

    min_text_pt: float | None = None
    margin_pt: float | None = None
    font_families: tuple[str, ...] = ()  # empty: any embedded font will do
    min_contrast: float = 7.0  # WCAG 1.4.6 (AAA), for every piece of text
    max_line_characters: int = 70


@dataclass
class Document:
    """A PDF opened for checking, with what every rule needs read once."""

    pdf: pikepdf.Pdf
    contents: list[PageContent]
    elements: list[StructElement]
    parents: dict[int, pikepdf.Object]  # ParentTree: StructParent(s) number → element or array of elements

    @classmethod
    def read(cls, pdf: pikepdf.Pdf, contents: Sequence[PageContent] | None = None) -> Document:
        """`contents`: what the pages draw, when the caller has read it already (the mending has)."""
        return cls(pdf, list(page_contents(pdf) if contents is None else contents), list(structure_elements(pdf)),
                   parent_tree(pdf))

    def text(self, element: StructElement) -> str:
        return text_in_order(self.pdf, self.contents, element.obj)


def shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
