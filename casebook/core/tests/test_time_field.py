"""The shared time field takes the times people type, and says how when it cannot."""

from datetime import time

import pytest

from casebook.core.forms import GovukForm, GovukTimeField


class _Form(GovukForm):
    at = GovukTimeField(label="Time the contact was received")


@pytest.mark.parametrize("typed, expected", [
    ("9.30am", time(9, 30)), ("9:30", time(9, 30)), ("0930", time(9, 30)), ("21:30", time(21, 30)),
    ("9.30 pm", time(21, 30)), ("9:30 P.M.", time(21, 30)), ("930", time(9, 30)), ("2pm", time(14, 0)),
    ("12pm", time(12, 0)), ("12am", time(0, 0)), ("12.15am", time(0, 15)), ("midday", time(12, 0)),
    (" 14.05 ", time(14, 5)), ("00:00", time(0, 0)), ("23:59", time(23, 59)),
])
def test_common_ways_of_writing_a_time_are_accepted(typed, expected):
    form = _Form(data={"at": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == expected


@pytest.mark.parametrize("typed", ["24:00", "9:60", "13pm", "0am", "9", "half nine", "9:3", "12345"])
def test_what_is_not_a_time_gets_a_govuk_error(typed):
    form = _Form(data={"at": typed})
    assert not form.is_valid()
    assert form.errors["at"] == ["Enter time the contact was received like 14:30 or 9.30am"]


def test_the_hint_shows_both_forms():
    assert _Form()["at"].help_text == "For example, 14:30 or 9.30am"
