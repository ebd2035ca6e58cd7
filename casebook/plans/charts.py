"""The score chart: each goal's 0-10 score at each review as a line, server-rendered SVG drawn
with the app-chart classes (no inline style or script). The table beside it holds the same numbers."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 520, 200, 30
MARKERS = 6  # distinct line styles before they repeat (app-chart__series--N in app.scss)


@dataclass(frozen=True)
class Series:
    number: int
    points: list  # (x, y, label)
    path: str
    style: int

    @property
    def label_x(self) -> float:
        return self.points[-1][0]

    @property
    def label_y(self) -> float:
        return self.points[-1][1]


def score_chart(table) -> dict:
    """Geometry for `table` (selectors.ScoreTable): x is the review, y the score 0-10."""
    count = len(table.reviews)
    if count == 0:
        return {}
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
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
    gridlines = [(v, round(PAD + plot_h * (10 - v) / 10, 1)) for v in (0, 5, 10)]
    return {"width": WIDTH, "height": HEIGHT, "series": series, "gridlines": gridlines, "left": PAD,
            "right": WIDTH - PAD, "bottom": HEIGHT - PAD}
