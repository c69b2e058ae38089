"""Checks on the parsed model that decide whether a handout may build (accessibility first)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .errors import HandoutError
from .fonts import missing_characters
from .model import Clinic, Handout


def check_handout(handout: Handout, font_dir: Path) -> list[HandoutError]:
    """Every problem that makes the handout inaccessible or broken, plus warnings."""
    return [*_check_images(handout), *_check_citations(handout), *_check_glyphs(handout, font_dir)]


def _check_images(handout: Handout) -> Iterator[HandoutError]:
    for image in handout.images:
        if not image.alt:
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} has no alt text",
                               "describe what the picture shows inside the brackets: ![what it shows](file.png)")
        path = (handout.folder / image.src).resolve()
        if not path.is_relative_to(handout.folder.resolve()):
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} is outside the handout folder",
                               "copy the picture into the handout's images/ folder")
        elif not path.is_file():
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} does not exist",
                               "check the file name; paths are relative to the handout folder")
        elif not _is_image(path):
            yield HandoutError(handout.source, image.line, f"{image.src!r} is not a picture",
                               "use a PNG, JPEG or SVG file")


def _is_image(path: Path) -> bool:
    if path.suffix.lower() == ".svg":
        try:
            return ElementTree.parse(path).getroot().tag.endswith("svg")
        except ElementTree.ParseError:
            return False
    try:
        with PILImage.open(path) as img:
            img.verify()
        return True
    except (UnidentifiedImageError, OSError):
        return False


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
    for ref in handout.meta.references:
        if ref.id not in handout.citation_order:
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
    return list(_glyph_errors(path, None, clinic.model_dump_json(), font_dir))


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
