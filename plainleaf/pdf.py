"""HTML → tagged PDF bytes with WeasyPrint, and where each anchor landed (for the EPUB page-list)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HandoutError, HandoutErrors
from .fetch import LocalOnlyFetcher
from .limits import MAX_PAGES
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
    with page_limit(source, identifier):
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()
    if len(document.pages) > MAX_PAGES:
        raise HandoutErrors([too_many_pages(source, identifier)])
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


class _TooManyPages(Exception):
    pass


@contextmanager
def page_limit(source: Path, edition: str) -> Iterator[None]:
    """Stop WeasyPrint's layout at the first page past the limit (limits.MAX_PAGES), with an error naming the
    edition: a handout that long is a mistake, and laying out thousands of pages would take minutes and gigabytes.
    WeasyPrint says on its progress logger which page it lays out; an exception raised by a logger's filter is the
    one way to stop it there. The pages are counted again afterwards, in case a WeasyPrint says it differently."""
    logger = logging.getLogger("weasyprint.progress")

    def count(record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("Step 5 - Creating layout - Page") and record.args:
            if isinstance(record.args, tuple) and isinstance(record.args[0], int) and record.args[0] > MAX_PAGES:
                raise _TooManyPages
        return False  # nothing of WeasyPrint's progress is printed

    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addFilter(count)
    try:
        yield
    except _TooManyPages:
        raise HandoutErrors([too_many_pages(source, edition)]) from None
    finally:
        logger.removeFilter(count)
        logger.setLevel(level)


def too_many_pages(source: Path, edition: str) -> HandoutError:
    return HandoutError(source, None, f"{edition}: the handout would print on more than {MAX_PAGES:,} pages; the "
                        f"limit is {MAX_PAGES:,}", "split it into several handouts, each on one topic")
