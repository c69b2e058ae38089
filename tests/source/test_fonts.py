"""Every glyph plainleaf draws comes from the bundled font: the strings it prints itself (templates, CSS, the
catalogues of every language it ships) are all in Atkinson Hyperlegible, and a PDF that uses every one of them,
in each language and layout, embeds no other font and draws nothing the font lacks. Lists nest to the limit in
every combination, tagged L/LI/Lbl/LBody at each depth."""

from __future__ import annotations

import itertools
import re
import textwrap
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import audit_bytes, layout_rules
from plainleaf.limits import MAX_NESTING
from plainleaf.pdfread.content import page_contents
from plainleaf.pdfread.structure import structure_elements
from plainleaf.source.fonts import FONT_FAMILY, missing_characters
from plainleaf.source.layout import Resources, load_layout
from tests.helpers import ROOT

RESOURCES = Resources.bundled()
LAYOUTS = ("large-print", "extra-large", "clear-print")
_CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6})\s?")
_COMMENT = re.compile(r"/\*.*?\*/|\{#.*?#\}|<!--.*?-->", re.S)  # CSS, Jinja and HTML comments print nothing


def printed_strings() -> dict[str, str]:
    """File → the text plainleaf may print from it: templates and CSS (CSS escapes read as the characters they
    stand for), and every message and translation of the catalogues."""
    found = {}
    for path in sorted((ROOT / "layouts").rglob("*")):
        if path.suffix in (".html", ".xhtml", ".css"):
            text = _COMMENT.sub("", path.read_text(encoding="utf-8"))
            found[str(path.relative_to(ROOT))] = _CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text)
    for path in sorted((ROOT / "plainleaf" / "locale").glob("*.po*")):
        with path.open("rb") as file:
            catalogue = read_po(file)
        found[str(path.relative_to(ROOT))] = "\n".join(
            part for message in catalogue if message.id
            for part in [*_strings(message.id), *_strings(message.string)])
    return found


def _strings(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return () if not value else (value,) if isinstance(value, str) else tuple(value)


def test_every_string_in_the_templates_css_and_catalogues_is_in_the_bundled_font():
    strings = printed_strings()
    assert "layouts/_base/print.css" in strings and "plainleaf/locale/es.po" in strings
    assert "\u2013" in strings["layouts/_base/print.css"]  # the list markers, escaped in the CSS, are read
    missing = {name: chars for name, text in strings.items()
               if (chars := missing_characters(text, RESOURCES.fonts_dir))}
    assert missing == {}


def test_the_check_finds_a_character_the_font_lacks():
    assert missing_characters("\u25e6 \u25aa \u2192 Word", RESOURCES.fonts_dir) == ["→", "▪", "◦"]


# A handout that makes plainleaf print everything it prints: labels, markers at every depth, the contacts page
# with every kind of line, QR codes, "Page x of y", the questions page, the other edition's note.

def nested(kinds: tuple[str, ...], depth: int = 1) -> list[str]:
    """A list of `kinds` (outermost first) nested inside each other, two items at each depth."""
    kind, rest = kinds[0], kinds[1:]
    first, second = ("1.", "2.") if kind == "ol" else ("-", "-")
    lines = [f"{first} Depth {depth} first item"]
    lines += [" " * (len(first) + 1) + line for line in (nested(rest, depth + 1) if rest else [])]
    return [*lines, f"{second} Depth {depth} second item"]


def _combinations(depth: int) -> list[tuple[str, ...]]:
    return list(itertools.product(("ul", "ol"), repeat=depth))


SQUARE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 60">
<rect x="2" y="2" width="196" height="56" fill="none" stroke="#000" stroke-width="3"/>
<text x="12" y="40" font-family="Atkinson Hyperlegible" font-size="14">Front – back</text></svg>
"""

FRONT = """\
title: Every glyph
summary: A handout that makes plainleaf print everything it prints itself.
reviewed: 2026-11-01
key_points:
  - Each list marker is a glyph of the bundled font.
  - So is each label.
glossary:
  Marker: The sign in front of a list item.
references:
  - id: guide
    title: Large print guidance
    publisher: Example Society
    url: https://www.example.org/large-print
    accessed: 2026-10-01
support:
  - name: Helpline
    organization: Example Society
    description: People who answer questions.
    phone: 555-0123
    url: https://help.example.org/
    email: help@example.org
    address: 1 Example Road
    hours: Monday to Friday
"""


def english_body() -> str:
    sections = []
    for kinds in _combinations(MAX_NESTING):
        sections += [f"## Lists: {', '.join(kinds)}", "", *nested(kinds), ""]
    for kind, kinds in zip(("important", "tip", "warning"), _combinations(MAX_NESTING - 1)[::3], strict=True):
        sections += ["## A list in a box", "", f"::: {kind}", "Look at this list.", "", *nested(kinds), ":::", ""]
    quoted = ["Someone said:", "", *nested(("ol", "ul", "ol"))]
    sections += ["## A list in a quote", "", *("> " + line for line in quoted), ""]
    sections += ["## Items with many parts", "", "- The first paragraph.", "", "  The second paragraph [@guide].",
                 "", "- A table:", "", "  | Day | Dose |", "  | --- | --- |", "  | Monday | 1 pill |", "",
                 "- A picture:", "", "  ![A box with words](images/box.svg \"A box\")", "",
                 "- A list, then a paragraph:", "", "  1. Inner", "  2. Inner again", "", "  The paragraph after.",
                 "", "## Twelve steps", "", *(f"{n}. Step {n}" for n in range(1, 13)), ""]
    return "\n".join(sections)


SPANISH_FRONT = """\
title: Todos los signos
summary: Un folleto que hace imprimir a plainleaf todo lo que imprime.
language: es
translation_of: every-glyph
reviewed: 2026-11-01
key_points:
  - Cada signo de lista es del tipo de letra incluido.
glossary:
  Signo: Lo que va delante de cada punto de una lista.
references:
  - id: guia
    title: Guía de letra grande
    publisher: Sociedad de ejemplo
    url: https://www.example.org/letra-grande
support:
  - name: Línea de ayuda
    phone: 555-0123
    url: https://ayuda.example.org/
    hours: De lunes a viernes
"""

SPANISH_BODY = "\n".join([
    "## Listas", "", *nested(("ol", "ul", "ol", "ul")), "",
    *(line for kind in ("important", "tip", "warning")
      for line in ("## Un recuadro", "", f"::: {kind}", "¿Sabía usted esto? ¡Sí! [@guia]", ":::", "")),
])


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions built in every layout: PDF file name → path."""
    root = tmp_path_factory.mktemp("glyphs")
    for slug, front, body in (("every-glyph", FRONT, english_body()), ("every-glyph-es", SPANISH_FRONT, SPANISH_BODY)):
        folder = root / "handouts" / slug
        (folder / "images").mkdir(parents=True)
        (folder / "images" / "box.svg").write_text(SQUARE, encoding="utf-8")
        (folder / "handout.md").write_text(f"---\n{front}---\n{textwrap.dedent(body)}\n", encoding="utf-8")
    (root / "handouts" / "clinic.yaml").write_text(
        "name: Test Clinic\nphone: 555-0100\nafter_hours_phone: 555-0199\nwebsite: https://clinic.example.org/\n"
        "email: care@clinic.example.org\naddress: 2 Test Street\nemergency: Call 911.\n", encoding="utf-8")
    result = build([root / "handouts"], None, BuildOptions(output_dir=root / "output", layouts=LAYOUTS,
                                                         papers=("letter",), formats=("pdf",)))
    assert result.ok, [str(e) for e in result.errors]
    return {path.name: path for path in result.written}


def fonts_in(pdf: pikepdf.Pdf) -> set[str]:
    """The base names (without subset prefix) of every font the pages and the forms they draw use."""
    names: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def visit(resources: pikepdf.Object | None) -> None:
        if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
            return
        seen.add(resources.objgen)
        names.update(str(font.get("/BaseFont", "/?"))[1:].split("+", 1)[-1]
                     for font in resources.get("/Font", {}).values())
        for xobject in resources.get("/XObject", {}).values():
            visit(xobject.get("/Resources"))

    for page in pdf.pages:
        visit(page.obj.get("/Resources"))
    return names


@pytest.mark.parametrize("language", ["every-glyph", "every-glyph-es"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_font_in_the_pdf_is_bundled_and_draws_every_character(editions, layout, language):
    path = editions[f"{language}-{layout}-letter.pdf"]
    with pikepdf.open(path) as pdf:
        family = FONT_FAMILY.replace(" ", "-")
        assert {name.startswith(family) for name in fonts_in(pdf)} == {True}, fonts_in(pdf)
        runs = [run for content in page_contents(pdf) for run in content.runs]
        assert {run.font.startswith(family) for run in runs} == {True}
        drawn = "".join(run.text for run in runs)
        assert "\ufffd" not in drawn and missing_characters(drawn, RESOURCES.fonts_dir) == []
        spanish = language.endswith("-es")
        assert ("Página 1 de" if spanish else "Page 1 of") in drawn
        if not spanish:
            assert {"•", "–", "◊", "›", "a.", "1)", "a)", "12."} <= {run.text.strip() for run in runs}
        findings = audit_bytes(path.read_bytes(), layout_rules(load_layout(layout, RESOURCES)))
        assert [str(f) for f in findings] == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_lists_nest_to_the_limit_with_each_depth_tagged_as_a_list(editions, layout):
    with pikepdf.open(editions[f"every-glyph-{layout}-letter.pdf"]) as pdf:
        elements = list(structure_elements(pdf))
        lists = [e for e in elements if e.role == "L"]
        parents = {str(e.obj.P.S)[1:] for e in lists}
        assert "L" not in parents and "LI" not in parents  # a nested list sits in its item's body
        depths = []
        for element in lists:
            depth, node = 1, element.obj.P
            while node is not None and "/S" in node:
                depth += node.S == "/L"
                node = node.get("/P")
            depths.append(depth)
        assert max(depths) == MAX_NESTING
        items = [[str(k.S) for k in e.kids()] for e in elements if e.role == "LI"]
        # an item broken across pages goes on as an item with a body only; a definition list's items have no label
        assert {tuple(kids) for kids in items} == {("/Lbl", "/LBody"), ("/LBody",)}
        written = sum(1 for line in english_body().splitlines() if re.match(r"\s*(?:> )?\s*(?:-|\d+\.) ", line))
        key_points, references = 2, 1
        assert items.count(["/Lbl", "/LBody"]) == written + key_points + references
