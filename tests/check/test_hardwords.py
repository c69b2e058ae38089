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
