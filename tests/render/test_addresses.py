"""The address print shows after a link's words: as a reader writes it, once, and never in doubled brackets."""

from __future__ import annotations

import pytest

from plainleaf.render.html import render_print_html
from plainleaf.source.contacts import shown_address
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout


@pytest.mark.parametrize(("href", "words", "shown"), [
    # a number written for a reader is shown as written, decoded (markdown-it percent-encodes the link)
    ("tel:(555)%20010-0%20ext.%2012", "the nurse", "(555) 010-0 ext. 12"),
    ("tel:+44%2020%207946%200018", "the line", "+44 20 7946 0018"),
    ("tel:1-800-FLOWERS", "the shop", "1-800-FLOWERS"),
    # a number in RFC 3966's form is shown grouped as people write it, the extension spelt out
    ("tel:+1-202-555-0142;ext=12", "the front desk", "+1 202-555-0142 ext. 12"),
    ("tel:+12015550100", "us", "+1 201-555-0100"),
    # words that hold the number already: nothing more
    ("tel:+12015550100", "call us at (201) 555-0100", None),
    ("tel:+1-201-555-0100", "(201) 555-0100", None),
    ("tel:+1-202-555-0142;ext=12", "(202) 555-0142 ext. 12", None),
    ("tel:+44-20-7946-0018", "020 7946 0018", None),
    ("tel:911", "911", None),
    ("tel:+1-202-555-0142;ext=12", "(202) 555-0142", "+1 202-555-0142 ext. 12"),  # not the extension
    # e-mail: the address a reader writes to, without ?subject=, decoded; none when the words hold it
    ("mailto:nurses@clinic.example.org?subject=Question", "the nurses", "nurses@clinic.example.org"),
    ("mailto:a%40b.example.org", "a friend", "a@b.example.org"),
    ("mailto:a@b.example.org,c@d.example.org", "both", "a@b.example.org, c@d.example.org"),
    ("mailto:care@clinic.example.org", "write to care@clinic.example.org", None),
    ("mailto:care@clinic.example.org", "Care@Clinic.example.org", None),
    # the web, as before
    ("https://www.osha.gov/silica/", "the OSHA page", "www.osha.gov/silica"),
    ("https://www.osha.gov/silica/", "www.osha.gov/silica", None),
    ("#how-to-wash", "how to wash", None),
])
def test_the_address_shown_after_a_links_words(href, words, shown):
    found = shown_address(href, words)
    assert (found.replace("\u00a0", " ") if found else found) == shown
    if href.startswith("tel:") and found:
        assert " " not in found  # held together: print never splits a telephone number


BODY = """\
## Calling us

Call [the nurse](<tel:(555) 010-0 ext. 12>) or [the front desk](tel:+1-202-555-0142;ext=12), or
[call us at (201) 555-0100](tel:+12015550100), or write to
[the nurses](mailto:nurses@clinic.example.org?subject=Question).
"""


def test_print_never_doubles_the_brackets_of_a_number_that_has_its_own(handout_file):
    path = handout_file(body=BODY)
    handout, clinic = parse_handout(path, country="US"), load_clinic(path.parent.parent / "clinic.yaml")
    html = render_print_html(handout, clinic, load_layout("large-print", Resources.bundled()), "letter")
    words = html.replace("\u200b", "").replace("\u2060", "").replace("\u00a0", " ")
    assert ">the nurse (555) 010-0 ext. 12</a>" in words
    assert "((" not in words and "))" not in words
    assert ">the front desk (+1 202-555-0142 ext. 12)</a>" in words
    assert ">call us at (201) 555-0100</a>" in words
    assert ">the nurses (nurses@clinic.example.org)</a>" in words
