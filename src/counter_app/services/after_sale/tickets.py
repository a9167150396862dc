"""Finding a ticket for an after-sale step and the checks every step shares: a ticket
this counter does not hold needs head office (``needs_head_office``, ``queue_request``),
a coupon must be open, an infant is never left without the adult whose lap it sits on, and
a seat given back goes to its lease while the lease lives."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.tickets import CouponStatus, TicketNumber
from counter_app.domain.types import PassengerType
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Lease,
    Ticket,
)
from counter_app.sync.status import naive_utc

FIELD_TICKET = "ticket_number"


def needs_head_office(action: str, number: str) -> DomainError:
    return DomainError(
        "needs_head_office",
        field=FIELD_TICKET,
        action=action,
        reason="not_issued_here",
        ticket_number=number,
        queue_request=True,
    )


def find_ticket(session: Session, text: str, action: str) -> Ticket:
    number = str(TicketNumber.parse(text))
    ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).first()
    if ticket is None:
        raise needs_head_office(action, number)
    return ticket


def open_ticket_parties(session: Session, ticket: Ticket) -> tuple[Booking, BookingPassenger]:
    """The booking and the passenger of a ticket an after-sale step may act on: refused
    with ``ticket_void`` when the ticket is void."""
    booking = session.get(Booking, ticket.booking_id)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert booking is not None
    assert passenger is not None
    if ticket.status == "void":
        raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
    return booking, passenger


def ticket_coupons(session: Session, ticket_id: str) -> list[Coupon]:
    return list(
        session.scalars(select(Coupon).where(Coupon.ticket_id == ticket_id).order_by(Coupon.seq))
    )


_REFUSE_BY_STATUS = {
    CouponStatus.CHECKED_IN: "coupon_used",
    CouponStatus.LIFTED: "coupon_used",
    CouponStatus.FLOWN: "coupon_used",
    CouponStatus.REFUNDED: "already_refunded",
    CouponStatus.EXCHANGED: "coupon_exchanged",
    CouponStatus.VOID: "ticket_void",
    CouponStatus.SUSPENDED: "coupon_suspended",
}


def require_open(coupon: Coupon, number: str) -> None:
    status = CouponStatus(coupon.status)
    if status is not CouponStatus.OPEN:
        raise DomainError(
            _REFUSE_BY_STATUS[status],
            field=FIELD_TICKET,
            ticket_number=number,
            seq=coupon.seq,
            status=status.value,
        )


def original_issue(session: Session, ticket: Ticket) -> datetime:
    """When the traveller first bought the conditions: the first ticket of an exchange
    chain."""
    current = ticket
    for _ in range(20):
        if current.exchanged_from_id is None:
            break
        before = session.get(Ticket, current.exchanged_from_id)
        if before is None:
            break
        current = before
    return current.issued_at


def give_back_seat(session: Session, segment: BookingSegment, at_server: datetime) -> bool:
    """One seat back to the segment's lease when it is still active; else head office
    returns it to stock when the op arrives."""
    segment.seats = max(segment.seats - 1, 0)
    if segment.lease_id is None:
        return False
    lease = session.get(Lease, segment.lease_id)
    if lease is None or lease.status != "active" or lease.expires_at <= naive_utc(at_server):
        return False
    lease.used_local = func.max(Lease.used_local - 1, 0)
    return True


def is_infant(p: BookingPassenger) -> bool:
    return p.passenger_type == PassengerType.INFANT.value


def check_infants_stay_accompanied(
    session: Session, booking_id: str, leaving: set[str], segment_ids: set[str] | None
) -> None:
    """Refuse to take an adult off (void/refund) while the infant on their lap stays."""
    passengers = session.scalars(
        select(BookingPassenger).where(BookingPassenger.booking_id == booking_id)
    ).all()
    for infant in passengers:
        if not is_infant(infant) or infant.infant_of not in leaving or infant.id in leaving:
            continue
        tickets = session.scalars(select(Ticket.id).where(Ticket.passenger_id == infant.id))
        open_coupons = session.scalars(
            select(Coupon.segment_id).where(
                Coupon.ticket_id.in_(list(tickets)), Coupon.status == CouponStatus.OPEN.value
            )
        ).all()
        if any(segment_ids is None or seg in segment_ids for seg in open_coupons):
            raise DomainError("infant_without_adult", field="passengers", infant=infant.name)
