"""Every overview figure against a hand-built data set with known answers. Easter 2026: Good
Friday 3 April and Easter Monday 6 April are bank holidays, so the week of 30 March has four
working days and a contact received on Thursday 2 April has until the end of Tuesday 7 April."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from casebook.accounts.tests.factories import TeamFactory, UserFactory
from casebook.child_protection.models import CPPlan
from casebook.children.models import Allocation
from casebook.children.tests.factories import ChildFactory
from casebook.clocks.models import Clock
from casebook.episodes.models import EpisodeOfNeed, Referral
from casebook.front_door.models import Contact, ContactChild, Outcome
from casebook.workforce import overview, services
from casebook.workforce.models import CensusRole

TODAY = datetime.date(2026, 4, 15)  # Wednesday
EASTER_WEEK = datetime.date(2026, 3, 30)  # Monday; Good Friday in it
AFTER_EASTER = datetime.date(2026, 4, 6)  # Easter Monday
THIS_WEEK = datetime.date(2026, 4, 13)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def d(month, day):
    return datetime.date(2026, month, day)


def _contact(received, decided=None, *, signed_off=None, outcome=""):
    return Contact.objects.create(
        received_at=received, source="1B", referrer_name="A referrer", concern="Concern", consent_obtained=True,
        decided_at=decided, decision_reasons="Reasons" if decided else "", outcome=outcome, signed_off_at=signed_off)


@pytest.fixture
def data(db):
    hos = UserFactory(role="head_of_service", team=None)
    # Contacts: A before Easter decided the Tuesday after (in time); B decided a day late; C same day.
    _contact(at(d(4, 2)), at(d(4, 7), 15))
    _contact(at(d(4, 7)), at(d(4, 9), 9))
    _contact(at(d(3, 30)), at(d(3, 30), 15))
    # Referrals: three in Easter week, one a re-referral; one the week after.
    for day, re in ((d(3, 30), False), (d(3, 31), True), (d(4, 2), False), (d(4, 8), False)):
        child = ChildFactory()
        episode = EpisodeOfNeed.objects.create(child=child, referral_date=day, referral_source="1B")
        Referral.objects.create(child=child, episode=episode, referral_date=day, source="1B", is_re_referral=re)
    # Assessments due in Easter week: two on time, one late, one open past due; one due this week
    # and done; one due later this week and still open (not yet due: left out).
    late_child, open_child = ChildFactory(), ChildFactory()
    for child, due, done in ((ChildFactory(), d(3, 31), d(3, 30)), (ChildFactory(), d(4, 2), d(4, 2)),
                             (late_child, d(4, 1), d(4, 8)), (open_child, d(4, 2), None),
                             (ChildFactory(), d(4, 13), d(4, 13)), (ChildFactory(), d(4, 17), None)):
        Clock.objects.create(child=child, item="assessment_45wd", started_on=due - datetime.timedelta(days=60),
                             due_on=due, completed_on=done)
    # CP plans: one since December 2024 (over 15 months), one repeat plan starting in Easter week.
    for start, previous in ((datetime.date(2024, 12, 2), 0), (d(4, 1), 1)):
        child = ChildFactory()
        episode = EpisodeOfNeed.objects.create(child=child, referral_date=start, referral_source="1B")
        CPPlan.objects.create(child=child, episode=episode, start_date=start, initial_category="NEG",
                              latest_category="NEG", previous_plans=previous)
    # Waiting for allocation: signed off 31 March, allocated 8 April.
    contact = _contact(at(d(3, 30)), at(d(3, 31)), signed_off=at(d(3, 31), 12), outcome=Outcome.CHILD_IN_NEED)
    ContactChild.objects.create(contact=contact, child=ChildFactory(), allocated_at=at(d(4, 8)))
    # Workforce: two full-time case holders (one agency) and a half-time one from 7 April.
    team = TeamFactory()
    staff = []
    for fte, agency, started in (("1", False, d(1, 5)), ("1", True, d(1, 5)), ("0.5", False, d(4, 7))):
        user = UserFactory(team=team)
        services.worker_profile_save(user=user, acting_user=user, census_role=CensusRole.CASE_HOLDER,
                                     fte=Decimal(fte), is_agency=agency, started_on=started)
        staff.append(user)
    for _ in range(10):
        Allocation.objects.create(child=ChildFactory(), team=team, worker=staff[0], started_at=at(d(1, 5)),
                                  allocated_by=hos)
    for _ in range(5):
        Allocation.objects.create(child=ChildFactory(), team=team, worker=staff[2], started_at=at(d(4, 8)),
                                  allocated_by=hos)
    # Children held by a MASH worker are not a case holder's caseload (as in the census figures).
    mash_worker = UserFactory(role="mash_worker", team=team)
    for _ in range(4):
        Allocation.objects.create(child=ChildFactory(), team=team, worker=mash_worker, started_at=at(d(1, 5)),
                                  allocated_by=hos)
    return hos, late_child, open_child


def _figure(figures, key):
    return {f.key: f for f in figures}[key]


def _at(figure, monday):
    return {p.week: p for p in figure.points}[monday]


def test_weeks_end_with_this_week_and_the_bank_holiday_week_has_four_working_days():
    weeks = overview.week_starts(TODAY)
    assert len(weeks) == 52 and weeks[-1] == THIS_WEEK and weeks[0] == THIS_WEEK - datetime.timedelta(weeks=51)
    assert overview.working_days_in(EASTER_WEEK) == 4 and overview.working_days_in(AFTER_EASTER) == 4
    assert overview.working_days_in(THIS_WEEK) == 5


def test_decision_deadline_skips_good_friday_and_easter_monday():
    assert overview.decision_deadline(at(d(4, 2))).date() == d(4, 7)


def test_every_figure(data):
    figures = overview.overview(today=TODAY)
    f = lambda key, week: _at(_figure(figures, key), week)  # noqa: E731
    assert (f("contacts", EASTER_WEEK).value, f("contacts", AFTER_EASTER).value) == (3, 1)  # + the signed-off one
    assert f("contact-decisions-1wd", EASTER_WEEK).value == 100.0  # C on the day; the signed-off one next day
    point = f("contact-decisions-1wd", AFTER_EASTER)
    assert (point.value, point.numerator, point.denominator) == (50.0, 1, 2)
    assert f("referrals", EASTER_WEEK).value == 3 and f("referrals", AFTER_EASTER).value == 1
    assert f("re-referrals", EASTER_WEEK).value == 33.3 and f("re-referrals", AFTER_EASTER).value == 0.0
    assert f("re-referrals", THIS_WEEK).value is None
    point = f("assessments-45wd", EASTER_WEEK)
    assert (point.value, point.numerator, point.denominator) == (50.0, 2, 4)
    assert f("assessments-45wd", THIS_WEEK).value == 100.0  # the open one due on Friday is not yet due
    assert f("icpc-15wd", EASTER_WEEK).value is None
    assert f("cp-plans", EASTER_WEEK).value == 2 and f("cp-plans", EASTER_WEEK - datetime.timedelta(weeks=1)).value == 1
    assert f("cp-repeat", EASTER_WEEK).value == 100.0
    assert f("cp-over-15-months", EASTER_WEEK).value == 1
    assert f("cp-over-15-months", datetime.date(2026, 2, 23)).value == 0  # 15 months from 2 Dec 2024 is 2 March
    assert f("waiting-for-allocation", EASTER_WEEK).value == 1 and f("waiting-for-allocation", AFTER_EASTER).value == 0
    # Easter week: 10 cases / 2 FTE; after: 15 cases / 2.5 FTE (the MASH worker's 4 not counted).
    assert f("average-caseload", EASTER_WEEK).value == 5.0 and f("average-caseload", AFTER_EASTER).value == 6.0
    # The census figures page gives the same at the end of a week.
    from casebook.workforce.figures import census_figures

    census = census_figures(year=2026, today=AFTER_EASTER + datetime.timedelta(days=6))
    assert (census.cases, census.average_caseload) == (15, Decimal("6.0"))
    assert _figure(figures, "average-caseload").points[-2].numerator == census.cases
    assert f("agency-rate", EASTER_WEEK).value == 50.0 and f("agency-rate", AFTER_EASTER).value == 40.0
    audits = _figure(figures, "audits")  # none in this data set
    assert audits.available and all(p.value == 0 for p in audits.points)
    assert [(label, n, share) for label, n, share in audits.breakdown][:1] == [("Outstanding", 0, None)]


def test_audits_done_and_their_grades(db):
    """Audits completed (moderated) by week, and the spread of final grades: the moderator's grade
    where they changed it. Audits not yet moderated, and those moderated before the 52 weeks, are
    left out."""
    from casebook.oversight.models import AuditStatus, CaseAudit

    auditor, moderator = UserFactory(role="auditor"), UserFactory(role="auditor")

    def audit(moderated_on=None, grade="good", moderated_grade="", status=AuditStatus.MODERATED):
        return CaseAudit.objects.create(
            child=ChildFactory(), auditor=auditor, assigned_on=d(1, 5), due_on=d(2, 5), status=status,
            submitted_on=d(1, 20), overall_grade=grade, overall_evidence="Evidence",
            moderator=moderator if moderated_on else None, moderated_on=moderated_on,
            moderated_overall_grade=moderated_grade)

    audit(d(3, 31), "good")
    audit(d(4, 2), "good", moderated_grade="requires_improvement")  # the moderator's grade counts
    audit(d(4, 1), "inadequate")
    audit(d(4, 8), "outstanding")
    audit(d(4, 14), "good")
    audit(None, "inadequate", status=AuditStatus.IN_MODERATION)  # not done yet
    audit(datetime.date(2025, 3, 3), "inadequate")  # before the 52 weeks
    audits = _figure(overview.overview(today=TODAY), "audits")
    assert _at(audits, EASTER_WEEK).value == 3 and _at(audits, AFTER_EASTER).value == 1
    assert _at(audits, THIS_WEEK).value == 1 and sum(p.value for p in audits.points) == 5
    assert audits.breakdown == [("Outstanding", 1, 20.0), ("Good", 2, 40.0), ("Requires improvement", 1, 20.0),
                                ("Inadequate", 1, 20.0)]


def test_children_behind_a_clock_figure(data):
    hos, late_child, open_child = data
    rows = overview.children_behind(key="assessments-45wd", user=hos, week=EASTER_WEEK, today=TODAY)
    assert {r["child"].pk for r in rows} == {late_child.pk, open_child.pk}
    from casebook.clocks import timescales

    label = timescales.get(Clock.objects.filter(child=late_child).values_list("item", flat=True).first()).label
    assert all(r["detail"].startswith(f"{label}: due ") for r in rows)  # which item, not just a date


def test_children_behind_respect_access(data):
    _, late_child, _ = data
    stranger = UserFactory(role="social_worker")
    assert overview.children_behind(key="assessments-45wd", user=stranger, week=EASTER_WEEK, today=TODAY) == []


def test_overview_query_count_does_not_grow_with_data(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):  # 12 before the audits figure, plus its one query
        overview.overview(today=TODAY)
