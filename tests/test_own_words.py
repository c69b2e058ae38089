"""A handout in a language plainleaf has no catalogue for: plainleaf's own words print in English and say so, in
the HTML, the EPUB and the PDF, so that a screen reader does not read "Who can help" with a French voice."""

from __future__ import annotations

import re
import zipfile

import pikepdf
from babel.messages.pofile import read_po, write_po

from plainleaf import i18n
from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import page_contents, structure_elements, text_in_order
from plainleaf.cli.command import main
from plainleaf.i18n import OwnWords
from plainleaf.render.html import render_epub_nav, render_epub_pages, render_print_html
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
from tests.helpers import MINIMAL_FRONT

LAYOUT = load_layout("large-print", Resources.bundled())
ENGLISH = 'lang="en" xml:lang="en"'
FRENCH = """\
title: Se laver les mains
language: fr
summary: Des mains propres arrêtent les microbes.
reviewed: 2026-11-01
glossary:
  Microbe: Un être vivant minuscule.
references:
  - id: guide
    title: Le guide des mains propres
    publisher: Santé Exemple
    url: https://example.org/
    accessed: 2026-01-02
"""
FRENCH_BODY = """\
## Pourquoi

Les microbes passent par les mains. [@guide]

::: tip
Lavez-vous les mains souvent.
:::
"""
CLINIC = "name: Clinique Exemple\nphone: (201) 555-0100\nemergency: Appelez le 15.\n"


def rendered(path):
    handout = parse_handout(path)
    clinic = load_clinic(path.parent.parent / "clinic.yaml")
    pages = render_epub_pages(handout, clinic, LAYOUT)
    return render_print_html(handout, clinic, LAYOUT, "a4"), pages, render_epub_nav(handout, LAYOUT, pages)


def test_words_without_a_translation_are_marked_as_english_in_print_and_epub(handout_file):
    html, pages, nav = rendered(handout_file(front=FRENCH, body=FRENCH_BODY, clinic=CLINIC))
    assert '<html lang="fr">' in html
    for words in ("Who can help", "Words to know", "Where this information comes from", "Tip", "Phone",
                  "In an emergency", "Reviewed: November 1, 2026", "Accessed January 2, 2026."):
        assert f"<span {ENGLISH}>{words}</span>" in html, words
    epub = "".join(page.body for page in pages)
    assert f'<h2 id="contacts--h"><span {ENGLISH}>Who can help</span></h2>' in epub
    assert f'<p class="callout-label" id="pourquoi--callout-1"><span {ENGLISH}>Tip</span></p>' in epub
    assert f'<a href="contacts.xhtml"><span {ENGLISH}>Who can help</span></a>' in nav
    assert f'<h1 id="toc-h"><span {ENGLISH}>Contents</span></h1>' in nav and "<title>Contents</title>" in nav
    assert "Se laver les mains" in html and "<span lang=\"en\" xml:lang=\"en\">Pourquoi" not in html


def test_translated_words_are_not_marked(handout_file):
    spanish = MINIMAL_FRONT.replace("reviewed:", "language: es\nreviewed:")
    html, pages, nav = rendered(handout_file(front=spanish, body="## Por qué\n\nLávese las manos.\n"))
    assert "¿Quién puede ayudar?" in html and 'lang="en"' not in html + nav + "".join(p.body for p in pages)
    english, _, _ = rendered(handout_file(slug="english"))
    assert 'lang="en" xml:lang' not in english.split("<body>")[1]


def test_a_catalogue_with_gaps_marks_only_the_missing_words(tmp_path, monkeypatch):
    with (i18n.CATALOGUE_DIR / "es.po").open("rb") as handle:
        catalogue = read_po(handle)
    catalogue["Tip"].string = ""
    with (tmp_path / "nl.po").open("wb") as handle:
        write_po(handle, catalogue)
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        words = OwnWords("nl")
        assert words.markup("Tip") == f"<span {ENGLISH}>Tip</span>"
        assert words.markup("Who can help") == "¿Quién puede ayudar?"  # (the Spanish catalogue, named nl)
        assert words.markup("Reviewed: %(date)s", date="<b>") == "Revisado: &lt;b&gt;"  # values are escaped
    finally:
        i18n.translations.cache_clear()


def test_the_pdf_gives_those_words_the_english_language(handout_file, tmp_path):
    source = handout_file(front=FRENCH, body=FRENCH_BODY, clinic=CLINIC)
    result = build([source.parent.parent], None, BuildOptions(output_dir=tmp_path, formats=["pdf", "epub"]))
    assert result.ok, [str(e) for e in result.errors]
    with pikepdf.open(tmp_path / "hand-washing" / "hand-washing-large-print-letter.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr"
        contents = page_contents(pdf)
        english = [text_in_order(pdf, contents, e.obj) for e in structure_elements(pdf)
                   if str(e.obj.get("/Lang", "")) == "en"]
    joined = " ".join(english)
    for words in ("Who can help", "Words to know", "Tip", "Phone", "Reviewed: November 1, 2026"):
        assert words in joined, (words, english)
    assert "Pourquoi" not in joined and "microbes" not in joined
    book = zipfile.ZipFile(tmp_path / "hand-washing" / "hand-washing.epub")
    contacts = book.read("EPUB/contacts.xhtml").decode()
    assert re.search(r'<h2 id="contacts--h"><span (lang="en" xml:lang="en"|xml:lang="en" lang="en")>Who can help',
                     contacts)


def test_the_build_says_so_once_and_check_strict_fails(handout_file, tmp_path, capsys):
    source = handout_file(front=FRENCH, body=FRENCH_BODY, clinic=CLINIC)
    result = build([source.parent.parent], None, BuildOptions(output_dir=tmp_path, formats=["epub"]))
    assert result.ok
    no_catalogue = [w for w in result.warnings if w.rule == "language.no-catalogue"]
    assert len(no_catalogue) == 1 and "marked as English" in no_catalogue[0].message
    assert main(["check", str(source)]) == 0
    assert main(["check", str(source), "--strict"]) == 1
    assert "error[language.no-catalogue]" in capsys.readouterr().out


def test_the_plain_text_edition_has_no_markup_for_those_words(handout_file):
    from plainleaf.render.plaintext import plain_text_edition

    source = handout_file(front=FRENCH, body=FRENCH_BODY, clinic=CLINIC)
    text = plain_text_edition(parse_handout(source), load_clinic(source.parent.parent / "clinic.yaml"))
    assert "Accessed January 2, 2026." in text and "<span" not in text
