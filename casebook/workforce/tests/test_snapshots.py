"""Stored weekly figures for the leaders' overview: the page's figures (completed weeks from the
store, the current week live) equal the live computation for the same data; stored weeks change
only when refreshed; a missing week is computed when asked for."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casebook.accounts.tests.factories import UserFactory
from casebook.workforce import overview, snapshots
from casebook.workforce.models import OverviewWeek
from casebook.workforce.tests.test_overview import AFTER_EASTER, EASTER_WEEK, THIS_WEEK, TODAY, _contact, at, d
from casebook.workforce.tests.test_overview import data  # noqa: F401 - the hand-built data set fixture


def _contacts(figures):
    points = {f.key: f for f in figures}["contacts"].points
    return {p.week: p.value for p in points}


def test_stored_and_live_figures_equal_the_live_computation(data):  # noqa: F811
    live = overview.overview(today=TODAY)
    figures, _as_at, _live_at = snapshots.overview_as_at(today=TODAY)
    assert OverviewWeek.objects.count() == 51 and not OverviewWeek.objects.filter(week=THIS_WEEK).exists()
    assert [f.key for f in figures] == [f.key for f in live]
    for stored, computed in zip(figures, live, strict=True):
        assert stored.points == computed.points, stored.key
        assert stored.breakdown == computed.breakdown
    # ...and again when every completed week comes from the store.
    figures, _as_at, _live_at = snapshots.overview_as_at(today=TODAY)
    assert [f.points for f in figures] == [f.points for f in live]


def test_completed_weeks_change_at_the_refresh_and_the_current_week_when_its_cache_lapses(data):  # noqa: F811
    _figures, _as_at, first_live = snapshots.overview_as_at(today=TODAY)
    _contact(at(d(3, 31)))  # a contact recorded late for Easter week
    _contact(at(d(4, 14)))  # and one this week
    figures, _as_at, live_at = snapshots.overview_as_at(today=TODAY)
    contacts = _contacts(figures)
    assert (contacts[EASTER_WEEK], contacts[THIS_WEEK]) == (3, 0) and live_at == first_live  # cached
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=snapshots.LIVE_SECONDS + 1)):
        figures, _as_at, live_at = snapshots.overview_as_at(today=TODAY)
    assert live_at > first_live
    assert (_contacts(figures)[EASTER_WEEK], _contacts(figures)[THIS_WEEK]) == (3, 1)
    assert snapshots.refresh(today=TODAY) == 51
    contacts = _contacts(snapshots.overview_as_at(today=TODAY)[0])
    assert (contacts[EASTER_WEEK], contacts[THIS_WEEK]) == (4, 1)


def test_a_missing_week_is_computed_when_asked_for(data):  # noqa: F811
    snapshots.overview_as_at(today=TODAY)
    earlier = timezone.now() - datetime.timedelta(days=1)
    OverviewWeek.objects.update(computed_at=earlier)
    OverviewWeek.objects.filter(week=AFTER_EASTER).delete()
    figures, as_at, _live_at = snapshots.overview_as_at(today=TODAY)
    assert _contacts(figures)[AFTER_EASTER] == 1
    assert OverviewWeek.objects.get(week=AFTER_EASTER).computed_at > earlier
    assert OverviewWeek.objects.filter(computed_at=earlier).count() == 50  # the others were not recomputed
    assert as_at == earlier  # the page gives the time of its oldest stored week


def test_refresh_command_stores_every_completed_week_and_drops_older_ones(db):
    today = timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    old = this_monday - datetime.timedelta(weeks=60)
    OverviewWeek.objects.create(week=old, points={}, computed_at=timezone.now())
    out = io.StringIO()
    call_command("refresh_overview", stdout=out)
    assert out.getvalue() == "Stored the overview figures for 51 completed weeks.\n"
    weeks = list(OverviewWeek.objects.values_list("week", flat=True))
    assert len(weeks) == 51 and weeks[0] == this_monday - datetime.timedelta(weeks=51)
    assert weeks[-1] == this_monday - datetime.timedelta(weeks=1)


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (None, "percent", "None due"), (33.3, "percent", "33.3%"), (100.0, "percent", "100%"), (5, "count", "5"),
    (6.0, "number", "6"), (12.5, "number", "12.5"),
])
def test_values_are_shown_as_before(value, unit, shown):
    assert overview.shown(overview.Point(THIS_WEEK, value), unit) == shown


def test_a_rate_with_nothing_to_divide_by_says_so_in_its_own_words(db):
    figures = {f.key: f for f in overview.overview(today=TODAY)}  # no data: every rate is empty
    empty = {key: overview.shown(figures[key].latest, figures[key].unit, figures[key].empty)
             for key in ("re-referrals", "cp-repeat", "contact-decisions-1wd", "average-caseload", "agency-rate",
                         "assessments-45wd")}
    assert empty == {"re-referrals": "No referrals", "cp-repeat": "No new plans",
                     "contact-decisions-1wd": "No decisions", "average-caseload": "No case holders",
                     "agency-rate": "No staff in post", "assessments-45wd": "None due"}


def test_page_says_when_the_completed_weeks_were_computed(client, db):
    client.force_login(UserFactory(role="head_of_service", team=None))
    response = client.get(reverse("workforce:overview"))
    stored = OverviewWeek.objects.order_by("computed_at").first()
    local = timezone.localtime(stored.computed_at)
    assert f"Figures for completed weeks as at {local.day} {local:%B %Y, %H:%M}" in response.content.decode()


def test_week_table_rows_are_escaped_html():
    from casebook.workforce.views import _week_rows

    cell, numeric = '<td class="govuk-table__cell">', '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert _week_rows([("30 March 2026", "50%", 4)], with_of=True) == (
        f'<tr class="govuk-table__row">{cell}30 March 2026</td>{numeric}50%</td>{numeric}4</td></tr>')
    assert _week_rows([("<b>", "None due", 0)], with_of=False) == (
        f'<tr class="govuk-table__row">{cell}&lt;b&gt;</td>{numeric}None due</td></tr>')
