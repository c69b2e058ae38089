"""Checks on the parsed model that decide whether a handout may build (accessibility first)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import HandoutError
from ..limits import MAX_IMAGE_BYTES, MAX_URL_CHARS, MAX_WORD_CHARS, RefusedFile, read_allowed
from ..qrsymbol import qr_warning
from ..source import tree
from ..source.fonts import missing_characters
from ..source.model import Clinic, Handout
from ..source.pictures import RASTER_FORMATS, raster_problem, svg_problem, svg_text, words_outside
from ..source.reader import handout_tree
from .rules import Rule, registry

# The rules a build checks before it makes anything. What they find makes the file inaccessible or wrong (errors),
# except a reference never cited and an address too long for its QR code.
BUILD_RULES = registry([
    Rule("alt.missing", "error", "every picture has alt text"),
    Rule("picture.unusable", "error", "every picture is a PNG, JPEG or plain SVG file kept in the handout's folder"),
    Rule("citation.unknown", "error", "every citation [@id] names a reference under references:"),
    Rule("reference.uncited", "warning", "every reference is cited in the text"),
    Rule("font.missing-glyphs", "error", "the bundled font can draw every character the handout prints, in its "
         "text and in its pictures' text"),
    Rule("picture.text-outside", "error", "the words in an SVG picture stay inside the picture's edges (its "
         "viewBox)"),
    Rule("link.unknown-place", "error", "every link to a #place goes to a place in the handout"),
    Rule("word.too-long", "error", f"no word is longer than {MAX_WORD_CHARS} characters (a web address: "
         f"{MAX_URL_CHARS:,})"),
    Rule("qr.too-long", "warning", "a printed web address is short enough for its QR code"),
    Rule("logo.unusable", "error", "the clinic's logo is a PNG, JPEG or plain SVG file beside the clinic file",
         "clinic"),
])


def check_handout(handout: Handout, font_dir: Path) -> list[HandoutError]:
    """Every problem that makes the handout inaccessible or broken, plus warnings."""
    return [*_check_images(handout, font_dir), *_check_citations(handout), *_check_glyphs(handout, font_dir),
            *_check_word_lengths(handout), *_check_qr_codes(handout), *_check_places(handout)]


def _check_qr_codes(handout: Handout) -> Iterator[HandoutError]:
    """Web addresses that print without their QR code, too long for one: at the line of each entry giving one."""
    entries = [("references", n, r.url) for n, r in enumerate(handout.meta.references)] + [
        ("support", n, s.url) for n, s in enumerate(handout.meta.support)]
    for key, n, url in entries:
        warning = qr_warning(handout.source, handout.front_line(key, n, "url"), url) if url else None
        if warning:
            yield dataclasses.replace(warning, rule="qr.too-long")


def _check_places(handout: Handout) -> Iterator[HandoutError]:
    """A link to a #place must go somewhere in every edition: in the EPUB a link to nowhere is a broken link
    (EPUBCheck fails it), so it is an error at the link's line, with the places nearest in name."""
    from difflib import get_close_matches

    sections = handout_tree(handout)
    places = link_places(handout, sections)
    # what to suggest: the places an author names (sections, headings, the pages after them), not numbered blocks
    named = [place for place in places if not re.search(r"_\d+$|--h$|--callout-\d+$", place)]
    missing_pages = {"glossary": "the handout has no glossary, so no “Words to know” page",
                     "references": "the handout cites no reference, so it has no references page",
                     "questions": "the questions page is printed only, not in the e-book"}
    for link in tree.of_type(tree.Link, *sections):
        place = link.target[1:]
        if not link.target.startswith("#") or place in places:
            continue
        near = [p for p in named if p.endswith(f"--{place}")] + get_close_matches(place, named, n=3, cutoff=0.6)
        page = re.split(r"--|_", place, maxsplit=1)[0]
        hint = missing_pages.get(page) or (f"did you mean {' or '.join(f'#{p}' for p in dict.fromkeys(near))}?"
                                           if near else
                                           "a section is linked by its heading's words in lower case, joined by "
                                           f"hyphens (#{sections[0].id if sections else 'a-section'}); a ### "
                                           "heading by its section's and its own, joined by two hyphens")
        yield HandoutError(handout.source, link.line, f"the link #{place} goes to no place in this handout", hint,
                           rule="link.unknown-place")


def link_places(handout: Handout, sections: tuple[tree.Section, ...]) -> set[str]:
    """The ids a #link in the text may name: those of the sections and their blocks and headings, and those of the
    pages after the sections that the handout has (in print and in the EPUB alike: not the print-only questions
    page, and not the ids that reader.Section.link_page cannot place in an EPUB document)."""
    places = {"contacts", "contacts--h", "contacts_clinic", "contacts_reviewed",
              *(f"contacts_support-{n}" for n in range(1, len(handout.meta.support) + 1))}
    if handout.meta.glossary:
        places |= {"glossary", "glossary--h"}
    if handout.cited_references():
        places |= {"references", "references--h"}
    for section in sections:
        places |= {section.id, section.heading_id}
        for node in tree.walk(section):
            places |= {value for value in (getattr(node, "id", None), getattr(node, "label_id", None))
                       if isinstance(value, str)}
    return places


def _check_images(handout: Handout, font_dir: Path) -> Iterator[HandoutError]:
    checked: set[str] = set()
    for image in handout.images:
        if not image.alt:
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} has no alt text",
                               "describe what the picture shows inside the brackets: ![what it shows](file.png)",
                               rule="alt.missing")
        if image.src in checked:  # a picture used again is read once, and a problem with it reported once
            continue
        checked.add(image.src)
        data, problem = read_picture(handout.folder / image.src, handout.folder)
        if problem:
            yield HandoutError(handout.source, image.line, f"the picture {image.src!r} cannot be used: {problem}",
                               "use a PNG, JPEG or plain SVG file kept in the handout folder (not a link to "
                               "a file elsewhere)", rule="picture.unusable")
        else:
            yield from _picture_glyph_errors(handout.source, image.line, image.src, data, font_dir)


def read_picture(path: Path, folder: Path) -> tuple[bytes, str | None]:
    """The file at `path` and why it is not a picture plainleaf can safely put in a PDF and an EPUB (or None): it
    must be readable by the rule for every read, inside `folder`, and a picture that passes the checks below."""
    try:
        data = read_allowed(path, [folder], MAX_IMAGE_BYTES)
    except RefusedFile as refused:
        return b"", str(refused)
    if path.suffix.lower() == ".svg":
        return data, svg_problem(data)
    return data, raster_problem(data, RASTER_FORMATS.get(path.suffix.lower(), ""))


def _picture_glyph_errors(file: Path, line: int | None, name: str, data: bytes, font_dir: Path
                          ) -> Iterator[HandoutError]:
    """An SVG's text is drawn in the bundled font (pictures.clean_svg), so that font must have its characters, and
    set in it, it must stay inside the picture: past its edge it would be cut off, or drawn over the page."""
    if name.lower().endswith(".svg"):
        yield from _glyph_errors(file, line, svg_text(data), font_dir, picture=name)
        for words, edges in words_outside(data, font_dir):
            moves = " and ".join(_MOVE[edge] for edge in edges)
            sizes = " and ".join(dict.fromkeys(_GROW[edge] for edge in edges))
            yield HandoutError(file, line, f"in the picture {name!r}, the words “{_shortened(words)}” run past its "
                                           f"{' and '.join(edges)} edge{'s' if len(edges) > 1 else ''}",
                               f"move them {moves}, or make the picture's viewBox {sizes}; its words are set "
                               "in the bundled font, which may be wider than the font it was drawn in",
                               rule="picture.text-outside")


_MOVE = {"left": "right", "right": "left", "top": "down", "bottom": "up"}
_GROW = {"left": "wider", "right": "wider", "top": "taller", "bottom": "taller"}


def _shortened(words: str, length: int = 40) -> str:
    return words if len(words) <= length else words[:length] + "…"


def _check_word_lengths(handout: Handout) -> Iterator[HandoutError]:
    """A word that long is a mistake (pasted data, a missing space); it would also be broken up mid-word."""
    for file, line, text in printed_text(handout):
        for word in text.split():
            limit = MAX_URL_CHARS if "://" in word else MAX_WORD_CHARS
            if len(word) > limit:
                yield HandoutError(file, line, f"a word is {len(word):,} characters long ({word[:30]}…); "
                                               f"the limit is {limit:,}",
                                   "add the missing spaces, or put a long web address in a link or a reference",
                                   rule="word.too-long")
                break


def _check_citations(handout: Handout) -> Iterator[HandoutError]:
    known = {ref.id for ref in handout.meta.references}
    for citation in tree.of_type(tree.Citation, *handout_tree(handout)):
        for ref_id in citation.ids:
            if ref_id not in known:
                yield HandoutError(handout.source, citation.line, f"citation [@{ref_id}] has no matching reference",
                                   f"add a reference with `id: {ref_id}` under `references:`", rule="citation.unknown")
    cited = set(handout.citation_order)
    for n, ref in enumerate(handout.meta.references):
        if ref.id not in cited:
            yield HandoutError(handout.source, handout.front_line("references", n),
                               f"reference {ref.id!r} is never cited",
                               f"cite it in the text as [@{ref.id}] or remove it", severity="warning",
                               rule="reference.uncited")


def printed_text(handout: Handout) -> Iterator[tuple[Path, int | None, str]]:
    """Every piece of text the handout prints, with the file and line it comes from."""
    meta = handout.meta
    yield handout.source, 1, "\n".join([
        meta.title, meta.subtitle or "", meta.summary, *meta.key_points, *meta.glossary, *meta.glossary.values(),
        *(text for entry in [*meta.references, *meta.support] for text in _strings(entry.model_dump()))])
    for section in handout_tree(handout):
        yield handout.source, section.line, section.title
        for node in tree.walk(*section.children):
            text = _printed_in(node)
            if text:
                yield handout.source, node.line, text


def _printed_in(node: tree.Node) -> str:
    """The words a block prints, web addresses included (a link's address prints beside its words on paper);
    blocks that hold blocks print nothing of their own."""
    match node:
        case tree.Heading(children=inlines) | tree.Paragraph(children=inlines) | tree.TableCell(children=inlines):
            return tree.printed_text(inlines)
        case tree.Figure(alt=alt, caption=caption):
            return "\n".join(filter(None, (alt, caption)))
        case tree.CodeBlock(text=text):
            return text
    return ""


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
    return [*_glyph_errors(path, None, "\n".join(_strings(clinic.model_dump())), font_dir),
            *_check_logo(clinic, path, font_dir)]


def _check_logo(clinic: Clinic, clinic_file: Path, font_dir: Path) -> Iterator[HandoutError]:
    """The logo is a picture like any other, kept in the clinic file's folder (a missing one is reported where the
    build looks for it)."""
    logo = clinic_file.parent / clinic.logo.path if clinic.logo else None
    if logo is None or not logo.is_file():
        return
    data, problem = read_picture(logo, clinic_file.parent)
    if problem:
        yield HandoutError(clinic_file, None, f"the logo {clinic.logo.path!r} cannot be used: {problem}",
                           "use a PNG, JPEG or plain SVG file kept beside the clinic file", rule="logo.unusable")
    else:
        yield from _picture_glyph_errors(clinic_file, None, clinic.logo.path, data, font_dir)


def _check_glyphs(handout: Handout, font_dir: Path) -> Iterator[HandoutError]:
    for file, line, text in printed_text(handout):
        yield from _glyph_errors(file, line, text, font_dir)


def _glyph_errors(file: Path, line: int | None, text: str, font_dir: Path, picture: str | None = None
                  ) -> Iterator[HandoutError]:
    """Names the characters (the first ten, and how many more) and the words they are in, which is what finds them
    in the front matter: that is checked as a whole, at its first line. In a `picture`'s text, at its line."""
    missing = missing_characters(text, font_dir)
    if missing:
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        words = list(dict.fromkeys(w.strip('"{}[],:.;!?()') for w in text.split() if set(w) & set(missing)))
        where = ", ".join(f"“{w}”" for w in words[:5]) + (", …" if len(words) > 5 else "")
        if picture:
            yield HandoutError(file, line, f"the text in the picture {picture!r} has characters the bundled font "
                                           f"cannot draw: {shown}{more}; in {where}",
                               "change them in the picture's text, or turn its text into shapes (Inkscape: Path › "
                               "Object to Path; Illustrator: Type › Create Outlines)", rule="font.missing-glyphs")
        else:
            yield HandoutError(file, line, f"the bundled font cannot draw: {shown}{more}; in {where}",
                               "replace these characters, or add a font that has them to fonts/",
                               rule="font.missing-glyphs")
