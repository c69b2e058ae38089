"""The warning for a table too wide for a layout's line (measured by source/measure.py): there print sets each row
as a block of "header: value" lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from babel.lists import format_list

from ..errors import HandoutError
from ..i18n import translations
from ..languages import babel_locale
from ..source.layout import Layout
from ..source.measure import SAFETY, table_shapes
from ..source.model import Handout
from ..source.reader import handout_tree
from ..source.resources import PAPER_SIZES


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
    for section in handout_tree(handout):
        for shape in table_shapes([section], fonts_dir).values():
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
