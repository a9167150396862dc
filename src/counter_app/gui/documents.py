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
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from counter_app.gui.context import SessionContext
from counter_app.gui.operations import documents as ops
from counter_app.gui.operations import submit
from counter_app.gui.printing.preview import PreviewDialog
from counter_app.gui.printing.print_queue import PrintQueue
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import beijing
from counter_app.printing.model import (
    BoardingPass,
    Calibration,
    Confirmation,
    DayCloseReport,
    Document,
    Statement,
)
from counter_app.printing.spool import Printer, Spooler, system_spooler

if TYPE_CHECKING:
    from counter_app.printing.flow import Paper
    from counter_app.printing.refund_slip import RefundSlip
    from counter_app.printing.service_request import PrintableRequest
    from counter_app.services.receipts import PrintedReceipt
    from counter_app.services.workspace import Workspace

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

    def __init__(self, ctx: SessionContext, prefs: Preferences, window: QWidget,
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
        mode = self.prefs.receipt_print_mode
        receipt_mode: Literal["overlay", "plain"] = "plain" if mode == "plain" else "overlay"
        calibration = self.prefs.calibration

        def recorded(printed: PrintedReceipt) -> None:
            self.receiptPrinted.emit(printed.ticket_number, printed.serial)
            self.ctx.sync.wake()

            def make() -> Document:
                from counter_app.printing.itinerary import receipt_document

                return receipt_document(printed.receipt, mode=receipt_mode,
                                        calibration=calibration)

            self._render("render_receipt", make, on_error, direct_kind="receipt")

        ops.print_receipt(self.ctx, self.ctx.clerk, ticket_number, mode, self.ctx.clock.now(),
                          replace_reason, recorded, on_error)

    def spoil_next_form(self, reason: str, on_error: OnError,
                        done: Callable[[str], None] | None = None) -> None:
        def spoiled(serial: str) -> None:
            self.status.emit(self.tr("Receipt form %1 recorded as spoiled.").replace("%1", serial))
            if done is not None:
                done(serial)

        ops.spoil_serial(self.ctx, self.ctx.clerk, reason, self.ctx.clock.now(), spoiled,
                         on_error)

    def print_test_grid(self, calibration: Calibration, on_error: OnError) -> None:
        def make() -> Document:
            from counter_app.printing.itinerary import grid_document

            return grid_document(calibration)

        self._render("render_grid", make, on_error, direct_kind="receipt")

    # -- other documents ------------------------------------------------------------------

    def confirmation(self, booking_id: str, on_error: OnError, paper: Paper | None = None) -> None:
        """The booking confirmation on this workstation's paper (A4, A5 or the 80 mm roll)."""
        chosen = paper or self.prefs.confirmation_paper

        def built(data: Confirmation) -> None:
            def make() -> Document:
                from counter_app.printing.confirmation import confirmation_document

                return confirmation_document(data, chosen)

            self._render("render_confirmation", make, on_error)

        ops.confirmation(self.ctx, booking_id, self.ctx.clerk.login, self.ctx.clock.now(),
                         built, on_error)

    def refund_slip(self, on_error: OnError, *, refund_id: str | None = None,
                    ticket_number: str | None = None) -> None:
        """The refund slip (退票单) of a refund, or of the ticket's latest refund, in the
        preview (printed on whatever paper the clerk picks there, or saved as PDF)."""
        if refund_id is None and ticket_number is None:
            return

        def built(data: RefundSlip) -> None:
            def make() -> Document:
                from counter_app.printing.refund_slip import refund_slip_document

                return refund_slip_document(data)

            self._render("render_refund_slip", make, on_error)

        ops.refund_slip(self.ctx, refund_id, ticket_number, built, on_error)

    def service_request(self, request_id: str, on_error: OnError, *,
                        language: str | None = None) -> None:
        """A GP service request (服务申请单), A4, in the preview (printed on the printer the
        clerk picks there, or saved as PDF); in the interface's language unless told."""
        chosen = language or self.prefs.language
        now = self.ctx.clock.now()

        def built(data: PrintableRequest) -> None:
            def make() -> Document:
                from counter_app.printing.service_request import service_request_document

                return service_request_document(data, chosen)

            self._render("render_service_request", make, on_error)

        def read(ws: Workspace) -> PrintableRequest:
            from counter_app.services.request_print import printable_request  # reportlab

            return ws.read(printable_request, request_id, now)

        submit(self.ctx, "service_request_print", read, built, on_error)

    def boarding_pass(self, ticket_number: str, seq: int, seat: str | None,
                      on_error: OnError) -> None:
        """Check the coupon in on ``seat`` (None: print again for a coupon checked in)."""

        def built(data: BoardingPass) -> None:
            def make() -> Document:
                from counter_app.printing.boarding_pass import boarding_pass_document

                return boarding_pass_document(data)

            self._render("render_boarding_pass", make, on_error,
                         direct_kind="boarding_pass")

        ops.boarding_pass(self.ctx, ticket_number, seq, seat, self.ctx.clerk.login,
                          self.ctx.clock.now(), built, on_error)

    def day_close(self, on_error: OnError, *, close: bool, day: date | None = None) -> None:
        """Close today (``close``) and show the report, or preview a day's report."""
        now = self.ctx.clock.now()

        def built(report: DayCloseReport) -> None:
            if close:
                self.ctx.sync.wake()

            def make() -> Document:
                from counter_app.printing.reports import day_close_document

                return day_close_document(report)

            self._render("render_day_close", make, on_error)

        if close:
            ops.close_day(self.ctx, self.ctx.clerk, now, built, on_error)
        else:
            ops.day_report(self.ctx, self.ctx.clerk, day or beijing(now).date(), built, on_error)

    def statement(self, customer_id: str, year: int, month: int, on_error: OnError) -> None:
        def built(data: Statement) -> None:
            def make() -> Document:
                from counter_app.printing.reports import statement_document

                return statement_document(data)

            self._render("render_statement", make, on_error)

        ops.statement(self.ctx, customer_id, year, month, self.ctx.clerk.name,
                      self.ctx.clock.now(), built, on_error)
