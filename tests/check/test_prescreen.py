"""The PEMAT-P / CCI pre-screen: what it counts as an unclear number."""

from __future__ import annotations

import pytest

from plainleaf.check.review import review_source
from plainleaf.source.layout import Resources
from tests.helpers import MINIMAL_FRONT, write_handout


def _numbers_item(tmp_path, sentence: str):
    body = f"## Your medicine\n\nYou take your medicine every day. {sentence}\n"
    review = review_source(write_handout(tmp_path, MINIMAL_FRONT, body), Resources.bundled().fonts_dir,
                           large_print=True)
    return next(i for i in review.prescreen.items if i.instrument == "PEMAT-P" and i.number == "6")


@pytest.mark.parametrize("sentence", ["Take 1.5 tablets.", "Take 1,5 tablets.", "Take 1.5mg of it.",
                                      "Eat 1/2 a cup.", "Take 2.5 tablets at 8 o'clock."])
def test_a_decimal_or_a_fraction_is_an_unclear_number(tmp_path, sentence):
    assert _numbers_item(tmp_path, sentence).verdict == "not met"


@pytest.mark.parametrize("sentence", ["Get version 1.5.3 of the app.", "Use the 1.5x2 card.", "Call 10 times.",
                                      "Room 3.12.4 is on the left.", "See 12/3/2026 on the form."])
def test_a_version_a_size_or_a_whole_count_is_not_a_decimal(tmp_path, sentence):
    assert _numbers_item(tmp_path, sentence).verdict == "met"


@pytest.mark.parametrize("rule, number, sentence", [("voice.passive", "5", "You are given a pill."),
                                                   ("word.hard", "4", "It eases the abdominal pain.")])
def test_a_rule_the_handout_switches_off_is_not_scored_against_it(tmp_path, rule, number, sentence):
    """The pre-screen judges the findings the review reports: a rule switched off, with its reason, counts as
    nothing found."""
    def item(front: str):
        body = f"## Your medicine\n\n{sentence}\n"
        review = review_source(write_handout(tmp_path, front, body), Resources.bundled().fonts_dir, large_print=True)
        return next(i for i in review.prescreen.items if i.instrument == "PEMAT-P" and i.number == number)

    assert item(MINIMAL_FRONT).verdict == "not met"
    assert item(MINIMAL_FRONT + f"check:\n  disable:\n    {rule}: the words a pharmacist uses\n").verdict == "met"
