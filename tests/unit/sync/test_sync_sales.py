"""Offline sales from a lease and a ticket range, one flight through the booking path (hold
and ticket): one unit of work with the outbox op, every refusal before the first write of
its step, seats counted down, numbers taken in order, voids."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session
from sync_support import NOW, TODAY, SaleSetup, resident_id

from counter_app.domain.errors import DomainError
from counter_app.domain.types import PassengerType
from counter_app.services.after_sale import void_sale
from counter_app.services.booking import (
    HeldBooking,
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    TripQuote,
    book,
    quote_trip,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.leases import release_lease, seats_left_offline
from counter_app.services.number_ranges import skip_number
from counter_app.storage.models import (
    Base,
    Booking,
    CabinInventory,
    Coupon,
    Flight,
    Lease,
    NumberRange,
    OutboxEntry,
    Payment,
    Ticket,
)
from counter_app.sync import protocol

ADULT = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"))
ADULT2 = PassengerInput("李娜", "NI", resident_id(date(1985, 6, 15), "022"))
CHILD = PassengerInput("张小明", "NI", resident_id(TODAY - timedelta(days=8 * 365 + 200), "031"))
INFANT = PassengerInput("张宝宝", "NI", resident_id(TODAY - timedelta(days=317), "041"))
INFANT2 = PassengerInput("李宝宝", "NI", resident_id(TODAY - timedelta(days=357), "052"))
DATA = Path(__file__).resolve().parents[3] / "resources" / "data"


def adults(n: int) -> list[PassengerInput]:
    return [
        PassengerInput(f"旅客{'一二三四五六七八九'[i]}", "NI", resident_id(date(1970 + i, 3, 3)))
        for i in range(n)
    ]


def quote(
    session: Session, setup: SaleSetup, passengers: list[PassengerInput], class_code: str = "Y",
    at: datetime = NOW,
) -> TripQuote:
    return quote_trip(session, segments=[SegmentChoice(setup.flight_id, class_code)],
                      passengers=passengers, now=at)


def price(setup: SaleSetup, passengers: list[PassengerInput], class_code: str = "Y") -> Decimal:
    with setup.store.read() as session:
        return quote(session, setup, passengers, class_code).total


def clerk_of(setup: SaleSetup) -> ClerkSession:
    return ClerkSession(clerk_id=setup.clerk_id, login=setup.clerk_login, name="王丽",
                        role=Role.CLERK, outlet_code=setup.outlet_code, outlet_name="",
                        outlet_kind="")


@dataclass(frozen=True)
class Sold:
    """What a one-flight sale hands back, as these tests read it."""

    sale_id: str
    pnr: str
    ticket_numbers: tuple[str, ...]
    total: Decimal
    op_id: str


def hold(
    session: Session,
    setup: SaleSetup,
    passengers: list[PassengerInput],
    *,
    class_code: str = "Y",
    flight_id: str | None = None,
    customer_id: str | None = None,
    server_now: datetime = NOW,
    **_ticketing: Any,
) -> HeldBooking:
    return book(session, segments=[SegmentChoice(flight_id or setup.flight_id, class_code)],
                passengers=passengers, customer_id=customer_id, clerk=clerk_of(setup),
                now=server_now)


def ticket(
    session: Session,
    setup: SaleSetup,
    held: HeldBooking,
    *,
    paid: Decimal | None = None,
    server_now: datetime = NOW,
    method: str = "cash",
    **_holding: Any,
) -> Sold:
    issued = ticket_booking(
        session, held.booking_id,
        [PaymentInput(method, held.quote.total if paid is None else paid)],
        clerk=clerk_of(setup), now=server_now,
    )
    return Sold(issued.booking_id, issued.pnr, tuple(t.ticket_number for t in issued.tickets),
                issued.total, issued.op_id)


def sell(
    session: Session, setup: SaleSetup, passengers: list[PassengerInput], **args: Any
) -> Sold:
    """Hold and ticket one flight in the caller's unit of work, paying the quoted total (or
    ``paid``) by ``method``; the counter's clock is ``server_now`` (no offset is measured)."""
    return ticket(session, setup, hold(session, setup, passengers, **args), **args)


def refused_step(
    setup: SaleSetup, passengers: list[PassengerInput], **args: Any
) -> tuple[DomainError, dict[str, Any]]:
    """Hold, then ticket, each in its own unit of work that the caller commits even when the
    step refuses (a careless GUI); returns the refusal and the store as it was before the
    step that refused."""
    before = snapshot(setup)
    with setup.store.unit_of_work() as session:
        try:
            held = hold(session, setup, passengers, **args)
        except DomainError as refusal:
            return refusal, before
    before = snapshot(setup)
    with setup.store.unit_of_work() as session:
        try:
            ticket(session, setup, held, **args)
        except DomainError as refusal:
            return refusal, before
    raise AssertionError("the sale went through")


# Tables a sale or a void writes: compared row by row; every other table by row count.
WRITTEN = {"bookings", "booking_passengers", "booking_segments", "tickets", "coupons",
           "payments", "leases", "number_ranges", "outbox", "customers",
           "attention_items", "local_settings"}


def snapshot(setup: SaleSetup) -> dict[str, Any]:
    """The store's content, so 'nothing written' can be checked exactly."""
    with setup.store.read() as session:
        return {
            table.name: sorted(
                tuple(str(v) for v in row)
                for row in session.execute(text(f'SELECT * FROM "{table.name}"'))
            )
            if table.name in WRITTEN
            else session.scalar(text(f'SELECT count(*) FROM "{table.name}"'))
            for table in Base.metadata.sorted_tables
        }


# --- a sale ----------------------------------------------------------------------------------


def test_sale_writes_every_row_and_its_outbox_op_together(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    party = [ADULT, CHILD, INFANT]
    with setup.store.unit_of_work() as session:
        sale = sell(session, setup, party)
    assert sale.ticket_numbers == tuple(
        f"{setup.prefix}-{setup.first_number + i:010d}" for i in range(3)
    )
    with setup.store.read() as session:
        booking = session.get(Booking, sale.sale_id)
        assert booking is not None
        assert booking.status == "ticketed"
        assert booking.pnr == sale.pnr
        assert booking.lease_id == setup.lease_id
        tickets = session.scalars(select(Ticket).where(Ticket.booking_id == sale.sale_id)).all()
        assert sorted(t.ticket_number for t in tickets) == list(sale.ticket_numbers)
        assert session.scalar(select(func.count()).select_from(Coupon)) == 3
        paid = session.scalars(select(Payment.amount_fen).where(Payment.booking_id == sale.sale_id))
        assert sum(paid) == sum(t.total_fen for t in tickets) == int(sale.total * 100)
        lease = session.get(Lease, setup.lease_id)
        assert lease is not None
        assert lease.used_local == 2
        entry = session.scalars(select(OutboxEntry)).one()
        session.expunge(entry)  # keep its loaded values for the checks below
    assert entry.kind == "sale.issue"
    assert entry.state == "pending"
    assert entry.op_id == sale.op_id
    assert entry.clerk_login == setup.clerk_login
    assert entry.payload_hash == protocol.payload_hash(entry.payload)
    payload = entry.payload
    assert payload["sale_id"] == sale.sale_id
    assert payload["lease_id"] == setup.lease_id
    assert payload["cabin"] == "Y"
    assert payload["class_code"] == "Y"
    assert [t["passenger_type"] for t in payload["tickets"]] == ["ADT", "CHD", "INF"]
    assert [t["ticket_number"] for t in payload["tickets"]] == list(sale.ticket_numbers)
    assert payload["payments"] == [{"method": "cash", "amount": f"{sale.total:.2f}"}]
    assert all(isinstance(t["total"], str) for t in payload["tickets"])
    # The op is a valid protocol op as the head office will parse it.
    from counter_app.sync.outbox import to_op

    assert to_op(entry).local_seq == entry.seq


def fuel_band(ticketing_date: date, distance_km: int) -> tuple[Decimal, Decimal]:
    """Adult and child fuel surcharge read straight from the bundled taxes.json."""
    data = json.loads((DATA / "taxes.json").read_text(encoding="utf-8"))
    table = max((t for t in data["fuel_surcharge"]
                 if t["effective_from"] <= ticketing_date.isoformat()),
                key=lambda t: t["effective_from"])
    band = next(b for b in table["bands"] if b["max_km"] is None or distance_km <= b["max_km"])
    return Decimal(band["adult"]), Decimal(band["child"])


@dataclass(frozen=True)
class PassengerQuote:
    """One passenger's line of a one-flight quote."""

    passenger_type: PassengerType
    infant_of: int | None
    fare: Decimal
    cn_fund: Decimal
    fuel: Decimal
    insurance: Decimal
    service_fee: Decimal
    total: Decimal

    @classmethod
    def of(cls, q: TripQuote, index: int) -> PassengerQuote:
        p, line = q.passengers[index], q.line(index, 1)
        return cls(p.passenger_type, p.infant_of, line.fare, line.cn_fund, line.fuel,
                   line.insurance, line.service_fee, line.total)


def test_quote_prices_adult_child_infant_by_the_rules(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    with setup.store.read() as session:
        flight = session.get(Flight, setup.flight_id)
        assert flight is not None
        session.expunge(flight)
        insured = PassengerInput(ADULT.name, ADULT.id_type, ADULT.id_number, insurance_units=2)
        q = quote(session, setup, [insured, CHILD, INFANT])
    y = Decimal(flight.y_fare_fen) / 100
    adult, child, infant = (PassengerQuote.of(q, p.index) for p in q.passengers)
    assert (adult.passenger_type, child.passenger_type, infant.passenger_type) == (
        PassengerType.ADULT, PassengerType.CHILD, PassengerType.INFANT
    )
    assert adult.fare == y
    assert child.fare % 10 == 0
    assert abs(child.fare - y / 2) <= 5
    assert infant.fare % 10 == 0
    assert abs(infant.fare - y / 10) <= 5
    assert (adult.cn_fund, child.cn_fund, infant.cn_fund) == (Decimal("50.00"), 0, 0)
    # taxes.json: the fuel table in force on the ticketing date (one a month), its band
    # for the flight's distance.
    fuel_adult, fuel_child = fuel_band(NOW.date(), flight.distance_km)
    assert adult.fuel == fuel_adult
    assert child.fuel == fuel_child
    assert infant.fuel == 0
    assert adult.insurance == Decimal("40.00")
    assert child.insurance == 0
    assert adult.total == adult.fare + adult.cn_fund + adult.fuel + adult.insurance
    assert q.total == sum(line.total for line in q.lines)
    assert q.seats == 2
    assert infant.infant_of == 0


def test_a_failing_sale_leaves_neither_rows_nor_outbox(
    sale_setup: SaleSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The op and the sale are one transaction: if writing the op fails, the sale goes too."""
    setup = sale_setup
    before = snapshot(setup)

    def broken_enqueue(*_args: object, **_kwargs: object) -> OutboxEntry:
        raise OSError("disk full")

    # The op is written by the module that tickets.
    monkeypatch.setattr(sys.modules[ticket_booking.__module__], "enqueue", broken_enqueue)
    with pytest.raises(OSError, match="disk full"), setup.store.unit_of_work() as session:
        sell(session, setup, [ADULT])
    assert snapshot(setup) == before


def test_a_crash_after_the_sale_but_before_commit_keeps_nothing(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    before = snapshot(setup)

    def sell_then_crash() -> None:
        with setup.store.unit_of_work() as session:
            sell(session, setup, [ADULT])
            session.flush()
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        sell_then_crash()
    assert snapshot(setup) == before


def _close_class_b(session: Session, setup: SaleSetup) -> None:
    session.execute(
        update(CabinInventory)
        .where(CabinInventory.flight_id == setup.flight_id, CabinInventory.cabin == "Y")
        .values(closed_classes="B")
    )


def _other_flight(session: Session, setup: SaleSetup) -> str:
    """A flight on the same day with no lease."""
    flight = session.get(Flight, setup.flight_id)
    assert flight is not None
    other = session.scalar(
        select(Flight.id)
        .where(Flight.id != setup.flight_id, Flight.dep_date == flight.dep_date)
        .limit(1)
    )
    assert other is not None
    return str(other)


def _range_nearly_empty(session: Session, setup: SaleSetup) -> None:
    session.execute(update(NumberRange).where(NumberRange.range_id == "range-a").values(
        next_number=NumberRange.last + 1))
    session.execute(update(NumberRange).where(NumberRange.range_id == "range-b").values(
        next_number=NumberRange.last))


Refusal = tuple[str, Callable[[Session, SaleSetup], object] | None, dict[str, Any], str]

# A hold on a flight this counter has no live lease for needs head office: its reason is
# the lease's refusal (written needs_head_office:<reason> below).
REFUSALS: list[Refusal] = [
    ("no_lease", None, {"flight_id": "OTHER"}, "needs_head_office:no_lease"),
    ("lease_expired", None, {"server_now": NOW + timedelta(days=2, minutes=1)},
     "needs_head_office:lease_expired"),
    ("seats_exhausted", None, {"passengers": adults(5)}, "offline_seats_exhausted"),
    ("range_exhausted", _range_nearly_empty, {"passengers": adults(2)}, "ticket_range_exhausted"),
    ("payment_short", None, {"paid": Decimal("1.00")}, "payment_total_mismatch"),
    ("payment_method", None, {"method": "bitcoin"}, "payment_method_unknown"),
    ("two_infants_one_adult", None, {"passengers": [ADULT, INFANT, INFANT2]},
     "two_infants_one_adult"),
    ("same_person_twice", None, {"passengers": [ADULT, ADULT]}, "duplicate_passenger"),
    (
        "child_fare_for_adult",
        None,
        {"passengers": [PassengerInput(ADULT.name, "NI", ADULT.id_number,
                                       passenger_type=PassengerType.CHILD)]},
        "fare_type_mismatch",
    ),
    (
        "passport_child_without_birth_date",
        None,
        {"passengers": [ADULT, PassengerInput("SMITH/TOM", "PP", "E12345678",
                                              passenger_type=PassengerType.CHILD)]},
        "birth_date_required",
    ),
    ("bad_id_check", None, {"passengers": [PassengerInput("张伟", "NI", "110105194912310021")]},
     "id_check"),
    ("unknown_class", None, {"class_code": "@"}, "unknown_fare_class"),
    ("closed_class", _close_class_b, {"class_code": "B"}, "class_closed"),
    ("departed", None, {"server_now": NOW + timedelta(days=4)}, "flight_departed"),
    ("unknown_customer", None, {"customer_id": "no-such-customer"}, "customer_not_found"),
    ("no_passengers", None, {"passengers": []}, "no_passengers"),
]


@pytest.mark.parametrize(("case", "prepare", "kwargs", "code"), REFUSALS,
                         ids=[r[0] for r in REFUSALS])
def test_every_refusal_writes_nothing_even_if_the_caller_commits(
    sale_setup: SaleSetup,
    case: str,
    prepare: Callable[[Session, SaleSetup], object] | None,
    kwargs: dict[str, Any],
    code: str,
) -> None:
    setup = sale_setup
    if prepare is not None:
        with setup.store.unit_of_work() as session:
            prepare(session, setup)
    args: dict[str, Any] = {"passengers": [ADULT], **kwargs}
    with setup.store.read() as session:
        if args.get("flight_id") == "OTHER":
            args["flight_id"] = _other_flight(session, setup)
    passengers = args.pop("passengers")
    # The caller commits each step anyway (a careless GUI): still the step that refuses
    # may write nothing.
    refusal, before = refused_step(setup, passengers, **args)
    got = refusal.code
    if got == "needs_head_office":
        got = f"{got}:{refusal.params['reason']}"
    assert got == code, case
    assert snapshot(setup) == before


def test_seats_left_offline_counts_down_to_zero_then_refuses(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    seen = []
    for _ in range(4):
        with setup.store.read() as session:
            seen.append(seats_left_offline(session, setup.flight_id, "Y", NOW))
        with setup.store.unit_of_work() as session:
            sell(session, setup, adults(1))
    with setup.store.read() as session:
        seen.append(seats_left_offline(session, setup.flight_id, "Y", NOW))
        # An expired lease sells nothing, whatever it has left.
        assert seats_left_offline(session, setup.flight_id, "Y", NOW + timedelta(days=3)) == 0
    assert seen == [4, 3, 2, 1, 0]
    with pytest.raises(DomainError) as caught, setup.store.unit_of_work() as session:
        sell(session, setup, adults(1))
    assert caught.value.code == "offline_seats_exhausted"
    assert caught.value.params["left"] == 0


def test_ticket_numbers_are_taken_in_order_across_sales_and_ranges(
    sale_setup: SaleSetup,
) -> None:
    setup = sale_setup
    issued: list[str] = []
    for party in ([ADULT, INFANT], [ADULT2, INFANT2, CHILD], adults(1)):
        with setup.store.unit_of_work() as session:
            issued.extend(sell(session, setup, party).ticket_numbers)
    first = setup.first_number
    expected = [first + i for i in range(5)] + [first + 100]  # range-a is used up first
    assert issued == [f"{setup.prefix}-{n:010d}" for n in expected]
    with setup.store.read() as session:
        ranges = {r.range_id: r.next_number for r in session.scalars(select(NumberRange))}
        order = [e.payload["tickets"] for e in session.scalars(
            select(OutboxEntry).order_by(OutboxEntry.seq))]
    assert ranges == {"range-a": first + 5, "range-b": first + 101}
    assert [t["ticket_number"] for ts in order for t in ts] == issued


# --- voids, releases, gaps ---------------------------------------------------------------------


def test_void_gives_seats_back_and_queues_the_void(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    with setup.store.unit_of_work() as session:
        sale = sell(session, setup, [ADULT, CHILD, INFANT])
    with setup.store.unit_of_work() as session:
        voided = void_sale(
            session, sale.sale_id, reason="旅客取消", clerk_login=setup.clerk_login,
            clerk_id=setup.clerk_id, now=NOW, server_now=NOW + timedelta(hours=1),
        )
    assert voided.ticket_numbers == sale.ticket_numbers
    assert voided.seats_released == 2
    with setup.store.read() as session:
        assert {t.status for t in session.scalars(select(Ticket))} == {"void"}
        assert {c.status for c in session.scalars(select(Coupon))} == {"V"}
        assert session.scalar(select(func.sum(Payment.amount_fen))) == 0
        assert seats_left_offline(session, setup.flight_id, "Y", NOW) == 4
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        session.expunge_all()
    assert [e.kind for e in entries] == ["sale.issue", "sale.void"]
    assert entries[1].payload == {
        "sale_id": sale.sale_id, "ticket_numbers": list(sale.ticket_numbers), "reason": "旅客取消"
    }
    before = snapshot(setup)
    with pytest.raises(DomainError) as caught, setup.store.unit_of_work() as session:
        void_sale(session, sale.sale_id, reason="again", clerk_login=setup.clerk_login,
                  clerk_id=setup.clerk_id, now=NOW, server_now=NOW)
    assert caught.value.code == "sale_already_void"
    assert snapshot(setup) == before


def test_void_is_same_day_only_and_needs_a_reason(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    with setup.store.unit_of_work() as session:
        sale = sell(session, setup, [ADULT])
    before = snapshot(setup)
    for reason, server_now, code in (
        ("  ", NOW, "void_reason_required"),
        ("late", NOW + timedelta(days=1), "void_not_same_day"),
    ):
        with pytest.raises(DomainError) as caught, setup.store.unit_of_work() as session:
            void_sale(session, sale.sale_id, reason=reason, clerk_login=setup.clerk_login,
                      clerk_id=setup.clerk_id, now=NOW, server_now=server_now)
        assert caught.value.code == code
    assert snapshot(setup) == before


def test_release_lease_and_skip_number_queue_their_ops(sale_setup: SaleSetup) -> None:
    setup = sale_setup
    with setup.store.unit_of_work() as session:
        sell(session, setup, adults(1))
    with setup.store.unit_of_work() as session:
        assert release_lease(session, setup.lease_id, clerk_login="wangli", now=NOW) == 3
        number = skip_number(session, kind="ticket", prefix=setup.prefix, reason="打印机卡纸",
                             clerk_login="wangli", now=NOW)
    assert number == setup.first_number + 1
    with setup.store.read() as session:
        assert seats_left_offline(session, setup.flight_id, "Y", NOW) == 0
        kinds = [(e.kind, e.payload) for e in session.scalars(
            select(OutboxEntry).order_by(OutboxEntry.seq))]
    assert kinds[1:] == [
        ("lease.release", {"lease_id": setup.lease_id}),
        ("number.void", {"kind": "ticket", "prefix": setup.prefix, "number": number,
                         "reason": "打印机卡纸"}),
    ]
    with pytest.raises(DomainError) as caught, setup.store.unit_of_work() as session:
        sell(session, setup, adults(1))
    assert caught.value.code == "needs_head_office"
    assert caught.value.params["reason"] == "no_lease"
    with setup.store.unit_of_work() as session:  # the next sale skips the voided number
        session.execute(update(Lease).values(status="active"))
    with setup.store.unit_of_work() as session:
        assert sell(session, setup, adults(1)).ticket_numbers == (
            f"{setup.prefix}-{setup.first_number + 2:010d}",
        )
