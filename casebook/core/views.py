from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from casebook.access_audit.decorators import public_page, signed_in_page
from casebook.core import home as home_selectors
from casebook.core.navigation import items_for


@signed_in_page
def home(request):
    user = request.user
    my_rows = home_selectors.my_children_rows(user)
    team_rows = home_selectors.team_children_rows(user) if user.is_manager else []
    return render(request, "core/home.html", {
        "my_rows": my_rows,
        "team_rows": team_rows,
        "unallocated": sum(1 for r in team_rows if r["child"].allocated_worker_id is None),
        "team_overdue": sum(1 for r in team_rows if r["overdue"]),
        "pages": [item for item in items_for(request) if item["url"] != request.path],
        "counts": home_selectors.headline_counts(user),
    })


@public_page
@login_not_required
def healthz(request):
    """For the load balancer: the app is up and the database answers. No data in the reply."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)
