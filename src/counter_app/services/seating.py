"""Seat choices at the counter (选座): the seat map a clerk sees, a seat chosen for a
passenger, and a seat given back (docs/domain.md §9).

Head office is the seat authority (``GET /seats``, ``POST /seats``, the ``seat.choose`` and
``seat.release`` ops). What this module adds is the counter's side of it:

- :func:`seat_chart`: the aircraft's map with the flight's seats that are not free, as head
  office last showed them (``seat_map_cache``) plus this counter's own choices and
  check-ins, and the refusals for the passenger being seated;
- :func:`prepare_choice`: the seat checked here with the domain's rules (exit row, blocked,
  taken in the cached map or by another choice of this counter, infant, a closed flight,
  the GP level for a lock or a hold), so the clerk sees the reason at once even offline;
  nothing is written. A passenger has at most one seat per flight: choosing again replaces
  the earlier choice (``replaces``);
- :func:`record_choice`: confirmed by head office's live answer, or provisional with its
  ``seat.choose`` op in one unit of work when head office cannot be reached;
- :func:`prepare_release` / :func:`record_release`: a seat given back; a locked seat
  (座位锁定) only with a supervisor;
- :func:`release_for_coupons`: a void, a refund or a change gives the passenger's seats on
  those flights back in its own unit of work, except a locked seat of a change to the same
  flight, which is kept (moved to the new segment and ticket);
- :func:`apply_answer` (``sync/seats.py``): a pushed op's answer, confirmed or moved.

Nothing here commits: each function joins the caller's unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain import seatmap
from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel
from counter_app.domain.ids import age_on
from counter_app.domain.seat_services import SeatService, check_service
from counter_app.domain.seatmap import SeatChart, SeatFacts, SeatMap, SeatState
from counter_app.kernel.ids import new_id
from counter_app.services.flight_facts import departure_aware
from counter_app.services.identity import APPROVER_ROLES
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    BookingPassenger,
    BookingSegment,
    Clerk,
    Coupon,
    Flight,
    SeatChoice,
    SeatLayout,
    SeatMapCache,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.seats import (
    ACTIVE_STATES,
    apply_answer,
    store_choice,
    store_release,
    store_snapshot,
)
from counter_app.sync.status import naive_utc, server_now

__all__ = [
    "ACTIVE_STATES",
    "SEATS_CLOSE_BEFORE",
    "SeatChoiceRow",
    "active_choice",
    "apply_answer",
    "choices_for_booking",
    "flight_states",
    "mark_printed",
    "passenger_facts",
    "prepare_choice",
    "prepare_release",
    "propose_block",
    "record_choice",
    "record_release",
    "release_for_coupons",
    "seat_chart",
    "seat_map_of",
    "store_choice",
    "store_snapshot",
]

# Seats are chosen until check-in closes (the same 45 minutes as services/boarding.py).
SEATS_CLOSE_BEFORE = timedelta(minutes=45)

# What a choice of this counter shows as on the map, by its kind.
_KIND_STATE = {"seat": SeatState.TAKEN, "extra": SeatState.EXTRA, "hold": SeatState.HELD}


@dataclass(frozen=True, slots=True)
class SeatChoiceRow:
    """One seat choice as the screens show it."""

    choice_id: str
    booking_id: str | None
    passenger_id: str | None
    passenger_name: str
    passenger_type: str
    segment_id: str | None
    flight_id: str
    flight_no: str
    cabin: str
    seat: str
    kind: str
    locked: bool
    hold_until: datetime | None
    hold_group: str
    state: str
    moved_from: str
    printed_seat: str = ""
    reprint: bool = False
    ticket_number: str | None = None
    coupon_seq: int | None = None


def _row(session: Session, choice: SeatChoice) -> SeatChoiceRow:
    passenger = (None if choice.passenger_id is None
                 else session.get(BookingPassenger, choice.passenger_id))
    flight = session.get(Flight, choice.flight_id)
    return SeatChoiceRow(
        choice_id=choice.choice_id, booking_id=choice.booking_id,
        passenger_id=choice.passenger_id,
        passenger_name=choice.passenger_name or (passenger.name if passenger else ""),
        passenger_type=passenger.passenger_type if passenger else "ADT",
        segment_id=choice.segment_id, flight_id=choice.flight_id,
        flight_no=flight.flight_no if flight else "", cabin=choice.cabin, seat=choice.seat,
        kind=choice.kind, locked=choice.locked, hold_until=choice.hold_until,
        hold_group=choice.hold_group, state=choice.state, moved_from=choice.moved_from,
        printed_seat=choice.printed_seat, reprint=choice.reprint,
        ticket_number=choice.ticket_number, coupon_seq=choice.coupon_seq)


# --- the map ----------------------------------------------------------------------------------


def seat_map_of(session: Session, flight: Flight) -> SeatMap:
    """The flight's aircraft as its carrier numbers it."""
    layout = session.get(SeatLayout, flight.layout_id)
    return seatmap.seat_map({} if layout is None else layout.definition, flight.layout_id)


def _active(session: Session, flight_id: str) -> list[SeatChoice]:
    return list(session.scalars(select(SeatChoice).where(
        SeatChoice.flight_id == flight_id, SeatChoice.state.in_(ACTIVE_STATES))))


def _choice_state(choice: SeatChoice) -> SeatState:
    if choice.kind == "seat" and choice.locked:
        return SeatState.LOCKED
    return _KIND_STATE.get(choice.kind, SeatState.TAKEN)


def flight_states(session: Session, flight_id: str, now: datetime, *,
                  leave_out: Iterable[str] = ()) -> dict[str, SeatState]:
    """The flight's seats that are not free as this counter knows them: head office's last
    answer (``seat_map_cache``), this counter's own choices (which stand for its entries in
    that answer, so a seat moved or released here shows as it is here), and seats checked in
    here. ``leave_out``: choice ids not counted (the passenger's own seat being replaced).
    A hold past its deadline counts as free."""
    skip = set(leave_out)
    at = naive_utc(now)
    states: dict[str, SeatState] = {}
    local = {c.choice_id for c in session.scalars(
        select(SeatChoice).where(SeatChoice.flight_id == flight_id))}
    cache = session.get(SeatMapCache, flight_id)
    for item in (cache.seats if cache is not None else []):
        taken = protocol.SeatTaken.model_validate(item)
        if (taken.mine and taken.choice_id in local) or taken.choice_id in skip:
            continue
        states[taken.seat] = SeatState(taken.state)
    for choice in _active(session, flight_id):
        if choice.choice_id in skip:
            continue
        if choice.kind == "hold" and choice.hold_until is not None and choice.hold_until <= at:
            continue
        states[choice.seat] = _choice_state(choice)
    checked_in = session.scalars(
        select(Coupon.seat).join(BookingSegment, BookingSegment.id == Coupon.segment_id)
        .where(BookingSegment.flight_id == flight_id, Coupon.seat.is_not(None),
               Coupon.status == "O"))
    skipped_seats = {c.seat for c in session.scalars(
        select(SeatChoice).where(SeatChoice.choice_id.in_(skip)))} if skip else set()
    for seat in checked_in:
        if seat is not None and seat not in skipped_seats:
            states.setdefault(seat, SeatState.TAKEN)
    return states


def passenger_facts(session: Session, passenger: BookingPassenger, flight: Flight) -> SeatFacts:
    """What the seat rules need of a passenger on that flight's date."""
    age = None
    if passenger.birth_date is not None and passenger.birth_date <= flight.dep_date:
        age = age_on(passenger.birth_date, flight.dep_date)
    holds_infant = session.scalars(select(BookingPassenger.id).where(
        BookingPassenger.infant_of == passenger.id)).first() is not None
    return SeatFacts(passenger_type=passenger.passenger_type, age=age,
                     with_infant=holds_infant, gp_level=passenger.gp_level)


def _segment(session: Session, segment_id: str) -> tuple[BookingSegment, Flight]:
    seg = session.get(BookingSegment, segment_id)
    if seg is None:
        raise DomainError("segment_unknown", field="flight", segment_id=segment_id)
    flight = session.get(Flight, seg.flight_id)
    if flight is None:
        raise DomainError("flight_unknown", field="flight", flight_id=seg.flight_id)
    return seg, flight


def _booking_choices(session: Session, booking_id: str, flight_id: str) -> list[SeatChoice]:
    return list(session.scalars(select(SeatChoice).where(
        SeatChoice.booking_id == booking_id, SeatChoice.flight_id == flight_id,
        SeatChoice.state.in_(ACTIVE_STATES)).order_by(SeatChoice.created_at)))


def seat_chart(session: Session, segment_id: str, passenger_id: str | None,
               now: datetime) -> SeatChart:
    """The map of a booking's flight: the layout, the seats not free, this booking's own
    choices as ``chosen`` (labelled with the passenger's number on the booking, provisional
    ones marked), and the refusals for ``passenger_id`` (None: nobody picked yet)."""
    seg, flight = _segment(session, segment_id)
    own = _booking_choices(session, seg.booking_id, flight.id)
    # The booking's privacy seats (EXST) and holds keep their own state on the map.
    seated = [c for c in own if c.kind == "seat"]
    states = flight_states(session, flight.id, now, leave_out=[c.choice_id for c in seated])
    passengers = list(session.scalars(select(BookingPassenger).where(
        BookingPassenger.booking_id == seg.booking_id).order_by(BookingPassenger.id)))
    number = {p.id: str(i) for i, p in enumerate(passengers, start=1)}
    facts = None
    if passenger_id is not None:
        passenger = session.get(BookingPassenger, passenger_id)
        if passenger is not None:
            facts = passenger_facts(session, passenger, flight)
    labels = {c.seat: number.get(c.passenger_id or "", "") for c in own}
    return seatmap.chart(
        seat_map_of(session, flight), seg.cabin, states, facts,
        chosen=[c.seat for c in seated], labels={k: v for k, v in labels.items() if v},
        provisional=[c.seat for c in own if c.state == "provisional"])


# --- choosing ---------------------------------------------------------------------------------


def active_choice(session: Session, passenger_id: str, flight_id: str,
                  kind: str = "seat") -> SeatChoice | None:
    """The passenger's seat (of ``kind``) on the flight that is still theirs, if any."""
    return session.scalars(select(SeatChoice).where(
        SeatChoice.passenger_id == passenger_id, SeatChoice.flight_id == flight_id,
        SeatChoice.kind == kind, SeatChoice.state.in_(ACTIVE_STATES))
        .order_by(SeatChoice.created_at.desc())).first()


def _open_coupon(session: Session, passenger_id: str, segment_id: str) -> tuple[str, int] | None:
    found = session.execute(
        select(Ticket.ticket_number, Coupon.seq).join(Coupon, Coupon.ticket_id == Ticket.id)
        .where(Ticket.passenger_id == passenger_id, Coupon.segment_id == segment_id,
               Coupon.status == "O")).first()
    return None if found is None else (str(found[0]), int(found[1]))


def _check_open(session: Session, flight: Flight, now: datetime) -> datetime:
    """Head office's time now; refused ``flight_closed`` once seats can no longer change."""
    departure = departure_aware(session, flight)
    at = aware_utc(server_now(session, now))
    if at >= departure - SEATS_CLOSE_BEFORE:
        raise DomainError("flight_closed", field="flight", flight_no=flight.flight_no)
    return departure


def prepare_choice(
    session: Session,
    passenger_id: str,
    segment_id: str,
    seat: str,
    clerk_login: str,
    now: datetime,
    *,
    kind: protocol.SeatKind = "seat",
    locked: bool = False,
    hold_until: datetime | None = None,
    hold_group: str = "",
    beside: str = "",
    replaces: str = "",
) -> protocol.SeatChoose:
    """The ``seat.choose`` payload for this passenger, after the rules this counter can
    check itself; nothing is written. Choosing a ``seat`` again replaces the passenger's
    earlier one on the flight (``replaces`` is set to it when not given).

    Refusals (``field="seat"`` unless said): ``segment_unknown``, ``passenger_unknown``,
    ``flight_closed`` (field flight), ``gp_level_lacks`` (field gp_level: a lock or a hold
    for a level without it), ``hold_deadline``, and the domain's ``infant_no_seat``,
    ``seat_format``, ``seat_not_on_aircraft``, ``seat_blocked``, ``exit_row_not_allowed``
    (reason), ``seat_taken``. The privacy seat's rule (``extra``) is the GP service's to
    check before it asks for the seat.
    """
    seg, flight = _segment(session, segment_id)
    passenger = session.get(BookingPassenger, passenger_id)
    if passenger is None or passenger.booking_id != seg.booking_id:
        raise DomainError("passenger_unknown", field="passenger", passenger_id=passenger_id)
    departure = _check_open(session, flight, now)
    level = GpLevel(passenger.gp_level) if passenger.gp_level else None
    if locked:
        check_service(SeatService.LOCK, level)
    if kind == "hold":
        check_service(SeatService.HOLD, level)
        at = aware_utc(server_now(session, now))
        if hold_until is None or aware_utc(hold_until) <= at or aware_utc(
                hold_until) > departure:
            raise DomainError("hold_deadline", field="hold_until",
                              hold_until="" if hold_until is None else hold_until.isoformat())
    if kind == "seat" and not replaces:
        earlier = active_choice(session, passenger_id, flight.id)
        replaces = "" if earlier is None else earlier.choice_id
    facts = passenger_facts(session, passenger, flight)
    states = flight_states(session, flight.id, now, leave_out=[replaces] if replaces else [])
    checked = seatmap.check_seat(seat_map_of(session, flight), seat.strip().upper(), seg.cabin,
                                 facts, states)
    coupon = _open_coupon(session, passenger_id, segment_id)
    return protocol.SeatChoose.model_validate({
        "choice_id": new_id(),
        "flight_id": flight.id,
        "cabin": seg.cabin,
        "seat": checked.code,
        "kind": kind,
        "holder": passenger.id,
        "passenger_name": passenger.name,
        "passenger": {"passenger_type": facts.passenger_type, "age": facts.age,
                      "with_infant": facts.with_infant, "gp_level": facts.gp_level},
        "ticket_number": None if coupon is None else coupon[0],
        "coupon_seq": None if coupon is None else coupon[1],
        "locked": locked,
        "hold_until": None if hold_until is None else aware_utc(hold_until),
        "hold_group": hold_group,
        "beside": beside,
        "replaces": replaces,
        "clerk_login": clerk_login,
        "chosen_at": aware_utc(naive_utc(now)),
    })


def record_choice(session: Session, payload: protocol.SeatChoose,
                  answer: protocol.SeatAnswer | None, now: datetime) -> SeatChoiceRow:
    """Store a prepared choice: confirmed (``answer``, head office's live answer) or, with
    ``answer`` None, provisional with its ``seat.choose`` op in the same unit of work."""
    return _row(session, store_choice(session, payload, answer, now))


def propose_block(session: Session, segment_id: str, passenger_ids: Sequence[str],
                  now: datetime) -> dict[str, str]:
    """Seats for these passengers together (a family or group), each allowed for its
    passenger (no child in an exit row...): passenger id -> seat; {} when no block fits.
    Infants sit on a lap and get none; the passengers' own current seats count as free."""
    seg, flight = _segment(session, segment_id)
    people = [p for p in (session.get(BookingPassenger, i) for i in passenger_ids)
              if p is not None and p.passenger_type != "INF"]
    own = [c.choice_id for c in _booking_choices(session, seg.booking_id, flight.id)
           if c.passenger_id in {p.id for p in people}]
    states = flight_states(session, flight.id, now, leave_out=own)
    block = seatmap.best_block(seat_map_of(session, flight), seg.cabin,
                               [passenger_facts(session, p, flight) for p in people], states)
    return {p.id: code for p, code in zip(people, block, strict=False)}


# --- giving back ------------------------------------------------------------------------------


def prepare_release(session: Session, choice_id: str, clerk_login: str, now: datetime, *,
                    reason: str = "clerk", approved_by: str = "") -> protocol.SeatRelease:
    """The ``seat.release`` payload; refused ``seat_not_chosen`` for a choice this counter
    does not hold, ``lock_needs_supervisor`` for a locked seat a clerk gives back without a
    supervisor's approval (``approved_by``: a login checked by ``services/auth.py``
    ``approve``)."""
    choice = session.get(SeatChoice, choice_id)
    if choice is None or choice.state not in ACTIVE_STATES:
        raise DomainError("seat_not_chosen", field="seat", choice_id=choice_id)
    if choice.locked and reason == "clerk":
        approver = None if not approved_by else session.scalars(
            select(Clerk).where(Clerk.login == approved_by, Clerk.active.is_(True))).first()
        if approver is None or approver.role not in APPROVER_ROLES:
            raise DomainError("lock_needs_supervisor", field="seat", seat=choice.seat)
    return protocol.SeatRelease.model_validate({
        "choice_id": choice_id, "reason": reason, "approved_by": approved_by,
        "clerk_login": clerk_login, "released_at": aware_utc(naive_utc(now))})


def record_release(session: Session, choice_id: str, clerk_login: str, now: datetime,
                   reason: str = "clerk", approved_by: str = "",
                   sent_live: bool = False) -> SeatChoiceRow:
    """Give a seat back: the choice released and, unless head office already released it
    live (``sent_live``), a ``seat.release`` op in the same unit of work. Same refusals
    as :func:`prepare_release`, except that a choice released live and already kept as
    released (``SyncEngine.release_seat`` stores it) is returned as it is."""
    known = session.get(SeatChoice, choice_id)
    if sent_live and known is not None and known.state == "released":
        return _row(session, known)
    prepare_release(session, choice_id, clerk_login, now, reason=reason,
                    approved_by=approved_by)
    choice = store_release(session, choice_id, clerk_login, now, reason, approved_by,
                           sent_live=sent_live)
    assert choice is not None
    return _row(session, choice)


def release_for_coupons(
    session: Session,
    passenger_id: str,
    segment_ids: Iterable[str],
    reason: str,
    clerk_login: str,
    now: datetime,
    *,
    kept_on: BookingSegment | None = None,
    ticket_number: str | None = None,
) -> int:
    """A void, refund or change of these coupons gives the passenger's seats on their
    flights back (``reason``: void, refund or change), each with its ``seat.release`` op in
    the caller's unit of work. A change to the same flight (``kept_on``, the new segment)
    keeps a locked seat (座位锁定 is kept through changes): it follows the new segment and
    ``ticket_number``. Returns how many were released."""
    released = 0
    for segment_id in set(segment_ids):
        for choice in list(session.scalars(select(SeatChoice).where(
                SeatChoice.passenger_id == passenger_id, SeatChoice.segment_id == segment_id,
                SeatChoice.state.in_(ACTIVE_STATES)))):
            if kept_on is not None and choice.locked and choice.flight_id == kept_on.flight_id:
                choice.segment_id = kept_on.id
                if ticket_number is not None:
                    choice.ticket_number = ticket_number
                continue
            store_release(session, choice.choice_id, clerk_login, now, reason)
            released += 1
    return released


def mark_printed(session: Session, choice_id: str, seat: str) -> None:
    """A document showing ``seat`` was printed for the choice: a later move of the seat
    flags a reprint only if it is this one."""
    choice = session.get(SeatChoice, choice_id)
    if choice is not None:
        choice.printed_seat = seat
        choice.reprint = False


# --- reading ----------------------------------------------------------------------------------


def choices_for_booking(session: Session, booking_id: str) -> list[SeatChoiceRow]:
    """Every seat choice of a booking, oldest first (released and refused ones too)."""
    rows = session.scalars(select(SeatChoice).where(SeatChoice.booking_id == booking_id)
                           .order_by(SeatChoice.created_at, SeatChoice.choice_id))
    return [_row(session, c) for c in rows]
