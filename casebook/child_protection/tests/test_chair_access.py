"""A child protection chair sees the children whose conferences they chair."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.access_audit.models import AccessEvent
from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.child_protection import services as cp
from casebook.child_protection.models import Conference
from casebook.child_protection.tests import journey

DISCUSSION = date(2025, 4, 14)


def _summary(child):
    return reverse("children:summary", args=[child.casebook_id])


def _conference(world, chaired_by):
    s47 = journey.section47(world.child, world["allocated_worker"], discussion_on=DISCUSSION)
    return cp.initial_conference_record(section47=s47, kind="initial", held_on=date(2025, 5, 6), chair="",
                                        chaired_by=chaired_by, agencies="Police, health", plan_decided=True,
                                        category="NEG", acting_user=world["allocated_worker"])


def test_the_conference_chair_sees_the_child_and_another_iro_does_not(client, world):
    client.force_login(world["iro"])
    assert client.get(_summary(world.child)).status_code == 404
    s47 = journey.section47(world.child, world["allocated_worker"], discussion_on=DISCUSSION)
    cp.initial_conference_record(section47=s47, kind="initial", held_on=date(2025, 5, 6), chair=world["iro"].full_name,
                                 chaired_by=world["iro"], agencies="Police, health", plan_decided=True, category="NEG",
                                 acting_user=world["allocated_worker"])
    assert client.get(_summary(world.child)).status_code == 200
    assert AccessEvent.objects.filter(user=world["iro"], child=world.child).count() == 1
    client.force_login(UserFactory(role=Role.IRO))
    assert client.get(_summary(world.child)).status_code == 404


def test_only_an_iro_can_be_recorded_as_the_chair(world):
    with pytest.raises(ValidationError) as error:
        _conference(world, world["team_manager"])
    assert error.value.message_dict["chaired_by"] == ["Select a child protection chair from the list"]
    assert not Conference.objects.exists()


def test_the_conference_form_takes_the_chair_from_the_list(client, world):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user, discussion_on=DISCUSSION)
    client.force_login(user)
    url = reverse("child_protection:initial-conference-add", args=[world.child.casebook_id, s47.pk])
    assert world["iro"].full_name in client.get(url).content.decode()
    base = {"kind": "initial", "held_on-day": "6", "held_on-month": "5", "held_on-year": "2025", "agencies": "P",
            "plan_decided": "yes", "category": "NEG"}
    body = client.post(url, {**base, "chair": "", "chaired_by": ""}).content.decode()
    assert "Enter the name of the chair" in body and not Conference.objects.exists()
    body = client.post(url, {**base, "chair": "", "chaired_by": "999999"}).content.decode()
    assert "Select a child protection chair from the list" in body and not Conference.objects.exists()
    assert client.post(url, {**base, "chair": "", "chaired_by": world["iro"].pk}).status_code == 302
    conference = Conference.objects.get()
    assert (conference.chair, conference.chaired_by) == (world["iro"].full_name, world["iro"])
