"""The plain-text edition: the design test of the document tree (a writer in reading order, as a screen reader or
a braille translator reads the handout)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings

from plainleaf.errors import HandoutErrors
from plainleaf.render.html import render_print_html
from plainleaf.render.plaintext import plain_text_edition
from plainleaf.source.editions import Edition
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.model import Clinic
from plainleaf.source.parse import parse_handout
from plainleaf.source.prose import words
from tests.fuzz_support import well_formed
from tests.helpers import CLINIC, ROOT, handout_cases

FIXTURES = ROOT / "tests" / "fixtures" / "plaintext"
SMALL = FIXTURES / "small-handout" / "handout.md"
RIVERSIDE = Clinic(name="Riverside Clinic", phone="555-0100", website="https://riverside.example.org/",
                   emergency="In an emergency, call 911.")


def test_a_small_handout_reads_as_checked_by_hand():
    expected = (FIXTURES / "small-handout.txt").read_text(encoding="utf-8")
    assert plain_text_edition(parse_handout(SMALL), RIVERSIDE) == expected


def test_the_words_plainleaf_adds_are_in_the_handouts_language(handout_file):
    front = """\
        title: Cuidado de la rodilla
        language: es
        summary: Cómo cuidar la rodilla.
        reviewed: 2026-03-15
        key_points: [Descanse.]
        """
    body = "## Los primeros días\n\n![Una pierna sobre una almohada](images/knee.png)\n\n::: tip\nDescanse.\n:::\n"
    text = plain_text_edition(parse_handout(handout_file(front, body)), RIVERSIDE)
    for words_in_spanish in ("Puntos clave", "Imagen: Una pierna", "Consejo\nDescanse.", "¿Quién puede ayudar?",
                             "Teléfono: 555-0100", "En una emergencia", "Revisado: 15 de marzo de 2026"):
        assert words_in_spanish in text


def test_other_editions_are_named_in_their_own_language():
    text = plain_text_edition(parse_handout(SMALL), RIVERSIDE, [Edition("knee-es", "es", "Cuidado de la rodilla")])
    assert "\n\nEste folleto también está disponible en español.\n\n" in text


class _MainWords(HTMLParser):
    """The words of the print edition's sections, in order, leaving out citations (the tree numbers a group
    ascending) and table header cells (the plain text repeats a row's header before each of its cells)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self._skipping: list[str] = []  # open elements whose words are left out
        self._in_main = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_main = self._in_main or tag == "main"
        if self._skipping or tag in ("th", "h2") or (tag == "span" and dict(attrs).get("class") == "citation"):
            self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()
        self._in_main = self._in_main and tag != "main"

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skipping:
            self.text.append(data.replace("\u200b", "").replace("\u2060", ""))  # not print's line-break hints


def _read_in_order(handout) -> list[str]:
    """The words of print's sections that the plain text does not have, in order (none: all are read)."""
    layout = load_layout("large-print", Resources.bundled())
    clinic = load_clinic(CLINIC)
    printed = words("".join(_MainWords(render_print_html(handout, clinic, layout, "letter")).text))
    plain = iter(words(plain_text_edition(handout, clinic)))
    return [word for word in printed if word not in plain]  # `in` advances the iterator: a subsequence test


@pytest.mark.parametrize("source", [*handout_cases(), SMALL], ids=lambda p: p.parent.name)
def test_every_word_of_the_sections_is_read_in_order(source):
    """Reading order: the words of print's sections are, in order, in the plain text (which may add words: a
    picture's description, a link's address, a table's headers)."""
    assert _read_in_order(parse_handout(source)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=well_formed)
def test_any_handout_that_parses_is_read_in_order(fuzz_folder, source):
    (fuzz_folder / "handout.md").write_text(source, encoding="utf-8")
    try:
        handout = parse_handout(fuzz_folder / "handout.md")
    except HandoutErrors:
        return
    assert _read_in_order(handout) == []
