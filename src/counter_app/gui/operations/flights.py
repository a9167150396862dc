"""The flight finder: the day's flights and connections from the local cache; online, the
seats head office counts now and seats held for offline sale."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.gui.context import DeskContext
from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.services import screens
from counter_app.services.screens import FlightSearch
from counter_app.sync.protocol import Availability, Lease


def search(
    ctx: OnWorker, origins: tuple[str, ...], destinations: tuple[str, ...], day: date,
    now: datetime, done: Done[FlightSearch], failed: Failed | None = None,
) -> Task:
    """Direct flights and connections between the places' airports on ``day``."""
    return submit(ctx, "search_flights", lambda ws: ws.read(
        screens.flight_search, origins, destinations, day, now), done, failed)


def live_availability(
    ctx: DeskContext, flight_ids: list[str], done: Done[list[Availability]],
    failed: Failed | None = None,
) -> Task | None:
    """Online, the seats head office can grant now on these flights (on the pool); None
    when the counter is offline."""
    engine = ctx.sync.engine
    if engine is None or not ctx.sync.online:
        return None
    client = engine.client
    return ctx.runner.run_io("live_availability", lambda: client.availability(flight_ids),
                             done, failed)


def request_lease(
    ctx: DeskContext, flight_id: str, cabin: str, seats: int, done: Done[Lease],
    failed: Failed | None = None,
) -> Task | None:
    """Online, ask head office for ``seats`` on the flight's ``cabin`` to sell offline (an
    allotment lease, kept by the sync engine); None when the counter is offline."""
    engine = ctx.sync.engine
    if engine is None or not ctx.sync.online:
        return None
    return ctx.runner.run_io("request_lease",
                             lambda: engine.request_lease(flight_id, cabin, seats), done, failed)
