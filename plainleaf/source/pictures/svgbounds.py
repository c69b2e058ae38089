"""Where an SVG picture draws, in the user space of its outermost <svg>: the viewport it shows (what a browser clips
it to), each text's extent set in the bundled font as WeasyPrint sets it (letter by letter, without kerning), and
the box of each shape, stroke included. For the check that no words are lost past the picture's edge, and for the
clean copy, which clips what else leaves it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import cssselect2
import tinycss2
from fontTools.ttLib import TTFont

from ..fonts import FONT_FILES
from .svgcheck import LENGTH, NUMBER, UNIT_PX, SvgProblem, checked, local, style_text

Box = tuple[float, float, float, float]  # x0, y0, x1, y1, y downwards as in SVG
Matrix = tuple[float, float, float, float, float, float]  # SVG's matrix(a b c d e f)
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
DEFAULT_FONT_PX = 16.0  # WeasyPrint's 12pt, what a text naming no size is set in
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_FONT_SIZE_WORDS = {"xx-small": 9, "x-small": 10, "small": 13, "medium": 16, "large": 18, "x-large": 24,
                    "xx-large": 32, "xxx-large": 48}
# What is not drawn where it stands (it is drawn by reference, or is not drawn at all).
_NOT_DRAWN = frozenset({"defs", "symbol", "clipPath", "mask", "pattern", "marker", "linearGradient",
                        "radialGradient", "filter", "title", "desc", "style", "view"})
_SHAPES = frozenset({"rect", "circle", "ellipse", "line", "polyline", "polygon", "path", "image"})
# How far WeasyPrint moves a text down from its y for these baselines, in ems (it takes 0.8 em above the baseline
# and 0.2 below it for every font).
_BASELINE_SHIFT = {"central": 0.3, "middle": 0.3, "text-before-edge": 0.8, "before_edge": 0.8, "top": 0.8,
                   "hanging": 0.8, "text-top": 0.8, "text-after-edge": -0.2, "after_edge": -0.2, "bottom": -0.2,
                   "text-bottom": -0.2}
_INHERITED = ("font-size", "font-weight", "font-style", "text-anchor", "letter-spacing", "word-spacing",
              "dominant-baseline", "stroke", "stroke-width", "xml:space", "marker", "marker-start", "marker-mid",
              "marker-end")
_MARKERS = ("marker", "marker-start", "marker-mid", "marker-end")


@dataclass(frozen=True)
class Drawn:
    """One thing the picture draws: its element's name, its words (for a text) and its box (None: not known)."""

    element: str
    words: str
    box: Box | None


@dataclass(frozen=True)
class Drawing:
    viewport: Box | None  # None: the picture gives no size to know it by
    drawn: tuple[Drawn, ...]


# How far a text may reach past the viewport, as a share of its width (height): what WeasyPrint draws is what is
# measured here (letter by letter, no kerning), so this only absorbs rounding; and a picture prints at most as wide
# as the text area (some 500 pt), so 0.2% of it is at most the 1 pt the audit allows past the text area.
TOLERANCE = 0.002


def words_outside(data: bytes, fonts_dir: Path) -> list[tuple[str, list[str]]]:
    """(words, edges) for each text of an SVG that goes past the edges of the picture it is in."""
    try:
        found = drawing(checked(data), fonts_dir)
    except SvgProblem:
        return []
    if found.viewport is None:
        return []
    return [(item.words, edges) for item in found.drawn if item.element == "text" and item.box is not None
            and (edges := outside(item.box, found.viewport, TOLERANCE))]


def drawing(root: ElementTree.Element, fonts_dir: Path | None) -> Drawing:
    """What a checked (or cleaned) SVG tree draws. Without `fonts_dir` texts are left unmeasured (box None)."""
    port = viewport(root)
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    walker = _Walker(ids, fonts_dir, port, style_sheet_properties(root))
    walker.walk(root, IDENTITY, {}, 0)
    return Drawing(port, tuple(walker.found))


def viewport(root: ElementTree.Element) -> Box | None:
    """The part of the user space an outermost <svg> shows: its viewBox, widened or narrowed to the width and
    height it is drawn at as preserveAspectRatio says; without a viewBox, 0 0 width height."""
    width, height = (_px(root.get(name)) for name in ("width", "height"))
    numbers = [float(n) for n in NUMBER.findall(root.get("viewBox") or "")]
    if len(numbers) != 4:
        return (0.0, 0.0, width, height) if width and height else None
    x, y, w, h = numbers
    fit = (root.get("preserveAspectRatio") or "xMidYMid meet").split()
    if not width or not height or fit[0] == "none":
        return x, y, x + w, y + h  # a missing size follows the viewBox's own proportions
    scale = (max if fit[-1] == "slice" else min)(width / w, height / h)
    shown_w, shown_h = width / scale, height / scale
    align = fit[0] if fit[0] != "meet" and fit[0] != "slice" else "xMidYMid"
    share_x = {"xMin": 0.0, "xMid": 0.5, "xMax": 1.0}.get(align[:4], 0.5)
    share_y = {"YMin": 0.0, "YMid": 0.5, "YMax": 1.0}.get(align[4:], 0.5)
    x0, y0 = x - (shown_w - w) * share_x, y - (shown_h - h) * share_y
    return x0, y0, x0 + shown_w, y0 + shown_h


def _px(value: str | None) -> float | None:
    """The width or height an outermost <svg> is drawn at, in CSS pixels (None: none given, or a percentage)."""
    found = LENGTH.fullmatch((value or "").strip())
    if not found or found.group(2) == "%" or float(found.group(1)) <= 0:
        return None
    return float(found.group(1)) * UNIT_PX[found.group(2)]


def outside(box: Box, port: Box, tolerance: float = 0.0) -> list[str]:
    """The edges of `port` that `box` goes past by more than `tolerance` of its width (height)."""
    across, down = (port[2] - port[0]) * tolerance, (port[3] - port[1]) * tolerance
    return [edge for edge, past, allowed in (("left", port[0] - box[0], across), ("top", port[1] - box[1], down),
                                             ("right", box[2] - port[2], across),
                                             ("bottom", box[3] - port[3], down))
            if past > allowed]


class _Walker:
    """Walks the tree as a renderer draws it, each element with its matrix and inherited properties."""

    def __init__(self, ids: dict[str | None, ElementTree.Element], fonts_dir: Path | None, port: Box | None,
                 sheets: dict[int, dict[str, str]]):
        self.ids = ids
        self.sheets = sheets
        self.fonts_dir = fonts_dir
        self.port = port or (0.0, 0.0, 0.0, 0.0)
        self.found: list[Drawn] = []

    def walk(self, element: ElementTree.Element, matrix: Matrix, inherited: dict[str, str], depth: int) -> None:
        name = local(element.tag) if isinstance(element.tag, str) else ""
        if name in _NOT_DRAWN or depth > 64 or not name:
            return
        own, props = self.inherit(element, inherited)
        if props.get("display") == "none":
            return
        matrix = multiply(transform(own.get("transform", "")), matrix)
        if name == "svg" and depth:
            self.found.append(Drawn(name, "", None))  # a nested picture has its own viewport: not followed
            return
        if name == "use":
            target = self.ids.get((element.get("href") or element.get(f"{{{_XLINK}}}href") or
                                   element.get("xlink:href") or "").lstrip("#"))
            if target is None or local(str(target.tag)) == "symbol":
                self.found.append(Drawn(name, "", None))
                return
            moved = multiply((1, 0, 0, 1, self.length(element.get("x"), 0), self.length(element.get("y"), 1)),
                             matrix)
            self.walk_referenced(target, moved, props, depth + 1)
            return
        if name == "text":
            self.found.extend(self.texts(element, matrix, props))
            return
        if name in _SHAPES:
            box = self.shape_box(name, element, props)
            if own.get("filter") or any(props.get(m, "none") != "none" for m in _MARKERS):
                box = None  # a shadow or an arrowhead reaches past the shape by as much as it says
            self.found.append(Drawn(name, "", None if box is None else _transformed(box, matrix)))
        for child in element:
            self.walk(child, matrix, props, depth + 1)

    def walk_referenced(self, target: ElementTree.Element, matrix: Matrix, props: dict[str, str],
                        depth: int) -> None:
        name = local(str(target.tag))
        if name in _NOT_DRAWN:  # a <use> of something in <defs> draws it all the same
            for child in target:
                self.walk(child, matrix, props, depth + 1)
        else:
            self.walk(target, matrix, props, depth)

    def inherit(self, element: ElementTree.Element, inherited: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """An element's own properties, and those it is drawn with: what it inherits and its own, its font size
        in pixels."""
        own = self.properties(element)
        props = {**{k: v for k, v in inherited.items() if k in _INHERITED}, **own}
        props["font-size"] = str(self.font_size(own.get("font-size", ""), inherited))
        return own, props

    def properties(self, element: ElementTree.Element) -> dict[str, str]:
        """An element's presentation attributes, then what the style sheets say of it, then its style attribute
        (the order CSS gives them precedence in)."""
        found = {local(k) if not k.startswith(f"{{{_XML}}}") else "xml:" + local(k): v.strip()
                 for k, v in element.attrib.items()}
        found.update(self.sheets.get(id(element), {}))
        found.update(_declarations(tinycss2.parse_blocks_contents(element.get("style") or "", skip_comments=True,
                                                                  skip_whitespace=True)))
        return found

    def length(self, value: str | None, axis: int, size: float = DEFAULT_FONT_PX) -> float:
        """A coordinate or length in user units (axis 0: x, 1: y, for percentages of the viewport)."""
        found = LENGTH.fullmatch((value or "").strip())
        if not found:
            return 0.0
        number, unit = float(found.group(1)), found.group(2)
        if unit == "%":
            return number / 100 * (self.port[2 + axis] - self.port[axis])
        if unit in ("em", "ex"):
            return number * size * (1 if unit == "em" else 0.5)
        return number * UNIT_PX[unit]

    def font_size(self, value: str, inherited: dict[str, str]) -> float:
        parent = float(inherited.get("font-size", DEFAULT_FONT_PX))
        value = value.strip()
        if value in _FONT_SIZE_WORDS:
            return float(_FONT_SIZE_WORDS[value])
        if value in ("larger", "smaller"):
            return parent * (1.2 if value == "larger" else 1 / 1.2)
        found = LENGTH.fullmatch(value)
        if not found:
            return parent
        number, unit = float(found.group(1)), found.group(2)
        if unit == "%":
            return parent * number / 100
        if unit in ("em", "ex"):
            return parent * number * (1 if unit == "em" else 0.5)
        return number * UNIT_PX[unit]

    def shape_box(self, name: str, element: ElementTree.Element, props: dict[str, str]) -> Box | None:
        """A shape's box in its own user space, half its stroke around it (a curve lies within its control
        points; an arc within its radii of its ends)."""
        def at(attribute: str, axis: int) -> float:
            return self.length(element.get(attribute), axis)

        if name in ("rect", "image"):
            box: Box | None = (at("x", 0), at("y", 1), at("x", 0) + at("width", 0), at("y", 1) + at("height", 1))
        elif name == "circle":
            r = at("r", 0)
            box = (at("cx", 0) - r, at("cy", 1) - r, at("cx", 0) + r, at("cy", 1) + r)
        elif name == "ellipse":
            box = (at("cx", 0) - at("rx", 0), at("cy", 1) - at("ry", 1), at("cx", 0) + at("rx", 0),
                   at("cy", 1) + at("ry", 1))
        elif name == "line":
            box = _bounds([(at("x1", 0), at("y1", 1)), (at("x2", 0), at("y2", 1))])
        elif name in ("polyline", "polygon"):
            numbers = [float(n) for n in NUMBER.findall(element.get("points", ""))]
            box = _bounds(list(zip(numbers[::2], numbers[1::2], strict=False)))
        else:
            box = path_box(element.get("d", ""))
        if box is None or name == "image" or props.get("stroke", "none") == "none":
            return box
        half = self.length(props.get("stroke-width", "1"), 0) / 2
        if name not in ("rect", "circle", "ellipse"):
            half *= math.sqrt(2)  # a square cap's or a right-angled miter's corner
        return box[0] - half, box[1] - half, box[2] + half, box[3] + half

    def texts(self, element: ElementTree.Element, matrix: Matrix, props: dict[str, str]) -> Iterator[Drawn]:
        """Each chunk of a <text> (a new chunk starts at each absolute x or y) as one Drawn, anchored as its
        first element's text-anchor says."""
        words = "".join(element.itertext()).strip()
        if any(isinstance(e.tag, str) and local(e.tag) == "textPath" for e in element.iter()):
            yield Drawn("text", words, None)  # set along a path: where it goes is not measured
            return
        if self.fonts_dir is None:
            return
        letters = list(_letters(element, props, self))
        pen_x = pen_y = 0.0
        chunks: list[list[tuple[str, float, float, float, dict[str, str]]]] = []
        for letter, x, y, dx, dy, letter_props in letters:
            new = x is not None or y is not None or not chunks
            pen_x = (x if x is not None else pen_x) + dx
            pen_y = (y if y is not None else pen_y) + dy
            size = float(letter_props.get("font-size", DEFAULT_FONT_PX))
            if new:
                chunks.append([])
            elif chunks[-1] and letter:
                pen_x += self.length(letter_props.get("letter-spacing"), 0, size)
            chunks[-1].append((letter, pen_x, pen_y, size, letter_props))
            pen_x += _face(self.fonts_dir, *_style(letter_props)).advance(letter) * size if letter else 0.0
            if letter == " ":
                pen_x += self.length(letter_props.get("word-spacing"), 0, size)
        for chunk in chunks:
            words = "".join(letter for letter, *_ in chunk).strip()
            if not words:
                continue
            first = chunk[0]
            last_letter, last_x, _, last_size, last_props = chunk[-1]
            width = last_x + _face(self.fonts_dir, *_style(last_props)).advance(last_letter) * last_size - first[1]
            shift = {"middle": width / 2, "end": width}.get(first[4].get("text-anchor", "start"), 0.0)
            box: Box | None = None
            for letter, x, y, size, letter_props in chunk:
                y += _BASELINE_SHIFT.get(letter_props.get("dominant-baseline",
                                                          letter_props.get("alignment-baseline", "")), 0) * size
                face = _face(self.fonts_dir, *_style(letter_props))
                x0, y0, x1, y1 = face.ink(letter)
                advance = face.advance(letter)
                if letter.strip():  # what the letter occupies as PDF text (its advance), and any ink past it
                    box = _union(box, (x - shift + min(0.0, x0) * size, y - y1 * size,
                                       x - shift + max(advance, x1) * size, y - y0 * size))
            if box is not None:
                yield Drawn("text", words, _transformed(box, matrix))


def _letters(element: ElementTree.Element, props: dict[str, str], walker: _Walker
             ) -> Iterator[tuple[str, float | None, float | None, float, float, dict[str, str]]]:
    """(letter, x, y, dx, dy, properties) for each letter of a <text> and what it holds, its white space as
    WeasyPrint keeps it: newlines dropped, tabs as spaces, runs of spaces as one, none at the start."""
    after_space = True

    def runs(node: ElementTree.Element, node_props: dict[str, str]
             ) -> Iterator[tuple[str, ElementTree.Element | None, dict[str, str]]]:
        yield node.text or "", node, node_props
        for child in node:
            if not isinstance(child.tag, str) or local(child.tag) not in ("tspan", "a", "textPath"):
                yield child.tail or "", None, node_props
                continue
            _, child_props = walker.inherit(child, node_props)
            if child_props.get("display") != "none":
                yield from runs(child, child_props)
            yield child.tail or "", None, node_props

    for text, positioned, text_props in runs(element, props):
        preserve = text_props.get("xml:space") == "preserve"
        text = re.sub("[\n\r\t]", " ", text) if preserve else re.sub(" +", " ", re.sub("[\n\r]", "", text)
                                                                       .replace("\t", " "))
        size = float(text_props.get("font-size", DEFAULT_FONT_PX))
        lists = [[walker.length(v, axis % 2, size) for v in _values(positioned.get(name) if positioned is not None
                                                                       else None)]
                 for axis, name in enumerate(("x", "y", "dx", "dy"))]
        kept = []
        for letter in text:
            if not (letter == " " and after_space and not preserve):
                kept.append(letter)
                after_space = letter == " "
        for letter in kept or ([""] if any(lists) else []):
            x, y, dx, dy = (values.pop(0) if values else None for values in lists)
            yield letter, x, y, dx or 0.0, dy or 0.0, text_props  # "": an element without words moves the pen


def _values(value: str | None) -> list[str]:
    return re.split(r"[\s,]+", value.strip()) if value and value.strip() else []


def style_sheet_properties(root: ElementTree.Element) -> dict[int, dict[str, str]]:
    """id() of each element → the properties the picture's <style> sheets give it, matched as WeasyPrint matches
    them (cssselect2), in order of specificity and then of the sheet."""
    matcher = cssselect2.Matcher()
    for style in (e for e in root.iter() if isinstance(e.tag, str) and local(e.tag) == "style"):
        for rule in tinycss2.parse_stylesheet(style_text(style), skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue
            declared = _declarations(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                    skip_whitespace=True))
            try:
                for selector in cssselect2.compile_selector_list(rule.prelude):
                    matcher.add_selector(selector, declared)
            except cssselect2.SelectorError:
                continue  # a selector no renderer matches
    found: dict[int, dict[str, str]] = {}
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        matched = sorted(matcher.match(element), key=lambda match: (match[0], match[1]))
        if matched:
            found[id(element.etree_element)] = {k: v for *_, declared in matched for k, v in declared.items()}
    return found


def _declarations(nodes: list[object]) -> dict[str, str]:
    return {node.lower_name: tinycss2.serialize(node.value).strip() for node in nodes
            if getattr(node, "type", "") == "declaration"}


def _style(props: dict[str, str]) -> tuple[bool, bool]:
    weight = props.get("font-weight", "normal")
    bold = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    return bold, props.get("font-style", "normal") in ("italic", "oblique")


@dataclass(frozen=True)
class _Face:
    advances: dict[str, float]  # in ems
    inks: dict[str, Box]  # xMin, yMin, xMax, yMax in ems, y upwards as in the font
    missing: float

    def advance(self, letter: str) -> float:
        return self.advances.get(letter, self.missing)

    def ink(self, letter: str) -> Box:
        return self.inks.get(letter, (0.0, 0.0, self.advance(letter), 0.8))


@cache
def _face(fonts_dir: Path, bold: bool, italic: bool) -> _Face:
    font = TTFont(fonts_dir / FONT_FILES[("bold" if bold else "normal", "italic" if italic else "normal")])
    per_em = font["head"].unitsPerEm
    glyphs, metrics = font["glyf"], font["hmtx"].metrics
    advances, inks = {}, {}
    for code, name in font.getBestCmap().items():
        advances[chr(code)] = metrics[name][0] / per_em
        glyph = glyphs[name]
        if glyph.numberOfContours:
            glyph.recalcBounds(glyphs)
            inks[chr(code)] = (glyph.xMin / per_em, glyph.yMin / per_em, glyph.xMax / per_em, glyph.yMax / per_em)
    return _Face(advances, inks, advances.get("\ufffd", 0.6))


def path_box(d: str) -> Box | None:
    """The box of a path's points, its control points and, for an arc, its radii about its end (a curve lies
    within its control points, an arc within its radii of its ends); None for data that does not read."""
    points: list[tuple[float, float]] = []
    x = y = start_x = start_y = 0.0
    for command, args in re.findall(r"([MmLlHhVvCcSsQqTtAaZz])([^MmLlHhVvCcSsQqTtAaZz]*)", d):
        numbers = [float(n) for n in NUMBER.findall(args)]
        relative = command.islower()
        kind = command.upper()
        if kind == "Z":
            x, y = start_x, start_y
            continue
        step = {"M": 2, "L": 2, "T": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "A": 7}[kind]
        if not numbers or len(numbers) % step:
            return None
        for n in range(0, len(numbers), step):
            group = numbers[n:n + step]
            base_x, base_y = (x, y) if relative else (0.0, 0.0)
            if kind == "H":
                x = base_x + group[0]
            elif kind == "V":
                y = base_y + group[0]
            elif kind == "A":
                rx, ry = abs(group[0]), abs(group[1])
                end = (base_x + group[5], base_y + group[6])
                points += [(x - rx, y - ry), (x + rx, y + ry), (end[0] - rx, end[1] - ry), (end[0] + rx, end[1] + ry)]
                x, y = end
            else:
                pairs = [(base_x + group[i], base_y + group[i + 1]) for i in range(0, step, 2)]
                points += pairs[:-1]
                x, y = pairs[-1]
            points.append((x, y))
            if kind == "M" and n == 0:
                start_x, start_y = x, y
    return _bounds(points)


def transform(value: str) -> Matrix:
    """An SVG transform attribute as one matrix (the identity for one that does not read)."""
    matrix = IDENTITY
    for name, args in _TRANSFORM.findall(value):
        n = [float(v) for v in NUMBER.findall(args)]
        try:
            if name == "matrix":
                step: Matrix = (n[0], n[1], n[2], n[3], n[4], n[5])
            elif name == "translate":
                step = (1, 0, 0, 1, n[0], n[1] if len(n) > 1 else 0)
            elif name == "scale":
                step = (n[0], 0, 0, n[1] if len(n) > 1 else n[0], 0, 0)
            elif name == "rotate":
                a = math.radians(n[0])
                cx, cy = (n[1], n[2]) if len(n) > 2 else (0.0, 0.0)
                step = multiply(multiply((1, 0, 0, 1, -cx, -cy), (math.cos(a), math.sin(a), -math.sin(a),
                                                                  math.cos(a), 0, 0)), (1, 0, 0, 1, cx, cy))
            else:
                t = math.tan(math.radians(n[0]))
                step = (1, 0, t, 1, 0, 0) if name == "skewX" else (1, t, 0, 1, 0, 0)
        except IndexError:
            return IDENTITY
        matrix = multiply(step, matrix)
    return matrix


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """Apply m, then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _transformed(box: Box, m: Matrix) -> Box:
    corners = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x in (box[0], box[2])
               for y in (box[1], box[3])]
    return _bounds(corners) or box


def _bounds(points: list[tuple[float, float]]) -> Box | None:
    if not points:
        return None
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _union(a: Box | None, b: Box) -> Box:
    return b if a is None else (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


_XLINK = "http://www.w3.org/1999/xlink"
_XML = "http://www.w3.org/XML/1998/namespace"
