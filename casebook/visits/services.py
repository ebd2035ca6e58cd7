"""Recording a visit, and with it the statutory visit clock of the child's plan.

Sources: Working Together to Safeguard Children 2023 (children on plans are seen, and seen alone
where appropriate; their wishes and feelings inform the plan); CPPCR 2010 reg 28 (looked-after
visits; the child seen alone unless they refuse); local standards for CP and CIN visit intervals
(settings CP_VISIT_WORKING_DAYS, CIN_VISIT_WORKING_DAYS). The clocks are the owning apps':
a CP visit is recorded through child_protection.services.cp_visit_record (cp_visit_10wd), a CIN
visit through children_in_need.services.cin_visit_record (cin_visit_20wd), a looked-after visit
through looked_after.services.visit_record (lac_visit_* items). Raises ValidationError in GOV.UK
words and leaves nothing saved half-way.
"""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casebook.visits.models import Visit, VisitAction, VisitKind
from casebook.core.templatetags.govuk import ukdate

# The owning services name their date field differently; errors are shown on this form's field.
_FIELD_NAMES = {"visit_date": "visited_on"}


def _relabel(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError({_FIELD_NAMES.get(k, k): v for k, v in error.error_dict.items()})
    return error


def _plan_on(model, child, visited_on: date):
    """The plan the visit belongs to: the latest started by that date, else the child's first plan, so a
    date just before the plan started gets the owning service's error on the date ("must be on or after
    the start of the plan"), not "no plan". None if the child has never had a plan of that kind."""
    plans = model.objects.filter(child=child)
    return (plans.filter(start_date__lte=visited_on).order_by("-start_date").first()
            or plans.order_by("start_date").first())


def _statutory_record(*, child, kind: str, visited_on: date, seen: bool, seen_alone: bool, bedroom_seen: bool,
                      acting_user) -> dict:
    """Write the owning app's visit row, which completes the due visit clock and starts the next."""
    if kind == VisitKind.CP:
        from casebook.child_protection.models import CPPlan
        from casebook.child_protection.services import cp_visit_record

        plan = _plan_on(CPPlan, child, visited_on)
        if plan is None:
            raise ValidationError({"kind": "The child was not on a child protection plan on that date: "
                                           "choose another type of visit"})
        return {"cp_visit": cp_visit_record(plan=plan, visited_on=visited_on, seen=seen, seen_alone=seen_alone,
                                            bedroom_seen=bedroom_seen, acting_user=acting_user)}
    if kind == VisitKind.CIN:
        from casebook.children_in_need.models import CINPlan
        from casebook.children_in_need.services import cin_visit_record

        plan = _plan_on(CINPlan, child, visited_on)
        if plan is None:
            raise ValidationError({"kind": "The child was not on a child in need plan on that date: "
                                           "choose another type of visit"})
        return {"cin_visit": cin_visit_record(plan=plan, visited_on=visited_on, seen=seen, seen_alone=seen_alone,
                                              acting_user=acting_user)}
    if kind == VisitKind.LOOKED_AFTER:
        from casebook.looked_after.services import current_episode, visit_record

        if current_episode(child) is None:
            raise ValidationError({"kind": "The child is not looked after: choose another type of visit"})
        return {"care_visit": visit_record(child=child, visit_date=visited_on, seen_alone=seen_alone,
                                           acting_user=acting_user)}
    return {}


@transaction.atomic
def visit_record(*, child, visited_on: date, kind: str, visited_at: time | None = None, present: str = "",
                 seen: bool = False,
                 seen_alone: bool = False, bedroom_seen: bool = False, wishes_and_feelings: str = "", goal=None,
                 direct_work: str = "", observations: str = "", analysis: str = "", action: str = "",
                 action_goal=None, acting_user) -> Visit:
    """Record a visit. A CP, CIN or looked-after visit completes the due visit clock for that plan and
    starts the next one at the plan's standard (only when the child was seen, for CP and CIN). Refused:
    a date in the future or before the child was born, "seen alone" without "seen", a goal from
    another child's plan, or a visit type the child has no plan for."""
    errors: dict[str, str] = {}
    if kind not in VisitKind.values:
        errors["kind"] = "Select the type of visit"
    if visited_on > timezone.localdate():
        errors["visited_on"] = "Date of the visit must be today or in the past"
    elif child.date_of_birth and visited_on < child.date_of_birth:
        errors["visited_on"] = f"Date of the visit must be on or after the child's date of birth ({ukdate(child.date_of_birth)})"
    if seen_alone and not seen:
        errors["seen_alone"] = "Select 'Child seen' as well if the child was seen alone"
    for field, chosen in (("goal", goal), ("action_goal", action_goal)):
        if chosen is not None and chosen.plan.child_id != child.pk:
            errors[field] = "Select a goal from this child's plans"
    if goal is not None and not wishes_and_feelings.strip():
        errors["wishes_and_feelings"] = "Enter the child's wishes and feelings, or do not link them to a goal"
    if action_goal is not None and not action.strip():
        errors["action"] = "Enter the action, or do not link an action to a goal"
    now = timezone.localtime()
    if visited_at is not None and visited_on == now.date() and visited_at > now.time():
        errors["visited_at"] = "Time of the visit must be now or in the past"
    if errors:
        raise ValidationError(errors)
    try:
        links = _statutory_record(child=child, kind=kind, visited_on=visited_on, seen=seen, seen_alone=seen_alone,
                                  bedroom_seen=bedroom_seen, acting_user=acting_user)
    except ValidationError as error:
        raise _relabel(error) from None
    visit = Visit(child=child, visited_on=visited_on, visited_at=visited_at, kind=kind, present=present.strip(),
                  seen=seen,
                  seen_alone=seen_alone, bedroom_seen=bedroom_seen, wishes_and_feelings=wishes_and_feelings.strip(),
                  goal=goal, direct_work=direct_work.strip(), observations=observations.strip(),
                  analysis=analysis.strip(), recorded_by=acting_user, **links)
    visit.full_clean()
    visit.save()
    if action.strip():
        item = VisitAction(visit=visit, action=action.strip(), goal=action_goal, recorded_by=acting_user)
        item.full_clean()
        item.save()
    return visit
