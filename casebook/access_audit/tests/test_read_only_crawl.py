"""Analysts and auditors read children's records but do not record on them, and an IRO records
only the reviews and conferences they chair: following every link on a well-recorded child's
pages, they never reach a page with a recording form they may not use. (The refusal of their
POSTs is tested in test_recording_access.py; this checks that pages do not offer what would be
refused.)"""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import resolve

from bench.run import BenchContext
from casebook.access_audit.selectors import CHAIRED_PAGES
from casebook.demo import loader

POST_FORM = re.compile(r'<form[^>]*method="post"', re.IGNORECASE)


def _offered_forms(user, start: str) -> tuple[set, dict]:
    """Every page under `start` reached by following links as `user`, and those with a POST form."""
    client = Client()
    client.force_login(user)
    seen, queue, offered = set(), [start], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        main = body[body.index("<main"):]
        if POST_FORM.search(main):
            offered[url] = resolve(url).func.casebook_access.page
        queue.extend({href.split("#")[0].split("?")[0] for href in re.findall(r'href="([^"]+)"', main)
                      if href.startswith(start)} - seen)
    return seen, offered


def _chair(child):
    """The IRO who chairs the child's looked-after reviews or child protection conferences."""
    from casebook.child_protection.models import Conference
    from casebook.looked_after.models import CareReview

    review = CareReview.objects.filter(child=child, chair__isnull=False).select_related("chair").first()
    conference = (Conference.objects.filter(child=child, chaired_by__isnull=False)
                  .select_related("chaired_by").first())
    return review.chair if review else conference.chaired_by if conference else None


@pytest.mark.django_db
def test_read_only_roles_are_not_led_to_recording_forms(tmp_path):
    loader.load(children=30, seed=1, today=date.today(), logins_file=tmp_path / "logins.json")
    ctx = BenchContext.from_database()  # the showcase child: plans, care, visits, conferences
    start = f"/children/{ctx.child.casebook_id}/"
    for role in ("performance_analyst", "auditor"):
        seen, offered = _offered_forms(ctx.user_for(role), start)
        offered = {url: page for url, page in offered.items()
                   if "/audits/" not in url}  # auditors record case file audits
        assert len(seen) > 15, f"{role} reached only {sorted(seen)}"
        assert offered == {}, f"{role} is offered recording forms at {sorted(offered)}"
    chair = _chair(ctx.child)
    assert chair is not None, "the showcase child has no chair"
    seen, offered = _offered_forms(chair, start)
    assert len(seen) > 15, f"the chair reached only {sorted(seen)}"
    assert set(offered.values()) <= CHAIRED_PAGES, f"the chair is offered recording forms at {offered}"
    assert set(offered.values()), "the chair is offered no review or conference to record"
