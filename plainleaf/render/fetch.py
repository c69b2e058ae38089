"""The only way rendering may read a file: an address of printfiles.ORIGIN that leads inside the allowed folders,
or small data: URLs; never the network, never a file: URL."""

from __future__ import annotations

from urllib.request import DataHandler, Request

from ..limits import MAX_DATA_URL_BYTES, RefusedFile, read_allowed
from .printfiles import PrintFiles, shown
from .weasy import weasyprint


class LocalOnlyFetcher(weasyprint.urls.URLFetcher):
    """Serves the print document's addresses (after resolving symlinks, only inside `files.allowed`) and small data:
    URLs; refuses and records the rest. WeasyPrint sends every fetch through here: HTML and SVG pictures, CSS url()
    and @import, fonts, and the pictures an SVG names in <image href>. The bytes are served from memory, so
    WeasyPrint never opens a file itself."""

    def __init__(self, files: PrintFiles):
        super().__init__(allowed_protocols=("https", "data"))
        self.files = files
        self.refused: list[tuple[str, str]] = []  # (the URL as a message names it, why)

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        try:
            return self._serve(url)
        except RefusedFile as refused:
            self.refused.append((shown(url), str(refused)))
            raise ValueError(f"refused {shown(url)}: {refused}") from None

    def _serve(self, url: str) -> weasyprint.urls.URLFetcherResponse:
        if url[:5].lower() == "data:":
            if len(url) > MAX_DATA_URL_BYTES:
                raise RefusedFile(f"embedded data is {len(url):,} bytes; the limit is {MAX_DATA_URL_BYTES:,}")
            decoded = DataHandler().data_open(Request(url))  # decodes in memory; no network handler involved
            return weasyprint.urls.URLFetcherResponse(url, decoded.read(), headers=dict(decoded.headers), status=200)
        path = self.files.locate(url)
        if path is None:
            raise RefusedFile("only files inside the handout folder, layouts/ and fonts/ may be used; "
                              "web addresses and other files are never fetched")
        return weasyprint.urls.URLFetcherResponse(url, read_allowed(path, self.files.allowed), headers={}, status=200)
