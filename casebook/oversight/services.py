"""Writes for oversight: management oversight, supervision, case file audits, sampling, the
practice standards and local timescale settings. Each runs in one transaction and saves nothing
when any part is refused."""

import random
import time
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from casebook.clocks import timescales
from types import SimpleNamespace

from casebook.core.concurrency import ConcurrentEditError, check_unchanged, save_if_unchanged, save_new_if_absent
from casebook.oversight.models import (
    Action, AuditGrade, AuditProgramme, AuditStatus, CaseAudit, CaseDiscussion, Grade, OversightEntry,
    PracticeStandard, SupervisionSession, TimescaleSetting,
)

# Error messages, module constants so tests assert the exact words.
NO_ACTION_OWNER = "Select who owns the action"
NO_ACTION_DUE = "Enter the date the action is due"
FUTURE_SUPERVISION = "Date of supervision must be today or in the past"
OWN_SUPERVISION = "Select a worker other than yourself"
OWN_AUDIT = "You cannot moderate your own audit: a second auditor must moderate it"
NOT_SUBMITTED = "This audit has not been submitted for moderation"
ALREADY_SUBMITTED = "This audit has already been submitted"
NOT_YOUR_AUDIT = "Only the auditor assigned to this audit can complete it"
BAD_GRADE = "Select a grade from outstanding, good, requires improvement or inadequate"
MISSING_STANDARD = "Grade every practice standard"
CHANGE_NEEDS_REASON = "Give the reason for changing the grade"
ALREADY_DONE = "This action is already done"
NOT_DONE = "This action is not done, so there is nothing to undo"


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner: object | None
    due_on: date | None


def _create_actions(*, child, actions: list[ActionInput], acting_user, **origin) -> list[Action]:
    created = []
    for index, spec in enumerate(actions, start=1):
        errors = {}
        if spec.owner is None:
            errors[f"action_{index}_owner"] = NO_ACTION_OWNER
        if spec.due_on is None:
            errors[f"action_{index}_due_on"] = NO_ACTION_DUE
        if errors:
            raise ValidationError(errors)
        action = Action(child=child, description=spec.description, owner=spec.owner, due_on=spec.due_on,
                        recorded_by=acting_user, **origin)
        action.full_clean()
        action.save()
        created.append(action)
    return created


@transaction.atomic
def oversight_record(*, child, occurred_on: date, kind: str, direction: str, actions: list[ActionInput],
                     acting_user) -> OversightEntry:
    """Record a manager's oversight of a child's case and the actions it sets (Working Together
    2023, chapter 1: leaders make sure practice is supervised and its quality assured; Ofsted
    ILACS: management oversight is evident on children's records)."""
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "Date of the oversight must be today or in the past"})
    entry = OversightEntry(child=child, manager=acting_user, occurred_on=occurred_on, kind=kind,
                           direction=direction, recorded_by=acting_user)
    entry.full_clean()
    entry.save()
    _create_actions(child=child, actions=actions, acting_user=acting_user, oversight=entry)
    return entry


@transaction.atomic
def action_complete(*, action: Action, completed_on: date | None = None, acting_user) -> Action:
    """Mark an action done: it leaves the owner's list and the dashboard."""
    if action.completed_on is not None:
        raise ValidationError(ALREADY_DONE)
    action.completed_on = completed_on or timezone.localdate()
    save_if_unchanged(action, read_version=action.version, fields=["completed_on"])
    return action


def action_reopen(*, action: Action, acting_user) -> Action:
    """Undo "mark as done": the action is open again with its original due date."""
    if action.completed_on is None:
        raise ValidationError(NOT_DONE)
    action.completed_on = None
    save_if_unchanged(action, read_version=action.version, fields=["completed_on"])
    return action


@transaction.atomic
def supervision_record(*, supervisor, worker, held_on: date, wellbeing: str, practice_reflection: str,
                       acting_user) -> SupervisionSession:
    """Record a supervision session (Social Work England professional standards; the DfE
    post-qualifying standard for practice supervisors: regular, reflective, recorded)."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": FUTURE_SUPERVISION})
    if supervisor.pk == worker.pk:
        raise ValidationError({"worker": OWN_SUPERVISION})
    session = SupervisionSession(supervisor=supervisor, worker=worker, held_on=held_on, wellbeing=wellbeing,
                                 practice_reflection=practice_reflection, recorded_by=acting_user)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def case_discussion_add(*, session: SupervisionSession, child, working_well: str, worried_about: str,
                        needs_to_happen: str, decisions: str, actions: list[ActionInput],
                        acting_user) -> CaseDiscussion:
    """Add one child's case discussion to a supervision session; it joins the child's chronology."""
    discussion = CaseDiscussion(session=session, child=child, working_well=working_well, worried_about=worried_about,
                                needs_to_happen=needs_to_happen, decisions=decisions, recorded_by=acting_user)
    discussion.full_clean()
    discussion.save()
    _create_actions(child=child, actions=actions, acting_user=acting_user, discussion=discussion)
    return discussion


# ---- Case file audits ----------------------------------------------------------------------

@transaction.atomic
def audit_assign(*, child, auditor, due_on: date, acting_user) -> CaseAudit:
    """Assign a case file audit of `child` to `auditor`; the team is fixed at assignment."""
    audit = CaseAudit(child=child, team_id=child.allocated_team_id, auditor=auditor,
                      assigned_on=timezone.localdate(), due_on=due_on, recorded_by=acting_user)
    audit.full_clean()
    audit.save()
    return audit


def _check_grade(value: str, field: str) -> None:
    if value not in Grade.values:
        raise ValidationError({field: BAD_GRADE})


@transaction.atomic
def audit_submit(*, audit: CaseAudit, grades: dict[int, tuple[str, str]], overall_grade: str,
                 overall_evidence: str, learning_actions: list[ActionInput], acting_user) -> CaseAudit:
    """The auditor's grades (one per active practice standard, with evidence), the overall grade
    and learning actions; the audit then waits for moderation by a second auditor."""
    if audit.auditor_id != acting_user.pk:
        raise ValidationError(NOT_YOUR_AUDIT)
    if audit.status != AuditStatus.ASSIGNED:
        raise ValidationError(ALREADY_SUBMITTED)
    standards = list(PracticeStandard.objects.filter(active=True))
    for standard in standards:
        if standard.pk not in grades:
            raise ValidationError({f"standard_{standard.pk}_grade": MISSING_STANDARD})
        grade, evidence = grades[standard.pk]
        _check_grade(grade, f"standard_{standard.pk}_grade")
        if not evidence.strip():
            raise ValidationError({f"standard_{standard.pk}_evidence": f"Enter the evidence for {standard.name.lower()}"})
    _check_grade(overall_grade, "overall_grade")
    for standard in standards:
        grade, evidence = grades[standard.pk]
        AuditGrade.objects.create(audit=audit, standard=standard, grade=grade, evidence=evidence)
    audit.overall_grade, audit.overall_evidence = overall_grade, overall_evidence
    audit.status, audit.submitted_on = AuditStatus.IN_MODERATION, timezone.localdate()
    audit.full_clean()
    save_if_unchanged(audit, read_version=audit.version,
                      fields=["overall_grade", "overall_evidence", "status", "submitted_on"])
    _create_actions(child=audit.child, actions=learning_actions, acting_user=acting_user, audit=audit)
    return audit


@transaction.atomic
def audit_moderate(*, audit: CaseAudit, changes: dict[int, tuple[str, str]], overall_grade: str,
                   reason: str, acting_user, read_version: int | None = None) -> CaseAudit:
    """A second auditor agrees the grades or changes them with reasons. `changes` maps a
    standard's id to (new grade, reason); an empty `overall_grade` agrees the auditor's.
    An audit is moderated once: another moderator's save after `read_version` raises
    ConcurrentEditError showing their moderation."""
    if read_version is not None:
        check_unchanged(CaseAudit.objects.select_for_update().get(pk=audit.pk), read_version=read_version,
                        fields=["status", "moderator", "moderated_overall_grade", "moderation_reason"])
    if audit.auditor_id == acting_user.pk:
        raise ValidationError(OWN_AUDIT)
    if audit.status != AuditStatus.IN_MODERATION:
        raise ValidationError(NOT_SUBMITTED)
    grades = {g.standard_id: g for g in audit.grades.all()}
    for standard_id, (grade, grade_reason) in changes.items():
        field = f"standard_{standard_id}_grade"
        _check_grade(grade, field)
        row = grades.get(standard_id)
        if row is None:
            raise ValidationError({field: MISSING_STANDARD})
        if grade != row.grade and not grade_reason.strip():
            raise ValidationError({f"standard_{standard_id}_reason": CHANGE_NEEDS_REASON})
    if overall_grade:
        _check_grade(overall_grade, "overall_grade")
        if overall_grade != audit.overall_grade and not reason.strip():
            raise ValidationError({"reason": CHANGE_NEEDS_REASON})
    for standard_id, (grade, grade_reason) in changes.items():
        row = grades[standard_id]
        if grade != row.grade:
            row.moderated_grade, row.moderation_reason = grade, grade_reason
            row.save(update_fields=["moderated_grade", "moderation_reason"])
    audit.moderator = acting_user
    audit.moderated_on = timezone.localdate()
    audit.moderated_overall_grade = overall_grade if overall_grade and overall_grade != audit.overall_grade else ""
    audit.moderation_reason = reason
    audit.status = AuditStatus.MODERATED
    audit.full_clean()
    save_if_unchanged(audit, read_version=audit.version, fields=[
        "moderator", "moderated_on", "moderated_overall_grade", "moderation_reason", "status"])
    return audit


def audit_sample(*, candidates: list[int], size: int, seed: str) -> list[int]:
    """A reproducible random sample of `size` child ids from `candidates` for `seed`.

    Raises ValidationError when more are asked for than there are children to choose from.
    """
    if size > len(candidates):
        raise ValidationError({"size": f"Number of cases must be {len(candidates)} or fewer: only "
                                       f"{len(candidates)} open cases can be sampled"})
    return sorted(random.Random(seed).sample(sorted(candidates), size))


@transaction.atomic
def audits_assign_sample(*, children, auditor, due_on: date, acting_user) -> list[CaseAudit]:
    """Assign an audit of each sampled child to `auditor`."""
    return [audit_assign(child=child, auditor=auditor, due_on=due_on, acting_user=acting_user) for child in children]


@transaction.atomic
def programme_save(*, programme: AuditProgramme | None, name: str, starts_on: date, ends_on: date, target: int,
                   acting_user, read_version: int | None = None) -> AuditProgramme:
    """Set the audit programme's target for a period. With `read_version` (0: read before any
    programme existed), a save over someone else's later one raises ConcurrentEditError."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "End date must be the same as or after the start date"})
    if programme is None and read_version:
        raise ConcurrentEditError(current=SimpleNamespace(version=0), changes={})
    if programme is None:
        programme = AuditProgramme(recorded_by=acting_user)
    fields = {"name": name, "starts_on": starts_on, "ends_on": ends_on, "target": target}
    for field, value in fields.items():
        setattr(programme, field, value)
    programme.full_clean()
    if programme.pk is None:
        programme.save()
    else:
        save_if_unchanged(programme, read_version=programme.version if read_version is None else read_version,
                          fields=list(fields))
    return programme


# ---- Practice standards and local timescales (administrators) ------------------------------

@transaction.atomic
def standard_save(*, standard: PracticeStandard | None, name: str, description: str, order: int, active: bool,
                  acting_user, read_version: int | None = None) -> PracticeStandard:
    """Add or change a practice-standard theme used by case file audits (history is kept)."""
    if standard is None:
        standard = PracticeStandard(recorded_by=acting_user, name=name, description=description, order=order,
                                    active=active)
        standard.full_clean()
        standard.save()
        return standard
    standard.name, standard.description, standard.order, standard.active = name, description, order, active
    standard.full_clean()
    save_if_unchanged(standard, read_version=standard.version if read_version is None else read_version,
                      fields=["name", "description", "order", "active"])
    return standard


@transaction.atomic
def timescale_setting_save(*, item: str, amount: int | None, reason: str, acting_user,
                           read_version: int | None = None) -> TimescaleSetting | None:
    """Set (or, with no amount, remove) the local value of a timescale. Statutory timescales may
    only be shortened: Working Together 2023 sets the maximum, and a council may do better.

    `read_version` is the local value's version when the form was read (0: there was none);
    if someone set, changed or removed it since, ConcurrentEditError shows what they did.
    Versions never restart: a value set again after a removal carries on from the last version the
    item had (from its history), so a form read before the removal is still refused."""
    timescale = timescales.get(item)
    current = TimescaleSetting.objects.select_for_update().filter(item=item).first()
    if read_version is not None:
        if current is None and read_version:
            raise ConcurrentEditError(current=SimpleNamespace(version=0), changes={"amount": None, "reason": ""})
        if current is not None:
            check_unchanged(current, read_version=read_version, fields=["amount", "reason"])
    if amount is None:
        if current is not None:
            current.delete()
        clear_local_values()
        return None
    if amount < 1:
        raise ValidationError({"amount": "Local timescale must be 1 or more"})
    if timescale.statutory and amount > timescale.amount:
        raise ValidationError({"amount": f"Local timescale must be {timescale.amount} {timescale.unit} or fewer: "
                                         "the statutory timescale is the longest allowed"})
    setting = current or TimescaleSetting(item=item, recorded_by=acting_user)
    setting.amount, setting.reason = amount, reason
    setting.full_clean()
    if setting.pk is None:
        setting.version = _last_timescale_version(item) + 1
        save_new_if_absent(setting, fields=["amount", "reason"])
    else:
        save_if_unchanged(setting, read_version=setting.version, fields=["amount", "reason"])
    clear_local_values()
    transaction.on_commit(clear_local_values)
    return setting


def _last_timescale_version(item: str) -> int:
    """The highest version the item's local value has ever had (0: never set), removals included."""
    return TimescaleSetting.history.filter(item=item).aggregate(last=Max("version"))["last"] or 0


_cache: dict = {"at": 0.0, "values": None}
CACHE_SECONDS = 30


def local_timescale_values() -> dict[str, int]:
    """Local timescale values, cached briefly so a page listing many clocks reads them once.
    Other processes see a change within CACHE_SECONDS; this process at once."""
    now = time.monotonic()
    if _cache["values"] is None or now - _cache["at"] > CACHE_SECONDS:
        try:
            _cache["values"] = dict(TimescaleSetting.objects.values_list("item", "amount"))
        except (DatabaseError, RuntimeError):
            # No usable database (before migrate, or pure due-date arithmetic in a test that
            # blocks database access): the national and settings values apply.
            return {}
        _cache["at"] = now
    return _cache["values"]


def clear_local_values() -> None:
    _cache["values"] = None


def month_end(day: date) -> date:
    return day + relativedelta(day=31)
