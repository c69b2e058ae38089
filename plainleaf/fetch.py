"""The only way rendering may read a file: inside allowed folders, never the network."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

from .limits import MAX_DATA_URL_BYTES, RefusedFile, read_allowed


class LocalOnlyFetcher(URLFetcher):
    """Serves file: URLs under the allowed folders (after resolving symlinks) and small data: URLs; refuses and
    records the rest. WeasyPrint sends every fetch through here: HTML and SVG pictures, CSS url() and @import,
    fonts, and the pictures an SVG names in <image href>."""

    def __init__(self, allowed_dirs: Sequence[Path]):
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed_dirs = [d.resolve() for d in allowed_dirs]
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            return self._serve(url)
        except RefusedFile as refused:
            self.refused.append((url, str(refused)))
            raise ValueError(f"refused {url}: {refused}") from None

    def _serve(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            if len(url) > MAX_DATA_URL_BYTES:
                raise RefusedFile(f"embedded data is {len(url):,} bytes; the limit is {MAX_DATA_URL_BYTES:,}")
            decoded = DataHandler().data_open(Request(url))  # decodes in memory; no network handler involved
            return URLFetcherResponse(url, decoded.read(), headers=dict(decoded.headers), status=200)
        if scheme != "file":
            raise RefusedFile("only files inside the handout folder, layouts/ and fonts/ may be used; "
                              "web addresses are never fetched")
        if parts.netloc not in ("", "localhost"):  # file://host/... is a network share on Windows
            raise RefusedFile("a file on another computer cannot be used")
        path = Path(url2pathname(unquote(parts.path)))
        return URLFetcherResponse(url, read_allowed(path, self.allowed_dirs), headers={}, status=200)
