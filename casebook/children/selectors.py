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
# The one name matcher (child search, the duplicate check, the front door's link search): candidates
# from sound-alike keys and name prefixes, ranked by Jaro-Winkler. A search result must average
# SEARCH_SCORE over the words typed; a possible duplicate must reach NAME_MATCH on the last name and,
# when one is given, on the first name ('Stuart' and 'Stewart' score 0.88).
SEARCH_SCORE = 0.75
NAME_MATCH = 0.85


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
    tokens = name_tokens(query)
    if not tokens:
        return []
    candidates = list(visible.filter(_name_q(tokens))[:_CANDIDATES])
    scored = sorted(((round(_name_score(c, tokens), 3), c) for c in candidates), key=lambda pair: (-pair[0], pair[1].last_name))
    return [c for score, c in scored if score >= SEARCH_SCORE][:SEARCH_LIMIT]


def name_tokens(text: str) -> list[str]:
    """The words of a name, lower case, at most four."""
    return [t.lower() for t in re.findall(r"[A-Za-z'-]+", text or "")][:4]


def _token_q(token: str) -> Q:
    """Records one word of a name may be about: the start of the last name, part of the first
    names, the known-as name, or the same sound-alike key."""
    key = phonetic_key(token)
    token_q = Q(last_name_lower__startswith=token) | Q(first_names__icontains=token) | Q(known_as__iexact=token)
    if key:
        token_q |= Q(last_name_key=key) | Q(first_name_key=key)
    return token_q


def _name_q(tokens: list[str]) -> Q:
    match = Q()
    for token in tokens:
        match |= _token_q(token)
    return match


@dataclass(frozen=True)
class PossibleDuplicate:
    child: Child
    reasons: list[str]
    can_view: bool


def likely_duplicates(*, user, first_names: str, last_name: str, date_of_birth: date | None,
                      nhs_number: str = "", exclude_pk: int | None = None) -> list[PossibleDuplicate]:
    """Existing records that may be the same child, checked across the whole authority, with the
    child search's matcher: the last name must match (sound-alike key or Jaro-Winkler) and so must
    the first name when one is given; a surname alone lists every sound-alike (same key, or
    Jaro-Winkler of at least NAME_MATCH). The same date of
    birth with either name matching, or the same NHS number, is also a match.

    Restricted records are only matched for users named on them. The caller shows name, date
    of birth and Casebook ID, and a link only where the user may open the record.
    """
    first_tokens, last_tokens = name_tokens(first_names)[:1], name_tokens(last_name)
    q = Q(pk__in=[])
    if last_tokens:
        last_q = Q()
        for token in last_tokens:
            last_q |= _token_q(token)
        if first_tokens:
            # Jaro-Winkler rewards a shared start, so a first name that matches begins with the same
            # letter or sounds alike; a date of birth with a matching first name also counts.
            first = first_tokens[0]
            first_q = _token_q(first) | Q(first_names__istartswith=first[:1])
            q = last_q & first_q
            if date_of_birth:
                q |= Q(date_of_birth=date_of_birth) & (last_q | first_q)
        else:
            q = last_q
    if nhs_number:
        q |= Q(nhs_number=normalise_nhs_number(nhs_number))
    from casebook.access_audit.models import RestrictedAccessGrant

    scope = Q(is_restricted=False) | Q(restricted_grants__in=RestrictedAccessGrant.objects.filter(user=user.pk))
    candidates = Child.objects.filter(q).filter(scope)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    candidates = list(candidates.distinct().order_by("last_name", "first_names", "pk")[:_CANDIDATES])
    last_keys = {phonetic_key(t) for t in last_tokens} - {""}
    first_keys = {phonetic_key(t) for t in first_tokens} - {""}
    found = []
    for child in candidates:
        last_score = _name_score(child, last_tokens) if last_tokens else 0.0
        first_score = _name_score(child, first_tokens) if first_tokens else None
        last_ok = last_score >= NAME_MATCH or child.last_name_key in last_keys
        first_ok = first_score is None or first_score >= NAME_MATCH or child.first_name_key in first_keys
        reasons = []
        if nhs_number and child.nhs_number == normalise_nhs_number(nhs_number):
            reasons.append("same NHS number")
        if last_ok and first_ok:
            reasons.append("similar name" if first_tokens else "similar last name")
        if date_of_birth and child.date_of_birth == date_of_birth and (last_ok or (first_tokens and first_ok)):
            reasons.append("same date of birth")
        if reasons:
            score = (last_score + (first_score if first_score is not None else last_score)) / 2
            found.append((len(reasons), round(score, 3), child, reasons))
    found.sort(key=lambda f: (-f[0], -f[1], f[2].last_name, f[2].pk))
    found = found[:SEARCH_LIMIT]
    visible_ids = set(
        Child.objects.filter(pk__in=[f[2].pk for f in found]).filter(visibility_q(user)).values_list("pk", flat=True)
    )
    return [PossibleDuplicate(child=child, reasons=reasons, can_view=child.pk in visible_ids)
            for _n, _score, child, reasons in found]


def allocation_history(child: Child) -> QuerySet[Allocation]:
    return child.allocations.select_related("team", "worker", "allocated_by").order_by("-started_at")


def my_children(user) -> QuerySet[Child]:
    """Children allocated to the user (for the home page)."""
    return Child.objects.filter(allocated_worker=user).select_related("allocated_team").order_by("last_name")


def team_children(user) -> QuerySet[Child]:
    if not user.team_id:
        return Child.objects.none()
    return children_visible_to(user).filter(allocated_team=user.team_id).select_related("allocated_worker")
