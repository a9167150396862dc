"""Push throughput of the head office: 10,000 ``sale.issue`` ops in batches of 500 over real
HTTP to ``counter-headoffice serve`` (its own process) on SQLite, against inserting the same
rows straight into the head-office database with SQLAlchemy Core ``executemany``.

Setup (not timed): a fresh SQLite file in a temp dir, migrated and loaded (reference data,
demo people, a short demo schedule); one counter enrolled over HTTP, given a 10,000-number
ticket range, and leases over enough flights to cover every sale (the normal offline case:
a counter sells from its allotment). Each op is one adult ticket with a receipt serial.

The baseline writes the same four rows per op that a push writes (``sales``,
``sale_tickets``, two ``used_numbers``, ``applied_ops``) with one ``executemany`` per table
per 500-op batch, one transaction per batch, into a second copy of the loaded database.

Prints ops/s of both and the ratio (target: push within 3x of the raw inserts). Not a test:
run by hand from the repo root: ``python bench/bench_push.py [--ops 10000 --batch 500]``.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from counter_app.domain.fares import (
    RouteFares,
    class_fare,
    parse_fare_class_tables,
    select_fare_class_table,
)
from counter_app.domain.money import amount_text, from_fen
from counter_app.domain.taxes import cn_fund, fuel_surcharge, parse_tax_tables
from counter_app.domain.types import PassengerType
from counter_app.headoffice import auth, inventory, loader, policy
from counter_app.headoffice.db import Database, upgrade
from counter_app.headoffice.models import (
    AppliedOp,
    CabinInventory,
    Counter,
    Flight,
    RuleDocument,
    Sale,
    SaleTicket,
    UsedNumber,
)
from counter_app.headoffice.ops.batch import fen
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import OP_SCHEMA_VERSION, payload_hash

TARGET_RATIO = 3.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build(path: Path, today: date) -> None:
    db = Database.from_url(f"sqlite:///{path}")
    upgrade(db.engine)
    with db.write() as session:
        loader.load_all(session, today, demo=True, days_ahead=10)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()


def leased_flights(db: Database, today: date, seats: int, per_flight: int) -> list[str]:
    with db.read() as session:
        rows = session.execute(
            select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(Flight.dep_date > today, CabinInventory.cabin == "Y",
                   CabinInventory.capacity - CabinInventory.sold - CabinInventory.granted
                   >= per_flight)
            .order_by(Flight.id)
        ).scalars().all()
    needed = -(-seats // per_flight)
    if len(rows) < needed:
        raise SystemExit(f"only {len(rows)} flights with {per_flight} free seats")
    return list(rows[:needed])


def class_m_prices(db: Database, flight_ids: list[str], on: date) -> dict[str, dict[str, str]]:
    """An adult's class M ticket on each flight as a counter prices it (the carrier's class
    M share of the Y fare, rounded to 10 yuan; CN fund and fuel surcharge; all by the rule
    documents), so head office, which prices every sale again, applies it."""
    with db.read() as session:
        doc = session.get(RuleDocument, "taxes")
        classes = session.get(RuleDocument, "fare_classes")
        assert doc is not None
        assert classes is not None
        taxes = parse_tax_tables(doc.payload)
        tables = parse_fare_class_tables(classes.payload)
        flights = session.scalars(select(Flight).where(Flight.id.in_(flight_ids))).all()
        out = {}
        for f in flights:
            fare = class_fare(RouteFares(y=from_fen(f.y_fare_fen)),
                              select_fare_class_table(tables, f.carrier, on).get("M"))
            cn = cn_fund(taxes, on, PassengerType.ADULT, f.feeder)
            fuel = fuel_surcharge(taxes, on, f.distance_km, PassengerType.ADULT)
            out[f.id] = {"fare": amount_text(fare), "cn_fund": amount_text(cn),
                         "fuel": amount_text(fuel), "total": amount_text(fare + cn + fuel)}
    return out


def make_ops(counter: dict[str, Any], leases: list[tuple[str, str]], ticket_first: int,
             receipt_first: int, n: int, per_flight: int, now: datetime,
             prices: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    ops = []
    for i in range(n):
        flight_id, lease_id = leases[i // per_flight]
        price = prices[flight_id]
        payload = {
            "sale_id": new_id(), "pnr": "HX4K2P", "flight_id": flight_id, "cabin": "Y",
            "class_code": "M", "lease_id": lease_id, "customer_id": None,
            "tickets": [{
                "ticket_number": f"999-{ticket_first + i:010d}", "passenger_name": "张三",
                "passenger_type": "ADT", "id_type": "NI", "id_number": "150102198603140270",
                **price, "insurance": "0.00", "receipt_serial": f"{receipt_first + i:010d}",
            }],
            "payments": [{"method": "cash", "amount": price["total"]}],
            "issued_at": now.isoformat(),
        }
        ops.append({
            "op_id": new_id(), "kind": "sale.issue", "schema_version": OP_SCHEMA_VERSION,
            "payload": payload, "payload_hash": payload_hash(payload), "clerk_login": "wangli",
            "counter_time": now.isoformat(), "local_seq": i + 1,
        })
    return ops


def raw_rows(op: dict[str, Any], counter_id: str, now: datetime) -> dict[str, Any]:
    p = op["payload"]
    t = p["tickets"][0]
    naive = now.replace(tzinfo=None)
    return {
        "sale": {"id": p["sale_id"], "counter_id": counter_id, "clerk_login": "wangli",
                 "pnr": p["pnr"], "flight_id": p["flight_id"], "cabin": "Y",
                 "class_code": "M", "lease_id": p["lease_id"], "customer_id": None, "seats": 1,
                 "source": "lease", "total_fen": fen(t["total"]), "payments": p["payments"],
                 "status": "issued", "issued_at_counter": naive, "received_at": naive},
        "ticket": {"ticket_number": t["ticket_number"], "sale_id": p["sale_id"],
                   "passenger_name": t["passenger_name"], "passenger_type": "ADT",
                   "id_type": "NI", "id_number": t["id_number"], "fare_fen": fen(t["fare"]),
                   "cn_fund_fen": fen(t["cn_fund"]), "fuel_fen": fen(t["fuel"]),
                   "insurance_fen": 0, "total_fen": fen(t["total"]),
                   "receipt_serial": t["receipt_serial"],
                   "status": "issued", "void_reason": ""},
        "numbers": [
            {"kind": "ticket", "prefix": "999", "number": int(t["ticket_number"][4:]),
             "counter_id": counter_id, "status": "used", "sale_id": p["sale_id"], "reason": "",
             "recorded_at": naive},
            {"kind": "receipt", "prefix": "", "number": int(t["receipt_serial"]),
             "counter_id": counter_id, "status": "used", "sale_id": p["sale_id"], "reason": "",
             "recorded_at": naive},
        ],
        "applied": {"counter_id": counter_id, "op_id": op["op_id"],
                    "payload_hash": op["payload_hash"], "kind": "sale.issue",
                    "status": "applied", "code": "", "message": "",
                    "result": {"sale_id": p["sale_id"], "seats": 1, "source": "lease"},
                    "applied_at": naive},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--per-flight", type=int, default=40)
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = (now + timedelta(hours=8)).date()

    with tempfile.TemporaryDirectory(prefix="bench-push-") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        build(root / "template.sqlite3", today)
        shutil.copyfile(root / "template.sqlite3", root / "push.sqlite3")
        shutil.copyfile(root / "template.sqlite3", root / "raw.sqlite3")
        print(f"database built in {time.perf_counter() - t0:.1f} s")

        url = f"sqlite:///{root / 'push.sqlite3'}"
        db = Database.from_url(url)
        with db.write() as session:
            code = auth.create_enrollment_code(session, "HET001", now)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "counter_app.headoffice.cli", "serve", "--port", str(port),
             "--database-url", url, "--log-level", "warning"],
        )
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=300) as http:
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
                counter_id = enrolled["counter_id"]
                headers = {"Authorization": f"Bearer {enrolled['tokens']['access_token']}"}
                with db.write() as session:
                    tickets = inventory.allocate_range(session, counter_id, "ticket", "999",
                                                       args.ops, now)
                    receipts = inventory.allocate_range(session, counter_id, "receipt", "",
                                                        args.ops, now)
                    # Staff lift HET001's lease quotas: this counter leases --per-flight
                    # seats on every flight its sales need (headoffice/policy.py).
                    for name in inventory.LEASE_POLICIES:
                        policy.set_policy(session, name, policy.POLICIES[name].maximum,
                                          "HET001", "bench", now)
                leases = []
                for flight_id in leased_flights(db, today, args.ops, args.per_flight):
                    r = http.post("/api/v1/inventory/leases", headers=headers, json={
                        "flight_id": flight_id, "cabin": "Y", "seats": args.per_flight})
                    r.raise_for_status()
                    leases.append((flight_id, r.json()["lease_id"]))
                prices = class_m_prices(db, [f for f, _ in leases], today)
                ops = make_ops(enrolled, leases, tickets.first, receipts.first, args.ops,
                               args.per_flight, now, prices)
                batches = [ops[i:i + args.batch] for i in range(0, len(ops), args.batch)]
                latencies = []
                t0 = time.perf_counter()
                for batch in batches:
                    t1 = time.perf_counter()
                    r = http.post("/api/v1/sync/push", headers=headers, json={"ops": batch})
                    latencies.append(time.perf_counter() - t1)
                    r.raise_for_status()
                    bad = [x for x in r.json()["results"] if x["status"] != "applied"]
                    if bad:
                        raise SystemExit(f"unexpected results: {bad[:3]}")
                push_s = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(timeout=30)
        with db.read() as session:
            stored = session.scalar(select(func.count()).select_from(Sale))
        db.dispose()
        if stored != args.ops:
            raise SystemExit(f"{stored} sales stored, expected {args.ops}")

        raw = Database.from_url(f"sqlite:///{root / 'raw.sqlite3'}")
        with raw.write() as session:  # the sales' counter must exist (foreign key)
            session.add(Counter(id=counter_id, outlet_code="HET001", name="raw",
                                enrolled_at=now.replace(tzinfo=None), app_version="",
                                status="active"))
        rows = [raw_rows(op, counter_id, now) for op in ops]
        t0 = time.perf_counter()
        for i in range(0, len(rows), args.batch):
            chunk = rows[i:i + args.batch]
            with raw.engine.begin() as conn:
                conn.execute(Sale.__table__.insert(), [r["sale"] for r in chunk])
                conn.execute(SaleTicket.__table__.insert(), [r["ticket"] for r in chunk])
                conn.execute(UsedNumber.__table__.insert(),
                             [n for r in chunk for n in r["numbers"]])
                conn.execute(AppliedOp.__table__.insert(), [r["applied"] for r in chunk])
        raw_s = time.perf_counter() - t0
        raw.dispose()

    latencies.sort()
    push_rate = args.ops / push_s
    raw_rate = args.ops / raw_s
    ratio = push_s / raw_s
    print(f"push over HTTP : {args.ops} ops in {push_s:.2f} s = {push_rate:,.0f} ops/s "
          f"(batch of {args.batch}: median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms)")
    print(f"raw executemany: {args.ops} ops in {raw_s:.2f} s = {raw_rate:,.0f} ops/s")
    verdict = "OK" if ratio <= TARGET_RATIO else "MISSES TARGET"
    print(f"push: {push_rate:,.0f} ops/s, raw inserts {raw_rate:,.0f} ops/s, ratio {ratio:.1f}x "
          f"(target ≤ {TARGET_RATIO:.0f}x, {verdict})")


if __name__ == "__main__":
    main()
