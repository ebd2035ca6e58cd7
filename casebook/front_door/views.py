"""Front door pages: record a contact, link its children, triage, partner checks, the threshold
decision and its sign-off, the queues, allocation and the threshold consistency report."""

import csv
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from casebook.access_audit.decorators import child_page, role_page
from casebook.accounts.models import MANAGER_ROLES, Role
from casebook.children.selectors import allocation_history, likely_duplicates
from casebook.core.concurrency import ConcurrentEditError, check_unchanged, show_conflict
from casebook.core.forms import add_service_errors, call_service
from casebook.core.paging import paginate
from casebook.front_door import forms, selectors, services
from casebook.front_door.models import Outcome, PartnerCheck, Rag
from casebook.core.templatetags.govuk import ukdate

QUEUE_ROLES = (Role.MASH_WORKER, *MANAGER_ROLES)


def _contact_url(child, contact):
    return redirect("front_door:contact", child_id=child.casebook_id, contact_id=contact.pk)


def _contact_or_404(request, child, contact_id):
    contact = selectors.contact_for_child(user=request.user, child=child, contact_id=contact_id)
    if contact is None:
        raise Http404
    return contact


# ---- Queues ----------------------------------------------------------------------------------

@role_page(*QUEUE_ROLES)
def queue(request):
    rag = request.GET.get("rag", "")
    team = request.GET.get("team", "")
    sort = request.GET.get("sort", "received")
    team_id = int(team) if team.isdigit() else None
    page = paginate(request, selectors.mash_queue(user=request.user, rag=rag, team_id=team_id, sort=sort))
    return render(request, "front_door/queue.html", {
        "page_obj": page, "rows": selectors.queue_rows(page.object_list), "rag": rag, "team": team_id,
        "sort": sort, "rags": Rag.choices, "teams": list(selectors.front_door_teams()),
        "can_record": request.user.role == Role.MASH_WORKER,
    })


@role_page(*MANAGER_ROLES)
def awaiting_allocation(request):
    from casebook.front_door.timescales import ALLOCATION_AFTER_THRESHOLD

    from casebook.accounts.models import Team
    from casebook.front_door.models import SOCIAL_CARE_OUTCOMES

    team = request.GET.get("team", selectors.default_allocation_team_filter(request.user))
    outcome, rag = request.GET.get("outcome", ""), request.GET.get("rag", "")
    page = paginate(request, selectors.awaiting_allocation(user=request.user, team=team, outcome=outcome, rag=rag))
    needing = Paginator(selectors.needing_new_worker(user=request.user, team=team), 50).get_page(
        request.GET.get("needing_page"))
    return render(request, "front_door/awaiting_allocation.html", {
        "page_obj": page, "rows": selectors.waiting_rows(page.object_list),
        "needing_page": needing, "needing_rows": selectors.no_worker_rows(needing.object_list),
        "limit": ALLOCATION_AFTER_THRESHOLD.effective_amount,
        "team": team, "outcome": outcome, "rag": rag, "rags": Rag.choices,
        "outcomes": [(value, label) for value, label in Outcome.choices if value in SOCIAL_CARE_OUTCOMES],
        "teams": list(Team.objects.filter(is_front_door=False).order_by("name")),
        "own_team": request.user.team if request.user.team_id and not request.user.team.is_front_door else None,
    })


# ---- Recording a contact ---------------------------------------------------------------------

@role_page(Role.MASH_WORKER)
def contact_create(request):
    form = forms.ContactForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(acting_user=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("front_door:contact-children", contact_id=contact.pk)
    return render(request, "front_door/contact_create.html", {"form": form})


@role_page(Role.MASH_WORKER)
def contact_children(request, contact_id: int):
    """Link the children the contact is about: find each in the records or create a new one."""
    contact = selectors.open_contact_for_linking(user=request.user, contact_id=contact_id)
    if contact is None:
        raise Http404
    find_form = forms.ChildFindForm(data=request.GET or None)
    new_form = None
    matches = None
    action = request.POST.get("action")
    if request.method == "POST" and action == "link":
        chosen = request.POST.get("child", "")
        child = (selectors.child_to_link(user=request.user, child_pk=int(chosen), page="front-door-contact-link")
                 if chosen.isdigit() and len(chosen) < 19 else None)
        if child is None:
            raise Http404
        try:
            services.contact_link_child(contact=contact, child=child, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("front_door:contact-children", contact_id=contact.pk)
    if request.method == "POST" and action == "unlink":
        child = contact.links.filter(child_id=request.POST.get("child") or 0).select_related("child").first()
        if child is not None:
            services.contact_unlink_child(contact=contact, child=child.child, acting_user=request.user)
        return redirect("front_door:contact-children", contact_id=contact.pk)
    if request.method == "POST" and action == "create":
        new_form = forms.NewChildForm(data=request.POST, prefix="new")
        if new_form.is_valid():
            data = new_form.cleaned_data
            try:
                services.contact_link_new_child(
                    contact=contact, acting_user=request.user, form_token=data["form_token"],
                    first_names=data["first_names"], last_name=data["last_name"],
                    date_of_birth=data["date_of_birth"], sex=data["sex"])
            except ValidationError as error:
                add_service_errors(new_form, error)
            else:
                messages.success(request, f"Record created for {data['first_names']} {data['last_name']}")
                return redirect("front_door:contact-children", contact_id=contact.pk)
    elif find_form.is_bound and find_form.is_valid():
        data = find_form.cleaned_data
        matches = likely_duplicates(user=request.user, first_names=data["first_names"], last_name=data["last_name"],
                                    date_of_birth=data["date_of_birth"])
        new_form = forms.NewChildForm(prefix="new", initial={"first_names": data["first_names"], "last_name": data["last_name"],
                                               "date_of_birth": data["date_of_birth"]})
    links = list(contact.links.select_related("child"))
    counts = selectors.recent_contact_counts(
        child_ids=[link.child_id for link in links] + [m.child.pk for m in matches or []],
        exclude_contact_id=contact.pk)
    linked_ids = {link.child_id for link in links}
    return render(request, "front_door/contact_children.html", {
        "contact": contact, "find_form": find_form, "new_form": new_form, "links": links,
        "matches": [(m, counts.get(m.child.pk, 0)) for m in matches] if matches is not None else None,
        "linked_ids": linked_ids,
        "link_rows": [(link, counts.get(link.child_id, 0)) for link in links],
    })


# ---- One contact, reached through one of its children ------------------------------------------

@child_page("front-door-contact")
def contact_detail(request, child, contact_id: int):
    contact = _contact_or_404(request, child, contact_id)
    links = list(contact.links.select_related("child", "referral"))
    counts = selectors.recent_contact_counts(child_ids=[link.child_id for link in links],
                                             exclude_contact_id=contact.pk)
    today = timezone.localdate()
    checks = [(c, selectors.check_is_overdue(c, today=today)) for c in selectors.checks_for(contact)]
    now = timezone.now()
    return render(request, "front_door/contact.html", {
        "child": child, "contact": contact, "links": [(link, counts.get(link.child_id, 0)) for link in links],
        "checks": checks, "timing": selectors.contact_timing(contact, now=now),
        "returns": list(contact.returns.select_related("decided_by", "returned_by")),
        "history": selectors.contact_history(child=child, before=contact.received_at - timedelta(seconds=1)),
        "decision_overdue": bool(contact.decision_due_at and not contact.decided_at and now > contact.decision_due_at),
        "can_change": not contact.signed_off_at and request.user.role in (Role.MASH_WORKER, *MANAGER_ROLES),
        "can_link_children": request.user.role == Role.MASH_WORKER,  # the linking page is the MASH's
        "can_sign_off": bool(contact.decided_at and not contact.signed_off_at and request.user.is_manager),
        "strategy_due": selectors.strategy_discussions_due(contact), "today": today,
    })


@child_page("front-door-contact-rag")
def contact_rag(request, child, contact_id: int):
    contact = _contact_or_404(request, child, contact_id)
    form = forms.TriageForm(data=request.POST or None,
                            initial={"rag": contact.rag or None, "rag_reason": contact.rag_reason,
                                     "version": contact.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if call_service(form, lambda: services.contact_triage(contact=contact, acting_user=request.user,
                                                              read_version=data.pop("version"), **data)):
            messages.success(request, f"RAG rating recorded: decision due by {ukdate(contact.decision_due_at)}")
            return _contact_url(child, contact)
    return _form_page(request, child, contact, form, "Rate the contact", "Save rating")


@child_page("front-door-check-add")
def check_add(request, child, contact_id: int):
    contact = _contact_or_404(request, child, contact_id)
    form = forms.PartnerCheckForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_check_request(contact=contact, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Partner check recorded")
            return _contact_url(child, contact)
    return _form_page(request, child, contact, form, "Request a partner check", "Save check")


@child_page("front-door-check-answer")
def check_answer(request, child, contact_id: int, check_id: int):
    contact = _contact_or_404(request, child, contact_id)
    check = PartnerCheck.objects.filter(pk=check_id, contact=contact).first()
    if check is None:
        raise Http404
    form = forms.PartnerCheckAnswerForm(data=request.POST or None, initial={
        "received_on": check.received_on, "summary": check.summary, "version": check.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if call_service(form, lambda: services.partner_check_record_answer(check=check, acting_user=request.user,
                                                                            read_version=data.pop("version"), **data)):
            messages.success(request, f"Answer from {check.agency_name} recorded")
            return _contact_url(child, contact)
    return _form_page(request, child, contact, form, f"Answer from {check.agency_name}", "Save answer")


@child_page("front-door-decision")
def contact_decision(request, child, contact_id: int):
    contact = _contact_or_404(request, child, contact_id)
    if contact.decided_at and request.method != "POST":
        messages.info(request, "The decision on this contact has already been recorded")
        return _contact_url(child, contact)
    # A post from a form opened before someone else decided is refused by the service (their
    # decision is shown and what was typed kept), not redirected away.
    form = forms.DecisionForm(data=request.POST or None, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(form, lambda: services.contact_decide(
                contact=contact, acting_user=request.user, outcome=data["outcome"],
                decision_reasons=data["decision_reasons"], level_of_need=data["level_of_need"],
                primary_need=data["primary_need"], decided_at=data["decided_at"], read_version=data["version"]),
                final=True):
            messages.success(request, "Decision recorded: a manager must now sign it off")
            return _contact_url(child, contact)
    return _form_page(request, child, contact, form, "Threshold decision", "Save decision")


@child_page("front-door-sign-off", audience="child-managers")
def contact_sign_off(request, child, contact_id: int):
    """Agree and sign off the threshold decision, or disagree and send it back with a reason."""
    contact = _contact_or_404(request, child, contact_id)
    sending_back = request.POST.get("action") == "send-back"
    posted = request.POST if request.method == "POST" else None
    form = forms.SignOffForm(data=None if sending_back else posted, initial={"version": contact.version})
    back_form = forms.SendBackForm(data=posted if sending_back else None, initial={"version": contact.version})
    if request.method == "POST" and contact.signed_off_at:
        return _contact_url(child, contact)  # a second click on the same button
    if request.method == "POST" and not sending_back and form.is_valid():
        def sign_off():
            if form.cleaned_data["version"] != contact.version:
                # The decision changed (sent back and decided again) after the page was opened.
                check_unchanged(contact, read_version=form.cleaned_data["version"], fields=services.DECISION_FIELDS)
            return services.contact_sign_off(contact=contact, acting_user=request.user)

        if call_service(form, sign_off, final=True):
            messages.success(request, "Decision signed off")
            return _contact_url(child, contact)
    if request.method == "POST" and sending_back and back_form.is_valid():
        if call_service(back_form, lambda: services.contact_send_back(
                contact=contact, acting_user=request.user, reason=back_form.cleaned_data["reason"],
                read_version=back_form.cleaned_data["version"]), final=True):
            messages.success(request, "Decision sent back to the MASH with your reason")
            return _contact_url(child, contact)
    contact.refresh_from_db()
    return render(request, "front_door/sign_off.html", {"child": child, "contact": contact, "form": form,
                                                        "back_form": back_form})


def _form_page(request, child, contact, form, heading, button):
    return render(request, "front_door/form_page.html", {
        "child": child, "contact": contact, "form": form, "heading": heading, "button": button,
        "read_only": bool(contact.signed_off_at),
    })


# ---- The child's front door history and allocation --------------------------------------------

@child_page("front-door-child-contacts")
def child_contacts(request, child):
    contacts = selectors.contacts_for_child(child)
    since = timezone.now() - timedelta(days=365)
    return render(request, "front_door/child_contacts.html", {
        "child": child, "contacts": contacts,
        "recent": sum(1 for c in contacts if c.received_at >= since),
    })


@child_page("front-door-allocate", audience="child-managers")
def allocate(request, child):
    """Choose a social worker, seeing each one's weighted caseload and cap and who would go over a
    limit. Lists the manager's own team unless ?team= says otherwise ("all", or a team id).
    After allocating, a sibling from the same contact still waiting is offered next."""
    from casebook.accounts.models import Team

    own_team = request.user.team if request.user.team_id and not request.user.team.is_front_door else None
    team = request.GET.get("team", str(own_team.pk) if own_team else "all")
    team_id = int(team) if team.isdigit() and len(team) < 10 else None
    case_type = selectors.case_type_of(child)
    options = selectors.candidate_workers(team_id=team_id, child=child, case_type=case_type)
    preselect = request.GET.get("worker", "")
    initial = {"version": services.allocation_version(child)}
    if preselect.isdigit() and len(preselect) < 10:
        initial["worker"] = int(preselect)
    form = forms.AllocateForm(data=request.POST or None, workers=options, initial=initial)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        chosen = next((o for o in options if o.pk == form.cleaned_data["worker"]), None)
        worker = chosen.worker if chosen else None
        try:
            services.child_allocate(child=child, worker=worker, acting_user=request.user,
                                    reason=form.cleaned_data["reason"],
                                    override_reason=form.cleaned_data["override_reason"],
                                    read_version=form.cleaned_data["version"])
        except ConcurrentEditError as error:
            show_conflict(form, error, labels=services.ALLOCATION_LABELS)
            child.refresh_from_db(fields=["allocated_team", "allocated_worker"])
        except ValidationError as error:
            add_service_errors(form, error)
            if worker is not None:
                warnings = selectors.allocation_warnings_for(child=child, worker=worker)
        else:
            siblings = selectors.siblings_waiting(child)
            if siblings:
                names = ", ".join(s.display_name for s in siblings)
                messages.success(request, f"{child.display_name} allocated to {worker.full_name}. Still waiting "
                                          f"from the same contact: {names}. {worker.full_name} is selected for "
                                          f"{siblings[0].display_name} below; check their caseload first")
                return redirect(f"{reverse('front_door:allocate', args=[siblings[0].casebook_id])}"
                                f"?{urlencode({'team': team, 'worker': worker.pk})}")
            messages.success(request, f"{child.display_name} allocated to {worker.full_name}")
            return redirect("front_door:awaiting-allocation")
    weights_text, child_weight = selectors.caseload_weights_text(child, case_type=case_type)
    history = list(allocation_history(child)[:10])
    overrides = selectors.allocation_overrides(history)
    return render(request, "front_door/allocate.html", {
        "child": child, "form": form, "warnings": warnings, "worker_radios": _worker_radios(form, options),
        "over_count": sum(1 for o in options if o.warnings),
        "weights_text": weights_text, "child_weight": child_weight,
        "siblings": selectors.siblings_waiting(child),
        "history": [(a, overrides.get(a.pk)) for a in history],
        "teams": list(Team.objects.filter(is_front_door=False).order_by("name")), "team": team,
        "own_team": own_team,
    })


def _worker_radios(form, options) -> str:
    """The worker radios, each with its caseload hint, as escaped HTML. Built here rather than in
    a template loop: with every team shown (about 250 workers) the loop cost more than the rest of
    the page."""
    by_pk = {o.pk: o for o in options}
    items = []
    for option in form["worker"]:
        o = by_pk[int(option.data["value"])]
        ident = escape(option.id_for_label)
        hint = f"{o.children} child{'' if o.children == 1 else 'ren'}, weighted caseload {escape(o.weighted_text)}"
        if o.cap is not None:
            hint += f" of a cap of {escape(o.cap_text)}"
        if o.asye_limit:
            hint += f"; newly qualified (ASYE), protected limit {o.asye_limit} children"
        if o.warnings:
            hint += ('<br><strong class="govuk-tag govuk-tag--orange">Over a limit</strong> '
                     + "; ".join(escape(w) for w in o.warnings))
        items.append(
            f'<div class="govuk-radios__item"><input class="govuk-radios__input" id="{ident}" '
            f'name="{escape(option.data["name"])}" type="radio" value="{escape(option.data["value"])}"'
            f'{" checked" if option.data["selected"] else ""} aria-describedby="{ident}-hint">'
            f'<label class="govuk-label govuk-radios__label" for="{ident}">{escape(option.choice_label)}</label>'
            f'<div id="{ident}-hint" class="govuk-hint govuk-radios__hint" data-worker="{o.pk}">{hint}</div></div>')
    return mark_safe("".join(items))  # every value escaped  # nosec B308 B703


# ---- Threshold consistency ----------------------------------------------------------------------

def _period(request):
    today = timezone.localdate()
    default = {"start": today - timedelta(days=90), "end": today}
    form = forms.PeriodForm(data=request.GET if "start-day" in request.GET else None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, default["start"], default["end"]


@role_page(*MANAGER_ROLES)
def consistency(request):
    form, start, end = _period(request)
    report = selectors.threshold_consistency(start=start, end=end)
    return render(request, "front_door/consistency.html", {
        "form": form, "start": start, "end": end, "report": report, "outcomes": Outcome.choices,
        "rags": Rag.choices, "query": request.GET.urlencode(),
    })


@role_page(*MANAGER_ROLES)
def consistency_csv(request):
    _form, start, end = _period(request)
    report = selectors.threshold_consistency(start=start, end=end)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="threshold-consistency-{start}-{end}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Level", "Name", "Team", "Decisions",
                     *[f"{label} (count)" for _v, label in Outcome.choices],
                     *[f"{label} (%)" for _v, label in Outcome.choices],
                     *[f"RAG {label} (count)" for _v, label in Rag.choices]])
    groups = [("Decision-maker", b) for b in report["makers"]] + [("Team", b) for b in report["teams"]]
    for level, b in [*groups, ("Whole front door", report["whole"])]:
        writer.writerow([level, b.label, b.team, b.total,
                         *[b.by_outcome.get(v, 0) for v, _l in Outcome.choices],
                         *[b.share(b.by_outcome, v) for v, _l in Outcome.choices],
                         *[b.by_rag.get(v, 0) for v, _l in Rag.choices]])
    writer.writerow([])
    writer.writerow(["Outcome", "Children", "New contact within 3 months", "% within 3 months",
                     "New contact within 12 months", "% within 12 months"])
    for row in report["returns"]:
        writer.writerow([row["label"], row["children"], row["back_3"], row["share_3"], row["back_12"], row["share_12"]])
    return response
