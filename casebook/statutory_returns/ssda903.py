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
    ImportedSocialWorkerEpisode,
    MissingEpisode,
    MotherStatus,
    UASCStatus,
    YearOutcomes,
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

    mothers = {m.child_id: m for m in MotherStatus.objects.filter(child_id__in=in_care)}
    tables: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for child in sorted(children.values(), key=lambda c: c.casebook_id):
        born = child.date_of_birth
        upn = child.upn if child.upn and is_valid_upn(child.upn) else ("UN1" if born and _age(born, year.end) < 5 else "UN4")
        tables["Header"].append({
            "CHILD": child.casebook_id, "SEX": child.sex or "U", "DOB": dmy(born), "ETHNIC": child.ethnicity,
            "UPN": upn,
            # Only for girls looked after in the year (blank for care leavers not looked after, rule
            # 628); not recorded is left blank, so rule 393 points at the record to complete.
            **_mother(mothers.get(child.pk) if child.sex == "F" else None),
        })
    for status in UASCStatus.objects.filter(child_id__in=child_ids).select_related("child") \
            .order_by("child__casebook_id"):
        tables["UASC"].append({"CHILD": status.child.casebook_id, "SEX": status.child.sex or "U",
                               "DOB": dmy(status.child.date_of_birth), "DUC": dmy(status.ceased_on)})

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
    outcomes = {o.child_id: o for o in YearOutcomes.objects.filter(child_id__in=open_at_end, year=year.year)}
    for child_id in sorted(open_at_end, key=lambda pk: children[pk].casebook_id):
        if period_start[child_id] > year.start:  # in care from 1 April is 12 months at 31 March (rule 191)
            continue
        born = children[child_id].date_of_birth
        under_5 = born is not None and _age(born, year.end) < 5
        done = checks.get(child_id, set())
        recorded = outcomes.get(child_id) or YearOutcomes()
        score = sdq_scores.get(child_id, recorded.sdq_score)
        sdq_score, sdq_reason = _sdq(born, score, recorded.sdq_reason, year)
        assessed = bool(done & {"review", "initial"})
        tables["OC2"].append({
            **key(child_id), "SDQ_SCORE": sdq_score, "SDQ_REASON": sdq_reason,
            # Convictions are only asked about for children aged 10 or over at 31 March (rule 542).
            "CONVICTED": _flag(recorded.convicted) if born is not None and _age(born, year.end) >= 10 else "",
            "HEALTH_CHECK": _done(assessed, recorded.health_check) if under_5 else "",
            "IMMUNISATIONS": _flag(recorded.immunisations),
            "TEETH_CHECK": _done("dental" in done, recorded.teeth_check),
            "HEALTH_ASSESSMENT": _done(assessed, recorded.health_assessment),
            "SUBSTANCE_MISUSE": _flag(recorded.substance_misuse),
            # Whether an intervention was received is asked only of a child with a problem, and
            # whether one was offered only of a child who received none (rules 192, 193, 158, 159).
            "INTERVENTION_RECEIVED": _flag(recorded.intervention_received) if recorded.substance_misuse else "",
            "INTERVENTION_OFFERED": (_flag(recorded.intervention_offered)
                                     if recorded.substance_misuse and recorded.intervention_received is False else ""),
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
    # PrevPerm: children who started to be looked after in the year (rule 634), from the episode
    # that began their latest period of care. Not recorded is left blank, so rule 630 points at it.
    started = {}
    for e in episodes:
        if e.reason_new_episode == "S" and e.start_date in year:
            started[e.child_id] = e
    for child_id in sorted(started, key=lambda pk: children[pk].casebook_id):
        e = started[child_id]
        tables["PrevPerm"].append({**key(child_id), "PREV_PERM": e.previous_permanence,
                                   "LA_PERM": e.previous_permanence_la, "DATE_PERM": e.previous_permanence_date})
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
    sw_rows = []
    for allocation in allocations:
        left = left_care.get(allocation.child_id)
        if left is not None and timezone.localdate(allocation.started_at) > left:
            continue
        ended = timezone.localdate(allocation.ended_at) if allocation.ended_at else None
        ended = ended if ended and ended <= year.end else None
        change = getattr(allocation, "sw_change", None)
        reason = change.reason if change else ("FCONTA" if first_allocation.get(allocation.child_id) == allocation.pk
                                               else "")
        sw_rows.append((timezone.localdate(allocation.started_at), {
            **key(allocation.child_id), "SW_ID": sw_id(allocation.worker_id),
            "SW_DECOM": dmy(timezone.localdate(allocation.started_at)), "SW_DEC": dmy(ended), "SW_REASON": reason,
        }))
    # Episodes imported from a previous system's return, whose workers are not Casebook users.
    reported = {(r["CHILD"], r["SW_ID"], r["SW_DECOM"]) for _, r in sw_rows}
    for imported in ImportedSocialWorkerEpisode.objects.filter(child_id__in=in_care, start_date__lte=year.end) \
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.start)).order_by("start_date", "pk"):
        row = {**key(imported.child_id), "SW_ID": imported.sw_id, "SW_DECOM": dmy(imported.start_date),
               "SW_DEC": dmy(imported.end_date if imported.end_date and imported.end_date <= year.end else None),
               "SW_REASON": imported.reason}
        if (row["CHILD"], row["SW_ID"], row["SW_DECOM"]) not in reported:
            sw_rows.append((imported.start_date, row))
    tables["SWEpisodes"] = [row for _, row in sorted(sw_rows, key=lambda pair: (pair[1]["CHILD"], pair[0]))]
    return tables


def _flag(value: bool | None) -> str:
    return "" if value is None else str(int(value))


def _done(recorded_check: bool, reported: bool | None) -> str:
    """A health item: 1 if a check is recorded in the year, else what an imported return said, else 0."""
    return "1" if recorded_check else (_flag(reported) or "0")


def _mother(status: MotherStatus | None) -> dict:
    if status is None:
        return {"MOTHER": "", "MC_DOB": ""}
    return {"MOTHER": _flag(status.is_mother), "MC_DOB": dmy(status.first_child_born)}


def _sdq(born: date | None, score: int | None, reason: str, year: CollectionYear) -> tuple[str, str]:
    """OC2 SDQ_SCORE and SDQ_REASON. The questionnaire is for children aged 4 to 16: nothing for
    a child under 4 at 31 March (rule 188) or 17 before 1 April (189). With no score, the reason
    recorded for the year; with none recorded, a child who turned 4 or 17 in the year gets SDQ1
    (under 4 or over 17 at the assessment, 197B) and any other child is left blank, so rule 186
    points at the questionnaire or reason still to record."""
    if born is None or _birthday(born, 4) > year.end or _birthday(born, 17) < year.start:
        return "", ""
    if score is not None:
        return str(score), ""
    if reason:
        return "", reason
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
