"""Ofsted ILACS Annex A: the child-level lists inspectors ask for, as at a date.

Source: Ofsted, Inspecting local authority children's services (ILACS), Annex A data template;
column headings follow the template as normalised by the LIIA tools (DOMAIN.md 2.3). Six-month
look-back for lists 1 to 9, twelve months for adoption (lists 10 and 11). Lists Casebook holds no
data for (2 early help, 11 adopters) are written with their headings only, so the workbook always
has all eleven sheets.
"""

from collections import Counter, defaultdict
from datetime import date
from io import BytesIO

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from openpyxl import Workbook
from openpyxl.styles import Font

from casebook.assessments.models import Assessment
from casebook.child_protection.models import Conference, CPPlan, CPVisit, Section47
from casebook.children.models import Child, ChildDisability
from casebook.episodes.models import EpisodeOfNeed, Referral
from casebook.front_door.models import ContactChild
from casebook.looked_after.models import (
    AdoptionRecord,
    CareEpisode,
    CareLeaver,
    CareLeaverContact,
    CarePlan,
    CareReview,
    CareVisit,
    HealthCheck,
    MissingEpisode,
)

COMMON = ["Child unique ID", "Gender", "Ethnicity", "Date of birth", "Age of child (years)"]
WITH_DISABILITY = [*COMMON, "Does the child have a disability"]
ALLOCATED = ["Allocated team", "Allocated worker"]
LISTS = {
    "List 1": ("Contacts", [*COMMON, "Date of contact", "Contact source"]),
    "List 2": ("Early help", [*COMMON, "Assessment start date", "Assessment completion date",
                              "Organisation completing assessment"]),
    "List 3": ("Referrals", [*COMMON, "Date of referral", "Referral source", "Referral NFA",
                             "Number of referrals in last 12 months", *ALLOCATED]),
    "List 4": ("Assessments", [*WITH_DISABILITY, "Continuous assessment start date", "Child seen during assessment",
                               "Continuous assessment date of authorisation",
                               "Was the child assessed as requiring LA children's social care support", *ALLOCATED]),
    "List 5": ("Section 47 enquiries and ICPCs", [
        *WITH_DISABILITY, "Strategy discussion initiating Section 47 enquiry start date",
        "Was an ICPC deemed unnecessary", "Date of ICPC", "Did the ICPC result in a child protection plan",
        "Number of Section 47 enquiries in the last 12 months", "Number of ICPCs in the last 12 months", *ALLOCATED]),
    "List 6": ("Children in need", [*WITH_DISABILITY, "CIN start date", "Primary need code",
                                    "Date child was last seen", "CIN closure date", "Reason for closure",
                                    "Case status", *ALLOCATED]),
    "List 7": ("Child protection", [*WITH_DISABILITY, "Child protection plan start date",
                                    "Initial category of abuse", "Latest category of abuse",
                                    "Date of the last statutory visit", "Was the child seen alone",
                                    "Date of latest review conference", "Child protection plan end date",
                                    "Number of previous child protection plans", *ALLOCATED]),
    "List 8": ("Children in care", [*WITH_DISABILITY, "Date the child started to be looked after",
                                    "Child's category of need", "Legal status", "Date of latest statutory review",
                                    "Date of last social worker visit", "Permanence plan",
                                    "Date of last health assessment", "Date of last dental check",
                                    "Number of placements in the last 12 months", "Date ceased to be looked after",
                                    "Reason ceased to be looked after", "Date latest placement started",
                                    "Placement type", "Placement provider", "Placement postcode", "Placement URN",
                                    "Number of missing episodes in the last 12 months",
                                    "Number of absences in the last 12 months", *ALLOCATED]),
    "List 9": ("Care leavers", [*COMMON, "Eligibility category", "LA in touch", "Latest date of contact",
                                "Type of accommodation", "Suitability of accommodation", "Activity status",
                                "Latest pathway plan date", "Personal adviser", "UASC", *ALLOCATED]),
    "List 10": ("Adoption", [*COMMON, "Date the child entered care", ("Date of decision that the child should be placed "
                              "for adoption"), "Date of placement order", "Date of matching", "Date placed for adoption",
                             "Date of adoption order", ("Date of decision that the child should no longer be placed "
                              "for adoption"), "Reason no longer to be placed for adoption"]),
    "List 11": ("Adopters", ["Individual adopter identifier", "Adopter gender", "Adopter ethnicity",
                             "Date of initial enquiry", "Stage 1 started", "Stage 1 ended", "Stage 2 started",
                             "Stage 2 ended", "Date of application", "Date of approval", "Date matched",
                             "Date placed", "Number of children placed", "Date of adoption order",
                             "Date left the process", "Reason left the process"]),
}


def _age(born, on):
    if born is None:
        return ""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _yes_no(value):
    return "" if value is None else ("Yes" if value else "No")


def annex_a_lists(*, as_at: date) -> dict[str, list[list]]:
    """The rows of lists 1 to 11 as at `as_at` (ILACS Annex A)."""
    six = as_at - relativedelta(months=6)
    twelve = as_at - relativedelta(months=12)
    rows: dict[str, list[list]] = {name: [] for name in LISTS}
    children: dict[int, Child] = {}
    disabled = set()

    def need(ids):
        missing = set(ids) - children.keys()
        if missing:
            for c in Child.objects.filter(pk__in=missing).select_related("allocated_team", "allocated_worker"):
                children[c.pk] = c
            disabled.update(ChildDisability.objects.filter(child_id__in=missing).exclude(code="NONE")
                            .values_list("child_id", flat=True))

    def common(child_id, disability=False):
        c = children[child_id]
        out = [c.casebook_id, c.get_sex_display(), c.ethnicity, c.date_of_birth, _age(c.date_of_birth, as_at)]
        return [*out, "Yes" if child_id in disabled else "No"] if disability else out

    def allocated(child_id):
        c = children[child_id]
        return [c.allocated_team.name if c.allocated_team else "",
                c.allocated_worker.full_name if c.allocated_worker else ""]

    links = list(ContactChild.objects.filter(contact__received_at__date__range=(six, as_at))
                 .select_related("contact").order_by("contact__received_at"))
    referrals = list(Referral.objects.filter(referral_date__range=(twelve, as_at)).order_by("referral_date", "pk"))
    assessments = list(Assessment.objects.filter(start_date__lte=as_at)
                       .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gte=six)).order_by("start_date"))
    s47s = list(Section47.objects.filter(start_date__range=(twelve, as_at)).select_related("strategy_discussion")
                .order_by("start_date"))
    icpcs = list(Conference.objects.filter(kind__in=("initial", "pre_birth"), held_on__range=(twelve, as_at))
                 .values("section47_id", "child_id", "held_on", "plan_decided"))
    episodes = list(EpisodeOfNeed.objects.filter(referral_date__lte=as_at, referral_nfa=False)
                    .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=six)).order_by("referral_date"))
    plans = list(CPPlan.objects.filter(start_date__lte=as_at).filter(Q(end_date__isnull=True) | Q(end_date__gte=six))
                 .order_by("start_date"))
    care = list(CareEpisode.objects.filter(start_date__lte=as_at).order_by("child_id", "start_date", "pk"))
    leavers = list(CareLeaver.objects.select_related("personal_adviser"))
    adoptions = list(AdoptionRecord.objects.filter(Q(adoption_order_date__range=(twelve, as_at))
                                                   | Q(decision_date__lte=as_at, adoption_order_date__isnull=True)
                                                   | Q(reversed_date__range=(twelve, as_at))))
    need({x.child_id for x in [*links, *referrals, *assessments, *s47s, *episodes, *plans, *care, *leavers,
                               *adoptions]})

    for link in links:
        rows["List 1"].append([*common(link.child_id), link.contact.received_at.date(), link.contact.source])

    referral_count = Counter(r.child_id for r in referrals)
    for r in referrals:
        if r.referral_date >= six:
            rows["List 3"].append([*common(r.child_id), r.referral_date, r.source, _yes_no(r.nfa),
                                   referral_count[r.child_id], *allocated(r.child_id)])

    for a in assessments:
        requires = {"": "", "nfa": "No", "early_help": "No"}.get(a.outcome, "Yes") if a.authorised_on else ""
        rows["List 4"].append([*common(a.child_id, True), a.start_date, a.child_seen_on, a.authorised_on, requires,
                               *allocated(a.child_id)])

    icpc_by_s47 = {c["section47_id"]: c for c in icpcs if c["section47_id"]}
    s47_count = Counter(s.child_id for s in s47s)
    icpc_count = Counter(c["child_id"] for c in icpcs)
    for s in s47s:
        if s.start_date < six and s.concluded_on and s.concluded_on < six:
            continue
        icpc = icpc_by_s47.get(s.pk)
        rows["List 5"].append([*common(s.child_id, True), s.strategy_discussion.held_on, _yes_no(s.icpc_not_required),
                               icpc["held_on"] if icpc else None, _yes_no(icpc["plan_decided"]) if icpc else "",
                               s47_count[s.child_id], icpc_count[s.child_id], *allocated(s.child_id)])

    for e in episodes:
        rows["List 6"].append([*common(e.child_id, True), e.referral_date, e.primary_need, None, e.closure_date,
                               e.closure_reason, "Closed" if e.closure_date and e.closure_date <= as_at else "Open",
                               *allocated(e.child_id)])

    plan_ids = [p.pk for p in plans]
    last_visit: dict[int, CPVisit] = {}
    for v in CPVisit.objects.filter(plan_id__in=plan_ids, visited_on__lte=as_at).order_by("visited_on"):
        last_visit[v.plan_id] = v
    last_review: dict[int, date] = {}
    for pid, held in (Conference.objects.filter(plan_id__in=plan_ids, kind="review", held_on__lte=as_at)
                      .order_by("held_on").values_list("plan_id", "held_on")):
        last_review[pid] = held
    for p in plans:
        visit = last_visit.get(p.pk)
        rows["List 7"].append([*common(p.child_id, True), p.start_date, p.initial_category, p.latest_category,
                               visit.visited_on if visit else None, _yes_no(visit.seen_alone) if visit else "",
                               last_review.get(p.pk), p.end_date if p.end_date and p.end_date <= as_at else None,
                               p.previous_plans, *allocated(p.child_id)])

    _children_in_care(rows["List 8"], care, six, twelve, as_at, common, allocated)
    _care_leavers(rows["List 9"], leavers, as_at, common, allocated)
    for a in adoptions:
        rows["List 10"].append([*common(a.child_id), _first_care_day(care, a.child_id), a.decision_date,
                                a.placement_order_date, a.match_date, a.placed_date, a.adoption_order_date,
                                a.reversed_date, a.reversed_reason])
    return rows


def _first_care_day(care, child_id):
    days = [e.period_start for e in care if e.child_id == child_id]
    return min(days) if days else None


def _children_in_care(out, care, six, twelve, as_at, common, allocated):
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
    missing = Counter()
    for child_id, kind in MissingEpisode.objects.filter(child_id__in=ids, started_at__date__range=(twelve, as_at)) \
            .values_list("child_id", "kind"):
        missing[(child_id, kind)] += 1
    for child_id, eps in by_child.items():
        last = eps[-1]
        ceased = last.end_date if last.end_date and last.end_date <= as_at else None
        if ceased and ceased < six:
            continue
        placements = len({e.placement_started for e in eps if e.placement_started >= twelve or e is last})
        out.append([*common(child_id, True), last.period_start, last.category_of_need, last.legal_status,
                    latest.get(("review", child_id)), latest.get(("visit", child_id)), permanence.get(child_id, ""),
                    latest.get(("health", child_id)), latest.get(("dental", child_id)), placements, ceased,
                    last.reason_ceased if ceased else "", last.placement_started, last.placement_type,
                    last.placement_provider, last.placement_postcode, last.urn, missing[(child_id, "M")],
                    missing[(child_id, "A")], *allocated(child_id)])


def _care_leavers(out, leavers, as_at, common, allocated):
    latest = {}
    for contact in CareLeaverContact.objects.filter(child_id__in=[x.child_id for x in leavers],
                                                    contact_date__lte=as_at).order_by("contact_date"):
        latest[contact.child_id] = contact
    for leaver in leavers:
        c = latest.get(leaver.child_id)
        out.append([*common(leaver.child_id), leaver.get_category_display(), c.in_touch if c else "",
                    c.contact_date if c else None, c.accommodation if c else "",
                    _yes_no(c.accommodation_suitable) if c else "", c.activity if c else "",
                    leaver.pathway_plan_on, leaver.adviser, "", *allocated(leaver.child_id)])


def annex_a_workbook(*, as_at: date) -> bytes:
    """The Annex A workbook: one sheet per list, the template's headings, dates as dates."""
    lists = annex_a_lists(as_at=as_at)
    book = Workbook()
    book.remove(book.active)
    for name, (title, columns) in LISTS.items():
        sheet = book.create_sheet(f"{name} {title}"[:31])
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in lists[name]:
            sheet.append(row)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


