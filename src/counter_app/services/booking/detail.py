"""One booking in full, for the after-sale screen: its tickets with their coupons'
statuses, and the payments in and out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import from_fen
from counter_app.services.booking.holds import booking_passengers
from counter_app.storage.models import (
    Booking,
    BookingSegment,
    Coupon,
    Flight,
    Payment,
    Ticket,
)


@dataclass(frozen=True, slots=True)
class CouponView:
    seq: int
    flight_id: str
    flight_no: str
    origin: str
    destination: str
    dep_date: date
    class_code: str
    status: str
    fare: Decimal
    insurance_policy_no: str


@dataclass(frozen=True, slots=True)
class TicketView:
    ticket_number: str
    passenger_name: str
    passenger_type: str
    id_type: str
    id_number: str
    status: str
    total: Decimal
    issued_at: datetime
    exchanged_from: str | None
    coupons: tuple[CouponView, ...]


@dataclass(frozen=True, slots=True)
class BookingDetail:
    booking_id: str
    pnr: str
    status: str
    customer_id: str | None
    customer_kind: str
    gp_order_no: str
    ticketing_deadline: datetime | None
    commission: Decimal
    tickets: tuple[TicketView, ...]
    payments: tuple[tuple[str, str, Decimal], ...]  # (kind, method, amount)


def booking_detail(session: Session, booking_id: str) -> BookingDetail:
    """Everything about one booking for the after-sale screen: tickets, coupon statuses,
    payments in and out."""
    b = session.get(Booking, booking_id)
    if b is None:
        raise DomainError("booking_not_found", field="booking", booking_id=booking_id)
    passengers = {p.id: p for p in booking_passengers(session, b.id)}
    segments = {s.id: s for s in session.scalars(
        select(BookingSegment).where(BookingSegment.booking_id == b.id))}
    views: list[TicketView] = []
    for t in session.scalars(
        select(Ticket).where(Ticket.booking_id == b.id).order_by(Ticket.ticket_number)
    ):
        coupons = []
        for c in session.scalars(select(Coupon).where(Coupon.ticket_id == t.id)
                                 .order_by(Coupon.seq)):
            seg = segments[c.segment_id]
            f = session.get(Flight, seg.flight_id)
            assert f is not None
            coupons.append(CouponView(c.seq, f.id, f.flight_no, f.origin, f.destination,
                                      f.dep_date, seg.class_code, c.status,
                                      from_fen(c.fare_fen), c.insurance_policy_no))
        p = passengers[t.passenger_id]
        old = None if t.exchanged_from_id is None else session.get(Ticket, t.exchanged_from_id)
        views.append(TicketView(
            t.ticket_number, p.name, p.passenger_type, p.id_type, p.id_number, t.status,
            from_fen(t.total_fen), t.issued_at, None if old is None else old.ticket_number,
            tuple(coupons),
        ))
    pays = tuple(
        (pay.kind, pay.method, from_fen(pay.amount_fen))
        for pay in session.scalars(select(Payment).where(Payment.booking_id == b.id)
                                   .order_by(Payment.created_at, Payment.id))
    )
    return BookingDetail(b.id, b.pnr, b.status, b.customer_id, b.customer_kind, b.gp_order_no,
                         b.ticketing_deadline, from_fen(b.commission_fen), tuple(views), pays)
