from __future__ import annotations

import pytest

from plainleaf.errors import HandoutErrors
from plainleaf.source import tree
from plainleaf.source.parse import parse_handout, read_handout
from tests.helpers import EXAMPLE, MINIMAL_FRONT


def errors_of(path) -> list[str]:
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    return [str(e) for e in info.value.errors]


def test_example_parses_into_sections_citations_and_images():
    handout = parse_handout(EXAMPLE / "handout.md")
    assert handout.slug == "neuroendocrine-tumors"
    assert handout.meta.title == "Neuroendocrine tumors"
    assert handout.sections[0].title == "What are neuroendocrine tumors?"
    assert len(handout.sections) >= 8
    assert handout.citation_order[:2] == ("nccn", "cancernet")
    assert set(handout.citation_order) == {"nccn", "cancernet", "warner"}
    assert handout.images and all(image.alt for image in handout.images)


def test_section_ids_are_unique_and_url_safe(handout_file):
    body = "## Same\n\nOne.\n\n## Same\n\nTwo.\n"
    handout = parse_handout(handout_file(body=body))
    assert [s.id for s in handout.sections] == ["same", "same-2"]


def test_citations_number_in_first_use_order(handout_file):
    front = """\
    title: T
    summary: S.
    reviewed: 2026-11-01
    references:
      - {id: a, title: A, publisher: P}
      - {id: b, title: B, publisher: P}
    """
    handout = parse_handout(handout_file(front=front, body="## One\n\nText [@b; @a]. Again [@b].\n"))
    assert handout.citation_order == ("b", "a")
    assert handout.reference_number("b") == 1


def test_missing_title_names_file_line_and_fix(handout_file):
    path = handout_file(front="summary: S.\nreviewed: 2026-11-01\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:2: error: `title` is required")


def test_malformed_yaml_gives_the_line(handout_file):
    path = handout_file(front="title: T\nsummary: [unclosed\nreviewed: 2026-11-01\n")
    (message,) = errors_of(path)
    assert "YAML is malformed" in message
    assert message.startswith(f"{path}:4:") or message.startswith(f"{path}:3:")


def test_text_before_the_first_section_heading_is_an_error(handout_file):
    path = handout_file(body="Some text with no heading.\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:6: error: text comes before the first section heading")
    assert "## " in message


def test_level_one_heading_in_the_body_is_an_error(handout_file):
    path = handout_file(body="## Fine\n\nText.\n\n# Not allowed\n\nMore.\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:10: error: a '# ' heading is not allowed")


def test_heading_levels_may_not_skip(handout_file):
    path = handout_file(body="## Fine\n\n#### Too deep\n\nText.\n")
    (message,) = errors_of(path)
    assert "heading level jumps from ## to ####" in message


def test_unknown_key_suggests_the_right_one(handout_file):
    path = handout_file(front="title: T\nsumary: S.\nsummary: S.\nreviewed: 2026-11-01\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:3: error: unknown key `sumary`")
    assert "did you mean `summary`?" in message


def test_wrong_type_is_explained(handout_file):
    path = handout_file(front="title: T\nsummary: S.\nreviewed: 2026-11-01\nkeywords: 5\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:5: error: `keywords`")
    assert "list" in message


def test_all_front_matter_errors_are_reported_together(handout_file):
    path = handout_file(front="subtitle: x\nreviewed: soon\n")
    messages = errors_of(path)
    assert len(messages) == 3  # title, summary, reviewed
    assert any("reviewed" in m and "YYYY-MM-DD" in m for m in messages)


def test_empty_section_is_an_error(handout_file):
    path = handout_file(body="## Empty\n\n## Full\n\nText.\n")
    (message,) = errors_of(path)
    assert "the section 'Empty' is empty" in message


def test_raw_html_is_refused(handout_file):
    path = handout_file(body="## One\n\n<script>alert(1)</script>\n")
    (message,) = errors_of(path)
    assert "raw HTML is not allowed" in message


def test_bad_folder_name_is_refused(tmp_path):
    from tests.helpers import write_handout
    path = write_handout(tmp_path, slug="Bad Name")
    (message,) = errors_of(path)
    assert "cannot be used as a file name" in message


def test_front_matter_never_closed_says_so(tmp_path):
    from tests.helpers import write_handout
    path = write_handout(tmp_path)
    path.write_text("---\ntitle: T\nsummary: S.\nreviewed: 2026-11-01\n\n## One\n\nText.\n")
    (message,) = errors_of(path)
    assert message.startswith(f"{path}:1: error: the front matter is never closed")
    assert "'---'" in message


@pytest.mark.parametrize(("src", "expected"), [
    (".hidden.png", "'.hidden.png' is not a usable file name"),
    ("images/CON.png", "reserved device name"),
    ("<images/my photo.png>", "'my%20photo.png' is not a usable file name"),
    ("picture.gif", "pictures must be PNG, JPEG or SVG files"),
    ("images//x.png", "'' is not a usable file name"),
])
def test_picture_file_names_are_safe_on_every_system(handout_file, src, expected):
    (message,) = errors_of(handout_file(body=f"## One\n\n![A photo]({src})\n"))
    assert ":8: error: the picture" in message and expected in message


def test_lists_nested_too_deeply_are_an_error(handout_file):
    body = "## One\n\n- a\n  - b\n    - c\n      - d\n        > e\n"
    (message,) = errors_of(handout_file(body=body))
    assert ":12: error: lists, quotes and boxes are nested 5 deep; the limit is 4" in message


def test_four_levels_of_nesting_are_fine(handout_file):
    body = "## One\n\n::: tip\n- a\n  - b\n    > c\n:::\n"
    assert parse_handout(handout_file(body=body)).sections


def test_too_many_sections_is_an_error(handout_file):
    body = "".join(f"## Part {n}\n\nText.\n\n" for n in range(61))
    (message,) = errors_of(handout_file(body=body))
    assert "the handout has 61 sections; the limit is 60" in message and "split it" in message


def test_markup_hidden_in_a_pictures_alt_text_is_found(handout_file):
    messages = errors_of(handout_file(body="## One\n\n![a [b](javascript:x) <i>](pic.png)\n"))
    assert any("the link 'javascript:x' cannot be used" in m for m in messages)
    assert any("raw HTML is not allowed" in m for m in messages)


def test_section_ids_fold_accents_instead_of_dropping_letters(handout_file):
    body = "## ¿Cuándo consultar al médico?\n\nPronto.\n\n## Señales\n\nAlgunas.\n"
    handout = parse_handout(handout_file(body=body))
    assert [s.id for s in handout.sections] == ["cuando-consultar-al-medico", "senales"]


def test_a_note_on_lines_of_its_own_is_left_out_and_anything_else_in_it_is_refused(handout_file):
    body = "<!-- before the first section -->\n## One\n\n<!-- a note\n   on two lines -->\nText.\n\n" \
           "- item\n\n  <!-- inside a list --> <!-- and another -->\n"
    handout = parse_handout(handout_file(body=body))
    assert "<!--" not in repr(handout.body) and "Text." in tree.plain_text(handout.body[0].children[0].children)
    for raw in ("<!-- note --> <b>bold</b>\n", "Text <!-- inline --> here.\n", "<!-- never closed\n"):
        with pytest.raises(HandoutErrors, match="raw HTML is not allowed"):
            parse_handout(handout_file(body="## One\n\n" + raw, slug="raw"))


EVERY_KIND = """\
Text before any heading.

## First

#### Too deep

Wash your hands.

## Empty

## Third

<b>bold</b> and soap [@nobody].

# A title
"""


def test_every_problem_in_the_text_is_found_in_one_run_and_the_rest_still_parses(handout_file):
    handout, errors = read_handout(handout_file(body=EVERY_KIND))
    assert [(e.line, e.message.split(" (")[0][:40]) for e in sorted(errors, key=lambda e: e.line)] == [
        (6, "text comes before the first section head"),
        (10, "heading level jumps from ## to ####"),
        (14, "the section 'Empty' is empty"),
        (18, "raw HTML is not allowed in a handout"),
        (20, "a '# ' heading is not allowed in the tex"),
    ]
    assert [s.title for s in handout.sections] == ["(untitled)", "First", "Empty", "Third"]
    assert handout.citation_order == ("nobody",)  # the checks still see what parsed
    with pytest.raises(HandoutErrors) as info:
        parse_handout(handout.source)
    assert len(info.value.errors) == 5


def test_front_matter_errors_come_with_the_texts(handout_file):
    handout, errors = read_handout(handout_file(front="title: T\nreviewed: 2026-11-01\nsumary: S.\n",
                                                body=EVERY_KIND))
    assert handout is None  # the checks need valid front matter
    messages = [e.message for e in errors]
    assert "`summary` is required" in messages and "unknown key `sumary`" in messages
    assert len(messages) == 7 and any("heading level jumps" in m for m in messages)


def test_a_bad_folder_name_comes_with_the_rest(tmp_path):
    from tests.helpers import write_handout

    handout, errors = read_handout(write_handout(tmp_path, body=EVERY_KIND, slug="Bad Name"))
    assert handout is not None and len(errors) == 6 and "folder name 'Bad Name'" in errors[0].message


def test_a_section_never_takes_the_id_of_a_page_plainleaf_adds(handout_file):
    """ "## Questions?" once took the questions page's id (WeasyPrint: "Anchor defined twice"), "## Nav" would
    take the EPUB's nav.xhtml."""
    body = "## Questions?\n\nAsk us.\n\n## Nav\n\nText.\n\n## Contacts\n\nText.\n\n## Questions\n\nMore.\n"
    ids = [s.id for s in parse_handout(handout_file(body=body)).sections]
    assert ids == ["questions-2", "nav-2", "contacts-2", "questions-3"]


@pytest.mark.parametrize("block", ["- ## In a list\n- two", "> ## In a quote", "::: tip\n## In a box\n:::",
                                   "- a\n\n  ## Inside an item\n\n- b"])
def test_a_section_heading_inside_a_list_quote_or_box_is_an_error_and_splits_nothing(handout_file, block):
    handout, errors = read_handout(handout_file(body=f"## Start\n\nText.\n\n{block}\n"))
    (error,) = errors
    assert error.line >= 10 and "a '## ' section heading is inside a list, quote or box" in error.message
    assert [s.title for s in handout.sections] == ["Start"]


@pytest.mark.parametrize("heading", ["## Why <b>now</b>", "## Why <br> now [@a]", "### Why <i>now</i>"])
def test_raw_html_in_a_heading_is_reported_like_raw_html_anywhere(handout_file, heading):
    """It is left out of the tree with the body's (a `##` heading's once reached the tree and stopped `check`)."""
    front = MINIMAL_FRONT + "references:\n  - {id: a, title: A, publisher: P}\n"
    body = f"## First\n\nWords.\n\n{heading}\n\nMore words [@a].\n"
    handout, errors = read_handout(handout_file(front, body))
    assert [e.message for e in errors] == ["raw HTML is not allowed in a handout"]
    assert handout is not None and "<" not in repr(handout.body)


@pytest.mark.parametrize("heading", ["## ", "##", "## [@a]", "## ![a map](map.png)", "### ", "### [@a]"])
def test_a_heading_without_words_is_an_error(handout_file, heading):
    front = MINIMAL_FRONT + "references:\n  - {id: a, title: A, publisher: P}\n"
    _, errors = read_handout(handout_file(front, f"## First\n\nWords [@a].\n\n{heading}\n\nMore words.\n"))
    assert [(e.line, e.message) for e in errors] == [(12, "this heading has no words")]
