"""The time as the counter sees it. A clock is passed in, never read from a global, so
tests can set it and a skewed counter clock is visible (ARCHITECTURE.md: counter clocks are
for audit only)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


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
