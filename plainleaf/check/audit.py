"""Checks on a produced PDF file (pikepdf): its tagging against PDF/UA-1 (Matterhorn Protocol checkpoints) and the
layout's large-print rules measured on what the pages really draw."""

from __future__ import annotations

import bisect
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pikepdf

from ..errors import HandoutError, HandoutErrors
from ..languages import language_problem
from ..source.fonts import FONT_FAMILY
from ..source.layout import Layout, Resources, load_layout

Matrix = tuple[float, float, float, float, float, float]
Colour = tuple[float, float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in page coordinates
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
WHITE: Colour = (1.0, 1.0, 1.0)
POINTS_PER_INCH = 72


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention (apply m, then n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


# ---------------------------------------------------------------------------------------------------------------
# Reading the structure tree


@dataclass(frozen=True)
class StructElement:
    role: str
    obj: pikepdf.Object
    depth: int
    page: pikepdf.Object | None = None  # the /Pg that applies to the element's marked content

    @property
    def alt(self) -> str | None:
        alt = self.obj.get("/Alt")
        return str(alt) if alt is not None else None

    def kids(self) -> list[pikepdf.Object]:
        kids = self.obj.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, pikepdf.Array) else [kids]

    def attribute(self, key: str) -> pikepdf.Object | None:
        attributes = self.obj.get("/A")
        for attrs in (list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]):
            if isinstance(attrs, pikepdf.Dictionary) and key in attrs:
                return attrs[key]
        return None


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[StructElement]:
    """Every structure element reachable from the root, depth first in document order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack: list[tuple[pikepdf.Object | None, int, pikepdf.Object | None]] = [(root.get("/K"), 0, None)]
    while stack:
        node, depth, page = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            stack.extend((child, depth, page) for child in reversed(list(node)))
            continue
        if isinstance(node, pikepdf.Dictionary) and "/S" in node:
            page = node.get("/Pg", page)
            yield StructElement(str(node.S)[1:], node, depth, page)
            stack.append((node.get("/K"), depth + 1, page))


# ---------------------------------------------------------------------------------------------------------------
# Reading what the pages draw


@dataclass(frozen=True)
class TextRun:
    """One text-showing operation as drawn: where, how big, in what colour, on what, and how it is tagged."""

    page: int
    text: str
    size: float
    start: tuple[float, float]  # baseline start, page coordinates (points)
    end: tuple[float, float]
    colour: Colour | None  # None: a pattern or other paint whose colour is not known
    background: Colour
    font: str
    mcid: int | None  # the marked content it is in (None: untagged, or an artifact on its own)
    artifact: bool
    box: Box = (0.0, 0.0, 0.0, 0.0)  # where its glyphs are, roughly: from descender to ascender
    ink_end: tuple[float, float] | None = None  # where its last glyph that is not a space ends


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    runs: list[TextRun] = field(default_factory=list)
    mcid_runs: dict[int, list[TextRun]] = field(default_factory=dict)
    untagged: list[str] = field(default_factory=list)  # painting operators neither tagged nor artifact
    images: list[Box] = field(default_factory=list)  # boxes of the pictures that are not artifacts
    paint_order: list[int] = field(default_factory=list)  # MCIDs of real content, in the order first painted
    mcid_boxes: dict[int, Box] = field(default_factory=dict)  # what each MCID paints, as one box


@dataclass(frozen=True)
class _Font:
    name: str
    two_byte: bool
    to_unicode: dict[int, str]
    widths: dict[int, float]
    default_width: float
    embedded: bool

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)


_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _parse_to_unicode(data: bytes) -> dict[int, str]:
    text = data.decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            mapping[int(src, 16)] = _utf16(dst)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for line in block.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) < 3:
                continue
            low, high = int(values[0], 16), int(values[1], 16)
            if "[" in line:
                for offset, dst in enumerate(values[2:]):
                    mapping[low + offset] = _utf16(dst)
            else:
                start = bytes.fromhex(values[2])
                for offset in range(high - low + 1):
                    last = int.from_bytes(start[-2:], "big") + offset
                    mapping[low + offset] = (start[:-2] + last.to_bytes(2, "big")).decode("utf-16-be", "replace")
    return mapping


def _load_font(font: pikepdf.Object) -> _Font:
    to_unicode = font.get("/ToUnicode")
    mapping = _parse_to_unicode(to_unicode.read_bytes()) if to_unicode is not None else {}
    widths: dict[int, float] = {}
    if font.get("/Subtype") == "/Type0":
        descendant = font.DescendantFonts[0]
        default = float(descendant.get("/DW", 1000))
        w = list(descendant.get("/W", []))
        i = 0
        while i < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], pikepdf.Array):
                for offset, width in enumerate(w[i + 1]):
                    widths[first + offset] = float(width)
                i += 2
            else:
                for code in range(first, int(w[i + 1]) + 1):
                    widths[code] = float(w[i + 2])
                i += 3
        descriptor = descendant.get("/FontDescriptor")
        two_byte = True
    else:
        default = 0.0
        first_char = int(font.get("/FirstChar", 0))
        for offset, width in enumerate(font.get("/Widths", [])):
            widths[first_char + offset] = float(width)
        descriptor = font.get("/FontDescriptor")
        two_byte = False
    embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    name = str(font.get("/BaseFont", "/unnamed"))[1:].split("+", 1)[-1]
    return _Font(name, two_byte, mapping, widths, default, embedded or font.get("/Subtype") == "/Type3")


def _colour(operands: list, space: str = "") -> Colour | None:
    values = [float(v) for v in operands if isinstance(v, (int, float, Decimal))]
    if len(values) != len(operands) or space.endswith("Pattern"):
        return None
    if len(values) == 1:
        return (values[0],) * 3  # type: ignore[return-value]
    if len(values) == 3:
        return values[0], values[1], values[2]
    if len(values) == 4:
        c, m, y, k = values
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    return None


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: Colour | None = (0.0, 0.0, 0.0)
    fill_space: str = "/DeviceGray"
    line_width: float = 1.0

    def copy(self, ctm: Matrix | None = None) -> _State:
        return _State(self.ctm if ctm is None else ctm, self.fill, self.fill_space, self.line_width)


def _bounds(points: Iterable[tuple[float, float]]) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def union(a: Box | None, b: Box) -> Box:
    return b if a is None else (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _box(rectangle: pikepdf.Array) -> Box:
    """A PDF rectangle (any two opposite corners) as a box."""
    return _bounds((float(x), float(y)) for x, y in zip(rectangle[0::2], rectangle[1::2], strict=True))


def overlap(a: Box, b: Box, slack: float = 0.0) -> bool:
    """Whether two boxes share more than a `slack`-wide strip."""
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


PAINTING_OPERATORS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "INLINE IMAGE", "Tj",
                                "TJ", "'", '"'})


class _PageReader:
    """Interprets one page's content streams (and the forms they draw) just enough to see text, paint and tags."""

    _STROKE = {"S", "s", "B", "B*", "b", "b*"}

    def __init__(self, page: pikepdf.Page, number: int, fonts: dict[tuple[int, int], _Font]):
        box = [float(v) for v in page.mediabox]
        self.content = PageContent(number, box[2] - box[0], box[3] - box[1])
        self.fonts = fonts
        self.fills: list[tuple[list[Box], bool, Colour]] = []  # filled rectangle paths (even-odd?), in order
        self.marks: list[tuple[int | None, bool]] = []  # (MCID, artifact) for each open marked-content sequence
        self.painted: set[int] = set()
        self._read(page.obj, _State(), 0)

    def _mark(self) -> tuple[int | None, bool]:
        mcid, artifact = None, False
        for m, a in self.marks:
            mcid = m if m is not None else mcid
            artifact = artifact or a
        return mcid, artifact

    def _paint(self, box: Box | None) -> None:
        """Note that the current marked content paints (in `box`, when known)."""
        mcid, artifact = self._mark()
        if mcid is None or artifact:
            return
        if mcid not in self.painted:
            self.painted.add(mcid)
            self.content.paint_order.append(mcid)
        if box is not None:
            self.content.mcid_boxes[mcid] = union(self.content.mcid_boxes.get(mcid), box)

    def _read(self, owner: pikepdf.Object, state: _State, depth: int) -> None:
        resources = owner.get("/Resources", pikepdf.Dictionary())
        fonts = resources.get("/Font", pikepdf.Dictionary())
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        stack: list[_State] = []
        font: _Font | None = None
        font_size = char_spacing = word_spacing = leading = 0.0
        scale = 1.0
        tm = tlm = IDENTITY
        path_rects: list[Box] = []
        path_points: list[tuple[float, float]] = []  # the points of what the current path draws
        moved_to: tuple[float, float] | None = None  # a current point that draws only if a segment follows
        path_other = False
        for operands, operator in pikepdf.parse_content_stream(owner):
            op = str(operator)
            if op in PAINTING_OPERATORS:
                mcid, artifact = self._mark()
                if mcid is None and not artifact:
                    self.content.untagged.append(op)
            if op == "q":
                stack.append(state.copy())
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state.ctm = multiply(tuple(float(x) for x in operands), state.ctm)  # type: ignore[arg-type]
            elif op in ("BDC", "BMC"):
                properties = operands[1] if op == "BDC" and len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
                self.marks.append((int(mcid) if mcid is not None else None, str(operands[0]) == "/Artifact"))
            elif op == "EMC" and self.marks:
                self.marks.pop()
            elif op in ("g", "rg", "k"):
                state.fill, state.fill_space = _colour(list(operands)), "/Device"
            elif op == "cs":
                state.fill_space = str(operands[0])
                state.fill = (0.0, 0.0, 0.0) if not state.fill_space.endswith("Pattern") else None
            elif op in ("sc", "scn"):
                state.fill = _colour(list(operands), state.fill_space)
            elif op == "w":
                state.line_width = float(operands[0])
            elif op == "re":
                x, y, w, h = (float(v) for v in operands)
                corners = [_apply(state.ctm, x + dx, y + dy) for dx, dy in ((0, 0), (w, 0), (0, h), (w, h))]
                path_rects.append(_bounds(corners))
                path_points += corners
                moved_to = None
            elif op in ("m", "l", "c", "v", "y", "h"):
                path_other = True
                values = [float(v) for v in operands]
                points = [_apply(state.ctm, x, y) for x, y in zip(values[::2], values[1::2], strict=True)]
                if op == "m":
                    moved_to = points[0]
                elif points:
                    path_points += [*([moved_to] if moved_to else []), *points]
                    moved_to = None
            elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "n", "S", "s"):
                if op not in ("n", "S", "s") and path_rects and not path_other and state.fill is not None:
                    self.fills.append((path_rects, op.endswith("*"), state.fill))
                if op != "n" and path_points:
                    x0, y0, x1, y1 = _bounds(path_points)
                    ctm = state.ctm
                    half = state.line_width * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) / 2 \
                        if op in self._STROKE else 0.0
                    self._paint((x0 - half, y0 - half, x1 + half, y1 + half))
                path_rects, path_points, moved_to, path_other = [], [], None, False
            elif op == "sh":
                self._paint(None)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                font_object = fonts.get(str(operands[0]))
                if font_object is not None:
                    key = font_object.objgen
                    if key not in self.fonts:
                        self.fonts[key] = _load_font(font_object)
                    font = self.fonts[key]
                font_size = float(operands[1])
            elif op == "Tc":
                char_spacing = float(operands[0])
            elif op == "Tw":
                word_spacing = float(operands[0])
            elif op == "Tz":
                scale = float(operands[0]) / 100
            elif op == "TL":
                leading = float(operands[0])
            elif op in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                leading = -ty if op == "TD" else leading
                tm = tlm = multiply((1, 0, 0, 1, tx, ty), tlm)
            elif op == "Tm":
                tm = tlm = tuple(float(x) for x in operands)  # type: ignore[assignment]
            elif op == "T*":
                tm = tlm = multiply((1, 0, 0, 1, 0, -leading), tlm)
            elif op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    tm = tlm = multiply((1, 0, 0, 1, 0, -leading), tlm)
                items = list(operands[0]) if op == "TJ" else [operands[-1]]
                text, advance, ink = [], 0.0, 0.0
                for item in items:
                    if isinstance(item, pikepdf.String):
                        for code in font.codes(bytes(item)) if font else []:
                            text.append(font.to_unicode.get(code, "\ufffd"))
                            width = font.widths.get(code, font.default_width) / 1000 * font_size
                            space = word_spacing if code == 32 and not font.two_byte else 0.0
                            advance += (width + char_spacing + space) * scale
                            ink = advance if text[-1].strip() else ink
                    else:
                        advance -= float(item) / 1000 * font_size * scale
                self._show("".join(text), font, font_size, multiply(tm, state.ctm), advance, state.fill, ink)
                tm = multiply((1, 0, 0, 1, advance, 0), tm)
            elif op == "Do" and depth < 8:
                xobject = xobjects.get(str(operands[0]))
                if xobject is None:
                    continue
                if xobject.get("/Subtype") == "/Form":
                    matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
                    self._read(xobject, state.copy(multiply(matrix, state.ctm)), depth + 1)  # type: ignore[arg-type]
                elif xobject.get("/Subtype") == "/Image":
                    self._picture(state.ctm)
            elif op == "INLINE IMAGE":
                self._picture(state.ctm)

    def _picture(self, ctm: Matrix) -> None:
        """A picture fills the unit square of the current matrix."""
        box = _bounds(_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1)))
        if not self._mark()[1]:
            self.content.images.append(box)
        self._paint(box)

    def _show(self, text: str, font: _Font | None, font_size: float, matrix: Matrix, advance: float,
              fill: Colour | None, ink: float | None = None) -> None:
        if not text:
            return
        mcid, artifact = self._mark()
        start = _apply(matrix, 0, 0)
        end = _apply(matrix, advance, 0)
        size = abs(font_size) * math.hypot(matrix[2], matrix[3])
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + size / 3)
        background = WHITE
        for rects, even_odd, colour in reversed(self.fills):
            inside = sum(x0 <= middle[0] <= x1 and y0 <= middle[1] <= y1 for x0, y0, x1, y1 in rects)
            if inside % 2 if even_odd else inside:
                background = colour
                break
        ink_end = _apply(matrix, advance if ink is None else ink, 0)
        # the glyphs' box: from a descender below the baseline to an ascender above it
        box = _bounds(_apply(matrix, x, y * font_size) for x in (0, advance) for y in (-0.25, 0.8))
        self.content.runs.append(TextRun(self.content.number, text, size, start, end, fill, background,
                                         font.name if font else "?", mcid, artifact, box, ink_end))
        if mcid is not None and not artifact:
            self.content.mcid_runs.setdefault(mcid, []).append(self.content.runs[-1])
        self._paint(box)


def page_contents(pdf: pikepdf.Pdf) -> list[PageContent]:
    fonts: dict[tuple[int, int], _Font] = {}
    return [_PageReader(page, number, fonts).content for number, page in enumerate(pdf.pages, start=1)]


def text_sizes(pdf: pikepdf.Pdf) -> Iterator[tuple[int, float]]:
    """(page number, size in points) for every text-showing operation, as drawn (text matrix × CTM)."""
    for content in page_contents(pdf):
        for run in content.runs:
            yield content.number, run.size


def smallest_text_size(pdf: pikepdf.Pdf) -> float:
    return min((size for _, size in text_sizes(pdf)), default=0.0)


def parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    """The ParentTree: a page's StructParents → its elements by MCID; an annotation's StructParent → its element."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/ParentTree" not in root:
        return {}
    return {int(k): v for k, v in pikepdf.NumberTree(root.ParentTree).items()}


def orphan_marked_content(pdf: pikepdf.Pdf, contents: list[PageContent]) -> list[list[int]]:
    """For each page, the MCIDs of text marked as real content whose structure element is not in the tree."""
    reachable = {e.obj.objgen for e in structure_elements(pdf)}
    parents = parent_tree(pdf)
    found = []
    for page, content in zip(pdf.pages, contents, strict=True):
        entry = parents.get(int(page.obj.get("/StructParents", -1)))
        elements = list(entry) if isinstance(entry, pikepdf.Array) else []
        owners = {mcid: elements[mcid] if mcid < len(elements) else None for mcid in content.mcid_runs}
        found.append(sorted(mcid for mcid, owner in owners.items()
                            if not isinstance(owner, pikepdf.Dictionary) or owner.objgen not in reachable))
    return found


_LINE_END_HYPHEN = re.compile(r"\w[-\u2010]$")


def _join(pieces: Iterable[TextRun | str]) -> str:
    """Runs that continue one another on a line join directly, and so does a word broken after its hyphen at the
    end of a line ("non-" + "emergency": hyphenation is off, so such a hyphen is the word's own); anything else
    (and any alt text) is a new word."""
    text, previous = "", None
    for piece in pieces:
        if isinstance(piece, str):
            text, previous = f"{text} {piece}", None
            continue
        touching = previous is not None and abs(piece.start[1] - previous.end[1]) < 0.5 and \
            abs(piece.start[0] - previous.end[0]) < 0.15 * piece.size
        next_line = previous is not None and piece.start[1] < previous.end[1] - 0.5 * piece.size
        broken_word = next_line and _LINE_END_HYPHEN.search(text.rstrip()) and text == text.rstrip()
        text += piece.text if touching or broken_word else " " + piece.text
        previous = piece
    return " ".join(text.split())


def _marked_content_in_order(node: pikepdf.Object | None, page: pikepdf.Object | None, alt_as_text: bool = True
                             ) -> Iterator[tuple[pikepdf.Object | None, int] | str]:
    """(page, MCID) of everything under a structure node in reading order; an element with alt text gives the text
    instead, as a screen reader reads it (unless `alt_as_text` is false)."""
    if node is None:
        return
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from _marked_content_in_order(child, page, alt_as_text)
    elif isinstance(node, int):
        yield page, int(node)
    elif isinstance(node, pikepdf.Dictionary):
        if node.get("/Type") == "/MCR":
            yield node.get("/Pg", page), int(node.MCID)
        elif "/Alt" in node and alt_as_text:
            yield str(node.Alt)
        elif "/S" in node or node.get("/Type") == "/StructTreeRoot":
            yield from _marked_content_in_order(node.get("/K"), node.get("/Pg", page), alt_as_text)


def marked_content(pdf: pikepdf.Pdf, node: pikepdf.Object | None = None) -> list[list[int]]:
    """For each page, the MCIDs under a structure node (default: the whole tree) in structure order."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[list[int]] = [[] for _ in pages]
    node = node if node is not None else pdf.Root.get("/StructTreeRoot")
    for item in _marked_content_in_order(node, None, alt_as_text=False):
        if not isinstance(item, str) and item[0] is not None and item[0].objgen in pages:
            found[pages[item[0].objgen]].append(item[1])
    return found


def painted_out_of_order(content: PageContent, structure_order: list[int]) -> list[int]:
    """The MCIDs a page paints out of structure order: those outside the longest run of content painted in
    structure order (so a screen reader's order and the eye's order differ there)."""
    rank = {mcid: index for index, mcid in enumerate(structure_order)}
    painted = [mcid for mcid in content.paint_order if mcid in rank]
    # patience sorting: the longest subsequence whose ranks increase
    tails: list[int] = []  # for each length, where in `painted` the best run of that length ends
    tail_ranks: list[int] = []
    previous: list[int | None] = []
    for index, mcid in enumerate(painted):
        length = bisect.bisect_left(tail_ranks, rank[mcid])
        previous.append(tails[length - 1] if length else None)
        tails[length:length + 1] = [index]
        tail_ranks[length:length + 1] = [rank[mcid]]
    in_order: set[int] = set()
    index = tails[-1] if tails else None
    while index is not None:
        in_order.add(index)
        index = previous[index]
    return [mcid for index, mcid in enumerate(painted) if index not in in_order]


def text_in_order(pdf: pikepdf.Pdf, contents: list[PageContent], node: pikepdf.Object | None = None) -> str:
    """The text under a structure node (default: the whole tree) in structure order, as a screen reader reads it
    (pictures by their alt text); artifacts never appear."""
    by_page = {page.objgen: content for page, content in zip(pdf.pages, contents, strict=True)}
    node = node if node is not None else pdf.Root.get("/StructTreeRoot")
    pieces: list[TextRun | str] = []
    for item in _marked_content_in_order(node, None):
        if isinstance(item, str):
            pieces.append(item)
            continue
        page, mcid = item
        content = by_page.get(page.objgen) if page is not None else None
        if content is not None:
            pieces.extend(content.mcid_runs.get(mcid, []))
    return _join(pieces)


# ---------------------------------------------------------------------------------------------------------------
# The checker


@dataclass(frozen=True)
class Finding:
    """One problem in a produced PDF, naming the rule it breaks (a Matterhorn Protocol checkpoint where one
    exists) so that it can be looked up."""

    checkpoint: str
    message: str
    hint: str = ""
    severity: str = "error"
    page: int | None = None

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{where}{self.message} [{self.checkpoint}]"

    def as_error(self, file: Path | None, prefix: str = "") -> HandoutError:
        return HandoutError(file, None, f"{prefix}{self}", self.hint, self.severity)


@dataclass(frozen=True)
class LayoutRules:
    """What a layout promises about the printed page, measured on the PDF; None skips a rule."""

    min_text_pt: float | None = None
    margin_pt: float | None = None
    font_families: tuple[str, ...] = ()  # empty: any embedded font will do
    min_contrast: float = 7.0  # WCAG 1.4.6 (AAA), for every piece of text
    max_line_characters: int = 70


@dataclass
class _Document:
    """A PDF opened for checking, with what every rule needs read once."""

    pdf: pikepdf.Pdf
    contents: list[PageContent]
    elements: list[StructElement]
    parents: dict[int, pikepdf.Object]  # ParentTree: StructParent(s) number → element or array of elements

    @classmethod
    def read(cls, pdf: pikepdf.Pdf) -> _Document:
        return cls(pdf, page_contents(pdf), list(structure_elements(pdf)), parent_tree(pdf))

    def text(self, element: StructElement) -> str:
        return text_in_order(self.pdf, self.contents, element.obj)


def _check_catalogue(document: _Document) -> Iterator[Finding]:
    root = document.pdf.Root
    if "/StructTreeRoot" not in root:
        yield Finding("Matterhorn 01-005", "the file has no structure tree, so nothing in it is tagged",
                      "render with pdf_variant='pdf/ua-1'")
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get("/Marked", False)):
        yield Finding("ISO 14289-1 7.1", "the file does not say it is tagged (/MarkInfo /Marked is not true)")
    elif bool(mark_info.get("/Suspects", False)):
        yield Finding("Matterhorn 01-007", "the file says its tags are suspect (/MarkInfo /Suspects true)")
    if not str(root.get("/Lang", "")).strip():
        yield Finding("Matterhorn 11-001", "the document's language is not set (/Lang is missing or empty)",
                      "give the HTML a lang attribute")
    if "/Metadata" not in root:
        yield Finding("Matterhorn 06-001", "the file has no XMP metadata")
    else:
        xmp = document.pdf.open_metadata()
        if not xmp.get("pdfuaid:part"):
            yield Finding("Matterhorn 06-002", "the XMP metadata does not say the file is PDF/UA (pdfuaid:part)")
        if not str(xmp.get("dc:title", "")).strip():
            yield Finding("Matterhorn 06-003", "the XMP metadata has no title (dc:title)", "give the HTML a <title>")
    display = root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")
    if display is None:
        yield Finding("Matterhorn 07-001", "viewers are not told to show the title (no DisplayDocTitle)")
    elif not bool(display):
        yield Finding("Matterhorn 07-002", "viewers are told to show the file name, not the title")


def _is_language_tag(value: str) -> bool:
    """A BCP 47 tag, by the same rule as the handout's `language:`: "es", "es-MX", "haw"."""
    return language_problem(value) is None


def _check_languages(document: _Document) -> Iterator[Finding]:
    """A /Lang, on the catalogue or on a structure element, tells a screen reader how to speak the words; one that
    names no language leaves them unknown (an empty or missing catalogue /Lang is _check_catalogue's)."""
    hint = "use a BCP 47 language tag such as en, es or es-MX"
    lang = str(document.pdf.Root.get("/Lang", "")).strip()
    if lang and not _is_language_tag(lang):
        yield Finding("Matterhorn 11-001", f"the document's /Lang {lang!r} is not a language tag", hint)
    for element in document.elements:
        if "/Lang" in element.obj and not _is_language_tag(lang := str(element.obj.Lang)):
            yield Finding("Matterhorn 11-001", f"the {element.role} element {_shorten(document.text(element))!r} "
                          f"has /Lang {lang!r}, which is not a language tag", hint)


def _check_content(document: _Document) -> Iterator[Finding]:
    orphans_by_page = orphan_marked_content(document.pdf, document.contents)
    for content, orphans in zip(document.contents, orphans_by_page, strict=True):
        if content.untagged:
            yield Finding("Matterhorn 01-005", f"{len(content.untagged)} drawing operations are neither tagged nor "
                          "artifacts", page=content.number)
        if orphans:
            text = " ".join(_join(content.mcid_runs[m]) for m in orphans)
            yield Finding("Matterhorn 01-005", f"text outside the structure tree, neither tagged nor an artifact: "
                          f"{_shorten(text)!r}", "page numbers and running heads must be pagination artifacts",
                          page=content.number)


def _check_reading_order(document: _Document) -> Iterator[Finding]:
    """Tools that read a page in the order it is painted (reflow, text selection, some screen readers) must meet
    it in the structure tree's order."""
    order = marked_content(document.pdf)
    for content, wanted in zip(document.contents, order, strict=True):
        if out := painted_out_of_order(content, wanted):
            text = " ".join(_join(content.mcid_runs.get(m, [])) for m in out[:3]).strip()
            yield Finding("WCAG 1.3.2", f"{len(out)} of the {len(content.paint_order)} pieces of content on the page "
                          f"are painted out of reading order ({_shorten(text)!r}…)",
                          "a fault in plainleaf's PDF, not in the handout: please report it", severity="warning",
                          page=content.number)


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_headings(document: _Document) -> Iterator[Finding]:
    levels = [(int(e.role[1:]), e) for e in document.elements if re.fullmatch(r"H[1-6]", e.role)]
    if any(e.role == "H" for e in document.elements) and levels:
        yield Finding("Matterhorn 14-007", "the document uses both H and H1–H6 headings")
    if levels and levels[0][0] != 1:
        yield Finding("Matterhorn 14-002", f"the first heading is H{levels[0][0]}, not H1")
    previous = 1
    for level, element in levels:
        if level > previous + 1:
            yield Finding("Matterhorn 14-003", f"heading {_shorten(document.text(element))!r} is H{level} after "
                          f"H{previous}: a level is skipped")
        previous = level


def _children(element: StructElement) -> list[str]:
    return [str(k.S)[1:] for k in element.kids() if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def _check_lists(document: _Document) -> Iterator[Finding]:
    for element in document.elements:
        children = _children(element)
        if element.role == "L" and (not children or any(c not in ("LI", "L", "Caption") for c in children)):
            yield Finding("Matterhorn 09-005", f"a list (L) holds {', '.join(children) or 'nothing'}, not LI items")
        elif element.role == "LI" and (not children or any(c not in ("Lbl", "LBody") for c in children)):
            yield Finding("Matterhorn 09-005", f"a list item (LI) holds {', '.join(children) or 'nothing'}, "
                          "not Lbl and LBody")
        elif element.role in ("LI", "Lbl", "LBody") and "/P" in element.obj:
            parent = str(element.obj.P.get("/S", ""))[1:]
            wanted = "L" if element.role == "LI" else "LI"
            if parent != wanted:
                yield Finding("Matterhorn 09-005", f"a {element.role} is inside {parent}, not {wanted}")


def _check_tables(document: _Document) -> Iterator[Finding]:
    root = document.pdf.Root.get("/StructTreeRoot", pikepdf.Dictionary())
    ids = {str(k) for k, _ in pikepdf.NameTree(root.IDTree).items()} if "/IDTree" in root else set()
    for element in document.elements:
        if element.role == "TH" and element.attribute("/Scope") is None:
            yield Finding("Matterhorn 15-003", f"table header {_shorten(document.text(element))!r} has no scope",
                          "mark header cells with scope=col or scope=row")
        headers = element.attribute("/Headers") if element.role in ("TD", "TH") else None
        missing = [str(h) for h in headers if str(h) not in ids] if isinstance(headers, pikepdf.Array) else []
        if missing:
            yield Finding("Matterhorn 15-005", f"table cell {_shorten(document.text(element))!r} names header ids "
                          f"{', '.join(missing)} that the file's IDTree does not hold")


def _check_figures(document: _Document) -> Iterator[Finding]:
    for element in document.elements:
        if element.role == "Figure" and not (element.alt or "").strip() and "/ActualText" not in element.obj:
            yield Finding("Matterhorn 13-004", "a picture (Figure) has no alternative text",
                          "give every picture alt text; a decorative picture belongs in a CSS background")


def figure_boxes(pdf: pikepdf.Pdf, contents: list[PageContent]) -> Iterator[tuple[StructElement, int, Box, Box]]:
    """(Figure, page index, its Layout /BBox, the box of what it paints) for each picture that has a /BBox and
    paints on one page."""
    for element in structure_elements(pdf):
        bbox = element.attribute("/BBox") if element.role == "Figure" else None
        if not isinstance(bbox, pikepdf.Array) or len(bbox) != 4:
            continue
        painted = [(index, contents[index].mcid_boxes[m])
                   for index, mcids in enumerate(marked_content(pdf, element.obj))
                   for m in mcids if m in contents[index].mcid_boxes]
        if painted and len({index for index, _ in painted}) == 1:
            box = painted[0][1]
            for _, part in painted[1:]:
                box = union(box, part)
            yield element, painted[0][0], _box(bbox), box


def holds(outer: Box, inner: Box, share: float = 0.9) -> bool:
    """Whether most of `inner` (by area) lies inside `outer`."""
    width = min(outer[2], inner[2]) - max(outer[0], inner[0])
    height = min(outer[3], inner[3]) - max(outer[1], inner[1])
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return area <= 0 or (width > 0 and height > 0 and width * height >= share * area)


def _check_figure_boxes(document: _Document) -> Iterator[Finding]:
    for element, index, bbox, painted in figure_boxes(document.pdf, document.contents):
        if not holds(bbox, painted):
            yield Finding("ISO 32000-1 14.8.5.4.3", f"the picture {_shorten(element.alt or '')!r} has a /BBox "
                          f"({', '.join(f'{v:.0f}' for v in bbox)}) that does not hold what it draws "
                          f"({', '.join(f'{v:.0f}' for v in painted)})",
                          "a fault in plainleaf's PDF, not in the handout: please report it", severity="warning",
                          page=index + 1)


def _check_annotations(document: _Document) -> Iterator[Finding]:
    reachable = {e.obj.objgen: e for e in document.elements}
    for number, page in enumerate(document.pdf.pages, start=1):
        annotations = list(page.obj.get("/Annots", []))
        if not annotations:
            continue
        tabs = page.obj.get("/Tabs")
        if tabs is None:
            yield Finding("Matterhorn 28-008", "a page with links does not set a tab order (/Tabs)", page=number)
        elif tabs != "/S":
            yield Finding("Matterhorn 28-009", f"the tab order is {tabs}, not the structure order (/S)", page=number)
        hidden = [a for a in annotations if hidden_when_printed(a)]
        if hidden:
            yield Finding("ISO 14289-1 7.18.1", f"{len(hidden)} annotations (links) are left out when the page is "
                          "printed or hidden on screen (no Print flag, or Hidden or NoView): print and screen differ",
                          "set the Print flag on every annotation", severity="warning", page=number)
        for annotation in annotations:
            if annotation.get("/Subtype") != "/Link":
                continue
            parent = document.parents.get(int(annotation.get("/StructParent", -1)))
            element = reachable.get(parent.objgen) if isinstance(parent, pikepdf.Dictionary) else None
            if element is None or element.role != "Link":
                yield Finding("Matterhorn 28-011", f"a link to {link_target(annotation)!r} is not inside a Link tag",
                              "never put other markup (bold, pictures) inside a link", page=number)
                continue
            description = str(annotation.get("/Contents", "")).strip()
            link_text = document.text(element)
            if not description:
                yield Finding("Matterhorn 28-012", f"the link {link_text!r} has no description (/Contents)",
                              page=number)
            elif link_text and comparable(link_text) not in comparable(description):
                yield Finding("Matterhorn 28-012", f"the link {link_text!r} is described as {description!r}, "
                              "which does not say what the reader sees", page=number)


_ADDRESS = re.compile(r"https?://\S|\bwww\.\w|[^\s@]+@[^\s@.]+\.[A-Za-z]")


def _check_unlinked_addresses(document: _Document) -> Iterator[Finding]:
    """A web or e-mail address on the page is one a reader wants to open: it must be a link (outloud's LNK-010)."""
    for number, (page, content) in enumerate(zip(document.pdf.pages, document.contents, strict=True), start=1):
        rects = [_box(a.Rect) for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link" and "/Rect" in a]
        loose = [run.text.strip() for run in content.runs if not run.artifact and _ADDRESS.search(run.text)
                 and not any(overlap(run.box, rect) for rect in rects)]
        if loose:
            yield Finding("layout: unlinked address", f"{len(loose)} web or e-mail addresses are printed with no link "
                          f"over them ({_shorten(loose[0])!r})", "write the address as a link: <https://...>",
                          severity="warning", page=number)


ANNOTATION_HIDDEN, ANNOTATION_PRINT, ANNOTATION_NO_VIEW = 2, 4, 32  # annotation flags (ISO 32000-1 12.5.3)


def hidden_when_printed(annotation: pikepdf.Object) -> bool:
    """Whether an annotation is left out of print or hidden on screen, so that the two differ."""
    flags = int(annotation.get("/F", 0))
    return not flags & ANNOTATION_PRINT or bool(flags & (ANNOTATION_HIDDEN | ANNOTATION_NO_VIEW))


def link_target(annotation: pikepdf.Object) -> str:
    action = annotation.get("/A", pikepdf.Dictionary())
    return str(action.get("/URI", annotation.get("/Dest", "")))


def comparable(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def _check_fonts(document: _Document, rules: LayoutRules) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(document.pdf.pages, start=1):
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            info = _load_font(font)
            if not info.embedded:
                yield Finding("Matterhorn 31-009", f"the font {info.name} is not embedded", page=number)
            if "/ToUnicode" not in font:
                yield Finding("Matterhorn 10-001", f"the font {info.name} has no ToUnicode map, so its text cannot "
                              "be read aloud or searched", page=number)
            families = [comparable(f) for f in rules.font_families]
            if families and not any(comparable(info.name).startswith(f) for f in families):
                yield Finding("layout: fonts", f"the font {info.name} is not one of the bundled fonts",
                              "set font-family on @page and every margin box, or a fallback font is embedded",
                              page=number)


def unspaced(text: str) -> str:
    """Text as both a bookmark and the page say it, to compare them: without spaces and line breaks, for where a
    line wraps (after "</", "--" or a word's own hyphen) the page cannot tell whether there was a space; and without
    format characters (a zero-width space or a word joiner), which draw nothing."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def _check_bookmarks(document: _Document) -> Iterator[Finding]:
    headings = [" ".join(document.text(e).split()) for e in document.elements if re.fullmatch(r"H[1-6]", e.role)]
    titles: list[str] = []
    with document.pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            titles.append(" ".join(str(item.title).split()))
            stack[:0] = list(item.children)
    said, read = list(map(unspaced, titles)), list(map(unspaced, headings))
    if said != read:
        first = next((i for i, (a, b) in enumerate(zip(said, read, strict=False)) if a != b),
                     min(len(titles), len(headings)))
        shown = titles[first] if first < len(titles) else "(none)"
        wanted = headings[first] if first < len(headings) else "(none)"
        yield Finding("ISO 14289-1 7.17", f"bookmark {first + 1} is {shown!r} but heading {first + 1} is "
                      f"{wanted!r}: the bookmarks do not match the headings")


def _luminance(colour: Colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: Colour, background: Colour) -> float:
    """The WCAG contrast ratio of two sRGB colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def figure_mcids(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """(page number, MCID) of the marked content inside pictures."""
    page_numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
    found = set()
    for element in structure_elements(pdf):
        if element.role == "Figure":
            for item in _marked_content_in_order(element.obj.get("/K"), element.page):
                if not isinstance(item, str) and item[0] is not None:
                    found.add((page_numbers.get(item[0].objgen, 0), item[1]))
    return found


def _check_layout(document: _Document, rules: LayoutRules) -> Iterator[Finding]:
    in_figures = figure_mcids(document.pdf)
    small: dict[bool, list[TextRun]] = {True: [], False: []}
    faint: list[tuple[float, TextRun]] = []
    for content in document.contents:
        for run in content.runs:
            if not run.text.strip():
                continue
            if rules.min_text_pt and run.size < rules.min_text_pt - 0.01:
                small[(run.page, run.mcid) in in_figures].append(run)
            if run.colour is not None and (ratio := contrast(run.colour, run.background)) < rules.min_contrast:
                faint.append((ratio, run))
        yield from _check_overflow(content, rules)
        yield from _check_line_length(content, rules)
    if faint:
        ratio, worst = min(faint, key=lambda f: f[0])
        yield Finding("WCAG 1.4.6", f"{len(faint)} pieces of text have a contrast below {rules.min_contrast:g}:1; the "
                      f"worst is {ratio:.1f}:1 ({_shorten(worst.text.strip())!r})", "print text black on white",
                      page=worst.page)
    for in_figure, runs in small.items():
        if runs:
            smallest = min(runs, key=lambda r: r.size)
            where = " inside pictures" if in_figure else ""
            yield Finding("layout: text size", f"{len(runs)} pieces of text{where} are smaller than "
                          f"{rules.min_text_pt:g} pt; the smallest is {smallest.size:.1f} pt "
                          f"({smallest.text.strip()!r})",
                          "make the picture's words bigger" if in_figure else "set the size in layout.yaml",
                          severity="warning" if in_figure else "error", page=smallest.page)


def _check_overflow(content: PageContent, rules: LayoutRules) -> Iterator[Finding]:
    """Nothing outside the page, and (when the layout's margin is known) no text or picture in the margins."""
    margin = rules.margin_pt or 0.0
    slack = 1.0
    left, right = margin - slack, content.width - margin + slack
    for run in content.runs:
        if run.artifact or not run.text.strip():
            continue
        x0, x1 = sorted((run.start[0], (run.ink_end or run.end)[0]))  # a space at a line's end paints nothing
        if x0 < left or x1 > right or not 0 <= run.start[1] <= content.height:
            yield Finding("layout: clipping", f"{_shorten(run.text.strip())!r} runs past the edge of the text area",
                          "long words and addresses must be able to wrap", page=content.number)
            return
    for x0, _y0, x1, _y1 in content.images:
        if x0 < left or x1 > right:
            yield Finding("layout: clipping", "a picture is wider than the text area",
                          "pictures must scale to the text width", page=content.number)
            return


_LIST_MARKER = re.compile(r"^(?:[•◦▪‣–◊›-]|\d+[.)]|[a-z]{1,2}[.)])\s+")  # print.css's markers, and WeasyPrint's


def _check_line_length(content: PageContent, rules: LayoutRules) -> Iterator[Finding]:
    lines: dict[float, list[TextRun]] = {}
    for run in content.runs:
        if not run.artifact:
            lines.setdefault(round(run.start[1] * 2) / 2, []).append(run)
    for runs in lines.values():
        text = _LIST_MARKER.sub("", _join(sorted(runs, key=lambda r: r.start[0])))  # the reader's eye skips it
        if len(text) > rules.max_line_characters:
            yield Finding("layout: line length", f"a line has {len(text)} characters, more than "
                          f"{rules.max_line_characters}: {_shorten(text)!r}", "narrow max_line_em in layout.yaml",
                          severity="warning", page=content.number)
            return


def audit(pdf: pikepdf.Pdf, rules: LayoutRules | None = None) -> list[Finding]:
    """Every finding for one PDF: PDF/UA-1 tagging, then the layout's rules measured on the pages."""
    rules = rules or LayoutRules()
    document = _Document.read(pdf)
    checks: list[Iterable[Finding]] = [
        _check_catalogue(document), _check_languages(document), _check_content(document),
        _check_reading_order(document), _check_headings(document),
        _check_lists(document), _check_tables(document), _check_figures(document), _check_figure_boxes(document),
        _check_annotations(document), _check_unlinked_addresses(document),
        _check_fonts(document, rules), _check_bookmarks(document), _check_layout(document, rules)]
    return [finding for check in checks for finding in check]


def audit_bytes(data: bytes, rules: LayoutRules | None = None) -> list[Finding]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return audit(pdf, rules)


def layout_rules(layout: Layout) -> LayoutRules:
    settings = layout.settings
    return LayoutRules(min_text_pt=settings.min_text_pt, margin_pt=settings.margin_in * POINTS_PER_INCH,
                       font_families=(FONT_FAMILY,))


def audit_file(path: Path, rules: LayoutRules | None = None) -> list[HandoutError]:
    """The findings for one PDF file, as errors and warnings naming the file."""
    try:
        with pikepdf.open(path) as pdf:
            return [finding.as_error(path) for finding in audit(pdf, rules)]
    except FileNotFoundError:
        return [HandoutError(path, None, "file not found")]
    except pikepdf.PdfError as exc:
        return [HandoutError(path, None, f"this is not a PDF file that can be read: {exc}")]


def audit_files(paths: Iterable[Path], layout_name: str | None = None,
                resources: Resources | None = None) -> list[HandoutError]:
    """`plainleaf audit`: the findings for each file, measured against a layout's rules when one is named (a
    bundled one, or one of the clinic's whose layouts `resources` holds)."""
    rules = LayoutRules()
    if layout_name:
        try:
            rules = layout_rules(load_layout(layout_name, resources or Resources.bundled()))
        except HandoutErrors as exc:
            return exc.errors
    return [error for path in paths for error in audit_file(path, rules)]
