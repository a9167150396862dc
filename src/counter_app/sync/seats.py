"""Head office's answer to a seat chosen at this counter (选座结果), applied to the counter's
seat choice.

Head office is the seat authority. A choice made live is confirmed before it is stored; one
made offline is stored ``provisional`` with a ``seat.choose`` op, and the op's result (a
``SeatAnswer``) says on push whether the passenger keeps the seat or was moved to the
nearest equivalent one because another counter took it first. A move changes the choice's
seat (and the coupon's, when it was checked in on the old one), puts a ``seat_moved`` item
on the attention list naming the passenger and both seats, and flags the documents for a
reprint only when the last one printed showed the old seat (``printed_seat``).

Applying the same answer twice (a duplicate push answer) changes nothing more: the seat is
already the answer's and the attention item has one source per choice.

The storing of a choice (:func:`store_choice`: confirmed live, or provisional with its op in
the same unit of work), of a release (:func:`store_release`) and of a flight's seat map as
head office last showed it (:func:`store_snapshot`) lives here too, below the services, so
the engine's live calls keep what head office answered; ``services/seating.py`` builds on
them with the seat rules. Nothing here commits.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.storage.models import (
    BookingPassenger,
    BookingSegment,
    Coupon,
    OutboxEntry,
    SeatChoice,
    SeatMapCache,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import AttentionKind, add_attention, naive_utc

log = logging.getLogger(__name__)

MSG_SEAT_MOVED = "旅客 {name} 的座位 {old} 已被占用，已改为 {new}"
MSG_SEAT_MOVED_REPRINT = MSG_SEAT_MOVED + "；已打印的单据显示旧座位，请重新打印。"

# A choice in one of these states is still the passenger's (head office holds the seat).
ACTIVE_STATES = ("provisional", "confirmed", "moved")

__all__ = ["ACTIVE_STATES", "MSG_SEAT_MOVED", "apply_answer", "seat_op_answered",
           "store_choice", "store_release", "store_snapshot"]


def store_snapshot(session: Session, state: protocol.SeatMapState) -> None:
    """Keep a flight's seats that are not free as head office just showed them."""
    seats = [taken.model_dump(mode="json") for taken in state.seats]
    row = session.get(SeatMapCache, state.flight_id)
    if row is None:
        session.add(SeatMapCache(flight_id=state.flight_id, seats=seats,
                                 as_of=naive_utc(state.as_of)))
    else:
        row.seats = seats
        row.as_of = naive_utc(state.as_of)
    session.flush()


def store_choice(
    session: Session,
    payload: protocol.SeatChoose,
    answer: protocol.SeatAnswer | None,
    now: datetime,
    *,
    segment_id: str | None = None,
) -> SeatChoice:
    """Store a choice: confirmed by head office's live ``answer``, or (``answer`` None)
    provisional with its ``seat.choose`` op in the same unit of work. The choice it
    ``replaces`` is released here (head office releases it in the same step). Storing the
    same choice id again (an answer lost and the choice sent once more) updates it."""
    passenger = session.get(BookingPassenger, payload.holder)
    booking_id = None if passenger is None else passenger.booking_id
    if segment_id is None and booking_id is not None:
        segment_id = session.scalars(
            select(BookingSegment.id).where(BookingSegment.booking_id == booking_id,
                                            BookingSegment.flight_id == payload.flight_id)
            .order_by(BookingSegment.seq.desc())).first()
    choice = session.get(SeatChoice, payload.choice_id)
    if choice is None:
        choice = SeatChoice(choice_id=payload.choice_id, created_at=naive_utc(now),
                            printed_seat="", reprint=False, moved_from="", op_id="")
        session.add(choice)
    choice.booking_id = booking_id
    choice.passenger_id = payload.holder
    choice.segment_id = segment_id
    choice.flight_id = payload.flight_id
    choice.cabin = str(payload.cabin)
    choice.seat = payload.seat
    choice.kind = payload.kind
    choice.locked = payload.locked
    choice.hold_until = None if payload.hold_until is None else naive_utc(payload.hold_until)
    choice.hold_group = payload.hold_group
    choice.beside = payload.beside
    choice.passenger_name = payload.passenger_name
    choice.ticket_number = payload.ticket_number
    choice.coupon_seq = payload.coupon_seq
    choice.clerk_login = payload.clerk_login
    if answer is None:
        choice.state = "provisional"
        entry = enqueue(session, payload, payload.clerk_login, now)
        choice.op_id = entry.op_id
    else:
        choice.state = "confirmed"
        choice.confirmed_at = naive_utc(now)
        if answer.hold_until is not None:
            choice.hold_until = naive_utc(answer.hold_until)
        if answer.seat != payload.seat:  # live never moves a seat; kept as answered if so
            choice.moved_from, choice.seat, choice.state = payload.seat, answer.seat, "moved"
    if payload.replaces and payload.replaces != payload.choice_id:
        replaced = session.get(SeatChoice, payload.replaces)
        if replaced is not None and replaced.state in ACTIVE_STATES:
            replaced.state = "released"
            replaced.released_at = naive_utc(now)
            _release_extras(session, replaced.choice_id, now)
    session.flush()
    return choice


def store_release(
    session: Session,
    choice_id: str,
    clerk_login: str,
    now: datetime,
    reason: str = "clerk",
    approved_by: str = "",
    *,
    sent_live: bool = False,
) -> SeatChoice | None:
    """Mark a choice released; unless head office already released it live
    (``sent_live``), a ``seat.release`` op goes in the same unit of work. None when there
    is no such choice; a choice already released is left as it is (no second op)."""
    choice = session.get(SeatChoice, choice_id)
    if choice is None or choice.state not in ACTIVE_STATES:
        return choice
    choice.state = "released"
    choice.released_at = naive_utc(now)
    _release_extras(session, choice_id, now)
    if not sent_live:
        enqueue(session, protocol.SeatRelease.model_validate({
            "choice_id": choice_id, "reason": reason, "approved_by": approved_by,
            "clerk_login": clerk_login, "released_at": naive_utc(now).replace(tzinfo=UTC)}),
            clerk_login, now)
    session.flush()
    return choice


def _release_extras(session: Session, choice_id: str, now: datetime) -> None:
    """The privacy seat (EXST) kept beside a choice goes with it, as at head office (which
    releases it in the same step: no op of its own)."""
    for extra in session.scalars(select(SeatChoice).where(
            SeatChoice.beside == choice_id, SeatChoice.kind == "extra",
            SeatChoice.state.in_(ACTIVE_STATES))):
        extra.state = "released"
        extra.released_at = naive_utc(now)


def apply_answer(
    session: Session, answer: protocol.SeatAnswer, now: datetime
) -> SeatChoice | None:
    """Apply head office's answer to the choice it names; None when this counter has no such
    choice (it was made elsewhere, or the store was reset)."""
    choice = session.get(SeatChoice, answer.choice_id)
    if choice is None:
        return None
    if choice.confirmed_at is None:
        choice.confirmed_at = naive_utc(now)
    if answer.hold_until is not None:
        choice.hold_until = naive_utc(answer.hold_until)
    if choice.state not in ACTIVE_STATES:
        # Released (or refused) here meanwhile: its seat.release follows the choose in the
        # outbox's order, so head office frees the seat; nothing to tell the clerk.
        return choice
    old = choice.seat
    if answer.status == "moved" and answer.seat != old:
        _move(session, choice, answer, now)
    elif choice.state == "provisional":
        choice.state = "confirmed"
    session.flush()
    return choice


def _move(session: Session, choice: SeatChoice, answer: protocol.SeatAnswer,
          now: datetime) -> None:
    old, new = choice.seat, answer.seat
    choice.seat = new
    choice.moved_from = answer.moved_from or old
    choice.state = "moved"
    reprint = bool(choice.printed_seat) and choice.printed_seat == old
    if reprint:
        choice.reprint = True
    coupon = _coupon(session, choice)
    if coupon is not None and coupon.seat == old:
        coupon.seat = new  # checked in offline on the provisional seat: the pass is wrong
    template = MSG_SEAT_MOVED_REPRINT if reprint else MSG_SEAT_MOVED
    add_attention(
        session,
        AttentionKind.SEAT_MOVED,
        "seat_moved",
        template.format(name=choice.passenger_name or "-", old=old, new=new),
        now,
        op_id=choice.op_id or None,
        detail={"choice_id": choice.choice_id, "flight_id": choice.flight_id,
                "booking_id": choice.booking_id, "passenger_id": choice.passenger_id,
                "old_seat": old, "seat": new, "reprint": reprint},
        source=f"seat_moved:{choice.choice_id}:{new}",
    )


def _coupon(session: Session, choice: SeatChoice) -> Coupon | None:
    if not choice.ticket_number or choice.coupon_seq is None:
        return None
    return session.scalars(
        select(Coupon).join(Ticket, Ticket.id == Coupon.ticket_id).where(
            Ticket.ticket_number == choice.ticket_number, Coupon.seq == choice.coupon_seq)
    ).first()


def seat_op_answered(
    session: Session,
    entry: OutboxEntry,
    result: dict[str, Any] | None,
    now: datetime,
    *,
    refused: bool = False,
) -> None:
    """A pushed ``seat.choose`` was answered: its result applied, or (``refused``) the
    choice marked refused (the rejected-op attention item already tells the clerk why).
    Any other op kind is left alone."""
    if entry.kind != protocol.OpKind.SEAT_CHOOSE.value:
        return
    choice_id = str(entry.payload.get("choice_id", ""))
    if refused:
        choice = session.get(SeatChoice, choice_id)
        if choice is not None and choice.state == "provisional":
            choice.state = "refused"
            choice.released_at = naive_utc(now)
            _restore_replaced(session, str(entry.payload.get("replaces", "")))
        return
    try:
        answer = protocol.SeatAnswer.model_validate(result or {})
    except ValidationError:
        log.warning("seat.choose %s answered without a seat answer: %r", choice_id, result)
        return
    apply_answer(session, answer, now)


def _restore_replaced(session: Session, replaces: str) -> None:
    """A refused choice released nothing at head office: the seat it was to replace, given
    up here when it was stored, is the passenger's again (its op was answered before this
    one, in the outbox's order)."""
    replaced = None if not replaces else session.get(SeatChoice, replaces)
    if replaced is None or replaced.state != "released" or replaced.confirmed_at is None:
        return
    replaced.state = "moved" if replaced.moved_from else "confirmed"
    replaced.released_at = None
