"""Multi-flight seat holding for GP officials (多航班压座, V4 and V5): seats held on several
flights with a deadline each, listed with the time left, and settled once one is used.

:func:`prepare_holds` makes one ``seat.choose`` of kind ``hold`` per flight, all in one
``hold_group`` (a hold asked for later joins the official's live group: same ID number),
each with its deadline (``hold_deadline``: ``reason`` ``past``, not in the future, or
``after_departure``, not before the flight leaves); ``gp_level_lacks`` for a level without
the service. :func:`list_holds` lists them with the time left. :func:`settle_holds` (run
in the sale's unit of work when a booking is ticketed, and by the holds list) releases the
rest of a group once one hold is ticketed or flown (``seat.release`` reason
``hold_ticketed``) and, for the others already ticketed when one is flown, queues a
refund-fee waiver request for head office (``request.head_office``, action ``refund``, note
``压座未使用，申请免收退票费`` with the ticket number); a hold past its deadline, never
ticketed, is released as ``expired``. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.seat_services import SeatService, check_service
from counter_app.domain.tickets import CouponStatus
from counter_app.kernel.ids import new_id
from counter_app.services import seating
from counter_app.services.flight_facts import departed, departure_aware
from counter_app.services.gp_seats import LIVE_STATES, level_of, passenger_of, segment_of
from counter_app.services.identity import ClerkSession
from counter_app.services.requests import queue_request
from counter_app.storage.models import BookingPassenger, Coupon, Flight, SeatChoice, Ticket
from counter_app.sync import protocol

__all__ = ["WAIVER_NOTE", "HoldRequest", "HoldRow", "HoldSettlement", "HoldsView",
           "holds_view", "list_holds", "official_group", "prepare_holds", "settle_holds"]

WAIVER_NOTE = "压座未使用，申请免收退票费"
# A coupon in these states has been used (the official flew on it, or is checked in).
_USED = frozenset({CouponStatus.CHECKED_IN.value, CouponStatus.LIFTED.value,
                   CouponStatus.FLOWN.value})
_GONE = frozenset({CouponStatus.VOID.value, CouponStatus.REFUNDED.value,
                   CouponStatus.EXCHANGED.value})



@dataclass(frozen=True, slots=True)
class HoldRequest:
    """One flight to hold a seat on: the official's passenger on that booking's segment."""

    passenger_id: str
    segment_id: str
    seat: str
    hold_until: datetime


def official_group(session: Session, passenger_id: str) -> str:
    """The live hold group of the official this passenger is (same ID number), or ""."""
    passenger = passenger_of(session, passenger_id)
    found = session.scalars(
        select(SeatChoice.hold_group)
        .join(BookingPassenger, BookingPassenger.id == SeatChoice.passenger_id)
        .where(SeatChoice.kind == "hold", SeatChoice.state.in_(LIVE_STATES),
               SeatChoice.hold_group != "",
               BookingPassenger.id_number == passenger.id_number)
        .order_by(SeatChoice.created_at)).first()
    return found or ""


def prepare_holds(session: Session, requests: list[HoldRequest], clerk_login: str,
                  now: datetime, *, hold_group: str = "") -> list[protocol.SeatChoose]:
    """One ``seat.choose`` of kind ``hold`` per flight, all in one ``hold_group``: the one
    given, else the official's live group (:func:`official_group`), else a new one.

    Refusals (nothing written): ``gp_level_lacks`` (``service`` ``hold``), ``hold_deadline``
    (``reason`` ``past``: the deadline is not in the future; ``after_departure``: not
    before the flight leaves), the seat rules' own refusals.
    """
    group = hold_group or (official_group(session, requests[0].passenger_id)
                           if requests else "") or new_id()
    payloads: list[protocol.SeatChoose] = []
    for request in requests:
        check_service(SeatService.HOLD, level_of(passenger_of(session, request.passenger_id)))
        _, flight = segment_of(session, request.segment_id)
        until = request.hold_until if request.hold_until.tzinfo else request.hold_until.replace(
            tzinfo=UTC)
        if until <= now:
            raise DomainError("hold_deadline", field="hold_until", reason="past",
                              flight_no=flight.flight_no)
        if until >= departure_aware(session, flight):
            raise DomainError("hold_deadline", field="hold_until", reason="after_departure",
                              flight_no=flight.flight_no)
        payloads.append(seating.prepare_choice(
            session, request.passenger_id, request.segment_id, request.seat, clerk_login, now,
            kind="hold", hold_until=until.astimezone(UTC), hold_group=group))
    return payloads


@dataclass(frozen=True, slots=True)
class HoldRow:
    """One hold as the holds list shows it. ``state``: ``held``, ``ticketed``, ``flown``,
    ``expired`` or ``released``; ``remaining`` the time left until the deadline (None once
    past or no longer held)."""

    choice_id: str
    hold_group: str
    passenger_name: str
    flight_no: str
    dep_date: date
    route: str
    seat: str
    hold_until: datetime | None
    state: str
    remaining: timedelta | None
    ticket_number: str


def _ticket_of(session: Session, choice: SeatChoice) -> tuple[str, str] | None:
    """The ticket number and coupon status of the hold's passenger on its segment, if
    ticketed (a void, refunded or exchanged coupon is no ticket)."""
    row = session.execute(
        select(Ticket.ticket_number, Coupon.status)
        .join(Coupon, Coupon.ticket_id == Ticket.id)
        .where(Ticket.passenger_id == choice.passenger_id,
               Coupon.segment_id == choice.segment_id)
        .order_by(Ticket.issued_at.desc())).first()
    if row is None or row[1] in _GONE:
        return None
    return str(row[0]), str(row[1])


def _hold_state(session: Session, choice: SeatChoice, flight: Flight,
                now: datetime) -> tuple[str, str]:
    ticket = _ticket_of(session, choice)
    number = "" if ticket is None else ticket[0]
    if choice.state not in LIVE_STATES:
        return "released", number
    if ticket is not None and (ticket[1] in _USED or departed(flight, now)):
        return "flown", number
    if ticket is not None:
        return "ticketed", number
    if choice.hold_until is not None and choice.hold_until.replace(tzinfo=UTC) <= now:
        return "expired", number
    return "held", number


def list_holds(session: Session, now: datetime, *, include_released: bool = False,
               hold_group: str = "") -> list[HoldRow]:
    """This counter's holds, group by group, earliest deadline first, with the time left."""
    query = select(SeatChoice, Flight).join(Flight, Flight.id == SeatChoice.flight_id).where(
        SeatChoice.kind == "hold")
    if not include_released:
        query = query.where(SeatChoice.state.in_(LIVE_STATES))
    if hold_group:
        query = query.where(SeatChoice.hold_group == hold_group)
    rows: list[HoldRow] = []
    for choice, flight in session.execute(query).all():
        state, number = _hold_state(session, choice, flight, now)
        until = None if choice.hold_until is None else choice.hold_until.replace(tzinfo=UTC)
        left = until - now if until is not None and state == "held" and until > now else None
        rows.append(HoldRow(
            choice_id=choice.choice_id, hold_group=choice.hold_group,
            passenger_name=choice.passenger_name, flight_no=flight.flight_no,
            dep_date=flight.dep_date, route=f"{flight.origin}-{flight.destination}",
            seat=choice.seat, hold_until=until, state=state, remaining=left,
            ticket_number=number))
    far = datetime.max.replace(tzinfo=UTC)
    rows.sort(key=lambda r: (r.hold_group, r.hold_until or far, r.flight_no))
    return rows


@dataclass(frozen=True, slots=True)
class HoldSettlement:
    """What :func:`settle_holds` did for one group: the hold kept (ticketed or flown), the
    holds released, and the waiver requests queued (their request ids)."""

    hold_group: str
    kept: str
    released: tuple[str, ...]
    waivers: tuple[str, ...]


def settle_holds(session: Session, *, clerk: ClerkSession, now: datetime,
                 booking_id: str = "") -> list[HoldSettlement]:
    """Release what is no longer needed, group by group (``hold_ticketed``):

    - once one hold is flown (its coupon checked in, boarded or flown, or its flight gone
      with the ticket): every other hold, with a refund-fee waiver request for each of
      them already ticketed (the official held several tickets and flew one);
    - else once one is ticketed: the others not ticketed (with several tickets held, the
      ticketed ones wait for the flight flown);
    - a hold past its deadline and never ticketed (``expired``).

    ``booking_id``: only the groups with a hold on that booking (the one just ticketed)."""
    groups: dict[str, list[HoldRow]] = {}
    for row in list_holds(session, now):
        groups.setdefault(row.hold_group or row.choice_id, []).append(row)
    if booking_id:
        mine = set(session.scalars(select(SeatChoice.choice_id).where(
            SeatChoice.booking_id == booking_id, SeatChoice.kind == "hold")))
        groups = {g: rows for g, rows in groups.items()
                  if any(r.choice_id in mine for r in rows)}
    done: list[HoldSettlement] = []
    for group, rows in groups.items():
        flown = [r for r in rows if r.state == "flown"]
        ticketed = [r for r in rows if r.state == "ticketed"]
        kept = flown[0] if flown else _first_ticketed(session, ticketed)
        released: list[str] = []
        waivers: list[str] = []
        for row in rows:
            if row is kept or (not flown and row.state == "ticketed"):
                continue  # several tickets held: which one is flown is not known yet
            if kept is not None:
                if row.ticket_number:
                    waivers.append(_waiver(session, row, kept, clerk, now))
                seating.record_release(session, row.choice_id, clerk.login, now, "hold_ticketed")
                released.append(row.choice_id)
            elif row.state == "expired":
                seating.record_release(session, row.choice_id, clerk.login, now, "expired")
                released.append(row.choice_id)
        if released:
            done.append(HoldSettlement(group, "" if kept is None else kept.choice_id,
                                       tuple(released), tuple(waivers)))
    return done


@dataclass(frozen=True, slots=True)
class HoldsView:
    """The holds list after settling: what is listed, and what was just settled."""

    rows: tuple[HoldRow, ...]
    settled: tuple[HoldSettlement, ...]


def holds_view(session: Session, *, clerk: ClerkSession, now: datetime) -> HoldsView:
    """Settle what is no longer needed (:func:`settle_holds`), then list the holds."""
    settled = settle_holds(session, clerk=clerk, now=now)
    return HoldsView(tuple(list_holds(session, now)), tuple(settled))


def _waiver(session: Session, row: HoldRow, used: HoldRow, clerk: ClerkSession,
            now: datetime) -> str:
    """The refund-fee waiver request for a ticketed hold the official did not fly."""
    return queue_request(
        session, action="refund", ticket_number=row.ticket_number, flight_no=row.flight_no,
        note=f"{WAIVER_NOTE}：客票 {row.ticket_number}，航班 {row.flight_no} "
             f"{row.dep_date.isoformat()}，座位 {row.seat}；"
             f"已使用 {used.flight_no} {used.dep_date.isoformat()}",
        clerk=clerk, now=now)


def _first_ticketed(session: Session, rows: list[HoldRow]) -> HoldRow | None:
    """Of several ticketed holds, the one ticketed first (the official's choice)."""
    if not rows:
        return None
    issued: dict[str, str] = {}
    for row in rows:
        at = session.scalar(select(Ticket.issued_at).where(
            Ticket.ticket_number == row.ticket_number))
        issued[row.choice_id] = "~" if at is None else at.isoformat()
    return min(rows, key=lambda r: (issued[r.choice_id], r.choice_id))

