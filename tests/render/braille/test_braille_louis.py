"""The ctypes binding to liblouis: finding it, translation with cell positions, back-translation, buffers,
threads, and the errors when the library or a table is missing."""

from __future__ import annotations

import ctypes
from concurrent.futures import ThreadPoolExecutor

from plainleaf.errors import HandoutError
from plainleaf.render.braille import louis as louis_module
from plainleaf.render.braille.louis import Liblouis, open_liblouis

UEB_BRF = "en-us-brf.dis,en-ueb-g2.ctb"


def brf(louis: Liblouis, text: str) -> str:
    """Print text in UEB grade 2, shown in ASCII braille."""
    return louis.display(louis.translate(text, "en-ueb-g2.ctb").cells, "en-us-brf.dis")


def test_the_library_reports_its_version_and_character_size(louis):
    assert louis.version.split(".")[0] == "3"
    assert louis.char_size in (2, 4)  # widechar is 16 or 32 bits by how liblouis was built; both are handled


def test_translation_gives_the_ascii_braille_that_lou_translate_gives(louis):
    # lou_translate -f en-us-brf.dis,en-ueb-g2.ctb, liblouis 3.24 (shared/notes/braille.md)
    text = "Take 2 pills every morning. Call the clinic if you have a fever."
    assert brf(louis, text) == ',TAKE #B PILLS E MORN+4 ,CALL ! CL9IC IF Y H A F"E4'


def test_the_brf_display_table_is_north_american_ascii_braille(louis):
    six_dots = "".join(chr(0x2800 + dots) for dots in range(64))
    assert louis.display(six_dots, "en-us-brf.dis") == (
        " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)=")


def test_each_cell_knows_the_character_it_comes_from(louis):
    result = louis.translate("Take 2", "en-ueb-g2.ctb")
    assert result.cells == "⠠⠞⠁⠅⠑⠀⠼⠃"
    # the capital sign and the numeric indicator belong to the letter and the digit they stand before
    assert result.sources == (0, 0, 1, 2, 3, 4, 5, 5)


def test_characters_beyond_the_basic_plane_keep_their_positions(louis):
    result = louis.translate("a 😀 b", "en-ueb-g2.ctb")
    assert result.sources[-1] == 4  # "b" is character 4 whether widechars are 16 or 32 bits
    assert louis.translate("😀", "en-ueb-g2.ctb", defined_only=True).cells == ""


def test_long_text_is_translated_whole(louis):
    # signs that take several cells (here 2 for every "/") need an output buffer bigger than the input
    text = "see https://example.org/" + "a/" * 3000 + " end"
    result = louis.translate(text, "en-ueb-g2.ctb")
    assert len(result.cells) > len(text)
    assert result.sources[-1] == len(text) - 1
    assert louis.back_translate(louis.display(result.cells, "en-us-brf.dis"), UEB_BRF).endswith("a/ end")


def test_back_translation_recovers_the_words(louis):
    assert louis.back_translate(',TAKE #B PILLS E MORN+4', UEB_BRF) == "Take 2 pills every morning."


def test_emphasis_classes_come_from_the_table(louis):
    bold = louis.emphasis("en-ueb-g2.ctb", "bold")
    assert bold and bold != louis.emphasis("en-ueb-g2.ctb", "italic")
    result = louis.translate("a big dog", "en-ueb-g2.ctb", [0, 0, bold, bold, bold, 0, 0, 0, 0])
    assert "⠘⠂" in result.cells  # UEB's bold word indicator


def test_threads_get_the_same_translations(louis):
    texts = [f"Take {n} pills every morning, {n} hours apart." for n in range(40)]
    alone = [louis.translate(t, "en-ueb-g2.ctb").cells for t in texts]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda t: louis.translate(t, "en-ueb-g2.ctb").cells, texts * 5))
    assert together == alone * 5


def test_a_missing_table_is_named_in_the_problem(louis):
    problem = louis.table_problem("xx-no-such-table.ctb")
    assert problem and "xx-no-such-table.ctb" in problem
    assert louis.table_problem("es-g2.ctb") is None


def test_a_missing_library_is_an_error_that_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(louis_module, "_library_candidates", lambda: ["liblouis-does-not-exist.so.99"])
    error = open_liblouis.__wrapped__()
    assert isinstance(error, HandoutError)
    assert "liblouis-does-not-exist.so.99" in error.message and "apt-get install liblouis20" in error.hint


def test_a_library_without_liblouis_functions_is_not_taken():
    assert louis_module._load(ctypes.util.find_library("c") or "libc.so.6") is None


def test_missing_tables_are_an_error_that_names_the_package(monkeypatch, louis):
    class NoTables(Liblouis):
        def table_problem(self, tables: str) -> str | None:
            return "no tables"

        def use_tables_in(self, folder) -> None:
            pass

    monkeypatch.setattr(louis_module, "Liblouis", lambda library, name: NoTables(library, name))
    error = open_liblouis.__wrapped__()
    assert isinstance(error, HandoutError) and "liblouis-data" in error.hint
