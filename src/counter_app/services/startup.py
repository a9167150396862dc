"""What happens when the counter starts, before the clerk logs in: open and migrate the
local store, and load its data.

Three ways to start:

* **normal**: the store as it is; reference data and people arrive by sync.
* **standalone demo** (``--demo --standalone``): the bundled demo data loaded straight into
  the store, no head office; the counter grants itself what head office would (leases on
  its outlets' flights, ticket and receipt ranges) so it sells out of the box. The tests
  and benchmarks load the same data without those grants and grant what they need.
* **connected demo** (``--demo``, the README's command): a demo head office is started
  beside the counter, the counter enrolls with it once, and the first sync pulls the
  reference data, flights and the outlet's clerks and customers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.clock import Clock
from counter_app.domain.places import PlaceIndex
from counter_app.paths import database_path
from counter_app.services.flights import airport_infos
from counter_app.storage.db import Store, open_store
from counter_app.storage.demo import grant_demo_stock, load_demo_people
from counter_app.storage.refdata import ensure_demo_schedule, load_reference_data

if TYPE_CHECKING:
    from counter_app.services.demo_network import DemoHeadOffice
    from counter_app.sync.credentials import CredentialStore


@dataclass
class StartupResult:
    store: Store
    places: PlaceIndex
    loaded: dict[str, int]
    head_office: DemoHeadOffice | None = None
    notes: list[str] = field(default_factory=list)


def start_counter(
    data_dir: Path, demo: bool, today: date, grant_at: datetime | None = None
) -> StartupResult:
    """Open the store in ``data_dir`` (standalone demo data when ``demo``; with
    ``grant_at``, the current time, also the demo's own leases and ranges). Raises
    StoreError with a code the GUI explains when the folder or file cannot be used."""
    store = open_store(database_path(data_dir))
    try:
        loaded: dict[str, int] = {}
        if demo:
            with store.unit_of_work() as session:
                loaded = load_reference_data(session)
                if load_demo_people(session):
                    loaded["demo_people"] = 1
                loaded["demo_flights"] = ensure_demo_schedule(session, today)
                if grant_at is not None:
                    loaded.update(grant_demo_stock(session, grant_at))
        places = build_places(store)
    except BaseException:
        store.close()
        raise
    return StartupResult(store=store, places=places, loaded=loaded)


def build_places(store: Store) -> PlaceIndex:
    with store.read() as session:
        return PlaceIndex(airport_infos(session))


def start_connected_demo(
    data_dir: Path,
    today: date,
    credentials: CredentialStore,
    clock: Clock,
    outlet: str | None = None,
) -> StartupResult:
    """Start the demo head office, enroll this counter with it (first time; for ``outlet``,
    the demo's HET001 when not given) and sync once, so the clerk finds flights, clerks and
    customers at the login."""
    from counter_app.services.demo_network import ensure_enrolled, start_demo_head_office
    from counter_app.sync.client import HeadOfficeClient
    from counter_app.sync.engine import SyncEngine

    store = open_store(database_path(data_dir))
    head_office = None
    try:
        head_office = start_demo_head_office(data_dir / "headoffice", today)
        if outlet is None:
            ensure_enrolled(store, head_office, credentials, clock.now())
        else:
            ensure_enrolled(store, head_office, credentials, clock.now(), outlet=outlet)
        with HeadOfficeClient(head_office.base_url, credentials) as client:
            report = SyncEngine(store, client, clock).cycle()
        notes = [] if report.ok else [report.error]
        places = build_places(store)
    except BaseException:
        if head_office is not None:
            head_office.stop()
        store.close()
        raise
    return StartupResult(
        store=store,
        places=places,
        loaded={"pulled": report.pulled},
        head_office=head_office,
        notes=notes,
    )
