"""Page breaks decided on the laid-out print document, so that no page is left more than half empty (except
before the questions and "Who can help" pages, which start a page) and a box cut across pages repeats its label.

The print HTML is laid out, the first page that breaks a rule is found, and the HTML is rendered again with a
`PageBreaks` that mends it. Mending page p changes nothing before it, so the passes move forward through the
document:
- a labelled box (the key points, a call-out) that runs onto the next page is cut there into two boxes, the
  second labelled "Key points (continued)";
- a box, contact, reference or table row that print keeps whole, pushed to the next page, may break across pages;
- a picture pushed to the next page moves after the block that follows it, which then fills the page;
- the questions page, or "Who can help", starts on the page before when that page would be left half empty (the
  writing lines then take the rest of that page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .pagefill import DESCENT

MAX_PASSES = 12
LEAST_FILL = 0.5 + 0.02  # of the text area's height: what pagefill.py asks, and a little for how the two measure
PX_PER_PT = 4 / 3  # WeasyPrint lays out in CSS pixels
_FORCED = ("page", "left", "right", "recto", "verso")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}
_BLOCKS_A_PICTURE_MAY_FOLLOW = {"p", "ul", "ol", "table", "blockquote"}


@dataclass(frozen=True)
class PageBreaks:
    """What the print document does differently from its CSS's defaults, by element id."""

    cut: tuple[tuple[str, str], ...] = ()  # (labelled box, its first block on a new page): the box is cut there
    split: frozenset[str] = frozenset()  # boxes print keeps whole that may break across pages after all
    moved: tuple[tuple[str, str], ...] = ()  # (picture, the block it follows instead of preceding; for a list,
    #                                          its first item)
    flowing: frozenset[str] = frozenset()  # "questions" or "contacts": need not start a new page
    questions_room_pt: float = 0.0  # when the questions flow: the height their writing lines may take

    def cuts(self, box: str) -> list[str]:
        """Where a labelled box is cut, in document order."""
        return [point for owner, point in self.cut if owner == box]

    def follows(self, picture: str) -> str | None:
        return dict(self.moved).get(picture)


NO_BREAKS = PageBreaks()


def classes(element: Any | None) -> set[str]:
    return set((element.get("class") or "").split()) if element is not None else set()


@dataclass
class _Page:
    number: int  # from 0
    top: float  # the text area, in CSS px
    height: float
    bottom: float  # how far down the last text, picture or border reaches
    starts: list[Any] = field(default_factory=list)  # elements whose first box is on this page, in order

    @property
    def fill(self) -> float:
        return (self.bottom - self.top) / self.height if self.height else 1.0


def _reaches(box: Any) -> float | None:
    """How far down a box draws what page fill counts (plainleaf/render/pagefill.py measures the same on the PDF): a
    line's text to just below its baseline, a picture to its bottom; not borders or backgrounds."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox) and box.text.strip():
        return box.position_y + box.baseline + DESCENT * box.style["font_size"]
    if isinstance(box, boxes.ReplacedBox):
        return box.content_box_y() + box.height
    return None


class LaidOut:
    """A laid-out print document as pagination reasons about it: its pages, and where each element starts."""

    def __init__(self, document: Any):
        from weasyprint.formatting_structure import boxes

        self.pages: list[_Page] = []
        self.first_box: dict[int, Any] = {}  # id() of an element → its first block box
        self.first_page: dict[int, int] = {}
        self.pages_of: dict[int, set[int]] = {}
        self.parent: dict[int, Any] = {}
        self.order: dict[str, int] = {}  # element id attribute → place in the document
        for number, page in enumerate(document.pages):
            page_box = page._page_box
            current = _Page(number, page_box.content_box_y(), page_box.height, page_box.content_box_y())
            self.pages.append(current)
            stack = list(reversed(page_box.children))
            while stack:
                box = stack.pop()
                if isinstance(box, boxes.MarginBox):
                    continue
                reach = _reaches(box)
                if reach is not None:
                    current.bottom = max(current.bottom, min(reach, current.top + current.height))
                element = box.element
                if element is not None and box.element_tag == element.tag and \
                        isinstance(box, (boxes.BlockBox, boxes.TableBox, boxes.TableRowBox)):
                    key = id(element)
                    if key not in self.first_page:
                        self.first_page[key], self.first_box[key] = number, box
                        current.starts.append(element)
                    self.pages_of.setdefault(key, set()).add(number)
                stack.extend(reversed(getattr(box, "children", ())))
        root = document.pages[0]._page_box.children[0].element if document.pages else None
        for index, element in enumerate(root.iter() if root is not None else ()):
            self.parent.update((id(child), element) for child in element)
            if element.get("id"):
                self.order[element.get("id")] = index

    def starts_on(self, element: Any) -> int | None:
        return self.first_page.get(id(element))

    def spans(self, element: Any, page: int) -> bool:
        """Whether the element runs from `page` onto the next one."""
        return {page, page + 1} <= self.pages_of.get(id(element), set())

    def style(self, element: Any) -> Any:
        return self.first_box[id(element)].style

    def forced_break_before(self, element: Any) -> bool:
        return self.style(element)["break_before"] in _FORCED

    def kept_whole(self, element: Any) -> bool:
        """A box print keeps on one page unless that leaves a page half empty: a call-out or the key points, a
        contact on "Who can help", a reference, a row of a table printed as blocks."""
        if not element.get("id") or self.style(element)["break_inside"] != "avoid":
            return False
        return bool(classes(element) & {"callout", "key-points", "contact", "stacked-row"}) or \
            element.tag == "li" and "references" in classes(self.parent.get(id(element)))


def _cut_points(box: Any) -> Iterator[Any]:
    """Where a labelled box may be cut: before one of its own blocks (not its label), or before an item of a list
    that is one of them."""
    for child in box:
        if child.get("id") and "callout-label" not in classes(child):
            yield child
        if child.tag in _LISTS:
            yield from (item for item in child if item.tag == "li" and item.get("id"))


def _owner(box_id: str) -> str:
    """The labelled box a part belongs to: "x--continued-2" is a part of "x"."""
    return box_id.split("--continued")[0]


def _cut(laid: LaidOut, page: _Page, breaks: PageBreaks) -> PageBreaks | None:
    """A labelled box running from this page onto the next is cut before its first block there (a cut made
    before, later in the box, gives way: the part before it now reaches the next page)."""
    for element in (e for p in laid.pages[:page.number + 1] for e in p.starts):
        if not classes(element) & {"callout", "key-points"} or not element.get("id") or \
                not laid.spans(element, page.number):
            continue
        point = next((p for p in _cut_points(element) if laid.starts_on(p) == page.number + 1), None)
        if point is None:
            continue
        owner, at = _owner(element.get("id")), laid.order[point.get("id")]
        kept = tuple((o, p) for o, p in breaks.cut if o != owner or laid.order.get(p, -1) < at)
        return replace(breaks, cut=(*kept, (owner, point.get("id"))))
    return None


def _pushed(laid: LaidOut, page: _Page) -> Any | None:
    """What was pushed whole to the next page, leaving this one part empty: the first thing there that print
    keeps whole, or a picture, with nothing before it there but headings and what holds them."""
    following = laid.pages[page.number + 1]
    for element in following.starts:
        if element.tag == "figure" or laid.kept_whole(element):
            return element
        holds_more = any(laid.starts_on(child) == following.number for child in element)
        if element.tag not in _HEADINGS and not holds_more:
            return None
    return None


def _move_picture(laid: LaidOut, figure: Any, breaks: PageBreaks) -> PageBreaks | None:
    """The picture moves after the block that follows it, if that is text (never past a heading)."""
    parent = laid.parent.get(id(figure))
    siblings = list(parent) if parent is not None else []
    after = siblings.index(figure) + 1 if figure in siblings else len(siblings)
    if after >= len(siblings) or siblings[after].tag not in _BLOCKS_A_PICTURE_MAY_FOLLOW or not figure.get("id"):
        return None
    block = siblings[after]
    # a list is named by its first item (lists have no id): the picture then follows the whole list
    anchor = block.get("id") or next((item.get("id") for item in block if item.tag == "li"), None)
    if anchor is None:
        return None
    moved = tuple(m for m in breaks.moved if m[0] != figure.get("id"))
    return replace(breaks, moved=(*moved, (figure.get("id"), anchor)))


def _flow(laid: LaidOut, page: _Page, breaks: PageBreaks, section: Any) -> PageBreaks:
    """The questions (or "Who can help") start on this page; the writing lines take what the heading leaves."""
    flowing = replace(breaks, flowing=breaks.flowing | {section.get("id")})
    if section.get("id") != "questions":
        return flowing
    heading = next((laid.first_box[id(child)] for child in section if id(child) in laid.first_box), None)
    taken = heading.margin_height() if heading is not None else 0.0
    room = (page.top + page.height - page.bottom - taken) / PX_PER_PT
    return replace(flowing, questions_room_pt=room)


def _questions_overflow(laid: LaidOut, breaks: PageBreaks, pitch_pt: float) -> PageBreaks | None:
    """Flowing questions that did not fit where they were meant to: one writing line fewer, or their own page."""
    section = next((e for p in laid.pages for e in p.starts if e.get("id") == "questions"), None)
    if section is None or "questions" not in breaks.flowing or breaks.questions_room_pt <= 0:
        return None
    first = laid.starts_on(section)
    before = laid.pages[first - 1] if first else None
    if first is not None and before is not None and before.fill < LEAST_FILL:  # pushed on: it does not fit
        room = breaks.questions_room_pt - pitch_pt
        if room < 3 * pitch_pt:  # too few lines to write on: the questions keep their own page
            return replace(breaks, flowing=breaks.flowing - {"questions"}, questions_room_pt=-1.0)
        return replace(breaks, questions_room_pt=room)
    return None


def next_breaks(laid: LaidOut, breaks: PageBreaks, pitch_pt: float) -> PageBreaks | None:
    """The page breaks that mend the first page breaking a rule, or None when every page keeps them.

    Labelled boxes are cut at every page end they run over in one pass (a label moves what follows it on its page
    down a line, so a cut may have to move a block earlier in the next pass); any other mend is made alone, as it
    moves everything after it."""
    if (shrunk := _questions_overflow(laid, breaks, pitch_pt)) is not None:
        return shrunk
    cut = breaks
    for page in laid.pages[:-1]:
        if (found := _cut(laid, page, cut)) is not None:
            cut = found
            continue
        if cut != breaks or page.fill >= LEAST_FILL:
            continue  # the cuts come first: the rest of the document moves with them
        first = laid.pages[page.number + 1].starts[:1]
        if first and laid.forced_break_before(first[0]):
            section, here = first[0], {e.get("id") for e in page.starts}
            # the questions page is full of writing lines (which page fill does not count): "Who can help" after it
            # keeps its page
            if section.get("id") in ("questions", "contacts") and section.get("id") not in breaks.flowing and \
                    not (section.get("id") == "questions" and breaks.questions_room_pt < 0) and \
                    not (section.get("id") == "contacts" and "questions" in here):
                return _flow(laid, page, breaks, section)
            continue
        pushed = _pushed(laid, page)
        if pushed is None:
            continue
        if pushed.tag == "figure":
            if (moved := _move_picture(laid, pushed, breaks)) is not None:
                return moved
        elif pushed.get("id") not in breaks.split:
            return replace(breaks, split=breaks.split | {pushed.get("id")})
    return cut if cut != breaks else None


class Repagination:
    """Called with each laid-out print document: the HTML to lay out again with better page breaks, or None
    when the document keeps every rule (or after MAX_PASSES)."""

    def __init__(self, render_html: Callable[[PageBreaks], str], writing_pitch_pt: float):
        self.render_html = render_html
        self.pitch = writing_pitch_pt
        self.breaks = NO_BREAKS
        self.passes = 0

    def __call__(self, document: Any) -> str | None:
        if self.passes >= MAX_PASSES:
            return None
        self.passes += 1
        found = next_breaks(LaidOut(document), self.breaks, self.pitch)
        if found is None or found == self.breaks:
            return None
        self.breaks = found
        return self.render_html(found)
