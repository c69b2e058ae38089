"""render/body.py and layouts/_base/body.html: a section's HTML for print and the EPUB, written from the tree."""

from __future__ import annotations

import textwrap

import pytest

from plainleaf.render.body import BodyRenderer, Target, html_text
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.measure import PrintArea
from plainleaf.source.parse import parse_handout
from tests.helpers import MINIMAL_FRONT

REFERENCES = MINIMAL_FRONT + textwrap.dedent("""\
    references:
      - {id: a, title: A, publisher: P}
      - {id: b, title: B, publisher: P}
    glossary:
      Germ: A tiny living thing.
    """)
LAYOUT = load_layout("extra-large", Resources.bundled())


def written(handout_file, body: str, target: str = "print", front: str = REFERENCES, area: bool = False,
            section: int = 0, language: str | None = None) -> str:
    if language:
        front = front.replace("reviewed:", f"language: {language}\nreviewed:")
    handout = parse_handout(handout_file(front, textwrap.dedent(body)))
    print_area = PrintArea(LAYOUT.settings, "letter", LAYOUT.fonts_dir) if area else None
    writer = BodyRenderer(handout, Target(target), "US", print_area)  # type: ignore[arg-type]
    return str(writer.render(handout.body[section]))


def test_blocks_are_written_one_a_line_with_the_ids_of_the_tree(handout_file):
    html = written(handout_file, """\
        ## Why

        First.

        - one
        - two

        > Quoted.
        """)
    assert html == ('<p id="why_1">First.</p>\n<ul>\n<li id="why_2">one</li>\n<li id="why_3">two</li>\n</ul>\n'
                    '<blockquote id="why_4">\n<p id="why_5">Quoted.</p>\n</blockquote>\n')


def test_text_is_escaped_and_an_apostrophe_left_as_it_is(handout_file):
    html = written(handout_file, "## Why\n\nA & B < C \"quoted\" isn't.\n")
    assert html == '<p id="why_1">A &amp; B &lt; C &quot;quoted&quot; isn\'t.</p>\n'
    assert str(html_text('<a href="x">')) == "&lt;a href=&quot;x&quot;&gt;"


@pytest.mark.parametrize(("words", "written_as"), [
    ("a word [@a]", 'a word<span class="citation" id="cite-1">\u00a0[<a href="#ref-a" role="doc-noteref">1</a>]'),
    ("a word[@a; @b]", 'a word\u2060<span class="citation" id="cite-1">[<a href="#ref-a" role="doc-noteref">1</a>,'
                       '\u00a0<a href="#ref-b" role="doc-noteref">2</a>]'),
    ("a word\n[@a]", 'a word<span class="citation" id="cite-1">\u00a0[<a href="#ref-a" role="doc-noteref">1</a>]'),
])
def test_a_citation_keeps_to_the_word_before_it(handout_file, words, written_as):
    assert written_as in written(handout_file, f"## Why\n\n{words}\n")


def test_a_citation_too_wide_for_the_line_with_its_word_may_leave_it_in_print(handout_file):
    body = f"## Why\n\nA {'Pneumonoultramicroscopicsilicovolcanoconiosis' * 2}[@a; @b] word.\n"
    printed = written(handout_file, body, area=True)
    assert '\u200b<span class="citation" id="cite-1">[<a href="#ref-a" role="doc-noteref">1</a>, <a' in printed
    assert "\u2060<span" in written(handout_file, body, "epub")  # the EPUB reflows: it always keeps them


def test_links_go_where_each_edition_can_follow_them(handout_file):
    body = """\
        ## Why

        See [the next part](#how_1), [call us](tel:555-010-0100), [**the** site](https://example.org/).

        ## How

        Here.
        """
    printed, epub = written(handout_file, body), written(handout_file, body, "epub")
    assert '<a href="#how_1">the next part</a>' in printed
    assert '<a href="how.xhtml#how_1">the next part</a>' in epub
    assert '<a href="tel:+1-555-010-0100">call us (555-010-0100)</a>' in printed
    assert '<a href="tel:+1-555-010-0100">call us</a>' in epub
    # a link holds text only: markup inside <a> splits the PDF's Link; print shows the address inside it
    assert '<a href="https://example.org/">the site (example.\u200borg)</a>' in printed


def test_a_glossary_terms_first_use_links_to_its_entry(handout_file):
    body = "## Why\n\nGerms spread, germs again.\n"
    assert written(handout_file, body) == ('<p id="why_1"><a href="#term-1" role="doc-glossref">Germs</a> spread, '
                                           'germs again.</p>\n')
    assert 'href="glossary.xhtml#term-1"' in written(handout_file, body, "epub")


def test_figures_have_their_caption_and_a_tight_items_picture_stays_in_the_item(handout_file):
    html = written(handout_file, """\
        ## Why

        ![A hand](images/hand.png "Wash both sides")

        - ![A dot](images/dot.png)
        - text
        """)
    assert html.startswith('<figure id="why_1"><img src="images/hand.png" alt="A hand"/>'
                           "<figcaption>Wash both sides</figcaption></figure>\n")
    assert '<li id="why_2"><figure><img src="images/dot.png" alt="A dot"/></figure>\n</li>' in html


def test_a_callout_is_labelled_in_the_handouts_language(handout_file):
    body = "## Por qué\n\n::: warning\nCuidado.\n:::\n"
    html = written(handout_file, body, language="es")
    assert html == ('<aside class="callout callout-warning" id="por-que_1" aria-labelledby="por-que--callout-1">\n'
                    '<p class="callout-label" id="por-que--callout-1">Advertencia</p>\n'
                    '<p id="por-que_2">Cuidado.</p>\n</aside>\n')


def test_header_cells_head_their_columns_and_keep_their_alignment(handout_file):
    html = written(handout_file, "## Why\n\n| Day | Dose |\n|:--|--:|\n| Mon | 1 |\n")
    assert '<th scope="col" style="text-align:left">\nDay</th>' in html
    assert '<td style="text-align:right">1</td>' in html


def test_a_table_too_wide_for_the_line_prints_as_row_tables_and_the_epub_keeps_it(handout_file):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    body = f"## Why\n\n| Medicine [@a] | {word} | Why {word} |\n|---|---|---|\n| Pill | one | {word} |\n" \
           "| Drops | | two |\n"
    printed = written(handout_file, body, area=True)
    assert '<div id="why_1" class="stacked">' in printed and 'class="stacked-row"' in printed
    assert printed.count('id="cite-1"') == 1  # the header's citation is anchored once, in the first row
    assert '<th scope="row">\nMedicine</th>\n<td>Drops</td>' in printed
    assert "stacked" not in written(handout_file, body, "epub")


def test_a_section_heading_is_written_without_a_joiner(handout_file):
    handout = parse_handout(handout_file(REFERENCES, "## Why **it** matters[@a]\n\nText.\n"))
    heading = str(BodyRenderer(handout, Target("print")).render_heading(handout.body[0]))
    assert heading == ('Why <strong>it</strong> matters<span class="citation" id="cite-1">'
                       '[<a href="#ref-a" role="doc-noteref">1</a>]</span>')
