"""The issue's journey: a social worker builds a CP plan with two goals, is stopped from finalising
while a goal lacks a measure, fixes it, records a visit with the child's words linked to a goal,
holds a review with scores, and sees the score chart and its table; the child's voice page shows
the words. Every page on the way is checked with axe."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casebook.child_protection.tests import journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name, d: date):
    page.fill(f"#id_{name}-day", str(d.day))
    page.fill(f"#id_{name}-month", str(d.month))
    page.fill(f"#id_{name}-year", str(d.year))


def _goal(page, outcome, measure, target, owner):
    page.fill("#id_outcome", outcome)
    page.fill("#id_measure", measure)
    _date(page, "target_date", target)
    page.fill("#id_owner", owner)
    page.click("button:has-text('Save goal')")


def test_plan_visit_review_and_voice_journey(page, sign_in_as, accessible, world):
    child, worker = world.child, world["allocated_worker"]
    journey.cp_plan(child, worker)
    today = timezone.localdate()
    target = today + timedelta(days=90)
    sign_in_as(worker)

    page.goto(f"/children/{child.casebook_id}/plans/")
    accessible(page)
    page.click("button:has-text('Set goals')")
    accessible(page)

    page.click("text=Add a goal")
    accessible(page)
    page.click("button:has-text('Save goal')")
    assert "Enter what will be different for the child" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    accessible(page)
    _goal(page, "Jordan sleeps in a clean, warm bed every night", "Bedroom seen at every visit", target,
          "Mum, with the family support worker")
    page.click("text=Add a goal")
    _goal(page, "Jordan feels safe when dad visits", "", target, "Social worker")
    assert "Goal 2 needs how we will know (the measure)" in page.locator("#plan-gaps").inner_text()

    page.click("text=Finalise the plan")
    page.click("button:has-text('Finalise the plan')")
    assert "Goal 2 needs how we will know (the measure)" in page.locator("#finalise-gaps").inner_text()
    accessible(page)
    page.click("text=Back to the plan")
    page.click("#goal-2 >> text=Change")
    accessible(page)
    page.fill("#id_measure", "Jordan tells us he feels safe, and the contact notes agree")
    page.click("button:has-text('Save goal')")
    page.click("text=Finalise the plan")
    page.click("button:has-text('Finalise the plan')")
    assert "Finalised on" in page.locator("#plan-status").inner_text()
    plan_url = page.url

    page.goto(f"/children/{child.casebook_id}/visits/")
    accessible(page)
    page.click("text=Record a visit")
    accessible(page)
    _date(page, "visited_on", today)
    assert page.is_checked("input[name=kind][value=cp]")  # the child's current plan
    page.check("#id_seen")
    page.check("#id_seen_alone")
    page.check("#id_bedroom_seen")
    page.fill("#id_wishes_and_feelings", "I get scared when dad shouts at the door")
    page.select_option("#id_goal", label="Child protection plan: Jordan feels safe when dad visits")
    page.fill("#id_direct_work", "Three houses drawing")
    page.click("button:has-text('Save visit')")
    assert "Visit recorded" in page.content()
    assert "Next statutory visit due" in page.locator("#next-visit").inner_text()

    page.goto(plan_url)
    page.click("text=Review the plan")
    accessible(page)
    _date(page, "held_on", today)
    statuses = page.locator("input[value=progressing]")
    statuses.nth(0).check()
    statuses.nth(1).check()
    scores = page.locator("input[name^=score_]")
    scores.nth(0).fill("11")
    scores.nth(1).fill("3")
    evidence = page.locator("textarea[name^=evidence_]")
    evidence.nth(0).fill("Bed made up with clean sheets at the visit")
    evidence.nth(1).fill("Jordan still scared at the door")
    page.check("input[name=improving][value=yes]")
    page.click("button:has-text('Save review')")
    assert "Score for goal 1 must be a whole number between 0 and 10" in page.locator(".govuk-error-summary").inner_text()
    accessible(page)
    page.locator("input[name^=score_]").nth(0).fill("6")
    page.click("button:has-text('Save review')")

    assert page.locator("#score-chart").is_visible()
    table = page.locator("#score-table").inner_text()
    assert "Goal 1" in table and "6" in table and "3" in table
    assert "I get scared when dad shouts at the door" in page.locator("#goal-2").inner_text()
    accessible(page)

    page.goto(f"/children/{child.casebook_id}/visits/voice/")
    assert "I get scared when dad shouts at the door" in page.locator("#voice-entries").inner_text()
    assert "Jordan feels safe when dad visits" in page.locator("#voice-entries").inner_text()
    accessible(page)

    sign_in_as(world["team_manager"])
    page.goto("/plans/quality/")
    accessible(page)
    assert not page.console_errors
