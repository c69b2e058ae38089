"""The fetcher is WeasyPrint's only way to read anything: every path into it is tried here, on the fetcher and
through a real render (HTML <img>, CSS url() and @import, SVG <image href>). It serves the print document's
stable addresses (printfiles.py) and nothing else."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path

import pytest
from PIL import Image as PILImage

from plainleaf.errors import HandoutErrors
from plainleaf.limits import MAX_DATA_URL_BYTES
from plainleaf.render.fetch import LocalOnlyFetcher
from plainleaf.render.pdf import render_pdf
from plainleaf.render.printfiles import HANDOUT_URL, ORIGIN, PrintFiles, logo_url, shown


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    """A handout folder with a picture and a link to a file outside, and a secret file beside it."""
    handout = tmp_path / "handouts" / "hand-washing"
    (handout / "images").mkdir(parents=True)
    (handout / "images" / "ok.png").write_bytes(png_bytes())
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    os.symlink(secret, handout / "images" / "linked.png")
    return {"handout": handout, "secret": secret}


def only(handout: Path, logo: Path | None = None) -> LocalOnlyFetcher:
    """A fetcher that may read the handout's folder (and the logo), and empty layouts and fonts folders."""
    empty = handout.parent.parent / "empty"
    empty.mkdir(exist_ok=True)
    return LocalOnlyFetcher(PrintFiles(handout, empty, empty, logo))


def refusal_of(fetcher: LocalOnlyFetcher, url: str) -> str:
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    (refused_url, reason), = fetcher.refused[-1:]
    assert refused_url == shown(url)
    return reason


def test_a_file_inside_the_handout_folder_is_served(folders):
    fetcher = only(folders["handout"])
    response = fetcher.fetch(HANDOUT_URL + "images/ok.png")
    assert response.read() == png_bytes() and fetcher.refused == []


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file:///etc/hostname",
    "http://127.0.0.1:9/x.png",
    "https://example.org/x.png",
    "ftp://example.org/x.png",
    "file://fileserver/share/x.png",
    ORIGIN + "etc/passwd",  # an address outside the document's folders
    ORIGIN + "handout",  # a folder itself
    "https://plainleaf.invalid.example.org/handout/images/ok.png",
])
def test_files_elsewhere_and_the_network_are_refused(folders, url):
    assert refusal_of(only(folders["handout"]), url)


def test_a_real_file_url_is_refused_even_inside_the_handout_folder(folders):
    assert refusal_of(only(folders["handout"]), (folders["handout"] / "images" / "ok.png").as_uri())


@pytest.mark.parametrize("escape", ["images/../../../secret.png", "images/%2E%2E/%2E%2E/%2E%2E/secret.png"])
def test_dot_dot_escapes_are_refused_after_resolving(folders, escape):
    assert "outside the folders plainleaf may read" in refusal_of(only(folders["handout"]), HANDOUT_URL + escape)


def test_a_symlink_pointing_outside_is_refused(folders):
    reason = refusal_of(only(folders["handout"]), HANDOUT_URL + "images/linked.png")
    assert "outside the folders plainleaf may read (hand-washing/, empty/, empty/)" in reason


def test_a_loop_of_symlinks_is_refused(folders):
    images = folders["handout"] / "images"
    os.symlink(images / "b.png", images / "a.png")
    os.symlink(images / "a.png", images / "b.png")
    assert "loop" in refusal_of(only(folders["handout"]), HANDOUT_URL + "images/a.png")


def test_the_logo_is_served_but_not_the_files_beside_it(folders):
    clinic_folder = folders["secret"].parent
    logo = clinic_folder / "logo.png"
    logo.write_bytes(png_bytes((2, 2)))
    fetcher = only(folders["handout"], logo)
    assert fetcher.fetch(logo_url(logo)).read() == png_bytes((2, 2))
    assert "outside the folders" in refusal_of(fetcher, ORIGIN + "logo/secret.png")
    assert refusal_of(only(folders["handout"]), logo_url(logo))  # no logo: no logo folder


def test_small_data_urls_are_decoded_and_large_ones_refused(folders):
    fetcher = only(folders["handout"])
    small = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    assert fetcher.fetch(small).read() == png_bytes()
    large = "data:text/plain;base64," + "A" * MAX_DATA_URL_BYTES
    assert "the limit is" in refusal_of(fetcher, large)


HOSTILE_HTML = """<!DOCTYPE html><html lang="en"><head><title>t</title>
<style>@import url("file:///etc/passwd"); body {{ background: url("file:///etc/hostname"); }}</style></head>
<body><p>Hello</p>
<img src="/etc/passwd" alt="a"/>
<img src="http://127.0.0.1:9/x.png" alt="b"/>
<img src="images/linked.png" alt="c"/>
<img src="images/../../../secret.png" alt="d"/>
<div style="background-image: url('https://example.org/track.png')">x</div>
<img src="images/drawing.svg" alt="e"/>
</body></html>"""

SVG_WITH_EXTERNAL_REFERENCES = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="100" height="100"><title>t</title>
<image href="file:///etc/os-release" width="10" height="10"/>
<image xlink:href="{secret}" width="10" height="10"/>
</svg>"""


@pytest.fixture(scope="module")
def hostile_render(tmp_path_factory) -> tuple[HandoutErrors, Path]:
    """One render of a document that reaches for files and the network every way WeasyPrint allows."""
    root = tmp_path_factory.mktemp("hostile")
    handout = root / "hand-washing"
    (handout / "images").mkdir(parents=True)
    for name in ("secret.png", "secret-named-in-svg.png"):
        (root / name).write_bytes(png_bytes())
    os.symlink(root / "secret.png", handout / "images" / "linked.png")
    svg_secret = root / "secret-named-in-svg.png"
    (handout / "images" / "drawing.svg").write_text(SVG_WITH_EXTERNAL_REFERENCES.format(secret=svg_secret.as_uri()))
    with pytest.raises(HandoutErrors) as info:
        render_pdf(HOSTILE_HTML, handout / "handout.md", PrintFiles(handout, root / "layouts", root / "fonts"),
                   identifier="x")
    return info.value, svg_secret


@pytest.mark.parametrize("reference", [
    "'file:///etc/passwd'",  # CSS @import
    "'/etc/passwd'",  # <img src="/etc/passwd">
    "file:///etc/hostname",  # CSS url() on the body
    "http://127.0.0.1:9/x.png",
    "'images/linked.png'",  # symlink out of the folder
    "secret.png",  # .. escape
    "https://example.org/track.png",  # CSS url() in a style attribute
])
def test_render_refuses_every_way_out_and_names_it(hostile_render, reference):
    errors, _ = hostile_render
    assert any(reference in e.message and "refused" in e.message for e in errors), [str(e) for e in errors]


def test_pictures_named_inside_an_svg_go_through_the_fetcher(hostile_render):
    errors, secret = hostile_render
    messages = [e.message for e in errors]
    assert any("file:///etc/os-release" in m for m in messages)  # <image href>
    assert any(secret.as_uri() in m for m in messages)  # <image xlink:href>
