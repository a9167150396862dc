"""Number ranges (号段): the ticket numbers and receipt serials head office granted this
counter, taken in order across its ranges.

:func:`take_numbers` only reads; :func:`advance` moves the ranges past what was taken, in
the caller's unit of work, once every other check of the step has passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.text import check_text
from counter_app.storage.models import NumberRange, ReceiptSerial
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc

__all__ = ["advance", "skip_number", "take_numbers"]


def take_numbers(
    session: Session, kind: str, prefix: str, count: int, code: str
) -> list[tuple[NumberRange, int]]:
    """The next ``count`` numbers in order across this counter's ranges (not yet written);
    refused with ``code`` when the ranges hold fewer."""
    ranges = session.scalars(
        select(NumberRange)
        .where(
            NumberRange.kind == kind,
            NumberRange.prefix == prefix,
            NumberRange.next_number <= NumberRange.last,
        )
        .order_by(NumberRange.first, NumberRange.range_id)
    ).all()
    taken: list[tuple[NumberRange, int]] = []
    for number_range in ranges:
        number = number_range.next_number
        while number <= number_range.last and len(taken) < count:
            taken.append((number_range, number))
            number += 1
        if len(taken) == count:
            return taken
    raise DomainError(code, field="ticket_number", prefix=prefix, wanted=count, left=len(taken))


def advance(taken: Sequence[tuple[NumberRange, int]]) -> None:
    """Move each range past the numbers taken from it."""
    for number_range, number in taken:
        number_range.next_number = max(number_range.next_number, number + 1)


def skip_number(
    session: Session,
    *,
    kind: Literal["ticket", "receipt"],
    prefix: str,
    reason: str,
    clerk_login: str,
    now: datetime,
) -> int:
    """Record a gap (a spoiled receipt, a number that must not be used): take the next
    number of the range and report it void (``number.void``). Returns the number."""
    reason = reason.strip()
    if not reason:
        raise DomainError("void_reason_required", field="reason")
    check_text("reason", reason)
    taken = take_numbers(session, kind, prefix, 1, "number_range_exhausted")
    advance(taken)
    number = taken[0][1]
    entry = enqueue(
        session,
        protocol.NumberVoid(kind=kind, prefix=prefix, number=number, reason=reason[:128]),
        clerk_login,
        now,
    )
    if kind == "receipt":  # the serial stock is a ledger: a skipped form is spoiled
        session.add(ReceiptSerial(serial=f"{number:010d}", status="spoiled", ticket_id=None,
                                  ticket_number="", mode="", reason=reason[:128],
                                  at=naive_utc(now), clerk_login=clerk_login,
                                  op_id=entry.op_id))
    return number
