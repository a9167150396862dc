"""What the after-sale page knows between steps, as plain data (no Qt): the booking shown,
the ticket an open panel acts on, the quotes in force, the refusal shown; and how tickets
and coupons are listed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from counter_app.domain.errors import DomainError
from counter_app.domain.money import format_yuan
from counter_app.gui.operations.after_sale import RequestSubject
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.after_sale import ChangeQuote, RefundQuote
from counter_app.services.booking import BookingDetail, CouponView, TicketView
from counter_app.services.lookup import PAGE_SIZE
from counter_app.services.requests import ACTIONS

# Pages of the action panel under the tickets.
PANEL_NONE, PANEL_VOID, PANEL_REFUND, PANEL_CHANGE, PANEL_NAME = range(5)
# Tickets in force first, then the ones exchanged, refunded and voided.
TICKET_ORDER = {"issued": 0, "exchanged": 1, "refunded": 2, "void": 3}


@dataclass
class AfterSaleState:
    """Shared by the page and its workflows."""

    detail: BookingDetail | None = None  # the booking shown
    selected_booking: str | None = None  # its id (set before its detail arrives)
    action_ticket: TicketView | None = None  # the ticket the open panel acts on
    busy: bool = False  # a step is being written: no second one meanwhile
    last_error: DomainError | None = None  # the refusal shown
    last_request_id: str | None = None  # the request to head office queued last

    def request_subject(self, error: DomainError) -> RequestSubject | None:
        """What a request to head office names: the action refused, the ticket (the one
        refused, else the one being acted on), the flight and the booking reference."""
        action = str(error.params.get("action") or "")
        if action not in ACTIONS:
            return None
        ticket = error.params.get("ticket_number")
        pnr: str | None = None
        if ticket is None:
            # Refused on a ticket of the booking shown (a flight outside the allotment).
            if self.action_ticket is not None:
                ticket = self.action_ticket.ticket_number
            if self.detail is not None:
                pnr = self.detail.pnr
        flight = error.params.get("flight_no")
        return RequestSubject(
            action,
            None if ticket is None else str(ticket),
            None if flight is None else str(flight),
            pnr,
        )


@dataclass
class FindState:
    """The search: how many bookings a page shows, and the text the next page is of."""

    page_size: int = PAGE_SIZE
    more_text: str = ""


@dataclass
class RefundState:
    """The refund quoted for the ticket in the panel (None while it is worked out)."""

    quote: RefundQuote | None = None


@dataclass
class ChangeState:
    """The change panel: the quote in force, the coupon and day whose flights are listed,
    and the flights head office was asked for a seat on (asked once each)."""

    quote: ChangeQuote | None = None
    flights_for: tuple[int, date] | None = None
    leased: set[str] = field(default_factory=set)


def local_time(at: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    """A stored time (naive UTC) as Beijing time."""
    if at is None:
        return ""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).strftime(fmt)


def money(amount: Decimal | None) -> str:
    return "" if amount is None else format_yuan(amount)


def coupon_line(c: CouponView) -> str:
    """``1 CA1144 HET-PEK 11-26 Y [O]``: one coupon with its status letter."""
    return (
        f"{c.seq} {c.flight_no} {c.origin}-{c.destination} {c.dep_date:%m-%d} "
        f"{c.class_code} [{c.status}]"
    )


def ordered_tickets(tickets: Sequence[TicketView]) -> list[TicketView]:
    """A booking's tickets as the page lists them: those in force first, then exchanged,
    refunded, void; in issue order within each."""
    return sorted(tickets, key=lambda t: (TICKET_ORDER.get(t.status, 4), t.issued_at,
                                          t.ticket_number))
