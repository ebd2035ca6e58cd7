"""Plan quality: what makes a goal complete, what makes it child-centred, and when a review's
"improving" judgement is not backed by the scores.

Source: Ofsted ILACS findings that plans lacked child-centred outcomes, measures and timescales,
and that decisions said things had improved with no evidence of sustained change. These rules are
deliberately simple and explainable: they flag a goal for the worker to reconsider and never
stop it being saved.

Child-centred rules (a goal's outcome, "what will be different for the child"):

1. It names the child or their experience: the child's first name or known-as name, or one of
   CHILD_EXPERIENCE_WORDS (for example "Jordan will sleep in their own bed every night" or
   "feels safe when dad visits" pass; "reduce the family's rent arrears" fails).
2. It is not only a service for adults: an outcome that uses one of ADULT_SERVICE_PHRASES
   (for example "Mum to attend parenting course") fails unless rule 1 also finds the child in it
   ("Jordan is collected from school on time because mum completed the parenting course" passes).
"""

import re
from dataclasses import dataclass

# What a child lives through, in the words plans tend to use. Whole words, case-insensitive.
CHILD_EXPERIENCE_WORDS = frozenset({
    "child", "baby", "feel", "feels", "feeling", "safe", "safer", "happy", "happier", "sleep", "sleeps", "bed",
    "bedroom", "school", "nursery", "play", "plays", "friends", "eat", "eats", "meals", "healthy", "teeth",
    "hurt", "scared", "worried", "cared", "loved", "routine", "childhood", "i", "me", "my",
})
# Adult services and compliance, which say what adults do rather than what changes for the child.
ADULT_SERVICE_PHRASES = (
    "attend", "engage", "engagement", "comply", "complete the", "completes the", "parenting course", "programme",
    "referral to", "refer to", "sessions", "appointments", "sign up", "assessment", "meeting",
)

NOT_NAMING_CHILD = "The outcome does not say what will be different for {name}: name {name} or their experience"
ADULT_SERVICE_ONLY = ("The outcome reads as a service for adults (such as \"attend parenting course\"), "
                      "not what will be different for {name}")


def child_centred_flags(outcome: str, *, child_names: list[str]) -> list[str]:
    """The child-centred rules a goal's outcome does not meet, as messages for the worker (empty if
    it meets them all). `child_names` are the child's first and known-as names."""
    text = (outcome or "").strip()
    name = next((n for n in child_names if n), "the child")
    if not text:
        return []  # a missing outcome is a completeness gap, reported once, there
    words = set(re.findall(r"[a-z']+", text.lower()))
    names = {w.lower() for n in child_names if n for w in n.split()}
    about_child = bool(words & names) or bool(words & CHILD_EXPERIENCE_WORDS)
    flags = []
    if not about_child:
        lowered = text.lower()
        if any(phrase in lowered for phrase in ADULT_SERVICE_PHRASES):
            flags.append(ADULT_SERVICE_ONLY.format(name=name))
        else:
            flags.append(NOT_NAMING_CHILD.format(name=name))
    return flags


def past_target(goal, *, today) -> bool:
    """The goal's target date has gone by and it is neither achieved nor set aside as no longer relevant."""
    return bool(goal.target_date and goal.target_date < today
                and goal.status not in ("achieved", "no_longer_relevant"))


def missing_parts(goal) -> list[str]:
    """What the finalisation rule needs from a goal and it lacks: outcome, measure, target date, owner."""
    missing = []
    if not goal.outcome.strip():
        missing.append("what will be different for the child (the outcome)")
    if not goal.measure.strip():
        missing.append("how we will know (the measure)")
    if goal.target_date is None:
        missing.append("a target date")
    if not goal.owner.strip():
        missing.append("who is responsible")
    return missing


def finalisation_gaps(goals) -> list[str]:
    """Everything stopping a plan being finalised, one line per goal, in goal order. A plan needs at
    least one goal, and every goal an outcome, a measure, a target date and an owner."""
    goals = list(goals)
    if not goals:
        return ["Add at least one goal"]
    gaps = []
    for number, goal in enumerate(goals, start=1):
        missing = missing_parts(goal)
        if missing:
            gaps.append(f"Goal {number} needs {_join(missing)}")
    return gaps


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True)
class Quality:
    goals: int
    good: int  # complete and child-centred

    @property
    def percent(self) -> int:
        return round(100 * self.good / self.goals) if self.goals else 0

    @property
    def has_gaps(self) -> bool:
        return self.goals == 0 or self.good < self.goals


def plan_quality(goals, *, child_names: list[str]) -> Quality:
    """The plan quality indicator: the share of goals that are complete and child-centred. Goals no
    longer relevant still count: they stay on the plan as written."""
    goals = list(goals)
    good = sum(1 for g in goals if not missing_parts(g) and not child_centred_flags(g.outcome, child_names=child_names))
    return Quality(goals=len(goals), good=good)


IMPROVING = 1
UNCHANGED = 0


def improving_without_change(*, improving: bool, scores: dict[int, int], previous: dict[int, int],
                             achieved: set[int] = frozenset()) -> bool:
    """The "improving but no change" flag: the review says the child's situation is improving, yet
    every goal that can be compared with the last review scored the same or lower and none was newly
    achieved. A first review (nothing to compare) is never flagged. Keys are goal ids."""
    if not improving:
        return False
    compared = [goal_id for goal_id in scores if goal_id in previous]
    if not compared:
        return False
    return all(scores[g] <= previous[g] and g not in achieved for g in compared)
