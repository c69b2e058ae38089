"""Contact details as authors write them, checked: telephone numbers (phonenumbers, read in the clinic's country and
dialled through RFC 3966 tel: URIs), e-mail addresses (email-validator, syntax only: never the network) and web
addresses. The author's text is what prints; these functions only judge it and say how to dial or open it."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import quote, unquote, urlsplit

DEFAULT_COUNTRY = "US"
MAX_PHONE_CHARS = 100
# Words for "extension" that phonenumbers does not know (it reads ext, x, #, extensión, anexo, int, доб...)
_EXTENSION_WORD = re.compile(r"\b(?:poste|ramal|durchwahl)\b\.?", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """What is wrong with a contact detail, and how to fix it."""

    message: str
    hint: str


@cache
def _phonenumbers() -> Any:
    import phonenumbers  # about 20 ms to import: only where a number is read

    return phonenumbers


def _where(country: str) -> str:
    """"the country GB (United Kingdom)", for messages."""
    from babel import Locale

    name = Locale("en").territories.get(country)
    return f"the country {country} ({name})" if name else f"the country {country}"


def country_problem(country: str) -> Problem | None:
    """Why `country` is not an ISO 3166 alpha-2 code whose telephone numbers plainleaf can read (or None)."""
    if country in _phonenumbers().SUPPORTED_REGIONS:
        return None
    hint = "use the country's two-letter ISO 3166 code, e.g. US, GB, CA, MX, ES"
    if country.upper() == "UK":
        hint = "the ISO 3166 code of the United Kingdom is GB"
    return Problem(f"{country!r} is not a country code", hint)


def _example(country: str) -> str:
    pn = _phonenumbers()
    example = pn.example_number(country)
    return pn.format_number(example, pn.PhoneNumberFormat.NATIONAL) if example else "555 0100"


def _read_phone(text: str, country: str) -> tuple[Any, bool] | Problem:
    """(the parsed number, whether it is dialled only as written: a short or local number), or the problem."""
    pn = _phonenumbers()
    whole = (f"write the whole number as it is dialled in {_where(country)}, e.g. {_example(country)}, or with + "
             "and the country code for a number in another country, e.g. +44 20 7946 0018 (the clinic file's "
             "`country:` says where numbers without + are)")
    if len(text) > MAX_PHONE_CHARS:
        return Problem(f"the telephone number is {len(text)} characters long; the limit is {MAX_PHONE_CHARS}",
                       "write one number, and nothing else, in this field")
    try:
        number = pn.parse(_EXTENSION_WORD.sub(" ext. ", text), country)
    except pn.NumberParseException as exc:
        if exc.error_type == pn.NumberParseException.INVALID_COUNTRY_CODE and text.lstrip().startswith("+"):
            return Problem(f"{text!r} does not start with a country calling code", whole)
        if exc.error_type == pn.NumberParseException.TOO_LONG:
            return Problem(f"{text!r} has too many digits for one telephone number",
                           "write one number, and nothing else, in this field")
        return Problem(f"{text!r} is not a telephone number", whole)
    reason = pn.is_possible_number_with_reason(number)
    if reason == pn.ValidationResult.IS_POSSIBLE:
        return number, False
    if reason == pn.ValidationResult.IS_POSSIBLE_LOCAL_ONLY or _is_short_number(number):
        return number, True  # "555-0100" in its own area, "911", "116 123": no + form exists for these
    region = pn.region_code_for_number(number) or country
    if reason == pn.ValidationResult.TOO_LONG:
        return Problem(f"{text!r} has too many digits for a telephone number in {_where(region)} (letters count "
                       "as the digits on a phone's keypad)",
                       "write one number, and nothing else, in this field (opening times go in `hours:`)")
    return Problem(f"{text!r} does not have the digits of a telephone number in {_where(region)}", whole)


def _is_short_number(number: Any) -> bool:
    """A short number people call in the number's country ("911", "988", "116 123"), not an SMS short code."""
    from phonenumbers import shortnumberinfo

    return any(shortnumberinfo.is_valid_short_number_for_region(number, region)
               and not shortnumberinfo.is_sms_service_for_region(number, region)
               for region in _phonenumbers().region_codes_for_country_code(number.country_code))


def phone_problem(text: str, country: str) -> Problem | None:
    """Why `text` is not a telephone number that can be dialled from `country` (or None)."""
    found = _read_phone(text, country)
    return found if isinstance(found, Problem) else None


def tel_uri(text: str, country: str) -> str:
    """The RFC 3966 URI that dials `text` (a number `phone_problem` accepts): "(202) 555-0142 ext. 12" in the US
    → tel:+1-202-555-0142;ext=12. A short or local-only number ("911", "555-0100") has no global form: it is
    written as dialled, with the country it belongs to (tel:911;phone-context=+1)."""
    found = _read_phone(text, country)
    if isinstance(found, Problem):
        raise ValueError(found.message)
    pn = _phonenumbers()
    number, local = found
    if not local:
        return pn.format_number(number, pn.PhoneNumberFormat.RFC3966)
    extension = f";ext={number.extension}" if number.extension else ""
    return f"tel:{pn.national_significant_number(number)}{extension};phone-context=+{number.country_code}"


def tel_link_number(href: str) -> str:
    """The number a `tel:` link in the text names, as its author wrote it (markdown-it percent-encodes links)."""
    return unquote(href[len("tel:"):])


def email_problem(address: str) -> Problem | None:
    """Why `address` is not an e-mail address a patient can write to (or None). Syntax only: no DNS look-ups."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as exc:
        return Problem(f"{address!r} is not an e-mail address: {exc}", "write it like name@clinic.example.org")
    return None


def mailto_uri(address: str) -> str:
    """A mailto: URI for an address `email_problem` accepts (RFC 6068: "?", "#", "%" and the like encoded)."""
    return "mailto:" + quote(address, safe="!$'()*+,;:@")


def mailto_addresses(href: str) -> list[str]:
    """The addresses a `mailto:` link in the text writes to, without its ?subject=... part."""
    return [unquote(a) for a in href[len("mailto:"):].split("?", 1)[0].split(",") if a.strip()] or [""]


def url_problem(url: str) -> Problem | None:
    """Why `url` is not a web address a patient can open (or None): http or https, a host that is a domain name
    or an IP address, no user name or password, nothing a browser would read differently from the printed text."""
    hint = "write the whole address as a browser shows it, e.g. https://www.example.org/page"
    if any(c.isspace() or c in '<>"\\^`{|}' or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in url):
        return Problem(f"{url!r} is not a web address: it contains a space or a character web addresses cannot "
                       "hold", hint)
    try:
        parts = urlsplit(url)
        port = parts.port  # a port that is not a number raises here
        host = parts.hostname or ""
    except ValueError as exc:
        return Problem(f"{url!r} is not a web address ({exc})", hint)
    if parts.scheme.lower() not in ("http", "https"):
        return Problem(f"{url!r} is not a web address: it must start with https:// or http://", hint)
    if not url.lower().startswith(f"{parts.scheme.lower()}://") or not parts.netloc:
        return Problem(f"{url!r} is not a web address: it names no web site after {parts.scheme}://", hint)
    if parts.username is not None or parts.password is not None:
        return Problem(f"{url!r} holds a user name or password before its web site",
                       "leave out everything between // and @: readers cannot tell which site it opens")
    if not _is_host(host) or port == 0:
        return Problem(f"{url!r} is not a web address: {host or parts.netloc!r} is not the name of a web site",
                       hint)
    return None


def _is_host(host: str) -> bool:
    """A domain name of at least two labels (letters, digits and hyphens, or international letters) or an IP
    address."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    import idna  # email-validator's dependency, the maintained IDNA 2008 implementation

    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return False
    try:
        idna.encode(host.rstrip("."), uts46=True)
    except (idna.IDNAError, UnicodeError):
        return False
    return True
