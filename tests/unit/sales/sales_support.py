"""Helpers of the counter-sale service tests: a clock, valid resident IDs, the demo flights
the tests sell, and a snapshot of the store to prove that a refusal wrote nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

import clock_support
from counter_app.domain.ids import resident_id_check_char
from counter_app.services.booking import (
    PassengerInput,
    PaymentInput,
    SegmentChoice,
    book,
    quote_trip,
    ticket_booking,
)
from counter_app.services.identity import ClerkSession
from counter_app.storage.db import Store
from counter_app.storage.models import Base, Flight

# The suite's one "today" (tests/clock_support.py): 09:00 Beijing on the real date.
NOW = clock_support.NOW
TODAY = clock_support.TODAY
SUPERVISOR = ("chenhong", "super1234")  # a supervisor of HET001
OTHER_CLERK = ("liqiang", "demo1234")  # a plain clerk (of BAV001): may not approve


def resident_id(birth: date, serial: str = "001", region: str = "150102") -> str:
    """A valid 18-character resident ID number for someone born on ``birth``."""
    first17 = f"{region}{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


ADULT = PassengerInput("张伟", "NI", resident_id(date(1980, 1, 1), "011"), mobile="13800000001")
ADULT2 = PassengerInput("李娜", "NI", resident_id(date(1985, 6, 15), "022"))
# Ages must hold on every flight the tests sell (up to ~6 weeks out): a child of about
# eight, infants of about ten and eleven months, whatever the date.
CHILD = PassengerInput("张小明", "NI", resident_id(TODAY - timedelta(days=8 * 365 + 200), "031"))
INFANT = PassengerInput("张宝宝", "NI", resident_id(TODAY - timedelta(days=317), "041"))
INFANT2 = PassengerInput("李宝宝", "NI", resident_id(TODAY - timedelta(days=357), "052"))
PASSPORT = PassengerInput("smith/john paul", "PP", "E12345678")


def adults(n: int, start: int = 0) -> list[PassengerInput]:
    return [
        PassengerInput(f"旅客{'一二三四五六七八九十'[i % 10]}{'甲乙丙丁'[i // 10]}", "NI",
                       resident_id(date(1960 + i, 3, 3), f"{100 + i:03d}"))
        for i in range(start, start + n)
    ]


@dataclass
class Shop:
    """The populated store as a counter at HET001 holds it after a sync: leases on the
    flights the tests sell, ticket ranges for every prefix."""

    store: Store
    clerk: ClerkSession
    flights: dict[str, str] = field(default_factory=dict)  # label -> flight id
    lease_ids: dict[str, str] = field(default_factory=dict)  # label -> lease id

    def flight(self, label: str) -> str:
        return self.flights[label]

    def quote(self, segments: list[SegmentChoice], passengers: list[PassengerInput],
              customer_id: str | None = None, now: datetime = NOW) -> Decimal:
        with self.store.read() as session:
            return quote_trip(session, segments=segments, passengers=passengers,
                              customer_id=customer_id, now=now).total

    def sell(
        self,
        segments: list[SegmentChoice] | str,
        passengers: list[PassengerInput],
        *,
        customer_id: str | None = None,
        gp_order_no: str = "",
        method: str = "cash",
        class_code: str = "Y",
        now: datetime = NOW,
    ) -> Any:
        """Book and ticket in two units of work, paying the whole total by ``method``."""
        if isinstance(segments, str):
            segments = [SegmentChoice(self.flight(segments), class_code)]
        with self.store.unit_of_work() as session:
            held = book(session, segments=segments, passengers=passengers,
                        customer_id=customer_id, gp_order_no=gp_order_no, clerk=self.clerk,
                        now=now)
        with self.store.unit_of_work() as session:
            slip = "" if method in ("cash", "on_account", "unit_transfer") else "POS 000117"
            return ticket_booking(session, held.booking_id,
                                  [PaymentInput(method, held.quote.total, reference=slip)],
                                  clerk=self.clerk, now=now)


def departure(session: Session, flight_id: str) -> datetime:
    f = session.get(Flight, flight_id)
    assert f is not None
    return datetime.combine(f.dep_date, f.dep_time, tzinfo=UTC) - timedelta(hours=8)


def find_flight(session: Session, flight_no: str, day: date) -> Flight:
    f = session.scalars(
        select(Flight).where(Flight.flight_no == flight_no, Flight.dep_date == day)
    ).one()
    return f


def snapshot(store: Store) -> dict[str, Any]:
    """Every table's rows, so 'nothing written' can be checked exactly."""
    with store.read() as session:
        return {
            table.name: sorted(
                tuple(str(v) for v in row)
                for row in session.execute(text(f'SELECT * FROM "{table.name}"'))
            )
            for table in Base.metadata.sorted_tables
        }


def at_local(day: date, hh: int, mm: int = 0) -> datetime:
    """A Beijing wall-clock time as an aware UTC datetime."""
    return datetime.combine(day, time(hh, mm), tzinfo=UTC) - timedelta(hours=8)


def customer_id(session: Session, code: str) -> str:
    from counter_app.storage.models import Customer

    return str(session.scalars(select(Customer.id).where(Customer.code == code)).one())


def traveller(session: Session, name: str, insurance_units: int = 0) -> PassengerInput:
    """A traveller of a customer's list as the clerk picks them (with the traveller id)."""
    from counter_app.storage.models import Traveller

    t = session.scalars(select(Traveller).where(Traveller.name == name)).one()
    return PassengerInput(t.name, t.id_type, t.id_number, traveller_id=t.id,
                          mobile=t.mobile, insurance_units=insurance_units)


def fare_of(session: Session, flight_id: str) -> Decimal:
    """The Y full fare of a flight, yuan."""
    f = session.get(Flight, flight_id)
    assert f is not None
    return Decimal(f.y_fare_fen) / 100


def count_rows(store: Store, *tables: str) -> dict[str, int]:
    with store.read() as session:
        return {t: int(session.scalar(text(f'SELECT count(*) FROM "{t}"')) or 0) for t in tables}
