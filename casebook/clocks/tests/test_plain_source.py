"""What a worker reads about a timescale: words, not setting names or validation rule codes."""

import pytest

from casebook.clocks import timescales
from casebook.clocks.timescales import Timescale, Unit


@pytest.mark.parametrize("source, plain", [
    ("Local standard: a child on a plan is seen at least every 10 working days (setting CP_VISIT_WORKING_DAYS)",
     "Local standard: a child on a plan is seen at least every 10 working days"),
    ("Working Together to Safeguard Children 2023, chapter 2: within 45 working days of the referral; "
     "CIN census rule 8670Q",
     "Working Together to Safeguard Children 2023, chapter 2: within 45 working days of the referral"),
    ("the first review within 10 working days. Other areas set 20 working days (TIMESCALE_OVERRIDES)",
     "the first review within 10 working days. Other areas set 20 working days"),
    ("CPPCR 2010 reg 33(1)(a): within 20 working days of becoming looked after",
     "CPPCR 2010 reg 33(1)(a): within 20 working days of becoming looked after"),
])
def test_plain_source_drops_setting_names_and_rule_codes(source, plain):
    assert Timescale("x", "X", 1, Unit.WEEKS, source).plain_source == plain


def test_no_registered_timescale_shows_a_worker_a_setting_name_or_rule_code():
    import re

    for timescale in timescales.all_timescales():
        assert not re.search(r"[A-Z]+_[A-Z_]+|rule \d{4}", timescale.plain_source), timescale.item


@pytest.mark.django_db
def test_child_summary_timescales_are_in_plain_words(client, world):
    from casebook.clocks.services import clock_start

    from django.utils import timezone

    clock_start(child=world.child, item="cp_visit_10wd", started=timezone.localdate())
    client.force_login(world["allocated_worker"])
    body = client.get(f"/children/{world.child.casebook_id}/").content.decode()
    assert "Child protection visit" in body
    assert "seen at least every 10 working days" in body
    assert "CP_VISIT_WORKING_DAYS" not in body and "setting" not in body
