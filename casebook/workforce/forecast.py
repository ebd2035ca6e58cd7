"""When would the awaiting-allocation queue clear? A pure function on weekly series.

Assumptions (shown on the page with the answer): the next weeks look like the average of the
last weeks given: the same children arriving (threshold met, waiting for a worker) and the same
number allocated each week; staffing does not change; the queue is worked as a whole.
"""

import math
from dataclasses import dataclass

CLEAR = "clear"
CLEARS = "clears"
GROWS = "grows"


@dataclass(frozen=True)
class Forecast:
    status: str  # clear | clears | grows
    queue_now: int
    weeks: int  # weeks of history the averages are taken over
    arrivals_per_week: float
    allocations_per_week: float
    weeks_to_clear: int | None  # for `clears`: whole weeks until the queue is empty

    @property
    def net_per_week(self) -> float:
        return self.allocations_per_week - self.arrivals_per_week

    @property
    def sentence(self) -> str:
        if self.status == CLEAR:
            return "No children are waiting for allocation."
        if self.status == GROWS:
            return (f"At the current rate the queue will not clear: about {self.arrivals_per_week:.1f} children a week "
                    f"arrive and {self.allocations_per_week:.1f} are allocated.")
        return (f"At the current rate the queue of {self.queue_now} would clear in "
                f"{self.weeks_to_clear} week{'s' if self.weeks_to_clear != 1 else ''}.")


def backlog_forecast(*, queue_now: int, arrivals: list[int], allocations: list[int]) -> Forecast:
    """Forecast from weekly arrivals and allocations (oldest first, same length).

    - `clear`: nobody is waiting now.
    - `clears`: allocations outpace arrivals; weeks to clear = ceil(queue / (allocations - arrivals)).
    - `grows`: arrivals match or outpace allocations, so at current capacity it never clears.
    """
    if len(arrivals) != len(allocations):
        raise ValueError("arrivals and allocations must cover the same weeks")
    if queue_now < 0 or any(n < 0 for n in arrivals + allocations):
        raise ValueError("counts cannot be negative")
    weeks = len(arrivals)
    arriving = sum(arrivals) / weeks if weeks else 0.0
    allocating = sum(allocations) / weeks if weeks else 0.0
    if queue_now == 0:
        return Forecast(CLEAR, 0, weeks, arriving, allocating, 0)
    net = allocating - arriving
    if net <= 0:
        return Forecast(GROWS, queue_now, weeks, arriving, allocating, None)
    return Forecast(CLEARS, queue_now, weeks, arriving, allocating, math.ceil(queue_now / net - 1e-9))
