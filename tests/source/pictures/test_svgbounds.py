"""Where an SVG draws: words set in the bundled font past the picture's edges are a check error naming the words
and the edge, wherever the text stands (anchors, inherited sizes, bold, tspans, transforms, viewBoxes); shapes past
the edges are clipped in the clean copy, as a browser shows the picture, and the copy of one inside is unchanged."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from plainleaf.source.layout import Resources
from plainleaf.source.pictures import clean_svg, words_outside
from plainleaf.source.pictures.svgbounds import path_box, viewport
from tests.helpers import MINIMAL_FRONT, ROOT, write_handout

FONTS = Resources.bundled().fonts_dir
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {}>{}</svg>'
BOX = 'viewBox="0 0 200 100"'  # "Spacer" at font-size 20 is some 62 wide, its capitals some 14 tall


def picture(body: str, attributes: str = BOX) -> bytes:
    return SVG.format(attributes, body).encode()


# (what the picture draws, its attributes, the edges its words go past)
WORDS_PAST_AN_EDGE = {
    "right": ('<text x="150" y="50" font-size="20">Spacer</text>', BOX, ["right"]),
    "left": ('<text x="-5" y="50" font-size="20">Spacer</text>', BOX, ["left"]),
    "top": ('<text x="10" y="10" font-size="20">Spacer</text>', BOX, ["top"]),
    "bottom": ('<text x="10" y="100" font-size="20">Spaghetti</text>', BOX, ["bottom"]),  # its descenders
    "right-and-bottom": ('<text x="150" y="105" font-size="20">Spacer</text>', BOX, ["right", "bottom"]),
    "anchor-middle": ('<text x="180" y="50" font-size="20" text-anchor="middle">Spacer</text>', BOX, ["right"]),
    "anchor-end-left": ('<text x="40" y="50" font-size="20" text-anchor="end">Spacer</text>', BOX, ["left"]),
    "anchor-in-style": ('<text x="40" y="50" style="font-size: 20px; text-anchor: end">Spacer</text>', BOX,
                        ["left"]),
    "size-from-g": ('<g font-size="40"><text x="100" y="50">Spacer</text></g>', BOX, ["right"]),
    "size-in-em-of-g": ('<g font-size="20"><text x="100" y="50" font-size="2em">Spacer</text></g>', BOX, ["right"]),
    "bold-from-g": ('<g font-weight="bold"><text x="114" y="50" font-size="20">Mmmmm</text></g>', BOX, ["right"]),
    "tspan-own-x": ('<text x="10" y="50" font-size="20">In <tspan x="170">Spacer</tspan></text>', BOX, ["right"]),
    "tspan-dy": ('<text x="10" y="50" font-size="20">In <tspan x="10" dy="55">Spacer</tspan></text>', BOX,
                 ["bottom"]),
    "tspan-bigger": ('<text x="100" y="50" font-size="10">In <tspan font-size="30">Spacer</tspan></text>', BOX,
                     ["right"]),
    "translate-on-g": ('<g transform="translate(140 0)"><text x="10" y="50" font-size="20">Spacer</text></g>',
                       BOX, ["right"]),
    "scale-on-text": ('<text x="50" y="25" font-size="20" transform="scale(2)">Spacer</text>', BOX, ["right"]),
    "rotated": ('<text x="0" y="0" font-size="20" transform="translate(20 50) rotate(90)">Spacer</text>', BOX,
                ["bottom"]),
    "use-of-a-text": ('<defs><text id="t" x="10" y="50" font-size="20">Spacer</text></defs>'
                      '<use xlink:href="#t" x="150"/>', BOX, ["right"]),
    "viewbox-origin": ('<text x="10" y="150" font-size="20">Spacer</text>', 'viewBox="100 100 200 100"', ["left"]),
    "no-viewbox": ('<text x="150" y="50" font-size="20">Spacer</text>', 'width="200" height="100"', ["right"]),
    "size-from-style-sheet": ('<style>.label { font-size: 40px }</style><text class="label" x="100" y="50">Spacer'
                              '</text>', BOX, ["right"]),
    "bold-from-style-sheet": ('<style>g text { font-weight: bold }</style><g><text x="114" y="50" font-size="20">'
                              'Mmmmm</text></g>', BOX, ["right"]),
    "hanging-baseline": ('<text x="10" y="90" font-size="20" dominant-baseline="hanging">Spacer</text>', BOX,
                         ["bottom"]),
    "size-in-points": ('<text x="150" y="50" font-size="15pt">Spacer</text>', BOX, ["right"]),
}
WORDS_INSIDE = {
    "start": '<text x="10" y="50" font-size="20">Spacer</text>',
    "anchor-middle": '<text x="100" y="50" font-size="20" text-anchor="middle">Spacer</text>',
    "anchor-end": '<text x="190" y="50" font-size="20" text-anchor="end">Spacer</text>',
    "small-in-g": '<g font-size="10"><text x="130" y="50">Spacer</text></g>',
    "regular-where-bold-is-not": '<text x="114" y="50" font-size="20">Mmmmm</text>',
    "tspans-in-lines": '<text x="10" y="30" font-size="20">In <tspan x="10" dy="24">the spacer</tspan></text>',
    "rotated-inside": '<text font-size="20" transform="translate(20 10) rotate(45)">Spacer</text>',
    "white-space-collapsed": '<text x="130" y="50" font-size="20">\n      Spacer\n    </text>',
}


@pytest.mark.parametrize("name", WORDS_PAST_AN_EDGE)
def test_words_past_an_edge_are_found_with_that_edge(name):
    body, attributes, edges = WORDS_PAST_AN_EDGE[name]
    (found,) = words_outside(picture(body, attributes), FONTS)
    assert found[1] == edges
    assert found[0].split()[-1] in ("Spacer", "Spaghetti", "Mmmmm")


@pytest.mark.parametrize("name", WORDS_INSIDE)
def test_words_inside_the_picture_are_not(name):
    assert words_outside(picture(WORDS_INSIDE[name]), FONTS) == []


def test_the_viewport_is_the_viewbox_fitted_to_the_size_it_is_drawn_at():
    def port(attributes: str) -> tuple[float, ...] | None:
        return viewport(ElementTree.fromstring(SVG.format(attributes, "")))

    assert port('viewBox="10 20 100 50"') == (10, 20, 110, 70)
    assert port('width="300" height="50" viewBox="0 0 100 50"') == (-100, 0, 200, 50)  # meet, centred
    assert port('width="300" height="50" viewBox="0 0 100 50" preserveAspectRatio="xMinYMin"') == (0, 0, 300, 50)
    assert port('width="300" height="50" viewBox="0 0 100 50" preserveAspectRatio="none"') == (0, 0, 100, 50)
    assert port('width="2in" height="1in"') == (0, 0, 192, 96)
    assert port('width="100%"') is None


def test_words_in_the_room_a_wider_viewport_gives_beside_the_viewbox_are_inside():
    wide = 'width="400" height="100" viewBox="0 0 200 100"'  # shows x from -100 to 300
    assert words_outside(picture('<text x="210" y="50" font-size="20">Spacer</text>', wide), FONTS) == []


def test_words_a_hair_past_the_edge_are_within_the_tolerance():
    """Spacer at 20 is 61.34 wide: from 138.7 it ends 0.04 past x=200 (0.02%), within 0.2% of the width (0.4)."""
    assert words_outside(picture('<text x="138.7" y="50" font-size="20">Spacer</text>'), FONTS) == []
    assert words_outside(picture('<text x="139.2" y="50" font-size="20">Spacer</text>'), FONTS) != []


def test_a_path_box_holds_its_curves_control_points_and_arcs_radii():
    assert path_box("M 10 10 L 20 20 H 30 V 5 Z") == (10, 5, 30, 20)
    assert path_box("m 10 10 l 10 10 h 10 v -15 z") == (10, 5, 30, 20)
    assert path_box("M 0 0 C 0 -10 50 -10 50 0") == (0, -10, 50, 0)
    assert path_box("M 10 10 A 5 5 0 0 1 20 10") == (5, 5, 25, 15)
    assert path_box("M 10") is None


def clipped(svg: bytes) -> bool:
    return b"plainleaf-viewport" in clean_svg(svg)


# (a shape, whether it goes past the edges of a 200 × 100 picture)
SHAPES = {
    "rect": ('<rect x="150" y="10" width="60" height="20"/>', True),
    "rect-stroke": ('<rect x="2" y="2" width="196" height="96" stroke="#000" stroke-width="8" fill="none"/>', True),
    "circle": ('<circle cx="190" cy="50" r="20"/>', True),
    "ellipse": ('<ellipse cx="100" cy="95" rx="20" ry="10"/>', True),
    "line": ('<line x1="10" y1="10" x2="250" y2="10" stroke="#000"/>', True),
    "polyline": ('<polyline points="10,10 50,-20 90,10" fill="none" stroke="#000"/>', True),
    "polygon": ('<polygon points="-10,10 50,20 40,40"/>', True),
    "path": ('<path d="M 100 50 Q 150 150 190 50" fill="none" stroke="#000"/>', True),
    "moved-by-g": ('<g transform="translate(100 0)"><rect x="50" y="10" width="60" height="20"/></g>', True),
    "image": ('<image x="180" y="0" width="40" height="40" xlink:href="data:image/png;base64,'
              'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="/>',
              True),
    "arrowhead": ('<defs><marker id="m" markerWidth="10" markerHeight="10"><path d="M 0 0 L 10 5 L 0 10 z"/>'
                  '</marker></defs><line x1="10" y1="50" x2="100" y2="50" stroke="#000" marker-end="url(#m)"/>',
                  True),  # not measured: clipped to be safe
    "shadow": ('<defs><filter id="f"><feDropShadow dx="4" dy="4"/></filter></defs>'
               '<rect x="140" y="10" width="50" height="20" filter="url(#f)"/>', True),
    "rect-inside": ('<rect x="10" y="10" width="180" height="80" stroke="#000" stroke-width="4"/>', False),
    "background": ('<rect width="200" height="100" fill="#fff"/>', False),
    "circle-inside": ('<circle cx="100" cy="50" r="40" stroke="#000" stroke-width="4"/>', False),
    "path-inside": ('<path d="M 10 50 C 10 5 190 5 190 50" fill="none" stroke="#000"/>', False),
}


@pytest.mark.parametrize("name", SHAPES)
def test_the_copy_clips_its_drawing_to_the_picture_only_when_a_shape_leaves_it(name):
    body, past = SHAPES[name]
    assert clipped(picture(body)) is past


def test_the_clipped_copy_keeps_its_title_description_and_style_sheet_at_its_root():
    svg = picture('<title>A spacer</title><desc>Long</desc><style>rect { fill: red }</style>'
                  '<rect x="150" width="100" height="10"/><text x="10" y="50">In</text>')
    root = ElementTree.fromstring(clean_svg(svg))
    svg_ns = "{http://www.w3.org/2000/svg}"
    assert [child.tag.removeprefix(svg_ns) for child in root] == ["title", "desc", "style", "clipPath", "g"]
    (rect,) = root.iterfind(f"{svg_ns}clipPath/{svg_ns}rect")
    assert rect.attrib == {"x": "0", "y": "0", "width": "200", "height": "100"}
    group = root.find(f"{svg_ns}g")
    assert group.get("clip-path") == "url(#plainleaf-viewport)" and len(group) == 2


def test_a_shape_whose_box_is_not_known_is_clipped_to_be_safe():
    assert clipped(picture('<svg x="10" width="50" height="50"><rect width="10" height="10"/></svg>'))
    assert clipped(picture('<defs><path id="p" d="M 0 50 H 200"/></defs>'
                           '<text font-size="20"><textPath xlink:href="#p">Along</textPath></text>'))


# Building the siblings the way a user does -------------------------------------------------------------------------

def _handout(root: Path, slug: str, pictures: dict[str, bytes]) -> Path:
    body = "".join(f"## Picture {n}\n\nIt shows the spacer.\n\n![A spacer, drawing {n}](images/{name}.svg)\n\n"
                   for n, name in enumerate(pictures, start=1))
    source = write_handout(root, MINIMAL_FRONT, body, slug=slug)
    (source.parent / "images").mkdir()
    for name, data in pictures.items():
        (source.parent / "images" / f"{name}.svg").write_bytes(data)
    return source


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with three handouts: pictures whose words go past an edge, pictures whose shapes do, and
    pictures whose words stand in the picture in every way the first go past it."""
    root = tmp_path_factory.mktemp("project")
    for name in ("layouts", "fonts"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "generate.py", root)
    _handout(root, "words-past", {name: picture(body, attributes)
                                  for name, (body, attributes, _) in WORDS_PAST_AN_EDGE.items()})
    _handout(root, "shapes-past", {name: picture(body + '<text x="10" y="50" font-size="20">Spacer</text>')
                                   for name, (body, past) in SHAPES.items() if past})
    _handout(root, "words-inside", {name: picture(body) for name, body in WORDS_INSIDE.items()})
    return root


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's plainleaf, whatever is installed
    return subprocess.run([sys.executable, "generate.py", *args], cwd=project, env=env, capture_output=True,
                          text=True)


def test_check_names_each_picture_whose_words_go_past_an_edge_at_its_line(project):
    done = run(project, "check", "handouts/words-past")
    assert done.returncode == 1
    found = re.findall(r"^handouts/words-past/handout\.md:(\d+): error\[picture\.text-outside\]: in the picture "
                       r"'images/([a-z-]+)\.svg', the words “[^”]+” run past its ([a-z ]+) edges? \(move them "
                       r"(.*?), or make the picture's viewBox", done.stdout, re.MULTILINE)
    assert [name for _, name, _, _ in found] == list(WORDS_PAST_AN_EDGE)
    lines = (project / "handouts" / "words-past" / "handout.md").read_text(encoding="utf-8").splitlines()
    for line, name, edges, moves in found:
        assert f"images/{name}.svg" in lines[int(line) - 1]
        assert edges.split(" and ") == WORDS_PAST_AN_EDGE[name][2]
        assert moves == " and ".join({"right": "left", "left": "right", "top": "down", "bottom": "up"}[edge]
                                     for edge in WORDS_PAST_AN_EDGE[name][2])
    assert "runs past the edge of the text area" not in done.stdout
    assert not (project / "output" / "words-past").exists()


@pytest.mark.parametrize("slug", ["shapes-past", "words-inside"])
def test_pictures_clipped_or_inside_build_in_every_layout_and_paper_with_nothing_for_the_audit(project, slug):
    done = run(project, "build", f"handouts/{slug}", "--format", "pdf", "--layout", "large-print", "--layout",
               "extra-large", "--layout", "clear-print", "--paper", "letter", "--paper", "a4")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning: " + slug not in done.stdout and ".pdf: page" not in done.stdout, done.stdout  # audit: silent
    assert len(list((project / "output" / slug).glob("*.pdf"))) == 6
