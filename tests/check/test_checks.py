from __future__ import annotations

from plainleaf.check.checks import check_handout
from plainleaf.source.layout import Resources
from plainleaf.source.parse import parse_handout

FONTS = Resources.bundled().fonts_dir
REFS = """\
title: T
summary: S.
reviewed: 2026-11-01
references:
  - {id: used, title: Used, publisher: P}
  - {id: spare, title: Spare, url: "https://example.org/"}
"""


def findings(path):
    return check_handout(parse_handout(path), FONTS)


def test_image_without_alt_text_does_not_build(handout_file):
    path = handout_file(body="## Picture\n\n![](images/x.png)\n")
    errors = [f for f in findings(path) if f.severity == "error"]
    assert any(f.line == 8 and "has no alt text" in f.message for f in errors)


def test_picture_that_is_not_an_image_is_an_error(handout_file):
    path = handout_file(body="## Picture\n\n![A chart](chart.png)\n")
    (path.parent / "chart.png").write_text("not a picture")
    assert any("is not a picture" in f.message for f in findings(path))


def test_citation_without_reference_names_the_line(handout_file):
    path = handout_file(front=REFS, body="## One\n\nText [@used].\n\nMore [@missing].\n")
    errors = [f for f in findings(path) if f.severity == "error"]
    assert [(f.line, f.message) for f in errors] == [(13, "citation [@missing] has no matching reference")]


def test_reference_never_cited_is_a_warning(handout_file):
    path = handout_file(front=REFS, body="## One\n\nText [@used].\n")
    (warning,) = findings(path)
    assert warning.severity == "warning" and "'spare' is never cited" in warning.message


def test_characters_the_font_lacks_are_named(handout_file):
    path = handout_file(body="## One\n\nA Cyrillic letter \u0416 and a CJK \u4e2d.\n")
    (error,) = findings(path)
    assert "U+0416" in error.message and "U+4E2D" in error.message
    assert error.line == 8


def test_example_handout_has_no_findings():
    from tests.helpers import EXAMPLE
    assert findings(EXAMPLE / "handout.md") == []


PLACES = """\
## Why it matters

Read [how to wash](#how-to-wash), [when](#when-to-wash), [the words](#glossary),
[its heading](#how-to-wash--h), [who can help](#contacts), [the clinic](#contacts_clinic),
[the sources](#references), [typo](#how-to-wsh) and [a box](#why-it-matters_1).

::: tip
A box.
:::

## How to wash

Wet your hands.

### When to wash

Before you eat.
"""


def test_a_link_to_a_place_that_does_not_exist_is_an_error_at_its_line_with_the_ids_that_do(handout_file):
    """It would be a link to nowhere in the EPUB (EPUBCheck RSC-012, RSC-007), and a WeasyPrint warning in print."""
    path = handout_file(body=PLACES)
    errors = [f for f in findings(path) if f.severity == "error"]
    assert [(f.line, f.message) for f in errors] == [
        (8, "the link #when-to-wash goes to no place in this handout"),
        (8, "the link #glossary goes to no place in this handout"),  # no glossary: no such page
        (10, "the link #references goes to no place in this handout"),  # nothing cited: no such page
        (10, "the link #how-to-wsh goes to no place in this handout"),
    ]
    hints = [f.hint for f in errors]
    assert hints[0].startswith("did you mean #how-to-wash--when-to-wash or")  # a ### heading's id holds its section's
    assert "no glossary" in hints[1] and "cites no reference" in hints[2]
    assert hints[3] == "did you mean #how-to-wash?"


def test_links_to_the_glossary_and_references_are_fine_when_the_handout_has_them(handout_file):
    front = REFS + "glossary:\n  Germs: Tiny living things.\n"
    path = handout_file(front=front, body="## One\n\nA fact [@used]. See [the words](#glossary) and "
                                          "[the sources](#references--h).\n")
    assert [f for f in findings(path) if f.severity == "error"] == []
    path.write_text(path.read_text().replace("#glossary", "#questions"))  # print only: the e-book has none
    assert [f.message for f in findings(path) if f.severity == "error"] == [
        "the link #questions goes to no place in this handout"]
