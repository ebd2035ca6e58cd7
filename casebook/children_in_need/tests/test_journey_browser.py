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
    page.get_by_role("link", name="Start an assessment").click()
    accessible(page)
    _date(page, "start_date", 2, 4, 2025)
    page.get_by_role("button", name="Start assessment").click()
    # 45 working days from the referral on 1/4/2025, past Easter, 5 May and 26 May: 9 June 2025.
    assert "9 June 2025 (45 working days from the referral)" in page.content()
    accessible(page)
    page.check("input[name=factors][value='16A']")
    page.check("input[name=outcome][value='strategy_discussion']")
    _date(page, "authorised_on", 9, 6, 2025)
    page.get_by_role("button", name="Save assessment").click()
    assert "Assessment saved" in page.content()

    page.goto(f"{base}/child-protection/")
    accessible(page)
    page.get_by_role("link", name="Record a strategy discussion").click()
    accessible(page)
    _date(page, "held_on", 14, 4, 2025)
    page.fill("[name=agencies]", "Police, health visitor, nursery")
    page.check("#id_s47_decided_0")
    page.fill("[name=reasons]", "Bruising seen at nursery")
    page.get_by_role("button", name="Save strategy discussion").click()
    page.get_by_role("link", name="Start the section 47 enquiry").click()
    accessible(page)
    _date(page, "start_date", 14, 4, 2025)
    page.get_by_role("button", name="Start enquiry").click()
    # 15 working days from Monday 14/4/2025, skipping 18/4, 21/4 and 5/5: Thursday 8 May 2025.
    assert page.locator(".icpc-due").inner_text() == "8 May 2025"
    page.goto(f"{base}/")
    assert "Initial child protection conference" in _clocks(page) and "8 May 2025" in _clocks(page)
    accessible(page)

    page.goto(f"{base}/child-protection/")
    page.get_by_role("link", name="Record the initial conference").click()
    accessible(page)
    _date(page, "held_on", 1, 5, 2025)
    page.fill("[name=chair]", "Priya Shah")
    page.fill("[name=agencies]", "Police, health visitor")
    page.check("#id_plan_decided_0")
    page.check("input[name=category][value='NEG']")
    page.get_by_role("button", name="Save conference").click()
    assert "child protection plan started" in page.content()
    page.goto(f"{base}/")
    clocks = _clocks(page)
    # Core group and visit: 10 working days from Thursday 1/5/2025, skipping 5/5: 16 May 2025.
    assert "First core group meeting" in clocks and clocks.count("16 May 2025") == 2
    assert "First review conference" in clocks and "1 August 2025" in clocks  # 3 calendar months

    page.goto(f"{base}/child-protection/")
    page.get_by_role("link", name="Record a review conference").click()
    accessible(page)
    _date(page, "held_on", 31, 7, 2025)
    page.fill("[name=chair]", "Priya Shah")
    page.fill("[name=agencies]", "Police, school")
    page.check("#id_plan_continues_1")
    page.check("input[name=end_reason][value='no_longer_at_risk']")
    page.check("#id_step_down_to_cin")
    page.get_by_role("button", name="Save review").click()
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
    page.get_by_role("link", name="End the plan").click()
    accessible(page)
    _date(page, "end_date", 3, 11, 2025)
    page.get_by_role("button", name="End plan").click()
    page.get_by_role("link", name="Close the episode of need").click()
    accessible(page)
    _date(page, "closure_date", 3, 11, 2025)
    page.check("input[name=closure_reason][value='RC7']")
    page.get_by_role("button", name="Close episode").click()
    assert "Episode of need closed" in page.content()
    accessible(page)
    page.goto(f"{base}/")
    assert "No open statutory items" in page.content()
    page.get_by_text("Items met and missed").click()
    done = page.locator("#done-clocks").inner_text()
    assert "Initial child protection conference\t8 May 2025\t1 May 2025\tMet" in done
    assert "Child and family assessment\t9 June 2025\t9 June 2025\tMet" in done
    assert "First core group meeting\t16 May 2025\tNot needed\tCancelled" in done
