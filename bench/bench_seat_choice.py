"""A seat chosen at the counter while offline (选座，离线): the map read, the seat checked
and the provisional choice stored with its ``seat.choose`` op, and a pushed answer applied.

Builds the demo store in a temp folder (``start_counter(..., demo=True)``), gives the HET001
counter a lease on one flight three days out and sells ``--passengers`` (default 40) adults
on it, one booking each, as ``bench_sale.py`` does. Head office's last known map
(``seat_map_cache``) holds ``--taken`` (default 40) other seats of the cabin. Then for each
passenger, timed separately, each in its own unit of work as the GUI's database worker runs
them:

- ``seat_chart``: the map for the passenger (layout, cached state, this counter's choices
  and check-ins, the refusals);
- ``choose``: ``prepare_choice`` + ``record_choice(payload, None)``, commit included;
- ``apply``: a ``moved`` answer applied (seat changed, attention item), commit included.

Prints median, p90 and max ms of each. Target: median ≤ 50 ms each (the map must follow
the clerk's keys). Not a test: ``python bench/bench_seat_choice.py [--passengers 40]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from counter_app.domain.ids import resident_id_check_char
from counter_app.services import seating
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.startup import start_counter
from counter_app.storage.models import (
    Airline,
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Clerk,
    Flight,
    Lease,
    NumberRange,
)
from counter_app.sync import protocol

TARGET_MS = 50.0
SHANGHAI = ZoneInfo("Asia/Shanghai")


def resident_id(birth: date, serial: int) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passengers", type=int, default=40)
    parser.add_argument("--taken", type=int, default=40)
    args = parser.parse_args()
    now = datetime.now(UTC)
    today = now.astimezone(SHANGHAI).date()
    with tempfile.TemporaryDirectory(prefix="counter-bench-seat-") as tmp:
        store = start_counter(Path(tmp), demo=True, today=today).store
        try:
            with store.unit_of_work() as session:
                row = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
                clerk = ClerkSession(row.id, row.login, row.name_zh, Role(row.role),
                                     row.outlet_code, "", "post_office")
                flight = session.scalars(
                    select(Flight).join(CabinInventory, CabinInventory.flight_id == Flight.id)
                    .where(CabinInventory.cabin == "Y", Flight.origin == "HET",
                           Flight.dep_date == today + timedelta(days=3))
                    .order_by(Flight.flight_no)).first()
                assert flight is not None
                flight_id = flight.id
                aircraft = seating.seat_map_of(session, flight)
                session.add(Lease(lease_id="bench", flight_id=flight_id, cabin="Y",
                                  granted=args.passengers, used_local=0,
                                  expires_at=now.replace(tzinfo=None) + timedelta(days=30),
                                  status="active"))
                for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
                    session.add(NumberRange(range_id=f"bench-{prefix}", kind="ticket",
                                            prefix=prefix, first=2_090_000_000,
                                            last=2_090_099_999, next_number=2_090_000_000))
            plain = [s.code for s in aircraft.seats("Y") if not s.blocked and not s.exit_row]
            assert len(plain) >= args.taken + 2 * args.passengers, "cabin too small"
            with store.unit_of_work() as session:
                seating.store_snapshot(session, protocol.SeatMapState.model_validate({
                    "flight_id": flight_id, "layout_id": aircraft.layout_id, "as_of": now,
                    "seats": [{"seat": code, "state": "taken"}
                              for code in plain[:args.taken]]}))
            people = []
            for i in range(args.passengers):
                with store.unit_of_work() as session:
                    party = [PassengerInput(f"旅客{'一二三四五六七八九'[i % 9]}", "NI",
                                            resident_id(date(1970 + i % 30, 1, 1), i))]
                    held = book(session, segments=[SegmentChoice(flight_id, "Y")],
                                passengers=party, customer_id=None, clerk=clerk, now=now)
                    ticket_booking(session, held.booking_id,
                                   [PaymentInput("cash", held.quote.total)], clerk=clerk,
                                   now=now)
                    segment = session.scalars(select(BookingSegment.id).where(
                        BookingSegment.booking_id == held.booking_id)).one()
                    passenger = session.scalars(select(BookingPassenger.id).where(
                        BookingPassenger.booking_id == held.booking_id)).one()
                    people.append((passenger, segment))
            times: dict[str, list[float]] = {"seat_chart": [], "choose": [], "apply": []}
            free = iter(plain[args.taken:])
            for passenger_id, segment in people:
                t0 = time.perf_counter()
                with store.read() as session:
                    seating.seat_chart(session, segment, passenger_id, now)
                t1 = time.perf_counter()
                with store.unit_of_work() as session:
                    payload = seating.prepare_choice(session, passenger_id, segment, next(free),
                                                     clerk.login, now)
                    seating.record_choice(session, payload, None, now)
                t2 = time.perf_counter()
                answer = protocol.SeatAnswer.model_validate({
                    "choice_id": payload.choice_id, "flight_id": flight_id,
                    "seat": next(free), "status": "moved", "moved_from": payload.seat,
                    "state": "taken"})
                with store.unit_of_work() as session:
                    seating.apply_answer(session, answer, now)
                t3 = time.perf_counter()
                times["seat_chart"].append((t1 - t0) * 1000)
                times["choose"].append((t2 - t1) * 1000)
                times["apply"].append((t3 - t2) * 1000)
            print(f"{flight.flight_no} {aircraft.layout_id}: {len(aircraft.seats())} seats, "
                  f"{args.taken} taken at head office, {args.passengers} passengers seated")
            medians = {}
            for name, values in times.items():
                medians[name] = statistics.median(values)
                print(f"{name:>10}: median {medians[name]:6.1f} ms  "
                      f"p90 {percentile(values, 90):6.1f}  max {max(values):6.1f}")
            ok = all(m <= TARGET_MS for m in medians.values())
            print("summary: median " + ", ".join(f"{k} {v:.1f} ms" for k, v in medians.items())
                  + f"; target ≤ {TARGET_MS:.0f} ms each: {'OK' if ok else 'MISSES TARGET'}")
        finally:
            store.close()


if __name__ == "__main__":
    main()
