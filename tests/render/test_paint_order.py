"""Moving pieces of a page's content into structure order, only where that changes nothing on the page."""

from __future__ import annotations

import pikepdf

from plainleaf.pdfread.content import page_contents
from plainleaf.render.paint_order import in_structure_order

A = "/P << /MCID 0 >> BDC 0 0 10 10 re f EMC"  # structure order: A, B, C
C = "/P << /MCID 2 >> BDC 0 40 10 10 re f EMC"
B = "q q /P << /MCID 1 >> BDC 20 20 10 10 re f EMC Q Q"  # wrapped: it may move


def moved(stream: str, order: tuple[int, ...] = (0, 1, 2)) -> str | None:
    """The page's content after moving, one instruction a line (None: nothing moved)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    pdf.pages[0].obj.Contents = pdf.make_stream(stream.encode())
    instructions = in_structure_order(list(pikepdf.parse_content_stream(pdf.pages[0])), page_contents(pdf)[0],
                                      list(order), set())
    return None if instructions is None else pikepdf.unparse_content_stream(instructions).decode()


def test_a_wrapped_piece_painted_late_moves_before_what_follows_it_in_structure():
    assert moved(f"{A} {C} {B}").split("\n") == [
        "/P << /MCID 0 >> BDC", "0 0 10 10 re", "f", "EMC",
        "q", "q", "/P << /MCID 1 >> BDC", "20 20 10 10 re", "f", "EMC", "Q", "Q",
        "/P << /MCID 2 >> BDC", "0 40 10 10 re", "f", "EMC"]


def test_a_piece_in_order_or_unwrapped_stays():
    assert moved(f"{A} {B} {C}") is None
    assert moved(f"{A} {C} {B.replace('q q ', '').replace(' Q Q', '')}") is None  # its state is not its own


def test_the_moved_piece_keeps_the_state_it_was_painted_in():
    result = moved(f"{A} {C} 0 0 1 rg 2 w {B}")
    assert result is not None
    lines = result.split("\n")
    assert lines[4:8] == ["q", "0 0 1 rg", "2 w", "q"]  # blue, as where it was, and put back by its Q


def test_nothing_moves_across_a_change_of_matrix_or_clipping_or_over_what_it_would_cover():
    assert moved(f"{A} {C} 1 0 0 1 5 5 cm {B}") is None
    assert moved(f"{A} {C} 0 0 50 50 re W n {B}") is None
    covering = C.replace("0 40 10 10 re", "15 15 20 20 re")  # painted between, where B is
    assert moved(f"{A} {covering} {B}") is None
    assert moved(f"{A} {C} /Artifact BMC 60 60 5 5 re f EMC {B}") is None  # an artifact: where it is, is not known
    assert moved(f"{A} {C} {B}") is not None
