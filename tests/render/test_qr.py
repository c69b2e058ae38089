"""QR codes: the SVG itself, and the printed codes in the example's PDF (they must scan to their URLs)."""

from __future__ import annotations

import io
import shutil
import subprocess
from xml.etree import ElementTree

import pikepdf
import pytest
import zxingcpp
from PIL import Image

from plainleaf.pdfread.structure import StructElement, structure_elements
from plainleaf.qrsymbol import MAX_VERSION, qr_code
from plainleaf.render.qr import qr_svg
from plainleaf.source.files import load_clinic
from tests.helpers import CLINIC, MINIMAL_FRONT

URL = "https://www.cancer.net/cancer-types/neuroendocrine-tumors/introduction"
EXAMPLE_URLS = {
    "https://www.nccn.org/professionals/physician_gls/default.aspx",
    "https://www.cancer.net/cancer-types/neuroendocrine-tumors/introduction",
    "https://connect.mayoclinic.org/",
    load_clinic(CLINIC).website,
}


def test_svg_is_titled_and_sized_by_css():
    svg = ElementTree.fromstring(qr_svg(URL, 'QR code linking to "Tips & tricks" <1>'))
    assert svg.find("title").text == 'QR code linking to "Tips & tricks" <1>'
    assert svg.get("class") == "qr" and "width" not in svg.attrib and "height" not in svg.attrib
    size = qr_code(URL).symbol_size(border=4)[0]
    assert svg.get("viewBox") == f"0 0 {size} {size}"


def test_the_code_reads_back_as_the_url():
    png = io.BytesIO()
    qr_code(URL).save(png, kind="png", scale=8, border=4)
    (result,) = zxingcpp.read_barcodes(Image.open(png))
    assert result.format == zxingcpp.BarcodeFormat.QRCode and result.text == URL


@pytest.fixture(scope="module")
def pdf(example_build):
    with pikepdf.open(example_build["pdf"]) as document:
        yield document


def qr_figures(pdf: pikepdf.Pdf) -> list[StructElement]:
    return [e for e in structure_elements(pdf) if e.role == "Figure" and (e.alt or "").startswith("QR code")]


def qr_page_numbers(pdf: pikepdf.Pdf) -> list[int]:
    pages = {figure.obj.Pg.objgen for figure in qr_figures(pdf)}
    return [n for n, page in enumerate(pdf.pages, start=1) if page.obj.objgen in pages]


def test_printed_qr_codes_scan_to_the_urls(example_build, pdf, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("reading the printed QR codes needs pdftoppm (poppler-utils), which is not installed")
    scanned = []
    for number in qr_page_numbers(pdf):
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                        str(example_build["pdf"]), str(tmp_path / "page")], check=True)
        scanned += [code.text for code in zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))]
    assert sorted(scanned) == sorted(EXAMPLE_URLS)


def test_qr_codes_are_figures_whose_alt_says_where_they_lead(pdf):
    assert [figure.alt for figure in qr_figures(pdf)] == [
        "QR code linking to Neuroendocrine and adrenal tumors at www.nccn.org",
        "QR code linking to Neuroendocrine tumors: introduction at www.cancer.net",
        "QR code linking to Example Community Clinic (placeholder) at clinic.example.org",
        "QR code linking to Neuroendocrine Tumors (NETs) support group at connect.mayoclinic.org",
    ]


def _images(owner: pikepdf.Object) -> list[pikepdf.Object]:
    found = []
    for xobject in owner.get("/Resources", {}).get("/XObject", {}).values():
        found += [xobject] if xobject.get("/Subtype") == "/Image" else _images(xobject)
    return found


def test_qr_codes_are_vector_drawings(pdf):
    numbers = qr_page_numbers(pdf)
    assert numbers and all(_images(pdf.pages[n - 1].obj) == [] for n in numbers)


@pytest.mark.parametrize("stem", ["https://example.org/", "HTTPS://EXAMPLE.ORG/", "https://example.org/?q=%E2%9C%93"])
def test_whether_an_address_has_a_qr_code_is_known_without_making_the_code(stem):
    from plainleaf.qrsymbol import fits_qr_code

    fill = "A" if stem.isupper() else "a"
    fits, too_long = 0, 8000  # the longest address that has a code, and the shortest that has none, by halves
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        fits, too_long = (middle, too_long) if qr_code(stem + fill * middle) else (fits, middle)
    assert fits_qr_code(stem + fill * fits) and not fits_qr_code(stem + fill * too_long)
    assert fits_qr_code(stem) and not fits_qr_code(stem + fill * 8000)


# --- how dense a code may be and still scan at one inch -----------------------------------------------------------

def _address(characters: int) -> str:
    return "https://example.org/" + "a" * (characters - len("https://example.org/"))


def test_a_printed_code_is_never_denser_than_a_phone_reads_at_one_inch():
    """At one inch with its quiet zone, a version-9 code has modules of 0.42 mm; from version 10 they are under
    the 0.4 mm a phone camera needs at hand distance (qr.MAX_VERSION says where that comes from)."""
    assert qr_code(_address(180)).version == MAX_VERSION
    assert 25.4 / qr_code(_address(180)).symbol_size(border=4)[0] >= 0.396
    assert qr_code(_address(181)) is None and qr_svg(_address(181), "QR code") == ""
    assert qr_code(_address(1_900)) is None  # version 36 once: 0.15 mm modules


def test_an_address_too_long_to_scan_prints_without_a_code_and_warns_at_its_entry(handout_file):
    from plainleaf.check.review import review_source
    from plainleaf.render.html import render_print_html
    from plainleaf.source.layout import Resources, load_layout
    from plainleaf.source.parse import parse_handout

    long, short = _address(400), _address(60)
    front = MINIMAL_FRONT + f"""\
references:
  - id: short
    title: A short address
    url: {short}
  - id: long
    title: A long address
    url: {long}
support:
  - name: A group
    url: {long}/group
"""
    path = handout_file(front=front, body="## One\n\nA fact [@short; @long].\n")
    review = review_source(path, Resources.bundled().fonts_dir, large_print=True)
    warnings = [(w.line, w.message) for w in review.findings if "QR" in w.message]
    assert [line for line, _ in warnings] == [11, 14], warnings  # each `url:` line
    assert all("too long for a QR code a phone can read" in message for _, message in warnings), warnings
    html = render_print_html(parse_handout(path), load_clinic(CLINIC), load_layout("large-print", Resources.bundled()),
                             "letter").replace("\u200b", "").replace("\u2060", "")
    assert html.count('class="qr"') == 2  # the short address's, and the clinic website's
    assert long.removeprefix("https://") in html and f"{long}/group".removeprefix("https://") in html
