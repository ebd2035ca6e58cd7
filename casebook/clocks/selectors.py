from django.utils import timezone

from casebook.clocks import timescales
from casebook.clocks.models import Clock
from casebook.clocks.status import clock_status
from casebook.core.workdays import working_days_between


def _describe(clock: Clock, today) -> dict:
    try:
        timescale = timescales.get(clock.item)
        label, rule = timescale.label, f"{timescale.describe} ({timescale.plain_source})"
    except KeyError:
        label, rule = clock.item, ""
    status = clock_status(due_on=clock.due_on, completed_on=clock.completed_on, today=today, cancelled=clock.cancelled,
                          due_at=clock.due_at, completed_at=clock.completed_at,
                          cancelled_on=clock.cancelled_on)
    row = {"clock": clock, "label": label, "rule": rule, "status": status}
    if clock.due_at and clock.is_open:
        hours = (clock.due_at - timezone.now()).total_seconds() / 3600
        row["hours_left"] = round(hours, 1)
    elif clock.is_open:
        row["days_left"] = (clock.due_on - today).days
        row["working_days_left"] = working_days_between(today, clock.due_on)
    return row


def clocks_for_child(child) -> tuple[list[dict], list[dict]]:
    """(open items soonest first, finished items newest first), each with its status."""
    today = timezone.localdate()
    rows = [_describe(c, today) for c in Clock.objects.filter(child=child).order_by("due_on")]
    open_rows = [r for r in rows if r["clock"].is_open]
    done = sorted((r for r in rows if not r["clock"].is_open), key=lambda r: r["clock"].due_on, reverse=True)
    return open_rows, done


def clocks_panel(user, child) -> dict:
    open_rows, done = clocks_for_child(child)
    return {"open": open_rows, "done": done[:20]}


def due_items_for_children(child_ids) -> dict[int, dict[str, list[str]]]:
    """{child id: {"overdue": [labels], "due": [labels]}} for open items overdue or due within
    DUE_SOON_WORKING_DAYS working days, for a list of children in one query (home pages)."""
    from casebook.clocks.status import DUE, DUE_SOON_WORKING_DAYS, OVERDUE
    from casebook.core.workdays import add_working_days

    today = timezone.localdate()
    found: dict[int, dict[str, list[str]]] = {}
    clocks = Clock.objects.filter(child_id__in=list(child_ids), completed_on__isnull=True, cancelled=False,
                                  due_on__lte=add_working_days(today, DUE_SOON_WORKING_DAYS)).order_by("due_on")
    for clock in clocks:
        status = clock_status(due_on=clock.due_on, completed_on=None, today=today, due_at=clock.due_at)
        if status not in (OVERDUE, DUE):
            continue
        try:
            label = timescales.get(clock.item).label
        except KeyError:
            label = clock.item
        found.setdefault(clock.child_id, {"overdue": [], "due": []})["overdue" if status == OVERDUE else "due"].append(label)
    return found


def overdue_count(children_q=None) -> int:
    """Open statutory items past their due date, over the children in `children_q` (a Q over Child)."""
    qs = Clock.objects.filter(completed_on__isnull=True, cancelled=False, due_on__lt=timezone.localdate())
    if children_q is not None:
        from casebook.children.models import Child

        qs = qs.filter(child__in=Child.objects.filter(children_q))
    return qs.count()
