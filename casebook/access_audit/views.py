import csv

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from casebook.access_audit import reports, selectors, services
from casebook.access_audit.decorators import child_page, role_page, signed_in_page
from casebook.access_audit.forms import BreakGlassForm, InformationGovernanceForm
from casebook.access_audit.page_labels import page_label
from casebook.accounts.models import MANAGER_ROLES, Role
from casebook.core.paging import paginate
from casebook.core.templatetags.govuk import ukdate


@child_page("who-viewed", audience="child-managers")
def who_viewed(request, child):
    events = paginate(request, selectors.access_events_for_child(child), per_page=50)
    roles = dict(Role.choices)
    summary = [{**row, "role": roles.get(row["user__role"], row["user__role"])}
               for row in selectors.viewers_summary(child)[:50]]
    for event in events:
        event.page_label = page_label(event.page)
    return render(request, "access_audit/who_viewed.html", {
        "child": child, "summary": summary, "page_obj": events,
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


@role_page(*selectors.INFORMATION_GOVERNANCE_ROLES)
def information_governance(request):
    """Open one child's subject access bundle or "who has viewed" page, with a recorded reason.
    Administrators see no children otherwise; this opens only those two pages, for a few hours."""
    form = InformationGovernanceForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.information_governance_grant(
                user=request.user, casebook_id=form.cleaned_data["casebook_id"], reason=form.cleaned_data["reason"]
            )
        except services.BreakGlassRefused as refused:
            form.add_error("casebook_id", str(refused))
        else:
            return redirect(f"access_audit:{form.cleaned_data['page']}", child_id=child.casebook_id)
    return render(request, "access_audit/information_governance.html", {
        "form": form, "grants": list(selectors.information_governance_grants(request.user)[:20]),
        "hours": settings.CASEBOOK["BREAK_GLASS_HOURS"],
    })


# ---- Access review reports (information governance) ------------------------------------------

ACCESS_REVIEW_ROLES = (Role.AUDITOR, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR)


@role_page(*ACCESS_REVIEW_ROLES)
def access_review(request):
    return render(request, "access_audit/access_review.html", {
        "reports": reports.REPORTS.values(),
        "can_open_for_ig": request.user.role in selectors.INFORMATION_GOVERNANCE_ROLES,
    })


def _cell(value) -> str:
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    # A reason typed by a user must not run as a formula when the CSV is opened in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def access_review_report_view(slug: str):
    report = reports.REPORTS[slug]

    @role_page(*ACCESS_REVIEW_ROLES)
    def view(request):
        rows = list(report.rows())
        if request.GET.get("format") == "csv":
            services.export_record(user=request.user, what=f"Access review: {report.title}", rows=len(rows))
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{slug}-{timezone.localdate():%Y-%m-%d}.csv"'
            writer = csv.writer(response)
            writer.writerow([c.label for c in report.columns])
            for row in rows:
                writer.writerow([_cell(row[c.key]) for c in report.columns])
            return response
        page_obj = paginate(request, rows, per_page=100)
        table = [[ukdate(row[c.key]) for c in report.columns] for row in page_obj]
        return render(request, "access_audit/access_review_report.html", {
            "report": report, "page_obj": page_obj, "table": table,
        })

    view.__name__ = f"access_review_{slug.replace('-', '_')}"
    return view


# ---- Subject access request bundle ------------------------------------------------------------


@child_page("subject-access", audience="information-governance")
def subject_access(request, child):
    from casebook.core.sar import subject_access_bundle

    bundle = subject_access_bundle(child)
    download = request.GET.get("format") == "download"
    services.export_record(user=request.user, what=f"Subject access bundle {child.casebook_id}"
                           + (" (download)" if download else ""), rows=len(bundle.entries))
    if download:
        response = render(request, "access_audit/subject_access_file.html", {"bundle": bundle, "child": child,
                                                                              "generated": timezone.now()})
        response["Content-Disposition"] = (
            f'attachment; filename="subject-access-{child.casebook_id}-{timezone.localdate():%Y-%m-%d}.html"'
        )
        return response
    return render(request, "access_audit/subject_access.html", {"bundle": bundle, "child": child})
