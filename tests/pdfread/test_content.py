"""Reading what a page draws: a clipping path bounds what is painted after it, as a PDF viewer shows it."""

from __future__ import annotations

import pikepdf

from plainleaf.pdfread.content import page_contents


def painted(stream: str) -> dict[int, tuple[float, ...]]:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    pdf.pages[0].obj.Contents = pdf.make_stream(stream.encode())
    return page_contents(pdf)[0].mcid_boxes


def test_a_clipping_path_bounds_what_is_painted_after_it_until_the_state_is_restored():
    boxes = painted("q 0 0 50 50 re W n /P << /MCID 0 >> BDC 20 20 60 10 re f EMC Q "
                    "/P << /MCID 1 >> BDC 20 60 60 10 re f EMC")
    assert boxes == {0: (20, 20, 50, 30), 1: (20, 60, 80, 70)}


def test_clipping_paths_meet_and_one_that_shows_nothing_leaves_no_box():
    boxes = painted("q 0 0 50 50 re W n 30 0 50 50 re W* n /P << /MCID 0 >> BDC 0 0 100 100 re f EMC Q "
                    "q 0 0 10 10 re W n 20 20 10 10 re W n /P << /MCID 1 >> BDC 0 0 100 100 re f EMC Q")
    assert boxes == {0: (30, 0, 50, 50)}


def test_pages_read_from_instructions_the_caller_parsed_are_read_as_from_their_streams():
    """The mending parses each page once and reads it from those instructions (and, redrawn, from new ones)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    pdf.pages[0].obj.Contents = pdf.make_stream(b"q 1 0 0 1 5 5 cm /P << /MCID 0 >> BDC 0 0 10 10 re f EMC Q "
                                                b"/Artifact BMC 0 0 1 1 re f EMC 1 2 m 3 4 l S")
    parsed = [list(pikepdf.parse_content_stream(page)) for page in pdf.pages]
    assert page_contents(pdf, parsed) == page_contents(pdf)
    assert page_contents(pdf, parsed)[0].mcid_boxes == {0: (5, 5, 15, 15)}
    assert page_contents(pdf, parsed)[0].untagged == ["S"]


def test_two_byte_codes_are_big_endian_and_a_byte_left_over_is_no_code():
    from plainleaf.pdfread.fonts import Font

    font = Font("F", True, {}, {}, 1000.0, True)
    assert font.codes(b"\x00\x41\x01\x02\x03") == [0x41, 0x102]
    assert font.codes(b"") == [] and font.codes(b"\x07") == []
    assert Font("F", False, {}, {}, 1000.0, True).codes(b"\x00\x41") == [0, 0x41]


def test_a_rectangle_is_a_box_whichever_corners_it_names():
    from plainleaf.pdfread.geometry import rectangle_box

    assert rectangle_box(pikepdf.Array([30, 40, 10, 20.5])) == (10, 20.5, 30, 40)
