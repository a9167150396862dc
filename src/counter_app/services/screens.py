"""What one screen of the counter needs from several services in one session: the GUI
hands these to ``Workspace.read``/``write`` (services/workspace.py) like any service, so
that no GUI code composes sessions itself. Nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.printing.model import BoardingPass, DayCloseReport
from counter_app.services.after_sale import day_close
from counter_app.services.boarding import check_in, coupon_for
from counter_app.services.booking import held_bookings
from counter_app.services.documents import boarding_pass, day_close_report
from counter_app.services.flights import (
    ConnectionOffer,
    FlightOffer,
    search_connections,
    search_flights,
)
from counter_app.services.identity import ClerkSession
from counter_app.services.invoices import Eligibility, eligibility, invoice_requests
from counter_app.services.lookup import PAGE_SIZE, BookingSummary, search_bookings
from counter_app.services.sync_view import CycleRow, QueuedOp, queued_ops, recent_cycles
from counter_app.storage.models import Ticket
from counter_app.sync.status import Attention, SyncStatus, open_attention, read_status


@dataclass(frozen=True, slots=True)
class FlightSearch:
    """The flight finder's answer: the day's direct flights and the connections."""

    direct: list[FlightOffer]
    connections: list[ConnectionOffer]


def flight_search(
    session: Session,
    origins: tuple[str, ...],
    destinations: tuple[str, ...],
    day: date,
    now: datetime,
) -> FlightSearch:
    return FlightSearch(
        search_flights(session, origins, destinations, day, now),
        search_connections(session, origins, destinations, day, now),
    )


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    buyer_name: str
    status: str
    invoice_no: str


@dataclass(frozen=True, slots=True)
class InvoiceState:
    """A ticket's e-invoice dialog: whether it may be requested, and the requests made."""

    eligibility: Eligibility
    requests: list[InvoiceRow]


def invoice_state(session: Session, ticket_number: str, now: datetime) -> InvoiceState:
    ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == ticket_number)).one()
    rows = [
        InvoiceRow(r.buyer_name, r.status, r.invoice_no)
        for r in invoice_requests(session, ticket.id)
    ]
    return InvoiceState(eligibility(session, ticket, now), rows)


@dataclass(frozen=True, slots=True)
class SyncPageData:
    """The sync page: open attention items, the queue, the last cycles and the status."""

    attention: list[Attention]
    queue: list[QueuedOp]
    cycles: list[CycleRow]
    status: SyncStatus


def sync_page(session: Session, now: datetime) -> SyncPageData:
    return SyncPageData(
        open_attention(session), queued_ops(session), recent_cycles(session),
        read_status(session, now),
    )


def check_in_and_pass(
    session: Session, ticket_number: str, seq: int, seat: str | None, clerk_login: str,
    now: datetime,
) -> BoardingPass:
    """Check the coupon in on ``seat`` and give its boarding pass (``seat`` None: the pass
    of a coupon already checked in, printed again). In a unit of work."""
    coupon = coupon_for(session, ticket_number, seq)
    if seat is not None:
        check_in(session, coupon, seat, clerk_login, now)
    return boarding_pass(session, coupon)


def close_day_and_report(session: Session, clerk: ClerkSession, now: datetime) -> DayCloseReport:
    """Close today's business (in a unit of work) and give the day's report."""
    closed = day_close(session, clerk, now)
    return day_close_report(session, clerk.outlet_code, closed.business_date, clerk.name)


@dataclass(frozen=True, slots=True)
class BookingRow:
    """One row of the after-sale search: the booking and its money (net paid; the quote
    while on hold)."""

    summary: BookingSummary
    total: Decimal | None


def booking_rows(
    session: Session, text: str, offset: int, now: datetime, limit: int = PAGE_SIZE
) -> tuple[list[BookingRow], bool]:
    """One page of the after-sale search's list rows (the quote of a held booking, else the
    net paid) and whether more follow; a booking's detail is read only when it is selected."""
    page = search_bookings(session, text, offset, limit)
    held: dict[str, Decimal] = {}
    if any(b.status == "held" for b in page.bookings):
        held = {h.booking_id: h.total for h in held_bookings(session, now)}
    return [
        BookingRow(b, held.get(b.booking_id) if b.status == "held" else b.paid)
        for b in page.bookings
    ], page.more
