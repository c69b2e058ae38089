"""The reader: markdown-it tokens → the document tree, with the facts today's renderer decides (block ids, citation
numbers and anchors, glossary first uses, figures) decided the same way."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it.token import Token

from plainleaf.errors import HandoutErrors
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source import tree
from plainleaf.source.files import load_clinic, load_yaml
from plainleaf.source.glossary import FirstUses
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.model import Handout
from plainleaf.source.parse import markdown_parser, parse_handout
from plainleaf.source.reader import (
    SectionTokens,
    TreeError,
    build_sections,
    handout_tree,
    read_key_points,
)
from tests.fuzz_support import well_formed
from tests.helpers import CLINIC, EVERY_CONSTRUCT, EXAMPLE, EXAMPLE_ES, MINIMAL_FRONT, handout_cases, tree_ids

LAYOUT = load_layout("large-print", Resources.bundled())

# Every token type a handout that parses can hold in its sections (html_block and html_inline are refused by the
# parser, front_matter is not in a section). The fixture every-construct uses each of them.
TOKEN_TYPES = {
    "paragraph_open", "paragraph_close", "inline", "heading_open", "heading_close",
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close",
    "list_item_open", "list_item_close", "table_open", "table_close", "thead_open", "thead_close",
    "tbody_open", "tbody_close", "tr_open", "tr_close", "th_open", "th_close", "td_open", "td_close",
    "blockquote_open", "blockquote_close", "fence", "code_block", "hr",
    *(f"container_{kind}_{end}" for kind in ("important", "tip", "warning") for end in ("open", "close")),
    "text", "code_inline", "softbreak", "hardbreak", "strong_open", "strong_close", "em_open", "em_close",
    "link_open", "link_close", "span_open", "span_close", "image", "citation",
}

SMALL_BODIES = {
    "three-headings-alike": """\
        ## Same words

        ### Again

        Text.

        ### Again

        ### Again!
        """,
    "figure-in-a-tight-list": """\
        ## Pictures

        - ![A dot](images/dot.png)
        - text
        """,
    "empty-items-and-code-only-items": """\
        ## Lists

        1.
        2. ```
           code
           ```
        """,
}


def parse(body: str, handout_file, front: str = MINIMAL_FRONT) -> Handout:
    return parse_handout(handout_file(front, body))


def sections_of(body: str, handout_file, front: str = MINIMAL_FRONT) -> tuple[tree.Section, ...]:
    return handout_tree(parse(body, handout_file, front))


class _Ids(HTMLParser):
    """Every id inside the handout's sections, in document order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self._depth = 0  # <section> elements open inside a handout section (0: outside)
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "section" and (self._depth or "handout-section" in (attributes.get("class") or "")):
            self._depth += 1
        if self._depth and attributes.get("id"):
            self.ids.append(str(attributes["id"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._depth:
            self._depth -= 1


@pytest.mark.parametrize("source", handout_cases(), ids=lambda p: p.parent.name)
def test_ids_are_the_ones_print_and_epub_give(source):
    handout = parse_handout(source)
    sections = handout_tree(handout)
    clinic = load_clinic(CLINIC)
    assert _Ids(render_print_html(handout, clinic, LAYOUT, "letter")).ids == tree_ids(sections)
    pages = [p for p in render_epub_pages(handout, clinic, LAYOUT) if p.kind == "section"]
    assert [_Ids(p.body).ids for p in pages] == [tree_ids((s,)) for s in sections]


@pytest.mark.parametrize("name", SMALL_BODIES)
def test_ids_of_small_handouts_are_the_ones_print_gives(name, handout_file):
    handout = parse(SMALL_BODIES[name], handout_file)
    assert _Ids(render_print_html(handout, load_clinic(CLINIC), LAYOUT, "letter")).ids == tree_ids(
        handout_tree(handout))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=well_formed)
def test_any_handout_that_parses_reads_into_a_tree_with_the_ids_print_gives(fuzz_folder, source):
    (fuzz_folder / "handout.md").write_text(source, encoding="utf-8")
    try:
        handout = parse_handout(fuzz_folder / "handout.md")
    except HandoutErrors:
        return
    sections = handout_tree(handout)
    if any(isinstance(n, tree.Citation) for s in sections for n in tree.walk(*s.heading)):
        return  # print has no anchor for a citation in a `##` heading (see the test below)
    assert _Ids(render_print_html(handout, load_clinic(CLINIC), LAYOUT, "letter")).ids == tree_ids(sections)


def test_sub_headings_with_the_same_words_get_the_ids_print_gives(handout_file):
    headings = [n.id for n in tree.of_type(tree.Heading, *sections_of(SMALL_BODIES["three-headings-alike"],
                                                                      handout_file))]
    assert headings == ["same-words--again", "same-words--again_6", "same-words--again_9"]


def test_every_token_type_the_parser_makes_is_read():
    tokens = markdown_parser().parse(EVERY_CONSTRUCT.read_text())
    found = {t.type for token in tokens for t in [token, *(token.children or [])]} - {"front_matter"}
    assert found == TOKEN_TYPES
    sections = handout_tree(parse_handout(EVERY_CONSTRUCT))
    kinds = {type(node) for node in tree.walk(*sections)}
    assert kinds == {c for c in _node_classes() if c not in (tree.KeyPoints, tree.KeyPoint)}


def _node_classes() -> set[type]:
    found, todo = set(), [tree.Node]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        found.add(cls)
    # the writers' own nodes (print's arrangement of the blocks) are not the parser's
    return {c for c in found if c not in (tree.Node, tree.Inline, tree.Block) and c.__module__ == tree.__name__}


def _section_tokens(text: str) -> SectionTokens:
    """One `##` section's tokens as the parser gives them to the reader."""
    tokens = markdown_parser().parse(text)
    return SectionTokens("why", "Why", 1, tokens[1].children or [], tokens[3:])


def _with_token(section: SectionTokens, token: Token, inline: bool) -> SectionTokens:
    """The section with a token no parser of plainleaf makes."""
    tokens = list(section.body)
    if inline:
        tokens[1] = tokens[1].copy(children=[*tokens[1].children, token])
    else:
        tokens.insert(0, token)
    return SectionTokens(section.id, section.title, section.line, section.heading, tokens)


@pytest.mark.parametrize("inline", [False, True], ids=["block", "inline"])
def test_an_unknown_token_is_a_clear_internal_error(inline):
    token = Token("html_inline" if inline else "html_block", "", 0, content="<b>")
    token.map = None if inline else [7, 8]
    with pytest.raises(TreeError, match=r"no node for markdown-it's 'html_(block|inline)' token \(line \d+\); "
                                        "this is a bug in plainleaf"):
        build_sections([_with_token(_section_tokens("## Why\n\nWords.\n"), token, inline)], [], [])


def test_a_token_stream_that_ends_too_soon_is_a_clear_internal_error():
    section = _section_tokens("## Why\n\n> Words.\n")
    cut = SectionTokens(section.id, section.title, section.line, section.heading, section.body[:-1])
    with pytest.raises(TreeError, match="'blockquote_close' token is missing in section 'why'; this is a bug"):
        build_sections([cut], [], [])


def test_inlines_on_later_lines_of_a_paragraph_name_their_own_line(handout_file):
    body = """\
        ## Lines

        First line,
        second line with a [link](https://example.org/) and
        a third with a citation [@a]\\
        and a ![picture whose
        alt text runs over](images/x.png) a line, **then bold** and [a link](https://example.org/ "whose
        title runs over") a line,
        ending with [@a].

        - item one
        - item two with a
          [link on its second line](https://example.org/two)
        """
    front = MINIMAL_FRONT + "references:\n  - {id: a, title: A, publisher: P}\n"
    (section,) = sections_of(body, handout_file, front)
    paragraph = section.children[0]
    assert paragraph.line == 10  # the front matter takes lines 1 to 7, the heading 8
    lines = [(type(n).__name__, n.line) for n in tree.walk(paragraph) if not isinstance(n, tree.Text)]
    assert lines == [("Paragraph", 10), ("SoftBreak", 10), ("Link", 11), ("SoftBreak", 11), ("Citation", 12),
                     ("HardBreak", 12), ("Image", 13), ("Strong", 14), ("Link", 14), ("SoftBreak", 15),
                     ("Citation", 16)]
    later = next(n for n in tree.of_type(tree.Link, section.children[1]))
    assert (later.target, later.line) == ("https://example.org/two", 20)


def test_citations_are_numbered_as_the_appendix_and_anchored_in_reading_order():
    for source in (EXAMPLE / "handout.md", EVERY_CONSTRUCT):
        handout = parse_handout(source)
        citations = list(tree.of_type(tree.Citation, *handout_tree(handout)))
        written = [tuple(child.meta["ids"]) for token in markdown_parser().parse(source.read_text())
                   for child in token.children or [] if child.type == "citation"]
        assert [c.ids for c in citations] == written
        assert [c.anchor for c in citations] == [f"cite-{n}" for n in range(1, len(written) + 1)]
        for citation in citations:
            assert list(citation.numbers) == sorted({handout.reference_number(i) for i in citation.ids})
            assert [handout.reference_number(i) for i in citation.references] == list(citation.numbers)


def test_a_citation_group_is_ascending_and_names_each_reference_once():
    group = [c for c in tree.of_type(tree.Citation, *handout_tree(parse_handout(EVERY_CONSTRUCT)))][1]
    assert (group.ids, group.numbers, group.references) == (("two", "one", "two"), (1, 2), ("one", "two"))


def test_a_citation_in_a_section_heading_is_a_citation_numbered_first(handout_file):
    """A `##` heading's citation is the section's first citation, in print and the EPUB as in the tree; the title
    is the heading's plain words."""
    front = MINIMAL_FRONT + "references:\n  - {id: a, title: A, publisher: P}\n"
    (section,) = sections_of("## Why **it** matters [@a]\n\nText [@a].\n", handout_file, front)
    assert tree.plain_text(section.heading) == "Why it matters "
    assert [c.anchor for c in tree.of_type(tree.Citation, section)] == ["cite-1", "cite-2"]
    assert isinstance(section.heading[1], tree.Strong) and section.title == "Why it matters"


def _glossary_runs(inlines: tuple[tree.Inline, ...]):
    """The runs of text the glossary reads (the parser's text tokens): words between marks, outside links."""
    run = ""
    for node in inlines:
        if isinstance(node, tree.Text | tree.GlossaryTerm):
            run += tree.plain_text((node,))
            continue
        if run:
            yield run
        run = ""
        if isinstance(node, tree.Strong | tree.Emphasis | tree.LanguageSpan):
            yield from _glossary_runs(node.children)
    if run:
        yield run


def test_glossary_first_uses_are_the_ones_glossary_finds():
    for source in (EXAMPLE / "handout.md", EXAMPLE_ES / "handout.md", EVERY_CONSTRUCT):
        handout = parse_handout(source)
        sections = handout_tree(handout)
        finder = FirstUses(list(handout.meta.glossary))
        expected = [(use.anchor, run[use.start:use.end])
                    for block in tree.walk(*(b for s in sections for b in s.children))
                    if isinstance(block, tree.Paragraph | tree.TableCell)
                    for run in _glossary_runs(block.children) for use in finder.find(run)]
        terms = tree.of_type(tree.GlossaryTerm, *sections)
        assert [(t.anchor, tree.plain_text(t.children)) for t in terms] == expected
        assert expected


def test_glossary_terms_are_never_used_in_a_heading_or_a_link():
    sections = handout_tree(parse_handout(EVERY_CONSTRUCT))
    for node, ancestors in tree.walk_with_ancestors(*sections):
        if isinstance(node, tree.GlossaryTerm):
            assert not any(isinstance(a, tree.Heading | tree.Link) for a in ancestors)
    terms = [(t.term, t.line) for t in tree.of_type(tree.GlossaryTerm, *sections)]
    assert terms == [("Tumor", 43), ("Hormone", 44), ("Biopsy", 60), ("Scan", 76)]


def test_words_around_a_glossary_term_stay_in_order(handout_file):
    front = MINIMAL_FRONT + "glossary:\n  Germ: A tiny living thing.\n"
    (section,) = sections_of("## Why\n\nSome germs spread; germs again.\n", handout_file, front)
    assert section.children[0].children == (
        tree.Text(10, None, "Some "),
        tree.GlossaryTerm(10, None, "Germ", "term-1", (tree.Text(10, None, "germs"),)),
        tree.Text(10, None, " spread; germs again."))


def test_a_picture_alone_in_its_paragraph_is_a_figure():
    sections = handout_tree(parse_handout(EVERY_CONSTRUCT))
    figures = list(tree.of_type(tree.Figure, *sections))
    assert [(f.alt, f.caption, f.id) for f in figures] == [
        ("A picture alone in a tight item", None, None),
        ("A figure with a caption", "The caption", "boxes-and-code_15"),
        ("A figure without a caption", None, "boxes-and-code_16")]
    assert all(f.src == "images/dot.png" for f in figures)


def test_pictures_in_running_text_and_in_links_stay_inline():
    words = handout_tree(parse_handout(EVERY_CONSTRUCT))[0]
    images = [(i.alt, i.language) for i in tree.of_type(tree.Image, words)]
    assert images == [("small picture", None), ("un dibujo", "es"), ("the clinic", None)]
    linked = next(link for link in tree.of_type(tree.Link, words) if link.target.endswith("/clinic"))
    assert tree.plain_text(linked.children) == "linked picture the clinic"


def test_links_keep_their_title_language_and_the_page_they_point_into():
    sections = handout_tree(parse_handout(EVERY_CONSTRUCT))
    links = {tree.plain_text(link.children): link for link in tree.of_type(tree.Link, *sections)}
    assert links["web link"].title == "Its title" and links["web link"].section is None
    assert links["a link in English"].language == "en"
    assert links["reference link"].target == "https://example.org/reference"
    assert [links[name].section for name in ("the first heading", "another section", "the words to know",
                                             "somewhere")] == ["words-and-marks", "lists-and-tables", "glossary",
                                                               "words-and-marks"]


def test_language_marks_become_language_spans_and_fields():
    words = handout_tree(parse_handout(EVERY_CONSTRUCT))[0]
    spans = [(s.language, tree.plain_text(s.children)) for s in tree.of_type(tree.LanguageSpan, words)]
    assert spans == [("es", "otro idioma"), ("es", "nested langue words"), ("fr", "langue")]
    assert [c.language for c in tree.of_type(tree.Code, words)] == [None, "es"]
    third = words.children[2]
    assert "plain span" in tree.plain_text(third.children)  # a span with no language is just its words
    assert not any(isinstance(n, tree.LanguageSpan) and n.language is None for n in tree.walk(third))


def test_marks_and_breaks():
    first, second = handout_tree(parse_handout(EVERY_CONSTRUCT))[0].children[:2]
    kinds = [type(n).__name__ for n in first.children]
    assert kinds[:8] == ["Text", "Strong", "Text", "Emphasis", "Text", "Emphasis", "Text", "Code"]
    assert isinstance(first.children[5].children[0], tree.Strong)  # ***both***
    assert [type(n) for n in second.children if isinstance(n, tree.HardBreak | tree.SoftBreak)] == [
        tree.HardBreak, tree.HardBreak]
    assert "an escaped * star, an & entity" in tree.plain_text(second.children)
    assert all(n.text and "\n" not in n.text for n in tree.of_type(tree.Text, first, second))


def test_lists_know_whether_they_are_ordered_tight_and_where_they_start():
    lists = [n for n in tree.of_type(tree.List, handout_tree(parse_handout(EVERY_CONSTRUCT))[1])]
    assert [(x.ordered, x.start, x.tight, len(x.items)) for x in lists] == [
        (False, 1, True, 3), (True, 1, True, 2), (False, 1, True, 1), (True, 3, False, 3)]
    loose = lists[3]
    assert [[type(b).__name__ for b in item.children] for item in loose.items] == [
        ["Paragraph"], ["Paragraph", "Paragraph"], []]
    assert all(p.id for item in loose.items for p in item.children)
    assert all(p.id is None for item in lists[0].items for p in item.children if isinstance(p, tree.Paragraph))


def test_tables_have_a_header_row_body_rows_and_alignment():
    first, second = tree.of_type(tree.Table, handout_tree(parse_handout(EVERY_CONSTRUCT))[1])
    (header,) = first.head
    assert [(tree.plain_text(c.children), c.header, c.align) for c in header.cells] == [
        ("Left", True, "left"), ("Centre", True, "center"), ("Right", True, "right"), ("None", True, None)]
    assert [[tree.plain_text(c.children) for c in row.cells] for row in first.body] == [
        ["a scan", "b ", "c", ""], ["d", "e", "f", "g"]]
    assert not any(c.header for row in first.body for c in row.cells)
    assert (len(second.head), second.body) == (1, ())


def test_callouts_nest_and_carry_their_label_ids():
    boxes = handout_tree(parse_handout(EVERY_CONSTRUCT))[2]
    callouts = list(tree.of_type(tree.Callout, boxes))
    assert [(c.kind, c.id, c.label_id) for c in callouts] == [
        ("important", "boxes-and-code_1", "boxes-and-code--callout-1"),
        ("tip", "boxes-and-code_5", "boxes-and-code--callout-2"),
        ("warning", "boxes-and-code_7", "boxes-and-code--callout-3")]
    assert callouts[2] in callouts[1].children


def test_quotes_code_blocks_and_breaks():
    boxes = handout_tree(parse_handout(EVERY_CONSTRUCT))[2]
    (quote,) = tree.of_type(tree.Quote, boxes)
    assert [tree.plain_text(p.children) for p in quote.children] == ["A quote with two paragraphs.",
                                                                      "The second one."]
    assert [(c.text, c.info) for c in tree.of_type(tree.CodeBlock, boxes)] == [
        ('print("a fenced block")\n', "python"), ("an indented block\n", "")]
    assert len(list(tree.of_type(tree.ThematicBreak, boxes))) == 1


def test_key_points_carry_the_title_page_ids_and_their_lines():
    handout = parse_handout(EVERY_CONSTRUCT)
    _, lines = load_yaml(EVERY_CONSTRUCT.read_text().split("---\n")[1], EVERY_CONSTRUCT, first_line=2)
    points = read_key_points(handout, lines)
    assert (points.id, points.line) == ("title_key-points", 5)
    assert [(p.text, p.id, p.line) for p in points.items] == [
        ("Every block has an id.", "title_key-point-1", 6), ("Every inline has a line.", "title_key-point-2", 7)]
    assert read_key_points(handout).items[0].line == 1


def test_a_handout_without_key_points_has_none(handout_file):
    assert read_key_points(parse("## Why\n\nWords.\n", handout_file)) is None
