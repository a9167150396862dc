"""Holds (订座): :func:`book` gives a booking its PNR and ticketing time limit (出票时限),
takes its seats from the counter's allotment leases (``used_local`` goes up on hold) and
stores the quote per passenger and segment; :func:`held_bookings` lists holds with their
deadline; :func:`release_expired` and :func:`cancel_booking` give the seats back.

Holds are local: they take seats from this counter's own leases, which head office
already counts as granted, so head office first hears of a booking when it is ticketed."""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import amount_text, from_fen, money, to_fen
from counter_app.domain.passengers import (
    PassengerInput,
)
from counter_app.domain.phones import normalise_mobile
from counter_app.domain.text import check_text
from counter_app.domain.tickets import (
    new_pnr,
    validate_pnr,
)
from counter_app.kernel.ids import new_id
from counter_app.services.booking.passengers import search_letters
from counter_app.services.booking.quote import SegmentChoice, TripQuote, build_quote, find_customer
from counter_app.services.flight_facts import departure_aware
from counter_app.services.identity import ClerkSession
from counter_app.services.leases import pick_lease
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingQuote,
    BookingSegment,
    Flight,
    Lease,
)
from counter_app.sync.status import naive_utc, server_now

DEFAULT_TIME_LIMIT = timedelta(minutes=30)


# A hold must be ticketed this long before the first departure (出票时限).
TICKETING_CUTOFF = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class HeldBooking:
    booking_id: str
    pnr: str
    ticketing_deadline: datetime  # aware, UTC (head office time)
    quote: TripQuote
    lease_ids: tuple[str, ...]  # per segment


@dataclass(frozen=True, slots=True)
class HeldBookingRow:
    booking_id: str
    pnr: str
    ticketing_deadline: datetime  # aware, UTC
    expired: bool
    minutes_left: int
    passengers: tuple[str, ...]
    flights: tuple[str, ...]
    first_departure: datetime  # local airport time
    total: Decimal
    customer_id: str | None


@dataclass(frozen=True, slots=True)
class CancelledBooking:
    booking_id: str
    pnr: str
    seats_released: int


def _new_pnr(session: Session, rng: random.Random) -> str:
    """A record locator no booking in the store has yet."""
    for _ in range(50):
        pnr = validate_pnr(new_pnr(rng))
        if session.scalar(select(Booking.id).where(Booking.pnr == pnr)) is None:
            return pnr
    raise RuntimeError("no free PNR after 50 draws")  # pragma: no cover - 32**6 locators


def _deadline(now_server: datetime, first_departure: datetime, limit: timedelta) -> datetime:
    """``now + limit``, but not later than 2 h before the first departure; a booking made
    inside those 2 h must be ticketed before departure (and within the limit)."""
    now_server = aware_utc(now_server)
    latest = first_departure - TICKETING_CUTOFF
    deadline = min(now_server + limit, latest)
    if deadline <= now_server:
        deadline = min(now_server + limit, first_departure)
    return deadline


def book(
    session: Session,
    *,
    segments: Sequence[SegmentChoice],
    passengers: Sequence[PassengerInput],
    customer_id: str | None,
    clerk: ClerkSession,
    now: datetime,
    gp_order_no: str = "",
    contact_mobile: str = "",
    time_limit: timedelta = DEFAULT_TIME_LIMIT,
    quoted_total: Decimal | None = None,
    rng: random.Random | None = None,
) -> HeldBooking:
    """Hold a booking: PNR, ticketing deadline, seats from the leases, the quote stored.

    ``quoted_total``: the total the traveller was shown (:func:`quote_trip`); when the
    price moved since, the hold is refused with ``fare_changed`` (``old``/``new``).

    Refusals besides the quote's: ``gp_order_required``, ``needs_head_office`` (no
    allotment lease on a flight: ``reason`` no_lease / lease_expired, ``queue_request``
    True), ``offline_seats_exhausted``, ``time_limit``, ``fare_changed``.
    """
    if time_limit <= timedelta(0) or time_limit > timedelta(days=3):
        raise DomainError("time_limit", field="time_limit",
                          minutes=int(time_limit / timedelta(minutes=1)))
    at_server = server_now(session, now)
    customer = find_customer(session, customer_id)
    quote, legs = build_quote(
        session, segments=segments, passengers=passengers, customer=customer, at_server=at_server
    )
    if quoted_total is not None and money(quoted_total) != quote.total:
        raise DomainError("fare_changed", field="quote", old=amount_text(quoted_total),
                          new=amount_text(quote.total), pnr="")
    order_no = gp_order_no.strip()
    check_text("gp_order_no", order_no)
    if customer is not None and customer.kind == "gp_unit" and not order_no:
        raise DomainError("gp_order_required", field="gp_order_no")
    if len(order_no) > 32:
        raise DomainError("gp_order_format", field="gp_order_no", max=32)
    mobile = normalise_mobile(contact_mobile, field="contact_mobile")
    seats = quote.seats
    leases: list[Lease | None] = []
    for leg in legs:
        if seats == 0:  # pragma: no cover - an infant never travels alone
            leases.append(None)
            continue
        try:
            leases.append(pick_lease(session, leg.flight.id, leg.info.cabin, seats, at_server))
        except DomainError as exc:
            if exc.code in ("no_lease", "lease_expired"):
                raise DomainError(
                    "needs_head_office",
                    field="flight",
                    action="book",
                    reason=exc.code,
                    flight_no=leg.flight.flight_no,
                    queue_request=True,
                ) from None
            params: dict[str, Any] = {**exc.params, "flight_no": leg.flight.flight_no}
            raise DomainError(exc.code, exc.field, "", **params) from None
    first_departure = departure_aware(session, legs[0].flight)
    deadline = _deadline(at_server, first_departure, time_limit)
    pnr = _new_pnr(session, rng or random.Random(os.urandom(16)))

    # --- every check passed: write ------------------------------------------------------
    created = naive_utc(now)
    booking = Booking(
        id=new_id(),
        pnr=pnr,
        status="held",
        customer_id=quote.customer_id,
        clerk_id=clerk.clerk_id,
        outlet_code=clerk.outlet_code,
        gp_order_no=order_no,
        contact_mobile=mobile,
        created_at=created,
        ticketing_deadline=naive_utc(deadline),
        lease_id=None if leases[0] is None else leases[0].lease_id,
        customer_kind=quote.customer_kind,
        commission_fen=to_fen(quote.commission),
    )
    session.add(booking)
    session.flush()  # no relationships: each level is flushed before rows pointing at it
    segment_rows = [
        BookingSegment(
            id=new_id(),
            booking_id=booking.id,
            seq=leg.info.seq,
            flight_id=leg.flight.id,
            class_code=leg.info.class_code,
            cabin=leg.info.cabin,
            status="HK",
            lease_id=None if lease is None else lease.lease_id,
            seats=seats,
        )
        for leg, lease in zip(legs, leases, strict=True)
    ]
    passenger_ids = [new_id() for _ in quote.passengers]
    passenger_rows = [
        BookingPassenger(
            id=passenger_ids[p.index],
            booking_id=booking.id,
            traveller_id=p.traveller_id,
            name=p.name,
            passenger_type=p.passenger_type.value,
            id_type=p.id_type.value,
            id_number=p.id_number,
            birth_date=p.birth_date,
            mobile=p.mobile,
            ffp_number=p.ffp_number,
            infant_of=None if p.infant_of is None else passenger_ids[p.infant_of],
            name_pinyin=search_letters(p.name),
            insurance_units=p.insurance_units,
            gp_level=p.gp_level,
        )
        for p in quote.passengers
    ]
    session.add_all(segment_rows)
    session.add_all(passenger_rows)
    session.flush()
    seg_ids = {row.seq: row.id for row in segment_rows}
    session.add_all(
        BookingQuote(
            id=new_id(),
            booking_id=booking.id,
            passenger_id=passenger_ids[line.passenger],
            segment_id=seg_ids[line.segment],
            published_fare_fen=to_fen(line.published_fare),
            **line.in_fen(),
            total_fen=to_fen(line.total),
            gp_applied=line.gp_applied,
            ticketing_date=quote.ticketing_date,
            quoted_at=created,
        )
        for line in quote.lines
    )
    for lease in leases:
        if lease is not None:
            # An SQL increment: the sync thread may write the lease too.
            lease.used_local = Lease.used_local + seats
    session.flush()
    return HeldBooking(
        booking_id=booking.id,
        pnr=pnr,
        ticketing_deadline=deadline.astimezone(UTC),
        quote=quote,
        lease_ids=tuple("" if lease is None else lease.lease_id for lease in leases),
    )


def booking_segments(session: Session, booking_id: str) -> list[BookingSegment]:
    return list(
        session.scalars(
            select(BookingSegment)
            .where(BookingSegment.booking_id == booking_id)
            .order_by(BookingSegment.seq)
        )
    )


def booking_passengers(session: Session, booking_id: str) -> list[BookingPassenger]:
    rows = session.scalars(
        select(BookingPassenger).where(BookingPassenger.booking_id == booking_id)
    ).all()
    # Stored in input order: UUIDv7 keys sort by creation.
    return sorted(rows, key=lambda p: p.id)


def _release_seats(session: Session, segments: Sequence[BookingSegment]) -> int:
    released = 0
    for seg in segments:
        if seg.lease_id is None or seg.seats <= 0:
            continue
        lease = session.get(Lease, seg.lease_id)
        if lease is None:
            continue
        released += seg.seats
        lease.used_local = func.max(Lease.used_local - seg.seats, 0)
    return released


def held_bookings(session: Session, now: datetime) -> list[HeldBookingRow]:
    """Bookings on hold with their ticketing deadline, the soonest first; ``expired`` ones
    are past it and wait for :func:`release_expired`."""
    at_server = aware_utc(server_now(session, now))
    rows = session.scalars(
        select(Booking).where(Booking.status == "held").order_by(Booking.ticketing_deadline)
    ).all()
    out: list[HeldBookingRow] = []
    for b in rows:
        deadline = aware_utc(b.ticketing_deadline or b.created_at)
        segs = booking_segments(session, b.id)
        flights = [session.get(Flight, s.flight_id) for s in segs]
        names = tuple(p.name for p in booking_passengers(session, b.id))
        total = session.scalar(
            select(func.coalesce(func.sum(BookingQuote.total_fen), 0)).where(
                BookingQuote.booking_id == b.id
            )
        )
        first = flights[0] if flights else None
        out.append(
            HeldBookingRow(
                booking_id=b.id,
                pnr=b.pnr,
                ticketing_deadline=deadline,
                expired=deadline <= at_server,
                minutes_left=max(0, int((deadline - at_server) / timedelta(minutes=1))),
                passengers=names,
                flights=tuple(f.flight_no for f in flights if f is not None),
                first_departure=datetime.combine(first.dep_date, first.dep_time)
                if first is not None
                else deadline,
                total=from_fen(int(total or 0)),
                customer_id=b.customer_id,
            )
        )
    return out


def _cancel(session: Session, booking: Booking, at: datetime) -> int:
    segments = booking_segments(session, booking.id)
    released = _release_seats(session, segments)
    for seg in segments:
        seg.status = "XX"
    booking.status = "cancelled"
    booking.cancelled_at = at
    return released


def release_expired(session: Session, now: datetime) -> list[str]:
    """Cancel every held booking past its ticketing deadline and give its seats back to
    the leases; returns the PNRs released."""
    at_server = naive_utc(server_now(session, now))
    expired = session.scalars(
        select(Booking)
        .where(Booking.status == "held", Booking.ticketing_deadline <= at_server)
        .order_by(Booking.ticketing_deadline)
    ).all()
    created = naive_utc(now)
    for booking in expired:
        _cancel(session, booking, created)
    session.flush()
    return [b.pnr for b in expired]


def held_booking(session: Session, booking_id: str) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise DomainError("booking_not_found", field="booking", booking_id=booking_id)
    if booking.status != "held":
        raise DomainError("booking_not_held", field="booking", pnr=booking.pnr,
                          status=booking.status)
    return booking


def cancel_booking(
    session: Session, booking_id: str, *, clerk: ClerkSession, now: datetime
) -> CancelledBooking:
    """Cancel a held booking (取消订座) and give its seats back to the leases."""
    booking = held_booking(session, booking_id)
    released = _cancel(session, booking, naive_utc(now))
    session.flush()
    return CancelledBooking(booking.id, booking.pnr, released)
