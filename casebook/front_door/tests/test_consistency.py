"""The threshold consistency figures on a hand-built front door."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
from casebook.children.tests.factories import ChildFactory
from casebook.front_door.selectors import threshold_consistency
from casebook.front_door.tests import factories
from casebook.front_door.tests.factories import at


@pytest.fixture
def front_door(db):
    area = ServiceAreaFactory(name="Front door")
    mash = TeamFactory(name="MASH", service_area=area, is_front_door=True)
    north = TeamFactory(name="MASH North", service_area=area, is_front_door=True)
    w1 = UserFactory(first_name="Ann", last_name="Able", role=Role.MASH_WORKER, team=mash)
    w2 = UserFactory(first_name="Ben", last_name="Baker", role=Role.MASH_WORKER, team=mash)
    w3 = UserFactory(first_name="Cal", last_name="Cole", role=Role.MASH_WORKER, team=north)
    back_soon, back_later = ChildFactory(), ChildFactory()

    def decide(worker, outcome, rag, day, child=None):
        received = at(2025, 1, day, 9, 30)
        factories.decided(by=worker, outcome=outcome, rag=rag, children=[child or ChildFactory()],
                          received_at=received, decided_at=received + timedelta(hours=2),
                          primary_need="N1" if outcome in ("cin", "cp") else "")

    decide(w1, "cin", "red", 6)
    decide(w1, "cin", "amber", 7)
    decide(w1, "nfa", "green", 8, back_soon)
    decide(w2, "early_help", "amber", 9)
    decide(w3, "nfa", "green", 10, back_later)
    decide(w3, "nfa", "green", 13)
    decide(w3, "nfa", "green", 2)  # before the period: not counted
    factories.contact(by=w1, children=[back_soon], received_at=at(2025, 2, 7, 11))  # 30 days later
    factories.contact(by=w1, children=[back_later], received_at=at(2025, 7, 29, 11))  # 200 days later
    return {"w1": w1, "w2": w2, "w3": w3}


def test_consistency_figures(front_door):
    report = threshold_consistency(start=date(2025, 1, 3), end=date(2025, 1, 31))
    makers = {b.label: b for b in report["makers"]}
    assert makers["Ann Able"].total == 3 and makers["Ann Able"].by_outcome == {"cin": 2, "nfa": 1}
    assert makers["Ann Able"].by_rag == {"red": 1, "amber": 1, "green": 1}
    assert makers["Ann Able"].share(makers["Ann Able"].by_outcome, "cin") == 66.7
    assert makers["Cal Cole"].by_outcome == {"nfa": 2}
    teams = report["team_by_name"]
    assert teams["MASH"].total == 4 and teams["MASH"].by_outcome == {"cin": 2, "nfa": 1, "early_help": 1}
    assert teams["MASH North"].total == 2
    assert report["whole"].total == 6 and report["whole"].share(report["whole"].by_outcome, "nfa") == 50.0
    returns = {row["outcome"]: row for row in report["returns"]}
    assert (returns["nfa"]["children"], returns["nfa"]["back_3"], returns["nfa"]["back_12"]) == (3, 1, 2)
    assert returns["nfa"]["share_3"] == 33.3 and returns["nfa"]["share_12"] == 66.7
    assert (returns["cin"]["children"], returns["cin"]["back_12"]) == (2, 0)


def test_consistency_page_and_csv(client, front_door, world):
    client.force_login(world["service_manager"])
    query = {"start-day": 3, "start-month": 1, "start-year": 2025, "end-day": 31, "end-month": 1, "end-year": 2025}
    page = client.get(reverse("front_door:consistency"), query)
    assert page.status_code == 200 and "Ann Able" in page.content.decode()
    response = client.get(reverse("front_door:consistency-csv"), query)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    whole = next(r for r in rows if r and r[0] == "Whole front door")
    assert whole[3] == "6"
    nfa = next(r for r in rows if r and r[0] == "No further action")
    assert nfa[1:] == ["3", "1", "33.3", "2", "66.7"]
    bad = client.get(reverse("front_door:consistency"), {**query, "end-year": 2024})
    assert "End of the period must be on or after the start" in bad.content.decode()
