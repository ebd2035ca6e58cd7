"""Template helpers for oversight lists."""

from django import template

from casebook.oversight.selectors import days_since

register = template.Library()


@register.filter
def days_ago(value) -> str:
    """'12 days' since a date, or 'None recorded'."""
    days = days_since(value)
    if days is None:
        return "None recorded"
    return f"{days} day{'s' if days != 1 else ''}"


@register.simple_tag
def scope_query(params: dict, **extra) -> str:
    """A query string for a dashboard link: the scope's parameters plus `extra`."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in {**params, **extra}.items():
        if value not in (None, ""):
            query[key] = value
    return "?" + query.urlencode()
