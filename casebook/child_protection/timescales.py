"""Child protection timescales (registered from ChildProtectionConfig.ready()).

National rules come from Working Together to Safeguard Children 2023; core group intervals and
visit frequency have no national number, so they are local settings with common defaults.
"""

from django.conf import settings

from casebook.clocks.timescales import Timescale, Unit, register

ICPC = "icpc_15wd"
FIRST_REVIEW = "cp_first_review_3m"
REVIEW = "cp_review_6m"
CORE_GROUP_FIRST = "core_group_first_10wd"
CORE_GROUP = "core_group_interval"
CP_VISIT = "cp_visit_10wd"
REVIEW_AFTER_BIRTH = "cp_review_after_birth_10wd"

# Every clock that runs only while a plan is open: ended or cancelled with the plan.
PLAN_CLOCKS = (FIRST_REVIEW, REVIEW, CORE_GROUP_FIRST, CORE_GROUP, CP_VISIT, REVIEW_AFTER_BIRTH)

register(
    Timescale(ICPC, "Initial child protection conference", 15, Unit.WORKING_DAYS,
              "Working Together 2023: within 15 working days of the strategy discussion that started the "
              "section 47 enquiry; CIN census rule 8675Q"),
    Timescale(FIRST_REVIEW, "First review conference", 3, Unit.MONTHS,
              "Working Together 2023: first review within 3 months of the initial conference"),
    Timescale(REVIEW, "Review conference", 6, Unit.MONTHS,
              "Working Together 2023: further reviews at intervals of no more than 6 months"),
    Timescale(CORE_GROUP_FIRST, "First core group meeting", 10, Unit.WORKING_DAYS,
              "Working Together 2023: first core group within 10 working days of the initial conference"),
    Timescale(CORE_GROUP, "Core group meeting", settings.CASEBOOK.get("CORE_GROUP_INTERVAL_WEEKS", 6), Unit.WEEKS,
              "Local procedure: core groups at least every 6 weeks (setting CORE_GROUP_INTERVAL_WEEKS)",
              statutory=False),
    Timescale(CP_VISIT, "Child protection visit", settings.CASEBOOK.get("CP_VISIT_WORKING_DAYS", 10),
              Unit.WORKING_DAYS,
              "Local standard: a child on a plan is seen at least every 10 working days "
              "(setting CP_VISIT_WORKING_DAYS)", statutory=False),
    # Working Together 2023 gives a pre-birth plan the same review timescales as any other plan;
    # the review after the birth is set by local procedures, which differ: Tees 10 working days of
    # the birth or 3 months, whichever is sooner; Liverpool 20 working days, whichever is sooner;
    # London a review conference or core group within 10 days; Cheshire East within 4 weeks.
    Timescale(REVIEW_AFTER_BIRTH, "First review conference after the birth", 10, Unit.WORKING_DAYS,
              "Local procedure (Tees child protection procedures): after a pre-birth initial conference, the "
              "first review within 10 working days of the birth or 3 months of the conference, whichever is "
              "sooner. Other areas set 20 working days (TIMESCALE_OVERRIDES)", statutory=False),
)
