"""The care, care leaver, missing list and chronology pages as a worker, manager and IRO read them:
903 codes in words, each open item with the page that records it, care leaver reviews and
keeping-in-touch contacts, and the missing list's totals matching its rows."""

import re
from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.looked_after import selectors, services
from casebook.looked_after.tests.factories import looked_after

TODAY = date(2025, 7, 14)


def _care(client, child):
    return client.get(reverse("looked_after:care", args=[child.casebook_id])).content.decode()


@time_machine.travel(datetime(2025, 7, 14, 12, 0, tzinfo=timezone.get_current_timezone()))
def test_care_page_shows_codes_in_words_and_the_step_for_each_due_item(client, world):
    worker = world["allocated_worker"]
    looked_after(world.child, worker, start=date(2025, 1, 6), legal_status="C1", placement_type="U4")
    services.review_record(child=world.child, review_date=date(2025, 1, 31), participation="PN1", chair=world["iro"],
                           acting_user=worker)
    client.force_login(worker)
    body = _care(client, world.child)
    assert "legal status <strong>C1: interim care order</strong>" in body
    assert "S: started to be looked after" in body
    assert "PR1: own provision (by the local authority)" in body
    assert "PN1: child attends and speaks for themselves" in body
    assert f"chaired by {escape(world['iro'].full_name)}" in body
    # The care plan was due 10 working days after 6 January: 20 January 2025, 175 days ago.
    assert "Overdue</strong> by 175 days" in body
    care_plan_add = reverse("looked_after:care-plan-add", args=[world.child.casebook_id])
    review_add = reverse("looked_after:review-add", args=[world.child.casebook_id])
    assert f'<a class="govuk-link next-step" href="{care_plan_add}">Record the care plan</a>' in body
    assert f'<a class="govuk-link next-step" href="{review_add}">Record a looked-after review</a>' in body


def test_chronology_tells_care_events_in_words_with_who_recorded_them(world):
    from casebook.looked_after.chronology import care_entries

    worker = world["allocated_worker"]
    looked_after(world.child, worker, start=date(2025, 1, 6), legal_status="V2", placement_type="U6")
    services.episode_start(child=world.child, start_date=date(2025, 3, 3), reason_new_episode="L", legal_status="C2",
                           category_of_need="N1", placement_type="U6", placement_provider="PR1",
                           placement_postcode="SW1A 2AA", home_postcode="LS1 1UR", carer_name="Carer A",
                           acting_user=worker)
    services.review_record(child=world.child, review_date=date(2025, 1, 31), participation="PN5", acting_user=worker)
    services.care_plan_record(child=world.child, agreed_on=date(2025, 1, 10), permanence_plan="Long-term fostering",
                              acting_user=worker)
    entries = {e.title: e for e in care_entries(world.child)}
    assert entries["Legal status changed to full care order"].by == worker.full_name
    assert "Became looked after (single period of accommodation under section 20); placed in" in " ".join(entries)
    assert entries["Care plan agreed"].detail == "Permanence plan: Long-term fostering"
    assert entries["Looked-after review"].detail == "The child's part: child does not attend but briefs an advocate to speak for them"


@time_machine.travel(datetime(2025, 7, 14, 12, 0, tzinfo=timezone.get_current_timezone()))
def test_care_leaver_page_shows_reviews_contacts_and_what_is_due(client, world):
    worker = world["allocated_worker"]
    child = world.child
    child.date_of_birth = date(2008, 6, 1)  # 17th birthday 1 June 2025; 18th 1 June 2026
    child.save(update_fields=["date_of_birth"])
    looked_after(child, worker, start=date(2023, 1, 9))
    services.care_leaver_set(child=child, category="eligible", personal_adviser_name="Pat Adviser",
                             pathway_plan_on=date(2024, 7, 1), acting_user=worker)
    services.pathway_review_record(child=child, review_date=date(2025, 1, 6), acting_user=worker)
    services.care_leaver_contact_record(child=child, birthday=17, contact_date=date(2025, 6, 2), in_touch="YES",
                                        accommodation="B", accommodation_suitable=True, activity="F2",
                                        acting_user=worker)
    client.force_login(world["team_manager"])
    body = client.get(reverse("looked_after:care-leaver", args=[child.casebook_id])).content.decode()
    assert "Pat Adviser" in body
    assert "6 January 2025, recorded by" in body
    assert "With parents or relatives (suitable)" in body and "Full-time in education other than higher education" in body
    # Reviewed 6 January 2025: next due 6 July 2025, 8 days ago.
    assert "Pathway plan review due by 6 July 2025" in body and "Overdue</strong> by 8 days" in body
    # The 17th birthday's contact is recorded; the 18th's counts from 92 days before 1 June 2026.
    assert "contact around the 18th birthday (1 June 2026) counts from 1 March 2026 to 1 September 2026" in body


def test_next_contact_is_the_first_birthday_without_one_whose_window_is_open():
    child = ChildFactory.build(date_of_birth=date(2007, 5, 1))
    due = selectors.next_contact_due(child, {17}, date(2025, 6, 1))
    assert due["birthday"] == 18 and due["open_now"] is True
    # The 18th birthday's window closed on 1 August 2025 with no contact: the 19th is next.
    assert selectors.next_contact_due(child, {17}, date(2025, 8, 2))["birthday"] == 19
    assert selectors.next_contact_due(child, {17, 18, 19, 20, 21}, date(2025, 8, 2)) is None


def test_saving_a_pathway_review_returns_to_the_care_leaver_page(client, world):
    worker = world["allocated_worker"]
    looked_after(world.child, worker, start=date(2024, 1, 8))
    services.care_leaver_set(child=world.child, category="eligible", pathway_plan_on=date(2024, 7, 1),
                             acting_user=worker)
    client.force_login(worker)
    today = timezone.localdate()
    response = client.post(reverse("looked_after:pathway-review-add", args=[world.child.casebook_id]), {
        "review_date-day": today.day, "review_date-month": today.month, "review_date-year": today.year})
    assert response.status_code == 302
    assert response.url == reverse("looked_after:care-leaver", args=[world.child.casebook_id])


def test_missing_list_totals_match_its_rows(client, world):
    now = timezone.now()
    worker = world["allocated_worker"]
    other = ChildFactory()
    allocate(other, worker)
    overdue = services.missing_record(child=world.child, kind="M", started_at=now - timedelta(hours=100),
                                      ended_at=now - timedelta(hours=90), acting_user=worker)
    due = services.missing_record(child=other, kind="A", started_at=now - timedelta(hours=12),
                                  ended_at=now - timedelta(hours=2), acting_user=worker)
    services.missing_record(child=other, kind="M", started_at=now - timedelta(hours=1), acting_user=worker)
    late = services.missing_record(child=world.child, kind="M", started_at=now - timedelta(days=20),
                                   ended_at=now - timedelta(days=19), acting_user=worker)
    services.interview_record(episode=late, offered_at=late.ended_at + timedelta(hours=80), offered_by="Service",
                              independent=True, response="accepted", read_version=late.version, acting_user=worker)
    client.force_login(world["team_manager"])
    response = client.get(reverse("looked_after:missing-list"))
    counts = response.context["counts"]
    assert counts == {"total": 4, "still_missing": 1, "due": 1, "overdue": 1, "offered_in_time": 0, "offered_late": 1}
    states = [r["status"].state for r in response.context["rows"]]
    assert sorted(states) == ["due", "not returned", "offered late", "overdue"]
    # Not yet offered first: still missing, then the one overdue, then the one due; offered last.
    assert [r["episode"].pk for r in response.context["rows"]][1:] == [overdue.pk, due.pk, late.pk]
    assert 'id="missing-counts"' in response.content.decode()


def test_recording_a_return_says_when_the_interview_must_be_offered(client, world):
    worker = world["allocated_worker"]
    started = timezone.localtime(timezone.now() - timedelta(days=2)).replace(hour=18, minute=0, second=0, microsecond=0)
    episode = services.missing_record(child=world.child, kind="M", started_at=started, acting_user=worker)
    returned = started + timedelta(hours=6)
    client.force_login(worker)
    response = client.post(reverse("looked_after:missing-return", args=[world.child.casebook_id, episode.pk]), {
        "ended_on-day": returned.day, "ended_on-month": returned.month, "ended_on-year": returned.year,
        "ended_time": returned.strftime("%H:%M"), "where_found": "Home", "version": episode.version}, follow=True)
    due = returned + timedelta(hours=72)
    assert (f"Return recorded: offer a return home interview by {due.day} {due:%B %Y, %H:%M} (72 hours from the return)"
            in response.content.decode())


def test_a_reader_sees_what_is_due_without_record_links_or_forms(client, world):
    """The auditor reads the care, care leaver, missing and social worker pages; the links and the
    form that record are only for those who may record (access_audit.selectors.may_record)."""
    worker = world["allocated_worker"]
    child = world.child
    looked_after(child, worker, start=date(2024, 1, 8))
    services.care_leaver_set(child=child, category="eligible", pathway_plan_on=date(2024, 7, 1), acting_user=worker)
    now = timezone.now()
    services.missing_record(child=child, kind="M", started_at=now - timedelta(hours=30),
                            ended_at=now - timedelta(hours=20), acting_user=worker)
    pages = {name: reverse(f"looked_after:{name}", args=[child.casebook_id])
             for name in ("care", "care-leaver", "missing", "social-workers")}
    for user, recorder in ((world["auditor"], False), (worker, True)):
        client.force_login(user)
        care = client.get(pages["care"]).content.decode()
        assert "Pathway plan review" in care
        assert ('class="govuk-link next-step"' in care) is recorder
        leaving = client.get(pages["care-leaver"]).content.decode()
        assert 'id="care-leaver-next"' in leaving
        assert ("Record a pathway plan review" in leaving) is recorder
        assert ('name="category"' in leaving) is recorder
        assert ("Record interview" in client.get(pages["missing"]).content.decode()) is recorder


def test_care_page_shows_the_903_items_recorded_with_links_to_change_them(client, world):
    worker = world["allocated_worker"]
    child = world.child
    child.sex = "F"
    child.save(update_fields=["sex"])
    looked_after(child, worker, start=date(2024, 1, 8))
    services.previous_permanence_record(child=child, previous_permanence="P2", previous_permanence_la="873",
                                        previous_permanence_date="01/02/2022", acting_user=worker)
    services.mother_status_record(child=child, is_mother=False, acting_user=worker)
    client.force_login(worker)
    body = _care(client, child)
    start = body.index('id="return-items"')
    items = body[start:body.index("</dl>", start)]
    assert "P2: special guardianship order, 01/02/2022" in items
    assert "Is she a mother?" in items and ">No</dd>" in items
    assert reverse("looked_after:mother-status", args=[child.casebook_id]) in items
    assert reverse("looked_after:uasc-status", args=[child.casebook_id]) in items


@time_machine.travel(datetime(2025, 3, 3, 12, 0, tzinfo=timezone.get_current_timezone()))
def test_record_pages_say_what_is_due_and_the_dental_link_chooses_dental(client, world):
    worker = world["allocated_worker"]
    looked_after(world.child, worker, start=date(2025, 1, 6))
    services.review_record(child=world.child, review_date=date(2025, 1, 31), participation="PN1", acting_user=worker)
    client.force_login(worker)
    review = client.get(reverse("looked_after:review-add", args=[world.child.casebook_id])).content.decode()
    # Second review within 3 months of the first (31 January 2025): 30 April 2025.
    assert "Second looked-after review due by 30 April 2025" in review
    health_url = reverse("looked_after:health-add", args=[world.child.casebook_id])
    health = client.get(health_url + "?kind=dental").content.decode()
    assert "checked" in re.search(r'<input[^>]*value="dental"[^>]*>', health).group(0)
    assert "checked" not in re.search(r'<input[^>]*value="initial"[^>]*>', health).group(0)
    assert "Initial health assessment due by" in health


def test_header_shows_a_return_home_interview_not_yet_offered(client, world):
    worker, child = world["allocated_worker"], world.child
    looked_after(child, worker, start=date(2025, 9, 1))
    now = timezone.now()
    episode = services.missing_record(child=child, kind="M", started_at=now - timedelta(hours=90),
                                      ended_at=now - timedelta(hours=80), acting_user=worker)
    client.force_login(worker)
    summary = reverse("children:summary", args=[child.casebook_id])
    body = client.get(summary).content.decode()
    assert "Return home interview overdue" in body
    services.interview_record(episode=episode, offered_at=now - timedelta(hours=1), offered_by="Service",
                              independent=True, response="accepted", read_version=episode.version, acting_user=worker)
    services.missing_record(child=child, kind="A", started_at=now - timedelta(hours=5), ended_at=now - timedelta(hours=2),
                            acting_user=worker)
    body = client.get(summary).content.decode()
    assert "Return home interview overdue" not in body
    due = timezone.localtime(now - timedelta(hours=2) + timedelta(hours=72))
    assert f"offer by {due.day} {due:%B %Y}" in body


def test_change_of_episode_page_names_the_current_episode_in_words(client, world):
    worker = world["allocated_worker"]
    looked_after(world.child, worker, start=date(2025, 1, 6), legal_status="C1", placement_type="U4")
    client.force_login(worker)
    body = client.get(reverse("looked_after:episode-add", args=[world.child.casebook_id])).content.decode()
    assert ("Current episode: legal status C1: interim care order; placement U4: foster placement with other foster "
            "carer, long term (Carer A), since 6 January 2025") in body


@time_machine.travel(datetime(2025, 7, 14, 12, 0, tzinfo=timezone.get_current_timezone()))
def test_an_iro_lists_the_reviews_they_chair_soonest_first(client, world, django_assert_max_num_queries):
    iro, worker = world["iro"], world["allocated_worker"]
    chaired, not_chaired, later = (ChildFactory(date_of_birth=date(2015, 3, 1)) for _ in range(3))
    for child in (chaired, not_chaired, later):
        allocate(child, worker)
    looked_after(chaired, worker, start=date(2025, 1, 6))
    services.review_record(child=chaired, review_date=date(2025, 1, 31), participation="PN1", chair=iro,
                           acting_user=worker)  # second review due 30 April 2025: overdue
    looked_after(later, worker, start=date(2025, 5, 5))
    services.review_record(child=later, review_date=date(2025, 5, 30), participation="PN1", chair=iro,
                           acting_user=worker)  # second review due 30 August 2025
    looked_after(not_chaired, worker, start=date(2025, 1, 6))
    client.force_login(iro)
    url = reverse("looked_after:reviews-due")
    with django_assert_max_num_queries(10):
        response = client.get(url)
    rows = response.context["rows"]
    assert [r["child"].pk for r in rows] == [chaired.pk, later.pk]
    body = response.content.decode()
    assert "Second looked-after review by 30 April 2025" in body and "Overdue</strong> by 75 days" in body
    assert f"Chaired by {escape(iro.full_name)}" in body
    assert reverse("looked_after:reviews-due") in client.get("/").content.decode()  # in the IRO's menu

    client.force_login(world["team_manager"])
    assert {r["child"].pk for r in client.get(url).context["rows"]} == {chaired.pk, later.pk, not_chaired.pk}
    client.force_login(worker)
    assert client.get(url).status_code in (403, 404)


def test_personal_adviser_choices_are_practitioners_not_analysts_or_administrators(world):
    from casebook.looked_after.forms import CareLeaverForm

    choices = set(CareLeaverForm().fields["personal_adviser"].queryset)
    assert {world["allocated_worker"], world["team_manager"]} <= choices
    assert not choices & {world["performance_analyst"], world["administrator"], world["auditor"], world["mash_worker"]}


def test_an_adviser_already_recorded_stays_a_choice_whatever_their_role(world):
    from casebook.looked_after.forms import CareLeaverForm

    analyst = world["performance_analyst"]
    form = CareLeaverForm(initial={"personal_adviser": analyst.pk})
    assert analyst in set(form.fields["personal_adviser"].queryset)
    assert world["administrator"] not in set(form.fields["personal_adviser"].queryset)


def test_birthdays_read_as_ordinals():
    from casebook.looked_after.forms import ContactForm

    assert [label for _value, label in ContactForm().fields["birthday"].choices][1:] == [
        "17th birthday", "18th birthday", "19th birthday", "20th birthday", "21st birthday"]
