"""Mending WeasyPrint's PDF/UA-1 output (pikepdf): each known WeasyPrint 70 fault is looked for first and mended only
when the file shows it, so a WeasyPrint that no longer has the fault passes through untouched. FAULTS is the
registry, in the order the mends run: a name, a finder and a mender each."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pikepdf

from ...pdfread.content import PageContent
from .document import Document, ForeignText
from .links import LINK_FAULTS, foreign_text
from .pages import PAGE_FAULTS, continued_elements
from .tags import TAG_FAULTS

__all__ = ["FAULTS", "ForeignText", "MendedPdf", "continued_elements", "fix_pdf", "foreign_text", "mend_pdf"]

FAULTS = (*TAG_FAULTS, *PAGE_FAULTS, *LINK_FAULTS)

@dataclass(frozen=True)
class MendedPdf:
    """The mended file, and what its pages draw (read while mending), for the audit to measure without reading
    the file's content streams again."""

    data: bytes
    contents: tuple[PageContent, ...]


def fix_pdf(data: bytes, language: str | None = None, html: str | Any = None,
            continued: Sequence[Sequence[str]] = ()) -> bytes:
    """The file with every fault it shows mended (`mend_pdf`'s bytes)."""
    return mend_pdf(data, language, html, continued).data


def mend_pdf(data: bytes, language: str | None = None, html: str | Any = None,
             continued: Sequence[Sequence[str]] = ()) -> MendedPdf:
    """Mend every fault the file shows; `language` is the document's, if the caller knows it (the templates always
    declare it, so the build has no need to); `html` is what the file was rendered from, or the tree WeasyPrint
    parsed it into, for what WeasyPrint leaves out of the file (the language of words inside the text); `continued`,
    for each page, the tags of the elements that go on at its top from the page before (`continued_elements` of the
    laid-out pages). The same input gives the same bytes (the second half of the file ID comes from the content; the
    first stays WeasyPrint's `pdf_identifier`)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        document = Document(pdf, language, foreign_text(html) if html is not None else (), continued)
        mended = False
        for fault in FAULTS:
            found = fault.find(document)
            if found:
                fault.mend(document, found)
                mended = True
                if fault.reshapes:
                    document.reshaped()
        contents = tuple(document.drawn())
        if not mended:
            return MendedPdf(data, contents)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return MendedPdf(out.getvalue(), contents)
