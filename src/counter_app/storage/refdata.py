"""Loads reference data (airports, airlines, seat layouts, rule tables, schedule) into the
local store.

The bundled files in ``resources/data`` are the demo head office's tables; in production
the same rows arrive by sync. Loading is idempotent: each file's content hash is recorded,
and an unchanged file is skipped, so a start after the first costs one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from counter_app.kernel.ids import new_id
from counter_app.kernel.refdata import (
    RULE_DOCUMENTS,
    airline_row,
    airport_row,
    demo_load,
    layout_row,
    pattern_flight,
    read_json,
)
from counter_app.storage.models import (
    Airline,
    Airport,
    CabinInventory,
    Flight,
    LocalSetting,
    RuleDocument,
    SeatLayout,
)


def _setting(session: Session, key: str) -> str | None:
    row = session.get(LocalSetting, key)
    return None if row is None else row.value


def _set_setting(session: Session, key: str, value: str) -> None:
    row = session.get(LocalSetting, key)
    if row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def _changed(session: Session, name: str, digest: str) -> bool:
    return _setting(session, f"data:{name}") != digest


def load_airports(session: Session, data: dict[str, Any]) -> int:
    session.execute(delete(Airport))
    rows = [airport_row(a) for a in data["airports"]]
    session.execute(insert(Airport), rows)
    return len(rows)


def load_airlines(session: Session, data: dict[str, Any]) -> int:
    session.execute(delete(Airline))
    rows = [airline_row(a) for a in data["airlines"]]
    session.execute(insert(Airline), rows)
    return len(rows)


def load_layouts(session: Session, data: dict[str, Any]) -> int:
    session.execute(delete(SeatLayout))
    rows = [layout_row(lay) for lay in data["layouts"]]
    session.execute(insert(SeatLayout), rows)
    return len(rows)


def load_rule_document(session: Session, name: str, data: dict[str, Any], digest: str) -> None:
    row = session.get(RuleDocument, name)
    if row is None:
        session.add(RuleDocument(name=name, version=digest, payload=data))
    else:
        row.version = digest
        row.payload = data


def load_reference_data(session: Session) -> dict[str, int]:
    """Load every bundled reference file that changed since the last load."""
    counts: dict[str, int] = {}
    loaders = {"airports": load_airports, "airlines": load_airlines, "aircraft": load_layouts}
    for name, loader in loaders.items():
        data, digest = read_json(name)
        if _changed(session, name, digest):
            counts[name] = loader(session, data)
            _set_setting(session, f"data:{name}", digest)
    for name in RULE_DOCUMENTS:
        data, digest = read_json(name)
        if _changed(session, name, digest):
            load_rule_document(session, name, data, digest)
            counts[name] = 1
            _set_setting(session, f"data:{name}", digest)
    session.flush()
    return counts


# --- the demo schedule ---------------------------------------------------------------


def materialise_schedule(
    session: Session,
    patterns: Iterable[dict[str, Any]],
    first_day: date,
    days: int,
    today: date,
) -> int:
    """Create dated flights for ``days`` days from ``first_day`` from weekly patterns.

    Existing flights of those days are kept (they may already carry sales).
    """
    existing = {
        (no, d)
        for no, d in session.execute(
            select(Flight.flight_no, Flight.dep_date).where(
                Flight.dep_date >= first_day, Flight.dep_date < first_day + timedelta(days=days)
            )
        )
    }
    flights: list[dict[str, Any]] = []
    cabins: list[dict[str, Any]] = []
    pattern_list = list(patterns)
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        weekday = str(day.isoweekday())
        for p in pattern_list:
            if weekday not in p["days"] or (p["flight_no"], day) in existing:
                continue
            flight_id = new_id()
            flights.append(pattern_flight(p, day, flight_id))
            for cabin, capacity in sorted(p["capacity"].items()):
                if not capacity:
                    continue
                load, closed = demo_load(p["flight_no"], day, cabin, today)
                cabins.append(
                    {
                        "flight_id": flight_id,
                        "cabin": cabin,
                        "capacity": int(capacity),
                        "sold": int(capacity * load),
                        "closed_classes": closed,
                    }
                )
    if flights:
        session.execute(insert(Flight), flights)
        session.execute(insert(CabinInventory), cabins)
    return len(flights)


def ensure_demo_schedule(
    session: Session, today: date, days_back: int = 3, days_ahead: int = 62
) -> int:
    """Keep the demo schedule covering ``today - days_back`` up to, not including,
    ``today + days_ahead``."""
    data, digest = read_json("schedule")
    window_key = f"{today - timedelta(days=days_back)}:{days_ahead + days_back}:{digest}"
    if _setting(session, "demo:schedule_window") == window_key:
        return 0
    created = materialise_schedule(
        session, data["flights"], today - timedelta(days=days_back), days_back + days_ahead, today
    )
    _set_setting(session, "demo:schedule_window", window_key)
    return created
