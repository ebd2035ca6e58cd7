"""The demo's visits are one record each, as the visits service writes them, and move the clocks."""

import re
from datetime import date

import pytest

from casebook.child_protection.models import CPPlan, CPVisit
from casebook.children_in_need.models import CINVisit
from casebook.clocks.models import Clock
from casebook.core import chronology
from casebook.demo import loader
from casebook.looked_after.models import CareVisit
from casebook.visits.models import Visit

TODAY = date(2026, 3, 2)


@pytest.mark.django_db
def test_demo_visits_are_one_record_each_and_move_the_visit_clocks(tmp_path):
    loader.load(children=60, seed=2, today=TODAY, logins_file=tmp_path / "logins.json")
    assert CPVisit.objects.exists() and CINVisit.objects.exists() and CareVisit.objects.exists()
    # Every owning app's visit row has its Visit, and every CP or CIN Visit its owning row.
    for model in (CPVisit, CINVisit, CareVisit):
        assert not model.objects.filter(visit_record__isnull=True).exists(), model.__name__
    assert not Visit.objects.filter(kind="cp", cp_visit__isnull=True).exists()
    assert not Visit.objects.filter(kind="cin", cin_visit__isnull=True).exists()
    assert not Visit.objects.filter(kind="looked_after", care_visit__isnull=True).exists()

    plans = list(CPPlan.objects.filter(end_date__isnull=True, visits__isnull=False).distinct())
    assert plans
    overdue = 0
    for plan in plans:
        last = plan.visits.order_by("-visited_on").first()
        [open_clock] = Clock.objects.filter(child=plan.child, item="cp_visit_10wd", completed_on__isnull=True,
                                            cancelled=False)
        assert open_clock.started_on == last.visited_on and open_clock.source == f"child_protection.cpvisit:{last.pk}"
        done = Clock.objects.filter(child=plan.child, item="cp_visit_10wd", completed_on__isnull=False)
        assert done.count() == plan.visits.count()
        overdue += open_clock.due_on < TODAY
    assert 0 < overdue < len(plans)  # most visited on time, some lapsed

    child = plans[0].child
    visit_entries = [e for e in chronology.entries_for(child) if e.kind == "visit"]
    # One chronology entry per visit of any kind; the child's CP visits are each one Visit.
    assert len(visit_entries) == Visit.objects.filter(child=child).count()
    assert Visit.objects.filter(child=child, kind="cp").count() == CPVisit.objects.filter(plan__child=child).count()
    # No other source describes a visit (a "health visitor" referral source is not a visit).
    assert not [e for e in chronology.entries_for(child) if re.search(r"\bvisit\b", e.title.lower())
                and e.kind != "visit"]
