"""The bench harness: pages are registered, each answers on a small demo database, and the
table flags a query count that grows with the data."""

from datetime import date

import pytest

from bench.__main__ import table
from bench.registry import all_pages
from bench.run import BenchContext, measure
from casebook.demo import loader


def test_pages_are_registered_for_the_foundation():
    names = {page.name for page in all_pages()}
    assert {"Home", "Child search (surname)", "Child summary", "Child chronology", "Record history",
            "Who has viewed"} <= names


@pytest.mark.django_db
def test_every_registered_page_answers_on_a_demo_database(client, tmp_path):
    loader.load(children=30, seed=1, today=date(2026, 3, 2), logins_file=tmp_path / "logins.json")
    ctx = BenchContext.from_database()
    assert ctx.child.allocated_worker_id
    assert ctx.user_for("social_worker").pk == ctx.child.allocated_worker_id
    assert ctx.user_for("team_manager").team_id == ctx.child.allocated_team_id
    for page in all_pages():
        client.force_login(ctx.user_for(page.role))
        response = getattr(client, page.method.lower())(page.url(ctx))
        assert response.status_code == 200, f"{page.name} ({page.url(ctx)}) answered {response.status_code}"
    results = measure(all_pages(), ctx, requests=2, warmup=1)
    assert all(r["status"] == 200 and r["queries"] > 0 and r["p95_ms"] >= r["p50_ms"] > 0 for r in results)


def test_table_flags_growing_query_counts_and_slow_pages():
    def run(queries, p95):
        return {"pages": [{"page": "Child summary", "status": 200, "queries": queries, "p50_ms": 5.0, "p95_ms": p95}]}

    text, flags = table([600, 60000], {600: run(12, 20.0), 60000: run(14, 140.0)})
    assert "queries@600" in text and "queries@60000" in text
    assert flags == ["Child summary: queries grow with data", "Child summary: p95 over 100 ms at 60000"]
    _, none = table([600, 60000], {600: run(12, 20.0), 60000: run(12, 30.0)})
    assert none == []


@pytest.mark.django_db
def test_before_runs_before_every_request(world):
    from bench.registry import BenchPage

    calls = []
    page = BenchPage("Home", role="social_worker", url=lambda ctx: "/", before=lambda: calls.append(1))
    ctx = BenchContext(child=world.child, _users={"social_worker": world["allocated_worker"]})
    [result] = measure([page], ctx, requests=3, warmup=2)
    assert result["status"] == 200
    assert len(calls) == 2 + 1 + 3  # the warm-ups, the counted request, the timed ones
