"""The sync engine against the real head office (``create_app`` on its own SQLite file,
served by uvicorn over real HTTP on 127.0.0.1): enroll, pull everything, sell offline from
a lease, push, duplicates on replay, rejections to the attention list while the rest drains,
token refresh, clock skew, checksum drift, merge conflicts, and the background loop."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session
from sync_support import NOW, TODAY, Counter, HeadOffice, SaleSetup, resident_id

from counter_app.headoffice import models as ho
from counter_app.headoffice import policy
from counter_app.kernel.clock import FixedClock
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.customer_edits import edit_customer
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.leases import seats_left_offline as seats_left
from counter_app.storage.db import Store, open_store
from counter_app.storage.models import (
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    Lease,
    NumberRange,
    OutboxEntry,
    PulledVersion,
    SyncCycle,
)
from counter_app.sync import protocol
from counter_app.sync.client import HeadOfficeClient, Refused
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.engine import SyncEngine, backoff_delay
from counter_app.sync.enroll import EnrollmentRefused, enroll_counter
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import (
    get_cursor,
    get_setting,
    open_attention,
    read_status,
    resolve,
    server_now,
    set_setting,
)

ADULT = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"))
INFANT = PassengerInput("张宝宝", "NI", resident_id(TODAY - timedelta(days=317), "041"))
T = TypeVar("T")


def local_flight(c: Counter) -> str:
    """A flight two days out with a Y cabin that has seats, from the counter's own copy."""
    with c.store.read() as session:
        flight_id = session.scalar(
            select(Flight.id)
            .join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(
                Flight.dep_date == TODAY + timedelta(days=2),
                CabinInventory.cabin == "Y",
                CabinInventory.capacity - CabinInventory.sold >= 10,
            )
            .order_by(Flight.flight_no)
            .limit(1)
        )
    assert flight_id is not None
    return str(flight_id)


def sell(c: Counter, flight_id: str, passengers: list[PassengerInput] | None = None,
         login: str = "wangli") -> str:
    party = passengers or [ADULT]
    with c.store.unit_of_work() as session:
        return sell_in(session, flight_id, party, login, c.clock.now())


def sell_in(session: Session, flight_id: str, party: list[PassengerInput], login: str,
            now: datetime) -> str:
    """Hold and ticket one flight in the caller's unit of work, paid in cash."""
    row = session.scalars(select(Clerk).where(Clerk.login == login)).one()
    clerk = ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code, "", "")
    held = book(session, segments=[SegmentChoice(flight_id, "Y")], passengers=party,
                customer_id=None, clerk=clerk, now=now)
    return ticket_booking(session, held.booking_id, [PaymentInput("cash", held.quote.total)],
                          clerk=clerk, now=now).booking_id


def outbox_states(c: Counter) -> list[tuple[str, str, str]]:
    with c.store.read() as session:
        return [
            (e.kind, e.state, e.last_code)
            for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
        ]


def test_enroll_and_pull_everything_with_matching_checksums(
    head_office: HeadOffice, counter: Counter
) -> None:
    report = counter.engine.cycle()
    assert report.ok, report.error
    assert report.handshake
    assert report.pulled > 3000
    assert report.checksum_ok is True
    with head_office.db.read() as ho_session, counter.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Flight)) == ho_session.scalar(
            select(func.count()).select_from(ho.Flight)
        )
        logins = set(session.scalars(select(Clerk.login)))
        ranges = session.execute(select(NumberRange.kind, NumberRange.prefix)).all()
        assert get_setting(session, "sync:outlet_code") == "HET001"
        assert get_cursor(session) == report.cursor
        status = read_status(session, counter.clock.now())
    assert logins == {"wangli", "chenhong"}  # only this outlet's clerks
    assert ("receipt", "") in ranges
    assert len([r for r in ranges if r[0] == "ticket"]) >= 20  # one per airline prefix
    assert status.online
    assert status.enrolled
    assert status.pending == 0
    assert status.server_offset == timedelta(0)
    assert status.last_success_at == NOW.replace(tzinfo=None)
    again = counter.engine.cycle()
    assert again.ok
    assert again.pulled == 0
    assert again.checksum_ok is True
    assert not again.handshake  # once an hour is enough
    with counter.store.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncCycle)) == 2


def test_checksums_are_compared_every_few_minutes_not_every_cycle(
    head_office: HeadOffice, counter: Counter
) -> None:
    engine = SyncEngine(counter.store, counter.client, counter.clock)
    assert engine.cycle().checksum_ok is True
    assert engine.cycle().checksum_ok is None  # compared 0 s ago
    counter.clock.set(NOW + timedelta(minutes=5))
    assert engine.cycle().checksum_ok is True


def test_a_demo_data_folder_becomes_a_synced_one(
    head_office: HeadOffice, populated_store: Store
) -> None:
    """The demo flights and people go (head office sends the real ones); the first pull
    then lands without colliding with them."""
    credentials = MemoryCredentialStore()
    with HeadOfficeClient(head_office.url, credentials) as client:
        enroll_counter(populated_store, client, head_office.enrollment_code(), "演示",
                       head_office.url, credentials, NOW)
        report = SyncEngine(populated_store, client, FixedClock(NOW)).cycle()
    assert report.ok, report.error
    assert report.checksum_ok is True
    with populated_store.read() as session, head_office.db.read() as ho_session:
        assert session.scalar(select(func.count()).select_from(Flight)) == ho_session.scalar(
            select(func.count()).select_from(ho.Flight)
        )
        assert set(session.scalars(select(Clerk.login))) == {"wangli", "chenhong"}
        assert get_setting(session, "demo:people") is None


def test_a_demo_data_folder_with_demo_sales_is_refused_before_the_code_is_used(
    head_office: HeadOffice, sale_setup: SaleSetup
) -> None:
    with sale_setup.store.unit_of_work() as session:
        sell_in(session, sale_setup.flight_id, [ADULT], "wangli", NOW)
    code = head_office.enrollment_code()
    with (
        HeadOfficeClient(head_office.url, MemoryCredentialStore()) as client,
        pytest.raises(EnrollmentRefused, match="demo sales"),
    ):
        enroll_counter(sale_setup.store, client, code, "演示", head_office.url,
                       MemoryCredentialStore(), NOW)
    with head_office.db.read() as session:  # the one-time code is still unused
        assert session.scalar(select(func.count()).select_from(ho.Counter)) == 0


def test_sell_offline_from_a_lease_then_push(head_office: HeadOffice, counter: Counter) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    lease = counter.engine.request_lease(flight_id, "Y", 3, hours=48)
    assert lease.granted == 3
    head_office.server.stop()  # the line goes down
    sale_id = sell(counter, flight_id, [ADULT, INFANT])
    with counter.store.read() as session:
        assert seats_left(session, flight_id, "Y", NOW) == 2
    offline = counter.engine.cycle()
    assert not offline.ok
    assert offline.error_kind == "offline"
    assert offline.offline
    with counter.store.read() as session:
        status = read_status(session, NOW)
    assert not status.online
    assert status.pending == 1
    head_office.server.start()  # back, same port
    report = counter.engine.cycle()
    assert report.ok, report.error
    assert (report.pushed, report.applied, report.rejected) == (1, 1, 0)
    assert report.checksum_ok is True
    assert outbox_states(counter) == [("sale.issue", "done", "")]
    with head_office.db.read() as ho_session:
        sale = ho_session.get(ho.Sale, sale_id)
        assert sale is not None
        assert (sale.source, sale.seats) == ("lease", 1)
        ho_lease = ho_session.get(ho.SeatLease, lease.lease_id)
        assert ho_lease is not None
        assert ho_lease.used == 1
        tickets = ho_session.scalar(
            select(func.count()).select_from(ho.SaleTicket).where(ho.SaleTicket.sale_id == sale_id)
        )
    assert tickets == 2
    with counter.store.read() as session:
        local = session.get(Lease, lease.lease_id)
        assert local is not None
        assert local.used_local == 1
        assert read_status(session, NOW).pending == 0


def test_a_lost_answer_is_a_duplicate_when_replayed(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    counter.engine.request_lease(flight_id, "Y", 2)
    sale_id = sell(counter, flight_id)
    counter.transport.lose_next = "/sync/push"
    lost = counter.engine.cycle()
    assert lost.error_kind == "offline"
    assert counter.transport.lost == 1
    assert outbox_states(counter) == [("sale.issue", "pending", "")]
    with head_office.db.read() as ho_session:
        assert ho_session.get(ho.Sale, sale_id) is not None  # head office did apply it
    replay = counter.engine.cycle()
    assert replay.ok, replay.error
    assert (replay.applied, replay.duplicates) == (0, 1)
    assert outbox_states(counter) == [("sale.issue", "done", "duplicate")]
    with head_office.db.read() as ho_session:
        assert ho_session.scalar(select(func.count()).select_from(ho.Sale)) == 1
        lease_used = ho_session.scalar(select(ho.SeatLease.used))
    assert lease_used == 1  # counted once


def test_a_rejected_op_goes_to_attention_while_the_rest_drains(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    counter.engine.request_lease(flight_id, "Y", 4)
    first = sell(counter, flight_id)
    with counter.store.unit_of_work() as session:
        bogus = enqueue(session, protocol.SaleVoid(sale_id="no-such-sale-0001",
                                                   ticket_numbers=["999-0000000001"],
                                                   reason="测试"), "wangli", NOW)
        bogus_id = bogus.op_id
    second = sell(counter, flight_id)
    report = counter.engine.cycle()
    assert report.ok, report.error
    assert (report.applied, report.rejected) == (2, 1)
    assert outbox_states(counter) == [
        ("sale.issue", "done", ""), ("sale.void", "rejected", "ticket_unknown"),
        ("sale.issue", "done", ""),
    ]
    with counter.store.unit_of_work() as session:
        items = open_attention(session, "rejected_op")
        assert [(i.code, i.op_id) for i in items] == [("ticket_unknown", bogus_id)]
        assert items[0].message
        assert items[0].detail["kind"] == "sale.void"
        resolve(session, items[0].id, "测试数据，已忽略", "chenhong", NOW)
    with head_office.db.read() as ho_session:
        assert {first, second} == set(ho_session.scalars(select(ho.Sale.id)))
    assert counter.engine.cycle().rejected == 0  # never sent again


def test_a_reused_op_id_is_rejected_and_the_rest_of_the_batch_resent(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    counter.engine.request_lease(flight_id, "Y", 4)
    sell(counter, flight_id)
    assert counter.engine.cycle().applied == 1
    # A restored backup sends the same op id again with another payload.
    with counter.store.unit_of_work() as session:
        entry = session.scalars(select(OutboxEntry)).one()
        payload = dict(entry.payload) | {"pnr": "ZZZZZZ"}
        entry.payload = payload
        entry.payload_hash = protocol.payload_hash(payload)
        entry.state = "pending"
        reused = entry.op_id
    later = sell(counter, flight_id)
    report = counter.engine.cycle()
    assert report.ok, report.error
    assert (report.rejected, report.applied) == (1, 1)
    with counter.store.read() as session:
        items = open_attention(session, "rejected_op")
        states = dict(session.execute(select(OutboxEntry.op_id, OutboxEntry.state)).all())
    assert [(i.code, i.op_id) for i in items] == [("op_id_reused", reused)]
    assert "contact support" in items[0].message
    assert states[reused] == "rejected"
    with head_office.db.read() as ho_session:
        assert ho_session.get(ho.Sale, later) is not None


def test_an_expired_access_token_is_refreshed(head_office: HeadOffice, counter: Counter) -> None:
    assert counter.engine.cycle().ok
    before = counter.credentials.load()
    assert before is not None
    head_office.clock.set(NOW + timedelta(hours=13))  # past the 12-hour access token
    counter.clock.set(NOW + timedelta(hours=13))
    report = counter.engine.cycle()
    assert report.ok, report.error
    after = counter.credentials.load()
    assert after is not None
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token
    assert after.access_expires_at == NOW + timedelta(hours=25)
    assert counter.engine.cycle().ok  # and the new pair keeps working


def test_refused_credentials_go_to_attention_once(head_office: HeadOffice,
                                                  counter: Counter) -> None:
    with head_office.db.write() as session:
        session.execute(update(ho.Token).values(revoked=True))
    for _ in range(2):
        report = counter.engine.cycle()
        assert report.error_kind == "auth"
    with counter.store.read() as session:
        assert [i.kind for i in open_attention(session)] == ["auth"]
        assert read_status(session, NOW).online  # head office answered: the line is up


def test_clock_skew_is_reported_once_and_cleared(head_office: HeadOffice,
                                                 counter: Counter) -> None:
    counter.clock.set(NOW - timedelta(minutes=9))
    engine = SyncEngine(counter.store, counter.client, counter.clock,
                        handshake_every=timedelta(0))
    assert engine.cycle().ok
    assert engine.cycle().ok
    with counter.store.read() as session:
        items = open_attention(session, "clock_skew")
        offset = read_status(session, NOW).server_offset
        # Sales are timed by head office's clock even when this one is wrong.
        assert server_now(session, counter.clock.now()) == NOW
    assert offset == timedelta(minutes=9)
    assert len(items) == 1
    assert items[0].detail["offset_s"] == 540
    counter.clock.set(NOW)
    assert engine.cycle().ok
    with counter.store.read() as session:
        assert open_attention(session, "clock_skew") == []


def test_checksum_drift_triggers_one_full_repull(head_office: HeadOffice,
                                                 counter: Counter) -> None:
    first = counter.engine.cycle()
    assert first.checksum_ok
    with counter.store.unit_of_work() as session:
        session.execute(
            update(PulledVersion)
            .where(PulledVersion.entity == "airport", PulledVersion.key == "HET")
            .values(version=1)
        )
    drift = counter.engine.cycle()
    assert drift.ok
    assert drift.checksum_ok is False
    with counter.store.read() as session:
        items = open_attention(session, "checksum")
        assert get_cursor(session) == 0  # the next cycle pulls everything again
    assert [i.detail["scope"] for i in items] == ["reference"]
    repull = counter.engine.cycle()
    assert repull.ok
    assert repull.pulled == first.pulled
    assert repull.checksum_ok is True
    with counter.store.read() as session:
        assert get_setting(session, "sync:repull:reference") is None


def test_both_sides_edit_one_field_head_office_wins_and_the_clerk_is_told(
    head_office: HeadOffice, counter: Counter, tmp_path: Path
) -> None:
    # A second counter of the same outlet edits the phone first.
    other_store = open_store(tmp_path / "other" / "counter.sqlite3")
    other_creds = MemoryCredentialStore()
    other_client = HeadOfficeClient(head_office.url, other_creds)
    try:
        enroll_counter(other_store, other_client, head_office.enrollment_code(), "柜台二",
                       head_office.url, other_creds, NOW)
        other = SyncEngine(other_store, other_client, FixedClock(NOW))
        assert other.cycle().ok
        assert counter.engine.cycle().ok
        with counter.store.read() as session:
            customer_id = session.scalars(
                select(Customer.id).where(Customer.kind == "agreement",
                                          Customer.outlet_code == "HET001")
            ).first()
        assert customer_id is not None
        with other_store.unit_of_work() as session:
            edit_customer(session, customer_id, {"contact_phone": "13800000001"},
                          clerk_login="chenhong", now=NOW)
        assert other.cycle().applied == 1
        with counter.store.unit_of_work() as session:
            edit_customer(session, customer_id,
                          {"contact_phone": "13900000002", "notes": "月结，季度对账"},
                          clerk_login="wangli", now=NOW)
        report = counter.engine.cycle()
        assert report.ok, report.error
        with counter.store.read() as session:
            row = session.get(Customer, customer_id)
            assert row is not None
            assert row.contact_phone == "13800000001"  # head office's value won
            assert row.notes == "月结，季度对账"  # the field only we changed is merged
            conflicts = open_attention(session, "conflict")
        assert len(conflicts) == 1
        assert conflicts[0].detail["field"] == "contact_phone"
        assert conflicts[0].detail["counter_value"] == "13900000002"
    finally:
        other_client.close()
        other_store.close()


def test_the_background_loop_syncs_when_woken_and_stops(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    counter.engine.request_lease(flight_id, "Y", 2)
    engine = SyncEngine(counter.store, counter.client, counter.clock, interval=3600)
    stop, wake = threading.Event(), threading.Event()
    thread = threading.Thread(target=engine.run, args=(stop, wake), daemon=True)
    thread.start()
    try:
        sell(counter, flight_id)
        wake.set()
        deadline = time.monotonic() + 10
        while outbox_states(counter) != [("sale.issue", "done", "")]:
            assert time.monotonic() < deadline, "the woken loop did not push"
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()


def test_the_loop_backs_off_while_head_office_is_down(head_office: HeadOffice,
                                                      counter: Counter) -> None:
    head_office.server.stop()
    engine = SyncEngine(counter.store, counter.client, counter.clock, interval=0.01,
                        rng=random.Random(7))
    stop = threading.Event()
    thread = threading.Thread(target=engine.run, args=(stop,), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while engine.failures < 3:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()
    with counter.store.read() as session:
        cycles = session.scalars(select(SyncCycle.error)).all()
    assert all(error.startswith("offline") for error in cycles)


def test_backoff_is_full_jitter_doubling_to_a_minute() -> None:
    rng = random.Random(1)
    for failures, ceiling in ((1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (30, 60)):
        delays = [backoff_delay(failures, rng) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # spread over the whole range


def test_leases_until_the_cabin_is_full_then_no_seats(head_office: HeadOffice,
                                                     counter: Counter) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    free = counter.client.availability([flight_id])[0].cabins["Y"]
    with head_office.db.write() as session:  # staff lift this counter's quotas
        for name, value in (("lease_max_seats_per_request", 50),
                            ("lease_max_share_of_cabin_pct", 100),
                            ("lease_max_seats_per_counter_flight", 1000),
                            ("lease_max_seats_per_counter_day", 1000),
                            ("lease_max_seats_per_counter", 1000)):
            policy.set_policy(session, name, value, "", "test", NOW)
    granted = 0
    while granted < free:
        chunk = min(50, free - granted)
        counter.engine.request_lease(flight_id, "Y", chunk)
        granted += chunk
    with pytest.raises(Refused) as caught:
        counter.engine.request_lease(flight_id, "Y", 1)
    assert (caught.value.status, caught.value.code) == (409, "no_seats")
    assert counter.client.availability([flight_id])[0].cabins["Y"] == 0
    assert counter.engine.cycle().ok
    with counter.store.read() as session:
        assert seats_left(session, flight_id, "Y", NOW) == free
        cabin = session.get(CabinInventory, (flight_id, "Y"))
        assert cabin is not None
        assert cabin.sold == cabin.capacity  # nothing left for anyone else


def test_a_head_office_restored_from_backup_gets_a_full_repull(
    head_office: HeadOffice, counter: Counter
) -> None:
    first = counter.engine.cycle()
    assert first.ok
    with counter.store.unit_of_work() as session:
        set_setting(session, "sync:cursor", str(first.cursor + 1000))  # past head office's log
    report = counter.engine.cycle()
    assert report.ok, report.error
    assert report.pulled == first.pulled
    assert report.checksum_ok is True
    with counter.store.read() as session:
        assert [i.code for i in open_attention(session, "checksum")] == ["cursor_ahead"]
        assert get_cursor(session) == first.cursor


def test_one_writer_the_engine_commits_only_through_its_writer(
    head_office: HeadOffice, counter: Counter
) -> None:
    """docs/architecture.md rule 1, one writer: a one-thread executor stands in for the GUI's
    database worker. While the engine cycles without pause on its own thread, the clerk's
    sales and every write of the engine (pulled pages with their cursor, outbox marks, the
    lease, settings, the cycle rows) commit on that worker, none on the engine's thread or
    this one; every sale reaches head office exactly once."""
    worker = ThreadPoolExecutor(1, thread_name_prefix="db-worker")

    def on_worker(fn: Callable[[], T]) -> T:
        return worker.submit(fn).result()

    commits: list[str] = []

    def committed(_conn: object) -> None:
        commits.append(threading.current_thread().name)

    event.listen(counter.store.engine, "commit", committed)
    engine = SyncEngine(counter.store, counter.client, counter.clock, batch=3, interval=0.01,
                        checksum_every=timedelta(0), writer=on_worker)
    stop = threading.Event()
    syncing = threading.Thread(target=engine.run, args=(stop,), name="counter-sync",
                               daemon=True)
    sales: list[str] = []
    try:
        first = engine.cycle()  # the whole first pull, through the writer
        assert first.ok, first.error
        assert first.pulled > 0
        flight_id = local_flight(counter)
        engine.request_lease(flight_id, "Y", 8)  # as the GUI's pool asks for one
        syncing.start()
        for i in range(8):
            traveller = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1 + i), "011"))
            sales.append(on_worker(partial(sell, counter, flight_id, [traveller])))
        deadline = time.monotonic() + 30
        while [state for _kind, state, _code in outbox_states(counter)] != ["done"] * 8:
            assert time.monotonic() < deadline, outbox_states(counter)
            time.sleep(0.05)
    finally:
        stop.set()
        syncing.join(timeout=10)
        worker.shutdown()
        event.remove(counter.store.engine, "commit", committed)
    assert not syncing.is_alive()
    assert len(commits) > 10
    assert set(commits) == {"db-worker_0"}
    with head_office.db.read() as ho_session:
        for sale_id in sales:
            assert ho_session.scalar(select(func.count()).select_from(ho.SaleTicket)
                                     .where(ho.SaleTicket.sale_id == sale_id)) == 1
