"""Recording visits: the owning app's visit clock moves, bad input saves nothing, and the voice flags.

The clock cases carry over the intent of the CP, CIN and looked-after apps' own visit tests: a CP
child seen every 10 working days, a CIN child every 20, a looked-after child 6 weeks then 3 months."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from casebook.child_protection.models import CPVisit
from casebook.child_protection.tests import journey
from casebook.children_in_need.models import CINVisit
from casebook.clocks.models import Clock
from casebook.plans import services as plans
from casebook.visits import selectors, services
from casebook.visits.models import Visit

pytestmark = pytest.mark.django_db
TODAY = date(2025, 8, 1)


def _open_clock(child, item):
    return Clock.objects.get(child=child, item=item, completed_on__isnull=True, cancelled=False)


@time_machine.travel(TODAY)
def test_a_cp_visit_completes_the_due_clock_and_starts_the_next_at_10_working_days(world):
    user = world["allocated_worker"]
    journey.cp_plan(world.child, user)  # ICPC Tuesday 6 May 2025: visit due 20 May
    assert _open_clock(world.child, "cp_visit_10wd").due_on == date(2025, 5, 20)
    visit = services.visit_record(child=world.child, visited_on=date(2025, 5, 9), kind="cp", seen=True,
                                  seen_alone=True, bedroom_seen=True, wishes_and_feelings="I like my new bed",
                                  acting_user=user)
    assert visit.cp_visit == CPVisit.objects.get() and visit.cp_visit.bedroom_seen
    assert _open_clock(world.child, "cp_visit_10wd").due_on == date(2025, 5, 23)


@time_machine.travel(TODAY)
def test_a_visit_where_the_child_was_not_seen_leaves_the_cp_clock_running(world):
    user = world["allocated_worker"]
    journey.cp_plan(world.child, user)
    services.visit_record(child=world.child, visited_on=date(2025, 5, 9), kind="cp", acting_user=user)
    assert _open_clock(world.child, "cp_visit_10wd").due_on == date(2025, 5, 20)


@time_machine.travel(TODAY)
def test_a_cin_visit_moves_the_20_working_day_clock(world):
    user = world["allocated_worker"]
    journey.cin_plan(world.child, user)
    services.visit_record(child=world.child, visited_on=date(2025, 8, 1), kind="cin", seen=True, acting_user=user)
    # 20 working days from Friday 1 August 2025, skipping the August bank holiday: 1 September.
    assert _open_clock(world.child, "cin_visit_20wd").due_on == date(2025, 9, 1)


def test_a_looked_after_visit_moves_the_statutory_visit_clock(world):
    from casebook.looked_after import services as la

    user = world["allocated_worker"]
    with time_machine.travel(date(2025, 2, 1)):
        la.episode_start(child=world.child, start_date=date(2025, 1, 6), reason_new_episode="S", legal_status="C2",
                         category_of_need="N1", placement_type="U1", placement_provider="PR1",
                         placement_postcode="LS1 1AA", home_postcode="LS2 2BB", acting_user=user)
        services.visit_record(child=world.child, visited_on=date(2025, 1, 10), kind="looked_after", seen=True,
                              seen_alone=True, acting_user=user)
    assert _open_clock(world.child, "lac_visit_first_year").due_on == date(2025, 2, 21)  # 6 weeks


@time_machine.travel(TODAY)
@pytest.mark.parametrize("kwargs, field, message", [
    ({"visited_on": date(2025, 8, 2)}, "visited_on", "Date of the visit must be today or in the past"),
    ({"visited_on": date(2009, 1, 1)}, "visited_on", "Date of the visit must be on or after the child's date of birth"),
    ({"seen": False, "seen_alone": True}, "seen_alone", "Select 'Child seen' as well if the child was seen alone"),
    ({"kind": "cp"}, "kind", "The child was not on a child protection plan on that date"),
])
def test_bad_visits_are_refused_and_nothing_is_saved(world, kwargs, field, message):
    world.child.date_of_birth = date(2015, 3, 1)
    world.child.save()
    args = {"child": world.child, "visited_on": date(2025, 7, 1), "kind": "other", "seen": True,
            "acting_user": world["allocated_worker"], **kwargs}
    with pytest.raises(ValidationError) as error:
        services.visit_record(**args)
    assert error.value.message_dict[field][0].startswith(message)
    assert not Visit.objects.exists() and not CPVisit.objects.exists()


@time_machine.travel(TODAY)
def test_a_cp_visit_before_the_plan_is_refused_by_the_cp_service_and_saves_nothing(world):
    user = world["allocated_worker"]
    journey.cp_plan(world.child, user)  # ICPC 6 May 2025
    with pytest.raises(ValidationError) as error:
        services.visit_record(child=world.child, visited_on=date(2025, 4, 1), kind="cp", seen=True, acting_user=user)
    assert error.value.message_dict == {
        "visited_on": ["Date of the visit must be on or after the start of the plan (6 May 2025)"]}
    assert not Visit.objects.exists() and not CPVisit.objects.exists()
    assert _open_clock(world.child, "cp_visit_10wd").due_on == date(2025, 5, 20)


@time_machine.travel(TODAY)
def test_the_childs_words_and_an_action_link_to_a_plan_goal(world):
    user = world["allocated_worker"]
    plan = plans.plan_for_record(kind="cp", record=journey.cp_plan(world.child, user), acting_user=user)
    goal = plans.goal_add(plan=plan, outcome="Jordan feels safe at home", acting_user=user)
    visit = services.visit_record(child=world.child, visited_on=date(2025, 7, 1), kind="cp", seen=True,
                                  wishes_and_feelings="I don't like the shouting", goal=goal,
                                  action="Talk to mum about the shouting", action_goal=goal, acting_user=user)
    assert list(goal.informed_by_visits.all()) == [visit]
    assert visit.actions.get().goal == goal
    [entry] = selectors.voice_entries(world.child)
    assert entry.words == "I don't like the shouting" and entry.goal == goal


# ---- voice flags ---------------------------------------------------------------------------

def _visit(world, on, *, words="", alone=False):
    return Visit.objects.create(child=world.child, visited_on=on, kind="other", seen=True, seen_alone=alone,
                                wishes_and_feelings=words)


def test_a_child_on_no_plan_is_never_flagged(world):
    assert selectors.voice_flags(world.child, today=TODAY) == []


@time_machine.travel(TODAY)
def test_voice_flags_for_a_child_on_a_plan(world, settings):
    settings.CASEBOOK = {**settings.CASEBOOK, "VOICE_LAST_VISITS": 3, "VOICE_WEEKS": 8}
    journey.cin_plan(world.child, world["allocated_worker"])
    assert selectors.voice_flags(world.child, today=TODAY) == [
        "No visits recorded: the child's wishes and feelings have not been recorded in the last 8 weeks",
        "The child has not been seen alone"]
    _visit(world, date(2025, 5, 1), words="I miss my dad", alone=True)  # 13 weeks ago
    for day in (1, 8, 15):
        _visit(world, date(2025, 7, day))
    assert selectors.voice_flags(world.child, today=TODAY) == [
        "No wishes and feelings recorded at the last 3 visits",
        "No wishes and feelings recorded at a visit in the last 8 weeks",
        "The child has not been seen alone at the last 3 visits"]
    _visit(world, date(2025, 7, 22), words="School is OK", alone=True)
    assert selectors.voice_flags(world.child, today=TODAY) == []


@time_machine.travel(TODAY)
def test_voice_weeks_come_from_settings(world, settings):
    settings.CASEBOOK = {**settings.CASEBOOK, "VOICE_LAST_VISITS": 1, "VOICE_WEEKS": 2}
    journey.cin_plan(world.child, world["allocated_worker"])
    _visit(world, date(2025, 7, 1), words="Fine", alone=True)
    assert selectors.voice_flags(world.child, today=TODAY) == ["No wishes and feelings recorded at a visit in the last 2 weeks"]



@time_machine.travel(TODAY)
def test_voice_flags_after_one_visit_say_the_last_visit(world, settings):
    settings.CASEBOOK = {**settings.CASEBOOK, "VOICE_LAST_VISITS": 3, "VOICE_WEEKS": 8}
    journey.cin_plan(world.child, world["allocated_worker"])
    _visit(world, date(2025, 7, 15))
    assert selectors.voice_flags(world.child, today=TODAY) == [
        "No wishes and feelings recorded at the last visit",
        "No wishes and feelings recorded at a visit in the last 8 weeks",
        "The child has not been seen alone at the last visit"]


# ---- pages ---------------------------------------------------------------------------------

@time_machine.travel(TODAY)
def test_visit_page_shows_gov_uk_errors(client, world):
    client.force_login(world["allocated_worker"])
    url = reverse("visits:add", args=[world.child.casebook_id])
    body = client.post(url, {"visited_on-day": "2", "visited_on-month": "8", "visited_on-year": "2025",
                             "kind": "other", "seen_alone": "on"}).content.decode()
    assert "Date of the visit must be today or in the past" in body
    assert "Select &#x27;Child seen&#x27; as well if the child was seen alone" in body
    body = client.post(url, {"kind": "other"}).content.decode()
    assert "Enter the date of the visit" in body
    assert not Visit.objects.exists()


@time_machine.travel(TODAY)
def test_visit_page_records_a_visit_and_the_voice_page_shows_it(client, world):
    client.force_login(world["allocated_worker"])
    response = client.post(reverse("visits:add", args=[world.child.casebook_id]), {
        "visited_on-day": "1", "visited_on-month": "8", "visited_on-year": "2025", "kind": "other", "seen": "on",
        "wishes_and_feelings": "I want to play football"})
    assert response.status_code == 302
    body = client.get(reverse("visits:voice", args=[world.child.casebook_id])).content.decode()
    assert "I want to play football" in body
    body = client.get(reverse("children:chronology", args=[world.child.casebook_id])).content.decode()
    assert "Other visit: child seen; wishes and feelings recorded" in body



@time_machine.travel(TODAY)
def test_the_cp_cin_and_care_pages_link_to_the_one_visit_page(client, world):
    from casebook.children.tests.factories import ChildFactory, allocate
    from casebook.looked_after import services as la

    user, child = world["allocated_worker"], world.child
    client.force_login(user)
    journey.cp_plan(child, user)
    la.episode_start(child=child, start_date=date(2025, 7, 1), reason_new_episode="S", legal_status="C2",
                     category_of_need="N1", placement_type="U1", placement_provider="PR1",
                     placement_postcode="LS1 1AA", home_postcode="LS2 2BB", acting_user=user)
    on_cin = ChildFactory()
    allocate(on_cin, user)
    journey.cin_plan(on_cin, user)
    for name, who in (("child_protection:overview", child), ("looked_after:care", child),
                      ("children_in_need:overview", on_cin)):
        body = client.get(reverse(name, args=[who.casebook_id])).content.decode()
        assert f'href="{reverse("visits:add", args=[who.casebook_id])}"' in body, name
        assert "/visit/" not in body and "/care/visits/add/" not in body, name


@time_machine.travel(TODAY)
def test_cin_visit_page_errors_save_nothing_and_leave_the_clock(client, world):
    # Moved from the child in need app when its own visit page went: the same rules on the one page.
    user = world["allocated_worker"]
    journey.cin_plan(world.child, user, on=date(2025, 5, 1))
    due = _open_clock(world.child, "cin_visit_20wd").due_on
    client.force_login(user)
    url = reverse("visits:add", args=[world.child.casebook_id])
    day = {"visited_on-day": "30", "visited_on-month": "4", "visited_on-year": "2025", "kind": "cin"}
    body = client.post(url, {**day, "seen_alone": "on"}).content.decode()
    assert "<title>Error: " in body
    assert "Select &#x27;Child seen&#x27; as well if the child was seen alone" in body
    body = client.post(url, {**day, "seen": "on"}).content.decode()
    assert "Date of the visit must be on or after the start of the plan (1 May 2025)" in body
    body = client.post(url, {**day, "visited_on-month": "13", "seen": "on"}).content.decode()
    assert "<title>Error: " in body
    assert not Visit.objects.exists() and not CINVisit.objects.exists()
    assert _open_clock(world.child, "cin_visit_20wd").due_on == due


def test_a_looked_after_visit_before_care_began_is_refused_on_the_date(client, world):
    from casebook.looked_after import services as la
    from casebook.looked_after.models import CareVisit

    user = world["allocated_worker"]
    client.force_login(user)
    with time_machine.travel(date(2025, 2, 1)):
        la.episode_start(child=world.child, start_date=date(2025, 1, 6), reason_new_episode="S", legal_status="C2",
                         category_of_need="N1", placement_type="U1", placement_provider="PR1",
                         placement_postcode="LS1 1AA", home_postcode="LS2 2BB", acting_user=user)
        body = client.post(reverse("visits:add", args=[world.child.casebook_id]), {
            "visited_on-day": "3", "visited_on-month": "1", "visited_on-year": "2025", "kind": "looked_after",
            "seen": "on"}).content.decode()
    assert "Date of the visit must be on or after the child became looked after (6 January 2025)" in body
    assert not Visit.objects.exists() and not CareVisit.objects.exists()
    assert _open_clock(world.child, "lac_visit_after_placement").due_on == date(2025, 1, 13)


@pytest.mark.parametrize("name", ["child_protection:visit-add", "children_in_need:visit-add", "looked_after:visit-add"])
def test_the_old_visit_pages_are_gone(name):
    with pytest.raises(NoReverseMatch):
        reverse(name, kwargs={"child_id": "X", "plan_id": 1})


@time_machine.travel(TODAY)
def test_visit_list_query_count_does_not_grow_with_visits_and_actions(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = world["allocated_worker"]
    plan = plans.plan_for_record(kind="cp", record=journey.cp_plan(world.child, user), acting_user=user)
    goal = plans.goal_add(plan=plan, outcome="Jordan feels safe at home", acting_user=user)

    def visit(day):
        services.visit_record(child=world.child, visited_on=date(2025, 7, day), kind="cp", seen=True,
                              wishes_and_feelings=f"Words {day}", goal=goal, action=f"Action {day}",
                              action_goal=goal, acting_user=user)

    visit(1)
    client.force_login(user)
    url = reverse("visits:list", args=[world.child.casebook_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for day in (2, 3, 4):
        visit(day)
    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()
    assert "Action 4" in body or "Words 4" in body
    assert len(four) == len(one), [q["sql"][:120] for q in four.captured_queries]


AFTERNOON = datetime(2025, 8, 1, 15, 0, tzinfo=ZoneInfo("Europe/London"))


@time_machine.travel(AFTERNOON)
def test_visit_form_shows_the_plan_first_and_takes_a_time(client, world):
    import re

    user = world["allocated_worker"]
    journey.cin_plan(world.child, user)
    client.force_login(user)
    url = reverse("visits:add", args=[world.child.casebook_id])
    body = client.get(url).content.decode()
    # Back link at the top, before the form; the plan the visit counts towards shown up front.
    assert body.index('class="govuk-back-link"') < body.index('name="visited_on-day"')
    assert ">Back</a></p>" not in body
    assert re.search(r"Counts towards</dt>\s*<dd[^>]*>Child in need plan since [^:<]+: choose "
                     r"&#x27;Child in need visit&#x27;", body)
    assert 'name="visited_at"' in body
    later = client.post(url, {"visited_on-day": "1", "visited_on-month": "8", "visited_on-year": "2025",
                              "visited_at": "4.30pm", "kind": "cin", "seen": "on"}).content.decode()
    assert "Time of the visit must be now or in the past" in later and not Visit.objects.exists()
    bad = client.post(url, {"visited_on-day": "1", "visited_on-month": "8", "visited_on-year": "2025",
                            "visited_at": "25:00", "kind": "cin", "seen": "on"}).content.decode()
    assert "Enter time of the visit like 14:30 or 9.30am" in bad and not Visit.objects.exists()
    response = client.post(url, {"visited_on-day": "1", "visited_on-month": "8", "visited_on-year": "2025",
                                 "visited_at": "9.30am", "kind": "cin", "seen": "on"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.visited_at == time(9, 30) and visit.cin_visit is not None
    assert "Child in need visit on 1 August 2025 at 09:30" in client.get(response.url).content.decode()


@time_machine.travel(TODAY)
def test_visit_form_for_a_child_on_no_plan_says_other_visit(client, world):
    client.force_login(world["allocated_worker"])
    body = client.get(reverse("visits:add", args=[world.child.casebook_id])).content.decode()
    assert "No current plan: choose &#x27;Other visit&#x27;" in body
