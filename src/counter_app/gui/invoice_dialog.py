"""The e-invoice request (电子发票申请) of one ticket: when it becomes eligible, the buyer
(company with its unified social credit code, or an individual), the e-mail, and the
requests made so far with their status."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import domain_message
from counter_app.gui.operations import invoices as ops
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import form_of, name_dialog, named
from counter_app.services.screens import InvoiceState


class InvoiceDialog(QDialog):
    """Emits ``requested(ticket_number)`` once the request is recorded."""

    requested = Signal(str)

    def __init__(self, ctx: DeskContext, ticket_number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_number = ticket_number
        name_dialog(
            self, "invoiceDialog", self.tr("E-invoice for %1").replace("%1", ticket_number), 520
        )
        self.state_label = named(QLabel(self), "invoiceState")
        self.state_label.setWordWrap(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Company"), "company")
        self.kind_combo.addItem(self.tr("Individual"), "individual")
        self.name_edit = named(QLineEdit(self), "buyerName")
        self.uscc_edit = named(QLineEdit(self), "buyerUscc")
        self.uscc_edit.setMaxLength(18)
        self.uscc_edit.setPlaceholderText(self.tr("18 characters, e.g. 91350100M000100Y43"))
        self.email_edit = named(QLineEdit(self), "buyerEmail")
        self.message = MessageLine(self, "invoiceMessage")
        form = form_of(
            (self.tr("Buyer type"), self.kind_combo),
            (self.tr("Buyer name"), self.name_edit),
            (self.tr("Unified social credit code"), self.uscc_edit),
            (self.tr("E-mail"), self.email_edit),
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Request"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._busy = False
        self._load()

    def _kind_changed(self) -> None:
        self.uscc_edit.setEnabled(self.kind_combo.currentData() == "company")

    def _load(self) -> None:
        ops.invoice_state(self.ctx, self.ticket_number, self.ctx.clock.now(), self._show_state,
                          self._failed)

    def _show_state(self, result: InvoiceState) -> None:
        state = result.eligibility
        names = {"queued": self.tr("queued"), "received": self.tr("received by head office"),
                 "issued": self.tr("issued"), "red_reversed": self.tr("red-reversed"),
                 "refused": self.tr("refused")}
        if state.eligible:
            text = self.tr("Eligible until %1.").replace("%1", str(state.until_day))
        elif state.reason == "not_flown":
            text = self.tr("Eligible once every segment is flown: from %1 until %2.").replace(
                "%1", str(state.from_day)).replace("%2", str(state.until_day))
        elif state.reason == "expired":
            text = self.tr("Not eligible any more: the 180 days ended on %1.").replace(
                "%1", str(state.until_day))
        else:
            text = self.tr("Not eligible: nothing on this ticket was flown.")
        for row in result.requests:
            text += "\n" + self.tr("Request: %1 — %2").replace("%1", row.buyer_name).replace(
                "%2", names.get(row.status, row.status)) + (
                f" ({row.invoice_no})" if row.invoice_no else "")
        self.state_label.setText(text)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, DomainError):
            self.message.show_error(domain_message(error))
            widget = {"buyer_name": self.name_edit, "uscc": self.uscc_edit,
                      "email": self.email_edit}.get(error.field)
            if widget is not None:
                widget.setFocus()
                widget.selectAll()
        else:
            self.message.show_error(str(error))

    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        number = self.ticket_number

        def done(_request_id: str) -> None:
            self._busy = False
            self.ctx.sync.wake()
            self.requested.emit(number)
            self.accept()

        ops.request_invoice(
            self.ctx, self.ctx.clerk, number, buyer_kind=str(self.kind_combo.currentData()),
            buyer_name=self.name_edit.text(), buyer_uscc=self.uscc_edit.text(),
            email=self.email_edit.text(), now=self.ctx.clock.now(), done=done,
            failed=self._failed,
        )
