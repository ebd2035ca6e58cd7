"""Caseload weights, caps and case types.

How heavy a case is depends on its type (a child protection case takes more time than a child
in need case), and how much a worker can hold depends on their role and FTE. Councils set their
own numbers; there is no national cap. The numbers come, in order, from:

1. the weights and caps page (CaseloadSetting rows),
2. `settings.CASEBOOK["CASELOAD_WEIGHTS"]` / `["CASELOAD_CAPS"]` / `["ASYE_CASELOAD_LIMIT"]`,
3. the defaults below.

**Case types are a registry.** A journey app says which children are of its type:

    from casebook.workforce.caseloads import register_case_type
    register_case_type("CP", lambda children: set(
        CPPlan.objects.filter(child__in=children, ended_on__isnull=True).values_list("child_id", flat=True)))

`fn(children_qs)` gets a queryset of Child and returns the ids of those of its type: a
`values_list("child_id", flat=True)` queryset of a model with a `child` foreign key (the
caseload count uses it as an EXISTS, so caseloads are one aggregate query), or a set of ids.
A child claimed by several types takes the heaviest weight among them; an allocated child no
type claims counts as "CIN". The caseload pages call each function once per page, so the number
of queries does not grow with the number of children.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, QuerySet, Value, When

from casebook.accounts.models import Role
from casebook.workforce.models import CensusRole

DEFAULT_CASE_TYPE = "CIN"

# Relative time a case takes; a child in need case is 1.
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    "CIN": Decimal("1"), "CP": Decimal("1.5"), "CLA": Decimal("1.25"), "COURT": Decimal("2"),
    "CARE_LEAVER": Decimal("0.75"),
}
CASE_TYPE_LABELS = {
    "CIN": "Child in need", "CP": "Child protection", "CLA": "Looked after", "COURT": "Court work",
    "CARE_LEAVER": "Care leaver",
}
# Weighted caseload a full-time worker in the role may hold (scaled by FTE). Roles not listed
# hold no cases, so any allocation to them warns.
DEFAULT_CAPS: dict[str, Decimal] = {CensusRole.CASE_HOLDER: Decimal("18"), CensusRole.SENIOR_PRACTITIONER: Decimal("15")}
DEFAULT_ASYE_LIMIT = 12  # children, not weighted: the ASYE year is about a protected number of cases

WEIGHT_RANGE = (Decimal("0.1"), Decimal("5"))
CAP_RANGE = (Decimal("1"), Decimal("40"))

# Accounts without a workforce profile are read as the census role their job implies, full time.
ROLE_TO_CENSUS = {
    Role.SOCIAL_WORKER: CensusRole.CASE_HOLDER,
    Role.SENIOR_PRACTITIONER: CensusRole.SENIOR_PRACTITIONER,
    Role.TEAM_MANAGER: CensusRole.FIRST_LINE_MANAGER,
    Role.SERVICE_MANAGER: CensusRole.MIDDLE_MANAGER,
    Role.HEAD_OF_SERVICE: CensusRole.SENIOR_MANAGER,
}

_case_types: dict[str, Callable[[QuerySet], set[int]]] = {}


def register_case_type(name: str, children_of_type: Callable[[QuerySet], set[int]]) -> None:
    """Add a case type: `children_of_type(children_qs)` returns the ids of the children of that type."""
    _case_types[name] = children_of_type


def registered_case_types() -> list[str]:
    return sorted(_case_types)


def _stored(kind: str) -> dict[str, Decimal]:
    from casebook.workforce.models import CaseloadSetting

    return dict(CaseloadSetting.objects.filter(kind=kind).values_list("key", "value"))


def weights() -> dict[str, Decimal]:
    """Weight per case type: stored settings over settings.CASEBOOK over the defaults."""
    configured = {k: Decimal(str(v)) for k, v in settings.CASEBOOK.get("CASELOAD_WEIGHTS", {}).items()}
    return {**DEFAULT_WEIGHTS, **configured, **_stored("weight")}


def caps() -> dict[str, Decimal]:
    """Weighted caseload cap per census role for one full-time worker."""
    configured = {k: Decimal(str(v)) for k, v in settings.CASEBOOK.get("CASELOAD_CAPS", {}).items()}
    return {**DEFAULT_CAPS, **configured, **_stored("cap")}


def asye_limit_default() -> int:
    return int(settings.CASEBOOK.get("ASYE_CASELOAD_LIMIT", DEFAULT_ASYE_LIMIT))


def case_types_for(children: QuerySet, *, weight_of: dict[str, Decimal] | None = None) -> dict[int, str]:
    """Child id -> case type, for the children some registered type claims (others are CIN)."""
    weight_of = weight_of or weights()
    result: dict[int, str] = {}
    for name, fn in _case_types.items():
        for child_id in fn(children):
            current = result.get(child_id)
            if current is None or weight_of.get(name, 1) > weight_of.get(current, 1):
                result[child_id] = name
    return result


def case_type_of(child_id: int, *, weight_of: dict[str, Decimal] | None = None) -> str:
    """The case type one child counts as (as case_types_for, the heaviest registered type that
    claims the child, else CIN): one query, whatever the number of registered types."""
    from casebook.children.models import Child

    return (Child.objects.filter(pk=child_id).annotate(case_type=_case_type_expression(weight_of or weights()))
            .values_list("case_type", flat=True).first()) or DEFAULT_CASE_TYPE


def _case_type_expression(weight_of: dict[str, Decimal]) -> Case:
    """A Child's case type in SQL: each registered type an EXISTS on its `child_id` queryset (a set
    of ids is used as it is), heaviest first, so the first that claims the child wins."""
    from casebook.children.models import Child

    whens = []
    for name in sorted(_case_types, key=lambda n: weight_of.get(n, 1), reverse=True):  # ties: registration order
        ids = _case_types[name](Child.objects.all())  # correlated below
        claims = Exists(ids.filter(child_id=OuterRef("pk"))) if isinstance(ids, QuerySet) else Q(pk__in=ids)
        whens.append(When(claims, then=Value(name)))
    return Case(*whens, default=Value(DEFAULT_CASE_TYPE), output_field=CharField())


@dataclass
class Load:
    children: int = 0
    weighted: Decimal = Decimal("0")

    def add(self, weight: Decimal) -> None:
        self.children += 1
        self.weighted += weight


def loads_for_workers(worker_ids: list[int]) -> dict[int, Load]:
    """Children and weighted caseload per worker, from current allocations: one aggregate query,
    however many workers or children.

    The database labels each allocated child with its heaviest claiming type (each registered
    type an EXISTS on its `child_id` queryset, probing the child's index row) and counts children
    per (worker, type); the weighted caseload is count x weight per type in Decimal, so it is
    exactly the sum of the children's weights."""
    from casebook.children.models import Child

    weight_of = weights()
    children = Child.objects.filter(allocated_worker__in=worker_ids)
    loads: dict[int, Load] = {wid: Load() for wid in worker_ids}
    rows = (children.order_by().annotate(case_type=_case_type_expression(weight_of))
            .values("allocated_worker_id", "case_type").annotate(n=Count("pk"))
            .values_list("allocated_worker_id", "case_type", "n"))
    for worker_id, name, count in rows:
        load = loads[worker_id]
        load.children += count
        load.weighted += count * weight_of.get(name, Decimal("1"))
    return loads
