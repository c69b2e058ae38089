"""The example's PDF, checked on the produced file."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pikepdf
import pytest

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import audit_bytes, layout_rules
from plainleaf.pdfread.content import page_contents, smallest_text_size
from plainleaf.pdfread.structure import orphan_marked_content, structure_elements
from plainleaf.source.layout import Resources, load_layout
from tests.helpers import ROOT, print_editions, write_picture_handout


@pytest.fixture(scope="module")
def pdf(example_build):
    with pikepdf.open(example_build["pdf"]) as document:
        yield document


def test_document_language_title_and_marking(pdf):
    assert str(pdf.Root.Lang) == "en"
    assert pdf.Root.MarkInfo.Marked
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
    with pdf.open_metadata() as xmp:
        assert xmp["dc:title"] == "Neuroendocrine tumors: What you need to know"


def test_structure_tree_has_headings_lists_and_described_figures(pdf):
    roles = Counter(e.role for e in structure_elements(pdf))
    assert roles["H1"] == 1
    assert roles["H2"] >= 9
    assert roles["L"] >= 4 and roles["LI"] >= 10
    figures = [e for e in structure_elements(pdf) if e.role == "Figure"]
    assert figures and all(f.alt and len(f.alt) > 20 for f in figures)


def test_every_piece_of_text_is_at_least_18_points(pdf):
    assert smallest_text_size(pdf) >= 18


def test_only_the_bundled_fonts_are_embedded(pdf):
    names = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.FontDescriptor
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor or "/FontFile" in descriptor
            names.add(str(font.BaseFont).split("+", 1)[-1])
    assert names and all(name.startswith("/Atkinson-Hyperlegible") or name.startswith("Atkinson-Hyperlegible")
                         for name in names), names


def test_bookmarks_follow_the_headings(pdf):
    outline_titles = []
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop(0)
            outline_titles.append(item.title)
            stack[:0] = list(item.children)
    assert "Neuroendocrine tumors" in outline_titles
    assert "What are neuroendocrine tumors?" in outline_titles
    assert "Who can help" in outline_titles


def test_the_same_handout_gives_the_same_bytes(example_build):
    root = example_build["root"]
    again = build([root / "handouts"], None, BuildOptions(output_dir=root / "again", formats=("pdf",)))
    assert again.ok
    assert again.written[0].read_bytes() == example_build["pdf"].read_bytes()


def test_page_numbers_and_running_heads_are_pagination_artifacts(pdf):
    contents = page_contents(pdf)
    assert not [n for n in orphan_marked_content(pdf, contents) if n]
    artifacts = [r.text for r in contents[1].runs if r.artifact and r.text.strip()]
    assert artifacts == ["Neuroendocrine tumors", f"Page 2 of {len(pdf.pages)}"]
    assert b"/Pagination" in pdf.pages[1].Contents.read_bytes()


def uncompressed(data: bytes) -> bytes:
    import io

    with pikepdf.open(io.BytesIO(data)) as document:
        out = io.BytesIO()
        document.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()


def test_pictures_give_the_same_bytes_wherever_the_handout_is_built(tmp_path):
    """WeasyPrint names a picture inside the PDF after its URL: the print document's addresses must not hold the
    scratch folder a task unpacks into, nor where the handout is on this machine."""
    import tempfile

    built = []
    for root in (tmp_path / "one", tmp_path / "two" / "deeper"):
        source = write_picture_handout(root)
        result = build([source.parent], None, BuildOptions(output_dir=root / "output"))
        assert result.ok, [str(e) for e in result.errors]
        built.append({path.name: path.read_bytes() for path in result.written})
    assert built[0].keys() == {"hand-washing-large-print-letter.pdf", "hand-washing.epub"}
    assert built[0] == built[1]
    raw = uncompressed(built[0]["hand-washing-large-print-letter.pdf"])
    assert raw.count(b"/Subtype /Image") == 3  # the two pictures and the logo are really in it
    for path in (str(tmp_path), tempfile.gettempdir(), str(Path.home()), "plainleaf-", "file:"):
        assert path.encode() not in raw


def test_weasyprints_warnings_become_findings_that_name_the_handout_and_whose_fault(tmp_path):
    """Bad CSS in a layout is the layout's (a warning: the page is still right); a link to no place is the
    author's (a warning: the words are still there, not a link; `check` stops such a handout before it prints,
    so here it is rendered straight from its HTML)."""
    from plainleaf.render.html import render_print_html
    from plainleaf.render.pdf import render_pdf
    from plainleaf.render.printfiles import PrintFiles
    from plainleaf.source.files import load_clinic
    from plainleaf.source.parse import parse_handout
    from plainleaf.source.resources import Resources
    from tests.helpers import write_handout

    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")
    css = tmp_path / "layouts" / "_base" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\np { colr: red; }\n", encoding="utf-8")
    source = write_handout(tmp_path, body="## Why it matters\n\nSee [the other part](#nowhere) now.\n")
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf",),
                                                       resources=Resources(tmp_path / "layouts", ROOT / "fonts")))
    assert [e.message for e in result.errors] == ["the link #nowhere goes to no place in this handout"]
    source.write_text(source.read_text().replace("#nowhere", "#why-it-matters"))
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out", formats=("pdf",),
                                                       resources=Resources(tmp_path / "layouts", ROOT / "fonts")))
    assert result.ok, [str(e) for e in result.errors]
    css_warning = next(f for f in result.warnings if "colr: red" in f.message)
    assert css_warning.file == source and css_warning.message.startswith("while printing it, WeasyPrint said: "
                                                                         "Ignored `colr: red`")
    assert "layouts/" in css_warning.hint and "not from the handout" in css_warning.hint
    source.write_text(source.read_text().replace("#why-it-matters", "#nowhere"))
    html = render_print_html(parse_handout(source), load_clinic(source.parent.parent / "clinic.yaml"),
                             load_layout("large-print", Resources.bundled()), "letter")
    rendered = render_pdf(html, source, PrintFiles(source.parent, ROOT / "layouts", ROOT / "fonts"), "nowhere")
    said = {f.message: f for f in rendered.findings}
    assert said["a link goes to #nowhere, which is no place in this handout"].file == source


def test_a_picture_weasyprint_cannot_draw_is_an_error_naming_it(tmp_path):
    from plainleaf.errors import HandoutErrors
    from plainleaf.render.pdf import render_pdf
    from plainleaf.render.printfiles import PrintFiles

    handout = tmp_path / "hand-washing"
    (handout / "images").mkdir(parents=True)
    (handout / "images" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)  # the checks would refuse it
    html = '<html lang="en"><head><title>t</title></head><body><img src="images/scan.png" alt="A scan"/></body></html>'
    with pytest.raises(HandoutErrors) as info:
        render_pdf(html, handout / "handout.md", PrintFiles(handout, tmp_path, tmp_path), identifier="x")
    (error,) = info.value.errors
    assert error.file == handout / "handout.md"
    assert error.message.startswith("the picture 'images/scan.png' could not be put in the PDF (Failed to load image "
                                    "at 'images/scan.png'")


def test_weasyprints_messages_are_kept_by_the_thread_that_renders():
    """WeasyPrint's logger is the whole process's: a render keeps only what its own thread logs, so handouts
    rendered at the same time in threads (a Dask worker) never get each other's warnings."""
    import logging
    import threading

    from plainleaf.render.pdf import _weasyprint_log

    logger = logging.getLogger("weasyprint")
    with _weasyprint_log() as records:
        logger.warning("mine")
        other = threading.Thread(target=logger.warning, args=("another render's",))
        other.start()
        other.join()
        logging.getLogger("weasyprint.progress").info("Step 1")
    logger.warning("after")
    assert [r.getMessage() for r in records] == ["mine"]
    assert not [h for h in logger.handlers if type(h).__name__ == "_ThisThread"]


def test_concurrent_renders_keep_their_own_warnings(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from plainleaf.render.pdf import render_pdf
    from plainleaf.render.printfiles import PrintFiles

    def render(word: str) -> set[str]:
        html = (f'<html lang="en"><head><title>t</title><style>p {{ {word}: red; }}</style></head>'
                f'<body><p>{word}</p></body></html>')
        pdf = render_pdf(html, tmp_path / word / "handout.md", PrintFiles(tmp_path, tmp_path, tmp_path), word)
        return {f.message for f in pdf.findings}

    words = [f"unknown{n}" for n in range(6)]
    with ThreadPoolExecutor(3) as pool:
        for word, messages in zip(words, pool.map(render, words), strict=True):
            assert messages == {f"while printing it, WeasyPrint said: Ignored `{word}: red` at 1:5, unknown property."}


@pytest.mark.parametrize("picture", sorted((ROOT / "handouts").glob("*/images/*")), ids=lambda p: p.name)
def test_the_pictures_plainleaf_ships_meet_every_layouts_text_size(picture, handout_file):
    """Each shipped picture, printed as the handouts print it (a figure at the text width), in every layout on
    both papers: the words drawn inside it are at least the layout's smallest text size."""
    path = handout_file(body=f"## A picture\n\n![{picture.stem}](images/{picture.name} \"Caption\")\n")
    (path.parent / "images").mkdir()
    shutil.copy(picture, path.parent / "images" / picture.name)
    for (name, paper), data in print_editions(path).items():
        rules = layout_rules(load_layout(name, Resources.bundled()))
        assert [str(f) for f in audit_bytes(data, rules) if f.checkpoint == "layout: text size"] == [], (name, paper)



def test_warnings_are_heard_when_the_program_configured_logging_first(tmp_path, monkeypatch):
    """A program that calls logging.config.dictConfig before it builds disables every logger it does not name,
    WeasyPrint's among them: plainleaf listens to them all the same (the suite's order once silenced them, and
    the page limit, which listens to the progress logger, with them)."""
    import logging.config

    loggers = [logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress")]
    for logger in loggers:
        monkeypatch.setattr(logger, "disabled", logger.disabled)  # each put back as it was after the test
    logging.config.dictConfig({"version": 1})
    assert all(logger.disabled for logger in loggers)
    test_weasyprints_warnings_become_findings_that_name_the_handout_and_whose_fault(tmp_path)
    assert all(logger.disabled for logger in loggers)  # the program's choice stands outside plainleaf's render
