"""One child through referral, assessment, strategy discussion, s47, ICPC, CP plan, review,
step-down to CIN and closure, in a browser. Due dates are checked against dates counted by hand
around Easter 2025 (Good Friday 18/4, Easter Monday 21/4), the early May (5/5) and the August
(25/8) bank holidays."""

from datetime import date

import pytest

from casebook.child_protection.tests import journey


def _date(page, name, day, month, year):
    page.fill(f"[name='{name}-day']", str(day))
    page.fill(f"[name='{name}-month']", str(month))
    page.fill(f"[name='{name}-year']", str(year))


def _submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _follow(page, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name).click()


def _clocks(page) -> str:
    return page.locator("#open-clocks").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_statutory_journey(page, sign_in_as, accessible, world):
    child, worker = world.child, world["allocated_worker"]
    journey.referral(child, worker, on=date(2025, 4, 1))
    sign_in_as(worker)
    base = f"/children/{child.casebook_id}"

    page.goto(f"{base}/assessments/")
    accessible(page)
    _follow(page, "Start an assessment")
    accessible(page)
    _date(page, "start_date", 2, 4, 2025)
    _submit(page, "Start assessment")
    # 45 working days from the referral on 1/4/2025, past Easter, 5 May and 26 May: 9 June 2025.
    assert "9 June 2025 (45 working days from the referral)" in page.content()
    accessible(page)
    page.check("input[name=factors][value='16A']")
    page.check("input[name=outcome][value='strategy_discussion']")
    _date(page, "authorised_on", 9, 6, 2025)
    _submit(page, "Save assessment")
    assert "Assessment saved" in page.content()

    page.goto(f"{base}/child-protection/")
    accessible(page)
    _follow(page, "Record a strategy discussion")
    accessible(page)
    _date(page, "held_on", 14, 4, 2025)
    page.fill("[name=agencies]", "Police, health visitor, nursery")
    page.check("#id_s47_decided_0")
    page.fill("[name=reasons]", "Bruising seen at nursery")
    _submit(page, "Save strategy discussion")
    _follow(page, "Start the section 47 enquiry")
    accessible(page)
    _date(page, "start_date", 14, 4, 2025)
    _submit(page, "Start enquiry")
    # 15 working days from Monday 14/4/2025, skipping 18/4, 21/4 and 5/5: Thursday 8 May 2025.
    assert page.locator(".icpc-due").inner_text() == "8 May 2025"
    page.goto(f"{base}/")
    assert "Initial child protection conference" in _clocks(page) and "8 May 2025" in _clocks(page)
    accessible(page)

    page.goto(f"{base}/child-protection/")
    _follow(page, "Record the initial conference")
    accessible(page)
    _date(page, "held_on", 1, 5, 2025)
    page.fill("[name=chair]", "Priya Shah")
    page.fill("[name=agencies]", "Police, health visitor")
    page.check("#id_plan_decided_0")
    page.check("input[name=category][value='NEG']")
    _submit(page, "Save conference")
    assert "child protection plan started" in page.content()
    page.goto(f"{base}/")
    clocks = _clocks(page)
    # Core group and visit: 10 working days from Thursday 1/5/2025, skipping 5/5: 16 May 2025.
    assert "First core group meeting" in clocks and clocks.count("16 May 2025") == 2
    assert "First review conference" in clocks and "1 August 2025" in clocks  # 3 calendar months

    page.goto(f"{base}/child-protection/")
    _follow(page, "Record a review conference")
    accessible(page)
    _date(page, "held_on", 31, 7, 2025)
    page.fill("[name=chair]", "Priya Shah")
    page.fill("[name=agencies]", "Police, school")
    page.check("#id_plan_continues_1")
    page.check("input[name=end_reason][value='no_longer_at_risk']")
    page.check("#id_step_down_to_cin")
    _submit(page, "Save review")
    assert "Review conference recorded" in page.content()

    page.goto(f"{base}/child-in-need/")
    accessible(page)
    assert "Support continues at least until 31 October 2025" in page.content()
    page.goto(f"{base}/")
    clocks = _clocks(page)
    # CIN visit: 20 working days from 31/7/2025, skipping the August bank holiday (25/8): 29 August 2025.
    assert "Child in need visit" in clocks and "29 August 2025" in clocks
    assert "Child in need plan review" in clocks and "31 October 2025" in clocks
    assert "First core group meeting" not in clocks  # the plan's clocks stopped with it

    page.goto(f"{base}/child-in-need/")
    _follow(page, "End the plan")
    accessible(page)
    _date(page, "end_date", 3, 11, 2025)
    _submit(page, "End plan")
    _follow(page, "Close the episode of need")
    accessible(page)
    _date(page, "closure_date", 3, 11, 2025)
    page.check("input[name=closure_reason][value='RC7']")
    _submit(page, "Close episode")
    assert "Episode of need closed" in page.content()
    accessible(page)
    page.goto(f"{base}/")
    assert "No open statutory items" in page.content()
    page.get_by_text("Items met and missed").click()
    done = page.locator("#done-clocks").inner_text()
    assert "Initial child protection conference\t8 May 2025\t1 May 2025\tMet" in done
    assert "Child and family assessment\t9 June 2025\t9 June 2025\tMet" in done
    assert "First core group meeting\t16 May 2025\tNot done\tMissed" in done
