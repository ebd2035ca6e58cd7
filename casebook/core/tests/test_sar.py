"""Subject access request bundle: everything about the child, oldest first, third-party
information marked, only for information governance roles, and logged."""

from datetime import date

import pytest
from django.urls import reverse

from casebook.access_audit.models import AccessEvent, ExportEvent
from casebook.children import services as child_services
from casebook.core.sar import subject_access_bundle
from casebook.episodes.services import referral_record


@pytest.fixture
def recorded(world):
    child, worker = world.child, world["allocated_worker"]
    child_services.address_add(child=child, acting_user=worker, line_1="12 Mill Lane", town="Northmoor",
                               postcode="NM1 2AB", moved_in=date(2024, 3, 1))
    child_services.relationship_add(child=child, acting_user=worker, name="Kerry Smith", relationship="mother",
                                    phone="07700 900123", notes="Works nights at the hospital")
    referral_record(child=child, referral_date=date(2024, 5, 2), source="1A", acting_user=worker)
    return world


def test_bundle_holds_every_record_oldest_first_with_third_parties_marked(recorded):
    bundle = subject_access_bundle(recorded.child)
    titles = [s.title for s in bundle.sections]
    assert titles[:4] == ["The child's details", "Addresses", "Family and network", "Referrals"]
    network = bundle.sections[2].items[0]
    marked = {i.label for i in network if i.third_party}
    assert {"Name", "Phone", "Notes"} <= marked
    assert next(i for i in bundle.sections[3].items[0] if i.label == "Referred by (source)").third_party
    keys = [e.sort_key for e in bundle.entries]
    assert keys == sorted(keys) and len(keys) >= 3  # record created, address, referral, allocation...
    assert {"referral", "allocation", "record"} <= {e.kind for e in bundle.entries}


def test_page_shows_the_bundle_and_logs_the_view_and_the_export(client, recorded):
    auditor = recorded["auditor"]
    client.force_login(auditor)
    url = reverse("access_audit:subject-access", args=[recorded.child.casebook_id])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kerry Smith" in html and "12 Mill Lane" in html and "Review: third party" in html
    assert AccessEvent.objects.filter(user=auditor, child=recorded.child, page="subject-access").count() == 1
    assert ExportEvent.objects.filter(user=auditor, what__startswith="Subject access bundle").count() == 1
    download = client.get(url, {"format": "download"})
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert "Kerry Smith" in download.content.decode()
    assert ExportEvent.objects.filter(user=auditor, what__endswith="(download)").count() == 1


@pytest.mark.parametrize(("persona", "status"), [("auditor", 200), ("head_of_service", 200),
                                                 ("allocated_worker", 404), ("team_manager", 404)])
def test_only_information_governance_roles_who_may_see_the_child(client, world, persona, status):
    client.force_login(world[persona])
    url = reverse("access_audit:subject-access", args=[world.child.casebook_id])
    assert client.get(url).status_code == status
    assert ExportEvent.objects.filter(what__startswith="Subject access").exists() == (status == 200)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_subject_access_page_is_accessible(page, sign_in_as, accessible, recorded):
    sign_in_as(recorded["auditor"])
    page.goto(reverse("access_audit:subject-access", args=[recorded.child.casebook_id]))
    assert page.get_by_role("heading", name="Subject access request bundle").is_visible()
    accessible(page)
    assert not page.console_errors


def test_bundle_dates_are_written_as_people_write_them(client, recorded):
    client.force_login(recorded["auditor"])
    html = client.get(reverse("access_audit:subject-access", args=[recorded.child.casebook_id])).content.decode()
    assert "15 June 2015" in html  # date of birth
    assert "1 March 2024" in html and "2 May 2024" in html  # moved in, referral date
    assert "2015-06-15" not in html and "2024-03-01" not in html and "2024-05-02" not in html


def test_records_name_themselves_with_dates_in_words(world):
    from casebook.children_in_need.models import CINPlan

    plan = CINPlan(child=world.child, start_date=date(2026, 3, 23))
    assert str(plan) == "Child in need plan from 23 March 2026"
