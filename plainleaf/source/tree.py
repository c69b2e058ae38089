"""The document tree: plainleaf's own typed, immutable representation of a handout's body, made by the parser
and read by every check and every writer (print HTML, EPUB, braille, speech, plain text).

- Every node is a frozen dataclass; sequences are tuples; nothing changes a node after the parser made it.
- Every node carries `line` (1-based line in handout.md) and `column` (1-based, None where not known).
- Blocks that the print and EPUB editions give an id carry it in `id` (None where they have none): `<section
  id>_<n>` for numbered blocks, `<section id>--<slug>` for headings, so that the page map of the large-print PDF
  can be looked up by any writer (the EPUB's page-list, the braille edition's print page indicators).
- Facts that need the whole handout are decided by the parser, once: a citation's numbers and anchor, a glossary
  term's first use, a figure (a paragraph holding only a picture), the page an in-text link points into.
- Writers never see markdown-it; only the parser (and plainleaf.source.reader, which it uses) imports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from functools import cache
from typing import Literal, TypeVar

CalloutKind = Literal["important", "tip", "warning"]
Alignment = Literal["left", "center", "right"] | None


@dataclass(frozen=True)
class Node:
    line: int
    column: int | None


# Inlines -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Inline(Node):
    pass


@dataclass(frozen=True)
class Text(Inline):
    text: str  # never empty, never holds a line break (that is a SoftBreak or HardBreak)


@dataclass(frozen=True)
class Code(Inline):
    text: str
    language: str | None = None  # `code`{lang=es}: the words are in another language


@dataclass(frozen=True)
class SoftBreak(Inline):
    """A line break in the source inside a paragraph: a space to the reader."""


@dataclass(frozen=True)
class HardBreak(Inline):
    """A forced line break (two spaces or a backslash at the end of a line)."""


@dataclass(frozen=True)
class Strong(Inline):
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis(Inline):
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link(Inline):
    target: str  # https://…, mailto:…, tel:…, or #anchor (checked by the parser), as written
    children: tuple[Inline, ...]  # may hold an Image: a picture inside a link is read as its alt text
    title: str | None = None  # [text](url "title")
    section: str | None = None  # for #anchor: the id of the section (or "glossary", "references", "contacts")
    #                             whose page holds the anchor; None for links out of the handout
    language: str | None = None  # [text](url){lang=en}


@dataclass(frozen=True)
class Image(Inline):
    """A picture inside running text (a picture alone in its paragraph is a Figure block)."""

    src: str
    alt: str  # as written between the brackets
    title: str | None
    language: str | None = None  # ![alt](src){lang=en}


@dataclass(frozen=True)
class Citation(Inline):
    """`[@a; @b]`: the ids as written, and what the parser decided from the whole handout."""

    ids: tuple[str, ...]  # as written, in the order written
    numbers: tuple[int, ...]  # the references' numbers in the appendix, ascending, each once; unknown ids have none
    references: tuple[str, ...]  # the ids of those references, in the order of `numbers`
    anchor: str  # "cite-<n>", numbered in reading order across sections


@dataclass(frozen=True)
class GlossaryTerm(Inline):
    """The first use of a glossary term in the text (later uses, and uses in links and headings, are plain Text)."""

    term: str  # the glossary key
    anchor: str  # the id of its entry on the "Words to know" page
    children: tuple[Inline, ...]  # the words as written in the text


@dataclass(frozen=True)
class LanguageSpan(Inline):
    """`[words]{lang=es}`: words in another language than the handout's."""

    language: str
    children: tuple[Inline, ...]


# Blocks --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Block(Node):
    pass


@dataclass(frozen=True)
class Heading(Block):
    level: int  # 3 to 6 inside a section (the section's own heading is level 2, in Section)
    children: tuple[Inline, ...]
    id: str


@dataclass(frozen=True)
class Paragraph(Block):
    children: tuple[Inline, ...]
    id: str | None  # None for the paragraph of a tight list item


@dataclass(frozen=True)
class Figure(Block):
    src: str  # relative to the handout folder, as written
    alt: str  # as written between the brackets
    caption: str | None
    id: str | None  # None for a picture alone in a tight list item
    language: str | None = None


@dataclass(frozen=True)
class ListItem(Block):
    children: tuple[Block, ...]
    id: str


@dataclass(frozen=True)
class List(Block):
    ordered: bool
    start: int  # the first number of an ordered list (1 for bullets); item i (from 0) is number start + i
    tight: bool  # no blank lines between items: each item's paragraphs have no id and no spacing
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class TableCell(Node):
    children: tuple[Inline, ...]
    header: bool
    align: Alignment


@dataclass(frozen=True)
class TableRow(Node):
    cells: tuple[TableCell, ...]
    id: str


@dataclass(frozen=True)
class Table(Block):
    head: tuple[TableRow, ...]  # the header row (Markdown tables have exactly one)
    body: tuple[TableRow, ...]  # may be empty
    id: str


@dataclass(frozen=True)
class Callout(Block):
    kind: CalloutKind
    children: tuple[Block, ...]  # may hold call-outs of their own
    id: str
    label_id: str  # the id of its printed label ("Important"), "<section id>--callout-<n>"


@dataclass(frozen=True)
class Quote(Block):
    children: tuple[Block, ...]
    id: str


@dataclass(frozen=True)
class CodeBlock(Block):
    text: str  # ends with a newline
    id: str
    info: str = ""  # a fence's info string (usually the code's language, "python"); "" when none


@dataclass(frozen=True)
class ThematicBreak(Block):
    id: str


@dataclass(frozen=True)
class KeyPoint(Node):
    text: str  # plain text, as written in the front matter
    id: str


@dataclass(frozen=True)
class KeyPoints(Block):
    """The front matter's `key_points:`, the box on the title page."""

    items: tuple[KeyPoint, ...]
    id: str


@dataclass(frozen=True)
class Section(Node):
    """A `##` section: its heading's words, its id, and its blocks."""

    id: str
    title: str  # the heading as written (what the EPUB's contents and <title> show)
    heading: tuple[Inline, ...]
    children: tuple[Block, ...]

    @property
    def heading_id(self) -> str:
        return f"{self.id}--h"


# Walking -------------------------------------------------------------------------------------------------------

N = TypeVar("N", bound=Node)
_CHILD_FIELDS = frozenset({"heading", "children", "items", "head", "body", "cells"})


@cache
def _child_fields(cls: type[Node]) -> tuple[str, ...]:
    """The fields of a node type that hold its children, in reading order (a section's heading first)."""
    return tuple(f.name for f in fields(cls) if f.name in _CHILD_FIELDS)


def children(node: Node) -> Iterator[Node]:
    """The node's direct children in reading order."""
    for name in _child_fields(type(node)):
        yield from getattr(node, name)


def walk(*roots: Node) -> Iterator[Node]:
    """The roots and everything under them, in reading order (pre-order)."""
    for node, _ in walk_with_ancestors(*roots):
        yield node


def walk_with_ancestors(*roots: Node) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every node in reading order with the nodes it is inside, outermost first (`(section, list, item)`)."""
    stack: list[tuple[Node, tuple[Node, ...]]] = [(root, ()) for root in reversed(roots)]
    while stack:
        node, ancestors = stack.pop()
        yield node, ancestors
        inside = (*ancestors, node)
        stack.extend((child, inside) for child in reversed(list(children(node))))


def of_type(kind: type[N], *roots: Node) -> Iterator[N]:
    """Every node of one kind under the roots, in reading order: `of_type(tree.Citation, *sections)`."""
    return (node for node in walk(*roots) if isinstance(node, kind))


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The words of some inlines as a reader hears them (a line break is a space; a picture its alt text)."""
    parts = []
    for inline in inlines:
        match inline:
            case Text(text=text) | Code(text=text):
                parts.append(text)
            case SoftBreak() | HardBreak():
                parts.append(" ")
            case Image(alt=alt):
                parts.append(alt)
            case Strong(children=kids) | Emphasis(children=kids) | Link(children=kids) | GlossaryTerm(
                    children=kids) | LanguageSpan(children=kids):
                parts.append(plain_text(kids))
    return "".join(parts)
