"""Give every clock-keeping visit row a Visit of its own.

Before the visits app, child protection (CPVisit), children in need (CINVisit) and looked-after
children (CareVisit) each kept their own visits. The chronology and the visit pages now read only
Visit, so a row recorded that way would drop out of the child's record unless it has a Visit. This
creates one, linked to it, for each such row: the same date, who recorded it and whether the
child was seen (alone, and their bedroom). A CPPCR 2010 reg 28 statutory visit is a visit at which
the child is seen, so a looked-after visit counts as seen. Nothing the row did not hold (the
child's words, observations) is invented.

Used by migration 0002 with the migration's historical models, and by the demo builder, so it
reads models only through `get_model` and uses only fields that existed at migration 0002.
Returns the number of Visit rows created. Safe to run again: linked rows are skipped.
"""

from django.utils import timezone

BATCH = 1000
_CHANGE_REASON = "Visit recorded before the visits app"


def _unlinked(get_model):
    CPVisit = get_model("child_protection", "CPVisit")
    CINVisit = get_model("children_in_need", "CINVisit")
    CareVisit = get_model("looked_after", "CareVisit")
    for v in CPVisit.objects.filter(visit_record__isnull=True).select_related("plan").order_by("pk"):
        yield {"child_id": v.plan.child_id, "visited_on": v.visited_on, "kind": "cp", "seen": v.seen,
               "seen_alone": v.seen_alone and v.seen, "bedroom_seen": v.bedroom_seen,
               "recorded_by_id": v.recorded_by_id, "cp_visit_id": v.pk}
    for v in CINVisit.objects.filter(visit_record__isnull=True).select_related("plan").order_by("pk"):
        yield {"child_id": v.plan.child_id, "visited_on": v.visited_on, "kind": "cin", "seen": v.seen,
               "seen_alone": v.seen_alone and v.seen, "recorded_by_id": v.recorded_by_id, "cin_visit_id": v.pk}
    for v in CareVisit.objects.filter(visit_record__isnull=True).order_by("pk"):
        yield {"child_id": v.child_id, "visited_on": v.visit_date, "kind": "looked_after", "seen": True,
               "seen_alone": v.seen_alone, "recorded_by_id": v.recorded_by_id, "care_visit_id": v.pk}


def _history_rows(HistoricalVisit, visits) -> list:
    now = timezone.now()
    names = ("id", "created_at", "updated_at", "version", "visited_on", "kind", "present", "seen", "seen_alone",
             "bedroom_seen", "wishes_and_feelings", "direct_work", "observations", "analysis", "child_id", "goal_id",
             "recorded_by_id", "cp_visit_id", "cin_visit_id", "care_visit_id")
    return [HistoricalVisit(**{n: getattr(v, n) for n in names}, history_date=now, history_type="+",
                            history_change_reason=_CHANGE_REASON, history_user_id=v.recorded_by_id)
            for v in visits]


def link_unrecorded_visits(get_model) -> int:
    Visit = get_model("visits", "Visit")
    HistoricalVisit = get_model("visits", "HistoricalVisit")
    # Read in full before writing: inserting while the unlinked rows are still being read would change them.
    visits = Visit.objects.bulk_create([Visit(**fields) for fields in list(_unlinked(get_model))], batch_size=BATCH)
    HistoricalVisit.objects.bulk_create(_history_rows(HistoricalVisit, visits), batch_size=BATCH)
    return len(visits)
