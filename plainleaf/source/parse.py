"""Markdown source → Handout model: front matter, `##` sections, citations, figures, and the document tree
(reader.py) that every later stage reads; what the Markdown may not hold is markup.py's."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import HandoutError, HandoutErrors
from ..limits import MAX_SECTIONS, SLUG, file_name_problem
from .contacts import DEFAULT_COUNTRY
from .files import load_yaml, read_text, validate
from .markup import (
    check_boxes_closed,
    check_contact_links,
    check_markup,
    leftover_markup_rule,
    picture_address_problem,
    report_leftover_markup,
)
from .model import FrontMatter, Handout, Image, Section, slugify
from .reader import SectionTokens, build_sections, read_key_points
from .tree import CALLOUT_KINDS

_SLUG = re.compile(rf"^{SLUG}$")
_CITATION = re.compile(r"\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")
# A note to the author on lines of its own: one or more whole HTML comments and nothing else.
_NOTE = re.compile(r"(?:\s*<!--(?:(?!-->).)*-->)+\s*", re.DOTALL)
# Ids (and EPUB file names) of the pages plainleaf adds around the sections: "## Questions?" must not take
# "questions", the id of the questions page, nor "## Nav" the EPUB's nav.xhtml.
PAGE_IDS = frozenset({"title", "toc", "nav", "landmarks", "page-list", "glossary", "references", "questions",
                      "contacts", "emergency-label", "key-points-label"})
def _citation_rule(state: StateInline, silent: bool) -> bool:
    """`[@a; @b]` → a `citation` token carrying the reference ids."""
    if state.src[state.pos] != "[":
        return False
    match = _CITATION.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"ids": [part.strip()[1:] for part in match.group(1).split(";")]}
    state.pos = match.end()
    return True


def markdown_parser() -> MarkdownIt:
    """The CommonMark parser with plainleaf's syntax: front matter, call-outs, citations, `[x]{lang=..}`, web and
    e-mail addresses in the text as links."""
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify"])
    # A web or e-mail address typed in the text becomes a link, so that PDF and EPUB readers know it for one:
    # only with its scheme (https://..., or an e-mail address), never a name with a dot in it (Cancer.Net).
    md.linkify.set({"fuzzy_link": False})
    for schema in ("ftp:", "//"):
        md.linkify.add(schema, None)
    md.use(front_matter_plugin)
    for kind in CALLOUT_KINDS:
        md.use(container_plugin, kind)
    md.use(attrs_plugin, spans=True, allowed=["lang"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.core.ruler.before("linkify", "leftover_markup", leftover_markup_rule)  # on the text as written
    # Keep every link and picture as a token, whatever its address, so that check_markup can name the line of a
    # refused one instead of markdown-it silently printing it as text.
    md.validateLink = lambda url: True
    return md


def slug_problem(slug: str) -> str | None:
    """Why a handout folder's name cannot name its output files (or None)."""
    return file_name_problem(slug) if _SLUG.match(slug) else "use lower-case letters, digits and hyphens"


def parse_handout(path: Path, slug: str | None = None, country: str | None = DEFAULT_COUNTRY) -> Handout:
    """Read and parse one handout.md; raise HandoutErrors listing every problem found.

    Telephone numbers are read in `country`, the clinic's (ISO 3166); with None they are not judged, for callers
    that need only the handout's facts (planning, editions) and never render it."""
    handout, errors = read_handout(path, slug, country)
    if errors or handout is None:
        raise HandoutErrors(errors)
    return handout


def read_handout(path: Path, slug: str | None = None, country: str | None = DEFAULT_COUNTRY
                 ) -> tuple[Handout | None, list[HandoutError]]:
    """The handout as far as it can be read, and every problem found in it. The front matter and the text are
    checked apart, so one run reports both; the handout is None only when there is no valid front matter or the
    file cannot be read, and otherwise goes on to the checks with what parsed (a problem's blocks included)."""
    slug = slug or path.parent.name
    errors: list[HandoutError] = []
    if problem := slug_problem(slug):
        errors.append(HandoutError(path.parent, None, f"the handout folder name {slug!r} cannot be used as a file name",
                                   f"{problem}; a good name looks like neuroendocrine-tumors"))
    if not path.resolve().is_relative_to(path.parent.resolve()):  # never read through such a link
        return None, [*errors, HandoutError(path, None, "the handout file is a link to a file outside its folder",
                                            "put the real handout.md file in the handout folder")]
    try:
        text = read_text(path, own_folder=True)
    except HandoutErrors as exc:
        return None, [*errors, *exc.errors]
    env: dict[str, list[tuple[int, str, str]]] = {}
    tokens = markdown_parser().parse(text, env)
    if not tokens or tokens[0].type != "front_matter":
        unclosed = text.startswith("---\n")
        return None, [*errors, HandoutError(
            path, 1, "the front matter is never closed" if unclosed else "the handout has no front matter",
            "add a line with just '---' after the last front-matter key" if unclosed else
            "start the file with a '---' line, the title, summary and reviewed keys, and another '---'")]
    front, body = tokens[0], [t for t in tokens[1:] if not _is_note(t)]
    meta = None
    try:
        data, lines = load_yaml(front.content, path, first_line=2)
        meta = validate(FrontMatter, data, path, lines, context={"country": country})
    except HandoutErrors as exc:  # the text is still checked
        errors += exc.errors
    headings = [t for t in body if t.type == "heading_open" and t.tag == "h2" and not t.level]
    if len(headings) > MAX_SECTIONS:  # checked first: every later step is per section
        return None, [*errors, HandoutError(
            path, headings[MAX_SECTIONS].map[0] + 1 if headings[MAX_SECTIONS].map else None,
            f"the handout has {len(headings)} sections; the limit is {MAX_SECTIONS}",
            "split it into several handouts, each on one topic")]
    in_text: list[HandoutError] = []
    check_markup(body, path, in_text)
    check_contact_links(body, path, country, in_text)
    report_leftover_markup(env.get("leftover_markup", []), path, in_text)
    check_boxes_closed(body, text.split("\n"), path, in_text)
    parts = [replace(part, heading=_without_raw_html(part.heading), body=_without_raw_html(part.body))
             for part in _split_sections(body, path, in_text)]  # raw HTML is reported: the rest reads Markdown
    if not parts and not in_text:
        in_text.append(HandoutError(path, None, "the handout has no sections",
                                    "start each section with a '## ' heading"))
    errors += in_text
    if meta is None:
        return None, errors
    handout = Handout(slug=slug, source=path, meta=meta, sections=tuple(Section(p.id, p.title, p.line) for p in parts),
                      citation_order=tuple(_citation_order(body)), images=tuple(_images(body)), front_lines=lines)
    # the tree is all that later stages read: the tokens end here
    tree = build_sections(parts, [r.id for r in handout.cited_references()], list(meta.glossary))
    return replace(handout, body=tree, key_points=read_key_points(handout, lines)), errors


def _without_raw_html(tokens: Sequence[Token]) -> tuple[Token, ...]:
    """The tokens with their raw HTML left out (it is refused, and nothing after parsing reads it)."""
    for token in tokens:
        if token.children and any(child.type == "html_inline" for child in token.children):
            token.children = [child for child in token.children if child.type != "html_inline"]
    return tuple(token for token in tokens if token.type not in ("html_block", "html_inline"))


def _is_note(token: Token) -> bool:
    """`<!-- ... -->` on lines of its own is a note to the author: left out of every file, never raw HTML."""
    return token.type == "html_block" and bool(_NOTE.fullmatch(token.content))


def _split_sections(body: list[Token], path: Path, errors: list[HandoutError]) -> list[SectionTokens]:
    sections: list[SectionTokens] = []
    current: list[Token] | None = None
    title, line, heading = "", 0, None
    used_ids: set[str] = set(PAGE_IDS)

    def close() -> None:
        if current is None:
            return
        if not current:
            errors.append(HandoutError(path, line, f"the section {title!r} is empty",
                                       "write some text under the heading or remove it"))
        # text before the first heading is a section of its own, headed by its made-up title
        words = heading if heading is not None else markdown_parser().parseInline(title)[0]
        sections.append(SectionTokens(_unique_id(title, used_ids), title, line, words.children or [],
                                      tuple(current)))

    i = 0
    while i < len(body):
        token = body[i]
        token_line = token.map[0] + 1 if token.map else line
        if token.type == "heading_open" and token.tag == "h1":
            errors.append(HandoutError(path, token_line, "a '# ' heading is not allowed in the text",
                                       "the title comes from `title:` in the front matter; use '## ' for sections"))
        if token.type == "heading_open" and token.tag == "h2" and token.level:
            errors.append(HandoutError(path, token_line, "a '## ' section heading is inside a list, quote or box",
                                       "start sections at the left margin, outside lists, quotes and boxes; "
                                       "inside them, use **bold words**"))
        elif token.type == "heading_open" and token.tag == "h2":
            close()
            heading, line = body[i + 1], token_line
            _check_heading_words(heading, line, path, errors)
            title = plain_text(heading) or heading.content.strip()
            current = []
            i += 3
            continue
        if current is None:
            errors.append(HandoutError(path, token_line, "text comes before the first section heading",
                                       "start the text with a '## ' heading, e.g. '## What is it?'"))
            current = []
            title, line = "(untitled)", token_line
        current.append(token)
        i += 1
    close()
    for section in sections:
        _check_heading_levels(section, path, errors)
    return sections


def _check_heading_levels(section: SectionTokens, path: Path, errors: list[HandoutError]) -> None:
    level = 2
    for i, token in enumerate(section.body):
        if token.type == "heading_open":
            _check_heading_words(section.body[i + 1], token.map[0] + 1 if token.map else section.line, path, errors)
            new = int(token.tag[1])
            if new > level + 1:
                errors.append(HandoutError(
                    path, token.map[0] + 1 if token.map else section.line,
                    f"heading level jumps from {'#' * level} to {'#' * new}",
                    f"use {'#' * (level + 1)} here; screen-reader users navigate by heading level"))
            level = new


def _check_heading_words(inline: Token, line: int, path: Path, errors: list[HandoutError]) -> None:
    """A heading says in words what follows it: screen-reader users move from heading to heading, and the EPUB's
    contents list a section by its heading's words."""
    if not plain_text(inline):
        errors.append(HandoutError(path, line, "this heading has no words",
                                   "write what the part below it is about after the #'s, or remove the line"))


def _unique_id(title: str, used: set[str]) -> str:
    base = slugify(title) or "section"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _inline_children(tokens: list[Token]) -> Iterator[tuple[Token, list[Token]]]:
    for token in tokens:
        if token.type == "inline":
            yield token, token.children or []


def plain_text(inline: Token) -> str:
    """An inline token's words as they print, without markup or citations (a heading as a title)."""
    parts = [" " if child.type in ("softbreak", "hardbreak") else child.content
             for child in inline.children or [] if child.type in ("text", "code_inline", "softbreak", "hardbreak")]
    return " ".join("".join(parts).split())


def _citation_order(tokens: list[Token]) -> list[str]:
    order: dict[str, None] = {}  # insertion-ordered, and found in constant time however many references there are
    for _, children in _inline_children(tokens):
        for child in children:
            if child.type == "citation":
                order.update(dict.fromkeys(child.meta["ids"]))
    return list(order)


def _images(tokens: list[Token]) -> list[Image]:
    images = []
    for inline, children in _inline_children(tokens):
        for child in children:  # a picture whose address is refused is reported as such, not read
            if child.type == "image" and not picture_address_problem(str(child.attrGet("src") or "")):
                images.append(Image(
                    src=str(child.attrGet("src") or ""), alt=child.content.strip(),
                    caption=str(child.attrGet("title") or "") or None,
                    line=inline.map[0] + 1 if inline.map else 0))
    return images
