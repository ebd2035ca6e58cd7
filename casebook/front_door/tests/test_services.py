import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.models import Allocation, Child
from casebook.children.tests.factories import ChildFactory
from casebook.clocks.models import Clock
from casebook.episodes.models import Referral
from casebook.front_door import services
from casebook.front_door.models import Contact, ContactChild, PartnerCheck
from casebook.front_door.tests import factories
from casebook.front_door.tests.factories import at


@pytest.fixture
def mash(db):
    team = factories.front_door_team()
    return {"worker": UserFactory(role=Role.MASH_WORKER, team=team),
            "manager": factories.front_door_manager(team),
            "other_manager": UserFactory(role=Role.TEAM_MANAGER, team=team)}


def test_same_form_submitted_twice_makes_one_contact(mash):
    token = uuid.uuid4()
    first = factories.contact(by=mash["worker"], form_token=token)
    second = factories.contact(by=mash["worker"], form_token=token)
    assert first.pk == second.pk and Contact.objects.count() == 1
    assert first.team == mash["worker"].team


def test_new_child_created_once_for_a_double_click(mash):
    contact = factories.contact(by=mash["worker"])
    token = uuid.uuid4()
    for _ in range(2):
        services.contact_link_new_child(contact=contact, acting_user=mash["worker"], form_token=token,
                                        first_names="Ava", last_name="Patel", date_of_birth=timezone.localdate() - timedelta(days=900), sex="F")
    assert Child.objects.filter(last_name="Patel").count() == 1 and contact.links.count() == 1


def test_partner_check_double_submission_and_dates(mash):
    contact = factories.contact(by=mash["worker"])
    token = uuid.uuid4()
    today = timezone.localdate()
    for _ in range(2):
        services.partner_check_request(contact=contact, agency="police", requested_on=today, acting_user=mash["worker"],
                                       form_token=token)
    assert PartnerCheck.objects.count() == 1
    with pytest.raises(ValidationError) as error:
        services.partner_check_request(contact=contact, agency="health", requested_on=today - timedelta(days=3),
                                       acting_user=mash["worker"])
    assert "on or after the date the contact was received" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.partner_check_request(contact=contact, agency="health", requested_on=today + timedelta(days=1),
                                       acting_user=mash["worker"])
    assert "today or in the past" in str(error.value)
    assert PartnerCheck.objects.count() == 1


def test_decision_rules_save_nothing_when_broken(mash):
    contact = factories.contact(by=mash["worker"], rag="red")
    base = dict(contact=contact, outcome="cin", level_of_need="3", primary_need="N1", acting_user=mash["worker"])
    cases = [
        (dict(decision_reasons="", decided_at=contact.received_at + timedelta(minutes=5)), "Enter the reasons"),
        (dict(decision_reasons="x", decided_at=contact.received_at - timedelta(hours=1)), "after the contact was received"),
        (dict(decision_reasons="x", decided_at=timezone.now() + timedelta(hours=1)), "today or in the past"),
        (dict(decision_reasons="x", decided_at=contact.received_at + timedelta(minutes=5)), "Link at least one child"),
    ]
    for extra, message in cases:
        with pytest.raises(ValidationError) as error:
            services.contact_decide(**base, **extra)
        assert message in str(error.value)
    contact.refresh_from_db()
    assert contact.decided_at is None and contact.outcome == ""


def test_sign_off_needs_a_different_manager_when_the_setting_says_so(mash):
    child = ChildFactory()
    contact = factories.decided(by=mash["manager"], children=[child])
    with pytest.raises(ValidationError, match="A different manager must sign off"):
        services.contact_sign_off(contact=contact, acting_user=mash["manager"])
    with pytest.raises(ValidationError, match="Only a manager"):
        services.contact_sign_off(contact=contact, acting_user=mash["worker"])
    assert not Referral.objects.exists()
    with override_settings(CASEBOOK={**__import__("django.conf").conf.settings.CASEBOOK,
                                     "SIGN_OFF_BY_DIFFERENT_MANAGER": False}):
        services.contact_sign_off(contact=contact, acting_user=mash["manager"])
    assert Referral.objects.filter(child=child).count() == 1


def test_social_care_decision_refers_each_child_and_starts_the_allocation_wait(mash):
    a, b = ChildFactory(), ChildFactory()
    contact = factories.signed_off(by=mash["worker"], manager=mash["manager"], children=[a, b], outcome="cp")
    referrals = Referral.objects.filter(child__in=[a, b])
    assert referrals.count() == 2 and {r.primary_need for r in referrals} == {"N1"}
    assert set(ContactChild.objects.filter(contact=contact).values_list("referral__child", flat=True)) == {a.pk, b.pk}
    assert Clock.objects.filter(child=a, item="contact_decision_amber", completed_on__isnull=False).exists()
    assert Clock.objects.filter(child=a, item="allocation_after_threshold", completed_on__isnull=True).exists()
    with pytest.raises(ValidationError, match="already been signed off"):
        services.contact_sign_off(contact=contact, acting_user=mash["other_manager"])


def test_early_help_decision_makes_no_referral(mash):
    child = ChildFactory()
    factories.signed_off(by=mash["worker"], manager=mash["manager"], children=[child], outcome="early_help",
                         primary_need="")
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("months_apart", "expected"), [(11, True), (13, False)])
def test_re_referral_flag(mash, months_apart, expected):
    child = ChildFactory()
    first_at = at(2025, 1, 6, 10)
    with time_machine.travel(first_at + timedelta(hours=3), tick=False):
        factories.signed_off(by=mash["worker"], manager=mash["manager"], children=[child], received_at=first_at)
    services.child_allocate(child=child, worker=UserFactory(role=Role.SOCIAL_WORKER), acting_user=mash["manager"])
    from casebook.episodes.services import episode_close

    episode_close(episode=child.episodes.get(), closure_date=first_at.date() + timedelta(days=40),
                  closure_reason="RC8", acting_user=mash["manager"])
    second_at = at(2025 + (1 if months_apart > 11 else 0), (1 + months_apart) % 12 or 12, 6, 10)
    with time_machine.travel(second_at + timedelta(hours=3), tick=False):
        factories.signed_off(by=mash["worker"], manager=mash["manager"], children=[child], received_at=second_at)
    latest = Referral.objects.filter(child=child).order_by("-referral_date").first()
    assert latest.is_re_referral is expected


def test_allocation_keeps_every_worker_and_ends_the_wait(mash):
    child = ChildFactory()
    factories.signed_off(by=mash["worker"], manager=mash["manager"], children=[child])
    first, second = UserFactory(role=Role.SOCIAL_WORKER), UserFactory(role=Role.SOCIAL_WORKER)
    services.child_allocate(child=child, worker=first, acting_user=mash["manager"])
    assert ContactChild.objects.get(child=child).allocated_at is not None
    assert Clock.objects.get(child=child, item="allocation_after_threshold").completed_on is not None
    services.child_allocate(child=child, worker=second, acting_user=mash["manager"], reason="Worker left")
    history = list(Allocation.objects.filter(child=child).order_by("started_at"))
    assert [a.worker for a in history] == [first, second] and history[0].ended_at is not None
    with pytest.raises(ValidationError, match="already allocated"):
        services.child_allocate(child=child, worker=second, acting_user=mash["manager"])


def test_rag_change_moves_the_decision_clock(mash):
    child = ChildFactory()
    contact = factories.contact(by=mash["worker"], children=[child], rag="green")
    services.contact_triage(contact=contact, rag="red", rag_reason="New information", acting_user=mash["worker"])
    open_items = set(Clock.objects.filter(child=child, cancelled=False, completed_on__isnull=True)
                     .values_list("item", flat=True))
    assert open_items == {"contact_decision_red"}
