"""Reads for assessments. Callers have already passed the child through access_audit."""

from casebook.assessments.models import Assessment


def assessments_for_child(child) -> list[Assessment]:
    """Every assessment for the child, newest first, with who recorded it (one query)."""
    return list(Assessment.objects.filter(child=child).select_related("recorded_by", "episode"))


def assessment_for_child(child, pk: int) -> Assessment | None:
    return Assessment.objects.filter(child=child, pk=pk).select_related("episode", "recorded_by").first()
