"""The plain-language rules against the evaluation set (tests/evaluation/): every rule finds at least 90% of the
passages labelled positive and reports at most 10% of those labelled negative, in English and in Spanish; the
table in docs/readability.md is the one these passages give."""

from __future__ import annotations

import pytest

from plainleaf.check.plain import PLAIN_RULES
from tests.evaluation.score import (
    DOC,
    LANGUAGES,
    MAX_FALSE_ALARMS,
    MIN_RECALL,
    doc_section,
    evaluation_set,
    scores,
)

MIN_PASSAGES = 25


def test_every_rule_has_at_least_25_positive_and_25_negative_passages():
    for language in LANGUAGES:
        labelled = evaluation_set(language)
        assert all(len(labelled[r]["positive"]) >= MIN_PASSAGES and len(labelled[r]["negative"]) >= MIN_PASSAGES
                   for r in labelled), language
    english = set(evaluation_set("en")) | {s.rule for s in scores() if s.language == "tags"}
    assert set(PLAIN_RULES) - english == {"language.incomplete-catalogue"}  # tested in test_plain with a made catalogue


@pytest.mark.parametrize("result", scores(), ids=lambda r: f"{r.rule}-{r.language}")
def test_rule_recall_and_false_alarms(result):
    assert result.recall >= MIN_RECALL and result.false_alarm_rate <= MAX_FALSE_ALARMS, result


def test_the_table_in_the_docs_is_the_one_the_set_gives():
    assert doc_section(scores()) in DOC.read_text(encoding="utf-8"), \
        "run `python3 -m tests.evaluation.score --write` and commit docs/readability.md"
