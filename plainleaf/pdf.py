"""HTML → tagged PDF bytes with WeasyPrint, and where each anchor landed (for the EPUB page-list)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HandoutError, HandoutErrors
from .fetch import LocalOnlyFetcher
from .pdfua import continued_elements, fix_pdf


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    anchor_pages: dict[str, int] = field(default_factory=dict)  # anchor id → 1-based page number


def render_pdf(html: str, source: Path, allowed_dirs: Sequence[Path], identifier: str) -> RenderedPdf:
    """Render one print document as PDF/UA-1, WeasyPrint's known faults mended; `source` is the handout file (errors
    name it, relative URLs start beside it); `allowed_dirs` are the folders (or single files) it may read."""
    import weasyprint  # heavy: imported only when a PDF is really built

    fetcher = LocalOnlyFetcher(allowed_dirs)
    base_url = source.parent.resolve().as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode(), uncompressed_pdf=False)
    if fetcher.refused:
        raise HandoutErrors([
            HandoutError(source, None, f"the handout refers to {url!r}: refused, {reason}",
                         "keep pictures inside the handout folder") for url, reason in fetcher.refused])
    anchor_pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchor_pages.setdefault(anchor, number)
    return RenderedPdf(data=fix_pdf(data, html=html, continued=continued_elements(document.pages)),
                       page_count=len(document.pages), anchor_pages=anchor_pages)
