"""After sale's operations: finding bookings, their detail, void, refund, change, name
correction, the bookings on hold and requests to head office.

Each function takes the page's context, the step's arguments and the callbacks, reads the
clock (and the clerk, for a write) on the GUI thread, and runs the service on the database
worker through ``ctx.workspace.read`` (quotes and lists: nothing commits) or
``ctx.workspace.write`` (the steps: one unit of work each, with its outbox op). The
service's result comes back typed to ``done`` on the GUI thread; a refusal (``DomainError``)
to ``failed``. Asking head office for a seat goes to the pool (``run_io``): it is network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from counter_app.gui.operations import Done, Failed, submit
from counter_app.gui.tasks import Task
from counter_app.services.after_sale import (
    ChangeQuote,
    ChangeResult,
    NameCorrected,
    RefundQuote,
    RefundResult,
    VoidResult,
    change,
    correct_name,
    quote_change,
    quote_refund,
    refund,
    void_tickets,
)
from counter_app.services.booking import (
    BookingDetail,
    CancelledBooking,
    CouponView,
    HeldBookingRow,
    booking_detail,
    cancel_booking,
    held_bookings,
)
from counter_app.services.flights import FlightOffer, search_flights
from counter_app.services.payments import Override, PaymentInput
from counter_app.services.requests import queue_request
from counter_app.services.screens import BookingRow, booking_rows

if TYPE_CHECKING:
    from counter_app.gui.context import SessionContext
    from counter_app.services.identity import ClerkSession
    from counter_app.services.workspace import Workspace

T = TypeVar("T")

__all__ = [
    "BookingRow",
    "ChangeChoice",
    "RequestSubject",
    "cancel_held",
    "change_quote",
    "confirm_change",
    "confirm_refund",
    "correct_ticket_name",
    "detail",
    "find",
    "flights_for_change",
    "held",
    "lease_seat",
    "refund_quote",
    "request_head_office",
    "void",
]


def _as_clerk(
    ctx: SessionContext, work: Callable[[Workspace, ClerkSession, datetime], T]
) -> Callable[[Workspace], T]:
    """``work(workspace, clerk, now)`` for :func:`submit`, with the clerk logged in and the
    time both read now, on the GUI thread; ``work`` calls ``workspace.write``."""
    clerk, now = ctx.clerk, ctx.clock.now()
    return lambda ws: work(ws, clerk, now)


@dataclass(frozen=True, slots=True)
class ChangeChoice:
    """What a change is quoted for: a coupon of a ticket onto a flight and class."""

    ticket_number: str
    coupon_seq: int
    flight_id: str
    class_code: str
    reason: str
    with_infant: bool


@dataclass(frozen=True, slots=True)
class RequestSubject:
    """What a request to head office names: the action refused, the ticket, the flight and
    the booking reference (each may be unknown)."""

    action: str
    ticket_number: str | None
    flight_no: str | None
    pnr: str | None


# --- finding -------------------------------------------------------------------------------


def find(
    ctx: SessionContext,
    text: str,
    offset: int,
    limit: int,
    done: Done[tuple[list[BookingRow], bool]],
    failed: Failed | None = None,
) -> Task:
    """The list rows of the bookings ``text`` names, newest first, ``offset`` skipped, at
    most ``limit``; and whether more follow."""
    now = ctx.clock.now()
    name = "more_bookings" if offset else "find_bookings"
    return submit(ctx, name, lambda ws: ws.read(booking_rows, text, offset, now, limit),
                  done, failed)


def detail(
    ctx: SessionContext, booking_id: str, done: Done[BookingDetail], failed: Failed | None = None
) -> Task:
    """A booking's tickets, coupons and payments."""
    return submit(ctx, "booking_detail", lambda ws: ws.read(booking_detail, booking_id),
                  done, failed)


# --- void and refund ------------------------------------------------------------------------


def void(
    ctx: SessionContext,
    ticket_number: str,
    reason: str,
    done: Done[VoidResult],
    failed: Failed | None = None,
) -> Task:
    """Void the ticket (the day it was issued, before the day close)."""
    return submit(ctx, "void_tickets", _as_clerk(ctx, lambda ws, clerk, now: ws.write(
        void_tickets, [ticket_number], reason=reason, clerk=clerk, now=now)), done, failed)


def refund_quote(
    ctx: SessionContext,
    ticket_number: str,
    reason: str,
    done: Done[RefundQuote],
    failed: Failed | None = None,
) -> Task:
    """What refunding the ticket's open coupons would give back, by the rules in force."""
    now = ctx.clock.now()
    return submit(ctx, "quote_refund",
                  lambda ws: ws.read(quote_refund, ticket_number, reason, now), done, failed)


def confirm_refund(
    ctx: SessionContext, quote: RefundQuote, done: Done[RefundResult], failed: Failed | None = None
) -> Task:
    """Refund the coupons ``quote`` was worked out for."""
    return submit(ctx, "refund", _as_clerk(ctx, lambda ws, clerk, now: ws.write(
        refund, quote.ticket_number, quote.reason, clerk=clerk, now=now,
        coupon_seqs=quote.coupon_seqs)), done, failed)


# --- change --------------------------------------------------------------------------------


def flights_for_change(
    ctx: SessionContext,
    coupon: CouponView,
    day: date,
    done: Done[list[FlightOffer]],
    failed: Failed | None = None,
) -> Task:
    """The coupon's airline's flights on its route on ``day`` that have not left."""
    now = ctx.clock.now()
    carrier = coupon.flight_no[:2]

    def work(ws: Workspace) -> list[FlightOffer]:
        offers = ws.read(search_flights, (coupon.origin,), (coupon.destination,), day, now)
        return [o for o in offers if o.carrier == carrier and not o.departed]

    return submit(ctx, "change_flights", work, done, failed)


def change_quote(
    ctx: SessionContext, choice: ChangeChoice, done: Done[ChangeQuote], failed: Failed | None = None
) -> Task:
    """The change fee and fare difference of ``choice`` (with the infant's, if it goes too)."""
    now = ctx.clock.now()
    return submit(
        ctx, "quote_change",
        lambda ws: ws.read(quote_change, choice.ticket_number, choice.coupon_seq,
                           choice.flight_id, choice.class_code, now, choice.reason,
                           with_infant=choice.with_infant),
        done, failed,
    )


def confirm_change(
    ctx: SessionContext,
    quote: ChangeQuote,
    method: str,
    done: Done[ChangeResult],
    failed: Failed | None = None,
) -> Task:
    """Re-issue the ticket on the quoted flight and class; what is due is paid by
    ``method``."""
    payments = [PaymentInput(method, quote.total_due)] if quote.total_due > 0 else []
    return submit(ctx, "change", _as_clerk(ctx, lambda ws, clerk, now: ws.write(
        change, quote.ticket_number, quote.coupon_seq, quote.new_flight_id, quote.new_class,
        payments, clerk=clerk, now=now, reason=quote.reason, with_infant=quote.infant is not None)),
        done, failed)


def lease_seat(
    ctx: SessionContext,
    flight_id: str,
    cabin: str,
    done: Done[object],
    failed: Failed | None = None,
) -> Task | None:
    """Ask head office for one seat on the flight (a lease), on the pool: it is network.
    None when this counter has no sync engine to ask with."""
    engine = ctx.sync.engine
    if engine is None:
        return None
    return ctx.runner.run_io(
        "change_lease", lambda: engine.request_lease(flight_id, cabin, 1), done, failed
    )


# --- name correction ------------------------------------------------------------------------


def correct_ticket_name(
    ctx: SessionContext,
    ticket_number: str,
    new_name: str,
    override: Override | None,
    done: Done[NameCorrected],
    failed: Failed | None = None,
) -> Task:
    """Correct a typo in the passenger's name, approved by a supervisor's ``override``."""
    return submit(ctx, "correct_name", _as_clerk(ctx, lambda ws, clerk, now: ws.write(
        correct_name, ticket_number, new_name, clerk=clerk, now=now, override=override)), done,
        failed)


# --- held bookings and requests ---------------------------------------------------------------


def held(
    ctx: SessionContext, done: Done[list[HeldBookingRow]], failed: Failed | None = None
) -> Task:
    """The bookings on hold, the ticketing deadline nearest first."""
    now = ctx.clock.now()
    return submit(ctx, "held_bookings", lambda ws: ws.read(held_bookings, now), done, failed)


def cancel_held(
    ctx: SessionContext, booking_id: str, done: Done[CancelledBooking], failed: Failed | None = None
) -> Task:
    """Cancel a booking on hold and give its seats back."""
    return submit(ctx, "cancel_booking", _as_clerk(ctx, lambda ws, clerk, now: ws.write(
        cancel_booking, booking_id, clerk=clerk, now=now)), done, failed)


def request_head_office(
    ctx: SessionContext,
    subject: RequestSubject,
    note: str,
    done: Done[str],
    failed: Failed | None = None,
) -> Task:
    """Queue a request for head office (outbox op ``request.head_office``); ``done`` gets
    its id."""
    return submit(ctx, "queue_request", _as_clerk(ctx, lambda ws, clerk, now: ws.write(
        queue_request, action=subject.action, ticket_number=subject.ticket_number,
        flight_no=subject.flight_no, pnr=subject.pnr, note=note, clerk=clerk, now=now)), done,
        failed)
