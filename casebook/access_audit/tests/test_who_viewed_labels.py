"""'Who has viewed' speaks the user's language: role labels and page names, not internal names."""

from django.urls import reverse

from casebook.access_audit.page_labels import PAGE_LABELS
from casebook.access_audit.tests.test_url_access import URLS


def test_every_child_page_has_a_label_in_the_access_log():
    pages = {callback.casebook_access.page for _, _, callback, _ in URLS
             if getattr(callback, "casebook_access", None) and callback.casebook_access.kind == "child"}
    assert pages, "the URL walk found no child pages"
    missing = sorted(pages - PAGE_LABELS.keys())
    assert not missing, f"child pages without a label in access_audit/page_labels.py: {missing}"


def test_who_viewed_shows_role_labels_and_page_names(client, world):
    child = world.child
    client.force_login(world["team_manager"])
    client.get(reverse("children:chronology", args=[child.casebook_id]))
    client.post(reverse("oversight:record", args=[child.casebook_id]), {})
    body = client.get(reverse("access_audit:who-viewed", args=[child.casebook_id])).content.decode()
    assert "Team manager" in body
    assert "Teammanager" not in body
    assert "Chronology" in body and "child-chronology" not in body
    assert "Record management oversight (saved a change)" in body
    assert "oversight-record" not in body and "(POST)" not in body
