"""HTML → tagged PDF bytes with WeasyPrint, where each anchor landed (for the EPUB page-list), and what WeasyPrint
said while rendering, as findings."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import HandoutError, HandoutErrors
from ..limits import MAX_PAGES
from ..pdfread.content import PageContent
from .fetch import LocalOnlyFetcher
from .pdfua import continued_elements, mend_pdf
from .printfiles import HANDOUT_URL, PrintFiles, address, shown


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    anchor_pages: dict[str, int] = field(default_factory=dict)  # anchor id → 1-based page number
    findings: tuple[HandoutError, ...] = ()  # WeasyPrint's warnings
    contents: tuple[PageContent, ...] | None = None  # what its pages draw, read while mending, for the audit


def render_pdf(html: str, source: Path, files: PrintFiles, identifier: str,
               relayout: Callable[[Any], str | None] | None = None) -> RenderedPdf:
    """Render one print document as PDF/UA-1, WeasyPrint's known faults mended; `source` is the handout file (errors
    name it); `files` are the files its addresses (printfiles.py) lead to, relative ones in the handout's folder.
    `relayout` sees each laid-out document and may give the HTML to lay out instead (pagination.py)."""
    from .weasy import weasyprint  # heavy: imported only when a PDF is really built

    fetcher = LocalOnlyFetcher(files)

    def lay_out(html: str) -> tuple[Any, Any]:
        """The parsed HTML and its laid-out document."""
        parsed = weasyprint.HTML(string=html, base_url=HANDOUT_URL, url_fetcher=fetcher)
        with page_limit(source, identifier):
            document = parsed.render()
        if len(document.pages) > MAX_PAGES:
            raise HandoutErrors([too_many_pages(source, identifier)])
        return parsed, document

    with _weasyprint_log() as records:
        parsed, document = lay_out(html)
        while relayout is not None and (again := relayout(document)) is not None:
            del records[:]  # only what the layout that is printed said
            parsed, document = lay_out(again)
        data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode(), uncompressed_pdf=False)
    refused = {url for url, _ in fetcher.refused}
    said = [_finding(record, source) for record in records
            if not any(isinstance(arg, str) and shown(arg) in refused for arg in _args(record))]
    errors = [HandoutError(source, None, f"the handout refers to {url!r}: refused, {reason}",
                           "keep pictures inside the handout folder") for url, reason in fetcher.refused]
    errors += [f for f in said if f.severity == "error"]
    if errors:
        raise HandoutErrors(errors)
    anchor_pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchor_pages.setdefault(anchor, number)
    # the tree WeasyPrint parsed: the mending need not parse the HTML again
    mended = mend_pdf(data, html=parsed.etree_element, continued=continued_elements(document.pages))
    return RenderedPdf(data=mended.data, page_count=len(document.pages), anchor_pages=anchor_pages,
                       findings=tuple(said), contents=mended.contents)


class _ThisThread(logging.Handler):
    """Keeps the records one thread logs: WeasyPrint's logger is the whole process's, and other threads may be
    rendering other handouts at the same time (a Dask worker runs several tasks in threads)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.records.append(record)


@contextmanager
def _enabled(logger: logging.Logger) -> Iterator[logging.Logger]:
    """The logger, enabled while plainleaf listens to it: a program that configured logging before it built
    (logging.config's dictConfig disables the loggers it does not name) would otherwise silence WeasyPrint's
    warnings and the page limit with them."""
    disabled, logger.disabled = logger.disabled, False
    try:
        yield logger
    finally:
        logger.disabled = disabled


@contextmanager
def _weasyprint_log() -> Iterator[list[logging.LogRecord]]:
    """WeasyPrint's warnings and errors while this thread renders (its progress messages are left out)."""
    handler = _ThisThread()
    with _enabled(logging.getLogger("weasyprint")) as logger:
        logger.addHandler(handler)
        try:
            yield handler.records
        finally:
            logger.removeHandler(handler)


def _args(record: logging.LogRecord) -> tuple[object, ...]:
    return record.args if isinstance(record.args, tuple) else ()


def _finding(record: logging.LogRecord, source: Path) -> HandoutError:
    """One of WeasyPrint's messages as a finding naming the handout, and whose the fault is. An error when the PDF
    is missing something (a picture, a font, a style sheet), else a warning."""
    severity = "error" if record.levelno >= logging.ERROR else "warning"
    urls = [arg for arg in _args(record) if isinstance(arg, str) and address(arg) is not None]
    said = record.getMessage()
    for url in urls:
        said = said.replace(url, shown(url))
    if record.msg == "No anchor #%s for internal URI reference":  # the page is fine: that link just goes nowhere
        return HandoutError(source, None, f"a link goes to #{_args(record)[0]}, which is no place in this handout",
                            "link to a section by its id: its heading in lower case with hyphens, e.g. "
                            "(#why-it-matters)", severity="warning")
    picture = next((shown(url) for url in urls if address(url).parts[:1] == ("handout",)), None)
    if picture:
        return HandoutError(source, None, f"the picture {picture!r} could not be put in the PDF ({said})",
                            "plainleaf checked the file and found nothing wrong with it: save it again as a PNG "
                            "or JPEG, and please report it", severity=severity)
    return HandoutError(source, None, f"while printing it, WeasyPrint said: {said}",
                        "this comes from the layout's templates or CSS (layouts/), not from the handout: a fault in "
                        "plainleaf or in a layout you changed; please report it", severity=severity)


class _TooManyPages(Exception):
    pass


@contextmanager
def page_limit(source: Path, edition: str) -> Iterator[None]:
    """Stop WeasyPrint's layout at the first page past the limit (limits.MAX_PAGES), with an error naming the
    edition: a handout that long is a mistake, and laying out thousands of pages would take minutes and gigabytes.
    WeasyPrint says on its progress logger which page it lays out; an exception raised by a logger's filter is the
    one way to stop it there. The pages are counted again afterwards, in case a WeasyPrint says it differently."""
    logger, thread = logging.getLogger("weasyprint.progress"), threading.get_ident()

    def count(record: logging.LogRecord) -> bool:
        if record.thread == thread and str(record.msg).startswith("Step 5 - Creating layout - Page") and record.args:
            if isinstance(record.args, tuple) and isinstance(record.args[0], int) and record.args[0] > MAX_PAGES:
                raise _TooManyPages
        return False  # nothing of WeasyPrint's progress is printed

    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addFilter(count)
    try:
        with _enabled(logger):
            yield
    except _TooManyPages:
        raise HandoutErrors([too_many_pages(source, edition)]) from None
    finally:
        logger.removeFilter(count)
        logger.setLevel(level)


def too_many_pages(source: Path, edition: str) -> HandoutError:
    return HandoutError(source, None, f"{edition}: the handout would print on more than {MAX_PAGES:,} pages; the "
                        f"limit is {MAX_PAGES:,}", "split it into several handouts, each on one topic")
