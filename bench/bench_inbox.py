"""Head office's inbox of service requests with 10,000 requests: what a head-office person
waits for over HTTP (``GET /api/v1/inbox`` and its filters, a request's detail, a step).

Setup (not timed), per database: SQLite (a temp file) and PostgreSQL (a fresh database
``counter_bench_inbox_<random>`` on 127.0.0.1:5432, user postgres, dropped afterwards;
``--pg URL`` for an empty one of your own, which is left filled), migrated and loaded
(reference data, demo people, a 3-day demo schedule). Then ``--requests`` (10,000) service
requests written straight into ``service_requests`` with their steps (submit, then accept,
arrange, done, reject or cancel as far as the state goes: about 2.3 steps each), spread
over the 12 kinds, 7 states (two thirds open), 14 airports, flight dates from 10 days ago
to 40 days ahead, levels V1-V5, 7 outlets and 3 assignees; ANALYZE on PostgreSQL. A head
office (``counter-headoffice serve``, its own process) serves it; a counter of HET000 is
enrolled and a head-office person logged in over HTTP, one keep-alive connection.

Timed, ``--runs`` (60) each after ``--warmup`` (5), round robin so that every kind sees the
same load: the first page unfiltered (50 lines, total and counts per state); filtered by
two states + an airport; by a 7-day flight-date range + a level; the counts alone (a page
of 1 line: the total and the counts per state are the whole cost); a request's detail
(a different request each time); a step (accept of a different submitted request each
time). Prints median/p95/max ms per kind per database, and the summary line with the
target: every median ≤ 100 ms (a list a person waits for after a click).
Run from the repo root: ``python bench/bench_inbox.py [--runs 60] [--db sqlite,pg]``.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import insert, text

from counter_app.headoffice import auth, loader
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import Clerk
from counter_app.headoffice.request_models import ServiceRequestRow, ServiceRequestStepRow
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.passwords import hash_password

TARGET_MEDIAN_MS = 100.0
PG = ("127.0.0.1", 5432, "postgres")
KINDS = {"vip_cip": 24, "group_vip": 48, "ground_transfer": 12, "meal_preorder": 24,
         "lounge": 6, "secretary": 24, "priority_baggage": 6, "holiday_seat": 72,
         "family_spare_seats": 24, "paid_vacation": 168, "priority_seat": 2,
         "refund_waiver": None}
# state -> weight, and the steps after the submit that lead there
STATES = {"submitted": (30, ()), "accepted": (20, ("accept",)),
          "arranged": (15, ("accept", "arrange")), "done": (20, ("accept", "arrange", "done")),
          "rejected": (8, ("reject",)), "cancelled": (7, ("cancel",))}
AIRPORTS = ("HET", "PEK", "PKX", "SHA", "PVG", "CAN", "SZX", "CTU", "XIY", "BAV", "HLD",
            "CIF", "DSN", "WUH")
OUTLETS = ("HET001", "BAV001", "CIF001", "HET002", "SZX001", "DSN001", "HLD001")
LEVELS = ("V1", "V2", "V3", "V4", "V5")
NAMES = ("张建国", "李红", "王伟", "赵敏", "刘洋", "陈静", "杨帆", "黄磊", "周涛", "吴昊")
UNITS = ("市发改委", "市财政局", "深圳市政府", "自治区交通厅", "市教育局", "市卫健委")
STAFF = ("bench_ho1", "bench_ho2", "bench_ho3")
PASSWORD = "bench-inbox-2026"
STEP_SIDE = {"accept": "head_office", "arrange": "head_office", "done": "head_office",
             "reject": "head_office", "cancel": "counter"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def requests_and_steps(n: int, today: date, now: datetime,
                       rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    states = list(STATES)
    weights = [STATES[s][0] for s in states]
    stamp = now.astimezone(UTC).replace(tzinfo=None)
    for _ in range(n):
        kind = rng.choice(list(KINDS))
        state = rng.choices(states, weights)[0]
        day = today + timedelta(days=rng.randint(-10, 40))
        departure = datetime.combine(day, clock_time(rng.randint(6, 21), rng.choice((0, 30))),
                                     tzinfo=SHANGHAI).astimezone(UTC).replace(tzinfo=None)
        lead = KINDS[kind]
        origin, destination = rng.sample(AIRPORTS, 2)
        request_id = str(uuid.uuid4())
        official, unit = rng.choice(NAMES), rng.choice(UNITS)
        flight_no = f"{rng.choice(('CA', 'MU', 'CZ', 'ZH', 'HU'))}{rng.randint(1000, 9999)}"
        submitted = stamp - timedelta(hours=rng.randint(1, 400))
        rows.append({
            "id": request_id, "kind": kind, "state": state,
            "version": 1 + len(STATES[state][1]), "outlet_code": rng.choice(OUTLETS),
            "counter_id": None, "customer_id": None, "unit_name": unit, "official_id": None,
            "official_name": official, "gp_level": rng.choice(LEVELS), "pnr": None,
            "booking_id": None, "flight_id": None, "flight_no": flight_no,
            "flight_date": day, "origin": origin, "destination": destination,
            "departure_at": departure,
            "due_at": None if lead is None else departure - timedelta(hours=lead),
            "assignee": rng.choice(("", *STAFF)) if state != "submitted" else "",
            "values": {"official_name": official, "unit_name": unit, "flight_no": flight_no,
                       "flight_date": day.isoformat(), "origin": origin,
                       "destination": destination, "contact_name": "李秘书",
                       "contact_phone": "13800000000", "notes": "走贵宾通道，随行两人"},
            "field_versions": {}, "note": "", "created_by": "wangli",
            "submitted_at": submitted, "updated_at": submitted + timedelta(hours=1),
        })
        at = submitted
        after = {"accept": "accepted", "arrange": "arranged", "done": "done",
                 "reject": "rejected", "cancel": "cancelled"}
        steps.append({"request_id": request_id, "action": "submit", "state": "submitted",
                      "by_login": "wangli", "by_name": "王丽", "side": "counter", "at": at,
                      "note": ""})
        for action in STATES[state][1]:
            at += timedelta(minutes=rng.randint(5, 300))
            steps.append({"request_id": request_id, "action": action, "state": after[action],
                          "by_login": "bench_ho1", "by_name": "总部一", "at": at,
                          "side": STEP_SIDE[action], "note": "已处理" if action != "reject"
                          else "不符合条件"})
    return rows, steps


def prepare(url: str, today: date, now: datetime, n: int) -> tuple[Database, str, float]:
    """Migrate, load the demo data, write the requests; (db, enrollment code, seconds)."""
    t0 = time.perf_counter()
    db = Database.from_url(url)
    upgrade(db.engine)
    with db.write() as session:
        loader.load_all(session, today, demo=True, days_ahead=3)
    secret = hash_password(PASSWORD)
    rows, steps = requests_and_steps(n, today, now, random.Random(13))
    with db.write() as session:
        for i, login in enumerate(STAFF, 1):
            session.add(Clerk(login=login, name_zh=f"总部{i}", role="head_office",
                              outlet_code="HET000", password_hash=secret, active=True))
        session.flush()
        for first in range(0, len(rows), 2000):
            session.execute(insert(ServiceRequestRow), rows[first:first + 2000])
        for first in range(0, len(steps), 5000):
            session.execute(insert(ServiceRequestStepRow), steps[first:first + 5000])
        code = auth.create_enrollment_code(session, "HET000", now)
    with db.engine.connect() as conn:
        if db.is_sqlite:
            conn.exec_driver_sql("ANALYZE")
        else:
            conn.execute(text("ANALYZE service_requests"))
            conn.execute(text("ANALYZE service_request_steps"))
        conn.commit()
    return db, code, time.perf_counter() - t0


@contextmanager
def served(url: str) -> Iterator[httpx.Client]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
         "--database-url", url, "--log-level", "warning"])
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            deadline = time.monotonic() + 30
            while True:
                try:
                    http.get("/api/v1/health")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            yield http
    finally:
        server.terminate()
        server.wait(timeout=30)


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def measure(url: str, args: argparse.Namespace, today: date,
            now: datetime) -> dict[str, list[float]]:
    db, code, spent = prepare(url, today, now, args.requests)
    print(f"{db.engine.dialect.name}: {args.requests} requests loaded in {spent:.1f} s")
    with db.read() as session:
        ids = list(session.scalars(text("SELECT id FROM service_requests ORDER BY id")))
        submitted = list(session.scalars(text(
            "SELECT id FROM service_requests WHERE state = 'submitted' ORDER BY id")))
    db.dispose()
    rng = random.Random(7)
    rng.shuffle(ids)
    rng.shuffle(submitted)
    with served(url) as http:
        enrolled = http.post("/api/v1/enroll", json={"code": code, "counter_name": "bench"})
        enrolled.raise_for_status()
        headers = {"Authorization": f"Bearer {enrolled.json()['tokens']['access_token']}"}
        login = http.post("/api/v1/staff/login", headers=headers,
                          json={"login": STAFF[0], "password": PASSWORD})
        login.raise_for_status()
        headers["X-Staff-Token"] = login.json()["token"]
        d0 = today + timedelta(days=5)
        dates = {"date_from": d0.isoformat(), "date_to": (d0 + timedelta(days=6)).isoformat(),
                 "level": "V4"}
        shown: dict[str, int] = {}

        def page(name: str, params: Any) -> Callable[[int], httpx.Response]:
            def run(_i: int) -> httpx.Response:
                r = http.get("/api/v1/inbox", params=params, headers=headers)
                shown[name] = r.json()["total"] if r.status_code == 200 else -1
                return r
            return run

        def detail(i: int) -> httpx.Response:
            return http.get(f"/api/v1/inbox/{ids[i]}", headers=headers)

        def step(i: int) -> httpx.Response:
            return http.post(f"/api/v1/inbox/{submitted[i]}/step", headers=headers,
                             json={"action": "accept", "version": 1, "note": "收到"})

        work: dict[str, Callable[[int], httpx.Response]] = {
            "first page": page("first page", {"limit": 50}),
            "state+airport": page("state+airport", [("state", "submitted"),
                                                    ("state", "accepted"), ("airport", "PEK"),
                                                    ("limit", 50)]),
            "dates+level": page("dates+level", {**dates, "limit": 50}),
            "counts": page("counts", {"limit": 1}),
            "detail": detail,
            "step": step,
        }
        times: dict[str, list[float]] = {name: [] for name in work}
        for i in range(args.warmup + args.runs):
            for name, run in work.items():
                t1 = time.perf_counter()
                r = run(i)
                spent = time.perf_counter() - t1
                if r.status_code != 200:
                    raise SystemExit(f"{name}: {r.status_code} {r.text}")
                if i >= args.warmup:
                    times[name].append(spent)
        print("  matching: " + ", ".join(f"{k} {v}" for k, v in shown.items()))
    return times


@contextmanager
def fresh_pg() -> Iterator[str]:
    host, port, user = PG
    name = f"counter_bench_inbox_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host=host, port=port, user=user, dbname="postgres",
                         autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://{user}@{host}:{port}/{name}"
    finally:
        with psycopg.connect(host=host, port=port, user=user, dbname="postgres",
                             autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--db", default="sqlite,pg", help="sqlite, pg or both")
    parser.add_argument("--pg", default=None, help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = now.astimezone(SHANGHAI).date()
    results: dict[str, dict[str, list[float]]] = {}
    for which in args.db.split(","):
        if which == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bench-inbox-") as tmp:
                url = f"sqlite:///{Path(tmp) / 'headoffice.sqlite3'}"
                results["SQLite"] = measure(url, args, today, now)
        elif args.pg:
            results["PostgreSQL"] = measure(args.pg, args, today, now)
        else:
            with fresh_pg() as url:
                results["PostgreSQL"] = measure(url, args, today, now)
    worst = 0.0
    for database, times in results.items():
        print(f"{database} ({args.runs} runs each, ms):")
        for name, values in times.items():
            median = statistics.median(values) * 1000
            worst = max(worst, median)
            print(f"  {name:14} median {median:6.1f}  p95 {ms(values, 0.95):6.1f}  "
                  f"max {max(values) * 1000:6.1f}")
    verdict = "OK" if worst <= TARGET_MEDIAN_MS else "MISSES TARGET"
    print(f"inbox with {args.requests} requests: slowest median {worst:.1f} ms "
          f"(target ≤ {TARGET_MEDIAN_MS:.0f} ms, {verdict})")


if __name__ == "__main__":
    main()
