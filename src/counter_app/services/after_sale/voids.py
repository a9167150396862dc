"""Void (作废): tickets issued here today, before the day close, cost nothing; the money
goes back by the channels it came in, the seats to their leases, and ``sale.void`` to the
outbox. :func:`void_tickets` voids tickets of one booking as the clerk picks them;
:func:`void_sale` voids a whole sale by its booking id on head office's time as given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import from_fen
from counter_app.domain.text import check_text
from counter_app.domain.tickets import CouponStatus, check_coupon_transition
from counter_app.domain.types import PassengerType
from counter_app.kernel.ids import new_id
from counter_app.services.after_sale.day_closing import day_closed
from counter_app.services.after_sale.tickets import (
    FIELD_TICKET,
    check_infants_stay_accompanied,
    find_ticket,
    give_back_seat,
    is_infant,
    require_open,
    ticket_coupons,
)
from counter_app.services.identity import ClerkSession
from counter_app.services.payments import (
    return_channels,
    write_returns,
)
from counter_app.services.seating import release_for_coupons
from counter_app.services.times import business_date
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Lease,
    Payment,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now


@dataclass(frozen=True, slots=True)
class VoidResult:
    booking_id: str
    ticket_numbers: tuple[str, ...]
    returned: tuple[tuple[str, Decimal], ...]  # (method, amount) given back
    seats_released: int
    op_id: str


def void_tickets(
    session: Session,
    ticket_numbers: Sequence[str],
    *,
    reason: str,
    clerk: ClerkSession,
    now: datetime,
) -> VoidResult:
    """Void (作废) tickets of one booking issued here today, before the day close.

    Refusals: ``void_reason_required``, ``needs_head_office`` (a ticket this counter does
    not hold), ``void_mixed_bookings``, ``ticket_void``, ``already_refunded``,
    ``coupon_exchanged``, ``coupon_used``, ``void_not_same_day``,
    ``void_after_day_close``, ``infant_without_adult``.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("void_reason_required", field="reason")
    check_text("reason", reason)
    if not ticket_numbers:
        raise DomainError("ticket_required", field=FIELD_TICKET)
    at_server = server_now(session, now)
    tickets: list[Ticket] = []
    for text in ticket_numbers:
        ticket = find_ticket(session, text, "void")
        if ticket.id not in {t.id for t in tickets}:
            tickets.append(ticket)
    booking_ids = {t.booking_id for t in tickets}
    if len(booking_ids) != 1:
        raise DomainError("void_mixed_bookings", field=FIELD_TICKET)
    booking = session.get(Booking, tickets[0].booking_id)
    assert booking is not None
    today = business_date(at_server)
    coupons: dict[str, list[Coupon]] = {}
    for ticket in tickets:
        if ticket.status == "void":
            raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
        coupons[ticket.id] = ticket_coupons(session, ticket.id)
        for coupon in coupons[ticket.id]:
            require_open(coupon, ticket.ticket_number)
        issued_day = business_date(ticket.issued_at)
        if issued_day != today:
            raise DomainError("void_not_same_day", field=FIELD_TICKET,
                              ticket_number=ticket.ticket_number, issued=issued_day.isoformat())
        if day_closed(session, booking.outlet_code, issued_day):
            raise DomainError("void_after_day_close", field=FIELD_TICKET,
                              ticket_number=ticket.ticket_number, day=issued_day.isoformat())
    passengers = {t.passenger_id for t in tickets}
    check_infants_stay_accompanied(session, booking.id, passengers, None)
    amount = from_fen(sum(t.total_fen for t in tickets))
    channels = return_channels(session, booking.id, amount) if amount > 0 else []

    # --- write ----------------------------------------------------------------------------
    created = naive_utc(now)
    released = 0
    numbers = tuple(t.ticket_number for t in tickets)
    given_back: list[tuple[str, list[str]]] = []
    for ticket in tickets:
        p = session.get(BookingPassenger, ticket.passenger_id)
        assert p is not None
        ticket.status = "void"
        for coupon in coupons[ticket.id]:
            coupon.status = CouponStatus.VOID.value
            seg = session.get(BookingSegment, coupon.segment_id)
            if seg is not None and not is_infant(p) and give_back_seat(session, seg, at_server):
                released += 1
        given_back.append((p.id, [c.segment_id for c in coupons[ticket.id]]))
    write_returns(session, booking.id, channels, kind="void", clerk_id=clerk.clerk_id,
                  created=created, ticket_number=numbers[0], reference=f"void {reason}")
    session.flush()
    left = session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.booking_id == booking.id, Ticket.status != "void"
        )
    )
    if not left:
        booking.status = "void"
        for seg in session.scalars(
            select(BookingSegment).where(BookingSegment.booking_id == booking.id)
        ):
            seg.status = "XX"
    entry = enqueue(
        session,
        protocol.SaleVoid(sale_id=booking.id, ticket_numbers=list(numbers),
                          reason=reason[:128]),
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    # The chosen seats go back after the void in the outbox: head office, seeing the
    # tickets voided first, gives a locked seat back without asking for a supervisor.
    for passenger_id, segment_ids in given_back:
        release_for_coupons(session, passenger_id, segment_ids, "void", clerk.login, now)
    return VoidResult(booking.id, numbers, tuple(channels), released, entry.op_id)


@dataclass(frozen=True, slots=True)
class VoidedSale:
    sale_id: str
    ticket_numbers: tuple[str, ...]
    seats_released: int
    op_id: str


def void_sale(
    session: Session,
    sale_id: str,
    *,
    reason: str,
    clerk_login: str,
    clerk_id: str,
    now: datetime,
    server_now: datetime,
) -> VoidedSale:
    """Same-day void (作废) of every ticket of a sale, by its booking id, on head office's
    time as given (``server_now``): tickets and coupons void, the seats go back to the
    lease, the money is returned by compensating (negative) payments, and ``sale.void``
    goes to the outbox; all in the caller's unit of work, after every check.

    Refusals: ``sale_not_found``, ``sale_already_void``, ``void_reason_required``, the
    coupon transition's own, ``void_not_same_day``, ``void_after_day_close``.
    """
    booking = session.get(Booking, sale_id)
    if booking is None:
        raise DomainError("sale_not_found", field="sale_id", sale_id=sale_id)
    if booking.status == "void":
        raise DomainError("sale_already_void", field="sale_id", pnr=booking.pnr)
    reason = reason.strip()
    if not reason:
        raise DomainError("void_reason_required", field="reason")
    check_text("reason", reason)
    tickets = session.scalars(
        select(Ticket).where(Ticket.booking_id == booking.id).order_by(Ticket.ticket_number)
    ).all()
    coupons = session.scalars(
        select(Coupon).where(Coupon.ticket_id.in_([t.id for t in tickets]))
    ).all()
    for coupon in coupons:
        check_coupon_transition(CouponStatus(coupon.status), CouponStatus.VOID)
    today = business_date(server_now)
    for ticket in tickets:
        if business_date(ticket.issued_at) != today:
            raise DomainError(
                "void_not_same_day", field="ticket_number", ticket_number=ticket.ticket_number
            )
    if day_closed(session, booking.outlet_code, today):
        raise DomainError("void_after_day_close", field="ticket_number", day=today.isoformat())
    passengers = session.scalars(
        select(BookingPassenger).where(BookingPassenger.booking_id == booking.id)
    ).all()
    seats = sum(1 for p in passengers if p.passenger_type != PassengerType.INFANT.value)
    payments = session.scalars(select(Payment).where(Payment.booking_id == booking.id)).all()

    created = naive_utc(now)
    for ticket in tickets:
        ticket.status = "void"
    for coupon in coupons:
        coupon.status = CouponStatus.VOID.value
    for segment in session.scalars(
        select(BookingSegment).where(BookingSegment.booking_id == booking.id)
    ):
        segment.status = "XX"
    booking.status = "void"
    for payment in payments:
        session.add(
            Payment(
                id=new_id(),
                booking_id=booking.id,
                method=payment.method,
                amount_fen=-payment.amount_fen,
                reference=f"void {payment.id}"[:64],
                created_at=created,
                clerk_id=clerk_id,
            )
        )
    released = 0
    segments = session.scalars(
        select(BookingSegment).where(BookingSegment.booking_id == booking.id)
    ).all()
    if any(seg.lease_id is not None for seg in segments):
        # Each segment gives back what it still holds on its own lease (several segments
        # of a return or connection come from several leases).
        for seg in segments:
            lease = None if seg.lease_id is None else session.get(Lease, seg.lease_id)
            if lease is not None and seg.seats > 0:
                released = max(released, min(seg.seats, lease.used_local))
                lease.used_local = func.max(Lease.used_local - seg.seats, 0)
            seg.seats = 0
    elif booking.lease_id is not None:  # a sale stored before segments kept their lease
        lease = session.get(Lease, booking.lease_id)
        if lease is not None:
            released = min(seats, lease.used_local)
            lease.used_local = func.max(Lease.used_local - seats, 0)
    numbers = tuple(t.ticket_number for t in tickets)
    entry = enqueue(
        session,
        protocol.SaleVoid(sale_id=booking.id, ticket_numbers=list(numbers),
                          reason=reason[:128]),
        clerk_login,
        now,
        clerk_id=clerk_id,
    )
    for ticket in tickets:  # the seats chosen for the sale go back with it, after its op
        release_for_coupons(session, ticket.passenger_id, [
            c.segment_id for c in coupons if c.ticket_id == ticket.id], "void", clerk_login, now)
    return VoidedSale(
        sale_id=booking.id, ticket_numbers=numbers, seats_released=released, op_id=entry.op_id
    )
