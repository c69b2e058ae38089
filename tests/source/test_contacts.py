"""Contact details checked when loaded, each error with file and line: telephone numbers (read in the clinic's
country, dialled by RFC 3966 tel: URIs), e-mail addresses and web addresses; the author's text is what prints."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from plainleaf.errors import HandoutErrors
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source.contacts import email_problem, mailto_uri, phone_problem, tel_uri, url_problem
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import load_layout
from plainleaf.source.parse import parse_handout
from plainleaf.source.resources import Resources
from tests.helpers import MINIMAL_FRONT, ROOT, without_shown_addresses

LAYOUT = load_layout("large-print", Resources.bundled())


@pytest.mark.parametrize(("number", "country", "uri"), [
    # issue 13: characters were stripped ("tel:555010012", "tel:+4402079460018")
    ("(555) 010-0 ext. 12", "US", "tel:5550100;ext=12;phone-context=+1"),
    ("+44 (0)20 7946 0018", "US", "tel:+44-20-7946-0018"),
    # numbers in their national formats, read in their own country
    ("020 7946 0018", "GB", "tel:+44-20-7946-0018"),
    ("(202) 555-0142", "US", "tel:+1-202-555-0142"),
    ("202.555.0142 x 7", "US", "tel:+1-202-555-0142;ext=7"),
    ("1-800-FLOWERS", "US", "tel:+1-800-356-9377"),
    ("613-555-0143", "CA", "tel:+1-613-555-0143"),
    ("1 613 555-0179, poste 221", "CA", "tel:+1-613-555-0179;ext=221"),  # French
    ("(55) 5555-0123 ext. 12", "MX", "tel:+52-55-5555-0123;ext=12"),
    ("55 1234 5678", "MX", "tel:+52-55-1234-5678"),
    ("91 123 45 67", "ES", "tel:+34-911-23-45-67"),
    ("06 12 34 56 78", "FR", "tel:+33-6-12-34-56-78"),
    ("(02) 9876 5432", "AU", "tel:+61-2-9876-5432"),
    ("030 901820", "DE", "tel:+49-30-901820"),
    ("+1 202 555 0142", "GB", "tel:+1-202-555-0142"),  # a + number is the same anywhere
    ("tel:+1-202-555-0142;ext=5", "US", "tel:+1-202-555-0142;ext=5"),
    # short and local-only numbers have no + form: dialled as written, in their country
    ("911", "US", "tel:911;phone-context=+1"),
    ("988", "US", "tel:988;phone-context=+1"),
    ("116 123", "GB", "tel:116123;phone-context=+44"),
    ("112", "ES", "tel:112;phone-context=+34"),
    ("555-0100", "US", "tel:5550100;phone-context=+1"),
])
def test_numbers_are_dialled_by_their_rfc_3966_uri(number, country, uri):
    assert phone_problem(number, country) is None
    assert tel_uri(number, country) == uri


@pytest.mark.parametrize(("number", "country", "says"), [
    ("555", "US", "does not have the digits of a telephone number in the country US (United States)"),
    ("0800 1111", "US", "does not have the digits"),  # a British freephone number, read as American
    ("call us", "US", "is not a telephone number"),
    ("+999 1234", "US", "does not start with a country calling code"),
    ("555-0100 (Mon-Fri)", "US", "too many digits"),  # letters are keypad digits
    ("(202) 555-0142 or (202) 555-0143", "US", "too many digits"),
    ("5" * 120, "US", "the limit is 100"),
    ("24680", "US", "does not have the digits"),  # an SMS short code: nobody answers it
])
def test_numbers_that_cannot_be_dialled_are_errors(number, country, says):
    problem = phone_problem(number, country)
    assert problem and says in problem.message and problem.hint


CLINIC = """\
name: Riverside Clinic
country: GB
phone: 020 7946 0018
after_hours_phone: 0800 1111
"""


def test_the_clinics_numbers_are_read_in_its_country(handout_file):
    path = handout_file(clinic=CLINIC + "website: https://clinic.example.org/\nemail: care@clinic.example.org\n")
    clinic = load_clinic(path.parent.parent / "clinic.yaml")
    html = render_print_html(parse_handout(path, country=clinic.country), clinic, LAYOUT, "a4")
    assert '<a class="phone" href="tel:+44-20-7946-0018">020 7946 0018</a>' in html  # the author's text prints
    assert '<a class="phone" href="tel:+44-800-1111">0800 1111</a>' in html


def test_every_bad_contact_in_the_clinic_file_is_an_error_at_its_line(handout_file):
    clinic = ("name: Riverside Clinic\nphone: 555\nafter_hours_phone: call me\nwebsite: https:///etc\n"
              "email: care at clinic\n")
    path = handout_file(clinic=clinic)
    with pytest.raises(HandoutErrors) as info:
        load_clinic(path.parent.parent / "clinic.yaml")
    found = {(e.line, e.message.split(":")[0]) for e in info.value.errors}
    assert found == {(2, "`phone`"), (3, "`after_hours_phone`"), (4, "`website`"), (5, "`email`")}
    assert all(e.hint and e.file == path.parent.parent / "clinic.yaml" for e in info.value.errors)


@pytest.mark.parametrize(("country", "says"), [("UK", "the ISO 3166 code of the United Kingdom is GB"),
                                               ("USA", "two-letter ISO 3166 code"), ("XX", "two-letter")])
def test_the_country_is_an_iso_3166_code(handout_file, country, says):
    path = handout_file(clinic=f"name: Riverside Clinic\ncountry: {country}\nphone: 555\n")
    with pytest.raises(HandoutErrors) as info:
        load_clinic(path.parent.parent / "clinic.yaml")
    (error,) = info.value.errors  # the number is not judged in a country that is not known
    assert error.line == 2 and "is not a country code" in error.message and says in error.hint


def test_the_country_may_be_written_in_small_letters(handout_file):
    path = handout_file(clinic="name: Riverside Clinic\ncountry: mx\nphone: 55 1234 5678\n")
    assert load_clinic(path.parent.parent / "clinic.yaml").country == "MX"


SUPPORT = MINIMAL_FRONT + """\
support:
  - name: Helpline
    phone: 116 123
  - name: Group
    phone: 555
    email: group at example.org
    url: https://[x
"""


def test_support_contacts_are_checked_with_the_clinics_country(handout_file):
    path = handout_file(front=SUPPORT)
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path, country="GB")
    found = sorted((e.line, e.message.split(":")[0]) for e in info.value.errors)
    assert found == [(9, "`support.1.phone`"), (10, "`support.1.email`"), (11, "`support.1.url`")]
    with pytest.raises(HandoutErrors) as info:  # in the United States, 116 123 is no number either
        parse_handout(path, country="US")
    assert {e.line for e in info.value.errors} == {7, 9, 10, 11}


def test_without_a_country_numbers_are_not_judged(handout_file):
    """Planning reads a handout only for its facts; the checks and the build always give the clinic's country."""
    path = handout_file(front=MINIMAL_FRONT + "support:\n  - name: Line\n    phone: 555\n",
                        body="## One\n\nCall [the desk](tel:123).\n")
    assert parse_handout(path, country=None).meta.support[0].phone == "555"
    with pytest.raises(HandoutErrors):
        parse_handout(path)  # by default, read in the default country


BODY = """\
## Calling us

Call [the front desk](tel:+1-202-555-0142;ext=12), or
[the nurse](<tel:(555) 010-0 ext. 12>), or write to
[the nurses](mailto:nurses@clinic.example.org?subject=Question) or <care@clinic.example.org>.
"""


def test_links_in_the_text_dial_the_rfc_3966_uri(handout_file):
    path = handout_file(body=BODY)
    handout, clinic = parse_handout(path, country="US"), load_clinic(path.parent.parent / "clinic.yaml")
    html = render_print_html(handout, clinic, LAYOUT, "letter")
    epub = "".join(p.body for p in render_epub_pages(handout, clinic, LAYOUT))
    for page in (without_shown_addresses(html), epub):
        assert '<a href="tel:+1-202-555-0142;ext=12">the front desk</a>' in page
        # print shows a number that has its own brackets after the words without more of them
        assert '<a href="tel:5550100;ext=12;phone-context=+1">the nurse' + ("</a>" if page is epub else " (") in page
        assert '<a href="mailto:nurses@clinic.example.org?subject=Question">the nurses</a>' in page


@pytest.mark.parametrize(("link", "says"), [
    ("[the desk](tel:555)", "does not have the digits"), ("[the desk](tel:call-me)", "is not a telephone number"),
    ("[us](mailto:care-at-clinic)", "is not an e-mail address"), ("<mailto:a@b>", "is not an e-mail address"),
    ("[site](https:///etc)", "names no web site"), ("[site](https://[x)", "is not a web address"),
    ("[site](http://localhost/)", "is not the name of a web site"),
    ("[site](https://clinic.example.org@evil.example/)", "user name or password"),
])
def test_a_link_that_goes_nowhere_is_an_error_at_its_own_line(handout_file, link, says):
    path = handout_file(body=f"## One\n\nThe first line of a paragraph,\nthe second,\nand {link} on the third.\n")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path, country="US")
    (error,) = info.value.errors
    assert error.line == 10 and says in error.message and error.hint


@pytest.mark.parametrize("address", ["care@clinic.example.org", "a+b@example.org", "josé@ejemplo.es",
                                     "a?b@example.org"])
def test_email_addresses(address):
    assert email_problem(address) is None
    assert mailto_uri("a?b@example.org") == "mailto:a%3Fb@example.org"  # "?" would start the subject


@pytest.mark.parametrize("address", ["care at clinic", "@example.org", "a@", "a@b", "a@localhost", "a@x..org",
                                     '"a b"@example.org', 'a@example.org"><script>', "a@[127.0.0.1]"])
def test_not_email_addresses(address):
    assert "is not an e-mail address" in email_problem(address).message


@pytest.mark.parametrize("url", ["https://clinic.example.org/", "http://example.org", "https://münchen.de/a",
                                 "https://192.0.2.1/", "https://example.org:8443/a?b=c#d", "HTTPS://EXAMPLE.ORG/"])
def test_web_addresses(url):
    assert url_problem(url) is None


@pytest.mark.parametrize("url", ["https:///etc", "https:/host/x", "https://[x", "ftp://example.org/", "example.org",
                                 "https://localhost/", "https://user:pw@example.org/", "https://example.org/a b",
                                 'https://example.org/"><script>', "https://example.org:99999/", "https://-x.org/",
                                 "https://999.1.1.1/", "javascript:alert(1)"])
def test_not_web_addresses(url):
    assert url_problem(url) is not None


@pytest.mark.parametrize("key", ["website", "url"])
def test_a_web_address_without_a_host_is_an_error_at_its_line(handout_file, key):
    if key == "website":
        path = handout_file(clinic="name: C\nwebsite: https:///etc\n")
        load = lambda: load_clinic(path.parent.parent / "clinic.yaml")  # noqa: E731
        line = 2
    else:
        path = handout_file(front=MINIMAL_FRONT + "references:\n  - id: a\n    title: A\n    url: https:///etc\n")
        load = lambda: parse_handout(path)  # noqa: E731
        line = 8
    with pytest.raises(HandoutErrors) as info:
        load()
    (error,) = info.value.errors
    assert error.line == line and "names no web site" in error.message


def test_check_reads_numbers_in_the_clinics_country_from_the_project_root(tmp_path):
    """`check` as users run it: from the project folder, relative paths, the clinic file found beside the
    handouts; its own errors are reported too, and a handout's numbers are read in its country."""
    handouts = tmp_path / "handouts"
    (handouts / "calls").mkdir(parents=True)
    (handouts / "clinic.yaml").write_text("name: Riverside Clinic\ncountry: GB\nemail: care at clinic\n")
    (handouts / "calls" / "handout.md").write_text(
        f"---\n{MINIMAL_FRONT}support:\n  - name: Line\n    phone: 0800 1111\n---\n## One\n\nCall "
        "[the desk](tel:020-7946-0018) or [the line](tel:555).\n")
    command = [sys.executable, str(ROOT / "generate.py"), "check"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "handouts/clinic.yaml:3: error: `email`: 'care at clinic' is not an e-mail address" in done.stdout
    (tmp_path / "handouts" / "clinic.yaml").write_text("name: Riverside Clinic\ncountry: GB\n")
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    (tel,) = [line for line in done.stdout.splitlines() if "tel:" in line]
    assert re.match(r"handouts/calls/handout\.md:11: error: the link 'tel:555' cannot be used", tel)
    assert "0800 1111" not in done.stdout and "020-7946" not in done.stdout
    (tmp_path / "handouts" / "clinic.yaml").write_text("name: Riverside Clinic\ncountry: US\n")
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert "`support.0.phone`: '0800 1111' does not have the digits" in done.stdout, done.stdout



def test_addresses_typed_in_the_text_become_links(handout_file):
    """corpus finding 12 (outloud LNK-010): a web address typed in a sentence printed as text with no link."""
    body = ("## Help\n\nRead https://www.example.org/silica or write to care@clinic.example.org. Names with dots "
            "(Cancer.Net, e.g.) and ftp://example.org stay text.\n")
    path = handout_file(body=body)
    handout = parse_handout(path)
    html = render_print_html(handout, load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "letter")
    assert '<a href="https://www.example.org/silica">' in html and '<a href="mailto:care@clinic.example.org">' in html
    assert html.count("<a href=") == 2 + html.count('role="doc-glossref"')
    with pytest.raises(HandoutErrors) as info:
        parse_handout(handout_file(body="## Help\n\nSee https://localhost/x today.\n"))
    assert "is not the name of a web site" in info.value.errors[0].message
