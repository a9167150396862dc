"""Itinerary receipts (行程单) and their serial stock (行程单领用存).

Head office grants this counter ranges of receipt serials (``NumberRange`` kind
``receipt``); they are taken strictly in order, so the form in the printer always carries
the next serial (:func:`next_serial`). Every serial taken is written to the ledger
(:class:`~counter_app.storage.models.ReceiptSerial`) in the same transaction as its outbox
op, before anything is printed (docs/architecture.md rule 2):

- :func:`print_receipt`: one receipt per ticket on the next serial (``receipt.print``). A
  second print of the same ticket is refused; a replacement (换开) names its reason, voids
  the first serial, takes the next one, and is audited.
- :func:`spoil_serial`: a blank form ruined in the printer (卡纸, 错位) is recorded spoiled
  (``number.void``), so the stock still adds up.
- :func:`receipt_ledger`: received, used, voided, spoiled and left, for a day or overall;
  received = used + voided + spoiled + left holds at every moment.

Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, get_args

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.text import check_text
from counter_app.kernel.clock import beijing, business_day_utc
from counter_app.printing.model import ItineraryReceipt, ReceiptLedger, SerialEvent
from counter_app.services.documents import itinerary_receipt, ticket_here
from counter_app.services.identity import ClerkSession
from counter_app.services.number_ranges import advance, take_numbers
from counter_app.services.times import aware_utc
from counter_app.storage.models import AuditEntry, Booking, NumberRange, ReceiptSerial
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc

Mode = Literal["overlay", "plain"]
MODES: tuple[Mode, ...] = get_args(Mode)
FIELD_TICKET = "ticket_number"

__all__ = [
    "PrintedReceipt",
    "current_receipt",
    "next_serial",
    "print_receipt",
    "receipt_ledger",
    "spoil_serial",
]


def serial_text(number: int) -> str:
    return f"{number:010d}"


@dataclass(frozen=True, slots=True)
class PrintedReceipt:
    serial: str
    ticket_number: str
    replaced: str | None  # the serial this one replaces (now voided)
    receipt: ItineraryReceipt
    op_id: str


def current_receipt(session: Session, ticket_id: str) -> ReceiptSerial | None:
    """The serial the ticket's receipt is on now (``used``), or None before the first."""
    return session.scalars(
        select(ReceiptSerial).where(
            ReceiptSerial.ticket_id == ticket_id, ReceiptSerial.status == "used"
        )
    ).first()


def next_serial(session: Session) -> str | None:
    """The serial the next blank form must carry, None when the stock is used up."""
    row = session.scalars(
        select(NumberRange)
        .where(NumberRange.kind == "receipt", NumberRange.next_number <= NumberRange.last)
        .order_by(NumberRange.first, NumberRange.range_id)
    ).first()
    return None if row is None else serial_text(row.next_number)


def _take_serial(session: Session) -> str:
    taken = take_numbers(session, "receipt", "", 1, "receipt_serials_exhausted")
    advance(taken)
    return serial_text(taken[0][1])


def print_receipt(
    session: Session,
    clerk: ClerkSession,
    ticket_number: str,
    *,
    mode: str,
    now: datetime,
    replace_reason: str | None = None,
) -> PrintedReceipt:
    """Take the next serial for the ticket's itinerary receipt and record it; the caller
    commits, then prints ``receipt`` (the serial is in it).

    Refusals: ``ticket_not_here``, ``ticket_void``, ``receipt_already_printed`` (a second
    receipt needs ``replace_reason``), ``replace_nothing`` (a replacement of a ticket that has
    no receipt yet), ``reason_required`` (an empty reason), ``receipt_serials_exhausted``.
    """
    if mode not in MODES:
        raise DomainError("receipt_mode", field="mode", mode=mode)
    ticket = ticket_here(session, ticket_number)
    if ticket.status == "void":
        raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
    current = current_receipt(session, ticket.id)
    reason = None if replace_reason is None else replace_reason.strip()
    if reason is None and current is not None:
        raise DomainError("receipt_already_printed", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number, serial=current.serial)
    if reason is not None:
        if not reason:
            raise DomainError("reason_required", field="reason")
        check_text("reason", reason)
        if current is None:
            raise DomainError("replace_nothing", field=FIELD_TICKET,
                              ticket_number=ticket.ticket_number)
    booking = session.get(Booking, ticket.booking_id)
    assert booking is not None
    serial = _take_serial(session)
    at = naive_utc(now)
    row = ReceiptSerial(serial=serial, status="used", ticket_id=ticket.id,
                        ticket_number=ticket.ticket_number, mode=mode, reason="", at=at,
                        clerk_login=clerk.login)
    session.add(row)
    replaced = None
    if current is not None and reason is not None:
        replaced = current.serial
        current.status = "voided"
        current.reason = reason[:128]
        current.voided_at = at
        current.replaced_by = serial
        session.add(AuditEntry(at=at, clerk_login=clerk.login, action="receipt.replace",
                               detail={"ticket_number": ticket.ticket_number,
                                       "voided": replaced, "serial": serial,
                                       "reason": reason[:128]}))
    printed = protocol.ReceiptPrint(
        print_id=f"{ticket.id[:27]}-{serial[-8:]}",
        sale_id=booking.id,
        ticket_number=ticket.ticket_number,
        serial=serial,
        replaces=replaced,
        reason="" if reason is None else reason[:128],
        mode=mode,
        printed_at=aware_utc(now),
    )
    entry = enqueue(session, printed, clerk.login, now, clerk_id=clerk.clerk_id)
    row.op_id = entry.op_id
    session.flush()
    receipt = itinerary_receipt(session, ticket, serial)
    return PrintedReceipt(serial, ticket.ticket_number, replaced, receipt, entry.op_id)


def spoil_serial(session: Session, clerk: ClerkSession, reason: str, now: datetime) -> str:
    """Record the next blank form as spoiled (it jammed, it was misprinted before use) and
    tell head office (``number.void``); returns its serial."""
    reason = reason.strip()
    if not reason:
        raise DomainError("reason_required", field="reason")
    check_text("reason", reason)
    serial = _take_serial(session)
    entry = enqueue(
        session,
        protocol.NumberVoid(kind="receipt", prefix="", number=int(serial),
                            reason=reason[:128]),
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    session.add(ReceiptSerial(serial=serial, status="spoiled", ticket_id=None, ticket_number="",
                              mode="", reason=reason[:128], at=naive_utc(now),
                              clerk_login=clerk.login, op_id=entry.op_id))
    session.add(AuditEntry(at=naive_utc(now), clerk_login=clerk.login, action="receipt.spoil",
                           detail={"serial": serial, "reason": reason[:128]}))
    return serial


def receipt_ledger(session: Session, day: date | None = None) -> ReceiptLedger:
    """The serial stock: every range received, and what became of each serial taken.

    With ``day`` the events and counts are that business day's (Asia/Shanghai; a receipt
    replaced later that day counts as voided), ``received_count`` is the stock at the start
    of that day and ``left`` what is left now.
    """
    ranges = session.scalars(
        select(NumberRange).where(NumberRange.kind == "receipt").order_by(NumberRange.first)
    ).all()
    received = tuple((serial_text(r.first), serial_text(r.last)) for r in ranges)
    received_count = sum(r.last - r.first + 1 for r in ranges)
    left = sum(max(0, r.last - r.next_number + 1) for r in ranges)
    query = select(ReceiptSerial).order_by(ReceiptSerial.serial)
    count_query = select(ReceiptSerial.status, func.count()).group_by(ReceiptSerial.status)
    if day is not None:
        start, end = business_day_utc(day)
        query = query.where(ReceiptSerial.at >= start, ReceiptSerial.at < end)
        count_query = count_query.where(ReceiptSerial.at >= start, ReceiptSerial.at < end)
    counts = {str(status): int(n) for status, n in session.execute(count_query)}
    events = tuple(
        SerialEvent(row.serial, row.status, row.ticket_number, row.reason, beijing(row.at),
                    row.clerk_login)
        for row in session.scalars(query)
    )
    if day is not None:
        # Over one day: the stock at the start of the day (what was taken that day plus
        # what is left) against that day's uses. A serial taken from a range without a
        # ledger row (never expected) is added to the stock side, so the day shows 不平.
        consumed = sum(min(r.next_number, r.last + 1) - r.first for r in ranges)
        recorded = int(session.scalar(select(func.count()).select_from(ReceiptSerial)) or 0)
        taken = sum(counts.values())
        return ReceiptLedger(received, taken + left + (consumed - recorded),
                             counts.get("used", 0), counts.get("voided", 0),
                             counts.get("spoiled", 0), left, events)
    return ReceiptLedger(received, received_count, counts.get("used", 0),
                         counts.get("voided", 0), counts.get("spoiled", 0), left, events)
