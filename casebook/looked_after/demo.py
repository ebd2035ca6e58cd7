"""Looked-after children for the demo authority: placements, legal status changes, reviews on
time and late, missing episodes with interviews offered within and after 72 hours, care leavers.
Postcodes are real public buildings' postcodes so that the 903 validator's ONS lookup finds them."""

import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from casebook.children.models import Allocation
from casebook.looked_after import services

# Town halls, civic centres and Parliament: real postcodes, no personal addresses. LOCAL are
# council buildings inside the demo authority (Cambridgeshire, LA_ONS_CODE): a family's home and
# the authority's own provision (PR1) are there (903 rule 1015); others may be anywhere.
LOCAL_POSTCODES = ["CB2 3QJ", "PE29 3TN", "CB7 4EE", "PE15 8NQ", "CB23 6EA"]
POSTCODES = ["SW1A 0AA", "SW1A 2AA", "LS1 1UR", "M60 2LA", "B1 1BB", "L2 2DH", "NE1 8QH", "BS1 5TR",
             "NG1 2DT", *LOCAL_POSTCODES]
LEFT_CARE_AT_18 = ["E17", "E5", "E6"]  # staying put, or independent living with or without support


def _year_start(ctx) -> date:
    """1 April that began the current collection year."""
    return date(ctx.today.year if ctx.today.month >= 4 else ctx.today.year - 1, 4, 1)


def _worker(ctx, child):
    return child.allocated_worker or ctx.pick(ctx.users("social_worker"))


def _placement_postcode(ctx, provider: str, home: str) -> str:
    """Own provision is inside the authority; a placement is never at the family home (392d)."""
    return ctx.pick([p for p in (LOCAL_POSTCODES if provider == "PR1" else POSTCODES) if p != home])


def _urn(ctx, placement_type: str) -> str:
    """Children's homes are Ofsted-registered: a synthetic SC reference (903 rules 218, 242)."""
    return f"SC{ctx.rng.randrange(10000, 100000)}" if placement_type == "K2" else ""


def _care_start(ctx, child, allocation):
    """The child came into care when the case opened with the children in care team, so the
    903 social worker episodes start with the period of care (rule SW12STG2). A young person
    who is now 18 or over came into care well before 18 and left on their 18th birthday (352)."""
    allocated = timezone.localdate(allocation.started_at)
    opened = allocated
    if opened > ctx.today - timedelta(days=60):  # allocated lately: came into care earlier
        opened = ctx.today - timedelta(days=ctx.rng.randint(60, 900))
    eighteenth = child.date_of_birth + relativedelta(years=18)
    if eighteenth <= ctx.today:
        return min(opened, eighteenth - timedelta(days=ctx.rng.randint(200, 900))), eighteenth
    start = max(opened, child.date_of_birth + timedelta(days=30))
    if allocated < start:  # the case opened before the baby was born: allocate from the care start
        Allocation.objects.filter(pk=allocation.pk).update(
            started_at=timezone.make_aware(datetime.combine(start, time(10, 0))))
    return start, None


def _chair(ctx, child):
    """The independent reviewing officer who chairs the child's reviews (so they see the child)."""
    iros = sorted(ctx.users("iro"), key=lambda u: u.pk)
    return iros[child.pk % len(iros)] if iros else None


def _plan_and_first_checks(child, start: date, user) -> None:
    """Most children have their care plan within 10 working days and their initial health
    assessment before the first review; one in six has the care plan late."""
    own = random.Random(child.pk * 7 + 3)  # the child's own generator: the demo's sequence is unchanged
    services.care_plan_record(child=child, agreed_on=start + timedelta(days=own.choice([5, 8, 9, 9, 12, 25])),
                              permanence_plan=own.choice(["Long-term fostering", "Return to family",
                                                          "Special guardianship", "Adoption"]), acting_user=user)
    services.health_check_record(child=child, kind="initial", check_date=start + timedelta(days=own.randint(10, 24)),
                                 acting_user=user)


def _later_reviews_and_visits(ctx, child, first_review: date, last_day: date, chair, user) -> None:
    """Reviews after the first: the second within 3 months, then every 6 months, an occasional one
    late; and, for most children still in care, a statutory visit in the last six weeks and a
    health review and dental check in the last year, so the demo's care pages show a few items
    overdue rather than every child's for years."""
    own = random.Random(child.pk * 7 + 5)
    review, gap = first_review, relativedelta(months=3)
    while True:
        review = review + gap - timedelta(days=own.choice([3, 7, 10, 14, -12]))
        if review >= last_day:
            break
        services.review_record(child=child, review_date=review,
                               participation="PN0" if relativedelta(review, child.date_of_birth).years < 4
                               else own.choice(["PN1", "PN1", "PN2", "PN5"]), chair=chair, acting_user=user)
        gap = relativedelta(months=6)
    if last_day != ctx.today:
        return
    period_start = services.current_episode(child).period_start
    for kind in ("review", "dental"):  # most children's health review and dental check are up to date
        checked = ctx.today - timedelta(days=own.randint(20, 200))
        if period_start <= ctx.today - timedelta(days=365) and own.random() < 0.8:
            services.health_check_record(child=child, kind=kind, check_date=checked, acting_user=user)
    if own.random() < 0.85:
        latest = services.current_episode(child).start_date
        visit_on = ctx.today - timedelta(days=own.randint(3, 35))
        if visit_on > latest:
            services.visit_record(child=child, visit_date=visit_on, seen_alone=own.random() < 0.7, acting_user=user)


def _leaving_care_plan(ctx, child, start: date) -> tuple[date | None, date | None]:
    """The needs assessment within about 3 months of the 16th birthday (or of coming into care
    after it) and the pathway plan two weeks later; None for a date still to come."""
    own = random.Random(child.pk * 7 + 11)
    needs_on = max(start, child.date_of_birth + relativedelta(years=16)) + timedelta(days=own.randint(20, 100))
    if needs_on >= ctx.today:
        return None, None
    plan_on = needs_on + timedelta(days=14)
    return needs_on, plan_on if plan_on < ctx.today else None


def _pathway_reviews(ctx, child, plan_on: date | None, user) -> None:
    """Pathway plan reviews at most 6 months apart from the plan, the occasional one late."""
    if plan_on is None:
        return
    own = random.Random(child.pk * 7 + 13)
    review = plan_on
    while True:
        review = review + relativedelta(months=6) - timedelta(days=own.choice([5, 10, 20, -15]))
        if review >= ctx.today:
            break
        services.pathway_review_record(child=child, review_date=review, acting_user=user)


def build(ctx) -> None:
    from casebook.children.models import Child

    # Read allocations back from the database: the core builder may have allocated after creating.
    children = list(Child.objects.filter(pk__in=[c.pk for c in ctx.children])
                    .select_related("allocated_team", "allocated_worker").order_by("pk"))
    in_care = [c for c in children if c.allocated_team is not None and "care" in c.allocated_team.name.lower()]
    if not in_care:
        candidates = [c for c in children if c.allocated_team is not None and not c.allocated_team.is_front_door
                      and c.date_of_birth is not None]
        in_care = candidates[: max(1, len(candidates) // 8)]
    in_care = [c for c in in_care if c.date_of_birth is not None]
    built = missing = leavers = uasc = eligible_uasc = 0
    for child in in_care:
        user = _worker(ctx, child)
        if user is None:
            continue
        age_now = relativedelta(ctx.today, child.date_of_birth).years
        allocation = Allocation.objects.filter(child=child, ended_at__isnull=True).first()
        if allocation is None:
            continue
        start, left_care = _care_start(ctx, child, allocation)
        if start >= ctx.today - timedelta(days=40):
            continue
        status = ctx.pick(["V2", "C1", "C2"])
        home = ctx.pick(LOCAL_POSTCODES)
        need = ctx.pick(["N1", "N1", "N2", "N4", "N5"])
        # Every third young person who came into care at 14 or over (and was looked after in this
        # collection year) is an unaccompanied asylum-seeking child: accommodated under section 20
        # for absent parenting, with no home postcode in England, so the 903 has no placement
        # distance (rule 406).
        is_uasc = False
        if relativedelta(start, child.date_of_birth).years >= 14 and (left_care is None or left_care >= _year_start(ctx)):
            is_uasc = eligible_uasc % 3 == 0
            eligible_uasc += 1
        if is_uasc:
            status, need = "V2", "N8"
        home_postcode = "" if is_uasc else home
        services.episode_start(child=child, start_date=start, reason_new_episode="S", legal_status=status,
                               category_of_need=need, placement_type="U6",
                               placement_provider="PR1", placement_postcode=_placement_postcode(ctx, "PR1", home),
                               home_postcode=home_postcode, carer_name=ctx.faker.last_name() + " family",
                               acting_user=user)
        if is_uasc:
            # UASC status ends at 18 at the latest (rule 304): here, on leaving care at 18.
            services.uasc_status_record(child=child, is_uasc=True, ceased_on=left_care, acting_user=user)
            uasc += 1
        # The 903 items a worker records, drawn from a generator of the child's own so the rest
        # of the demo's random sequence is unchanged.
        own = random.Random(child.pk)
        permanence = own.choice(["Z1", "Z1", "Z1", "P2", "P4"])
        services.previous_permanence_record(
            child=child, previous_permanence=permanence, acting_user=user,
            previous_permanence_la="" if permanence == "Z1" else "873",
            previous_permanence_date="" if permanence == "Z1" else (start - timedelta(days=own.randint(400, 900)))
            .strftime("%d/%m/%Y"))
        if child.sex == "F":
            # A few young women still in care are mothers; the baby is born after her 16th birthday.
            mother = not left_care and age_now >= 17 and own.random() < 0.2
            services.mother_status_record(child=child, is_mother=mother, acting_user=user,
                                          first_child_born=ctx.today - timedelta(days=own.randint(30, 300))
                                          if mother else None)
        misuse = age_now >= 12 and own.random() < 0.15
        received = own.random() < 0.6 if misuse else None
        year_end = ctx.today.year + 1 if ctx.today.month >= 4 else ctx.today.year
        services.year_outcomes_record(
            child=child, year=year_end, acting_user=user, immunisations=own.random() < 0.9,
            # Asked from age 10 on 31 March (903 rules 542, 543).
            convicted=own.random() < 0.05 if relativedelta(date(year_end, 3, 31), child.date_of_birth).years >= 10
            else None, substance_misuse=misuse,
            intervention_received=received, intervention_offered=(own.random() < 0.5) if received is False else None)
        # Reviews: first sometimes late (a reviewer missed the 20 working days).
        first_review = start + timedelta(days=ctx.rng.choice([21, 25, 35]))
        chair = _chair(ctx, child)
        if first_review < ctx.today:
            services.review_record(child=child, review_date=first_review,
                                   participation="PN0" if relativedelta(first_review, child.date_of_birth).years < 4
                                   else ctx.pick(["PN1", "PN2", "PN5"]),
                                   chair=chair, acting_user=user)
        services.visit_record(child=child, visit_date=start + timedelta(days=ctx.rng.randint(3, 9)), acting_user=user)
        _plan_and_first_checks(child, start, user)
        move = start + timedelta(days=ctx.rng.randint(30, 200))
        last_day = min(ctx.today, left_care) if left_care else ctx.today
        if move < last_day - timedelta(days=5):
            placement, provider = ctx.pick(["U4", "K2", "U1"]), ctx.pick(["PR1", "PR4"])
            services.episode_start(child=child, start_date=move, reason_new_episode="P", legal_status=status,
                                   category_of_need=services.current_episode(child).category_of_need,
                                   placement_type=placement, placement_provider=provider,
                                   placement_postcode=_placement_postcode(ctx, provider, home),
                                   home_postcode=home_postcode,
                                   urn=_urn(ctx, placement), carer_name=ctx.faker.last_name() + " family",
                                   reason_place_change="CARPL", intended_until_18=ctx.rng.random() < 0.5,
                                   acting_user=user)
            change = move + timedelta(days=ctx.rng.randint(10, 60))
            if status == "V2" and change < last_day and not is_uasc:
                current = services.current_episode(child)
                services.episode_start(child=child, start_date=change, reason_new_episode="L", legal_status="C2",
                                       category_of_need=current.category_of_need, placement_type=current.placement_type,
                                       placement_provider=current.placement_provider,
                                       placement_postcode=current.placement_postcode,
                                       home_postcode=current.home_postcode, urn=current.urn,
                                       carer_name=current.carer_name,
                                       intended_until_18=current.intended_until_18, acting_user=user)
        if not left_care and 4 <= age_now <= 16 and start <= ctx.today - timedelta(days=60):
            # The carer's SDQ, done each year (903 OC2); dated in this April-to-March year.
            year_start = date(ctx.today.year if ctx.today.month >= 4 else ctx.today.year - 1, 4, 1)
            services.health_check_record(child=child, kind="sdq", sdq_score=ctx.rng.randint(4, 30), acting_user=user,
                                         check_date=max(year_start, ctx.today - timedelta(days=ctx.rng.randint(1, 60))))
        _later_reviews_and_visits(ctx, child, first_review, left_care or ctx.today, chair, user)
        if left_care:
            services.period_end(child=child, end_date=left_care, reason_ceased=ctx.pick(LEFT_CARE_AT_18),
                                acting_user=user)
        elif age_now >= 11 and ctx.rng.random() < 0.5:
            for n, late in enumerate((False, True)):
                day = ctx.today - timedelta(days=60 - n * 30)
                went = timezone.make_aware(datetime.combine(day, time(ctx.rng.randint(16, 23), 0)))
                back = went + timedelta(hours=ctx.rng.randint(5, 40))
                episode = services.missing_record(child=child, kind=ctx.pick(["M", "A"]), started_at=went, ended_at=back,
                                                  where_found="Town centre", reported_to_police=True, acting_user=user)
                services.interview_record(episode=episode, offered_at=back + timedelta(hours=90 if late else 30),
                                          offered_by="Independent return interview service", independent=True,
                                          response="accepted", why_missing="Said they wanted to see friends",
                                          read_version=episode.version, acting_user=user)
                missing += 1
        if 16 <= age_now <= 20:
            needs_on, plan_on = _leaving_care_plan(ctx, child, start)
            services.care_leaver_set(child=child, category="eligible" if age_now < 18 else "former_relevant",
                                     personal_adviser_name=ctx.faker.name(), needs_assessment_on=needs_on,
                                     pathway_plan_on=plan_on, acting_user=user)
            _pathway_reviews(ctx, child, plan_on, user)
            leavers += 1
        built += 1
    adoptions = _adoptions(ctx, in_care)
    adopters = _adopters(ctx)
    ctx.notes.append(f"looked_after: {built} looked-after children ({uasc} UASC), {missing} missing episodes, "
                     f"{leavers} care leavers, "
                     f"{adoptions} adoption decisions, {adopters} prospective adopters")


def _adoptions(ctx, in_care) -> int:
    """Adoption decisions for some young children in care (Ofsted Annex A list 10): waiting for a
    match, matched under a placement order, or a decision reversed. Nobody is placed for adoption
    here, so the 903 episodes stay in foster care. Uses its own generator, so the rest of the demo
    is unchanged."""
    own = random.Random(ctx.seed * 7919 + 10)
    made = 0
    for child in in_care:
        current = services.current_episode(child)
        if current is None or relativedelta(ctx.today, child.date_of_birth).years >= 6:
            continue
        decided = current.period_start + timedelta(days=own.randint(90, 200))
        if decided > ctx.today - timedelta(days=60) or own.random() < 0.4:
            continue
        user = _worker(ctx, child)
        story = ("waiting", "matched", "reversed")[made % 3]
        values = {"decision_date": decided}
        if story == "matched":
            order = decided + timedelta(days=own.randint(20, 50))
            values.update(placement_order_date=order, match_date=min(ctx.today - timedelta(days=1),
                                                                      order + timedelta(days=own.randint(10, 40))))
        elif story == "reversed":
            # Reversed within this collection year: the 903 reports it in this year's return (rule 118).
            reversed_on = decided + timedelta(days=own.randint(20, 50))
            if reversed_on >= date(ctx.today.year if ctx.today.month >= 4 else ctx.today.year - 1, 4, 1):
                values.update(reversed_date=reversed_on, reversed_reason="RD1")
        services.adoption_set(child=child, acting_user=user, **values)
        made += 1
        if made >= max(3, ctx.size // 150):
            break
    return made


def _adopters(ctx) -> int:
    """Prospective adopters at every stage, singles and couples (Ofsted Annex A list 11)."""
    from faker import Faker

    own = random.Random(ctx.seed * 7919 + 11)
    names = Faker("en_GB")
    names.seed_instance(ctx.seed * 7919 + 11)
    managers = ctx.users("team_manager")
    if not managers:
        return 0
    user = own.choice(managers)
    made = 0
    for household in range(1, max(3, min(40, ctx.size // 100)) + 1):
        enquiry = ctx.today - timedelta(days=own.randint(20, 540))
        steps = {"enquiry_date": enquiry}
        day = enquiry
        for start, end, days in (("stage1_start", "stage1_end", 60), ("stage2_start", "stage2_end", 120)):
            if day + timedelta(days=days + 20) >= ctx.today or own.random() < 0.15:
                break
            steps[start] = day + timedelta(days=own.randint(7, 20))
            steps[end] = steps[start] + timedelta(days=days)
            day = steps[end]
        left = None
        if "stage2_end" in steps:
            steps["application_date"] = steps["stage2_start"]
            approved = steps["stage2_end"] + timedelta(days=own.randint(10, 30))
            if approved < ctx.today:
                steps["approval_date"] = approved
                matched = approved + timedelta(days=own.randint(30, 120))
                if matched < ctx.today:
                    steps["matched_date"] = matched
                    placed = matched + timedelta(days=own.randint(10, 30))
                    if placed < ctx.today:
                        steps.update(placed_date=placed, children_placed=own.choice([1, 1, 2]))
                        if placed + timedelta(days=200) < ctx.today:
                            steps["adoption_order_date"] = placed + timedelta(days=own.randint(150, 200))
        elif own.random() < 0.3 and day + timedelta(days=20) < ctx.today:
            left = (day + timedelta(days=own.randint(5, 19)), own.choice(["1", "2", "3"]))
        couple = own.random() < 0.6
        surname = names.last_name()
        for sex in (("F", "M") if couple and own.random() < 0.8 else ("F",) if not couple else ("F", "F")):
            first = names.first_name_female() if sex == "F" else names.first_name_male()
            services.adopter_save(full_name=f"{first} {surname}", household=f"H{household}", sex=sex,
                                  ethnicity=own.choice(["WBRI", "WBRI", "WBRI", "MWBC", "AIND", "BAFR"]),
                                  disability=own.random() < 0.05, fostering_for_adoption=own.random() < 0.15,
                                  left_date=left[0] if left else None, left_reason=left[1] if left else "",
                                  acting_user=user, **steps)
            made += 1
    return made
