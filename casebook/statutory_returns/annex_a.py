"""Ofsted ILACS Annex A: the child-level lists inspectors ask for, as at a date.

Headings and their order are those of Ofsted's Annex A template (2023 onwards) as read by the
LIIA tools, SocialFinanceDigitalLabs/liia-tools `liiatools/annex_a_pipeline/spec/Annex_A_schema.yml`
(cross-checked with data-to-insight/ssd-data-model `admin/tools-ssd_dfe_returns/AnnexA_sqlserver_*.sql`).
Coded cells use the template's own values ("a) Male", "a) WBRI", "a) Yes", "e) 2A: Schools") where
the list is short; long DfE code lists (legal status, placement type, reason ceased...) carry the DfE
code, which the template's readers accept. A column Casebook does not record is left blank; the
blank columns are listed in docs/returns.md.

Look-back: six months for lists 1 to 9, twelve months for adoption (lists 10 and 11).
"""

from collections import Counter, defaultdict
from datetime import date
from io import BytesIO

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from casebook.assessments.models import Assessment
from casebook.child_protection.models import Conference, CPPlan, CPVisit, Section47
from casebook.children.models import Child, ChildDisability
from casebook.children_in_need.models import CINPlan
from casebook.episodes.models import EpisodeOfNeed, Referral
from casebook.front_door.models import ContactChild, Outcome
from casebook.looked_after.models import (
    Adopter,
    AdoptionRecord,
    CareEpisode,
    CareLeaver,
    CareLeaverContact,
    CarePlan,
    CareReview,
    CareVisit,
    HealthCheck,
    MissingEpisode,
    PathwayPlanReview,
    UASCStatus,
)
from casebook.visits.models import Visit

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ["Allocated Team", "Allocated Worker"]
LISTS = {
    "List 1": ("Contacts", [*COMMON, "Date of Contact", "Contact Source"]),
    "List 2": ("Early help", [*COMMON, "Assessment start date", "Assessment completion date",
                              "Organisation completing assessment"]),
    "List 3": ("Referrals", [*COMMON, "Date of referral", "Referral Source", "Referral NFA?",
                             "Number of Referrals in Last 12 Months", *ALLOCATED]),
    "List 4": ("Assessments", [*COMMON, DISABILITY, "Continuous Assessment Start Date",
                               "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
                               "Was the child assessed as requiring LA children's social care support?", *ALLOCATED]),
    "List 5": ("Section 47 enquiries and ICPCs", [
        *COMMON, DISABILITY, "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months", *ALLOCATED]),
    "List 6": ("Children in need", [*COMMON, DISABILITY, "CIN Start Date", "Primary Need Code",
                                    "Date Child Was Last Seen", "CIN Closure Date", "Reason for Closure", "Case Status",
                                    *ALLOCATED]),
    "List 7": ("Child protection", [
        *COMMON, DISABILITY, "Child Protection Plan Start Date", "Initial Category of Abuse",
        "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
        "Date of latest review conference", "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans", *ALLOCATED]),
    "List 8": ("Children in care", [
        *COMMON, "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)", DISABILITY,
        "Date Started to be Looked After", "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
        "Date of Last Social Work Visit", "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
        "Date of Last Dental Check", "Number of Placements in the Last 12 months", "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After", "Start Date of Most Recent Placement", "Placement Type",
        "Placement Provider", "Placement postcode", "URN of Placement", "Placement Location", "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?", *ALLOCATED]),
    "List 9": ("Care leavers", [
        *COMMON, "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)", DISABILITY,
        *ALLOCATED, "Allocated Personal Advisor", "Eligibility Category", "Latest Pathway Plan Review Date",
        "LA in Touch", "Latest Date of Contact", "Type of Accommodation", "Suitability of Accommodation",
        "Activity Status"]),
    "List 10": ("Adoption", [
        "Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
        DISABILITY, "Date the Child Entered Care", "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order", "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption",
        "Date of Adoption Order", "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement"]),
    "List 11": ("Adopters", [
        "Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
        "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started",
        "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
        "Date application approved", "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)", "No. of children placed", "Date of Adoption Order",
        "Date of leaving adoption process", "Reason for leaving adoption process"]),
}

# Columns Casebook has no record for: written blank (docs/returns.md says why).
NOT_RECORDED = {
    "List 2": ["Assessment completion date", "Organisation completing assessment"],
    "List 8": ["Date of Last IRO Visit / Contact to the Child", "Placement Location", "LA of Placement"],
    "List 10": ["Family identifier"],
}

# The template's coded values (same source as the headings).
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNICITY = {code: f"{letter}) {code}" for letter, code in zip(
    "abcdefghijklmnopqrst", ["WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
                             "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"])}
SOURCE = {"1A": "a) 1A: Individual", "1B": "b) 1B: Individual", "1C": "c) 1C: Individual", "1D": "d) 1D: Individual",
          "2A": "e) 2A: Schools", "2B": "f) 2B: Education services", "3A": "g) 3A: Health services",
          "3B": "h) 3B: Health services", "3C": "i) 3C: Health services", "3D": "j) 3D: Health services",
          "3E": "k) 3E: Health services", "3F": "l) 3F: Health services", "4": "m) 4: Housing",
          "5A": "n) 5A: LA services", "5B": "o) 5B: LA services", "5C": "p) 5C: LA services",
          "5D": "p1) 5D: LA services", "6": "q) 6: Police", "7": "r) 7: Other legal agency", "8": "s) 8: Other",
          "9": "t) 9: Anonymous", "10": "u) 10: Unknown"}
ABUSE = {"NEG": "a) Neglect", "PHY": "b) Physical abuse", "SAB": "c) Sexual abuse", "EMO": "d) Emotional abuse",
         "MUL": "e) Multiple/not recommended"}
CASE_STATUS = {"care": "a) Looked after child", "cp": "b) Child Protection plan", "cin": "c) Child in need plan",
               "assessment": "d) Open assessment", "closed": "e) Closed episode"}
ELIGIBILITY = {"relevant": "a) Relevant child", "former_relevant": "b) Former relevant child",
               "qualifying": "c) Qualifying care leaver", "eligible": "d) Eligible child"}
IN_TOUCH = {"YES": "a) Yes", "NO": "b) No", "DIED": "c) Died", "REFU": "d) Refu", "NREQ": "e) NREQ", "RHOM": "f) Rhom"}
FFA_PLACEMENTS = frozenset({"U2", "U5"})  # foster placements for adoption (FFA), 903 PLACE codes
EPO_OR_POLICE = frozenset({"L1", "L2"})  # police protection, emergency protection order (903 LS)


def _age(born, on):
    if born is None:
        return ""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _yes_no(value):
    return "" if value is None else ("a) Yes" if value else "b) No")


def _rows(queryset, *fields) -> list:
    """Only the columns a list needs, as named tuples: at 60,000 children the lists read about
    100,000 rows, and building a model object for each was most of the time."""
    return list(queryset.values_list(*fields, named=True))


class _Children:
    """The children the lists mention, fetched once, and their common columns."""

    def __init__(self, as_at):
        self.as_at = as_at
        self.by_id: dict[int, tuple] = {}
        self.disabled: set[int] = set()

    def need(self, ids):
        missing = set(ids) - self.by_id.keys()
        if missing:
            for c in _rows(Child.objects.filter(pk__in=missing), "pk", "casebook_id", "sex", "ethnicity",
                           "date_of_birth", "allocated_team__name", "allocated_worker",
                           "allocated_worker__first_name", "allocated_worker__last_name"):
                self.by_id[c.pk] = c
            self.disabled.update(ChildDisability.objects.filter(child_id__in=missing).exclude(code="NONE")
                                 .values_list("child_id", flat=True))

    def common(self, child_id):
        c = self.by_id[child_id]
        return [c.casebook_id, GENDER.get(c.sex, ""), ETHNICITY.get(c.ethnicity, ""), c.date_of_birth,
                _age(c.date_of_birth, self.as_at)]

    def disability(self, child_id):
        return "a) Yes" if child_id in self.disabled else "b) No"

    def allocated(self, child_id):
        c = self.by_id[child_id]
        # As User.full_name; no team or worker gives a blank.
        return [c.allocated_team__name or "",
                f"{c.allocated_worker__first_name} {c.allocated_worker__last_name}".strip()
                if c.allocated_worker else ""]


def annex_a_lists(*, as_at: date) -> dict[str, list[list]]:
    """The rows of lists 1 to 11 as at `as_at` (ILACS Annex A), in the columns of LISTS."""
    six = as_at - relativedelta(months=6)
    twelve = as_at - relativedelta(months=12)
    rows: dict[str, list[list]] = {name: [] for name in LISTS}
    kids = _Children(as_at)
    common, allocated, disability = kids.common, kids.allocated, kids.disability

    links = _rows(ContactChild.objects.filter(contact__received_at__date__range=(six, as_at))
                  .order_by("contact__received_at", "pk"), "child_id", "contact__received_at", "contact__source")
    early_help = _early_help(six, as_at)
    referrals = _rows(Referral.objects.filter(referral_date__range=(twelve, as_at)).order_by("referral_date", "pk"),
                      "child_id", "referral_date", "source", "nfa")
    assessments = _rows(Assessment.objects.filter(start_date__lte=as_at)
                        .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gte=six)).order_by("start_date", "pk"),
                        "child_id", "start_date", "authorised_on", "outcome", "child_seen_on")
    s47s = _rows(Section47.objects.filter(start_date__range=(twelve, as_at)).order_by("start_date", "pk"),
                 "pk", "child_id", "start_date", "concluded_on", "icpc_not_required", "strategy_discussion__held_on")
    icpcs = list(Conference.objects.filter(kind__in=("initial", "pre_birth"), held_on__range=(twelve, as_at))
                 .values("section47_id", "child_id", "held_on", "plan_decided"))
    episodes = _rows(EpisodeOfNeed.objects.filter(referral_date__lte=as_at, referral_nfa=False)
                     .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=six)).order_by("referral_date", "pk"),
                     "child_id", "referral_date", "primary_need", "closure_date", "closure_reason")
    plans = _rows(CPPlan.objects.filter(start_date__lte=as_at).filter(Q(end_date__isnull=True) | Q(end_date__gte=six))
                  .order_by("start_date", "pk"), "pk", "child_id", "start_date", "end_date", "initial_category",
                  "latest_category", "previous_plans")
    care = _rows(CareEpisode.objects.filter(start_date__lte=as_at).order_by("child_id", "start_date", "pk"),
                 "child_id", "period_start", "start_date", "end_date", "legal_status", "category_of_need",
                 "reason_ceased", "placement_started", "placement_type", "placement_provider", "placement_postcode",
                 "urn")
    leavers = list(CareLeaver.objects.select_related("personal_adviser").order_by("pk"))
    adoptions = list(AdoptionRecord.objects.filter(Q(adoption_order_date__range=(twelve, as_at))
                                                   | Q(decision_date__lte=as_at, adoption_order_date__isnull=True)
                                                   | Q(reversed_date__range=(twelve, as_at))).order_by("pk"))
    kids.need({x.child_id for x in [*links, *referrals, *assessments, *s47s, *episodes, *plans, *care, *leavers,
                                    *adoptions]} | {child_id for child_id, _ in early_help})

    for link in links:
        rows["List 1"].append([*common(link.child_id), link.contact__received_at.date(),
                               SOURCE.get(link.contact__source, "")])

    for child_id, day in early_help:
        rows["List 2"].append([*common(child_id), day, None, ""])

    referral_count = Counter(r.child_id for r in referrals)
    for r in referrals:
        if r.referral_date >= six:
            rows["List 3"].append([*common(r.child_id), r.referral_date, SOURCE.get(r.source, ""), _yes_no(r.nfa),
                                   referral_count[r.child_id], *allocated(r.child_id)])

    for a in assessments:
        authorised = a.authorised_on if a.authorised_on and a.authorised_on <= as_at else None
        requires = {"": "", "nfa": "b) No", "early_help": "b) No"}.get(a.outcome, "a) Yes") if authorised else ""
        seen = a.child_seen_on is not None and a.child_seen_on <= as_at
        rows["List 4"].append([*common(a.child_id), disability(a.child_id), a.start_date, _yes_no(seen), authorised,
                               requires, *allocated(a.child_id)])

    icpc_by_s47 = {c["section47_id"]: c for c in icpcs if c["section47_id"]}
    s47_count = Counter(s.child_id for s in s47s)
    icpc_count = Counter(c["child_id"] for c in icpcs)
    for s in s47s:
        if s.start_date < six and s.concluded_on and s.concluded_on < six:
            continue
        icpc = icpc_by_s47.get(s.pk)
        rows["List 5"].append([*common(s.child_id), disability(s.child_id), s.strategy_discussion__held_on,
                               _yes_no(s.icpc_not_required), icpc["held_on"] if icpc else None,
                               _yes_no(icpc["plan_decided"]) if icpc else "", s47_count[s.child_id],
                               icpc_count[s.child_id], *allocated(s.child_id)])

    status = _open_status(as_at, {e.child_id for e in episodes}, care, plans, assessments)
    last_seen = dict(Visit.objects.filter(child_id__in={e.child_id for e in episodes}, seen=True,
                                          visited_on__lte=as_at).order_by("visited_on")
                     .values_list("child_id", "visited_on"))
    for e in episodes:
        closed = e.closure_date if e.closure_date and e.closure_date <= as_at else None
        rows["List 6"].append([*common(e.child_id), disability(e.child_id), e.referral_date, e.primary_need,
                               last_seen.get(e.child_id), closed, e.closure_reason if closed else "",
                               CASE_STATUS["closed"] if closed else CASE_STATUS.get(status.get(e.child_id), ""),
                               *allocated(e.child_id)])

    plan_ids = [p.pk for p in plans]
    last_visit: dict[int, tuple] = {}
    for v in _rows(CPVisit.objects.filter(plan_id__in=plan_ids, visited_on__lte=as_at).order_by("visited_on", "pk"),
                   "plan_id", "visited_on", "seen_alone"):
        last_visit[v.plan_id] = v
    last_review: dict[int, date] = {}
    for pid, held in (Conference.objects.filter(plan_id__in=plan_ids, kind="review", held_on__lte=as_at)
                      .order_by("held_on").values_list("plan_id", "held_on")):
        last_review[pid] = held
    protected = {e.child_id for e in care if e.legal_status in EPO_OR_POLICE
                 and (e.end_date is None or e.end_date >= six)}
    for p in plans:
        visit = last_visit.get(p.pk)
        rows["List 7"].append([*common(p.child_id), disability(p.child_id), p.start_date,
                               ABUSE.get(p.initial_category, ""), ABUSE.get(p.latest_category, ""),
                               visit.visited_on if visit else None,
                               _yes_no(visit.seen_alone) if visit else "", last_review.get(p.pk),
                               p.end_date if p.end_date and p.end_date <= as_at else None,
                               _yes_no(p.child_id in protected), p.previous_plans, *allocated(p.child_id)])

    _children_in_care(rows["List 8"], care, six, twelve, as_at, kids)
    _care_leavers(rows["List 9"], leavers, as_at, kids)
    for a in adoptions:
        rows["List 10"].append([*_adoption_row(a, care, as_at, kids)])
    rows["List 11"] = _adopters(twelve, as_at)
    return rows


def _adopters(twelve, as_at) -> list[list]:
    """Adopters in contact with the agency in the twelve months: enquired by the date, and not
    gone (adoption order or leaving the process) before the twelve months began. Dates after
    `as_at` had not happened yet and are left blank."""
    def by(day):
        return day if day and day <= as_at else None

    out = []
    for a in (Adopter.objects.filter(enquiry_date__lte=as_at)
              .exclude(adoption_order_date__lt=twelve).exclude(left_date__lt=twelve).order_by("enquiry_date", "pk")):
        placed = by(a.placed_date)
        left = by(a.left_date)
        out.append([a.reference, a.household, GENDER.get(a.sex, ""), ETHNICITY.get(a.ethnicity, ""),
                    _yes_no(a.disability), _yes_no(a.fostering_for_adoption), a.enquiry_date, by(a.stage1_start),
                    by(a.stage1_end), by(a.stage2_start), by(a.stage2_end), by(a.application_date),
                    by(a.approval_date), by(a.matched_date), placed, a.children_placed if placed else None,
                    by(a.adoption_order_date), left,
                    f"{a.left_reason} - {a.get_left_reason_display()}" if left and a.left_reason else ""])
    return out


def _early_help(six, as_at) -> list[tuple[int, date]]:
    """(child, date) for each step to early help in the six months: a front door decision of early
    help, or an assessment concluded with a step down to early help. Casebook records the step, not
    the early help assessment (that is the early help service's record)."""
    found = set()
    for child_id, decided in (ContactChild.objects.filter(contact__outcome=Outcome.EARLY_HELP,
                                                          contact__decided_at__isnull=False)
                              .values_list("child_id", "contact__decided_at")):
        day = decided.date()
        if six <= day <= as_at:
            found.add((child_id, day))
    found.update(Assessment.objects.filter(outcome="early_help", authorised_on__range=(six, as_at))
                 .values_list("child_id", "authorised_on"))
    return sorted(found, key=lambda item: (item[1], item[0]))


def _open_status(as_at, child_ids, care, plans, assessments) -> dict[int, str]:
    """Each child's case status as at the date, the most intensive first (template list 6)."""
    status = {}
    for a in assessments:
        if a.child_id in child_ids and (a.authorised_on is None or a.authorised_on > as_at):
            status[a.child_id] = "assessment"
    for child_id in (CINPlan.objects.filter(child_id__in=child_ids, start_date__lte=as_at)
                     .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_at)).values_list("child_id", flat=True)):
        status[child_id] = "cin"
    for p in plans:
        if p.child_id in child_ids and (p.end_date is None or p.end_date > as_at):
            status[p.child_id] = "cp"
    for e in care:
        if e.child_id in child_ids and (e.end_date is None or e.end_date > as_at):
            status[e.child_id] = "care"
    return status


def _adoption_row(a, care, as_at, kids):
    eps = [e for e in care if e.child_id == a.child_id]
    ffa = [e.placement_started for e in eps if e.placement_type in FFA_PLACEMENTS]
    c = kids.common(a.child_id)
    return [c[0], "", *c[1:], kids.disability(a.child_id), min((e.period_start for e in eps), default=None),
            a.decision_date, a.placement_order_date, a.match_date, a.placed_date, a.adoption_order_date,
            a.reversed_date, a.reversed_reason, min(ffa, default=None)]


def _children_in_care(out, care, six, twelve, as_at, kids):
    by_child = defaultdict(list)
    for e in care:
        by_child[e.child_id].append(e)
    ids = list(by_child)
    latest = {}
    for model, field, key in ((CareReview, "review_date", "review"), (CareVisit, "visit_date", "visit")):
        for child_id, day in model.objects.filter(child_id__in=ids, **{f"{field}__lte": as_at}).order_by(
                field).values_list("child_id", field):
            latest[(key, child_id)] = day
    for child_id, kind, day in (HealthCheck.objects.filter(child_id__in=ids, check_date__lte=as_at)
                                .order_by("check_date").values_list("child_id", "kind", "check_date")):
        if kind != "sdq":  # the strengths and difficulties questionnaire is not a health assessment
            latest[("dental" if kind == "dental" else "health", child_id)] = day
    permanence = dict(CarePlan.objects.filter(child_id__in=ids, agreed_on__lte=as_at).order_by("agreed_on")
                      .values_list("child_id", "permanence_plan"))
    uasc = dict(UASCStatus.objects.filter(child_id__in=ids).values_list("child_id", "ceased_on"))
    missing = Counter()
    last_missing = {}
    for m in _rows(MissingEpisode.objects.filter(child_id__in=ids, started_at__date__range=(twelve, as_at))
                   .order_by("started_at", "pk"), "child_id", "kind", "rhi_offered_at", "rhi_response"):
        missing[(m.child_id, m.kind)] += 1
        if m.kind == "M":
            last_missing[m.child_id] = m
    for child_id, eps in by_child.items():
        last = eps[-1]
        ceased = last.end_date if last.end_date and last.end_date <= as_at else None
        if ceased and ceased < six:
            continue
        period = [e for e in eps if e.period_start == last.period_start]
        earlier_period = any(e.period_start < last.period_start and e.end_date and e.end_date >= twelve for e in eps)
        status_start = last.start_date
        for e in reversed(period):
            if e.legal_status != last.legal_status:
                break
            status_start = e.start_date
        placements = len({e.placement_started for e in eps if e.placement_started >= twelve or e is last})
        m = last_missing.get(child_id)
        offered = _yes_no(m.rhi_offered_at is not None and m.rhi_offered_at.date() <= as_at) if m else ""
        accepted = {"accepted": "a) Yes", "declined": "b) No"}.get(m.rhi_response, "") if m else ""
        was_uasc = child_id in uasc and (uasc[child_id] is None or uasc[child_id] >= twelve)
        out.append([*kids.common(child_id), _yes_no(was_uasc), kids.disability(child_id), last.period_start,
                    last.category_of_need,
                    _yes_no(earlier_period), status_start, last.legal_status,
                    latest.get(("review", child_id)), latest.get(("visit", child_id)), permanence.get(child_id, ""),
                    None, latest.get(("health", child_id)), latest.get(("dental", child_id)), placements, ceased,
                    last.reason_ceased if ceased else "", last.placement_started, last.placement_type,
                    last.placement_provider, last.placement_postcode, last.urn, "", "", missing[(child_id, "M")],
                    missing[(child_id, "A")], offered, accepted, *kids.allocated(child_id)])


def _care_leavers(out, leavers, as_at, kids):
    ids = [x.child_id for x in leavers]
    latest = {}
    for contact in CareLeaverContact.objects.filter(child_id__in=ids, contact_date__lte=as_at).order_by(
            "contact_date", "pk"):
        latest[contact.child_id] = contact
    uasc = set(UASCStatus.objects.filter(child_id__in=ids).values_list("child_id", flat=True))
    reviews = dict(PathwayPlanReview.objects.filter(child_id__in=ids, review_date__lte=as_at).order_by("review_date")
                   .values_list("child_id", "review_date"))
    for leaver in leavers:
        c = latest.get(leaver.child_id)
        suitable = "" if c is None or c.accommodation_suitable is None else (
            "a) Suitable" if c.accommodation_suitable else "b) Unsuitable")
        plan = reviews.get(leaver.child_id) or (leaver.pathway_plan_on if leaver.pathway_plan_on
                                                and leaver.pathway_plan_on <= as_at else None)
        out.append([*kids.common(leaver.child_id), _yes_no(leaver.child_id in uasc),
                    kids.disability(leaver.child_id),
                    *kids.allocated(leaver.child_id), leaver.adviser, ELIGIBILITY.get(leaver.category, ""), plan,
                    IN_TOUCH.get(c.in_touch, "") if c else "", c.contact_date if c else None,
                    f"{c.accommodation}: {c.get_accommodation_display()}" if c and c.accommodation else "",
                    suitable, f"{c.activity}: {c.get_activity_display()}" if c and c.activity else ""])


def _date_cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "DD/MM/YYYY"
    return cell


def annex_a_workbook(*, as_at: date) -> bytes:
    """The Annex A workbook: one sheet per list, the template's headings in bold, dates as dates
    (DD/MM/YYYY). Written row by row (openpyxl's write-only mode): at 60,000 children that is
    about 30% less time than building every cell in memory, with the same cells."""
    lists = annex_a_lists(as_at=as_at)
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (title, columns) in LISTS.items():
        sheet = book.create_sheet(f"{name} {title}"[:31])
        headings = [WriteOnlyCell(sheet, value=heading) for heading in columns]
        for heading in headings:
            heading.font = bold
        sheet.append(headings)
        for row in lists[name]:
            sheet.append([_date_cell(sheet, value) if isinstance(value, date) else value for value in row])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
