"""Access review reports for the council's information governance team.

UK GDPR Article 5(1)(f) (integrity and confidentiality) and Article 32 (security of processing),
with the Caldicott principles (need-to-know), expect a council to check who looked at children's
records and whether accounts are still needed. Each report here answers one question a
reviewer asks, on the append-only AccessEvent log and the staff accounts, in a fixed number of
queries however large the log is.

Staff home addresses are not held in Casebook, so the "own family" check compares surnames only.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from casebook.access_audit.models import AccessEvent, BreakGlassGrant, GrantScope, RestrictedAccessGrant
from casebook.accounts.models import User

IDLE_DAYS = 90


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: object  # callable() -> iterable of dicts keyed by column key


def break_glass_views() -> QuerySet:
    """Emergency (break-glass) access: each grant, who asked, why, and how many pages they then
    opened through it. Every view outside a user's normal access goes through such a grant."""
    views = (
        AccessEvent.objects.filter(user=OuterRef("user"), child=OuterRef("child"), via_break_glass=True,
                                   at__gte=OuterRef("granted_at"), at__lte=OuterRef("expires_at"))
        .order_by().values("user").annotate(n=Count("id")).values("n")
    )
    return (
        BreakGlassGrant.objects.annotate(
            views=Coalesce(Subquery(views), 0),
            user_name=F("user__email"), team=F("user__team__name"), casebook_id=F("child__casebook_id"),
        )
        .order_by("user__last_name", "user__first_name", "-granted_at")
        .values("user__first_name", "user__last_name", "user_name", "team", "user__role", "casebook_id",
                "reason", "granted_at", "views", "scope")
    )


def restricted_record_views() -> QuerySet:
    """Everyone who opened a restricted record (the child of a member of staff, a high-profile
    case): how often, first and last time. Those with a named grant are expected; others are not."""
    return (
        AccessEvent.objects.filter(child__is_restricted=True)
        .values("user__first_name", "user__last_name", "user__email", "user__role", "child__casebook_id")
        .annotate(views=Count("id"), first_viewed=Min("at"), last_viewed=Max("at"),
                  has_grant=Exists(RestrictedAccessGrant.objects.filter(child=OuterRef("child"), user=OuterRef("user"))))
        .order_by("child__casebook_id", "user__last_name", "user__first_name")
    )


def same_surname_views() -> QuerySet:
    """Staff who opened the record of a child with their own surname (ignoring case): possibly
    their own family, which they should not be reading."""
    return (
        AccessEvent.objects.annotate(staff_surname=Lower("user__last_name"))
        .filter(child__last_name_lower=F("staff_surname"))
        .values("user__first_name", "user__last_name", "user__email", "user__role", "child__casebook_id")
        .annotate(views=Count("id"), last_viewed=Max("at"))
        .order_by("user__last_name", "user__first_name", "child__casebook_id")
    )


def idle_accounts(*, days: int = IDLE_DAYS, now=None) -> QuerySet:
    """Active accounts not used for `days` days (never-used accounts count from when they were
    made): candidates for suspension under the council's account management policy."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .select_related("team")
        .order_by(F("last_login").asc(nulls_first=True), "last_name")
    )


def leavers_with_active_accounts(*, today=None) -> QuerySet:
    """People whose leaving date has passed but who can still sign in."""
    return (
        User.objects.filter(is_active=True, left_on__isnull=False, left_on__lte=today or timezone.localdate())
        .select_related("team")
        .order_by("left_on", "last_name")
    )


def _person(row, prefix="user__") -> str:
    return f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}".strip()


def _role(value) -> str:
    from casebook.accounts.models import Role

    return Role(value).label if value in Role.values else value


def _break_glass_rows():
    for row in break_glass_views():
        yield {"who": _person(row), "email": row["user_name"], "team": row["team"] or "", "role": _role(row["user__role"]),
               "child": row["casebook_id"], "reason": row["reason"], "when": row["granted_at"], "views": row["views"],
               "scope": GrantScope(row["scope"]).label}


def _restricted_rows():
    for row in restricted_record_views():
        yield {"child": row["child__casebook_id"], "who": _person(row), "email": row["user__email"],
               "role": _role(row["user__role"]), "views": row["views"], "first": row["first_viewed"],
               "last": row["last_viewed"], "grant": "Yes" if row["has_grant"] else "No"}


def _surname_rows():
    for row in same_surname_views():
        yield {"who": _person(row), "email": row["user__email"], "role": _role(row["user__role"]),
               "child": row["child__casebook_id"], "views": row["views"], "last": row["last_viewed"]}


def _account_rows(queryset):
    for user in queryset:
        yield {"who": user.full_name, "email": user.email, "role": user.get_role_display(),
               "team": user.team.name if user.team else "", "last_login": user.last_login or "Never",
               "left_on": user.left_on or ""}


REPORTS: dict[str, Report] = {r.slug: r for r in [
    Report("emergency-access", "Emergency access by person and reason",
           "Each time someone opened a record outside their normal access, the reason they gave and how many "
           "pages they then viewed through it.",
           (Column("who", "Person"), Column("email", "Email"), Column("team", "Team"), Column("role", "Role"),
            Column("child", "Casebook ID"), Column("reason", "Reason given"), Column("when", "Granted"),
            Column("views", "Pages viewed"), Column("scope", "Kind of access")),
           _break_glass_rows),
    Report("restricted-records", "Views of restricted records",
           "Everyone who opened a restricted record. People without a named grant should not appear.",
           (Column("child", "Casebook ID"), Column("who", "Person"), Column("email", "Email"), Column("role", "Role"),
            Column("views", "Views"), Column("first", "First viewed"), Column("last", "Last viewed"),
            Column("grant", "Named grant")),
           _restricted_rows),
    Report("same-surname", "Staff viewing children with their own surname",
           "Staff who opened the record of a child who shares their surname. Casebook holds no staff home "
           "addresses, so addresses are not compared.",
           (Column("who", "Person"), Column("email", "Email"), Column("role", "Role"), Column("child", "Casebook ID"),
            Column("views", "Views"), Column("last", "Last viewed")),
           _surname_rows),
    Report("idle-accounts", f"Accounts not used for {IDLE_DAYS} days",
           f"Active accounts nobody has signed in to for {IDLE_DAYS} days or more.",
           (Column("who", "Person"), Column("email", "Email"), Column("role", "Role"), Column("team", "Team"),
            Column("last_login", "Last signed in")),
           lambda: _account_rows(idle_accounts())),
    Report("leavers", "Leavers with active accounts",
           "People whose leaving date has passed but whose account can still sign in.",
           (Column("who", "Person"), Column("email", "Email"), Column("role", "Role"), Column("team", "Team"),
            Column("left_on", "Left on"), Column("last_login", "Last signed in")),
           lambda: _account_rows(leavers_with_active_accounts())),
]}
