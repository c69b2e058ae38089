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

from .contacts import DEFAULT_COUNTRY, tel_link_number, tel_uri
from .glossary import first_uses
from .i18n import N_, OwnWords
from .model import Handout, Section, slugify

TargetName = Literal["print", "epub"]

# Markdown blocks that get an id, so that the print and EPUB renderings can point at the same block.
_NUMBERED_BLOCKS = {"paragraph_open", "list_item_open", "table_open", "tr_open", "blockquote_open", "fence",
                    "code_block", "hr"} | {f"container_{kind}_open" for kind in ("important", "tip", "warning")}


@dataclass(frozen=True)
class Target:
    """Print is one HTML document; the EPUB is one document per section, so links differ."""

    name: TargetName

    def page_of(self, section_id: str) -> str:
        return f"{section_id}.xhtml" if self.name == "epub" else ""

    def href(self, page: str, anchor: str) -> str:
        return f"{self.page_of(page)}#{anchor}"


def citation_tokens(handout: Handout) -> Iterator[tuple[Section, Token]]:
    """Every citation token with its section, in reading order."""
    for section in handout.sections:
        for token in section.tokens:
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
    for i, token in enumerate(section.tokens):
        if token.type == "heading_open":
            slug = slugify(section.tokens[i + 1].content)
            anchor = f"{section.id}--{slug}"
            if any(t.attrGet("id") == anchor for t in tokens):  # two sub-headings with the same words
                anchor = f"{anchor}_{i}"
        elif token.type in _NUMBERED_BLOCKS and not token.hidden:
            blocks += 1
            anchor = f"{section.id}_{blocks}"
        else:
            tokens.append(token)
            continue
        tokens.append(token.copy(attrs={**token.attrs, "id": anchor}))
    return tokens


class BodyRenderer:
    """markdown-it's HTML renderer with plainleaf's rules for citations, figures and call-outs."""

    def __init__(self, handout: Handout, target: Target, country: str = DEFAULT_COUNTRY):
        self.handout = handout
        self.target = target
        self.country = country  # the clinic's: where the text's telephone numbers are
        self.anchors = citation_anchors(handout)
        self.term_uses = first_uses(handout)
        self.md = MarkdownIt("commonmark", {"html": False}).enable("table")
        # Bound methods go straight into the rules table: add_render_rule would rebind them to the renderer.
        rules = self.md.renderer.rules
        for name in ("citation", "image", "paragraph_open", "paragraph_close", "th_open", "text", "link_open",
                     "link_close"):
            rules[name] = getattr(self, f"_{name}")
        for name in ("strong_open", "strong_close", "em_open", "em_close", "span_open", "span_close"):
            rules[name] = self._inline_markup
        self._code_inline = rules["code_inline"]
        rules["code_inline"] = self._code
        words = OwnWords(handout.language)
        self.callout_labels = {kind: words.markup(label) for kind, label in (
            ("important", N_("Important")), ("tip", N_("Tip")), ("warning", N_("Warning")))}
        for kind in self.callout_labels:
            rules[f"container_{kind}_open"] = self._callout_open
            rules[f"container_{kind}_close"] = self._callout_close

    def render(self, section: Section) -> Markup:
        env: dict[str, Any] = {"section": section, "callouts": 0}
        return Markup(self.md.renderer.render(_with_block_ids(section), self.md.options, env))

    def _citation(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        known = {r.id for r in self.handout.meta.references}
        links = [
            f'<a href="{self.target.href("references", "ref-" + i)}" role="doc-noteref">'
            f"{self.handout.reference_number(i)}</a>"
            for i in token.meta["ids"] if i in known
        ]
        return f'<span class="citation" id="{self.anchors[id(token)]}">[{", ".join(links)}]</span>'

    def _text(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """Text, with the first use of each glossary term linked to its entry on the "Words to know" page."""
        content, parts, done = tokens[idx].content, [], 0
        for use in [] if env.get("in_link") else self.term_uses.get(id(tokens[idx]), []):  # never a link in a link
            parts += [escapeHtml(content[done:use.start]),
                      f'<a href="{self.target.href("glossary", use.anchor)}" role="doc-glossref">'
                      f"{escapeHtml(content[use.start:use.end])}</a>"]
            done = use.end
        return "".join(parts) + escapeHtml(content[done:])

    def _link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        env["in_link"] = True
        token, href = tokens[idx], str(tokens[idx].attrGet("href") or "")
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
        env["in_link"] = False
        return self.md.renderer.renderToken(tokens, idx, options, env)

    # A link holds text only: markup inside <a> breaks the PDF's Link structure (WeasyPrint 70 splits the link).
    def _inline_markup(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "" if env.get("in_link") else self.md.renderer.renderToken(tokens, idx, options, env)

    def _code(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if env.get("in_link"):
            return str(escape(tokens[idx].content))
        return self._code_inline(tokens, idx, options, env)

    def _image(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        if env.get("in_link"):
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
        tokens[idx].attrSet("scope", "col")
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _callout_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        kind = tokens[idx].info.strip().split()[0]
        env["callouts"] += 1
        label_id = f"{env['section'].id}--callout-{env['callouts']}"
        return (f'<aside class="callout callout-{kind}" id="{tokens[idx].attrGet("id")}" '
                f'aria-labelledby="{label_id}">\n'
                f'<p class="callout-label" id="{label_id}">{self.callout_labels[kind]}</p>\n')

    def _callout_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "</aside>\n"
