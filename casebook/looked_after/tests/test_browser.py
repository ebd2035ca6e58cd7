"""The issue's journey: V2, a placement move, C2, missing twice (the second interview offered
late, shown overdue in hours), with due dates checked against dates worked out by hand."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name, d: date):
    page.fill(f"#id_{name}-day", str(d.day))
    page.fill(f"#id_{name}-month", str(d.month))
    page.fill(f"#id_{name}-year", str(d.year))


def _moment(page, prefix, when):
    when = timezone.localtime(when)
    _date(page, f"{prefix}_on", when.date())
    page.fill(f"#id_{prefix}_time", when.strftime("%H:%M"))


def _due(page, item):
    return page.locator(f"#care-clocks tr[data-item={item}] td").nth(1).inner_text()


def test_looked_after_journey(page, sign_in_as, accessible, world):
    child, worker = world.child, world["allocated_worker"]
    sign_in_as(worker)
    base = f"/children/{child.casebook_id}/care/"
    page.goto(base)
    accessible(page)

    # Becomes looked after under section 20 on Monday 6 January 2025.
    page.click("text=Record that the child is looked after")
    accessible(page)
    _date(page, "start_date", date(2025, 1, 6))
    page.select_option("#id_legal_status", "V2")
    page.select_option("#id_category_of_need", "N1")
    page.select_option("#id_placement_type", "U6")
    page.select_option("#id_placement_provider", "PR1")
    page.fill("#id_carer_name", "Carer A")
    page.fill("#id_placement_postcode", "SW1A 2AA")
    page.check("input[name=reason_new_episode][value=L]")  # wrong: the rule is named
    page.click("button:has-text('Save episode')")
    assert "Reason for new episode must be S, not L" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")
    accessible(page)
    page.check("input[name=reason_new_episode][value=S]")
    page.click("button:has-text('Save episode')")
    assert "Looked after since 6 January 2025" in page.locator("#care-status").inner_text()
    assert _due(page, "lac_care_plan") == "20 January 2025"  # 10 working days
    assert _due(page, "lac_review_first") == "3 February 2025"  # 20 working days
    assert _due(page, "lac_visit_after_placement") == "13 January 2025"  # 1 week

    # The care page's link goes to the one visit page, which records the statutory visit.
    page.click("text=Record a statutory visit")
    accessible(page)
    assert page.is_checked("input[name=kind][value=looked_after]")
    _date(page, "visited_on", date(2025, 1, 10))
    page.check("#id_seen")
    page.check("#id_seen_alone")
    page.click("button:has-text('Save visit')")
    assert "Looked-after statutory visit on 10 January 2025" in page.content()
    page.goto(base)
    assert _due(page, "lac_visit_first_year") == "21 February 2025"  # 6 weeks after the visit
    assert "10 January 2025 (seen alone)" in page.locator("#visits").inner_text()

    page.click("text=Record a looked-after review")
    accessible(page)
    _date(page, "review_date", date(2025, 1, 31))
    page.select_option("#id_participation", "PN1")
    page.click("button:has-text('Save review')")
    assert _due(page, "lac_review_second") == "30 April 2025"  # 3 months after the first

    # Moves placement on 3 February 2025.
    page.click("text=Record a change of legal status or placement")
    _date(page, "start_date", date(2025, 2, 3))
    page.select_option("#id_placement_type", "U4")
    page.fill("#id_carer_name", "Carer B")
    page.select_option("#id_reason_place_change", "CARPL")
    page.check("input[name=reason_new_episode][value=P]")
    page.click("button:has-text('Save episode')")
    assert _due(page, "lac_visit_after_placement") == "10 February 2025"  # a week after the new placement

    # Legal status changes to a full care order on 3 March 2025.
    page.click("text=Record a change of legal status or placement")
    _date(page, "start_date", date(2025, 3, 3))
    page.select_option("#id_legal_status", "C2")
    page.check("input[name=reason_new_episode][value=L]")
    page.click("button:has-text('Save episode')")
    assert ("legal status C2: full care order; placement U4: foster placement with other foster carer, long term "
            "(Carer B) since 3 February 2025") in page.locator("#care-status").inner_text()
    assert page.locator("#episodes-1 tbody tr").count() == 3
    assert "Previous permanence" in page.locator("#return-items").inner_text()
    accessible(page)
    # Each open item links to the page that records it.
    page.locator("#care-clocks tr[data-item=lac_care_plan] a.next-step").click()
    assert page.locator("h2").filter(has_text="Record the care plan").count() == 1

    for link, heading in (("Record the care plan", "care plan"), ("Record a health assessment or dental check", "health"),
                          ("End the period of care", "End"), ("Social worker episodes", "Social worker"),
                          ("Care leaver details", "Care leaver"), ("Adoption", "Adoption")):
        page.goto(base)
        page.click(f"text={link}")
        accessible(page)
    page.goto(base + "social-workers/")
    page.locator("a:has-text('Record reason')").first.click()
    accessible(page)
    for path in ("leaving/reviews/add/", "leaving/contacts/add/"):
        page.goto(base + path)
        accessible(page)
    # As a care leaver: the page shows what is due next, its reviews and keeping-in-touch contacts.
    from casebook.looked_after import services

    services.care_leaver_set(child=child, category="eligible", personal_adviser_name="Pat Adviser",
                             pathway_plan_on=date(2025, 3, 3), acting_user=worker)
    services.pathway_review_record(child=child, review_date=date(2025, 3, 10), acting_user=worker)
    page.goto(base + "leaving/")
    accessible(page)
    assert "Pathway plan review due by 10 September 2025" in page.locator("#care-leaver-next").inner_text()
    assert "10 March 2025" in page.locator("#pathway-reviews").inner_text()

    # Missing twice.
    now = timezone.now().replace(second=0, microsecond=0)
    episodes = [(now - timedelta(days=10), now - timedelta(days=9), timedelta(hours=20)),
                (now - timedelta(hours=110), now - timedelta(hours=100), timedelta(hours=80))]
    for started, returned, offer_after in episodes:
        page.goto(base + "missing/")
        accessible(page)
        page.click("text=Record a missing episode")
        accessible(page)
        page.check("input[name=kind][value=M]")
        _moment(page, "started", started)
        page.click("button:has-text('Save missing episode')")
        page.locator("a:has-text('Record return')").first.click()
        accessible(page)
        _moment(page, "ended", returned)
        page.fill("#id_where_found", "Town centre")
        page.click("button:has-text('Save return')")
        page.locator("a:has-text('Record interview')").first.click()
        accessible(page)
        _moment(page, "offered", returned + offer_after)
        page.fill("#id_offered_by", "Return interview service")
        page.check("input[name=independent][value=yes]")
        page.fill("#id_why_missing", "Went to see friends")
        page.click("button:has-text('Save interview')")
    # Before the second interview the worker saw the first episode and what was learnt.
    rows = page.locator("#missing-history tbody tr")
    assert "Offered 8 hours late" in rows.nth(0).inner_text()
    assert "Offered within 72 hours" in rows.nth(1).inner_text()
    # On a phone the interview's status and its link are on screen, not scrolled out of sight.
    page.set_viewport_size({"width": 390, "height": 800})
    box = page.locator("#missing-history a:has-text('Update interview')").first.bounding_box()
    assert box["x"] + box["width"] <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("a:has-text('Update interview')").first.click()
    assert "Went to see friends" in page.locator("#previous-missing").inner_text()

    sign_in_as(world["team_manager"])
    page.goto("/looked-after/missing/")
    accessible(page)
    assert "Offered 8 hours late" in page.locator("#missing-list").inner_text()
    late_row = page.locator("#missing-counts .govuk-summary-list__row", has_text="Interviews offered late")
    assert late_row.locator("dd").inner_text() == "1"
    assert not page.console_errors


def test_an_iro_finds_the_reviews_they_chair_from_the_menu(page, sign_in_as, accessible, world):
    from casebook.looked_after import services
    from casebook.looked_after.tests.factories import looked_after

    child, worker, iro = world.child, world["allocated_worker"], world["iro"]
    today = timezone.localdate()
    looked_after(child, worker, start=today - timedelta(days=60))
    services.review_record(child=child, review_date=today - timedelta(days=30), participation="PN1", chair=iro,
                           acting_user=worker)
    sign_in_as(iro)
    page.goto("/")
    page.click("nav >> text=Looked-after reviews")
    accessible(page)
    row = page.locator("#reviews-due tbody tr").first
    assert "Second looked-after review" in row.inner_text() and f"Chaired by {iro.full_name}" in row.inner_text()
    row.locator("a").first.click()
    assert page.locator("#care-status").is_visible()
    accessible(page)
