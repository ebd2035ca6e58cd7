"""Import a council's previous CIN census and SSDA903 returns (for a move to Casebook).

Source: the DfE CIN census XSD and the SSDA903 table layout (DFE-VALIDATORS.md 5 and 6). A file is
checked in full first (schema, year, LA code, code lists, duplicate children, dates in order); any
problem rejects the whole file with a list naming the element or line, and nothing is written.
Records are matched on their natural keys (child ID; referral, start or review dates), so a second
import of the same file changes nothing.
"""

import csv
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
from casebook.looked_after.models import CareEpisode, CareReview, MissingEpisode
from casebook.statutory_returns.cin_structure import _where, check_cin_structure, parse_with_lines
from casebook.statutory_returns.ssda903 import COLUMNS
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

IMPORTED_903 = ("Header", "Episodes", "Reviews", "Missing")
CODE_COLUMNS = {
    ("Episodes", "RNE"): lac_codes.ReasonNewEpisode, ("Episodes", "LS"): lac_codes.LegalStatus,
    ("Episodes", "CIN"): lac_codes.CategoryOfNeed, ("Episodes", "PLACE"): lac_codes.PlacementType,
    ("Episodes", "PLACE_PROVIDER"): lac_codes.PlacementProvider, ("Episodes", "REC"): lac_codes.ReasonEpisodeCeased,
    ("Episodes", "REASON_PLACE_CHANGE"): lac_codes.ReasonPlaceChange,
    ("Reviews", "REVIEW_CODE"): lac_codes.ReviewParticipation, ("Missing", "MISSING"): lac_codes.MissingType,
}
SEXES = {"M", "F", "U"}


def _dmy(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


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


def _903_checks(tables, year: CollectionYear | None) -> list[str]:
    problems = []
    seen = {}
    for row in tables.get("Header", []):
        if row["CHILD"] in seen:
            problems.append(f"{row['_line']}: CHILD {row['CHILD']} is a duplicate of {seen[row['CHILD']]}")
        seen.setdefault(row["CHILD"], row["_line"])
        if row["SEX"] not in SEXES:
            problems.append(f"{row['_line']}: SEX {row['SEX']!r} is not M, F or U (the 2024-25 onwards format)")
    for (table, column), choices in CODE_COLUMNS.items():
        for row in tables.get(table, []):
            if row.get(column) and row[column] not in choices.values:
                problems.append(f"{row['_line']}: {column} {row[column]!r} is not on the DfE list")
    dated = {"Header": ["DOB"], "Episodes": ["DECOM", "DEC"], "Reviews": ["REVIEW"], "Missing": ["MIS_START", "MIS_END"]}
    for table, columns in dated.items():
        for row in tables.get(table, []):
            for column in columns:
                try:
                    row[f"_{column}"] = _dmy(row[column])
                except ValueError:
                    problems.append(f"{row['_line']}: {column} {row[column]!r} is not a date like 31/03/2027")
                    row[f"_{column}"] = None
    for table, first, then in (("Episodes", "DECOM", "DEC"), ("Missing", "MIS_START", "MIS_END")):
        for row in tables.get(table, []):
            if row.get(f"_{first}") and row.get(f"_{then}") and row[f"_{then}"] < row[f"_{first}"]:
                problems.append(f"{row['_line']}: {then} {row[then]} is before {first} {row[first]}")
    for table in ("Episodes", "Reviews", "Missing"):
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
    return problems


@transaction.atomic
def import_ssda903(*, directory: Path, acting_user=None, year: CollectionYear | None = None) -> ImportResult:
    """Create or update looked-after children and their episodes, reviews and missing episodes from
    SSDA903 CSVs (DfE children looked after return guide). The other tables are reported as skipped."""
    tables, problems = _read_903(Path(directory))
    if not problems:
        problems = _903_checks(tables, year)
    if problems:
        raise ImportRejected(problems)
    result = ImportResult(skipped_tables=sorted(n for n, rows in tables.items() if n not in IMPORTED_903 and rows))
    children = {}
    try:
        for row in tables["Header"]:
            values = {"sex": row["SEX"], "date_of_birth": row["_DOB"], "ethnicity": row["ETHNIC"],
                      "upn": row["UPN"] if len(row["UPN"]) == 13 else ""}
            if not Child.objects.filter(casebook_id=row["CHILD"]).exists():
                values.update(first_names=NOT_RECORDED, last_name=NOT_RECORDED)
            children[row["CHILD"]] = _upsert(Child, result, {"casebook_id": row["CHILD"]}, values, acting_user)
        episodes = sorted(tables["Episodes"], key=lambda r: (r["CHILD"], r["_DECOM"]))
        period_start, placement_started, previous = None, None, None
        for row in episodes:
            same_child = previous is not None and previous["CHILD"] == row["CHILD"]
            if not same_child or row["RNE"] == "S":
                period_start = row["_DECOM"]
            if not same_child or row["RNE"] in ("S", "P", "B", "T", "U"):
                placement_started = row["_DECOM"]
            _upsert(CareEpisode, result, {"child": children[row["CHILD"]], "start_date": row["_DECOM"]}, {
                "period_start": period_start, "reason_new_episode": row["RNE"], "legal_status": row["LS"],
                "category_of_need": row["CIN"], "placement_type": row["PLACE"],
                "placement_provider": row["PLACE_PROVIDER"], "placement_postcode": row["PL_POST"],
                "home_postcode": row["HOME_POST"], "urn": "" if row["URN"] == "XXXXXXX" else row["URN"],
                "placement_started": placement_started, "end_date": row["_DEC"], "reason_ceased": row["REC"],
                # Casebook keeps the reason a placement changed on the episode that follows it.
                "reason_place_change": previous["REASON_PLACE_CHANGE"] if same_child else ""}, acting_user)
            previous = row
        for row in tables.get("Reviews", []):
            _upsert(CareReview, result, {"child": children[row["CHILD"]], "review_date": row["_REVIEW"]},
                    {"participation": row["REVIEW_CODE"]}, acting_user)
        for row in tables.get("Missing", []):
            start = timezone.make_aware(datetime.combine(row["_MIS_START"], datetime.min.time()))
            end = (timezone.make_aware(datetime.combine(row["_MIS_END"], datetime.min.time()))
                   if row["_MIS_END"] else None)
            _upsert(MissingEpisode, result, {"child": children[row["CHILD"]], "started_at": start},
                    {"kind": row["MISSING"], "ended_at": end}, acting_user)
    except ValidationError as error:
        raise ImportRejected([f"{k}: {'; '.join(v)}" for k, v in getattr(error, "message_dict", {"record": error.messages}).items()]) from error
    return result
