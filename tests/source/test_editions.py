"""Editions in several languages: found among siblings, linked both ways, each printed in its own language."""

from __future__ import annotations

import shutil
import zipfile

import pikepdf
import pytest

from plainleaf.build.run import BuildOptions, build
from plainleaf.pdfread.content import page_contents
from plainleaf.pdfread.structure import structure_elements
from plainleaf.pdfread.text import text_in_order
from plainleaf.source.editions import plan_editions
from tests.helpers import CLINIC, EXAMPLE, ROOT

SPANISH = ROOT / "handouts" / "neuroendocrine-tumors-es"


@pytest.fixture(scope="module")
def both_editions(tmp_path_factory):
    root = tmp_path_factory.mktemp("editions")
    for folder in (EXAMPLE, SPANISH):
        shutil.copytree(folder, root / "handouts" / folder.name)
    shutil.copy(CLINIC, root / "handouts" / "clinic.yaml")
    result = build([root / "handouts"], None, BuildOptions(output_dir=root / "output"))
    assert result.ok, [str(e) for e in result.errors]
    return root


def pdf_text(path) -> str:
    import subprocess
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout


def test_editions_link_both_ways_from_one_source():
    editions, errors = plan_editions([SPANISH / "handout.md"])
    assert errors == []
    (english,) = editions[SPANISH / "handout.md"]
    assert (english.slug, english.language) == ("neuroendocrine-tumors", "en")
    editions, _ = plan_editions([EXAMPLE / "handout.md"])
    assert [e.language for e in editions[EXAMPLE / "handout.md"]] == ["es"]


def test_unknown_original_is_an_error(handout_file):
    path = handout_file(front="title: T\nsummary: S.\nreviewed: 2026-11-01\nlanguage: es\ntranslation_of: nothing\n")
    _, errors = plan_editions([path])
    (error,) = errors
    assert error.file == path.resolve() and "`translation_of: nothing` names no handout folder" in error.message


def test_spanish_pdf_is_spanish_everywhere(both_editions):
    path = both_editions / "output" / "neuroendocrine-tumors-es" / "neuroendocrine-tumors-es-large-print-letter.pdf"
    text = " ".join(pdf_text(path).split())
    for words in ("Página 1 de", "¿Quién puede ayudar?", "De dónde viene esta información",
                  "Revisado: 1 de noviembre de 2026", "Puntos clave", "Palabras que debe conocer"):
        assert words in text
    assert "This handout is also available in English." in text
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "es"
        marked = languages(pdf)
    assert marked[0] == ("en", "P", "This handout is also available in English.")
    # [Mayo Clinic Connect]{lang=en}: one structure element for each line the words are broken across
    assert {role for _, role, _ in marked[1:]} == {"Span"} and {lang for lang, _, _ in marked} == {"en"}
    assert " ".join(text for _, _, text in marked[1:]) == "Mayo Clinic Connect"


def test_english_pdf_names_the_spanish_edition_in_spanish(both_editions):
    path = both_editions / "output" / "neuroendocrine-tumors" / "neuroendocrine-tumors-large-print-letter.pdf"
    text = " ".join(pdf_text(path).split())
    assert "Este folleto también está disponible en español." in text
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en"
        assert languages(pdf) == [("es", "P", "Este folleto también está disponible en español.")]


def languages(pdf: pikepdf.Pdf) -> list[tuple[str, str, str]]:
    """(/Lang, role, text) of each structure element with a language of its own."""
    contents = page_contents(pdf)
    return [(str(e.obj.Lang), e.role, text_in_order(pdf, contents, e.obj))
            for e in structure_elements(pdf) if "/Lang" in e.obj]


def test_spanish_epub_navigation_and_documents_are_spanish(both_editions):
    path = both_editions / "output" / "neuroendocrine-tumors-es" / "neuroendocrine-tumors-es.epub"
    with zipfile.ZipFile(path) as book:
        nav = book.read("EPUB/nav.xhtml").decode()
        opf = book.read("EPUB/content.opf").decode()
        contacts = book.read("EPUB/contacts.xhtml").decode()
    assert 'lang="es"' in nav and "Contenido" in nav and "¿Quién puede ayudar?" in nav
    assert "<dc:language>es</dc:language>" in opf and 'xml:lang="es"' in opf
    assert 'lang="es"' in contacts and 'xml:lang="es"' in contacts
    assert '<span lang="en">Mayo Clinic Connect</span>' in book_text(path)


def book_text(path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
