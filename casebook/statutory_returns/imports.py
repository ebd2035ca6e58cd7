"""Import a council's previous CIN census and SSDA903 returns (for a move to Casebook).

Source: the DfE CIN census XSD and the SSDA903 table layout (DFE-VALIDATORS.md 5 and 6). A file is
checked in full first (schema, year, LA code, code lists, duplicate children, dates in order); any
problem rejects the whole file with a list naming the element or line, and nothing is written.
Records are matched on their natural keys (child ID; referral, start or review dates; SW_ID), so a second
import of the same file changes nothing.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casebook.assessments.models import Assessment
from casebook.child_protection.models import Conference, CPPlan, Section47, StrategyDiscussion
from casebook.children.models import Child, ChildDisability
from casebook.children_in_need.models import CINPlan
from casebook.core.workdays import add_working_days
from casebook.episodes.models import EpisodeOfNeed
from casebook.looked_after import codes as lac_codes
from casebook.looked_after.models import (
    AdoptionRecord,
    CareEpisode,
    CareLeaverContact,
    CareReview,
    ImportedSocialWorkerEpisode,
    MissingEpisode,
    MotherStatus,
    UASCStatus,
    YearOutcomes,
)
from casebook.statutory_returns.cin_structure import _where, check_cin_structure, parse_with_lines
from casebook.statutory_returns.ssda903 import COLUMNS, _birthday
from casebook.statutory_returns.years import CollectionYear

NOT_RECORDED = "Not recorded"  # names are not in the returns; the council's own extract adds them


class ImportRejected(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_tables: list[str] = field(default_factory=list)


def _upsert(model, result: ImportResult, keys: dict, values: dict, acting_user=None):
    """Create or update one record; a record already holding these values is left alone (no new history)."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values)
        if hasattr(obj, "recorded_by_id"):
            obj.recorded_by = acting_user
        obj.full_clean()
        obj.save()
        result.created += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not changed:
        result.unchanged += 1
        return obj
    for k, v in changed.items():
        setattr(obj, k, v)
    obj.full_clean()
    obj.save()
    result.updated += 1
    return obj


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# ---- CIN census -------------------------------------------------------------------------------

def _text(element, tag):
    found = element.find(tag)
    return found.text.strip() if found is not None and found.text else None


def _cin_checks(root, year: int | None) -> list[str]:
    problems = []
    file_year = _text(root, "Header/CollectionDetails/Year")
    if year is not None and file_year != str(year):
        problems.append(f"<Year> at {_where(root.find('Header/CollectionDetails/Year'))} is {file_year}: "
                        f"this import is for {year}")
    ref = _text(root, "Header/CollectionDetails/ReferenceDate")
    if file_year and ref and ref != f"{file_year}-03-31":
        problems.append(f"<ReferenceDate> at {_where(root.find('Header/CollectionDetails/ReferenceDate'))} must be "
                        f"31 March {file_year}")
    lea = _text(root, "Header/Source/LEA")
    if lea != settings.LA_CODE:
        problems.append(f"<LEA> at {_where(root.find('Header/Source/LEA'))} is {lea}: this is a return from another "
                        f"local authority (ours is {settings.LA_CODE})")
    seen = {}
    for child in root.iterfind("Children/Child"):
        cid_el = child.find("ChildIdentifiers/LAchildID")
        cid = (cid_el.text or "").strip().upper()
        if cid in seen:
            problems.append(f"<LAchildID> {cid} at {_where(cid_el)} is a duplicate of the child at line {seen[cid]}")
        seen.setdefault(cid, _where(cid_el).removeprefix("line "))
        pairs = [("CINdetails", "CINreferralDate", "CINclosureDate"),
                 ("CINdetails/Assessments", "AssessmentActualStartDate", "AssessmentAuthorisationDate"),
                 ("CINdetails/CINPlanDates", "CINPlanStartDate", "CINPlanEndDate"),
                 ("CINdetails/Section47", "S47ActualStartDate", "DateOfInitialCPC"),
                 ("CINdetails/ChildProtectionPlans", "CPPstartDate", "CPPendDate")]
        for path, first, then in pairs:
            for block in child.iterfind(path):
                a, b = _text(block, first), _text(block, then)
                if a and b and b < a:
                    problems.append(f"<{then}> at {_where(block.find(then))} is before <{first}> ({b} before {a})")
    return problems


@transaction.atomic
def import_cin_census(*, data: bytes, acting_user=None, year: int | None = None) -> ImportResult:
    """Create or update children and their CIN episodes from a CIN census XML (DfE CIN census guide)."""
    problems = check_cin_structure(data)
    if problems:
        raise ImportRejected(problems)
    root = parse_with_lines(data)
    problems = _cin_checks(root, year)
    if problems:
        raise ImportRejected(problems)
    result = ImportResult()
    try:
        for element in root.iterfind("Children/Child"):
            _import_cin_child(element, result, acting_user)
    except ValidationError as error:
        raise ImportRejected([f"{k}: {'; '.join(v)}" for k, v in error.message_dict.items()]) from error
    return result


def _import_cin_child(element, result, user):
    ids = element.find("ChildIdentifiers")
    cid = _text(ids, "LAchildID").upper()
    born = _d(_text(ids, "PersonBirthDate"))
    values = {"sex": _text(ids, "Sex"), "date_of_birth": born,
              "expected_date_of_birth": None if born else _d(_text(ids, "ExpectedPersonBirthDate")),
              "date_of_death": _d(_text(ids, "PersonDeathDate")), "upn": _text(ids, "UPN") or "",
              "ethnicity": _text(element, "ChildCharacteristics/Ethnicity")}
    child = Child.objects.filter(casebook_id=cid).first()
    if child is None:
        child = _upsert(Child, result, {"casebook_id": cid},
                        {**values, "first_names": NOT_RECORDED, "last_name": NOT_RECORDED}, user)
    else:
        child = _upsert(Child, result, {"casebook_id": cid}, values, user)
    codes = sorted({(d.text or "").strip() for d in element.iterfind("ChildCharacteristics/Disabilities/Disability")})
    if codes and codes != ["NONE"]:
        codes = [c for c in codes if c != "NONE"]
    existing = sorted(child.disabilities.values_list("code", flat=True))
    if codes != existing and not (codes == ["NONE"] and not existing):
        child.disabilities.all().delete()
        ChildDisability.objects.bulk_create([ChildDisability(child=child, code=c) for c in codes if c != "NONE"])
        result.updated += 1
    for detail in element.iterfind("CINdetails"):
        _import_cin_details(child, detail, result, user)


def _import_cin_details(child, detail, result, user):
    closure = _d(_text(detail, "CINclosureDate"))
    episode = _upsert(EpisodeOfNeed, result, {"child": child, "referral_date": _d(_text(detail, "CINreferralDate"))}, {
        "referral_source": _text(detail, "ReferralSource"), "primary_need": _text(detail, "PrimaryNeedCode") or "",
        "referral_nfa": _text(detail, "ReferralNFA") == "1", "closure_date": closure,
        "closure_reason": _text(detail, "ReasonForClosure") or ""}, user)
    for a in detail.iterfind("Assessments"):
        start = _d(_text(a, "AssessmentActualStartDate"))
        factors = [(f.text or "").strip() for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")]
        _upsert(Assessment, result, {"episode": episode, "start_date": start}, {
            "child": child, "due_on": add_working_days(start, 45),
            "authorised_on": _d(_text(a, "AssessmentAuthorisationDate")), "factors": factors}, user)
    for p in detail.iterfind("CINPlanDates"):
        _upsert(CINPlan, result, {"episode": episode, "start_date": _d(_text(p, "CINPlanStartDate"))},
                {"child": child, "end_date": _d(_text(p, "CINPlanEndDate"))}, user)
    plans = {}
    for p in detail.iterfind("ChildProtectionPlans"):
        start = _d(_text(p, "CPPstartDate"))
        end = _d(_text(p, "CPPendDate"))
        plan = _upsert(CPPlan, result, {"episode": episode, "start_date": start}, {
            "child": child, "initial_category": _text(p, "InitialCategoryOfAbuse"),
            "latest_category": _text(p, "LatestCategoryOfAbuse"),
            "previous_plans": int(_text(p, "NumberOfPreviousCPP") or 0), "end_date": end}, user)
        plans[start] = plan
        for review in p.iterfind("Reviews/CPPreviewDate"):
            _upsert(Conference, result, {"plan": plan, "kind": "review", "held_on": _d(review.text.strip())}, {
                "child": child, "episode": episode, "chair": NOT_RECORDED, "agencies": NOT_RECORDED,
                "plan_decided": True, "category": plan.latest_category}, user)
    for s in detail.iterfind("Section47"):
        start = _d(_text(s, "S47ActualStartDate"))
        discussion = _upsert(StrategyDiscussion, result, {"episode": episode, "held_on": start, "s47_decided": True},
                             {"child": child, "agencies": NOT_RECORDED, "reasons": "Imported from the CIN census"},
                             user)
        target = _d(_text(s, "InitialCPCtarget")) or add_working_days(start, 15)
        enquiry = _upsert(Section47, result, {"episode": episode, "start_date": start}, {
            "child": child, "strategy_discussion": discussion, "icpc_target": target,
            "icpc_not_required": _text(s, "ICPCnotRequired") == "1"}, user)
        icpc = _d(_text(s, "DateOfInitialCPC"))
        if icpc:
            plan = plans.get(icpc)
            _upsert(Conference, result, {"section47": enquiry, "kind": "initial", "held_on": icpc}, {
                "child": child, "episode": episode, "plan": plan, "chair": NOT_RECORDED, "agencies": NOT_RECORDED,
                "plan_decided": plan is not None, "category": plan.initial_category if plan else ""}, user)


# ---- SSDA903 ----------------------------------------------------------------------------------

CODE_COLUMNS = {
    ("Episodes", "RNE"): lac_codes.ReasonNewEpisode, ("Episodes", "LS"): lac_codes.LegalStatus,
    ("Episodes", "CIN"): lac_codes.CategoryOfNeed, ("Episodes", "PLACE"): lac_codes.PlacementType,
    ("Episodes", "PLACE_PROVIDER"): lac_codes.PlacementProvider, ("Episodes", "REC"): lac_codes.ReasonEpisodeCeased,
    ("Episodes", "REASON_PLACE_CHANGE"): lac_codes.ReasonPlaceChange,
    ("Reviews", "REVIEW_CODE"): lac_codes.ReviewParticipation, ("Missing", "MISSING"): lac_codes.MissingType,
    ("OC2", "SDQ_REASON"): lac_codes.SDQReason, ("OC3", "IN_TOUCH"): lac_codes.InTouch,
    ("OC3", "ACTIV"): lac_codes.Activity, ("AD1", "SEX_ADOPTR"): lac_codes.AdopterSex,
    ("AD1", "LS_ADOPTR"): lac_codes.AdopterLegalStatus,
    ("PlacedAdoption", "REASON_PLACED_CEASED"): lac_codes.PlacedAdoptionCeased,
    ("PrevPerm", "PREV_PERM"): lac_codes.PreviousPermanence, ("SWEpisodes", "SW_REASON"): lac_codes.SocialWorkerChangeReason,
}
FLAG_COLUMNS = {"Header": ["MOTHER"], "AD1": ["FOSTER_CARE"],
                "OC2": ["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                        "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]}
DATE_COLUMNS = {"Header": ["DOB", "MC_DOB"], "Episodes": ["DECOM", "DEC"], "Reviews": ["REVIEW"],
                "Missing": ["MIS_START", "MIS_END"], "UASC": ["DUC"], "AD1": ["DATE_INT", "DATE_MATCH"],
                "PlacedAdoption": ["DATE_PLACED", "DATE_PLACED_CEASED"], "SWEpisodes": ["SW_DECOM", "SW_DEC"]}
DATES_IN_ORDER = [("Episodes", "DECOM", "DEC"), ("Missing", "MIS_START", "MIS_END"), ("AD1", "DATE_INT", "DATE_MATCH"),
                  ("PlacedAdoption", "DATE_PLACED", "DATE_PLACED_CEASED"), ("SWEpisodes", "SW_DECOM", "SW_DEC")]
ONE_ROW_PER_CHILD = ("UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm")
SEXES = {"M", "F", "U"}
OUTSIDE_ENGLAND = {"WAL", "SCO", "NIR", "NUK"}
DATE_PERM = re.compile(r"^(\d\d|ZZ)/(\d\d|ZZ)/(\d{4}|ZZZZ)$")


def _dmy(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _flag(text: str) -> bool | None:
    return None if text == "" else text == "1"


def _read_903(directory: Path) -> tuple[dict[str, list[dict]], list[str]]:
    """Each CSV recognised by its exact header set, as the DfE validator does."""
    by_header = {frozenset(cols): name for name, cols in COLUMNS.items()}
    tables, problems = {}, []
    for path in sorted(directory.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            name = by_header.get(frozenset(reader.fieldnames or []))
            if name is None:
                problems.append(f"{path.name} line 1: the column headings match no SSDA903 table")
                continue
            tables[name] = [{k: (v or "").strip().upper() for k, v in row.items()} | {"_line": f"{path.name} line "
                                                                                       f"{reader.line_num}"}
                            for row in reader]
    if "Header" not in tables or "Episodes" not in tables:
        problems.append("The Header and Episodes tables are needed")
    return tables, problems


def _infer_year(tables) -> CollectionYear | None:
    """The collection year of the latest episode or review date, for a file imported without --year."""
    days = [row[f"_{c}"] for t, cols in (("Episodes", ("DECOM", "DEC")), ("Reviews", ("REVIEW",)))
            for row in tables.get(t, []) for c in cols if row.get(f"_{c}")]
    if not days:
        return None
    latest = max(days)
    return CollectionYear(latest.year + 1 if latest.month >= 4 else latest.year)


def _903_checks(tables, year: CollectionYear | None) -> list[str]:
    problems = []
    seen = {}
    for row in tables.get("Header", []):
        if row["CHILD"] in seen:
            problems.append(f"{row['_line']}: CHILD {row['CHILD']} is a duplicate of {seen[row['CHILD']]}")
        seen.setdefault(row["CHILD"], row["_line"])
        if row["SEX"] not in SEXES:
            problems.append(f"{row['_line']}: SEX {row['SEX']!r} is not M, F or U (the 2024-25 onwards format)")
    for row in tables.get("UASC", []):
        if row["SEX"] not in SEXES:
            problems.append(f"{row['_line']}: SEX {row['SEX']!r} is not M, F or U (the 2024-25 onwards format)")
    for table in ONE_ROW_PER_CHILD:
        first = {}
        for row in tables.get(table, []):
            if row["CHILD"] in first:
                problems.append(f"{row['_line']}: CHILD {row['CHILD']} is a duplicate of {first[row['CHILD']]}")
            first.setdefault(row["CHILD"], row["_line"])
    for (table, column), choices in CODE_COLUMNS.items():
        for row in tables.get(table, []):
            if row.get(column) and row[column] not in choices.values:
                problems.append(f"{row['_line']}: {column} {row[column]!r} is not on the DfE list")
    for table, columns in FLAG_COLUMNS.items():
        for row in tables.get(table, []):
            for column in columns:
                if row[column] not in ("", "0", "1"):
                    problems.append(f"{row['_line']}: {column} {row[column]!r} must be 0, 1 or blank")
    for row in tables.get("OC3", []):
        accom = row["ACCOM"]
        if accom and (len(accom) != 2 or accom[0] not in lac_codes.Accommodation.values or accom[1] not in "12"):
            problems.append(f"{row['_line']}: ACCOM {accom!r} is not on the DfE list")
    for table, column, low, high in (("OC2", "SDQ_SCORE", 0, 40), ("AD1", "NB_ADOPTR", 1, 2)):
        for row in tables.get(table, []):
            if row[column] and not (row[column].isdigit() and low <= int(row[column]) <= high):
                problems.append(f"{row['_line']}: {column} {row[column]!r} is not a whole number from {low} to {high}")
    for row in tables.get("PrevPerm", []):
        if row["DATE_PERM"] and not DATE_PERM.match(row["DATE_PERM"]):
            problems.append(f"{row['_line']}: DATE_PERM {row['DATE_PERM']!r} is not a date like 27/03/2021 "
                            "(ZZ for a part not known)")
        la = row["LA_PERM"]
        if la and not (la.isdigit() and len(la) == 3) and la not in OUTSIDE_ENGLAND:
            problems.append(f"{row['_line']}: LA_PERM {la!r} is not a 3-digit LA code or WAL, SCO, NIR or NUK")
    for row in tables.get("SWEpisodes", []):
        if not row["SW_ID"].startswith(("SW", "XX")):
            problems.append(f"{row['_line']}: SW_ID {row['SW_ID']!r} does not begin with SW or XX")
    for table, columns in DATE_COLUMNS.items():
        for row in tables.get(table, []):
            for column in columns:
                try:
                    row[f"_{column}"] = _dmy(row[column])
                except ValueError:
                    problems.append(f"{row['_line']}: {column} {row[column]!r} is not a date like 31/03/2027")
                    row[f"_{column}"] = None
    for row in tables.get("Header", []):
        if (row["MOTHER"] == "1") != bool(row["MC_DOB"]):
            problems.append(f"{row['_line']}: MC_DOB is needed when MOTHER is 1, and only then")
    for table, first, then in DATES_IN_ORDER:
        for row in tables.get(table, []):
            if row.get(f"_{first}") and row.get(f"_{then}") and row[f"_{then}"] < row[f"_{first}"]:
                problems.append(f"{row['_line']}: {then} {row[then]} is before {first} {row[first]}")
    for table in COLUMNS:
        if table == "Header":
            continue
        for row in tables.get(table, []):
            if row["CHILD"] not in seen:
                problems.append(f"{row['_line']}: CHILD {row['CHILD']} is not in the Header table")
    if year is not None:
        for row in tables.get("Episodes", []):
            if row.get("_DECOM") and row["_DECOM"] > year.end:
                problems.append(f"{row['_line']}: DECOM {row['DECOM']} is after the {year.label} year: "
                                f"this file is not the {year.label} return")
            if row.get("_DEC") and row["_DEC"] < year.start:
                problems.append(f"{row['_line']}: DEC {row['DEC']} is before the {year.label} year: "
                                f"this file is not the {year.label} return")
    adopted = {row["CHILD"] for row in tables.get("Episodes", []) if row["REC"] in ("E11", "E12")}
    for row in tables.get("AD1", []):
        if row["CHILD"] not in adopted:
            problems.append(f"{row['_line']}: CHILD {row['CHILD']} has AD1 details but no episode ending in "
                            "adoption (REC E11 or E12)")
    placed = {row["CHILD"]: row for row in tables.get("PlacedAdoption", [])}
    for row in tables.get("AD1", []):
        other = placed.get(row["CHILD"])
        if other and other["DATE_PLACED"] != row["DATE_INT"]:
            problems.append(f"{row['_line']}: DATE_INT {row['DATE_INT']} differs from DATE_PLACED "
                            f"{other['DATE_PLACED']} at {other['_line']}")
    return problems


@transaction.atomic
def import_ssda903(*, directory: Path, acting_user=None, year: CollectionYear | None = None) -> ImportResult:
    """Create or update looked-after children and every SSDA903 table's records from the CSVs
    (DfE children looked after return guide). Checked in full first; any problem writes nothing."""
    tables, problems = _read_903(Path(directory))
    if not problems:
        problems = _903_checks(tables, year)
    year = year or _infer_year(tables)
    if not problems and year is None and (tables.get("OC2") or tables.get("OC3")):
        problems = ["OC2 and OC3 need the collection year: give --year"]
    if problems:
        raise ImportRejected(problems)
    result = ImportResult()
    try:
        _import_903(tables, year, result, acting_user)
    except ValidationError as error:
        raise ImportRejected([f"{k}: {'; '.join(v)}" for k, v in getattr(error, "message_dict", {"record": error.messages}).items()]) from error
    return result


def _import_903(tables, year, result, user):
    children = {}
    for row in tables["Header"]:
        values = {"sex": row["SEX"], "date_of_birth": row["_DOB"], "ethnicity": row["ETHNIC"],
                  "upn": row["UPN"] if len(row["UPN"]) == 13 else ""}
        if not Child.objects.filter(casebook_id=row["CHILD"]).exists():
            values.update(first_names=NOT_RECORDED, last_name=NOT_RECORDED)
        child = children[row["CHILD"]] = _upsert(Child, result, {"casebook_id": row["CHILD"]}, values, user)
        if row["MOTHER"]:
            _upsert(MotherStatus, result, {"child": child},
                    {"is_mother": row["MOTHER"] == "1", "first_child_born": row["_MC_DOB"]}, user)
    for row in tables.get("UASC", []):
        _upsert(UASCStatus, result, {"child": children[row["CHILD"]]}, {"ceased_on": row["_DUC"]}, user)

    permanence = {row["CHILD"]: row for row in tables.get("PrevPerm", [])}
    episodes = sorted(tables["Episodes"], key=lambda r: (r["CHILD"], r["_DECOM"]))
    latest_start = {row["CHILD"]: row["_DECOM"] for row in episodes if row["RNE"] == "S"}
    period_start, placement_started, previous = None, None, None
    for row in episodes:
        same_child = previous is not None and previous["CHILD"] == row["CHILD"]
        if not same_child or row["RNE"] == "S":
            period_start = row["_DECOM"]
        if not same_child or row["RNE"] in ("S", "P", "B", "T", "U"):
            placement_started = row["_DECOM"]
        values = {
            "period_start": period_start, "reason_new_episode": row["RNE"], "legal_status": row["LS"],
            "category_of_need": row["CIN"], "placement_type": row["PLACE"],
            "placement_provider": row["PLACE_PROVIDER"], "placement_postcode": row["PL_POST"],
            "home_postcode": row["HOME_POST"], "urn": "" if row["URN"] == "XXXXXXX" else row["URN"],
            "placement_started": placement_started, "end_date": row["_DEC"], "reason_ceased": row["REC"],
            # Casebook keeps the reason a placement changed on the episode that follows it.
            "reason_place_change": previous["REASON_PLACE_CHANGE"] if same_child else ""}
        perm = permanence.get(row["CHILD"])
        if perm and row["RNE"] == "S" and row["_DECOM"] == latest_start[row["CHILD"]]:
            values.update(previous_permanence=perm["PREV_PERM"], previous_permanence_la=perm["LA_PERM"],
                          previous_permanence_date=perm["DATE_PERM"])
        _upsert(CareEpisode, result, {"child": children[row["CHILD"]], "start_date": row["_DECOM"]}, values, user)
        previous = row
    for row in tables.get("Reviews", []):
        _upsert(CareReview, result, {"child": children[row["CHILD"]], "review_date": row["_REVIEW"]},
                {"participation": row["REVIEW_CODE"]}, user)
    for row in tables.get("Missing", []):
        start = timezone.make_aware(datetime.combine(row["_MIS_START"], datetime.min.time()))
        end = (timezone.make_aware(datetime.combine(row["_MIS_END"], datetime.min.time()))
               if row["_MIS_END"] else None)
        _upsert(MissingEpisode, result, {"child": children[row["CHILD"]], "started_at": start},
                {"kind": row["MISSING"], "ended_at": end}, user)
    for row in tables.get("OC2", []):
        _upsert(YearOutcomes, result, {"child": children[row["CHILD"]], "year": year.year}, {
            "convicted": _flag(row["CONVICTED"]), "immunisations": _flag(row["IMMUNISATIONS"]),
            "substance_misuse": _flag(row["SUBSTANCE_MISUSE"]),
            "intervention_received": _flag(row["INTERVENTION_RECEIVED"]),
            "intervention_offered": _flag(row["INTERVENTION_OFFERED"]), "sdq_reason": row["SDQ_REASON"],
            "sdq_score": int(row["SDQ_SCORE"]) if row["SDQ_SCORE"] else None,
            "health_check": _flag(row["HEALTH_CHECK"]), "teeth_check": _flag(row["TEETH_CHECK"]),
            "health_assessment": _flag(row["HEALTH_ASSESSMENT"])}, user)
    for row in tables.get("OC3", []):
        child = children[row["CHILD"]]
        born = child.date_of_birth
        birthday = next((n for n in range(17, 22) if born and _birthday(born, n) in year), None)
        if birthday is None:
            raise ValidationError({"OC3": f"{row['_line']}: CHILD {row['CHILD']} has no 17th to 21st birthday "
                                          f"in the {year.label} year"})
        # The return does not say when the contact was; the birthday itself stands in.
        _upsert(CareLeaverContact, result, {"child": child, "birthday": birthday}, {
            "contact_date": _birthday(born, birthday), "in_touch": row["IN_TOUCH"], "activity": row["ACTIV"],
            "accommodation": row["ACCOM"][:1], "accommodation_suitable": {"1": True, "2": False}.get(row["ACCOM"][1:])},
            user)
    adopted_on = {row["CHILD"]: row["_DEC"] for row in tables["Episodes"] if row["REC"] in ("E11", "E12")}
    adoption = {}
    for row in tables.get("PlacedAdoption", []):
        adoption[row["CHILD"]] = {"decision_date": row["_DATE_PLACED"], "reversed_date": row["_DATE_PLACED_CEASED"],
                                  "reversed_reason": row["REASON_PLACED_CEASED"]}
    for row in tables.get("AD1", []):
        adoption.setdefault(row["CHILD"], {}).update({
            "decision_date": row["_DATE_INT"], "match_date": row["_DATE_MATCH"],
            "foster_carer_adopting": _flag(row["FOSTER_CARE"]),
            "number_of_adopters": int(row["NB_ADOPTR"]) if row["NB_ADOPTR"] else None,
            "adopter_sex": row["SEX_ADOPTR"], "adopter_legal_status": row["LS_ADOPTR"],
            "adoption_order_date": adopted_on[row["CHILD"]]})
    for cid, values in adoption.items():
        _upsert(AdoptionRecord, result, {"child": children[cid]}, values, user)
    for row in tables.get("SWEpisodes", []):
        _upsert(ImportedSocialWorkerEpisode, result, {"child": children[row["CHILD"]], "sw_id": row["SW_ID"],
                                                      "start_date": row["_SW_DECOM"]},
                {"end_date": row["_SW_DEC"], "reason": row["SW_REASON"]}, user)
