"""The audit's rules on what the pages draw, against the layout's large-print promises: text size, contrast,
clipping, line length, and addresses that are not links."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...pdfread.content import PageContent, TextRun
from ...pdfread.geometry import Colour, overlap, rectangle_box
from ...pdfread.structure import (
    figure_mcids,
)
from ...pdfread.text import join_runs
from ...source.contacts import WEB_ADDRESS_START
from .document import Document, Finding, LayoutRules, shorten

# A web or e-mail address in a run of printed text; each starts only where a word does, so the search is linear.
_ADDRESS = re.compile(rf"(?<![\w@/.])(?:{WEB_ADDRESS_START})\S|(?<![^\s@])[^\s@]++@[^\s@.]++\.[A-Za-z]")


def check_unlinked_addresses(document: Document, _rules: LayoutRules) -> Iterator[Finding]:
    """A web or e-mail address on the page is one a reader wants to open: it must be a link (outloud's LNK-010)."""
    for number, (page, content) in enumerate(zip(document.pdf.pages, document.contents, strict=True), start=1):
        rects = [rectangle_box(a.Rect) for a in page.obj.get("/Annots", [])
                 if a.get("/Subtype") == "/Link" and "/Rect" in a]
        loose = [run.text.strip() for run in content.runs if not run.artifact and _ADDRESS.search(run.text)
                 and not any(overlap(run.box, rect) for rect in rects)]
        if loose:
            yield Finding("layout: unlinked address", f"{len(loose)} web or e-mail addresses are printed with no link "
                          f"over them ({shorten(loose[0])!r})", "write the address as a link: <https://...>",
                          severity="warning", page=number)


def _luminance(colour: Colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: Colour, background: Colour) -> float:
    """The WCAG contrast ratio of two sRGB colours (1 to 21)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_runs(document: Document) -> Iterator[TextRun]:
    for content in document.contents:
        yield from (run for run in content.runs if run.text.strip())


def check_contrast(document: Document, rules: LayoutRules) -> Iterator[Finding]:
    faint = [(ratio, run) for run in _text_runs(document) if run.colour is not None and
             (ratio := contrast(run.colour, run.background)) < rules.min_contrast]
    if faint:
        ratio, worst = min(faint, key=lambda f: f[0])
        yield Finding("WCAG 1.4.6", f"{len(faint)} pieces of text have a contrast below {rules.min_contrast:g}:1; the "
                      f"worst is {ratio:.1f}:1 ({shorten(worst.text.strip())!r})", "print text black on white",
                      page=worst.page)


def _small_text(document: Document, rules: LayoutRules, in_figure: bool) -> Iterator[Finding]:
    """Text smaller than the layout's smallest size, in the running text or (a warning) inside pictures."""
    if not rules.min_text_pt:
        return
    in_figures = figure_mcids(document.pdf, document.elements)
    runs = [run for run in _text_runs(document) if run.size < rules.min_text_pt - 0.01
            and ((run.page, run.mcid) in in_figures) == in_figure]
    if runs:
        smallest = min(runs, key=lambda r: r.size)
        where = " inside pictures" if in_figure else ""
        yield Finding("layout: text size", f"{len(runs)} pieces of text{where} are smaller than "
                      f"{rules.min_text_pt:g} pt; the smallest is {smallest.size:.1f} pt "
                      f"({smallest.text.strip()!r})",
                      "make the picture's words bigger" if in_figure else "set the size in layout.yaml",
                      severity="warning" if in_figure else "error", page=smallest.page)


def check_text_size(document: Document, rules: LayoutRules) -> Iterator[Finding]:
    return _small_text(document, rules, in_figure=False)


def check_text_size_in_pictures(document: Document, rules: LayoutRules) -> Iterator[Finding]:
    return _small_text(document, rules, in_figure=True)


def check_clipping(document: Document, rules: LayoutRules) -> Iterator[Finding]:
    for content in document.contents:
        yield from _overflow(content, rules)


def check_line_lengths(document: Document, rules: LayoutRules) -> Iterator[Finding]:
    for content in document.contents:
        yield from _long_line(content, rules)


def _overflow(content: PageContent, rules: LayoutRules) -> Iterator[Finding]:
    """Nothing outside the page, and (when the layout's margin is known) no text or picture in the margins."""
    margin = rules.margin_pt or 0.0
    slack = 1.0
    left, right = margin - slack, content.width - margin + slack
    for run in content.runs:
        if run.artifact or not run.text.strip():
            continue
        x0, x1 = sorted((run.start[0], (run.ink_end or run.end)[0]))  # a space at a line's end paints nothing
        if x0 < left or x1 > right or not 0 <= run.start[1] <= content.height:
            yield Finding("layout: clipping", f"{shorten(run.text.strip())!r} runs past the edge of the text area",
                          "long words and addresses must be able to wrap", page=content.number)
            return
    for x0, _y0, x1, _y1 in content.images:
        if x0 < left or x1 > right:
            yield Finding("layout: clipping", "a picture is wider than the text area",
                          "pictures must scale to the text width", page=content.number)
            return


_LIST_MARKER = re.compile(r"^(?:[•◦▪‣–◊›-]|\d+[.)]|[a-z]{1,2}[.)])\s+")  # print.css's markers, and WeasyPrint's


def _long_line(content: PageContent, rules: LayoutRules) -> Iterator[Finding]:
    lines: dict[float, list[TextRun]] = {}
    for run in content.runs:
        if not run.artifact:
            lines.setdefault(round(run.start[1] * 2) / 2, []).append(run)
    for runs in lines.values():
        text = _LIST_MARKER.sub("", join_runs(sorted(runs, key=lambda r: r.start[0])))  # the reader's eye skips it
        if len(text) > rules.max_line_characters:
            yield Finding("layout: line length", f"a line has {len(text)} characters, more than "
                          f"{rules.max_line_characters}: {shorten(text)!r}", "narrow max_line_em in layout.yaml",
                          severity="warning", page=content.number)
            return

