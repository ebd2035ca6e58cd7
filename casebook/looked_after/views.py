"""Pages for looked-after children: the care summary, episodes, reviews, health,
missing episodes and return home interviews, social worker episodes, care leavers, adoption."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from casebook.access_audit.decorators import child_page, role_page
from casebook.accounts.models import MANAGER_ROLES, Role
from casebook.children.models import Allocation
from casebook.core.forms import call_service
from casebook.core.templatetags.govuk import ukdate
from casebook.looked_after import forms, selectors, services
from casebook.looked_after import timescales as ts
from casebook.looked_after.models import (
    Adopter, AdoptionRecord, CareLeaver, MissingEpisode, MotherStatus, UASCStatus, YearOutcomes,
)

# Service errors about a moment land on the date box of the form's date-and-time pair; the return
# home interview's model fields name the form fields that label what someone else changed.
FIELD_FOR = {"started_at": "started_on", "ended_at": "ended_on", "offered_at": "offered_on",
             "rhi_offered_at": "offered_on", "rhi_offered_by": "offered_by", "rhi_independent": "independent",
             "rhi_response": "response", "rhi_completed_on": "completed_on"}


def _attempt(form, call) -> bool:
    """Run a service; put its GOV.UK errors or a refused stale save on the form. True when it
    saved (`or True`: some services return None, for instance when they remove a record)."""
    return call_service(form, lambda: call() or True, field_map=FIELD_FOR) is not None


def _form_page(request, child, form, heading, button, **extra):
    return render(request, "looked_after/form_page.html",
                  {"child": child, "form": form, "heading": heading, "button": button, **extra})


def _care(child):
    return redirect("looked_after:care", child_id=child.casebook_id)


@child_page("care-summary")
def care(request, child):
    return render(request, "looked_after/care.html", {"child": child, **selectors.care_summary(request.user, child)})


@child_page("care-episode-add")
def episode_add(request, child):
    current = services.current_episode(child)
    initial = {}
    if current is not None:
        initial = {f: getattr(current, f) for f in ("legal_status", "category_of_need", "placement_type",
                                                    "placement_provider", "placement_postcode", "home_postcode",
                                                    "urn", "carer_name", "intended_until_18")}
    form = forms.EpisodeForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.episode_start(child=child, acting_user=request.user, **data)):
            messages.success(request, "Episode of care recorded")
            return _care(child)
    heading = "Record a change of legal status or placement" if current else "Record that the child is looked after"
    return _form_page(request, child, form, heading, "Save episode", current=current)


@child_page("care-end")
def period_end(request, child):
    form = forms.PeriodEndForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.period_end(child=child, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "The period of care has ended")
            return _care(child)
    return _form_page(request, child, form, "End the period of care", "End period of care")


def _care_leaver(child):
    return redirect("looked_after:care-leaver", child_id=child.casebook_id)


def _simple(service, form_class, heading, button, done, back=_care, due=(), initial_from_query=()):
    """A record page: the form, what it completes that is due (`due`: clock items), and any
    initial values named in the query string (`initial_from_query`, such as ?kind=dental)."""
    def view(request, child):
        initial = {k: request.GET[k] for k in initial_from_query if k in request.GET}
        form = form_class(data=request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            if _attempt(form, lambda: service(child=child, acting_user=request.user, **form.cleaned_data)):
                messages.success(request, done)
                return back(child)
        return _form_page(request, child, form, heading, button, due=selectors.due_items(child, due) if due else [])
    return view


care_plan_add = child_page("care-plan-add")(_simple(
    services.care_plan_record, forms.CarePlanForm, "Record the care plan", "Save care plan", "Care plan recorded",
    due=[ts.CARE_PLAN]))
review_add = child_page("care-review-add")(_simple(
    services.review_record, forms.ReviewForm, "Record a looked-after review", "Save review", "Review recorded",
    due=ts.REVIEW_ITEMS))
health_add = child_page("care-health-add")(_simple(
    services.health_check_record, forms.HealthCheckForm, "Record a health assessment or dental check", "Save",
    "Health check recorded", due=[*ts.HEALTH_ITEMS, ts.DENTAL], initial_from_query=["kind"]))


# ---- SSDA903 items the worker records: one record each, edited with the version read ----------

def _yes_no_initial(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _initial(record, values: dict) -> dict:
    """A versioned form's initial values: the version read, 0 when there is no record yet."""
    return {**values, "version": record.version if record else 0}


def _versioned_page(request, child, form, save, heading, done, **extra):
    """An edit page for one record; `save(data, read_version)` calls the service."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if _attempt(form, lambda: save(data, version)):
            messages.success(request, done)
            return _care(child)
    return _form_page(request, child, form, heading, "Save", **extra)


@child_page("care-mother-status")
def mother_status(request, child):
    record = MotherStatus.objects.filter(child=child).first()
    initial = {"is_mother": _yes_no_initial(record.is_mother), "first_child_born": record.first_child_born} \
        if record else {}
    form = forms.MotherStatusForm(data=request.POST or None, initial=_initial(record, initial))
    return _versioned_page(
        request, child, form,
        lambda d, v: services.mother_status_record(child=child, read_version=v, acting_user=request.user, **d),
        "Record whether she is a mother", "Mother status recorded")


@child_page("care-uasc-status")
def uasc_status(request, child):
    record = UASCStatus.objects.filter(child=child).first()
    initial = {"is_uasc": "yes", "ceased_on": record.ceased_on} if record else {}
    form = forms.UASCStatusForm(data=request.POST or None, initial=_initial(record, initial))
    return _versioned_page(
        request, child, form,
        lambda d, v: services.uasc_status_record(child=child, read_version=v, acting_user=request.user, **d),
        "Record unaccompanied asylum-seeking child (UASC) status", "UASC status recorded")


@child_page("care-year-outcomes")
def year_outcomes(request, child):
    years = forms.collection_years()
    try:
        year = int(request.GET.get("year", years[0]))
    except ValueError:
        raise Http404 from None
    if year not in years:
        raise Http404
    record = YearOutcomes.objects.filter(child=child, year=year).first()
    initial = {}
    if record:
        initial = {f: _yes_no_initial(getattr(record, f)) for f in services.OUTCOME_FIELDS if f != "sdq_reason"}
        initial["sdq_reason"] = record.sdq_reason
    form = forms.YearOutcomesForm(data=request.POST or None, initial=_initial(record, initial))
    return _versioned_page(
        request, child, form,
        lambda d, v: services.year_outcomes_record(child=child, year=year, read_version=v, acting_user=request.user,
                                                   **d),
        f"Record the outcomes for 1 April {year - 1} to 31 March {year} (children looked after for 12 months)",
        "Outcomes recorded", other_years=[y for y in years if y != year])


@child_page("care-previous-permanence")
def previous_permanence(request, child):
    record = services.first_episode_of_period(child)  # None until the child is looked after: the service says so
    initial = {f: getattr(record, f) for f in services.PERMANENCE_FIELDS} if record else {}
    form = forms.PreviousPermanenceForm(data=request.POST or None, initial=_initial(record, initial))
    return _versioned_page(
        request, child, form,
        lambda d, v: services.previous_permanence_record(child=child, read_version=v, acting_user=request.user,
                                                         **d),
        "Record previous permanence", "Previous permanence recorded")


# ---- Missing ---------------------------------------------------------------------------

def _missing_redirect(child):
    return redirect("looked_after:missing", child_id=child.casebook_id)


@child_page("missing-history")
def missing(request, child):
    return render(request, "looked_after/missing.html", {"child": child, "rows": selectors.missing_history(child)})


@child_page("missing-add")
def missing_add(request, child):
    form = forms.MissingForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(form, lambda: services.missing_record(
                child=child, kind=d["kind"], started_at=d["started_at"], ended_at=d["ended_at"],
                where_found=d["where_found"], reported_to_police=d["reported_to_police"], acting_user=request.user)):
            messages.success(request, "Missing episode recorded")
            return _missing_redirect(child)
    return _form_page(request, child, form, "Record a missing episode", "Save missing episode")


def _episode(child, episode_id) -> MissingEpisode:
    return get_object_or_404(MissingEpisode, child=child, pk=episode_id)


@child_page("missing-return")
def missing_return(request, child, episode_id):
    episode = _episode(child, episode_id)
    form = forms.ReturnForm(data=request.POST or None, initial={"version": episode.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(form, lambda: services.missing_return(episode=episode, ended_at=d["ended_at"],
                                                          where_found=d["where_found"], read_version=d["version"],
                                                          acting_user=request.user)):
            episode.refresh_from_db(fields=["rhi_due_at"])
            messages.success(request, f"Return recorded: offer a return home interview by "
                                      f"{ukdate(episode.rhi_due_at)} (72 hours from the return)")
            return _missing_redirect(child)
    return _form_page(request, child, form, "Record the child's return", "Save return", missing_episode=episode)


@child_page("missing-interview")
def missing_interview(request, child, episode_id):
    episode = _episode(child, episode_id)
    if episode.ended_at is None:
        raise Http404
    initial = {"version": episode.version}
    form = forms.InterviewForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if _attempt(form, lambda: services.interview_record(
                episode=episode, offered_at=d["offered_at"], offered_by=d["offered_by"],
                independent=forms._yes_no(d["independent"]), response=d["response"], completed_on=d["completed_on"],
                why_missing=d["why_missing"], risk_exploitation=d["risk_exploitation"],
                push_factors=d["push_factors"], pull_factors=d["pull_factors"], read_version=d["version"],
                acting_user=request.user)):
            messages.success(request, "Return home interview recorded")
            return _missing_redirect(child)
    # The worker sees what earlier episodes taught before arranging this interview.
    previous = [r for r in selectors.missing_history(child) if r["episode"].pk != episode.pk
                and r["episode"].started_at < episode.started_at]
    return _form_page(request, child, form, "Return home interview", "Save interview", missing_episode=episode,
                      previous=previous, status=selectors.interview_status(episode))


MISSING_LIST_ROWS = 200


@role_page(*MANAGER_ROLES)
def missing_list(request):
    now_rows = [{"episode": e, "status": selectors.interview_status(e)}
                for e in selectors.missing_list(request.user)[:MISSING_LIST_ROWS]]
    return render(request, "looked_after/missing_list.html",
                  {"rows": now_rows, "counts": selectors.missing_counts(request.user), "limit": MISSING_LIST_ROWS})


@role_page(Role.IRO, *MANAGER_ROLES)
def reviews_due(request):
    return render(request, "looked_after/reviews_due.html", {"rows": selectors.reviews_due(request.user),
                                                              "limit": selectors.REVIEWS_LIST_ROWS})


# ---- Social worker episodes --------------------------------------------------------------

@child_page("care-social-workers")
def social_workers(request, child):
    return render(request, "looked_after/social_workers.html",
                  {"child": child, "rows": selectors.social_worker_episodes(child)})


@child_page("care-social-worker-reason")
def social_worker_reason(request, child, allocation_id):
    allocation = get_object_or_404(Allocation.objects.select_related("worker"), child=child, pk=allocation_id)
    existing = getattr(allocation, "sw_change", None)
    form = forms.SocialWorkerReasonForm(data=request.POST or None, initial={
        "reason": existing.reason if existing else "", "version": existing.version if existing else 0})
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.social_worker_change_record(
                allocation=allocation, reason=form.cleaned_data["reason"], acting_user=request.user,
                read_version=form.cleaned_data["version"])):
            messages.success(request, "Reason for the change of social worker recorded")
            return redirect("looked_after:social-workers", child_id=child.casebook_id)
    who = allocation.worker.full_name if allocation.worker else "no social worker"
    return _form_page(request, child, form, f"Why the social worker changed to {who}", "Save reason")


# ---- Care leavers ------------------------------------------------------------------------

@child_page("care-leaver")
def care_leaver(request, child):
    record = CareLeaver.objects.filter(child=child).first()
    initial = {"version": record.version if record else 0}  # 0: read before any record existed
    if record:
        initial.update({f: getattr(record, f) for f in ("category", "personal_adviser", "personal_adviser_name",
                                                        "needs_assessment_on", "pathway_plan_on")})
    form = forms.CareLeaverForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        if _attempt(form, lambda: services.care_leaver_set(child=child, read_version=version,
                                                           acting_user=request.user, **d)):
            messages.success(request, "Care leaver details saved")
            return _care_leaver(child)
    return render(request, "looked_after/care_leaver.html",
                  {"child": child, "form": form, **selectors.care_leaver_summary(child)})


pathway_review_add = child_page("care-leaver-pathway-review")(_simple(
    services.pathway_review_record, forms.PathwayReviewForm, "Record a pathway plan review", "Save review",
    "Pathway plan review recorded", back=_care_leaver, due=[ts.PATHWAY_REVIEW]))


@child_page("care-leaver-contact")
def care_leaver_contact(request, child):
    form = forms.ContactForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["accommodation_suitable"] = forms._yes_no(d["accommodation_suitable"])
        if _attempt(form, lambda: services.care_leaver_contact_record(child=child, acting_user=request.user, **d)):
            messages.success(request, "Contact recorded")
            return _care_leaver(child)
    return _form_page(request, child, form, "Record contact around a birthday", "Save contact")


# ---- Adoption --------------------------------------------------------------------------

@child_page("care-adoption")
def adoption(request, child):
    record = AdoptionRecord.objects.filter(child=child).first()
    initial = {"version": record.version if record else 0}  # 0: read before any record existed
    if record:
        initial.update({f: getattr(record, f) for f in services.ADOPTION_FIELDS})
        initial["foster_carer_adopting"] = {True: "yes", False: "no"}.get(record.foster_carer_adopting, "")
    form = forms.AdoptionForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        d["foster_carer_adopting"] = forms._yes_no(d["foster_carer_adopting"])
        if _attempt(form, lambda: services.adoption_set(child=child, read_version=version, acting_user=request.user, **d)):
            messages.success(request, "Adoption details saved")
            return _care(child)
    return _form_page(request, child, form, "Adoption", "Save adoption details")


# ---- Adopters (Ofsted Annex A list 11) ----------------------------------------------------------
# Adopters are not children: the adoption team and its managers see them, not by child visibility.
ADOPTER_ROLES = (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, *MANAGER_ROLES)


@role_page(*ADOPTER_ROLES)
def adopters(request):
    return render(request, "looked_after/adopters.html",
                  {"adopters": Adopter.objects.select_related(None).order_by("-enquiry_date", "-pk")[:500]})


def _adopter_form_page(request, form, heading, adopter=None):
    return render(request, "looked_after/adopter_form.html", {"form": form, "heading": heading, "adopter": adopter})


@role_page(*ADOPTER_ROLES)
def adopter_add(request):
    form = forms.AdopterForm(data=request.POST or None, initial={"version": 0})
    if request.method == "POST" and form.is_valid():
        data = _adopter_values(form)
        if _attempt(form, lambda: services.adopter_save(acting_user=request.user, **data)):
            messages.success(request, "Adopter recorded")
            return redirect("looked_after:adopters")
    return _adopter_form_page(request, form, "Record a prospective adopter")


@role_page(*ADOPTER_ROLES)
def adopter_edit(request, adopter_id: int):
    adopter = get_object_or_404(Adopter, pk=adopter_id)
    initial = {f: getattr(adopter, f) for f in services.ADOPTER_FIELDS}
    for name in ("disability", "fostering_for_adoption"):
        initial[name] = {True: "yes", False: "no"}.get(initial[name], "")
    initial["version"] = adopter.version
    form = forms.AdopterForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        data = _adopter_values(form)
        if _attempt(form, lambda: services.adopter_save(adopter=adopter, read_version=version,
                                                        acting_user=request.user, **data)):
            messages.success(request, "Adopter's details saved")
            return redirect("looked_after:adopters")
    return _adopter_form_page(request, form, f"Adopter {adopter.reference}", adopter)


def _adopter_values(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    for name in ("disability", "fostering_for_adoption"):
        data[name] = forms._yes_no(data[name])
    return data
