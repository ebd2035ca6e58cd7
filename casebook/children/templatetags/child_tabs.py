from django import template
from django.urls import reverse

from casebook.children.panels import status_for, tabs_for

register = template.Library()


@register.inclusion_tag("children/_tabs.html", takes_context=True)
def child_tabs(context, child):
    request = context["request"]
    current = request.resolver_match.view_name if request.resolver_match else ""
    tabs = [
        {"label": t.label, "url": reverse(t.url_name, args=[child.casebook_id]), "active": t.url_name == current}
        for t in tabs_for(request.user, child)
    ]
    return {"tabs": tabs}


@register.inclusion_tag("children/_status.html")
def child_status(child):
    """The child's legal status and recent events as tags under the name (CP plan, looked after, ...)."""
    return {"tags": status_for(child).tags}
