"""Pricing a trip (报价): :func:`quote_trip` prices an itinerary of 1–4 segments per
passenger and segment (fare by class and discount, GP fare where it applies, CAAC fund, fuel
surcharge, insurance units, service fee) and gives the change/refund rules of each segment.
Holding and ticketing price with the same :func:`build_quote` and :func:`price_lines`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TypedDict

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
from counter_app.domain.money import ZERO, to_fen
from counter_app.domain.passengers import (
    PassengerInput,
)
from counter_app.domain.service_fees import service_fee
from counter_app.domain.taxes import cn_fund, fuel_surcharge, insurance_premium
from counter_app.domain.types import FareFamily, PassengerType
from counter_app.services.booking.passengers import PassengerLine, check_passengers
from counter_app.services.flight_facts import departed, route_fares
from counter_app.services.rules import Rules, load_rules
from counter_app.services.times import business_date
from counter_app.services.views import view_of
from counter_app.storage.models import (
    CabinInventory,
    Customer,
    Flight,
)
from counter_app.sync.status import server_now

MAX_SEGMENTS = 4


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


class AmountsInFen(TypedDict):
    """A fare line's columns in a stored quote row (BookingQuote) and a coupon."""

    fare_fen: int
    cn_fund_fen: int
    fuel_fen: int
    insurance_units: int
    insurance_fen: int
    service_fee_fen: int


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

    def in_fen(self) -> AmountsInFen:
        """The line's amounts as a stored quote row and a coupon keep them."""
        return AmountsInFen(
            fare_fen=to_fen(self.fare),
            cn_fund_fen=to_fen(self.cn_fund),
            fuel_fen=to_fen(self.fuel),
            insurance_units=self.insurance_units,
            insurance_fen=to_fen(self.insurance),
            service_fee_fen=to_fen(self.service_fee),
        )


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


@dataclass(frozen=True, slots=True)
class Leg:
    flight: Flight
    fare_class: FareClass
    route: RouteFares
    info: SegmentInfo


def trip_legs(
    session: Session, rules: Rules, segments: Sequence[SegmentChoice], on: date
) -> list[Leg]:
    if not segments:
        raise DomainError("no_segments", field="flight")
    if len(segments) > MAX_SEGMENTS:
        raise DomainError("too_many_segments", field="flight", count=len(segments),
                          max=MAX_SEGMENTS)
    legs: list[Leg] = []
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
        # Flight number, carrier, route, times and distance are the flight's own.
        info = view_of(
            SegmentInfo,
            flight,
            seq=seq,
            flight_id=flight.id,
            class_code=fare_class.code,
            cabin=fare_class.cabin.value,
            family=fare_class.family,
            percent_of_y=percent_of_y(route, fare_class),
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
        legs.append(Leg(flight, fare_class, route, info))
    return legs


def find_customer(session: Session, customer_id: str | None) -> Customer | None:
    if customer_id is None:
        return None
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    return customer


def price_lines(
    rules: Rules,
    legs: Sequence[Leg],
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
    legs: Sequence[Leg],
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


def commission_of(
    rules: Rules, customer: Customer | None, lines: Sequence[FareLine], on: date
) -> Decimal:
    if customer is None or customer.kind != "distributor" or rules.commissions is None:
        return ZERO
    monthly = customer.attributes.get("monthly_tickets", 0)
    tickets = monthly if isinstance(monthly, int) and monthly >= 0 else 0
    fares = sum((line.fare for line in lines), ZERO)
    return distributor_commission(rules.commissions.distributor_tiers_on(on), tickets, fares)


def build_quote(
    session: Session,
    *,
    segments: Sequence[SegmentChoice],
    passengers: Sequence[PassengerInput],
    customer: Customer | None,
    at_server: datetime,
) -> tuple[TripQuote, list[Leg]]:
    rules = load_rules(session)
    ticketing_date = business_date(at_server)
    legs = trip_legs(session, rules, segments, ticketing_date)
    for leg in legs:
        _check_flight_open(session, leg.flight, leg.info.class_code, leg.info.cabin, at_server)
    checked = check_passengers(
        session, passengers, customer, legs[0].flight.dep_date, ticketing_date
    )
    kind = "walk_in" if customer is None else customer.kind
    lines = price_lines(rules, legs, checked, kind, ticketing_date)
    quote = TripQuote(
        segments=tuple(leg.info for leg in legs),
        passengers=tuple(checked),
        lines=tuple(lines),
        rules=tuple(_segment_rules(rules, legs, checked, lines, ticketing_date)),
        ticketing_date=ticketing_date,
        customer_id=None if customer is None else customer.id,
        customer_kind=kind,
        commission=commission_of(rules, customer, lines, ticketing_date),
    )
    return quote, legs


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
    customer = find_customer(session, customer_id)
    return build_quote(
        session, segments=segments, passengers=passengers, customer=customer, at_server=at_server
    )[0]
