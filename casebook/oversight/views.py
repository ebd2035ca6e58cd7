"""Oversight pages: the drift and delay dashboard and the lists behind it, My actions, management
oversight and supervision case discussions on a child's record, supervision frequency, case file
audits with moderation and sampling, the audit programme, practice standards and local timescales.
Views are thin: a selector or a form, one service call, a redirect."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.decorators import child_page, role_page
from casebook.access_audit.services import export_record
from casebook.accounts.models import Role
from casebook.clocks import timescales
from casebook.core.concurrency import ConcurrentEditError
from casebook.core.forms import add_service_errors, call_service
from casebook.core.paging import paginate
from casebook.oversight import forms, rules, selectors, services
from casebook.oversight.models import AuditStatus, PracticeStandard, TimescaleSetting

DASHBOARD_ROLES = (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                   Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST)
ACTION_ROLES = tuple(r for r in Role.values if r != Role.ADMINISTRATOR)
SUPERVISOR_ROLES = (Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE)
AUDIT_VIEW_ROLES = (Role.AUDITOR, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE,
                    Role.PERFORMANCE_ANALYST)
AUDIT_LEAD_ROLES = (Role.AUDITOR, Role.HEAD_OF_SERVICE)
ADMIN_ROLES = (Role.ADMINISTRATOR,)


class _Echo:
    def write(self, value):
        return value


def _csv(filename: str, header: list[str], rows, *, user, what: str) -> StreamingHttpResponse:
    """A streamed CSV download, logged in the export log (who, what, when)."""
    writer = csv.writer(_Echo())
    export_record(user=user, what=what)

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _scope(request) -> selectors.Scope:
    return selectors.scope_for(request.user, team_id=request.GET.get("team"), worker_id=request.GET.get("worker"))


def _days(value):
    days = selectors.days_since(value)
    return "" if days is None else days


# ---- Drift and delay ----------------------------------------------------------------------

@role_page(*DASHBOARD_ROLES)
def dashboard(request):
    scope = _scope(request)
    return render(request, "oversight/dashboard.html", {
        "scope": scope, "rows": selectors.drift_counts(user=request.user, scope=scope),
        "breakdown": selectors.drift_breakdown(user=request.user, scope=scope),
        "actions": selectors.open_actions_summary(user=request.user, scope=scope),
        "teams": selectors.teams_in_scope(request.user), "workers": selectors.workers_in_scope(request.user),
        "scope_params": scope.params(),
    })


def _item_list_args(request):
    measure = request.GET.get("measure", "overdue")
    if measure not in selectors.MEASURE_LABELS:
        raise Http404
    item = request.GET.get("item", "")
    if item:
        try:
            label = timescales.get(item).label
        except KeyError:
            raise Http404 from None
    else:
        label = "Every statutory item"
    return measure, item, label


@role_page(*DASHBOARD_ROLES)
def items(request):
    scope = _scope(request)
    measure, item, label = _item_list_args(request)
    qs = selectors.clocks_behind(user=request.user, scope=scope, measure=measure, item=item, columns=False)
    page = paginate(request, qs)
    page.object_list = selectors.with_child_columns(page.object_list)  # the columns for this page only
    return render(request, "oversight/items.html", {
        "scope": scope, "measure": measure, "measure_label": selectors.MEASURE_LABELS[measure], "item": item,
        "item_label": label, "page_obj": page, "measures": selectors.MEASURE_LABELS,
        "items": timescales.all_timescales(),
    })


CHILD_COLUMNS = ["Days since last visit", "Days since seen alone", "Days since management oversight",
                 "Days since supervision discussion", "Days since wishes and feelings", "Plan length (days)",
                 "Repeat plan", "Re-referral"]


def _child_cells(row) -> list:
    return [_days(row.last_visit), _days(row.last_seen_alone), _days(row.last_oversight), _days(row.last_supervision),
            _days(row.last_wishes), _days(row.plan_started), "Yes" if row.repeat_plan else "No",
            "Yes" if row.re_referral else "No"]


@role_page(*DASHBOARD_ROLES)
def items_csv(request):
    scope = _scope(request)
    measure, item, _ = _item_list_args(request)
    qs = selectors.clocks_behind(user=request.user, scope=scope, measure=measure, item=item)
    rows = ([c.child.casebook_id, c.child.display_name, c.item, c.started_on, c.due_on, c.completed_on or "",
             c.child.allocated_worker.full_name if c.child.allocated_worker else "",
             c.child.allocated_team.name if c.child.allocated_team else "", *_child_cells(c)]
            for c in qs.iterator(chunk_size=2000))
    return _csv(f"drift-{measure}.csv", ["Casebook ID", "Child", "Item", "Started", "Due", "Completed", "Social worker",
                                        "Team", *CHILD_COLUMNS], rows, user=request.user,
                what=f"Drift and delay: {measure} {item or 'all items'} ({scope.label})")


@role_page(*DASHBOARD_ROLES)
def open_cases(request):
    scope = _scope(request)
    flag = request.GET.get("flag", "")
    if flag and flag not in selectors.FLAGS:
        raise Http404
    qs = selectors.open_cases(user=request.user, scope=scope, flag=flag)
    return render(request, "oversight/open_cases.html", {
        "scope": scope, "flag": flag, "flags": selectors.FLAGS, "page_obj": paginate(request, qs),
    })


@role_page(*DASHBOARD_ROLES)
def open_cases_csv(request):
    scope = _scope(request)
    flag = request.GET.get("flag", "")
    if flag and flag not in selectors.FLAGS:
        raise Http404
    qs = selectors.open_cases(user=request.user, scope=scope, flag=flag)
    rows = ([c.casebook_id, c.display_name, c.allocated_worker.full_name if c.allocated_worker else "",
             c.allocated_team.name, *_child_cells(c)] for c in qs.iterator(chunk_size=2000))
    return _csv("open-cases.csv", ["Casebook ID", "Child", "Social worker", "Team", *CHILD_COLUMNS], rows,
                user=request.user, what=f"Open cases with oversight columns ({scope.label}, {flag or 'all'})")


@role_page(*DASHBOARD_ROLES)
def scope_actions(request):
    """The open (or overdue) oversight actions counted on the dashboard, for the same scope."""
    scope = _scope(request)
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.actions_in_scope(user=request.user, scope=scope, overdue=overdue)
    return render(request, "oversight/scope_actions.html", {
        "scope": scope, "overdue": overdue, "page_obj": paginate(request, qs), "today": timezone.localdate()})


# ---- My actions ---------------------------------------------------------------------------

@role_page(*ACTION_ROLES)
def my_actions(request):
    """The user's actions. "Mark as done" comes back with a banner offering Undo (reopen)."""
    show_done = request.GET.get("show") == "done"
    if request.method == "POST":
        undo = request.POST.get("undo") == "1"
        action_id = str(request.POST.get("action_id", ""))
        action = selectors.my_actions(request.user, include_done=undo).filter(
            pk=int(action_id) if action_id.isdigit() else 0).first()
        if action is None:
            raise Http404
        try:
            if undo:
                services.action_reopen(action=action, acting_user=request.user)
            else:
                services.action_complete(action=action, acting_user=request.user)
        except (ValidationError, ConcurrentEditError):
            pass  # already done or reopened (another tab): the list shows where it stands
        if undo:
            messages.success(request, f"Action reopened for {action.child.display_name}")
            return redirect("oversight:my-actions")
        return redirect(f"{reverse('oversight:my-actions')}?done={action.pk}")
    done_id = str(request.GET.get("done", ""))
    just_done = (selectors.my_actions(request.user, include_done=True)
                 .filter(pk=int(done_id), completed_on__isnull=False).first() if done_id.isdigit() else None)
    qs = selectors.my_actions(request.user, include_done=show_done)
    return render(request, "oversight/my_actions.html", {
        "page_obj": paginate(request, qs), "show_done": show_done, "today": timezone.localdate(),
        "just_done": just_done})


@role_page(*ACTION_ROLES)
def my_actions_csv(request):
    qs = selectors.my_actions(request.user, include_done=request.GET.get("show") == "done")
    rows = ([a.child.casebook_id, a.child.display_name, a.origin, a.description, a.due_on, a.completed_on or ""]
            for a in qs.iterator(chunk_size=2000))
    return _csv("my-actions.csv", ["Casebook ID", "Child", "From", "Action", "Due", "Done"], rows, user=request.user,
                what="My actions")


# ---- The child's oversight record ----------------------------------------------------------

@child_page("oversight-child")
def child_oversight(request, child):
    return render(request, "oversight/child.html", {
        "child": child, **selectors.oversight_for_child(child),
        "can_record": request.user.is_manager, "can_audit": rules.may_audit(request.user, child),
        "can_discuss": request.user.role in SUPERVISOR_ROLES,
    })


@child_page("oversight-record", audience="child-managers")
def oversight_add(request, child):
    form = forms.OversightForm(data=request.POST or None, owners=selectors.action_owner_choices(child))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.oversight_record(child=child, occurred_on=data["occurred_on"], kind=data["kind"],
                                      direction=data["direction"], actions=form.actions(), acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Management oversight recorded")
            return redirect("oversight:child", child_id=child.casebook_id)
    return render(request, "oversight/child_form.html", {"child": child, "form": form,
                                                         "heading": "Record management oversight",
                                                         "button": "Save oversight"})


@child_page("oversight-case-discussion")
def case_discussion_add(request, child):
    sessions = selectors.recent_sessions_for_discussion(request.user)
    initial = {"session": request.GET.get("session")} if str(request.GET.get("session", "")).isdigit() else {}
    form = forms.CaseDiscussionForm(data=request.POST or None, sessions=sessions,
                                    owners=selectors.action_owner_choices(child), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_discussion_add(session=data["session"], child=child, working_well=data["working_well"],
                                         worried_about=data["worried_about"], needs_to_happen=data["needs_to_happen"],
                                         decisions=data["decisions"], actions=form.actions(), acting_user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Case discussion recorded for {child.display_name}")
            if initial:  # opened from a supervision session: back to its list of children
                return redirect(f"{reverse('oversight:supervision')}?session={data['session'].pk}#case-discussions")
            return redirect("oversight:child", child_id=child.casebook_id)
    return render(request, "oversight/child_form.html", {
        "child": child, "form": form, "heading": "Record a case discussion from supervision",
        "button": "Save case discussion", "no_sessions": not sessions.exists(),
    })


# ---- Supervision ---------------------------------------------------------------------------

@role_page(*SUPERVISOR_ROLES)
def supervision(request):
    """Supervision frequency and your sessions; ?session=N opens one session's case discussions."""
    session_id = str(request.GET.get("session", ""))
    session = (selectors.sessions_by(request.user).filter(pk=int(session_id)).first()
               if session_id.isdigit() else None)
    return render(request, "oversight/supervision.html", {
        "rows": selectors.supervision_frequency(request.user), "interval": selectors.supervision_interval_days(),
        "sessions": list(selectors.sessions_by(request.user)[:20]), "today": timezone.localdate(),
        "session": session, "session_children": selectors.session_children(request.user, session) if session else [],
    })


@role_page(*SUPERVISOR_ROLES)
def supervision_csv(request):
    rows = ([r["worker"].full_name, r["worker"].team.name if r["worker"].team else "", r["last"] or "",
             r["due"] or "", r["in_year"], "Yes" if r["overdue"] else "No"]
            for r in selectors.supervision_frequency(request.user))
    return _csv("supervision.csv", ["Worker", "Team", "Last supervision", "Next due", "Sessions in 12 months",
                                    "Overdue"], rows, user=request.user, what="Supervision frequency")


@role_page(*SUPERVISOR_ROLES)
def supervision_add(request):
    form = forms.SupervisionForm(data=request.POST or None,
                                 workers=selectors.workers_in_scope(request.user).exclude(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.supervision_record(supervisor=request.user, acting_user=request.user,
                                                  **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Supervision with {session.worker.full_name} recorded. Now record a case "
                                      "discussion for each child you discussed.")
            return redirect(f"{reverse('oversight:supervision')}?session={session.pk}#case-discussions")
    return render(request, "oversight/form_page.html", {
        "form": form, "heading": "Record supervision", "button": "Save supervision",
        "intro": "Record the session here. After saving, you will see the worker's children and can record a "
                 "case discussion (what is working well, worries, what needs to happen, decisions and actions) "
                 "for each child you discussed."})


# ---- Case file audits ----------------------------------------------------------------------

@child_page("oversight-audit-start", audience="case-audit")
def audit_start(request, child):
    form = forms.AuditStartForm(data=request.POST or None,
                                initial={"due_on": services.month_end(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        audit = services.audit_assign(child=child, auditor=request.user, due_on=form.cleaned_data["due_on"],
                                      acting_user=request.user)
        return redirect("oversight:audit", child_id=child.casebook_id, audit_id=audit.pk)
    return render(request, "oversight/child_form.html", {"child": child, "form": form,
                                                         "heading": "Start a case file audit", "button": "Start audit"})


@child_page("oversight-audit", audience="case-audit")
def audit(request, child, audit_id: int):
    audit = selectors.audit_for(child, audit_id)
    if audit is None:
        raise Http404
    form = None
    if audit.status == AuditStatus.ASSIGNED and audit.auditor_id == request.user.pk:
        form = forms.AuditForm(data=request.POST or None, standards=PracticeStandard.objects.filter(active=True),
                               owners=selectors.action_owner_choices(child))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.audit_submit(audit=audit, grades=form.grades(), overall_grade=data["overall_grade"],
                                      overall_evidence=data["overall_evidence"], learning_actions=form.actions(),
                                      acting_user=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Audit submitted for moderation")
                return redirect("oversight:audit", child_id=child.casebook_id, audit_id=audit.pk)
    return render(request, "oversight/audit.html", {
        "child": child, "audit": audit, "form": form,
        "can_moderate": audit.status == AuditStatus.IN_MODERATION and audit.auditor_id != request.user.pk,
    })


@child_page("oversight-audit-moderate", audience="case-audit")
def audit_moderate(request, child, audit_id: int):
    audit = selectors.audit_for(child, audit_id)
    if audit is None:
        raise Http404
    # A post from a form opened before someone else moderated goes on to the service, which
    # shows their moderation and keeps what this moderator typed.
    moderated_since = request.method == "POST" and audit.status == AuditStatus.MODERATED
    if (audit.status != AuditStatus.IN_MODERATION and not moderated_since) or audit.auditor_id == request.user.pk:
        reason = services.OWN_AUDIT if audit.auditor_id == request.user.pk else services.NOT_SUBMITTED
        return render(request, "oversight/audit.html", {"child": child, "audit": audit, "form": None,
                                                        "refusal": reason})
    form = forms.ModerationForm(data=request.POST or None, audit=audit, initial={"version": audit.version})
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.audit_moderate(
                audit=audit, changes=form.changes(), overall_grade=form.cleaned_data["overall_grade"],
                reason=form.cleaned_data["reason"], acting_user=request.user,
                read_version=form.cleaned_data["version"]), final=True):
            messages.success(request, "Moderation recorded")
            return redirect("oversight:audit", child_id=child.casebook_id, audit_id=audit.pk)
    return render(request, "oversight/child_form.html", {"child": child, "form": form,
                                                         "heading": "Moderate the case file audit",
                                                         "button": "Save moderation"})


@role_page(*AUDIT_VIEW_ROLES)
def programme(request):
    status = request.GET.get("status", "")
    if status and status not in AuditStatus.values:
        raise Http404
    mine = request.GET.get("mine") == "1"
    qs = selectors.audits_visible_to(request.user, status=status, mine=mine)
    page = paginate(request, qs)
    page.object_list = list(page.object_list)
    for audit in page.object_list:  # rows link to the audit only where the user may open it
        audit.can_open = rules.may_audit(request.user, audit.child)
    return render(request, "oversight/programme.html", {
        **selectors.programme_figures(selectors.current_programme()), "page_obj": page,
        "status": status, "mine": mine, "statuses": AuditStatus.choices,
        "can_lead": request.user.role in AUDIT_LEAD_ROLES, "today": timezone.localdate(),
    })


@role_page(*AUDIT_VIEW_ROLES)
def programme_csv(request):
    status = request.GET.get("status", "")
    qs = selectors.audits_visible_to(request.user, status=status if status in AuditStatus.values else "",
                                     mine=request.GET.get("mine") == "1")
    rows = ([a.child.casebook_id, a.team.name if a.team else "", a.auditor.full_name, a.assigned_on, a.due_on,
             a.get_status_display(), a.submitted_on or "", a.final_grade, a.moderator.full_name if a.moderator else ""]
            for a in qs.iterator(chunk_size=2000))
    return _csv("case-file-audits.csv", ["Casebook ID", "Team", "Auditor", "Assigned", "Due", "Status", "Submitted",
                                         "Grade", "Moderator"], rows, user=request.user, what="Case file audits")


@role_page(*AUDIT_LEAD_ROLES)
def programme_edit(request):
    current = selectors.current_programme()
    initial = ({"name": current.name, "starts_on": current.starts_on, "ends_on": current.ends_on,
                "target": current.target, "version": current.version} if current else {"version": 0})
    form = forms.ProgrammeForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if call_service(form, lambda: services.programme_save(programme=current, acting_user=request.user,
                                                              read_version=data.pop("version"), **data)):
            messages.success(request, "Audit programme saved")
            return redirect("oversight:programme")
    return render(request, "oversight/form_page.html", {"form": form, "heading": "Audit programme target",
                                                        "button": "Save target"})


@role_page(*AUDIT_LEAD_ROLES)
def sample(request):
    """Pick a reproducible sample of open cases per team; posting it assigns the audits to you."""
    from casebook.accounts.models import Team

    teams = Team.objects.filter(is_front_door=False)
    data = request.POST if request.method == "POST" else (request.GET if "month" in request.GET else None)
    form = forms.SampleForm(data=data, teams=teams, initial={"exclude_months": 6, "size": 2,
                                                             "seed": timezone.localdate().strftime("%Y-%m")})
    picked = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        month_start = form.month_start()
        chosen_teams = [data["team"]] if data["team"] else list(teams)
        try:
            for team in chosen_teams:
                ids = services.audit_sample(
                    candidates=selectors.sample_candidates(team=team, month_start=month_start,
                                                           exclude_months=data["exclude_months"]),
                    size=data["size"], seed=f"{data['seed']}:{team.pk}:{month_start:%Y-%m}")
                picked.append((team, ids))
        except ValidationError as error:
            message = error.message_dict["size"][0]
            form.add_error("size", f"{team.name}: {message}")
            picked = []
        if picked and request.method == "POST":
            from casebook.children.models import Child

            children = list(Child.objects.filter(pk__in=[i for _, ids in picked for i in ids]).order_by("pk"))
            services.audits_assign_sample(children=children, auditor=request.user,
                                          due_on=services.month_end(month_start), acting_user=request.user)
            messages.success(request, f"{len(children)} audits assigned to you")
            return redirect("oversight:programme")
    if picked:
        from casebook.children.models import Child

        by_id = Child.objects.in_bulk([i for _, ids in picked for i in ids])
        picked = [(team, [by_id[i] for i in ids]) for team, ids in picked]
    return render(request, "oversight/sample.html", {"form": form, "picked": picked})


# ---- Practice standards and local timescales -----------------------------------------------

@role_page(*ADMIN_ROLES)
def standards(request):
    return render(request, "oversight/standards.html", {"standards": PracticeStandard.objects.all()})


@role_page(*ADMIN_ROLES)
def standard_edit(request, standard_id: int | None = None):
    standard = get_object_or_404(PracticeStandard, pk=standard_id) if standard_id else None
    initial = ({"name": standard.name, "description": standard.description, "order": standard.order,
                "active": standard.active, "version": standard.version} if standard
               else {"active": True, "order": 100, "version": 0})
    form = forms.StandardForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if call_service(form, lambda: services.standard_save(standard=standard, acting_user=request.user,
                                                             read_version=data.pop("version"), **data)):
            messages.success(request, "Practice standard saved")
            return redirect("oversight:standards")
    history = list(standard.history.select_related("history_user").order_by("-history_date")[:20]) if standard else []
    return render(request, "oversight/form_page.html", {
        "form": form, "heading": "Change a practice standard" if standard else "Add a practice standard",
        "button": "Save standard", "history": history})


@role_page(*ADMIN_ROLES)
def timescale_settings(request):
    local = dict(TimescaleSetting.objects.values_list("item", "amount"))
    return render(request, "oversight/timescales.html", {
        "rows": [(t, local.get(t.item)) for t in timescales.all_timescales()]})


@role_page(*ADMIN_ROLES)
def timescale_edit(request, item: str):
    try:
        timescale = timescales.get(item)
    except KeyError:
        raise Http404 from None
    current = TimescaleSetting.objects.filter(item=item).first()
    form = forms.TimescaleSettingForm(data=request.POST or None, initial=(
        {"amount": current.amount, "reason": current.reason, "version": current.version} if current
        else {"version": 0}))
    if request.method == "POST" and form.is_valid():
        # `or True`: removing the local value (no amount) is a save that returns None.
        if call_service(form, lambda: services.timescale_setting_save(
                item=item, amount=form.cleaned_data["amount"], reason=form.cleaned_data["reason"],
                acting_user=request.user, read_version=form.cleaned_data["version"]) or True):
            messages.success(request, f"Timescale for {timescale.label.lower()} saved")
            return redirect("oversight:timescales")
    history = list(TimescaleSetting.history.filter(item=item).select_related("history_user")
                   .order_by("-history_date")[:20])
    return render(request, "oversight/form_page.html", {
        "form": form, "heading": f"Local timescale: {timescale.label}", "button": "Save timescale",
        "intro": f"National value: {timescale.amount} {timescale.unit}. Source: {timescale.source}.",
        "history": history})
