"""The service navigation: what a signed-in user sees, and that every link leads somewhere they may go."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from casebook.core.navigation import items_for
from conftest import ALL_PERSONAS


def _nav_labels(body):
    nav = re.search(r'<ul class="govuk-service-navigation__list" id="navigation">(.*?)</ul>', body, re.DOTALL).group(1)
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'<a class="govuk-service-navigation__link"[^>]*>(.*?)</a>', nav)]


def test_a_social_worker_sees_home_and_find_a_child(client, world):
    client.force_login(world["allocated_worker"])
    labels = _nav_labels(client.get(reverse("core:home")).content.decode())
    assert labels[0] == "Home" and "Find a child" in labels
    assert "Emergency access" not in labels


def test_managers_and_auditors_see_the_emergency_access_report(client, world):
    for persona in ("team_manager", "auditor"):
        client.force_login(world[persona])
        assert "Emergency access" in _nav_labels(client.get(reverse("core:home")).content.decode())


def test_the_current_section_is_marked(client, world):
    client.force_login(world["allocated_worker"])
    body = client.get(reverse("children:chronology", args=[world.child.casebook_id])).content.decode()
    assert re.search(r'aria-current="true"><strong class="govuk-service-navigation__active-fallback">Find a child', body)


def test_signed_out_pages_have_no_navigation(client, db):
    body = client.get(reverse("accounts:sign-in")).content.decode()
    assert 'id="navigation"' not in body and "Sign out" not in body


def _section_links(body):
    found = re.search(r'<nav class="app-section-nav" aria-label="Pages in this section">(.*?)</nav>', body, re.DOTALL)
    if not found:
        return {}
    return {label: url for url, label in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', found.group(1))}


def _destinations(client, user) -> dict[str, str]:
    """Every page the user reaches from the menu in at most two clicks through it: the menu's own
    links and the links under the menu on each of those pages."""
    request = RequestFactory().get("/")
    request.user = user
    client.force_login(user)
    found = {}
    for item in items_for(request):
        found[item["label"]] = item["url"]
        found.update(_section_links(client.get(item["url"]).content.decode()))
    return found


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_every_navigation_link_leads_to_a_page_the_user_may_see(client, world, persona):
    for label, url in _destinations(client, world[persona]).items():
        status = client.get(url).status_code
        assert status == 200, f"{persona}: {label} ({url}) gave {status}"


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_every_page_registered_for_the_user_is_within_two_clicks(client, world, persona):
    """A page moved off the menu onto a hub is still reached: menu, then the link under the menu."""
    from casebook.core.navigation import _items, may_open

    user = world[persona]
    expected = {item.label: reverse(item.url_name) for item in _items.values()
                if item.visible(user) and may_open(user, item.url_name)}
    assert _destinations(client, user) == expected


def test_a_page_listed_on_a_hub_is_off_the_menu_and_marks_the_hub(client, world):
    client.force_login(world["head_of_service"])
    body = client.get(reverse("child_protection:panel-review")).content.decode()
    labels = _nav_labels(body)
    assert "Panel review" not in labels and "Plan quality" not in labels and "Drift and delay" in labels
    assert re.search(r'aria-current="true"><strong class="govuk-service-navigation__active-fallback">Drift and delay',
                     body)
    assert list(_section_links(body)) == ["Drift and delay", "Panel review", "Missing episodes", "Plan quality"]
    assert re.search(r'aria-current="true">Panel review</a>', body)
    # Without the hub in their menu (an administrator has no Drift and delay) a page stays in the menu.
    client.force_login(world["administrator"])
    labels = _nav_labels(client.get(reverse("core:home")).content.decode())
    assert "Workforce" in labels and "Access review" in labels and "Caseloads" not in labels


def test_may_open_reads_the_pages_access_declaration(world):
    from casebook.core.navigation import may_open

    assert may_open(world["team_manager"], "workforce:caseloads")
    assert not may_open(world["administrator"], "workforce:caseloads")
    assert may_open(world["administrator"], "workforce:workers")
    assert not may_open(world["allocated_worker"], "workforce:workers")
    assert may_open(world["allocated_worker"], "core:home")
    assert not may_open(world["allocated_worker"], "no-such:page")


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_pages_in_the_navigation_link_only_to_role_pages_the_user_may_open(client, world, persona):
    """Every link on every navigation page that goes to a page restricted by role is one the user
    may open (an administrator was offered Caseloads from the Workforce page and got 403)."""
    from django.urls import Resolver404, resolve

    user = world[persona]
    for url in set(_destinations(client, user).values()):
        body = client.get(url).content.decode()
        for href in set(re.findall(r'href="(/[^"?#]*)', body)):
            try:
                spec = getattr(resolve(href).func, "casebook_access", None)
            except Resolver404:
                continue
            if spec is not None and spec.kind == "roles":
                assert user.role in spec.roles, f"{persona}: {url} links to {href}, which refuses them"
