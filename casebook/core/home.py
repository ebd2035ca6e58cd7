"""What each person's home page shows: their children with what is overdue or due soon, their
team's children with who is unallocated, and for everyone else the pages their role uses with
headline counts. Each list is one query for the children and one for their clocks."""

from casebook.accounts.models import SERVICE_WIDE_READ_ROLES, Role
from casebook.children.panels import list_status_labels, with_list_status

HOME_LIMIT = 100


def _rows(children) -> list[dict]:
    from casebook.clocks.selectors import due_items_for_children

    children = list(children)
    due = due_items_for_children([c.pk for c in children])
    rows = []
    for child in children:
        items = due.get(child.pk, {"overdue": [], "due": []})
        rows.append({"child": child, "status": list_status_labels(child), "overdue": items["overdue"],
                     "due": items["due"]})
    return rows


def my_children_rows(user) -> list[dict]:
    from casebook.children.selectors import my_children

    return _rows(with_list_status(my_children(user))[:HOME_LIMIT])


def team_children_rows(user) -> list[dict]:
    """The team's children, unallocated first, then those with overdue items, then by name."""
    from casebook.children.selectors import team_children

    rows = _rows(with_list_status(team_children(user)).order_by("last_name", "first_names")[:HOME_LIMIT])
    return sorted(rows, key=lambda r: (r["child"].allocated_worker_id is not None, not r["overdue"]))


def headline_counts(user) -> list[dict]:
    """Cheap counts (one indexed query each) for the pages this role uses."""
    from django.urls import reverse

    from casebook.access_audit.rules import visibility_q
    from casebook.clocks.selectors import overdue_count

    counts = []
    if user.role in SERVICE_WIDE_READ_ROLES or user.role in (Role.SERVICE_MANAGER, Role.IRO):
        scope = None if user.role in SERVICE_WIDE_READ_ROLES else visibility_q(user)
        on_dashboard = user.role in (Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST, Role.SERVICE_MANAGER)
        counts.append({"label": "Statutory items overdue" + ("" if scope is None else " for children you can see"),
                       "value": overdue_count(scope), "url": reverse("oversight:dashboard") if on_dashboard else ""})
    return counts
