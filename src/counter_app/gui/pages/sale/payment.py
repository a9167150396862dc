"""Step 5 of the sale, payment and tickets (F8): the method the customer may use, the
amount (all that is left unless typed), the cash handed over and the change due, the card
slip's reference; a split payment keeps one and takes the rest by another method. Over an
agreement customer's credit limit a supervisor's login lets it through. Then the tickets
issued and their documents: itinerary receipts (Ctrl+P) and the confirmation
(Ctrl+Shift+P)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.money import format_yuan
from counter_app.gui.context import DeskContext
from counter_app.gui.pages.sale.fields import Notes, buddy_label
from counter_app.gui.pages.sale.state import WALK_IN_METHODS, SaleState, money_typed
from counter_app.gui.widgets.named import named, named_button, named_edit

if TYPE_CHECKING:
    from counter_app.services.booking import IssuedBooking
    from counter_app.services.payments import Override, PaymentInput


class PaymentPanel(QGroupBox):
    """Renders the sale's payments, tickets and documents (:class:`PaymentState`,
    against the quote's total). ``submitted`` on Enter in the amount, cash or reference
    field; ``changed`` when the receipts were sent or failed (the page enables its buttons
    again); ``failed(error)`` when a document could not be made."""

    submitted = Signal()
    changed = Signal()
    failed = Signal(object)

    def __init__(self, ctx: DeskContext, notes: Notes, state: SaleState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notes = notes
        self.sale = state
        self.setTitle(self.tr("5 Payment and ticket (F8)"))
        self.method_combo = named(QComboBox(self), "methodCombo")
        self.amount_edit = named_edit(self, "amountEdit", self.amount_hint())
        self.tendered_edit = named_edit(self, "tenderedEdit", self.tr("Cash handed over"))
        self.reference_edit = named_edit(
            self, "referenceEdit", self.tr("Card slip / transfer reference")
        )
        self.add_payment_button = named_button(
            self.tr("Split: add payment"), "addPaymentButton", self
        )
        self.payments_label = named(QLabel(self), "paymentsLabel")
        self.payments_label.setWordWrap(True)
        self._build_override()
        self.ticket_button = named_button(
            self.tr("Take payment and ticket (F8)"), "ticketButton", self
        )
        self.tickets_label = named(QLabel(self), "ticketsLabel")
        self.tickets_label.setWordWrap(True)
        self.tickets_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipts_button = named_button(
            self.tr("Print itinerary receipts (Ctrl+P)"), "receiptsButton", self
        )
        self.confirmation_button = named_button(
            self.tr("Confirmation (Ctrl+Shift+P)"), "confirmationButton", self
        )
        form = QFormLayout()
        form.addRow(buddy_label(self, self.tr("Method"), self.method_combo), self.method_combo)
        form.addRow(buddy_label(self, self.tr("Amount"), self.amount_edit), self.amount_edit)
        form.addRow(buddy_label(self, self.tr("Tendered"), self.tendered_edit),
                    self.tendered_edit)
        form.addRow(buddy_label(self, self.tr("Reference"), self.reference_edit),
                    self.reference_edit)
        documents = QHBoxLayout()
        documents.addWidget(self.receipts_button)
        documents.addWidget(self.confirmation_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.add_payment_button)
        layout.addWidget(self.payments_label)
        layout.addWidget(self.override_row)
        layout.addWidget(self.ticket_button)
        layout.addWidget(self.tickets_label)
        layout.addLayout(documents)
        self.set_methods(list(WALK_IN_METHODS))
        self.receipts_button.clicked.connect(self.print_receipts)
        self.confirmation_button.clicked.connect(self.print_confirmation)
        self.tendered_edit.textEdited.connect(lambda _t: self.show_payments())
        for edit in (self.amount_edit, self.tendered_edit, self.reference_edit):
            edit.installEventFilter(self)

    def _build_override(self) -> None:
        """A supervisor's login, shown when a payment is over the customer's credit."""
        self.override_row = QWidget(self)
        self.approver_edit = named(QLineEdit(self.override_row), "approverEdit")
        self.approver_edit.setPlaceholderText(self.tr("Supervisor login"))
        self.approver_password = named(QLineEdit(self.override_row), "approverPassword")
        self.approver_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.approver_password.setPlaceholderText(self.tr("Supervisor password"))
        self.override_reason = named(QLineEdit(self.override_row), "overrideReason")
        self.override_reason.setPlaceholderText(self.tr("Reason for the override"))
        override_layout = QHBoxLayout(self.override_row)
        override_layout.setContentsMargins(0, 0, 0, 0)
        override_layout.addWidget(
            buddy_label(self.override_row, self.tr("Supervisor"), self.approver_edit))
        override_layout.addWidget(self.approver_edit)
        override_layout.addWidget(self.approver_password)
        override_layout.addWidget(self.override_reason, 1)
        self.override_row.setVisible(False)

    # -- methods ------------------------------------------------------------------------

    def amount_hint(self) -> str:
        """The amount field's placeholder while no quote gives it a total."""
        return self.tr("Amount (all that is left)")

    def show_total(self, total: Decimal | None) -> None:
        """The quote's total as the amount's default (None: no quote, the hint again)."""
        self.amount_edit.setPlaceholderText(
            format_yuan(total) if total is not None else self.amount_hint())

    def method_names(self) -> dict[str, str]:
        return {
            "cash": self.tr("Cash"),
            "bank_card": self.tr("Bank card"),
            "phone_card": self.tr("Card by phone (11185)"),
            "on_account": self.tr("On account (monthly)"),
            "official_card": self.tr("Official card"),
            "unit_transfer": self.tr("Unit transfer"),
        }

    def set_methods(self, codes: list[str]) -> None:
        names = self.method_names()
        current = self.method_combo.currentData()
        self.method_combo.clear()
        for code in codes:
            self.method_combo.addItem(names.get(code, code), code)
        index = self.method_combo.findData(current)
        self.method_combo.setCurrentIndex(max(0, index))

    def choose_method(self, code: str) -> None:
        self.method_combo.setCurrentIndex(self.method_combo.findData(code))

    # -- what was typed -----------------------------------------------------------------

    def payment_from_form(self, remaining: Decimal) -> PaymentInput:
        """The payment in the form, checked as the service will check it; a refusal
        (``DomainError``) names the field, and what was typed stays."""
        from counter_app.services.payments import PaymentInput, check_reference

        text = self.amount_edit.text().strip()
        amount = remaining if not text else money_typed(text)
        if amount is None or amount <= 0:
            raise DomainError("amount_format", field="payment")
        method = str(self.method_combo.currentData())
        tendered = None
        if method == "cash" and self.tendered_edit.text().strip():
            tendered = money_typed(self.tendered_edit.text())
            if tendered is None:
                raise DomainError("amount_format", field="tendered")
        payment = PaymentInput(
            method=method,
            amount=amount,
            reference=self.reference_edit.text().strip(),
            tendered=tendered,
        )
        check_reference(payment)
        return payment

    def override(self) -> Override | None:
        """The supervisor's login typed, when the override is asked for."""
        if self.override_row.isHidden() or not self.approver_edit.text().strip():
            return None
        from counter_app.services.payments import Override

        return Override(
            self.approver_edit.text().strip(),
            self.approver_password.text(),
            self.override_reason.text().strip(),
        )

    def ask_override(self) -> None:
        self.override_row.setVisible(True)
        self.approver_edit.setFocus()

    def clear_amounts(self) -> None:
        for edit in (self.amount_edit, self.tendered_edit, self.reference_edit):
            edit.clear()

    def clear(self) -> None:
        """A new sale: nothing typed, taken or issued."""
        self.clear_amounts()
        for edit in (self.approver_edit, self.approver_password, self.override_reason):
            edit.clear()
        self.tickets_label.setText("")
        self.payments_label.setText("")
        self.override_row.setVisible(False)

    # -- what was taken -----------------------------------------------------------------

    def show_payments(self) -> None:
        """The payments kept, what is left to pay and the change due on the cash typed."""
        issued = self.sale.payment.issued
        if issued is not None:
            self.payments_label.setText(self.paid_text(issued))
            return
        names = self.method_names()
        text = " + ".join(f"{names.get(p.method, p.method)} {format_yuan(p.amount)}"
                          for p in self.sale.payment.payments)
        remaining = self.sale.remaining()
        if self.sale.booking.quote is not None:
            text += ("  " if text else "") + self.tr("left to pay %1").replace(
                "%1", format_yuan(remaining)
            )
        tendered = money_typed(self.tendered_edit.text()) if self.tendered_edit.text() else None
        if tendered is not None and self.method_combo.currentData() == "cash":
            due = tendered - (money_typed(self.amount_edit.text()) or remaining)
            if due >= 0:
                text += "  " + self.tr("change due %1").replace("%1", format_yuan(due))
        self.payments_label.setText(text)

    def paid_text(self, issued: IssuedBooking) -> str:
        """What was taken for tickets issued: ``已收 现金 ¥260.00 · 已付清``."""
        names = self.method_names()
        paid = " + ".join(f"{names.get(m, m)} {format_yuan(a)}" for m, a in issued.paid)
        if not paid:
            return self.tr("Nothing to pay")
        return self.tr("Received %1 · paid in full").replace("%1", paid)

    def show_issued(self, issued: IssuedBooking) -> None:
        """The tickets issued, the change due and what was taken; the form is cleared."""
        self.override_row.setVisible(False)
        self.approver_password.clear()
        lines = [
            f"{t.ticket_number}  {t.passenger_name}  {format_yuan(t.total)}" for t in issued.tickets
        ]
        if issued.change_due > 0:
            lines.append(self.tr("Change due: %1").replace("%1", format_yuan(issued.change_due)))
        self.tickets_label.setText("\n".join(lines))
        self.payments_label.setText(self.paid_text(issued))
        self.clear_amounts()

    # -- documents ----------------------------------------------------------------------

    def print_receipts(self) -> None:
        """The itinerary receipt of every ticket just issued, one serial each, in order."""
        payment = self.sale.payment
        issued = payment.issued
        if issued is None or payment.receipts_done:
            return
        payment.receipts_done = True
        self.changed.emit()
        # After a refusal (stock ran out half-way) only the tickets still without a receipt.
        waiting = [t for t in issued.tickets if t.ticket_number not in payment.receipt_serials]
        for t in waiting:
            self.ctx.desk.print_receipt(t.ticket_number, self._receipt_failed)
        self.notes.show_info(
            self.tr("Printing %1 itinerary receipt(s)…").replace("%1", str(len(waiting))))

    def _receipt_failed(self, error: BaseException) -> None:
        self.sale.payment.receipts_done = False
        self.changed.emit()
        self.failed.emit(error)

    def receipt_printed(self, ticket_number: str, serial: str) -> None:
        """The desk took a serial for one of this sale's tickets and printed it."""
        issued = self.sale.payment.issued
        if issued is not None and any(t.ticket_number == ticket_number for t in issued.tickets):
            self.sale.payment.receipt_serials[ticket_number] = serial
            self.notes.show_info(
                self.tr("Receipt serial %1 for ticket %2. Ctrl+N for the next sale.")
                .replace("%1", serial).replace("%2", ticket_number))

    def print_confirmation(self) -> None:
        """The booking confirmation (or sales receipt) of the booking held or ticketed."""
        booking = self.sale.payment.issued or self.sale.booking.held
        if booking is not None:
            self.ctx.desk.confirmation(booking.booking_id, self.failed.emit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and watched in (self.amount_edit, self.tendered_edit, self.reference_edit)):
            self.submitted.emit()
            return True
        return super().eventFilter(watched, event)
