"""Time to open a pre-filled GP service request form (服务申请单), every kind.

Builds a demo store once in a temp folder (reference data, the demo schedule and people, as
a counter's first start loads them), books the V5 official of the Shenzhen GP unit with two
colleagues on a SZX flight ten days out, then for each of the 12 kinds times, ``--runs``
times each:

* **prefill**: ``services.gp_requests.prefill`` in a read unit of work (what the dialog asks
  of the database worker: the official, the unit, the booking's segment, seat and
  companions, the entitlement and the deadline);
* **form**: building the kind's ``RequestForm`` widget (offscreen Qt, Chinese labels), giving
  it the values and showing it until painted;
* **open**: both, one after the other: what the clerk waits for between choosing a kind and
  typing into its form.

Prints median and p95 ms per kind and over all. Target: open median ≤ 150 ms.
Not a test: run it by hand from the repository root (``.venv/bin/python bench/...``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from counter_app.gui.widgets.request_form import RequestForm
from counter_app.kernel.clock import SHANGHAI
from counter_app.services import gp_requests
from counter_app.services.gp_kinds import request_kinds
from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.db import Store, open_store
from counter_app.storage.demo import load_demo_people
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Clerk,
    Customer,
    Flight,
    SeatChoice,
    Traveller,
)
from counter_app.storage.refdata import ensure_demo_schedule, load_reference_data

TARGET_MS = 150.0


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def build_store(folder: Path, today: date) -> tuple[Store, ClerkSession, str, str]:
    """The demo store with a GP booking; returns it, the clerk, the V5 official and the
    booking."""
    store = open_store(folder / "counter.sqlite3")
    with store.unit_of_work() as session:
        load_reference_data(session)
    with store.unit_of_work() as session:
        ensure_demo_schedule(session, today)
    with store.unit_of_work() as session:
        load_demo_people(session)
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # stored naive UTC
    with store.unit_of_work() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.login == "linxiaoyu")).one()
        me = ClerkSession(clerk.id, clerk.login, clerk.name_zh, Role(clerk.role), "SZX001",
                          "深圳公务柜台", "gp_counter")
        unit = session.scalars(select(Customer).where(Customer.code == "GP-SZ-001")).one()
        people = list(session.scalars(select(Traveller).where(
            Traveller.customer_id == unit.id).order_by(Traveller.gp_level.desc())))
        flight = session.scalars(select(Flight).where(
            Flight.dep_date == today + timedelta(days=10), Flight.origin == "SZX")
            .order_by(Flight.flight_no).limit(1)).one()
        booking = Booking(pnr="BENCH1", status="ticketed", customer_id=unit.id,
                          clerk_id=clerk.id, outlet_code="SZX001", gp_order_no="GP-1",
                          customer_kind="gp_unit", created_at=now)
        session.add(booking)
        session.flush()
        segment = BookingSegment(booking_id=booking.id, seq=1, flight_id=flight.id,
                                 class_code="Y", cabin="Y", seats=len(people))
        session.add(segment)
        session.flush()
        passengers = [BookingPassenger(
            booking_id=booking.id, traveller_id=p.id, name=p.name, passenger_type="ADT",
            id_type=p.id_type, id_number=p.id_number, mobile=p.mobile, gp_level=p.gp_level)
            for p in people]
        session.add_all(passengers)
        session.flush()
        session.add(SeatChoice(booking_id=booking.id, passenger_id=passengers[0].id,
                               segment_id=segment.id, flight_id=flight.id, cabin="Y",
                               seat="2A", state="confirmed", clerk_login=clerk.login,
                               created_at=now))
        return store, me, people[0].id, booking.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    today = datetime.now(SHANGHAI).date()
    with tempfile.TemporaryDirectory() as folder:
        store, clerk, official, booking = build_store(Path(folder), today)
        print(f"{'kind':<20} {'prefill':>16} {'form':>16} {'open':>16}   (median / p95 ms)")
        opened: list[float] = []
        for code, kind in request_kinds().items():
            prefill_ms: list[float] = []
            form_ms: list[float] = []
            for _ in range(args.runs):
                started = time.perf_counter()
                with store.read() as session:
                    filled = gp_requests.prefill(session, code, official_id=official,
                                                 booking_id=booking, clerk=clerk)
                middle = time.perf_counter()
                form = RequestForm(kind, "zh_CN", today=today)
                form.set_values(filled.values)
                form.resize(900, 700)
                form.show()
                app.processEvents()
                form.grab()  # painted, as the clerk sees it
                ended = time.perf_counter()
                form.close()
                form.deleteLater()
                app.processEvents()
                prefill_ms.append((middle - started) * 1000)
                form_ms.append((ended - middle) * 1000)
                opened.append((ended - started) * 1000)
            both = [a + b for a, b in zip(prefill_ms, form_ms, strict=True)]
            print(f"{code:<20} "
                  f"{statistics.median(prefill_ms):7.1f} / {percentile(prefill_ms, 95):6.1f} "
                  f"{statistics.median(form_ms):7.1f} / {percentile(form_ms, 95):6.1f} "
                  f"{statistics.median(both):7.1f} / {percentile(both, 95):6.1f}")
        store.close()
    median = statistics.median(opened)
    print(f"all kinds: open median {median:.1f} ms, p95 {percentile(opened, 95):.1f} ms, "
          f"max {max(opened):.1f} ms over {len(opened)} opens "
          f"(target median <= {TARGET_MS:.0f} ms: {'met' if median <= TARGET_MS else 'MISSED'})")


if __name__ == "__main__":
    main()
