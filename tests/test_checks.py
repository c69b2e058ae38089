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
