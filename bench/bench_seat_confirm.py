"""A seat confirmation round trip online: ``POST /seats`` to a real served head office
(``counter-headoffice serve`` in its own process), from the counter's request to its
answer, and the seat map fetch (``GET /seats/{flight_id}``) a counter makes before it.

Setup (not timed): a fresh SQLite file in a temp dir, migrated and loaded (reference data,
demo people, a 10-day demo schedule), or with ``--pg URL`` an empty PostgreSQL database
(migrated and loaded the same way; it is left filled); one counter enrolled over HTTP. Then
``--choices`` (default 300) seat choices, one request each on a keep-alive connection, each
a different seat: window, middle and aisle seats of the Y cabins of the flights departing
in 2 to 9 days, as adults without GP level, ``--warmup`` (20) of them untimed. Every answer
must be ``confirmed``. After them, ``--maps`` (200) fetches of the map of the flights used.

Prints median/p90/p99/max ms of the confirmation and median/p90 of the map fetch (which
lists the seats taken so far on that flight), and the summary line with the target:
median confirmation ≤ 50 ms (a clerk waits for it after pressing Enter on the map).
Run from the repo root: ``python bench/bench_seat_confirm.py [--choices 300] [--pg URL]``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, select

from counter_app.domain.seatmap import seat_map
from counter_app.headoffice import auth, loader
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import Flight, Layout
from counter_app.kernel.ids import new_id

TARGET_MEDIAN_MS = 50.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(url: str, today: date) -> Database:
    db = Database.from_url(url)
    upgrade(db.engine)
    with db.read() as session:
        loaded = session.scalar(select(func.count()).select_from(Flight))
    if not loaded:
        with db.write() as session:
            loader.load_all(session, today, demo=True, days_ahead=10)
    return db


def seats_to_choose(db: Database, today: date, n: int) -> list[tuple[str, str]]:
    """(flight id, seat) pairs, all different: plain Y seats of flights 2 to 9 days out."""
    out: list[tuple[str, str]] = []
    with db.read() as session:
        flights = session.execute(
            select(Flight.id, Layout.id, Layout.definition)
            .join(Layout, Layout.id == Flight.layout_id)
            .where(Flight.dep_date >= today + timedelta(days=2),
                   Flight.dep_date <= today + timedelta(days=9),
                   Flight.status == "scheduled")
            .order_by(Flight.dep_date, Flight.flight_no)).all()
    for flight_id, layout_id, definition in flights:
        plan = seat_map(definition, layout_id)
        for seat in plan.seats("Y"):
            if not seat.blocked and not seat.exit_row:
                out.append((flight_id, seat.code))
                if len(out) == n:
                    return out
            if sum(1 for f, _ in out if f == flight_id) >= 40:
                break  # spread over flights
    raise SystemExit(f"only {len(out)} seats found for {n} choices")


def body(flight_id: str, seat: str, now: datetime) -> dict[str, object]:
    return {"choice_id": new_id(), "flight_id": flight_id, "cabin": "Y", "seat": seat,
            "holder": new_id(), "passenger_name": "张三",
            "passenger": {"passenger_type": "ADT", "age": 40}, "clerk_login": "wangli",
            "chosen_at": now.isoformat()}


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--choices", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--maps", type=int, default=200)
    parser.add_argument("--pg", default=None, help="an empty PostgreSQL database URL")
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = (now + timedelta(hours=8)).date()

    with tempfile.TemporaryDirectory(prefix="bench-seat-") as tmp:
        url = args.pg or f"sqlite:///{Path(tmp) / 'headoffice.sqlite3'}"
        t0 = time.perf_counter()
        db = prepare(url, today)
        print(f"database ready in {time.perf_counter() - t0:.1f} s ({db.engine.dialect.name})")
        with db.write() as session:
            code = auth.create_enrollment_code(session, "HET001", now)
        wanted = seats_to_choose(db, today, args.warmup + args.choices)
        db.dispose()
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
                enrolled = http.post("/api/v1/enroll",
                                     json={"code": code, "counter_name": "bench"}).json()
                headers = {"Authorization": f"Bearer {enrolled['tokens']['access_token']}"}
                confirm: list[float] = []
                for i, (flight_id, seat) in enumerate(wanted):
                    payload = body(flight_id, seat, now)
                    t1 = time.perf_counter()
                    r = http.post("/api/v1/seats", json=payload, headers=headers)
                    spent = time.perf_counter() - t1
                    if r.status_code != 200 or r.json()["status"] != "confirmed":
                        raise SystemExit(f"seat {seat} of {flight_id}: {r.status_code} {r.text}")
                    if i >= args.warmup:
                        confirm.append(spent)
                flights = sorted({f for f, _ in wanted})
                maps: list[float] = []
                shown = 0
                for i in range(args.maps):
                    t1 = time.perf_counter()
                    r = http.get(f"/api/v1/seats/{flights[i % len(flights)]}", headers=headers)
                    maps.append(time.perf_counter() - t1)
                    r.raise_for_status()
                    shown = max(shown, len(r.json()["seats"]))
        finally:
            server.terminate()
            server.wait(timeout=30)

    median = statistics.median(confirm) * 1000
    print(f"confirmations: {len(confirm)} on {len(flights)} flights; "
          f"median {median:.1f} ms, p90 {ms(confirm, 0.9):.1f}, p99 {ms(confirm, 0.99):.1f}, "
          f"max {max(confirm) * 1000:.1f}")
    print(f"map fetch: {len(maps)} (up to {shown} seats taken per flight); "
          f"median {statistics.median(maps) * 1000:.1f} ms, p90 {ms(maps, 0.9):.1f}")
    verdict = "OK" if median <= TARGET_MEDIAN_MS else "MISSES TARGET"
    print(f"seat confirm: median {median:.1f} ms (target ≤ {TARGET_MEDIAN_MS:.0f} ms, "
          f"{verdict}); map fetch median {statistics.median(maps) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
