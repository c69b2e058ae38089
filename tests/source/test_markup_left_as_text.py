"""Markdown the parser leaves as text would print as its own source: a picture whose path has a space, a link to
an undefined label, a citation never closed, a box never closed. Each is an error at its own line, with the fix."""

from __future__ import annotations

import pytest

from plainleaf.cli.command import main
from plainleaf.errors import HandoutErrors
from plainleaf.source.layout import load_layout
from plainleaf.source.parse import parse_handout
from plainleaf.source.resources import Resources

LAYOUT = load_layout("large-print", Resources.bundled())

PARAGRAPH = "## Resting\n\nRest your leg on the bed.\nThen raise it:\n{}\nKeep it there for an hour.\n"


def errors_of(handout_file, body: str) -> list:
    path = handout_file(body=body)
    (path.parent / "images").mkdir(exist_ok=True)
    (path.parent / "images" / "knee-ice.png").write_bytes(b"")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    return info.value.errors


def test_a_picture_whose_path_has_a_space_is_an_error_at_its_line(handout_file, capsys):
    """issue 13: it printed as literal Markdown, the build exited 0 and `check` said nothing."""
    picture = '![Leg raised on a pillow](images/knee ice.png "caption")'
    (error,) = errors_of(handout_file, PARAGRAPH.format(picture))
    assert error.line == 10  # the third line of the paragraph, not its first
    assert error.message == f"{picture!r} looks like a picture but is not one: its address has a space, so it " \
                            "would print as text"
    assert "rename the file without spaces, e.g. images/knee-ice.png" in error.hint
    path = handout_file(body=PARAGRAPH.format(picture))
    assert main(["check", str(path.parent)]) == 1
    assert f"{path}:10: error: {picture!r} looks like a picture" in capsys.readouterr().out


@pytest.mark.parametrize(("markup", "says", "hint"), [
    ("![A map][nope]", "is a picture to the label [nope], which is not defined", "[nope]: images/file.png"),
    ("![A map]", "is a picture to the label [A map], which is not defined", "![words](images/file.png)"),
    ("[the page][nope]", "is a link to the label [nope], which is not defined", "[nope]: https://"),
    ("[the page](https://example.org/a page)", "looks like a link but is not one: its address has a space",
     "[the page](<https://example.org/a page>)"),
    ("![A map] (images/knee-ice.png)", "looks like a picture", "nothing between ] and ("),
    ("![A map](images/knee-ice.png", "looks like a picture but is not one: its ( is never closed",
     "![what it shows]"),
    ("see [@nccn", "'[@nccn' looks like a citation but is not one", "[@a; @b]"),
    ("see [@nccn, p. 4]", "'[@nccn' looks like a citation", "nothing else inside the brackets"),
    ("say [hola]{lang=es", "'[hola]{lang=es' looks like words marked with a language", "[hola]{lang=es}"),
    ("say hola{lang=es}", "'{lang=es}' looks like words marked with a language", "[hola]{lang=es}"),
])
def test_markup_left_as_text_is_an_error_at_its_line(handout_file, markup, says, hint):
    errors = errors_of(handout_file, PARAGRAPH.format(f"then {markup}, like this."))
    assert [(e.line, says in e.message, hint in e.hint) for e in errors] == [(10, True, True)], \
        [str(e) for e in errors]


@pytest.mark.parametrize(("where", "line"), [
    ("- First item\n- Second item with {}\n", 9),
    ("> A quote\n> with {}\n", 9),
    ("| Step | What |\n| --- | --- |\n| 1 | {} |\n", 10),
    ("::: tip\nA box\nwith {}\n:::\n", 10),
    ("### A heading with {}\n", 8),
])
def test_the_line_is_found_in_lists_quotes_tables_boxes_and_headings(handout_file, where, line):
    body = "## Resting\n\n" + where.format("![a picture](images/knee ice.png)")
    (error,) = errors_of(handout_file, body)
    assert error.line == line and "looks like a picture" in error.message


def test_boxes_that_are_never_closed_or_unknown(handout_file):
    body = ("## Boxes\n\n::: tips\nA box plainleaf does not know.\n:::\n\nText.\n\n:::\n\n"
            "::: important\nOpened here\n\n::: warning\nand closed here.\n:::\n\nThe rest of the handout.\n\n"
            ":::: tip\nA box around\n\n::: warning\na box is fine.\n:::\n::::\n\n::: tip\nThe last box\n")
    errors = errors_of(handout_file, body)
    assert [(e.line, e.message) for e in errors] == [
        (8, "'::: tips' is not a box plainleaf knows"),  # its closing ::: is not a second error
        (14, "this ::: closes no box"),
        (19, "the 'warning' box is never closed"),  # the ::: after it closes the box around it
        (33, "the 'tip' box is never closed"),  # the boxes between, nested with :::: around, are fine
    ]


@pytest.mark.parametrize("text", [
    r"Brackets can be written \[like this\](not a link) and \!\[not a picture\].",
    "Code is what it says: `![x](a b.png)` and `[@nccn` and `{lang=es}`.",
    "```\n![x](a b.png) [x][nope] [@nccn\n:::\n```",
    "    ![x](a b.png) in an indented code block",
    "References in brackets [1], [sic], [see below] and (see [2]) are prose.",
    "A [defined reference][site] and a [shortcut].\n\n[site]: https://example.org/\n[shortcut]: https://example.org/b",
    "A picture by reference:\n\n![A map][pic]\n\n[pic]: images/knee-ice.png",
    "A citation [@nccn] and words [hola]{lang=es} and a link [site](<https://example.org/a page>).",
    "[the page] (https://example.org/) in prose, where brackets and a space are only punctuation.",
])
def test_what_is_meant_as_text_is_not_an_error(handout_file, text):
    front = ("title: T\nsummary: S.\nreviewed: 2026-11-01\n"
             "references:\n  - id: nccn\n    title: N\n    publisher: P\n")
    path = handout_file(front=front, body=f"## One\n\n{text}\n")
    (path.parent / "images").mkdir()
    (path.parent / "images" / "knee-ice.png").write_bytes(b"")
    assert parse_handout(path).sections


def test_a_heading_that_starts_with_a_digit_can_be_linked(handout_file):
    """corpus finding 14: `## 1. Pendulum swings` has the id 1-pendulum-swings, which a link could not name."""
    from plainleaf.render.html import render_epub_pages
    from plainleaf.source.model import Clinic

    body = "## Exercises\n\nStart with [the first](#1-pendulum-swings).\n\n## 1. Pendulum swings\n\nSwing.\n"
    handout = parse_handout(handout_file(body=body))
    (page,) = [p for p in render_epub_pages(handout, Clinic(name="C"), LAYOUT) if p.title == "Exercises"]
    assert '<a href="1-pendulum-swings.xhtml#1-pendulum-swings">the first</a>' in page.body
