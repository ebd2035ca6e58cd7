"""Stored weekly figures for the leaders' overview.

Computing a year of weekly figures reads a year of clocks, allocations and contacts: too slow for
a page at 60,000 children (see docs/DESIGN.md). A completed week's figures are stored in
OverviewWeek by `refresh` (the `refresh_overview` command, meant for a nightly schedule); the page
reads the stored weeks and computes only the current week live. A completed week missing from the
store (a new week before the nightly run, or an empty store) is computed when the page asks for it
and stored. Records corrected after a week was stored show in it after the next refresh, which is
why the page says when the completed weeks were computed.

The current week's figures are kept in the cache for LIVE_SECONDS: they are council-wide counts
(no child's details, the same for every reader), so the page computes them at most once every
few minutes per server process and says when they were computed.
"""

from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone

from casebook.workforce import overview
from casebook.workforce.models import OverviewWeek


def _store(mondays: list[date], today: date, now: datetime) -> list[OverviewWeek]:
    """Compute the consecutive completed weeks `mondays` live and store them (replacing any)."""
    points, audit_grades = overview.weekly_points(mondays, today)
    rows = [OverviewWeek(week=monday, computed_at=now, audit_grades=audit_grades.get(monday, {}),
                         points={key: [series[i].value, series[i].numerator, series[i].denominator]
                                 for key, series in points.items()})
            for i, monday in enumerate(mondays)]
    # An upsert, so two page views computing the same missing week at once both succeed.
    OverviewWeek.objects.bulk_create(rows, update_conflicts=True, unique_fields=["week"],
                                     update_fields=["points", "audit_grades", "computed_at"])
    return rows


def refresh(*, today: date | None = None, weeks: int = overview.WEEKS) -> int:
    """Recompute and store every completed week of the overview's window, and drop weeks that have
    left it. Returns the number of weeks stored."""
    today = today or timezone.localdate()
    completed = overview.week_starts(today, weeks)[:-1]
    rows = _store(completed, today, timezone.now())
    OverviewWeek.objects.filter(week__lt=completed[0]).delete()
    return len(rows)


LIVE_SECONDS = 5 * 60


def live_week(current: date, today: date) -> tuple[dict, dict, datetime]:
    """The current week's points and audit grades so far, and when they were computed: from the
    cache when computed in the last LIVE_SECONDS, else computed now and cached."""
    key = f"workforce:overview-live:{current.isoformat()}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is None:
        points, grades = overview.weekly_points([current], today)
        cached = (points, grades, timezone.now())
        cache.set(key, cached, LIVE_SECONDS)
    return cached


def overview_as_at(*, today: date | None = None, weeks: int = overview.WEEKS
                   ) -> tuple[list[overview.Figure], datetime, datetime]:
    """The overview's figures: completed weeks from the store (missing ones computed and stored
    first), the current week from live_week. Returns (figures, when the oldest stored week was
    computed, when the current week's figures were computed)."""
    today = today or timezone.localdate()
    mondays = overview.week_starts(today, weeks)
    completed, current = mondays[:-1], mondays[-1]
    stored = {row.week: row for row in OverviewWeek.objects.filter(week__in=completed)}
    missing = [m for m in completed if m not in stored]
    if missing:  # one run from the first missing week to the last, as the live queries need
        run = completed[completed.index(missing[0]):completed.index(missing[-1]) + 1]
        stored.update({row.week: row for row in _store(run, today, timezone.now())})
    live_points, live_grades, live_at = live_week(current, today)
    points = {key: [overview.Point(m, *stored[m].points[key]) for m in completed] + series
              for key, series in live_points.items()}
    audit_grades = {m: stored[m].audit_grades for m in completed} | live_grades
    as_at = min(row.computed_at for row in stored.values()) if stored else timezone.now()
    return overview.build_figures(mondays, points, audit_grades), as_at, live_at
