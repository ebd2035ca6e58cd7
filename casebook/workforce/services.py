"""Writes for the workforce: worker profiles, absences, funded posts, caseload settings and the
improvement plan; and the caseload check the allocation page asks before it allocates.

Every write runs in one transaction, validates the whole record (full_clean, so the model's
constraints give GOV.UK-worded errors) and is versioned by django-simple-history.
"""

from datetime import date
from types import SimpleNamespace
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from casebook.core.concurrency import ConcurrentEditError, save_if_unchanged, save_new_if_absent
from casebook.workforce import caseloads
from casebook.workforce.models import (
    Absence,
    ActionStatus,
    CaseloadSetting,
    ImprovementAction,
    Recommendation,
    TeamEstablishment,
    WorkerProfile,
)

FTE_RANGE_ERROR = "FTE must be more than 0 and no more than 1"
LEAVING_BEFORE_START_ERROR = "Leaving date must be the same as or after the start date"
ABSENCE_END_ERROR = "Last day of absence must be the same as or after the first day"
ASYE_LIMIT_ERROR = "Protected caseload limit must be between 1 and 30"
PROFILE_FIELDS = ("census_role", "fte", "is_agency", "started_on", "left_on", "swe_number", "is_asye",
                  "asye_caseload_limit")


def _check_profile(profile: WorkerProfile) -> None:
    errors = {}
    if profile.fte is None or not (Decimal("0") < Decimal(profile.fte) <= Decimal("1")):
        errors["fte"] = FTE_RANGE_ERROR
    if profile.left_on and profile.started_on and profile.left_on < profile.started_on:
        errors["left_on"] = LEAVING_BEFORE_START_ERROR
    if profile.asye_caseload_limit is not None and not 1 <= profile.asye_caseload_limit <= 30:
        errors["asye_caseload_limit"] = ASYE_LIMIT_ERROR
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def worker_profile_save(*, user, acting_user, read_version: int | None = None, **fields) -> WorkerProfile:
    """Create or update the workforce census facts about `user` (CSWW: OrgRole, FTE, AgencyWorker,
    RoleStartDate, RoleEndDate, SWENo). FTE is more than 0 and at most 1 (census definition);
    the leaving date is not before the start date. Raises ValidationError naming the rule, or
    ConcurrentEditError when someone saved the profile after `read_version` was read."""
    profile = WorkerProfile.objects.filter(user=user).first()
    creating = profile is None
    if creating:
        profile = WorkerProfile(user=user)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(profile, name, fields[name])
    profile.recorded_by = acting_user
    _check_profile(profile)
    profile.full_clean()
    if creating:
        save_new_if_absent(profile, fields=[*PROFILE_FIELDS], shown=[n for n in PROFILE_FIELDS if n in fields])
    else:
        save_if_unchanged(profile, read_version=read_version if read_version is not None else profile.version,
                          fields=[*PROFILE_FIELDS, "recorded_by"])
    return profile


@transaction.atomic
def absence_add(*, profile: WorkerProfile, starts_on: date, ends_on: date | None, reason: str, acting_user) -> Absence:
    """Record a period of absence (census: WorkingDaysLost, Absat30Sept, ReasonAbsence)."""
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": ABSENCE_END_ERROR})
    absence = Absence(profile=profile, starts_on=starts_on, ends_on=ends_on, reason=reason, recorded_by=acting_user)
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
@transaction.atomic
def establishment_set(*, team, funded_fte: Decimal, acting_user, read_version: int | None = None) -> TeamEstablishment:
    """Set the team's funded posts (FTE); vacancies are funded posts less permanent FTE in post
    (census LALevelVacancies: posts not filled by permanent staff, covered by agency or not).

    `read_version` is the version the form was read at (0: no figure was set yet); a figure
    saved by someone else since raises ConcurrentEditError. None skips the check."""
    if funded_fte is None or funded_fte < 0:
        raise ValidationError({"funded_fte": "Funded posts must be 0 or more"})
    establishment = TeamEstablishment.objects.filter(team=team).first()
    if establishment is None and not read_version:
        establishment = TeamEstablishment(team=team, funded_fte=funded_fte, recorded_by=acting_user)
        establishment.full_clean()
        save_new_if_absent(establishment, fields=["funded_fte"])
        return establishment
    establishment.funded_fte = funded_fte
    establishment.recorded_by = acting_user
    establishment.full_clean()
    save_if_unchanged(establishment, read_version=establishment.version if read_version is None else read_version,
                      fields=["funded_fte", "recorded_by"], shown=["funded_fte"])
    return establishment


def caseload_settings_version() -> int:
    """One version for the whole weights-and-caps page: the sum of its rows' versions, which
    grows whenever a row is added or a value changes (rows are never deleted)."""
    return CaseloadSetting.objects.aggregate(total=Sum("version"))["total"] or 0


@transaction.atomic
def caseload_settings_save(*, weights: dict[str, Decimal], caps: dict[str, Decimal], acting_user,
                           read_version: int | None = None, read_values: dict[str, Decimal] | None = None) -> None:
    """Store the council's caseload weights (per case type) and caps (per census role).
    Weights are from 0.1 to 5 and caps from 1 to 40: outside that a figure would be meaningless.

    With `read_version` (`caseload_settings_version()` when the page was read), a save made
    after someone else's raises ConcurrentEditError listing, by form field name (`weight_<key>`,
    `cap_<key>`), each figure that now differs from `read_values` (the figures the page showed)."""
    errors = {}
    low, high = caseloads.WEIGHT_RANGE
    for key, value in weights.items():
        if value is None or not low <= value <= high:
            errors[f"weight_{key}"] = f"Weight must be between {low} and {high}"
    low, high = caseloads.CAP_RANGE
    for key, value in caps.items():
        if value is None or not low <= value <= high:
            errors[f"cap_{key}"] = f"Cap must be between {low} and {high}"
    if errors:
        raise ValidationError(errors)
    def conflict():
        now = {f"weight_{k}": v for k, v in caseloads.weights().items()}
        now.update({f"cap_{k}": v for k, v in caseloads.caps().items()})
        return ConcurrentEditError(
            current=SimpleNamespace(version=caseload_settings_version()),
            changes={name: value for name, value in now.items() if (read_values or {}).get(name) != value})

    stored = {(s.kind, s.key): s for s in CaseloadSetting.objects.select_for_update()}
    if read_version is not None and sum(s.version for s in stored.values()) != read_version:
        raise conflict()
    for kind, values in ((CaseloadSetting.Kind.WEIGHT, weights), (CaseloadSetting.Kind.CAP, caps)):
        for key, value in values.items():
            setting = stored.get((kind, key))
            if setting is None:
                try:  # a row someone else added since the rows were locked above
                    save_new_if_absent(CaseloadSetting(kind=kind, key=key, value=value, recorded_by=acting_user),
                                       fields=["value"])
                except ConcurrentEditError:
                    raise conflict() from None
            elif setting.value != value:
                setting.value, setting.recorded_by, setting.version = value, acting_user, setting.version + 1
                setting.save()


def allocation_warnings(*, worker, extra_children: int = 1, case_type: str = caseloads.DEFAULT_CASE_TYPE) -> list[str]:
    """What the allocating manager should know before giving `worker` `extra_children` more children.

    Says when the worker's weighted caseload would go over their cap (the role's cap, scaled by
    FTE), when a newly qualified (ASYE) worker would go over their protected caseload limit, when
    the worker is not in a case-holding role, and when they have left. An empty list means no
    warning. The manager may still allocate, giving a reason (recorded on the Allocation).
    Reads only: a few queries (the profile, the weights, one aggregate for the load, the caps).
    """
    from casebook.workforce.selectors import profile_for

    return warnings_for_load(worker=worker, profile=profile_for(worker),
                             load=caseloads.loads_for_workers([worker.pk])[worker.pk],
                             weight=caseloads.weights().get(case_type, Decimal("1")), caps=caseloads.caps(),
                             extra_children=extra_children)


def worker_cap(profile, caps: dict[str, Decimal]) -> Decimal | None:
    """The worker's weighted caseload cap: their role's full-time cap scaled by their FTE, to 0.1
    (None for a role that holds no cases)."""
    cap = caps.get(profile.census_role)
    return None if cap is None else (cap * Decimal(profile.fte)).quantize(Decimal("0.1"))


def warnings_for_load(*, worker, profile, load: caseloads.Load, weight: Decimal, caps: dict[str, Decimal],
                      extra_children: int = 1) -> list[str]:
    """allocation_warnings from figures already read (so a list of workers costs no query each)."""
    name = worker.full_name
    warnings: list[str] = []
    if profile.left_on and profile.left_on <= timezone.localdate():
        warnings.append(f"{name} left on {profile.left_on.day} {profile.left_on:%B %Y}")
    after_weighted = load.weighted + weight * extra_children
    after_children = load.children + extra_children
    cap = worker_cap(profile, caps)
    if cap is None:
        warnings.append(f"{name} is not in a case-holding role ({profile.get_census_role_display().lower()})")
    elif after_weighted > cap:
        warnings.append(f"{name} would have a weighted caseload of {format_load(after_weighted)}, "
                        f"over their cap of {format_load(cap)}")
    if profile.is_asye:
        limit = asye_limit(profile)
        if after_children > limit:
            warnings.append(f"{name} is newly qualified (ASYE): {after_children} children is over their "
                            f"protected caseload limit of {limit}")
    return warnings


def asye_limit(profile) -> int:
    return profile.asye_caseload_limit or caseloads.asye_limit_default()


def format_load(value: Decimal) -> str:
    """A weighted caseload or cap as people read it: 16, 10.8, 12.25."""
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(Decimal('0.01')).normalize():f}"



@transaction.atomic
def recommendation_create(*, title: str, source: str, figure_key: str = "", acting_user) -> Recommendation:
    """Add a recommendation to the improvement plan (for example from an Ofsted ILACS letter)."""
    recommendation = Recommendation(title=title, source=source, figure_key=figure_key, recorded_by=acting_user)
    recommendation.full_clean()
    recommendation.save()
    return recommendation


OWNER_REQUIRED = "Select who owns the action"


@transaction.atomic
def action_create(*, recommendation: Recommendation, description: str, owner, due_on: date, acting_user,
                  status: str = ActionStatus.NOT_STARTED, evidence: str = "") -> ImprovementAction:
    """Add an action to a recommendation. Every action has an owner and a due date, so the board
    can hold someone to it."""
    if owner is None:
        raise ValidationError({"owner": OWNER_REQUIRED})
    action = ImprovementAction(recommendation=recommendation, description=description, owner=owner, due_on=due_on,
                               status=status, evidence=evidence, recorded_by=acting_user)
    action.full_clean()
    action.save()
    return action


EVIDENCE_FOR_DONE = "Enter the evidence that the action is done"


@transaction.atomic
def action_update(*, action: ImprovementAction, read_version: int, acting_user, **fields) -> ImprovementAction:
    """Change an action's owner, due date, status or evidence. An action marked done needs its
    evidence. Raises ConcurrentEditError if someone saved it after `read_version`."""
    names = [n for n in ("description", "owner", "due_on", "status", "evidence") if n in fields]
    for name in names:
        setattr(action, name, fields[name])
    if action.owner_id is None:
        raise ValidationError({"owner": OWNER_REQUIRED})
    if action.status == ActionStatus.DONE and not action.evidence.strip():
        raise ValidationError({"evidence": EVIDENCE_FOR_DONE})
    action.recorded_by = acting_user
    action.full_clean()
    save_if_unchanged(action, read_version=read_version, fields=[*names, "recorded_by"])
    return action
