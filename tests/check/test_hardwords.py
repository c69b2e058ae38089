"""Hard words looked up by stem, and which of them a glossary already explains."""

from __future__ import annotations

import pytest

from plainleaf.check import hardwords
from plainleaf.check.plain import hard_word_index
from plainleaf.check.review import review_source
from plainleaf.source.layout import Resources
from tests.helpers import MINIMAL_FRONT, write_handout

HARD = ["adverse", "benign", "chronic", "diagnosis", "biopsy", "renal", "prognosis", "lesion", "edema",
        "hypertension", "anemia", "metastasis", "cardiac", "inflammation", "nausea", "fatigue", "dosage",
        "oncologist", "catheter", "physician"]


@pytest.mark.parametrize(("term", "glossary", "covered"), [
    ("neuroendocrine", ["Neuroendocrine cells"], True),
    ("biopsy", ["Biopsies"], True),
    ("adverse event", ["Adverse events and what to do"], True),
    ("adverse event", ["Adverse", "Event"], False),  # both words, but not as one phrase
    ("chronic", ["Long-term illness"], False),
    ("chronic", [], False),
])
def test_a_glossary_term_covers_a_hard_word_it_holds_in_any_form(term, glossary, covered):
    index = hard_word_index("en")
    assert index.covered_by(glossary)(term) is covered


def test_a_large_glossary_is_read_once_not_once_per_hard_word(tmp_path, monkeypatch):
    """15,000 glossary terms and 20 hard words: the work (words stemmed) grows with the glossary plus the text,
    not with their product (which took minutes, past the task's time limit: security findings #1)."""
    terms = 15_000
    front = MINIMAL_FRONT + "glossary:\n" + "".join(f"  term{n} word: meaning {n}\n" for n in range(terms))
    body = "## What it is\n\n" + " ".join(f"You may hear the word {word}." for word in HARD) + "\n"
    source = write_handout(tmp_path, front, body)
    calls = 0
    stem = hardwords.stem

    def counting(language: str, word: str) -> str:
        nonlocal calls
        calls += 1
        return stem(language, word)

    monkeypatch.setattr(hardwords, "stem", counting)
    review = review_source(source, Resources.bundled().fonts_dir, large_print=True)
    hard = [f for f in review.findings if f.rule == "word.hard"]
    assert len(hard) == len(HARD), [f.message for f in hard]
    glossary_words = 2 * terms
    assert calls <= glossary_words + 1_000, f"{calls} words stemmed for a glossary of {glossary_words} words"


def test_the_shipped_stems_are_the_lists_stems():
    """plainleaf/data/hard-word-stems.json.gz is what tools/hard_word_stems.py writes from the lists as they are."""
    from tools.hard_word_stems import table_bytes

    assert hardwords.STEM_TABLE.read_bytes() == table_bytes(), "run python3 tools/hard_word_stems.py"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_index_from_shipped_stems_is_the_index_stemmed_here(language):
    from plainleaf.check.guide import guide_for

    guide = guide_for(language)
    assert hardwords.shipped_stems(guide.language), "the table has the language's stems"
    shipped = hard_word_index(language)
    stemmed = hardwords.HardWordIndex(guide.language, guide.hard_words, guide.everyday_words)
    assert (shipped.by_first, shipped.words_of, shipped.gate) == (stemmed.by_first, stemmed.words_of, stemmed.gate)


def test_stems_written_by_another_snowball_are_not_used(monkeypatch, tmp_path):
    import gzip
    import json

    table = tmp_path / "stems.json.gz"
    table.write_bytes(gzip.compress(json.dumps({"snowballstemmer": "0.0", "stems": {"en": {"renal": "x"}}}).encode()))
    monkeypatch.setattr(hardwords, "STEM_TABLE", table)
    hardwords.shipped_stems.cache_clear()
    try:
        assert hardwords.shipped_stems("en") == {}
    finally:
        hardwords.shipped_stems.cache_clear()
