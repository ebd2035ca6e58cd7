from django.conf import settings


def service(request):
    """What the base layout needs on every page."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_phase": settings.SERVICE_PHASE,
    }


def navigation(request):
    from casebook.core.navigation import items_for, section_for

    return {"nav_items": items_for(request), "nav_section": section_for(request)}
