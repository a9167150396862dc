"""Check-in at the counter (柜台值机 / 代打登机牌) for the boarding pass.

A coupon can be checked in while the flight's check-in is open (from ``OPENS_BEFORE`` to
``CLOSES_BEFORE`` its departure) on a seat of the aircraft's seat map: in the booked cabin,
not blocked or missing, not given to another coupon of the flight here, and an exit-row
seat only for a passenger of 15 or older who is not a child and carries no infant (docs/domain.md
§9). The check-in sequence number counts up per flight at this counter. Seat maps with live
preselection states come with the seat-map issue; this is the counter's local record.
Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import age_on
from counter_app.domain.seatmap import SeatFacts, SeatState, check_seat, seat_map
from counter_app.services import seating
from counter_app.services.documents import ticket_here
from counter_app.services.flight_facts import departure_aware
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    AuditEntry,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Flight,
    SeatLayout,
    Ticket,
)
from counter_app.sync.status import naive_utc, server_now

OPENS_BEFORE = timedelta(hours=24)
CLOSES_BEFORE = timedelta(minutes=45)

__all__ = ["CheckinWindow", "CouponParts", "check_in", "checkin_window", "coupon_for",
           "coupon_parts"]


@dataclass(frozen=True, slots=True)
class CheckinWindow:
    opens: datetime  # aware
    closes: datetime
    is_open: bool


def coupon_for(session: Session, ticket_number: str, seq: int) -> Coupon:
    ticket = ticket_here(session, ticket_number)
    number = ticket.ticket_number
    coupon = session.scalars(select(Coupon).where(Coupon.ticket_id == ticket.id,
                                                  Coupon.seq == seq)).first()
    if coupon is None:
        raise DomainError("coupon_unknown", field="ticket_number", ticket_number=number, seq=seq)
    return coupon


class CouponParts(NamedTuple):
    """What a coupon belongs to: its booking segment, flight, ticket and passenger."""

    segment: BookingSegment
    flight: Flight
    ticket: Ticket
    passenger: BookingPassenger


def coupon_parts(session: Session, coupon: Coupon) -> CouponParts:
    seg = session.get(BookingSegment, coupon.segment_id)
    ticket = session.get(Ticket, coupon.ticket_id)
    assert seg is not None
    assert ticket is not None
    flight = session.get(Flight, seg.flight_id)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert flight is not None
    assert passenger is not None
    return CouponParts(seg, flight, ticket, passenger)


def checkin_window(session: Session, flight: Flight, now: datetime) -> CheckinWindow:
    dep = departure_aware(session, flight)
    at = aware_utc(server_now(session, now))
    opens, closes = dep - OPENS_BEFORE, dep - CLOSES_BEFORE
    return CheckinWindow(opens, closes, opens <= at < closes)


def check_in(session: Session, coupon: Coupon, seat: str | None, clerk_login: str,
             now: datetime) -> Coupon:
    """Give the coupon ``seat`` and the next check-in sequence number of its flight.

    ``seat`` None (or blank): the seat the passenger chose for the flight (services/seating.py,
    confirmed or still provisional). A seat given here that is not the passenger's choice
    becomes their choice, with its ``seat.choose`` op, so head office learns of it; a seat
    another choice of this counter or head office's last known map holds is taken.

    Refusals: ``coupon_not_open``, ``already_checked_in``, ``checkin_not_open`` /
    ``checkin_closed``, ``seat_required`` (no seat given and none chosen), ``seat_format``,
    ``seat_not_on_aircraft``, ``seat_blocked``, ``seat_taken``, ``exit_row_not_allowed``,
    ``infant_no_seat``.
    """
    seat = (seat or "").strip().upper()
    if coupon.status != "O":
        raise DomainError("coupon_not_open", field="ticket_number", status=coupon.status)
    if coupon.seat is not None:
        raise DomainError("already_checked_in", field="seat", seat=coupon.seat)
    seg, flight, ticket, passenger = coupon_parts(session, coupon)
    window = checkin_window(session, flight, now)
    if not window.is_open:
        at = aware_utc(server_now(session, now))
        code = "checkin_not_open" if at < window.opens else "checkin_closed"
        raise DomainError(code, field="flight", flight_no=flight.flight_no,
                          opens=window.opens.isoformat(), closes=window.closes.isoformat())
    layout = session.get(SeatLayout, flight.layout_id)
    carries_infant = session.scalar(select(func.count()).select_from(BookingPassenger)
                                    .where(BookingPassenger.infant_of == passenger.id))
    age = None if passenger.birth_date is None else age_on(passenger.birth_date,
                                                           flight.dep_date)
    facts = SeatFacts(passenger_type=passenger.passenger_type, age=age,
                      with_infant=bool(carries_infant))
    given = session.scalars(
        select(Coupon.seat).join(BookingSegment, BookingSegment.id == Coupon.segment_id)
        .where(BookingSegment.flight_id == flight.id, Coupon.seat.is_not(None))).all()
    chosen = seating.active_choice(session, passenger.id, flight.id)
    if not seat and chosen is not None:
        seat = chosen.seat
    if not seat and passenger.passenger_type != "INF":
        raise DomainError("seat_required", field="seat")
    aircraft = seat_map({} if layout is None else layout.definition, flight.layout_id or "")
    states: dict[str, SeatState] = {s: SeatState.TAKEN for s in given if s}
    states.update(seating.flight_states(
        session, flight.id, now, leave_out=[] if chosen is None else [chosen.choice_id]))
    seat = check_seat(aircraft, seat, seg.cabin, facts, states).code
    if chosen is None or chosen.seat != seat:
        payload = seating.prepare_choice(session, passenger.id, seg.id, seat, clerk_login, now,
                                         replaces="" if chosen is None else chosen.choice_id)
        chosen = seating.store_choice(session, payload, None, now)
    last = session.scalar(select(func.max(Coupon.checkin_seq))
                          .join(BookingSegment, BookingSegment.id == Coupon.segment_id)
                          .where(BookingSegment.flight_id == flight.id))
    coupon.seat = seat
    coupon.checkin_seq = int(last or 0) + 1
    coupon.checked_in_at = naive_utc(now)
    seating.mark_printed(session, chosen.choice_id, seat)  # the boarding pass shows it
    session.add(AuditEntry(at=naive_utc(now), clerk_login=clerk_login, action="checkin",
                           detail={"ticket_number": ticket.ticket_number, "seq": coupon.seq,
                                   "seat": seat, "checkin_seq": coupon.checkin_seq}))
    session.flush()
    return coupon
