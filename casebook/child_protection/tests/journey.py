"""Building a child's statutory journey through the real services, for tests and access samples."""

from datetime import date

from casebook.assessments.services import assessment_start
from casebook.child_protection import services as cp
from casebook.children_in_need import services as cin
from casebook.episodes.services import referral_record


def referral(child, user, on=date(2025, 4, 1), primary_need="N1"):
    return referral_record(child=child, referral_date=on, source="2A", primary_need=primary_need, acting_user=user)


def assessment(child, user, on=date(2025, 4, 2)):
    return assessment_start(child=child, start_date=on, acting_user=user)


def section47(child, user, discussion_on=date(2025, 4, 14), referral_on=date(2025, 4, 1)):
    referral(child, user, on=referral_on)
    assessment(child, user, on=referral_on)
    discussion = cp.strategy_discussion_record(child=child, held_on=discussion_on, agencies="Police, health, school",
                                               s47_decided=True, reasons="Injury to a non-mobile baby",
                                               acting_user=user)
    return cp.section47_start(strategy_discussion=discussion, start_date=discussion_on, acting_user=user)


def cp_plan(child, user, icpc_on=date(2025, 5, 6), category="NEG", **kwargs):
    s47 = section47(child, user, **kwargs)
    conference = cp.initial_conference_record(section47=s47, kind="initial", held_on=icpc_on, chair="A Chair",
                                              agencies="Police, health", plan_decided=True, category=category,
                                              acting_user=user)
    return conference.plan


def cin_plan(child, user, on=date(2025, 5, 1)):
    referral(child, user)
    return cin.cin_plan_start(child=child, start_date=on, acting_user=user)
