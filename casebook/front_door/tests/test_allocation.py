"""Allocation against the workforce caseload rules: a warning needs a reason, which is kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.models import Allocation
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.core.concurrency import ConcurrentEditError
from casebook.front_door import services
from casebook.front_door.models import AllocationOverride, ContactChild
from casebook.front_door.tests import factories
from casebook.workforce.models import CensusRole
from casebook.workforce.services import worker_profile_save


def _worker(world, holding: int, **profile):
    """A social worker in the east team already holding `holding` children."""
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=world.teams["east"])
    worker_profile_save(user=worker, acting_user=worker, census_role=CensusRole.CASE_HOLDER, fte=Decimal("1"),
                        started_on=datetime.date(2024, 1, 8), **profile)
    for _ in range(holding):
        allocate(ChildFactory(), worker)
    return worker


@pytest.fixture
def waiting(world):
    child = ChildFactory()
    factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child])
    return child


def _refused_and_nothing_saved(world, child, worker):
    with pytest.raises(ValidationError) as error:
        services.child_allocate(child=child, worker=worker, acting_user=world["team_manager"], override_reason="  ")
    assert error.value.message_dict == {"override_reason": [services.OVERRIDE_REASON_REQUIRED]}
    child.refresh_from_db()
    assert child.allocated_worker_id is None and not Allocation.objects.filter(child=child).exists()
    assert ContactChild.objects.get(child=child).allocated_at is None


def test_worker_at_cap_needs_a_reason_which_is_kept(world, waiting):
    worker = _worker(world, 18)  # a full-time case holder's default cap is 18
    _refused_and_nothing_saved(world, waiting, worker)

    allocation = services.child_allocate(child=waiting, worker=worker, acting_user=world["team_manager"],
                                         override_reason="Only worker who speaks the family's language")
    waiting.refresh_from_db()
    assert waiting.allocated_worker == worker
    override = AllocationOverride.objects.get(allocation=allocation)
    assert override.reason == "Only worker who speaks the family's language"
    assert override.warnings == f"{worker.full_name} would have a weighted caseload of 19, over their cap of 18"
    assert override.recorded_by == world["team_manager"] and override.history.count() == 1


def test_asye_worker_over_protected_limit_needs_a_reason(world, waiting):
    worker = _worker(world, 2, is_asye=True, asye_caseload_limit=2)
    _refused_and_nothing_saved(world, waiting, worker)
    allocation = services.child_allocate(child=waiting, worker=worker, acting_user=world["team_manager"],
                                         override_reason="Sibling of a child they already hold")
    assert "newly qualified (ASYE): 3 children is over their protected caseload limit of 2" in allocation.override.warnings
    assert allocation.override.reason == "Sibling of a child they already hold"


def test_worker_under_cap_is_allocated_without_an_override(world, waiting):
    worker = _worker(world, 3)
    allocation = services.child_allocate(child=waiting, worker=worker, acting_user=world["team_manager"])
    assert allocation.worker == worker and not AllocationOverride.objects.exists()


def test_allocate_page_shows_the_warning_and_asks_for_a_reason(client, world, waiting):
    worker = _worker(world, 18)
    client.force_login(world["team_manager"])
    url = reverse("front_door:allocate", args=[waiting.casebook_id])
    assert "caseload-warnings" not in client.get(url).content.decode()

    response = client.post(url, {"worker": worker.pk, "version": "0", "override_reason": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "govuk-warning-text" in body and "over their cap of 18" in body
    assert "Enter why you are allocating to this social worker despite the warning" in body
    assert 'href="#id_override_reason"' in body
    assert not Allocation.objects.filter(child=waiting).exists()

    response = client.post(url, {"worker": worker.pk, "version": "0", "override_reason": "Worker asked to keep the sibling group"})
    assert response.status_code == 302
    assert AllocationOverride.objects.get().reason == "Worker asked to keep the sibling group"
    body = client.get(url).content.decode()  # the history on the page says the allocation was over a warning
    assert "Over a caseload warning" in body and "Worker asked to keep the sibling group" in body


def test_a_second_allocation_from_an_out_of_date_page_is_refused_saying_who_allocated_whom(world, waiting):
    first, second = _worker(world, 0), _worker(world, 0)
    read_at = services.allocation_version(waiting)
    assert read_at == 0  # nobody holds the child yet
    allocation = services.child_allocate(child=waiting, worker=first, acting_user=world["team_manager"],
                                         read_version=read_at)
    assert services.allocation_version(waiting) == allocation.pk

    with pytest.raises(ConcurrentEditError) as error:
        services.child_allocate(child=waiting, worker=second, acting_user=world["other_team_manager"],
                                read_version=read_at)
    assert error.value.current.version == allocation.pk
    changes = error.value.changes
    assert changes["worker"] == f"{first.full_name}, Safeguarding East" and changes["allocated_by"] == world["team_manager"].full_name
    waiting.refresh_from_db()
    assert waiting.allocated_worker == first and Allocation.objects.filter(child=waiting).count() == 1

    # Read again (at the first allocation), the reallocation goes through.
    services.child_allocate(child=waiting, worker=second, acting_user=world["other_team_manager"],
                            read_version=allocation.pk, reason="Cover")
    waiting.refresh_from_db()
    assert waiting.allocated_worker == second


def test_the_allocate_page_shows_the_conflict_and_keeps_the_choice(client, world, waiting):
    first, second = _worker(world, 0), _worker(world, 0)
    client.force_login(world["team_manager"])
    url = reverse("front_door:allocate", args=[waiting.casebook_id])
    assert 'name="version" value="0"' in client.get(url).content.decode()
    services.child_allocate(child=waiting, worker=first, acting_user=world["head_of_service"], read_version=0)

    body = client.post(url, {"worker": second.pk, "version": "0"}).content.decode()
    assert "Someone else changed this record after you opened it" in body
    assert f'<td class="govuk-table__cell">{escape(first.full_name)}, Safeguarding East</td>' in body
    assert f'<td class="govuk-table__cell">{escape(world["head_of_service"].full_name)}</td>' in body
    assert f'value="{second.pk}" checked' in body
    waiting.refresh_from_db()
    assert waiting.allocated_worker == first
