"""Lines of print: nothing runs into the margin where an inline box (a link, a citation) meets the line's end,
web addresses break only where a reader can tell they go on, and no layout prints lines longer than it allows."""

from __future__ import annotations

from plainleaf.check.audit import audit_bytes, layout_rules
from plainleaf.source.layout import Resources, load_layout
from tests.helpers import MINIMAL_FRONT, ROOT, print_editions

RESOURCES = Resources.bundled()

LINKS = """\
## Before you start

There are three exercises: [pendulum swings](#exercise-1-pendulum-swings), [wall walks](#exercise-2-wall-walks)
and [band pulls](#exercise-3-band-pulls).

## Exercise 1: pendulum swings

Let your arm hang down.

## Exercise 2: wall walks

Walk your fingers up the wall.

## Exercise 3: band pulls

Pull the band toward you.
"""


def test_a_word_after_a_link_at_the_end_of_a_line_stays_inside_the_margin(handout_file):
    """WeasyPrint keeps the space after the word that ends such a line (' and '): it paints nothing, and the
    audit measures a line to its last glyph, not its last space."""
    path = handout_file(front=MINIMAL_FRONT, body=LINKS)
    for (name, paper), data in print_editions(path).items():
        rules = layout_rules(load_layout(name, RESOURCES))
        assert [str(f) for f in audit_bytes(data, rules) if f.checkpoint == "layout: clipping"] == [], (name, paper)


ADDRESSES = """\
## Where to read more

Read [the OSHA page about silica at work](https://www.osha.gov/silica-crystalline/health-effects) or
[write to us](mailto:care@clinic.example.org). Book at
https://www.example.org/patients/appointment-request-form_for-new-patients?clinic=riverside&visit=first.
"""


def test_links_show_their_address_in_print_and_addresses_break_where_a_reader_can_tell(handout_file):
    from plainleaf.render.html import render_epub_pages, render_print_html
    from plainleaf.source.files import load_clinic
    from plainleaf.source.parse import parse_handout

    path = handout_file(front=MINIMAL_FRONT, body=ADDRESSES)
    handout, clinic = parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")
    html = render_print_html(handout, clinic, load_layout("large-print", RESOURCES), "letter")
    plain = html.replace("\u200b", "").replace("\u2060", "")
    assert "at work (www.osha.gov/silica-crystalline/health-effects)</a>" in plain  # a link too, for the audit
    assert "write to us (care@clinic.example.org)</a>" in plain
    assert "appointment\u200b-\u2060request\u200b-\u2060form\u200b_for\u200b-\u2060new" in html  # typed: shown as is
    epub = next(p for p in render_epub_pages(handout, clinic, load_layout("large-print", RESOURCES))
                if p.kind == "section").body
    assert "(www.osha.gov" not in epub
    for (name, paper), data in print_editions(path).items():
        rules = layout_rules(load_layout(name, RESOURCES))
        assert [str(f) for f in audit_bytes(data, rules) if f.severity == "error"] == [], (name, paper)


def test_no_layout_sets_lines_longer_than_the_audit_allows(handout_file):
    """A couple of hundred sentences of handout prose, in every layout on both papers: no line of more than 70
    characters (the line-length rule), even in clear print, whose line is set by max_line_em, not by the page."""
    sentences = [line for line in (ROOT / "tests" / "data" / "sentences.en.txt").read_text().splitlines()
                 if line and not line.startswith("#")]
    body = "## Reading\n\n" + "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))
    path = handout_file(front=MINIMAL_FRONT, body=body)
    for (name, paper), data in print_editions(path).items():
        rules = layout_rules(load_layout(name, RESOURCES))
        assert [str(f) for f in audit_bytes(data, rules) if f.checkpoint == "layout: line length"] == [], (name, paper)
