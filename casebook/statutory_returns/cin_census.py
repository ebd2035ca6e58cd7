"""The CIN census for a collection year, projected from the episode records.

Source: DfE, Children in need census 2026 to 2027 guide and its validation rules (the XSD element
tree and the rules quoted in DFE-VALIDATORS.md 5). The return is built once as tables, in the shape
the community validator's ingest builds from XML (with its synthetic keys CINdetailsID, AssessmentID
and CPPID), so the XML file and the validator's direct input can never disagree.

What belongs in the year (rules 8620, 8696, 8715, 8740): an episode open on any day of the year;
inside it, modules not finished before 1 April. Closures, authorisations and plan ends after
31 March are left out, as on the census date they had not happened.
"""

from collections import defaultdict
from datetime import date, datetime
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Q

from casebook.assessments.models import Assessment
from casebook.child_protection.models import Conference, CPPlan, Section47
from casebook.children.identifiers import is_valid_upn
from casebook.children.models import Child, ChildDisability
from casebook.children_in_need.models import CINPlan
from casebook.episodes.models import EpisodeOfNeed
from casebook.statutory_returns.years import CollectionYear

SOFTWARE_CODE = "Casebook"
RELEASE = "1"

# The XSD sequence for each block (DFE-VALIDATORS.md 5): order matters to the DfE's schema check.
CHILD_IDENTIFIERS = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                     "Sex", "PersonDeathDate"]
CIN_DETAILS = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
               "DateOfInitialCPC"]
ASSESSMENT = ["AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate"]
S47 = ["S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"]
CPP = ["CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"]
INITIAL_KINDS = ("initial", "pre_birth")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _within(day: date | None, year: CollectionYear) -> date | None:
    """A date on or before the census date, else nothing (it had not happened by 31 March)."""
    return day if day and day <= year.end else None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _upn_unknown(child: Child, episodes: list, year: CollectionYear) -> str | None:
    if child.upn and is_valid_upn(child.upn):
        return None
    if episodes and all(e.referral_nfa for e in episodes):
        return "UN7"  # referral with no further action
    if child.date_of_birth is None or _age(child.date_of_birth, year.end) < 5:
        return "UN1"  # not yet of school age
    return "UN4"  # left a state school in England without a UPN being passed on


def cin_census_tables(*, year: CollectionYear) -> dict[str, list[dict]]:
    """The eleven tables of the CIN census for `year`, as rows of strings (None for absent)."""
    episodes = list(
        EpisodeOfNeed.objects.filter(referral_date__lte=year.end)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=year.start))
        .order_by("child_id", "referral_date", "pk")
        .values("pk", "child_id", "referral_date", "referral_source", "primary_need", "referral_nfa",
                "closure_date", "closure_reason")
    )
    episode_ids = [e["pk"] for e in episodes]
    by_child: dict[int, list] = defaultdict(list)
    for e in episodes:
        by_child[e["child_id"]].append(e)

    def grouped(queryset, *fields):
        out: dict[int, list] = defaultdict(list)
        for row in queryset.values("episode_id", *fields):
            out[row["episode_id"]].append(row)
        return out

    assessments = grouped(
        Assessment.objects.filter(episode_id__in=episode_ids, start_date__lte=year.end)
        .exclude(authorised_on__lt=year.start).order_by("start_date", "pk"),
        "start_date", "authorised_on", "factors")
    cin_plans = grouped(
        CINPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=year.end)
        .exclude(end_date__lt=year.start).order_by("start_date", "pk"),
        "start_date", "end_date")
    s47s = grouped(
        Section47.objects.filter(episode_id__in=episode_ids, start_date__lte=year.end).order_by("start_date", "pk"),
        "pk", "start_date", "icpc_target", "icpc_not_required")
    icpc_by_s47: dict[int, date] = {}
    for row in (Conference.objects.filter(episode_id__in=episode_ids, kind__in=INITIAL_KINDS,
                                          section47__isnull=False, held_on__lte=year.end)
                .order_by("held_on").values("section47_id", "held_on")):
        icpc_by_s47.setdefault(row["section47_id"], row["held_on"])
    plans = grouped(
        CPPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=year.end)
        .exclude(end_date__lt=year.start).order_by("start_date", "pk"),
        "pk", "start_date", "end_date", "initial_category", "latest_category", "previous_plans")
    reviews: dict[int, list] = defaultdict(list)
    for row in (Conference.objects.filter(episode_id__in=episode_ids, kind="review", plan__isnull=False,
                                          held_on__gte=year.start, held_on__lte=year.end)
                .order_by("held_on").values("plan_id", "held_on")):
        reviews[row["plan_id"]].append(row["held_on"])
    disabilities: dict[int, list] = defaultdict(list)
    for child_id, code in (ChildDisability.objects.filter(child_id__in=by_child.keys())
                           .order_by("child_id", "code").values_list("child_id", "code")):
        disabilities[child_id].append(code)
    children = Child.objects.filter(pk__in=by_child.keys()).order_by("casebook_id").only(
        "pk", "casebook_id", "upn", "date_of_birth", "expected_date_of_birth", "date_of_death", "sex", "ethnicity")

    tables: dict[str, list[dict]] = {name: [] for name in (
        "ChildIdentifiers", "ChildCharacteristics", "Disabilities", "CINdetails", "Assessments",
        "AssessmentFactorsList", "CINplanDates", "Section47", "ChildProtectionPlans", "Reviews")}
    tables["Header"] = [{
        "Collection": "CIN", "Year": str(year.year), "ReferenceDate": _iso(year.end), "SourceLevel": "L",
        "LEA": settings.LA_CODE, "SoftwareCode": SOFTWARE_CODE, "Release": RELEASE, "SerialNo": "001",
        "DateTime": datetime.now().replace(microsecond=0).isoformat(),
    }]
    for child in children:
        cid = child.casebook_id
        child_episodes = by_child[child.pk]
        valid_upn = child.upn if child.upn and is_valid_upn(child.upn) else None
        tables["ChildIdentifiers"].append({
            "LAchildID": cid, "UPN": valid_upn, "FormerUPN": None,
            "UPNunknown": _upn_unknown(child, [_Ep(e) for e in child_episodes], year),
            "PersonBirthDate": _iso(child.date_of_birth),
            "ExpectedPersonBirthDate": _iso(child.expected_date_of_birth) if child.date_of_birth is None else None,
            "GenderCurrent": None, "Sex": child.sex or "U", "PersonDeathDate": _iso(_within(child.date_of_death, year)),
        })
        tables["ChildCharacteristics"].append({"LAchildID": cid, "Ethnicity": child.ethnicity})
        codes = disabilities.get(child.pk) or []
        went_further = any(not e["referral_nfa"] for e in child_episodes)
        if not codes and went_further and child.date_of_birth is not None:
            codes = ["NONE"]  # rule 8540: a non-NFA child with a birth date needs a Disabilities block
        for code in codes:
            tables["Disabilities"].append({"LAchildID": cid, "Disability": code})
        for detail_id, e in enumerate(child_episodes, start=1):
            _episode_rows(tables, cid, detail_id, e, year, assessments, cin_plans, s47s, icpc_by_s47, plans, reviews)
    return tables


class _Ep:
    def __init__(self, row):
        self.referral_nfa = row["referral_nfa"]


def _episode_rows(tables, cid, detail_id, e, year, assessments, cin_plans, s47s, icpc_by_s47, plans, reviews):
    key = {"LAchildID": cid, "CINdetailsID": detail_id}
    closure = _within(e["closure_date"], year)
    detail = {**key, "CINreferralDate": _iso(e["referral_date"]), "ReferralSource": e["referral_source"],
              "PrimaryNeedCode": e["primary_need"] or None, "CINclosureDate": _iso(closure),
              "ReasonForClosure": e["closure_reason"] if closure else None, "DateOfInitialCPC": None,
              "ReferralNFA": "1" if e["referral_nfa"] else "0"}
    tables["CINdetails"].append(detail)
    for assessment_id, a in enumerate(assessments.get(e["pk"], []), start=1):
        authorised = _within(a["authorised_on"], year)
        factors = list(a["factors"] or []) if authorised else []
        if authorised and not factors:
            factors = ["21"]  # 21: no factors identified
        tables["Assessments"].append({
            **key, "AssessmentID": assessment_id, "AssessmentActualStartDate": _iso(a["start_date"]),
            "AssessmentInternalReviewDate": None, "AssessmentAuthorisationDate": _iso(authorised),
            "AssessmentFactors": factors or None,
        })
        for factor in factors:
            tables["AssessmentFactorsList"].append({**key, "AssessmentID": assessment_id, "AssessmentFactor": factor})
    for p in cin_plans.get(e["pk"], []):
        tables["CINplanDates"].append({**key, "CINPlanStartDate": _iso(p["start_date"]),
                                       "CINPlanEndDate": _iso(_within(p["end_date"], year))})
    icpc_dates_in_s47 = set()
    for s in s47s.get(e["pk"], []):
        icpc = icpc_by_s47.get(s["pk"])
        if icpc is not None and icpc < year.start:
            continue  # rule 8715: an ICPC before the year belongs to last year's return
        if icpc is None and s["start_date"] < year.start:
            continue  # rule 8740: an enquiry with no ICPC that started before the year
        if icpc:
            icpc_dates_in_s47.add(icpc)
        tables["Section47"].append({
            **key, "S47ActualStartDate": _iso(s["start_date"]), "InitialCPCtarget": _iso(s["icpc_target"]),
            "DateOfInitialCPC": _iso(icpc), "ICPCnotRequired": "1" if s["icpc_not_required"] else "0",
        })
    for cpp_id, p in enumerate(plans.get(e["pk"], []), start=1):
        # Rule 2885: a plan starting in the year starts on its ICPC date. Where no enquiry in the
        # return carries it (for example a plan transferred in), rule 2884 puts it on the episode.
        if p["start_date"] in year and p["start_date"] not in icpc_dates_in_s47 and not detail["DateOfInitialCPC"]:
            detail["DateOfInitialCPC"] = _iso(p["start_date"])
        tables["ChildProtectionPlans"].append({
            **key, "CPPID": cpp_id, "CPPstartDate": _iso(p["start_date"]),
            "CPPendDate": _iso(_within(p["end_date"], year)), "InitialCategoryOfAbuse": p["initial_category"],
            "LatestCategoryOfAbuse": p["latest_category"], "NumberOfPreviousCPP": str(p["previous_plans"]),
        })
        for held_on in reviews.get(p["pk"], []):
            tables["Reviews"].append({**key, "CPPID": cpp_id, "CPPreviewDate": _iso(held_on)})


def _sub(parent, tag, text=None):
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def cin_census_xml(tables: dict[str, list[dict]]) -> bytes:
    """Write the tables as the DfE's XML: schema element order, no namespace, ISO dates, 0/1 flags."""
    message = ET.Element("Message")
    header = tables["Header"][0]
    head = _sub(message, "Header")
    details = _sub(head, "CollectionDetails")
    for tag in ("Collection", "Year", "ReferenceDate"):
        _sub(details, tag, header[tag])
    source = _sub(head, "Source")
    for tag in ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"):
        _sub(source, tag, header[tag])
    children_el = _sub(message, "Children")

    def index(name, *keys):
        out = defaultdict(list)
        for row in tables[name]:
            out[tuple(row[k] for k in keys)].append(row)
        return out

    characteristics = {r["LAchildID"]: r for r in tables["ChildCharacteristics"]}
    disabilities = index("Disabilities", "LAchildID")
    details_by_child = index("CINdetails", "LAchildID")
    assessments = index("Assessments", "LAchildID", "CINdetailsID")
    plan_dates = index("CINplanDates", "LAchildID", "CINdetailsID")
    s47s = index("Section47", "LAchildID", "CINdetailsID")
    cpps = index("ChildProtectionPlans", "LAchildID", "CINdetailsID")
    reviews = index("Reviews", "LAchildID", "CINdetailsID", "CPPID")

    for ident in tables["ChildIdentifiers"]:
        cid = ident["LAchildID"]
        child_el = _sub(children_el, "Child")
        ids = _sub(child_el, "ChildIdentifiers")
        for tag in CHILD_IDENTIFIERS:
            if ident.get(tag) is not None:
                _sub(ids, tag, ident[tag])
        chars = _sub(child_el, "ChildCharacteristics")
        _sub(chars, "Ethnicity", characteristics[cid]["Ethnicity"])
        if disabilities.get((cid,)):
            block = _sub(chars, "Disabilities")
            for row in disabilities[(cid,)]:
                _sub(block, "Disability", row["Disability"])
        for detail in details_by_child[(cid,)]:
            key = (cid, detail["CINdetailsID"])
            det = _sub(child_el, "CINdetails")
            for tag in CIN_DETAILS:
                if detail.get(tag) is not None:
                    _sub(det, tag, detail[tag])
            for a in assessments.get(key, []):
                block = _sub(det, "Assessments")
                for tag in ASSESSMENT:
                    if a.get(tag) is not None:
                        _sub(block, tag, a[tag])
                if a.get("AssessmentFactors"):
                    factors = _sub(block, "FactorsIdentifiedAtAssessment")
                    for factor in a["AssessmentFactors"]:
                        _sub(factors, "AssessmentFactors", factor)
            for p in plan_dates.get(key, []):
                block = _sub(det, "CINPlanDates")
                _sub(block, "CINPlanStartDate", p["CINPlanStartDate"])
                if p.get("CINPlanEndDate"):
                    _sub(block, "CINPlanEndDate", p["CINPlanEndDate"])
            for s in s47s.get(key, []):
                block = _sub(det, "Section47")
                for tag in S47:
                    if s.get(tag) is not None:
                        _sub(block, tag, s[tag])
            _sub(det, "ReferralNFA", detail["ReferralNFA"])
            for p in cpps.get(key, []):
                block = _sub(det, "ChildProtectionPlans")
                for tag in CPP:
                    if p.get(tag) is not None:
                        _sub(block, tag, p[tag])
                dates = reviews.get((cid, detail["CINdetailsID"], p["CPPID"]), [])
                if dates:
                    rev = _sub(block, "Reviews")
                    for r in dates:
                        _sub(rev, "CPPreviewDate", r["CPPreviewDate"])
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


def export_cin_census(*, year: CollectionYear) -> bytes:
    """The CIN census XML for `year` (DfE CIN census guide 2026-27)."""
    return cin_census_xml(cin_census_tables(year=year))
