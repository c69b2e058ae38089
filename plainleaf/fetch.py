"""The only way rendering may read a file: inside allowed folders, never the network."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 20_000_000


class LocalOnlyFetcher(URLFetcher):
    """Serves file: URLs under the allowed folders (after resolving symlinks); refuses and records the rest."""

    def __init__(self, allowed_dirs: Sequence[Path]):
        super().__init__(allowed_protocols=("file",))
        self.allowed_dirs = [d.resolve() for d in allowed_dirs]
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        reason = self._refusal(url)
        if reason:
            self.refused.append((url, reason))
            raise ValueError(f"refused {url}: {reason}")
        path = self._path(url)
        return URLFetcherResponse(url, path.read_bytes(), headers={}, status=200)

    @staticmethod
    def _path(url: str) -> Path:
        return Path(url2pathname(unquote(urlsplit(url).path))).resolve()

    def _refusal(self, url: str) -> str | None:
        scheme = urlsplit(url).scheme.lower()
        if scheme != "file":
            return "only files inside the handout folder, layouts/ and fonts/ may be used; no web addresses"
        path = self._path(url)
        if not any(path.is_relative_to(d) for d in self.allowed_dirs):
            return "the file is outside the handout folder, layouts/ and fonts/"
        if not path.is_file():
            return "the file does not exist"
        if path.stat().st_size > MAX_RESOURCE_BYTES:
            return f"the file is larger than {MAX_RESOURCE_BYTES:,} bytes"
        return None
