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
