"""Time from confirm to issued ticket, offline (确认出票到出票完成).

Builds a store in a temp folder with ``start_counter(data_dir, demo=True, today=...)``
(reference data, demo people, the 65-day demo schedule), gives the HET001 counter leases on
the next days' flights and a ticket range per airline prefix, as a sync would, and sells a
history of bookings first (``--history``, default 300) so the sale tables are not empty.

Then, for each run, a booking is held (not timed) and the clerk confirms: the time is taken
around ``ticket_booking`` in its own unit of work, commit included (the tickets, coupons,
payments, the lease and range updates and the ``sale.issue`` outbox op are durable when the
clock stops). Two kinds of sale, alternating: one adult one-way paid in cash with change;
an adult and a child on a return trip (two tickets, four coupons), paid split cash + card.
Prints the median, p95 and max per kind and overall. Target: median ≤ 200 ms.
Not a test: run it by hand, ``python bench/bench_sale.py [--runs 60 --history 300]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from counter_app.domain.ids import resident_id_check_char
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.startup import start_counter
from counter_app.storage.db import Store
from counter_app.storage.models import Airline, CabinInventory, Clerk, Flight, Lease, NumberRange

TARGET_MS = 200.0
SHANGHAI = ZoneInfo("Asia/Shanghai")


def resident_id(birth: date, serial: int) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + resident_id_check_char(first17)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def prepare(store: Store, today: date, now: datetime) -> tuple[ClerkSession, list[tuple[str, str]]]:
    """Leases of 60 Y seats on HET↔PEK (and every other HET route) flights 3–12 days out,
    ranges of 100,000 numbers per prefix; returns the clerk and (out, back) flight pairs."""
    with store.unit_of_work() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
        clerk = ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                             "", "post_office")
        flights = session.scalars(
            select(Flight)
            .join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(
                CabinInventory.cabin == "Y",
                Flight.dep_date >= today + timedelta(days=3),
                Flight.dep_date <= today + timedelta(days=12),
                (Flight.origin == "HET") | (Flight.destination == "HET"),
            )
        ).all()
        expires = now.replace(tzinfo=None) + timedelta(days=30)
        for f in flights:
            session.add(Lease(lease_id=f.id, flight_id=f.id, cabin="Y", granted=60,
                              used_local=0, expires_at=expires, status="active"))
        for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
            session.add(NumberRange(range_id=f"bench-{prefix}", kind="ticket", prefix=prefix,
                                    first=2_090_000_000, last=2_090_099_999,
                                    next_number=2_090_000_000))
        by_key = {(f.origin, f.destination, f.dep_date): f for f in flights}
        pairs = []
        for f in flights:
            if f.origin != "HET":
                continue
            back = by_key.get((f.destination, "HET", f.dep_date + timedelta(days=2)))
            if back is not None:
                pairs.append((f.id, back.id))
    return clerk, pairs


def hold(store: Store, clerk: ClerkSession, segments: list[SegmentChoice],
         passengers: list[PassengerInput], now: datetime) -> tuple[str, Decimal]:
    with store.unit_of_work() as session:
        held = book(session, segments=segments, passengers=passengers, customer_id=None,
                    clerk=clerk, now=now)
        return held.booking_id, held.quote.total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="timed sales (default 60)")
    parser.add_argument("--history", type=int, default=300, help="sales made before timing")
    args = parser.parse_args()

    now = datetime.now(UTC)
    today = now.astimezone(SHANGHAI).date()
    with tempfile.TemporaryDirectory(prefix="counter-bench-sale-") as tmp:
        t0 = time.perf_counter()
        started = start_counter(Path(tmp), demo=True, today=today)
        store = started.store
        try:
            clerk, pairs = prepare(store, today, now)
            print(f"store built in {time.perf_counter() - t0:.1f} s; "
                  f"{len(pairs)} return routes with leases")
            serial = 0

            def party(child: bool) -> list[PassengerInput]:
                nonlocal serial
                serial += 1
                people = [PassengerInput(f"旅客{'一二三四五六七八九'[serial % 9]}", "NI",
                                         resident_id(date(1970 + serial % 30, 1, 1), serial))]
                if child:
                    child_birth = today - timedelta(days=8 * 365)  # a child on any date
                    people.append(PassengerInput("小朋友", "NI",
                                                 resident_id(child_birth, serial + 500)))
                return people

            t1 = time.perf_counter()
            for i in range(args.history):
                out, back = pairs[i % len(pairs)]
                booking_id, total = hold(store, clerk, [SegmentChoice(out, "Y")], party(False),
                                         now)
                with store.unit_of_work() as session:
                    ticket_booking(session, booking_id, [PaymentInput("cash", total)],
                                   clerk=clerk, now=now)
            print(f"history: {args.history} sales in {time.perf_counter() - t1:.1f} s")

            times: dict[str, list[float]] = {"one-way, 1 adult, cash": [],
                                             "return, adult + child, split": []}
            for i in range(args.runs):
                out, back = pairs[(i * 7) % len(pairs)]
                if i % 2 == 0:
                    kind = "one-way, 1 adult, cash"
                    booking_id, total = hold(store, clerk, [SegmentChoice(out, "Y")],
                                             party(False), now)
                    pays = [PaymentInput("cash", total, tendered=total + 100)]
                else:
                    kind = "return, adult + child, split"
                    booking_id, total = hold(
                        store, clerk, [SegmentChoice(out, "Y"), SegmentChoice(back, "Y")],
                        party(True), now)
                    pays = [PaymentInput("cash", Decimal("500.00")),
                            PaymentInput("bank_card", total - 500, reference="POS 0042")]
                start = time.perf_counter_ns()  # the clerk presses confirm
                with store.unit_of_work() as session:
                    issued = ticket_booking(session, booking_id, pays, clerk=clerk, now=now)
                times[kind].append((time.perf_counter_ns() - start) / 1e6)
                assert issued.tickets
        finally:
            store.close()

    print(f"{'sale':<32}{'runs':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    every: list[float] = []
    for kind, values in times.items():
        every.extend(values)
        print(f"{kind:<32}{len(values):>6}{statistics.median(values):>11.1f}"
              f"{percentile(values, 95):>9.1f}{max(values):>9.1f}")
    median = statistics.median(every)
    verdict = "OK" if median <= TARGET_MS else "MISSES TARGET"
    print(f"confirm → issued ticket, offline: median {median:.1f} ms over {len(every)} sales "
          f"(p95 {percentile(every, 95):.1f} ms); target ≤ {TARGET_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
