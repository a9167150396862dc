"""Head office as the seat authority (座位权威): which seat of a flight is whose.

A counter's seat choice (选座) is one ``seat_assignments`` row keyed by the counter-made
``choice_id``; ``UNIQUE(flight_id, seat)`` means that when counters ask for one seat at
once the database, not Python, decides who has it: every other insert fails, and that
counter is told the seat is taken (live) or is moved to the nearest equivalent seat (a
pushed ``seat.choose`` op; a pushed privacy seat follows its official's moved choice).
The checks before the insert read the flight's current rows; they give the refusal a clear
reason, the constraint keeps the promise.

What a choice is checked for (refusal codes, the same live and as op rejections):

- the flight: ``flight_unknown`` (none, or not scheduled); ``flight_closed`` (param
  ``reason``: ``departed``, or ``checkin_closed`` from :data:`CHECKIN_CLOSES_BEFORE` before
  departure, as the counter's check-in closes);
- the seat on the flight's layout (``domain.seatmap.check_seat``): ``seat_format``,
  ``seat_not_on_aircraft``, ``seat_blocked``, ``infant_no_seat``, ``exit_row_not_allowed``
  (``reason`` child | infant | under_15 | with_infant), ``seat_taken``;
- the GP seat services (``domain.seat_services``): a locked seat (V4+) and a hold (V4+) by
  the entitlement table, an extra seat kept empty beside an official (EXST) by the
  ``privacy_seat`` rule of ``fee_rules``: ``gp_level_lacks`` (``service``, ``level``,
  ``needs``);
- a hold's deadline (压座): in the future and not after departure (``hold_deadline``);
- an extra seat names in ``beside`` a choice of the same counter on the same flight and is
  the seat right beside it on the same side of the aisle (``extra_not_beside``);
- ``replaces`` (a passenger moving seats) releases that choice in the same transaction; it
  must be the outlet's (``not_your_choice``) and not locked (``lock_needs_supervisor``). A
  replaced choice head office has not seen yet (made offline, its op still on the way) is
  remembered as released (reason ``replaced``): when its op arrives it is refused
  ``choice_replaced`` instead of seating the passenger twice;
- one passenger, one seat per flight: a ``seat`` choice for a ``holder`` (or a coupon) that
  already has a seat on the flight is refused ``passenger_has_seat`` (``seat``: the seat
  held) unless ``replaces`` names that choice; a partial unique index on
  ``(flight_id, holder)`` for ``seat`` rows keeps it true when two arrive at once;
- the passenger facts are the counter's claims: a choice naming its ticket is checked and
  judged by what head office knows of the sale (``headoffice/seat_claims.py``:
  ``not_your_ticket``, ``coupon_not_on_flight``, the stricter passenger type and age);
- the privacy seat's GP level is the official's own, from the official's choice
  (``beside``), never the level the extra seat's request claims;
- a ``choice_id`` is one choice: the same choice again is answered as before (live or op,
  whichever came first); another choice under the same id, or one already released, is
  ``choice_reused``.

A release (:func:`release`) gives back a choice of the counter's outlet (``not_your_choice``
otherwise); a locked one only with ``approved_by`` an active supervisor, director or head
office clerk of that outlet (``lock_needs_supervisor``), unless it is given back because
its ticket is gone (reason void, refund or change, and head office's coupon of that
ticket no longer open). The extra seat kept beside a
released choice goes with it. Released choices are remembered in ``seat_releases``.

Holds past their deadline count as free at once, and are purged (released, reason
``expired``) by the next choice on that flight.

A voided or refunded coupon's seats are given back when the ``sale.void`` /
``sale.refund`` op applies (``seat_returns.release_for_coupons``, a locked seat too: the
ticket is gone), whether or not the counter's own ``seat.release`` follows (answered
``released`` then).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import and_, bindparam, delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel
from counter_app.domain.seat_services import (
    PrivacySeatRule,
    SeatService,
    check_service,
    privacy_rule,
)
from counter_app.domain.seatmap import (
    SeatFacts,
    SeatMap,
    SeatState,
    check_seat,
    nearest_equivalent,
    privacy_neighbour,
    seat_map,
)
from counter_app.headoffice.auth import CounterIdentity, active_clerks
from counter_app.headoffice.db import table_of
from counter_app.headoffice.inventory import departure
from counter_app.headoffice.models import (
    Clerk,
    Flight,
    Layout,
    SaleCoupon,
)
from counter_app.headoffice.ops.after_sale import APPROVER_ROLES
from counter_app.headoffice.ops.batch import RefusalError
from counter_app.headoffice.ops.rules import rule_tables
from counter_app.headoffice.seat_claims import known_passenger, stricter_facts
from counter_app.headoffice.seat_models import SeatAssignment, SeatReleaseRow
from counter_app.sync.protocol import (
    SeatAnswer,
    SeatChoose,
    SeatMapState,
    SeatRelease,
    SeatReleased,
    SeatTaken,
    payload_hash,
)

# Check-in closes this long before departure (as the counter's, services/boarding.py): no
# seat is given or moved after that.
CHECKIN_CLOSES_BEFORE = timedelta(minutes=45)
# A pushed choice whose seat, then its nearest equivalent, is taken by another counter in
# the same instant tries again this many times before it is refused seat_unavailable.
MOVE_ATTEMPTS = 5

# The HTTP status of each refusal on the live path (422 when not named).
STATUS = {
    "flight_unknown": 404,
    "seat_taken": 409, "seat_unavailable": 409, "choice_reused": 409, "flight_closed": 409,
    "passenger_has_seat": 409, "choice_replaced": 409,
    "not_your_choice": 403, "lock_needs_supervisor": 403, "clerk_not_in_outlet": 403,
    "not_your_ticket": 403,
}

_MESSAGES = {
    "seat_format": "seat {seat!r} is not a seat number such as 32A",
    "seat_not_on_aircraft": "seat {seat} is not a seat of cabin {cabin} of this aircraft",
    "seat_blocked": "seat {seat} is blocked by the airline",
    "seat_taken": "seat {seat} is taken",
    "exit_row_not_allowed": "seat {seat} is in an exit row, not for this passenger "
                            "({reason})",
    "infant_no_seat": "an infant has no seat of its own",
    "gp_level_lacks": "the {service} seat service needs GP level {needs}; the passenger's "
                      "level is {level!r}",
    "no_rule_in_force": "no privacy seat rule is in force for this flight",
}


class SeatRefusalError(RefusalError):
    """A refused seat choice or release: an op's rejection (a :class:`RefusalError`) and,
    live, an ApiError with :data:`STATUS` and ``detail``."""

    def __init__(self, code: str, message: str, detail: dict[str, Any] | None = None) -> None:
        super().__init__(code, message)
        self.detail = detail

    @property
    def status(self) -> int:
        return STATUS.get(self.code, 422)


def _refusal(exc: DomainError) -> SeatRefusalError:
    params = {k: v if isinstance(v, (str, int, bool)) or v is None else str(v)
              for k, v in exc.params.items()}
    template = _MESSAGES.get(exc.code)
    try:
        message = template.format(**params) if template else exc.message or exc.code
    except (KeyError, IndexError):
        message = exc.message or exc.code
    return SeatRefusalError(exc.code, message, params or None)


# --- reading a flight ------------------------------------------------------------------------

_FLIGHTS = table_of(Flight)
_FLIGHT = select(_FLIGHTS.c.layout_id, _FLIGHTS.c.carrier, _FLIGHTS.c.dep_date,
                 _FLIGHTS.c.dep_time, _FLIGHTS.c.status).where(
    _FLIGHTS.c.id == bindparam("flight_id"))
_LAYOUTS = table_of(Layout)
_LAYOUT = select(_LAYOUTS.c.definition).where(_LAYOUTS.c.id == bindparam("layout_id"))
_SEATS = table_of(SeatAssignment)
_RELEASES = table_of(SeatReleaseRow)
_OF_FLIGHT = select(_SEATS).where(_SEATS.c.flight_id == bindparam("flight_id"))
_CHOICE = select(_SEATS).where(_SEATS.c.choice_id == bindparam("choice_id"))
_RELEASED = select(_RELEASES.c.choice_id, _RELEASES.c.reason).where(
    _RELEASES.c.choice_id == bindparam("choice_id"))

# Parsed layouts by id, with the definition they were parsed from (a reloaded layout is
# parsed again). Per process; a dict's get and set are atomic.
_layouts: dict[str, tuple[Any, SeatMap]] = {}


@dataclass(frozen=True, slots=True)
class FlightSeats:
    """A flight as the seat rules see it."""

    flight_id: str
    layout_id: str
    carrier: str
    departure: datetime  # aware
    scheduled: bool
    seat_map: SeatMap


def utc(at: datetime) -> datetime:
    """Aware UTC (head office's stored times and a batch's ``now`` are naive UTC)."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def naive(at: datetime) -> datetime:
    return utc(at).replace(tzinfo=None)


def read_flight(session: Session, flight_id: str) -> FlightSeats:
    """The flight and its seat map; ``flight_unknown`` (404) when there is none."""
    conn = session.connection()
    row = conn.execute(_FLIGHT, {"flight_id": flight_id}).first()
    if row is None:
        raise SeatRefusalError("flight_unknown", f"no flight {flight_id!r}")
    cached = _layouts.get(row.layout_id)
    definition = conn.execute(_LAYOUT, {"layout_id": row.layout_id}).scalar_one()
    if cached is None or cached[0] != definition:
        cached = (definition, seat_map(definition, row.layout_id))
        _layouts[row.layout_id] = cached
    return FlightSeats(flight_id, row.layout_id, row.carrier,
                       departure(row.dep_date, row.dep_time), row.status == "scheduled",
                       cached[1])


def _live(rows: list[Any], now: datetime) -> list[Any]:
    """The rows that hold their seat at ``now`` (a hold past its deadline does not)."""
    at = naive(now)
    return [r for r in rows if not (r.kind == "hold" and r.hold_until is not None
                                    and r.hold_until <= at)]


TakenState = Literal["taken", "held", "locked", "extra"]


def state_text(row: Any) -> TakenState:
    """What a choice makes of its seat, as the protocol says it."""
    if row.kind == "hold":
        return "held"
    if row.kind == "extra":
        return "extra"
    return "locked" if row.locked else "taken"


def state_of(row: Any) -> SeatState:
    return SeatState(state_text(row))


def flight_rows(session: Session, flight_id: str, now: datetime) -> list[Any]:
    rows = list(session.connection().execute(_OF_FLIGHT, {"flight_id": flight_id}))
    return _live(rows, now)


def states_of(rows: list[Any]) -> dict[str, SeatState]:
    return {r.seat: state_of(r) for r in rows}


def seat_map_state(session: Session, me: CounterIdentity, flight_id: str,
                   now: datetime) -> SeatMapState:
    """``GET /seats/{flight_id}``: the flight's seats that are not free; ``mine`` (with its
    choice id) only for this counter's own; nobody's name."""
    flight = read_flight(session, flight_id)
    rows = sorted(flight_rows(session, flight_id, now), key=lambda r: (len(r.seat), r.seat))
    seats = [SeatTaken(seat=r.seat, state=state_text(r), mine=r.counter_id == me.counter_id,
                       choice_id=r.choice_id if r.counter_id == me.counter_id else "")
             for r in rows]
    return SeatMapState(flight_id=flight_id, layout_id=flight.layout_id, seats=seats,
                        as_of=utc(now))


# --- choosing -------------------------------------------------------------------------------


def choice_hash(p: SeatChoose) -> str:
    """The choice's identity: the same choice sent live and as an op hashes alike (a field
    left to its default counts as not sent)."""
    return payload_hash(p.model_dump(mode="json", exclude_defaults=True))


def answer_of(row: Any) -> SeatAnswer:
    moved = row.seat != row.requested_seat
    return SeatAnswer(
        choice_id=row.choice_id, flight_id=row.flight_id, seat=row.seat,
        status="moved" if moved else "confirmed", moved_from=row.requested_seat if moved else "",
        state=state_text(row),
        hold_until=utc(row.hold_until) if row.hold_until is not None else None)


def _earlier(session: Session, me: CounterIdentity, p: SeatChoose, digest: str) -> Any | None:
    """The stored choice this one repeats (None: a new choice); ``choice_reused`` when the
    id names another choice, another counter's, or a released one."""
    conn = session.connection()
    row = conn.execute(_CHOICE, {"choice_id": p.choice_id}).first()
    if row is not None:
        if row.counter_id == me.counter_id and row.payload_hash == digest:
            return row
        raise SeatRefusalError("choice_reused", f"choice {p.choice_id} was already made with "
                          "other particulars; a new choice needs a new choice_id")
    gone = conn.execute(_RELEASED, {"choice_id": p.choice_id}).first()
    if gone is not None and gone.reason == REPLACED:
        raise SeatRefusalError("choice_replaced", f"choice {p.choice_id} was replaced by a later "
                               "choice of the passenger before it reached head office")
    if gone is not None:
        raise SeatRefusalError("choice_reused", f"choice {p.choice_id} was released; a new choice "
                          "needs a new choice_id")
    return None


# A replaced choice head office had not seen yet is remembered released for this reason.
REPLACED = "replaced"


def _privacy_rule(session: Session, flight: FlightSeats) -> PrivacySeatRule | None:
    rules = rule_tables(session)
    if rules is None or not rules.privacy_seat:
        return None
    try:
        return privacy_rule(rules.privacy_seat, flight.carrier,
                            flight.departure.date())
    except DomainError:
        return None  # no rule in force: the service is not offered


def check_open(flight: FlightSeats, now: datetime) -> None:
    if not flight.scheduled:
        raise SeatRefusalError("flight_unknown", f"flight {flight.flight_id} is not scheduled")
    at = utc(now)
    if at >= flight.departure:
        raise SeatRefusalError("flight_closed", "the flight has departed", {"reason": "departed"})
    if at >= flight.departure - CHECKIN_CLOSES_BEFORE:
        raise SeatRefusalError("flight_closed", "check-in for this flight has closed",
                          {"reason": "checkin_closed"})


def _check_services(session: Session, flight: FlightSeats, p: SeatChoose, level_code: str | None,
                    now: datetime) -> None:
    """The GP seat services for the passenger of GP level ``level_code`` (for an extra seat,
    its official's)."""
    level = GpLevel(level_code) if level_code else None
    try:
        if p.locked:
            check_service(SeatService.LOCK, level)
        if p.kind == "hold":
            check_service(SeatService.HOLD, level)
        if p.kind == "extra":
            check_service(SeatService.PRIVACY, level, _privacy_rule(session, flight))
    except DomainError as exc:
        raise _refusal(exc) from None
    if p.kind == "hold":
        until = p.hold_until
        if until is None or utc(until) <= utc(now) or utc(until) > flight.departure:
            raise SeatRefusalError("hold_deadline", "a hold needs a deadline in the future and not "
                              "after the flight's departure")


def _beside_row(session: Session, me: CounterIdentity, p: SeatChoose) -> Any:
    """The official's choice an extra seat is kept empty beside."""
    row = session.connection().execute(_CHOICE, {"choice_id": p.beside}).first() \
        if p.beside else None
    if row is None or row.flight_id != p.flight_id or row.kind == "extra":
        raise SeatRefusalError("extra_not_beside", "beside: an extra seat names the choice of the "
                          "passenger it is kept empty for, on the same flight")
    if row.counter_id != me.counter_id:
        raise SeatRefusalError("not_your_choice", f"choice {p.beside} is another counter's")
    return row


def next_to(seat_map_: SeatMap, a: str, b: str) -> bool:
    """Are seats ``a`` and ``b`` side by side in one row, on the same side of the aisle?"""
    one, other = seat_map_.seat(a), seat_map_.seat(b)
    if one is None or other is None or one.row != other.row or one.cabin != other.cabin:
        return False
    cabin = next(c for c in seat_map_.cabins if c.code == one.cabin)
    i, j = cabin.letters.index(one.letter), cabin.letters.index(other.letter)
    return abs(i - j) == 1  # the letters string has " " where an aisle is


_DELETE = (delete(_SEATS).where(_SEATS.c.choice_id == bindparam("choice_id"))
           .returning(_SEATS.c.choice_id))


def _release_row(session: Session, row: Any, reason: str, clerk: str, approved_by: str,
                 now: datetime) -> None:
    """Free the seat of ``row`` and remember the choice as released. The row is deleted
    first: of two transactions releasing it at once (two counters purging one expired hold)
    the second waits for the first and then deletes nothing, so it records nothing."""
    gone = session.connection().execute(_DELETE, {"choice_id": row.choice_id}).first()
    if gone is None:
        return
    session.execute(insert(_RELEASES).values(
        choice_id=row.choice_id, flight_id=row.flight_id, seat=row.seat,
        counter_id=row.counter_id, outlet_code=row.outlet_code, kind=row.kind,
        locked=row.locked, reason=reason, approved_by=approved_by, clerk_login=clerk,
        released_at=naive(now)))


def purge_expired(session: Session, flight_id: str, now: datetime) -> None:
    """Release the flight's holds past their deadline (reason ``expired``)."""
    at = naive(now)
    for row in session.connection().execute(_OF_FLIGHT, {"flight_id": flight_id}).all():
        if row.kind == "hold" and row.hold_until is not None and row.hold_until <= at:
            _release_row(session, row, "expired", "", "", now)


def _replace(session: Session, me: CounterIdentity, p: SeatChoose, now: datetime) -> None:
    conn = session.connection()
    row = conn.execute(_CHOICE, {"choice_id": p.replaces}).first()
    if row is None:
        if conn.execute(_RELEASED, {"choice_id": p.replaces}).first() is None:
            # Not seen yet: its seat.choose op, pushed later, must not seat anyone.
            session.execute(insert(_RELEASES).values(
                choice_id=p.replaces, flight_id=p.flight_id, seat="",
                counter_id=me.counter_id, outlet_code=me.outlet_code, kind=p.kind,
                locked=False, reason=REPLACED, approved_by="", clerk_login=p.clerk_login,
                released_at=naive(now)))
        return  # already given back
    if row.outlet_code != me.outlet_code:
        raise SeatRefusalError("not_your_choice", f"choice {p.replaces} is another outlet's")
    if row.locked:
        raise SeatRefusalError("lock_needs_supervisor", f"seat {row.seat} is locked: a supervisor "
                          "releases it first")
    release_with_extras(session, row, "change", p.clerk_login, "", now)


def release_with_extras(session: Session, row: Any, reason: str, clerk: str,
                         approved_by: str, now: datetime) -> None:
    extras = session.connection().execute(
        select(_SEATS).where(_SEATS.c.beside == row.choice_id, _SEATS.c.kind == "extra")).all()
    for extra in extras:
        _release_row(session, extra, reason, clerk, approved_by, now)
    _release_row(session, row, reason, clerk, approved_by, now)


def _seat_held(session: Session, p: SeatChoose) -> Any | None:
    """The passenger's other ``seat`` choice on the flight (by holder, or by coupon)."""
    same = _SEATS.c.holder == p.holder
    if p.ticket_number is not None:
        coupon = _SEATS.c.ticket_number == p.ticket_number
        if p.coupon_seq is not None:
            coupon = and_(coupon, _SEATS.c.coupon_seq == p.coupon_seq)
        same = or_(same, coupon)
    return session.connection().execute(
        select(_SEATS.c.choice_id, _SEATS.c.seat).where(
            _SEATS.c.flight_id == p.flight_id, _SEATS.c.kind == "seat",
            _SEATS.c.choice_id != p.choice_id, same).limit(1)).first()


def _suggest(flight: FlightSeats, p: SeatChoose, facts: SeatFacts,
             states: Mapping[str, SeatState], beside: Any | None) -> str | None:
    if beside is not None:
        return privacy_neighbour(flight.seat_map, beside.seat, states)
    return nearest_equivalent(flight.seat_map, p.seat, p.cabin, facts, states)


def _insert(session: Session, me: CounterIdentity, p: SeatChoose, facts: SeatFacts,
            seat: str, digest: str, now: datetime) -> bool:
    """Insert the choice on ``seat`` in a savepoint: False when the database refused it
    (the seat, or this choice id, was taken meanwhile)."""
    hold_until = naive(p.hold_until) if p.kind == "hold" and p.hold_until else None
    savepoint = session.begin_nested()
    try:
        session.execute(insert(_SEATS).values(
            choice_id=p.choice_id, flight_id=p.flight_id, seat=seat,
            counter_id=me.counter_id, outlet_code=me.outlet_code, holder=p.holder,
            passenger_name=p.passenger_name, passenger_type=facts.passenger_type,
            ticket_number=p.ticket_number, coupon_seq=p.coupon_seq, kind=p.kind,
            locked=p.locked, hold_until=hold_until, hold_group=p.hold_group, beside=p.beside,
            gp_level=facts.gp_level, clerk_login=p.clerk_login, requested_seat=p.seat,
            payload_hash=digest, created_at=naive(now)))
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        return False
    return True


def choose(session: Session, me: CounterIdentity, p: SeatChoose, now: datetime, *,
           live: bool) -> SeatAnswer:
    """Give the seat of ``p`` to this counter's choice, in the caller's transaction (see
    the module docstring). Live (``POST /seats``) a taken seat is refused ``seat_taken``
    with ``detail`` ``{"seat", "suggested"}``; pushed (``live=False``) the choice moves to
    the nearest equivalent seat (answer ``moved``) or is refused ``seat_unavailable``."""
    digest = choice_hash(p)
    earlier = _earlier(session, me, p, digest)
    if earlier is not None:
        return answer_of(earlier)
    if live and p.clerk_login not in active_clerks(session, me.outlet_code):
        raise SeatRefusalError("clerk_not_in_outlet", f"{p.clerk_login} is not an active clerk of "
                          f"outlet {me.outlet_code}")
    flight = read_flight(session, p.flight_id)
    check_open(flight, now)
    try:
        known = known_passenger(session, me, p, live=live)
    except RefusalError as exc:
        raise SeatRefusalError(exc.code, exc.message) from None
    beside = _beside_row(session, me, p) if p.kind == "extra" else None
    # The privacy seat is the official's service: the official's own level decides.
    level = beside.gp_level if beside is not None else p.passenger.gp_level
    _check_services(session, flight, p, level, now)
    facts = stricter_facts(p, known, flight.departure.date(), level)
    purge_expired(session, p.flight_id, now)
    if p.replaces and p.replaces != p.choice_id:
        _replace(session, me, p, now)
    seat = p.seat
    if (beside is not None and not live and beside.seat != beside.requested_seat
            and not next_to(flight.seat_map, seat, beside.seat)):
        # The official's own choice was moved when it was pushed: the privacy seat follows.
        states = states_of(flight_rows(session, p.flight_id, now))
        seat = privacy_neighbour(flight.seat_map, beside.seat, states) or ""
        if not seat:
            raise SeatRefusalError("seat_unavailable", f"no seat is free beside {beside.seat}, "
                                   "where the official was moved")
    for _attempt in range(MOVE_ATTEMPTS):
        held = _seat_held(session, p) if p.kind == "seat" else None
        if held is not None:
            raise SeatRefusalError("passenger_has_seat", f"the passenger already has seat "
                                   f"{held.seat} on this flight; choosing again names it in "
                                   "replaces", {"seat": held.seat})
        states = states_of(flight_rows(session, p.flight_id, now))
        try:
            check_seat(flight.seat_map, seat, p.cabin, facts, states)
            if beside is not None and not next_to(flight.seat_map, seat, beside.seat):
                raise SeatRefusalError("extra_not_beside", f"seat {seat} is not beside "
                                  f"{beside.seat} on the same side of the aisle")
        except DomainError as exc:
            if exc.code != "seat_taken":
                raise _refusal(exc) from None
            suggested = _suggest(flight, p, facts, states, beside)
            if live:
                raise SeatRefusalError("seat_taken", f"seat {seat} is taken",
                                  {"seat": seat, "suggested": suggested}) from None
            if suggested is None:
                raise SeatRefusalError("seat_unavailable", f"seat {p.seat} is taken and no "
                                  "equivalent seat is free") from None
            seat = suggested
            continue
        if _insert(session, me, p, facts, seat, digest, now):
            row = session.connection().execute(_CHOICE, {"choice_id": p.choice_id}).one()
            return answer_of(row)
        again = _earlier(session, me, p, digest)  # the same choice, delivered twice at once?
        if again is not None:
            return answer_of(again)
        # Another counter's insert won the seat: decide again on what is there now.
    raise SeatRefusalError("seat_unavailable", f"seat {p.seat} and the seats near it were taken "
                      "meanwhile; choose again")


# --- releasing ------------------------------------------------------------------------------


def release(session: Session, me: CounterIdentity, p: SeatRelease, now: datetime, *,
            live: bool) -> SeatReleased:
    """Give back a choice of this counter's outlet (and the extra seat kept beside it);
    ``unknown`` when head office never had it, ``released`` again for one already given
    back."""
    if live and p.clerk_login not in active_clerks(session, me.outlet_code):
        raise SeatRefusalError("clerk_not_in_outlet", f"{p.clerk_login} is not an active clerk of "
                          f"outlet {me.outlet_code}")
    conn = session.connection()
    row = conn.execute(_CHOICE, {"choice_id": p.choice_id}).first()
    if row is None:
        gone = conn.execute(_RELEASED, {"choice_id": p.choice_id}).first()
        return SeatReleased(choice_id=p.choice_id,
                            status="released" if gone is not None else "unknown")
    if row.outlet_code != me.outlet_code:
        raise SeatRefusalError("not_your_choice", f"choice {p.choice_id} is another outlet's")
    if row.locked and not _ticket_gone(session, row, p.reason):
        approver = session.scalar(select(Clerk.login).where(
            Clerk.login == p.approved_by, Clerk.outlet_code == me.outlet_code,
            Clerk.active.is_(True), Clerk.role.in_(APPROVER_ROLES))) if p.approved_by else None
        if approver is None:
            raise SeatRefusalError("lock_needs_supervisor", f"seat {row.seat} is locked: "
                              f"approved_by must be an active supervisor of outlet "
                              f"{me.outlet_code}")
    release_with_extras(session, row, p.reason, p.clerk_login, p.approved_by, now)
    return SeatReleased(choice_id=p.choice_id, status="released")


def _ticket_gone(session: Session, row: Any, reason: str) -> bool:
    """Is a locked choice given back because its ticket is gone (voided, refunded, or
    changed to another flight), as head office's own sale records show? Then the lock has
    nothing left to keep and no supervisor is asked; a clerk's plain undo (``clerk``), or a
    coupon head office still has open, keeps needing one."""
    if reason not in ("void", "refund", "change") or row.ticket_number is None:
        return False
    status = session.scalar(select(SaleCoupon.status).where(
        SaleCoupon.ticket_number == row.ticket_number,
        SaleCoupon.seq == (row.coupon_seq or 1)))
    return status is not None and status != "O"
