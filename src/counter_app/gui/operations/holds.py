"""Held bookings past their ticketing deadline, released by the main window every minute."""

from __future__ import annotations

from datetime import datetime

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.services import booking


def release_expired(
    ctx: OnWorker, now: datetime, done: Done[list[str]], failed: Failed | None = None
) -> Task:
    """Cancel the held bookings past their deadline (seats back to the leases);
    ``done(pnrs)``."""
    return submit(ctx, "release_expired", lambda ws: ws.write(booking.release_expired, now),
                  done, failed)
