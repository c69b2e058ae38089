from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source import tree
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
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
    handout = parse_handout(handout_file())
    assert not list(tree.of_type(tree.GlossaryTerm, *handout.body))


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
    from plainleaf.render.plaintext import plain_text_edition

    front = MINIMAL_FRONT.replace("reviewed:", "language: es\nreviewed:")
    front += "glossary:\n  ñu: Un animal.\n  nube: Agua.\n"
    path = handout_file(front=front)
    text = plain_text_edition(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"))
    assert text.index("nube: Agua.") < text.index("ñu: Un animal.")


def first_uses_term_by_term(terms: list[str], texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """What FirstUses must find: each pending term searched for on its own with `term_pattern`, in the
    glossary's order (the way it was done before, in time that grew with texts × terms)."""
    from plainleaf.source.glossary import term_anchor

    pending = {term_anchor(n): term_pattern(term) for n, term in enumerate(terms, start=1) if term.split()}
    found_in = []
    for text in texts:
        found: list[tuple[int, int, str]] = []
        for anchor, pattern in list(pending.items()):
            match = pattern.search(text)
            if match and not any(a < match.end() and match.start() < b for a, b, _ in found):
                found.append((match.start(), match.end(), anchor))
                del pending[anchor]
        found_in.append(sorted(found))
    return found_in


WORDS = ["tumor", "Tumors", "tumour", "blood", "test", "blood test", "Blood  tests", "cell", "cells", "NET", "NETs",
         "A&E", "x-ray", "X-rays", "diagnose", "diagnosing", "diagnosed", "therapy", "therapies", "Dr.", "Smith",
         "café", "CAFÉS", "İstanbul", "dose", "doses", "ss", "class", "bus", "buses", "e", "y"]
SEPARATORS = [" ", "  ", "\n", ". ", ", ", "-", "(", ")", "", "'", "—", "_", "\t"]


@given(st.lists(st.sampled_from(WORDS + ["blood test result", "Dr. Smith", "x-ray film", "tumor cell"]),
                max_size=8),
       st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=12).map(
           lambda parts: "".join(w + s for w, s in parts)), max_size=4))
@settings(max_examples=300, deadline=None)
def test_first_uses_finds_what_a_search_term_by_term_finds(terms, texts):
    from plainleaf.source.glossary import FirstUses

    finder = FirstUses(terms)
    found = [sorted((u.start, u.end, u.anchor) for u in finder.find(text)) for text in texts]
    assert found == first_uses_term_by_term(terms, texts)


def test_fifteen_thousand_terms_are_found_in_one_pass_each():
    """Each text is read once for all the terms: the number of look-ups grows with the text, not with the terms."""
    from plainleaf.source.glossary import FirstUses

    terms = [f"term{n}" for n in range(15_000)] + ["blood test"]
    finder = FirstUses(terms)
    text = " ".join(f"term{n}" for n in range(0, 15_000, 3)) + " blood test."
    found = finder.find(text)
    assert len(found) == 5001 and found[-1].anchor == "term-15001"
    assert finder.find(text) == []  # each term once


def term_pattern(term: str) -> re.Pattern[str]:
    """A term and its usual endings, any case, written on its own as a regular expression (the search FirstUses
    replaced): "tumor" finds "Tumors", "diagnose" finds "diagnosed"."""
    words_in_term = [re.escape(w) for w in term.split()]
    last = words_in_term[-1]
    endings = ["", "s", "es", "d", "ed", "ing"]
    stems = [last]
    if term.endswith("e"):
        stems.append(last[:-1] + "ing")
    if term.endswith("y"):
        stems.append(last[:-1] + "ies")
    if term.endswith("s") and not term.endswith("ss"):
        stems.append(last[:-1])
    body = r"\s+".join(words_in_term[:-1] + [f"(?:{'|'.join(stems)})(?:{'|'.join(endings)})"])
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)
