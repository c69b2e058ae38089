"""Words plainleaf itself prints, per language: gettext catalogues (plainleaf/locale/<lang>.po), Babel dates.

Catalogues are plain .po files, compiled in memory on first use, so translators edit text and nobody commits
binaries. A language without a catalogue falls back to the English source strings; `missing_translations`
lets `check` report that instead of it passing silently. A language CLDR has no data for gets ISO dates.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .languages import babel_locale, locale_names, primary_language

CATALOGUE_DIR = Path(__file__).parent / "locale"
TEMPLATE = CATALOGUE_DIR / "plainleaf.pot"
SOURCE_LANGUAGE = "en"


def catalogue_file(language: str) -> Path | None:
    """The most specific catalogue for a BCP 47 tag: es-MX → es_MX.po, else es.po."""
    for name in locale_names(language):
        path = CATALOGUE_DIR / f"{name}.po"
        if path.is_file():
            return path
    return None


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


@cache
def translations(language: str) -> NullTranslations:
    """The catalogue for a language, falling back to the English source strings."""
    path = catalogue_file(language)
    if path is None:
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, _read(path))
    compiled.seek(0)
    return Translations(compiled, domain="plainleaf")


def missing_translations(language: str) -> list[str]:
    """Strings plainleaf prints that have no translation for this language (empty for English)."""
    if primary_language(language) == SOURCE_LANGUAGE:
        return []
    wanted = [m.id for m in _read(TEMPLATE) if m.id]
    path = catalogue_file(language)
    if path is None:
        return [str(w) for w in wanted]
    catalogue = _read(path)
    done = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    return [str(w) for w in wanted if w not in done]


def long_date(value: dt.date, language: str) -> str:
    """"November 1, 2026", "1 de noviembre de 2026"; 2026-11-01 in a language CLDR has no data for."""
    locale = babel_locale(language)
    return format_date(value, format="long", locale=locale) if locale else value.isoformat()


def language_name(language: str) -> str:
    """The language's name in itself ("español" for es), or the tag where CLDR has no name for it."""
    locale = babel_locale(language)
    return (locale.get_display_name(locale) if locale else None) or language
