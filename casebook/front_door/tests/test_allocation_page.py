"""The allocation page shows each worker's weighted caseload and cap (the measure the warning
uses) and who would go over a limit before the manager chooses; it lists the manager's own team
first; and it offers the siblings from the same contact still waiting."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.front_door.tests import factories
from casebook.workforce.models import CensusRole
from casebook.workforce.services import worker_profile_save


def _worker(world, holding: int, team="east", fte="1", **profile):
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=world.teams[team])
    worker_profile_save(user=worker, acting_user=worker, census_role=CensusRole.CASE_HOLDER, fte=Decimal(fte),
                        started_on=datetime.date(2024, 1, 8), **profile)
    for _ in range(holding):
        allocate(ChildFactory(), worker)
    return worker


def _hint(body, worker):
    found = re.search(r'data-worker="%d">(.*?)</div>' % worker.pk, body, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else None


def test_each_worker_shows_load_and_cap_and_who_would_go_over(client, world):
    child = ChildFactory()
    factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child])
    part_time = _worker(world, 10, fte="0.6")         # cap 18 x 0.6 = 10.8; 10 + 1 = 11 is over
    roomy = _worker(world, 2)                         # 3 of 18
    asye = _worker(world, 2, is_asye=True, asye_caseload_limit=2)  # 3 children over a limit of 2
    elsewhere = _worker(world, 0, team="care")
    client.force_login(world["team_manager"])  # Safeguarding East
    body = client.get(reverse("front_door:allocate", args=[child.casebook_id])).content.decode()

    assert _hint(body, part_time) == (
        f"10 children, weighted caseload 10 of a cap of 10.8Over a limit {part_time.full_name} would have a "
        f"weighted caseload of 11, over their cap of 10.8")
    assert _hint(body, roomy) == "2 children, weighted caseload 2 of a cap of 18"
    assert _hint(body, asye).startswith("2 children, weighted caseload 2 of a cap of 18; newly qualified (ASYE), "
                                        "protected limit 2 childrenOver a limit")
    assert "3 children is over their protected caseload limit of 2" in _hint(body, asye)
    assert _hint(body, elsewhere) is None  # the manager's own team only, by default
    assert "2 would go over a limit" in body
    assert ("care leaver 0.75, child in need 1, looked after 1.25, child protection 1.5, court work 2" in body
            and "counts as child in need, 1." in body)
    assert ("Reason for allocating over a caseload limit (required if the social worker you choose is marked as "
            "going over their cap or protected caseload)") in body
    assert "Reason for the change of social worker" not in body  # not a reallocation

    body = client.get(reverse("front_door:allocate", args=[child.casebook_id]), {"team": "all"}).content.decode()
    assert _hint(body, elsewhere) == "0 children, weighted caseload 0 of a cap of 18"


def test_after_allocating_one_sibling_the_next_is_offered_with_the_same_worker(client, world):
    older, younger = ChildFactory(date_of_birth=datetime.date(2015, 3, 1)), ChildFactory(
        date_of_birth=datetime.date(2019, 6, 1))
    factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[older, younger])
    worker = _worker(world, 0)
    client.force_login(world["team_manager"])
    url = reverse("front_door:allocate", args=[older.casebook_id])
    assert younger.casebook_id in client.get(url).content.decode()  # "also waiting from the same contact"
    response = client.post(url, {"worker": worker.pk, "version": "0"})
    assert response.status_code == 302
    assert response["Location"] == (reverse("front_door:allocate", args=[younger.casebook_id])
                                    + f"?team={world.teams['east'].pk}&worker={worker.pk}")
    body = client.get(response["Location"]).content.decode()
    assert f"Still waiting from the same contact: {younger.display_name}" in body
    assert re.search(r'value="%d" checked' % worker.pk, body)
    response = client.post(response["Location"], {"worker": worker.pk, "version": "0"})
    assert response["Location"] == reverse("front_door:awaiting-allocation")  # no one else waiting


def test_the_page_costs_the_same_queries_for_one_worker_or_many(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = ChildFactory()
    factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child])
    client.force_login(world["team_manager"])
    url = reverse("front_door:allocate", args=[child.casebook_id])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for holding in (1, 2, 3, 4):
        _worker(world, holding, is_asye=holding == 4)
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count('class="govuk-radios__input"') >= 5
    assert len(many) == len(few)
