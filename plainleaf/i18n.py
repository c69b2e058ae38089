"""Words plainleaf itself prints, per language: gettext catalogues (plainleaf/locale/<lang>.po), Babel dates.

Catalogues are plain .po files, compiled on first use (and kept in the user's cache folder), so translators edit
text and nobody commits binaries. A language without a catalogue falls back to the English source strings;
`missing_translations` lets `check` report that instead of it passing silently. A language CLDR has no data for
gets ISO dates.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import babel
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from .languages import babel_locale, locale_names, primary_language
from .usercache import cache_key, read_checked, write_checked

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
    return Translations(io.BytesIO(_compiled(path)), domain="plainleaf")


def _compiled(path: Path) -> bytes:
    """A .po file compiled to .mo: once, then read from the user's cache folder (reading a .po takes Babel a tenth
    of a second), where it is kept under a digest of the file and Babel's version."""
    name = cache_key(path.read_bytes(), babel.__version__)
    kept = read_checked("catalogues", name)
    if kept is not None:
        return kept
    compiled = io.BytesIO()
    write_mo(compiled, _read(path))
    write_checked("catalogues", name, compiled.getvalue())
    return compiled.getvalue()


def missing_translations(language: str) -> list[str]:
    """Strings plainleaf prints that have no translation for this language (empty for English)."""
    return list(_missing(language))


def _missing(language: str) -> tuple[str, ...]:
    if primary_language(language) == SOURCE_LANGUAGE:
        return ()
    return _missing_from(catalogue_file(language))


@cache
def _missing_from(catalogue: Path | None) -> tuple[str, ...]:
    """The template's messages that a catalogue file (or no catalogue) does not translate."""
    wanted = [m.id for m in _read(TEMPLATE) if m.id]
    done = {m.id for m in _read(catalogue) if m.id and m.string and not m.fuzzy} if catalogue else set()
    return tuple(str(w) for w in wanted if w not in done)


def N_(message: str) -> str:  # gettext's name for it, which pybabel extracts
    """Marks a message for extraction where it is translated later (gettext_noop)."""
    return message


@dataclass(frozen=True)
class OwnWords:
    """The words plainleaf prints itself in one language. A message the language's catalogue lacks prints in
    English and is marked as English, so that a screen reader reads it with an English voice."""

    language: str

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def language_of(self, message: str) -> str:
        """The language `message` prints in: the handout's, or English where it falls back."""
        return SOURCE_LANGUAGE if message in _missing(self.language) else self.language

    def markup(self, message: str, **variables: object) -> Markup:
        """The message as HTML (its variables escaped), inside <span lang="en"> where it falls back to English."""
        text = escape(self.gettext(message))
        if variables:
            text = text % variables
        language = self.language_of(message)
        if language == self.language:
            return text
        return Markup('<span lang="{0}" xml:lang="{0}">{1}</span>').format(language, text)

    def date(self, value: dt.date, message: str) -> str:
        """A date for `message`, in the language the message prints in."""
        return long_date(value, self.language_of(message))


@cache
def collation_key(language: str) -> Callable[[str], bytes]:
    """Sorting words in the language's alphabetical order: ICU's collation with CLDR's rules for the language
    ("ñ" after "n" in Spanish, "å ä ö" after "z" in Swedish), the root order for a language it has no rules for."""
    import icu  # PyICU, from the pyicu-wheels package: imported only when something is sorted

    collator = icu.Collator.createInstance(icu.Locale.forLanguageTag(language))
    return collator.getSortKey


def long_date(value: dt.date, language: str) -> str:
    """"November 1, 2026", "1 de noviembre de 2026"; 2026-11-01 in a language CLDR has no data for."""
    locale = babel_locale(language)
    return format_date(value, format="long", locale=locale) if locale else value.isoformat()


def language_name(language: str) -> str:
    """The language's name in itself ("español" for es), or the tag where CLDR has no name for it."""
    locale = babel_locale(language)
    return (locale.get_display_name(locale) if locale else None) or language
