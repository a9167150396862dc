"""Shared test configuration: the ``clock`` fixture every suite may take.

The suite's one "today" lives in ``tests/clock_support.py`` (TODAY, NOW, NOON_BEIJING,
days(n)); this fixture is a counter clock standing still at its NOW.
"""

from __future__ import annotations

import pytest

from clock_support import NOW
from counter_app.kernel.clock import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at 09:00 Beijing on the suite's TODAY; a test may move it."""
    return FixedClock(NOW)
