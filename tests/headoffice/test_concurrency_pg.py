"""What only a real multi-writer database can show (PostgreSQL): the last seat leased by
ten counters at once, a push delivered twice at once, and the change log's commit order
when a slow transaction overlaps a fast one. Plus the migrations on both databases."""

from __future__ import annotations

import threading

import httpx
import pytest
from ho_support import CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import func, select, text, update

from counter_app.headoffice.changes import current_seq, log_change
from counter_app.headoffice.models import (
    AppliedOp,
    CabinInventory,
    Flight,
    Sale,
    SeatLease,
)
from counter_app.sync.protocol import Scope

pytestmark = pytest.mark.postgres


def test_last_seat_leased_by_ten_counters_at_once(pg_ho: HeadOfficeHarness) -> None:
    ho = pg_ho
    counters = [ho.enroll("HET001", f"c{i}") for i in range(10)]
    flight = ho.flight()
    ho.set_free(flight, "Y", 1)
    barrier = threading.Barrier(10)
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def ask(counter: CounterClient) -> None:
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            r = client.post("/api/v1/inventory/leases",
                            json={"flight_id": flight, "cabin": "Y", "seats": 1},
                            headers=counter.headers)
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=ask, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200] + [409] * 9, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"no_seats"}
    cab = ho.cabin(flight)
    assert cab.sold + cab.granted == cab.capacity
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SeatLease)
                              .where(SeatLease.flight_id == flight)) == 1
        over = session.scalar(select(func.count()).select_from(CabinInventory).where(
            CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity))
        assert over == 0


def test_same_batch_from_two_threads_on_postgres(pg_ho: HeadOfficeHarness) -> None:
    ho = pg_ho
    counter = ho.enroll()
    flight = ho.flight(min_free=30)
    ops = [counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]))
           for _ in range(20)]
    barrier = threading.Barrier(2)
    responses: list[httpx.Response] = []

    def deliver() -> None:
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            responses.append(client.post("/api/v1/sync/push", json={"ops": ops},
                                         headers=counter.headers))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in responses] == [200, 200]
    for i in range(20):
        assert sorted(r.json()["results"][i]["status"] for r in responses) == [
            "applied", "duplicate"]
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Sale)) == 20
        assert session.scalar(select(func.count()).select_from(AppliedOp)) == 20


def _slow_and_fast(ho: HeadOfficeHarness, slow_reaches_commit_first: bool) -> None:
    counter = ho.enroll()
    with ho.db.read() as session:
        cursor = current_seq(session)
    with ho.db.read() as session:
        flight_ids = session.scalars(select(Flight.id).limit(2)).all()
    started = threading.Event()
    release = threading.Event()
    slow_seq: list[int] = []

    def slow() -> None:
        with ho.db.write() as session:
            session.execute(update(Flight).where(Flight.id == flight_ids[0])
                            .values(status="scheduled"))
            log_change(session, Scope.FLIGHTS, "flight", flight_ids[0], {"slow": True})
            if slow_reaches_commit_first:
                from counter_app.headoffice.changes import flush_changes

                flush_changes(session)  # holds the change_seq row lock from here on
            started.set()
            release.wait(30)
        with ho.db.read() as session:
            slow_seq.append(int(session.scalar(text(
                "SELECT seq FROM change_log WHERE data::text LIKE '%slow%'"))))

    thread = threading.Thread(target=slow)
    thread.start()
    assert started.wait(30)
    fast_done = threading.Event()

    def fast() -> None:
        with ho.db.write() as session:
            log_change(session, Scope.FLIGHTS, "flight", flight_ids[1], {"fast": True})
        fast_done.set()

    fast_thread = threading.Thread(target=fast)
    fast_thread.start()
    if slow_reaches_commit_first:
        # The fast one must wait for the seq lock: nothing new is visible meanwhile.
        assert not fast_done.wait(0.5)
    else:
        assert fast_done.wait(30)
    between = counter.get("/api/v1/sync/pull", params={"cursor": cursor}).json()
    release.set()
    thread.join()
    fast_thread.join()
    after = counter.get("/api/v1/sync/pull",
                        params={"cursor": between["next_cursor"]}).json()
    seen = between["changes"] + after["changes"]
    keys = [tuple(sorted(c["data"])) for c in seen]
    assert sorted(keys) == [("fast",), ("slow",)], seen
    seqs = [c["seq"] for c in seen]
    assert seqs == sorted(seqs)
    fast_seq = next(c["seq"] for c in seen if "fast" in c["data"])
    if slow_reaches_commit_first:
        assert between["changes"] == []
        assert slow_seq[0] < fast_seq
    else:
        assert [c["data"] for c in between["changes"]] == [{"fast": True}]
        assert slow_seq[0] > fast_seq  # the slow one started first, committed last


def test_slow_transaction_started_first_gets_the_later_seq(pg_ho: HeadOfficeHarness) -> None:
    _slow_and_fast(pg_ho, slow_reaches_commit_first=False)


def test_a_commit_in_progress_holds_back_later_seqs(pg_ho: HeadOfficeHarness) -> None:
    _slow_and_fast(pg_ho, slow_reaches_commit_first=True)
