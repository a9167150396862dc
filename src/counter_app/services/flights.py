"""Flight search from the local cache (航班查询): the day's flights between two places
with times, aircraft, and seats and fares per booking class; connections via a hub
(中转) and one-way or return trips (单程/往返)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClassTable,
    class_fare,
    select_fare_class_table,
)
from counter_app.domain.places import AirportInfo
from counter_app.domain.types import Cabin, FareFamily
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.flight_facts import route_fares
from counter_app.services.rules import load_rules
from counter_app.services.views import view_of
from counter_app.storage.models import Airline, Airport, CabinInventory, Flight, Lease
from counter_app.sync.protocol import Availability
from counter_app.sync.status import naive_utc, server_now

MAX_SEARCH_DAYS_AHEAD = 365


@dataclass(frozen=True, slots=True)
class ClassOffer:
    """One booking class on one flight: its fare and how many seats it can still sell."""

    code: str
    cabin: Cabin
    percent: Decimal
    family: FareFamily
    fare: Decimal
    seats: int
    closed: bool = False  # head office closed the class (收益管理), whatever seats remain


@dataclass(frozen=True, slots=True)
class FlightOffer:
    flight_id: str
    flight_no: str
    carrier: str
    carrier_name: str
    origin: str
    destination: str
    origin_name: str
    destination_name: str
    origin_short: str
    destination_short: str
    dep_date: date
    dep_time: time
    arr_date: date
    arr_time: time
    aircraft: str
    distance_km: int
    duration_minutes: int
    classes: tuple[ClassOffer, ...]
    departed: bool
    # Seats this counter may still sell offline, per cabin, from its unexpired leases.
    offline_seats: dict[str, int] = field(default_factory=dict)
    # True once the seats came live from head office; False: the local cache's last copy.
    live: bool = False

    @property
    def lowest(self) -> ClassOffer | None:
        """The cheapest class with a seat left."""
        open_classes = [c for c in self.classes if c.seats > 0]
        return min(open_classes, key=lambda c: c.fare) if open_classes else None

    @property
    def seats_left(self) -> int:
        return max((c.seats for c in self.classes), default=0)


def _duration(flight: Flight) -> int:
    """Block minutes between local times; demo airports are all in one time zone, so the
    difference of wall clocks is the flying time."""
    dep = datetime.combine(flight.dep_date, flight.dep_time)
    arr = datetime.combine(flight.arr_date, flight.arr_time)
    return int((arr - dep) / timedelta(minutes=1))


def _class_offers(flight: Flight, table: FareClassTable) -> tuple[ClassOffer, ...]:
    route = route_fares(flight)
    inventory: dict[str, CabinInventory] = {c.cabin: c for c in flight.cabins}
    offers: list[ClassOffer] = []
    for fare_class in table.classes:
        cabin_inventory = inventory.get(fare_class.cabin.value)
        if cabin_inventory is None:
            continue
        try:
            fare = class_fare(route, fare_class)
        except DomainError:
            continue  # the aircraft has the seats but no fare is filed for that cabin
        left = max(0, cabin_inventory.capacity - cabin_inventory.sold)
        closed = fare_class.code in cabin_inventory.closed_classes
        seats = 0 if closed else left
        offers.append(
            ClassOffer(
                code=fare_class.code,
                cabin=fare_class.cabin,
                percent=fare_class.percent,
                family=fare_class.family,
                fare=fare,
                seats=seats,
                closed=closed,
            )
        )
    return tuple(offers)


def short_airport_name(name_zh: str, city_zh: str) -> str:
    """``北京大兴国际机场`` → ``大兴``: what a clerk says to tell a city's airports apart."""
    short = name_zh.removeprefix(city_zh)
    for suffix in ("国际机场", "机场"):
        short = short.removesuffix(suffix)
    return short


def _check_search(
    origins: Sequence[str], destinations: Sequence[str], day: date, now: datetime
) -> date:
    """Refuse a search the clerk cannot mean; returns today in Beijing."""
    if not origins:
        raise DomainError("city_required", field="origin")
    if not destinations:
        raise DomainError("city_required", field="destination")
    if set(origins) & set(destinations):
        raise DomainError("same_city", field="destination")
    today = now.astimezone(SHANGHAI).date()
    if day < today:
        raise DomainError("date_in_past", field="date", day=day.isoformat())
    if day > today + timedelta(days=MAX_SEARCH_DAYS_AHEAD):
        raise DomainError("date_too_far", field="date", day=day.isoformat())
    return today


def _offers(session: Session, flights: Sequence[Flight], now: datetime) -> list[FlightOffer]:
    """Offers for flight rows: names, fares per class by today's tables, offline seats."""
    if not flights:
        return []
    rules = load_rules(session)
    today = now.astimezone(SHANGHAI).date()
    codes = {f.origin for f in flights} | {f.destination for f in flights}
    airports = session.execute(
        select(Airport.iata, Airport.name_zh, Airport.city_zh).where(Airport.iata.in_(codes))
    ).all()
    names = {code: name for code, name, _city in airports}
    short_names = {code: short_airport_name(name, city) for code, name, city in airports}
    carriers = dict(session.execute(select(Airline.code, Airline.name_zh)).all())
    offline = offline_seats(session, [f.id for f in flights], server_now(session, now))
    local_now = now.astimezone(SHANGHAI).replace(tzinfo=None)
    tables: dict[str, FareClassTable] = {}
    offers: list[FlightOffer] = []
    for f in flights:
        if f.carrier not in tables:
            tables[f.carrier] = select_fare_class_table(rules.fare_classes, f.carrier, today)
        # Flight number, carrier, route, times, aircraft and distance are the flight's own.
        offers.append(
            view_of(
                FlightOffer,
                f,
                flight_id=f.id,
                carrier_name=str(carriers.get(f.carrier, f.carrier)),
                origin_name=str(names.get(f.origin, f.origin)),
                destination_name=str(names.get(f.destination, f.destination)),
                origin_short=short_names.get(f.origin, ""),
                destination_short=short_names.get(f.destination, ""),
                duration_minutes=_duration(f),
                classes=_class_offers(f, tables[f.carrier]),
                departed=datetime.combine(f.dep_date, f.dep_time) <= local_now,
                offline_seats=offline.get(f.id, {}),
                live=False,
            )
        )
    return offers


def search_flights(
    session: Session,
    origins: Sequence[str],
    destinations: Sequence[str],
    day: date,
    now: datetime,
) -> list[FlightOffer]:
    """Direct flights from any of ``origins`` to any of ``destinations`` on ``day`` (local),
    sorted by departure time. ``now`` is timezone-aware; it prices by today's tables and
    marks flights that have already left."""
    _check_search(origins, destinations, day, now)
    flights = session.scalars(
        select(Flight)
        .where(
            Flight.origin.in_(origins),
            Flight.destination.in_(destinations),
            Flight.dep_date == day,
            Flight.status != "cancelled",
        )
        .order_by(Flight.dep_time, Flight.flight_no)
    ).all()
    return _offers(session, flights, now)


# --- connections and return trips ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConnectionOffer:
    """Two flights via a hub airport (中转联程): the second leaves the airport the first
    lands at, between ``min_connect`` and ``max_connect`` after it lands."""

    first: FlightOffer
    second: FlightOffer
    hub: str
    hub_name: str
    connect_minutes: int
    total_minutes: int

    @property
    def departure(self) -> datetime:
        return datetime.combine(self.first.dep_date, self.first.dep_time)

    @property
    def arrival(self) -> datetime:
        return datetime.combine(self.second.arr_date, self.second.arr_time)

    @property
    def flight_ids(self) -> tuple[str, str]:
        return (self.first.flight_id, self.second.flight_id)

    @property
    def departed(self) -> bool:
        return self.first.departed


def _local(d: date, t: time) -> datetime:
    return datetime.combine(d, t)


def search_connections(
    session: Session,
    origins: Sequence[str],
    destinations: Sequence[str],
    day: date,
    now: datetime,
    min_connect: timedelta = timedelta(minutes=60),
    max_connect: timedelta = timedelta(hours=6),
    limit: int = 30,
) -> list[ConnectionOffer]:
    """Itineraries of two flights via one hub airport (the same airport: no change of
    airport within a city), the first leaving on ``day``; sorted by arrival, then total
    time, then departure. At most ``limit`` are returned.

    The hub is neither an origin nor a destination. The second flight may leave the next
    day when the connection window reaches past midnight. Flight times are local; every
    airport served is in China's single time zone, so wall clocks compare directly.
    """
    _check_search(origins, destinations, day, now)
    if min_connect > max_connect:
        raise DomainError("connect_window", field="connection")
    ends = set(origins) | set(destinations)
    firsts = session.scalars(
        select(Flight).where(
            Flight.origin.in_(origins),
            Flight.destination.not_in(ends),
            Flight.dep_date == day,
            Flight.status != "cancelled",
        )
    ).all()
    if not firsts:
        return []
    hubs = {f.destination for f in firsts}
    last_day = (
        max(_local(f.arr_date, f.arr_time) for f in firsts) + max_connect
    ).date()
    seconds = session.scalars(
        select(Flight).where(
            Flight.origin.in_(hubs),
            Flight.destination.in_(destinations),
            Flight.dep_date >= day,
            Flight.dep_date <= last_day,
            Flight.status != "cancelled",
        )
    ).all()
    by_hub: dict[str, list[Flight]] = {}
    for f in seconds:
        by_hub.setdefault(f.origin, []).append(f)
    pairs: list[tuple[Flight, Flight, timedelta, timedelta]] = []
    for a in firsts:
        landed = _local(a.arr_date, a.arr_time)
        for b in by_hub.get(a.destination, ()):
            wait = _local(b.dep_date, b.dep_time) - landed
            if min_connect <= wait <= max_connect:
                total = _local(b.arr_date, b.arr_time) - _local(a.dep_date, a.dep_time)
                pairs.append((a, b, wait, total))
    pairs.sort(
        key=lambda p: (
            _local(p[1].arr_date, p[1].arr_time),
            p[3],
            _local(p[0].dep_date, p[0].dep_time),
            p[0].flight_no,
            p[1].flight_no,
        )
    )
    pairs = pairs[: max(limit, 0)]
    if not pairs:
        return []
    used = list({f.id: f for p in pairs for f in (p[0], p[1])}.values())
    offers = {o.flight_id: o for o in _offers(session, used, now)}
    return [
        ConnectionOffer(
            first=offers[a.id],
            second=offers[b.id],
            hub=a.destination,
            hub_name=offers[a.id].destination_name,
            connect_minutes=int(wait / timedelta(minutes=1)),
            total_minutes=int(total / timedelta(minutes=1)),
        )
        for a, b, wait, total in pairs
    ]


@dataclass(frozen=True, slots=True)
class LegResults:
    """What one direction of a trip offers: direct flights and connections."""

    day: date
    origins: tuple[str, ...]
    destinations: tuple[str, ...]
    direct: tuple[FlightOffer, ...]
    connections: tuple[ConnectionOffer, ...]


@dataclass(frozen=True, slots=True)
class TripSearch:
    """A one-way (单程) or return (往返) search; ``inbound`` is None for one-way. The GUI
    combines an outbound choice with an inbound one into one booking."""

    outbound: LegResults
    inbound: LegResults | None

    @property
    def is_return(self) -> bool:
        return self.inbound is not None


def _leg(
    session: Session,
    origins: Sequence[str],
    destinations: Sequence[str],
    day: date,
    now: datetime,
    connections: bool,
) -> LegResults:
    direct = search_flights(session, origins, destinations, day, now)
    linked = search_connections(session, origins, destinations, day, now) if connections else []
    return LegResults(
        day=day,
        origins=tuple(origins),
        destinations=tuple(destinations),
        direct=tuple(direct),
        connections=tuple(linked),
    )


def search_trip(
    session: Session,
    origins: Sequence[str],
    destinations: Sequence[str],
    day: date,
    now: datetime,
    return_day: date | None = None,
    connections: bool = True,
) -> TripSearch:
    """One-way when ``return_day`` is None; a return trip is a second search, from the
    destinations back to the origins on ``return_day`` (not before ``day``)."""
    if return_day is not None and return_day < day:
        raise DomainError(
            "return_before_outbound",
            field="return_date",
            day=day.isoformat(),
            return_day=return_day.isoformat(),
        )
    outbound = _leg(session, origins, destinations, day, now, connections)
    inbound = (
        None
        if return_day is None
        else _leg(session, destinations, origins, return_day, now, connections)
    )
    return TripSearch(outbound=outbound, inbound=inbound)


def offline_seats(
    session: Session, flight_ids: Sequence[str], server_time: datetime
) -> dict[str, dict[str, int]]:
    """Per flight and cabin, the seats left in this counter's active, unexpired leases."""
    if not flight_ids:
        return {}
    rows = session.execute(
        select(Lease.flight_id, Lease.cabin, func.sum(Lease.granted - Lease.used_local))
        .where(
            Lease.flight_id.in_(flight_ids),
            Lease.status == "active",
            Lease.expires_at > naive_utc(server_time),
            Lease.granted > Lease.used_local,
        )
        .group_by(Lease.flight_id, Lease.cabin)
    ).all()
    seats: dict[str, dict[str, int]] = {}
    for flight_id, cabin, left in rows:
        seats.setdefault(str(flight_id), {})[str(cabin)] = int(left or 0)
    return seats


def with_live_availability(
    offers: Sequence[FlightOffer], live: Sequence[Availability]
) -> list[FlightOffer]:
    """The offers with their seats as head office counts them now (closed classes stay
    closed), marked live."""
    by_flight = {a.flight_id: a.cabins for a in live}
    result = []
    for offer in offers:
        cabins = by_flight.get(offer.flight_id)
        if cabins is None:
            result.append(offer)
            continue
        classes = tuple(
            replace(c, seats=0 if c.closed else cabins.get(c.cabin.value, 0))
            for c in offer.classes
        )
        result.append(replace(offer, classes=classes, live=True))
    return result


def airport_infos(session: Session) -> list[AirportInfo]:
    """Every airport with its weekly traffic, for the place lookup."""
    weights = dict(
        session.execute(select(Flight.origin, func.count()).group_by(Flight.origin)).all()
    )
    return [
        view_of(AirportInfo, a, weight=int(weights.get(a.iata, 0)))
        for a in session.scalars(select(Airport).order_by(Airport.iata))
    ]
