"""The SSDA903 return (children looked after) for a collection year, projected from the
looked-after records.

Source: DfE, Children looked after return 2026 to 2027 guide, and the tables and columns of the
community validator (lac_validator/config.py, DFE-VALIDATORS.md 6). One CSV per table with exactly
the DfE headers (the validator recognises a file by its header set) and dates as dd/mm/yyyy.
"""

import csv
from collections import defaultdict
from datetime import date
from itertools import pairwise
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from casebook.children.identifiers import is_valid_upn
from casebook.children.models import Allocation, Child
from casebook.looked_after.models import (
    AdoptionRecord,
    CareEpisode,
    CareLeaverContact,
    CareReview,
    HealthCheck,
    MissingEpisode,
)
from casebook.statutory_returns.years import CollectionYear

COLUMNS = {
    "Header": "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB",
    "Episodes": "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN",
    "Reviews": "CHILD DOB REVIEW REVIEW_CODE",
    "Missing": "CHILD DOB MISSING MIS_START MIS_END",
    "UASC": "CHILD SEX DOB DUC",
    "OC2": ("CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT "
            "SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED"),
    "OC3": "CHILD DOB IN_TOUCH ACTIV ACCOM",
    "AD1": "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR",
    "PlacedAdoption": "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
    "PrevPerm": "CHILD DOB PREV_PERM LA_PERM DATE_PERM",
    "SWEpisodes": "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON",
}
COLUMNS = {name: cols.split() for name, cols in COLUMNS.items()}
# Only fostering and adoption placements may use the DfE's "XXXXXXX" (URN not known, rule 242); any other placement with no URN on
# record is left blank, so rule 218 points at the episode to complete.
URN_UNKNOWN_ALLOWED = frozenset(["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"])
FILE_NAMES = {"Header": "header", "Episodes": "episodes", "Reviews": "reviews", "Missing": "missing", "UASC": "uasc",
              "OC2": "oc2", "OC3": "oc3", "AD1": "ad1", "PlacedAdoption": "placed_for_adoption",
              "PrevPerm": "previous_permanence", "SWEpisodes": "sw_episodes"}


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _birthday(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def sw_id(worker_id: int | None) -> str:
    """The 903 SW_ID. Casebook keeps no Social Work England number, so a stable Casebook-made ID
    in the "SW" form stands in; "XX" is the DfE's code for a worker who is not known."""
    return f"SW{worker_id:07d}" if worker_id else "XX0000000"


def ssda903_tables(*, year: CollectionYear) -> dict[str, list[dict]]:
    """The eleven SSDA903 tables for `year`, as rows of strings keyed by the DfE column names."""
    episodes = list(
        CareEpisode.objects.filter(start_date__lte=year.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.start))
        .order_by("child__casebook_id", "start_date", "pk")
    )
    in_care = {e.child_id for e in episodes}
    open_at_end = {e.child_id for e in episodes if e.end_date is None or e.end_date > year.end}
    period_start = {}
    for e in episodes:
        period_start.setdefault(e.child_id, e.period_start)

    contacts = []
    for contact in CareLeaverContact.objects.select_related("child").order_by("child_id", "birthday"):
        born = contact.child.date_of_birth
        if born and _birthday(born, contact.birthday) in year:
            contacts.append(contact)
    child_ids = in_care | {c.child_id for c in contacts}
    children = {c.pk: c for c in Child.objects.filter(pk__in=child_ids)}

    tables: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for child in sorted(children.values(), key=lambda c: c.casebook_id):
        born = child.date_of_birth
        upn = child.upn if child.upn and is_valid_upn(child.upn) else ("UN1" if born and _age(born, year.end) < 5 else "UN4")
        tables["Header"].append({
            "CHILD": child.casebook_id, "SEX": child.sex or "U", "DOB": dmy(born), "ETHNIC": child.ethnicity,
            "UPN": upn,
            # Casebook does not record motherhood: 0 for every girl looked after in the year (rule
            # 393 wants it completed), blank for boys and for care leavers not looked after (628).
            "MOTHER": "0" if child.sex == "F" and child.pk in in_care else "",
            "MC_DOB": "",
        })

    def key(child_id):
        child = children[child_id]
        return {"CHILD": child.casebook_id, "DOB": dmy(child.date_of_birth)}

    next_episode = {}
    for e, following in pairwise(episodes):
        if following.child_id == e.child_id:
            next_episode[e.pk] = following
    for e in episodes:
        # Casebook keeps the reason for a placement change on the new episode; the DfE wants it
        # on the episode whose placement ended (rule 225).
        following = next_episode.get(e.pk)
        place_change = following.reason_place_change if following and following.start_date <= year.end else ""
        urn = e.urn or ("XXXXXXX" if e.placement_type in URN_UNKNOWN_ALLOWED else "")
        ended = e.end_date if e.end_date and e.end_date <= year.end else None
        tables["Episodes"].append({
            "CHILD": children[e.child_id].casebook_id, "DECOM": dmy(e.start_date), "RNE": e.reason_new_episode,
            "LS": e.legal_status, "CIN": e.category_of_need, "PLACE": e.placement_type,
            "PLACE_PROVIDER": e.placement_provider, "DEC": dmy(ended), "REC": e.reason_ceased if ended else "",
            "REASON_PLACE_CHANGE": place_change, "HOME_POST": e.home_postcode,
            "PL_POST": e.placement_postcode, "URN": urn,
        })
    for review in CareReview.objects.filter(child_id__in=in_care, review_date__range=(year.start, year.end)) \
            .order_by("child__casebook_id", "review_date"):
        tables["Reviews"].append({**key(review.child_id), "REVIEW": dmy(review.review_date),
                                  "REVIEW_CODE": review.participation})
    for missing in MissingEpisode.objects.filter(child_id__in=in_care).order_by("child__casebook_id", "started_at"):
        start = timezone.localdate(missing.started_at)
        end = timezone.localdate(missing.ended_at) if missing.ended_at else None
        if start > year.end or (end is not None and end < year.start):
            continue
        tables["Missing"].append({**key(missing.child_id), "MISSING": missing.kind, "MIS_START": dmy(start),
                                  "MIS_END": dmy(end if end and end <= year.end else None)})

    # OC2: looked after continuously for at least 12 months at 31 March.
    checks = defaultdict(set)
    sdq_scores = {}
    for child_id, kind, score in HealthCheck.objects.filter(child_id__in=open_at_end,
                                                            check_date__range=(year.start, year.end)) \
            .order_by("check_date", "pk").values_list("child_id", "kind", "sdq_score"):
        checks[child_id].add(kind)
        if kind == HealthCheck.Kind.SDQ:
            sdq_scores[child_id] = score  # the latest questionnaire in the year
    for child_id in sorted(open_at_end, key=lambda pk: children[pk].casebook_id):
        if period_start[child_id] > year.start:  # in care from 1 April is 12 months at 31 March (rule 191)
            continue
        born = children[child_id].date_of_birth
        under_5 = born is not None and _age(born, year.end) < 5
        done = checks.get(child_id, set())
        sdq_score, sdq_reason = _sdq(born, sdq_scores.get(child_id), year)
        tables["OC2"].append({
            **key(child_id), "SDQ_SCORE": sdq_score, "SDQ_REASON": sdq_reason,
            # Convictions are only asked about for children aged 10 or over at 31 March (rule 542).
            "CONVICTED": "0" if born is not None and _age(born, year.end) >= 10 else "",
            "HEALTH_CHECK": ("1" if "review" in done or "initial" in done else "0") if under_5 else "",
            "IMMUNISATIONS": "1", "TEETH_CHECK": "1" if "dental" in done else "0",
            "HEALTH_ASSESSMENT": "1" if done & {"review", "initial"} else "0", "SUBSTANCE_MISUSE": "0",
            "INTERVENTION_RECEIVED": "", "INTERVENTION_OFFERED": "",
        })
    for contact in contacts:
        tables["OC3"].append({**key(contact.child_id), "IN_TOUCH": contact.in_touch, "ACTIV": contact.activity,
                              "ACCOM": contact.accom_code})
    for adoption in AdoptionRecord.objects.filter(child_id__in=in_care).order_by("child_id"):
        if adoption.adoption_order_date and adoption.adoption_order_date in year:
            tables["AD1"].append({
                **key(adoption.child_id), "DATE_INT": dmy(adoption.decision_date),
                "DATE_MATCH": dmy(adoption.match_date),
                "FOSTER_CARE": "" if adoption.foster_carer_adopting is None else str(int(adoption.foster_carer_adopting)),
                "NB_ADOPTR": str(adoption.number_of_adopters or ""), "SEX_ADOPTR": adoption.adopter_sex,
                "LS_ADOPTR": adoption.adopter_legal_status,
            })
        if adoption.decision_date <= year.end:
            ceased = adoption.reversed_date if adoption.reversed_date and adoption.reversed_date <= year.end else None
            tables["PlacedAdoption"].append({
                **key(adoption.child_id), "DATE_PLACED": dmy(adoption.decision_date),
                "DATE_PLACED_CEASED": dmy(ceased), "REASON_PLACED_CEASED": adoption.reversed_reason if ceased else "",
            })
    for child_id in sorted(in_care, key=lambda pk: children[pk].casebook_id):
        if period_start[child_id] in year:
            # Casebook does not record previous permanence: Z1 is the DfE's "not known".
            tables["PrevPerm"].append({**key(child_id), "PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""})
    # SWEpisodes: every child looked after in the year. The DfE asks for children looked after at
    # 31 March, but rule SW12STG2 also checks children who left care in the year; only a child still
    # allocated at 31 March can then pass SW17STG2 as well (a closed case fails one of the two). SW_REASON is why this worker was allocated (the reason is recorded on the new
    # allocation); a child's first allocation is "first contact", any later one without a
    # recorded reason is left blank so rule SW13STG1 points at the record to complete.
    # A front door (MASH) spell is screening of a contact, not the allocation of a social worker
    # to the child, so it is not a social worker episode. For a child who had left care by 31
    # March, an allocation that began after the period of care ended is not part of the return.
    left_care = {}
    for e in episodes:
        if e.child_id not in open_at_end and e.end_date:
            left_care[e.child_id] = max(left_care.get(e.child_id, e.end_date), e.end_date)
    social_work = Allocation.objects.filter(child_id__in=in_care, worker__isnull=False, team__is_front_door=False)
    first_allocation = {}
    for child_id, pk in social_work.order_by("child_id", "started_at", "pk").values_list("child_id", "pk"):
        first_allocation.setdefault(child_id, pk)
    allocations = (social_work.filter(started_at__date__lte=year.end)
                   .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gte=year.start))
                   .select_related("sw_change").order_by("child__casebook_id", "started_at"))
    for allocation in allocations:
        left = left_care.get(allocation.child_id)
        if left is not None and timezone.localdate(allocation.started_at) > left:
            continue
        ended = timezone.localdate(allocation.ended_at) if allocation.ended_at else None
        ended = ended if ended and ended <= year.end else None
        change = getattr(allocation, "sw_change", None)
        reason = change.reason if change else ("FCONTA" if first_allocation.get(allocation.child_id) == allocation.pk
                                               else "")
        tables["SWEpisodes"].append({
            **key(allocation.child_id), "SW_ID": sw_id(allocation.worker_id),
            "SW_DECOM": dmy(timezone.localdate(allocation.started_at)), "SW_DEC": dmy(ended), "SW_REASON": reason,
        })
    return tables


def _sdq(born: date | None, score: int | None, year: CollectionYear) -> tuple[str, str]:
    """OC2 SDQ_SCORE and SDQ_REASON. The questionnaire is for children aged 4 to 16: nothing for
    a child under 4 at 31 March (rule 188) or 17 before 1 April (189). With no score recorded, a
    child who turned 4 or 17 in the year gets SDQ1 (under 4 or over 17 at the assessment, 197B);
    any other child is left blank, so rule 186 points at the questionnaire still to record."""
    if born is None or _birthday(born, 4) > year.end or _birthday(born, 17) < year.start:
        return "", ""
    if score is not None:
        return str(score), ""
    if _birthday(born, 4) in year or _birthday(born, 17) in year:
        return "", "SDQ1"
    return "", ""


def write_ssda903(tables: dict[str, list[dict]], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, columns in COLUMNS.items():
        path = directory / f"{FILE_NAMES[name]}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(tables[name])
        paths.append(path)
    return paths
