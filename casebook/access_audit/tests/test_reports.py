"""Access review reports on a hand-built data set whose answers are written out by hand."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit import reports
from casebook.access_audit.models import AccessEvent, ExportEvent
from casebook.access_audit.services import break_glass_grant, restricted_grant_add
from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.tests.factories import ChildFactory


def view(client, user, child, times=1):
    client.force_login(user)
    for _ in range(times):
        assert client.get(reverse("children:summary", args=[child.casebook_id])).status_code == 200


@pytest.fixture
def data(world, client):
    """The known answers:
    - emergency access: Dana Other (other_team_worker) opened Jordan Smith twice under one grant; the
      MASH worker asked for a grant and viewed nothing through it.
    - restricted: the restricted child was viewed 3 times by its named grantee, once by the auditor,
      who has no grant.
    - same surname: only 'Alex SMITH' (not 'Pat Smithson') viewed Jordan Smith, twice.
    - idle: 'Idle Ninety-one' (last in 91 days ago) and 'Never Used' (made 100 days ago).
    - leavers: only 'Gone Yesterday', whose account is still active.
    """
    now = timezone.now()
    today = timezone.localdate()
    w = world
    w["other_team_worker"].first_name, w["other_team_worker"].last_name = "Dana", "Other"
    w["other_team_worker"].save()
    break_glass_grant(user=w["other_team_worker"], casebook_id=w.child.casebook_id,
                      reason="=HYPERLINK(\"http://x\") police called out of hours")
    view(client, w["other_team_worker"], w.child, times=2)
    break_glass_grant(user=w["mash_worker"], casebook_id=w.child.casebook_id, reason="Duty check on a new contact")

    restricted = ChildFactory(first_names="Robin", last_name="Quayle", is_restricted=True)
    restricted_grant_add(child=restricted, user=w["other_team_worker"], granted_by=w["head_of_service"])
    view(client, w["other_team_worker"], restricted, times=3)
    AccessEvent.objects.create(user=w["auditor"], child=restricted, page="child-summary")

    team = w.teams["east"]
    smith = UserFactory(first_name="Alex", last_name="SMITH", email="alex.smith@example.gov.uk", team=team)
    smithson = UserFactory(first_name="Pat", last_name="Smithson", email="pat.smithson@example.gov.uk", team=team)
    for user, times in ((smith, 2), (smithson, 1)):
        for _ in range(times):
            AccessEvent.objects.create(user=user, child=w.child, page="child-summary")

    def person(first, last, **extra):
        return UserFactory(first_name=first, last_name=last, email=f"{first}.{last}@example.gov.uk".lower(),
                           role=Role.SOCIAL_WORKER, team=team, **extra)

    person("Idle", "Ninety-one", last_login=now - timedelta(days=91))
    person("Busy", "Eighty-nine", last_login=now - timedelta(days=89))
    person("Never", "Used", last_login=None, date_joined=now - timedelta(days=100))
    person("Just", "Joined", last_login=None, date_joined=now - timedelta(days=1))
    person("Switched", "Off", last_login=now - timedelta(days=200), is_active=False)
    person("Gone", "Yesterday", left_on=today - timedelta(days=1), last_login=now)
    person("Gone", "Disabled", left_on=today - timedelta(days=1), is_active=False, last_login=now)
    person("Going", "Nextweek", left_on=today + timedelta(days=7), last_login=now)
    return w, restricted


def test_emergency_access_by_person_and_reason(data):
    w, _ = data
    rows = list(reports.REPORTS["emergency-access"].rows())
    got = sorted((r["who"], r["reason"][:12], r["views"]) for r in rows)
    assert got == sorted([("Dana Other", '=HYPERLINK("', 2), (w["mash_worker"].full_name, "Duty check o", 0)])


def test_views_of_restricted_records(data):
    w, restricted = data
    rows = list(reports.REPORTS["restricted-records"].rows())
    got = sorted((r["child"], r["email"], r["views"], r["grant"]) for r in rows)
    assert got == sorted([(restricted.casebook_id, "other_team_worker@example.gov.uk", 3, "Yes"),
                          (restricted.casebook_id, "auditor@example.gov.uk", 1, "No")])


def test_staff_viewing_children_with_their_own_surname(data):
    w, _ = data
    rows = list(reports.REPORTS["same-surname"].rows())
    assert [(r["who"], r["child"], r["views"]) for r in rows] == [("Alex SMITH", w.child.casebook_id, 2)]


def test_accounts_idle_for_90_days(data):
    rows = list(reports.REPORTS["idle-accounts"].rows())
    assert sorted(r["who"] for r in rows) == ["Idle Ninety-one", "Never Used"]


def test_leavers_with_active_accounts(data):
    rows = list(reports.REPORTS["leavers"].rows())
    assert [r["who"] for r in rows] == ["Gone Yesterday"]


@pytest.mark.parametrize("slug", list(reports.REPORTS))
def test_each_report_page_and_its_csv_download(client, data, slug, django_assert_max_num_queries):
    w, _ = data
    auditor = w["auditor"]
    client.force_login(auditor)
    url = reverse(f"access_audit:access-review-{slug}")
    page = client.get(url)
    assert page.status_code == 200 and 'href="?format=csv"' in page.content.decode()
    expected = list(reports.REPORTS[slug].rows())
    before = ExportEvent.objects.count()
    with django_assert_max_num_queries(12):  # fixed, however many rows
        response = client.get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode())))
    assert table[0] == [c.label for c in reports.REPORTS[slug].columns]
    assert len(table) - 1 == len(expected)
    export = ExportEvent.objects.order_by("-id").first()
    assert ExportEvent.objects.count() == before + 1
    assert export.user == auditor and export.rows == len(expected)


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, data):
    w, _ = data
    client.force_login(w["head_of_service"])
    response = client.get(reverse("access_audit:access-review-emergency-access"), {"format": "csv"})
    reasons = [row[5] for row in csv.reader(io.StringIO(response.content.decode()))][1:]
    assert any(r.startswith("'=HYPERLINK") for r in reasons)
    assert not any(r.startswith("=") for r in reasons)


@pytest.mark.parametrize(("persona", "status"), [("auditor", 200), ("head_of_service", 200), ("administrator", 200),
                                                 ("team_manager", 403), ("allocated_worker", 403)])
def test_only_information_governance_roles_see_the_reports(client, world, persona, status):
    client.force_login(world[persona])
    assert client.get(reverse("access_audit:access-review")).status_code == status
    assert client.get(reverse("access_audit:access-review-leavers"), {"format": "csv"}).status_code == status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_access_review_pages_are_accessible(page, sign_in_as, accessible, data):
    w, _ = data
    sign_in_as(w["auditor"])
    page.goto(reverse("access_audit:access-review"))
    accessible(page)
    for slug in reports.REPORTS:
        page.goto(reverse(f"access_audit:access-review-{slug}"))
        assert page.locator("h1").inner_text() == reports.REPORTS[slug].title
        accessible(page)
    assert not page.console_errors
