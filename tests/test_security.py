"""Hostile handouts: a build never reads files outside the allowed places, never reaches the network, never lets
markup through, never writes outside the output folder; each attempt is one clear error."""

from __future__ import annotations

import base64
import io
import os
import socket
import urllib.request
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image as PILImage

from plainleaf.build.outputs import write_together
from plainleaf.build.run import BuildOptions, build
from plainleaf.check import checks
from plainleaf.check.checks import check_handout
from plainleaf.errors import HandoutError, HandoutErrors
from plainleaf.render.epub import EpubParts, render_epub
from plainleaf.render.html import render_print_html
from plainleaf.source.layout import Resources, load_layout
from plainleaf.source.model import Clinic
from plainleaf.source.parse import parse_handout
from plainleaf.source.pictures import raster
from tests.helpers import EXAMPLE, MINIMAL_FRONT, outline, rescued, write_handout

RESOURCES = Resources.bundled()


@pytest.fixture
def no_network(monkeypatch) -> list[tuple]:
    """Every way Python code opens a connection or looks up a name raises, and is recorded (WeasyPrint swallows
    fetch errors, so the record is what proves nothing tried)."""
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("a build tried to use the network")

    for owner, name in [(socket.socket, "connect"), (socket.socket, "connect_ex"), (socket.socket, "sendto"),
                        (socket, "create_connection"), (socket, "getaddrinfo")]:
        monkeypatch.setattr(owner, name, refuse)
    return attempts


def png_bytes(size: tuple[int, int] = (8, 8), mode: str = "RGB", fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    PILImage.new(mode, size).save(out, fmt)
    return out.getvalue()


def build_errors(source: Path, **options) -> list[str]:
    output = source.parent.parent.parent / "output"
    result = build([source.parent], None, BuildOptions(output_dir=output, **options))
    assert not result.ok
    assert not output.exists() or not any(output.rglob("*.*")), "a handout with errors wrote files"
    return [str(e) for e in result.errors]


def test_the_socket_guard_catches_a_connection(no_network):
    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert no_network


def test_a_full_build_opens_no_network_connection(no_network, tmp_path):
    """Links, web addresses in references and contacts, and a picture: PDF and EPUB, and not one connection."""
    front = MINIMAL_FRONT + """\
references:
  - {id: who, title: Hand hygiene, publisher: WHO, url: "https://www.who.int/hand-hygiene"}
support:
  - {name: Helpline, url: "https://help.example.org/", phone: 555-0100, email: help@example.org}
"""
    body = ("## Why it matters\n\nSee [the guide](https://example.org/guide) [@who], write to <help@example.org> "
            "or call [the desk](tel:5550100).\n\n![Where germs hide](images/where-nets-start.svg)\n")
    source = write_handout(tmp_path, front, body)
    (source.parent / "images").mkdir()
    (source.parent / "images" / "where-nets-start.svg").write_bytes(
        (EXAMPLE / "images" / "where-nets-start.svg").read_bytes())
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "output"))
    assert result.ok, [str(e) for e in result.errors]
    assert len(result.written) == 2
    assert no_network == []


@pytest.mark.parametrize(("target", "expected"), [
    ("/etc/passwd", "must be relative to the handout folder"),
    ("file:///etc/hostname", "not a web address or other link"),
    ("http://127.0.0.1:9/x.png", "not a web address or other link"),
    ("images/../../../../etc/passwd", "may not contain '..'"),
    ("data:image/png;base64,iVBORw0KGgo=", "not a web address or other link"),
])
def test_a_picture_from_outside_the_handout_is_refused_before_rendering(no_network, tmp_path, target, expected):
    source = write_handout(tmp_path, body=f"## One\n\n![x]({target})\n")
    (message,) = build_errors(source)
    assert message.startswith(f"{source}:8: error: the picture") and expected in message
    assert no_network == []


def test_raw_html_carrying_a_css_url_is_refused(tmp_path):
    body = ('## One\n\n<div style="background: url(file:///etc/passwd)">x</div>\n\n'
            'Text <span style="background:url(http://127.0.0.1:9/x.png)">y</span>.\n')
    source = write_handout(tmp_path, body=body)
    messages = build_errors(source)
    assert [m.split(": error: ")[1].split(" (")[0] for m in messages] == ["raw HTML is not allowed in a handout"] * 2
    assert [m.split(":")[1] for m in messages] == ["8", "10"]


def test_a_symlinked_picture_pointing_outside_is_refused(tmp_path):
    secret = tmp_path / "private-photo.png"
    secret.write_bytes(png_bytes())
    source = write_handout(tmp_path, body="## One\n\n![A photo](images/photo.png)\n")
    (source.parent / "images").mkdir()
    os.symlink(secret, source.parent / "images" / "photo.png")
    (message,) = build_errors(source)
    assert "'images/photo.png' cannot be used: it is outside the folders plainleaf may read" in message


def test_the_epub_applies_the_same_rule_to_pictures(tmp_path):
    """Even if a picture slipped past the checks, the EPUB never packs a file from outside the handout folder."""
    source = write_handout(tmp_path)
    handout = parse_handout(source)
    (source.parent / "images").mkdir()
    os.symlink("/etc/passwd", source.parent / "images" / "passwd.png")
    parts = EpubParts(pages=[], css="", nav="", images=[("images/passwd.png", source.parent / "images/passwd.png")],
                      fonts_dir=RESOURCES.fonts_dir)
    with pytest.raises(HandoutErrors) as info:
        render_epub(handout, Clinic(name="C"), parts)
    (error,) = info.value.errors
    assert "'images/passwd.png' cannot be used: it is outside" in error.message


def test_a_symlinked_handout_file_is_refused(tmp_path):
    outside = write_handout(tmp_path / "elsewhere")
    folder = tmp_path / "handouts" / "linked"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "handout.md")
    with pytest.raises(HandoutErrors, match="a link to a file outside its folder"):
        parse_handout(folder / "handout.md")


@pytest.mark.parametrize("slug", ["../../x", "a/b", "..", ".hidden", "con", "nul", "lpt1", "com3", "Capital", ""])
def test_unsafe_slugs_are_refused(tmp_path, slug):
    source = write_handout(tmp_path)
    with pytest.raises(HandoutErrors, match="cannot be used as a file name"):
        parse_handout(source, slug=slug or "-")


def test_output_paths_never_leave_the_output_folder(tmp_path):
    root = tmp_path / "output"
    escape = root / "../../x" / "x.pdf"
    with pytest.raises(HandoutErrors, match="refusing to write outside the output folder"):
        write_together({root / "ok" / "ok.pdf": b"ok", escape: b"x"}, root)
    assert not escape.exists() and not (root / "ok" / "ok.pdf").exists()


def test_an_output_folder_linking_elsewhere_is_not_written_through(tmp_path):
    root, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, root / "hand-washing")
    with pytest.raises(HandoutErrors):
        write_together({root / "hand-washing" / "hand-washing.epub": b"x"}, root)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JavaScript:alert(1)", "vbscript:x", "file:///etc/passwd",
                                  "data:text/html;base64,PHNjcmlwdD4=", "other-handout.md", "//evil.example/"])
def test_links_may_only_go_to_the_web_email_phone_or_this_handout(handout_file, href):
    path = handout_file(body=f"## One\n\nSee [this]({href}).\n")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    (error,) = info.value.errors
    assert error.line == 8 and "cannot be used" in error.message and "mailto:" in error.hint


def test_allowed_links_pass(handout_file):
    body = "## One\n\n[a](https://example.org/a?b=c) [b](mailto:x@example.org) [c](tel:+1-555-0100) [d](#one)\n"
    assert parse_handout(handout_file(body=body)).sections


def test_attribute_injection_through_lang_is_refused(handout_file):
    path = handout_file(body='## One\n\n[hola]{lang="es\\" onclick=\\"alert(1)"} and [bonjour]{lang=fr}.\n')
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    (error,) = info.value.errors
    assert "is not a language tag" in error.message and error.line == 8


def test_markup_in_text_and_front_matter_is_printed_as_text(handout_file):
    front = 'title: "<script>alert(1)</script>"\nsummary: <img src=x onerror=alert(1)>\nreviewed: 2026-11-01\n'
    path = handout_file(front=front, body="## One\n\nThe `<iframe>` tag & <notatag.\n")
    html = render_print_html(parse_handout(path), Clinic(name="C"), load_layout("large-print", RESOURCES), "a4")
    elements = outline(html).tags
    assert not [tag for tag, _ in elements if tag in ("script", "iframe", "object", "embed", "link", "img")]
    assert not [attrs for tag, attrs in elements if tag == "meta" and "http-equiv" in attrs]
    assert not [name for _, attrs in elements for name in attrs if name.startswith("on")]
    assert "&lt;script&gt;" in html and "&lt;iframe&gt;" in html


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'


def picture_findings(handout_file, name: str, data: bytes | str) -> list[HandoutError]:
    """What the checks say about a handout whose only picture is `name`, holding `data`; line 8 shows it."""
    path = handout_file(body=f"## One\n\n![A picture]({name})\n")
    (path.parent / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return check_handout(parse_handout(path), RESOURCES.fonts_dir)


@pytest.mark.parametrize(("svg", "expected"), [
    (f"{SVG_HEAD}<script>alert(1)</script></svg>", "contains <script>"),
    (f'{SVG_HEAD}<rect width="5" height="5" onload="alert(1)"/></svg>', "script in an onload attribute"),
    (f'{SVG_HEAD}<image href="file:///etc/passwd"/></svg>', "refers to 'file:///etc/passwd'"),
    (f'{SVG_HEAD}<image xlink:href="../secret.png"/></svg>', "refers to '../secret.png'"),
    (f'{SVG_HEAD}<use href="other.svg#a"/></svg>', "refers to 'other.svg#a'"),
    (f'{SVG_HEAD}<a href="javascript:alert(1)"><rect/></a></svg>', "refers to 'javascript:alert(1)'"),
    (f'{SVG_HEAD}<style>@import url("http://127.0.0.1:9/x.css");</style></svg>', "style sheet uses @import"),
    (f"{SVG_HEAD}<style>rect {{ fill: url(file:///etc/passwd) }}</style></svg>", "style sheet refers to other"),
    (f'{SVG_HEAD}<rect style="fill: url(http://x/y)"/></svg>', "style attribute refers to other files"),
    (f'{SVG_HEAD}<rect filter="url(http://x/y#f)"/></svg>', "filter attribute refers to other files"),
    (f"{SVG_HEAD}<foreignObject><p>x</p></foreignObject></svg>", "contains <foreignObject>"),
    (f'{SVG_HEAD}<set attributeName="href" to="javascript:alert(1)"/></svg>', "contains <set>"),
    (f'<!DOCTYPE svg [<!ENTITY a "aa"><!ENTITY b "&a;&a;&a;&a;&a;">]>{SVG_HEAD}</svg>', "declares XML entities"),
    (f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>{SVG_HEAD}&x;</svg>', "declares XML entities"),
    (f'<?xml-stylesheet href="http://127.0.0.1:9/x.css"?>{SVG_HEAD}</svg>', "links to a style sheet"),
])
def test_an_svg_picture_may_only_draw(handout_file, svg, expected):
    (error,) = picture_findings(handout_file, "drawing.svg", f'<?xml version="1.0"?>{svg}')
    assert error.line == 8 and expected in error.message, error.message


def test_a_plain_svg_with_gradients_and_a_small_embedded_picture_is_fine(handout_file):
    doctype = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    inside = ('<!-- made in an editor --><defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
              '<rect width="5" height="5" fill="url(#g)" style="stroke: url(\'#g\')"/><use xlink:href="#g"/>'
              f'<image href="data:image/png;base64,{base64.b64encode(png_bytes()).decode()}" width="5" height="5"/>')
    assert picture_findings(handout_file, "drawing.svg", f"{doctype}{SVG_HEAD}{inside}</svg>") == []


def test_an_embedded_picture_in_an_svg_is_checked_like_a_file(handout_file):
    bomb = base64.b64encode(png_bytes((8000, 8000), mode="1")).decode()
    svg = f'{SVG_HEAD}<image href="data:image/png;base64,{bomb}"/></svg>'
    (error,) = picture_findings(handout_file, "drawing.svg", svg)
    assert "an embedded picture: it is 8,000 × 8,000 pixels" in error.message


def test_a_picture_with_too_many_pixels_is_an_error_not_a_hang(handout_file):
    scan = png_bytes((8000, 8000), mode="1")  # 8 kB on disk, 64 million pixels
    (error,) = picture_findings(handout_file, "scan.png", scan)
    assert "8,000 × 8,000 pixels; the limit is 40,000,000" in error.message and error.line == 8


def test_pillows_decompression_bomb_guard_becomes_an_error(handout_file, monkeypatch):
    monkeypatch.setattr(raster, "MAX_IMAGE_PIXELS", 10**12)  # let Pillow's own guard be the one that trips
    monkeypatch.setattr(PILImage, "MAX_IMAGE_PIXELS", 1000)
    (error,) = picture_findings(handout_file, "scan.png", png_bytes((100, 100)))
    assert "more than" in error.message and "pixels" in error.message


def test_a_picture_file_that_is_too_large_is_an_error(handout_file, monkeypatch):
    monkeypatch.setattr(checks, "MAX_IMAGE_BYTES", 100)
    (error,) = picture_findings(handout_file, "photo.png", png_bytes((200, 200)) + b"\0" * 200)
    assert "the limit is 100" in error.message


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("photo.png", png_bytes(fmt="JPEG"), "a JPEG picture, but its name says PNG"),
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "not a picture that can be read"),
    ("photo.jpg", b"GIF89a not really", "not a picture that can be read"),
    ("photo.svg", b"<html><body/></html>", "not an SVG picture"),
    ("photo.svg", b"<svg", "not well-formed SVG"),
])
def test_a_file_that_is_not_the_picture_it_claims_is_an_error(handout_file, name, data, expected):
    (error,) = picture_findings(handout_file, name, data)
    assert expected in error.message and error.line == 8


def test_the_packaged_epub_holds_only_the_handouts_own_pictures(example_build):
    with zipfile.ZipFile(example_build["epub"]) as book:
        pictures = [n for n in book.namelist() if n.startswith("EPUB/images/")]
    assert pictures == ["EPUB/images/where-nets-start.svg"]


LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4 + "x" * 16  # 200 characters, no break
LONG_URL = "https://example.org/" + "a" * 180


def test_a_word_over_the_limit_is_an_error(handout_file):
    path = handout_file(body=f"## One\n\nA word: {'w' * 301}.\n")
    (error,) = check_handout(parse_handout(path), RESOURCES.fonts_dir)
    assert error.line == 8 and "a word is 302 characters long" in error.message and "the limit is 300" in error.message


@pytest.fixture(scope="module", params=[("large-print", "letter"), ("extra-large", "a4")])
def long_word_pdf(request, tmp_path_factory) -> tuple[bytes, str]:
    """A handout with a 200-character word everywhere text can go, rendered in one layout and paper (straight
    from the HTML: the plain-language review would rightly refuse such a handout before printing it)."""
    from plainleaf.render.pdf import render_pdf
    from plainleaf.render.printfiles import PrintFiles

    front = MINIMAL_FRONT + f"""\
key_points: [{LONG_WORD}]
glossary: {{{LONG_WORD}: {LONG_WORD}}}
references: [{{id: r, title: {LONG_WORD}, url: "{LONG_URL}"}}]
"""
    body = (f"## {LONG_WORD}\n\n{LONG_WORD} [@r]\n\n- {LONG_WORD}\n\n::: important\n{LONG_WORD}\n:::\n\n"
            f"[{LONG_WORD}]({LONG_URL})\n\n| Word | Meaning |\n| --- | --- |\n| {LONG_WORD} | {LONG_WORD} |\n")
    source = write_handout(tmp_path_factory.mktemp("long"), front, body)
    handout = parse_handout(source)
    findings = check_handout(handout, RESOURCES.fonts_dir)  # only: its address is too long for a QR code
    assert [f.severity for f in findings] == ["warning"] and "too long for a QR code" in findings[0].message
    layout, paper = request.param
    html = render_print_html(handout, Clinic(name="C"), load_layout(layout, RESOURCES), paper)
    files = PrintFiles(source.parent, RESOURCES.layouts_dir, RESOURCES.fonts_dir)
    return render_pdf(html, source, files, identifier="long-words").data, layout


def test_long_words_wrap_inside_the_text_box(long_word_pdf):
    """Measured on the PDF by the audit: every piece of text drawn lies between the layout's margins."""
    from plainleaf.check.audit import audit_bytes, layout_rules
    from plainleaf.pdfread.content import page_contents

    data, layout = long_word_pdf
    findings = audit_bytes(data, layout_rules(load_layout(layout, RESOURCES)))
    assert not [str(f) for f in findings if f.checkpoint == "layout: clipping"]
    with pikepdf.open(io.BytesIO(data)) as document:
        drawn = " ".join(run.text for page in page_contents(document) for run in page.runs)
    assert drawn.count("Pneumono") >= 8 * 4  # the word (four of these each) is really there, in every place put


def test_a_clinic_logo_linking_outside_the_clinic_folder_is_refused(tmp_path):
    source = write_handout(tmp_path, clinic="name: C\nlogo: {path: logo.png, alt: The clinic's logo}\n")
    (tmp_path / "elsewhere.png").write_bytes(png_bytes())
    os.symlink(tmp_path / "elsewhere.png", source.parent.parent / "logo.png")
    (message,) = build_errors(source)
    assert message.startswith(f"{source.parent.parent / 'clinic.yaml'}: error[logo.unusable]: the logo 'logo.png' "
                              "cannot be used: it is outside the folders plainleaf may read (handouts/)")


def test_a_clinic_logo_that_is_not_a_picture_is_refused(tmp_path):
    source = write_handout(tmp_path, clinic="name: C\nlogo: {path: logo.png, alt: The clinic's logo}\n")
    (source.parent.parent / "logo.png").write_text("not a picture")
    (message,) = build_errors(source)
    assert "the logo 'logo.png' cannot be used: it is not a picture that can be read" in message


# --- round two: files are checked before they are read ---------------------------------------------------------

def quick_build(root: Path, paths: list[Path] | None = None, **options):
    """A build whose rendering is stood in for (tests.helpers.quick_work): for what happens around it."""
    from plainleaf.build.executors import InProcess
    from tests.helpers import quick_work

    return build(paths or [root / "handouts"], None, BuildOptions(output_dir=root / "output", **options),
                 executor=InProcess(quick_work))


def test_a_fifo_among_the_sibling_handouts_does_not_stop_a_build(tmp_path):
    write_handout(tmp_path)
    (tmp_path / "handouts" / "pipe").mkdir()
    os.mkfifo(tmp_path / "handouts" / "pipe" / "handout.md")
    with rescued(tmp_path / "handouts" / "pipe" / "handout.md"):
        result = quick_build(tmp_path, paths=[tmp_path / "handouts" / "hand-washing"])
    assert result.ok, [str(e) for e in result.errors]


def test_a_clinic_file_that_is_a_fifo_is_an_error(tmp_path):
    source = write_handout(tmp_path)
    clinic = tmp_path / "handouts" / "clinic.yaml"
    clinic.unlink()
    os.mkfifo(clinic)
    with rescued(clinic):
        result = build([source.parent], clinic, BuildOptions(output_dir=tmp_path / "output"))
    (error,) = result.errors
    assert error.file == clinic and "not a regular file" in error.message


def test_a_handout_file_linked_to_a_device_is_refused_before_it_is_opened(tmp_path):
    source = write_handout(tmp_path)
    source.unlink()
    os.symlink("/dev/zero", source)
    with pytest.raises(HandoutErrors, match="a link to a file outside its folder"):
        parse_handout(source)
    result = quick_build(tmp_path)
    assert any("outside" in e.message for e in result.errors)


def test_a_picture_that_is_a_hard_link_to_a_file_elsewhere_is_refused(tmp_path):
    secret = tmp_path / "private-photo.png"
    secret.write_bytes(png_bytes())
    source = write_handout(tmp_path, body="## One\n\n![A photo](photo.png)\n")
    os.link(secret, source.parent / "photo.png")
    (message,) = build_errors(source)
    assert "'photo.png' cannot be used: it is a hard link" in message


# --- round two: the manifest is input, not truth -----------------------------------------------------------------

def test_a_hand_edited_manifest_deletes_nothing_outside_and_nothing_of_the_users(tmp_path):
    import json

    from plainleaf.build.manifest import MANIFEST_FILE

    write_handout(tmp_path)
    assert quick_build(tmp_path).ok
    output = tmp_path / "output"
    somewhere = tmp_path / "somewhere"
    somewhere.mkdir()
    (somewhere / "keep.pdf").write_bytes(b"mine")
    (output / "notes").mkdir()
    (output / "notes" / "notes.pdf").write_bytes(b"mine too")
    data = json.loads((output / MANIFEST_FILE).read_text())
    record = next(iter(data["files"].values()))
    data["files"]["notes/notes.pdf"] = {**record, "handout": "notes", "sha256": None, "size": 8}
    data["handouts"]["notes"] = {**data["handouts"]["hand-washing"], "slug": "notes", "source": "../gone/handout.md"}
    data["handouts"]["../../somewhere"] = {**data["handouts"]["hand-washing"], "slug": "../../somewhere",
                                           "source": "../gone/handout.md"}
    for hostile in (data, {**data, "files": []}):
        (output / MANIFEST_FILE).write_text(json.dumps(hostile))
        result = quick_build(tmp_path)
        assert [w.message.split(" (")[0] for w in result.warnings] == [
            "plainleaf's record of the files it made here is damaged"]
        assert (somewhere / "keep.pdf").read_bytes() == b"mine"
        assert (output / "notes" / "notes.pdf").read_bytes() == b"mine too"
        assert any("was not made by plainleaf" in e.message for e in result.errors)  # its old files are the user's


def test_a_record_with_no_digest_does_not_make_a_users_file_plainleafs(tmp_path):
    import json

    from plainleaf.build.manifest import MANIFEST_FILE

    write_handout(tmp_path)
    assert quick_build(tmp_path).ok
    output = tmp_path / "output"
    data = json.loads((output / MANIFEST_FILE).read_text())
    (output / "hand-washing" / "hand-washing.epub").write_bytes(b"the user's own book")
    data["files"]["hand-washing/hand-washing.epub"]["sha256"] = None
    (output / MANIFEST_FILE).write_text(json.dumps(data))
    result = quick_build(tmp_path, force=True)
    assert (output / "hand-washing" / "hand-washing.epub").read_bytes() == b"the user's own book"
    assert any("was not made by plainleaf" in e.message for e in result.errors)


# --- round two: what a worker returns is input too ---------------------------------------------------------------

def test_a_worker_returning_another_handouts_file_is_refused_and_nothing_is_written(tmp_path):
    from dataclasses import replace

    from plainleaf.build.executors import InProcess
    from plainleaf.build.jobs import MadeFile
    from tests.helpers import quick_work

    for slug in ("first", "second"):
        write_handout(tmp_path, slug=slug)

    def overreaching(task, shared):
        outcome = quick_work(task, shared)
        if task.slug == "first":
            other = replace(outcome.made[0].job, slug="second")
            return replace(outcome, made=(*outcome.made, MadeFile(other, b"planted", 1)))
        return outcome

    result = build([tmp_path / "handouts"], None, BuildOptions(output_dir=tmp_path / "output", formats=("epub",)),
                   executor=InProcess(overreaching))
    (error,) = result.errors
    assert error.file.parent.name == "first" and "a worker's result for this handout was refused" in error.message
    assert "second/second.epub" in error.message
    assert not (tmp_path / "output" / "first").exists()
    assert (tmp_path / "output" / "second" / "second.epub").read_bytes() != b"planted"


# --- round two: bounded time and memory inside the limits --------------------------------------------------------

def test_the_page_limit_stops_the_layout_at_the_first_page_past_it(tmp_path, monkeypatch):
    import weasyprint.layout.page

    from plainleaf.render import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 3)
    made = []
    real = weasyprint.layout.page.remake_page
    monkeypatch.setattr(weasyprint.layout.page, "remake_page", lambda *a, **k: made.append(1) or real(*a, **k))
    body = "## One\n\n" + "".join(f"### Part {n}\n\nWash your hands.\n\n" for n in range(400))
    source = write_handout(tmp_path, body=body)
    html = render_print_html(parse_handout(source), Clinic(name="C"), load_layout("large-print", RESOURCES), "a4")
    with pytest.raises(HandoutErrors) as info:
        pdf.render_pdf(html, source, [source.parent, RESOURCES.layouts_dir, RESOURCES.fonts_dir], "x-a4.pdf")
    (error,) = info.value.errors
    assert error.message == "x-a4.pdf: the handout would print on more than 3 pages; the limit is 3"
    assert len(made) == 3  # the fourth page was never laid out


def test_thousands_of_citations_number_their_references_once(tmp_path, monkeypatch):
    from plainleaf.source.model import Handout

    refs = "".join(f"  - {{id: r{n}, title: Fact {n}, publisher: P}}\n" for n in range(3000))
    body = "## One\n\n" + "\n\n".join(f"This is a fact [@r{n}]." for n in range(3000)) + "\n"
    handout = parse_handout(write_handout(tmp_path, MINIMAL_FRONT + "references:\n" + refs, body))
    worked_out = []
    real = Handout._cited_references.func
    monkeypatch.setattr(Handout, "_cited_references", property(lambda self: worked_out.append(1) or real(self)))
    html = render_print_html(handout, Clinic(name="C"), load_layout("large-print", RESOURCES), "a4")
    assert html.count('role="doc-noteref"') == 3000
    assert len(worked_out) < 3000 / 10  # once per pass that needs them, not once per citation


@pytest.mark.parametrize("level", ["1:1:1:1:1:1:1:1", ":".join(["1"] * 50_000), ":".join(["1"] * 50_000) + ".5"],
                         ids=["short", "long", "long with a fraction"])
def test_a_reading_level_in_sexagesimal_is_an_error_with_its_line(handout_file, level):
    path = handout_file(front=MINIMAL_FRONT + f"reading_level: {level}\n")
    with pytest.raises(HandoutErrors) as info:
        parse_handout(path)
    (error,) = info.value.errors
    assert error.line == 5 and ("reading_level" in error.message or "cannot be read" in error.message)
    assert len(error.message) < 300  # the value is not printed whole


# --- round two: crashes that named no line ----------------------------------------------------------------------

def test_an_address_too_long_for_a_qr_code_builds_without_one_and_warns(tmp_path):
    url = "https://example.org/" + "€" * 900  # 2,700 bytes: more than any QR code holds
    front = MINIMAL_FRONT + f'references: [{{id: r, title: R, url: "{url}"}}]\n'
    source = write_handout(tmp_path, front, "## One\n\nA fact [@r].\n")
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "output"))
    assert result.ok, [str(e) for e in result.errors]
    assert [w.message for w in result.warnings if "QR" in w.message] == [
        f"the web address {url[:40]!r}… is too long for a QR code a phone can read at one inch (920 characters): "
        "it prints without one"]


@pytest.mark.parametrize("reviewed", ["2200-01-01", "9999-12-31", "0001-01-01"])
def test_a_reviewed_date_a_zip_cannot_hold_still_makes_the_epub(tmp_path, reviewed):
    source = write_handout(tmp_path, MINIMAL_FRONT.replace("2026-11-01", reviewed))
    result = build([source.parent], None, BuildOptions(output_dir=tmp_path / "output", formats=("epub",)))
    assert result.ok, [str(e) for e in result.errors]
    with zipfile.ZipFile(result.written[0]) as book:
        assert reviewed in book.read("EPUB/content.opf").decode()


@pytest.mark.parametrize("glossary", ['{"": nothing}', '{"  ": nothing}', '{word: ""}'])
def test_an_empty_glossary_entry_is_an_error_with_its_line(handout_file, glossary):
    from plainleaf.check.review import review_source

    path = handout_file(front=MINIMAL_FRONT + f"glossary: {glossary}\n")
    review = review_source(path, RESOURCES.fonts_dir, large_print=True)
    (error,) = [f for f in review.findings if f.severity == "error"]
    assert error.line == 5 and "a glossary entry needs a word and what it means" in error.message
