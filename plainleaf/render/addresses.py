"""How web, e-mail and telephone addresses print: where a line may break inside one, and the address print shows
after a link's words (on paper a link cannot be followed, so its address must be readable)."""

from __future__ import annotations

import re
from typing import Literal

from markupsafe import Markup, escape

# After a run of slashes or a dot; before a hyphen, underscore, question mark, number sign, percent sign, tilde,
# ampersand or equals sign (the Chicago Manual's places: the mark starts the next line, so it cannot be taken
# for a hyphen the line's end added, and the address copied from paper is the address).
_BREAK_AFTER = re.compile(r"[/.]+(?=.)")
_BREAK_BEFORE = re.compile(r"(?<=.)(?=[-_?#%~&=])")
_WEB = re.compile(r"^(?:https?://|www\.)\S+$", re.I)


def address_text(address: str, target: Literal["print", "epub"]) -> Markup:
    """An address's visible text with its break opportunities: zero-width spaces in print and a word joiner after
    each hyphen (characters, not <wbr>, so that the PDF's Link holds plain text); <wbr/> in the EPUB, so that
    copying the text copies the address. CSS `overflow-wrap: anywhere` still breaks a part too long for a line."""
    mark = Markup("\u200b" if target == "print" else "<wbr/>")
    # breaks are found in the address as written and the pieces escaped after, so none lands inside an entity
    # such as &#39; (addresses hold no NUL: control characters are refused when a handout is read)
    parts = _BREAK_BEFORE.sub("\0", _BREAK_AFTER.sub(lambda m: m.group(0) + "\0", address)).split("\0")
    return mark.join(escape(part.replace("-", "-\u2060") if target == "print" else part) for part in parts)


def is_web_address(text: str) -> bool:
    return bool(_WEB.match(text.strip()))


def _bare(address: str) -> str:
    """An address as a reader would type it: no scheme, no mailto: or tel:, no slash at the end."""
    return re.sub(r"^(?:https?://|mailto:|tel:)", "", address.strip(), flags=re.I).rstrip("/")


def shown_address(href: str, words: str) -> str | None:
    """The address print shows after a link's words, or None when the words are the address already (or the
    link goes to a place in the handout)."""
    if not re.match(r"^(?:https?://|mailto:|tel:)", href, re.I):
        return None
    bare = _bare(href)
    return None if _bare(words).lower() == bare.lower() or not words.strip() else bare
