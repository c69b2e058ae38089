"""The tree → braille blocks layer (no braille yet): roles, BANA indents, list numbers, boxes, tables, pictures,
the pages after the sections, and where print pages begin."""

from __future__ import annotations

from dataclasses import replace

from plainleaf.render.braille.blocks import (
    BLANK,
    BOX_BOTTOM,
    BOX_TOP,
    GUIDE_DOTS,
    TN_CLOSE,
    TN_OPEN,
    UNCONTRACTED,
    Block,
    Mark,
    Run,
)
from plainleaf.render.braille.codes import CODES
from plainleaf.render.braille.matter import appendix_order, volume_segment
from plainleaf.render.braille.transcribe import mark_print_pages, transcribe
from plainleaf.render.pagelist import PageMap
from plainleaf.source import tree
from plainleaf.source.model import Reference, SupportContact
from tests.braille_support import item, items, para, section, source, text


def body(*sections: tree.Section, **meta) -> list[Block]:
    return list(transcribe(source(*sections, **meta), CODES["en"]).body)


def section_blocks(*blocks: tree.Block) -> list[Block]:
    """The blocks of one section, without the front and back matter."""
    found = body(section("s", "Heading", *blocks))
    start = next(i for i, b in enumerate(found) if "s" in b.anchors)
    end = next(i for i, b in enumerate(found) if "contacts" in b.anchors)
    return found[start:end]


def words(block: Block) -> str:
    return "".join(p.text for line in block.lines for p in line if isinstance(p, Run))


def test_headings_and_paragraphs_follow_bana_indents():
    blocks = section_blocks(tree.Heading(1, None, 3, (text("Sub"),), "s--sub"),
                            tree.Heading(1, None, 4, (text("Subsub"),), "s--subsub"), para("Words.", id="s_1"))
    heading, sub, subsub, paragraph = blocks
    assert (heading.role, heading.first, heading.runover, heading.blank_before) == ("heading-2", 4, 4, True)  # cell 5
    assert (sub.first, sub.runover, sub.blank_before) == (6, 6, True)  # cell 7, a blank line before (BF 4.6.2)
    assert (subsub.first, subsub.role) == (6, "heading-3")
    assert all(b.keep_with_next for b in (heading, sub, subsub))
    assert (paragraph.first, paragraph.runover, paragraph.anchors) == (2, 0, ("s_1",))  # 3-1
    assert heading.anchors == ("s", "s--h")


def test_the_complete_title_is_a_centred_heading_and_the_summary_a_paragraph():
    # BF 1.8.1: the title and subtitle centred on the first lines of braille page 1, then a blank line
    first, summary = body(subtitle="A guide")[:2]
    assert (first.role, first.centered, first.blank_before, first.blank_after) == ("heading-1", True, True, True)
    assert first.lines == ((Run("Taking your medicine"),), (Run("A guide"),)) and first.anchors == ("title_subtitle",)
    assert words(summary) == "How to take your pills." and summary.anchors == ("title_summary",)


def test_a_simple_list_is_1_3_with_blank_lines_around_it():
    blocks = section_blocks(tree.List(1, None, False, 1, True, items("s", "One", "Two")))
    assert [(b.first, b.runover) for b in blocks[1:]] == [(0, 2), (0, 2)]
    assert blocks[1].blank_before and blocks[-1].blank_after
    assert words(blocks[1]) == "• One" and blocks[1].anchors == ("s_1",)


def test_a_nested_list_keeps_its_numbers_and_puts_every_runover_right_of_the_deepest_level():
    inner = tree.List(1, None, True, 3, True, items("s-in", "Before meals", "After meals"))
    outer = tree.List(1, None, True, 7, True, (item("s_1", para("Drink water"), inner), *items("s-b", "Rest")))
    blocks = section_blocks(outer)[1:]
    assert [words(b) for b in blocks] == ["7. Drink water", "3. Before meals", "4. After meals", "8. Rest"]
    assert [(b.first, b.runover) for b in blocks] == [(0, 4), (2, 4), (2, 4), (0, 4)]  # 1-5, 3-5


def test_an_item_with_two_paragraphs_continues_at_the_runover_cell():
    listing = tree.List(1, None, False, 1, False, (item("s_1", para("First.", id="s_2"), para("More.", id="s_3")),))
    first, more = section_blocks(listing)[1:]
    assert (first.first, more.first, more.runover) == (0, 2, 2)
    assert first.anchors == ("s_1", "s_2") and more.anchors == ("s_3",)


def test_a_call_out_is_boxed_its_label_its_heading():
    # BF 7.1.3 (box lines), 4.3.5 and 7.2.1c (the heading right after the top box line), 7.2.1 (blank lines outside)
    callout = tree.Callout(1, None, "important", (para("Call us.", id="s_2"),), "s_1", "s--callout-1")
    top, label, inside, bottom = section_blocks(callout)[1:]
    assert (top.rule, top.lines, top.keep_with_next, top.blank_before, top.anchors) == (
        BOX_TOP, (), True, True, ("s_1", "s--callout-1"))
    assert (words(label), label.first, label.joined, label.keep_with_next) == ("Important", 6, True, True)
    assert words(inside) == "Call us." and not inside.blank_before and not inside.blank_after
    assert (bottom.rule, bottom.joined, bottom.blank_after) == (BOX_BOTTOM, True, True)


def test_a_table_is_in_the_listed_table_format():
    # BF 11.16.1: a transcriber's note first (l); each row after a blank line (k), "first column heading: entry" as
    # a cell-5 heading (e), the other columns "heading: entry" in 1-3 (d, f), kept together (j); three guide dots
    # for an empty entry (h)
    def row(id: str, *cells: str, header: bool = False) -> tree.TableRow:
        return tree.TableRow(1, None, tuple(tree.TableCell(1, None, (text(c),) if c else (), header, None)
                                            for c in cells), id)

    table = tree.Table(1, None, (row("s_2", "Medicine", "When", "Dose", header=True),),
                       (row("s_3", "Aspirin", "Morning", "1"), row("s_4", "Iron", "Night", "")), "s_1")
    note, *blocks = section_blocks(table)[1:]
    assert note.lines[0][0] == Mark(TN_OPEN) and note.anchors == ("s_1",) and note.blank_before
    assert words(note).startswith("Print format is changed.") and "three guide dots" in words(note)
    assert [words(b) for b in blocks] == ["Medicine: Aspirin", "When: Morning", "Dose: 1", "Medicine: Iron",
                                          "When: Night", "Dose: "]
    assert blocks[-1].lines[0][-1] == Mark(GUIDE_DOTS)
    assert [(b.first, b.runover, b.blank_before, b.keep_with_next) for b in blocks[:3]] == [
        (4, 4, True, True), (0, 2, False, True), (0, 2, False, False)]
    assert blocks[0].anchors == ("s_3",) and blocks[3].anchors == ("s_4",) and blocks[-1].blank_after


def test_a_picture_becomes_its_caption_and_its_description_in_transcribers_notes():
    # BF 6.2.2: 7-5, no blank lines; (b) a label in a transcriber's note before the caption; (e) the description
    # in a transcriber's note on the line after it
    figure = tree.Figure(1, None, "pic.svg", "A body with five labels.", "Where they start", "s_1")
    caption, picture = section_blocks(figure)[1:]
    assert caption.lines == ((Mark(TN_OPEN), Run("Picture"), Mark(TN_CLOSE), Run(" Where they start")),)
    assert picture.lines == ((Mark(TN_OPEN), Run("A body with five labels."), Mark(TN_CLOSE)),)
    assert {(b.first, b.runover, b.blank_before, b.blank_after) for b in (caption, picture)} == {(6, 4, False, False)}
    assert caption.anchors == ("s_1",)
    (alone,) = section_blocks(tree.Figure(1, None, "pic.svg", "A lump.", None, "s_1"))[1:]
    assert words(alone) == "Picture: A lump." and alone.lines[0][0] == Mark(TN_OPEN)


def test_citations_print_their_numbers_and_code_is_uncontracted():
    citation = tree.Citation(1, None, ("a", "b"), (1, 2), ("a", "b"), "cite-1")
    paragraph = section_blocks(para("See ", tree.Code(1, None, "x.py"), " ", citation))[1]
    assert paragraph.lines == ((Run("See "), Run("x.py", UNCONTRACTED), Run(" [1, 2]")),)


def test_words_in_another_language_are_uncontracted():
    span = tree.LanguageSpan(1, None, "es", (text("por favor"),))
    paragraph = section_blocks(para("Say ", span, "."))[1]
    assert paragraph.lines == ((Run("Say "), Run("por favor", UNCONTRACTED), Run(".")),)


def test_a_hard_break_starts_a_new_line_and_soft_breaks_are_spaces():
    paragraph = section_blocks(para("One", tree.SoftBreak(1, None), "two", tree.HardBreak(1, None), "three"))[1]
    assert paragraph.lines == ((Run("One two"),), (Run("three"),))


def test_the_pages_after_the_sections():
    support = [SupportContact(name="Group", organization="Org", url="https://group.example.org/", phone="555-0101")]
    refs = [Reference(id="b", title="Second", publisher="P"), Reference(id="a", title="First", publisher="Q",
                                                                         url="https://a.example.org/")]
    citation = tree.Citation(1, None, ("a",), (1,), ("a",), "cite-1")
    blocks = body(section("s", "S", para("Text ", citation)), glossary={"Tumor": "A lump."}, references=refs,
                  support=support)
    roles = [b.role for b in blocks]
    assert roles.index("glossary-entry") < roles.index("reference") < roles.index("contact-line")
    glossary = [b for b in blocks if b.role == "glossary-entry"]
    assert [words(b) for b in glossary] == ["Tumor A lump."] and glossary[0].guide == "Tumor"
    assert blocks[roles.index("glossary-entry") - 1].new_page  # BF 21.2.1a
    assert [words(b) for b in blocks if b.role == "reference"] == ["1. First. Q. https://a.example.org/.",
                                                                   "2. Second. P."]
    assert "Phone: 555-0101" in [words(b) for b in blocks if b.role == "contact-line"]
    reviewed, the_end = blocks[-2:]
    assert reviewed.anchors == ("contacts_reviewed",) and words(reviewed).startswith("Reviewed: November 1, 2026")
    assert the_end.lines == ((Mark(TN_OPEN), Run("The End"), Mark(TN_CLOSE)),) and the_end.centered  # BF 1.6.5b
    assert not any("questions" in b.anchors for b in blocks)  # no questions page in braille


def test_the_appendix_order_is_first_citation_then_the_uncited():
    refs = [Reference(id=i, title=i.upper(), publisher="P") for i in ("a", "b", "c")]
    cites = [tree.Citation(1, None, ("c", "a"), (1, 2), ("c", "a"), "cite-1")]
    assert [r.id for r in appendix_order((section("s", "S", para(*cites)),), refs)] == ["c", "a", "b"]


def test_title_page_segments_name_the_transcription_and_the_print_edition():
    # BF 2.3.3a: title, author, publisher, transcription and volume segments, each item in 1-3
    page_map = PageMap("taking-large-print-letter.pdf", 3, {})
    made = replace(source(page_map=page_map, authors=["Ann Lee"]), print_paper="a4")
    segments = [[words(b) for b in segment] for segment in transcribe(made, CODES["en"]).title_page]
    assert segments == [["Taking your medicine"], ["Ann Lee"], ["Example Clinic", "Reviewed: November 1, 2026"],
                        ["Unified English Braille, grade 2",
                         "Transcribed by plainleaf: computer-generated, not proofread"]]
    volume = volume_segment(made, "t1", "1-12", "1-3")
    assert [words(b) for b in volume] == ["Braille pages t1 and 1-12", "Print pages 1-3",
                                          "Print page numbers are those of the large-print edition on A4 paper."]
    assert volume[-1].lines[0][0] == Mark(TN_OPEN)
    assert {(b.first, b.runover) for segment in transcribe(made, CODES["en"]).title_page for b in segment} == {(0, 2)}
    assert [words(b) for b in volume_segment(made, "t1", "1-2", None)] == ["Braille pages t1 and 1-2"]


def test_print_pages_begin_where_their_first_block_starts():
    blocks = [Block("p", (), anchors=(name,)) for name in ("a", "b", "c", "d")]
    page_map = PageMap("x.pdf", 6, {"a": 1, "b": 2, "c": 4, "d": 4})
    marked = mark_print_pages(blocks, page_map)
    # page 3 has no block starting on it: it begins with page 4's; pages 5 and 6 begin after the last block
    assert [b.print_pages for b in marked] == [(), (2,), (3, 4), (), (5, 6)]
    assert marked[-1].role == "end"
    assert mark_print_pages(blocks, None) == tuple(blocks)


def test_other_editions_are_named_on_print_page_1_uncontracted_in_their_language():
    notes = (("es", "Este folleto también está disponible en español."),)
    blocks = transcribe(replace(source(), edition_notes=notes), CODES["en"]).body
    note = next(b for b in blocks if b.anchors == ("title_edition-note-1",))
    assert note.lines == ((Run(notes[0][1], UNCONTRACTED),),)


def test_a_glossary_entry_word_and_its_definition_are_one_blank_cell_apart_or_two():
    # BF 21.5.1c-d: one blank cell when the definition starts with a capital or a sign, two when it does not
    entries = [b for b in body(section("s", "S", para("x")), glossary={"Germ": "Tiny living things.",
                                                                   "Stent": "a small tube."})
               if b.role == "glossary-entry"]
    assert [e.lines for e in entries] == [((Run("Germ "), Run("Tiny living things.")),),
                                          ((Run("Stent "), Mark(BLANK), Run("a small tube.")),)]
