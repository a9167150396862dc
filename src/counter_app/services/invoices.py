"""E-invoice requests (电子发票(航空运输电子客票行程单)申请), docs/domain.md §8.

Since 2025-10 a domestic ticket gets no paper form: the traveller or their company asks for
the digital invoice once every segment is flown, within 180 days, to a buyer name and (for a
company) a unified social credit code. The counter checks the request, records it with its
``invoice.request`` op in one transaction and tracks it (queued → received by head office);
a refund afterwards red-reverses it (红冲, ``invoice.reverse``).

The counter has no departure-control feed, so a coupon counts as flown once its flight has
departed (status ``F`` when head office says so, or ``O``/``C`` after departure). Nothing
here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import validate_uscc
from counter_app.domain.text import check_texts
from counter_app.services.documents import ticket_here
from counter_app.services.flight_facts import departure_aware
from counter_app.services.identity import ClerkSession
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    AuditEntry,
    BookingSegment,
    Coupon,
    Flight,
    InvoiceRequest,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now

BuyerKind = Literal["company", "individual"]
BUYER_KINDS: tuple[BuyerKind, ...] = get_args(BuyerKind)
WINDOW_DAYS = 180
ACTIVE = ("queued", "received", "issued")
FIELD_TICKET = "ticket_number"

__all__ = [
    "Eligibility",
    "eligibility",
    "invoice_requests",
    "request_invoice",
    "reverse_for_refund",
]


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    reason: str  # "" | not_flown | expired | void | nothing_flown
    from_day: date | None  # first day it can be requested (after the last flight)
    until_day: date | None  # last day (180 days on)


def eligibility(session: Session, ticket: Ticket, now: datetime) -> Eligibility:
    """Whether the ticket can get its e-invoice now, and from when until when."""
    if ticket.status == "void":
        return Eligibility(False, "void", None, None)
    at = aware_utc(server_now(session, now))
    last: datetime | None = None
    pending = False
    flown_any = False
    for coupon in session.scalars(select(Coupon).where(Coupon.ticket_id == ticket.id)):
        if coupon.status in ("R", "E", "V"):
            continue  # refunded or exchanged coupons are invoiced elsewhere or not at all
        seg = session.get(BookingSegment, coupon.segment_id)
        assert seg is not None
        flight = session.get(Flight, seg.flight_id)
        assert flight is not None
        dep = departure_aware(session, flight)
        if coupon.status != "F" and dep > at:
            pending = True
            last = dep if last is None or dep > last else last
            continue
        flown_any = True
        last = dep if last is None or dep > last else last
    if last is None or (not flown_any and not pending):
        return Eligibility(False, "nothing_flown", None, None)
    first_day = last.date()
    until = first_day + timedelta(days=WINDOW_DAYS)
    if pending:
        return Eligibility(False, "not_flown", first_day, until)
    if at.date() > until:
        return Eligibility(False, "expired", first_day, until)
    return Eligibility(True, "", first_day, until)


def request_invoice(
    session: Session,
    clerk: ClerkSession,
    ticket_number: str,
    *,
    buyer_kind: str,
    buyer_name: str,
    buyer_uscc: str = "",
    email: str = "",
    now: datetime,
) -> InvoiceRequest:
    """Record an e-invoice request for a flown ticket and queue it for head office.

    Refusals (each names its field): ``invalid_text`` (a control character or a lone
    surrogate in the name, the USCC or the e-mail), ``buyer_name_required``, ``buyer_kind``,
    the USCC checks (``uscc_length``, ``uscc_chars``, ``uscc_check``) for a company,
    ``email_format``,
    ``ticket_not_here``, ``ticket_void``, ``invoice_not_yet`` (a segment not flown yet),
    ``invoice_expired`` (over 180 days), ``invoice_exists`` (one open request per ticket).
    """
    name = " ".join(buyer_name.split())  # runs of whitespace (tabs, line breaks) → one space
    check_texts({"buyer_name": name, "uscc": buyer_uscc, "email": email.strip()})
    if not name:
        raise DomainError("buyer_name_required", field="buyer_name")
    if len(name) > 100:
        raise DomainError("buyer_name_length", field="buyer_name", max=100)
    if buyer_kind not in BUYER_KINDS:
        raise DomainError("buyer_kind", field="buyer_kind", kind=buyer_kind)
    uscc: str | None = None
    if buyer_kind == "company":
        uscc = validate_uscc(buyer_uscc)
    email = email.strip()
    if email and ("@" not in email or len(email) > 100 or " " in email):
        raise DomainError("email_format", field="email", email=email[:40])
    ticket = ticket_here(session, ticket_number)
    state = eligibility(session, ticket, now)
    if state.reason == "void":
        raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
    if state.reason in ("not_flown", "nothing_flown"):
        raise DomainError("invoice_not_yet", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number,
                          day="" if state.from_day is None else state.from_day.isoformat())
    if state.reason == "expired":
        raise DomainError("invoice_expired", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number,
                          day="" if state.until_day is None else state.until_day.isoformat())
    existing = session.scalars(select(InvoiceRequest).where(
        InvoiceRequest.ticket_id == ticket.id, InvoiceRequest.status.in_(ACTIVE))).first()
    if existing is not None:
        raise DomainError("invoice_exists", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number, buyer=existing.buyer_name)
    row = InvoiceRequest(ticket_id=ticket.id, ticket_number=ticket.ticket_number,
                         buyer_kind=buyer_kind, buyer_name=name, buyer_uscc=uscc, email=email,
                         status="queued", requested_at=naive_utc(now), clerk_login=clerk.login)
    session.add(row)
    session.flush()
    requested = protocol.InvoiceRequest(
        request_id=row.id, sale_id=ticket.booking_id, ticket_number=ticket.ticket_number,
        buyer_name=name, buyer_uscc=uscc, buyer_kind=buyer_kind, email=email,
        requested_at=naive_utc(now).replace(tzinfo=UTC),
    )
    entry = enqueue(session, requested, clerk.login, now, clerk_id=clerk.clerk_id)
    row.op_id = entry.op_id
    return row


def reverse_for_refund(
    session: Session, ticket: Ticket, clerk_login: str, now: datetime, reason: str = "退票"
) -> list[str]:
    """Red-reverse (红冲) every open e-invoice request of a ticket being refunded, in the
    refund's transaction; returns the request ids."""
    done: list[str] = []
    for row in session.scalars(select(InvoiceRequest).where(
        InvoiceRequest.ticket_id == ticket.id, InvoiceRequest.status.in_(ACTIVE))):
        row.status = "red_reversed"
        row.reversed_at = naive_utc(now)
        row.reversed_reason = reason[:128]
        enqueue(session, protocol.InvoiceReverse(
            request_id=row.id, reason=reason[:128],
            reversed_at=naive_utc(now).replace(tzinfo=UTC)), clerk_login, now)
        session.add(AuditEntry(at=naive_utc(now), clerk_login=clerk_login,
                               action="invoice.reverse",
                               detail={"ticket_number": ticket.ticket_number,
                                       "request_id": row.id, "invoice_no": row.invoice_no}))
        done.append(row.id)
    return done


def invoice_requests(session: Session, ticket_id: str) -> list[InvoiceRequest]:
    return list(session.scalars(select(InvoiceRequest).where(
        InvoiceRequest.ticket_id == ticket_id).order_by(InvoiceRequest.requested_at)))
