"""Head office under concurrent counters, on PostgreSQL: 50 simulated counters at once, each
leasing seats and pushing sales, against ``counter-headoffice serve --workers N`` in its own
processes, for N = 1, 2 and 4 side by side (``--workers 1,2,4``).

Setup (not timed): a template database ``counter_bench_<random>_t`` on 127.0.0.1:5432 (user
postgres), migrated and loaded with the demo data once; for each N a fresh copy of it
(``CREATE DATABASE ... TEMPLATE``), 50 counters enrolled over HTTP across the demo outlets.
Then every counter makes ``--warmup`` rounds (2; not timed, so that every server process's
connection pool, token cache, compiled statements and PostgreSQL's prepared plans are warm,
as they are in a head office that has run for a while), then, for ``--rounds`` timed
rounds: asks for a lease of a few seats on one of a
small set of "hot" flights (so counters fight over the same cabin rows), pushes a batch of
``sale.issue`` ops (most from its lease, the rest from free stock on hot flights, so the
stock path also contends), and now and then releases a lease. The same traffic (same seeds)
for every N.

The counters run as threads in ``--clients`` separate processes (so the load generator's
interpreter lock is not the server's), each counter with its own keep-alive HTTP client.

Prints, per N: requests/s and ops/s, latency percentiles per request kind, how ops ended
(applied, rejected no_seats ...), the CPU time per request of the server processes, of
PostgreSQL and of the client processes (Linux: from /proc), and a check that no flight
cabin has ``sold + granted > capacity`` (oversold) and that every lease's ``used`` equals
the seats of its lease-sourced sales. Then one table with the N side by side and a summary
line against the target (>= 200 requests/s, p99 <= 250 ms, 0 oversold).
Not a test: ``python bench/bench_ho_concurrency.py [--counters 50 --rounds 10
--workers 1,2,4 --clients 2]``. The databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter as Tally
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import create_engine, func, select

from counter_app.domain.money import amount_text, from_fen, round_fare
from counter_app.domain.taxes import cn_fund, fuel_surcharge, parse_tax_tables
from counter_app.domain.types import PassengerType
from counter_app.headoffice import auth, loader
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import (
    CabinInventory,
    Flight,
    NumberRangeRow,
    RuleDocument,
    Sale,
    SeatLease,
)
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import OP_SCHEMA_VERSION, payload_hash

OUTLET_CLERKS = {"HET001": "wangli", "BAV001": "liqiang", "CIF001": "wangji",
                 "HET002": "liuyan", "SZX001": "linxiaoyu", "DSN001": "suhe",
                 "HLD001": "bayaer"}
KINDS = ("lease", "push")
TARGET_RPS = 200
TARGET_P99_MS = 250


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


# --- CPU time from /proc (Linux; elsewhere the CPU rows stay empty) ----------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[str, int, float] | None:
    """(name, parent pid, CPU seconds) of a live process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def cpu_by_group(server_pid: int, client_pids: list[int]) -> dict[str, float]:
    """CPU seconds so far of the server's process tree, of every postgres process and of the
    client processes."""
    procs: dict[int, tuple[str, int, float]] = {}
    if not Path("/proc").is_dir():
        return {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(int(entry))
            if found is not None:
                procs[int(entry)] = found
    tree = {server_pid}
    grew = True
    while grew:
        more = {pid for pid, (_n, ppid, _c) in procs.items() if ppid in tree} - tree
        grew = bool(more)
        tree |= more
    return {
        "server": sum(procs[p][2] for p in tree if p in procs),
        "postgres": sum(c for n, _pp, c in procs.values() if n.startswith("postgres")),
        "client": sum(procs[p][2] for p in client_pids if p in procs),
    }


def adult_prices(session: Any, flight_ids: list[str], on: Any) -> dict[str, dict[str, str]]:
    """An adult's class-Y full fare, CN fund, fuel surcharge and total per flight, as a
    counter prices them from head office's rule documents (head office checks them)."""
    taxes = parse_tax_tables(session.scalar(
        select(RuleDocument.payload).where(RuleDocument.name == "taxes")))
    prices = {}
    for flight in session.scalars(select(Flight).where(Flight.id.in_(flight_ids))):
        fare = round_fare(from_fen(flight.y_fare_fen))
        cn = cn_fund(taxes, on, PassengerType.ADULT, flight.feeder)
        fuel = fuel_surcharge(taxes, on, flight.distance_km, PassengerType.ADULT)
        prices[flight.id] = {"fare": amount_text(fare), "cn_fund": amount_text(cn),
                             "fuel": amount_text(fuel), "total": amount_text(fare + cn + fuel)}
    return prices


# --- the simulated counters (run in the client processes) --------------------------------------


class SimCounter:
    def __init__(self, base: str, spec: dict[str, Any], hot: list[str],
                 prices: dict[str, dict[str, str]], args: dict[str, int],
                 now: datetime) -> None:
        self.prices = prices
        self.http = httpx.Client(base_url=base, timeout=120)
        self.headers = {"Authorization": f"Bearer {spec['token']}"}
        self.clerk = OUTLET_CLERKS[spec["outlet"]]
        self.next_ticket = spec["ticket_first"]
        self.next_receipt = spec["receipt_first"]
        self.hot = hot
        self.rng = random.Random(spec["seed"])
        self.args = args
        self.now = now
        self.seq = 0
        self.latency: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.outcomes: Tally[str] = Tally()
        self.lease_answers: Tally[str] = Tally()
        self.errors: list[str] = []

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
        price = self.prices[flight_id]
        return self.op("sale.issue", {
            "sale_id": new_id(), "pnr": "HX4K2P", "flight_id": flight_id, "cabin": "Y",
            "class_code": "Y", "lease_id": lease_id, "customer_id": None,
            "tickets": [{"ticket_number": f"999-{number:010d}", "passenger_name": "张三",
                         "passenger_type": "ADT", "id_type": "NI",
                         "id_number": "150102198603140270", "insurance": "0.00",
                         **price, "receipt_serial": f"{receipt:010d}"}],
            "payments": [{"method": "cash", "amount": price["total"]}],
            "issued_at": self.now.isoformat(),
        })

    def run(self, ready: threading.Barrier, go: threading.Event) -> None:
        try:
            for _ in range(self.args["warmup"]):  # not timed: pools, caches, prepared plans
                self.round()
            self.latency = {kind: [] for kind in KINDS}
            self.outcomes.clear()
            self.lease_answers.clear()
        except Exception as exc:
            self.errors.append(f"warm-up: {exc!r}")
        ready.wait()
        go.wait()
        try:
            for _ in range(self.args["rounds"]):
                self.round()
        except Exception as exc:  # reported, not raised: the other counters go on
            self.errors.append(repr(exc))
        finally:
            self.http.close()

    def round(self) -> None:
        """Lease a few seats on a hot flight, push sales from the lease and from stock."""
        flight = self.rng.choice(self.hot)
        r = self.timed("lease", "/api/v1/inventory/leases",
                       {"flight_id": flight, "cabin": "Y",
                        "seats": self.args["lease_seats"]})
        self.lease_answers[str(r.status_code)] += 1
        lease_id = r.json()["lease_id"] if r.status_code == 200 else None
        ops = [self.sale(flight, lease_id) for _ in range(self.args["lease_seats"])]
        ops += [self.sale(self.rng.choice(self.hot), None)
                for _ in range(self.args["stock_sales"])]
        if lease_id and self.rng.random() < 0.3:
            ops.append(self.op("lease.release", {"lease_id": lease_id}))
        r = self.timed("push", "/api/v1/sync/push", {"ops": ops})
        if r.status_code != 200:
            self.errors.append(f"push {r.status_code} {r.text[:200]}")
            return
        for result in r.json()["results"]:
            self.outcomes[f"{result['status']} {result['code']}".strip()] += 1


def client_process(base: str, specs: list[dict[str, Any]], hot: list[str],
                   prices: dict[str, dict[str, str]], args: dict[str, int], now: datetime,
                   barrier: Any, out: Any) -> None:
    """One load-generating process: its counters as threads, started together with the
    other client processes' at the barrier; puts its figures on ``out``."""
    sims = [SimCounter(base, spec, hot, prices, args, now) for spec in specs]
    go = threading.Event()
    ready = threading.Barrier(len(sims) + 1)
    threads = [threading.Thread(target=s.run, args=(ready, go)) for s in sims]
    for t in threads:
        t.start()
    ready.wait()  # every counter of this process warmed up
    barrier.wait()
    go.set()
    for t in threads:
        t.join()
    latency: dict[str, list[float]] = {kind: [] for kind in KINDS}
    outcomes: Tally[str] = Tally()
    leases: Tally[str] = Tally()
    errors: list[str] = []
    for s in sims:
        for kind, values in s.latency.items():
            latency[kind].extend(values)
        outcomes.update(s.outcomes)
        leases.update(s.lease_answers)
        errors.extend(s.errors)
    out.put({"latency": latency, "outcomes": dict(outcomes), "leases": dict(leases),
             "errors": errors})


# --- one run: a fresh database, a server with N processes, the traffic ------------------------


def wait_for_server(base: str, server: subprocess.Popen[bytes], workers: int) -> None:
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            httpx.get(f"{base}/api/v1/health", timeout=2).raise_for_status()
            if workers == 1 or not Path("/proc").is_dir():
                return
            ready = [p for p in os.listdir("/proc") if p.isdigit()
                     and (_stat(int(p)) or ("", 0, 0.0))[1] == server.pid
                     and b"spawn_main" in _cmdline(int(p))]
            if len(ready) >= workers:
                # every worker spawned; let each finish importing and answer once
                for _ in range(4 * workers):
                    httpx.get(f"{base}/api/v1/health", timeout=30).raise_for_status()
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("server did not start")
        time.sleep(0.1)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def run_once(args: argparse.Namespace, admin: psycopg.Connection[Any], template: str,
             workers: int, now: datetime, today: Any) -> dict[str, Any]:
    name = f"{template[:-2]}_w{workers}"
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = f"{args.pg}/{name}"
    server: subprocess.Popen[bytes] | None = None
    db = Database(create_engine(url, pool_size=5, max_overflow=0))
    try:
        with db.read() as session:
            hot = list(session.scalars(
                select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
                .where(Flight.dep_date == today + timedelta(days=15), CabinInventory.cabin == "Y")
                .order_by(Flight.flight_no).limit(args.hot_flights)))
            prices = adult_prices(session, hot, today)
        outlets = list(OUTLET_CLERKS)
        codes = []
        with db.write() as session:
            for i in range(args.counters):
                outlet = outlets[i % len(outlets)]
                codes.append((outlet, auth.create_enrollment_code(session, outlet, now)))
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
             "--database-url", url, "--log-level", "warning"]
            + (["--workers", str(workers)] if workers > 1 else [])
            + (["--write-slots", str(args.write_slots)] if args.write_slots else []))
        base = f"http://127.0.0.1:{port}"
        wait_for_server(base, server, workers)
        specs = []
        with httpx.Client(base_url=base, timeout=60) as http:
            for i, (outlet, code) in enumerate(codes):
                r = http.post("/api/v1/enroll", json={"code": code, "counter_name": f"sim{i}"})
                r.raise_for_status()
                enrolled = r.json()
                with db.read() as session:
                    firsts = dict(session.execute(
                        select(NumberRangeRow.prefix, NumberRangeRow.first).where(
                            NumberRangeRow.counter_id == enrolled["counter_id"],
                            NumberRangeRow.prefix.in_(["999", ""]))).all())
                specs.append({"token": enrolled["tokens"]["access_token"], "outlet": outlet,
                              "ticket_first": firsts["999"], "receipt_first": firsts[""],
                              "seed": i})
        traffic = {"rounds": args.rounds, "lease_seats": args.lease_seats,
                   "stock_sales": args.stock_sales, "warmup": args.warmup}
        ctx = mp.get_context("spawn")
        barrier = ctx.Barrier(args.clients + 1)
        out = ctx.Queue()
        clients = [ctx.Process(target=client_process,
                               args=(base, specs[c::args.clients], hot, prices, traffic,
                                     now, barrier, out))
                   for c in range(args.clients)]
        for p in clients:
            p.start()
        client_pids = [p.pid for p in clients if p.pid is not None]
        barrier.wait(timeout=300)
        cpu0 = cpu_by_group(server.pid, client_pids)
        t0 = time.perf_counter()
        parts = [out.get(timeout=1800) for _ in clients]
        elapsed = time.perf_counter() - t0
        cpu1 = cpu_by_group(server.pid, client_pids)
        for p in clients:
            p.join(timeout=60)

        latency: dict[str, list[float]] = {kind: [] for kind in KINDS}
        outcomes: Tally[str] = Tally()
        leases: Tally[str] = Tally()
        errors: list[str] = []
        for part in parts:
            for kind, values in part["latency"].items():
                latency[kind].extend(values)
            outcomes.update(part["outcomes"])
            leases.update(part["leases"])
            errors.extend(part["errors"])
        requests = sum(len(v) for v in latency.values())
        every = [x for v in latency.values() for x in v]
        with db.read() as session:
            over = session.scalar(select(func.count()).select_from(CabinInventory).where(
                CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity))
            used = dict(session.execute(select(SeatLease.id, SeatLease.used)).all())
            from_sales = dict(session.execute(
                select(Sale.lease_id, func.sum(Sale.seats))
                .where(Sale.source == "lease", Sale.status == "issued")
                .group_by(Sale.lease_id)).all())
        mismatched = [k for k, v in used.items() if int(from_sales.get(k) or 0) != v]
        cpu = {k: (cpu1[k] - cpu0.get(k, 0.0)) * 1000 / max(1, requests) for k in cpu1}
        figures = {
            "workers": workers, "requests": requests, "ops": sum(outcomes.values()),
            "elapsed": elapsed, "rps": requests / elapsed,
            "ops_s": sum(outcomes.values()) / elapsed,
            "pct": {kind: [percentile(v, q) * 1000 for q in (0.5, 0.95, 0.99)] + [
                max(v, default=0.0) * 1000] for kind, v in latency.items()},
            "p99": percentile(every, 0.99) * 1000, "outcomes": dict(outcomes),
            "leases": dict(leases), "oversold": over, "mismatched": len(mismatched),
            "cpu": cpu, "errors": errors,
        }
        report_one(figures)
        return figures
    finally:
        db.dispose()
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report_one(f: dict[str, Any]) -> None:
    print(f"--- {f['workers']} process(es): {f['requests']} requests, {f['ops']} ops in "
          f"{f['elapsed']:.1f} s: {f['rps']:.0f} requests/s, {f['ops_s']:.0f} ops/s")
    for kind, (p50, p95, p99, top) in f["pct"].items():
        print(f"  {kind:6} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  "
              f"max {top:7.1f} ms")
    print(f"  all requests p99 {f['p99']:.1f} ms")
    print(f"  lease answers: {f['leases']}")
    print(f"  op outcomes: {f['outcomes']}")
    if f["cpu"]:
        print("  CPU per request: " + ", ".join(f"{k} {v:.1f} ms" for k, v in f["cpu"].items()))
    print(f"  invariant: oversold cabins {f['oversold']}, leases whose used differs from "
          f"their sales {f['mismatched']}")
    for error in f["errors"][:5]:
        print(f"  error: {error}")
    if len(f["errors"]) > 5:
        print(f"  ... {len(f['errors']) - 5} more errors")


def report_table(runs: list[dict[str, Any]]) -> None:
    head = f"{'':26}" + "".join(f"{str(r['workers']) + ' proc':>16}" for r in runs)
    print()
    print(head)

    def row(label: str, cell: Any) -> None:
        print(f"{label:26}" + "".join(f"{cell(r):>16}" for r in runs))

    row("requests/s", lambda r: f"{r['rps']:.0f}")
    row("ops/s", lambda r: f"{r['ops_s']:.0f}")
    for kind in KINDS:
        row(f"{kind} p50/p95/p99 ms", lambda r, k=kind: "/".join(
            f"{x:.0f}" for x in r["pct"][k][:3]))
    row("all requests p99 ms", lambda r: f"{r['p99']:.0f}")
    for group in ("server", "postgres", "client"):
        row(f"{group} CPU ms/request",
            lambda r, g=group: f"{r['cpu'][g]:.1f}" if g in r["cpu"] else "-")
    row("applied / no_seats", lambda r: f"{r['outcomes'].get('applied', 0)}/"
        f"{r['outcomes'].get('rejected no_seats', 0)}")
    row("oversold / used≠sales", lambda r: f"{r['oversold']}/{r['mismatched']}")
    row("errors", lambda r: str(len(r["errors"])))
    best = max(runs, key=lambda r: r["rps"])
    ok = (best["rps"] >= TARGET_RPS and best["p99"] <= TARGET_P99_MS
          and all(r["oversold"] == 0 and r["mismatched"] == 0 for r in runs))
    print(f"ho_concurrency: best {best['rps']:.0f} requests/s, p99 {best['p99']:.0f} ms with "
          f"{best['workers']} process(es); oversold "
          f"{sum(r['oversold'] for r in runs)} (target >= {TARGET_RPS} requests/s, p99 <= "
          f"{TARGET_P99_MS} ms, 0 oversold: {'OK' if ok else 'MISSES TARGET'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2,
                        help="rounds each counter makes before the timed ones (not counted)")
    parser.add_argument("--lease-seats", type=int, default=4)
    parser.add_argument("--stock-sales", type=int, default=2)
    parser.add_argument("--hot-flights", type=int, default=40)
    parser.add_argument("--workers", default="1,2,4",
                        help="comma-separated numbers of server processes to compare")
    parser.add_argument("--clients", type=int, default=2,
                        help="load-generating processes the counters are spread over")
    parser.add_argument("--write-slots", type=int, default=0,
                        help="serve --write-slots (0: its default)")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    # Stopped with SIGTERM: still stop the server and drop the databases (finally blocks).
    signal.signal(signal.SIGTERM, lambda _sig, _frame: sys.exit(1))
    now = datetime.now(UTC)
    today = (now + timedelta(hours=8)).date()
    template = f"counter_bench_{uuid.uuid4().hex[:8]}_t"
    admin = psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres",
                            autocommit=True)
    admin.execute(f'CREATE DATABASE "{template}"')
    runs = []
    try:
        t0 = time.perf_counter()
        db = Database(create_engine(f"{args.pg}/{template}", pool_size=2, max_overflow=0))
        upgrade(db.engine)
        with db.write() as session:
            loader.load_all(session, today, demo=True, days_ahead=16)
        db.dispose()
        print(f"template database {time.perf_counter() - t0:.1f} s; {args.counters} counters, "
              f"{args.rounds} rounds, {args.clients} client processes")
        for workers in [int(w) for w in args.workers.split(",")]:
            runs.append(run_once(args, admin, template, workers, now, today))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        admin.close()
    report_table(runs)


if __name__ == "__main__":
    main()
