"""The awaiting-allocation queue: most urgent first (red, then child protection, then the longest
wait), filtered by team (a team manager starts on their own team and the children with no team
yet), decision and RAG, with the number of queries fixed."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.children.models import Child
from casebook.children.tests.factories import ChildFactory
from casebook.front_door.models import Contact
from casebook.front_door.tests import factories


def _waiting(world, *, days_ago, rag="amber", outcome="cin", team=None):
    child = ChildFactory()
    contact = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child],
                                   rag=rag, outcome=outcome)
    Contact.objects.filter(pk=contact.pk).update(signed_off_at=timezone.now() - timedelta(days=days_ago))
    if team is not None:
        Child.objects.filter(pk=child.pk).update(allocated_team=team)
    return child


def _order(table, children):
    found = [(table.index(c.casebook_id), c) for c in children if c.casebook_id in table]
    return [c for _i, c in sorted(found, key=lambda pair: pair[0])]


def test_most_urgent_first_and_filters(client, world):
    oldest = _waiting(world, days_ago=9)                                       # amber CIN, no team, 9 days
    red = _waiting(world, days_ago=2, rag="red")                               # red CIN, 2 days
    cp = _waiting(world, days_ago=1, outcome="cp")                             # amber CP, 1 day
    elsewhere = _waiting(world, days_ago=5, rag="green", team=world.teams["care"])  # another team's
    mine = _waiting(world, days_ago=3, team=world.teams["east"])               # the manager's own team
    everyone = [oldest, red, cp, elsewhere, mine]
    client.force_login(world["team_manager"])  # Safeguarding East

    def listed(**params):
        body = client.get(reverse("front_door:awaiting-allocation"), params).content.decode()
        return body, _order(body[body.index('id="awaiting-allocation"'):], everyone)

    body, rows = listed()
    assert rows == [red, cp, oldest, mine]  # own team and no team yet; red, then CP, then longest wait
    assert "Most urgent first: children from red contacts, then child protection decisions" in body
    assert '<option value="mine" selected>Safeguarding East and children with no team yet</option>' in body
    assert listed(team="all")[1] == [red, cp, oldest, elsewhere, mine]
    assert listed(team=str(world.teams["care"].pk))[1] == [elsewhere]
    assert listed(team="none")[1] == [red, cp, oldest]
    assert listed(team="all", outcome="cp")[1] == [cp]
    assert listed(team="all", rag="red")[1] == [red]
    assert listed(team="all", rag="green", outcome="cin")[1] == [elsewhere]
    # A manager with no team of their own starts on every team.
    client.force_login(world["head_of_service"])
    assert listed()[1] == [red, cp, oldest, elsewhere, mine]


def test_filtered_queue_queries_do_not_grow_with_rows(client, world):
    client.force_login(world["team_manager"])
    url = reverse("front_door:awaiting-allocation")
    params = {"team": "all", "outcome": "cin", "rag": "amber"}
    _waiting(world, days_ago=3)
    with CaptureQueriesContext(connection) as one:
        client.get(url, params)
    for days in range(4, 10):
        _waiting(world, days_ago=days, team=world.teams["west"])
    with CaptureQueriesContext(connection) as seven:
        body = client.get(url, params).content.decode()
    assert "7 children waiting" in body
    assert len(seven) == len(one)
