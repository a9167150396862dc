"""What happens when the counter starts, before the clerk logs in: open and migrate the
local store, and load its data.

Three ways to start:

* **normal**: the store as it is; reference data and people arrive by sync. A counter not
  yet enrolled opens on its enrollment, then :func:`first_pull` brings the outlet's
  clerks, flights and reference data before anyone logs in.
* **standalone demo** (``--demo --standalone``): the bundled demo data loaded straight into
  the store, no head office; the counter grants itself what head office would (leases on
  its outlets' flights, ticket and receipt ranges) so it sells out of the box. The tests
  and benchmarks load the same data without those grants and grant what they need.
* **connected demo** (``--demo``, the README's command): a demo head office is started
  beside the counter, the counter enrolls with it once, and the first sync pulls the
  reference data, flights and the outlet's clerks and customers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter_app.domain.places import PlaceIndex
from counter_app.kernel.clock import Clock
from counter_app.paths import database_path
from counter_app.services.flights import airport_infos
from counter_app.storage.db import Store, open_store
from counter_app.storage.demo import grant_demo_stock, load_demo_people
from counter_app.storage.models import Clerk
from counter_app.storage.refdata import ensure_demo_schedule, load_reference_data
from counter_app.sync.status import COUNTER_ID, get_setting

if TYPE_CHECKING:
    from counter_app.services.demo_network import DemoHeadOffice
    from counter_app.sync.credentials import CredentialStore
    from counter_app.sync.engine import CycleReport


class StartStep(StrEnum):
    """What a start is doing, for the login window."""

    HEAD_OFFICE = "head_office"  # starting the demo head office
    HEAD_OFFICE_LOAD = "head_office_load"  # ... and loading its demo data (first start)
    ENROLL = "enroll"
    PULL = "pull"  # with (done, total) in head office's change sequence numbers
    READY = "ready"


#: Told (step, done, total) as a start goes on; may raise StartCancelledError to stop it.
StartProgress = Callable[[StartStep, int, int], None]


class StartCancelledError(BaseException):
    """The counter is quitting: the start stops where it is. A BaseException (like
    KeyboardInterrupt) so that no ``except Exception`` on the way, such as the sync
    cycle's, takes it for a failure to report and carries on."""


def _nothing(step: StartStep, done: int, total: int) -> None:
    return None


@dataclass
class StartupResult:
    store: Store
    places: PlaceIndex
    loaded: dict[str, int]
    head_office: DemoHeadOffice | None = None
    notes: list[str] = field(default_factory=list)
    enrolled: bool = True  # with head office (the standalone demo counts as enrolled)
    has_clerks: bool = True  # somebody can log in


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
        with store.read() as session:
            enrolled = demo or get_setting(session, COUNTER_ID) is not None
            has_clerks = session.scalar(select(Clerk.login).limit(1)) is not None
        places = build_places(store)
    except BaseException:
        store.close()
        raise
    return StartupResult(store=store, places=places, loaded=loaded, enrolled=enrolled,
                         has_clerks=has_clerks)


def _sync_once(
    store: Store,
    base_url: str,
    credentials: CredentialStore,
    clock: Clock,
    progress: StartProgress,
) -> CycleReport:
    """One sync cycle with the head office at ``base_url``, telling ``progress`` how far
    the pull has got."""
    from counter_app.sync.client import HeadOfficeClient
    from counter_app.sync.engine import SyncEngine

    progress(StartStep.PULL, 0, 0)
    with HeadOfficeClient(base_url, credentials) as client:
        engine = SyncEngine(
            store, client, clock, on_pull_page=lambda done, total: progress(
                StartStep.PULL, done, total)
        )
        return engine.cycle()


def first_pull(
    store: Store,
    credentials: CredentialStore,
    clock: Clock,
    progress: StartProgress = _nothing,
) -> tuple[PlaceIndex, int]:
    """Sync once with the head office this counter is enrolled with, reporting how far the
    pull has got; returns the places (airports pulled) and the changes pulled. Raises
    RuntimeError with head office's answer when the sync failed."""
    saved = credentials.load()
    if saved is None:
        raise RuntimeError("this counter holds no device token: enroll it again")
    report = _sync_once(store, saved.base_url, credentials, clock, progress)
    if not report.ok:
        raise RuntimeError(report.error or report.error_kind or "sync failed")
    places = build_places(store)
    progress(StartStep.READY, 1, 1)
    return places, report.pulled


def build_places(store: Store) -> PlaceIndex:
    with store.read() as session:
        return PlaceIndex(airport_infos(session))


def start_connected_demo(
    data_dir: Path,
    today: date,
    credentials: CredentialStore,
    clock: Clock,
    outlet: str | None = None,
    progress: StartProgress = _nothing,
    on_head_office: Callable[[DemoHeadOffice], None] | None = None,
    head_office_dir: Path | None = None,
) -> StartupResult:
    """Start the demo head office (in ``head_office_dir``, ``data_dir/headoffice`` when not
    given; one another demo counter already runs there is used as it is), enroll this
    counter with it (first time; for ``outlet``, the demo's HET001 when not given) and sync
    once, so the clerk finds flights, clerks and customers at the login. ``on_head_office``
    gets the head office as soon as its process runs (so a quitting counter can stop it)."""
    from counter_app.services.demo_network import ensure_enrolled, start_demo_head_office

    store = open_store(database_path(data_dir))
    head_office = None

    def started(running: DemoHeadOffice, loading: bool) -> None:
        nonlocal head_office
        head_office = running
        if on_head_office is not None:
            on_head_office(running)
        progress(StartStep.HEAD_OFFICE_LOAD if loading else StartStep.HEAD_OFFICE, 0, 0)

    try:
        progress(StartStep.HEAD_OFFICE, 0, 0)
        folder = head_office_dir if head_office_dir is not None else data_dir / "headoffice"
        head_office = start_demo_head_office(folder, today, on_started=started)
        if not head_office.owned and on_head_office is not None:
            on_head_office(head_office)
        progress(StartStep.ENROLL, 0, 0)
        if outlet is None:
            ensure_enrolled(store, head_office, credentials, clock.now())
        else:
            ensure_enrolled(store, head_office, credentials, clock.now(), outlet=outlet)
        report = _sync_once(store, head_office.base_url, credentials, clock, progress)
        notes = [] if report.ok else [report.error]
        places = build_places(store)
        progress(StartStep.READY, 1, 1)
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
