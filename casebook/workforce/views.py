"""Workforce pages: workers, caseloads, census figures, the leaders' overview and the
improvement plan. Views are thin: a selector or a form, one service call, a redirect."""

import csv
from datetime import date, timedelta
from html import escape

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from casebook.access_audit.decorators import role_page
from casebook.accounts.models import Role
from casebook.core.concurrency import ConcurrentEditError, show_conflict
from casebook.core.forms import add_service_errors, call_service
from casebook.core.templatetags.govuk import ukdate
from casebook.workforce import caseloads, forms, overview, selectors, services, snapshots
from casebook.workforce.charts import bar_chart
from casebook.workforce.figures import census_figures, census_year
from casebook.workforce.models import ImprovementAction, Recommendation

CASELOAD_ROLES = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST)
WORKER_VIEW_ROLES = (*CASELOAD_ROLES, Role.ADMINISTRATOR)
WORKER_EDIT_ROLES = (Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR)
FIGURE_ROLES = (Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR)
LEADER_ROLES = (Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST)
PLAN_ROLES = (Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE)  # manage the improvement plan
PLAN_VIEW_ROLES = selectors.ACTION_OWNER_ROLES  # read it and update the actions they own


# ---- Workers -------------------------------------------------------------------------------

@role_page(*WORKER_VIEW_ROLES)
def workers(request):
    rows = [(w, selectors.profile_for(w)) for w in selectors.census_staff_in_scope(request.user)]
    return render(request, "workforce/workers.html", {
        "rows": rows, "teams": selectors.teams_in_scope(request.user),
        "can_edit": request.user.role in WORKER_EDIT_ROLES, "today": timezone.localdate(),
        "all_staff": request.user.role in selectors.ALL_TEAMS_ROLES,
    })


@role_page(*WORKER_EDIT_ROLES)
def worker_edit(request, worker_id: int):
    worker = selectors.worker_for_edit(user=request.user, worker_id=worker_id)
    if worker is None:
        raise Http404
    profile = selectors.profile_for(worker)
    initial = {name: getattr(profile, name) for name in services.PROFILE_FIELDS}
    initial["is_agency"] = str(profile.is_agency)
    initial["fte"] = profile.fte.normalize() if profile.fte is not None else None  # 0.6, not 0.600
    initial["version"] = profile.version if profile.pk else 0  # 0: read before any profile was saved
    form = forms.WorkerProfileForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if call_service(form, lambda: services.worker_profile_save(user=worker, acting_user=request.user,
                                                                   read_version=version, **data)):
            messages.success(request, f"Details saved for {worker.full_name}")
            return redirect("workforce:workers")
    absences = list(profile.absences.all()) if profile.pk else []
    return render(request, "workforce/worker_edit.html", {"worker": worker, "form": form, "absences": absences,
                                                          "has_profile": profile.pk is not None,
                                                          "back": (reverse("workforce:workers"), "Back to the workforce")})


@role_page(*WORKER_EDIT_ROLES)
def absence_add(request, worker_id: int):
    worker = selectors.worker_for_edit(user=request.user, worker_id=worker_id)
    if worker is None:
        raise Http404
    profile = selectors.profile_for(worker)
    form = forms.AbsenceForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if profile.pk is None:  # record the worker's census facts as read from their role first
            profile = services.worker_profile_save(user=worker, acting_user=request.user, census_role=profile.census_role,
                                                   fte=profile.fte, started_on=profile.started_on)
        services.absence_add(profile=profile, acting_user=request.user, **form.cleaned_data)
        messages.success(request, f"Absence recorded for {worker.full_name}")
        return redirect("workforce:worker-edit", worker_id=worker.pk)
    return render(request, "workforce/form_page.html", {
        "form": form, "heading": f"Record an absence for {worker.full_name}", "button": "Save absence",
        "back": (reverse("workforce:worker-edit", args=[worker.pk]), f"Back to {worker.full_name}")})


@role_page(*WORKER_EDIT_ROLES)
def establishment_edit(request, team_id: int):
    team = get_object_or_404(selectors.teams_in_scope(request.user), pk=team_id)
    current = getattr(team, "establishment", None)
    form = forms.EstablishmentForm(data=request.POST or None, initial={
        "funded_fte": current.funded_fte if current else None, "version": current.version if current else 0})
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.establishment_set(
                team=team, funded_fte=form.cleaned_data["funded_fte"], acting_user=request.user,
                read_version=form.cleaned_data["version"])):
            messages.success(request, f"Funded posts saved for {team.name}")
            return redirect("workforce:workers")
    return render(request, "workforce/form_page.html", {
        "form": form, "heading": f"Funded posts for {team.name}", "button": "Save funded posts",
        "back": (reverse("workforce:workers"), "Back to the workforce")})


# ---- Caseloads -----------------------------------------------------------------------------

def _team_filter(request) -> int | None:
    raw = request.GET.get("team", "")
    if not raw:
        return None
    if not raw.isdigit() or not selectors.teams_in_scope(request.user).filter(pk=int(raw)).exists():
        raise Http404
    return int(raw)


@role_page(*CASELOAD_ROLES)
def caseload_list(request):
    team_id = _team_filter(request)
    teams = selectors.team_caseloads(user=request.user, team_id=team_id)
    return render(request, "workforce/caseloads.html", {
        "teams": [(t, _worker_rows(t.workers)) for t in teams],
        "all_teams": selectors.teams_in_scope(request.user), "team_id": team_id,
        "weight_rows": [(caseloads.CASE_TYPE_LABELS.get(k, k), w) for k, w in caseloads.weights().items()],
        "waiting_link": selectors.awaiting_allocation_link(),
        "can_configure": request.user.role in WORKER_EDIT_ROLES,
    })


def _worker_rows(workers) -> str:
    """A team's caseload table rows as escaped HTML: built here rather than in a template loop,
    which cost more than the rest of the page with every team shown (about 300 workers)."""
    cell, numeric = '<td class="govuk-table__cell">', '<td class="govuk-table__cell govuk-table__cell--numeric">'
    rows = []
    for row in workers:
        profile = row.profile
        status = '<strong class="govuk-tag govuk-tag--red">Over cap</strong> ' if row.over_cap else ""
        if row.over_asye_limit:
            status += '<strong class="govuk-tag govuk-tag--red">Over ASYE limit</strong>'
        elif profile.is_asye:
            status += '<strong class="govuk-tag govuk-tag--blue">ASYE</strong>'
        rows.append(
            f'<tr class="govuk-table__row">{cell}{escape(row.worker.full_name)}{" (agency)" if profile.is_agency else ""}</td>'
            f"{cell}{escape(profile.get_census_role_display())}</td>"
            f'{numeric}{floatformat(profile.fte, "-2")}</td>'
            f'{numeric}{row.children}{f" of {row.asye_limit}" if row.asye_limit else ""}</td>'
            f'{numeric}{floatformat(row.weighted, "-2")}</td>'
            f'{numeric}{"No cases" if row.cap is None else floatformat(row.cap, "-1")}</td>'
            f"{cell}{status}</td></tr>")
    return mark_safe("".join(rows))  # every value escaped  # nosec B308 B703


@role_page(*CASELOAD_ROLES)
def caseload_csv(request):
    team_id = _team_filter(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="caseloads.csv"'
    writer = csv.writer(response)
    writer.writerow(["Team", "Worker", "Census role", "FTE", "Agency", "ASYE", "Children", "Weighted caseload",
                     "Cap", "Over cap", "ASYE limit", "Over ASYE limit"])
    for team in selectors.team_caseloads(user=request.user, team_id=team_id):
        for row in team.workers:
            writer.writerow([team.team.name, row.worker.full_name, row.profile.get_census_role_display(), row.profile.fte,
                             "Yes" if row.profile.is_agency else "No", "Yes" if row.profile.is_asye else "No",
                             row.children, row.weighted, "" if row.cap is None else row.cap,
                             "Yes" if row.over_cap else "No", row.asye_limit or "",
                             "Yes" if row.over_asye_limit else "No"])
    return response


@role_page(*WORKER_EDIT_ROLES)
def caseload_settings(request):
    weights = caseloads.weights()
    caps = caseloads.caps()
    form = forms.CaseloadSettingsForm(data=request.POST or None, weights=weights, caps=caps,
                                      initial={"version": services.caseload_settings_version()})
    if request.method == "POST" and form.is_valid():
        new_weights, new_caps = form.split()
        try:
            services.caseload_settings_save(weights=new_weights, caps=new_caps, acting_user=request.user,
                                            read_version=form.cleaned_data["version"], read_values=form.shown_values())
        except ValidationError as error:
            add_service_errors(form, error)
        except ConcurrentEditError as error:
            show_conflict(form, error)
            form.data[form.add_prefix("read_values")] = form.values_json(weights, caps)
        else:
            messages.success(request, "Caseload weights and caps saved")
            return redirect("workforce:caseloads")
    return render(request, "workforce/form_page.html", {
        "form": form, "heading": "Caseload weights and caps", "button": "Save weights and caps",
        "back": (reverse("workforce:caseloads"), "Back to caseloads"),
        "intro": "A weight says how much time a case of that type takes compared with a child in need case (1). "
                 "A cap is the weighted caseload a full-time worker in the role may hold; it is scaled by FTE."})


# ---- Workforce census figures ---------------------------------------------------------------

def _year(request) -> int:
    raw = request.GET.get("year", "")
    default = census_year(timezone.localdate())
    if raw.isdigit() and 2000 <= int(raw) <= default:
        return int(raw)
    return default


@role_page(*FIGURE_ROLES)
def figures(request):
    year = _year(request)
    return render(request, "workforce/figures.html", {
        "figures": census_figures(year=year), "year": year,
        "years": list(range(census_year(timezone.localdate()), census_year(timezone.localdate()) - 5, -1)),
    })


@role_page(*FIGURE_ROLES)
def figures_csv(request):
    year = _year(request)
    f = census_figures(year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="workforce-census-{year}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Measure", "Value", "Census year", "Snapshot"])
    for label, value in (("LA social worker FTE", f.la_fte), ("LA social worker headcount", f.la_headcount),
                         ("Agency FTE", f.agency_fte), ("Agency headcount", f.agency_headcount),
                         ("Agency rate (%)", f.agency_rate), ("Funded posts (FTE)", f.funded_fte),
                         ("Vacancies (FTE)", f.vacancies_fte), ("Vacancy rate (%)", f.vacancy_rate),
                         ("Leavers in year (FTE)", f.leavers_fte), ("Turnover rate (%)", f.turnover_rate),
                         ("Cases held at snapshot", f.cases), ("Case-holding FTE", f.case_holder_fte),
                         ("Average caseload", f.average_caseload)):
        writer.writerow([label, "" if value is None else value, f"{f.year_start} to {date(year, 9, 30)}", f.snapshot])
    return response


# ---- Leaders' overview ----------------------------------------------------------------------

def _week_rows(rows, *, with_of: bool) -> str:
    """The table rows of (week, value, denominator, Monday) as escaped HTML."""
    cell, numeric = '<td class="govuk-table__cell">', '<td class="govuk-table__cell govuk-table__cell--numeric">'
    return mark_safe("".join(  # every value escaped  # nosec B308 B703
        f'<tr class="govuk-table__row">{cell}{escape(week)}</td>{numeric}{escape(shown)}</td>'
        + (f"{numeric}{of}</td>" if with_of else "") + "</tr>" for week, shown, of, *_ in rows))


@role_page(*LEADER_ROLES)
def overview_page(request):
    today = timezone.localdate()
    figures_, as_at, live_at = snapshots.overview_as_at(today=today)
    for figure in figures_:
        figure.chart = bar_chart(figure.points, reference=figure.reference[0] if figure.reference else None,
                                 unit=figure.unit) if figure.available else None
        # Rows as (week, value as shown, denominator, Monday), the 52-week table's built as one string:
        # 15 tables of 52 weeks took tens of milliseconds as template loops with a filter per cell.
        rows = [(ukdate(p.week), overview.shown(p, figure.unit, figure.empty), p.denominator or 0, p.week.isoformat())
                for p in reversed(figure.points)]
        figure.recent, figure.all_rows = rows[:8], _week_rows(rows, with_of=figure.unit == "percent")
    return render(request, "workforce/overview.html", {
        "figures": figures_, "today": today, "as_at": as_at, "live_at": live_at,
        "live_minutes": snapshots.LIVE_SECONDS // 60, "waiting_link": selectors.awaiting_allocation_link(),
        "forecast": selectors.backlog_forecast(user=request.user, today=today),
    })


@role_page(*LEADER_ROLES)
def overview_children(request, key: str):
    if key not in overview.CHILDREN_BEHIND_KEYS:
        raise Http404
    today = timezone.localdate()
    try:
        week = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        week = today
    mondays = overview.week_starts(today)
    week = min(max(week - timedelta(days=week.weekday()), mondays[0]), mondays[-1])  # within the overview's weeks
    rows = overview.children_behind(key=key, user=request.user, week=week, today=today)
    label = dict(overview.FIGURE_CHOICES)[key]
    return render(request, "workforce/overview_children.html", {
        "rows": rows, "label": label, "key": key, "week": week, "is_clock": key in overview.CLOCK_FIGURES,
        "limit": overview.CHILDREN_BEHIND_LIMIT,
        "previous_week": week - timedelta(days=7) if week > mondays[0] else None,
        "next_week": week + timedelta(days=7) if week < mondays[-1] else None,
    })


# ---- Improvement plan -------------------------------------------------------------------------

@role_page(*PLAN_VIEW_ROLES)
def plan(request):
    today = timezone.localdate()
    recommendations = selectors.improvement_plan()
    movements = selectors.recommendation_figures(recommendations, today=today)
    return render(request, "workforce/plan.html", {
        "rows": [(rec, movements.get(rec.pk)) for rec in recommendations], "today": today,
        "manages": request.user.role in PLAN_ROLES,
        "overdue": list(selectors.overdue_actions(today=today)),
    })


@role_page(*PLAN_ROLES)
def recommendation_add(request):
    form = forms.RecommendationForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.recommendation_create(acting_user=request.user, **form.cleaned_data)
        messages.success(request, "Recommendation added")
        return redirect("workforce:plan")
    return render(request, "workforce/form_page.html", {"form": form, "heading": "Add a recommendation",
                                                        "button": "Save recommendation",
                                                        "back": (reverse("workforce:plan"), "Back to the improvement plan")})


@role_page(*PLAN_ROLES)
def action_add(request, recommendation_id: int):
    recommendation = get_object_or_404(Recommendation, pk=recommendation_id)
    form = forms.ActionForm(data=request.POST or None, owners=selectors.action_owners())
    if request.method == "POST" and form.is_valid():
        services.action_create(recommendation=recommendation, acting_user=request.user, **form.cleaned_data)
        messages.success(request, "Action added")
        return redirect("workforce:plan")
    return render(request, "workforce/form_page.html", {
        "form": form, "heading": "Add an action", "caption": recommendation.title, "button": "Save action",
        "back": (reverse("workforce:plan"), "Back to the improvement plan")})


@role_page(*PLAN_VIEW_ROLES)
def action_edit(request, action_id: int):
    action = get_object_or_404(ImprovementAction.objects.select_related("recommendation", "owner"), pk=action_id)
    manages = request.user.role in PLAN_ROLES
    # The plan's managers change any action, an owner the progress of their own; others read it.
    may_update = manages or action.owner_id == request.user.pk
    if request.method == "POST" and not may_update:
        raise PermissionDenied
    initial = {"description": action.description, "owner": action.owner_id, "due_on": action.due_on,
               "status": action.status, "evidence": action.evidence, "version": action.version}
    form = forms.ActionEditForm(data=request.POST or None, initial=initial, owners=selectors.action_owners(),
                                owner_only=not manages)
    if not may_update:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if call_service(form, lambda: services.action_update(action=action, read_version=version,
                                                             acting_user=request.user, **data)):
            messages.success(request, "Action updated")
            return redirect("workforce:plan")
    history = list(action.history.select_related("history_user").order_by("-history_date")[:10])
    return render(request, "workforce/action_edit.html", {
        "form": form, "action": action, "history": history, "may_update": may_update,
        "back": (f'{reverse("workforce:plan")}#recommendation-{action.recommendation_id}', "Back to the improvement plan")})
