"""The files a print document may read, and the stable addresses it names them by.

WeasyPrint names each picture inside the PDF after its URL, so a URL that held a real path would put the scratch
folder (or the user's home) into the file and change its bytes from one build to the next. The print HTML names
every file by an address under `ORIGIN` instead, the same on every machine; the fetcher maps it back to the real
file. `.invalid` never resolves (RFC 6761): nothing is ever fetched from the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

ORIGIN = "https://plainleaf.invalid/"
HANDOUT_URL = ORIGIN + "handout/"  # the document's base URL: the handout's pictures resolve against it
FONTS_URL = ORIGIN + "fonts"
LOGO_FOLDER = "logo"


def logo_url(logo: Path) -> str:
    return f"{ORIGIN}{LOGO_FOLDER}/{quote(logo.name)}"


@dataclass(frozen=True)
class PrintFiles:
    """Where the addresses lead: the handout's folder, the layouts, the fonts, and the clinic's logo (one file)."""

    handout: Path
    layouts: Path
    fonts: Path
    logo: Path | None = None

    @property
    def allowed(self) -> list[Path]:
        """What limits.refusal may let through: these folders, and the logo file alone (not its folder)."""
        return [self.handout, self.layouts, self.fonts, *([self.logo] if self.logo else [])]

    def locate(self, url: str) -> Path | None:
        """The file an address names (still to be checked against `allowed`), or None for any other URL."""
        name = address(url)
        if name is None or not name.parts:
            return None
        folder, rest = name.parts[0], name.parts[1:]
        folders = {"handout": self.handout, "layouts": self.layouts, "fonts": self.fonts,
                   LOGO_FOLDER: self.logo.parent if self.logo else None}
        base = folders.get(folder)
        return base.joinpath(*rest) if base is not None and rest else None


def address(url: str) -> PurePosixPath | None:
    """The path an address names under ORIGIN ("handout/images/a.png"), or None when `url` is not one."""
    if not url.startswith(ORIGIN):
        return None
    return PurePosixPath(unquote(urlsplit(url).path).lstrip("/"))


def shown(url: str) -> str:
    """How a message names a URL: a handout's file as the text names it, another address by its path."""
    name = address(url)
    if name is None:
        return url
    if name.parts[:1] == ("handout",):
        return PurePosixPath(*name.parts[1:]).as_posix()
    return "/" + name.as_posix()
