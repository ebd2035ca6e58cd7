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


@pytest.mark.django_db
def test_overview_queue_and_longest_wait_ignore_urgency_order(world):
    """The queue is listed red first, but the longest wait is the earliest sign-off's, whatever its RAG."""
    from datetime import timedelta

    from django.utils import timezone

    from casebook.children.tests.factories import ChildFactory
    from casebook.core.workdays import working_days_between
    from casebook.front_door.models import Contact
    from casebook.front_door.tests import factories
    from casebook.workforce.selectors import backlog_forecast as overview_backlog

    def waiting(days_ago, rag):
        contact = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"],
                                       children=[ChildFactory()], rag=rag, outcome="cin")
        signed_off = timezone.now() - timedelta(days=days_ago)
        Contact.objects.filter(pk=contact.pk).update(signed_off_at=signed_off)
        return timezone.localtime(signed_off).date()

    today = timezone.localdate()
    assert overview_backlog(user=world["head_of_service"], today=today)["longest_wait"] is None
    oldest = waiting(20, "green")
    waiting(2, "red")
    backlog = overview_backlog(user=world["head_of_service"], today=today)
    assert backlog["forecast"].queue_now == 2
    assert backlog["longest_wait"] == working_days_between(oldest, today) > 5
