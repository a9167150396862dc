"""The one "today" of the test suite.

Every test that needs a date takes it from here (or from the ``clock`` fixture built on
it), so the suite passes on whatever day the machine has, and again with the machine's
clock moved a year ahead (``scripts/test`` runs the date-sensitive suites a second time
under libfaketime). Dates are derived from the real Beijing date when the test session
starts, never written as calendar literals that the real clock would overtake.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from counter_app.kernel.clock import SHANGHAI

#: Beijing's date when the test session started: the demo schedule is built around it.
TODAY: date = datetime.now(SHANGHAI).date()

#: 09:00 in Beijing on TODAY, as an aware UTC time: a counter's morning.
NOW: datetime = datetime.combine(TODAY, time(9, 0), tzinfo=SHANGHAI).astimezone(UTC)

#: 12:00 in Beijing on TODAY, as an aware UTC time.
NOON_BEIJING: datetime = datetime.combine(TODAY, time(12, 0), tzinfo=SHANGHAI).astimezone(UTC)


def days(n: int) -> date:
    """TODAY moved by ``n`` days."""
    return TODAY + timedelta(days=n)
