"""How web, e-mail and telephone addresses print: where a line may break inside one, and the address print shows
after a link's words (on paper a link cannot be followed, so its address must be readable)."""

from __future__ import annotations

import re
from typing import Literal

from markupsafe import Markup, escape

from ..source.contacts import mailto_addresses, tel_link_number

# After a run of slashes or a dot; before a hyphen, underscore, question mark, number sign, percent sign, tilde,
# ampersand or equals sign (the Chicago Manual's places: the mark starts the next line, so it cannot be taken
# for a hyphen the line's end added, and the address copied from paper is the address).
_BREAK_AFTER = re.compile(r"[/.]+(?=.)")
_BREAK_BEFORE = re.compile(r"(?<=.)(?=[-_?#%~&=])")
_WEB = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
# RFC 3966's global number: "+", digits and visual separators, then parameters (";ext=12")
_RFC3966 = re.compile(r"\+[\d().-]++(?:;[^;]*+)*+")


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
    link goes to a place in the handout): a telephone number as a reader writes it, once; the addresses an
    e-mail link writes to, without its ?subject=."""
    if not words.strip() or not re.match(r"^(?:https?://|mailto:|tel:)", href, re.I):
        return None
    if href[:4].lower() == "tel:":
        return _shown_number(tel_link_number(href), words)
    if href[:7].lower() == "mailto:":
        addresses = mailto_addresses(href)
        return None if all(a.casefold() in words.casefold() for a in addresses) else ", ".join(addresses)
    bare = _bare(href)
    return None if _bare(words).lower() == bare.lower() else bare


def _shown_number(written: str, words: str) -> str | None:
    """A number as its author wrote it, unless they wrote it in RFC 3966's form for machines
    ("+1-202-555-0142;ext=12": shown "+1 202-555-0142 ext. 12"), with no-break spaces; None when the words hold
    its digits already ("call us at (201) 555-0100" for tel:+12015550100)."""
    shown, digits = written.strip(), re.sub(r"\D", "", written)
    if shown.startswith("+"):
        import phonenumbers as pn  # imported where a number is read (as contacts.py does)

        try:
            number = pn.parse(written, None)
        except pn.NumberParseException:
            number = None
        if number is not None:
            digits = pn.national_significant_number(number) + (number.extension or "")
            if _RFC3966.fullmatch(written) and (pn.is_possible_number_with_reason(number)
                                                == pn.ValidationResult.IS_POSSIBLE):  # not "+1 5550100"
                shown = pn.format_number(number, pn.PhoneNumberFormat.INTERNATIONAL)
    if digits and digits in re.sub(r"\D", "", words) or _bare(words) == shown:
        return None
    return shown.replace(" ", "\u00a0")  # held together, as print holds every telephone number


def enclosing(shown: str) -> tuple[str, str]:
    """What goes around the shown address after a link's words: brackets, or only a space before an address
    that has its own bracket at either end ("the nurse (555) 010-0100", never "((555) 010-0100)")."""
    return (" ", "") if shown.startswith("(") or shown.endswith(")") else (" (", ")")
