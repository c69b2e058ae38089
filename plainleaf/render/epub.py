"""EPUB pages (HTML) → an EPUB 3 package with ebooklib: metadata, navigation, fonts, reproducible zip."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import HandoutError, HandoutErrors
from ..i18n import translations
from ..limits import MAX_IMAGE_BYTES, RefusedFile, read_allowed
from ..source.fonts import FONT_FILES
from ..source.model import Clinic, Handout
from .html import EpubPage

_ZIP_FIRST, _ZIP_LAST = dt.datetime(1980, 1, 1), dt.datetime(2107, 12, 31, 23, 59, 58)  # what a zip date can hold
_NAMESPACE = uuid.UUID("6f1b3c52-6c1e-4a57-9a4e-2b7f1d0c9e21")  # plainleaf's own namespace for uuid5


@dataclass(frozen=True)
class EpubParts:
    """What the EPUB is made of: pages and CSS from the HTML stage, pictures and fonts as files."""

    pages: Sequence[EpubPage]
    css: str
    nav: str
    images: Sequence[tuple[str, Path]]  # (path inside the book, file)
    fonts_dir: Path
    page_source: str | None = None  # the print edition whose page numbers the pages and nav carry
    logo: tuple[str, Path] | None = None  # the clinic's logo: (path inside the book, file)

    @property
    def has_pictures(self) -> bool:
        return bool(self.images or self.logo)


def book_identifier(handout: Handout) -> str:
    """Stable per handout and language, so a rebuilt EPUB is the same book to a library."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{handout.slug}/{handout.language}')}"


def accessibility_summary(handout: Handout, page_source: str | None, pictures: bool) -> str:
    _ = translations(handout.language).gettext
    sentences = [_("This handout is organised with headings, lists and a table of contents, and can be read "
                   "aloud or at any text size.")]
    if pictures:
        sentences.append(_("Every picture has a text description."))
    if page_source:
        sentences.append(_("Its page numbers are those of the printed edition %(edition)s, so a page number "
                           "means the same place on paper and on screen.") % {"edition": page_source})
    sentences.append(_("It has no flashing content, sound or motion."))
    return " ".join(sentences)


def render_epub(handout: Handout, clinic: Clinic, parts: EpubParts) -> bytes:
    """Package the pages as an EPUB 3; the bytes depend only on the inputs."""
    from ebooklib import epub  # heavy: imported only when an EPUB is really built

    meta = handout.meta
    book = epub.EpubBook()
    book.set_identifier(book_identifier(handout))
    book.set_title(meta.title)
    book.set_language(handout.language)
    for n, author in enumerate(meta.authors or [clinic.name], start=1):
        book.add_author(author, uid=f"creator-{n}")  # ebooklib gives every creator the same id otherwise
    book.add_metadata("DC", "publisher", clinic.name)
    book.add_metadata("DC", "description", meta.summary)
    book.add_metadata("DC", "date", meta.reviewed.isoformat())
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)
    for name, value in _accessibility_metadata(handout, clinic, parts.page_source, parts.has_pictures):
        book.add_metadata(None, "meta", value, {"property": name})

    css = epub.EpubItem(uid="style", file_name="style/epub.css", media_type="text/css", content=parts.css.encode())
    book.add_item(css)
    for (weight, style), file_name in sorted(FONT_FILES.items()):
        book.add_item(epub.EpubItem(uid=f"font-{weight}-{style}", file_name=f"fonts/{file_name}",
                                    media_type="font/ttf", content=(parts.fonts_dir / file_name).read_bytes()))
    pictures = [(name, path, [handout.folder]) for name, path in parts.images]
    if parts.logo:  # read by the same rule, its one allowed file being itself
        pictures.append((*parts.logo, [parts.logo[1]]))
    for n, (name, path, allowed) in enumerate(pictures, start=1):
        media = "image/svg+xml" if path.suffix.lower() == ".svg" else f"image/{path.suffix.lower().lstrip('.')}"
        book.add_item(epub.EpubItem(uid=f"image-{n}", file_name=name, media_type=media.replace("jpg", "jpeg"),
                                    content=_picture(handout, name, path, allowed)))

    documents = []
    for page in parts.pages:
        doc = epub.EpubHtml(title=page.title, file_name=page.file_name, lang=handout.language)
        doc.content = f"<html><head></head><body>{page.body}</body></html>"
        doc.add_item(css)
        book.add_item(doc)
        documents.append(doc)
    nav = epub.EpubItem(uid="nav", file_name="nav.xhtml", media_type="application/xhtml+xml",
                        content=parts.nav.encode())
    nav.properties = ["nav"]
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = documents
    book.spine = documents

    modified = dt.datetime.combine(meta.reviewed, dt.time())
    raw = io.BytesIO()
    epub.write_epub(raw, book, {"mtime": modified, "epub3_pages": False, "epub3_landmark": False,
                                "raise_exceptions": True})
    return _reproducible_zip(raw.getvalue(), modified, {"EPUB/content.opf": lambda opf: _package_lang(opf, handout)})


def _picture(handout: Handout, name: str, path: Path, allowed: Sequence[Path]) -> bytes:
    """A picture's bytes by the PDF fetcher's rule: a real file inside the handout folder once links are followed."""
    try:
        return read_allowed(path, allowed, MAX_IMAGE_BYTES)
    except RefusedFile as refused:
        raise HandoutErrors([HandoutError(handout.source, None, f"the picture {name!r} cannot be used: {refused}",
                                          "keep pictures inside the handout folder, not links to files elsewhere")]
                            ) from None


def _accessibility_metadata(handout: Handout, clinic: Clinic, page_source: str | None, pictures: bool
                           ) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 metadata describing what this book really contains (`pictures`: the handout's, or
    the clinic's logo)."""
    entries = [("schema:accessMode", "textual")]
    if pictures:
        entries.append(("schema:accessMode", "visual"))
    entries.append(("schema:accessModeSufficient", "textual"))
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability"]
    if pictures:
        features.append("alternativeText")
    if page_source:
        # printPageNumbers is the older name of pageBreakMarkers; catalogues still look for it.
        features += ["pageNavigation", "pageBreakMarkers", "printPageNumbers"]
        entries.append(("pageBreakSource", page_source))
    entries += [("schema:accessibilityFeature", f) for f in features]
    entries.append(("schema:accessibilityHazard", "none"))
    entries.append(("schema:accessibilitySummary", accessibility_summary(handout, page_source, pictures)))
    if clinic.accessibility_certified_by:
        entries.append(("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"))
        entries.append(("a11y:certifiedBy", clinic.accessibility_certified_by))
    return entries


def _package_lang(opf: bytes, handout: Handout) -> bytes:
    """ebooklib leaves xml:lang off <package>; reading systems and Ace need it. Set on the parsed package and
    written out by lxml, never spliced into its bytes."""
    from lxml import etree

    package = etree.fromstring(opf, etree.XMLParser(resolve_entities=False, no_network=True))
    package.set("{http://www.w3.org/XML/1998/namespace}lang", handout.language)
    return etree.tostring(package, xml_declaration=True, encoding="utf-8")


def _reproducible_zip(data: bytes, when: dt.datetime,
                      rewrite: Mapping[str, Callable[[bytes], bytes]]) -> bytes:
    """Re-zip with `mimetype` first and stored, entries sorted, one fixed date (ebooklib stamps the clock),
    passing the named entries through `rewrite` on the way."""
    stamp = min(max(when, _ZIP_FIRST), _ZIP_LAST).timetuple()[:6]  # a reviewed date outside them is still written
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = sorted(n for n in src.namelist() if n != "mimetype")
        for name, method in [("mimetype", zipfile.ZIP_STORED), *((n, zipfile.ZIP_DEFLATED) for n in names)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            content = src.read(name)
            dst.writestr(info, rewrite[name](content) if name in rewrite else content)
    return out.getvalue()
