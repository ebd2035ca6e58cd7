"""Reads for child in need plans. Child pages receive a child already checked by access_audit."""

from casebook.children_in_need.models import CINPlan
from casebook.episodes.models import EpisodeOfNeed


def overview_for_child(child) -> dict:
    """Episodes of need and CIN plans with their reviews and visits (a fixed number of queries)."""
    episodes = list(EpisodeOfNeed.objects.filter(child=child).select_related("recorded_by"))
    plans = list(CINPlan.objects.filter(child=child).select_related("recorded_by", "stepped_down_from")
                 .prefetch_related("reviews", "visits"))
    return {"episodes": episodes, "episode": next((e for e in episodes if e.is_open), None), "plans": plans,
            "open_plan": next((p for p in plans if p.is_open), None)}


def plan_for_child(child, pk: int) -> CINPlan | None:
    return CINPlan.objects.filter(child=child, pk=pk).select_related("episode", "recorded_by").first()
