"""Reads of children: search and duplicate detection. Every list is scoped to the user."""

import re
from dataclasses import dataclass
from datetime import date, datetime

import jellyfish
from django.db.models import Q, QuerySet

from casebook.access_audit.rules import children_visible_to, visibility_q
from casebook.children.identifiers import normalise_nhs_number
from casebook.children.models import Allocation, Child, phonetic_key

SEARCH_LIMIT = 50
_CANDIDATES = 400


def _parse_date(text: str) -> date | None:
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %m %Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _name_score(child: Child, tokens: list[str]) -> float:
    names = [n.lower() for n in (*child.first_names.split(), child.last_name, child.known_as) if n]
    if not names:
        return 0.0
    return sum(max(jellyfish.jaro_winkler_similarity(t, n) for n in names) for t in tokens) / len(tokens)


def child_search(*, user, query: str, date_of_birth: date | None = None) -> list[Child]:
    """Children the user may see that match `query`, best first.

    The query may be a Casebook ID, an NHS number, a date of birth, or names. Names match on
    the start of the last name, a part of the first names, or a sound-alike key, so a misspelt
    surname ('Jonson', 'Smyth') still finds the child; results are ranked by Jaro-Winkler.
    """
    query = (query or "").strip()
    visible = children_visible_to(user).select_related("allocated_team", "allocated_worker")
    if date_of_birth:
        visible = visible.filter(Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth))
    if not query:
        return list(visible[:SEARCH_LIMIT]) if date_of_birth else []
    compact = normalise_nhs_number(query)
    if re.fullmatch(r"\d{10}", compact):
        return list(visible.filter(nhs_number=compact)[:SEARCH_LIMIT])
    as_date = _parse_date(query)
    if as_date:
        return list(visible.filter(Q(date_of_birth=as_date) | Q(expected_date_of_birth=as_date))[:SEARCH_LIMIT])
    if re.fullmatch(r"[A-Za-z]{2}[A-Za-z0-9]{4,18}", query):
        # A Casebook ID may be all letters (CBXKQWMTRA), so a one-word query is tried as an ID
        # first and falls through to the name search when no record has it.
        by_id = list(visible.filter(casebook_id=query.upper())[:1])
        if by_id:
            return by_id
    tokens = [t.lower() for t in re.findall(r"[A-Za-z'-]+", query)][:4]
    if not tokens:
        return []
    match = Q()
    for token in tokens:
        key = phonetic_key(token)
        token_q = Q(last_name_lower__startswith=token) | Q(first_names__icontains=token) | Q(known_as__iexact=token)
        if key:
            token_q |= Q(last_name_key=key) | Q(first_name_key=key)
        match |= token_q
    candidates = list(visible.filter(match)[:_CANDIDATES])
    scored = sorted(((round(_name_score(c, tokens), 3), c) for c in candidates), key=lambda pair: (-pair[0], pair[1].last_name))
    return [c for score, c in scored if score >= 0.75][:SEARCH_LIMIT]


@dataclass(frozen=True)
class PossibleDuplicate:
    child: Child
    reasons: list[str]
    can_view: bool


def likely_duplicates(*, user, first_names: str, last_name: str, date_of_birth: date | None,
                      nhs_number: str = "", exclude_pk: int | None = None) -> list[PossibleDuplicate]:
    """Existing records that may be the same child, checked across the whole authority.

    Restricted records are only matched for users named on them. The caller shows name, date
    of birth and Casebook ID, and a link only where the user may open the record.
    """
    first = (first_names or "").split(" ")[0]
    last_key, first_key = phonetic_key(last_name), phonetic_key(first)
    q = Q(last_name_key=last_key, first_name_key=first_key) if last_key and first_key else Q(pk__in=[])
    if date_of_birth:
        q |= Q(date_of_birth=date_of_birth) & (Q(last_name_key=last_key) | Q(first_name_key=first_key))
    if nhs_number:
        q |= Q(nhs_number=normalise_nhs_number(nhs_number))
    from casebook.access_audit.models import RestrictedAccessGrant

    scope = Q(is_restricted=False) | Q(restricted_grants__in=RestrictedAccessGrant.objects.filter(user=user.pk))
    candidates = Child.objects.filter(q).filter(scope)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    candidates = list(candidates.distinct()[:20])
    visible_ids = set(
        Child.objects.filter(pk__in=[c.pk for c in candidates]).filter(visibility_q(user)).values_list("pk", flat=True)
    )
    found = []
    for child in candidates:
        reasons = []
        if nhs_number and child.nhs_number == normalise_nhs_number(nhs_number):
            reasons.append("same NHS number")
        if child.last_name_key == last_key and child.first_name_key == first_key:
            reasons.append("similar name")
        if date_of_birth and child.date_of_birth == date_of_birth:
            reasons.append("same date of birth")
        found.append(PossibleDuplicate(child=child, reasons=reasons, can_view=child.pk in visible_ids))
    return sorted(found, key=lambda d: -len(d.reasons))


def allocation_history(child: Child) -> QuerySet[Allocation]:
    return child.allocations.select_related("team", "worker", "allocated_by").order_by("-started_at")


def my_children(user) -> QuerySet[Child]:
    """Children allocated to the user (for the home page)."""
    return Child.objects.filter(allocated_worker=user).select_related("allocated_team").order_by("last_name")


def team_children(user) -> QuerySet[Child]:
    if not user.team_id:
        return Child.objects.none()
    return children_visible_to(user).filter(allocated_team=user.team_id).select_related("allocated_worker")
