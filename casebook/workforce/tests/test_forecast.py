import pytest

from casebook.workforce.forecast import CLEAR, CLEARS, GROWS, backlog_forecast


def test_clears_in_n_weeks():
    f = backlog_forecast(queue_now=30, arrivals=[10, 10, 10, 10], allocations=[13, 12, 12, 11])
    assert (f.status, f.weeks_to_clear, f.net_per_week) == (CLEARS, 15, 2.0)
    assert "clear in 15 weeks" in f.sentence


def test_exact_division_does_not_round_up():
    assert backlog_forecast(queue_now=10, arrivals=[0, 0], allocations=[5, 5]).weeks_to_clear == 2


def test_grows_when_arrivals_match_or_beat_allocations():
    assert backlog_forecast(queue_now=5, arrivals=[8, 8], allocations=[8, 8]).status == GROWS
    f = backlog_forecast(queue_now=5, arrivals=[9, 11], allocations=[6, 8])
    assert f.status == GROWS and f.weeks_to_clear is None and "will not clear" in f.sentence


def test_already_clear():
    assert backlog_forecast(queue_now=0, arrivals=[3], allocations=[1]).status == CLEAR


def test_bad_series_are_refused():
    with pytest.raises(ValueError):
        backlog_forecast(queue_now=1, arrivals=[1, 2], allocations=[1])
    with pytest.raises(ValueError):
        backlog_forecast(queue_now=-1, arrivals=[1], allocations=[1])
