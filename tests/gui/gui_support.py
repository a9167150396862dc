"""Constants shared by the GUI tests."""

from __future__ import annotations

from datetime import UTC, datetime

from counter_app.clock import SHANGHAI

# A fixed "now" inside the demo schedule window: the demo schedule is built around today.
NOW = datetime.now(UTC).replace(hour=1, minute=0, second=0, microsecond=0)
TODAY = NOW.astimezone(SHANGHAI).date()
