"""Picture files: which PNG, JPEG and SVG files a handout may show, and the copy of an SVG that is built from.

An SVG is somebody else's XML, so it may only draw: no entities, scripts, animation, links or style sheets that
fetch anything, no `<use>` copies without end. `svg_problem` says why one may not be used; `clean_svg` writes the
copy that the PDF and the EPUB are made from: the checked tree again, holding only the elements and attributes of
an allow-list, its CSS as tinycss2 read it, no DOCTYPE, comments or processing instructions, and its text in the
bundled font whatever font it named (`svg_text` is what that text says, for the check that the font can draw it).
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import warnings
from collections.abc import Iterable, Iterator
from xml.etree import ElementTree

import tinycss2
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from PIL import Image as PILImage
from tinycss2.ast import AtRule, Declaration, QualifiedRule

from ..limits import MAX_DATA_URL_BYTES, MAX_IMAGE_PIXELS, MAX_SVG_DEPTH, MAX_SVG_ELEMENTS
from .fonts import FONT_FAMILY

RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

MAX_SVG_SIZE = 100_000  # the picture's own width or height, in CSS pixels (some 1,000 inches)
MAX_SVG_NUMBER = 1e9  # any number in an attribute: larger ones overflow the renderers

# Refused with their name: what runs, moves, or holds another document.
FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "object", "embed", "handler", "listener", "animate", "set",
                       "animateMotion", "animateTransform", "animateColor", "discard", "audio", "video", "canvas"})
# Kept in the copy (anything else, such as an editor's own elements, is left out of it with what it holds).
ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "switch", "a", "title", "desc", "style", "view",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image",
    "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
    "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence"})
ATTRIBUTES = frozenset("""
    id class style lang role tabindex focusable version baseProfile x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width
    height d points pathLength transform viewBox preserveAspectRatio href gradientUnits gradientTransform spreadMethod
    offset stop-color stop-opacity patternUnits patternContentUnits patternTransform clipPathUnits maskUnits
    maskContentUnits clip-path clip-rule clip mask markerWidth markerHeight markerUnits refX refY orient marker
    marker-start marker-mid marker-end dx dy rotate textLength lengthAdjust startOffset method spacing side font
    font-family font-size font-size-adjust font-stretch font-style font-variant font-weight letter-spacing
    word-spacing text-anchor text-decoration dominant-baseline alignment-baseline baseline-shift writing-mode
    direction unicode-bidi text-rendering glyph-orientation-horizontal glyph-orientation-vertical kerning fill
    fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray
    stroke-dashoffset stroke-opacity opacity color display visibility overflow paint-order vector-effect
    shape-rendering image-rendering color-interpolation color-interpolation-filters color-rendering mix-blend-mode
    isolation filter filterUnits primitiveUnits in in2 result stdDeviation mode type values operator k1 k2 k3 k4
    order kernelMatrix divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha surfaceScale
    diffuseConstant specularConstant specularExponent lighting-color flood-color flood-opacity azimuth elevation z
    pointsAtX pointsAtY pointsAtZ limitingConeAngle scale xChannelSelector yChannelSelector baseFrequency numOctaves
    seed stitchTiles tableValues slope intercept amplitude exponent radius requiredFeatures requiredExtensions
    systemLanguage viewTarget aria-label aria-labelledby aria-describedby aria-hidden aria-roledescription
""".split())
_XML_ATTRIBUTES = {f"{{{XML}}}space", f"{{{XML}}}lang"}
_WORDS = frozenset({"id", "class", "lang", "role", "aria-label", "aria-labelledby", "aria-describedby",
                    "aria-roledescription", "systemLanguage", "requiredFeatures", "requiredExtensions",
                    "font-family", "font", "result", "in", "in2"})  # attributes that hold words, not numbers
_AT_RULES = frozenset({"media", "supports"})  # what may hold other rules; every other at-rule is refused
_FETCHING_FUNCTIONS = frozenset({"url", "image", "image-set", "-webkit-image-set", "cross-fade", "element",
                                 "-moz-element", "src", "paint"})
_EMBEDDED_PICTURE = re.compile(r"data:image/(png|jpeg|gif);base64,([A-Za-z0-9+/=\s]*)")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_LENGTH = re.compile(r"([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(px|pt|pc|mm|cm|in|em|ex|%)?")
# What every text in the copy is drawn in: the bundled family (a PDF may embed no other font), then for an e-book
# reader that shows the picture without the book's fonts, any sans-serif rather than its default serif.
SVG_FONT_FAMILY = f'"{FONT_FAMILY}", sans-serif'
_FONT_SIZES = frozenset({"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large",
                         "larger", "smaller"})
_FONT_KEYWORDS = {"italic": "font-style", "oblique": "font-style", "small-caps": "font-variant",
                  "bold": "font-weight", "bolder": "font-weight", "lighter": "font-weight",
                  **dict.fromkeys(("ultra-condensed", "extra-condensed", "condensed", "semi-condensed",
                                   "semi-expanded", "expanded", "extra-expanded", "ultra-expanded"), "font-stretch")}
_UNIT_PX = {None: 1, "px": 1, "pt": 4 / 3, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96, "em": 16, "ex": 8}


class SvgProblem(Exception):
    """Why an SVG picture may not be used."""


def raster_problem(data: bytes, expected_format: str) -> str | None:
    """Why `data` is not a PNG, JPEG or GIF picture of the `expected_format` that can be decoded whole (or None)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as img:
                found, (width, height) = img.format, img.size
                if width * height > MAX_IMAGE_PIXELS:
                    return f"it is {width:,} × {height:,} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels in all"
                img.verify()
            with PILImage.open(io.BytesIO(data)) as img:
                img.load()  # decode every pixel now, so a damaged file cannot quietly vanish from the PDF later
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return f"it has more than {MAX_IMAGE_PIXELS:,} pixels"
    except Exception:  # Pillow raises many kinds of error for a damaged file; each means the same to the user
        return "it is not a picture that can be read (the file may be damaged)"
    if found != expected_format:
        return f"it is a {found} picture, but its name says {expected_format or 'something else'}"
    return None


def svg_problem(data: bytes) -> str | None:
    """Why `data` is not an SVG picture that only draws (or None)."""
    try:
        _checked(data)
    except SvgProblem as problem:
        return str(problem)
    return None


def clean_svg(data: bytes) -> bytes:
    """The copy of a checked SVG that is built from (SvgProblem when it may not be used at all)."""
    return ElementTree.tostring(_copy(_checked(data)), encoding="utf-8", xml_declaration=True)


def svg_text(data: bytes) -> str:
    """The words an SVG's clean copy draws, a <text> (with its <tspan>, <textPath> and <a>) a line; "" for one
    that may not be used at all."""
    try:
        copy = _copy(_checked(data))
    except SvgProblem:
        return ""
    return "\n".join("".join(text.itertext()) for text in copy.iter("text"))


def clean_picture(name: str, data: bytes) -> bytes:
    """What a picture file becomes in the build: an SVG its clean copy, any other picture itself. A picture that
    may not be used stays as it is, for the checks to say why."""
    if not name.lower().endswith(".svg"):
        return data
    try:
        return clean_svg(data)
    except SvgProblem:
        return data


class _TreeWithInstructions(ElementTree.TreeBuilder):
    """Also remembers processing instructions before the root (<?xml-stylesheet?>), which TreeBuilder drops."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> ElementTree.Element:
        self.instructions.append(target)
        return super().pi(target, text)


def _checked(data: bytes) -> ElementTree.Element:
    builder = _TreeWithInstructions()
    try:
        parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise SvgProblem("it declares XML entities") from None
    except ElementTree.ParseError as exc:
        raise SvgProblem(f"it is not well-formed SVG ({exc})") from None
    if _local(root.tag) != "svg":
        raise SvgProblem("it is not an SVG picture")
    if "xml-stylesheet" in builder.instructions:
        raise SvgProblem("it links to a style sheet")
    _check_size(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        if name in FORBIDDEN:
            raise SvgProblem(f"it contains <{name}>")
        if name == "style":
            _check_css(tinycss2.parse_stylesheet(_style_text(element), skip_comments=True, skip_whitespace=True),
                       "its style sheet")
        for attribute, value in element.attrib.items():
            _check_attribute(name, _local(attribute), value)
    _check_expansion(root)
    return root


def _check_size(root: ElementTree.Element) -> None:
    """The picture's own size: lengths that a renderer can lay out (1e30 or NaN would crash WeasyPrint)."""
    for attribute in ("width", "height"):
        value = root.get(attribute)
        if value is None or value.strip() == "auto":
            continue
        length = _LENGTH.fullmatch(value.strip())
        number = float(length.group(1)) if length else math.nan
        if not length or not math.isfinite(number) or number < 0 or (
                length.group(2) != "%" and number * _UNIT_PX[length.group(2)] > MAX_SVG_SIZE):
            raise SvgProblem(f"its {attribute} {value[:40]!r} is not a size it can be drawn at (at most "
                             f"{MAX_SVG_SIZE:,} pixels)")
    box = root.get("viewBox")
    if box is not None:
        numbers = [float(n) for n in _NUMBER.findall(box)]
        if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
            raise SvgProblem(f"its viewBox {box[:60]!r} is not four numbers with a width and height above 0")


def _check_attribute(element: str, attribute: str, value: str) -> None:
    if attribute.lower().startswith("on"):
        raise SvgProblem(f"it has a script in an {attribute} attribute")
    if attribute == "href":
        _check_href(element, value)
        return
    for number in [] if attribute in _WORDS else _NUMBER.findall(value):
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


def _style_text(element: ElementTree.Element) -> str:
    """All the text of a <style>, that of its children and after them too: a renderer may read it all."""
    return "".join(element.itertext())


def _check_expansion(root: ElementTree.Element) -> None:
    """How many elements drawing the picture takes, each <use> (and every other #id reference: patterns, markers,
    clips, masks, filters) counted as the elements it copies: a small file must not draw a hundred million. What
    a style sheet refers to may be drawn for every element, so it counts that many times."""
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    elements = sum(1 for element in root.iter() if isinstance(element.tag, str))
    sheets = [(ids[target], elements) for style in root.iter() if _local(str(style.tag)) == "style"
              for target in _css_targets(tinycss2.parse_stylesheet(_style_text(style), skip_comments=True))
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
        if _local(attribute) == "href" and value.startswith("#"):
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
    if _local(other.tag) != "marker" or other in element:
        return 1
    return max(1, len(_NUMBER.findall(element.get("d", "") + element.get("points", ""))) // 2)


def _copy(element: ElementTree.Element) -> ElementTree.Element:
    """The allowed part of a checked tree, as new elements in the SVG namespace, declared once on the root (without
    recursion: a tree may be deep, though no deeper than MAX_SVG_DEPTH)."""
    root = ElementTree.Element("svg", {"xmlns": SVG, "xmlns:xlink": XLINK})
    stack = [(element, root)]
    while stack:
        source, copy = stack.pop()
        _copy_attributes(source, copy)
        if _local(source.tag) == "style":
            copy.text = _css(_in_bundled_font(tinycss2.parse_stylesheet(_style_text(source), skip_comments=True)))
            continue
        copy.text, last = source.text, None
        for child in source:
            if isinstance(child.tag, str) and _local(child.tag) in ELEMENTS and _in_svg(child.tag):
                last = ElementTree.SubElement(copy, _local(child.tag))
                last.tail = child.tail
                stack.append((child, last))
            elif child.tail:  # the words after a left-out element stay where they were
                if last is None:
                    copy.text = (copy.text or "") + child.tail
                else:
                    last.tail = (last.tail or "") + child.tail
    root.set("font-family", SVG_FONT_FAMILY)  # what a text naming no font inherits: a renderer's default is not ours
    return root


def _copy_attributes(source: ElementTree.Element, copy: ElementTree.Element) -> None:
    for attribute, value in source.attrib.items():
        name = _local(attribute)
        if attribute in _XML_ATTRIBUTES:
            copy.set(attribute, value)
        elif name == "href" and attribute in ("href", f"{{{XLINK}}}href"):
            copy.set("xlink:href", value)  # the name every reader knows
        elif name == "font-family":
            copy.set(name, SVG_FONT_FAMILY)
        elif name == "font":  # the shorthand as its parts, a longhand written beside it taking precedence
            for longhand, parts in _font_longhands(tinycss2.parse_component_value_list(value, skip_comments=True)):
                if longhand not in source.attrib:
                    copy.set(longhand, tinycss2.serialize(parts))
        elif name in ATTRIBUTES and not attribute.startswith("{"):
            copy.set(name, _css(_in_bundled_font(tinycss2.parse_blocks_contents(value, skip_comments=True)))
                     if name == "style" else value)


def _in_bundled_font(nodes: Iterable[object]) -> list[object]:
    """Checked CSS with every font family it names (in a rule, nested or in @media, or a style attribute) the
    bundled one, and the `font` shorthand written as its parts (renderers read that shorthand each their own way:
    WeasyPrint takes all after its first word as the family)."""
    rewritten: list[object] = []
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "error":
            continue
        if kind == "declaration" and node.lower_name in ("font", "font-family"):
            parts = _font_longhands(node.value) if node.lower_name == "font" else [
                ("font-family", tinycss2.parse_component_value_list(SVG_FONT_FAMILY))]
            rewritten += [Declaration(node.source_line, node.source_column, name, name, value, node.important)
                          for name, value in parts]
        elif kind in ("qualified-rule", "at-rule") and node.content is not None:
            inner = tinycss2.parse_blocks_contents(node.content, skip_comments=True)
            changed = _in_bundled_font(inner)
            if changed == inner:  # the same nodes: a rule naming no font is written as it was
                rewritten.append(node)
                continue
            content = tinycss2.parse_component_value_list(tinycss2.serialize(changed))
            rewritten.append(QualifiedRule(node.source_line, node.source_column, node.prelude, content)
                             if kind == "qualified-rule" else
                             AtRule(node.source_line, node.source_column, node.at_keyword, node.lower_at_keyword,
                                    node.prelude, content))
        else:
            rewritten.append(node)
    return rewritten


def _font_longhands(value: list[object]) -> list[tuple[str, list[object]]]:
    """The parts of a `font` shorthand (style, variant, weight, stretch, size) with the bundled family. Without a
    size it is a system font's name or not a font at all: only the family is kept."""
    parts: list[tuple[str, list[object]]] = []
    for token in (t for t in value if getattr(t, "type", "") not in ("whitespace", "comment")):
        kind, word = token.type, getattr(token, "lower_value", "")
        if kind in ("dimension", "percentage") or word in _FONT_SIZES:
            parts.append(("font-size", [token]))
            break
        if word in _FONT_KEYWORDS:
            parts.append((_FONT_KEYWORDS[word], [token]))
        elif kind == "number":
            parts.append(("font-weight", [token]))
    else:
        parts = []
    return [*parts, ("font-family", tinycss2.parse_component_value_list(SVG_FONT_FAMILY))]


def _css(nodes: list[object]) -> str:
    """Checked CSS written again, without what does not parse."""
    return tinycss2.serialize(node for node in nodes if getattr(node, "type", "") != "error")


def _in_svg(tag: str) -> bool:
    return not tag.startswith("{") or tag.startswith(f"{{{SVG}}}")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
