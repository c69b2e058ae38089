"""Handout model → HTML documents through the layout's Jinja2 templates: one print document, the EPUB's pages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

from jinja2 import Environment
from markupsafe import Markup, escape

from ..i18n import N_, OwnWords, language_name, long_date, translations
from ..source.contacts import mailto_uri, tel_uri
from ..source.editions import Edition
from ..source.fonts import FONT_ASCENT, FONT_DESCENT, FONT_FAMILY, FONT_FILES
from ..source.glossary import glossary_entries
from ..source.layout import Layout, Paper, template_environment
from ..source.measure import SPACING, PrintArea, text_width_em
from ..source.model import Clinic, Handout
from ..source.reader import handout_tree
from ..source.tree import Section
from .body import FILTERS as BODY_FILTERS
from .body import BodyRenderer, Target
from .pagination import NO_BREAKS, PageBreaks
from .printfiles import FONTS_URL, logo_url
from .qr import qr_svg
from .references import cited_references

_LANDMARK_TYPES = {"title": "titlepage", "glossary": "glossary", "references": "bibliography"}


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    heading: Markup
    html: Markup


@dataclass(frozen=True)
class EpubPage:
    """One XHTML content document of the EPUB, before packaging."""

    file_name: str
    title: str
    kind: str  # "title", "section", "glossary", "references", "contacts"
    body: str
    label: Markup | None = None  # the title as the navigation shows it, marked where plainleaf's words are English

    @property
    def nav_label(self) -> Markup:
        return self.label or escape(self.title)


def _qr_figure(url: str, name: str, language: str) -> Markup:
    """The printed QR code for `url`, its alternative text saying what it opens: `name` on which web site."""
    alt = translations(language).gettext("QR code linking to %(name)s at %(site)s") % {
        "name": name, "site": urlsplit(url).hostname}
    return qr_svg(url, alt)


def _css_string(value: str) -> Markup:
    """A CSS string holding `value` as text, whatever it holds: every character but letters, digits and spaces as a
    CSS escape, so that nothing in it can end the string, the rule, or the <style> element around it."""
    return Markup('"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in value) + '"')


def _label_picture(text: str, size_pt: float, line_height: float, fonts_dir: Path) -> Markup:
    """A box's label drawn as a picture, for a CSS background: the "(continued)" label of a box cut across pages,
    which the PDF then holds as an artifact (read once, where the box begins, not again on each page)."""
    width = text_width_em(text, fonts_dir, bold=True) * size_pt + 2
    height = size_pt * line_height
    svg = ElementTree.Element("svg", xmlns="http://www.w3.org/2000/svg", width=f"{width:.1f}pt",
                              height=f"{height:.1f}pt", viewBox=f"0 0 {width:.1f} {height:.1f}")
    baseline = (line_height - FONT_ASCENT - FONT_DESCENT) / 2 * size_pt + FONT_ASCENT * size_pt
    label = ElementTree.SubElement(svg, "text", {"x": "0", "y": f"{baseline:.1f}", "font-family": FONT_FAMILY,
                                                  "font-weight": "bold", "font-size": f"{size_pt:g}"})
    label.text = text
    return Markup("data:image/svg+xml," + quote(ElementTree.tostring(svg, encoding="unicode")))


def _css_id(value: str) -> Markup:
    """A CSS id selector for any id (one may start with a digit, or hold a colon or a dot)."""
    escaped = "".join(c if c.isalnum() or c in "-_" else f"\\{c}" for c in value)
    return Markup("#" + (f"\\3{escaped[0]} {escaped[1:]}" if escaped[:1].isdigit() else escaped))


def _css_counters(text: str) -> Markup:
    """"Page {page} of {pages}" → a CSS content value with page counters, in any language's word order."""
    parts = re.split(r"\{(page|pages)\}", text)
    values = [f"counter({part})" if i % 2 else _css_string(part) for i, part in enumerate(parts) if part]
    return Markup(" ".join(values))


def edition_notes(editions: Sequence[Edition]) -> list[tuple[str, str]]:
    """(language, sentence) for each other edition, written in that edition's own language."""
    notes = []
    for edition in editions:
        gettext = translations(edition.language).gettext
        note = gettext("This handout is also available in {language}.").format(
            language=language_name(edition.language))
        notes.append((edition.language, note))
    return notes


def _key_point_parts(handout: Handout, breaks: PageBreaks) -> list[list[tuple[int, str]]]:
    """The key points, numbered from 1, in the parts print cuts the box into (one part unless it is cut)."""
    parts: list[list[tuple[int, str]]] = [[]]
    cuts = set(breaks.cuts("title_key-points"))
    for number, point in enumerate(handout.meta.key_points, start=1):
        if f"title_key-point-{number}" in cuts and parts[-1]:
            parts.append([])
        parts[-1].append((number, point))
    return parts if parts[0] else []


def _context(env: Environment, handout: Handout, clinic: Clinic, layout: Layout, target: Target,
             editions: Sequence[Edition], paper: Paper | None = None, breaks: PageBreaks = NO_BREAKS
             ) -> dict[str, Any]:
    area = PrintArea(layout.settings, paper, layout.fonts_dir) if paper else None
    renderer = BodyRenderer(handout, target, clinic.country, area, breaks, env)
    return {
        "breaks": breaks,
        "key_point_parts": _key_point_parts(handout, breaks),
        "edition_notes": edition_notes(editions),
        "handout": handout,
        "meta": handout.meta,
        "clinic": clinic,
        "layout": layout.settings,
        "target": target.name,
        "lang": handout.language,
        "sections": [RenderedSection(s, renderer.render_heading(s), renderer.render(s)) for s in handout_tree(handout)],
        "glossary_entries": glossary_entries(handout.meta.glossary, handout.language),
        "references": cited_references(handout, target),
        "reviewed": OwnWords(handout.language).date(handout.meta.reviewed, N_("Reviewed: %(date)s")),
        "href": target.href,
    }


def _environment(layout: Layout, language: str) -> Environment:
    env = template_environment(layout)
    env.install_gettext_translations(translations(language), newstyle=True)
    # `_` in element content marks words that fall back to English; `gettext` gives plain text (CSS, <title>)
    env.globals["_"] = OwnWords(language).markup
    env.filters["tel"] = tel_uri
    env.filters["mailto"] = mailto_uri
    env.filters["css_counters"] = _css_counters
    env.filters["css_id"] = _css_id
    env.filters["label_picture"] = lambda text, settings, fonts: _label_picture(
        text, settings.body_pt, settings.line_height, fonts)
    env.filters["long_date"] = lambda d: long_date(d, language)
    env.filters.update(BODY_FILTERS)  # the body's, and url_text: how an address prints
    env.filters["qr_figure"] = lambda url, name: _qr_figure(url, name, language)
    return env


def render_print_html(handout: Handout, clinic: Clinic, layout: Layout, paper: Paper,
                      editions: Sequence[Edition] = (), logo: Path | None = None,
                      breaks: PageBreaks = NO_BREAKS) -> str:
    """The whole handout as one HTML document for WeasyPrint (relative URLs resolve in the handout folder; the
    clinic's logo file, `logo`, is elsewhere); `breaks` are the page breaks pagination chose."""
    env = _environment(layout, handout.language)
    context = _context(env, handout, clinic, layout, Target("print"), editions, paper, breaks)
    context["logo_src"] = logo_url(logo) if logo else None
    css = env.get_template("print.css").render(
        context, paper=paper, fonts_url=FONTS_URL, font_files=FONT_FILES, spacing=SPACING,
        fonts_dir=layout.fonts_dir)
    return env.get_template("print.html").render(context, css=Markup(css))


def render_epub_pages(handout: Handout, clinic: Clinic, layout: Layout, editions: Sequence[Edition] = (),
                      logo: Path | None = None) -> list[EpubPage]:
    """The EPUB's content documents, in reading order (the clinic's logo file, `logo`, is packed as
    epub_logo_name says)."""
    env = _environment(layout, handout.language)
    context = _context(env, handout, clinic, layout, Target("epub"), editions)
    context["logo_src"] = epub_logo_name(logo) if logo else None
    words = OwnWords(handout.language)
    page = env.get_template("epub/page.xhtml")

    def own_page(file_name: str, title: str, kind: str) -> EpubPage:
        return EpubPage(file_name, words.gettext(title), kind, page.render(context, kind=kind), words.markup(title))

    pages = [EpubPage("title.xhtml", handout.meta.title, "title", page.render(context, kind="title"))]
    for rendered in context["sections"]:
        pages.append(EpubPage(f"{rendered.section.id}.xhtml", rendered.section.title, "section",
                              page.render(context, kind="section", rendered=rendered)))
    if handout.meta.glossary:
        pages.append(own_page("glossary.xhtml", N_("Words to know"), "glossary"))
    if context["references"]:
        pages.append(own_page("references.xhtml", N_("Where this information comes from"), "references"))
    pages.append(own_page("contacts.xhtml", N_("Who can help"), "contacts"))
    return pages


def epub_logo_name(logo: Path) -> str:
    """The clinic's logo inside the EPUB: in a folder no handout picture can be in (their paths start with a
    letter or a digit)."""
    return f"_clinic/logo{logo.suffix.lower()}"


def render_epub_css(layout: Layout, language: str) -> str:
    return _environment(layout, language).get_template("epub/epub.css").render(layout=layout.settings)


def _landmarks(pages: Sequence[EpubPage]) -> list[tuple[str, EpubPage]]:
    marks = [(_LANDMARK_TYPES[p.kind], p) for p in pages if p.kind in _LANDMARK_TYPES]
    first_section = next((p for p in pages if p.kind == "section"), None)
    if first_section:
        marks.insert(1, ("bodymatter", first_section))
    return marks


def render_epub_nav(handout: Handout, layout: Layout, pages: Sequence[EpubPage],
                    page_breaks: Sequence[tuple[int, str]] = ()) -> str:
    """The EPUB navigation document: contents, landmarks and (when known) the print page-list."""
    env = _environment(layout, handout.language)
    return env.get_template("epub/nav.xhtml").render(
        lang=handout.language, pages=pages, landmarks=_landmarks(pages), page_breaks=page_breaks)
