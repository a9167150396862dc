"""The store work of the printed documents (gui/documents.py renders and prints them): a
receipt's serial is taken and committed with its op before anything prints
(docs/architecture.md rule 2), a check-in is recorded with its boarding pass, the day is
closed with its report; the rest only read."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.printing.model import BoardingPass, Confirmation, DayCloseReport, Statement
from counter_app.services import after_sale, documents, receipts, screens
from counter_app.services.identity import ClerkSession
from counter_app.services.receipts import PrintedReceipt
from counter_app.services.workspace import Workspace

if TYPE_CHECKING:
    from counter_app.printing.refund_slip import RefundSlip


def print_receipt(
    ctx: OnWorker, clerk: ClerkSession, ticket_number: str, mode: str, now: datetime,
    replace_reason: str | None, done: Done[PrintedReceipt], failed: Failed | None = None,
) -> Task:
    """Take the ticket's next receipt serial and commit it with its ``receipt.print`` op."""
    return submit(ctx, "print_receipt", lambda ws: ws.write(
        receipts.print_receipt, clerk, ticket_number, mode=mode, now=now,
        replace_reason=replace_reason), done, failed)


def spoil_serial(
    ctx: OnWorker, clerk: ClerkSession, reason: str, now: datetime, done: Done[str],
    failed: Failed | None = None,
) -> Task:
    """Record the next blank receipt form as spoiled; ``done(serial)``."""
    return submit(ctx, "spoil_serial", lambda ws: ws.write(
        receipts.spoil_serial, clerk, reason, now), done, failed)


def confirmation(
    ctx: OnWorker, booking_id: str, clerk_login: str, now: datetime,
    done: Done[Confirmation], failed: Failed | None = None,
) -> Task:
    return submit(ctx, "confirmation", lambda ws: ws.read(
        documents.confirmation, booking_id, clerk_login=clerk_login, now=now), done, failed)


def refund_slip(
    ctx: OnWorker, refund_id: str | None, ticket_number: str | None,
    done: Done[RefundSlip], failed: Failed | None = None,
) -> Task:
    """The slip of the refund ``refund_id``, else of ``ticket_number``'s latest refund."""

    def work(ws: Workspace) -> RefundSlip:
        if refund_id is not None:
            return ws.read(after_sale.refund_slip, refund_id)
        assert ticket_number is not None
        return ws.read(after_sale.refund_slip_of_ticket, ticket_number)

    return submit(ctx, "refund_slip", work, done, failed)


def boarding_pass(
    ctx: OnWorker, ticket_number: str, seq: int, seat: str | None, clerk_login: str,
    now: datetime, done: Done[BoardingPass], failed: Failed | None = None,
) -> Task:
    """Check the coupon in on ``seat`` (None: a pass again for a coupon checked in)."""
    return submit(ctx, "boarding_pass", lambda ws: ws.write(
        screens.check_in_and_pass, ticket_number, seq, seat, clerk_login, now), done, failed)


def close_day(
    ctx: OnWorker, clerk: ClerkSession, now: datetime, done: Done[DayCloseReport],
    failed: Failed | None = None,
) -> Task:
    """Close today's business (``day.close`` for head office) and read its report."""
    return submit(ctx, "day_close", lambda ws: ws.write(
        screens.close_day_and_report, clerk, now), done, failed)


def day_report(
    ctx: OnWorker, clerk: ClerkSession, day: date, done: Done[DayCloseReport],
    failed: Failed | None = None,
) -> Task:
    """A day's report of the clerk's outlet, without closing it."""
    return submit(ctx, "day_close", lambda ws: ws.read(
        documents.day_close_report, clerk.outlet_code, day, clerk.name), done, failed)


def statement(
    ctx: OnWorker, customer_id: str, year: int, month: int, prepared_by: str, now: datetime,
    done: Done[Statement], failed: Failed | None = None,
) -> Task:
    """An agreement customer's monthly statement."""
    return submit(ctx, "statement", lambda ws: ws.read(
        documents.statement, customer_id, year, month, prepared_by=prepared_by, now=now),
        done, failed)
