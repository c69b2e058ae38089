"""Markdown source → Handout model: front matter, `##` sections, citations, figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import HandoutError, HandoutErrors
from .limits import MAX_NESTING, MAX_SECTIONS, file_name_problem
from .model import FrontMatter, Handout, Image, Section, language_problem, slugify
from .source import load_yaml, read_text, validate

CALLOUT_KINDS = ("important", "tip", "warning")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_CITATION = re.compile(r"\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")
# Where a link may go (hrefs arrive percent-encoded from markdown-it): the web, email, phone, this handout.
_LINK_TARGET = re.compile(r"^(?:https?://[^/\s]+\S*|mailto:[^@\s]+@\S+|tel:\+?[\d().-]+|#[A-Za-z][\w.:-]*)$", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NESTING_OPENS = ("bullet_list_open", "ordered_list_open", "blockquote_open",
                  *(f"container_{kind}_open" for kind in CALLOUT_KINDS))


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
    """The CommonMark parser with plainleaf's syntax: front matter, call-outs, citations, `[x]{lang=..}`."""
    md = MarkdownIt("commonmark").enable("table")
    md.use(front_matter_plugin)
    for kind in CALLOUT_KINDS:
        md.use(container_plugin, kind)
    md.use(attrs_plugin, spans=True, allowed=["lang"])
    md.inline.ruler.before("link", "citation", _citation_rule)
    # Keep every link and picture as a token, whatever its address, so that _check_markup can name the line of a
    # refused one instead of markdown-it silently printing it as text.
    md.validateLink = lambda url: True
    return md


def parse_handout(path: Path, slug: str | None = None) -> Handout:
    """Read and parse one handout.md; raise HandoutErrors listing every problem found."""
    slug = slug or path.parent.name
    slug_problem = file_name_problem(slug) if _SLUG.match(slug) else "use lower-case letters, digits and hyphens"
    if slug_problem:
        raise HandoutErrors([HandoutError(
            path.parent, None, f"the handout folder name {slug!r} cannot be used as a file name",
            f"{slug_problem}; a good name looks like neuroendocrine-tumors")])
    if not path.resolve().is_relative_to(path.parent.resolve()):
        raise HandoutErrors([HandoutError(path, None, "the handout file is a link to a file outside its folder",
                                          "put the real handout.md file in the handout folder")])
    text = read_text(path, own_folder=True)
    tokens = markdown_parser().parse(text)
    if not tokens or tokens[0].type != "front_matter":
        unclosed = text.startswith("---\n")
        raise HandoutErrors([HandoutError(
            path, 1, "the front matter is never closed" if unclosed else "the handout has no front matter",
            "add a line with just '---' after the last front-matter key" if unclosed else
            "start the file with a '---' line, the title, summary and reviewed keys, and another '---'")])
    front, body = tokens[0], tokens[1:]
    _mark_figures(body)
    data, lines = load_yaml(front.content, path, first_line=2)
    meta = validate(FrontMatter, data, path, lines)
    headings = [t for t in body if t.type == "heading_open" and t.tag == "h2"]
    if len(headings) > MAX_SECTIONS:  # checked first: every later step is per section
        raise HandoutErrors([HandoutError(
            path, headings[MAX_SECTIONS].map[0] + 1 if headings[MAX_SECTIONS].map else None,
            f"the handout has {len(headings)} sections; the limit is {MAX_SECTIONS}",
            "split it into several handouts, each on one topic")])
    errors: list[HandoutError] = []
    _check_markup(body, path, errors)
    sections = _split_sections(body, path, errors)
    if not sections and not errors:
        errors.append(HandoutError(path, None, "the handout has no sections",
                                   "start each section with a '## ' heading"))
    if errors:
        raise HandoutErrors(errors)
    return Handout(
        slug=slug, source=path, meta=meta, sections=tuple(sections),
        citation_order=tuple(_citation_order(body)), images=tuple(_images(body)),
    )


def _split_sections(body: list[Token], path: Path, errors: list[HandoutError]) -> list[Section]:
    sections: list[Section] = []
    current: list[Token] | None = None
    title, line = "", 0
    used_ids: set[str] = set()

    def close() -> None:
        if current is None:
            return
        if not current:
            errors.append(HandoutError(path, line, f"the section {title!r} is empty",
                                       "write some text under the heading or remove it"))
        sections.append(Section(id=_unique_id(title, used_ids), title=title, line=line, tokens=tuple(current)))

    i = 0
    while i < len(body):
        token = body[i]
        token_line = token.map[0] + 1 if token.map else line
        if token.type == "heading_open" and token.tag == "h1":
            errors.append(HandoutError(path, token_line, "a '# ' heading is not allowed in the text",
                                       "the title comes from `title:` in the front matter; use '## ' for sections"))
        if token.type == "heading_open" and token.tag == "h2":
            close()
            title, line = body[i + 1].content.strip(), token_line
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


def _check_markup(body: list[Token], path: Path, errors: list[HandoutError]) -> None:
    """Only Markdown gets through: no raw HTML, links only to safe places, pictures only as files in the handout
    folder, `{lang=..}` only with a real language tag, and no deep nesting."""
    depth, too_deep = 0, False
    reported: set[tuple[int | None, str]] = set()  # one error per line and kind, not one per HTML tag
    for token in body:
        line = token.map[0] + 1 if token.map else None
        if token.type in _NESTING_OPENS:
            depth += 1
            if depth > MAX_NESTING and not too_deep:
                too_deep = True
                errors.append(HandoutError(
                    path, line, f"lists, quotes and boxes are nested {depth} deep; the limit is {MAX_NESTING}",
                    "use fewer levels: readers of large print lose their place in deeply nested lists"))
        elif token.type.endswith("_close") and token.type.replace("_close", "_open") in _NESTING_OPENS:
            depth -= 1
        for item in _nested(token):
            problem = _markup_problem(item)
            if problem and (line, problem[0]) not in reported:
                reported.add((line, problem[0]))
                errors.append(HandoutError(path, line, *problem))


def _nested(token: Token) -> Iterator[Token]:
    """The token and everything inside it (a picture's alt text is parsed too, links and all)."""
    yield token
    for child in token.children or []:
        yield from _nested(child)


def _markup_problem(token: Token) -> tuple[str, str] | None:
    """(message, hint) when a token would let something other than plain Markdown through."""
    if token.type in ("html_block", "html_inline"):
        return ("raw HTML is not allowed in a handout",
                "use Markdown instead (e.g. **bold**, lists, ::: important boxes)")
    if token.type == "link_open":
        href = str(token.attrGet("href") or "")
        if not _LINK_TARGET.match(href):
            return (f"the link {href!r} cannot be used",
                    "a link may go to a web page (https://...), an email address (mailto:), a phone number (tel:) "
                    "or a heading in this handout (#...)")
    if token.type == "image":
        src = str(token.attrGet("src") or "")
        problem = _picture_address_problem(src)
        if problem:
            return (f"the picture {src!r} cannot be used: {problem}",
                    "put the picture in the handout folder and name it with letters, digits and hyphens, "
                    "e.g. ![what it shows](images/chart.png)")
    lang = token.attrGet("lang") if token.attrs else None
    if lang is not None:
        problem = language_problem(str(lang))
        if problem:
            return problem, "mark words in another language like this: [hola]{lang=es}"
    return None


def _picture_address_problem(src: str) -> str | None:
    if _SCHEME.match(src) or src.startswith("//"):
        return "a picture must be a file in the handout folder, not a web address or other link"
    if src.startswith(("/", "\\")):
        return "a picture path must be relative to the handout folder"
    parts = src.split("/")
    if any(part in ("..", ".") for part in parts):
        return "a picture path may not contain '..' or '.' parts"
    for part in parts:
        problem = file_name_problem(part)
        if problem:
            return f"{part!r} is not a usable file name ({problem})"
    if not src.lower().endswith(PICTURE_SUFFIXES):
        return "pictures must be PNG, JPEG or SVG files (.png, .jpg, .jpeg or .svg)"
    return None


def _check_heading_levels(section: Section, path: Path, errors: list[HandoutError]) -> None:
    level = 2
    for token in section.tokens:
        if token.type == "heading_open":
            new = int(token.tag[1])
            if new > level + 1:
                errors.append(HandoutError(
                    path, token.map[0] + 1 if token.map else section.line,
                    f"heading level jumps from {'#' * level} to {'#' * new}",
                    f"use {'#' * (level + 1)} here; screen-reader users navigate by heading level"))
            level = new


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


def _citation_order(tokens: list[Token]) -> list[str]:
    order: list[str] = []
    for _, children in _inline_children(tokens):
        for child in children:
            if child.type == "citation":
                order.extend(i for i in child.meta["ids"] if i not in order)
    return order


def _images(tokens: list[Token]) -> list[Image]:
    images = []
    for inline, children in _inline_children(tokens):
        for child in children:
            if child.type == "image":
                images.append(Image(
                    src=str(child.attrGet("src") or ""), alt=child.content.strip(),
                    caption=str(child.attrGet("title") or "") or None,
                    line=inline.map[0] + 1 if inline.map else 0))
    return images


def _mark_figures(tokens: list[Token]) -> None:
    """A paragraph holding only a picture becomes a <figure> with the title as its caption."""
    for i in range(1, len(tokens) - 1):
        children = tokens[i].children or []
        if tokens[i].type == "inline" and len(children) == 1 and children[0].type == "image":
            tokens[i - 1].meta["figure"] = True
            tokens[i + 1].meta["figure"] = True
