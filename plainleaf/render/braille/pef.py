"""Braille pages → PEF 1.0 (Portable Embosser Format, DAISY): the same pages in Unicode braille, one volume of
40 × 25 single-sided pages (a section for the title page, one for the body), with Dublin Core metadata."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .blocks import BrailleSource
from .pages import COLS, ROWS, BraillePages

PEF = "http://www.daisy.org/ns/2008/pef"
DC = "http://purl.org/dc/elements/1.1/"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    """An element named as it is written ("dc:title"): the namespaces are declared on the root, so the bytes do not
    depend on ElementTree's process-wide prefix registry (which other code may change)."""
    element = ET.SubElement(parent, name, attributes)
    element.text = text
    return element


def pef_bytes(pages: BraillePages, source: BrailleSource, identifier: str, title_pages: int) -> bytes:
    """`title_pages`: how many of the pages are the transcriber's title page (their own section)."""
    meta = source.meta
    root = ET.Element("pef", {"xmlns": PEF, "xmlns:dc": DC, "version": "2008-1"})
    info = _add(_add(root, "head"), "meta")
    _add(info, "dc:format", "application/x-pef+xml")
    _add(info, "dc:identifier", identifier)
    _add(info, "dc:title", f"{meta.title}: {meta.subtitle}" if meta.subtitle else meta.title)
    for author in meta.authors:
        _add(info, "dc:creator", author)
    for keyword in meta.keywords:
        _add(info, "dc:subject", keyword)
    _add(info, "dc:description", meta.summary)
    _add(info, "dc:publisher", source.clinic.name)
    _add(info, "dc:date", meta.reviewed.isoformat())
    _add(info, "dc:language", meta.language)
    if source.page_map is not None:
        _add(info, "dc:source", source.page_map.edition)
    volume = _add(_add(root, "body"), "volume", cols=str(COLS), rows=str(ROWS), rowgap="0", duplex="false")
    for part in (pages.pages[:title_pages], pages.pages[title_pages:]):
        if part:
            section = _add(volume, "section")
            for page in part:
                rows = _add(section, "page")
                for row in page.rows:
                    _add(rows, "row", row or None)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
