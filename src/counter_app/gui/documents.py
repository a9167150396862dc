"""The document desk: every printed document of the counter goes through here.

Each step runs off the GUI thread in two hops: the store work on the database worker (a
receipt serial is taken and committed with its outbox op *before* anything prints,
docs/architecture.md rule 2), then the PDF is rendered on the pool. The document then goes to
the printer chosen for its kind (receipts straight to the receipt printer when one is set),
or to the print preview, where it can also be saved as PDF. Failed print jobs stay in the
print queue for a retry.

An itinerary receipt has used up its serial before it prints, so it must reach paper: with
no receipt printer chosen it opens in the preview only when the print system lists a
printer; when none answers (or none is installed) it waits in the print queue, for no
printer in particular, and prints on the same serial once one answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from counter_app.gui.context import AppContext
from counter_app.gui.printing.preview import PreviewDialog
from counter_app.gui.printing.print_queue import PrintQueue
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import beijing
from counter_app.printing.model import Calibration, Document
from counter_app.printing.spool import Printer, Spooler, system_spooler

OnError = Callable[[BaseException], None]


def default_spooler() -> Spooler | None:
    """CUPS where it exists; otherwise Qt's printing (the Windows spooler)."""
    spooler = system_spooler()
    if spooler is not None:
        return spooler
    from counter_app.gui.printing.qt_printer import QtPrinterSpooler

    return QtPrinterSpooler()


class DocumentDesk(QObject):
    """Emits ``status(text)`` for the status bar and ``receiptPrinted(ticket, serial)``."""

    status = Signal(str)
    receiptPrinted = Signal(str, str)

    def __init__(self, ctx: AppContext, prefs: Preferences, window: QWidget,
                 spooler: Spooler | None = None) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.prefs = prefs
        self.window = window
        self.spooler = spooler if spooler is not None else default_spooler()
        self.queue = PrintQueue(ctx.runner, self.spooler, ctx.data_dir, self)
        self.queue.status.connect(self.status)
        self.previews: list[PreviewDialog] = []

    # -- plumbing -----------------------------------------------------------------------

    def _render(self, name: str, make: Callable[[], Document], on_error: OnError,
                *, direct_kind: str = "") -> None:
        """Render off the GUI thread, then print straight to the printer chosen for
        ``direct_kind`` when there is one, else open the preview."""
        def done(document: Document) -> None:
            printer = self.prefs.printer_for(direct_kind) if direct_kind else ""
            if printer:
                self.queue.submit(document, printer)
                self.status.emit(self.tr("%1 sent to %2.").replace("%1", document.title)
                                 .replace("%2", printer))
            elif document.kind == "receipt":
                self._receipt_to_preview_or_queue(document)
            else:
                self.show_preview(document)

        self.ctx.runner.run_io(name, make, done, on_error)

    def _receipt_to_preview_or_queue(self, document: Document) -> None:
        """A receipt with no receipt printer chosen: the preview if a printer answers (the
        clerk picks it there), else the print queue, where it waits for one."""
        spooler = self.spooler

        def listed(printers: list[Printer]) -> None:
            if printers:
                self.show_preview(document)
            else:
                self._wait_in_queue(document)

        if spooler is None:
            self._wait_in_queue(document)
            return
        self.ctx.runner.run_io("receipt_printers", spooler.printers, listed,
                               lambda _error: self._wait_in_queue(document))

    def _wait_in_queue(self, document: Document) -> None:
        self.queue.submit(document, "")
        self.status.emit(
            self.tr("%1 waits in the print queue (Ctrl+J): no printer answers. It prints "
                    "on the same serial once one does.").replace("%1", document.title))

    def show_preview(self, document: Document) -> PreviewDialog:
        dialog = PreviewDialog(document, self.queue, self.spooler, self.prefs, self.window)
        dialog.status.connect(self.status)
        dialog.finished.connect(lambda _r, d=dialog: self._forget(d))
        self.previews.append(dialog)
        dialog.open()
        return dialog

    def _forget(self, dialog: PreviewDialog) -> None:
        if dialog in self.previews:
            self.previews.remove(dialog)
        dialog.deleteLater()

    # -- itinerary receipt --------------------------------------------------------------

    def print_receipt(self, ticket_number: str, on_error: OnError, *,
                      replace_reason: str | None = None) -> None:
        """Take the next serial for the ticket's receipt (committed first), then print it
        on this workstation's receipt printer, or show the preview when none is set."""
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None:
            return
        mode = self.prefs.receipt_print_mode
        receipt_mode: Literal["overlay", "plain"] = "plain" if mode == "plain" else "overlay"
        calibration = self.prefs.calibration
        now = self.ctx.clock.now()

        def work() -> Any:
            from counter_app.services.receipts import print_receipt

            with store.unit_of_work() as session:
                return print_receipt(session, clerk, ticket_number, mode=mode, now=now,
                                     replace_reason=replace_reason)

        def recorded(printed: Any) -> None:
            self.receiptPrinted.emit(printed.ticket_number, printed.serial)
            if self.ctx.sync is not None:
                self.ctx.sync.wake()

            def make() -> Document:
                from counter_app.printing.itinerary import receipt_document

                return receipt_document(printed.receipt, mode=receipt_mode,
                                        calibration=calibration)

            self._render("render_receipt", make, on_error, direct_kind="receipt")

        self.ctx.runner.run_db("print_receipt", work, recorded, on_error)

    def spoil_next_form(self, reason: str, on_error: OnError,
                        done: Callable[[str], None] | None = None) -> None:
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None:
            return
        now = self.ctx.clock.now()

        def work() -> str:
            from counter_app.services.receipts import spoil_serial

            with store.unit_of_work() as session:
                return spoil_serial(session, clerk, reason, now)

        def spoiled(serial: str) -> None:
            self.status.emit(self.tr("Receipt form %1 recorded as spoiled.").replace("%1", serial))
            if done is not None:
                done(serial)

        self.ctx.runner.run_db("spoil_serial", work, spoiled, on_error)

    def print_test_grid(self, calibration: Calibration, on_error: OnError) -> None:
        def make() -> Document:
            from counter_app.printing.itinerary import grid_document

            return grid_document(calibration)

        self._render("render_grid", make, on_error, direct_kind="receipt")

    # -- other documents ------------------------------------------------------------------

    def confirmation(self, booking_id: str, on_error: OnError, paper: str | None = None) -> None:
        """The booking confirmation on this workstation's paper (A4, A5 or the 80 mm roll)."""
        paper = paper or self.prefs.confirmation_paper
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None:
            return
        login = clerk.login
        now = self.ctx.clock.now()

        def work() -> Any:
            from counter_app.services.documents import confirmation

            with store.read() as session:
                return confirmation(session, booking_id, clerk_login=login, now=now)

        def built(data: Any) -> None:
            def make() -> Document:
                from counter_app.printing.confirmation import confirmation_document

                return confirmation_document(data, paper)  # type: ignore[arg-type]

            self._render("render_confirmation", make, on_error)

        self.ctx.runner.run_db("confirmation", work, built, on_error)

    def refund_slip(self, on_error: OnError, *, refund_id: str | None = None,
                    ticket_number: str | None = None) -> None:
        """The refund slip (退票单) of a refund, or of the ticket's latest refund, in the
        preview (printed on whatever paper the clerk picks there, or saved as PDF)."""
        store = self.ctx.store
        if store is None or (refund_id is None and ticket_number is None):
            return

        def work() -> Any:
            from counter_app.services.after_sale import refund_slip, refund_slip_of_ticket

            with store.read() as session:
                if refund_id is not None:
                    return refund_slip(session, refund_id)
                assert ticket_number is not None
                return refund_slip_of_ticket(session, ticket_number)

        def built(data: Any) -> None:
            def make() -> Document:
                from counter_app.printing.refund_slip import refund_slip_document

                return refund_slip_document(data)

            self._render("render_refund_slip", make, on_error)

        self.ctx.runner.run_db("refund_slip", work, built, on_error)

    def boarding_pass(self, ticket_number: str, seq: int, seat: str | None,
                      on_error: OnError) -> None:
        """Check the coupon in on ``seat`` (None: print again for a coupon checked in)."""
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None:
            return
        login = clerk.login
        now = self.ctx.clock.now()

        def work() -> Any:
            from counter_app.services.boarding import check_in, coupon_for
            from counter_app.services.documents import boarding_pass

            with store.unit_of_work() as session:
                coupon = coupon_for(session, ticket_number, seq)
                if seat is not None:
                    check_in(session, coupon, seat, login, now)
                return boarding_pass(session, coupon)

        def built(data: Any) -> None:
            def make() -> Document:
                from counter_app.printing.boarding_pass import boarding_pass_document

                return boarding_pass_document(data)

            self._render("render_boarding_pass", make, on_error,
                         direct_kind="boarding_pass")

        self.ctx.runner.run_db("boarding_pass", work, built, on_error)

    def day_close(self, on_error: OnError, *, close: bool, day: date | None = None) -> None:
        """Close today (``close``) and show the report, or preview a day's report."""
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None:
            return
        now = self.ctx.clock.now()

        def work() -> Any:
            from counter_app.services.after_sale import day_close
            from counter_app.services.documents import day_close_report

            the_day = day
            if close:
                with store.unit_of_work() as session:
                    the_day = day_close(session, clerk, now).business_date
            with store.read() as session:
                if the_day is None:
                    the_day = beijing(now).date()
                return day_close_report(session, clerk.outlet_code, the_day, clerk.name)

        def built(report: Any) -> None:
            if close and self.ctx.sync is not None:
                self.ctx.sync.wake()

            def make() -> Document:
                from counter_app.printing.reports import day_close_document

                return day_close_document(report)

            self._render("render_day_close", make, on_error)

        self.ctx.runner.run_db("day_close", work, built, on_error)

    def statement(self, customer_id: str, year: int, month: int, on_error: OnError) -> None:
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None:
            return
        now = self.ctx.clock.now()
        who = clerk.name

        def work() -> Any:
            from counter_app.services.documents import statement

            with store.read() as session:
                return statement(session, customer_id, year, month, prepared_by=who, now=now)

        def built(data: Any) -> None:
            def make() -> Document:
                from counter_app.printing.reports import statement_document

                return statement_document(data)

            self._render("render_statement", make, on_error)

        self.ctx.runner.run_db("statement", work, built, on_error)
