"""The flight finder: the day's flights and connections from the local cache."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.services import screens
from counter_app.services.screens import FlightSearch


def search(
    ctx: OnWorker, origins: tuple[str, ...], destinations: tuple[str, ...], day: date,
    now: datetime, done: Done[FlightSearch], failed: Failed | None = None,
) -> Task:
    """Direct flights and connections between the places' airports on ``day``."""
    return submit(ctx, "search_flights", lambda ws: ws.read(
        screens.flight_search, origins, destinations, day, now), done, failed)
