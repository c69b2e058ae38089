"""Markdown tokens → HTML fragments: markdown-it's renderer with plainleaf's rules (citations, figures,
call-outs, glossary links, block ids shared by print and EPUB)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup, escape

from ..i18n import N_, OwnWords
from ..source.contacts import DEFAULT_COUNTRY, enclosing, shown_address, tel_link_number, tel_uri
from ..source.glossary import FirstUses, TermUse
from ..source.measure import CELL_BORDER_PT, CELL_PADDING_EM, SAFETY, Indent, PrintArea, indents, pieces, table_shapes
from ..source.model import Handout, Section, slugify
from ..source.parse import plain_text
from ..source.tree import CALLOUT_KINDS, CalloutKind
from .addresses import address_text, is_web_address
from .pagination import NO_BREAKS, PageBreaks

TargetName = Literal["print", "epub"]

# each box's label, which every edition prints in the handout's language
CALLOUT_LABELS: dict[CalloutKind, str] = {"important": N_("Important"), "tip": N_("Tip"), "warning": N_("Warning")}
# Markdown blocks that get an id, so that the print and EPUB renderings can point at the same block.
_NUMBERED_BLOCKS = {"paragraph_open", "list_item_open", "table_open", "tr_open", "blockquote_open", "fence",
                    "code_block", "hr"} | {f"container_{kind}_open" for kind in CALLOUT_KINDS}


@dataclass(frozen=True)
class Target:
    """Print is one HTML document; the EPUB is one document per section, so links differ."""

    name: TargetName

    def page_of(self, section_id: str) -> str:
        return f"{section_id}.xhtml" if self.name == "epub" else ""

    def href(self, page: str, anchor: str) -> str:
        return f"{self.page_of(page)}#{anchor}"


def inline_blocks(handout: Handout) -> Iterator[tuple[Section, int, Token]]:
    """The parser's inline token of every paragraph, list item and table cell (not headings), with its line."""
    for section in handout.sections:
        tokens = section.tokens
        for i, token in enumerate(tokens):
            if token.type == "inline" and not (i and tokens[i - 1].type == "heading_open"):
                yield section, token.map[0] + 1 if token.map else section.line, token


def first_uses(handout: Handout) -> dict[int, list[TermUse]]:
    """id() of a text token → the glossary terms first used in it; headings and link text are left alone."""
    finder = FirstUses(list(handout.meta.glossary))
    uses: dict[int, list[TermUse]] = {}
    for _, _, inline in inline_blocks(handout):
        in_link = False
        for child in inline.children or []:
            if child.type in ("link_open", "link_close"):
                in_link = child.type == "link_open"
            if child.type != "text" or in_link or not finder.pending:
                continue
            found = finder.find(child.content)
            if found:
                uses[id(child)] = found
    return uses


def citation_tokens(handout: Handout) -> Iterator[tuple[Section, Token]]:
    """Every citation token with its section (its heading first), in reading order."""
    for section in handout.sections:
        for token in [section.heading, *section.tokens] if section.heading else section.tokens:
            for child in token.children or []:
                if child.type == "citation":
                    yield section, child


def citation_anchors(handout: Handout) -> dict[int, str]:
    """An anchor id for every citation token, numbered in reading order across sections."""
    return {id(token): f"cite-{n}" for n, (_, token) in enumerate(citation_tokens(handout), start=1)}


def _with_block_ids(section: Section) -> list[Token]:
    """The section's tokens with an id on every heading and block (copies: the model stays as parsed).

    The ids depend only on the section, so the print document and the EPUB give a block the same id; block ids
    hold a `_`, which no section id has, so they never meet another section's ids.
    """
    tokens: list[Token] = []
    blocks = 0
    headings: set[str] = set()
    for i, token in enumerate(section.tokens):
        if token.type == "heading_open":
            slug = slugify(section.tokens[i + 1].content)
            anchor = f"{section.id}--{slug}"
            if anchor in headings:  # two sub-headings with the same words
                anchor = f"{anchor}_{i}"
            headings.add(anchor)
        elif token.type in _NUMBERED_BLOCKS and not token.hidden:
            blocks += 1
            anchor = f"{section.id}_{blocks}"
        else:
            tokens.append(token)
            continue
        tokens.append(token.copy(attrs={**token.attrs, "id": anchor}))
    return tokens


class BodyRenderer:
    """markdown-it's HTML renderer with plainleaf's rules for citations, figures, call-outs and tables.

    For print (`area` given) it measures what the layout's lines can hold: a table too wide for the line is set
    as one block of "header: value" lines per row, and a citation stays on the line of the word before it unless
    the two together would not fit a line. The EPUB reflows, so it always keeps both. `breaks` are the page
    breaks print pagination chose (plainleaf/render/pagination.py)."""

    def __init__(self, handout: Handout, target: Target, country: str = DEFAULT_COUNTRY,
                 area: PrintArea | None = None, breaks: PageBreaks = NO_BREAKS):
        self.handout = handout
        self.target = target
        self.country = country  # the clinic's: where the text's telephone numbers are
        self.area = area
        self.breaks = breaks
        self.anchors = citation_anchors(handout)
        self.reference_ids = {n: r.id for n, r in enumerate(handout.cited_references(), start=1)}
        self.term_uses = first_uses(handout)
        self.md = MarkdownIt("commonmark", {"html": False}).enable("table")
        # Bound methods go straight into the rules table: add_render_rule would rebind them to the renderer.
        rules = self.md.renderer.rules
        for name in ("citation", "image", "paragraph_open", "paragraph_close", "th_open", "text", "softbreak",
                     "link_open", "link_close", "callout_cut"):
            rules[name] = getattr(self, f"_{name}")
        for name in ("strong_open", "strong_close", "em_open", "em_close", "span_open", "span_close"):
            rules[name] = self._inline_markup
        self._code_inline = rules["code_inline"]
        rules["code_inline"] = self._code
        words = OwnWords(handout.language)
        self.callout_labels = {kind: words.markup(label) for kind, label in CALLOUT_LABELS.items()}
        for kind in self.callout_labels:
            rules[f"container_{kind}_open"] = self._callout_open
            rules[f"container_{kind}_close"] = self._callout_close

    def render(self, section: Section) -> Markup:
        tokens = _cut_callouts(_move_pictures(_with_block_ids(section), self.breaks), self.breaks)
        env: dict[str, Any] = {"section": section, "callouts": 0, **self._measured(tokens)}
        return Markup(self.md.renderer.render(_stack_tables(tokens, env["stacked"]), self.md.options, env))

    def render_heading(self, section: Section) -> Markup:
        """The section's `##` heading: its words, citations and emphasis (a glossary term is linked in the text)."""
        if section.heading is None:
            return escape(section.title)
        tokens = [Token("heading_open", "h2", 1), section.heading, Token("heading_close", "h2", -1)]
        env: dict[str, Any] = {"section": section, "callouts": 0, "heading": True, **self._measured(tokens)}
        return Markup(self.md.renderer.renderInline(section.heading.children or [], self.md.options, env))

    def _measured(self, tokens: Sequence[Token]) -> dict[str, Any]:
        """For print: which tables are set as blocks, and which citations may leave their word's line."""
        if self.area is None:
            return {"stacked": set(), "loose": set()}
        settings, paper, fonts = self.area.settings, self.area.paper, self.area.fonts_dir
        shapes = table_shapes(tokens, self.handout, fonts)
        stacked = {key for key, shape in shapes.items() if not shape.fits(settings, paper)}
        loose: set[int] = set()  # citations that would not fit a line together with the word before them
        room, table, size = indents(tokens), None, settings.body_pt
        for i, token in enumerate(tokens):
            if token.type == "table_open":
                table = id(token)
            elif token.type == "table_close":
                table = None
            elif token.type == "heading_open":
                size = {"h2": settings.h2_pt, "h3": settings.h3_pt}.get(token.tag, settings.body_pt)
            elif token.type == "heading_close":
                size = settings.body_pt
            if token.type != "inline" or table is not None and table not in stacked:
                continue  # a table set as a table is as wide as its widest piece, citations included
            indent = room[i] + (_STACKED_ROW if table is not None else Indent())
            line = indent.room_pt(settings, paper) * SAFETY
            for piece in pieces(token.children or [], self.handout, fonts, bold=size != settings.body_pt):
                if piece.citations and piece.em * size > line:
                    loose.update(piece.citations)
        return {"stacked": stacked, "loose": loose}

    def _citation(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """"[1, 2]": ascending, each number a link to its entry. It stays on the line of the word before it
        unless the two could not share a line: a word joiner holds it to a word, and the author's space before it
        becomes a no-break space inside it (WeasyPrint 70 breaks a line badly after text that ends with one)."""
        token = tokens[idx]
        loose = id(token) in env["loose"]
        links = [f'<a href="{escape(self.target.href("references", "ref-" + self.reference_ids[n]))}" '
                 f'role="doc-noteref">{n}</a>' for n in self.handout.citation_numbers(token.meta["ids"])]
        before = tokens[idx - 1] if idx > 0 else None
        after_space = before is not None and (before.type == "softbreak" or
                                              before.type == "text" and before.content[-1:].isspace())
        # no joiner in a section heading: WeasyPrint copies it into the bookmark, which then differs from the text
        glue = "\u200b" if loose and not after_space else "" if after_space or env.get("heading") else "\u2060"
        lead = "\u00a0" if after_space and not loose else ""
        comma = ", " if loose else ",\u00a0"
        return (f'{glue}<span class="citation" id="{self.anchors[id(token)]}">{lead}[{comma.join(links)}]'
                f'</span>')

    def _glued_space(self, tokens: Sequence[Token], idx: int, env: dict) -> bool:
        """Whether this token's trailing space comes just before a citation that keeps to its word."""
        following = tokens[idx + 1] if idx + 1 < len(tokens) else None
        return following is not None and following.type == "citation" and id(following) not in env["loose"]

    def _softbreak(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "" if self._glued_space(tokens, idx, env) else "\n"  # the citation after it holds the space

    def _text(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """Text, with the first use of each glossary term linked to its entry on the "Words to know" page."""
        content, parts, done = tokens[idx].content, [], 0
        for use in [] if env.get("in_link") else self.term_uses.get(id(tokens[idx]), []):  # never a link in a link
            parts += [escapeHtml(content[done:use.start]),
                      f'<a href="{self.target.href("glossary", use.anchor)}" role="doc-glossref">'
                      f"{escapeHtml(content[use.start:use.end])}</a>"]
            done = use.end
        if env.get("in_link"):
            env["link_words"].append(content)
            if is_web_address(content):  # an address typed in the text: it breaks where addresses break
                return address_text(content, self.target.name)
        rest = escapeHtml(content[done:])
        if rest[-1:].isspace() and self._glued_space(tokens, idx, env):
            rest = rest.rstrip()  # the citation after it holds the space
        return "".join(parts) + rest

    def _link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        env["in_link"] = True
        token, href = tokens[idx], str(tokens[idx].attrGet("href") or "")
        env["link_href"], env["link_words"] = href, []
        if href.startswith("#"):  # in the EPUB the anchor may live in another section's document
            anchor = href[1:]
            page = self._page_holding(anchor, env["section"].id)
            token = token.copy(attrs={**token.attrs, "href": self.target.href(page, anchor)})
        elif href[:4].lower() == "tel:":  # dialled by the number's RFC 3966 form, whatever the author wrote
            token = token.copy(attrs={**token.attrs, "href": tel_uri(tel_link_number(href), self.country)})
        return self.md.renderer.renderToken([token], 0, options, env)

    def _page_holding(self, anchor: str, here: str) -> str:
        """The section (or end page) an in-text anchor belongs to: block and heading ids start with their section's
        id followed by `_` or `--` (section ids hold neither)."""
        page = re.split(r"--|_", anchor, maxsplit=1)[0]
        sections = {s.id for s in self.handout.sections}
        return page if page in sections or page in ("glossary", "references", "contacts") else here

    def _link_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """On paper a link cannot be followed: print shows its address after its words, unless they are it, inside
        the link (text only: markup in a link splits the PDF's Link) so that it is a link too."""
        env["in_link"] = False
        closing = self.md.renderer.renderToken(tokens, idx, options, env)
        shown = shown_address(env["link_href"], "".join(env["link_words"])) if self.target.name == "print" else None
        if not shown:
            return closing
        before, after = enclosing(shown)
        text = escape(shown) if env["link_href"][:4].lower() == "tel:" else address_text(shown, "print")
        return f'{before}{text}{after}{closing}'

    # A link holds text only: markup inside <a> breaks the PDF's Link structure (WeasyPrint 70 splits the link).
    def _inline_markup(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "" if env.get("in_link") else self.md.renderer.renderToken(tokens, idx, options, env)

    def _code(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if env.get("in_link"):
            env["link_words"].append(tokens[idx].content)
            return str(escape(tokens[idx].content))
        return self._code_inline(tokens, idx, options, env)

    def _image(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        if env.get("in_link"):
            env["link_words"].append(token.content)
            return str(escape(token.content))  # a picture inside a link is read as its alt text
        src = escape(token.attrGet("src") or "")
        img = f'<img src="{src}" alt="{escape(token.content)}"/>'
        caption = token.attrGet("title")
        if env.get("in_figure") and caption:
            img += f"<figcaption>{escape(caption)}</figcaption>"
        return img

    def _paragraph_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if tokens[idx].meta.get("figure"):
            env["in_figure"] = True
            return f'<figure id="{tokens[idx].attrGet("id")}">'
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _paragraph_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if tokens[idx].meta.get("figure"):
            env["in_figure"] = False
            return "</figure>\n"
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _th_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """A header cell names what it heads: its column, or in a row printed as a block (`_stack_tables`), its
        row."""
        token = tokens[idx].copy(attrs={"scope": "col", **tokens[idx].attrs})
        return self.md.renderer.renderToken([token], 0, options, env)

    def _callout_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        kind = tokens[idx].info.strip().split()[0]
        env["callouts"] += 1
        label_id = env["callout_label"] = f"{env['section'].id}--callout-{env['callouts']}"
        return (f'<aside class="callout callout-{kind}" id="{tokens[idx].attrGet("id")}" '
                f'aria-labelledby="{label_id}">\n'
                f'<p class="callout-label" id="{label_id}">{self.callout_labels[kind]}</p>\n')

    def _callout_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "</aside>\n"

    def _callout_cut(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """Where print cuts a call-out at the end of a page: the box closes and a new one starts the next page
        (print.css draws its label with "(continued)")."""
        token = tokens[idx]
        box, part, kind = token.meta["box"], token.meta["part"], token.meta["kind"]
        return (f'</aside>\n<aside class="callout callout-{kind} continued" id="{box}--continued-{part}" '
                f'aria-labelledby="{env["callout_label"]}">\n')


# A row of a table printed as blocks has the cells' border and padding around its lines.
_STACKED_ROW = Indent(em=2 * CELL_PADDING_EM, pt=2 * CELL_BORDER_PT)


def _stack_tables(tokens: list[Token], stacked: set[int]) -> list[Token]:
    """Each table too wide for the line (`stacked`: id() of its table_open) printed as a block per row: the rows
    become small tables of their own, one line per cell with words, headed by its column's header ("Medicine:
    Lisinopril"). So a screen reader of the PDF still meets tables, each regular (a header cell and a data cell
    per row), where a table of blocks with its header row hidden would have no header cells and ragged rows.
    The EPUB, reflowed by its reader, keeps the table as written."""
    if not stacked:
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type != "table_open" or id(token) not in stacked:
            out.append(token)
            i += 1
            continue
        end = _block_end(tokens, i)
        out.extend(_stacked(tokens[i:end + 1]))
        i = end + 1
    return out


def _stacked(table: list[Token]) -> Iterator[Token]:
    """The tokens of one table (table_open … table_close) as its block of row tables."""
    headers = [table[i] for i in range(1, len(table)) if table[i].type == "inline" and table[i - 1].type == "th_open"]
    # the first row prints each header as written (its citations are anchored there); the others its words, so
    # that no anchor's id is printed twice
    again = [_token("inline", "", 0, text=plain_text(header)) for header in headers]
    body = next((i for i, token in enumerate(table) if token.type == "tbody_open"), len(table))
    yield _token("div_open", "div", 1, {"id": table[0].attrGet("id"), "class": "stacked"})
    column, rows = 0, 0
    for i in range(body, len(table)):
        token = table[i]
        if token.type == "tr_open":
            column, rows = 0, rows + 1
            yield _token("table_open", "table", 1, {"id": token.attrGet("id"), "class": "stacked-row"})
            yield _token("tbody_open", "tbody", 1)
        elif token.type == "tr_close":
            yield _token("tbody_close", "tbody", -1)
            yield _token("table_close", "table", -1)
        elif token.type == "td_open":
            cell = table[i + 1]
            if cell.type == "inline" and cell.content.strip():
                yield _token("tr_open", "tr", 1)
                yield _token("th_open", "th", 1, {"scope": "row"})
                label = (headers if rows == 1 else again)[column:column + 1]
                yield label[0] if label else _token("inline", "", 0)
                yield _token("th_close", "th", -1)
                yield _token("td_open", "td", 1)
                yield cell
                yield _token("td_close", "td", -1)
                yield _token("tr_close", "tr", -1)
            column += 1
    yield _token("div_close", "div", -1)


def _token(kind: str, tag: str, nesting: Literal[-1, 0, 1], attrs: dict[str, str | None] | None = None,
           text: str = "") -> Token:
    """A token of print's own making; an inline one holds `text`."""
    token = Token(kind, tag, nesting, block=kind != "inline")
    for name, value in (attrs or {}).items():
        if value is not None:
            token.attrSet(name, value)
    if kind == "inline":
        token.content = text
        token.children = [Token("text", "", 0, content=text)] if text else []
    return token


def _block_end(tokens: Sequence[Token], start: int) -> int:
    """The index of the token that closes the block opening at `start` (itself for a block with no parts)."""
    if tokens[start].nesting != 1:
        return start
    level = tokens[start].level
    return next(i for i in range(start + 1, len(tokens)) if tokens[i].level == level and tokens[i].nesting == -1)


def _index_of(tokens: Sequence[Token], anchor: str) -> int | None:
    return next((i for i, t in enumerate(tokens) if t.nesting >= 0 and t.attrGet("id") == anchor), None)


def _move_pictures(tokens: list[Token], breaks: PageBreaks) -> list[Token]:
    """Print only: each picture pagination moved now follows the block after it (which fills the page instead)."""
    for picture, follows in breaks.moved:
        start, after = _index_of(tokens, picture), _index_of(tokens, follows)
        if start is None or after is None or after < start:
            continue
        if tokens[after].type == "list_item_open" and tokens[after - 1].type in _LIST_OPENS:
            after -= 1  # a list's first item names the list
        end = _block_end(tokens, start) + 1
        figure, rest = tokens[start:end], tokens[:start] + tokens[end:]
        at = _block_end(rest, after - len(figure)) + 1
        tokens = rest[:at] + figure + rest[at:]
    return tokens


_LIST_OPENS = ("bullet_list_open", "ordered_list_open")


def _cut_callouts(tokens: list[Token], breaks: PageBreaks) -> list[Token]:
    """Print only: a call-out pagination cut at the end of a page gets a `callout_cut` token there; cut between
    the items of a list, the list closes before it and opens again after it, numbered on."""
    for opening in [t for t in tokens if t.type.startswith("container_") and t.nesting == 1]:
        box = str(opening.attrGet("id"))
        for part, point in enumerate(breaks.cuts(box), start=1):
            at = _index_of(tokens, point)
            if at is None:
                continue
            cut = Token("callout_cut", "", 0)
            cut.meta = {"box": box, "part": part, "kind": opening.info.strip().split()[0]}
            inserted = [cut]
            if tokens[at].type == "list_item_open":
                start = max(i for i in range(at) if tokens[i].type in _LIST_OPENS
                            and tokens[i].level == tokens[at].level - 1)
                listed, done = tokens[start], sum(t.type == "list_item_open" and t.level == tokens[at].level
                                                  for t in tokens[start:at])
                close = Token(listed.type.replace("_open", "_close"), listed.tag, -1)
                again = listed.copy(attrs={k: v for k, v in listed.attrs.items() if k != "id"})
                if listed.type == "ordered_list_open":
                    again.attrSet("start", str(int(listed.attrGet("start") or 1) + done))
                inserted = [close, cut, again]
            tokens = tokens[:at] + inserted + tokens[at:]
    return tokens
