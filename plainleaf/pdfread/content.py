"""What a PDF's pages draw, read from their content streams: text runs with position, size, colour and
background, pictures, untagged painting, and the marked content (MCIDs) each painting belongs to."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pikepdf

from .fonts import Font, load_font
from .geometry import IDENTITY, WHITE, Box, Colour, Matrix, apply, bounds, intersection, multiply, union


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
    image_mcids: list[int | None] = field(default_factory=list)  # the marked content each of `images` is in
    nested: bool = False  # marked content with an MCID inside other marked content with one


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
    clip: Box | None = None  # the box of the clipping path, when one is set

    def copy(self, ctm: Matrix | None = None) -> _State:
        return _State(self.ctm if ctm is None else ctm, self.fill, self.fill_space, self.line_width, self.clip)


Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage
_NOTHING: Box = (math.inf, math.inf, -math.inf, -math.inf)  # a clip that shows nothing
# operators that take no operands and whose reading never looks at any (a malformed "1 h" is read as it says)
_WITHOUT_OPERANDS = frozenset({"q", "Q", "BT", "ET", "EMC", "W", "W*", "n", "f", "F", "f*", "B", "B*", "b", "b*", "S",
                               "s", "INLINE IMAGE"})
PAINTING_OPERATORS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "INLINE IMAGE", "Tj",
                                "TJ", "'", '"'})


class _PageReader:
    """Interprets one page's content streams (and the forms they draw) just enough to see text, paint and tags."""

    _STROKE = {"S", "s", "B", "B*", "b", "b*"}

    def __init__(self, page: pikepdf.Page, number: int, fonts: dict[tuple[int, int], Font],
                 instructions: Sequence[Instruction] | None = None):
        """`instructions`: what the page's content streams hold, when the caller has parsed them already."""
        box = [float(v) for v in page.mediabox]
        self.content = PageContent(number, box[2] - box[0], box[3] - box[1])
        self.fonts = fonts
        self.fills: list[tuple[list[Box], bool, Colour]] = []  # filled rectangle paths (even-odd?), in order
        self.marks: list[tuple[int | None, bool]] = []  # (MCID, artifact) for each open marked-content sequence
        self.painted: set[int] = set()
        self._read(page.obj, _State(), 0, instructions)

    def _mark(self) -> tuple[int | None, bool]:
        mcid, artifact = None, False
        for m, a in self.marks:
            mcid = m if m is not None else mcid
            artifact = artifact or a
        return mcid, artifact

    def _paint(self, box: Box | None, clip: Box | None = None) -> None:
        """Note that the current marked content paints (in `box`, when known: the part of it inside `clip`)."""
        mcid, artifact = self._mark()
        if mcid is None or artifact:
            return
        if mcid not in self.painted:
            self.painted.add(mcid)
            self.content.paint_order.append(mcid)
        box = box if box is None or clip is None else intersection(box, clip)
        if box is not None:
            self.content.mcid_boxes[mcid] = union(self.content.mcid_boxes.get(mcid), box)

    def _read(self, owner: pikepdf.Object, state: _State, depth: int,
              instructions: Sequence[Instruction] | None = None) -> None:
        resources = owner.get("/Resources", pikepdf.Dictionary())
        fonts = resources.get("/Font", pikepdf.Dictionary())
        xobjects = resources.get("/XObject", pikepdf.Dictionary())
        stack: list[_State] = []
        font: Font | None = None
        font_size = char_spacing = word_spacing = leading = 0.0
        scale = 1.0
        tm = tlm = IDENTITY
        path_rects: list[Box] = []
        path_points: list[tuple[float, float]] = []  # the points of what the current path draws
        moved_to: tuple[float, float] | None = None  # a current point that draws only if a segment follows
        path_other = clipping = False
        for instruction in pikepdf.parse_content_stream(owner) if instructions is None else instructions:
            op = str(instruction.operator)
            # pikepdf makes the operands Python objects each time they are asked for: only when they are used
            operands = () if op in _WITHOUT_OPERANDS else instruction.operands
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
                if mcid is not None and any(m is not None for m, _ in self.marks):
                    self.content.nested = True
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
                corners = [apply(state.ctm, x + dx, y + dy) for dx, dy in ((0, 0), (w, 0), (0, h), (w, h))]
                path_rects.append(bounds(corners))
                path_points += corners
                moved_to = None
            elif op in ("m", "l", "c", "v", "y", "h"):
                path_other = True
                values = [float(v) for v in operands]
                points = [apply(state.ctm, x, y) for x, y in zip(values[::2], values[1::2], strict=True)]
                if op == "m":
                    moved_to = points[0]
                elif points:
                    path_points += [*([moved_to] if moved_to else []), *points]
                    moved_to = None
            elif op in ("W", "W*"):
                clipping = True  # the path clips what follows once it is ended
            elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "n", "S", "s"):
                if op not in ("n", "S", "s") and path_rects and not path_other and state.fill is not None:
                    self.fills.append((path_rects, op.endswith("*"), state.fill))
                if op != "n" and path_points:
                    x0, y0, x1, y1 = bounds(path_points)
                    ctm = state.ctm
                    half = state.line_width * math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) / 2 \
                        if op in self._STROKE else 0.0
                    self._paint((x0 - half, y0 - half, x1 + half, y1 + half), state.clip)
                if clipping:
                    outline = bounds(path_points) if path_points else (0.0, 0.0, 0.0, 0.0)
                    state.clip = outline if state.clip is None else intersection(state.clip, outline) or _NOTHING
                path_rects, path_points, moved_to, path_other, clipping = [], [], None, False, False
            elif op == "sh":
                self._paint(None)
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                font_object = fonts.get(str(operands[0]))
                if font_object is not None:
                    key = font_object.objgen
                    if key not in self.fonts:
                        self.fonts[key] = load_font(font_object)
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
                        if font is None:
                            continue
                        # the font's tables looked up once per string: this loop runs for every glyph of the file
                        to_unicode, widths, default_width = font.to_unicode, font.widths, font.default_width
                        spaces = not font.two_byte
                        for code in font.codes(bytes(item)):
                            character = to_unicode.get(code, "\ufffd")
                            text.append(character)
                            width = widths.get(code, default_width) / 1000 * font_size
                            space = word_spacing if code == 32 and spaces else 0.0
                            advance += (width + char_spacing + space) * scale
                            ink = advance if character.strip() else ink
                    else:
                        advance -= float(item) / 1000 * font_size * scale
                self._show("".join(text), font, font_size, multiply(tm, state.ctm), advance, state.fill, ink,
                           state.clip)
                tm = multiply((1, 0, 0, 1, advance, 0), tm)
            elif op == "Do" and depth < 8:
                xobject = xobjects.get(str(operands[0]))
                if xobject is None:
                    continue
                if xobject.get("/Subtype") == "/Form":
                    matrix = tuple(float(x) for x in xobject.get("/Matrix", IDENTITY))
                    self._read(xobject, state.copy(multiply(matrix, state.ctm)), depth + 1)  # type: ignore[arg-type]
                elif xobject.get("/Subtype") == "/Image":
                    self._picture(state.ctm, state.clip)
            elif op == "INLINE IMAGE":
                self._picture(state.ctm, state.clip)

    def _picture(self, ctm: Matrix, clip: Box | None) -> None:
        """A picture fills the unit square of the current matrix (what of it the clipping path shows)."""
        box: Box | None = bounds(apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1)))
        box = box if clip is None or box is None else intersection(box, clip)
        mcid, artifact = self._mark()
        if box is not None and not artifact:
            self.content.images.append(box)
            self.content.image_mcids.append(mcid)
        self._paint(box)

    def _show(self, text: str, font: Font | None, font_size: float, matrix: Matrix, advance: float,
              fill: Colour | None, ink: float | None = None, clip: Box | None = None) -> None:
        if not text:
            return
        mcid, artifact = self._mark()
        start = apply(matrix, 0, 0)
        end = apply(matrix, advance, 0)
        size = abs(font_size) * math.hypot(matrix[2], matrix[3])
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2 + size / 3)
        background = WHITE
        for rects, even_odd, colour in reversed(self.fills):
            inside = sum(x0 <= middle[0] <= x1 and y0 <= middle[1] <= y1 for x0, y0, x1, y1 in rects)
            if inside % 2 if even_odd else inside:
                background = colour
                break
        ink_end = apply(matrix, advance if ink is None else ink, 0)
        # the glyphs' box: from a descender below the baseline to an ascender above it
        box = bounds(apply(matrix, x, y * font_size) for x in (0, advance) for y in (-0.25, 0.8))
        self.content.runs.append(TextRun(self.content.number, text, size, start, end, fill, background,
                                         font.name if font else "?", mcid, artifact, box, ink_end))
        if mcid is not None and not artifact:
            self.content.mcid_runs.setdefault(mcid, []).append(self.content.runs[-1])
        self._paint(box, clip)


def page_contents(pdf: pikepdf.Pdf, instructions: Sequence[Sequence[Instruction]] | None = None,
                  fonts: dict[tuple[int, int], Font] | None = None) -> list[PageContent]:
    """What each page draws; `instructions`: each page's content streams, when the caller has parsed them; `fonts`:
    the fonts read so far (by object), which reading fills in, for a caller that reads the file's pages again."""
    fonts = {} if fonts is None else fonts
    return [_PageReader(page, number, fonts, instructions[number - 1] if instructions is not None else None).content
            for number, page in enumerate(pdf.pages, start=1)]


def page_content(page: pikepdf.Page, number: int, instructions: Sequence[Instruction] | None = None) -> PageContent:
    return _PageReader(page, number, {}, instructions).content


def as_artifacts(content: PageContent, mcids: Collection[int]) -> PageContent | None:
    """What a page draws once its marked content `mcids` is marked as artifacts instead (its BDC operators given
    /Artifact and no MCID), as reading it again would find; None when only reading it again can tell (marked
    content nested in marked content)."""
    if content.nested:
        return None
    runs = [replace(run, mcid=None, artifact=True) if run.mcid in mcids else run for run in content.runs]
    pictures = [(box, m) for box, m in zip(content.images, content.image_mcids, strict=True) if m not in mcids]
    return PageContent(content.number, content.width, content.height, runs,
                       {m: list(found) for m, found in content.mcid_runs.items() if m not in mcids},
                       list(content.untagged), [box for box, _ in pictures],
                       [m for m in content.paint_order if m not in mcids],
                       {m: box for m, box in content.mcid_boxes.items() if m not in mcids},
                       [m for _, m in pictures], content.nested)


def drawing(page: pikepdf.Page) -> tuple[bytes, ...]:
    """What a page's content streams hold, as stored: what its PageContent was read from, so that a reader
    holding both can tell whether the page was redrawn since (a mend gives it new streams)."""
    streams = page.obj.get("/Contents")
    if streams is None:
        return ()
    return tuple(s.read_raw_bytes() for s in (streams if isinstance(streams, pikepdf.Array) else [streams]))


def read_again(pdf: pikepdf.Pdf, contents: list[PageContent], drawn: list[tuple[bytes, ...]],
               instructions: Sequence[Sequence[Instruction]] | None = None,
               fonts: dict[tuple[int, int], Font] | None = None) -> list[PageContent]:
    """`contents`, read when the pages held `drawn`, brought up to date: each page redrawn since is read again
    (from `instructions`, each page's streams as they are now, when the caller holds them parsed; with the `fonts`
    the first reading loaded)."""
    fonts = {} if fonts is None else fonts
    return [content if drawing(page) == before else
            _PageReader(page, number, fonts, instructions[number - 1] if instructions is not None else None).content
            for number, (page, content, before) in enumerate(zip(pdf.pages, contents, drawn, strict=True), start=1)]


def text_sizes(pdf: pikepdf.Pdf) -> Iterator[tuple[int, float]]:
    """(page number, size in points) for every text-showing operation, as drawn (text matrix × CTM)."""
    for content in page_contents(pdf):
        for run in content.runs:
            yield content.number, run.size


def smallest_text_size(pdf: pikepdf.Pdf) -> float:
    return min((size for _, size in text_sizes(pdf)), default=0.0)
