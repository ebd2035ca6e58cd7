"""What the MASH pages say: one heading per question, the other agency's name asked 'if Other',
the contact's time at the front door in words, and a time typed as people write it."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory
from casebook.front_door.models import Contact
from casebook.front_door.tests import factories


def _url(child, contact, name):
    return reverse(name, kwargs={"child_id": child.casebook_id, "contact_id": contact.pk})


def test_the_rag_form_says_rag_rating_once(client, world):
    child = ChildFactory()
    contact = factories.contact(by=world["mash_worker"], children=[child])
    client.force_login(world["mash_worker"])
    body = client.get(_url(child, contact, "front_door:contact-rag")).content.decode()
    main = body[body.index("<main"):]
    assert len(re.findall(r">\s*RAG rating\s*<", main)) == 1  # the question's legend only
    assert "Rate the contact" in main


def test_the_other_agency_name_says_it_is_only_for_other(client, world):
    child = ChildFactory()
    contact = factories.contact(by=world["mash_worker"], children=[child])
    client.force_login(world["mash_worker"])
    body = client.get(_url(child, contact, "front_door:check-add")).content.decode()
    assert "If Other, name of the agency" in body and "Name of the other agency" not in body

    today = timezone.localdate()
    date = {"requested_on-day": today.day, "requested_on-month": today.month, "requested_on-year": today.year}
    form_token = re.search(r'name="form_token" value="([^"]+)"', body).group(1)
    response = client.post(_url(child, contact, "front_door:check-add"),
                           {"agency": "other", "agency_other": "", "form_token": form_token, **date})
    assert "Enter the name of the other agency" in response.content.decode()
    response = client.post(_url(child, contact, "front_door:check-add"),
                           {"agency": "other", "agency_other": "Youth Offending Service", "form_token": form_token,
                            **date})
    assert response.status_code == 302
    assert contact.checks.get().agency_name == "Youth Offending Service"


def test_the_contact_page_says_when_it_came_in_and_when_the_decision_is_due(client, world):
    child = ChildFactory()
    contact = factories.contact(by=world["mash_worker"], children=[child], rag="amber")
    client.force_login(world["mash_worker"])
    body = client.get(_url(child, contact, "front_door:contact")).content.decode()
    timing = re.search(r'id="contact-timing">([^<]+)<', body).group(1)
    assert re.fullmatch(r"Received (less than a working hour|\d+ working hours?|\d+ working days) ago "
                        r"\((decision due by|decision overdue: it was due by) 17:00 .+\)", timing), timing
    assert "working hours (" not in body


def test_a_contact_received_at_9_30am_is_accepted(client, world):
    client.force_login(world["mash_worker"])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.get(reverse("front_door:contact-create"))
    form_token = re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)
    response = client.post(reverse("front_door:contact-create"), {
        "received_on-day": yesterday.day, "received_on-month": yesterday.month, "received_on-year": yesterday.year,
        "received_time": "9.30am", "source": "2A", "referrer_name": "A Teacher", "concern": "Bruising on the arm",
        "consent": "yes", "form_token": form_token})
    assert response.status_code == 302
    received = timezone.localtime(Contact.objects.get().received_at)
    assert (received.date(), received.hour, received.minute) == (yesterday, 9, 30)
