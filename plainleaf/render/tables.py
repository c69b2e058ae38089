"""Whether a table fits a print layout's line without breaking a word, measured in the bundled font; where it
does not, print sets each row as a block of "header: value" lines. `check` says where a table does not fit."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.lists import format_list
from markdown_it.token import Token

from ..errors import HandoutError
from ..i18n import translations
from ..languages import babel_locale
from ..source.layout import Layout, LayoutSettings
from ..source.model import Handout
from ..source.resources import PAPER_SIZES, Paper
from .measure import CELL_BORDER_PT, CELL_PADDING_EM, SAFETY, Indent, indents, pieces


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


def _where(layout: Layout, papers: Sequence[str], gettext: Callable[[str], str]) -> str:
    if set(papers) == set(PAPER_SIZES):
        return layout.name
    return gettext("{layout} on {paper}").format(layout=layout.name, paper=" / ".join(_paper(p, gettext)
                                                                                      for p in papers))


def _paper(paper: str, gettext: Callable[[str], str]) -> str:
    return gettext("Letter") if paper == "letter" else gettext("A4")


def check_tables(handout: Handout, layouts: Sequence[Layout], fonts_dir: Path) -> Iterator[HandoutError]:
    """A warning for each table too wide for some layout's line, naming those layouts: there it prints each row
    as a block of "header: value" lines instead. In the handout's language."""
    _ = translations(handout.language).gettext
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
            where = format_list([_where(layout, papers, _) for layout, papers in misses],
                                locale=babel_locale(handout.language))
            yield HandoutError(
                handout.source, shape.line,
                _("this table is too wide for {layouts}: its {count} columns need {need} in to print without breaking"
                  " a word (“{word}” is the widest), and the {layout} line on {paper} is {room} in; there each row"
                  " prints as a block of “header: value” lines").format(
                    layouts=where, count=len(shape.columns), need=f"{shape.width_pt(worst.settings) / SAFETY / 72:.1f}",
                    word=widest, layout=worst.name, paper=_paper(paper, _),
                    room=f"{shape.indent.room_pt(worst.settings, paper) / 72:.1f}"),
                _("to keep it a table, use fewer columns (split it in two) or shorter words"),
                severity="warning", rule="table.wide")
