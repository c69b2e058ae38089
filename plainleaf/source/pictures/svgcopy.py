"""The clean copy of a checked SVG, which the PDF and the EPUB are built from: the checked tree again, holding only
the elements and attributes of an allow-list, in the SVG namespace, its CSS as tinycss2 read it, no DOCTYPE,
comments or processing instructions, and its text in the bundled font whatever font it named.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

import tinycss2
from tinycss2.ast import AtRule, Declaration, QualifiedRule

from ..fonts import FONT_FAMILY
from .svgbounds import TOLERANCE, drawing, outside
from .svgcheck import SvgProblem, checked, local, style_text

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

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
# What every text in the copy is drawn in: the bundled family (a PDF may embed no other font), then for an e-book
# reader that shows the picture without the book's fonts, any sans-serif rather than its default serif.
SVG_FONT_FAMILY = f'"{FONT_FAMILY}", sans-serif'
_FONT_SIZES = frozenset({"xx-small", "x-small", "small", "medium", "large", "x-large", "xx-large", "xxx-large",
                         "larger", "smaller"})
_FONT_KEYWORDS = {"italic": "font-style", "oblique": "font-style", "small-caps": "font-variant",
                  "bold": "font-weight", "bolder": "font-weight", "lighter": "font-weight",
                  **dict.fromkeys(("ultra-condensed", "extra-condensed", "condensed", "semi-condensed",
                                   "semi-expanded", "expanded", "extra-expanded", "ultra-expanded"), "font-stretch")}


def clean_svg(data: bytes) -> bytes:
    """The copy of a checked SVG that is built from (SvgProblem when it may not be used at all)."""
    return ElementTree.tostring(_clipped(_copy(checked(data))), encoding="utf-8", xml_declaration=True)


def svg_text(data: bytes) -> str:
    """The words an SVG's clean copy draws, a <text> (with its <tspan>, <textPath> and <a>) a line; "" for one
    that may not be used at all."""
    try:
        copy = _copy(checked(data))
    except SvgProblem:
        return ""
    return "\n".join("".join(text.itertext()) for text in copy.iter("text"))


def _copy(element: ElementTree.Element) -> ElementTree.Element:
    """The allowed part of a checked tree, as new elements in the SVG namespace, declared once on the root (without
    recursion: a tree may be deep, though no deeper than MAX_SVG_DEPTH)."""
    root = ElementTree.Element("svg", {"xmlns": SVG, "xmlns:xlink": XLINK})
    stack = [(element, root)]
    while stack:
        source, copy = stack.pop()
        _copy_attributes(source, copy)
        if local(source.tag) == "style":
            copy.text = _css(_in_bundled_font(tinycss2.parse_stylesheet(style_text(source), skip_comments=True)))
            continue
        copy.text, last = source.text, None
        for child in source:
            if isinstance(child.tag, str) and local(child.tag) in ELEMENTS and _in_svg(child.tag):
                last = ElementTree.SubElement(copy, local(child.tag))
                last.tail = child.tail
                stack.append((child, last))
            elif child.tail:  # the words after a left-out element stay where they were
                if last is None:
                    copy.text = (copy.text or "") + child.tail
                else:
                    last.tail = (last.tail or "") + child.tail
    root.set("font-family", SVG_FONT_FAMILY)  # what a text naming no font inherits: a renderer's default is not ours
    return root


_CLIP_ID = "plainleaf-viewport"
_NOT_CLIPPED = frozenset({"title", "desc", "style", "defs"})  # what names the picture or is drawn by reference


def _clipped(root: ElementTree.Element) -> ElementTree.Element:
    """The copy with what it draws clipped to its viewport when a shape leaves it (or may: a shape whose box is not
    known), as a browser shows an outermost <svg>; WeasyPrint draws past it, over the page around the picture. A
    text past the edge is the check's (words_outside); one a little past it, within its tolerance, is not cut."""
    if any(child.get("clip-path") == f"url(#{_CLIP_ID})" for child in root):
        return root  # a clean copy, cleaned again
    found = drawing(root, None)
    port = found.viewport
    if port is None or not any(item.box is None or outside(item.box, port, TOLERANCE) for item in found.drawn):
        return root
    clip = ElementTree.Element("clipPath", {"id": _CLIP_ID})
    ElementTree.SubElement(clip, "rect", {"x": _number(port[0]), "y": _number(port[1]),
                                          "width": _number(port[2] - port[0]), "height": _number(port[3] - port[1])})
    group = ElementTree.Element("g", {"clip-path": f"url(#{_CLIP_ID})"})
    kept = [child for child in root if child.tag in _NOT_CLIPPED]
    group.extend(child for child in root if child.tag not in _NOT_CLIPPED)
    for child in list(root):
        root.remove(child)
    root.extend([*kept, clip, group])
    return root


def _number(value: float) -> str:
    return f"{value:.6g}"


def _copy_attributes(source: ElementTree.Element, copy: ElementTree.Element) -> None:
    for attribute, value in source.attrib.items():
        name = local(attribute)
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
