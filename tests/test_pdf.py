"""The example's PDF, checked on the produced file."""

from __future__ import annotations

import shutil
from collections import Counter

import pikepdf
import pytest

from plainleaf.audit import (
    audit_bytes,
    layout_rules,
    orphan_marked_content,
    page_contents,
    smallest_text_size,
    structure_elements,
)
from plainleaf.build import BuildOptions, build
from plainleaf.layout import Resources, load_layout
from tests.helpers import ROOT, print_editions


@pytest.fixture(scope="module")
def pdf(example_build):
    with pikepdf.open(example_build["pdf"]) as document:
        yield document


def test_document_language_title_and_marking(pdf):
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.MarkInfo.Marked
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == "Neuroendocrine tumors: What you need to know"


def test_structure_tree_has_headings_lists_and_described_figures(pdf):
    roles = Counter(e.role for e in structure_elements(pdf))
    assert roles["H1"] == 1
    assert roles["H2"] >= 9
    assert roles["L"] >= 4 and roles["LI"] >= 10
    figures = [e for e in structure_elements(pdf) if e.role == "Figure"]
    assert figures and all(f.alt and len(f.alt) > 20 for f in figures)


def test_every_piece_of_text_is_at_least_18_points(pdf):
    assert smallest_text_size(pdf) >= 18


def test_only_the_bundled_fonts_are_embedded(pdf):
    names = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor
            names.add(str(font.BaseFont).split("+", 1)[-1])
    assert names and all(name.startswith("/Atkinson-Hyperlegible") or name.startswith("Atkinson-Hyperlegible")
                         for name in names), names


def test_bookmarks_follow_the_headings(pdf):
    outline_titles = []
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            outline_titles.append(item.title)
            stack[:0] = list(item.children)
    assert "Neuroendocrine tumors" in outline_titles
    assert "What are neuroendocrine tumors?" in outline_titles
    assert "Who can help" in outline_titles


def test_the_same_handout_gives_the_same_bytes(example_build):
    root = example_build["root"]
    again = build([root / "handouts"], None, BuildOptions(output_dir=root / "again", formats=("pdf",)))
    assert again.ok
    assert again.written[0].read_bytes() == example_build["pdf"].read_bytes()


def test_page_numbers_and_running_heads_are_pagination_artifacts(pdf):
    contents = page_contents(pdf)
    assert not [n for n in orphan_marked_content(pdf, contents) if n]
    artifacts = [r.text for r in contents[1].runs if r.artifact and r.text.strip()]
    assert artifacts == ["Neuroendocrine tumors", f"Page 2 of {len(pdf.pages)}"]
    assert b"/Pagination" in pdf.pages[1].Contents.read_bytes()


@pytest.mark.parametrize("picture", sorted((ROOT / "handouts").glob("*/images/*")), ids=lambda p: p.name)
def test_the_pictures_plainleaf_ships_meet_every_layouts_text_size(picture, handout_file):
    """Each shipped picture, printed as the handouts print it (a figure at the text width), in every layout on
    both papers: the words drawn inside it are at least the layout's smallest text size."""
    path = handout_file(body=f"## A picture\n\n![{picture.stem}](images/{picture.name} \"Caption\")\n")
    (path.parent / "images").mkdir()
    shutil.copy(picture, path.parent / "images" / picture.name)
    for (name, paper), data in print_editions(path).items():
        rules = layout_rules(load_layout(name, Resources.bundled()))
        assert [str(f) for f in audit_bytes(data, rules) if f.checkpoint == "layout: text size"] == [], (name, paper)
