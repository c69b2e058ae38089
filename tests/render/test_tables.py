"""Tables in print: measured against each layout's line; too wide, each row prints as a block of "header: value"
lines (still a table to screen readers and in the EPUB); `check` warns where a table does not fit."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest

from plainleaf.check.audit import audit_bytes, layout_rules
from plainleaf.check.review import review_handout
from plainleaf.pdfread.structure import structure_elements
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source.files import load_clinic
from plainleaf.source.layout import Resources, available_layouts, load_layout
from plainleaf.source.measure import table_shapes
from plainleaf.source.parse import parse_handout
from tests.helpers import MINIMAL_FRONT, print_editions, printed_lines

RESOURCES = Resources.bundled()
LAYOUTS = {name: load_layout(name, RESOURCES) for name in available_layouts(RESOURCES)}
WEEK = """\
## Your first week at home

Follow this plan each day.

| Day | Walking | Medicine | Ice | Exercises | Meals | Notes |
| --- | --- | --- | --- | --- | --- | --- |
| Monday | Walk 5 minutes | Take your pain medicine | Ice 20 minutes | Ankle pumps | Small meals | Rest often |
| Tuesday | Walk 10 minutes | Take your pain medicine | Ice 20 minutes | Knee bends | Drink water | Call if it swells |
| Wednesday | Walk 10 minutes | Only as needed | Ice after walks | Leg raises | Eat fruit | |
"""
SALT = """\
## Salt in food

| Food | Salt |
| --- | ---: |
| Bread | Some |
| Soup from a can | A lot |
"""
# Four columns: a table in clear and large print, too wide for extra-large.
DOSES = """\
## Your doses

| Medicine | Morning | Evening | With food |
| --- | --- | --- | --- |
| Metformin | One tablet | One tablet | Always |
| Lisinopril | One tablet | None | Either way |
"""


def handout_of(handout_file, body: str):
    path = handout_file(front=MINIMAL_FRONT, body=body)
    return parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml")


def shape_of(handout):
    (shape,) = table_shapes(handout.body, RESOURCES.fonts_dir).values()
    return shape


@pytest.mark.parametrize(("body", "fits"), [
    (WEEK, set()),
    (SALT, {"clear-print", "large-print", "extra-large"}),
    (DOSES, {"clear-print", "large-print"}),
])
def test_a_table_fits_a_layout_when_its_words_fit_its_columns(handout_file, body, fits):
    shape = shape_of(handout_of(handout_file, body)[0])
    assert {name for name, layout in LAYOUTS.items()
            if all(shape.fits(layout.settings, paper) for paper in ("letter", "a4"))} == fits


def test_check_warns_at_the_table_naming_the_layouts_it_does_not_fit(handout_file):
    handout, _ = handout_of(handout_file, DOSES + "\n" + SALT)
    (warning,) = [f for f in review_handout(handout, RESOURCES.fonts_dir, True, layouts=list(LAYOUTS.values())
                                            ).findings if f.rule == "table.wide"]
    assert warning.severity == "warning"
    assert handout.source.read_text().splitlines()[warning.line - 1].startswith("| Medicine | Morning")
    assert "too wide for extra-large on A4:" in warning.message
    assert "4 columns" in warning.message and "“header: value”" in warning.message


def test_print_sets_a_wide_table_as_labelled_rows_and_the_epub_keeps_the_table(handout_file):
    handout, clinic = handout_of(handout_file, WEEK)
    html = render_print_html(handout, clinic, LAYOUTS["large-print"], "letter")
    assert '<div id="your-first-week-at-home_2" class="stacked">' in html
    # each row a table of its own, a header cell and a data cell per line
    assert re.search(r'<th scope="row">\s*Medicine</th>\s*<td>\s*Take your pain medicine</td>', html)
    rows = re.findall(r'<table id="[^"]+" class="stacked-row">(.*?)</table>', html, re.S)
    assert len(rows) == 3 and all(not re.search(r"<td>\s*</td>", row) for row in rows)  # empty cells left out
    assert "Walking</th>" not in html.partition('class="stacked"')[2].partition('class="stacked-row"')[0]
    epub = next(p for p in render_epub_pages(handout, clinic, LAYOUTS["large-print"]) if p.kind == "section").body
    assert "stacked" not in epub and '<th scope="col">\nWalking</th>' in epub
    narrow = render_print_html(handout_of(handout_file, SALT)[0], clinic, LAYOUTS["extra-large"], "a4")
    assert 'class="stacked"' not in narrow


def test_a_wide_tables_header_with_a_citation_is_anchored_once(handout_file):
    """The header prints before every row's cell; its citation's anchor only at the first (an id twice would
    make the back-link from the references ambiguous, and WeasyPrint warns: "Anchor defined twice")."""
    front = MINIMAL_FRONT + "references:\n  - id: rest\n    title: Rest after surgery\n    publisher: NHS\n"
    path = handout_file(front=front, body=WEEK.replace("| Day | Walking |", "| Day | Walking [@rest] |", 1))
    html = render_print_html(parse_handout(path), load_clinic(path.parent.parent / "clinic.yaml"),
                             LAYOUTS["large-print"], "letter")
    ids = re.findall(r' id="([^"]+)"', html)
    assert 'class="stacked"' in html and len(ids) == len(set(ids))
    assert html.count('class="citation"') == 1 and html.count("Walking</th>") == 2  # rows 2 and 3: its words


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text))


def test_no_word_is_broken_in_any_layout_and_wide_tables_stay_tables_to_screen_readers(handout_file):
    """Every word the PDF draws is a word of the handout (a broken one, 'Walki', is not); the wide table is
    still a Table of rows and cells in the tags, the narrow one has its header cells."""
    handout, clinic = handout_of(handout_file, WEEK + "\n" + DOSES + "\n" + SALT)
    for (name, paper), data in print_editions(handout.source).items():
        source_words = _words(re.sub(r"<[^>]+>", " ", render_print_html(handout, clinic, LAYOUTS[name], paper)))
        broken = {w for line in printed_lines(data) for w in _words(line)} - source_words
        assert broken == set(), (name, paper)
        errors = [str(f) for f in audit_bytes(data, layout_rules(LAYOUTS[name])) if f.severity == "error"]
        assert errors == [], (name, paper)
        with pikepdf.open(io.BytesIO(data)) as pdf:
            roles = [e.role for e in structure_elements(pdf)]
            tables = [e for e in structure_elements(pdf) if e.role == "Table"]
            assert len(tables) >= 3 and "TD" in roles, (name, paper)
            # every table a screen reader meets, a wide one's rows too, has header cells and a regular grid
            for table in tables:
                cells = [[_role(cell) for cell in _kids(row) if _role(cell) in ("TH", "TD")]
                         for row in _rows(table.obj)]
                assert any("TH" in row for row in cells), (name, paper)
                assert len({len(row) for row in cells}) == 1, (name, paper, cells)


def _role(obj: pikepdf.Object) -> str | None:
    return str(obj.get("/S")).lstrip("/") if isinstance(obj, pikepdf.Dictionary) and "/S" in obj else None


def _kids(obj: pikepdf.Object) -> list[pikepdf.Object]:
    kids = obj.get("/K")
    return [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _rows(table: pikepdf.Object) -> list[pikepdf.Object]:
    """A table's TR elements, in THead, TBody and TFoot too."""
    rows = []
    for kid in _kids(table):
        if _role(kid) == "TR":
            rows.append(kid)
        elif _role(kid) in ("THead", "TBody", "TFoot"):
            rows.extend(k for k in _kids(kid) if _role(k) == "TR")
    return rows


def test_the_warning_is_in_the_handouts_language(handout_file):
    front = "title: Sal\nlanguage: es\nsummary: Poca sal.\nreviewed: 2026-11-01\n"
    path = handout_file(front=front, body=DOSES.replace("## Your doses", "## Sus dosis"))
    (warning,) = [f for f in review_handout(parse_handout(path), RESOURCES.fonts_dir, True,
                                            layouts=list(LAYOUTS.values())).findings if f.rule == "table.wide"]
    assert warning.message.startswith("esta tabla es demasiado ancha para extra-large en A4: sus 4 columnas")
    assert warning.hint.startswith("para que siga siendo una tabla")
