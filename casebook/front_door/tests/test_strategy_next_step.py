"""A signed-off child protection decision starts the strategy discussion clock (1 working day, a
local timescale), shows on the child's summary, and the contact page offers the next step until
the strategy discussion is recorded."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casebook.child_protection.services import strategy_discussion_record
from casebook.children.tests.factories import ChildFactory
from casebook.clocks.models import Clock
from casebook.core.workdays import add_working_days
from casebook.front_door.tests import factories

ITEM = "strategy_discussion_after_cp_decision"


def test_a_signed_off_child_protection_decision_asks_for_a_strategy_discussion(client, world):
    child, other = ChildFactory(), ChildFactory()
    contact = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], outcome="cp",
                                   rag="red", children=[child], received_at=timezone.now() - timedelta(hours=3))
    factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], outcome="cin", children=[other],
                         received_at=timezone.now() - timedelta(hours=3))
    decided_on = timezone.localtime(contact.decided_at).date()
    clock = Clock.objects.get(item=ITEM)
    assert (clock.child_id, clock.started_on, clock.due_on) == (child.pk, decided_on, add_working_days(decided_on, 1))

    client.force_login(world["head_of_service"])
    page = client.get(reverse("front_door:contact", args=[child.casebook_id, contact.pk])).content.decode()
    add = reverse("child_protection:strategy-discussion-add", args=[child.casebook_id])
    assert 'id="next-step"' in page and f'href="{add}"' in page and "Record the strategy discussion" in page
    summary = client.get(reverse("children:summary", args=[child.casebook_id])).content.decode()
    assert "Strategy discussion after a child protection decision" in summary

    strategy_discussion_record(child=child, held_on=decided_on, agencies="Police, health", s47_decided=True,
                               reasons="Injury to a young child", acting_user=world["team_manager"])
    clock.refresh_from_db()
    assert clock.completed_on == decided_on
    page = client.get(reverse("front_door:contact", args=[child.casebook_id, contact.pk])).content.decode()
    assert 'id="next-step"' not in page


def test_no_strategy_discussion_is_asked_for_before_sign_off_or_on_a_child_in_need_decision(client, world):
    child = ChildFactory()
    contact = factories.decided(by=world["mash_worker"], outcome="cp", rag="red", children=[child])
    assert not Clock.objects.filter(item=ITEM).exists()
    client.force_login(world["head_of_service"])
    page = client.get(reverse("front_door:contact", args=[child.casebook_id, contact.pk])).content.decode()
    assert 'id="next-step"' not in page
