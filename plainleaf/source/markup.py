"""What the parser refuses or reports in a handout's Markdown, on markdown-it's tokens: raw HTML, links and
pictures to places a handout may not point, contact links that reach no one, Markdown left as text, boxes never
closed. Part of the parser (with parse.py and reader.py, the only modules that read markdown-it's tokens)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..errors import HandoutError
from ..limits import MAX_NESTING, file_name_problem
from .contacts import LINK_SCHEMES, email_problem, mailto_addresses, phone_problem, tel_link_number, url_problem
from .model import language_problem
from .tree import CALLOUT_KINDS

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_BOXES = ", ".join(f"::: {kind}" for kind in CALLOUT_KINDS[:-1]) + f" or ::: {CALLOUT_KINDS[-1]}"
# Where a link may go (hrefs arrive percent-encoded from markdown-it): the web, email, phone, this handout. Where
# exactly is check_contact_links's.
_LINK_TARGET = re.compile(rf"^(?:(?:{LINK_SCHEMES})\S*|#[A-Za-z0-9][\w.:-]*)$", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Markdown the inline parser left as text: it would print as its own source. Literal pairs of characters (and
# `{lang=`), so finding them is linear.
_LEFTOVER = re.compile(r"!\[|\]\(|\]\[|\[@|\]\{|\{\s*+lang\s*+=")
_BOX_FENCE = re.compile(r"[ \t]*:::")
_NESTING_OPENS = ("bullet_list_open", "ordered_list_open", "blockquote_open",
                  *(f"container_{kind}_open" for kind in CALLOUT_KINDS))




def check_markup(body: list[Token], path: Path, errors: list[HandoutError]) -> None:
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
        problem = picture_address_problem(src)
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


def check_contact_links(body: list[Token], path: Path, country: str | None, errors: list[HandoutError]) -> None:
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


def leftover_markup_rule(state: StateCore) -> None:
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


def report_leftover_markup(found: list[tuple[int, str, str]], path: Path, errors: list[HandoutError]) -> None:
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
        return (f"{snippet!r} is not a box plainleaf knows", f"open a box with {_BOXES}, and close it with a line "
                "of just :::")
    return ("this ::: closes no box", f"remove it, or open a box before it with {_BOXES}")


def check_boxes_closed(body: list[Token], lines: list[str], path: Path, errors: list[HandoutError]) -> None:
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


def picture_address_problem(src: str) -> str | None:
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
