"""Workforce figures in the shape of the DfE children's social work workforce census (CSWW).

The census year runs 1 October to 30 September, with a snapshot at 30 September
(explore-education-statistics CSWW methodology). Definitions, as the DfE publishes them:

- FTE: full-time equivalent of local authority (permanent, not agency) social workers in post
  at the snapshot date.
- Agency rate: agency FTE / (agency FTE + LA FTE) at the snapshot.
- Vacancy rate: vacant FTE / (vacant FTE + LA FTE). A vacancy is a funded post not filled by
  a permanent worker, whether or not an agency worker covers it. Funded posts are the teams'
  current establishment (Casebook does not keep a history of establishment).
- Turnover rate: FTE of LA social workers who left during the year / LA FTE at the snapshot.
- Average caseload: cases held at the snapshot by case-holding workers (case holders and
  senior practitioners in post) / the FTE of those case holders (agency included), as the DfE
  computes "cases held by case-holding FTE".
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from casebook.workforce.models import CASE_HOLDING_CENSUS_ROLES, TeamEstablishment

ZERO = Decimal("0")


@dataclass(frozen=True)
class CensusFigures:
    year_start: date
    snapshot: date
    la_fte: Decimal
    la_headcount: int
    agency_fte: Decimal
    agency_headcount: int
    funded_fte: Decimal
    vacancies_fte: Decimal
    leavers_fte: Decimal
    leavers_headcount: int
    cases: int
    case_holder_fte: Decimal

    @staticmethod
    def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
        return (100 * part / whole).quantize(Decimal("0.1")) if whole else None

    @property
    def agency_rate(self) -> Decimal | None:
        return self._rate(self.agency_fte, self.agency_fte + self.la_fte)

    @property
    def vacancy_rate(self) -> Decimal | None:
        return self._rate(self.vacancies_fte, self.vacancies_fte + self.la_fte)

    @property
    def turnover_rate(self) -> Decimal | None:
        return self._rate(self.leavers_fte, self.la_fte)

    @property
    def average_caseload(self) -> Decimal | None:
        return (Decimal(self.cases) / self.case_holder_fte).quantize(Decimal("0.1")) if self.case_holder_fte else None


def census_year(today: date) -> int:
    """The census year containing `today`, named by the 30 September it ends on."""
    return today.year + 1 if (today.month, today.day) > (9, 30) else today.year


def census_figures(*, year: int, today: date | None = None) -> CensusFigures:
    """Figures for the census year ending 30 September `year` (snapshot: that day, or today if
    the year is not over). Four queries, however many staff or cases; staff are read as plain
    values (selectors.census_staff_facts), not as users and profiles."""
    from casebook.children.models import Allocation
    from casebook.workforce.selectors import census_staff_facts

    today = today or timezone.localdate()
    year_start, snapshot = date(year - 1, 10, 1), min(date(year, 9, 30), today)
    staff = census_staff_facts()
    in_post = [p for p in staff if p.started_on <= snapshot and (p.left_on is None or p.left_on > snapshot)]
    la = [p for p in in_post if not p.is_agency]
    agency = [p for p in in_post if p.is_agency]
    leavers = [p for p in staff if not p.is_agency and p.left_on and year_start <= p.left_on <= snapshot]
    la_fte = sum((Decimal(p.fte) for p in la), ZERO)
    funded = TeamEstablishment.objects.aggregate(total=Sum("funded_fte"))["total"] or ZERO
    # Vacancies are counted team by team: a team over its establishment does not fill another's gap.
    la_fte_by_team: dict[int | None, Decimal] = {}
    for p in la:
        la_fte_by_team[p.team_id] = la_fte_by_team.get(p.team_id, ZERO) + Decimal(p.fte)
    vacancies = sum((max(ZERO, e.funded_fte - la_fte_by_team.get(e.team_id, ZERO))
                     for e in TeamEstablishment.objects.all()), ZERO)
    moment = datetime.combine(snapshot + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())
    holders = {p.user_id: p for p in in_post if p.census_role in CASE_HOLDING_CENSUS_ROLES}
    # The cases held at the moment, read from the index of held cases (allocation_held_between)
    # and counted here for the case holders: filtering or grouping by worker in SQL makes SQLite
    # walk the worker index, i.e. every holder's whole allocation history.
    held = Counter(worker for worker in Allocation.objects.filter(started_at__lt=moment)
                   .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=moment)).order_by()
                   .values_list("worker", flat=True) if worker in holders)
    return CensusFigures(
        year_start=year_start, snapshot=snapshot, la_fte=la_fte, la_headcount=len(la),
        agency_fte=sum((Decimal(p.fte) for p in agency), ZERO), agency_headcount=len(agency),
        funded_fte=funded, vacancies_fte=vacancies,
        leavers_fte=sum((Decimal(p.fte) for p in leavers), ZERO), leavers_headcount=len(leavers),
        cases=sum(held.values()), case_holder_fte=sum((Decimal(p.fte) for p in holders.values()), ZERO),
    )
