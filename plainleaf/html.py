"""Handout model → HTML: the body renderer (Markdown tokens) and the layout's Jinja2 templates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup, escape

from .editions import Edition
from .fonts import FONT_FILES
from .glossary import first_uses
from .i18n import babel_locale, long_date, translations
from .layout import Layout, Paper, template_environment
from .model import Clinic, Handout, Reference, Section
from .qr import qr_svg

TargetName = Literal["print", "epub"]

_LANDMARK_TYPES = {"title": "titlepage", "glossary": "glossary", "references": "bibliography"}
# Markdown blocks that get an id, so that the print and EPUB renderings can point at the same block.
_NUMBERED_BLOCKS = {"paragraph_open", "list_item_open", "table_open", "tr_open", "blockquote_open", "fence",
                    "code_block", "hr"} | {f"container_{kind}_open" for kind in ("important", "tip", "warning")}
# Where a page-break marker may go: before these elements, or (lists and definition lists allow no <span>
# between their items) just inside them; a table row's marker goes inside its first cell.
_MARKED_BEFORE = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "table", "aside", "section", "blockquote",
                  "pre", "hr", "header", "ul", "ol", "dl"}
_MARKED_INSIDE = {"li", "dt", "dd"}
_PAGE_BREAK = '<span epub:type="pagebreak" role="doc-pagebreak" id="page-{n}" aria-label="{n}"></span>'


@dataclass(frozen=True)
class Target:
    """Print is one HTML document; the EPUB is one document per section, so links differ."""

    name: TargetName

    def page_of(self, section_id: str) -> str:
        return f"{section_id}.xhtml" if self.name == "epub" else ""

    def href(self, page: str, anchor: str) -> str:
        return f"{self.page_of(page)}#{anchor}"


@dataclass(frozen=True)
class Backlink:
    """One place in the text where a reference is cited: its href, and words that say where it is."""

    href: str
    label: str


@dataclass(frozen=True)
class CitedReference:
    """An entry of the references appendix, in AMA Manual of Style order: `lead` is authors, title, place:
    publisher and date; the template adds the URL, then `accessed`."""

    number: int
    reference: Reference
    lead: str
    accessed: str | None
    backlinks: tuple[Backlink, ...]  # every place it is cited, in reading order


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    html: Markup


@dataclass(frozen=True)
class EpubPage:
    """One XHTML content document of the EPUB, before packaging."""

    file_name: str
    title: str
    kind: str  # "title", "section", "glossary", "references", "contacts"
    body: str


@dataclass(frozen=True)
class PageMap:
    """On which page of a print edition each block (by its id) starts: the EPUB's page-list follows it."""

    edition: str  # the PDF edition's stable name, e.g. neuroendocrine-tumors-large-print-letter.pdf
    page_count: int
    anchor_pages: Mapping[str, int]  # block id → 1-based page number


def _citation_anchors(handout: Handout) -> dict[int, str]:
    """An anchor id for every citation token, numbered in reading order across sections."""
    return {id(token): f"cite-{n}" for n, (_, token) in enumerate(_citations(handout), start=1)}


def _with_block_ids(section: Section) -> list[Token]:
    """The section's tokens with an id on every heading and block (copies: the model stays as parsed).

    The ids depend only on the section, so the print document and the EPUB give a block the same id; block ids
    hold a `_`, which no section id has, so they never meet another section's ids.
    """
    tokens: list[Token] = []
    blocks = 0
    for i, token in enumerate(section.tokens):
        if token.type == "heading_open":
            slug = re.sub(r"[^a-z0-9]+", "-", section.tokens[i + 1].content.lower()).strip("-")
            anchor = f"{section.id}--{slug}"
            if any(t.attrGet("id") == anchor for t in tokens):  # two sub-headings with the same words
                anchor = f"{anchor}_{i}"
        elif token.type in _NUMBERED_BLOCKS and not token.hidden:
            blocks += 1
            anchor = f"{section.id}_{blocks}"
        else:
            tokens.append(token)
            continue
        tokens.append(token.copy(attrs={**token.attrs, "id": anchor}))
    return tokens


class BodyRenderer:
    """markdown-it's HTML renderer with plainleaf's rules for citations, figures and call-outs."""

    def __init__(self, handout: Handout, target: Target):
        self.handout = handout
        self.target = target
        self.anchors = _citation_anchors(handout)
        self.term_uses = first_uses(handout)
        self._ = translations(handout.language).gettext
        self.md = MarkdownIt("commonmark", {"html": False}).enable("table")
        # Bound methods go straight into the rules table: add_render_rule would rebind them to the renderer.
        rules = self.md.renderer.rules
        for name in ("citation", "image", "paragraph_open", "paragraph_close", "th_open", "text", "link_open",
                     "link_close"):
            rules[name] = getattr(self, f"_{name}")
        for name in ("strong_open", "strong_close", "em_open", "em_close", "span_open", "span_close"):
            rules[name] = self._inline_markup
        self._code_inline = rules["code_inline"]
        rules["code_inline"] = self._code
        self.callout_labels = {"important": self._("Important"), "tip": self._("Tip"), "warning": self._("Warning")}
        for kind in self.callout_labels:
            rules[f"container_{kind}_open"] = self._callout_open
            rules[f"container_{kind}_close"] = self._callout_close

    def render(self, section: Section) -> Markup:
        env: dict[str, Any] = {"section": section, "callouts": 0}
        return Markup(self.md.renderer.render(_with_block_ids(section), self.md.options, env))

    def _citation(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        known = {r.id for r in self.handout.meta.references}
        links = [
            f'<a href="{self.target.href("references", "ref-" + i)}" role="doc-noteref">'
            f"{self.handout.reference_number(i)}</a>"
            for i in token.meta["ids"] if i in known
        ]
        return f'<span class="citation" id="{self.anchors[id(token)]}">[{", ".join(links)}]</span>'

    def _text(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """Text, with the first use of each glossary term linked to its entry on the "Words to know" page."""
        content, parts, done = tokens[idx].content, [], 0
        for use in [] if env.get("in_link") else self.term_uses.get(id(tokens[idx]), []):  # never a link in a link
            parts += [escapeHtml(content[done:use.start]),
                      f'<a href="{self.target.href("glossary", use.anchor)}" role="doc-glossref">'
                      f"{escapeHtml(content[use.start:use.end])}</a>"]
            done = use.end
        return "".join(parts) + escapeHtml(content[done:])

    def _link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        env["in_link"] = True
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _link_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        env["in_link"] = False
        return self.md.renderer.renderToken(tokens, idx, options, env)

    # A link holds text only: markup inside <a> breaks the PDF's Link structure (WeasyPrint 70 splits the link).
    def _inline_markup(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "" if env.get("in_link") else self.md.renderer.renderToken(tokens, idx, options, env)

    def _code(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if env.get("in_link"):
            return str(escape(tokens[idx].content))
        return self._code_inline(tokens, idx, options, env)

    def _image(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        token = tokens[idx]
        if env.get("in_link"):
            return str(escape(token.content))  # a picture inside a link is read as its alt text
        src = escape(token.attrGet("src") or "")
        img = f'<img src="{src}" alt="{escape(token.content)}"/>'
        caption = token.attrGet("title")
        if env.get("in_figure") and caption:
            img += f"<figcaption>{escape(caption)}</figcaption>"
        return img

    def _paragraph_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if tokens[idx].meta.get("figure"):
            env["in_figure"] = True
            return f'<figure id="{tokens[idx].attrGet("id")}">'
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _paragraph_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        if tokens[idx].meta.get("figure"):
            env["in_figure"] = False
            return "</figure>\n"
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _th_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        tokens[idx].attrSet("scope", "col")
        return self.md.renderer.renderToken(tokens, idx, options, env)

    def _callout_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        kind = tokens[idx].info.strip().split()[0]
        env["callouts"] += 1
        label_id = f"{env['section'].id}--callout-{env['callouts']}"
        return (f'<aside class="callout callout-{kind}" id="{tokens[idx].attrGet("id")}" '
                f'aria-labelledby="{label_id}">\n'
                f'<p class="callout-label" id="{label_id}">{escape(self.callout_labels[kind])}</p>\n')

    def _callout_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return "</aside>\n"


def _citations(handout: Handout) -> Iterator[tuple[Section, Token]]:
    """Every citation token with its section, in reading order."""
    for section in handout.sections:
        for token in section.tokens:
            for child in token.children or []:
                if child.type == "citation":
                    yield section, child


def _backlinks(handout: Handout, target: Target) -> dict[str, list[Backlink]]:
    """Reference id → the places it is cited, each labelled with its section's title (numbered when a section
    cites it more than once)."""
    _ = translations(handout.language).gettext
    anchors = _citation_anchors(handout)
    places: dict[str, list[Backlink]] = {}
    in_section: Counter[tuple[str, str]] = Counter()
    for section, token in _citations(handout):
        for ref_id in dict.fromkeys(token.meta["ids"]):
            in_section[ref_id, section.id] += 1
            count = in_section[ref_id, section.id]
            label = section.title if count == 1 else _("%(section)s (%(count)s)") % {
                "section": section.title, "count": count}
            places.setdefault(ref_id, []).append(Backlink(target.href(section.id, anchors[id(token)]), label))
    return places


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def ama_lead(reference: Reference, language: str) -> str:
    """The entry up to its URL, AMA Manual of Style order: "Authors. Title. Place: Publisher; Date." (more than
    six authors: the first three and "et al"). Parts the reference does not have are left out."""
    _ = translations(language).gettext
    authors = reference.authors if len(reference.authors) <= 6 else [*reference.authors[:3], _("et al")]
    source = ": ".join(part for part in (reference.place, reference.publisher) if part)
    date = long_date(reference.date, language) if reference.date else ""
    published = "; ".join(part for part in (source, date) if part)
    return " ".join(_sentence(part) for part in (", ".join(authors), reference.title, published) if part)


def cited_references(handout: Handout, target: Target) -> list[CitedReference]:
    """The references appendix: numbered in first-citation order, each linking back to every place it is cited."""
    _ = translations(handout.language).gettext
    backlinks = _backlinks(handout, target)
    return [
        CitedReference(
            number=n, reference=ref, lead=ama_lead(ref, handout.language),
            accessed=_("Accessed %(date)s.") % {"date": long_date(ref.accessed, handout.language)}
            if ref.accessed else None,
            backlinks=tuple(backlinks.get(ref.id, ())))
        for n, ref in enumerate(handout.cited_references(), start=1)
    ]


def _tel(phone: str) -> str:
    """A phone number as dialled, for a tel: link (keeps a leading + and the digits)."""
    return "tel:" + re.sub(r"(?!^\+)[^\d]", "", phone.strip())


def _url_text(url: str, target: TargetName) -> Markup:
    """A URL's visible text that breaks only after its slashes and dots. Print gets a zero-width space there and a
    word joiner after each hyphen (a line may otherwise break after one), characters rather than <wbr> so that
    the PDF's Link tag holds plain text; the EPUB gets <wbr/>, so that copying the text copies the URL.
    CSS `overflow-wrap: anywhere` still breaks a part too long for a line."""
    text = str(escape(url))
    if target == "print":
        return Markup(re.sub(r"[/.]+(?=.)", "\\g<0>\u200b", text).replace("-", "-\u2060"))
    return Markup(re.sub(r"[/.]+(?=.)", "\\g<0><wbr/>", text))


def _qr_figure(url: str, name: str, language: str) -> Markup:
    """The printed QR code for `url`, its alternative text saying what it opens: `name` on which web site."""
    alt = translations(language).gettext("QR code linking to %(name)s at %(site)s") % {
        "name": name, "site": urlsplit(url).hostname}
    return qr_svg(url, alt)


def _css_string(value: str) -> Markup:
    return Markup('"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')


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
        language = babel_locale(edition.language).get_display_name(edition.language) or edition.language
        note = gettext("This handout is also available in {language}.").format(language=language)
        notes.append((edition.language, note))
    return notes


def _context(handout: Handout, clinic: Clinic, layout: Layout, target: Target,
             editions: Sequence[Edition]) -> dict[str, Any]:
    renderer = BodyRenderer(handout, target)
    return {
        "edition_notes": edition_notes(editions),
        "handout": handout,
        "meta": handout.meta,
        "clinic": clinic,
        "layout": layout.settings,
        "target": target.name,
        "lang": handout.language,
        "sections": [RenderedSection(s, renderer.render(s)) for s in handout.sections],
        "references": cited_references(handout, target),
        "reviewed": long_date(handout.meta.reviewed, handout.language),
        "href": target.href,
    }


def _environment(layout: Layout, language: str):
    env = template_environment(layout)
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["tel"] = _tel
    env.filters["css_counters"] = _css_counters
    env.filters["long_date"] = lambda d: long_date(d, language)
    env.filters["url_text"] = _url_text
    env.filters["qr_figure"] = lambda url, name: _qr_figure(url, name, language)
    return env


def render_print_html(handout: Handout, clinic: Clinic, layout: Layout, paper: Paper,
                      editions: Sequence[Edition] = (), logo: Path | None = None) -> str:
    """The whole handout as one HTML document for WeasyPrint (relative URLs resolve in the handout folder; the
    clinic's logo file, `logo`, is elsewhere)."""
    env = _environment(layout, handout.language)
    context = _context(handout, clinic, layout, Target("print"), editions)
    context["logo_src"] = logo.as_uri() if logo else None
    css = env.get_template("print.css").render(
        context, paper=paper, fonts_url=layout.fonts_dir.as_uri(), font_files=FONT_FILES)
    return env.get_template("print.html").render(context, css=Markup(css))


def render_epub_pages(handout: Handout, clinic: Clinic, layout: Layout,
                      editions: Sequence[Edition] = ()) -> list[EpubPage]:
    """The EPUB's content documents, in reading order."""
    env = _environment(layout, handout.language)
    context = _context(handout, clinic, layout, Target("epub"), editions)
    _ = translations(handout.language).gettext
    page = env.get_template("epub/page.xhtml")
    pages = [EpubPage("title.xhtml", handout.meta.title, "title", page.render(context, kind="title"))]
    for rendered in context["sections"]:
        pages.append(EpubPage(f"{rendered.section.id}.xhtml", rendered.section.title, "section",
                              page.render(context, kind="section", rendered=rendered)))
    if handout.meta.glossary:
        pages.append(EpubPage("glossary.xhtml", _("Words to know"), "glossary", page.render(context, kind="glossary")))
    if context["references"]:
        pages.append(EpubPage("references.xhtml", _("Where this information comes from"), "references",
                              page.render(context, kind="references")))
    pages.append(EpubPage("contacts.xhtml", _("Who can help"), "contacts", page.render(context, kind="contacts")))
    return pages


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


class _BlockStarts(HTMLParser):
    """Where a page-break marker could go for each block with an id, in document order: (id, offset)."""

    def __init__(self, body: str) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self._row: str | None = None
        self.places: list[tuple[str, int]] = []
        self.feed(body)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag == "tr":
            self._row = anchor
        elif tag in ("td", "th") and self._row:
            self._place(self._row, inside=True)
            self._row = None
        elif anchor and (tag in _MARKED_BEFORE or tag in _MARKED_INSIDE):
            self._place(anchor, inside=tag in _MARKED_INSIDE)

    def _place(self, anchor: str, inside: bool) -> None:
        line, column = self.getpos()
        offset = self._line_starts[line - 1] + column
        self.places.append((anchor, offset + len(self.get_starttag_text() or "") if inside else offset))


def mark_print_pages(pages: Sequence[EpubPage], page_map: PageMap) -> tuple[list[EpubPage], list[tuple[int, str]]]:
    """Put a page-break marker for every page of the print edition into the EPUB pages, and list them.

    Page 1 starts the first document; page N goes just before the first block that starts on page N in print.
    A page on which no block starts (one long block fills it) shares the next marker's place; pages after the
    last block start go at the end. Returns the marked pages and the page-list as (number, href).
    """
    inserts: list[list[tuple[int, int]]] = [[] for _ in pages]  # per document: (offset, page number)
    inserts[0].append((0, 1))
    next_number = 2
    for index, page in enumerate(pages):
        for anchor, offset in _BlockStarts(page.body).places:
            number = min(page_map.anchor_pages.get(anchor, 0), page_map.page_count)
            while next_number <= number:
                inserts[index].append((offset, next_number))
                next_number += 1
    while next_number <= page_map.page_count:
        inserts[-1].append((len(pages[-1].body), next_number))
        next_number += 1
    marked: list[EpubPage] = []
    page_list: list[tuple[int, str]] = []
    for page, places in zip(pages, inserts, strict=True):
        body, done = [], 0
        for offset, number in places:
            body += [page.body[done:offset], _PAGE_BREAK.format(n=number)]
            done = offset
            page_list.append((number, f"{page.file_name}#page-{number}"))
        marked.append(replace(page, body="".join([*body, page.body[done:]])))
    return marked, page_list
