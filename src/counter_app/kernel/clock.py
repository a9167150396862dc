"""The time as the counter sees it. A clock is passed in, never read from a global, so
tests can set it and a skewed counter clock is visible (docs/architecture.md: counter clocks are
for audit only)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def business_day_utc(day: date) -> tuple[datetime, datetime]:
    """A business day (Beijing midnight to midnight) as naive UTC bounds, as times are
    stored."""
    start = datetime.combine(day, time(0), tzinfo=SHANGHAI).astimezone(UTC).replace(tzinfo=None)
    return start, start + timedelta(days=1)


def beijing(at: datetime) -> datetime:
    """A time (naive = UTC, as stored) as Beijing wall-clock time, naive, for printing."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).replace(tzinfo=None)


def beijing_minute(at: datetime | None) -> str:
    """A time in Beijing, to the minute, as the clerk reads it ("" for none)."""
    return "" if at is None else beijing(at).strftime("%Y-%m-%d %H:%M")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still (tests) until moved with :meth:`advance` or :meth:`set`."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at


def utc_naive(at: datetime) -> datetime:
    """Aware → naive UTC, the form timestamps are stored in."""
    return at.astimezone(UTC).replace(tzinfo=None)


def local_today(at: datetime) -> datetime:
    return at.astimezone(SHANGHAI)
