"""What happens when the counter starts, before the clerk logs in: open and migrate the
local store, load reference data, and in demo mode the demo people and schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from counter_app.domain.places import PlaceIndex
from counter_app.paths import database_path
from counter_app.services.flights import airport_infos
from counter_app.storage.db import Store, open_store
from counter_app.storage.demo import load_demo_people
from counter_app.storage.refdata import ensure_demo_schedule, load_reference_data


@dataclass(frozen=True, slots=True)
class StartupResult:
    store: Store
    places: PlaceIndex
    loaded: dict[str, int]


def start_counter(data_dir: Path, demo: bool, today: date) -> StartupResult:
    """Open the store in ``data_dir`` and make it ready to sell. Raises StoreError with a
    code the GUI explains when the folder or the file cannot be used."""
    store = open_store(database_path(data_dir))
    try:
        with store.unit_of_work() as session:
            loaded = load_reference_data(session)
            if demo:
                if load_demo_people(session):
                    loaded["demo_people"] = 1
                loaded["demo_flights"] = ensure_demo_schedule(session, today)
        with store.read() as session:
            places = PlaceIndex(airport_infos(session))
    except BaseException:
        store.close()
        raise
    return StartupResult(store=store, places=places, loaded=loaded)
