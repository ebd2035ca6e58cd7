"""Demo oversight: a year of supervision (with gaps) and case discussions, management oversight
on most open cases (some children with none for months), actions (some overdue), and a year of
case file audits with moderation against an audit programme target. Deterministic for ctx.seed."""

from collections import defaultdict
from datetime import timedelta

from casebook.accounts.models import Role
from casebook.oversight.models import (
    Action, AuditGrade, AuditProgramme, AuditStatus, CaseAudit, CaseDiscussion, Grade, OversightEntry, OversightKind,
    PracticeStandard, SupervisionSession,
)

MAX_CHILDREN_WITH_OVERSIGHT = 3000
AUDITS_PER_TEAM_PER_MONTH = 2
DIRECTIONS = [
    "Convene a strategy discussion today; police and health to attend.",
    "Plan is not making a difference: request a family group conference and review in 6 weeks.",
    "Step down to child in need support with a minimum of 3 months' plan.",
    "Escalate to the head of service for legal planning meeting.",
    "Allocated to the social worker; first visit within 5 working days.",
]
ACTIONS = ["Visit and see the child alone", "Update the chronology", "Refer to family group conference",
           "Complete the direct work on wishes and feelings", "Invite the school to the core group"]
REFLECTION = [("Attendance at school is improving", "Mother's drinking at weekends", "Health visitor joins the core group"),
              ("Grandparents are involved and protective", "Unexplained bruising in March", "Child protection medical if repeated"),
              ("The child talks openly to the worker", "The partner's return to the home", "Update the safety plan with the family")]
GRADE_WEIGHTS = [(Grade.OUTSTANDING, 1), (Grade.GOOD, 5), (Grade.REQUIRES_IMPROVEMENT, 4), (Grade.INADEQUATE, 1)]


def _grade(rng) -> str:
    total = sum(w for _, w in GRADE_WEIGHTS)
    pick = rng.randrange(total)
    for grade, weight in GRADE_WEIGHTS:
        if pick < weight:
            return grade
        pick -= weight
    return Grade.GOOD


def build(ctx) -> None:
    rng, today = ctx.rng, ctx.today
    allocated = [c for c in ctx.children if c.allocated_worker_id and c.allocated_team_id]
    if not allocated:
        return
    by_worker = defaultdict(list)
    for child in allocated:
        by_worker[child.allocated_worker_id].append(child)
    managers = ctx.team_managers

    # Supervision: roughly monthly for a year, with gaps; a few workers not supervised for months.
    sessions = []
    for team_name, workers in ctx.team_workers.items():
        manager = managers.get(team_name)
        if manager is None:
            continue
        for worker in workers:
            if worker.pk == manager.pk:
                continue
            lapsed = rng.random() < 0.15
            for month in range(12, 0 if not lapsed else 3, -1):
                if rng.random() < 0.2:
                    continue
                held = today - timedelta(days=month * 30 - rng.randrange(0, 10))
                sessions.append(SupervisionSession(supervisor=manager, worker=worker, held_on=held,
                                                   wellbeing="Workload discussed; annual leave booked",
                                                   practice_reflection="Reflected on direct work and analysis",
                                                   recorded_by=manager))
    SupervisionSession.objects.bulk_create(sessions, batch_size=1000)
    discussions = []
    for session in sessions:
        for child in by_worker.get(session.worker_id, [])[:rng.randrange(0, 3)]:
            well, worried, needs = rng.choice(REFLECTION)
            discussions.append(CaseDiscussion(session=session, child=child, working_well=well, worried_about=worried,
                                              needs_to_happen=needs, decisions="Continue the plan",
                                              recorded_by=session.supervisor))
    CaseDiscussion.objects.bulk_create(discussions, batch_size=1000)

    # Management oversight: most children have some; a quarter none, some none for months.
    entries = []
    for child in allocated[:MAX_CHILDREN_WITH_OVERSIGHT]:
        manager = managers.get(child.allocated_team.name) if child.allocated_team else None
        if manager is None or rng.random() < 0.25:
            continue
        stale = rng.random() < 0.2
        for _ in range(rng.randrange(1, 4)):
            back = rng.randrange(120, 365) if stale else rng.randrange(0, 120)
            entries.append(OversightEntry(child=child, manager=manager, occurred_on=today - timedelta(days=back),
                                          kind=rng.choice(OversightKind.values), direction=rng.choice(DIRECTIONS),
                                          recorded_by=manager))
    OversightEntry.objects.bulk_create(entries, batch_size=1000)
    actions = []
    for entry in entries:
        if rng.random() < 0.5:
            due = entry.occurred_on + timedelta(days=rng.randrange(5, 30))
            done = due - timedelta(days=rng.randrange(0, 4)) if due < today and rng.random() < 0.7 else None
            actions.append(Action(child=entry.child, oversight=entry, description=rng.choice(ACTIONS),
                                  owner_id=entry.child.allocated_worker_id, due_on=due, completed_on=done,
                                  recorded_by=entry.manager))
    for discussion in discussions[::3]:
        due = discussion.session.held_on + timedelta(days=14)
        actions.append(Action(child=discussion.child, discussion=discussion, description=rng.choice(ACTIONS),
                              owner_id=discussion.child.allocated_worker_id, due_on=due,
                              completed_on=due if due < today and rng.random() < 0.8 else None,
                              recorded_by=discussion.session.supervisor))

    # A year of case file audits with moderation by a second auditor.
    auditors = ctx.users(Role.AUDITOR) + ctx.users(Role.HEAD_OF_SERVICE)
    standards = list(PracticeStandard.objects.filter(active=True))
    by_team = defaultdict(list)
    for child in allocated:
        by_team[child.allocated_team_id].append(child)
    audits = []
    if len(auditors) >= 2 and standards:
        for month in range(12, -1, -1):
            assigned = today - timedelta(days=month * 30)
            for team_id in sorted(by_team):
                for child in rng.sample(by_team[team_id], min(AUDITS_PER_TEAM_PER_MONTH, len(by_team[team_id]))):
                    auditor, moderator = rng.sample(auditors, 2)
                    due = assigned + timedelta(days=28)
                    audit = CaseAudit(child=child, team_id=team_id, auditor=auditor, assigned_on=assigned, due_on=due,
                                      recorded_by=auditor)
                    if month >= 2 or (month == 1 and rng.random() < 0.5):
                        audit.status, audit.submitted_on = AuditStatus.MODERATED, due - timedelta(days=3)
                        audit.overall_grade, audit.overall_evidence = _grade(rng), "See the grades by standard"
                        audit.moderator, audit.moderated_on = moderator, due + timedelta(days=5)
                        if rng.random() < 0.2:
                            audit.moderated_overall_grade = _grade(rng)
                            audit.moderation_reason = "Impact for the child is not evidenced"
                    elif month == 1 or rng.random() < 0.4:
                        audit.status, audit.submitted_on = AuditStatus.IN_MODERATION, min(today, due)
                        audit.overall_grade, audit.overall_evidence = _grade(rng), "See the grades by standard"
                    audits.append(audit)
    CaseAudit.objects.bulk_create(audits, batch_size=1000)
    grades = []
    for audit in audits:
        if audit.status == AuditStatus.ASSIGNED:
            continue
        for standard in standards:
            grades.append(AuditGrade(audit=audit, standard=standard, grade=_grade(rng), evidence="Evidence on file"))
        if rng.random() < 0.5:
            actions.append(Action(child=audit.child, audit=audit, description="Record the child's wishes and feelings",
                                  owner_id=audit.child.allocated_worker_id, due_on=audit.submitted_on + timedelta(days=21),
                                  recorded_by=audit.auditor))
    AuditGrade.objects.bulk_create(grades, batch_size=2000)
    Action.objects.bulk_create(actions, batch_size=1000)
    AuditProgramme.objects.create(name=f"Audit programme {today.year}", starts_on=today - timedelta(days=365),
                                  ends_on=today + timedelta(days=60), target=max(12, len(audits) + 24))
    ctx.notes.append(f"Oversight: {len(sessions)} supervision sessions, {len(discussions)} case discussions, "
                     f"{len(entries)} management oversight entries, {len(actions)} actions, {len(audits)} audits")
