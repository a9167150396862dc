"""The e-invoice request (电子发票申请) of one ticket: when it becomes eligible, the buyer
(company with its unified social credit code, or an individual), the e-mail, and the
requests made so far with their status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.context import AppContext
from counter_app.gui.messages import ERROR_STYLE, domain_message


class InvoiceDialog(QDialog):
    """Emits ``requested(ticket_number)`` once the request is recorded."""

    requested = Signal(str)

    def __init__(self, ctx: AppContext, ticket_number: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.ticket_number = ticket_number
        self.setObjectName("invoiceDialog")
        self.setWindowTitle(self.tr("E-invoice for %1").replace("%1", ticket_number))
        self.setMinimumWidth(520)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("invoiceState")
        self.state_label.setWordWrap(True)
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Company"), "company")
        self.kind_combo.addItem(self.tr("Individual"), "individual")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("buyerName")
        self.uscc_edit = QLineEdit(self)
        self.uscc_edit.setObjectName("buyerUscc")
        self.uscc_edit.setMaxLength(18)
        self.uscc_edit.setPlaceholderText(self.tr("18 characters, e.g. 91350100M000100Y43"))
        self.email_edit = QLineEdit(self)
        self.email_edit.setObjectName("buyerEmail")
        self.message = QLabel(self)
        self.message.setObjectName("invoiceMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Buyer type"), self.kind_combo)
        form.addRow(self.tr("Buyer name"), self.name_edit)
        form.addRow(self.tr("Unified social credit code"), self.uscc_edit)
        form.addRow(self.tr("E-mail"), self.email_edit)
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
        store = self.ctx.store
        if store is None:
            return
        number, now = self.ticket_number, self.ctx.clock.now()

        def work() -> tuple[Any, list[tuple[str, str, str]]]:
            from sqlalchemy import select

            from counter_app.services.invoices import eligibility, invoice_requests
            from counter_app.storage.models import Ticket

            with store.read() as session:
                ticket = session.scalars(select(Ticket).where(
                    Ticket.ticket_number == number)).one()
                rows = [(r.buyer_name, r.status, r.invoice_no)
                        for r in invoice_requests(session, ticket.id)]
                return eligibility(session, ticket, now), rows

        self.ctx.runner.run_db("invoice_state", work, self._show_state, self._failed)

    def _show_state(self, result: tuple[Any, list[tuple[str, str, str]]]) -> None:
        state, rows = result
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
        for buyer, status, invoice_no in rows:
            text += "\n" + self.tr("Request: %1 — %2").replace("%1", buyer).replace(
                "%2", names.get(status, status)) + (f" ({invoice_no})" if invoice_no else "")
        self.state_label.setText(text)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.setStyleSheet(ERROR_STYLE)
        if isinstance(error, DomainError):
            self.message.setText(domain_message(error))
            widget = {"buyer_name": self.name_edit, "uscc": self.uscc_edit,
                      "email": self.email_edit}.get(error.field)
            if widget is not None:
                widget.setFocus()
                widget.selectAll()
        else:
            self.message.setText(str(error))

    def submit(self) -> None:
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None or self._busy:
            return
        self._busy = True
        number, now = self.ticket_number, self.ctx.clock.now()
        kind = str(self.kind_combo.currentData())
        name, uscc, email = self.name_edit.text(), self.uscc_edit.text(), self.email_edit.text()

        def work() -> str:
            from counter_app.services.invoices import request_invoice

            with store.unit_of_work() as session:
                return request_invoice(session, clerk, number, buyer_kind=kind,
                                       buyer_name=name, buyer_uscc=uscc, email=email,
                                       now=now).id

        def done(_request_id: str) -> None:
            self._busy = False
            if self.ctx.sync is not None:
                self.ctx.sync.wake()
            self.requested.emit(number)
            self.accept()

        self.ctx.runner.run_db("request_invoice", work, done, self._failed)
