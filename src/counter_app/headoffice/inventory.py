"""Seat inventory, allotment leases and number ranges (座位库存、配额与号段).

Seats: each ``cabin_inventory`` row keeps ``sold + granted <= capacity`` (also a CHECK
constraint). Every change of a cabin row first takes it ``SELECT ... FOR UPDATE`` (on
PostgreSQL; SQLite's write transaction already holds the only write lock), decides, writes,
and logs the new availability, all in the caller's transaction.

Leases: a lease grants a counter seats it may sell offline until ``expires_at``. While it is
active its whole ``granted`` counts in the cabin's ``granted``; when it ends (released,
expired, or revoked by head office staff) only what it ``used`` stays there and the rest
goes back to stock. What a counter asks for itself (:func:`counter_lease`,
:func:`counter_range`) is bounded by the quotas of ``headoffice/policy.py``, checked under a
per-counter lock so two requests of one counter cannot both pass a cap; staff grants are not.

Ranges: ticket serials per airline prefix, receipt serials with prefix ``""``; a new block
starts after the highest block ever given for that kind and prefix, across all counters.
Enrollment grants a starter set: one receipt range and one ticket range per airline prefix
in ``airlines.json``, 1000 numbers each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from counter_app.domain.tickets import MAX_SERIAL
from counter_app.headoffice import policy, records
from counter_app.headoffice.changes import log_change
from counter_app.headoffice.db import lock_key, table_of
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import (
    Airline,
    CabinInventory,
    Flight,
    NumberRangeRow,
    SeatLease,
    UsedNumber,
)
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import Availability, Lease, NumberRange, Scope

TICKET_SERIAL_START = 2_090_000_000
RECEIPT_SERIAL_START = 1
STARTER_RANGE_SIZE = 1000
MAX_RECEIPT_SERIAL = 9_999_999_999


@dataclass(slots=True)
class CabinRow:
    flight_id: str
    cabin: str
    capacity: int
    sold: int
    granted: int
    closed_classes: str

    @property
    def free(self) -> int:
        return self.capacity - self.sold - self.granted


# Core statements of the hot paths (a lease, a push), built once and compiled once.
_CABINS = table_of(CabinInventory)
_CABIN_COLUMNS = (_CABINS.c.capacity, _CABINS.c.sold, _CABINS.c.granted,
                  _CABINS.c.closed_classes)
_THIS_CABIN = (_CABINS.c.flight_id == bindparam("b_flight_id")) & (
    _CABINS.c.cabin == bindparam("b_cabin"))
_LOCK_CABIN = select(*_CABIN_COLUMNS).where(_THIS_CABIN).with_for_update()
_CHANGE_CABIN = (
    update(_CABINS).where(_THIS_CABIN)
    .values(sold=_CABINS.c.sold + bindparam("add_sold"),
            granted=_CABINS.c.granted + bindparam("add_granted"))
    .returning(*_CABIN_COLUMNS)
)


def lock_cabin(session: Session, flight_id: str, cabin: str) -> CabinRow | None:
    """The cabin row, locked until the end of the transaction."""
    row = session.connection().execute(
        _LOCK_CABIN, {"b_flight_id": flight_id, "b_cabin": cabin}).first()
    if row is None:
        return None
    return CabinRow(flight_id, cabin, row.capacity, row.sold, row.granted, row.closed_classes)


def change_cabin(
    session: Session, flight_id: str, cabin: str, sold: int = 0, granted: int = 0
) -> CabinRow:
    """Add ``sold`` / ``granted`` (either may be negative) and log the new availability."""
    row = session.connection().execute(
        _CHANGE_CABIN,
        {"b_flight_id": flight_id, "b_cabin": cabin, "add_sold": sold, "add_granted": granted},
    ).one()
    cab = CabinRow(flight_id, cabin, row.capacity, row.sold, row.granted, row.closed_classes)
    log_availability(session, cab)
    return cab


def log_availability(session: Session, cab: CabinRow) -> None:
    log_change(
        session, Scope.FLIGHTS, records.AVAILABILITY,
        records.availability_key(cab.flight_id, cab.cabin),
        records.availability_data(
            cab.flight_id, cab.cabin, cab.capacity, cab.sold, cab.granted, cab.closed_classes
        ),
    )


def log_lease(session: Session, lease: Any) -> None:
    log_change(
        session, Scope.COUNTER, records.LEASE, lease.id,
        records.lease_message(lease).model_dump(mode="json"), counter_id=lease.counter_id,
    )


def departure(dep_date: date, dep_time: time) -> datetime:
    """Departure as an aware datetime (flight times are local; Chinese airports are UTC+8)."""
    return datetime.combine(dep_date, dep_time, tzinfo=SHANGHAI)


# --- leases --------------------------------------------------------------------------------


@dataclass(slots=True)
class LeaseRow:
    id: str
    counter_id: str
    flight_id: str
    cabin: str
    granted: int
    used: int
    expires_at: datetime
    status: str

    @property
    def left(self) -> int:
        return self.granted - self.used if self.status == "active" else 0


LEASE_COLUMNS = (
    SeatLease.id, SeatLease.counter_id, SeatLease.flight_id, SeatLease.cabin,
    SeatLease.granted, SeatLease.used, SeatLease.expires_at, SeatLease.status,
)
LEASES_TABLE = table_of(SeatLease)
_LEASE_CORE_COLUMNS = tuple(LEASES_TABLE.c[name] for name in LeaseRow.__slots__)
_LOCK_LEASE = (select(*_LEASE_CORE_COLUMNS)
               .where(LEASES_TABLE.c.id == bindparam("lease_id")).with_for_update())
_EXPIRED = select(*_LEASE_CORE_COLUMNS).where(
    LEASES_TABLE.c.status == "active", LEASES_TABLE.c.expires_at < bindparam("cutoff"))
_EXPIRED_PG = _EXPIRED.with_for_update(skip_locked=True)
_EXPIRED_OTHER = _EXPIRED.with_for_update()


def lock_lease(session: Session, lease_id: str) -> LeaseRow | None:
    """The lease, locked until the end of the transaction (leases before cabins, always)."""
    row = session.connection().execute(_LOCK_LEASE, {"lease_id": lease_id}).first()
    return None if row is None else LeaseRow(*row)


def set_lease(session: Session, lease: LeaseRow, used: int | None = None,
              status: str | None = None) -> LeaseRow:
    """Write a lease's ``used`` and/or ``status`` and log it for its counter."""
    if used is not None:
        lease.used = used
    if status is not None:
        lease.status = status
    session.execute(
        update(SeatLease).where(SeatLease.id == lease.id)
        .values(used=lease.used, status=lease.status)
    )
    log_lease(session, lease)
    return lease


_FLIGHTS = table_of(Flight)
_GRANT_FLIGHT = select(_FLIGHTS.c.dep_date, _FLIGHTS.c.dep_time, _FLIGHTS.c.status).where(
    _FLIGHTS.c.id == bindparam("flight_id"))
_INSERT_LEASE = insert(LEASES_TABLE)


def grant_lease(
    session: Session, counter_id: str, flight_id: str, cabin: str, seats: int, hours: int,
    now: datetime, limits: dict[str, int] | None = None,
) -> Lease:
    """Grant ``seats`` on a flight cabin to a counter, or refuse: 404 ``flight_unknown``
    (unknown, cancelled or departed), 409 ``lease_quota`` (only with ``limits``, the
    counter's effective lease policies; the caller holds the counter's quota lock),
    409 ``no_seats``."""
    flight = session.connection().execute(_GRANT_FLIGHT, {"flight_id": flight_id}).first()
    if flight is None or flight.status != "scheduled":
        raise ApiError(404, "flight_unknown", f"no flight {flight_id!r} open for sale")
    if departure(flight.dep_date, flight.dep_time) <= now:
        raise ApiError(404, "flight_unknown", "this flight has departed")
    cab = lock_cabin(session, flight_id, cabin)
    if cab is None:
        raise ApiError(409, "no_seats", f"flight has no cabin {cabin}", {"available": 0})
    if limits is not None:
        check_lease_quota(session, counter_id, cab, flight.dep_date, seats, limits)
    if cab.free < seats:
        raise ApiError(
            409, "no_seats", f"only {max(cab.free, 0)} seats left in cabin {cabin}",
            {"available": max(cab.free, 0)},
        )
    stamp = records.naive_utc(now)
    lease = LeaseRow(new_id(), counter_id, flight_id, cabin, seats, 0,
                     stamp + timedelta(hours=hours), "active")
    session.connection().execute(_INSERT_LEASE, {
        "id": lease.id, "counter_id": counter_id, "flight_id": flight_id, "cabin": cabin,
        "granted": seats, "used": 0, "expires_at": lease.expires_at, "status": "active",
        "created_at": stamp,
    })
    change_cabin(session, flight_id, cabin, granted=seats)
    log_lease(session, lease)
    return records.lease_message(lease)


def end_lease(session: Session, lease: LeaseRow, status: str) -> LeaseRow:
    """Release, expire or revoke an active (locked) lease: its unused seats go back to
    stock."""
    unused = lease.granted - lease.used
    if unused:
        lock_cabin(session, lease.flight_id, lease.cabin)
        change_cabin(session, lease.flight_id, lease.cabin, granted=-unused)
    # Logged even with nothing to give back: the counter learns the new status.
    return set_lease(session, lease, status=status)


LEASE_POLICIES = (
    policy.LEASE_MAX_SEATS_PER_REQUEST, policy.LEASE_MAX_HOURS,
    policy.LEASE_MAX_SEATS_PER_COUNTER_FLIGHT, policy.LEASE_MAX_SHARE_OF_CABIN_PCT,
    policy.LEASE_MAX_SEATS_PER_COUNTER_DAY, policy.LEASE_MAX_SEATS_PER_COUNTER,
)


def quota_refusal(code: str, name: str, field: str, what: str, limit: int, held: int,
                  asked: int) -> ApiError:
    return ApiError(
        409, code,
        f"{field}: this counter holds {held} {what}; {name} allows {limit}, "
        f"so {asked} more cannot be granted",
        {"policy": name, "limit": limit, "held": held, "asked": asked},
    )


def _held_statement() -> Any:
    """What a counter holds on a cabin, its flight, a departure date and in all (one
    statement; the values are parameters)."""
    lease, flight = LEASES_TABLE.c, _FLIGHTS.c
    held = lease.granted - lease.used
    on_flight = lease.flight_id == bindparam("q_flight")
    return (
        select(
            func.coalesce(func.sum(case((on_flight & (lease.cabin == bindparam("q_cabin")),
                                         held), else_=0)), 0),
            func.coalesce(func.sum(case((on_flight, held), else_=0)), 0),
            func.coalesce(func.sum(case((flight.dep_date == bindparam("q_date"), held),
                                        else_=0)), 0),
            func.coalesce(func.sum(held), 0),
        )
        .select_from(LEASES_TABLE.join(_FLIGHTS, flight.id == lease.flight_id))
        .where(lease.counter_id == bindparam("q_counter"), lease.status == "active")
    )


_HELD = _held_statement()


def check_lease_quota(session: Session, counter_id: str, cab: CabinRow, dep_date: date,
                      seats: int, limits: dict[str, int]) -> None:
    """Refuse 409 ``lease_quota`` when ``seats`` more would take the counter over a cap:
    what it holds (the unsold seats of its active leases) on this cabin, this flight, this
    departure date and in all."""
    row = session.connection().execute(_HELD, {
        "q_flight": cab.flight_id, "q_cabin": cab.cabin, "q_date": dep_date,
        "q_counter": counter_id}).one()
    on_cabin, flight_held, day_held, total = (int(v) for v in row)
    pct = limits[policy.LEASE_MAX_SHARE_OF_CABIN_PCT]
    share = max(1, cab.capacity * pct // 100) if pct > 0 else 0
    caps = (
        (policy.LEASE_MAX_SHARE_OF_CABIN_PCT, share, on_cabin,
         f"unsold leased seats in cabin {cab.cabin} of this flight ({pct}% of "
         f"{cab.capacity} seats)"),
        (policy.LEASE_MAX_SEATS_PER_COUNTER_FLIGHT,
         limits[policy.LEASE_MAX_SEATS_PER_COUNTER_FLIGHT], flight_held,
         "unsold leased seats on this flight"),
        (policy.LEASE_MAX_SEATS_PER_COUNTER_DAY,
         limits[policy.LEASE_MAX_SEATS_PER_COUNTER_DAY], day_held,
         f"unsold leased seats on flights departing {dep_date.isoformat()}"),
        (policy.LEASE_MAX_SEATS_PER_COUNTER, limits[policy.LEASE_MAX_SEATS_PER_COUNTER],
         total, "unsold leased seats in all"),
    )
    for name, limit, already, what in caps:
        if already + seats > limit:
            raise quota_refusal("lease_quota", name, "seats", what, limit, already, seats)


def counter_lease(
    session: Session, counter_id: str, outlet_code: str, flight_id: str, cabin: str,
    seats: int, hours: int, now: datetime, grace: timedelta = timedelta(0),
) -> Lease:
    """A counter asks for seats itself: the lease policies of its outlet bound it. More
    seats than one request may ask is 422 ``lease_quota``; a lease longer than
    ``lease_max_hours`` is granted that long; leases past their expiry (+ ``grace``) end
    first; over a cap on what it holds is 409 ``lease_quota``; then as
    :func:`grant_lease`."""
    limits = policy.effective(session, outlet_code, *LEASE_POLICIES)
    most = limits[policy.LEASE_MAX_SEATS_PER_REQUEST]
    if seats > most:
        raise ApiError(
            422, "lease_quota",
            f"seats: at most {most} seats per request ({policy.LEASE_MAX_SEATS_PER_REQUEST}),"
            f" not {seats}",
            {"policy": policy.LEASE_MAX_SEATS_PER_REQUEST, "limit": most, "asked": seats},
        )
    # One counter's requests one after the other, so two cannot both pass a cap.
    # Taken before this transaction locks any row (expiry locks leases and cabins), so it
    # never waits here while holding a row another request of this counter waits for.
    lock_key(session, f"quota:lease:{counter_id}")
    expire_leases(session, now, grace)
    return grant_lease(session, counter_id, flight_id, cabin, seats,
                       min(hours, limits[policy.LEASE_MAX_HOURS]), now, limits)


def revoke_lease(session: Session, lease_id: str, reason: str) -> LeaseRow:
    """Head office staff end a lease at once (status ``revoked``, ``ended_reason``): its
    unsold seats go back to stock; sales already made from it stay sold. 404
    ``lease_unknown``, 409 ``lease_not_active``."""
    lease = lock_lease(session, lease_id)
    if lease is None:
        raise ApiError(404, "lease_unknown", f"no lease {lease_id}")
    if lease.status != "active":
        raise ApiError(409, "lease_not_active", f"lease {lease_id} is {lease.status}")
    end_lease(session, lease, "revoked")
    session.execute(update(SeatLease).where(SeatLease.id == lease_id)
                    .values(ended_reason=reason[:128]))
    return lease


def revoke_counter_leases(session: Session, counter_id: str, reason: str) -> list[LeaseRow]:
    """Revoke every active lease of a counter (in id order, leases before cabins)."""
    ids = session.scalars(
        select(SeatLease.id).where(SeatLease.counter_id == counter_id,
                                   SeatLease.status == "active").order_by(SeatLease.id)
    ).all()
    revoked = []
    for lease_id in ids:
        lease = lock_lease(session, lease_id)
        if lease is not None and lease.status == "active":
            revoked.append(revoke_lease(session, lease_id, reason))
    return revoked


def expire_leases(session: Session, now: datetime, grace: timedelta = timedelta(0)) -> int:
    """Mark active leases past ``expires_at + grace`` expired and return their unused seats
    to stock; returns how many ended. Rows another transaction holds are left for later."""
    cutoff = records.naive_utc(now) - grace
    conn = session.connection()
    stmt = _EXPIRED_PG if conn.dialect.name == "postgresql" else _EXPIRED_OTHER
    leases = [LeaseRow(*row) for row in conn.execute(stmt, {"cutoff": cutoff})]
    for lease in leases:
        end_lease(session, lease, "expired")
    return len(leases)


def availability(session: Session, flight_ids: list[str]) -> list[Availability]:
    """Seats head office can still grant per cabin, live, for the known flights asked."""
    rows = session.execute(
        select(
            CabinInventory.flight_id, CabinInventory.cabin, CabinInventory.capacity,
            CabinInventory.sold, CabinInventory.granted,
        ).where(CabinInventory.flight_id.in_(flight_ids))
    )
    cabins: dict[str, dict[str, int]] = {}
    for r in rows:
        cabins.setdefault(r.flight_id, {})[r.cabin] = r.capacity - r.sold - r.granted
    return [Availability(flight_id=f, cabins=cabins[f]) for f in dict.fromkeys(flight_ids)
            if f in cabins]


# --- number ranges -------------------------------------------------------------------------


def allocate_range(
    session: Session, counter_id: str, kind: str, prefix: str, size: int, now: datetime
) -> NumberRange:
    """The next free block of ``size`` numbers for ``kind`` + ``prefix``."""
    if kind == "ticket":
        if session.scalar(select(Airline.code).where(Airline.prefix == prefix).limit(1)) is None:
            raise ApiError(422, "prefix_unknown", f"no airline has ticket prefix {prefix!r}")
        start, ceiling = TICKET_SERIAL_START, MAX_SERIAL
    elif kind == "receipt":
        if prefix:
            raise ApiError(422, "invalid_request", "receipt ranges have no prefix")
        start, ceiling = RECEIPT_SERIAL_START, MAX_RECEIPT_SERIAL
    else:
        raise ApiError(422, "invalid_request", f"unknown range kind {kind!r}")
    # Two allocations for the same kind+prefix must not read the same maximum.
    lock_key(session, f"range:{kind}:{prefix}")
    top = session.scalar(
        select(func.max(NumberRangeRow.last)).where(
            NumberRangeRow.kind == kind, NumberRangeRow.prefix == prefix
        )
    )
    first = start if top is None else int(top) + 1
    last = first + size - 1
    if last > ceiling:
        raise ApiError(409, "range_exhausted", f"no {size} numbers left for {kind} {prefix}")
    row = NumberRangeRow(
        id=new_id(), counter_id=counter_id, kind=kind, prefix=prefix, first=first, last=last,
        created_at=records.naive_utc(now),
    )
    session.add(row)
    session.flush()
    message = records.range_message(row)
    log_change(session, Scope.COUNTER, records.RANGE, row.id, message.model_dump(mode="json"),
               counter_id=counter_id)
    return message


RANGE_POLICIES = (policy.RANGE_MAX_SIZE, policy.RANGE_MAX_UNUSED, policy.RANGE_MAX_PER_DAY)


def unused_numbers(session: Session, counter_id: str, kind: str, prefix: str) -> int:
    """Numbers of the counter's ranges of ``kind`` + ``prefix`` head office has not seen
    used or voided."""
    size = session.scalar(
        select(func.coalesce(func.sum(NumberRangeRow.last - NumberRangeRow.first + 1), 0))
        .where(NumberRangeRow.counter_id == counter_id, NumberRangeRow.kind == kind,
               NumberRangeRow.prefix == prefix)
    )
    used = session.scalar(
        select(func.count()).select_from(UsedNumber)
        .where(UsedNumber.counter_id == counter_id, UsedNumber.kind == kind,
               UsedNumber.prefix == prefix)
    )
    return int(size or 0) - int(used or 0)


def counter_range(
    session: Session, counter_id: str, outlet_code: str, kind: str, prefix: str, size: int,
    now: datetime,
) -> NumberRange:
    """A counter asks for numbers itself: a range larger than ``range_max_size`` is 422
    ``range_quota``; a refill while it holds more than ``range_max_unused`` unused numbers of
    that kind and prefix, or past ``range_max_per_day`` ranges of them this Beijing day, is
    409 ``range_quota``; then as :func:`allocate_range`."""
    limits = policy.effective(session, outlet_code, *RANGE_POLICIES)
    most = limits[policy.RANGE_MAX_SIZE]
    if size > most:
        raise ApiError(
            422, "range_quota",
            f"size: at most {most} numbers per request ({policy.RANGE_MAX_SIZE}), not {size}",
            {"policy": policy.RANGE_MAX_SIZE, "limit": most, "asked": size},
        )
    lock_key(session, f"quota:range:{counter_id}")
    label = f"{kind} numbers" + (f" of prefix {prefix}" if prefix else "")
    unused = unused_numbers(session, counter_id, kind, prefix)
    if unused > limits[policy.RANGE_MAX_UNUSED]:
        raise ApiError(
            409, "range_quota",
            f"size: this counter still holds {unused} unused {label}; a new range is "
            f"granted at {limits[policy.RANGE_MAX_UNUSED]} or fewer "
            f"({policy.RANGE_MAX_UNUSED})",
            {"policy": policy.RANGE_MAX_UNUSED, "limit": limits[policy.RANGE_MAX_UNUSED],
             "held": unused, "asked": size},
        )
    day_start = datetime.combine(now.astimezone(SHANGHAI).date(), time(0), tzinfo=SHANGHAI)
    today = int(session.scalar(
        select(func.count()).select_from(NumberRangeRow)
        .where(NumberRangeRow.counter_id == counter_id, NumberRangeRow.kind == kind,
               NumberRangeRow.prefix == prefix,
               NumberRangeRow.created_at >= records.naive_utc(day_start))
    ) or 0)
    if today >= limits[policy.RANGE_MAX_PER_DAY]:
        raise quota_refusal("range_quota", policy.RANGE_MAX_PER_DAY, "size",
                            f"ranges of {label} granted today", limits[policy.RANGE_MAX_PER_DAY],
                            today, 1)
    return allocate_range(session, counter_id, kind, prefix, size, now)


def grant_starter_ranges(session: Session, counter_id: str, now: datetime) -> list[NumberRange]:
    """What a newly enrolled counter needs to sell at once: receipt serials and ticket
    numbers for every airline prefix."""
    granted = [allocate_range(session, counter_id, "receipt", "", STARTER_RANGE_SIZE, now)]
    prefixes = sorted(set(session.scalars(select(Airline.prefix))))
    for prefix in prefixes:
        granted.append(
            allocate_range(session, counter_id, "ticket", prefix, STARTER_RANGE_SIZE, now)
        )
    return granted
