"""Fixtures of the sync tests.

* ``sale_setup``: the populated demo store with a lease on one flight and ticket ranges for
  its carrier, as a counter holds them after a sync, for the offline sale tests.
* ``head_office``: a real head office (``create_app`` on its own SQLite file, demo data for
  three days) served by uvicorn on a free 127.0.0.1 port; built once per session and copied
  per test.
* ``counter``: an empty counter store enrolled at that head office, with its client and
  sync engine.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_support import (
    CLERK_LOGIN,
    NOW,
    OUTLET,
    TODAY,
    AppServer,
    Counter,
    HeadOffice,
    LossyTransport,
    SaleSetup,
)

from counter_app.headoffice import loader
from counter_app.headoffice.app import create_app
from counter_app.headoffice.db import Database, upgrade
from counter_app.kernel.clock import FixedClock
from counter_app.storage.db import Store, open_store
from counter_app.storage.models import Airline, CabinInventory, Clerk, Flight
from counter_app.sync import protocol
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.engine import SyncEngine
from counter_app.sync.enroll import enroll_counter
from counter_app.sync.pull import apply_page

# --- offline sales on the demo store ----------------------------------------------------------


def counter_change(seq: int, entity: str, key: str, data: dict[str, object]) -> protocol.Change:
    return protocol.Change(
        seq=seq, scope=protocol.Scope.COUNTER, entity=entity, key=key, op="upsert", data=data
    )


@pytest.fixture
def sale_setup(populated_store: Store) -> SaleSetup:
    """A flight three days out with a Y cabin, a 4-seat lease on it valid two days, and a
    ticket range of 5 numbers (plus a second one of 3) for its carrier's prefix."""
    store = populated_store
    with store.read() as session:
        flight = session.scalars(
            select(Flight)
            .join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(
                Flight.dep_date == TODAY + timedelta(days=3),
                CabinInventory.cabin == "Y",
                Flight.feeder.is_(False),
            )
            .order_by(Flight.flight_no)
        ).first()
        assert flight is not None
        prefix = session.get(Airline, flight.carrier).prefix  # type: ignore[union-attr]
        clerk = session.scalars(select(Clerk).where(Clerk.login == CLERK_LOGIN)).one()
        flight_id, carrier, clerk_id = flight.id, flight.carrier, clerk.id
    first = 2_090_000_000
    lease_id = "lease-0001-aaaa"
    changes = [
        counter_change(
            1,
            "lease",
            lease_id,
            {
                "lease_id": lease_id,
                "flight_id": flight_id,
                "cabin": "Y",
                "granted": 4,
                "used": 0,
                "expires_at": (NOW + timedelta(days=2)).isoformat(),
                "status": "active",
            },
        ),
        counter_change(
            2,
            "range",
            "range-b",
            {"range_id": "range-b", "kind": "ticket", "prefix": prefix,
             "first": first + 100, "last": first + 102},
        ),
        counter_change(
            3,
            "range",
            "range-a",
            {"range_id": "range-a", "kind": "ticket", "prefix": prefix,
             "first": first, "last": first + 4},
        ),
    ]
    with store.unit_of_work() as session:
        apply_page(session, changes, 3)
    return SaleSetup(
        store, flight_id, carrier, prefix, lease_id, clerk_id, CLERK_LOGIN, OUTLET, first
    )


# --- a real head office ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ho_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("headoffice") / "headoffice.sqlite3"
    db = Database.from_url(f"sqlite:///{path}")
    try:
        upgrade(db.engine)
        with db.write() as session:
            loader.load_all(session, TODAY, demo=True, days_ahead=3)
    finally:
        db.dispose()
    return path


@pytest.fixture
def head_office(ho_template: Path, tmp_path: Path) -> Iterator[HeadOffice]:
    path = tmp_path / "headoffice.sqlite3"
    shutil.copy(ho_template, path)
    db = Database.from_url(f"sqlite:///{path}")
    clock = FixedClock(NOW)
    server = AppServer(create_app(db, clock=clock))
    server.start()
    try:
        yield HeadOffice(db, clock, server)
    finally:
        server.stop()
        db.dispose()


@pytest.fixture
def counter(head_office: HeadOffice, tmp_path: Path) -> Iterator[Counter]:
    store = open_store(tmp_path / "counter" / "counter.sqlite3")
    credentials = MemoryCredentialStore()
    transport = LossyTransport()
    client = HeadOfficeClient(head_office.url, credentials, transport=transport, timeout=5.0)
    clock = FixedClock(NOW)
    try:
        answer = enroll_counter(
            store, client, head_office.enrollment_code(), "柜台一", head_office.url,
            credentials, clock.now(),
        )
        # Checksums every cycle in tests (the default is every 5 minutes); small push batches.
        engine = SyncEngine(store, client, clock, batch=3, checksum_every=timedelta(0))
        yield Counter(store, credentials, transport, client, engine, clock, answer.counter_id)
    finally:
        client.close()
        store.close()
