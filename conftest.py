"""Fixtures shared by every app's tests: named personas around one allocated child, and the
browser (Debian's chromium driven by Playwright)."""

import datetime
import os
from dataclasses import dataclass

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM is safe here (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Personas, each differing from the allocated worker only in their relationship to the child.
# Expected answers for "may see the child" are written out here, independently of the rules.
CHILD_VIEWERS = frozenset({
    "allocated_worker", "team_colleague", "team_manager", "service_manager",
    "head_of_service", "auditor", "performance_analyst",
})
ALL_PERSONAS = (
    "allocated_worker", "team_colleague", "team_manager", "service_manager", "head_of_service", "auditor",
    "performance_analyst", "other_team_worker", "other_team_manager", "other_service_manager", "mash_worker",
    "iro", "administrator",
)
CHILD_MANAGERS = frozenset({"team_manager", "service_manager", "head_of_service"})


@dataclass
class World:
    personas: dict
    child: object
    teams: dict

    def __getitem__(self, name):
        return self.personas[name]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the leaders' overview keeps its live week there for a
    few minutes, which would otherwise carry one test's figures into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    from casebook.accounts.models import Role
    from casebook.accounts.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
    from casebook.children.tests.factories import ChildFactory, allocate

    safeguarding = ServiceAreaFactory(name="Safeguarding")
    in_care = ServiceAreaFactory(name="Children in care")
    front = ServiceAreaFactory(name="Front door")
    teams = {
        "east": TeamFactory(name="Safeguarding East", service_area=safeguarding),
        "west": TeamFactory(name="Safeguarding West", service_area=safeguarding),
        "care": TeamFactory(name="Children in Care", service_area=in_care),
        "mash": TeamFactory(name="MASH", service_area=front, is_front_door=True),
    }
    spec = {
        "allocated_worker": (Role.SOCIAL_WORKER, "east", None),
        "team_colleague": (Role.SENIOR_PRACTITIONER, "east", None),
        "team_manager": (Role.TEAM_MANAGER, "east", None),
        "service_manager": (Role.SERVICE_MANAGER, None, safeguarding),
        "head_of_service": (Role.HEAD_OF_SERVICE, None, None),
        "auditor": (Role.AUDITOR, None, None),
        "performance_analyst": (Role.PERFORMANCE_ANALYST, None, None),
        "other_team_worker": (Role.SOCIAL_WORKER, "care", None),
        "other_team_manager": (Role.TEAM_MANAGER, "care", None),
        "other_service_manager": (Role.SERVICE_MANAGER, None, in_care),
        "mash_worker": (Role.MASH_WORKER, "mash", None),
        "iro": (Role.IRO, None, None),
        "administrator": (Role.ADMINISTRATOR, None, None),
    }
    personas = {
        name: UserFactory(email=f"{name}@example.gov.uk", role=role, team=teams[team] if team else None,
                          service_area=area, is_staff=(role == Role.ADMINISTRATOR))
        for name, (role, team, area) in spec.items()
    }
    # A fixed date of birth: rules that depend on age (review participation, health checks) must
    # not change from run to run.
    child = ChildFactory(first_names="Jordan", last_name="Smith", date_of_birth=datetime.date(2015, 6, 15))
    allocate(child, personas["allocated_worker"])
    return World(personas=personas, child=child, teams=teams)


# ---- Browser -------------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    yield page
    context.close()


@pytest.fixture
def sign_in_as(page, live_server, client):
    """Put a signed-in session for `user` into the browser (the sign-in form has its own test)."""
    from django.conf import settings

    def _sign_in(user):
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        return page

    return _sign_in


def assert_accessible(page):
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    violations = results.response["violations"]
    assert not violations, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


@pytest.fixture
def accessible():
    return assert_accessible
