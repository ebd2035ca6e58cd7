from django.core.paginator import Paginator


def paginate(request, queryset, *, per_page: int = 50):
    """A page of `queryset` from ?page=N; out-of-range or junk page numbers give the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
