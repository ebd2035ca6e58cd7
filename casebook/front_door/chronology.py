"""Contacts and MASH decisions on the child's chronology (referrals come from episodes,
allocations from children)."""

from django.urls import reverse

from casebook.core import chronology
from casebook.front_door.models import Contact, DecisionReturn


def _contacts(child):
    return Contact.objects.filter(links__child=child).select_related("recorded_by", "decided_by", "signed_off_by")


def _url(child, contact):
    return reverse("front_door:contact", kwargs={"child_id": child.casebook_id, "contact_id": contact.pk})


def contact_entries(child):
    for contact in _contacts(child):
        yield chronology.Entry(
            when=contact.received_at, kind="contact", title=f"Contact from {contact.get_source_display()}",
            detail=contact.referrer_organisation, by=contact.recorded_by.full_name if contact.recorded_by else "",
            url=_url(child, contact))


def decision_entries(child):
    for contact in _contacts(child).filter(decided_at__isnull=False):
        yield chronology.Entry(
            when=contact.decided_at, kind="mash_decision",
            title=f"MASH decision: {contact.get_outcome_display()} ({contact.get_rag_display()})",
            detail=contact.get_level_of_need_display(), by=contact.decided_by.full_name if contact.decided_by else "",
            url=_url(child, contact))
        if contact.signed_off_at:
            yield chronology.Entry(
                when=contact.signed_off_at, kind="mash_decision", title="MASH decision signed off",
                by=contact.signed_off_by.full_name if contact.signed_off_by else "", url=_url(child, contact))

    # A decision a manager sent back: the decision as it was, then the return and its reason.
    returns = (DecisionReturn.objects.filter(contact__links__child=child)
               .select_related("contact", "decided_by", "returned_by"))
    for returned in returns:
        url = _url(child, returned.contact)
        yield chronology.Entry(
            when=returned.decided_at, kind="mash_decision",
            title=f"MASH decision: {returned.get_outcome_display()} ({returned.contact.get_rag_display()})",
            detail=returned.get_level_of_need_display(),
            by=returned.decided_by.full_name if returned.decided_by else "", url=url)
        yield chronology.Entry(
            when=returned.returned_at, kind="mash_decision", title="MASH decision sent back by a manager",
            detail=returned.reason, by=returned.returned_by.full_name, url=url)


chronology.register("contact", "Contacts", contact_entries)
chronology.register("mash_decision", "MASH decisions", decision_entries)
