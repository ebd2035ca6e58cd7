"""The finalisation rule, the child-centred rules and the "improving but no change" flag."""

from datetime import date
from types import SimpleNamespace

import pytest

from casebook.plans import quality

NAMES = ["", "Jordan"]


def goal(outcome="Jordan feels safe at home", measure="Jordan says so at each visit", target=date(2025, 9, 1),
         owner="Social worker"):
    return SimpleNamespace(outcome=outcome, measure=measure, target_date=target, owner=owner)


@pytest.mark.parametrize("outcome", [
    "Jordan will sleep in a clean, warm bed every night",
    "Jordan goes to school every day and is collected on time",
    "Feels safe when dad visits",  # the child's experience, without the name
    "I want to live with my nan",  # the child's own words
    "Jordan is collected from school on time because mum completed the parenting course",
])
def test_child_centred_outcomes_pass(outcome):
    assert quality.child_centred_flags(outcome, child_names=NAMES) == []


@pytest.mark.parametrize("outcome, message", [
    ("Mum to attend parenting course", "reads as a service for adults"),
    ("Parents engage with the drug and alcohol service", "reads as a service for adults"),
    ("Dad to comply with the written agreement", "reads as a service for adults"),
    ("Reduce the family's rent arrears", "does not say what will be different for Jordan"),
    ("Housing to repair the boiler", "does not say what will be different for Jordan"),
])
def test_outcomes_that_are_not_child_centred_are_flagged_with_the_reason(outcome, message):
    flags = quality.child_centred_flags(outcome, child_names=NAMES)
    assert len(flags) == 1 and message in flags[0]


def test_the_known_as_name_counts_as_naming_the_child():
    assert quality.child_centred_flags("JJ has his own bed", child_names=["JJ", "Jordan"]) == []


def test_finalisation_lists_exactly_what_each_goal_lacks():
    goals = [goal(), goal(measure=""), goal(outcome="", target=None, owner="")]
    assert quality.finalisation_gaps(goals) == [
        "Goal 2 needs how we will know (the measure)",
        "Goal 3 needs what will be different for the child (the outcome), a target date and who is responsible",
    ]
    assert quality.finalisation_gaps([goal(), goal()]) == []
    assert quality.finalisation_gaps([]) == ["Add at least one goal"]


def test_quality_is_the_share_of_goals_complete_and_child_centred():
    goals = [goal(), goal(measure=""), goal(outcome="Mum to attend parenting course"), goal()]
    q = quality.plan_quality(goals, child_names=NAMES)
    assert (q.good, q.goals, q.percent, q.has_gaps) == (2, 4, 50, True)
    assert not quality.plan_quality([goal()], child_names=NAMES).has_gaps
    assert quality.plan_quality([], child_names=NAMES).has_gaps


@pytest.mark.parametrize("improving, scores, previous, achieved, flagged", [
    (True, {1: 4, 2: 3}, {1: 4, 2: 5}, set(), True),   # one unchanged, one worse: flagged
    (True, {1: 4, 2: 4}, {1: 4, 2: 4}, set(), True),   # nothing moved: flagged
    (True, {1: 5, 2: 3}, {1: 4, 2: 5}, set(), False),  # one goal rose: evidence of change
    (False, {1: 2}, {1: 4}, set(), False),              # not said to be improving
    (True, {1: 2}, {}, set(), False),                   # first review: nothing to compare
    (True, {1: 8}, {1: 8}, {1}, False),                 # newly achieved counts as change
])
def test_improving_without_change(improving, scores, previous, achieved, flagged):
    assert quality.improving_without_change(improving=improving, scores=scores, previous=previous,
                                            achieved=achieved) is flagged
