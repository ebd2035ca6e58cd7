"""A realistic front door for the demo: open contacts in every state, a backlog of children
awaiting allocation (some waiting weeks), repeat contacts and re-referrals, a year of
signed-off decisions for the consistency report, and the contact behind each recent allocation
to a team. Every child who met the threshold has the allocation clock the live services would
have written (started at sign-off; completed when allocated), so the drift dashboard, the
awaiting-allocation queue and the leaders' overview count the same children. Deterministic for
ctx.seed; synthetic only."""

import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.children.models import Allocation
from casebook.clocks.models import Clock
from casebook.clocks.services import source_ref
from casebook.core.workdays import add_working_days, end_of_working_day
from casebook.episodes.codes import PrimaryNeed, ReferralSource
from casebook.episodes.services import referral_record
from casebook.front_door.models import SOCIAL_CARE_OUTCOMES, Contact, ContactChild, Outcome, Rag
from casebook.front_door.timescales import ALLOCATION_AFTER_THRESHOLD

MAX_OPEN = 400
MAX_HISTORY = 1500
MAX_WAITING = 150
MAX_RECENTLY_ALLOCATED = 400  # families whose case opened in the last RECENT_WEEKS, each with its contact
RECENT_WEEKS = 12
ALLOCATION_DELAYS_WD = [0, 1, 1, 2, 3, 4, 6, 9]  # working days from sign-off to a social worker
PRE_BIRTH_DAYS = 140  # a pre-birth referral comes in the second half of pregnancy (CIN rule 8606: 40 weeks)
CONCERNS = [
    "School reports the child arrived hungry and unkempt several days this week.",
    "Police attended a domestic incident at the home; the children were present.",
    "Health visitor concerned about the baby's weight and the mother's low mood.",
    "Neighbour heard shouting and a child crying late at night.",
    "Child disclosed to a teacher that a parent hit them with a belt.",
    "A&E attendance with an unexplained injury to a toddler.",
]
LEVEL_FOR = {Outcome.NFA: "1", Outcome.INFORMATION_ADVICE: "1", Outcome.EARLY_HELP: "2",
             Outcome.CHILD_IN_NEED: "3", Outcome.CHILD_PROTECTION: "4"}


def _moment(ctx, day) -> datetime:
    at = time(ctx.rng.randrange(9, 17), ctx.rng.choice([0, 15, 30, 45]))
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


def _allocated_after(ctx, signed_off_at: datetime) -> datetime:
    """When a child whose threshold was met that moment got a social worker (never in the future)."""
    day = timezone.localtime(signed_off_at).date()
    delay = add_working_days(day, ctx.rng.choice(ALLOCATION_DELAYS_WD)) - day
    return min(signed_off_at + delay + timedelta(hours=ctx.rng.randrange(1, 5)), timezone.now())


def _allocation_clock(link_contact, child, allocated_at: datetime | None) -> Clock:
    """The clock contact_sign_off starts and child_allocate completes, as they would have written it."""
    started = timezone.localtime(link_contact.signed_off_at).date()
    done = timezone.localtime(allocated_at) if allocated_at else None
    return Clock(child=child, item=ALLOCATION_AFTER_THRESHOLD.item, started_on=started,
                 due_on=ALLOCATION_AFTER_THRESHOLD.due(started), completed_on=done.date() if done else None,
                 completed_at=done, source=source_ref(link_contact))


def build(ctx) -> None:
    rng = ctx.rng
    mash_workers = ctx.users(Role.MASH_WORKER)
    managers = [u for u in ctx.users(Role.TEAM_MANAGER) if u.team_id and u.team.is_front_door] \
        or ctx.users(Role.TEAM_MANAGER)
    if not mash_workers or not managers or not ctx.children:
        return
    children = ctx.children
    sources = ReferralSource.values
    days = settings.CASEBOOK["MASH_DECISION_WORKING_DAYS"]
    contacts, links = [], []  # (contact, [child])

    def new_contact(received, worker, **extra):
        contact = Contact(received_at=received, source=rng.choice(sources), referrer_name=ctx.faker.name(),
                          referrer_organisation=rng.choice(["Northmoor Primary", "Police", "GP surgery", ""]),
                          concern=rng.choice(CONCERNS), consent_obtained=rng.random() < 0.8,
                          recorded_by=worker, team=worker.team, form_token=uuid.UUID(int=rng.getrandbits(128)),
                          **extra)
        if not contact.consent_obtained:
            contact.consent_override_reason = "Seeking consent would place the child at risk"
        return contact

    def triaged(contact, worker):
        rag = rng.choice(Rag.values)
        contact.rag, contact.rag_reason, contact.triaged_by = rag, "Rated on the information received", worker
        contact.triaged_at = contact.received_at + timedelta(minutes=rng.randrange(10, 120))
        due_day = add_working_days(timezone.localtime(contact.received_at).date(), days[rag])
        contact.decision_due_at = end_of_working_day(due_day)

    def decided(contact, worker, outcome, when):
        contact.outcome, contact.decided_by, contact.decided_at = outcome, worker, when
        contact.decision_reasons = "Threshold applied to the information gathered from partner checks"
        contact.level_of_need = LEVEL_FOR[outcome]
        contact.primary_need = rng.choice(PrimaryNeed.values[1:9]) if outcome in SOCIAL_CARE_OUTCOMES else ""

    def family(start):
        return children[start:start + rng.choice([1, 1, 1, 2, 2, 3])]

    # Children waiting for allocation now: no earlier social care contact of theirs may fall inside the wait.
    unallocated = [c for c in children if c.allocated_worker_id is None][:MAX_WAITING]
    waiting_ids = {c.pk for c in unallocated}

    # A year of signed-off decisions, many about the same children (repeat contacts).
    n_history = min(MAX_HISTORY, max(40, ctx.size // 10))
    for i in range(n_history):
        received = _moment(ctx, ctx.today - timedelta(days=rng.randrange(20, 365)))
        worker, manager = rng.choice(mash_workers), rng.choice(managers)
        contact = new_contact(received, worker)
        triaged(contact, worker)
        outcome = rng.choices(Outcome.values, weights=[25, 20, 25, 25, 5])[0]
        decided(contact, worker, outcome, contact.received_at + timedelta(hours=rng.randrange(1, 40)))
        contact.signed_off_by, contact.signed_off_at = manager, contact.decided_at + timedelta(hours=2)
        start = rng.randrange(len(children)) if rng.random() < 0.7 else rng.randrange(min(len(children), 200))
        kids = family(start)
        if outcome in SOCIAL_CARE_OUTCOMES and any(k.pk in waiting_ids for k in kids) \
                and timezone.localtime(contact.received_at).date() > ctx.today - timedelta(weeks=10):
            _shift(contact, timedelta(weeks=-10), days)  # allocated and closed before this wait began
        contacts.append((contact, kids))

    # Open contacts in every state: awaiting triage, awaiting decision (some overdue), awaiting sign-off.
    n_open = min(MAX_OPEN, max(30, ctx.size // 20))
    for i in range(n_open):
        received = _moment(ctx, ctx.today - timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3, 6])))
        worker = rng.choice(mash_workers)
        contact = new_contact(received, worker)
        state = i % 3
        if state >= 1:
            triaged(contact, worker)
        if state == 2:
            decided(contact, worker, rng.choice(Outcome.values), contact.received_at + timedelta(hours=1))
        contacts.append((contact, family(rng.randrange(len(children)))))

    # The backlog: children without a social worker whose threshold was met, waiting days to weeks.
    waiting = []
    for child in unallocated:
        worker, manager = rng.choice(mash_workers), rng.choice(managers)
        received = _moment(ctx, add_working_days(ctx.today, -rng.choice([1, 2, 3, 5, 8, 12, 20, 30])))
        contact = new_contact(received, worker)
        triaged(contact, worker)
        decided(contact, worker, rng.choice([Outcome.CHILD_IN_NEED, Outcome.CHILD_PROTECTION]),
                contact.received_at + timedelta(hours=3))
        contact.signed_off_by, contact.signed_off_at = manager, contact.decided_at + timedelta(hours=1)
        contacts.append((contact, [child]))
        waiting.append(contact)

    # Each family allocated to a team in the last weeks came through the front door: its contact was
    # signed off a few working days before the allocation started. These rows draw on their own seed
    # and hand back the shared random streams untouched, so later apps' demo data stay as they were.
    shared_state = rng.getstate(), ctx.faker.random.getstate()
    rng.seed(f"front-door-allocations-{ctx.seed}")
    ctx.faker.random.seed(f"front-door-referrers-{ctx.seed}")
    recent = _recent_allocations(ctx, children)
    allocated_at: dict[int, datetime] = {}  # contact's position in `contacts` -> when its children were allocated
    for started, kids in recent[:MAX_RECENTLY_ALLOCATED]:
        worker, manager = rng.choice(mash_workers), rng.choice(managers)
        day = add_working_days(timezone.localtime(started).date(), -rng.choice(ALLOCATION_DELAYS_WD))
        signed_off = min(_moment(ctx, day), started - timedelta(hours=1))
        contact = new_contact(signed_off - timedelta(hours=4), worker)
        triaged(contact, worker)
        decided(contact, worker, rng.choice([Outcome.CHILD_IN_NEED, Outcome.CHILD_PROTECTION]),
                contact.received_at + timedelta(hours=3))
        contact.signed_off_by, contact.signed_off_at = manager, signed_off
        allocated_at[len(contacts)] = started
        contacts.append((contact, kids))

    Contact.objects.bulk_create([c for c, _ in contacts], batch_size=500)
    waiting_set = {id(c) for c in waiting}
    clocks = []
    for i, (contact, kids) in enumerate(contacts):
        if not (contact.signed_off_at and contact.outcome in SOCIAL_CARE_OUTCOMES):
            links += [ContactChild(contact=contact, child=child) for child in kids]
            continue
        when = None if id(contact) in waiting_set else allocated_at.get(i) or _allocated_after(ctx, contact.signed_off_at)
        for child in kids:
            links.append(ContactChild(contact=contact, child=child, allocated_at=when))
            clocks.append(_allocation_clock(contact, child, when))
    rng.setstate(shared_state[0])
    ctx.faker.random.setstate(shared_state[1])
    ContactChild.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    Clock.objects.bulk_create(clocks, batch_size=1000)

    # Referrals through the episodes service, oldest first, so re-referrals are flagged as in life.
    referred = sorted(((c, kids) for c, kids in contacts if c.signed_off_at and c.outcome in SOCIAL_CARE_OUTCOMES),
                      key=lambda pair: pair[0].decided_at)
    by_key = {(link.contact_id, link.child_id): link for link in
              ContactChild.objects.filter(contact__in=[c for c, _ in referred])}
    re_referrals = 0
    for contact, kids in referred:
        for child in kids:
            referral_date = timezone.localtime(contact.decided_at).date()
            born = child.date_of_birth or child.expected_date_of_birth
            if born and referral_date < born - timedelta(days=PRE_BIRTH_DAYS):
                continue  # about the family before this baby was on the way: no referral for them
            try:
                referral = referral_record(child=child, referral_date=referral_date,
                                           source=contact.source, primary_need=contact.primary_need,
                                           acting_user=contact.signed_off_by)
            except ValidationError:  # the child's open episode started later: leave this one unreferred
                continue
            re_referrals += referral.is_re_referral
            link = by_key.get((contact.pk, child.pk))
            if link is not None:
                link.referral = referral
    ContactChild.objects.bulk_update(list(by_key.values()), ["referral"], batch_size=1000)
    ctx.notes.append(f"Front door: {len(contacts)} contacts ({n_open} open), {len(waiting)} children awaiting "
                     f"allocation, {min(len(recent), MAX_RECENTLY_ALLOCATED)} families allocated in the last "
                     f"{RECENT_WEEKS} weeks, {re_referrals} re-referrals")


def _shift(contact: Contact, delta: timedelta, days: dict) -> None:
    """Move a built (unsaved) contact's moments by `delta` (whole weeks keep the weekdays); the
    decision due time is worked out again from the new received date."""
    for field in ("received_at", "triaged_at", "decided_at", "signed_off_at"):
        if getattr(contact, field):
            setattr(contact, field, getattr(contact, field) + delta)
    if contact.rag:
        contact.decision_due_at = end_of_working_day(
            add_working_days(timezone.localtime(contact.received_at).date(), days[contact.rag]))


def _recent_allocations(ctx, children) -> list[tuple[datetime, list]]:
    """(allocation start, the family's children) for each family whose current allocation to a
    social worker in a team (not the front door, not a change of worker) started in the last
    RECENT_WEEKS, oldest first."""
    by_id = {c.pk: c for c in children if c.allocated_worker_id}
    since = timezone.now() - timedelta(weeks=RECENT_WEEKS)
    families: dict[tuple, list] = {}
    rows = (Allocation.objects.filter(ended_at__isnull=True, worker__isnull=False, started_at__gte=since,
                                      team__is_front_door=False, reason="Case opened")
            .order_by("started_at", "pk").values_list("child_id", "started_at"))
    for child_id, started in rows:
        child = by_id.get(child_id)
        if child is not None:  # a family shares a surname, a team and the day its case opened
            key = (child.last_name, child.allocated_team_id, timezone.localtime(started).date())
            families.setdefault(key, [started, []])[1].append(child)
    return [(started, kids) for started, kids in families.values()]
