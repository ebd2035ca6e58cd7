"""Census figures against a hand-built workforce with known answers."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from casebook.accounts.tests.factories import TeamFactory, UserFactory
from casebook.children.models import Allocation
from casebook.children.tests.factories import ChildFactory
from casebook.workforce import services
from casebook.workforce.figures import census_figures, census_year
from casebook.workforce.models import CensusRole


def _moment(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=timezone.get_current_timezone())


def _worker(team, *, fte, agency=False, role=CensusRole.CASE_HOLDER, started=datetime.date(2020, 1, 1), left=None):
    user = UserFactory(team=team)
    services.worker_profile_save(user=user, acting_user=user, census_role=role, fte=Decimal(fte), is_agency=agency,
                                 started_on=started, left_on=left)
    return user


def _cases(worker, n, *, start=datetime.date(2026, 6, 1), end=None):
    for _ in range(n):
        Allocation.objects.create(child=ChildFactory(), team=worker.team, worker=worker, started_at=_moment(start),
                                  ended_at=_moment(end) if end else None, allocated_by=worker)


@pytest.fixture
def workforce(db):
    """Year 1 Oct 2025 - 30 Sep 2026. Team A funded 5 FTE, team B funded 3 FTE.
    In post at 30 Sep 2026: A: 1.0 + 1.0 + 0.5 council case holders, 1.0 agency case holder,
    1.0 council first-line manager; B: 1.0 council senior practitioner, 1.0 agency case holder.
    Council FTE 4.5, agency FTE 2.0. Left during the year: a 1.0 council worker (B) and a 1.0
    agency worker; one left before the year (not counted).
    Cases at 30 Sep: 10 + 8 + 4 (council) + 12 (agency) + 6 (senior practitioner) + 9 (agency B) = 49;
    plus 5 closed on 1 Sep (not held) and 3 starting 1 Oct (not yet held)."""
    a, b = TeamFactory(name="Team A"), TeamFactory(name="Team B")
    services.establishment_set(team=a, funded_fte=Decimal("5"), acting_user=UserFactory())
    services.establishment_set(team=b, funded_fte=Decimal("3"), acting_user=UserFactory())
    w1, w2, w3 = _worker(a, fte="1"), _worker(a, fte="1"), _worker(a, fte="0.5")
    agency_a = _worker(a, fte="1", agency=True)
    _worker(a, fte="1", role=CensusRole.FIRST_LINE_MANAGER)
    sp = _worker(b, fte="1", role=CensusRole.SENIOR_PRACTITIONER)
    agency_b = _worker(b, fte="1", agency=True)
    _worker(b, fte="1", left=datetime.date(2026, 3, 31))
    _worker(b, fte="1", agency=True, left=datetime.date(2026, 5, 1))
    _worker(b, fte="1", left=datetime.date(2025, 9, 1))
    for worker, n in ((w1, 10), (w2, 8), (w3, 4), (agency_a, 12), (sp, 6), (agency_b, 9)):
        _cases(worker, n)
    _cases(w1, 5, end=datetime.date(2026, 9, 1))
    _cases(w2, 3, start=datetime.date(2026, 10, 1))
    return a, b


def test_census_year_runs_october_to_september():
    assert census_year(datetime.date(2026, 9, 30)) == 2026
    assert census_year(datetime.date(2026, 10, 1)) == 2027


def test_figures_match_the_hand_count(workforce):
    f = census_figures(year=2026, today=datetime.date(2026, 11, 1))
    assert f.snapshot == datetime.date(2026, 9, 30) and f.year_start == datetime.date(2025, 10, 1)
    assert (f.la_fte, f.la_headcount) == (Decimal("4.5"), 5)
    assert (f.agency_fte, f.agency_headcount) == (Decimal("2"), 2)
    assert f.agency_rate == Decimal("30.8")  # 2 / 6.5
    # Team A: 5 funded - 3.5 council = 1.5; team B: 3 - 1 = 2. Vacancies 3.5; 3.5 / (3.5 + 4.5)
    assert (f.funded_fte, f.vacancies_fte, f.vacancy_rate) == (Decimal("8"), Decimal("3.5"), Decimal("43.8"))
    # One council leaver (1.0 FTE) in the year; the agency leaver and the earlier leaver do not count.
    assert (f.leavers_fte, f.leavers_headcount, f.turnover_rate) == (Decimal("1"), 1, Decimal("22.2"))
    # 49 cases by case holders and senior practitioners: 1 + 1 + 0.5 + 1 + 1 + 1 = 5.5 FTE
    assert (f.cases, f.case_holder_fte, f.average_caseload) == (49, Decimal("5.5"), Decimal("8.9"))


def test_year_not_over_counts_at_today(workforce):
    f = census_figures(year=2026, today=datetime.date(2026, 7, 1))
    assert f.snapshot == datetime.date(2026, 7, 1)
    assert f.cases == 49 + 5  # the five closed on 1 September were still held on 1 July


def test_staff_facts_agree_with_each_users_profile(workforce):
    """The figures read staff as plain values: the same facts as profile_for gives, recorded
    profile or not, with the user and their team."""
    from casebook.accounts.models import Role, User
    from casebook.workforce.selectors import WORKFORCE_ROLES, census_staff_facts, profile_for

    a, _b = workforce
    UserFactory(team=a, role=Role.SOCIAL_WORKER)  # no profile recorded: read from the job role, full time
    expected = set()
    for user in User.objects.filter(role__in=WORKFORCE_ROLES):
        p = profile_for(user)
        expected.add((p.census_role, p.fte, p.is_agency, p.started_on, p.left_on, user.pk, user.team_id))
    assert {tuple(f) for f in census_staff_facts()} == expected
    assert any(f.census_role == CensusRole.CASE_HOLDER and f.fte == 1 and f.team_id == a.pk and not f.is_agency
               for f in census_staff_facts())
