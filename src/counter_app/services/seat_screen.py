"""What the seat dialog (选座) shows, read in one session: a booking's flights, and for one
of them its passengers with the seat each has chosen (已确认 confirmed, 待确认 provisional,
已调整 moved), their tickets' coupons once issued, whether check-in is open, and the seat
chart (services/seating.py: the layout, head office's last known state and this counter's
own choices, with the refusals for the passenger the clerk is seating).

The GUI hands these to ``Workspace.read`` like any service (services/workspace.py), so that
no GUI code composes sessions. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.seatmap import SeatChart
from counter_app.services import seating
from counter_app.services.boarding import checkin_window
from counter_app.services.seating import SeatChoiceRow
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Flight,
    SeatMapCache,
    Ticket,
)

__all__ = ["SeatScreen", "SeatSegment", "SeatTraveller", "booking_segments", "seat_screen"]

# A choice in these states holds a seat; released and refused ones are history.
_LIVE_STATES = frozenset({"provisional", "confirmed", "moved"})


@dataclass(frozen=True, slots=True)
class SeatSegment:
    """One flight of a booking, as the dialog's title and the Sale page's list name it."""

    segment_id: str
    flight_id: str
    flight_no: str
    origin: str
    destination: str
    dep_date: date
    cabin: str

    @property
    def label(self) -> str:
        return f"{self.flight_no} {self.origin}→{self.destination} {self.dep_date.isoformat()}"


@dataclass(frozen=True, slots=True)
class SeatTraveller:
    """A passenger of the booking on the segment: who, and the seat they have (None: none
    yet). An infant (INF) sits on an adult's lap and is listed without a seat of its own."""

    passenger_id: str
    name: str
    passenger_type: str
    gp_level: str | None
    choice: SeatChoiceRow | None
    ticket_number: str | None = None  # once issued
    coupon_seq: int | None = None
    coupon_status: str | None = None  # O open, R refunded, ...
    checked_in_seat: str | None = None  # the seat on the boarding pass, once checked in

    @property
    def seat(self) -> str | None:
        return None if self.choice is None else self.choice.seat

    @property
    def needs_seat(self) -> bool:
        return self.passenger_type != "INF" and self.choice is None


@dataclass(frozen=True, slots=True)
class SeatScreen:
    """Everything the dialog shows for one segment, and the chart for ``passenger_id``."""

    booking_id: str
    pnr: str
    segment: SeatSegment
    passengers: tuple[SeatTraveller, ...]
    passenger_id: str | None
    chart: SeatChart
    checkin_open: bool
    as_of: datetime | None  # head office's state of the seats as last fetched; None: never


def booking_segments(session: Session, booking_id: str) -> list[SeatSegment]:
    """The booking's flights in force, in order (a segment voided, cancelled or changed away
    from, status ``XX``, has no seat to choose)."""
    if session.get(Booking, booking_id) is None:
        raise DomainError("booking_not_found", field="booking", booking_id=booking_id)
    rows = session.execute(
        select(BookingSegment, Flight).join(Flight, Flight.id == BookingSegment.flight_id)
        .where(BookingSegment.booking_id == booking_id, BookingSegment.status != "XX")
        .order_by(BookingSegment.seq)
    ).all()
    return [SeatSegment(s.id, f.id, f.flight_no, f.origin, f.destination, f.dep_date, s.cabin)
            for s, f in rows]


def seat_screen(session: Session, booking_id: str, segment_id: str, passenger_id: str | None,
                now: datetime) -> SeatScreen:
    """The dialog's content for the segment, with the refusals for ``passenger_id`` (None:
    the first passenger without a seat, else the first passenger)."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise DomainError("booking_not_found", field="booking", booking_id=booking_id)
    segment = next((s for s in booking_segments(session, booking_id)
                    if s.segment_id == segment_id), None)
    if segment is None:
        raise DomainError("segment_unknown", field="flight", segment_id=segment_id)
    choices = {c.passenger_id: c for c in seating.choices_for_booking(session, booking_id)
               if c.segment_id == segment_id and c.kind == "seat" and c.state in _LIVE_STATES}
    coupons = {
        t.passenger_id: (t.ticket_number, c)
        for t, c in session.execute(
            select(Ticket, Coupon).join(Coupon, Coupon.ticket_id == Ticket.id)
            .where(Ticket.booking_id == booking_id, Coupon.segment_id == segment_id,
                   Ticket.status != "void")
            .order_by(Ticket.issued_at)
        ).all()
    }
    people = list(session.scalars(select(BookingPassenger)
                                  .where(BookingPassenger.booking_id == booking_id)
                                  .order_by(BookingPassenger.id)))
    if coupons:
        # Issued: who flies this segment is who holds an open coupon on it (a passenger
        # changed to another flight, or refunded, no longer does).
        people = [p for p in people if p.id in coupons and coupons[p.id][1].status == "O"]
    travellers = []
    for p in people:
        number, coupon = coupons.get(p.id, (None, None))
        travellers.append(SeatTraveller(
            p.id, p.name, p.passenger_type, p.gp_level, choices.get(p.id), number,
            None if coupon is None else coupon.seq, None if coupon is None else coupon.status,
            None if coupon is None else coupon.seat))
    if passenger_id is None:
        first = next((t for t in travellers if t.needs_seat), None) or next(
            (t for t in travellers if t.passenger_type != "INF"), None)
        passenger_id = None if first is None else first.passenger_id
    flight = session.get(Flight, segment.flight_id)
    assert flight is not None
    cache = session.get(SeatMapCache, segment.flight_id)
    return SeatScreen(
        booking.id, booking.pnr, segment, tuple(travellers), passenger_id,
        seating.seat_chart(session, segment_id, passenger_id, now),
        checkin_window(session, flight, now).is_open,
        None if cache is None else cache.as_of,
    )
