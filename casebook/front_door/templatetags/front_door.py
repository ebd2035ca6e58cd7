from django import template

register = template.Library()


@register.simple_tag
def share(breakdown, counts: dict, key: str) -> str:
    """'12 (40.0%)': a count and its share of the breakdown's decisions."""
    n = counts.get(key, 0)
    return f"{n} ({breakdown.share(counts, key)}%)"
