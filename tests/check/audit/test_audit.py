"""The PDF checker: a sound file passes, each rule catches its fault, and the command and the build use it."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable

import pikepdf
import pytest

from plainleaf.build.run import BuildOptions, build
from plainleaf.check.audit import AUDIT_RULES, Finding, LayoutRules, audit_bytes, contrast
from plainleaf.cli.command import main
from plainleaf.render.pdfua import fix_pdf
from tests.pdfua_support import STYLE, page, weasyprint_pdf

PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
BODY = f"""
<h1>Checking a handout</h1>
<p>Read <a href="https://clinic.example.org/">our website</a>.</p>
<ul><li>First point</li><li>Second point</li></ul>
<h2>Pictures</h2>
<img src="data:image/png;base64,{PIXEL}" alt="A grey square" style="width: 1in"/>
<table><thead><tr><th scope="col">Drug</th></tr></thead><tbody><tr><td>Aspirin</td></tr></tbody></table>
"""
RULES = LayoutRules(min_text_pt=12, margin_pt=36, font_families=("A",))


def render(body: str = BODY, style: str = "") -> bytes:
    return fix_pdf(weasyprint_pdf(page(body, style=STYLE + style)), "en")


@pytest.fixture(scope="module")
def sound() -> bytes:
    return render()


def doctored(data: bytes, change: Callable[[pikepdf.Pdf], object]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def element(pdf: pikepdf.Pdf, role: str) -> pikepdf.Dictionary:
    from plainleaf.pdfread.structure import structure_elements

    return next(e.obj for e in structure_elements(pdf) if e.role == role)


def checkpoints(data: bytes, rules: LayoutRules = RULES) -> set[str]:
    return {f.checkpoint for f in audit_bytes(data, rules)}


def test_a_sound_file_has_no_findings(sound):
    assert audit_bytes(sound, RULES) == []


def _set(obj: pikepdf.Object, key: str, value: object) -> None:
    obj[key] = value


def _drop_font_part(pdf: pikepdf.Pdf, key: str) -> None:
    for font in pdf.pages[0].Resources.Font.values():
        owner = font if key == "/ToUnicode" else font.DescendantFonts[0].FontDescriptor
        del owner[key]


def _add_untagged_line(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].contents_add(pdf.make_stream(b"0 0 m 100 100 l S"))


def _rename_outline(pdf: pikepdf.Pdf) -> None:
    pdf.Root.Outlines.First.Title = pikepdf.String("Something else")


def _paint_first_last(pdf: pikepdf.Pdf) -> None:
    """The page's first marked content is painted after everything else."""
    instructions = list(pikepdf.parse_content_stream(pdf.pages[0]))
    start = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "BDC" and "/MCID" in ins.operands[1])
    end = next(i for i in range(start, len(instructions)) if str(instructions[i].operator) == "EMC")
    moved = instructions[:start] + instructions[end + 1:] + instructions[start:end + 1]
    pdf.pages[0].obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(moved))


def _move_picture_box(pdf: pikepdf.Pdf) -> None:
    box = element(pdf, "Figure").A.BBox
    box[1], box[3] = box[1] + 300, box[3] + 300


FAULTS: dict[str, tuple[str, Callable[[pikepdf.Pdf], object]]] = {
    "no language": ("Matterhorn 11-001", lambda pdf: _set(pdf.Root, "/Lang", pikepdf.String(""))),
    "not marked": ("ISO 14289-1 7.1", lambda pdf: _set(pdf.Root.MarkInfo, "/Marked", False)),
    "suspect tags": ("Matterhorn 01-007", lambda pdf: _set(pdf.Root.MarkInfo, "/Suspects", True)),
    "no XMP": ("Matterhorn 06-001", lambda pdf: pdf.Root.__delitem__("/Metadata")),
    "file name shown": ("Matterhorn 07-002", lambda pdf: _set(pdf.Root.ViewerPreferences, "/DisplayDocTitle", False)),
    "no DisplayDocTitle": ("Matterhorn 07-001", lambda pdf: pdf.Root.__delitem__("/ViewerPreferences")),
    "untagged drawing": ("Matterhorn 01-005", _add_untagged_line),
    "first heading H2": ("Matterhorn 14-002", lambda pdf: _set(element(pdf, "H1"), "/S", pikepdf.Name.H2)),
    "skipped level": ("Matterhorn 14-003", lambda pdf: _set(element(pdf, "H2"), "/S", pikepdf.Name.H4)),
    "list item not LI": ("Matterhorn 09-005", lambda pdf: _set(element(pdf, "LI"), "/S", pikepdf.Name.P)),
    "header without scope": ("Matterhorn 15-003", lambda pdf: element(pdf, "TH").A.__delitem__("/Scope")),
    "picture without alt": ("Matterhorn 13-004", lambda pdf: element(pdf, "Figure").__delitem__("/Alt")),
    "link outside Link": ("Matterhorn 28-011", lambda pdf: _set(element(pdf, "Link"), "/S", pikepdf.Name.Span)),
    "link without description": ("Matterhorn 28-012", lambda pdf: pdf.pages[0].Annots[0].__delitem__("/Contents")),
    "link described by anchor": ("Matterhorn 28-012",
                                 lambda pdf: _set(pdf.pages[0].Annots[0], "/Contents", pikepdf.String("ref-1"))),
    "no tab order": ("Matterhorn 28-008", lambda pdf: pdf.pages[0].obj.__delitem__("/Tabs")),
    "row tab order": ("Matterhorn 28-009", lambda pdf: _set(pdf.pages[0].obj, "/Tabs", pikepdf.Name.R)),
    "no ToUnicode": ("Matterhorn 10-001", lambda pdf: _drop_font_part(pdf, "/ToUnicode")),
    "font not embedded": ("Matterhorn 31-009", lambda pdf: _drop_font_part(pdf, "/FontFile2")),
    "bookmarks differ": ("ISO 14289-1 7.17", _rename_outline),
    "painted out of reading order": ("WCAG 1.3.2", _paint_first_last),
    "link not printed": ("ISO 14289-1 7.18.1", lambda pdf: _set(pdf.pages[0].Annots[0], "/F", 0)),
    "link hidden on screen": ("ISO 14289-1 7.18.1", lambda pdf: _set(pdf.pages[0].Annots[0], "/F", 4 | 32)),
    "picture box elsewhere": ("ISO 32000-1 14.8.5.4.3", _move_picture_box),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_pdf_ua_rule_catches_its_fault(sound, fault):
    checkpoint, change = FAULTS[fault]
    assert checkpoint not in checkpoints(sound)
    assert checkpoint in checkpoints(doctored(sound, change))


def test_a_heading_broken_after_its_own_hyphen_is_read_as_one_word():
    data = render('<h1 style="width: 5.2em">Local fire department (non-emergency)</h1>')
    assert "ISO 14289-1 7.17" not in checkpoints(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        from plainleaf.pdfread.content import page_contents
        from plainleaf.pdfread.text import text_in_order

        assert text_in_order(pdf, page_contents(pdf)) == "Local fire department (non-emergency)"
        assert max(r.start[1] for r in page_contents(pdf)[0].runs if r.text.startswith("emergency")) < \
            min(r.start[1] for r in page_contents(pdf)[0].runs if "(non-" in r.text)  # it was broken there


@pytest.mark.parametrize(("heading", "width", "read"), [
    ("Put the lid on</script", 9, "Put the lid on</ script"),  # wrapped after "</" (security-findings #6)
    ("Comments<!--hidden here", 6, "Comments<!-- hidden here"),  # after "--" that follows no letter
    ("Before--after the meal", 5, "Before-- after the meal"),
    ("Tube/line care", 3, "Tube/ line care"),
    ("Inside\u200bthe box", 4, "Inside the box"),  # at a zero-width space, which the bookmark keeps
    ("Inside\u200bthe box", 7, "Insidethe box"),  # the same, not wrapped: the space draws nothing
])
def test_a_heading_wrapped_where_the_page_cannot_tell_a_space_matches_its_bookmark(heading, width, read):
    import html

    from plainleaf.pdfread.content import page_contents
    from plainleaf.pdfread.text import text_in_order

    data = render(f'<h1 style="width: {width}em">{html.escape(heading)}</h1>')
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert text_in_order(pdf, page_contents(pdf)) == read  # as the page reads: a space where it was wrapped
        assert str(pdf.Root.Outlines.First.Title) == heading
    assert "ISO 14289-1 7.17" not in checkpoints(data)
    other = doctored(data, lambda pdf: _set(pdf.Root.Outlines.First, "/Title", pikepdf.String(heading + "s")))
    assert "ISO 14289-1 7.17" in checkpoints(other)  # a bookmark that says something else still does not match


def test_a_web_or_email_address_printed_without_a_link_is_a_warning():
    linked = render('<h1>Links</h1><p>See <a href="https://e.org/a">https://e.org/a</a> or write to '
                    '<a href="mailto:care@e.org">care@e.org</a>.</p>')
    assert "layout: unlinked address" not in checkpoints(linked)
    for text in ("https://e.org/a", "www.e.org", "care@e.org"):
        (finding,) = [f for f in audit_bytes(render(f"<h1>Links</h1><p>See {text} today.</p>"))
                      if f.checkpoint == "layout: unlinked address"]
        assert finding.severity == "warning" and text in finding.message


def test_grey_text_fails_the_contrast_rule():
    assert contrast((0, 0, 0), (1, 1, 1)) == pytest.approx(21)
    findings = audit_bytes(render(style="p { color: #595959; }"), RULES)  # 7.0:1 passes, lighter does not
    assert not [f for f in findings if f.checkpoint == "WCAG 1.4.6"]
    findings = audit_bytes(render(style="p { color: #767676; }"), RULES)  # 4.5:1
    assert [str(f) for f in findings if f.checkpoint == "WCAG 1.4.6"] == [
        "page 1: 2 pieces of text have a contrast below 7:1; the worst is 4.5:1 ('Read') [WCAG 1.4.6]"]


def test_text_drawn_smaller_than_the_minimum_is_an_error_whatever_the_css_says():
    findings = audit_bytes(render(style="li { font-size: 8pt; }"), RULES)
    sizes = [f for f in findings if f.checkpoint == "layout: text size"]
    assert [(f.severity, f.page) for f in sizes] == [("error", 1)]
    assert "smaller than 12 pt; the smallest is 8.0 pt" in sizes[0].message


def test_a_word_running_into_the_margin_is_clipping():
    findings = audit_bytes(render("<h1>Long</h1><p style='overflow-wrap: normal'>" + "x" * 80 + "</p>"), RULES)
    assert [f.checkpoint for f in findings if f.severity == "error"] == ["layout: clipping"]
    assert not audit_bytes(render("<h1>Long</h1><p style='overflow-wrap: break-word'>" + "x" * 60 + "</p>"), RULES)


def test_long_lines_are_a_warning():
    findings = audit_bytes(render("<h1>Wide</h1><p>" + "word " * 40 + "</p>", style="html { font-size: 7pt }"),
                           LayoutRules())
    assert [(f.checkpoint, f.severity) for f in findings] == [("layout: line length", "warning")]


def test_audit_command_prints_one_line_per_finding_and_fails_on_errors(sound, tmp_path, capsys):
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(sound)
    bad.write_bytes(doctored(sound, FAULTS["no language"][1]))
    assert main(["audit", str(good)]) == 0
    assert capsys.readouterr().out.strip() == f"{good}: no problems found"
    assert main(["audit", str(good), "--layout", "clear-print"]) == 1  # its 12 pt text is below clear print's 14
    assert "smaller than 14 pt" in capsys.readouterr().out
    assert main(["audit", str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [f"{bad}: error: the document's language is not set (/Lang is missing or empty) "
                     "[Matterhorn 11-001] (give the HTML a lang attribute)", f"{good}: no problems found"]


def test_audit_command_reports_unreadable_files_and_unknown_layouts(tmp_path, capsys):
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello")
    assert main(["audit", str(not_pdf)]) == 1
    assert capsys.readouterr().out.startswith(f"{not_pdf}: error: this is not a PDF file that can be read")
    assert main(["audit", str(not_pdf), "--layout", "huge"]) == 1
    assert "there is no layout called 'huge'" in capsys.readouterr().out


def test_the_build_fails_a_handout_whose_pdf_fails_the_audit_and_writes_nothing(handout_file, tmp_path, monkeypatch):
    source = handout_file()
    failing = [Finding("Matterhorn 01-005", "made-up fault", page=2), Finding("layout: x", "just a note",
                                                                                severity="warning")]
    monkeypatch.setattr("plainleaf.check.audit.audit_bytes", lambda data, rules, contents=None: failing)
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "out"))
    assert [str(e) for e in result.errors] == [
        f"{source}: error: hand-washing-large-print-letter.pdf: page 2: made-up fault [Matterhorn 01-005]"]
    assert not result.written and not (tmp_path / "out").exists()


SMALL_WORDS_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
                   b'<text x="10" y="50" font-size="6">tiny words here</text></svg>')
# For each rule of the audit, a file that breaks it: the sound file changed, or a page of its own (and the layout's
# rules it is measured against)
RULE_FAULTS: dict[str, Callable[[bytes], tuple[bytes, LayoutRules]]] = {
    "pdf.tagged": lambda sound: (doctored(sound, FAULTS["no XMP"][1]), RULES),
    "pdf.languages": lambda sound: (doctored(sound, lambda pdf: _set(element(pdf, "H1"), "/Lang",
                                                                      pikepdf.String("not a tag"))), RULES),
    "pdf.untagged-content": lambda sound: (doctored(sound, _add_untagged_line), RULES),
    "pdf.reading-order": lambda sound: (doctored(sound, _paint_first_last), RULES),
    "pdf.headings": lambda sound: (doctored(sound, FAULTS["first heading H2"][1]), RULES),
    "pdf.lists": lambda sound: (doctored(sound, FAULTS["list item not LI"][1]), RULES),
    "pdf.tables": lambda sound: (doctored(sound, FAULTS["header without scope"][1]), RULES),
    "pdf.figure-alt": lambda sound: (doctored(sound, FAULTS["picture without alt"][1]), RULES),
    "pdf.figure-box": lambda sound: (doctored(sound, _move_picture_box), RULES),
    "pdf.links": lambda sound: (doctored(sound, FAULTS["no tab order"][1]), RULES),
    "pdf.links-printed": lambda sound: (doctored(sound, FAULTS["link not printed"][1]), RULES),
    "pdf.unlinked-address": lambda _: (render("<h1>Links</h1><p>See www.example.org today.</p>"), RULES),
    "pdf.fonts": lambda sound: (doctored(sound, FAULTS["no ToUnicode"][1]), RULES),
    "pdf.bookmarks": lambda sound: (doctored(sound, _rename_outline), RULES),
    "layout.contrast": lambda _: (render(style="p { color: #767676; }"), RULES),
    "layout.text-size": lambda _: (render(style="li { font-size: 8pt; }"), RULES),
    "layout.text-size.picture": lambda _: (render(
        '<h1>Pictures</h1><img src="data:image/svg+xml;base64,' + base64.b64encode(SMALL_WORDS_SVG).decode() +
        '" alt="A chart" style="width: 2in"/>'), RULES),
    "layout.clipping": lambda _: (render("<h1>Long</h1><p style='overflow-wrap: normal'>" + "x" * 80 + "</p>"), RULES),
    "layout.line-length": lambda _: (render("<h1>Wide</h1><p>" + "word " * 40 + "</p>",
                                            style="html { font-size: 7pt }"), LayoutRules()),
}


def test_every_audit_rule_has_a_fault_of_its_own():
    assert set(RULE_FAULTS) == set(AUDIT_RULES)


@pytest.mark.parametrize("rule_id", RULE_FAULTS)
def test_each_audit_rule_finds_its_fault_and_names_itself(sound, rule_id):
    """The sound file passes the rule; the faulty one fails it, with findings of the rule's severity at most that
    print the checkpoints the rule lists."""
    rule = AUDIT_RULES[rule_id]
    assert not [f for f in audit_bytes(sound, RULES) if f.rule == rule_id]
    data, layout = RULE_FAULTS[rule_id](sound)
    found = [f for f in audit_bytes(data, layout) if f.rule == rule_id]
    assert found, rule_id
    assert {f.severity for f in found} <= {rule.severity, "warning"} and {f.checkpoint for f in found} <= \
        set(rule.checkpoints)
