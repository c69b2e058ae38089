"""Checks on the parsed model that decide whether a handout may build (accessibility first)."""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from PIL import Image as PILImage

from .errors import HandoutError
from .fonts import missing_characters
from .limits import (
    MAX_DATA_URL_BYTES,
    MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS,
    MAX_URL_CHARS,
    MAX_WORD_CHARS,
    RefusedFile,
    read_allowed,
)
from .model import Clinic, Handout

_RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_SVG_FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "object", "embed", "handler", "listener",
                            "animate", "set", "animateMotion", "animateTransform"})
_EMBEDDED_PICTURE = re.compile(r"^data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]*)$")
_CSS_REFERENCE = re.compile(r"@import|url\(\s*+['\"]?+\s*+(?!#)", re.I)  # anything but url(#id) fetches or links


def check_handout(handout: Handout, font_dir: Path) -> list[HandoutError]:
    """Every problem that makes the handout inaccessible or broken, plus warnings."""
    return [*_check_images(handout), *_check_citations(handout), *_check_glyphs(handout, font_dir),
            *_check_word_lengths(handout)]


def _check_images(handout: Handout) -> Iterator[HandoutError]:
    checked: set[str] = set()
    for image in handout.images:
        if not image.alt:
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} has no alt text",
                               "describe what the picture shows inside the brackets: ![what it shows](file.png)")
        if image.src in checked:  # a picture used again is read once, and a problem with it reported once
            continue
        checked.add(image.src)
        problem = picture_file_problem(handout.folder / image.src, handout.folder)
        if problem:
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} cannot be used: {problem}",
                               "use a PNG, JPEG or plain SVG file kept in the handout folder (not a link to "
                               "a file elsewhere)")


def picture_file_problem(path: Path, folder: Path) -> str | None:
    """Why the file at `path` is not a picture plainleaf can safely put in a PDF and an EPUB (or None): it must be
    readable by the rule for every read, inside `folder`, and a picture that passes the checks below."""
    try:
        data = read_allowed(path, [folder], MAX_IMAGE_BYTES)
    except RefusedFile as refused:
        return str(refused)
    if path.suffix.lower() == ".svg":
        return _svg_problem(data)
    return _raster_problem(data, _RASTER_FORMATS.get(path.suffix.lower(), ""))


def _raster_problem(data: bytes, expected_format: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as img:
                found, (width, height) = img.format, img.size
                if width * height > MAX_IMAGE_PIXELS:
                    return f"it is {width:,} × {height:,} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels in all"
                img.verify()
            with PILImage.open(io.BytesIO(data)) as img:
                img.load()  # decode every pixel now, so a damaged file cannot quietly vanish from the PDF later
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return f"it has more than {MAX_IMAGE_PIXELS:,} pixels"
    except Exception:  # Pillow raises many kinds of error for a damaged file; each means the same to the user
        return "it is not a picture that can be read (the file may be damaged)"
    if found != expected_format:
        return f"it is a {found} picture, but its name says {expected_format or 'something else'}"
    return None


class _TreeWithInstructions(ElementTree.TreeBuilder):
    """Also remembers processing instructions before the root (<?xml-stylesheet?>), which TreeBuilder drops."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> ElementTree.Element:
        self.instructions.append(target)
        return super().pi(target, text)


def _svg_problem(data: bytes) -> str | None:
    """An SVG is somebody else's XML: it may only draw. No entities, scripts, animation, or references to
    anything outside itself, except small embedded PNG/JPEG/GIF pictures that pass the same checks as files."""
    builder = _TreeWithInstructions()
    try:
        parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return "it declares XML entities"
    except ElementTree.ParseError as exc:
        return f"it is not well-formed SVG ({exc})"
    if _local(root.tag) != "svg":
        return "it is not an SVG picture"
    if "xml-stylesheet" in builder.instructions:
        return "it links to a style sheet"
    for element in root.iter():
        name = _local(element.tag) if isinstance(element.tag, str) else ""
        if name in _SVG_FORBIDDEN:
            return f"it contains <{name}>"
        if name == "style" and _CSS_REFERENCE.search(element.text or ""):
            return "its style sheet refers to other files"
        for attribute, value in element.attrib.items():
            problem = _svg_attribute_problem(name, _local(attribute), value)
            if problem:
                return problem
    return None


def _svg_attribute_problem(element: str, attribute: str, value: str) -> str | None:
    if attribute.lower().startswith("on"):
        return f"it has a script in an {attribute} attribute"
    if attribute == "href" and not value.startswith("#"):
        embedded = _EMBEDDED_PICTURE.match(value) if element == "image" else None
        if not embedded:
            return f"<{element}> refers to {value[:80]!r}; an SVG may only refer to its own parts (#id)"
        if len(value) > MAX_DATA_URL_BYTES:
            return f"an embedded picture is {len(value):,} bytes; the limit is {MAX_DATA_URL_BYTES:,}"
        try:
            raster = base64.b64decode(embedded.group(2), validate=False)
        except binascii.Error:
            return "an embedded picture is damaged"
        problem = _raster_problem(raster, {"png": "PNG", "jpeg": "JPEG", "gif": "GIF"}[embedded.group(1)])
        return f"an embedded picture: {problem}" if problem else None
    if _CSS_REFERENCE.search(value):
        return f"its {attribute} attribute refers to other files"
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _check_word_lengths(handout: Handout) -> Iterator[HandoutError]:
    """A word that long is a mistake (pasted data, a missing space); it would also be broken up mid-word."""
    for file, line, text in printed_text(handout):
        for word in text.split():
            limit = MAX_URL_CHARS if "://" in word else MAX_WORD_CHARS
            if len(word) > limit:
                yield HandoutError(file, line, f"a word is {len(word):,} characters long ({word[:30]}…); "
                                               f"the limit is {limit:,}",
                                   "add the missing spaces, or put a long web address in a link or a reference")
                break


def _check_citations(handout: Handout) -> Iterator[HandoutError]:
    known = {ref.id for ref in handout.meta.references}
    for section in handout.sections:
        for token in section.tokens:
            for child in token.children or []:
                for ref_id in child.meta.get("ids", []) if child.type == "citation" else []:
                    if ref_id not in known:
                        yield HandoutError(handout.source, token.map[0] + 1 if token.map else section.line,
                                           f"citation [@{ref_id}] has no matching reference",
                                           f"add a reference with `id: {ref_id}` under `references:`")
    cited = set(handout.citation_order)
    for ref in handout.meta.references:
        if ref.id not in cited:
            yield HandoutError(handout.source, None, f"reference {ref.id!r} is never cited",
                               f"cite it in the text as [@{ref.id}] or remove it", severity="warning")


def printed_text(handout: Handout) -> Iterator[tuple[Path, int | None, str]]:
    """Every piece of text the handout prints, with the file and line it comes from."""
    meta = handout.meta
    yield handout.source, 1, "\n".join([
        meta.title, meta.subtitle or "", meta.summary, *meta.key_points, *meta.glossary, *meta.glossary.values(),
        *(r.model_dump_json() for r in meta.references), *(s.model_dump_json() for s in meta.support)])
    for section in handout.sections:
        yield handout.source, section.line, section.title
        for token in section.tokens:
            if token.content:
                yield handout.source, token.map[0] + 1 if token.map else section.line, token.content


def check_clinic(clinic: Clinic, path: Path, font_dir: Path) -> list[HandoutError]:
    return [*_glyph_errors(path, None, clinic.model_dump_json(), font_dir), *_check_logo(clinic, path)]


def _check_logo(clinic: Clinic, clinic_file: Path) -> Iterator[HandoutError]:
    """The logo is a picture like any other, kept in the clinic file's folder (a missing one is reported where the
    build looks for it)."""
    logo = clinic_file.parent / clinic.logo.path if clinic.logo else None
    if logo is None or not logo.is_file():
        return
    problem = picture_file_problem(logo, clinic_file.parent)
    if problem:
        yield HandoutError(clinic_file, None, f"the logo {clinic.logo.path!r} cannot be used: {problem}",
                           "use a PNG, JPEG or plain SVG file kept beside the clinic file")


def _check_glyphs(handout: Handout, font_dir: Path) -> Iterator[HandoutError]:
    for file, line, text in printed_text(handout):
        yield from _glyph_errors(file, line, text, font_dir)


def _glyph_errors(file: Path, line: int | None, text: str, font_dir: Path) -> Iterator[HandoutError]:
    """Names the characters (the first ten, and how many more) and the words they are in, which is what finds them
    in the front matter: that is checked as a whole, at its first line."""
    missing = missing_characters(text, font_dir)
    if missing:
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        words = list(dict.fromkeys(w.strip('"{}[],:.;!?()') for w in text.split() if set(w) & set(missing)))
        where = ", ".join(f"“{w}”" for w in words[:5]) + (", …" if len(words) > 5 else "")
        yield HandoutError(file, line, f"the bundled font cannot draw: {shown}{more}; in {where}",
                           "replace these characters, or add a font that has them to fonts/")
