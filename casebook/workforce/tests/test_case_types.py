"""The journey apps' case types, as caseload weighting sees them: each child weighs as its
heaviest open type, built through the apps' real services."""

import datetime
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.child_protection import services as cp
from casebook.child_protection.tests import journey
from casebook.children.models import Child
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.looked_after import services as looked_after
from casebook.looked_after.tests.factories import looked_after as start_care
from casebook.workforce import caseloads, services


def _step_up(child, user):
    """A child in need plan, then a child protection plan: the CIN plan ends on the conference day."""
    journey.cin_plan(child, user, on=datetime.date(2025, 4, 2))
    journey.assessment(child, user)
    discussion = cp.strategy_discussion_record(child=child, held_on=datetime.date(2025, 4, 14), agencies="Police",
                                               s47_decided=True, reasons="Injury", acting_user=user)
    s47 = cp.section47_start(strategy_discussion=discussion, start_date=datetime.date(2025, 4, 14), acting_user=user)
    cp.initial_conference_record(section47=s47, kind="initial", held_on=datetime.date(2025, 5, 1), chair="A Chair",
                                 agencies="Police", plan_decided=True, category="EMO", acting_user=user)


@pytest.fixture
def caseload(world):
    """One worker holding one child of each kind, and one with no plan at all."""
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=world.teams["east"])
    today = timezone.localdate()
    kids = {name: ChildFactory(date_of_birth=today - relativedelta(years=years))
            for name, years in [("cp", 6), ("cin", 8), ("cla", 10), ("leaver", 19), ("none", 4), ("cp_and_cin", 7)]}
    for child in kids.values():
        allocate(child, worker)
    journey.cp_plan(kids["cp"], worker)
    journey.cin_plan(kids["cin"], worker)
    start_care(kids["cla"], worker, start=today - datetime.timedelta(days=30))
    looked_after.care_leaver_set(child=kids["leaver"], category="former_relevant", acting_user=worker)
    _step_up(kids["cp_and_cin"], worker)
    return worker, kids


def test_every_journey_app_registers_its_case_type():
    assert {"CP", "CIN", "CLA", "CARE_LEAVER"} <= set(caseloads.registered_case_types())
    assert set(caseloads.registered_case_types()) <= set(caseloads.DEFAULT_WEIGHTS)


def test_each_child_weighs_as_its_case_type(caseload):
    worker, kids = caseload
    types = caseloads.case_types_for(Child.objects.filter(allocated_worker=worker))
    by_name = {name: types.get(child.pk, caseloads.DEFAULT_CASE_TYPE) for name, child in kids.items()}
    assert by_name == {"cp": "CP", "cin": "CIN", "cla": "CLA", "leaver": "CARE_LEAVER", "none": "CIN",
                       "cp_and_cin": "CP"}
    # 1.5 + 1 + 1.25 + 0.75 + 1 + 1.5 with the default weights
    load = caseloads.loads_for_workers([worker.pk])[worker.pk]
    assert (load.children, load.weighted) == (6, Decimal("7.00"))


def test_one_childs_case_type_is_one_query_and_agrees(caseload):
    _worker, kids = caseload
    weights = caseloads.weights()
    for child in kids.values():
        with CaptureQueriesContext(connection) as queries:
            case_type = caseloads.case_type_of(child.pk, weight_of=weights)
        assert len(queries) == 1
        assert case_type == caseloads.case_types_for(Child.objects.filter(pk=child.pk)).get(
            child.pk, caseloads.DEFAULT_CASE_TYPE)


def test_a_child_of_two_open_types_weighs_as_the_heavier(caseload, settings):
    worker, kids = caseload
    child = kids["cp"]
    start_care(child, worker, start=timezone.localdate() - datetime.timedelta(days=10))  # on a plan and in care
    one = Child.objects.filter(pk=child.pk)
    assert caseloads.case_types_for(one) == {child.pk: "CP"}  # 1.5 over 1.25
    assert caseloads.case_type_of(child.pk) == "CP"
    settings.CASEBOOK = {**settings.CASEBOOK, "CASELOAD_WEIGHTS": {"CLA": 3}}
    assert caseloads.case_types_for(one) == {child.pk: "CLA"}
    assert caseloads.case_type_of(child.pk) == "CLA"


def test_a_closed_plan_does_not_count(caseload, settings):
    _worker, kids = caseload
    settings.CASEBOOK = {**settings.CASEBOOK, "CASELOAD_WEIGHTS": {"CIN": 3}}  # CIN now heavier than CP
    one = Child.objects.filter(pk=kids["cp_and_cin"].pk)
    assert caseloads.case_types_for(one) == {kids["cp_and_cin"].pk: "CP"}  # its CIN plan ended at the step-up


def test_a_care_leaver_still_in_care_weighs_as_looked_after(world):
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=world.teams["care"])
    child = ChildFactory(date_of_birth=timezone.localdate() - relativedelta(years=16, months=2))
    start_care(child, worker, start=timezone.localdate() - datetime.timedelta(days=400))
    looked_after.care_leaver_set(child=child, category="eligible", acting_user=worker)
    assert caseloads.case_types_for(Child.objects.filter(pk=child.pk)) == {child.pk: "CLA"}


def test_the_allocation_warning_uses_the_child_case_type(caseload):
    worker, _kids = caseload
    # 7 weighted now; a CP child (1.5) more is 8.5; cap 8 on a 0.45 FTE case holder would be 8.1.
    services.worker_profile_save(user=worker, acting_user=worker, census_role="case_holder", fte=Decimal("0.45"),
                                 started_on=datetime.date(2024, 1, 8))
    assert services.allocation_warnings(worker=worker, case_type="CIN") == []  # 8 <= 8.1
    assert services.allocation_warnings(worker=worker, case_type="CP") != []  # 8.5 > 8.1


def test_caseloads_cost_two_queries_whatever_the_caseload_or_the_case_types(caseload):
    worker, _kids = caseload
    with CaptureQueriesContext(connection) as queries:
        caseloads.loads_for_workers([worker.pk])
    assert caseloads.registered_case_types() == ["CARE_LEAVER", "CIN", "CLA", "CP"]
    assert len(queries) == 2  # the weights settings, and one aggregate (each case type a subquery in it)
