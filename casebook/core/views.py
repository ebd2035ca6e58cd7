from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from casebook.access_audit.decorators import public_page, signed_in_page
from casebook.children.selectors import my_children, team_children


@signed_in_page
def home(request):
    user = request.user
    return render(request, "core/home.html", {
        "my_children": list(my_children(user)[:100]),
        "team_children": list(team_children(user)[:100]) if user.is_manager else [],
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
