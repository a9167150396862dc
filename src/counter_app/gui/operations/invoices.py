"""The e-invoice dialog: a ticket's eligibility and requests, and a new request."""

from __future__ import annotations

from datetime import datetime

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.services import invoices, screens
from counter_app.services.identity import ClerkSession
from counter_app.services.screens import InvoiceState


def invoice_state(
    ctx: OnWorker, ticket_number: str, now: datetime, done: Done[InvoiceState],
    failed: Failed | None = None,
) -> Task:
    return submit(ctx, "invoice_state",
                  lambda ws: ws.read(screens.invoice_state, ticket_number, now), done, failed)


def request_invoice(
    ctx: OnWorker, clerk: ClerkSession, ticket_number: str, *, buyer_kind: str,
    buyer_name: str, buyer_uscc: str, email: str, now: datetime, done: Done[str],
    failed: Failed | None = None,
) -> Task:
    """Record the request with its ``invoice.request`` op; ``done(request_id)``."""
    return submit(ctx, "request_invoice", lambda ws: ws.write(
        invoices.request_invoice, clerk, ticket_number, buyer_kind=buyer_kind,
        buyer_name=buyer_name, buyer_uscc=buyer_uscc, email=email, now=now,
    ).id, done, failed)
