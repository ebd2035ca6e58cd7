"""Analysts and auditors read children's records but do not record on them: following every link
on a well-recorded child's pages, they never reach a page with a recording form. (The refusal of
their POSTs is tested in test_recording_access.py; this checks that pages do not offer what would
be refused.)"""

import re
from datetime import date

import pytest
from django.test import Client

from bench.run import BenchContext
from casebook.demo import loader

POST_FORM = re.compile(r'<form[^>]*method="post"', re.IGNORECASE)


@pytest.mark.django_db
def test_read_only_roles_are_not_led_to_recording_forms(tmp_path):
    loader.load(children=30, seed=1, today=date.today(), logins_file=tmp_path / "logins.json")
    ctx = BenchContext.from_database()  # the showcase child: plans, care, visits, conferences
    start = f"/children/{ctx.child.casebook_id}/"
    for role in ("performance_analyst", "auditor"):
        client = Client()
        client.force_login(ctx.user_for(role))
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
            if POST_FORM.search(main) and "/audits/" not in url:  # auditors record case file audits
                offered[url] = response.request["PATH_INFO"]
            queue.extend({href.split("#")[0].split("?")[0] for href in re.findall(r'href="([^"]+)"', main)
                          if href.startswith(start)} - seen)
        assert len(seen) > 15, f"{role} reached only {sorted(seen)}"
        assert offered == {}, f"{role} is offered recording forms at {sorted(offered)}"
