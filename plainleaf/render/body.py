"""A section's body as HTML for print and the EPUB, written from the document tree through layouts/_base/body.html:
this module decides (links' addresses, how each citation holds to its word, print's arrangement of the blocks),
the template writes the markup. Block ids are the tree's, so print and the EPUB give a block the same id."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from jinja2 import Environment, Template
from markupsafe import Markup

from ..i18n import N_, OwnWords
from ..source import tree
from ..source.contacts import DEFAULT_COUNTRY, enclosing, shown_address, tel_link_number, tel_uri
from ..source.layout import folder_environment
from ..source.measure import (
    CELL_BORDER_PT,
    CELL_PADDING_EM,
    SAFETY,
    Indent,
    PrintArea,
    indent,
    link_words,
    pieces,
    table_shapes,
)
from ..source.model import Handout
from ..source.resources import Resources
from ..source.tree import CalloutKind
from .addresses import address_text, is_web_address
from .pagination import NO_BREAKS, PageBreaks
from .printorder import CutList, print_blocks

TargetName = Literal["print", "epub"]

# each box's label, which every edition prints in the handout's language
CALLOUT_LABELS: dict[CalloutKind, str] = {"important": N_("Important"), "tip": N_("Tip"), "warning": N_("Warning")}
BODY_TEMPLATE = "body.html"
# A row of a table printed as blocks has the cells' border and padding around its lines.
_STACKED_ROW = Indent(em=2 * CELL_PADDING_EM, pt=2 * CELL_BORDER_PT)


@dataclass(frozen=True)
class Target:
    """Print is one HTML document; the EPUB is one document per section, so links differ."""

    name: TargetName

    def page_of(self, section_id: str) -> str:
        return f"{section_id}.xhtml" if self.name == "epub" else ""

    def href(self, page: str, anchor: str) -> str:
        return f"{self.page_of(page)}#{anchor}"


# Inlines as this edition writes them: what the tree's become once the writer has decided --------------------------

@dataclass(frozen=True)
class WrittenCitation(tree.Inline):
    """"[1, 2]", each number a link to its entry, held to the word before it or free to leave its line."""

    anchor: str
    glue: str  # before it: a word joiner (held), a zero-width space (may leave the line), or nothing
    lead: str  # inside it: the author's space before it, as a no-break space
    separator: str
    links: tuple[tuple[int, str], ...]  # (number, href)


@dataclass(frozen=True)
class WrittenLink(tree.Inline):
    """A link as this edition writes it: where it goes here, and on paper the address it shows."""

    href: str
    title: str | None
    language: str | None
    children: tuple[tree.Inline, ...]  # text only (Text, Words, Address, breaks, citations)
    shown: str | None  # print: the address shown after the words, inside the link
    phone: bool  # whether `shown` is a telephone number (else a web or e-mail address, with break points)

    @property
    def around(self) -> tuple[str, str]:
        return enclosing(self.shown or "")


@dataclass(frozen=True)
class Words(tree.Inline):
    """Words inside a link that print as text (a code span's, a picture's alt text)."""

    text: str


@dataclass(frozen=True)
class Address(tree.Inline):
    """A web address typed as a link's words: it breaks where addresses break."""

    text: str


def html_text(text: str) -> Markup:
    """Text escaped as HTML content or a double-quoted attribute (& < > "), as the body has always been."""
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


FILTERS = {"html_text": html_text, "node_kind": lambda node: type(node).__name__, "url_text": address_text}


def body_environment() -> Environment:
    """The bundled templates, for a body written without a layout's own environment (tests)."""
    env = folder_environment([Resources.bundled().layouts_dir / "_base"])
    env.filters.update(FILTERS)
    return env


class BodyRenderer:
    """Sections → HTML through the body template.

    For print (`area` given) it measures what the layout's lines can hold: a table too wide for the line is set
    as one block of "header: value" lines per row, and a citation stays on the line of the word before it unless
    the two together would not fit a line. The EPUB reflows, so it always keeps both. `breaks` are the page
    breaks print pagination chose (plainleaf/render/pagination.py)."""

    def __init__(self, handout: Handout, target: Target, country: str = DEFAULT_COUNTRY,
                 area: PrintArea | None = None, breaks: PageBreaks = NO_BREAKS, env: Environment | None = None):
        self.target = target
        self.country = country  # the clinic's: where the text's telephone numbers are
        self.area = area
        self.breaks = breaks
        words = OwnWords(handout.language)
        self.callout_labels = {kind: words.markup(label) for kind, label in CALLOUT_LABELS.items()}
        template: Template = (env or body_environment()).get_template(BODY_TEMPLATE)
        self.macros: Any = template.make_module({"w": self, "target": target.name})

    @staticmethod
    def tight(block: tree.Block) -> bool:
        """Whether a block is a tight list item's paragraph (or picture): markdown-it's "hidden" paragraph, which
        has no <p> and no line of its own."""
        return isinstance(block, tree.Paragraph | tree.Figure) and block.id is None

    @staticmethod
    def list_start(listed: tree.List) -> int | None:
        """The number an ordered list says it starts at: its first, unless 1; a list cut by a call-out's page end
        always says it, numbered on."""
        if not listed.ordered:
            return None
        return listed.start if listed.start != 1 or isinstance(listed, CutList) and listed.after_cut else None

    @staticmethod
    def cut_after(listed: tree.List) -> bool:
        """Whether a call-out's cut comes right after the list (its box closes on the list's closing tag's line)."""
        return isinstance(listed, CutList) and listed.before_cut

    def render(self, section: tree.Section) -> Markup:
        stacked = self._stacked(section)
        loose = self._loose(run for node, ancestors in tree.walk_with_ancestors(*section.children)
                            for run in _texts(node, ancestors, stacked, self.area))
        blocks = section.children
        if self.target.name == "print":
            blocks = print_blocks(blocks, self.breaks, stacked)
        return Markup(self.macros.blocks(blocks, _Inlines(self, loose)))

    def render_heading(self, section: tree.Section) -> Markup:
        """The section's `##` heading: its words, citations and emphasis (a glossary term is linked in the text)."""
        loose = self._loose([(section.heading, Indent(), self.area.settings.h2_pt)] if self.area else [])
        return Markup(self.macros.inlines(_Inlines(self, loose, heading=True)(section.heading)))

    def _stacked(self, section: tree.Section) -> set[str]:
        """For print: the tables (ids) too wide for the line, which print sets as blocks."""
        if self.area is None:
            return set()
        shapes = table_shapes(section.children, self.area.fonts_dir)
        return {key for key, shape in shapes.items() if not shape.fits(self.area.settings, self.area.paper)}

    def _loose(self, runs: Iterable[_Run]) -> set[str]:
        """For print: the citations (anchors) that would not fit a line together with the word before them."""
        loose: set[str] = set()
        if self.area is None:
            return loose
        settings, paper, fonts = self.area.settings, self.area.paper, self.area.fonts_dir
        for inlines, room, size in runs:
            line = room.room_pt(settings, paper) * SAFETY
            for piece in pieces(inlines, fonts, bold=size != settings.body_pt):
                if piece.citations and piece.em * size > line:
                    loose.update(piece.citations)
        return loose


_Run = tuple[tuple[tree.Inline, ...], Indent, float]  # some inlines, the room around them, their size in points


def _texts(node: tree.Node, ancestors: Sequence[tree.Node], stacked: set[str], area: PrintArea | None
           ) -> list[_Run]:
    """The runs of text in a block that print measures. A table set as a table is as wide as its widest piece,
    citations included: only a stacked table's cells count, with the row's border and padding around them."""
    if area is None:
        return []
    body, h3 = area.settings.body_pt, area.settings.h3_pt
    match node:
        case tree.Paragraph(children=inlines):
            return [(inlines, indent(ancestors), body)]
        case tree.Heading(children=inlines, level=level):
            return [(inlines, indent(ancestors), h3 if level == 3 else body)]
        case tree.TableCell(children=inlines) if any(isinstance(a, tree.Table) and a.id in stacked
                                                     for a in ancestors):
            return [(inlines, indent(ancestors) + _STACKED_ROW, body)]
    return []


class _Inlines:
    """Inlines → the inlines this edition writes: each citation glued to its word or left loose, each link's
    address for this edition, a link's words as text only (markup inside <a> splits the PDF's Link)."""

    def __init__(self, writer: BodyRenderer, loose: set[str], heading: bool = False):
        self.writer = writer
        self.loose = loose
        self.heading = heading  # a section heading: no joiner (WeasyPrint copies it into the bookmark)

    def __call__(self, inlines: Sequence[tree.Inline], in_link: bool = False) -> tuple[tree.Inline, ...]:
        out: list[tree.Inline] = []
        for i, node in enumerate(inlines):
            before = inlines[i - 1] if i else None
            after = inlines[i + 1] if i + 1 < len(inlines) else None
            glued = isinstance(after, tree.Citation) and after.anchor not in self.loose
            out += self._inline(node, before, glued, in_link)
        return tuple(out)

    def _inline(self, node: tree.Inline, before: tree.Inline | None, glued: bool, in_link: bool
                ) -> list[tree.Inline]:
        """The written form of one inline; `glued`: a citation that keeps to its word follows it (and takes its
        space: a no-break space inside the citation, as WeasyPrint breaks a line badly after a trailing one)."""
        match node:
            case tree.Text(text=text) if in_link and is_web_address(text):
                return [Address(node.line, node.column, text)]
            case tree.Text(text=text):
                return [replace(node, text=text.rstrip())] if glued and text[-1:].isspace() else [node]
            case tree.SoftBreak() if glued:
                return []
            case tree.Citation():
                return [self._citation(node, before)]
            case tree.Link():
                return [self._link(node)]
            case tree.Code(text=text) | tree.Image(alt=text) if in_link:
                return [Words(node.line, node.column, text)]
            case tree.Strong(children=kids) | tree.Emphasis(children=kids) | tree.LanguageSpan(children=kids) \
                    if in_link:
                return list(self(kids, in_link))
            case tree.Strong() | tree.Emphasis() | tree.LanguageSpan() | tree.GlossaryTerm():
                return [replace(node, children=self(node.children))]
        return [node]

    def _citation(self, citation: tree.Citation, before: tree.Inline | None) -> WrittenCitation:
        """It stays on the line of the word before it unless the two could not share a line: a word joiner holds
        it to a word, and the author's space before it becomes a no-break space inside it."""
        loose = citation.anchor in self.loose
        after_space = isinstance(before, tree.SoftBreak) or isinstance(before, tree.Text) and \
            before.text[-1:].isspace()
        glue = "\u200b" if loose and not after_space else "" if after_space or self.heading else "\u2060"
        href = self.writer.target.href
        return WrittenCitation(citation.line, citation.column, citation.anchor, glue,
                               "\u00a0" if after_space and not loose else "", ", " if loose else ",\u00a0",
                               tuple((n, href("references", f"ref-{ref}"))
                                     for n, ref in zip(citation.numbers, citation.references, strict=True)))

    def _link(self, link: tree.Link) -> WrittenLink:
        """A #anchor goes to the page holding it in the EPUB; a telephone link is dialled by the number's RFC 3966
        form, whatever the author wrote. On paper a link cannot be followed: print shows its address after its
        words, unless they are it."""
        target, writer = link.target, self.writer
        href = target
        if target.startswith("#") and link.section is not None:
            href = writer.target.href(link.section, target[1:])
        elif target[:4].lower() == "tel:":
            href = tel_uri(tel_link_number(target), writer.country)
        shown = shown_address(target, link_words(link.children)) if writer.target.name == "print" else None
        return WrittenLink(link.line, link.column, href, link.title, link.language, self(link.children, True),
                           shown, target[:4].lower() == "tel:")
