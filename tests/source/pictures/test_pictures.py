"""SVG pictures: CSS read as CSS (escapes and all), bounded <use> copies and nesting, sizes a renderer can draw,
and the clean copy the PDF and the EPUB are made from."""

from __future__ import annotations

import zipfile
from xml.etree import ElementTree

import pytest

from plainleaf.source.pictures import clean_picture, clean_svg, svg_problem

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'


@pytest.mark.parametrize("css", [
    "@import url(http://127.0.0.1:9/x.css);",
    "@\\69mport url(x.css);",  # an escaped at-keyword is still @import
    "@IMPORT 'x.css';",
    "@font-face { src: url(data:font/ttf;base64,AAAA) }",
    "@namespace x url(http://x/);",
    "@keyframes spin { to { fill: red } }",
    "rect { fill: url(file:///etc/passwd) }",
    "rect { fill: \\75rl(file:///etc/passwd) }",  # an escaped function name is still url(
    "rect { fill: URL( 'http://x/y' ) }",
    "rect { background: image-set('x.png' 1x) }",
    "rect { fill: url(\"http://x/#g\") }",
    "@media print { rect { fill: url(http://x/y) } }",
])
def test_a_style_sheet_that_could_fetch_anything_is_refused(css):
    assert svg_problem(f"{HEAD}<style>{css}</style></svg>".encode()) is not None


@pytest.mark.parametrize("svg", [
    f'{HEAD}<style><g/>@import url(http://127.0.0.1:9/x.css);</style></svg>',  # in the tail text of a child
    f'{HEAD}<style><![CDATA[@import "x.css";]]></style></svg>',
    f'{HEAD}<rect style="fill: \\75rl(http://x/y)"/></svg>',
    f'{HEAD}<rect fill="\\75rl(http://x/y)"/></svg>',
    f'{HEAD}<rect filter="url( http://x/y#f )"/></svg>',
    f'{HEAD}<rect style="background-image: image-set(\'a.png\' 1x)"/></svg>',
])
def test_css_anywhere_in_the_picture_is_read_as_a_css_parser_reads_it(svg):
    assert "refers to other files" in svg_problem(svg.encode()) or "@import" in svg_problem(svg.encode())


def test_css_that_only_draws_passes():
    svg = (f'{HEAD}<defs><linearGradient id="g"/></defs><style>@media print {{ rect {{ fill: url(#g) }} }} '
           f'/* a comment */ rect:hover {{ stroke: rgb(0 0 0 / 50%) }}</style>'
           f'<rect style="fill: url(\'#g\'); stroke-width: calc(1px + 2px)" width="5" height="5"/></svg>')
    assert svg_problem(svg.encode()) is None


def fan_out(levels: int, copies: int) -> bytes:
    """A few hundred bytes whose <use> elements copy the one before `copies` times, `levels` times over."""
    defs = ['<rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#l{level - 1}"/>' for _ in range(copies))
        defs.append(f'<g id="l{level}">{uses}</g>')
    return f'{HEAD}<defs>{"".join(defs)}</defs><use href="#l{levels}"/></svg>'.encode()


def test_use_copies_that_fan_out_are_refused():
    data = fan_out(8, 10)
    assert len(data) < 6000
    assert "draws more than 20,000 elements" in svg_problem(data)
    assert svg_problem(fan_out(2, 10)) is None


@pytest.mark.parametrize("svg", [
    f'{HEAD}<g id="a"><use href="#a"/></g></svg>',
    f'{HEAD}<g id="a"><use href="#b"/></g><g id="b"><use xlink:href="#a"/></g></svg>',
    f'{HEAD}<pattern id="p"><rect fill="url(#p)"/></pattern></svg>',
])
def test_references_in_a_loop_are_refused(svg):
    assert "loop" in svg_problem(svg.encode())


def test_deep_nesting_is_refused_without_exhausting_the_stack():
    assert "nested more than 40 deep" in svg_problem((HEAD + "<g>" * 100_000 + "</g>" * 100_000 + "</svg>").encode())
    chain = "".join(f'<g id="g{n}"><use href="#g{n + 1}"/></g>' for n in range(60)) + '<g id="g60"/>'
    assert "nested more than 40 deep" in svg_problem(f"{HEAD}{chain}</svg>".encode())


def test_a_marker_is_counted_at_every_point_it_is_drawn():
    marker = '<marker id="m">' + '<rect width="1" height="1"/>' * 100 + '</marker>'
    points = " ".join(f"{n},{n}" for n in range(500))
    assert "draws more than" in svg_problem(f'{HEAD}{marker}<polyline points="{points}" marker-mid="url(#m)"/></svg>'
                                            .encode())


@pytest.mark.parametrize(("attributes", "problem"), [
    ('width="1e30"', "its width '1e30'"), ('height="1e20"', "its height"), ('width="NaN"', "its width 'NaN'"),
    ('width="-5"', "its width"), ('height="200000in"', "its height"), ('viewBox="0 0 0 0"', "its viewBox"),
    ('viewBox="0 0 10"', "its viewBox"), ('viewBox="0 0 1e30 10"', "too large to draw"),
])
def test_a_size_no_renderer_can_draw_is_refused(attributes, problem):
    assert problem in svg_problem(f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}/>'.encode())


def test_a_number_too_large_to_draw_anywhere_is_refused():
    assert "too large to draw" in svg_problem(f'{HEAD}<path d="M0 0 L1e30 5"/></svg>'.encode())
    assert svg_problem(f'{HEAD}<path d="M0 0 L100000 5" id="n1e99"/></svg>'.encode()) is None


EDITOR_SVG = b"""<?xml version="1.0"?>
<!DOCTYPE svg SYSTEM "file:///etc/passwd">
<?inkscape-note something?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xml:space="preserve"
     width="100" height="50" viewBox="0 0 100 50" inkscape:version="1.2" data-secret="x">
  <!-- exported from an editor -->
  <inkscape:namedview id="nv"><inkscape:page/></inkscape:namedview>
  <metadata><rdf xmlns="http://www.w3.org/1999/02/22-rdf-syntax-ns#">who made it</rdf></metadata>
  <title>A red box</title>
  <style>/* c */ rect { fill: red }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
  <rect id="r" width="10" height="10" fill="url(#g)" inkscape:label="box" style="stroke: blue; -inkscape-x: 1"/>
  <use xlink:href="#r" x="20"/>
  <text x="1" y="40" font-family="Atkinson Hyperlegible">Red <inkscape:flow>and</inkscape:flow> box</text>
</svg>"""


def test_the_clean_copy_keeps_the_drawing_and_only_allowed_parts():
    copy = clean_svg(EDITOR_SVG)
    text = copy.decode()
    for gone in ("DOCTYPE", "passwd", "inkscape:", "xmlns:inkscape", "<!--", "namedview", "metadata", "who made it",
                 "data-secret", "exported"):
        assert gone not in text, gone
    root = ElementTree.fromstring(copy)
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg" and root.get("viewBox") == "0 0 100 50"
    # the rect's stroke goes half its width past the top left corner: the drawing is clipped to the picture
    assert [e.tag.removeprefix(svg) for e in root] == ["title", "style", "defs", "clipPath", "g"]
    assert [e.tag.removeprefix(svg) for e in root.find(f"{svg}g")] == ["rect", "use", "text"]
    assert root.find(f".//{svg}use").get("{http://www.w3.org/1999/xlink}href") == "#r"
    assert "".join(root.find(f".//{svg}text").itertext()) == "Red  box"
    assert root.find(f"{svg}style").text.strip() == "rect { fill: red }"
    assert svg_problem(copy) is None and clean_svg(copy) == copy  # the copy is its own clean copy


def test_a_picture_that_may_not_be_used_is_left_for_the_checks_to_name():
    bad = f"{HEAD}<script>alert(1)</script></svg>".encode()
    assert clean_picture("images/x.svg", bad) == bad
    assert clean_picture("images/x.png", b"png bytes") == b"png bytes"


def test_the_epub_and_the_pdf_are_made_from_the_clean_copy(tmp_path):
    from plainleaf.build.run import BuildOptions, build
    from tests.helpers import write_handout

    source = write_handout(tmp_path, body="## One\n\nA box.\n\n![A red box](box.svg)\n")
    (source.parent / "box.svg").write_bytes(EDITOR_SVG)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "output"))
    assert result.ok, [str(e) for e in result.errors]
    with zipfile.ZipFile(tmp_path / "output" / "hand-washing" / "hand-washing.epub") as book:
        assert book.read("EPUB/box.svg") == clean_svg(EDITOR_SVG)


def test_references_written_with_css_escapes_or_from_a_style_sheet_are_counted_too():
    pattern = '<pattern id="p">' + '<rect width="1" height="1"/>' * 300 + '</pattern>'
    escaped = "".join(f'<rect fill="\\75rl(#p)" width="{n}" height="1"/>' for n in range(100))
    assert "draws more than" in svg_problem(f"{HEAD}{pattern}{escaped}</svg>".encode())
    sheet = "<style>rect { fill: url(#p) }</style>" + '<rect width="1" height="1"/>' * 100
    assert "draws more than" in svg_problem(f"{HEAD}{pattern}{sheet}</svg>".encode())
    assert svg_problem(f'{HEAD}<linearGradient id="g"/><style>rect {{ fill: url(#g) }}</style><rect/></svg>'
                       .encode()) is None


# --- text in the picture is drawn in the bundled font ----------------------------------------------------------

# Each way an SVG can name (or not name) the font of its text, as editors write it: the PDF may embed no other font.
FONT_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 240" font-size="16">
  <style>.label { font-family: Arial, sans-serif; font-weight: bold }
         @media print { .small { font: italic 300 18px/1.2 "Comic Sans MS" !important } }
         text.inherit { font-family: inherit }</style>
  <g font-family="Helvetica"><text x="10" y="24">In a group</text></g>
  <text x="10" y="48" font-family="'Times New Roman', serif">An attribute</text>
  <text x="10" y="72" style="font-family: Courier; fill: black">A style</text>
  <text x="10" y="96" class="label">A class</text>
  <text x="10" y="120" class="small">In print</text>
  <text x="10" y="144" font="bold 20px Verdana" font-weight="300">A shorthand</text>
  <text x="10" y="168" style="font: 14px monospace">A shorthand style</text>
  <text x="10" y="192" style="font: caption">A system font</text>
  <text x="10" y="216" class="inherit">Named nowhere <tspan font-family="Wingdings">and a span</tspan></text>
</svg>"""


def css_fonts(css: list[object]) -> list[tuple[str, str]]:
    """(name, value) of every font and font-family declaration in CSS, in rules nested or in @media too."""
    import tinycss2

    found = []
    for node in css:
        kind = getattr(node, "type", "")
        if kind == "declaration" and node.lower_name in ("font", "font-family"):
            found.append((node.lower_name, tinycss2.serialize(node.value).strip()))
        elif kind in ("qualified-rule", "at-rule") and node.content is not None:
            found += css_fonts(tinycss2.parse_blocks_contents(node.content, skip_comments=True))
    return found


def fonts_named(svg: bytes) -> list[tuple[str, str]]:
    import tinycss2

    found = []
    for element in ElementTree.fromstring(svg).iter():
        found += [(name, value) for name, value in element.attrib.items() if name in ("font", "font-family")]
        found += css_fonts(tinycss2.parse_blocks_contents(element.get("style", ""), skip_comments=True))
        if element.tag.endswith("}style"):
            found += css_fonts(tinycss2.parse_stylesheet(element.text or "", skip_comments=True))
    return found


def test_every_text_in_the_clean_copy_is_in_the_bundled_font_however_the_picture_named_its_font():
    from plainleaf.source.pictures import SVG_FONT_FAMILY

    named = fonts_named(clean_svg(FONT_SVG))
    assert len(named) == 11  # the root's, and each of the 10 the picture had (the shorthands as font-family)
    assert set(named) == {("font-family", SVG_FONT_FAMILY)}
    assert ElementTree.fromstring(clean_svg(FONT_SVG)).get("font-family") == SVG_FONT_FAMILY


def test_a_font_shorthand_keeps_its_size_weight_and_style():
    root = ElementTree.fromstring(clean_svg(FONT_SVG))
    svg = "{http://www.w3.org/2000/svg}"
    shorthand, styled = root.findall(f"{svg}text")[4:6]
    assert (shorthand.get("font-size"), shorthand.get("font-weight")) == ("20px", "300")  # its own longhand wins
    assert "font-size:14px" in styled.get("style").replace(" ", "")
    sheet = root.find(f"{svg}style").text.replace(" ", "")
    assert "font-style:italic!important;font-weight:300!important;font-size:18px!important" in sheet


def test_a_picture_with_text_in_fonts_that_are_not_bundled_builds_and_its_pdf_embeds_only_the_bundled_font(tmp_path):
    import pikepdf

    from plainleaf.build.run import BuildOptions, build
    from tests.helpers import write_handout

    source = write_handout(tmp_path, body="## One\n\nWords in a picture.\n\n![Labels in many fonts](labels.svg)\n")
    (source.parent / "labels.svg").write_bytes(FONT_SVG)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "output", formats=("pdf",)))
    assert result.ok, [str(e) for e in result.errors]  # the audit passed: no font but the bundled one
    (pdf,) = (tmp_path / "output" / "hand-washing").glob("*.pdf")
    with pikepdf.open(pdf) as document:  # every font of the file, on a page or inside the picture's drawing
        fonts = {str(thing.BaseFont).split("+")[-1] for thing in document.objects
                 if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/Font"}
    assert fonts == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}


def test_text_in_a_picture_that_the_bundled_font_cannot_draw_is_a_check_error_at_the_picture(handout_file):
    from plainleaf.check.checks import check_handout
    from plainleaf.source.layout import Resources
    from plainleaf.source.parse import parse_handout

    path = handout_file(body="## One\n\nA chart.\n\n![A chart](chart.svg)\n")
    (path.parent / "chart.svg").write_bytes(f'{HEAD}<text font-family="Arial">Done ✓ 完了</text></svg>'.encode())
    (error,) = [f for f in check_handout(parse_handout(path), Resources.bundled().fonts_dir)
                if f.rule == "font.missing-glyphs"]
    assert error.line == 10
    assert error.message.startswith("the text in the picture 'chart.svg' has characters the bundled font cannot "
                                    "draw: ✓ (U+2713) 了 (U+4E86) 完 (U+5B8C)")
    assert "turn its text into shapes" in error.hint


def test_text_in_an_svg_logo_that_the_bundled_font_cannot_draw_is_an_error_of_the_clinic_file(tmp_path):
    from plainleaf.check.checks import check_clinic
    from plainleaf.source.layout import Resources
    from plainleaf.source.model import Clinic

    (tmp_path / "logo.svg").write_bytes(f'{HEAD}<text>Clinic ★</text></svg>'.encode())
    clinic = Clinic.model_validate({"name": "C", "logo": {"path": "logo.svg", "alt": "The clinic's logo"}})
    (error,) = [f for f in check_clinic(clinic, tmp_path / "clinic.yaml", Resources.bundled().fonts_dir)
                if f.rule == "font.missing-glyphs"]
    assert error.file == tmp_path / "clinic.yaml" and "the picture 'logo.svg'" in error.message and "★" in error.message
