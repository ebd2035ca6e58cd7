"""Front door records built through the real services, with synthetic data."""

from datetime import datetime, timedelta

from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
from casebook.front_door import services


def at(y, m, d, hh=10, mm=0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, mm), timezone.get_current_timezone())


def front_door_team():
    return TeamFactory(name="MASH", service_area=ServiceAreaFactory(name="Front door"), is_front_door=True)


def front_door_manager(team=None, email="mash.manager@example.gov.uk"):
    return UserFactory(email=email, role=Role.TEAM_MANAGER, team=team or front_door_team())


def contact(*, by, children=(), received_at=None, source="2A", rag="", **extra):
    made = services.contact_create(
        acting_user=by, received_at=received_at or timezone.now() - timedelta(hours=2), source=source,
        referrer_name="A Teacher", referrer_organisation="Northmoor Primary", concern="Bruising seen on the arm",
        consent_obtained=True, **extra)
    for child in children:
        services.contact_link_child(contact=made, child=child, acting_user=by)
    if rag:
        services.contact_triage(contact=made, rag=rag, rag_reason="Injury to a young child", acting_user=by)
    return made


def decided(*, by, outcome="cin", decided_at=None, primary_need="N1", **kwargs):
    made = contact(by=by, rag=kwargs.pop("rag", "amber"), **kwargs)
    return services.contact_decide(contact=made, outcome=outcome, decision_reasons="Needs an assessment",
                                   level_of_need="3", primary_need=primary_need,
                                   decided_at=decided_at or made.received_at + timedelta(hours=1), acting_user=by)


def signed_off(*, by, manager, **kwargs):
    made = decided(by=by, **kwargs)
    return services.contact_sign_off(contact=made, acting_user=manager)
