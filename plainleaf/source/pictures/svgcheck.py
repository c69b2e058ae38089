"""What an SVG picture may hold. An SVG is somebody else's XML, so it may only draw: no entities, scripts,
animation, links or style sheets that fetch anything, no `<use>` copies without end. `checked` parses it (defusedxml)
and says why one may not be used (`SvgProblem`): elements that run, move or hold another document, references to
other files (its CSS read as tinycss2 reads it), sizes and numbers a renderer cannot draw, and more elements drawn,
counting what each reference copies, than the limits allow.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Iterable, Iterator
from xml.etree import ElementTree

import tinycss2
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ...limits import MAX_DATA_URL_BYTES, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS
from .raster import raster_problem

MAX_SVG_SIZE = 100_000  # the picture's own width or height, in CSS pixels (some 1,000 inches)
MAX_SVG_NUMBER = 1e9  # any number in an attribute: larger ones overflow the renderers
# Refused with their name: what runs, moves, or holds another document.
FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "object", "embed", "handler", "listener", "animate", "set",
                       "animateMotion", "animateTransform", "animateColor", "discard", "audio", "video", "canvas"})

_WORDS = frozenset({"id", "class", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby",
                    "aria-roledescription", "systemLanguage", "requiredFeatures", "requiredExtensions",
                    "font-family", "font", "result", "in", "in2"})  # attributes that hold words, not numbers
_AT_RULES = frozenset({"media", "supports"})  # what may hold other rules; every other at-rule is refused
_FETCHING_FUNCTIONS = frozenset({"url", "image", "image-set", "-webkit-image-set", "cross-fade", "element",
                                 "-moz-element", "src", "paint"})
_EMBEDDED_PICTURE = re.compile(r"data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]*)")
NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
LENGTH = re.compile(r"([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(px|pt|pc|mm|cm|in|em|ex|%)?")
UNIT_PX = {None: 1, "px": 1, "pt": 4 / 3, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96, "em": 16, "ex": 8}


class SvgProblem(Exception):
    """Why an SVG picture may not be used."""


def svg_problem(data: bytes) -> str | None:
    """Why `data` is not an SVG picture that only draws (or None)."""
    try:
        checked(data)
    except SvgProblem as problem:
        return str(problem)
    return None


class _TreeWithInstructions(ElementTree.TreeBuilder):
    """Also remembers processing instructions before the root (<?xml-stylesheet?>), which TreeBuilder drops."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> ElementTree.Element:
        self.instructions.append(target)
        return super().pi(target, text)


def checked(data: bytes) -> ElementTree.Element:
    """The SVG's tree, parsed without entities, DTDs or external files; SvgProblem when it may not be used."""
    builder = _TreeWithInstructions()
    try:
        parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise SvgProblem("it declares XML entities") from None
    except ElementTree.ParseError as exc:
        raise SvgProblem(f"it is not well-formed SVG ({exc})") from None
    if local(root.tag) != "svg":
        raise SvgProblem("it is not an SVG picture")
    if "xml-stylesheet" in builder.instructions:
        raise SvgProblem("it links to a style sheet")
    _check_size(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = local(element.tag)
        if name in FORBIDDEN:
            raise SvgProblem(f"it contains <{name}>")
        if name == "style":
            _check_css(tinycss2.parse_stylesheet(style_text(element), skip_comments=True, skip_whitespace=True),
                       "its style sheet")
        for attribute, value in element.attrib.items():
            _check_attribute(name, local(attribute), value)
    _check_expansion(root)
    return root


def _check_size(root: ElementTree.Element) -> None:
    """The picture's own size: lengths that a renderer can lay out (1e30 or NaN would crash WeasyPrint)."""
    for attribute in ("width", "height"):
        value = root.get(attribute)
        if value is None or value.strip() == "auto":
            continue
        length = LENGTH.fullmatch(value.strip())
        number = float(length.group(1)) if length else math.nan
        if not length or not math.isfinite(number) or number < 0 or (
                length.group(2) != "%" and number * UNIT_PX[length.group(2)] > MAX_SVG_SIZE):
            raise SvgProblem(f"its {attribute} {value[:40]!r} is not a size it can be drawn at (at most "
                             f"{MAX_SVG_SIZE:,} pixels)")
    box = root.get("viewBox")
    if box is not None:
        numbers = [float(n) for n in NUMBER.findall(box)]
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            raise SvgProblem(f"its viewBox {box[:60]!r} is not four numbers with a width and height above 0")


def _check_attribute(element: str, attribute: str, value: str) -> None:
    if attribute.lower().startswith("on"):
        raise SvgProblem(f"it has a script in an {attribute} attribute")
    if attribute == "href":
        _check_href(element, value)
        return
    for number in [] if attribute in _WORDS else NUMBER.findall(value):
        if not abs(float(number)) <= MAX_SVG_NUMBER:
            raise SvgProblem(f"its {attribute} attribute holds a number too large to draw ({number[:40]})")
    if attribute == "style":
        _check_css(tinycss2.parse_blocks_contents(value, skip_comments=True, skip_whitespace=True),
                   f"its {attribute} attribute")
    elif "(" in value or "\\" in value:
        _check_css(tinycss2.parse_component_value_list(value, skip_comments=True), f"its {attribute} attribute")


def _check_href(element: str, value: str) -> None:
    if value.startswith("#"):
        return
    embedded = _EMBEDDED_PICTURE.fullmatch(value) if element == "image" else None
    if not embedded:
        raise SvgProblem(f"<{element}> refers to {value[:80]!r}; an SVG may only refer to its own parts (#id)")
    if len(value) > MAX_DATA_URL_BYTES:
        raise SvgProblem(f"an embedded picture is {len(value):,} bytes; the limit is {MAX_DATA_URL_BYTES:,}")
    try:
        raster = base64.b64decode(embedded.group(2), validate=False)
    except binascii.Error:
        raise SvgProblem("an embedded picture is damaged") from None
    problem = raster_problem(raster, {"png": "PNG", "jpeg": "JPEG", "gif": "GIF"}[embedded.group(1)])
    if problem:
        raise SvgProblem(f"an embedded picture: {problem}")


def _check_css(nodes: Iterable[object], where: str) -> None:
    """CSS as a CSS parser reads it (escapes and all: `@\\69mport` is @import, `\\75rl(` is url(): nothing in it may
    fetch or link to another file; only url(#id) may point, at the picture's own parts. What does not parse is
    left out of the copy, as every CSS parser leaves it out."""
    for node in _css_nodes(nodes):
        kind = getattr(node, "type", "")
        if kind == "at-rule" and node.lower_at_keyword not in _AT_RULES:
            raise SvgProblem(f"{where} uses @{node.lower_at_keyword}, which an SVG picture may not")
        if kind == "url" and not node.value.startswith("#"):
            raise SvgProblem(f"{where} refers to other files")
        if kind == "function" and node.lower_name in _FETCHING_FUNCTIONS:
            target = [t for t in node.arguments if getattr(t, "type", "") not in ("whitespace", "comment")]
            if node.lower_name != "url" or len(target) != 1 or getattr(target[0], "type", "") != "string" or (
                    not target[0].value.startswith("#")):
                raise SvgProblem(f"{where} refers to other files")


def _css_nodes(nodes: Iterable[object]) -> Iterator[object]:
    """Every node of a tinycss2 tree: rules, declarations, tokens and what blocks and functions hold."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        yield node
        for attribute in ("prelude", "content", "value", "arguments"):
            inner = getattr(node, attribute, None)
            if isinstance(inner, list):
                stack.extend(inner)
        if getattr(node, "type", "") in ("at-rule", "qualified-rule") and node.content is not None:
            stack.extend(tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True))


def style_text(element: ElementTree.Element) -> str:
    """All the text of a <style>, that of its children and after them too: a renderer may read it all."""
    return "".join(element.itertext())


def _check_expansion(root: ElementTree.Element) -> None:
    """How many elements drawing the picture takes, each <use> (and every other #id reference: patterns, markers,
    clips, masks, filters) counted as the elements it copies: a small file must not draw a hundred million. What
    a style sheet refers to may be drawn for every element, so it counts that many times."""
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    elements = sum(1 for element in root.iter() if isinstance(element.tag, str))
    sheets = [(ids[target], elements) for style in root.iter() if local(str(style.tag)) == "style"
              for target in _css_targets(tinycss2.parse_stylesheet(style_text(style), skip_comments=True))
              if target in ids]
    cost: dict[int, tuple[int, int]] = {}  # id(element) → (elements drawn, depth)
    started: set[int] = set()
    stack: list[ElementTree.Element] = [root]
    while stack:
        element = stack[-1]
        key = id(element)
        needs = [*((child, 1) for child in element if isinstance(child.tag, str)),
                 *((other, _times(element, other)) for other in _referenced(element, ids)),
                 *(sheets if element is root else ())]  # (what it draws, how many times)
        if key not in started:
            started.add(key)
            for other, _ in needs:
                if id(other) in started and id(other) not in cost:
                    raise SvgProblem("its <use> elements (or other references) refer to each other in a loop")
                if id(other) not in cost:
                    stack.append(other)
            continue
        stack.pop()
        if key in cost:
            continue
        size = 1 + sum(cost[id(other)][0] * times for other, times in needs)
        depth = 1 + max((cost[id(other)][1] for other, _ in needs), default=0)
        if size > MAX_SVG_ELEMENTS:
            raise SvgProblem(f"it draws more than {MAX_SVG_ELEMENTS:,} elements, counting what each <use> copies")
        if depth > MAX_SVG_DEPTH:
            raise SvgProblem(f"its elements are nested more than {MAX_SVG_DEPTH} deep, counting what each <use> "
                             "copies")
        cost[key] = (size, depth)


def _referenced(element: ElementTree.Element, ids: dict[str | None, ElementTree.Element]
                ) -> list[ElementTree.Element]:
    """The elements this one draws by reference: its href="#id", and url(#id) in its attributes (read as CSS)."""
    found: list[str] = []
    for attribute, value in element.attrib.items():
        if local(attribute) == "href" and value.startswith("#"):
            found.append(value[1:])
        elif "(" in value or "\\" in value:
            found += _css_targets(tinycss2.parse_component_value_list(value, skip_comments=True))
    return [ids[target] for target in found if target in ids]


def _css_targets(nodes: Iterable[object]) -> list[str]:
    """The ids a piece of CSS points at with url(#id)."""
    targets = []
    for node in _css_nodes(nodes):
        kind = getattr(node, "type", "")
        if kind == "url" and node.value.startswith("#"):
            targets.append(node.value[1:])
        elif kind == "function" and node.lower_name == "url":
            targets += [t.value[1:] for t in node.arguments if getattr(t, "type", "") == "string"
                        and t.value.startswith("#")]
    return targets


def _times(element: ElementTree.Element, other: ElementTree.Element) -> int:
    """How often `element` draws `other`: a marker at every point of a path, anything else once."""
    if local(other.tag) != "marker" or other in element:
        return 1
    return max(1, len(NUMBER.findall(element.get("d", "") + element.get("points", ""))) // 2)


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
