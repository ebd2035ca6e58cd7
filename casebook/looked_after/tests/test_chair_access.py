"""An independent reviewing officer sees the looked-after children whose reviews they chair."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.models import AccessEvent
from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.tests.factories import ChildFactory
from casebook.looked_after import services
from casebook.looked_after.tests.factories import looked_after


def _summary(child):
    return reverse("children:summary", args=[child.casebook_id])


def test_the_review_chair_sees_the_child_and_another_iro_does_not(client, world):
    worker, iro = world["other_team_worker"], world["iro"]
    child = ChildFactory(date_of_birth=timezone.localdate() - timedelta(days=365 * 9))
    today = timezone.localdate()
    looked_after(child, worker, start=today - timedelta(days=40))
    client.force_login(iro)
    assert client.get(_summary(child)).status_code == 404  # not yet chairing anything for this child

    services.review_record(child=child, review_date=today - timedelta(days=10), participation="PN1", chair=iro,
                           acting_user=worker)
    assert client.get(_summary(child)).status_code == 200
    assert AccessEvent.objects.filter(user=iro, child=child).count() == 1
    client.force_login(UserFactory(role=Role.IRO))
    assert client.get(_summary(child)).status_code == 404
    client.force_login(world["iro"])
    assert client.get(_summary(world.child)).status_code == 404  # a child they do not chair for

    services.period_end(child=child, end_date=today - timedelta(days=1), reason_ceased="E11", acting_user=worker)
    assert client.get(_summary(child)).status_code == 404  # no longer looked after: the team's rules decide
