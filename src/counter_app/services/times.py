"""Times as the services read them (docs/architecture.md rule 4): a stored naive UTC time
made aware, and the Beijing business day of a moment."""

from __future__ import annotations

from datetime import UTC, date, datetime

from counter_app.kernel.clock import SHANGHAI

__all__ = ["aware_utc", "business_date"]


def aware_utc(at: datetime) -> datetime:
    """A naive time (stored, so UTC) as an aware UTC time; an aware time as it is."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def business_date(at: datetime) -> date:
    """The Beijing business day of a moment (naive = UTC): the ticketing date of a sale,
    the day a ticket was issued, the day to close."""
    return aware_utc(at).astimezone(SHANGHAI).date()
