"""Head office under concurrent counters, on PostgreSQL: 50 simulated counters (threads) at
once, each leasing seats and pushing sales, against ``counter-headoffice serve`` in its own
process.

Setup (not timed): a throwaway database ``counter_bench_<random>`` on 127.0.0.1:5432 (user
postgres), migrated and loaded with the demo data; 50 counters enrolled over HTTP across
the demo outlets. Then every counter, for ``--rounds`` rounds: asks for a lease of a few
seats on one of a small set of "hot" flights (so counters fight over the same cabin rows),
pushes a batch of ``sale.issue`` ops (most from its lease, the rest from free stock on hot
flights, so the stock path also contends), and now and then releases a lease.

Prints requests/s and ops/s, latency percentiles per request kind, how ops ended (applied,
rejected no_seats ...), and a final check that no flight cabin has ``sold + granted >
capacity`` and that every lease's ``used`` equals the seats of its lease-sourced sales.
Not a test: ``python bench/bench_ho_concurrency.py [--counters 50 --rounds 8]``. The
database is dropped at the end.
"""

from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter as Tally
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
from sqlalchemy import func, select

from counter_app.headoffice import auth, loader
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import CabinInventory, Flight, NumberRangeRow, Sale, SeatLease
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import OP_SCHEMA_VERSION, payload_hash

OUTLET_CLERKS = {"HET001": "wangli", "BAV001": "liqiang", "CIF001": "wangji",
                 "HET002": "liuyan", "SZX001": "linxiaoyu", "DSN001": "suhe",
                 "HLD001": "bayaer"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


class SimCounter:
    def __init__(self, base: str, enrolled: dict[str, Any], outlet: str, ticket_first: int,
                 receipt_first: int, hot: list[str], seed: int, args: argparse.Namespace,
                 now: datetime) -> None:
        self.http = httpx.Client(base_url=base, timeout=120)
        self.headers = {"Authorization": f"Bearer {enrolled['tokens']['access_token']}"}
        self.clerk = OUTLET_CLERKS[outlet]
        self.next_ticket = ticket_first
        self.next_receipt = receipt_first
        self.hot = hot
        self.rng = random.Random(seed)
        self.args = args
        self.now = now
        self.seq = 0
        self.latency: dict[str, list[float]] = {"lease": [], "push": [], "release": []}
        self.outcomes: Tally[str] = Tally()
        self.lease_answers: Tally[str] = Tally()

    def timed(self, kind: str, path: str, body: dict[str, Any]) -> httpx.Response:
        t0 = time.perf_counter()
        r = self.http.post(path, json=body, headers=self.headers)
        self.latency[kind].append(time.perf_counter() - t0)
        return r

    def op(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        return {"op_id": new_id(), "kind": kind, "schema_version": OP_SCHEMA_VERSION,
                "payload": payload, "payload_hash": payload_hash(payload),
                "clerk_login": self.clerk, "counter_time": self.now.isoformat(),
                "local_seq": self.seq}

    def sale(self, flight_id: str, lease_id: str | None) -> dict[str, Any]:
        number, receipt = self.next_ticket, self.next_receipt
        self.next_ticket += 1
        self.next_receipt += 1
        return self.op("sale.issue", {
            "sale_id": new_id(), "pnr": "HX4K2P", "flight_id": flight_id, "cabin": "Y",
            "class_code": "M", "lease_id": lease_id, "customer_id": None,
            "tickets": [{"ticket_number": f"999-{number:010d}", "passenger_name": "张三",
                         "passenger_type": "ADT", "id_type": "NI",
                         "id_number": "150102198603140270", "fare": "1260.00",
                         "cn_fund": "50.00", "fuel": "20.00", "insurance": "0.00",
                         "total": "1330.00", "receipt_serial": f"{receipt:010d}"}],
            "payments": [{"method": "cash", "amount": "1330.00"}],
            "issued_at": self.now.isoformat(),
        })

    def run(self, start: threading.Barrier) -> None:
        start.wait()
        for _ in range(self.args.rounds):
            flight = self.rng.choice(self.hot)
            r = self.timed("lease", "/api/v1/inventory/leases",
                           {"flight_id": flight, "cabin": "Y", "seats": self.args.lease_seats})
            self.lease_answers[str(r.status_code)] += 1
            lease_id = r.json()["lease_id"] if r.status_code == 200 else None
            ops = [self.sale(flight, lease_id) for _ in range(self.args.lease_seats)]
            ops += [self.sale(self.rng.choice(self.hot), None)
                    for _ in range(self.args.stock_sales)]
            if lease_id and self.rng.random() < 0.3:
                ops.append(self.op("lease.release", {"lease_id": lease_id}))
            r = self.timed("push", "/api/v1/sync/push", {"ops": ops})
            r.raise_for_status()
            for result in r.json()["results"]:
                self.outcomes[f"{result['status']} {result['code']}".strip()] += 1
        self.http.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--lease-seats", type=int, default=4)
    parser.add_argument("--stock-sales", type=int, default=2)
    parser.add_argument("--hot-flights", type=int, default=40)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = (now + timedelta(hours=8)).date()
    name = f"counter_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres",
                            autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{args.pg}/{name}"
    server = None
    try:
        t0 = time.perf_counter()
        db = Database.from_url(url)
        upgrade(db.engine)
        with db.write() as session:
            loader.load_all(session, today, demo=True, days_ahead=16)
        with db.read() as session:
            hot = list(session.scalars(
                select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
                .where(Flight.dep_date == today + timedelta(days=15), CabinInventory.cabin == "Y")
                .order_by(Flight.flight_no).limit(args.hot_flights)))
        outlets = list(OUTLET_CLERKS)
        codes = []
        with db.write() as session:
            for i in range(args.counters):
                outlet = outlets[i % len(outlets)]
                codes.append((outlet, auth.create_enrollment_code(session, outlet, now)))
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
             "--database-url", url, "--log-level", "warning"])
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        sims = []
        for i, (outlet, code) in enumerate(codes):
            enrolled = httpx.post(f"{base}/api/v1/enroll",
                                  json={"code": code, "counter_name": f"sim{i}"}).json()
            with db.read() as session:
                firsts = dict(session.execute(
                    select(NumberRangeRow.prefix, NumberRangeRow.first).where(
                        NumberRangeRow.counter_id == enrolled["counter_id"],
                        NumberRangeRow.prefix.in_(["999", ""]))).all())
            sims.append(SimCounter(base, enrolled, outlet, firsts["999"], firsts[""], hot, i,
                                   args, now))
        print(f"setup {time.perf_counter() - t0:.1f} s: {args.counters} counters, "
              f"{len(hot)} hot flights")

        start = threading.Barrier(len(sims) + 1)
        threads = [threading.Thread(target=s.run, args=(start,)) for s in sims]
        for t in threads:
            t.start()
        start.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0

        latency: dict[str, list[float]] = {"lease": [], "push": [], "release": []}
        outcomes: Tally[str] = Tally()
        leases: Tally[str] = Tally()
        for s in sims:
            for kind, values in s.latency.items():
                latency[kind].extend(values)
            outcomes.update(s.outcomes)
            leases.update(s.lease_answers)
        requests = sum(len(v) for v in latency.values())
        ops = sum(outcomes.values())
        every = [x for v in latency.values() for x in v]
        print(f"{requests} requests, {ops} ops in {elapsed:.1f} s: {requests / elapsed:.0f} "
              f"requests/s, {ops / elapsed:.0f} ops/s")
        for kind, values in latency.items():
            if values:
                print(f"  {kind:6} n={len(values):4}  p50 {percentile(values, 0.5) * 1000:7.1f} ms"
                      f"  p99 {percentile(values, 0.99) * 1000:7.1f} ms"
                      f"  max {max(values) * 1000:7.1f} ms")
        print(f"  all requests p99 {percentile(every, 0.99) * 1000:.1f} ms")
        print(f"lease answers: {dict(leases)}")
        print(f"op outcomes: {dict(outcomes)}")

        with db.read() as session:
            over = session.scalar(select(func.count()).select_from(CabinInventory).where(
                CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity))
            used = dict(session.execute(select(SeatLease.id, SeatLease.used)).all())
            from_sales = dict(session.execute(
                select(Sale.lease_id, func.sum(Sale.seats))
                .where(Sale.source == "lease", Sale.status == "issued")
                .group_by(Sale.lease_id)).all())
        mismatched = [k for k, v in used.items() if int(from_sales.get(k) or 0) != v]
        ok = over == 0 and not mismatched
        print(f"invariant: cabins with sold + granted > capacity: {over}; leases whose used "
              f"differs from their sales: {len(mismatched)} -> {'OK' if ok else 'BROKEN'}")
        db.dispose()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
