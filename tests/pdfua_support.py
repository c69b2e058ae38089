"""A small probe document for the tests of WeasyPrint's PDF/UA-1 output and its mending: a page of headings, links,
a table and an empty list in the bundled font, and WeasyPrint's own PDF of it, before plainleaf mends anything."""

from __future__ import annotations

from plainleaf.source.layout import Resources

FONTS = Resources.bundled().fonts_dir.as_uri()
STYLE = f"""
@font-face {{ font-family: A; src: url({FONTS}/AtkinsonHyperlegible-Regular.ttf); }}
@font-face {{ font-family: A; font-weight: bold; src: url({FONTS}/AtkinsonHyperlegible-Bold.ttf); }}
@page {{ size: a5; font-family: A;
  @top-left {{ content: "Running head"; font-family: A; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-family: A; }} }}
html {{ font-family: A; }}
"""
BODY = """
<h1>Probe document</h1>
<p>Visit <a href="https://clinic.example.org/">our website</a>, call <a href="tel:5550100">555-0100</a>
or read <a href="#notes">the notes</a>.</p>
<table><thead><tr><th scope="col">Drug</th><th scope="col">Dose</th></tr></thead>
<tbody><tr><td>Aspirin</td><td>75 mg</td></tr></tbody></table>
<dl class="empty"></dl>
<h2 id="notes">Notes</h2>
<p>Nothing else.</p>
"""


def page(body: str = BODY, *, lang: str = ' lang="en"', title: str = "<title>Probe document</title>",
         style: str = STYLE) -> str:
    return f"<!DOCTYPE html><html{lang}><head>{title}<style>{style}</style></head><body>{body}</body></html>"


def weasyprint_pdf(html: str) -> bytes:
    """WeasyPrint's own PDF/UA-1 output, before plainleaf mends anything."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url="file:///nonexistent/").write_pdf(
        pdf_variant="pdf/ua-1", pdf_identifier=b"probe")
