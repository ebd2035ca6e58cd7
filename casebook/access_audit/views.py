from django.shortcuts import redirect, render

from casebook.access_audit import selectors, services
from casebook.access_audit.decorators import child_page, role_page, signed_in_page
from casebook.access_audit.forms import BreakGlassForm
from casebook.accounts.models import MANAGER_ROLES, Role
from casebook.core.paging import paginate


@child_page("who-viewed", audience="child-managers")
def who_viewed(request, child):
    events = paginate(request, selectors.access_events_for_child(child), per_page=50)
    return render(request, "access_audit/who_viewed.html", {
        "child": child, "summary": selectors.viewers_summary(child)[:50], "page_obj": events,
    })


@signed_in_page
def break_glass(request):
    form = BreakGlassForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.break_glass_grant(
                user=request.user, casebook_id=form.cleaned_data["casebook_id"], reason=form.cleaned_data["reason"]
            )
        except services.BreakGlassRefused as refused:
            form.add_error("casebook_id", str(refused))
        else:
            return redirect("children:summary", child_id=child.casebook_id)
    return render(request, "access_audit/break_glass.html", {"form": form})


@role_page(*MANAGER_ROLES, Role.AUDITOR)
def break_glass_report(request):
    grants = paginate(request, selectors.break_glass_grants(), per_page=50)
    return render(request, "access_audit/break_glass_report.html", {"page_obj": grants})
