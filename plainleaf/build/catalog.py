"""The output folder's catalog, made from the manifest: index.html, an accessible page listing every handout
(editions of the same handout together) and its files, so that output/ can be published as a website as it is;
and catalog.json, the same data for other systems (docs/catalog.schema.json)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import HandoutError, HandoutErrors
from ..source.resources import BASE_FOLDER, Resources
from .jobs import BRAILLE_FORMATS
from .manifest import FileRecord, Manifest, claim, in_the_way
from .outputs import write_together

CATALOG_HTML = "index.html"
CATALOG_JSON = "catalog.json"
TEMPLATE = "catalog.html"


def catalog_data(manifest: Manifest, output_dir: Path) -> dict[str, Any]:
    """Every handout that has files in the output folder, with the files; editions of one handout side by side."""
    from ..render.braille.codes import braille_code

    files: dict[str, list[dict[str, Any]]] = {}
    for name, record in sorted(manifest.files.items()):
        if record.handout and record.digest and (output_dir / name).is_file():
            entry = {"path": name, "format": record.format, "layout": record.layout, "paper": record.paper,
                     "bytes": record.size, "pages": record.pages}
            handout = manifest.handouts.get(record.handout)
            if record.format in BRAILLE_FORMATS and handout:
                code = braille_code(handout.language)
                entry["braille"] = code.id if code else None
            files.setdefault(record.handout, []).append(entry)
    handouts = [
        {"slug": h.slug, "title": h.title, "subtitle": h.subtitle, "summary": h.summary, "language": h.language,
         "reviewed": h.reviewed, "edition_of": h.translation_of or h.slug, "reading_level": h.reading_level,
         "prescreen": h.prescreen, "files": files[h.slug]}
        for h in manifest.handouts.values() if h.slug in files]
    titles = {h["slug"]: h["title"].casefold() for h in handouts}
    handouts.sort(key=lambda h: (titles.get(h["edition_of"], h["title"].casefold()), h["edition_of"],
                                 h["slug"] != h["edition_of"], h["language"], h["slug"]))
    return {"plainleaf": __version__, "handouts": handouts}


def catalog_language(data: dict[str, Any]) -> str:
    """The page's own language: the one most handouts are in (English when there is a tie with it)."""
    counts = Counter(h["language"] for h in data["handouts"])
    return min(counts, key=lambda language: (-counts[language], language != "en", language)) if counts else "en"


def refresh_catalog(output_dir: Path, manifest: Manifest, resources: Resources) -> list[HandoutError]:
    """Write index.html and catalog.json when what they list (or how they are made) changed."""
    from ..i18n import catalogue_file
    from .digests import code_digest, digest, file_digest

    data = catalog_data(manifest, output_dir)
    names = [CATALOG_HTML, CATALOG_JSON]
    if not data["handouts"]:
        for name in names:
            if manifest.owns(name, output_dir):
                (output_dir / name).unlink(missing_ok=True)
                manifest.files.pop(name, None)
        manifest.catalog = None
        return []
    language = catalog_language(data)
    template = resources.layouts_dir / BASE_FOLDER / TEMPLATE
    catalogue = catalogue_file(language)
    key = digest(data, language, file_digest(template.read_bytes()), code_digest(),
                 file_digest(catalogue.read_bytes()) if catalogue else None)
    if key == manifest.catalog and all((output_dir / name).is_file() and manifest.owns(name, output_dir)
                                       for name in names):
        return []
    blocked = [name for name in names if os.path.lexists(output_dir / name) and not manifest.owns(name, output_dir)]
    if blocked:
        return [in_the_way(output_dir / name, "the catalog") for name in blocked]
    files = {CATALOG_HTML: render_catalog_html(data, language, resources).encode(),
             CATALOG_JSON: (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()}
    claimed = {name: FileRecord(None, Path(name).suffix[1:], size=len(content),
                                sha256=hashlib.sha256(content).hexdigest()) for name, content in files.items()}
    try:
        claim(output_dir, claimed)
        try:
            write_together({output_dir / name: content for name, content in files.items()}, output_dir)
        except BaseException:
            manifest.settle(claimed, output_dir)
            raise
    except HandoutErrors as exc:
        return exc.errors
    except OSError as exc:
        return [HandoutError(output_dir / CATALOG_HTML, None, f"cannot write the catalog: {exc}",
                             "check that the output folder can be written and has room")]
    for name, content in files.items():
        manifest.files[name] = FileRecord(None, Path(name).suffix[1:], key, len(content),
                                          sha256=claimed[name].sha256)
    manifest.catalog = key
    return []


@dataclass(frozen=True)
class FileLink:
    href: str
    text: str  # what the file is: "Large print, Letter (PDF)"
    details: str  # "7 pages, 245 kB"


@dataclass(frozen=True)
class CatalogRow:
    handout: dict[str, Any]
    language_name: str  # in the handout's own language
    reviewed: str
    reading_level: str
    prescreen: str  # "PEMAT-P understandability 82%, actionability 75%; CCI 86"
    files: tuple[FileLink, ...]


def catalog_rows(data: dict[str, Any], language: str, resources: Resources) -> list[list[CatalogRow]]:
    """The handouts as the page shows them: in groups of editions, every value written out in words."""
    from babel.numbers import format_decimal

    from ..i18n import language_name, long_date, translations
    from ..languages import babel_locale
    from ..render.braille.codes import CODES
    from ..source.layout import load_layout

    words = translations(language)
    numbers = babel_locale(language) or "en"  # never the machine's own locale
    papers = {"letter": words.gettext("Letter"), "a4": words.gettext("A4")}
    layout_titles: dict[str, str] = {}
    for layout in {f["layout"] for h in data["handouts"] for f in h["files"] if f["layout"]}:
        try:
            layout_titles[layout] = load_layout(layout, resources).settings.title
        except HandoutErrors:  # a layout removed since its files were made
            layout_titles[layout] = layout

    def link(file: dict[str, Any]) -> FileLink:
        count = file["pages"] or 0
        if file["format"] == "pdf":
            what = f"{layout_titles[file['layout']]}, {papers.get(file['paper'], file['paper'])} (PDF)"
        elif file["format"] in BRAILLE_FORMATS:
            code = next((c for c in CODES.values() if c.id == file.get("braille")), None)
            what = words.gettext("Braille (%(format)s, %(code)s)") % {
                "format": file["format"].upper(), "code": words.gettext(code.short) if code else file.get("braille")}
        elif file["format"] == "txt":
            what = words.gettext("Plain text (TXT)")
        else:
            what = words.gettext("E-book (EPUB)")
        pages = (words.ngettext("%(count)s braille page", "%(count)s braille pages", count) if file["format"] in
                 BRAILLE_FORMATS else words.ngettext("%(count)s page", "%(count)s pages", count)) % {"count": count}
        size = words.gettext("%(size)s kB") % {"size": format_decimal(max(1, round(file["bytes"] / 1000)),
                                                                  locale=numbers)}
        return FileLink(file["path"], what, size if file["format"] == "txt" else f"{pages}, {size}")

    groups: dict[str, list[CatalogRow]] = {}
    for handout in data["handouts"]:
        own = handout["language"]
        groups.setdefault(handout["edition_of"], []).append(CatalogRow(
            handout=handout,
            language_name=language_name(own),
            reviewed=long_date(dt.date.fromisoformat(handout["reviewed"]), language),
            reading_level="; ".join(f"{s['label']} {format_decimal(s['value'], locale=numbers)}"
                                    for s in handout["reading_level"]),
            prescreen=_prescreen_words(handout["prescreen"], words.gettext, language),
            files=tuple(link(f) for f in handout["files"])))
    return list(groups.values())


def _prescreen_words(scores: list[dict[str, Any]], gettext: Any, language: str) -> str:
    """The pre-screen's scores in words: "PEMAT-P understandability 82%, actionability 75%; CCI 86"."""
    from babel.numbers import format_decimal

    from ..i18n import babel_locale

    names = {"understandability": gettext("understandability"), "actionability": gettext("actionability")}
    locale = babel_locale(language)
    pemat = [f"{names.get(s['scale'], s['scale'])} {format_decimal(s['share'], locale=locale)}%"
             for s in scores if s["instrument"] == "PEMAT-P" and s["share"] is not None]
    cci = [format_decimal(s["share"], locale=locale) for s in scores
           if s["instrument"] == "CCI" and s["share"] is not None]
    parts = ([f"PEMAT-P {', '.join(pemat)}"] if pemat else []) + ([f"CCI {cci[0]}"] if cci else [])
    return "; ".join(parts)


def render_catalog_html(data: dict[str, Any], language: str, resources: Resources) -> str:
    from ..i18n import translations
    from ..source.layout import folder_environment

    env = folder_environment([resources.layouts_dir / BASE_FOLDER])
    env.install_gettext_translations(translations(language), newstyle=True)
    braille = any(f["format"] in BRAILLE_FORMATS for h in data["handouts"] for f in h["files"])
    return env.get_template(TEMPLATE).render(lang=language, groups=catalog_rows(data, language, resources),
                                             count=len(data["handouts"]), braille=braille)
