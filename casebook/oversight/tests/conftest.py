import datetime

import pytest

from casebook.oversight import services


@pytest.fixture(autouse=True)
def _fresh_local_timescales():
    """Local timescale values are cached per process; tests roll their rows back, so clear it."""
    services.clear_local_values()
    yield
    services.clear_local_values()


@pytest.fixture
def make_clock():
    from casebook.clocks.models import Clock

    def _make(child, item, *, due, completed=None, started=None, cancelled=False):
        return Clock.objects.create(child=child, item=item, started_on=started or due - datetime.timedelta(days=30),
                                    due_on=due, completed_on=completed, cancelled=cancelled)

    return _make
