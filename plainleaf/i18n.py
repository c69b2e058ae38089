"""Words plainleaf itself prints, per language: gettext catalogues, and Babel's dates and numbers."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.support import NullTranslations, Translations

CATALOGUE_DIR = Path(__file__).parent / "locale"
DOMAIN = "plainleaf"


def babel_locale(language: str) -> Locale:
    return Locale.parse(language, sep="-")


@cache
def translations(language: str) -> NullTranslations:
    """The catalogue for a BCP 47 language, falling back to the English source strings."""
    return Translations.load(str(CATALOGUE_DIR), [str(babel_locale(language))], DOMAIN)


def long_date(value: dt.date, language: str) -> str:
    return format_date(value, format="long", locale=babel_locale(language))
