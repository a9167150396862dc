"""Where the time of one lease request and one push goes, on PostgreSQL, one request at a
time (no contention): the bench's traffic (a lease of 4 seats, then a push of 4 sales from
the lease and 2 from stock) from one counter, ``--rounds`` times, against the real app
served by uvicorn in this process.

Each phase is timed by wrapping the function that does it (wall time and this thread's CPU
time), and every SQL statement is counted with the time until its answer (SQLAlchemy's
cursor events). Prints per request kind: total wall time as the client saw it, the phases
(auth, admission + BEGIN, the work, the change-log step + COMMIT, the rest = HTTP,
FastAPI, body and response validation, thread hand-offs), statements and round trips, and
a server CPU estimate. Not a test: ``python bench/profile_push.py [--rounds 200]``.
"""

from __future__ import annotations

import argparse
import inspect
import socket
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
import uvicorn
from sqlalchemy import create_engine, event, select

from bench_ho_concurrency import adult_prices
from counter_app.headoffice import apply, auth, changes, deps, inventory, loader
from counter_app.headoffice.app import create_app
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import CabinInventory, Flight, NumberRangeRow
from counter_app.headoffice.ops import bulk_sales
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import OP_SCHEMA_VERSION, payload_hash

_local = threading.local()


class Phases:
    """Wall and CPU time per phase, and statements per phase, of the current request."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.stmts: dict[str, int] = defaultdict(int)
        self.db_wait: dict[str, float] = defaultdict(float)
        self.lock = threading.Lock()

    def reset(self) -> None:
        with self.lock:
            self.wall.clear()
            self.cpu.clear()
            self.stmts.clear()
            self.db_wait.clear()


PHASES = Phases()


def current_phase() -> str:
    stack: list[str] = getattr(_local, "stack", [])
    return stack[-1] if stack else "other"


@contextmanager
def phase(name: str) -> Iterator[None]:
    stack: list[str] = getattr(_local, "stack", [])
    _local.stack = stack
    stack.append(name)
    w0, c0 = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        stack.pop()
        with PHASES.lock:
            PHASES.wall[name] += time.perf_counter() - w0
            PHASES.cpu[name] += time.thread_time() - c0
        if stack:  # report phases exclusive of the ones inside them
            with PHASES.lock:
                PHASES.wall[stack[-1]] -= time.perf_counter() - w0
                PHASES.cpu[stack[-1]] -= time.thread_time() - c0


def wrap(module: Any, attr: str, name: str) -> None:
    original: Callable[..., Any] = getattr(module, attr)

    def timed(*args: Any, **kwargs: Any) -> Any:
        with phase(name):
            return original(*args, **kwargs)

    setattr(module, attr, timed)


def wrap_cm(module: Any, attr: str, name: str) -> None:
    """Time entering a context manager (admission, pool checkout, BEGIN)."""
    original: Callable[..., Any] = getattr(module, attr)

    @contextmanager
    def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
        with phase(name):
            cm = original(*args, **kwargs)
            value = cm.__enter__()
        try:
            yield value
        except BaseException as exc:
            if not cm.__exit__(type(exc), exc, exc.__traceback__):
                raise
        else:
            cm.__exit__(None, None, None)

    setattr(module, attr, timed)


def instrument(db: Database) -> None:
    @event.listens_for(db.engine, "before_cursor_execute")
    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
               executemany: bool) -> None:
        conn.info["h6_t0"] = time.perf_counter()

    @event.listens_for(db.engine, "after_cursor_execute")
    def after(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
              executemany: bool) -> None:
        name = current_phase()
        with PHASES.lock:
            PHASES.stmts[name] += 1
            PHASES.db_wait[name] += time.perf_counter() - conn.info.pop("h6_t0", 0.0)

    wrap(deps, "authenticate", "auth")
    wrap(apply, "lock_key", "push: per-counter lock")
    wrap(apply, "lookup", "push: stored op lookup")
    wrap(apply, "expire_leases", "push: expire leases")
    wrap(apply, "active_clerks", "push: clerks")
    wrap(bulk_sales.SalesRun, "apply", "push: sales run (decide + write)")
    wrap(apply, "apply_batch", "push: rest of apply_batch")
    wrap(inventory, "expire_leases", "lease: expire leases")
    wrap(inventory, "grant_lease", "lease: grant")
    wrap(changes, "commit_with_changes", "change log + COMMIT")
    wrap_cm(db, "write", "admission + BEGIN")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = (now + timedelta(hours=8)).date()
    name = f"counter_profile_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres",
                            autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{args.pg}/{name}"
    server = None
    thread = None
    try:
        setup = Database(create_engine(url, pool_size=2, max_overflow=0))
        upgrade(setup.engine)
        with setup.write() as session:
            loader.load_all(session, today, demo=True, days_ahead=16)
            code = auth.create_enrollment_code(session, "HET001", now)
        with setup.read() as session:
            hot = list(session.scalars(
                select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
                .where(Flight.dep_date == today + timedelta(days=15), CabinInventory.cabin == "Y")
                .order_by(Flight.flight_no).limit(40)))
            prices = adult_prices(session, hot, today)
        db = Database.from_url(url)
        # as serve runs it (the token cache, where this tree has one)
        cached: dict[str, Any] = ({"auth_cache": timedelta(seconds=5)} if "auth_cache" in
                                  inspect.signature(create_app).parameters else {})
        app = create_app(db, **cached)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.01)
        http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        enrolled = http.post("/api/v1/enroll", json={"code": code, "counter_name": "p"}).json()
        with setup.read() as session:
            firsts = dict(session.execute(
                select(NumberRangeRow.prefix, NumberRangeRow.first).where(
                    NumberRangeRow.counter_id == enrolled["counter_id"],
                    NumberRangeRow.prefix.in_(["999", ""]))).all())
        headers = {"Authorization": f"Bearer {enrolled['tokens']['access_token']}"}
        ticket, receipt, seq = firsts["999"], firsts[""], 0

        def sale(flight: str, lease: str | None) -> dict[str, Any]:
            nonlocal ticket, receipt, seq
            ticket, receipt, seq = ticket + 1, receipt + 1, seq + 1
            price = prices[flight]
            payload = {
                "sale_id": new_id(), "pnr": "HX4K2P", "flight_id": flight, "cabin": "Y",
                "class_code": "Y", "lease_id": lease, "customer_id": None,
                "tickets": [{"ticket_number": f"999-{ticket - 1:010d}",
                             "passenger_name": "张三", "passenger_type": "ADT",
                             "id_type": "NI", "id_number": "150102198603140270",
                             "insurance": "0.00", **price,
                             "receipt_serial": f"{receipt - 1:010d}"}],
                "payments": [{"method": "cash", "amount": price["total"]}],
                "issued_at": now.isoformat()}
            return {"op_id": new_id(), "kind": "sale.issue", "schema_version": OP_SCHEMA_VERSION,
                    "payload": payload, "payload_hash": payload_hash(payload),
                    "clerk_login": "wangli", "counter_time": now.isoformat(), "local_seq": seq}

        instrument(db)
        totals: dict[str, dict[str, dict[str, float]]] = {}
        client_wall: dict[str, float] = defaultdict(float)
        outcomes: dict[str, int] = defaultdict(int)
        lease_id: str | None = None
        for i in range(args.rounds + 10):
            flight = hot[i % len(hot)]
            for kind in ("lease", "push"):
                if kind == "lease":
                    body: dict[str, Any] = {"flight_id": flight, "cabin": "Y", "seats": 4}
                    path = "/api/v1/inventory/leases"
                else:
                    ops = [sale(flight, lease_id) for _ in range(4)]
                    ops += [sale(hot[(i + 7) % len(hot)], None) for _ in range(2)]
                    body, path = {"ops": ops}, "/api/v1/sync/push"
                PHASES.reset()
                t0 = time.perf_counter()
                r = http.post(path, json=body, headers=headers)
                took = time.perf_counter() - t0
                if kind == "lease":
                    lease_id = r.json()["lease_id"] if r.status_code == 200 else None
                else:
                    for res in r.json()["results"]:
                        outcomes[f"{res['status']} {res['code']}".strip()] += 1
                if i < 10:
                    continue  # warm-up: caches, prepared statements, pool
                client_wall[kind] += took
                into = totals.setdefault(kind, {})
                for key, table in (("wall", PHASES.wall), ("cpu", PHASES.cpu),
                                   ("stmts", PHASES.stmts), ("db", PHASES.db_wait)):
                    for ph, value in table.items():
                        into.setdefault(ph, {}).setdefault(key, 0.0)
                        into[ph][key] += value
        n = args.rounds
        print(f"{n} lease requests and {n} pushes (6 sale.issue each), one at a time; "
              f"op outcomes {dict(outcomes)}")
        for kind in ("lease", "push"):
            into = totals[kind]
            total = client_wall[kind] / n * 1000
            print(f"\n{kind}: {total:.2f} ms per request as the client saw it")
            print(f"  {'phase':36}{'wall ms':>9}{'CPU ms':>9}{'stmts':>7}{'in DB ms':>10}")
            accounted = 0.0
            cpu_sum = 0.0
            stmts = 0.0
            for ph, v in sorted(into.items(), key=lambda kv: -kv[1].get("wall", 0.0)):
                wall = v.get("wall", 0.0) / n * 1000
                accounted += wall
                cpu_sum += v.get("cpu", 0.0) / n * 1000
                stmts += v.get("stmts", 0.0) / n
                print(f"  {ph:36}{wall:9.2f}{v.get('cpu', 0.0) / n * 1000:9.2f}"
                      f"{v.get('stmts', 0.0) / n:7.1f}{v.get('db', 0.0) / n * 1000:10.2f}")
            print(f"  {'HTTP, FastAPI, validation, threads':36}{total - accounted:9.2f}"
                  f"{'':>9}{'':>7}")
            print(f"  statements per request {stmts:.1f}; CPU in the phases {cpu_sum:.2f} ms")
        server.should_exit = True
        http.close()
    finally:
        if thread is not None:
            thread.join(timeout=10)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    main()
