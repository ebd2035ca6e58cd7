"""The score chart: each goal's 0-10 score at each review as a line, server-rendered SVG drawn
with the app-chart classes (no inline style or script). The table beside it holds the same numbers
and each goal's full wording; the chart labels the lines "Goal N" in a margin kept for them, moved
apart where lines end close together so no label hides another or runs off the edge."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 520, 200, 30
LABEL_SPACE = 70  # right margin for the "Goal N" labels (about 50 units at the chart's label size)
LABEL_GAP = 16  # least vertical distance between two labels' baselines
MARKERS = 6  # distinct line styles before they repeat (app-chart__series--N in app.scss)


@dataclass(frozen=True)
class Series:
    number: int
    points: list  # (x, y, label)
    path: str
    style: int
    label_y: float = 0.0  # where the "Goal N" label sits: beside the line's end, moved apart from the others

    @property
    def label_x(self) -> float:
        return self.points[-1][0]


def spread_labels(ends: list[float], *, top: float, bottom: float, gap: float = LABEL_GAP) -> list[float]:
    """Label positions as near as possible to `ends` (the lines' last y values) with at least
    `gap` between any two, all within [top, bottom] when they fit. Returns them in the order given."""
    order = sorted(range(len(ends)), key=lambda i: ends[i])
    placed: list[float] = []
    for i in order:
        placed.append(max(ends[i], placed[-1] + gap) if placed else max(ends[i], top))
    overflow = placed[-1] - bottom if placed else 0
    if overflow > 0:  # pushed off the bottom: slide the stack up, never above the top
        placed = [max(top + k * gap, y - overflow) for k, y in enumerate(placed)]
    result = [0.0] * len(ends)
    for i, y in zip(order, placed, strict=True):
        result[i] = round(y, 1)
    return result


def score_chart(table) -> dict:
    """Geometry for `table` (selectors.ScoreTable): x is the review, y the score 0-10."""
    count = len(table.reviews)
    if count == 0:
        return {}
    plot_w, plot_h = WIDTH - PAD - LABEL_SPACE, HEIGHT - 2 * PAD
    step = plot_w / max(count - 1, 1)
    series = []
    for number, goal, scores in table.rows:
        points = []
        for i, (review, score) in enumerate(zip(table.reviews, scores, strict=True)):
            if score is None:
                continue
            x = round(PAD + (i * step if count > 1 else plot_w / 2), 1)
            y = round(PAD + plot_h * (10 - score) / 10, 1)
            points.append((x, y, f"Goal {number}, review on {review.held_on.day} {review.held_on:%B %Y}: {score}"))
        if points:
            path = "M" + " L".join(f"{x} {y}" for x, y, _ in points)
            series.append(Series(number=number, points=points, path=path, style=(number - 1) % MARKERS + 1))
    labels = spread_labels([s.points[-1][1] for s in series], top=PAD / 2, bottom=HEIGHT - PAD / 2)
    series = [Series(s.number, s.points, s.path, s.style, label_y=y) for s, y in zip(series, labels, strict=True)]
    gridlines = [(v, round(PAD + plot_h * (10 - v) / 10, 1)) for v in (0, 5, 10)]
    return {"width": WIDTH, "height": HEIGHT, "series": series, "gridlines": gridlines, "left": PAD,
            "right": WIDTH - LABEL_SPACE, "bottom": HEIGHT - PAD}
