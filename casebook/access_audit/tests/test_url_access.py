"""Walk every URL pattern in the project and check who gets in.

Each view must declare its access (casebook.access_audit.decorators). A page added later
without a declaration, or a child page with extra URL arguments and no sample in its app's
`tests/access_samples.py`, fails here. Expected answers come from the persona tables in
conftest.py, written independently of the rules under test.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import casebook
from casebook.access_audit.models import AccessEvent
from conftest import ALL_PERSONAS, CHILD_MANAGERS, CHILD_VIEWERS

AUDIENCE_EXPECTED = {
    "child": CHILD_VIEWERS,
    "child-managers": CHILD_MANAGERS,
    "information-governance": frozenset({"head_of_service", "auditor"}),
    # The child's own team manager and service manager may not audit it (conflict of interest).
    "case-audit": frozenset({"head_of_service", "auditor"}),
}
EXEMPT_NAMESPACES = {"admin"}  # the Django admin has its own test (administrators only)


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}", prefix + str(p.pattern), p.callback, list(p.pattern.converters)


def all_urls():
    return [u for u in _walk(get_resolver().url_patterns) if u[0].split(":")[0] not in EXEMPT_NAMESPACES]


def _samples():
    samples = {}
    for module in pkgutil.iter_modules(casebook.__path__):
        try:
            mod = importlib.import_module(f"casebook.{module.name}.tests.access_samples")
        except ModuleNotFoundError:
            continue
        samples.update(mod.SAMPLES)
    return samples


SAMPLES = _samples()
URLS = all_urls()


def test_every_view_declares_its_access():
    missing = [name for name, _, callback, _ in URLS if not hasattr(callback, "casebook_access")]
    assert not missing, f"views without an access declaration: {missing}"


def test_every_url_with_arguments_has_a_sample():
    missing = []
    for name, _, callback, args in URLS:
        spec = callback.casebook_access
        extra = set(args) - ({"child_id"} if spec.kind == "child" else set())
        if extra and name not in SAMPLES:
            missing.append(name)
    assert not missing, f"add these to an access_samples.py: {missing}"


def _kwargs(name, args, world):
    if name in SAMPLES:
        return SAMPLES[name](world)
    return {"child_id": world.child.casebook_id} if "child_id" in args else {}


CHILD_CASES = [(n, p) for n, _, cb, _ in URLS if getattr(cb, "casebook_access", None) and cb.casebook_access.kind == "child"
               for p in ALL_PERSONAS]
ROLE_CASES = [(n, p) for n, _, cb, _ in URLS if getattr(cb, "casebook_access", None) and cb.casebook_access.kind == "roles"
              for p in ALL_PERSONAS]
_BY_NAME = {n: (cb, args) for n, _, cb, args in URLS}


@pytest.mark.parametrize(("url_name", "persona"), CHILD_CASES)
def test_child_page_access(client, world, url_name, persona):
    callback, args = _BY_NAME[url_name]
    url = reverse(url_name, kwargs=_kwargs(url_name, args, world))
    client.force_login(world[persona])
    before = AccessEvent.objects.filter(child=world.child).count()
    status = client.get(url).status_code
    written = AccessEvent.objects.filter(child=world.child).count() - before
    if persona in AUDIENCE_EXPECTED[callback.casebook_access.audience]:
        assert status not in (403, 404) and status < 500, f"{persona} should reach {url_name}, got {status}"
        assert written == 1, f"{url_name} wrote {written} access events for one view"
    else:
        assert status == 404, f"{persona} should get not found on {url_name}, got {status}"
        assert written == 0


@pytest.mark.parametrize(("url_name", "persona"), ROLE_CASES)
def test_role_page_access(client, world, url_name, persona):
    callback, args = _BY_NAME[url_name]
    client.force_login(world[persona])
    status = client.get(reverse(url_name, kwargs=_kwargs(url_name, args, world))).status_code
    if world[persona].role in callback.casebook_access.roles:
        assert status not in (403, 404) and status < 500, f"{persona} should reach {url_name}, got {status}"
    else:
        assert status == 403, f"{persona} should be refused {url_name}, got {status}"


@pytest.mark.parametrize("url_name", [n for n, _, cb, _ in URLS if getattr(cb, "casebook_access", None)
                                      and cb.casebook_access.kind != "public"])
def test_nothing_but_public_pages_without_sign_in(client, world, url_name):
    callback, args = _BY_NAME[url_name]
    url = reverse(url_name, kwargs=_kwargs(url_name, args, world))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))


def test_public_pages_are_only_sign_in_signed_out_and_health():
    public = sorted(n for n, _, cb, _ in URLS if cb.casebook_access.kind == "public")
    assert public == sorted(["accounts:sign-in", "accounts:signed-out", "core:healthz", *PUBLIC_EXTRA])


# Password reset and two-factor verification pages are public by nature; list them as they land.
PUBLIC_EXTRA: list[str] = []


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_django_admin_is_for_administrators_only(client, world, persona):
    client.force_login(world[persona])
    response = client.get("/django-admin/")
    if persona == "administrator":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_restricted_child_is_visible_only_to_named_users(client, world, persona):
    from casebook.access_audit.services import restricted_grant_add

    child = world.child
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    restricted_grant_add(child=child, user=world["other_team_worker"], granted_by=world["head_of_service"])
    client.force_login(world[persona])
    status = client.get(reverse("children:summary", args=[child.casebook_id])).status_code
    assert status == (200 if persona == "other_team_worker" else 404)
