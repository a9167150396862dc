"""Day close (日结): once per outlet and business day, today's figures recorded and sent
to head office (``day.close``); the day's tickets can no longer be voided."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import amount_text, from_fen
from counter_app.kernel.clock import business_day_utc
from counter_app.kernel.ids import new_id
from counter_app.services.identity import ClerkSession
from counter_app.services.receipts import receipt_ledger
from counter_app.services.times import aware_utc, business_date
from counter_app.storage.models import (
    DayClose,
    OutboxEntry,
    Payment,
    Refund,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now


@dataclass(frozen=True, slots=True)
class DayCloseResult:
    outlet_code: str
    business_date: date
    tickets_issued: int
    tickets_voided: int
    refunds: int
    payments: dict[str, Decimal]  # net per method
    op_id: str


def day_closed(session: Session, outlet_code: str, day: date) -> bool:
    return (
        session.scalar(
            select(DayClose.id).where(
                DayClose.outlet_code == outlet_code, DayClose.business_date == day
            )
        )
        is not None
    )


def day_close(session: Session, clerk: ClerkSession, now: datetime) -> DayCloseResult:
    """Close the business day (日结) of this counter's outlet: today's figures are recorded
    and sent to head office (``day.close``); the day's tickets can no longer be voided.
    Refused when already closed (``day_already_closed``)."""
    at_server = server_now(session, now)
    day = business_date(at_server)
    if day_closed(session, clerk.outlet_code, day):
        raise DomainError("day_already_closed", field="date", day=day.isoformat())
    start, end = business_day_utc(day)
    issued = session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.issued_at >= start, Ticket.issued_at < end
        )
    )
    # Voids are counted from their outbox ops, which are kept after they are sent.
    voided = sum(
        len(payload.get("ticket_numbers", []))
        for payload in session.scalars(
            select(OutboxEntry.payload).where(
                OutboxEntry.kind == protocol.OpKind.SALE_VOID.value,
                OutboxEntry.created_at >= start,
                OutboxEntry.created_at < end,
            )
        )
    )
    refunds = session.scalar(
        select(func.count()).select_from(Refund).where(
            Refund.created_at >= start, Refund.created_at < end
        )
    )
    by_method = {
        str(method): from_fen(int(fen or 0))
        for method, fen in session.execute(
            select(Payment.method, func.sum(Payment.amount_fen))
            .where(Payment.created_at >= start, Payment.created_at < end)
            .group_by(Payment.method)
            .order_by(Payment.method)
        )
    }
    ledger = receipt_ledger(session, day)
    totals: dict[str, Any] = {
        "tickets_issued": int(issued or 0),
        "tickets_voided": voided,
        "refunds": int(refunds or 0),
        "payments": {m: amount_text(a) for m, a in by_method.items()},
        # Every receipt serial of the day accounted for (行程单领用存).
        "receipts": {"opening": ledger.received_count, "used": ledger.used,
                     "voided": ledger.voided, "spoiled": ledger.spoiled, "left": ledger.left,
                     "balanced": ledger.balanced},
    }
    close = DayClose(
        id=new_id(),
        outlet_code=clerk.outlet_code,
        business_date=day,
        closed_at=naive_utc(now),
        clerk_login=clerk.login,
        totals=totals,
    )
    session.add(close)
    closed = protocol.DayClose(
        close_id=close.id, outlet_code=clerk.outlet_code, business_date=day,
        closed_at=aware_utc(at_server), totals=totals,
    )
    entry = enqueue(session, closed, clerk.login, now, clerk_id=clerk.clerk_id)
    close.op_id = entry.op_id
    return DayCloseResult(
        clerk.outlet_code, day, totals["tickets_issued"], totals["tickets_voided"],
        totals["refunds"], by_method, entry.op_id,
    )
