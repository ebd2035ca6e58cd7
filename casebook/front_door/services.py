"""Writes at the front door. Each runs in one transaction and raises a GOV.UK-worded
ValidationError (keyed by the form field it is about) before writing anything."""

import uuid
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casebook.accounts.models import User
from casebook.children.models import Allocation, Child
from casebook.children.services import allocation_set, child_create
from casebook.clocks import timescales
from casebook.clocks.models import Clock
from casebook.clocks.services import clock_cancel, clock_complete, clock_start
from casebook.core.concurrency import ConcurrentEditError, check_unchanged, save_if_unchanged
from casebook.core.workdays import end_of_working_day
from casebook.episodes.services import referral_record
from casebook.front_door.models import (SOCIAL_CARE_OUTCOMES, AllocationOverride, Contact, ContactChild, Outcome,
                                        PartnerCheck, Rag)
from casebook.front_door.selectors import allocation_warnings_for
from casebook.front_door.timescales import (ALLOCATION_AFTER_THRESHOLD, PARTNER_CHECK, STRATEGY_DISCUSSION,
                                            decision_item)

CONTACT_FIELDS = ["received_at", "source", "referrer_name", "referrer_organisation", "referrer_phone", "concern",
                  "presenting_needs", "consent_obtained", "consent_override_reason"]


def _not_future(when: datetime, field: str, noun: str) -> None:
    if when > timezone.now():
        raise ValidationError({field: f"{noun} must be today or in the past"})


@transaction.atomic
def contact_create(*, acting_user, form_token: uuid.UUID | None = None, **fields) -> Contact:
    """Record a contact to the front door (Annex A list 1: date of contact, contact source).

    Idempotent per form: a second submission with the same `form_token` returns the first
    contact instead of making another.
    """
    if form_token is not None:
        existing = Contact.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    values = {k: v for k, v in fields.items() if k in CONTACT_FIELDS}
    _not_future(values["received_at"], "received_on", "Date the contact was received")
    if not values.get("consent_obtained") and not (values.get("consent_override_reason") or "").strip():
        raise ValidationError({"consent_override_reason": "Enter why consent was not obtained or was overridden"})
    team = acting_user.team if acting_user.team_id and acting_user.team.is_front_door else None
    contact = Contact(recorded_by=acting_user, team=team, form_token=form_token, **values)
    contact._history_user = acting_user
    contact.full_clean()
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:  # the same form submitted twice at once: the other request saved it
        return Contact.objects.get(form_token=form_token)
    return contact


def _open_for_changes(contact: Contact) -> None:
    if contact.signed_off_at:
        raise ValidationError("This contact has been signed off: it can no longer be changed")


@transaction.atomic
def contact_link_child(*, contact: Contact, child: Child, acting_user) -> ContactChild:
    """Say the contact is about `child` (an existing record found by the duplicate search)."""
    _open_for_changes(contact)
    if contact.decided_at:
        raise ValidationError("A decision has been recorded: children can no longer be added to this contact")
    link, _created = ContactChild.objects.get_or_create(contact=contact, child=child)
    _start_decision_clock(contact, [child])
    return link


@transaction.atomic
def contact_link_new_child(*, contact: Contact, acting_user, form_token: uuid.UUID | None = None,
                           **child_fields) -> ContactChild:
    """Create a record for a child not known to Casebook and link it to the contact.

    Idempotent per form, so a double click does not create the child twice.
    """
    if form_token is not None:
        existing = ContactChild.objects.filter(form_token=form_token).select_related("child").first()
        if existing is not None:
            return existing
    _open_for_changes(contact)
    if contact.decided_at:
        raise ValidationError("A decision has been recorded: children can no longer be added to this contact")
    try:
        with transaction.atomic():
            child = child_create(acting_user=acting_user, **child_fields)
            link = ContactChild.objects.create(contact=contact, child=child, form_token=form_token)
    except IntegrityError:
        return ContactChild.objects.select_related("child").get(form_token=form_token)
    _start_decision_clock(contact, [child])
    return link


@transaction.atomic
def contact_unlink_child(*, contact: Contact, child: Child, acting_user) -> None:
    """Take a child off a contact (linked by mistake) before the decision."""
    _open_for_changes(contact)
    if contact.decided_at:
        raise ValidationError("A decision has been recorded: the children on this contact can no longer change")
    ContactChild.objects.filter(contact=contact, child=child).delete()
    for rag in Rag.values:
        clock_cancel(child=child, item=decision_item(rag), source=contact)


def _start_decision_clock(contact: Contact, children) -> None:
    if not contact.rag or contact.decided_at:
        return
    for child in children:
        clock_start(child=child, item=decision_item(contact.rag), started=contact.received_at, source=contact)


def decision_due_at(*, received_at: datetime, rag: str) -> datetime:
    """The close of the working day on which the decision is due: the RAG's working days after
    the contact was received (red: the same working day). Amounts are local settings."""
    due_day = timescales.get(decision_item(rag)).due(timezone.localtime(received_at).date())
    return end_of_working_day(due_day)


@transaction.atomic
def contact_triage(*, contact: Contact, rag: str, rag_reason: str, acting_user,
                   read_version: int | None = None) -> Contact:
    """Rate the contact red, amber or green; the decision due time follows the rating and the
    decision clock (re)starts on each child. Raises ConcurrentEditError if someone saved the
    contact's rating or decision after `read_version` (default: the version of `contact`)."""
    _open_for_changes(contact)
    if contact.decided_at:
        raise ValidationError({"rag": "A decision has been recorded: the RAG rating can no longer change"})
    if rag not in Rag.values:
        raise ValidationError({"rag": "Select a RAG rating"})
    if not rag_reason.strip():
        raise ValidationError({"rag_reason": "Enter the reason for the RAG rating"})
    previous = contact.rag
    contact.rag, contact.rag_reason = rag, rag_reason.strip()
    contact.triaged_at, contact.triaged_by = timezone.now(), acting_user
    contact.decision_due_at = decision_due_at(received_at=contact.received_at, rag=rag)
    contact._history_user = acting_user
    contact.full_clean()
    save_if_unchanged(contact, read_version=contact.version if read_version is None else read_version,
                      fields=["rag", "rag_reason", "triaged_at", "triaged_by", "decision_due_at"],
                      shown=["rag", "rag_reason"])
    children = [link.child for link in contact.links.select_related("child")]
    if previous and previous != rag:
        for child in children:
            clock_cancel(child=child, item=decision_item(previous), source=contact)
    _start_decision_clock(contact, children)
    return contact


@transaction.atomic
def partner_check_request(*, contact: Contact, agency: str, requested_on, acting_user, agency_other: str = "",
                          received_on=None, summary: str = "", form_token: uuid.UUID | None = None) -> PartnerCheck:
    """Ask a partner agency what it knows. The answer is due by the partner check timescale."""
    if form_token is not None:
        existing = PartnerCheck.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
    _open_for_changes(contact)
    _check_dates(contact, requested_on=requested_on, received_on=received_on)
    check = PartnerCheck(contact=contact, agency=agency, agency_other=agency_other.strip(), requested_on=requested_on,
                         due_on=PARTNER_CHECK.due(requested_on), received_on=received_on, summary=summary.strip(),
                         recorded_by=acting_user, form_token=form_token)
    check._history_user = acting_user
    check.full_clean()
    try:
        with transaction.atomic():
            check.save()
    except IntegrityError:
        return PartnerCheck.objects.get(form_token=form_token)
    return check


def _check_dates(contact: Contact, *, requested_on, received_on) -> None:
    today = timezone.localdate()
    received_day = timezone.localtime(contact.received_at).date()
    errors = {}
    if requested_on < received_day:
        errors["requested_on"] = "Date the check was requested must be on or after the date the contact was received"
    elif requested_on > today:
        errors["requested_on"] = "Date the check was requested must be today or in the past"
    if received_on is not None:
        if received_on > today:
            errors["received_on"] = "Date the answer was received must be today or in the past"
        elif received_on < requested_on:
            errors["received_on"] = "Date the answer was received must be on or after the date the check was requested"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def partner_check_record_answer(*, check: PartnerCheck, received_on, summary: str, acting_user,
                                read_version: int | None = None) -> PartnerCheck:
    """Record what the partner agency said and when. Raises ConcurrentEditError if someone saved
    an answer after `read_version` (default: the version of `check`)."""
    _open_for_changes(check.contact)
    _check_dates(check.contact, requested_on=check.requested_on, received_on=received_on)
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary of what the agency said"})
    check.received_on, check.summary = received_on, summary.strip()
    check._history_user = acting_user
    check.full_clean()
    save_if_unchanged(check, read_version=check.version if read_version is None else read_version,
                      fields=["received_on", "summary"])
    return check


@transaction.atomic
def contact_decide(*, contact: Contact, outcome: str, decision_reasons: str, level_of_need: str, decided_at: datetime,
                   acting_user, primary_need: str = "", read_version: int | None = None) -> Contact:
    """Record the threshold decision, with written reasons and the level of need. It stops the
    decision clock; it takes effect (referrals) when a manager signs it off.

    A decision is recorded once. Someone who decided (or re-rated) the contact after
    `read_version` gets ConcurrentEditError showing their decision, not a bare refusal."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if read_version is not None:
        check_unchanged(contact, read_version=read_version, fields=[*DECISION_FIELDS, "rag", "rag_reason"])
    _open_for_changes(contact)
    if contact.decided_at:
        raise ValidationError("A decision has already been recorded on this contact")
    errors = {}
    if not decision_reasons.strip():
        errors["decision_reasons"] = "Enter the reasons for the decision"
    if decided_at < contact.received_at:
        errors["decided_on"] = "Date of the decision must be after the contact was received"
    elif decided_at > timezone.now():
        errors["decided_on"] = "Date of the decision must be today or in the past"
    children = [link.child for link in contact.links.select_related("child")]
    if outcome in SOCIAL_CARE_OUTCOMES:
        if not children:
            errors["outcome"] = "Link at least one child to the contact before making a social care decision"
        if not primary_need:
            errors["primary_need"] = "Select the primary need code for the referral"
    if not contact.rag:
        errors["outcome"] = "Give the contact a RAG rating before recording the decision"
    if errors:
        raise ValidationError(errors)
    contact.outcome, contact.decision_reasons, contact.level_of_need = outcome, decision_reasons.strip(), level_of_need
    contact.primary_need = primary_need if outcome in SOCIAL_CARE_OUTCOMES else ""
    contact.decided_at, contact.decided_by = decided_at, acting_user
    contact._history_user = acting_user
    contact.full_clean()
    save_if_unchanged(contact, read_version=contact.version,
                      fields=[*DECISION_FIELDS, "decided_by"])
    for child in children:
        clock_complete(child=child, item=decision_item(contact.rag), completed=decided_at, source=contact)
    return contact


@transaction.atomic
def contact_sign_off(*, contact: Contact, acting_user) -> Contact:
    """A manager signs off the threshold decision. A social care decision then records a
    referral on each child's episode of need (CIN census; re-referral within 12 months) and
    starts the wait for allocation (one clock a child: a child already waiting keeps the clock of
    their first decision); a child who already has a social worker does not wait, so their link
    is marked allocated at sign-off. A child protection decision also starts the strategy
    discussion clock from the decision (completed when one is recorded). With SIGN_OFF_BY_DIFFERENT_MANAGER the decision-maker
    cannot sign off their own decision."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.signed_off_at:
        raise ValidationError("This decision has already been signed off")
    if not contact.decided_at:
        raise ValidationError("There is no decision to sign off yet")
    if not acting_user.is_manager:
        raise ValidationError("Only a manager can sign off a threshold decision")
    if settings.CASEBOOK["SIGN_OFF_BY_DIFFERENT_MANAGER"] and contact.decided_by_id == acting_user.pk:
        raise ValidationError("A different manager must sign off this decision: you made it")
    now = timezone.now()
    contact.signed_off_at, contact.signed_off_by = now, acting_user
    contact._history_user = acting_user
    contact.full_clean()
    contact.save(update_fields=["signed_off_at", "signed_off_by", "updated_at"])
    if contact.is_social_care:
        referral_date = timezone.localtime(contact.decided_at).date()
        for link in contact.links.select_related("child"):
            link.referral = referral_record(child=link.child, referral_date=referral_date, source=contact.source,
                                            primary_need=contact.primary_need, acting_user=acting_user)
            if link.child.allocated_worker_id is not None:
                link.allocated_at = now
            elif not Clock.objects.filter(child=link.child, item=ALLOCATION_AFTER_THRESHOLD.item,
                                          completed_on__isnull=True, cancelled=False).exists():
                clock_start(child=link.child, item=ALLOCATION_AFTER_THRESHOLD.item, started=now, source=contact)
            link.save(update_fields=["referral", "allocated_at"])
            if contact.outcome == Outcome.CHILD_PROTECTION:
                clock_start(child=link.child, item=STRATEGY_DISCUSSION.item, started=timezone.localtime(
                    contact.decided_at).date(), source=contact)
    return contact


DECISION_FIELDS = ["outcome", "decision_reasons", "level_of_need", "primary_need", "decided_at"]
OVERRIDE_REASON_REQUIRED = "Enter why you are allocating to this social worker despite the warning"


ALLOCATION_LABELS = {"allocated_by": "Allocated by", "started_at": "Allocated on"}


def allocation_version(child: Child) -> int:
    """The version an allocation page is read at: the id of the child's open allocation (0: none).
    Every allocation adds a row, so the id moves on whenever anyone allocates or closes the case."""
    return Allocation.objects.filter(child=child, ended_at__isnull=True).values_list("pk", flat=True).first() or 0


def _allocation_conflict(child: Child) -> ConcurrentEditError:
    """Who allocated the child to whom since the page was read (for core.concurrency.show_conflict)."""
    from types import SimpleNamespace

    current = (Allocation.objects.filter(child=child, ended_at__isnull=True)
               .select_related("worker", "team", "allocated_by").first())
    if current is None:
        return ConcurrentEditError(current=SimpleNamespace(version=0), changes={"worker": "No one: the case was closed"})
    holder = f"{current.worker.full_name}, {current.team.name}" if current.worker else current.team.name
    return ConcurrentEditError(current=SimpleNamespace(version=current.pk), changes={
        "worker": holder, "allocated_by": current.allocated_by.full_name, "started_at": current.started_at,
        "reason": current.reason})


@transaction.atomic
def child_allocate(*, child: Child, worker, acting_user, reason: str = "", override_reason: str = "",
                   read_version: int | None = None) -> Allocation:
    """Allocate (or reallocate) the child to a social worker in the worker's team. Every
    allocation is kept by children.services.allocation_set (SSDA903 social worker episodes);
    the wait for allocation ends.

    `read_version` is `allocation_version(child)` when the page was read: if anyone allocated
    the child (or closed the case) since, ConcurrentEditError says who allocated whom and
    nothing is written. None skips the check.

    The council's caseload rules (workforce: weighted caps, the ASYE protected caseload; Social
    Work England and the ASYE framework expect a protected caseload for newly qualified workers)
    are warnings, not bars: a manager may allocate over them, but only with a reason, which is
    kept with the allocation as an AllocationOverride.
    """
    # Lock the child first (as allocation_set does), so two allocations of one child queue up.
    Child.objects.select_for_update().filter(pk=child.pk).first()
    if read_version is not None and allocation_version(child) != read_version:
        raise _allocation_conflict(child)
    if worker is None or not worker.is_active or worker.team_id is None:
        raise ValidationError({"worker": "Select a social worker who is in a team"})
    # Lock the worker, so two managers allocating to them at once cannot both pass the cap check.
    User.objects.select_for_update().filter(pk=worker.pk).first()
    child.refresh_from_db(fields=["allocated_team", "allocated_worker"])
    if child.allocated_worker_id == worker.pk:
        raise ValidationError({"worker": "The child is already allocated to this social worker"})
    warnings = allocation_warnings_for(child=child, worker=worker)
    override_reason = (override_reason or "").strip()
    if warnings and not override_reason:
        raise ValidationError({"override_reason": OVERRIDE_REASON_REQUIRED})
    now = timezone.now()
    allocation = allocation_set(child=child, team=worker.team, worker=worker, acting_user=acting_user, reason=reason,
                                at=now)
    if warnings:
        override = AllocationOverride(allocation=allocation, warnings="\n".join(warnings), reason=override_reason,
                                      recorded_by=acting_user)
        override._history_user = acting_user
        override.full_clean()
        override.save()
    child.allocated_team, child.allocated_worker = worker.team, worker
    ContactChild.objects.filter(child=child, allocated_at__isnull=True, contact__signed_off_at__isnull=False,
                                contact__outcome__in=SOCIAL_CARE_OUTCOMES).update(allocated_at=now)
    clock_complete(child=child, item=ALLOCATION_AFTER_THRESHOLD.item, completed=now)
    return allocation


SEND_BACK_REASON_REQUIRED = "Enter why you disagree with the decision"


@transaction.atomic
def contact_send_back(*, contact: Contact, reason: str, acting_user, read_version: int | None = None) -> "DecisionReturn":
    """A manager disagrees with the threshold decision and sends it back to the MASH with a reason.

    The decision as it was and the reason are kept (DecisionReturn, on the contact page and the
    chronology); the contact's decision is cleared so the MASH can decide again, and the decision
    clock runs again with its original due time. Raises ConcurrentEditError if the decision changed
    after `read_version` (so a manager never sends back a decision they have not read)."""
    from casebook.clocks.services import clock_correct
    from casebook.front_door.models import DecisionReturn

    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if read_version is not None:
        check_unchanged(contact, read_version=read_version, fields=DECISION_FIELDS)
    if contact.signed_off_at:
        raise ValidationError("This decision has already been signed off")
    if not contact.decided_at:
        raise ValidationError("There is no decision to send back")
    if not acting_user.is_manager:
        raise ValidationError("Only a manager can send back a threshold decision")
    if not (reason or "").strip():
        raise ValidationError({"reason": SEND_BACK_REASON_REQUIRED})
    returned = DecisionReturn(contact=contact, outcome=contact.outcome, level_of_need=contact.level_of_need,
                              decision_reasons=contact.decision_reasons, decided_at=contact.decided_at,
                              decided_by=contact.decided_by, reason=reason.strip(), returned_by=acting_user,
                              returned_at=timezone.now())
    returned.full_clean()
    returned.save()
    contact.outcome = contact.decision_reasons = contact.level_of_need = contact.primary_need = ""
    contact.decided_at, contact.decided_by = None, None
    contact._history_user = acting_user
    contact.full_clean()
    save_if_unchanged(contact, read_version=contact.version, fields=[*DECISION_FIELDS, "decided_by"])
    for link in contact.links.select_related("child"):
        clock_correct(child=link.child, item=decision_item(contact.rag), source=contact, completed_on=None)
    return returned
