"""Checks on the parsed model that decide whether a handout may build (accessibility first)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import HandoutError
from ..limits import MAX_IMAGE_BYTES, MAX_URL_CHARS, MAX_WORD_CHARS, RefusedFile, read_allowed
from ..render.qr import qr_warning
from ..source.fonts import missing_characters
from ..source.model import Clinic, Handout
from ..source.pictures import RASTER_FORMATS, raster_problem, svg_problem


def check_handout(handout: Handout, font_dir: Path) -> list[HandoutError]:
    """Every problem that makes the handout inaccessible or broken, plus warnings."""
    return [*_check_images(handout), *_check_citations(handout), *_check_glyphs(handout, font_dir),
            *_check_word_lengths(handout), *_check_qr_codes(handout.source, [
                *(r.url for r in handout.meta.references), *(s.url for s in handout.meta.support)])]


def _check_qr_codes(file: Path, urls: list[str | None]) -> Iterator[HandoutError]:
    """Web addresses that print without their QR code: too long for one."""
    for url in dict.fromkeys(u for u in urls if u):
        warning = qr_warning(file, url)
        if warning:
            yield warning


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
        return svg_problem(data)
    return raster_problem(data, RASTER_FORMATS.get(path.suffix.lower(), ""))


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
        *(text for entry in [*meta.references, *meta.support] for text in _strings(entry.model_dump()))])
    for section in handout.sections:
        yield handout.source, section.line, section.title
        for token in section.tokens:
            if token.content:
                yield handout.source, token.map[0] + 1 if token.map else section.line, token.content


def _strings(value: object) -> Iterator[str]:
    """The text in a model's dump, each value on its own (a web address is one word, not part of a JSON one)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def check_clinic(clinic: Clinic, path: Path, font_dir: Path) -> list[HandoutError]:
    return [*_glyph_errors(path, None, "\n".join(_strings(clinic.model_dump())), font_dir), *_check_logo(clinic, path)]


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
