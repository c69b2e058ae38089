"""Checks on a produced PDF file (pikepdf): its tagging against PDF/UA-1 (Matterhorn Protocol checkpoints) and the
layout's large-print rules measured on what the pages really draw, each a rule of AUDIT_RULES. The PDF is read by
plainleaf.pdfread."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pikepdf

from ...errors import HandoutError, HandoutErrors
from ...pdfread.content import PageContent
from ...pdfread.geometry import POINTS_PER_INCH
from ...source.fonts import FONT_FAMILY
from ...source.layout import Layout, Resources, load_layout
from ..rules import Rule, registry
from .document import Document, Finding, LayoutRules
from .page import (
    check_clipping,
    check_contrast,
    check_line_lengths,
    check_text_size,
    check_text_size_in_pictures,
    check_unlinked_addresses,
    contrast,
)
from .tagging import (
    check_annotations,
    check_annotations_printed,
    check_bookmarks,
    check_catalogue,
    check_content,
    check_figure_boxes,
    check_figures,
    check_fonts,
    check_headings,
    check_languages,
    check_lists,
    check_reading_order,
    check_tables,
)

__all__ = ["AUDIT_RULES", "Finding", "LayoutRules", "audit", "audit_bytes", "audit_file", "audit_files", "contrast",
           "layout_rules"]

Check = Callable[[Document, LayoutRules], Iterator[Finding]]


def _rule(rule_id: str, severity: str, description: str, *checkpoints: str, ours: bool = False) -> Rule:
    return Rule(rule_id, severity, description, "audit", checkpoints, ours)


# Every rule of the audit, in the order it runs (the order of its findings). A rule's severity is the worst its
# findings can be; a warning here is a fault in plainleaf's PDF or a choice the author may make.
AUDIT_CHECKS: tuple[tuple[Rule, Check], ...] = (
    (_rule("pdf.tagged", "error", "the file is tagged PDF/UA-1: a structure tree, /MarkInfo, /Lang, XMP metadata "
           "with pdfuaid:part and a title, and viewers told to show the title", "Matterhorn 01-005",
           "ISO 14289-1 7.1", "Matterhorn 01-007", "Matterhorn 11-001", "Matterhorn 06-001", "Matterhorn 06-002",
           "Matterhorn 06-003", "Matterhorn 07-001", "Matterhorn 07-002"), check_catalogue),
    (_rule("pdf.languages", "error", "every /Lang (the document's, an element's) is a BCP 47 language tag",
           "Matterhorn 11-001"), check_languages),
    (_rule("pdf.untagged-content", "error", "everything drawn is tagged content in the structure tree, or an artifact",
           "Matterhorn 01-005"), check_content),
    (_rule("pdf.reading-order", "warning", "each page paints its content in the structure tree's reading order",
           "WCAG 1.3.2", ours=True), check_reading_order),
    (_rule("pdf.headings", "error", "headings start at H1, skip no level and do not mix H with H1-H6",
           "Matterhorn 14-002", "Matterhorn 14-003", "Matterhorn 14-007"), check_headings),
    (_rule("pdf.lists", "error", "lists hold list items, and list items a label and a body", "Matterhorn 09-005"),
     check_lists),
    (_rule("pdf.tables", "error", "table headers have a scope and the header ids cells name exist",
           "Matterhorn 15-003", "Matterhorn 15-005"), check_tables),
    (_rule("pdf.figure-alt", "error", "every picture (Figure) has alternative text", "Matterhorn 13-004"),
     check_figures),
    (_rule("pdf.figure-box", "warning", "a picture's /BBox holds what it draws", "ISO 32000-1 14.8.5.4.3", ours=True),
     check_figure_boxes),
    (_rule("pdf.links", "error", "pages with links set the structure tab order, and each link is in a Link tag with "
           "a description that says what the reader sees", "Matterhorn 28-008", "Matterhorn 28-009",
           "Matterhorn 28-011", "Matterhorn 28-012"), check_annotations),
    (_rule("pdf.links-printed", "warning", "every annotation (link) is printed and shown on screen alike",
           "ISO 14289-1 7.18.1"), check_annotations_printed),
    (_rule("pdf.unlinked-address", "warning", "a web or e-mail address printed on a page is a link",
           "layout: unlinked address"), check_unlinked_addresses),
    (_rule("pdf.fonts", "error", "every font is embedded, has a ToUnicode map and is one of the bundled fonts",
           "Matterhorn 31-009", "Matterhorn 10-001", "layout: fonts"), check_fonts),
    (_rule("pdf.bookmarks", "error", "the bookmarks are the headings, in order", "ISO 14289-1 7.17"),
     check_bookmarks),
    (_rule("layout.contrast", "error", "every piece of text has a contrast of at least 7:1 on what is behind it",
           "WCAG 1.4.6"), check_contrast),
    (_rule("layout.text-size", "error", "no text outside pictures is smaller than the layout's smallest size",
           "layout: text size"), check_text_size),
    (_rule("layout.text-size.picture", "warning", "no words inside pictures are smaller than the layout's smallest "
           "size", "layout: text size"), check_text_size_in_pictures),
    (_rule("layout.clipping", "error", "no text or picture runs past the edge of the text area", "layout: clipping"),
     check_clipping),
    (_rule("layout.line-length", "warning", "no printed line is longer than 70 characters", "layout: line length"),
     check_line_lengths),
)
AUDIT_RULES = registry(rule for rule, _ in AUDIT_CHECKS)

def audit(pdf: pikepdf.Pdf, rules: LayoutRules | None = None,
          contents: Sequence[PageContent] | None = None) -> list[Finding]:
    """Every finding for one PDF, rule by rule: PDF/UA-1 tagging, then the layout's rules measured on the pages
    (what they draw: `contents`, when the caller has read it, else read here). Each finding names its rule's id,
    by which a handout's `check: disable:` leaves out the warnings it chose."""
    rules = rules or LayoutRules()
    document = Document.read(pdf, contents)
    return [dataclasses.replace(finding, rule=rule.id)
            for rule, check in AUDIT_CHECKS for finding in check(document, rules)]


def audit_bytes(data: bytes, rules: LayoutRules | None = None,
                contents: Sequence[PageContent] | None = None) -> list[Finding]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return audit(pdf, rules, contents)


def layout_rules(layout: Layout) -> LayoutRules:
    settings = layout.settings
    return LayoutRules(min_text_pt=settings.min_text_pt, margin_pt=settings.margin_in * POINTS_PER_INCH,
                       font_families=(FONT_FAMILY,))


def audit_file(path: Path, rules: LayoutRules | None = None) -> list[HandoutError]:
    """The findings for one PDF file, as errors and warnings naming the file."""
    try:
        with pikepdf.open(path) as pdf:
            return [finding.as_error(path) for finding in audit(pdf, rules)]
    except FileNotFoundError:
        return [HandoutError(path, None, "file not found")]
    except pikepdf.PdfError as exc:
        return [HandoutError(path, None, f"this is not a PDF file that can be read: {exc}")]


def audit_files(paths: Iterable[Path], layout_name: str | None = None,
                resources: Resources | None = None) -> list[HandoutError]:
    """`plainleaf audit`: the findings for each file, measured against a layout's rules when one is named (a
    bundled one, or one of the clinic's whose layouts `resources` holds)."""
    rules = LayoutRules()
    if layout_name:
        try:
            rules = layout_rules(load_layout(layout_name, resources or Resources.bundled()))
        except HandoutErrors as exc:
            return exc.errors
    return [error for path in paths for error in audit_file(path, rules)]
