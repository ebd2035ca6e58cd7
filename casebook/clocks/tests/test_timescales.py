"""Timescale amounts read in words on pages ("1 week", not "1 weeks")."""

import pytest


@pytest.mark.parametrize(("amount", "unit", "words"), [
    (1, "weeks", "1 week"), (2, "weeks", "2 weeks"), (1, "working days", "1 working day"),
    (15, "working days", "15 working days"), (1, "months", "1 month"), (72, "hours", "72 hours"), (1, "days", "1 day"),
])
def test_amounts_read_in_words(amount, unit, words):
    from casebook.clocks.timescales import amount_in_words

    assert amount_in_words(amount, unit) == words
