"""URL kwargs for the access walker. Contacts about the world's child are closed (signed off,
no further action), so they grant the front door nothing: expected access is the core rules'."""

from casebook.front_door.tests import factories


def _closed_contact(world):
    return factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"],
                                children=[world.child], outcome="nfa", primary_need="")


def _contact(world):
    return {"child_id": world.child.casebook_id, "contact_id": _closed_contact(world).pk}


def _check(world):
    contact = factories.contact(by=world["mash_worker"], children=[world.child], rag="green")
    from django.utils import timezone

    from casebook.front_door.services import contact_decide, contact_sign_off, partner_check_request

    check = partner_check_request(contact=contact, agency="police", requested_on=timezone.localdate(),
                                  acting_user=world["mash_worker"])
    contact_decide(contact=contact, outcome="nfa", decision_reasons="No concerns", level_of_need="1",
                   decided_at=timezone.now(), acting_user=world["mash_worker"])
    contact_sign_off(contact=contact, acting_user=world["head_of_service"])
    return {"child_id": world.child.casebook_id, "contact_id": contact.pk, "check_id": check.pk}


SAMPLES = {
    "front_door:contact-children": lambda world: {"contact_id": factories.contact(by=world["mash_worker"]).pk},
    "front_door:contact": _contact,
    "front_door:contact-rag": _contact,
    "front_door:check-add": _contact,
    "front_door:contact-decision": _contact,
    "front_door:contact-sign-off": _contact,
    "front_door:check-answer": _check,
}
