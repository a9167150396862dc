"""What only a real multi-writer database shows, head office on PostgreSQL: the last seat
wanted by ten counters at once, the same batch delivered by two threads at once, and slow
and fast head-office transactions overlapping while a counter pulls.

Head office is ``counter-headoffice serve`` in its own process; the counters racing each
other are threads of the test, each with its own store, HTTP client and sync engine (the
agent's code), so that a barrier can start them together."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import counter_agent
import pytest
from e2e_support import HeadOffice, assert_consistent, run_agent
from sqlalchemy import select

from counter_app.domain.errors import DomainError
from counter_app.headoffice import changes, records
from counter_app.headoffice.models import Flight, Sale
from counter_app.storage.models import Flight as LocalFlight
from counter_app.sync.client import Refused
from counter_app.sync.engine import CycleReport
from counter_app.sync.outbox import pending, to_op
from counter_app.sync.protocol import OpStatus, Scope

pytestmark = pytest.mark.postgres

T = TypeVar("T")


def at_once(handles: list[Any], work: Callable[[Any], T]) -> list[T | BaseException]:
    """Run ``work(handle)`` in one thread per handle, all released by one barrier; each
    result or the exception it raised, in order."""
    barrier = threading.Barrier(len(handles))
    results: list[T | BaseException] = [RuntimeError("not run")] * len(handles)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = work(handles[i])
        except BaseException as exc:  # kept for the test to look at
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(handles))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _report(result: CycleReport | BaseException) -> CycleReport:
    assert isinstance(result, CycleReport), result
    return result


def _ok(result: CycleReport | BaseException) -> bool:
    return isinstance(result, CycleReport) and result.ok


def test_last_seat_sold_by_ten_counters_at_once(pg_ho: HeadOffice, tmp_path: Path) -> None:
    """Ten counters at once: (1) all ask for the last seat of a cabin, exactly one gets the
    lease and sells it, the other nine cannot sell; (2) all pushed a sale made from a lease
    that expired while they were offline, with one seat left in free stock: exactly one
    sale is taken, nine are refused ``no_seats`` and shown to their clerks."""
    ho = pg_ho
    dirs = [tmp_path / f"counter{i}" for i in range(10)]
    handles = [counter_agent.open_counter(d, ho.base_url) for d in dirs]
    try:
        ids = [counter_agent.enroll(h, ho.db.enrollment_code(), h.data_dir.name)
               for h in handles]
        first_pulls = at_once(handles, lambda h: h.engine.cycle())
        assert all(_ok(r) for r in first_pulls), first_pulls

        # (1) The last seat leased by ten counters at once.
        last, expiring = ho.db.flights(12, limit=2)
        ho.db.set_free(last[0], "Y", 1)
        leased = at_once(handles, lambda h: h.engine.request_lease(last[0], "Y", 1, 48))
        winners = [i for i, r in enumerate(leased) if not isinstance(r, BaseException)]
        losers = [r for r in leased if isinstance(r, BaseException)]
        assert len(winners) == 1, leased
        assert all(isinstance(r, Refused) and r.code == "no_seats" for r in losers), losers
        sold = at_once(handles, lambda h: counter_agent.sell_one(h, last[0], 1))
        assert [i for i, r in enumerate(sold) if not isinstance(r, BaseException)] == winners
        assert {r.code for r in sold if isinstance(r, DomainError)} == {"no_lease"}
        reports = [_report(r) for r in at_once(handles, lambda h: h.engine.cycle())]
        assert [r.applied for r in reports] == [1 if i in winners else 0 for i in range(10)]

        # (2) Ten offline sales from leases that ended, one seat left in stock.
        ho.db.set_free(expiring[0], "Y", 10)
        leases = [h.engine.request_lease(expiring[0], "Y", 1, 48) for h in handles]
        for i, handle in enumerate(handles):
            counter_agent.sell_one(handle, expiring[0], 100 + i)
        ho.db.end_leases_now([lease.lease_id for lease in leases])
        assert ho.db.expire_leases() == 10
        ho.db.set_free(expiring[0], "Y", 1)
        reports = [_report(r) for r in at_once(handles, lambda h: h.engine.cycle())]
        assert all(r.ok for r in reports), reports
        assert sorted((r.applied, r.rejected) for r in reports) == [(0, 1)] * 9 + [(1, 0)]
    finally:
        for handle in handles:
            handle.close()

    statuses = assert_consistent(ho.database_url, dirs, ho.base_url)
    for flight_id, _carrier, _free in (last, expiring):
        capacity, sold_there, granted = ho.db.cabin(flight_id)
        assert sold_there + granted == capacity
    with ho.db.db.read() as session:
        taken = session.execute(select(Sale.flight_id, Sale.source)
                                .where(Sale.flight_id.in_([last[0], expiring[0]]))).all()
    assert sorted(taken) == sorted([(last[0], "lease"), (expiring[0], "stock")])
    told = Counter(a["code"] for s in statuses for a in s["attention"]
                   if a["kind"] == "rejected_op" and a["open"])
    assert told == {"no_seats": 9}
    assert len(set(ids)) == 10


def test_same_batch_from_two_threads(pg_ho: HeadOffice, tmp_path: Path) -> None:
    """One counter's queue delivered by two threads at the same moment: head office applies
    each op once and answers the other delivery ``duplicate``; then two sync engines of the
    same counter cycle at once over a new queue, with the same outcome."""
    ho = pg_ho
    counter = tmp_path / "counter"
    flight = ho.db.flight(40)
    counter_id = ho.enroll(counter, lease=(flight, 40))
    run_agent("sell", counter, ho.base_url, "--flight-id", flight, "--count", "20")

    pair = [counter_agent.open_counter(counter, ho.base_url) for _ in range(2)]
    try:
        with pair[0].store.read() as session:
            ops = [to_op(e) for e in pending(session)]
        assert len(ops) == 20
        answers = at_once(pair, lambda h: h.client.push(ops))
        statuses: Counter[tuple[str, OpStatus]] = Counter()
        for answer in answers:
            assert not isinstance(answer, BaseException), answer
            statuses.update((r.op_id, r.status) for r in answer.results)
        for op in ops:
            assert statuses[(op.op_id, OpStatus.APPLIED)] == 1, op.op_id
            assert statuses[(op.op_id, OpStatus.DUPLICATE)] == 1, op.op_id
        assert len(ho.db.sales(counter_id)) == 20

        for i in range(20):
            counter_agent.sell_one(pair[0], flight, 200 + i)
        reports = [_report(r) for r in at_once(pair, lambda h: h.engine.cycle())]
        assert all(r.ok for r in reports), reports
        assert sum(r.applied for r in reports) == 20
    finally:
        for handle in pair:
            handle.close()
    assert_consistent(ho.database_url, [counter], ho.base_url)
    assert len(ho.db.sales(counter_id)) == 40
    assert ho.db.applied_count(counter_id) == 40


def test_slow_and_fast_head_office_transactions_overlap_during_pull(
    pg_ho: HeadOffice, tmp_path: Path
) -> None:
    """A slow head-office transaction changes a flight and is still open while a fast one
    changes another flight and commits; the counter pulls in between and again after the
    slow one commits: it gets both changes, none skipped. Then the same with the slow
    transaction already holding its change-log sequence (the fast one waits for it)."""
    ho = pg_ho
    counter = tmp_path / "counter"
    ho.enroll(counter)
    a, b = (f for f, _c, _n in ho.db.flights(1, limit=2))
    handle = counter_agent.open_counter(counter, ho.base_url)
    try:
        # Round 1: the slow transaction takes its seq at commit, after the fast one.
        slow = _Transaction(ho, a, hold_seq=False)
        slow.wait_written()
        _change_fare(ho, b)
        assert handle.engine.cycle().ok
        assert _fares(handle, [a, b]) == {a: _fare_there(ho, a), b: _fare_there(ho, b)}
        slow.commit()
        assert handle.engine.cycle().ok
        assert _fares(handle, [a, b]) == {a: _fare_there(ho, a), b: _fare_there(ho, b)}

        # Round 2: the slow transaction holds the change-log sequence; the fast one waits.
        slow = _Transaction(ho, a, hold_seq=True)
        slow.wait_written()
        fast = threading.Thread(target=_change_fare, args=(ho, b))
        fast.start()
        time.sleep(0.5)
        assert fast.is_alive()  # the fast one waits for the sequence row
        before = _fares(handle, [a, b])
        report = handle.engine.cycle()
        assert report.ok
        assert report.pulled == 0
        assert _fares(handle, [a, b]) == before
        slow.commit()
        fast.join(timeout=30)
        assert handle.engine.cycle().ok
        assert _fares(handle, [a, b]) == {a: _fare_there(ho, a), b: _fare_there(ho, b)}
    finally:
        handle.close()
    assert_consistent(ho.database_url, [counter], ho.base_url)


class _Transaction:
    """A head-office write transaction in a thread that changes a flight's fare, logs the
    change, and waits (optionally after taking its change-log seq) until told to commit."""

    def __init__(self, ho: HeadOffice, flight_id: str, *, hold_seq: bool) -> None:
        self.written = threading.Event()
        self.go = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(ho, flight_id, hold_seq))
        self.thread.start()

    def _run(self, ho: HeadOffice, flight_id: str, hold_seq: bool) -> None:
        try:
            with ho.db.db.write() as session:
                _bump(session, flight_id)
                if hold_seq:
                    changes.flush_changes(session)
                self.written.set()
                assert self.go.wait(timeout=30)
        except BaseException as exc:
            self.error = exc
            self.written.set()

    def wait_written(self) -> None:
        assert self.written.wait(timeout=30)
        assert self.error is None, self.error

    def commit(self) -> None:
        self.go.set()
        self.thread.join(timeout=30)
        assert self.error is None, self.error


def _bump(session: Any, flight_id: str) -> None:
    row = session.get(Flight, flight_id)
    assert row is not None
    row.y_fare_fen += 1000
    session.flush()
    changes.log_change(session, Scope.FLIGHTS, records.FLIGHT, row.id, records.flight_data(row))


def _change_fare(ho: HeadOffice, flight_id: str) -> None:
    with ho.db.db.write() as session:
        _bump(session, flight_id)


def _fare_there(ho: HeadOffice, flight_id: str) -> int:
    """The fare as committed at head office."""
    with ho.db.db.read() as session:
        row = session.get(Flight, flight_id)
        assert row is not None
        return int(row.y_fare_fen)


def _fares(handle: Any, flight_ids: list[str]) -> dict[str, int]:
    with handle.store.read() as session:
        rows = session.execute(select(LocalFlight.id, LocalFlight.y_fare_fen)
                               .where(LocalFlight.id.in_(flight_ids))).all()
    return {str(i): int(f) for i, f in rows}

