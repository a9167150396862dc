"""The sale's operations (售票): what the sale page asks of the counter's data, each a
service run on the database worker, its typed result handed back on the GUI thread.

Finding a customer and reading its terms, a traveller from its list, known travellers as
the clerk types, ID numbers on file under another name, the quote, the booking held, the
tickets issued; and, online, head office's seats for a flight this counter holds none on
(the network, on the pool). The services are imported on the worker, not when the page
is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task

if TYPE_CHECKING:
    from counter_app.domain.passengers import PassengerInput
    from counter_app.services.booking import HeldBooking, IssuedBooking, SegmentChoice, TripQuote
    from counter_app.services.customers import CustomerRow
    from counter_app.services.identity import ClerkSession
    from counter_app.services.lookup import CustomerTerms, KnownTraveller
    from counter_app.services.payments import Override, PaymentInput
    from counter_app.services.workspace import Workspace
    from counter_app.sync.engine import SyncEngine

__all__ = [
    "book",
    "customer_terms",
    "find_customers",
    "known_travellers",
    "other_names_on_file",
    "quote_trip",
    "request_leases",
    "ticket_booking",
    "traveller_on_list",
]


def find_customers(
    ctx: OnWorker, text: str, kind: str, done: Done[list[CustomerRow]],
    failed: Failed | None = None,
) -> Task:
    """The customers of ``kind`` whose name, pinyin, initials or code hold ``text``."""

    def work(ws: Workspace) -> list[CustomerRow]:
        from counter_app.services import customers

        return ws.read(customers.find_customers, text, kind, limit=20)

    return submit(ctx, "sale_customers", work, done, failed)


def customer_terms(
    ctx: OnWorker, customer_id: str, done: Done[CustomerTerms], failed: Failed | None = None
) -> Task:
    """How the customer chosen may pay, its credit left, its travellers."""

    def work(ws: Workspace) -> CustomerTerms:
        from counter_app.services import lookup

        return ws.read(lookup.customer_terms, customer_id)

    return submit(ctx, "sale_customer", work, done, failed)


def traveller_on_list(
    ctx: OnWorker, traveller_id: str, done: Done[KnownTraveller], failed: Failed | None = None
) -> Task:
    """A traveller of the customer's list, whole (ID number unmasked), to add as passenger."""

    def work(ws: Workspace) -> KnownTraveller:
        from counter_app.services import lookup

        return ws.read(lookup.traveller_on_list, traveller_id)

    return submit(ctx, "sale_official", work, done, failed)


def known_travellers(
    ctx: OnWorker, text: str, done: Done[list[KnownTraveller]], failed: Failed | None = None
) -> Task:
    """Travellers sold to before (or on a customer's list) for what the clerk typed
    (:func:`counter_app.services.lookup.lookup_travellers`)."""

    def work(ws: Workspace) -> list[KnownTraveller]:
        from counter_app.services import lookup

        return ws.read(lookup.lookup_travellers, text)

    return submit(ctx, "known_travellers", work, done, failed)


def other_names_on_file(
    ctx: OnWorker, id_type: str, id_number: str, name: str, done: Done[list[str]],
    failed: Failed | None = None,
) -> Task:
    """The names other than ``name`` this ID number is on file under."""

    def work(ws: Workspace) -> list[str]:
        from counter_app.services import id_checks

        return ws.read(id_checks.other_names_on_file, id_type, id_number, name)

    return submit(ctx, "id_names_on_file", work, done, failed)


def quote_trip(
    ctx: OnWorker, segments: Sequence[SegmentChoice], passengers: Sequence[PassengerInput],
    customer_id: str | None, now: datetime, done: Done[TripQuote], failed: Failed | None = None,
) -> Task:
    """Price the itinerary for the passengers (nothing is held)."""

    def work(ws: Workspace) -> TripQuote:
        from counter_app.services import booking

        return ws.read(booking.quote_trip, segments=segments, passengers=passengers,
                       customer_id=customer_id, now=now)

    return submit(ctx, "quote", work, done, failed)


def book(
    ctx: OnWorker, segments: Sequence[SegmentChoice], passengers: Sequence[PassengerInput],
    customer_id: str | None, clerk: ClerkSession, now: datetime, gp_order_no: str,
    contact_mobile: str, done: Done[HeldBooking], failed: Failed | None = None,
) -> Task:
    """Hold the booking: PNR, ticketing deadline, seats from this counter's leases."""

    def work(ws: Workspace) -> HeldBooking:
        from counter_app.services import booking

        return ws.write(booking.book, segments=segments, passengers=passengers,
                        customer_id=customer_id, clerk=clerk, now=now,
                        gp_order_no=gp_order_no, contact_mobile=contact_mobile)

    return submit(ctx, "book", work, done, failed)


def ticket_booking(
    ctx: OnWorker, booking_id: str, payments: Sequence[PaymentInput], clerk: ClerkSession,
    now: datetime, override: Override | None, done: Done[IssuedBooking],
    failed: Failed | None = None,
) -> Task:
    """Take the payments and issue the tickets from this counter's number range."""

    def work(ws: Workspace) -> IssuedBooking:
        from counter_app.services import booking

        return ws.write(booking.ticket_booking, booking_id, payments, clerk=clerk, now=now,
                        override=override)

    return submit(ctx, "ticket", work, done, failed)


def request_leases(
    ctx: OnWorker, engine: SyncEngine, wanted: Sequence[tuple[str, str]], seats: int,
    done: Done[None], failed: Failed | None = None,
) -> Task:
    """Online: ask head office for ``seats`` on each (flight, cabin) and keep the leases
    (the network, on the pool; the sync engine stores each lease)."""

    def work() -> None:
        for flight_id, cabin in wanted:
            engine.request_lease(flight_id, cabin, seats)

    return ctx.runner.run_io("sale_lease", work, done, failed)
