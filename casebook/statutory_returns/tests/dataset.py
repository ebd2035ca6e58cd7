"""A hand-built authority covering every module of both returns for collection year 2027
(1 April 2026 to 31 March 2027). Written straight to the tables (as a council's old system would
hand them over), so each case is exactly what the acceptance criteria list."""

import datetime as dt
from datetime import date, timedelta

from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import TeamFactory, UserFactory
from casebook.assessments.models import Assessment
from casebook.child_protection.models import Conference, CPPlan, Section47, StrategyDiscussion
from casebook.children.models import Allocation, ChildDisability
from casebook.children.tests.factories import ChildFactory
from casebook.children_in_need.models import CINPlan
from casebook.episodes.models import EpisodeOfNeed
from casebook.looked_after import services as care_services
from casebook.looked_after.models import (
    CareEpisode,
    CareLeaver,
    CareLeaverContact,
    CareReview,
    HealthCheck,
    MissingEpisode,
    SocialWorkerChange,
)

POSTCODES = ["SW1A 0AA", "SW1A 2AA", "LS1 1UR", "M60 2LA"]


def weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def child(cid: str, **kwargs):
    defaults = {"casebook_id": cid, "sex": "F", "ethnicity": "WBRI", "date_of_birth": date(2015, 6, 1)}
    return ChildFactory(**{**defaults, **kwargs})


def episode(kid, referral, *, source="2A", need="N1", nfa=False, closed=None, reason=""):
    return EpisodeOfNeed.objects.create(child=kid, referral_date=referral, referral_source=source, primary_need=need,
                                        referral_nfa=nfa, closure_date=closed, closure_reason=reason)


def assessment(ep, start, authorised=None, factors=()):
    return Assessment.objects.create(child=ep.child, episode=ep, start_date=start, due_on=start + timedelta(days=63),
                                     authorised_on=authorised, factors=list(factors))


def s47(ep, start, *, icpc=None, not_required=False, plan_category=None, reviews=(), plan_end=None, previous=0):
    sd = StrategyDiscussion.objects.create(child=ep.child, episode=ep, held_on=start, agencies="Police, health",
                                           s47_decided=True, reasons="Injury")
    enquiry = Section47.objects.create(child=ep.child, episode=ep, strategy_discussion=sd, start_date=start,
                                       icpc_target=start + timedelta(days=21), icpc_not_required=not_required)
    plan = None
    if icpc:
        if plan_category:
            plan = cp_plan(ep, icpc, plan_category, reviews=reviews, end=plan_end, previous=previous)
        Conference.objects.create(child=ep.child, episode=ep, kind="initial", section47=enquiry, plan=plan,
                                  held_on=icpc, chair="Chair", agencies="All", plan_decided=bool(plan_category),
                                  category=plan_category or "")
    return enquiry, plan


def cp_plan(ep, start, category, *, reviews=(), end=None, previous=0):
    plan = CPPlan.objects.create(child=ep.child, episode=ep, start_date=start, initial_category=category,
                                 latest_category=category, previous_plans=previous, end_date=end,
                                 end_reason="no_longer_at_risk" if end else "")
    for held in reviews:
        Conference.objects.create(child=ep.child, episode=ep, kind="review", plan=plan, held_on=held, chair="Chair",
                                  agencies="All", plan_decided=True, category=category)
    return plan


def aware(day: date, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def build() -> dict:
    """Create the data set; returns named children for the tests."""
    named = {}
    # --- CIN census -------------------------------------------------------------------------
    kid = named["nfa"] = child("NFA1", date_of_birth=date(2019, 3, 3))
    episode(kid, date(2026, 5, 4), source="1A", need="", nfa=True, closed=date(2026, 5, 4), reason="RC8")

    kid = named["assessed"] = child("ASSESS1", sex="M")
    ep = episode(kid, date(2026, 4, 10))
    assessment(ep, date(2026, 4, 13), date(2026, 5, 20), ["3A", "16A"])
    CINPlan.objects.create(child=kid, episode=ep, start_date=date(2026, 5, 26))

    kid = named["s47_no_icpc"] = child("S47NO1")
    ep = episode(kid, date(2026, 6, 1), source="6", closed=date(2026, 7, 20), reason="RC7")
    assessment(ep, date(2026, 6, 2), date(2026, 7, 10), ["18C"])
    s47(ep, date(2026, 6, 2), not_required=True)

    kid = named["cp"] = child("CPNEW1", sex="M", date_of_birth=date(2012, 1, 9))
    ep = episode(kid, date(2026, 7, 1), source="3A")
    assessment(ep, date(2026, 7, 1), date(2026, 8, 10), ["2B", "17A"])
    icpc = weekday(date(2026, 7, 20))
    s47(ep, date(2026, 7, 2), icpc=icpc, plan_category="NEG", reviews=[weekday(icpc + timedelta(days=90))])

    kid = named["carried"] = child("CARRIED1", date_of_birth=date(2014, 2, 2))
    ep = episode(kid, date(2025, 9, 1), source="2A")
    assessment(ep, date(2025, 9, 1), date(2025, 10, 10), ["16A"])
    old = s47(ep, date(2025, 9, 10), icpc=weekday(date(2025, 10, 1)), plan_category="EMO",
              reviews=[weekday(date(2025, 12, 29)), weekday(date(2026, 6, 25))], plan_end=date(2026, 6, 30))
    CINPlan.objects.create(child=kid, episode=ep, start_date=date(2026, 6, 30), stepped_down_from=old[1])

    kid = named["unborn"] = child("UNBORN1", sex="U", date_of_birth=None, expected_date_of_birth=date(2027, 5, 1))
    ep = episode(kid, date(2026, 10, 1), source="3B")
    assessment(ep, date(2026, 10, 2), date(2026, 11, 20), ["2A"])

    kid = named["disabled"] = child("DISAB1", sex="M", date_of_birth=date(2016, 8, 8))
    ChildDisability.objects.bulk_create([ChildDisability(child=kid, code="MOB"), ChildDisability(child=kid, code="LD")])
    ep = episode(kid, date(2026, 4, 20), source="3F", need="N2")
    assessment(ep, date(2026, 4, 20), date(2026, 6, 1), ["6A"])
    CINPlan.objects.create(child=kid, episode=ep, start_date=date(2026, 6, 3))

    kid = named["two_episodes"] = child("TWOEP1", date_of_birth=date(2013, 11, 11))
    ep = episode(kid, date(2026, 4, 7), source="5D", closed=date(2026, 6, 10), reason="RC7")
    assessment(ep, date(2026, 4, 7), date(2026, 5, 1), ["1B"])
    CINPlan.objects.create(child=kid, episode=ep, start_date=date(2026, 5, 5), end_date=date(2026, 6, 10))
    ep = episode(kid, date(2026, 9, 1), source="2A", need="N4")
    assessment(ep, date(2026, 9, 1), date(2026, 10, 1), ["4B"])

    for n, reason in enumerate(["RC3", "RC4", "RC5", "RC6", "RC9", "RC7"], start=1):
        kid = named[f"closed_{reason}"] = child(f"CLOSED{n}", sex="M" if n % 2 else "F",
                                                  date_of_birth=date(2010 + n, 3, 14))
        ep = episode(kid, date(2026, 4, 14) + timedelta(days=n), source="8", need="N5",
                     closed=date(2026, 8, 1) + timedelta(days=n), reason=reason)
        assessment(ep, ep.referral_date, ep.referral_date + timedelta(days=30), ["1C"])

    # --- SSDA903 ----------------------------------------------------------------------------
    team = TeamFactory(name="Children in Care")
    workers = [UserFactory(role=Role.SOCIAL_WORKER, team=team) for _ in range(2)]

    def care(kid, start, rne, ls, place, *, period, placement_started=None, end=None, rec="", provider="PR1",
             change=""):
        return CareEpisode.objects.create(
            child=kid, period_start=period, start_date=start, reason_new_episode=rne, legal_status=ls,
            category_of_need="N1", placement_type=place, placement_provider=provider,
            placement_postcode=POSTCODES[0], home_postcode=POSTCODES[1], placement_started=placement_started or start,
            reason_place_change=change, end_date=end, reason_ceased=rec)

    kid = named["lac_new"] = child("LACNEW1", sex="M", date_of_birth=date(2012, 4, 4))
    start = date(2026, 5, 1)
    care(kid, start, "S", "V2", "U6", period=start, end=date(2026, 8, 1), rec="X1")
    care(kid, date(2026, 8, 1), "L", "C1", "U6", period=start, placement_started=start, end=date(2026, 10, 1), rec="X1")
    care(kid, date(2026, 10, 1), "P", "C1", "U4", period=start, change="CHILD")
    MissingEpisode.objects.create(child=kid, kind="M", started_at=aware(date(2026, 9, 10), 20),
                                  ended_at=aware(date(2026, 9, 11), 9))
    CareReview.objects.create(child=kid, review_date=date(2026, 5, 20), participation="PN1")
    CareReview.objects.create(child=kid, review_date=date(2026, 8, 18), participation="PN1")
    Allocation.objects.create(child=kid, team=team, worker=workers[0], started_at=aware(start),
                              ended_at=aware(date(2026, 9, 1)), allocated_by=workers[0])
    # The reason sits on the new allocation: why the child's social worker changed to this one.
    second = Allocation.objects.create(child=kid, team=team, worker=workers[1], started_at=aware(date(2026, 9, 1)),
                                       allocated_by=workers[1])
    SocialWorkerChange.objects.create(allocation=second, reason="LEFTRL", recorded_by=workers[0])
    # Started care in the year, so PrevPerm is due (rule 630): recorded as the care page does.
    care_services.previous_permanence_record(child=kid, previous_permanence="P2", previous_permanence_la="873",
                                             previous_permanence_date="14/03/2024", acting_user=workers[0])

    kid = named["lac_long"] = child("LACLONG1", date_of_birth=date(2011, 2, 2))
    # Under 12 months in care at 31 March, so no OC2 row (and no SDQ score is due, rule 186).
    period = date(2026, 6, 1)
    care(kid, period, "S", "C2", "U4", period=period)
    CareReview.objects.create(child=kid, review_date=date(2026, 5, 1), participation="PN1")
    CareReview.objects.create(child=kid, review_date=date(2026, 10, 30), participation="PN5")
    HealthCheck.objects.create(child=kid, kind="review", check_date=date(2026, 7, 7))
    HealthCheck.objects.create(child=kid, kind="dental", check_date=date(2026, 8, 8))
    # A girl of 15 in care (MOTHER is due, rule 393) who started care in the year (PrevPerm, 630).
    care_services.mother_status_record(child=kid, is_mother=False, acting_user=workers[0])
    care_services.previous_permanence_record(child=kid, previous_permanence="Z1", acting_user=workers[0])
    Allocation.objects.create(child=kid, team=team, worker=workers[0], started_at=aware(date(2025, 1, 6)),
                              allocated_by=workers[0])

    kid = named["lac_ceased"] = child("LACEND1", sex="M", date_of_birth=date(2014, 9, 9))
    period = date(2025, 12, 1)
    care(kid, period, "S", "V2", "U6", period=period, end=date(2026, 6, 15), rec="E4A")
    CareReview.objects.create(child=kid, review_date=date(2025, 12, 20), participation="PN1")
    # Home to parents and still allocated at 31 March: rules SW12STG2 (episodes for a child who
    # left care) and SW17STG2 (the last one open at 31 March) both hold only then.
    Allocation.objects.create(child=kid, team=team, worker=workers[1], started_at=aware(period),
                              allocated_by=workers[1])

    kid = named["care_leaver"] = child("LEAVER1", date_of_birth=date(2007, 7, 7))
    CareLeaver.objects.create(child=kid, category="former_relevant")
    CareLeaverContact.objects.create(child=kid, birthday=19, contact_date=date(2026, 7, 10), in_touch="YES",
                                     accommodation="D", accommodation_suitable=True, activity="F2")
    return named
