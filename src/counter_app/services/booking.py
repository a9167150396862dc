"""The counter sale from question to ticket (柜台售票): quote, hold, ticket.

A booking (PNR, 旅客订座记录) has 1–9 passengers and one or more segments: one-way, return
(往返) or a connection (中转联程). The steps:

1. :func:`quote_trip` prices it per passenger and segment (fare by class and discount,
   GP fare where it applies, CAAC fund, fuel surcharge, insurance units, service fee) and
   gives the change/refund rules of each segment.
2. :func:`book` holds it: a 6-character PNR, a ticketing time limit (出票时限), seats taken
   from the counter's allotment leases (``used_local`` goes up on hold), the quote stored
   per passenger and segment. :func:`held_bookings` lists holds with their deadline;
   :func:`release_expired` and :func:`cancel_booking` give the seats back.
3. :func:`ticket_booking` issues it: re-quotes (a fare that changed since the quote is
   refused with ``fare_changed`` unless the clerk accepts the new quote), takes payment
   (:mod:`counter_app.services.payments`), one ticket per passenger from the counter's
   number range of the validating carrier's prefix covering every segment, one coupon per
   segment (status ``O``), insurance policy numbers, and the ``sale.issue`` outbox op.

Who the customer is decides the price rules and payment options: a walk-in (散客) pays
the published class fare plus any service fee of the rule table; an agreement customer
(协议客户) the same, and may pay on account; a GP official (公务, a traveller of the GP unit
with a level) gets the GP fare and the booking must carry the GP order number; a
secondary distributor (二级分销商) books on behalf of its customers and earns a commission,
computed and kept, not charged.

Every step checks everything before its first write, so a refusal (a
:class:`~counter_app.domain.errors.DomainError` with a stable code and field, listed in
:mod:`counter_app.services.sale_messages`) leaves the unit of work untouched even if the
caller commits it. Nothing here commits.

Holds are local: they take seats from this counter's own leases, which head office
already counts as granted, so head office first hears of a booking when it is ticketed.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.commissions import distributor_commission
from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClass,
    RouteFares,
    gp_fare,
    passenger_fare,
    percent_of_y,
    select_fare_class_table,
    select_gp_rule,
)
from counter_app.domain.fees import RuleLine, explain_rules, select_ladder
from counter_app.domain.gp import check_companions
from counter_app.domain.ids import IdType, normalise_code
from counter_app.domain.money import ZERO, amount_text, from_fen, money, to_fen
from counter_app.domain.names import search_letters
from counter_app.domain.passengers import (
    MAX_PASSENGERS,
    CheckedPassenger,
    PassengerInput,
    check_passenger,
    infant_links,
)
from counter_app.domain.phones import normalise_mobile
from counter_app.domain.service_fees import service_fee
from counter_app.domain.taxes import cn_fund, fuel_surcharge, insurance_premium
from counter_app.domain.tickets import (
    CouponStatus,
    TicketNumber,
    new_pnr,
    ticket_number,
    validate_pnr,
)
from counter_app.domain.types import FareFamily, PassengerType
from counter_app.kernel.ids import new_id
from counter_app.services.flight_facts import departed, departure_aware, route_fares
from counter_app.services.identity import ClerkSession
from counter_app.services.leases import pick_lease
from counter_app.services.lookup import (  # the searches, re-exported
    BookingSummary,
    KnownTraveller,
    find_bookings,
    known_travellers,
)
from counter_app.services.number_ranges import advance, take_numbers
from counter_app.services.payments import (
    Override,
    PaymentInput,
    check_payments,
    write_payments,
)
from counter_app.services.rules import Rules, load_rules
from counter_app.services.times import aware_utc, business_date
from counter_app.storage.models import (
    Airline,
    Booking,
    BookingPassenger,
    BookingQuote,
    BookingSegment,
    CabinInventory,
    Coupon,
    Customer,
    Flight,
    Lease,
    Payment,
    Ticket,
    Traveller,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now

DEFAULT_TIME_LIMIT = timedelta(minutes=30)
# A hold must be ticketed this long before the first departure (出票时限).
TICKETING_CUTOFF = timedelta(hours=2)
MAX_SEGMENTS = 4
_FFP_RE = re.compile(r"[A-Z0-9]{4,20}")

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "BookingDetail",
    "BookingSummary",
    "CancelledBooking",
    "CouponView",
    "FareLine",
    "HeldBooking",
    "HeldBookingRow",
    "IssuedBooking",
    "IssuedCoupon",
    "IssuedTicket",
    "KnownTraveller",
    "Override",
    "PassengerInput",
    "PassengerLine",
    "PaymentInput",
    "SegmentChoice",
    "SegmentInfo",
    "SegmentRules",
    "TicketView",
    "TripQuote",
    "book",
    "booking_detail",
    "cancel_booking",
    "find_bookings",
    "held_bookings",
    "insurance_policy_no",
    "known_travellers",
    "quote_trip",
    "release_expired",
    "ticket_booking",
]


# --- inputs and results -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentChoice:
    """One flight of the itinerary and the booking class chosen on it."""

    flight_id: str
    class_code: str


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    seq: int
    flight_id: str
    flight_no: str
    carrier: str
    origin: str
    destination: str
    dep_date: date
    dep_time: time
    arr_date: date
    arr_time: time
    class_code: str
    cabin: str
    family: FareFamily
    percent_of_y: Decimal
    distance_km: int

    @property
    def departure_local(self) -> datetime:
        return datetime.combine(self.dep_date, self.dep_time)


@dataclass(frozen=True, slots=True)
class PassengerLine:
    """A checked passenger: normalised name and document, type by age at travel."""

    index: int
    name: str
    passenger_type: PassengerType
    id_type: IdType
    id_number: str
    birth_date: date | None
    infant_of: int | None
    gp_level: str | None
    traveller_id: str | None
    mobile: str
    ffp_number: str
    insurance_units: int


@dataclass(frozen=True, slots=True)
class FareLine:
    """What one passenger pays for one segment (yuan)."""

    passenger: int
    segment: int  # the segment's seq, from 1
    published_fare: Decimal  # the class fare for the passenger type, before any GP rate
    fare: Decimal
    gp_applied: bool
    cn_fund: Decimal
    fuel: Decimal
    insurance_units: int
    insurance: Decimal
    service_fee: Decimal
    total: Decimal

    @property
    def gp_discount(self) -> Decimal:
        return self.published_fare - self.fare


@dataclass(frozen=True, slots=True)
class SegmentRules:
    """The change/refund conditions of a segment (退改签规则), for telling the traveller:
    the ladder on the face fare of the first adult (or the first passenger), and whether
    the GP easy rules (公务易改易退) can apply to it."""

    seq: int
    family: FareFamily
    face_fare: Decimal
    lines: tuple[RuleLine, ...]
    gp_easy_change: bool
    gp_easy_refund: bool
    gp_min_hours: int


@dataclass(frozen=True, slots=True)
class TripQuote:
    segments: tuple[SegmentInfo, ...]
    passengers: tuple[PassengerLine, ...]
    lines: tuple[FareLine, ...]
    rules: tuple[SegmentRules, ...]
    ticketing_date: date
    customer_id: str | None
    customer_kind: str
    commission: Decimal  # a distributor's commission on the fares; 0 for others

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    def passenger_total(self, index: int) -> Decimal:
        return sum((line.total for line in self.lines if line.passenger == index), ZERO)

    def line(self, passenger: int, segment: int) -> FareLine:
        return next(x for x in self.lines if x.passenger == passenger and x.segment == segment)

    @property
    def seats(self) -> int:
        """Seats per segment: infants sit on a lap."""
        return sum(1 for p in self.passengers if p.passenger_type is not PassengerType.INFANT)


@dataclass(frozen=True, slots=True)
class HeldBooking:
    booking_id: str
    pnr: str
    ticketing_deadline: datetime  # aware, UTC (head office time)
    quote: TripQuote
    lease_ids: tuple[str, ...]  # per segment


@dataclass(frozen=True, slots=True)
class IssuedCoupon:
    seq: int
    flight_no: str
    origin: str
    destination: str
    dep_date: date
    class_code: str
    status: str
    insurance_policy_no: str


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket_number: str
    passenger_name: str
    passenger_type: PassengerType
    total: Decimal
    coupons: tuple[IssuedCoupon, ...]


@dataclass(frozen=True, slots=True)
class IssuedBooking:
    booking_id: str
    pnr: str
    tickets: tuple[IssuedTicket, ...]
    total: Decimal
    paid: tuple[tuple[str, Decimal], ...]
    change_due: Decimal
    override_by: str
    quote_changed: bool
    op_id: str


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


# --- helpers ------------------------------------------------------------------------------------


def _check_flight_open(session: Session, flight: Flight, class_code: str, cabin: str,
                       at_server: datetime) -> None:
    if flight.status == "cancelled":
        raise DomainError("flight_cancelled", field="flight", flight_no=flight.flight_no)
    if departed(flight, at_server):
        raise DomainError("flight_departed", field="flight", flight_no=flight.flight_no)
    inventory = session.get(CabinInventory, (flight.id, cabin))
    if inventory is not None and class_code in inventory.closed_classes:
        raise DomainError(
            "class_closed", field="fare_class", class_code=class_code, flight_no=flight.flight_no
        )


def _check_contact(p: PassengerInput) -> tuple[str, str]:
    mobile = normalise_mobile(p.mobile)
    ffp = "".join(normalise_code(p.ffp_number).split())
    if ffp and not _FFP_RE.fullmatch(ffp):
        raise DomainError("ffp_format", field="ffp_number", ffp_number=p.ffp_number)
    return mobile, ffp


def _new_pnr(session: Session, rng: random.Random) -> str:
    """A record locator no booking in the store has yet."""
    for _ in range(50):
        pnr = validate_pnr(new_pnr(rng))
        if session.scalar(select(Booking.id).where(Booking.pnr == pnr)) is None:
            return pnr
    raise RuntimeError("no free PNR after 50 draws")  # pragma: no cover - 32**6 locators


@dataclass(frozen=True, slots=True)
class _Leg:
    flight: Flight
    fare_class: FareClass
    route: RouteFares
    info: SegmentInfo


def _legs(
    session: Session, rules: Rules, segments: Sequence[SegmentChoice], on: date
) -> list[_Leg]:
    if not segments:
        raise DomainError("no_segments", field="flight")
    if len(segments) > MAX_SEGMENTS:
        raise DomainError("too_many_segments", field="flight", count=len(segments),
                          max=MAX_SEGMENTS)
    legs: list[_Leg] = []
    seen: set[str] = set()
    for seq, choice in enumerate(segments, start=1):
        flight = session.get(Flight, choice.flight_id)
        if flight is None:
            raise DomainError("flight_not_found", field="flight", flight_id=choice.flight_id)
        if flight.id in seen:
            raise DomainError("duplicate_segment", field="flight", flight_no=flight.flight_no)
        seen.add(flight.id)
        table = select_fare_class_table(rules.fare_classes, flight.carrier, on)
        fare_class = table.get(choice.class_code)
        route = route_fares(flight)
        info = SegmentInfo(
            seq=seq,
            flight_id=flight.id,
            flight_no=flight.flight_no,
            carrier=flight.carrier,
            origin=flight.origin,
            destination=flight.destination,
            dep_date=flight.dep_date,
            dep_time=flight.dep_time,
            arr_date=flight.arr_date,
            arr_time=flight.arr_time,
            class_code=fare_class.code,
            cabin=fare_class.cabin.value,
            family=fare_class.family,
            percent_of_y=percent_of_y(route, fare_class),
            distance_km=flight.distance_km,
        )
        if legs:
            before = legs[-1].flight
            landed = datetime.combine(before.arr_date, before.arr_time)
            if datetime.combine(flight.dep_date, flight.dep_time) <= landed:
                raise DomainError(
                    "segment_order", field="flight", flight_no=flight.flight_no,
                    after=before.flight_no,
                )
        # Fails early with cabin_not_offered when the aircraft has no such cabin.
        route.full_fare(fare_class.cabin)
        legs.append(_Leg(flight, fare_class, route, info))
    return legs


def _customer(session: Session, customer_id: str | None) -> Customer | None:
    if customer_id is None:
        return None
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    return customer


def _gp_level(
    session: Session, customer: Customer | None, p: PassengerInput, ptype: PassengerType
) -> str | None:
    """The GP level of an official travelling for their GP unit, else None."""
    if customer is None or customer.kind != "gp_unit" or p.traveller_id is None:
        return None
    traveller = session.get(Traveller, p.traveller_id)
    if traveller is None or traveller.customer_id != customer.id or not traveller.gp_level:
        return None
    return traveller.gp_level if ptype is PassengerType.ADULT else None


def _check_passengers(
    session: Session,
    passengers: Sequence[PassengerInput],
    customer: Customer | None,
    travel_date: date,
    today: date,
) -> list[PassengerLine]:
    if not passengers:
        raise DomainError("no_passengers", field="passengers")
    if len(passengers) > MAX_PASSENGERS:
        raise DomainError(
            "too_many_passengers", field="passengers", count=len(passengers), max=MAX_PASSENGERS
        )
    checked: list[CheckedPassenger] = [
        check_passenger(p, travel_date, today) for p in passengers
    ]
    seen: dict[str, str] = {}  # ID number -> the name it came with first
    for c in checked:
        if c.id_number in seen:  # one document, one person, under whatever name
            raise DomainError("duplicate_passenger", field="id_number", name=seen[c.id_number])
        seen[c.id_number] = c.name
    contacts = [_check_contact(p) for p in passengers]
    links = infant_links([c.passenger_type for c in checked], [c.name for c in checked],
                         [p.infant_of for p in passengers])
    lines = []
    for i, (c, source) in enumerate(zip(checked, passengers, strict=True)):
        if source.traveller_id is not None and session.get(
            Traveller, source.traveller_id
        ) is None:
            raise DomainError("traveller_not_found", field="passengers", name=c.name)
        lines.append(
            PassengerLine(
                index=i,
                name=c.name,
                passenger_type=c.passenger_type,
                id_type=c.id_type,
                id_number=c.id_number,
                birth_date=c.birth_date,
                infant_of=links[i],
                gp_level=_gp_level(session, customer, source, c.passenger_type),
                traveller_id=source.traveller_id,
                mobile=contacts[i][0],
                ffp_number=contacts[i][1],
                insurance_units=source.insurance_units,
            )
        )
    if customer is not None and customer.kind == "gp_unit":
        officials = sum(1 for p in lines if p.gp_level)
        check_companions(len(lines) - max(officials, 1))
    return lines


def _price(
    rules: Rules,
    legs: Sequence[_Leg],
    passengers: Sequence[PassengerLine],
    customer_kind: str,
    ticketing_date: date,
) -> list[FareLine]:
    lines: list[FareLine] = []
    gp_rule = None
    for p in passengers:
        for leg in legs:
            published = passenger_fare(leg.route, leg.fare_class, p.passenger_type)
            fare = published
            gp_applied = False
            if p.gp_level and p.passenger_type is PassengerType.ADULT:
                if gp_rule is None:
                    gp_rule = select_gp_rule(rules.gp, ticketing_date)
                fare = gp_fare(leg.route, leg.fare_class, gp_rule, p.passenger_type)
                gp_applied = fare != published
            cn = cn_fund(rules.taxes, ticketing_date, p.passenger_type, leg.flight.feeder)
            fuel = fuel_surcharge(
                rules.taxes, ticketing_date, leg.flight.distance_km, p.passenger_type
            )
            insurance = insurance_premium(rules.taxes, ticketing_date, p.insurance_units)
            fee = service_fee(rules.service_fees, customer_kind, ticketing_date, p.passenger_type)
            lines.append(
                FareLine(
                    passenger=p.index,
                    segment=leg.info.seq,
                    published_fare=published,
                    fare=fare,
                    gp_applied=gp_applied,
                    cn_fund=cn,
                    fuel=fuel,
                    insurance_units=p.insurance_units,
                    insurance=insurance,
                    service_fee=fee,
                    total=fare + cn + fuel + insurance + fee,
                )
            )
    return lines


def _segment_rules(
    rules: Rules,
    legs: Sequence[_Leg],
    passengers: Sequence[PassengerLine],
    lines: Sequence[FareLine],
    ticketing_date: date,
) -> list[SegmentRules]:
    first = next(
        (p for p in passengers if p.passenger_type is PassengerType.ADULT), passengers[0]
    )
    any_gp = any(p.gp_level for p in passengers)
    out: list[SegmentRules] = []
    for leg in legs:
        face = next(
            x.fare for x in lines if x.passenger == first.index and x.segment == leg.info.seq
        )
        ladder = select_ladder(rules.fee_ladders, leg.flight.carrier, leg.info.family,
                               ticketing_date)
        easy_change = easy_refund = False
        min_hours = 0
        if any_gp and rules.gp:
            rule = select_gp_rule(rules.gp, ticketing_date)
            pct = leg.info.percent_of_y
            easy_change = rule.easy_change_min_percent <= pct <= rule.easy_change_max_percent
            easy_refund = pct >= rule.easy_refund_min_percent
            min_hours = rule.easy_min_hours
        out.append(
            SegmentRules(
                seq=leg.info.seq,
                family=leg.info.family,
                face_fare=face,
                lines=tuple(explain_rules(ladder, face)),
                gp_easy_change=easy_change,
                gp_easy_refund=easy_refund,
                gp_min_hours=min_hours,
            )
        )
    return out


def _commission(
    rules: Rules, customer: Customer | None, lines: Sequence[FareLine], on: date
) -> Decimal:
    if customer is None or customer.kind != "distributor" or rules.commissions is None:
        return ZERO
    monthly = customer.attributes.get("monthly_tickets", 0)
    tickets = monthly if isinstance(monthly, int) and monthly >= 0 else 0
    fares = sum((line.fare for line in lines), ZERO)
    return distributor_commission(rules.commissions.distributor_tiers_on(on), tickets, fares)


def _build_quote(
    session: Session,
    *,
    segments: Sequence[SegmentChoice],
    passengers: Sequence[PassengerInput],
    customer: Customer | None,
    at_server: datetime,
) -> tuple[TripQuote, list[_Leg]]:
    rules = load_rules(session)
    ticketing_date = business_date(at_server)
    legs = _legs(session, rules, segments, ticketing_date)
    for leg in legs:
        _check_flight_open(session, leg.flight, leg.info.class_code, leg.info.cabin, at_server)
    checked = _check_passengers(
        session, passengers, customer, legs[0].flight.dep_date, ticketing_date
    )
    kind = "walk_in" if customer is None else customer.kind
    lines = _price(rules, legs, checked, kind, ticketing_date)
    quote = TripQuote(
        segments=tuple(leg.info for leg in legs),
        passengers=tuple(checked),
        lines=tuple(lines),
        rules=tuple(_segment_rules(rules, legs, checked, lines, ticketing_date)),
        ticketing_date=ticketing_date,
        customer_id=None if customer is None else customer.id,
        customer_kind=kind,
        commission=_commission(rules, customer, lines, ticketing_date),
    )
    return quote, legs


# --- quote ----------------------------------------------------------------------------------------


def quote_trip(
    session: Session,
    *,
    segments: Sequence[SegmentChoice],
    passengers: Sequence[PassengerInput],
    customer_id: str | None = None,
    now: datetime,
) -> TripQuote:
    """Price an itinerary per passenger and segment (no seats are checked or held).

    ``now`` is the counter's clock (aware); the ticketing date and "departed" are judged
    on head office's time as estimated from the last sync.
    """
    at_server = server_now(session, now)
    customer = _customer(session, customer_id)
    return _build_quote(
        session, segments=segments, passengers=passengers, customer=customer, at_server=at_server
    )[0]


# --- hold ----------------------------------------------------------------------------------------


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
    customer = _customer(session, customer_id)
    quote, legs = _build_quote(
        session, segments=segments, passengers=passengers, customer=customer, at_server=at_server
    )
    if quoted_total is not None and money(quoted_total) != quote.total:
        raise DomainError("fare_changed", field="quote", old=amount_text(quoted_total),
                          new=amount_text(quote.total), pnr="")
    order_no = gp_order_no.strip()
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
            fare_fen=to_fen(line.fare),
            cn_fund_fen=to_fen(line.cn_fund),
            fuel_fen=to_fen(line.fuel),
            insurance_units=line.insurance_units,
            insurance_fen=to_fen(line.insurance),
            service_fee_fen=to_fen(line.service_fee),
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


# --- held bookings -------------------------------------------------------------------------------


def _segments(session: Session, booking_id: str) -> list[BookingSegment]:
    return list(
        session.scalars(
            select(BookingSegment)
            .where(BookingSegment.booking_id == booking_id)
            .order_by(BookingSegment.seq)
        )
    )


def _passengers(session: Session, booking_id: str) -> list[BookingPassenger]:
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
        segs = _segments(session, b.id)
        flights = [session.get(Flight, s.flight_id) for s in segs]
        names = tuple(p.name for p in _passengers(session, b.id))
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
    segments = _segments(session, booking.id)
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


def _held(session: Session, booking_id: str) -> Booking:
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
    booking = _held(session, booking_id)
    released = _cancel(session, booking, naive_utc(now))
    session.flush()
    return CancelledBooking(booking.id, booking.pnr, released)


# --- ticketing -----------------------------------------------------------------------------------


def insurance_policy_no(number: str, seq: int) -> str:
    """The 航意险 policy number of a coupon, made locally and deterministically: ``PI``,
    the 13 digits of the ticket number and the 2-digit coupon number."""
    return f"PI{TicketNumber.parse(number).digits}{seq:02d}"


def _stored_passenger_lines(rows: Sequence[BookingPassenger]) -> list[PassengerLine]:
    index = {row.id: i for i, row in enumerate(rows)}
    return [
        PassengerLine(
            index=i,
            name=row.name,
            passenger_type=PassengerType(row.passenger_type),
            id_type=IdType(row.id_type),
            id_number=row.id_number,
            birth_date=row.birth_date,
            infant_of=None if row.infant_of is None else index.get(row.infant_of),
            gp_level=row.gp_level,
            traveller_id=row.traveller_id,
            mobile=row.mobile,
            ffp_number=row.ffp_number,
            insurance_units=row.insurance_units,
        )
        for i, row in enumerate(rows)
    ]


def _same_line(stored: BookingQuote, line: FareLine) -> bool:
    return (
        stored.fare_fen == to_fen(line.fare)
        and stored.cn_fund_fen == to_fen(line.cn_fund)
        and stored.fuel_fen == to_fen(line.fuel)
        and stored.insurance_fen == to_fen(line.insurance)
        and stored.service_fee_fen == to_fen(line.service_fee)
    )


def ticket_booking(
    session: Session,
    booking_id: str,
    payments: Sequence[PaymentInput],
    *,
    clerk: ClerkSession,
    now: datetime,
    accept_new_quote: bool = False,
    override: Override | None = None,
) -> IssuedBooking:
    """Issue the tickets of a held booking offline, in the caller's unit of work.

    Refusals: ``booking_not_found``, ``booking_not_held``, ``booking_expired``,
    ``flight_cancelled``, ``flight_departed``, ``lease_expired``, ``fare_changed``
    (``old``/``new`` totals; pass ``accept_new_quote`` once the traveller agrees),
    ``gp_order_required``, ``unknown_airline``, ``ticket_range_exhausted``, a card payment
    without its slip reference (:func:`counter_app.services.payments.check_reference`), and
    the payment refusals of :func:`counter_app.services.payments.check_payments`.
    """
    at_server = server_now(session, now)
    booking = _held(session, booking_id)
    deadline = booking.ticketing_deadline
    if deadline is not None and aware_utc(deadline) <= aware_utc(at_server):
        raise DomainError("booking_expired", field="booking", pnr=booking.pnr,
                          deadline=aware_utc(deadline).isoformat())
    segments = _segments(session, booking.id)
    rows = _passengers(session, booking.id)
    rules = load_rules(session)
    ticketing_date = business_date(at_server)
    legs = _legs(
        session,
        rules,
        [SegmentChoice(s.flight_id, s.class_code) for s in segments],
        ticketing_date,
    )
    naive_server = naive_utc(at_server)
    for leg, seg in zip(legs, segments, strict=True):
        if leg.flight.status == "cancelled":
            raise DomainError("flight_cancelled", field="flight", flight_no=leg.flight.flight_no)
        if departed(leg.flight, at_server):
            raise DomainError("flight_departed", field="flight", flight_no=leg.flight.flight_no)
        if seg.lease_id is not None and seg.seats > 0:
            lease = session.get(Lease, seg.lease_id)
            if lease is None or lease.status != "active" or lease.expires_at <= naive_server:
                raise DomainError(
                    "lease_expired", field="flight", flight_no=leg.flight.flight_no,
                    queue_request=True,
                )
    passengers = _stored_passenger_lines(rows)
    lines = _price(rules, legs, passengers, booking.customer_kind, ticketing_date)
    stored = {
        (q.passenger_id, q.segment_id): q
        for q in session.scalars(select(BookingQuote).where(BookingQuote.booking_id == booking.id))
    }
    seg_by_seq = {s.seq: s for s in segments}
    changed = [
        line
        for line in lines
        if not _same_line(stored[(rows[line.passenger].id, seg_by_seq[line.segment].id)], line)
    ]
    old_total = from_fen(sum(q.total_fen for q in stored.values()))
    new_total = sum((line.total for line in lines), ZERO)
    if changed and not accept_new_quote:
        raise DomainError(
            "fare_changed", field="quote", old=amount_text(old_total), new=amount_text(new_total),
            pnr=booking.pnr,
        )
    customer = _customer(session, booking.customer_id)
    if booking.customer_kind == "gp_unit" and not booking.gp_order_no:
        raise DomainError("gp_order_required", field="gp_order_no")
    validating = legs[0].flight.carrier
    airline = session.get(Airline, validating)
    if airline is None:
        raise DomainError("unknown_airline", field="flight", carrier=validating)
    numbers = take_numbers(session, "ticket", airline.prefix, len(rows), "ticket_range_exhausted")
    number_texts = [str(ticket_number(airline.prefix, serial)) for _range, serial in numbers]
    checked = check_payments(
        session,
        payments,
        new_total,
        customer,
        override=override,
        clerk_login=clerk.login,
        now=now,
        context={"pnr": booking.pnr},
        references_required=True,
    )

    # --- every check passed: write ------------------------------------------------------
    created = naive_utc(now)
    issued = naive_server
    if changed:
        for line in lines:
            q = stored[(rows[line.passenger].id, seg_by_seq[line.segment].id)]
            q.published_fare_fen = to_fen(line.published_fare)
            q.fare_fen = to_fen(line.fare)
            q.cn_fund_fen = to_fen(line.cn_fund)
            q.fuel_fen = to_fen(line.fuel)
            q.insurance_fen = to_fen(line.insurance)
            q.service_fee_fen = to_fen(line.service_fee)
            q.total_fen = to_fen(line.total)
            q.gp_applied = line.gp_applied
            q.ticketing_date = ticketing_date
            q.quoted_at = created
    tickets: list[Ticket] = []
    coupons: list[Coupon] = []
    payload_tickets: list[dict[str, Any]] = []
    issued_tickets: list[IssuedTicket] = []
    for p, row, number in zip(passengers, rows, number_texts, strict=True):
        mine = [line for line in lines if line.passenger == p.index]
        ticket = Ticket(
            id=new_id(),
            ticket_number=number,
            booking_id=booking.id,
            passenger_id=row.id,
            status="issued",
            fare_fen=sum(to_fen(x.fare) for x in mine),
            cn_fund_fen=sum(to_fen(x.cn_fund) for x in mine),
            fuel_fen=sum(to_fen(x.fuel) for x in mine),
            insurance_fen=sum(to_fen(x.insurance) for x in mine),
            service_fee_fen=sum(to_fen(x.service_fee) for x in mine),
            total_fen=sum(to_fen(x.total) for x in mine),
            issued_at=issued,
            clerk_id=clerk.clerk_id,
        )
        tickets.append(ticket)
        coupon_payload: list[dict[str, Any]] = []
        issued_coupons: list[IssuedCoupon] = []
        for x, leg in zip(mine, legs, strict=True):
            policy = insurance_policy_no(number, x.segment) if x.insurance_units else ""
            coupons.append(
                Coupon(
                    id=new_id(),
                    ticket_id=ticket.id,
                    seq=x.segment,
                    segment_id=seg_by_seq[x.segment].id,
                    status=CouponStatus.OPEN.value,
                    fare_basis=leg.info.class_code,
                    fare_fen=to_fen(x.fare),
                    cn_fund_fen=to_fen(x.cn_fund),
                    fuel_fen=to_fen(x.fuel),
                    insurance_units=x.insurance_units,
                    insurance_fen=to_fen(x.insurance),
                    service_fee_fen=to_fen(x.service_fee),
                    insurance_policy_no=policy,
                )
            )
            coupon_payload.append(
                {
                    "seq": x.segment,
                    "fare": amount_text(x.fare),
                    "cn_fund": amount_text(x.cn_fund),
                    "fuel": amount_text(x.fuel),
                    "insurance": amount_text(x.insurance),
                    "service_fee": amount_text(x.service_fee),
                    "insurance_policy_no": policy,
                }
            )
            issued_coupons.append(
                IssuedCoupon(
                    seq=x.segment,
                    flight_no=leg.info.flight_no,
                    origin=leg.info.origin,
                    destination=leg.info.destination,
                    dep_date=leg.info.dep_date,
                    class_code=leg.info.class_code,
                    status=CouponStatus.OPEN.value,
                    insurance_policy_no=policy,
                )
            )
        total = sum((x.total for x in mine), ZERO)
        payload_tickets.append(
            {
                "ticket_number": number,
                "passenger_name": p.name,
                "passenger_type": p.passenger_type.value,
                "id_type": p.id_type.value,
                "id_number": p.id_number,
                "fare": amount_text(sum((x.fare for x in mine), ZERO)),
                "cn_fund": amount_text(sum((x.cn_fund for x in mine), ZERO)),
                "fuel": amount_text(sum((x.fuel for x in mine), ZERO)),
                "insurance": amount_text(sum((x.insurance for x in mine), ZERO)),
                "service_fee": amount_text(sum((x.service_fee for x in mine), ZERO)),
                "total": amount_text(total),
                "receipt_serial": None,
                "coupons": coupon_payload,
            }
        )
        issued_tickets.append(
            IssuedTicket(number, p.name, p.passenger_type, total, tuple(issued_coupons))
        )
    session.add_all(tickets)
    session.flush()
    session.add_all(coupons)
    write_payments(session, booking.id, checked, kind="sale", clerk_id=clerk.clerk_id,
                   created=created)
    booking.status = "ticketed"
    booking.ticketed_at = created
    commission = _commission(rules, customer, lines, ticketing_date)
    booking.commission_fen = to_fen(commission)
    advance(numbers)
    first = segments[0]
    entry = enqueue(
        session,
        protocol.OpKind.SALE_ISSUE,
        {
            "sale_id": booking.id,
            "pnr": booking.pnr,
            "flight_id": first.flight_id,
            "cabin": first.cabin,
            "class_code": first.class_code,
            "lease_id": first.lease_id,
            "customer_id": booking.customer_id,
            "tickets": payload_tickets,
            "payments": [
                {"method": line.method.value, "amount": amount_text(line.amount)}
                for line in checked.lines
            ],
            "issued_at": aware_utc(at_server).isoformat(),
            "segments": [
                {
                    "seq": s.seq,
                    "flight_id": s.flight_id,
                    "cabin": s.cabin,
                    "class_code": s.class_code,
                    "lease_id": s.lease_id,
                }
                for s in segments
            ],
            "gp_order_no": booking.gp_order_no,
            "commission": amount_text(commission),
        },
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    return IssuedBooking(
        booking_id=booking.id,
        pnr=booking.pnr,
        tickets=tuple(issued_tickets),
        total=new_total,
        paid=tuple((line.method.value, line.amount) for line in checked.lines),
        change_due=checked.change_due,
        override_by=checked.override_by,
        quote_changed=bool(changed),
        op_id=entry.op_id,
    )


# --- one booking in full ----------------------------------------------------------------------


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
    passengers = {p.id: p for p in _passengers(session, b.id)}
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
