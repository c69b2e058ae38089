"""The document tree: immutable, walked in reading order, and left as the parser made it by every stage."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from plainleaf.build.jobs import render_edition, render_epub_file
from plainleaf.check.review import review_handout
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.render.pagelist import PageMap
from plainleaf.render.plaintext import plain_text_edition
from plainleaf.source import tree
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.parse import parse_handout
from plainleaf.source.reader import handout_tree, read_key_points
from tests.helpers import CLINIC, EVERY_CONSTRUCT, ROOT, tree_ids

RESOURCES = Resources.bundled()


@pytest.fixture(scope="module")
def sections() -> tuple[tree.Section, ...]:
    return handout_tree(parse_handout(EVERY_CONSTRUCT))


def _immutable(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_immutable(v) for v in value)
    if dataclasses.is_dataclass(value):
        return type(value).__dataclass_params__.frozen and all(
            _immutable(getattr(value, f.name)) for f in dataclasses.fields(value))
    return value is None or isinstance(value, str | int | bool)


def test_every_node_is_frozen_and_holds_only_immutable_values(sections):
    nodes = list(tree.walk(*sections))
    for node in nodes:
        assert _immutable(node), node
        with pytest.raises(dataclasses.FrozenInstanceError):
            node.line = 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        sections[0].children[0].children[0].text = "changed"


def test_children_are_every_field_that_holds_nodes(sections):
    for node in tree.walk(*sections):
        holding_nodes = [f.name for f in dataclasses.fields(node) if isinstance(getattr(node, f.name), tuple)
                         and any(isinstance(v, tree.Node) for v in getattr(node, f.name))]
        found = list(tree.children(node))
        assert found == [child for name in holding_nodes for child in getattr(node, name)], type(node)


def test_walk_is_in_reading_order(sections):
    """The text of every Text node, in walk order, is in the order the handout.md has it."""
    source = EVERY_CONSTRUCT.read_text(encoding="utf-8").replace("\\*", "*").replace("&amp;", "&")
    done = source.index("## Words and marks")
    for text in tree.of_type(tree.Text, *sections):
        found = source.find(text.text.strip(), done)
        assert found >= 0, text
        done = found


def test_walk_with_ancestors_names_what_a_node_is_inside(sections):
    lists = sections[1]
    nested = next(n for n in tree.of_type(tree.Text, lists) if n.text == "and bullets")
    path = next(a for n, a in tree.walk_with_ancestors(lists) if n is nested)
    assert [type(a).__name__ for a in path] == ["Section", "List", "ListItem", "List", "ListItem", "List",
                                                "ListItem", "Paragraph"]


def test_of_type_finds_one_kind_in_order(sections):
    assert [h.level for h in tree.of_type(tree.Heading, *sections)] == [3, 4, 5, 6, 3]
    assert list(tree.of_type(tree.Section, *sections)) == list(sections)


def test_plain_text_is_what_a_reader_hears():
    inlines = (tree.Text(1, None, "Call"), tree.SoftBreak(1, None),
               tree.Link(2, None, "tel:+1555", (tree.Strong(2, None, (tree.Text(2, None, "us"),)),)),
               tree.Citation(2, None, ("a",), (1,), ("a",), "cite-1"), tree.HardBreak(2, None),
               tree.Image(3, None, "x.png", "a phone", None), tree.Code(3, None, " 555"))
    assert tree.plain_text(inlines) == "Call us a phone 555"


def test_nothing_changes_the_tree_while_a_handout_is_checked_and_rendered():
    """The freeze test: the tree after every stage ran on the handout (checks, print PDF, EPUB, plain text) is
    the tree before it, node for node."""
    handout = parse_handout(EVERY_CONSTRUCT)
    sections = handout.body  # the parser's tree, the one every stage reads
    before = copy.deepcopy(sections)
    clinic = load_clinic(CLINIC)
    layout = load_layout("large-print", RESOURCES)
    review = review_handout(handout, RESOURCES.fonts_dir, large_print=True)
    # the fixture links to #nowhere on purpose (the tree places an unknown anchor in its own section): check
    # refuses it, and the writers still render it
    assert [f.message for f in review.findings if f.severity == "error"] == [
        "the link #nowhere goes to no place in this handout"]
    pdf = render_edition(handout, clinic, layout, "letter", ())
    render_epub_file(handout, clinic, layout, (), PageMap("every-construct.pdf", pdf.page_count, pdf.anchor_pages))
    plain_text_edition(handout, clinic)
    for node, earlier in zip(tree.walk(*sections), tree.walk(*before), strict=True):
        assert node == earlier
    assert handout.body == before
    assert set(tree_ids(sections)) <= pdf.anchor_pages.keys()  # every block id is in the page map
    assert handout.key_points.id in pdf.anchor_pages


CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/handout.md"))


@pytest.mark.parametrize("source", CORPUS, ids=[s.parent.name for s in CORPUS])
def test_the_corpus_trees_are_the_same_after_every_stage_read_them(source):
    """Every corpus handout: the key points the parser put on the Handout are the front matter's, and after the
    checks, print HTML in two layouts, the EPUB's pages and the plain text the tree is the tree before them."""
    clinic = load_clinic(source.parent.parent / "clinic.yaml")
    handout = parse_handout(source, country=clinic.country)
    assert handout.key_points == read_key_points(handout, {
        key: line for key, line in handout.front_lines.items() if key[:1] == ("key_points",)})
    before = copy.deepcopy((handout.body, handout.key_points))
    review_handout(handout, RESOURCES.fonts_dir, large_print=True)
    for name in ("large-print", "clear-print"):
        layout = load_layout(name, RESOURCES)
        render_print_html(handout, clinic, layout, "a4", ())
        render_epub_pages(handout, clinic, layout, (), None)
    plain_text_edition(handout, clinic)
    assert (handout.body, handout.key_points) == before
