"""markdown-it's tokens → the document tree (plainleaf.source.tree), with the facts that need the whole handout decided
once: block ids, citation numbers and anchors, glossary first uses, figures, the page an in-text link goes to.

Part of the parser, with parse.py and markup.py (the modules that know markdown-it): parse.py calls
`build_sections` once with the sections' tokens, which it then lets go; the Handout carries the tree
(`Handout.body`, `Handout.key_points`); every later stage reads it through `handout_tree`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, cast, get_args

from markdown_it.token import Token

from . import tree
from .glossary import FirstUses
from .model import Handout, slugify

END_PAGES = ("glossary", "references", "contacts")  # the pages after the sections that a #link may point into
KEY_POINTS_ID = "title_key-points"


class TreeError(RuntimeError):
    """A token the tree has no node for: plainleaf's parser made something its reader does not know. A bug in
    plainleaf, never the author's mistake."""


@dataclass(frozen=True)
class SectionTokens:
    """One `##` section as the parser split it: what its part of the tree is built from."""

    id: str
    title: str
    line: int
    heading: Sequence[Token]  # the inline tokens of its `##` heading
    body: Sequence[Token]  # the block tokens after the heading, up to the next `##`


def build_sections(sections: Sequence[SectionTokens], reference_ids: Sequence[str],
                   glossary: Sequence[str]) -> tuple[tree.Section, ...]:
    """The tree of a handout's sections. `reference_ids`: the references in the order the appendix numbers them
    (from 1); `glossary`: the terms in the order of the "Words to know" page."""
    handout = _HandoutFacts(
        numbers={ref_id: n for n, ref_id in enumerate(reference_ids, start=1)},
        section_ids=frozenset(s.id for s in sections),
        terms=FirstUses(glossary))
    return tuple(_SectionReader(handout, section).read() for section in sections)


def handout_tree(handout: Handout) -> tuple[tree.Section, ...]:
    """The document tree of a handout's sections, as the parser made it."""
    return handout.body


def read_key_points(handout: Handout, lines: Mapping[tuple[str | int, ...], int] | None = None
                    ) -> tree.KeyPoints | None:
    """The front matter's key points, with the ids the title page gives them. `lines` are the front matter's
    lines by key path, as source.load_yaml gives them; without them every key point is placed on line 1."""
    lines = lines or {}
    points = handout.meta.key_points
    if not points:
        return None
    items = tuple(tree.KeyPoint(lines.get(("key_points", i), 1), None, text, f"title_key-point-{i + 1}")
                  for i, text in enumerate(points))
    return tree.KeyPoints(lines.get(("key_points",), 1), None, items, KEY_POINTS_ID)


@dataclass
class _HandoutFacts:
    """What the reader decides across sections, in reading order."""

    numbers: Mapping[str, int]  # reference id → its number in the appendix
    section_ids: frozenset[str]
    terms: FirstUses  # the glossary's terms, each until it is first used
    citations: int = 0


@dataclass
class _SectionReader:
    """One section's tokens → its Section node. Blocks are numbered in token order, as the print and EPUB
    renderings number them (`<section id>_<n>`): paragraphs outside tight lists, list items, tables, table rows,
    quotes, call-outs, code blocks and thematic breaks."""

    handout: _HandoutFacts
    section: SectionTokens
    pos: int = 0
    numbered: int = 0
    callouts: int = 0
    heading_ids: set[str] = field(default_factory=set)

    def read(self) -> tree.Section:
        s = self.section
        heading = _InlineReader(self, s.line, in_heading=True).read(s.heading)
        return tree.Section(s.line, None, s.id, s.title, heading, self._blocks(None))

    # Blocks ----------------------------------------------------------------------------------------------------

    def _blocks(self, close: str | None) -> tuple[tree.Block, ...]:
        """Blocks up to (and past) the `close` token; to the section's end when None."""
        tokens, blocks = self.section.body, []
        while self.pos < len(tokens):
            token = tokens[self.pos]
            if token.type == close:
                self.pos += 1
                return tuple(blocks)
            read = self._BLOCKS.get(token.type)
            if read is None:
                raise _unknown(token, self._line(token))
            blocks.append(read(self, token))
        if close is not None:
            raise TreeError(f"plainleaf's document tree: a {close!r} token is missing in section "
                            f"{self.section.id!r}; this is a bug in plainleaf")
        return tuple(blocks)

    def _at(self, kind: str) -> bool:
        """Whether the token at the cursor is of `kind`."""
        return self.pos < len(self.section.body) and self.section.body[self.pos].type == kind

    def _next(self, kind: str) -> Token:
        """The token at the cursor, which must be of `kind`; moves past it."""
        token = self.section.body[self.pos] if self.pos < len(self.section.body) else None
        if token is None or token.type != kind:
            found = token.type if token else "the end of the section"
            raise TreeError(f"plainleaf's document tree: expected a {kind!r} token, found {found!r} in section "
                            f"{self.section.id!r}; this is a bug in plainleaf")
        self.pos += 1
        return token

    def _line(self, token: Token) -> int:
        return token.map[0] + 1 if token.map else self.section.line

    def _number(self) -> str:
        self.numbered += 1
        return f"{self.section.id}_{self.numbered}"

    def _inlines(self, token: Token, in_heading: bool = False) -> tuple[tree.Inline, ...]:
        return _InlineReader(self, self._line(token), in_heading).read(token.children or [])

    def _paragraph(self, opening: Token) -> tree.Paragraph | tree.Figure:
        self.pos += 1
        block_id = None if opening.hidden else self._number()
        inline = self._next("inline")
        self._next("paragraph_close")
        children = inline.children or []
        if len(children) == 1 and children[0].type == "image":  # a picture alone in its paragraph
            image = children[0]
            return tree.Figure(self._line(opening), None, str(image.attrGet("src") or ""), image.content,
                               str(image.attrGet("title") or "") or None, block_id, _language(image))
        return tree.Paragraph(self._line(opening), None, self._inlines(inline), block_id)

    def _heading(self, opening: Token) -> tree.Heading:
        index = self.pos
        self.pos += 1
        inline = self._next("inline")
        self._next("heading_close")
        heading_id = f"{self.section.id}--{slugify(inline.content)}"
        if heading_id in self.heading_ids:  # two sub-headings with the same words
            heading_id = f"{heading_id}_{index}"
        self.heading_ids.add(heading_id)
        return tree.Heading(self._line(opening), None, int(opening.tag[1:]), self._inlines(inline, True), heading_id)

    def _list(self, opening: Token) -> tree.List:
        self.pos += 1
        items = []
        while self._at("list_item_open"):
            item = self._next("list_item_open")
            item_id = self._number()
            items.append(tree.ListItem(self._line(item), None, self._blocks("list_item_close"), item_id))
        ordered = opening.type == "ordered_list_open"
        self._next("ordered_list_close" if ordered else "bullet_list_close")
        paragraphs = [b for item in items for b in item.children if isinstance(b, tree.Paragraph | tree.Figure)]
        return tree.List(self._line(opening), None, ordered, int(opening.attrGet("start") or 1),
                         all(p.id is None for p in paragraphs), tuple(items))

    def _table(self, opening: Token) -> tree.Table:
        self.pos += 1
        table_id = self._number()
        self._next("thead_open")
        head = self._rows("thead_close", header=True)
        body: tuple[tree.TableRow, ...] = ()
        if self._at("tbody_open"):
            self.pos += 1
            body = self._rows("tbody_close", header=False)
        self._next("table_close")
        return tree.Table(self._line(opening), None, head, body, table_id)

    def _rows(self, close: str, header: bool) -> tuple[tree.TableRow, ...]:
        rows = []
        while self._at("tr_open"):
            row = self._next("tr_open")
            row_id = self._number()
            cells = []
            cell_type = "th" if header else "td"
            while self._at(f"{cell_type}_open"):
                cell = self._next(f"{cell_type}_open")
                inline = self._next("inline")
                self._next(f"{cell_type}_close")
                style = str(cell.attrGet("style") or "")
                align = style.removeprefix("text-align:") if style.startswith("text-align:") else None
                cells.append(tree.TableCell(self._line(inline), None, self._inlines(inline), header, align))
            self._next("tr_close")
            rows.append(tree.TableRow(self._line(row), None, tuple(cells), row_id))
        self._next(close)
        return tuple(rows)

    def _quote(self, opening: Token) -> tree.Quote:
        self.pos += 1
        quote_id = self._number()
        return tree.Quote(self._line(opening), None, self._blocks("blockquote_close"), quote_id)

    def _callout(self, opening: Token) -> tree.Callout:
        self.pos += 1
        kind = cast(tree.CalloutKind, opening.type.removeprefix("container_").removesuffix("_open"))
        callout_id = self._number()
        self.callouts += 1
        label_id = f"{self.section.id}--callout-{self.callouts}"
        children = self._blocks(f"container_{kind}_close")
        return tree.Callout(self._line(opening), None, kind, children, callout_id, label_id)

    def _code_block(self, token: Token) -> tree.CodeBlock:
        self.pos += 1
        return tree.CodeBlock(self._line(token), None, token.content, self._number(), token.info.strip())

    def _thematic_break(self, token: Token) -> tree.ThematicBreak:
        self.pos += 1
        return tree.ThematicBreak(self._line(token), None, self._number())

    _BLOCKS: ClassVar[Mapping[str, Callable[[_SectionReader, Token], tree.Block]]] = {
        "paragraph_open": _paragraph, "heading_open": _heading, "bullet_list_open": _list,
        "ordered_list_open": _list, "table_open": _table, "blockquote_open": _quote, "fence": _code_block,
        "code_block": _code_block, "hr": _thematic_break,
        **dict.fromkeys((f"container_{kind}_open" for kind in get_args(tree.CalloutKind)), _callout),
    }

    # Facts across the handout ------------------------------------------------------------------------------------

    def citation(self, token: Token, line: int) -> tree.Citation:
        self.handout.citations += 1
        ids = tuple(token.meta["ids"])
        numbers = self.handout.numbers
        known = sorted({i for i in ids if i in numbers}, key=numbers.__getitem__)
        return tree.Citation(line, None, ids, tuple(numbers[i] for i in known), tuple(known),
                             f"cite-{self.handout.citations}")

    def link_page(self, target: str) -> str | None:
        """The section (or end page) an in-text anchor belongs to: block and heading ids start with their section's
        id followed by `_` or `--` (section ids hold neither); an anchor of neither kind is taken to be here."""
        if not target.startswith("#"):
            return None
        page = re.split(r"--|_", target[1:], maxsplit=1)[0]
        return page if page in self.handout.section_ids or page in END_PAGES else self.section.id

    def first_uses(self, text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, term, anchor) of each glossary term used here for the first time in the handout."""
        terms = self.handout.terms
        return [(use.start, use.end, terms.term_of(use.anchor), use.anchor) for use in terms.find(text)]


@dataclass
class _InlineReader:
    """One block's inline tokens → inline nodes. Lines are counted from the block's first line by the line
    breaks before each token (and those inside a picture's alt text or a link's title). markdown-it keeps no
    trace of a line break inside a code span or a citation, so a line after one of those is counted one short."""

    section: _SectionReader
    line: int
    in_heading: bool = False  # glossary terms are never linked from a heading
    in_link: bool = False  # nor from a link's own text
    pos: int = 0

    def read(self, tokens: Sequence[Token], close: str | None = None) -> tuple[tree.Inline, ...]:
        nodes: list[tree.Inline] = []
        while self.pos < len(tokens):
            token = tokens[self.pos]
            self.pos += 1
            if token.type == close:
                return tuple(nodes)
            nodes.extend(self._inline(token, tokens))
        if close is not None:
            raise TreeError(f"plainleaf's document tree: a {close!r} token is missing on line {self.line}; "
                            "this is a bug in plainleaf")
        return tuple(nodes)

    def _inline(self, token: Token, tokens: Sequence[Token]) -> list[tree.Inline]:
        line = self.line
        match token.type:
            case "text":
                return self._text(token.content)
            case "code_inline":
                return [tree.Code(line, None, token.content, _language(token))]
            case "softbreak" | "hardbreak":
                self.line += 1
                return [tree.SoftBreak(line, None) if token.type == "softbreak" else tree.HardBreak(line, None)]
            case "strong_open":
                return [tree.Strong(line, None, self.read(tokens, "strong_close"))]
            case "em_open":
                return [tree.Emphasis(line, None, self.read(tokens, "em_close"))]
            case "span_open":
                kids = self.read(tokens, "span_close")
                language = _language(token)
                return [tree.LanguageSpan(line, None, language, kids)] if language else list(kids)
            case "link_open":
                target = str(token.attrGet("href") or "")
                self.in_link = True
                kids = self.read(tokens, "link_close")
                self.in_link = False
                title = str(token.attrGet("title") or "") or None
                self.line += (title or "").count("\n")  # the title comes after the words in the source
                return [tree.Link(line, None, target, kids, title, self.section.link_page(target), _language(token))]
            case "image":
                self.line += token.content.count("\n")
                return [tree.Image(line, None, str(token.attrGet("src") or ""), token.content,
                                   str(token.attrGet("title") or "") or None, _language(token))]
            case "citation":
                return [self.section.citation(token, line)]
        raise _unknown(token, line)

    def _text(self, text: str) -> list[tree.Inline]:
        """Text, split around the glossary terms it is the first use of."""
        uses = [] if self.in_heading or self.in_link or not text else self.section.first_uses(text)
        nodes: list[tree.Inline] = []
        done = 0
        for start, end, term, anchor in uses:
            if start > done:
                nodes.append(tree.Text(self.line, None, text[done:start]))
            words = (tree.Text(self.line, None, text[start:end]),)
            nodes.append(tree.GlossaryTerm(self.line, None, term, anchor, words))
            done = end
        if done < len(text):
            nodes.append(tree.Text(self.line, None, text[done:]))
        return nodes


def _language(token: Token) -> str | None:
    lang = token.attrGet("lang") if token.attrs else None
    return str(lang) if lang else None


def _unknown(token: Token, line: int) -> TreeError:
    return TreeError(f"plainleaf's document tree has no node for markdown-it's {token.type!r} token (line {line}); "
                     "this is a bug in plainleaf")
