from __future__ import annotations

import re

from plainleaf.glossary import first_uses
from plainleaf.html import render_epub_pages, render_print_html
from plainleaf.layout import Resources, load_layout
from plainleaf.parse import parse_handout
from plainleaf.source import load_clinic
from tests.helpers import MINIMAL_FRONT

LAYOUT = load_layout("large-print", Resources.bundled())
FRONT = MINIMAL_FRONT + """\
glossary:
  Germ: A tiny living thing that can make you sick.
  Hand gel: Gel that kills germs without water.
"""
BODY = """\
## Germs

### Why germs matter

Germs spread on hands. A germ is tiny.

Use [a germ guide](https://example.org/) or hand gel.
"""


def rendered(handout_file):
    path = handout_file(front=FRONT, body=BODY)
    handout = parse_handout(path)
    clinic = load_clinic(path.parent.parent / "clinic.yaml")
    return render_print_html(handout, clinic, LAYOUT, "letter"), render_epub_pages(handout, clinic, LAYOUT)


def test_first_use_of_each_term_links_to_its_entry_in_print(handout_file):
    html, _ = rendered(handout_file)
    links = re.findall(r'<a href="(#term-\d)" role="doc-glossref">([^<]*)</a>', html)
    assert links == [("#term-1", "Germs"), ("#term-2", "hand gel")]  # not the heading, not the link text
    assert '<dt id="term-1"><dfn>Germ</dfn></dt>' in html and '<dt id="term-2">' in html


def test_epub_links_point_into_the_glossary_document(handout_file):
    _, pages = rendered(handout_file)
    section = next(p for p in pages if p.kind == "section")
    glossary = next(p for p in pages if p.kind == "glossary")
    assert section.body.count('role="doc-glossref"') == 2
    assert 'href="glossary.xhtml#term-1"' in section.body and 'id="term-1"' in glossary.body


def test_handout_without_glossary_links_nothing(handout_file):
    assert first_uses(parse_handout(handout_file())) == {}


def glossary_terms(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<dt id="(term-\d+)"><dfn>([^<]*)</dfn></dt>', html)


def test_words_to_know_are_in_alphabetical_order_and_keep_their_links(handout_file):
    front = MINIMAL_FRONT + "glossary:\n  germ: A tiny living thing.\n  Hand gel: Gel that kills germs.\n" \
                            "  Antibody: A protein that fights germs.\n  Éclair: Not a word to know.\n"
    path = handout_file(front=front, body="## Germs\n\nA germ is tiny. Hand gel kills it. An antibody helps.\n")
    html, _ = rendered_from(path)
    assert glossary_terms(html) == [("term-3", "Antibody"), ("term-4", "Éclair"), ("term-1", "germ"),
                                    ("term-2", "Hand gel")]
    assert '<a href="#term-3" role="doc-glossref">antibody</a>' in html  # the link still finds its term


def test_words_to_know_follow_the_handouts_language(handout_file):
    """Spanish puts ñ after n (the Unicode default order alone would put "ñu" before "nube")."""
    front = MINIMAL_FRONT.replace("reviewed:", "language: es\nreviewed:") + \
        "glossary:\n  ñu: Un animal.\n  nube: Agua en el cielo.\n  oreja: Oye.\n  Nada: Ninguna cosa.\n"
    html, pages = rendered_from(handout_file(front=front))
    assert [term for _, term in glossary_terms(html)] == ["Nada", "nube", "ñu", "oreja"]
    glossary = next(p for p in pages if p.kind == "glossary")
    assert [term for _, term in glossary_terms(glossary.body)] == ["Nada", "nube", "ñu", "oreja"]


def rendered_from(path):
    handout = parse_handout(path)
    clinic = load_clinic(path.parent.parent / "clinic.yaml")
    return render_print_html(handout, clinic, LAYOUT, "letter"), render_epub_pages(handout, clinic, LAYOUT)


def test_every_edition_lists_the_words_in_the_same_order(handout_file):
    from plainleaf.plaintext import plain_text_edition

    front = MINIMAL_FRONT.replace("reviewed:", "language: es\nreviewed:")
    front += "glossary:\n  ñu: Un animal.\n  nube: Agua.\n"
    path = handout_file(front=front)
    text = plain_text_edition(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"))
    assert text.index("nube: Agua.") < text.index("ñu: Un animal.")
