"""The selected ticket's documents: its itinerary receipt (行程单, Ctrl+P; a replacement voids
the serial printed before), a boarding pass (check-in on the seat map: the passenger's
chosen seat preselected), an e-invoice request, the booking's confirmation and a refund's
slip (退票单). The document desk does the work. Seats… (Ctrl+E) opens the seat map for the
ticket's open coupon (选座)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QHBoxLayout, QInputDialog, QWidget

from counter_app.gui.pages.after_sale.panel import Host
from counter_app.gui.widgets.named import named_button
from counter_app.services.booking import TicketView

if TYPE_CHECKING:
    from counter_app.gui.invoice_dialog import InvoiceDialog
    from counter_app.gui.seat_dialog import SeatDialog


class DocumentsBar(QWidget):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.invoice_dialog: InvoiceDialog | None = None  # the e-invoice dialog opened last
        self.seat_dialog: SeatDialog | None = None  # the seat map opened last
        self.seats_button = named_button(self.tr("Seats… (Ctrl+E)"), "afterSaleSeatsButton",
                                         self)
        self.receipt_button = named_button(self.tr("Receipt (Ctrl+P)"), "receiptButton", self)
        self.replace_receipt_button = named_button(
            self.tr("Replace receipt…"), "replaceReceiptButton", self
        )
        self.boarding_button = named_button(self.tr("Boarding pass… (Ctrl+B)"),
                                            "boardingButton", self)
        self.invoice_button = named_button(self.tr("E-invoice…"), "invoiceButton", self)
        self.confirmation_button = named_button(
            self.tr("Confirmation"), "afterSaleConfirmationButton", self
        )
        self.refund_slip_button = named_button(self.tr("Refund slip"), "refundSlipButton", self)
        self.refund_slip_button.setToolTip(
            self.tr("The refund slip (退票单) of the selected ticket's refund")
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        for button in (self.receipt_button, self.replace_receipt_button, self.seats_button,
                       self.boarding_button,
                       self.invoice_button, self.confirmation_button, self.refund_slip_button):
            row.addWidget(button)
        self.receipt_button.clicked.connect(lambda: self.print_receipt())
        self.replace_receipt_button.clicked.connect(self.ask_replace_receipt)
        self.boarding_button.clicked.connect(self.ask_boarding_pass)
        self.seats_button.clicked.connect(lambda: self.open_seats())
        QShortcut(QKeySequence("Ctrl+E"), self, lambda: self.open_seats())
        # Check-in by keyboard too: the seat map with Ctrl+P for the pass.
        QShortcut(QKeySequence("Ctrl+B"), self, self.ask_boarding_pass)
        self.invoice_button.clicked.connect(self.open_invoice)
        self.confirmation_button.clicked.connect(self.print_confirmation)
        self.refund_slip_button.clicked.connect(lambda: self.print_refund_slip())

    def set_ticket(self, ticket: TicketView | None) -> None:
        """What the selected ticket has to print: nothing for a void one, a boarding pass
        while it is in force, a slip once a coupon is refunded."""
        has_ticket = ticket is not None and ticket.status != "void"
        for button in (self.receipt_button, self.replace_receipt_button, self.invoice_button,
                       self.confirmation_button):
            button.setEnabled(has_ticket)
        self.boarding_button.setEnabled(ticket is not None and ticket.status == "issued")
        self.seats_button.setEnabled(ticket is not None and ticket.status == "issued")
        self.refund_slip_button.setEnabled(
            ticket is not None and any(c.status == "R" for c in ticket.coupons)
        )

    def print_receipt(self, replace_reason: str | None = None) -> None:
        """The selected ticket's itinerary receipt on the next serial; with a reason, a
        replacement that voids the serial printed before."""
        ticket = self.host.selected_ticket()
        if ticket is None:
            return
        self.host.clear_message()
        self.host.ctx.desk.print_receipt(ticket.ticket_number, self.host.failed,
                                         replace_reason=replace_reason)
        self.host.show_info(self.tr("Printing the itinerary receipt of %1…")
                            .replace("%1", ticket.ticket_number))

    def ask_replace_receipt(self) -> None:
        ticket = self.host.selected_ticket()
        if ticket is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Replace receipt"),
            self.tr("Why is the receipt of %1 replaced (jammed, misprinted, lost…)? "
                    "Its serial will be voided.").replace("%1", ticket.ticket_number))
        if ok:
            self.print_receipt(replace_reason=reason)

    def boarding_pass(self, seat: str | None, seq: int = 1) -> None:
        ticket = self.host.selected_ticket()
        if ticket is None:
            return
        self.host.clear_message()
        self.host.ctx.desk.boarding_pass(ticket.ticket_number, seq, seat, self.host.failed)

    def ask_boarding_pass(self) -> None:
        """Check-in: the seat map of the ticket's first open coupon, the passenger's chosen
        seat preselected; the boarding pass prints from the seat chosen there."""
        self.open_seats(checkin=True)

    def open_seats(self, *, checkin: bool = False) -> None:
        """The seat map for the selected ticket's first open coupon (check-in: with the
        boarding pass printed from it)."""
        from counter_app.gui.seat_dialog import SeatDialog

        ticket, detail = self.host.selected_ticket(), self.host.state.detail
        if ticket is None or detail is None or ticket.status != "issued":
            return
        coupon = next((c for c in ticket.coupons if c.status == "O"), None)
        if coupon is None:
            return
        self.host.clear_message()
        dialog = SeatDialog(self.host.ctx, detail.booking_id, None, self,
                            flight_id=coupon.flight_id, select_ticket=ticket.ticket_number,
                            checkin_seq=coupon.seq if checkin else None)
        dialog.changed.connect(self.host.ctx.sync.wake)  # head office learns of it soon
        # Closed, the keyboard goes back where it was (where no window manager gives the
        # window back its focus, nothing would have it).
        before = QApplication.focusWidget()
        dialog.finished.connect(lambda _r: self._seats_closed(before))
        self.seat_dialog = dialog
        dialog.open()

    def _seats_closed(self, before: QWidget | None) -> None:
        self.window().activateWindow()
        if before is not None and before.isVisible():
            before.setFocus()

    def open_invoice(self) -> None:
        from counter_app.gui.invoice_dialog import InvoiceDialog

        ticket = self.host.selected_ticket()
        if ticket is None:
            return
        dialog = InvoiceDialog(self.host.ctx, ticket.ticket_number, self)
        dialog.requested.connect(lambda number: self.host.show_info(
            self.tr("E-invoice requested for %1; it goes to head office with the next sync.")
            .replace("%1", number)))
        self.invoice_dialog = dialog
        dialog.open()

    def print_refund_slip(self, refund_id: str | None = None) -> None:
        """The refund slip of ``refund_id``, else of the selected ticket's latest refund."""
        desk, ticket = self.host.ctx.desk, self.host.selected_ticket()
        if refund_id is not None:
            desk.refund_slip(self.host.failed, refund_id=refund_id)
        elif ticket is not None:
            desk.refund_slip(self.host.failed, ticket_number=ticket.ticket_number)

    def print_confirmation(self) -> None:
        detail = self.host.state.detail
        if detail is not None:
            self.host.ctx.desk.confirmation(detail.booking_id, self.host.failed)
