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
from .model import FrontMatter, Handout, Image, Section
from .source import load_yaml, read_text, validate

CALLOUT_KINDS = ("important", "tip", "warning")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_CITATION = re.compile(r"\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")


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
    return md


def parse_handout(path: Path, slug: str | None = None) -> Handout:
    """Read and parse one handout.md; raise HandoutErrors listing every problem found."""
    slug = slug or path.parent.name
    if not _SLUG.match(slug):
        raise HandoutErrors([HandoutError(
            path.parent, None, f"the handout folder name {slug!r} cannot be used as a file name",
            "use lower-case letters, digits and hyphens, e.g. neuroendocrine-tumors")])
    text = read_text(path)
    tokens = markdown_parser().parse(text)
    if not tokens or tokens[0].type != "front_matter":
        raise HandoutErrors([HandoutError(
            path, 1, "the handout has no front matter",
            "start the file with a '---' line, the title, summary and reviewed keys, and another '---'")])
    front, body = tokens[0], tokens[1:]
    _mark_figures(body)
    data, lines = load_yaml(front.content, path, first_line=2)
    meta = validate(FrontMatter, data, path, lines)
    errors: list[HandoutError] = []
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
        if token.type in ("html_block", "html_inline") or (
                token.type == "inline" and any(c.type == "html_inline" for c in token.children or [])):
            errors.append(HandoutError(path, token_line, "raw HTML is not allowed in a handout",
                                       "use Markdown instead (e.g. **bold**, lists, ::: important boxes)"))
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
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
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
