"""Citations and the references appendix: numbering, back-links, AMA-style entries, breakable URLs."""

from __future__ import annotations

import re

import pytest

from plainleaf.build.jobs import render_edition
from plainleaf.check.audit import audit_bytes, layout_rules
from plainleaf.check.checks import check_handout
from plainleaf.errors import HandoutErrors
from plainleaf.render.body import Target
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.render.references import ama_lead, cited_references
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.model import Reference
from plainleaf.source.parse import parse_handout
from tests.helpers import print_editions, printed_lines

LAYOUT = load_layout("large-print", Resources.bundled())
FRONT = """\
title: Sleep
summary: Good sleep helps you heal.
reviewed: 2026-11-01
references:
  - id: nih
    title: Sleep basics
    publisher: National Institutes of Health
    url: https://www.nih.gov/sleep-basics/how-sleep-works
    accessed: 2026-10-02
  - {id: book, title: Sleep and healing, authors: [Doe J, Roe R], publisher: Example Press, place: "Boston, MA",
     date: 2024-03-15}
  - {id: spare, title: Not cited, publisher: Nobody}
"""
BODY = """\
## Why sleep matters

Sleep helps your body heal [@book; @nih]. It also helps your mood [@nih].

## How to sleep better

Keep a routine [@nih]. Try a dark room [@book].
"""


@pytest.fixture
def sleep(handout_file):
    path = handout_file(front=FRONT, body=BODY)
    return parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")


def plain(html: str) -> str:
    """Visible text: no QR codes, tags or invisible break hints; single spaces."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"<svg.*?</svg>", "", html, flags=re.S))
    text = text.replace("\u200b", "").replace("\u2060", "")
    return " ".join(text.split())


def entries(html: str) -> dict[str, str]:
    items = re.findall(r'<li id="ref-([\w:.-]+)">(.*?)</li>\n(?=\s*<li id="ref-|</ol>)', html, re.S)
    return {ref_id: body for ref_id, body in items}


def test_citations_number_in_first_citation_order_and_repeat_their_number(sleep):
    html = render_print_html(*sleep, LAYOUT, "letter")
    citations = [plain(c) for c in re.findall(r'<span class="citation".*?</span>', html)]
    assert citations == ["[1, 2]", "[2]", "[2]", "[1]"]
    assert re.findall(r'<a href="#ref-(\w+)" role="doc-noteref">', html) == ["book", "nih", "nih", "nih", "book"]
    assert list(entries(html)) == ["book", "nih", "spare"]  # never cited: last, and the check warns about it


def test_each_entry_links_back_to_every_place_it_is_cited(sleep):
    handout, _ = sleep
    by_id = {c.reference.id: c for c in cited_references(handout, Target("epub"))}
    assert [(b.href, b.label) for b in by_id["nih"].backlinks] == [
        ("why-sleep-matters.xhtml#cite-1", "Why sleep matters"),
        ("why-sleep-matters.xhtml#cite-2", "Why sleep matters (2)"),
        ("how-to-sleep-better.xhtml#cite-3", "How to sleep better"),
    ]
    assert [b.href for b in by_id["book"].backlinks] == ["why-sleep-matters.xhtml#cite-1",
                                                          "how-to-sleep-better.xhtml#cite-4"]
    assert by_id["spare"].backlinks == ()


def test_epub_back_links_reach_the_citation_anchors(sleep):
    pages = {p.file_name: p.body for p in render_epub_pages(*sleep, LAYOUT)}
    appendix = pages["references.xhtml"]
    assert 'role="doc-bibliography"' in appendix
    backlinks = re.findall(r'<a href="([\w-]+\.xhtml)#(cite-\d+)" role="doc-backlink">', appendix)
    assert len(backlinks) == 5
    for page, anchor in backlinks:
        assert f'<span class="citation" id="{anchor}">' in pages[page]
    assert re.findall(r'href="references.xhtml#ref-(\w+)" role="doc-noteref"', pages["why-sleep-matters.xhtml"]) \
        == ["book", "nih", "nih"]


def test_print_has_no_back_link_text(sleep):
    html = render_print_html(*sleep, LAYOUT, "letter")
    assert "doc-backlink" not in html and "Cited in" not in html


def test_unknown_citation_is_an_error_naming_file_and_line_and_renders_no_number(handout_file):
    path = handout_file(front=FRONT, body=BODY + "\nAsk your nurse [@nih; @nurse-2026].\n")
    handout = parse_handout(path)
    errors = [e for e in check_handout(handout, LAYOUT.fonts_dir) if e.severity == "error"]
    line = path.read_text().splitlines().index("Ask your nurse [@nih; @nurse-2026].") + 1
    assert [(e.file, e.line, e.message) for e in errors] == [
        (path, line, "citation [@nurse-2026] has no matching reference")]
    html = render_print_html(handout, load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "letter")
    assert plain(re.findall(r'<span class="citation".*?</span>', html)[-1]) == "[2]"


def test_reference_with_neither_url_nor_publisher_does_not_build(handout_file):
    front = "title: T\nsummary: S.\nreviewed: 2026-11-01\nreferences:\n  - id: a\n    title: A\n"
    with pytest.raises(HandoutErrors) as info:
        parse_handout(handout_file(front=front))
    (error,) = info.value.errors
    assert error.line == 6 and "needs a url or a publisher" in error.message


@pytest.mark.parametrize(("fields", "expected"), [
    ({"authors": ["Doe J", "Roe R"], "title": "Sleep and healing", "date": "2024-03-15", "publisher": "Example Press"},
     "Doe J, Roe R. Sleep and healing. Example Press; March 15, 2024."),
    ({"title": "Sleep basics", "publisher": "National Institutes of Health", "place": "Bethesda, MD"},
     "Sleep basics. Bethesda, MD: National Institutes of Health."),
    ({"title": "What is sleep apnea?", "url": "https://example.org/apnea"},
     "What is sleep apnea?"),
    ({"authors": ["A A", "B B", "C C", "D D", "E E", "F F", "G G"], "title": "Trial", "publisher": "Journal"},
     "A A, B B, C C, et al. Trial. Journal."),
])
def test_ama_order_leaves_out_what_a_reference_lacks(fields, expected):
    assert ama_lead(Reference(id="r", **fields), "en") == expected


def test_entries_follow_ama_order_with_url_then_accessed_date(sleep):
    found = {ref_id: plain(body) for ref_id, body in entries(render_print_html(*sleep, LAYOUT, "letter")).items()}
    assert found["nih"] == ("Sleep basics. National Institutes of Health. https://www.nih.gov/sleep-basics/how-sleep-"
                            "works. Accessed October 2, 2026.")
    assert found["book"] == "Doe J, Roe R. Sleep and healing. Boston, MA: Example Press; March 15, 2024."


def test_dates_follow_the_handout_language(handout_file):
    path = handout_file(front=FRONT + "language: en-GB\n", body=BODY)
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "letter")
    assert "Accessed 2 October 2026." in html and "Example Press; 15 March 2024." in html
    assert "Reviewed: 1 November 2026." in html


def test_long_urls_break_after_slashes_and_dots_and_before_hyphens(sleep):
    html = render_print_html(*sleep, LAYOUT, "letter")
    shown = re.search(r'<a class="url" href="https://www.nih.gov/sleep-basics/how-sleep-works">(.*?)</a>', html)[1]
    # a break chance (zero-width space) after each run of '/' or '.' and before a hyphen, never after one (word
    # joiner): the hyphen starts the next line, so a reader copying the address cannot take it for a line-end one
    assert shown == ("https://\u200bwww.\u200bnih.\u200bgov/\u200bsleep\u200b-\u2060basics/\u200bhow\u200b-\u2060sleep"
                     "\u200b-\u2060works")
    epub = {p.file_name: p.body for p in render_epub_pages(*sleep, LAYOUT)}["references.xhtml"]
    assert ">https://<wbr/>www.<wbr/>nih.<wbr/>gov/<wbr/>sleep<wbr/>-basics/<wbr/>how<wbr/>-sleep<wbr/>-works</a>" \
        in epub


def test_a_group_prints_its_numbers_in_ascending_order_in_print_and_epub(handout_file):
    path = handout_file(front=FRONT, body="## Sleep\n\nRest helps [@nih]. Dark rooms help [@book; @nih; @nih].\n")
    handout, clinic = parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")
    epub = next(p for p in render_epub_pages(handout, clinic, LAYOUT) if p.kind == "section").body
    for html in (render_print_html(handout, clinic, LAYOUT, "letter"), epub):
        assert [plain(c) for c in re.findall(r'<span class="citation".*?</span>', html)] == ["[1]", "[1, 2]"]
        assert re.findall(r'ref-(\w+)" role="doc-noteref">', html) == ["nih", "nih", "book"]


def test_a_citation_keeps_to_the_word_before_it(handout_file):
    """A no-break space inside it stands for the space before it, a word joiner holds it to a word with none; the
    numbers of a group hold together; nothing is nowrap (that runs past the margin at the line's end)."""
    path = handout_file(front=FRONT, body="## Sleep\n\nRest helps [@book; @nih]. Dark rooms\nhelp.[@nih] Sleep\n[@nih]")
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "letter")
    assert re.search(r'helps<span class="citation" id="cite-1">\u00a0\[', html)
    assert "help.\u2060<span" in html and re.search(r'Sleep<span class="citation" id="cite-3">\u00a0\[', html)
    assert re.search(r'>1</a>,\u00a0<a', html)
    assert ".citation { white-space: nowrap" not in html


def test_a_citation_too_long_for_a_line_with_its_word_may_leave_it(handout_file):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"  # 45 letters: on A4 it fits a large-print line alone
    path = handout_file(front=FRONT, body=f"## Sleep\n\nA long word: {word}[@book; @nih; @spare].\n")
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"), LAYOUT, "a4")
    assert f"{word}\u200b<span" in html


def test_a_citation_in_a_heading_links_and_stays_out_of_the_title(handout_file):
    path = handout_file(front=FRONT, body="## Why **sleep** matters [@nih]\n\nIt helps you heal [@book].\n")
    handout, clinic = parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")
    assert handout.sections[0].title == "Why sleep matters"
    (section,) = [p for p in render_epub_pages(handout, clinic, LAYOUT) if p.kind == "section"]
    assert section.title == "Why sleep matters"
    for html in (render_print_html(handout, clinic, LAYOUT, "letter"), section.body):
        (heading,) = re.findall(r'<h2 id="why-sleep-matters--h">(.*?)</h2>', html)
        assert plain(heading) == "Why sleep matters [1]" and "<strong>sleep</strong>" in heading
        assert 'role="doc-noteref">1</a>' in heading


LONG_WORDS = ("Pneumonoultramicroscopicsilicovolcanoconiosis[@book; @nih; @spare]. Supercalifragilisticexpialidocious"
              "[@nih]. Antidisestablishmentarianism.[@book; @nih] Electroencephalographically[@spare].")
CITED_EVERYWHERE = f"""\
## Citations at the end of lines [@book; @nih; @spare]

{{sweep}}

Long words: {LONG_WORDS}

A web address: https://www.example.org/patients/sleep/getting-a-good-nights-sleep-after-surgery[@nih; @book].

- A list item that ends with a group of three sources for the facts it gives[@spare; @book; @nih].
- {LONG_WORDS}

| Habit | Why it helps |
| --- | --- |
| A dark, quiet room[@book; @nih; @spare] | Light and noise wake you up.[@nih] |
| {LONG_WORDS} | Antidisestablishmentarianism[@nih] |

::: tip
Keep a routine: go to bed and get up at the same times every day of the week[@book; @nih; @spare].

{LONG_WORDS}
:::
"""


def test_citations_never_run_past_the_margin_in_any_layout_or_paper(handout_file):
    """Where a citation meets the end of a line: sentences of every length, long words, a web address, a list
    item, a table cell, a call-out and a heading, in every layout on both papers."""
    words = "Sleep helps your body heal and gives you the energy you need for the day ahead".split()
    sweep = " ".join(" ".join(words[:n % len(words) + 1]) + f".[@{('book', 'nih', 'spare')[n % 3]}; @nih]"
                     for n in range(40))
    path = handout_file(front=FRONT, body=CITED_EVERYWHERE.format(sweep=sweep))
    for (name, paper), data in print_editions(path).items():
        rules = layout_rules(load_layout(name, Resources.bundled()))
        assert [str(f) for f in audit_bytes(data, rules) if f.checkpoint == "layout: clipping"] == [], (name, paper)


def test_a_line_ending_in_a_spaced_citation_breaks_near_its_end(handout_file):
    """WeasyPrint 70 broke such a paragraph after its first word ("Your" alone on a line) when the text before the
    citation ended with a no-break space."""
    body = "## Sleep\n\nYour care team can tell you which treatments may fit you. [@nih]\n"
    path = handout_file(front=FRONT, body=body)
    handout, clinic = parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")
    data = render_edition(handout, clinic, LAYOUT, "letter", ()).data
    lines = printed_lines(data)
    first = next(i for i, line in enumerate(lines) if line.startswith("Your care"))
    assert lines[first:first + 2] == ["Your care team can tell you which treatments may fit", "you. [1]"]
