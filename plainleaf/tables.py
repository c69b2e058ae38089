"""Whether a table fits a print layout's line without breaking a word, measured in the bundled font; where it
does not, print sets each row as a block of "header: value" lines. `check` says where a table does not fit."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from .errors import HandoutError
from .layout import Layout, LayoutSettings
from .measure import CELL_BORDER_PT, CELL_PADDING_EM, SAFETY, Indent, indents, pieces
from .model import Handout
from .resources import PAPER_SIZES, Paper


@dataclass(frozen=True)
class TableShape:
    """What a table needs from the line: the widest unbreakable piece of each column, in ems of the body size."""

    columns: tuple[float, ...]
    widest: tuple[str, ...]  # that piece's text, per column
    indent: Indent  # the room the lists and boxes around the table take
    line: int | None

    def width_pt(self, settings: LayoutSettings) -> float:
        """The narrowest the table can be set without breaking a word."""
        cells = sum(em + 2 * CELL_PADDING_EM for em in self.columns) * settings.body_pt
        return cells + (len(self.columns) + 1) * CELL_BORDER_PT

    def fits(self, settings: LayoutSettings, paper: Paper) -> bool:
        return self.width_pt(settings) <= self.indent.room_pt(settings, paper) * SAFETY


def table_shapes(tokens: Sequence[Token], handout: Handout, fonts_dir: Path) -> dict[int, TableShape]:
    """id() of each table_open token among `tokens` → its shape."""
    shapes: dict[int, TableShape] = {}
    room = indents(tokens)
    for start, token in enumerate(tokens):
        if token.type != "table_open":
            continue
        columns: list[tuple[float, str]] = []
        column, header = 0, False
        for inner in tokens[start + 1:]:
            if inner.type == "table_close":
                break
            if inner.type == "tr_open":
                column = 0
            elif inner.type in ("th_open", "td_open"):
                header = inner.type == "th_open"
            elif inner.type == "inline":
                widest = max(((p.em, p.text) for p in pieces(inner.children or [], handout, fonts_dir,
                                                               bold=header)), default=(0.0, ""))
                if column == len(columns):
                    columns.append(widest)
                columns[column] = max(columns[column], widest)
                column += 1
        shapes[id(token)] = TableShape(tuple(em for em, _ in columns), tuple(text for _, text in columns),
                                       room[start], token.map[0] + 1 if token.map else None)
    return shapes


_PAPER_NAMES = {"letter": "letter", "a4": "A4"}


def _layout_name(layout: Layout, papers: Sequence[str]) -> str:
    if set(papers) == set(PAPER_SIZES):
        return layout.name
    return f"{layout.name} on {' and '.join(_PAPER_NAMES[p] for p in papers)}"


def _listed(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def check_tables(handout: Handout, layouts: Sequence[Layout], fonts_dir: Path) -> Iterator[HandoutError]:
    """A warning for each table too wide for some layout's line, naming those layouts: there it prints each row
    as a block of "header: value" lines instead."""
    for section in handout.sections:
        for shape in table_shapes(section.tokens, handout, fonts_dir).values():
            misses = [(layout, [p for p in PAPER_SIZES if not shape.fits(layout.settings, p)])
                      for layout in sorted(layouts, key=lambda layout: layout.name)]
            misses = [(layout, papers) for layout, papers in misses if papers]
            if not misses:
                continue
            worst, paper = max(((layout, paper) for layout, papers in misses for paper in papers),
                               key=lambda m: shape.width_pt(m[0].settings) / shape.indent.room_pt(m[0].settings, m[1]))
            widest = shape.widest[max(range(len(shape.columns)), key=lambda c: shape.columns[c])]
            yield HandoutError(
                handout.source, shape.line,
                f"this table is too wide for {_listed([_layout_name(layout, papers) for layout, papers in misses])}:"
                f" its {len(shape.columns)} columns need {shape.width_pt(worst.settings) / SAFETY / 72:.1f} in to "
                f"print without breaking a word ({widest!r} is the widest), and the {worst.name} line on "
                f"{_PAPER_NAMES[paper]} is {shape.indent.room_pt(worst.settings, paper) / 72:.1f} in; there each row "
                f"prints as a block of \"header: value\" lines",
                "to keep it a table, use fewer columns (split it in two) or shorter words",
                severity="warning", rule="table.wide")
