"""Language tags: which strings are BCP 47 tags (well-formed, and valid in the IANA registry, by langcodes), and
the Babel locale that writes dates and names for one, where CLDR has data for it."""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError

# RFC 5646's alphabet and shape: subtags of 1 to 8 ASCII letters or digits joined by hyphens. langcodes also reads
# "en_US" and Babel "en@x", but a tag is copied into XML and HTML attributes, so nothing else may pass.
_WELL_FORMED = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
# Tags that name no particular language, or one of private use: CLDR has no data for them whatever Babel says
# ("und" would otherwise be read as American English).
_NO_LOCALE = re.compile(r"(?:und|mis|mul|zxx|q[a-t][a-z])$")
MAX_TAG_CHARS = 64


def language_problem(tag: str) -> str | None:
    """Why `tag` is not a BCP 47 language tag (or None): "en", "es-MX", "haw" and "zh-Hant-TW" are tags."""
    import langcodes

    shown = repr(tag) if len(tag) <= MAX_TAG_CHARS else repr(tag[:MAX_TAG_CHARS]) + "…"
    if len(tag) > MAX_TAG_CHARS or not _WELL_FORMED.fullmatch(tag) or not langcodes.tag_is_valid(tag):
        return f"{shown} is not a language tag (use BCP 47, e.g. en, es, es-MX)"
    return None


@cache
def subtags(tag: str) -> tuple[str, str | None, str | None]:
    """A valid tag's (language, script, territory), normalised: "es-mx" → ("es", None, "MX"), "iw" → ("he", ...)."""
    import langcodes

    found = langcodes.Language.get(tag)
    return found.language or "und", found.script, found.territory


def primary_language(tag: str) -> str:
    """The language alone: "es-MX" → "es"."""
    return subtags(tag)[0]


def locale_names(tag: str) -> list[str]:
    """The names a locale's files may have, most specific first: "zh-Hant-TW" → zh_Hant_TW, zh_TW, zh_Hant, zh."""
    language, script, territory = subtags(tag)
    names = [f"{language}_{script}_{territory}", f"{language}_{territory}", f"{language}_{script}", language]
    return list(dict.fromkeys(n for n in names if "None" not in n.split("_")))


@cache
def babel_locale(tag: str) -> Locale | None:
    """The most specific locale Babel has data for (dates, language names, numbers), or None for a valid tag it
    does not know: a rare language (tlh), a private-use tag, "und"."""
    if _NO_LOCALE.match(primary_language(tag)):
        return None
    for name in locale_names(tag):
        try:
            return Locale.parse(name)
        except (ValueError, UnknownLocaleError):
            continue
    return None
