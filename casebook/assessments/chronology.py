"""Assessments on the child's chronology (derived from the records, never stored twice)."""

from django.urls import reverse

from casebook.assessments.models import Assessment
from casebook.core import chronology
from casebook.core.templatetags.govuk import ukdate


def _by(record) -> str:
    return record.recorded_by.full_name if record.recorded_by else ""


def assessment_entries(child):
    for a in Assessment.objects.filter(child=child).select_related("recorded_by"):
        url = reverse("assessments:edit", args=[child.casebook_id, a.pk])
        yield chronology.Entry(when=a.start_date, kind="assessment", title="Child and family assessment started",
                               detail=f"Due {ukdate(a.due_on)}", by=_by(a), url=url)
        if a.authorised_on:
            late = " – authorised late" if a.authorised_on > a.due_on else ""
            yield chronology.Entry(when=a.authorised_on, kind="assessment",
                                   title=f"Assessment authorised: {a.get_outcome_display()}{late}",
                                   detail=", ".join(a.factor_labels), by=_by(a), url=url)


chronology.register("assessment", "Assessments", assessment_entries)
