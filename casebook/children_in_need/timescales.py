"""Child in need timescales (registered from ChildrenInNeedConfig.ready()). There is no national
interval for CIN reviews or visits, so both are local settings with common defaults."""

from django.conf import settings

from casebook.clocks.timescales import Timescale, Unit, register

CIN_REVIEW = "cin_review_interval"
CIN_VISIT = "cin_visit_20wd"
PLAN_CLOCKS = (CIN_REVIEW, CIN_VISIT)

register(
    Timescale(CIN_REVIEW, "Child in need plan review", settings.CASEBOOK.get("CIN_REVIEW_INTERVAL_MONTHS", 3),
              Unit.MONTHS, "Local procedure: child in need plans reviewed at least every 3 months "
              "(setting CIN_REVIEW_INTERVAL_MONTHS)", statutory=False),
    Timescale(CIN_VISIT, "Child in need visit", settings.CASEBOOK.get("CIN_VISIT_WORKING_DAYS", 20),
              Unit.WORKING_DAYS, "Local standard: a child in need is seen at least every 20 working days "
              "(setting CIN_VISIT_WORKING_DAYS)", statutory=False),
)
