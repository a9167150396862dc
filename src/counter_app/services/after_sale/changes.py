"""Change quotes (改期/升舱): one coupon onto another flight or class of the same route
and carrier; the change fee and the fare difference
(:func:`counter_app.domain.fees.change_fee`). An adult with an infant on their lap on that
flight changes together with the infant, in one step, onto the same new flight
(``with_infant``); either one alone is refused (``change_with_infant``,
``infant_change_alone``), so an infant is never left on a flight without its adult. The
exchange itself is :mod:`counter_app.services.after_sale.exchange`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClass,
    gp_fare,
    passenger_fare,
    select_fare_class_table,
    select_gp_rule,
)
from counter_app.domain.fees import (
    FeeDecision,
    Reason,
    change_fee,
    select_ladder,
)
from counter_app.domain.money import ZERO, from_fen
from counter_app.domain.tickets import CouponStatus
from counter_app.domain.types import PassengerType
from counter_app.services.after_sale.refunds import coupon_fare, gp_context, parse_reason
from counter_app.services.after_sale.tickets import (
    FIELD_TICKET,
    find_ticket,
    is_infant,
    open_ticket_parties,
    original_issue,
    require_open,
    ticket_coupons,
)
from counter_app.services.flight_facts import departure_aware, route_fares
from counter_app.services.leases import pick_lease
from counter_app.services.rules import load_rules
from counter_app.services.times import aware_utc, business_date
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Coupon,
    Flight,
    Lease,
    Ticket,
)
from counter_app.sync.status import server_now


@dataclass(frozen=True, slots=True)
class ChangeQuote:
    ticket_number: str
    coupon_seq: int
    passenger_name: str
    passenger_type: str
    reason: Reason
    old_flight_no: str
    old_departure: datetime
    old_class: str
    new_flight_id: str
    new_flight_no: str
    new_departure: datetime
    new_class: str
    new_cabin: str
    same_class: bool
    old_face_fare: Decimal
    new_face_fare: Decimal
    fee: FeeDecision
    # The infant on this adult's lap, changed with them in the same step (婴儿随同改签).
    infant: ChangeQuote | None = None

    @property
    def total_due(self) -> Decimal:
        """What the passenger pays: this ticket's fee and fare difference, and the
        infant's when it changes too."""
        return self.fee.total + (ZERO if self.infant is None else self.infant.total_due)


@dataclass(frozen=True, slots=True)
class ChangePlan:
    quote: ChangeQuote
    ticket: Ticket
    booking: Booking
    passenger: BookingPassenger
    coupons: list[Coupon]
    coupon: Coupon
    old_segment: BookingSegment
    new_flight: Flight
    new_fare_class: FareClass
    lease: Lease | None


@dataclass(frozen=True, slots=True)
class ChangeAsked:
    """One coupon's change as asked: the ticket and coupon, the flight and booking class to
    move to, why, and head office's time now."""

    ticket: Ticket
    coupon_seq: int
    new_flight_id: str
    new_class: str
    reason: Reason
    at_server: datetime


def _plan_change(session: Session, asked: ChangeAsked, *, with_adult: bool = False) -> ChangePlan:
    """Check one coupon's change; ``with_adult``: an infant moved in the same step as its
    adult."""
    ticket, reason, at_server = asked.ticket, asked.reason, asked.at_server
    booking, passenger = open_ticket_parties(session, ticket)
    coupons = ticket_coupons(session, ticket.id)
    coupon = next((c for c in coupons if c.seq == asked.coupon_seq), None)
    if coupon is None:
        raise DomainError("coupon_unknown", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number, seq=asked.coupon_seq)
    require_open(coupon, ticket.ticket_number)
    if is_infant(passenger) and not with_adult:
        _check_infant_joins_adult(session, passenger, asked.new_flight_id)
    rules = load_rules(session)
    issued_on = business_date(original_issue(session, ticket))
    today = business_date(at_server)
    old = coupon_fare(session, rules, coupon, issued_on)
    old_segment = session.get(BookingSegment, coupon.segment_id)
    assert old_segment is not None
    new_flight = session.get(Flight, asked.new_flight_id)
    if new_flight is None:
        raise DomainError("flight_not_found", field="flight", flight_id=asked.new_flight_id)
    if (new_flight.origin, new_flight.destination) != (old.flight.origin, old.flight.destination):
        raise DomainError("change_route", field="flight", flight_no=new_flight.flight_no,
                          origin=old.flight.origin, destination=old.flight.destination)
    if new_flight.carrier != old.flight.carrier:
        raise DomainError("change_carrier", field="flight", flight_no=new_flight.flight_no,
                          carrier=old.flight.carrier)
    table = select_fare_class_table(rules.fare_classes, new_flight.carrier, today)
    fare_class = table.get(asked.new_class)
    if new_flight.id == old.flight.id and fare_class.code == old.fare_class.code:
        raise DomainError("change_nothing", field="flight", flight_no=new_flight.flight_no)
    if new_flight.status == "cancelled":
        raise DomainError("flight_cancelled", field="flight", flight_no=new_flight.flight_no)
    new_departure = departure_aware(session, new_flight)
    if new_departure <= aware_utc(at_server):
        raise DomainError("flight_departed", field="flight", flight_no=new_flight.flight_no)
    inventory = session.get(CabinInventory, (new_flight.id, fare_class.cabin.value))
    if inventory is not None and fare_class.code in inventory.closed_classes:
        raise DomainError("class_closed", field="fare_class", class_code=fare_class.code,
                          flight_no=new_flight.flight_no)
    route = route_fares(new_flight)
    ptype = PassengerType(passenger.passenger_type)
    gp = gp_context(rules, booking, passenger, old, issued_on)
    if gp is not None and ptype is PassengerType.ADULT:
        new_face = gp_fare(route, fare_class, select_gp_rule(rules.gp, today), ptype)
    else:
        new_face = passenger_fare(route, fare_class, ptype)
    old_face = from_fen(coupon.fare_fen)
    ladder = select_ladder(rules.fee_ladders, old.flight.carrier, old.fare_class.family,
                           issued_on)
    old_departure = departure_aware(session, old.flight)
    decision = change_fee(ladder, old_face, new_face, fare_class.code == old.fare_class.code,
                          old_departure, aware_utc(at_server), reason, gp)
    lease: Lease | None = None
    # Moving within the same flight and cabin keeps the seat it has; an infant has none.
    same_cabin = new_flight.id == old.flight.id and fare_class.cabin.value == old_segment.cabin
    if ptype is not PassengerType.INFANT and not same_cabin:
        try:
            lease = pick_lease(session, new_flight.id, fare_class.cabin.value, 1, at_server)
        except DomainError as exc:
            if exc.code in ("no_lease", "lease_expired"):
                raise DomainError(
                    "needs_head_office", field="flight", action="change", reason=exc.code,
                    flight_no=new_flight.flight_no, queue_request=True,
                ) from None
            raise
    quote = ChangeQuote(
        ticket_number=ticket.ticket_number,
        coupon_seq=coupon.seq,
        passenger_name=passenger.name,
        passenger_type=passenger.passenger_type,
        reason=reason,
        old_flight_no=old.flight.flight_no,
        old_departure=old_departure,
        old_class=old.fare_class.code,
        new_flight_id=new_flight.id,
        new_flight_no=new_flight.flight_no,
        new_departure=new_departure,
        new_class=fare_class.code,
        new_cabin=fare_class.cabin.value,
        same_class=fare_class.code == old.fare_class.code,
        old_face_fare=old_face,
        new_face_fare=new_face,
        fee=decision,
    )
    return ChangePlan(quote, ticket, booking, passenger, coupons, coupon, old_segment,
                       new_flight, fare_class, lease)


def _infant_on(
    session: Session, adult: BookingPassenger, segment_id: str
) -> tuple[BookingPassenger, Ticket, Coupon] | None:
    """The infant on ``adult``'s lap with an open coupon on ``segment_id``, if any."""
    infants = session.scalars(
        select(BookingPassenger).where(
            BookingPassenger.booking_id == adult.booking_id,
            BookingPassenger.infant_of == adult.id,
            BookingPassenger.passenger_type == PassengerType.INFANT.value,
        )
    ).all()
    for infant in infants:
        found = session.execute(
            select(Ticket, Coupon)
            .join(Coupon, Coupon.ticket_id == Ticket.id)
            .where(
                Ticket.passenger_id == infant.id,
                Ticket.status == "issued",
                Coupon.segment_id == segment_id,
                Coupon.status == CouponStatus.OPEN.value,
            )
        ).first()
        if found is not None:
            return infant, found[0], found[1]
    return None


def _check_infant_joins_adult(
    session: Session, infant: BookingPassenger, new_flight_id: str
) -> None:
    """An infant changed on its own may only join its adult: the adult must already hold an
    open coupon on the new flight. Otherwise the clerk changes the adult, with the infant."""
    adult = None if infant.infant_of is None else session.get(BookingPassenger, infant.infant_of)
    if adult is None:
        raise DomainError("infant_without_adult", field="passengers", infant=infant.name)
    on_new_flight = session.scalar(
        select(func.count())
        .select_from(Coupon)
        .join(Ticket, Ticket.id == Coupon.ticket_id)
        .join(BookingSegment, BookingSegment.id == Coupon.segment_id)
        .where(
            Ticket.passenger_id == adult.id,
            Coupon.status == CouponStatus.OPEN.value,
            BookingSegment.flight_id == new_flight_id,
        )
    )
    if not on_new_flight:
        raise DomainError("infant_change_alone", field="passengers", infant=infant.name,
                          adult=adult.name)


def plan_joint(
    session: Session, asked: ChangeAsked, with_infant: bool
) -> tuple[ChangePlan, ChangePlan | None]:
    """The change of one coupon and, for an adult with an infant on that flight, the
    infant's change onto the same flight and class in the same step."""
    plan = _plan_change(session, asked)
    if is_infant(plan.passenger):
        return plan, None
    lap = _infant_on(session, plan.passenger, plan.old_segment.id)
    if lap is None:
        return plan, None
    infant, infant_ticket, infant_coupon = lap
    if not with_infant:
        raise DomainError("change_with_infant", field="passengers", infant=infant.name,
                          adult=plan.passenger.name)
    infant_asked = replace(asked, ticket=infant_ticket, coupon_seq=infant_coupon.seq,
                           new_class=plan.quote.new_class)
    infant_plan = _plan_change(session, infant_asked, with_adult=True)
    joint = replace(plan, quote=replace(plan.quote, infant=infant_plan.quote))
    return joint, infant_plan


def quote_change(
    session: Session,
    ticket_number: str,
    coupon_seq: int,
    new_flight_id: str,
    new_class: str,
    now: datetime,
    reason: str | Reason = Reason.VOLUNTARY,
    *,
    with_infant: bool = False,
) -> ChangeQuote:
    """The fee and fare difference of moving one coupon to another flight (same route and
    carrier) or class; with ``with_infant``, an adult's infant on that flight moves too (its
    quote in :attr:`ChangeQuote.infant`, its due in the total).

    Refusals: ``needs_head_office``, ``refund_reason``, ``ticket_void``, ``coupon_unknown``,
    ``coupon_used``, ``already_refunded``, ``coupon_exchanged``, ``flight_not_found``,
    ``change_route``, ``change_carrier``, ``unknown_fare_class``, ``change_nothing``,
    ``flight_cancelled``, ``flight_departed``, ``class_closed``,
    ``offline_seats_exhausted``, ``change_with_infant`` (an adult with an infant, without
    ``with_infant``), ``infant_change_alone`` (an infant whose adult is not on the new
    flight).
    """
    ticket = find_ticket(session, ticket_number, "change")
    asked = ChangeAsked(ticket, coupon_seq, new_flight_id, new_class, parse_reason(reason),
                        server_now(session, now))
    return plan_joint(session, asked, with_infant)[0].quote
