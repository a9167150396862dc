"""``counter-headoffice serve --workers 2`` on PostgreSQL: two processes answer on one port,
and counters enrolling, leasing and pushing through both at once never oversell.

The server is the real command in its own process tree (so on the machine's clock: the sales
are stamped with the time now, not the suite's fixed noon). Which process answers a request
is the kernel's choice; that both did is seen from each worker holding connections to
PostgreSQL afterwards (Linux, from /proc)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from ho_support import CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import func, select

from clock_support import NOON_BEIJING
from counter_app.headoffice.db import Database
from counter_app.headoffice.models import CabinInventory, Sale, SeatLease
from counter_app.kernel.clock import FixedClock
from pg_support import free_port

pytestmark = pytest.mark.postgres

WORKERS = 2
PG_PORT = 5432


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        if ppid == pid and b"spawn_main" in cmdline:
            found.append(int(entry))
    return sorted(found)


def _pg_sockets(pid: int) -> int:
    """How many TCP connections to PostgreSQL's port process ``pid`` holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if fields[9] in inodes and remote_port == PG_PORT and fields[3] == "01":
                count += 1
    return count


@pytest.fixture
def workers_ho(pg_url: str) -> Iterator[tuple[HeadOfficeHarness, subprocess.Popen[bytes]]]:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see the worker processes")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
         "--database-url", pg_url, "--workers", str(WORKERS), "--log-level", "warning"])
    base = f"http://127.0.0.1:{port}"
    db = Database.from_url(pg_url, connections=5)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, f"serve exited with {server.returncode}"
            try:
                if (httpx.get(f"{base}/api/v1/health", timeout=5).status_code == 200
                        and len(_children(server.pid)) == WORKERS):
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "serve --workers 2 did not start"
            time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=120) as http:
            yield HeadOfficeHarness(db, FixedClock(NOON_BEIJING), http), server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        db.dispose()


def test_two_workers_serve_concurrent_counters_without_overselling(
        workers_ho: tuple[HeadOfficeHarness, subprocess.Popen[bytes]]) -> None:
    ho, server = workers_ho
    workers = _children(server.pid)
    assert len(workers) == WORKERS
    counters = [ho.enroll(outlet, f"w{i}") for i, outlet in
                enumerate(["HET001", "BAV001", "CIF001", "HET002"] * 3)]
    flight = ho.flight(min_free=20)
    ho.set_free(flight, "Y", 9)  # 12 counters want 2 leased + 1 stock seat each: 36 > 9
    numbers = {c.counter_id: (ho.next_ticket(c), ho.next_ticket(c), ho.next_ticket(c),
                              ho.next_receipt(c), ho.next_receipt(c), ho.next_receipt(c))
               for c in counters}
    barrier = threading.Barrier(len(counters))
    answers: dict[str, list[Any]] = {}
    lock = threading.Lock()
    stamp = datetime.now(UTC).isoformat()  # the server runs on the machine's clock

    def work(counter: CounterClient) -> None:
        t1, t2, t3, r1, r2, r3 = numbers[counter.counter_id]
        with httpx.Client(base_url=str(ho.http.base_url), timeout=120) as http:
            barrier.wait()
            leased = http.post("/api/v1/inventory/leases", headers=counter.headers,
                               json={"flight_id": flight, "cabin": "Y", "seats": 2})
            lease_id = leased.json()["lease_id"] if leased.status_code == 200 else None
            ops = [counter.op("sale.issue", {**sale(flight, [ticket(number, receipt=serial)],
                                                    lease_id=lease), "issued_at": stamp})
                   for number, serial, lease in
                   ((t1, r1, lease_id), (t2, r2, lease_id), (t3, r3, None))]
            pushed = http.post("/api/v1/sync/push", headers=counter.headers,
                               json={"ops": ops})
        with lock:
            answers[counter.counter_id] = [leased, pushed]

    threads = [threading.Thread(target=work, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    leases = [a[0] for a in answers.values()]
    pushes = [a[1] for a in answers.values()]
    assert all(r.status_code == 200 for r in pushes), [r.text for r in pushes]
    assert sorted({r.status_code for r in leases}) in ([200, 409], [200]), \
        [r.text for r in leases]
    assert {r.json()["code"] for r in leases if r.status_code == 409} <= {"no_seats"}
    results = [res for r in pushes for res in r.json()["results"]]
    assert {(res["status"], res["code"]) for res in results} <= {
        ("applied", ""), ("rejected", "no_seats")}, results
    applied = sum(res["status"] == "applied" for res in results)
    cab = ho.cabin(flight)
    assert cab.sold + cab.granted <= cab.capacity
    with ho.db.read() as session:
        sold = session.scalar(select(func.coalesce(func.sum(Sale.seats), 0))
                              .where(Sale.flight_id == flight, Sale.status == "issued"))
        over = session.scalar(select(func.count()).select_from(CabinInventory).where(
            CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity))
        used = dict(session.execute(select(SeatLease.id, SeatLease.used)
                                    .where(SeatLease.flight_id == flight)).all())
        from_leases = dict(session.execute(
            select(Sale.lease_id, func.sum(Sale.seats))
            .where(Sale.source == "lease", Sale.flight_id == flight)
            .group_by(Sale.lease_id)).all())
    assert over == 0
    assert applied == sold
    assert 0 < sold <= 9
    assert all(int(from_leases.get(k) or 0) == v for k, v in used.items())
    # Both processes answered: each holds connections to PostgreSQL; none was restarted.
    assert _children(server.pid) == workers
    assert all(_pg_sockets(pid) > 0 for pid in workers), \
        {pid: _pg_sockets(pid) for pid in workers}
