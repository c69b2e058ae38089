"""Markdown source → Handout model: front matter, `##` sections, citations, figures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import HandoutError, HandoutErrors
from ..limits import MAX_NESTING, MAX_SECTIONS, file_name_problem
from .contacts import DEFAULT_COUNTRY, email_problem, mailto_addresses, phone_problem, tel_link_number, url_problem
from .files import load_yaml, read_text, validate
from .model import FrontMatter, Handout, Image, Section, language_problem, slugify

CALLOUT_KINDS = ("important", "tip", "warning")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
_CITATION = re.compile(r"\[(@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*)\]")
# Where a link may go (hrefs arrive percent-encoded from markdown-it): the web, email, phone, this handout. Where
# exactly is _check_contact_links's.
_LINK_TARGET = re.compile(r"^(?:https?:\S*|mailto:\S*|tel:\S*|#[A-Za-z0-9][\w.:-]*)$", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Markdown the inline parser left as text: it would print as its own source. Literal pairs of characters (and
# `{lang=`), so finding them is linear.
_LEFTOVER = re.compile(r"!\[|\]\(|\]\[|\[@|\]\{|\{\s*+lang\s*+=")
_BOX_FENCE = re.compile(r"[ \t]*:::")
# A note to the author on lines of its own: one or more whole HTML comments and nothing else.
_NOTE = re.compile(r"(?:\s*<!--(?:(?!-->).)*-->)+\s*", re.DOTALL)
# Ids (and EPUB file names) of the pages plainleaf adds around the sections: "## Questions?" must not take
# "questions", the id of the questions page, nor "## Nav" the EPUB's nav.xhtml.
PAGE_IDS = frozenset({"title", "toc", "nav", "landmarks", "page-list", "glossary", "references", "questions",
                      "contacts", "emergency-label", "key-points-label"})
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
    md.core.ruler.before("linkify", "leftover_markup", _leftover_markup_rule)  # on the text as written
    # Keep every link and picture as a token, whatever its address, so that _check_markup can name the line of a
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
    _mark_figures(body)
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
    _check_markup(body, path, in_text)
    _check_contact_links(body, path, country, in_text)
    _report_leftover_markup(env.get("leftover_markup", []), path, in_text)
    _check_boxes_closed(body, text.split("\n"), path, in_text)
    sections = [replace(section, tokens=_without_raw_html(section.tokens))  # reported: the rest reads Markdown
                for section in _split_sections(body, path, in_text)]
    if not sections and not in_text:
        in_text.append(HandoutError(path, None, "the handout has no sections",
                                    "start each section with a '## ' heading"))
    errors += in_text
    if meta is None:
        return None, errors
    return Handout(
        slug=slug, source=path, meta=meta, sections=tuple(sections),
        citation_order=tuple(_citation_order(body)), images=tuple(_images(body)), front_lines=lines,
    ), errors


def _without_raw_html(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    """The tokens with their raw HTML left out (it is refused, and nothing after parsing reads it)."""
    for token in tokens:
        if token.children and any(child.type == "html_inline" for child in token.children):
            token.children = [child for child in token.children if child.type != "html_inline"]
    return tuple(token for token in tokens if token.type != "html_block")


def _is_note(token: Token) -> bool:
    """`<!-- ... -->` on lines of its own is a note to the author: left out of every file, never raw HTML."""
    return token.type == "html_block" and bool(_NOTE.fullmatch(token.content))


def _split_sections(body: list[Token], path: Path, errors: list[HandoutError]) -> list[Section]:
    sections: list[Section] = []
    current: list[Token] | None = None
    title, line, heading = "", 0, None
    used_ids: set[str] = set(PAGE_IDS)

    def close() -> None:
        if current is None:
            return
        if not current:
            errors.append(HandoutError(path, line, f"the section {title!r} is empty",
                                       "write some text under the heading or remove it"))
        sections.append(Section(id=_unique_id(title, used_ids), title=title, line=line, tokens=tuple(current),
                                heading=heading))

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
                "use Markdown instead (e.g. **bold**, lists, ::: important boxes); a note to yourself goes on lines "
                "of its own, as <!-- note -->")
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


def _children_with_lines(tokens: list[Token]) -> Iterator[tuple[Token, int | None]]:
    """Every inline token (and those inside a picture's alt text) with its own line: its block's first line plus
    the line breaks before it."""
    for token in tokens:
        if token.type != "inline":
            continue
        line = token.map[0] + 1 if token.map else None
        for child in token.children or []:
            for item in _nested(child):
                yield item, line
            if line is not None and child.type in ("softbreak", "hardbreak"):
                line += 1


def _check_contact_links(body: list[Token], path: Path, country: str | None, errors: list[HandoutError]) -> None:
    """A link in the text to a web page, an e-mail address or a telephone number must go somewhere real, by the
    rules for the front matter's contact details (telephone numbers only when the clinic's country is known)."""
    for token, line in _children_with_lines(body):
        href = str(token.attrGet("href") or "") if token.type == "link_open" else ""
        scheme = href.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            problem = url_problem(href)
        elif scheme == "mailto":
            problem = next(filter(None, map(email_problem, mailto_addresses(href))), None)
        elif scheme == "tel" and country:
            problem = phone_problem(tel_link_number(href), country)
        else:
            continue
        if problem:
            errors.append(HandoutError(path, line, f"the link {href!r} cannot be used: {problem.message}",
                                       problem.hint))


def _leftover_markup_rule(state: StateCore) -> None:
    """Record Markdown that the inline parser left as text (a picture whose path has a space, a link to an
    undefined label, a citation never closed...) with its line, into env["leftover_markup"]. It reads the text
    as written, line by line: an address made a link inside it still counts as text, while escaped characters
    (`\\[` is meant), code, links, pictures and citations are not text to look into."""
    found = state.env.setdefault("leftover_markup", [])
    for token in state.tokens:
        if token.type != "inline" or not token.map:
            continue
        written = "".join(_as_written(child) for child in token.children or [])
        for n, text in enumerate(written.split("\n")):
            line = token.map[0] + 1 + n
            if _BOX_FENCE.match(text):
                found.append((line, ":::", text.strip()))
            done = 0
            for match in _LEFTOVER.finditer(text):
                if match.start() >= done:  # "![x](a b.png)" is one picture, not a picture and a link
                    snippet, done = _snippet(text, match)
                    found.append((line, match.group()[:2], snippet.replace(_OPAQUE, "…")))


_OPAQUE = "\x00"  # stands for what is not text in _as_written: no leftover pattern can match across it


def _as_written(child: Token) -> str:
    if child.type == "text":
        return child.content
    if child.type in ("softbreak", "hardbreak"):
        return "\n"
    return "" if child.markup == "linkify" else _OPAQUE  # an address made a link: its text is the text


_SNIPPET_END = {  # where each kind of leftover ends: a picture or link after its address, a reference after its
    # label, a citation before the next bracket, words marked with a language after the tag
    "![": re.compile(r"[^\]]*+(?:\](?:[ \t]*+\([^)]*+\)?|\[[^\]]*+\]?)?)?"), "](": re.compile(r"[^)]*+\)?"),
    "][": re.compile(r"[^\]]*+\]?"), "[@": re.compile(r"[^\][\s,;]*+\]?"), "]{": re.compile(r"[^}\s,;]*+}?"),
    "{l": re.compile(r"[^}\s,;]*+}?"),
}


def _snippet(text: str, match: re.Match[str], longest: int = 80) -> tuple[str, int]:
    """The piece of markup a leftover belongs to (from its opening bracket), and where it ends in `text`."""
    kind = match.group()[:2]
    if kind in ("](", "][", "]{"):  # back to the opening bracket, within a bound (a run of "]()" stays linear)
        start = max(text.rfind("[", max(0, match.start() - longest), match.start() + 1), 0)
    else:
        start = match.start()
    end = _SNIPPET_END[kind].match(text, match.end()).end()
    shown = text[start:min(end, start + longest)].strip()
    return shown + ("…" if end - start > longest else ""), end


def _report_leftover_markup(found: list[tuple[int, str, str]], path: Path, errors: list[HandoutError]) -> None:
    """Each piece of Markdown left as text is an error at its line, with how to write what it meant."""
    reported: set[tuple[int, str]] = set()
    unknown_boxes = 0  # "::: tips" ... ":::" is one mistake: its closing line is not reported again
    for line, kind, snippet in found:
        if kind == ":::":
            if snippet.strip(": \t"):
                unknown_boxes += 1
            elif unknown_boxes:
                unknown_boxes -= 1
                continue
        if (line, kind) in reported:
            continue
        reported.add((line, kind))
        errors.append(HandoutError(path, line, *_leftover_problem(kind, snippet)))


def _leftover_problem(kind: str, snippet: str) -> tuple[str, str]:
    """(message, hint) for a piece of Markdown of `kind` ("![", "](", "][", "[@", "]{", "{l" or ":::")."""
    label = re.search(r"\]\[([^\]]*)\]", snippet)
    address = snippet.partition("](")[2]
    closed = address.endswith(")")
    spaced = closed and " " in address.removesuffix(")").partition(' "')[0].strip()
    apart = re.search(r"\][ \t]+\(", snippet)  # "![x] (file.png)"
    if label or (kind == "![" and "](" not in snippet and not apart):
        name = label.group(1) if label and label.group(1) else snippet.strip("![]").partition("]")[0]
        what = "picture" if kind == "![" else "link"
        target = "images/file.png" if what == "picture" else "https://..."
        return (f"{snippet!r} is a {what} to the label [{name}], which is not defined: it would print as text",
                f"write the {what} in full, e.g. {'!' if what == 'picture' else ''}[words]({target}), or define "
                f"the label on a line of its own: [{name}]: {target}")
    if kind in ("![", "]("):
        what = "picture" if snippet.startswith("![") else "link"
        if spaced:
            where = address.removesuffix(")").partition(' "')[0].strip()
            fix = (f"rename the file without spaces, e.g. {re.sub(r' +', '-', where)} (picture file names are "
                   "letters, digits, '-' and '_')" if what == "picture" else
                   f"write the address in angle brackets, {snippet.replace('](' + where, '](<' + where + '>', 1)}, "
                   "or each space as %20")
            return (f"{snippet!r} looks like a {what} but is not one: its address has a space, so it would print "
                    "as text", fix)
        example = '![what it shows](images/file.png "caption")' if what == "picture" else "[words](https://...)"
        why = "its ( is never closed" if address and not closed else "it would print as text"
        return (f"{snippet!r} looks like a {what} but is not one: {why}",
                f"write it as {example}, with nothing between ] and (; to print the brackets, write \\[ and \\]")
    if kind == "[@":
        return (f"{snippet!r} looks like a citation but is not one: it would print as text",
                "write a citation as [@id] or [@a; @b], with the ids of references in the front matter and "
                "nothing else inside the brackets")
    if kind in ("]{", "{l"):
        return (f"{snippet!r} looks like words marked with a language but is not: it would print as text",
                "mark words in another language like this: [hola]{lang=es}")
    if snippet.strip(": \t"):
        return (f"{snippet!r} is not a box plainleaf knows", "open a box with ::: important, ::: tip or "
                "::: warning, and close it with a line of just :::")
    return ("this ::: closes no box", "remove it, or open a box before it with ::: important, ::: tip or ::: warning")


def _check_boxes_closed(body: list[Token], lines: list[str], path: Path, errors: list[HandoutError]) -> None:
    """A `:::` box must be closed: without its closing line it takes in the rest of the handout (or of the box
    around it, whose closing line it shares: the plugin closes it there without a word)."""
    claimed: set[int] = set()
    for token in body:  # outer boxes come first, and take their closing line
        if token.type.startswith("container_") and token.type.endswith("_open") and token.map:
            end = token.map[1]
            closing = lines[end] if end < len(lines) else ""
            if end in claimed or not (_BOX_FENCE.match(closing) and not closing.strip(": \t")):
                errors.append(HandoutError(
                    path, token.map[0] + 1, f"the {token.info.strip()!r} box is never closed",
                    "add a line with just ::: where the box ends (a box inside another needs a longer fence "
                    "around the outer one: :::: important ... ::::)"))
            claimed.add(end)


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
            if child.type == "image" and not _picture_address_problem(str(child.attrGet("src") or "")):
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
