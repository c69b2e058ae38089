"""Random handouts: whatever the Markdown and front matter, plainleaf builds valid output or raises its own
HandoutErrors; never a traceback."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.checks import check_handout
from plainleaf.errors import HandoutErrors, raise_if_errors
from plainleaf.render.html import render_epub_pages, render_print_html
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.model import Clinic
from plainleaf.source.parse import parse_handout
from tests.fuzz_support import encoded, make_folder, printable

RESOURCES = Resources.bundled()
LAYOUT = load_layout("large-print", RESOURCES)
CLINIC = Clinic(name="Fuzz Clinic", phone="555-0100")


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as root:
        yield make_folder(Path(root))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        assert not [name for name, _ in attrs if name.startswith("on")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=encoded)
def test_parse_check_and_html_either_work_or_raise_handout_errors(folder, source):
    (folder / "handout.md").write_bytes(source)
    try:
        handout = parse_handout(folder / "handout.md")
        raise_if_errors(check_handout(handout, RESOURCES.fonts_dir))
    except HandoutErrors as errors:
        assert errors.errors and all(e.message and e.file for e in errors.errors)
        return
    parsed = _Tags()
    parsed.feed(render_print_html(handout, CLINIC, LAYOUT, "letter"))
    assert parsed.tags.count("h1") == 1
    assert not {"script", "iframe", "object", "embed", "style"} & set(parsed.tags[parsed.tags.index("body"):])
    pages = render_epub_pages(handout, CLINIC, LAYOUT)
    assert len(pages) >= 3 and all(p.title for p in pages)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=printable)
def test_a_full_build_makes_a_pdf_and_an_epub_or_reports_errors(folder, source):
    (folder / "handout.md").write_text(source, encoding="utf-8")
    output = folder.parent.parent / "output"
    shutil.rmtree(output, ignore_errors=True)
    result = build([folder], None, BuildOptions(output_dir=output))
    if not result.ok:
        assert result.written == [] and all(e.message for e in result.errors)
        return
    pdf, epub = sorted(result.written, key=lambda p: p.suffix != ".pdf")
    with pikepdf.open(pdf) as document:
        assert len(document.pages) >= 2 and document.Root.MarkInfo.Marked
    with zipfile.ZipFile(epub) as book:
        assert book.namelist()[0] == "mimetype" and book.testzip() is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=encoded, large_print=st.booleans(), strict=st.booleans())
def test_check_reviews_any_input_without_a_fault(folder, source, large_print, strict):
    """What `check` runs on each handout: every input gives findings naming the file, never an exception, and
    never plainleaf's own fault (review_source turns any exception into one, which would be our bug)."""
    from plainleaf.check.review import review_source

    (folder / "handout.md").write_bytes(source)
    review = review_source(folder / "handout.md", RESOURCES.fonts_dir, large_print, strict)
    assert not [str(f) for f in review.findings if "fault in plainleaf" in f.hint]
    assert all(f.message and f.file for f in review.findings)
    if strict:
        assert not [f for f in review.findings if f.severity == "warning"]
