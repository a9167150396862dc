"""What the services read off a stored flight: its fares as the domain prices them, its
departure in its airport's time zone, and whether it has left."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.fares import RouteFares
from counter_app.domain.money import from_fen
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.times import aware_utc
from counter_app.storage.models import Airport, Flight

__all__ = ["departed", "departure_aware", "route_fares"]


def route_fares(flight: Flight) -> RouteFares:
    """The flight's published full fares per cabin (yuan)."""
    return RouteFares(
        y=from_fen(flight.y_fare_fen),
        c=None if flight.c_fare_fen is None else from_fen(flight.c_fare_fen),
        f=None if flight.f_fare_fen is None else from_fen(flight.f_fare_fen),
    )


def departure_aware(session: Session, flight: Flight) -> datetime:
    """Departure as an aware datetime in the origin airport's time zone."""
    tz = session.scalar(select(Airport.tz).where(Airport.iata == flight.origin))
    try:
        zone = ZoneInfo(tz) if tz else SHANGHAI
    except (KeyError, ValueError):  # pragma: no cover - reference data names real zones
        zone = SHANGHAI
    return datetime.combine(flight.dep_date, flight.dep_time, tzinfo=zone)


def departed(flight: Flight, at_server: datetime) -> bool:
    """Whether the flight has left by ``at_server`` (head office time), its local departure
    read as Beijing time."""
    local = aware_utc(at_server).astimezone(SHANGHAI).replace(tzinfo=None)
    return datetime.combine(flight.dep_date, flight.dep_time) <= local
