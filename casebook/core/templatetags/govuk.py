"""Template helpers for GOV.UK Design System markup (loaded as a builtin everywhere)."""

from datetime import date, datetime

from django import template
from django.utils import timezone

from casebook.core import forms as govuk_forms

register = template.Library()


@register.filter
def govuk_kind(bound_field) -> str:
    return govuk_forms.govuk_kind(bound_field.field)


@register.inclusion_tag("govuk/error_summary.html")
def error_summary(*forms):
    """The GOV.UK error summary for one or more forms (each a GovukFormMixin), followed by what
    someone else changed when a form's save was refused as stale (`core.concurrency.show_conflict`)."""
    items, conflicted = [], None
    for form in forms:
        if form is not None and form.errors:
            items.extend(form.error_summary())
        if getattr(form, "conflict", None) is not None:
            conflicted = form
    return {"items": items, "conflict": conflicted.conflict if conflicted else None,
            "conflict_final": getattr(conflicted, "conflict_final", False)}


@register.simple_tag(takes_context=True)
def title_prefix(context) -> str:
    """'Error: ' when any form on the page has errors (GOV.UK page title pattern)."""
    for value in context.flatten().values():
        if hasattr(value, "errors") and hasattr(value, "error_summary") and value.is_bound and value.errors:
            return "Error: "
    return ""


@register.filter
def ukdate(value) -> str:
    """1 April 2027; datetimes in local time with 24-hour clock."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
        return f"{value.day} {value:%B %Y, %H:%M}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


@register.filter
def age_from(dob: date | None) -> str:
    if not dob:
        return ""
    today = timezone.localdate()
    years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    if years >= 2:
        return f"{years} years"
    months = (today.year - dob.year) * 12 + today.month - dob.month - (today.day < dob.day)
    return f"{months} month{'s' if months != 1 else ''}"


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs) -> str:
    """The current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.filter
def may_open(user, url_name: str) -> bool:
    """`{% if request.user|may_open:"workforce:caseloads" %}`: link only to pages the user may open."""
    from casebook.core.navigation import may_open as _may_open

    return _may_open(user, url_name)


@register.filter
def may_record(user, page: str = "") -> bool:
    """`{% if request.user|may_record %}`: offer "Record ..." links on a child's pages only to those who
    may record there (access_audit.selectors.may_record); analysts, auditors and administrators read.
    `user|may_record:"care-review-add"` asks about the page with that access name (an IRO records
    only the reviews and conferences they chair)."""
    from casebook.access_audit.selectors import may_record as _may_record

    return getattr(user, "is_authenticated", False) and _may_record(user, page)


@register.filter
def may_record_here(request) -> bool:
    """`{% if request|may_record_here %}<form ...>{% else %}{% form_as_read form %}{% endif %}`: whether
    the user may record on this page, from the view's access declaration
    (access_audit.decorators.may_record_here)."""
    from casebook.access_audit.decorators import may_record_here as _may_record_here

    return _may_record_here(request)


@register.inclusion_tag("govuk/form_as_read.html")
def form_as_read(form):
    """An edit page's form for someone who may only read it: what is recorded, as a GOV.UK summary
    list (core.forms.form_answers); on a page that would only add a record, that they cannot record
    here."""
    reads = govuk_forms.reads_a_record(form)
    return {"answers": govuk_forms.form_answers(form) if reads else [],
            "unrecorded": form is not None and not reads and isinstance(form, govuk_forms.VersionedFormMixin)}
