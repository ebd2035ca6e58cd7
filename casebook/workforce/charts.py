"""Server-rendered SVG bar charts: geometry only; the template draws them with CSS classes
from frontend/app.scss (no inline style or script), and the table beside each chart carries
the same numbers for people who cannot see it."""

from dataclasses import dataclass

from html import escape

from django.utils.safestring import mark_safe

WIDTH, HEIGHT, GAP = 520, 140, 2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


def bar_chart(points, *, reference: float | None = None, unit: str = "count") -> dict:
    """Bars for `points` (each with .week and .value), scaled to the largest value or reference."""
    values = [p.value for p in points if p.value is not None]
    top = max([*values, reference or 0, 1])
    slot = WIDTH / max(len(points), 1)
    bars = []
    for i, p in enumerate(points):
        if p.value is None:
            continue
        h = HEIGHT * p.value / top
        suffix = "%" if unit == "percent" else ""
        bars.append(Bar(x=round(i * slot, 1), y=round(HEIGHT - h, 1), width=round(max(slot - GAP, 1), 1),
                        height=round(h, 1), label=f"Week of {p.week.day} {p.week:%b %Y}: {p.value:g}{suffix}"))
    ref_y = round(HEIGHT - HEIGHT * reference / top, 1) if reference is not None else None
    # The bars' markup is built here, escaped, rather than in a template loop: the leaders'
    # overview draws 15 charts of 52 bars, which a template loop took tens of milliseconds over.
    svg = mark_safe("".join(  # numbers, and labels escaped  # nosec B308 B703
        f'<rect class="app-chart__bar" x="{b.x}" y="{b.y}" width="{b.width}" height="{b.height}">'
        f"<title>{escape(b.label)}</title></rect>" for b in bars))
    # The scale, written under the chart: with no axis labels a bar's height meant nothing.
    scale = f"Scale 0 to {top:g}{'%' if unit == 'percent' else ''}" if values else "No values in these weeks"
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "bars_svg": svg, "reference_y": ref_y, "top": top,
            "scale": scale}
