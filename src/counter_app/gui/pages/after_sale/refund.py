"""Refund (退票, F6): the open coupons of a ticket, quoted line by line (the fee by the
rules in force, what comes back), then refunded; the refund slip opens for printing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from counter_app.domain.fees import FeeRule
from counter_app.domain.money import format_yuan
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import ActionPanel, Host
from counter_app.gui.pages.after_sale.state import RefundState
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.named import form_of, named
from counter_app.gui.widgets.tables import make_table
from counter_app.services.after_sale import RefundLine, RefundQuote, RefundResult
from counter_app.services.booking import TicketView


class RefundPanel(ActionPanel):
    slip_wanted = Signal(str)  # a refund was made: its slip, by the refund's id

    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(host, parent)
        self.state = RefundState()
        self._quote_task: Task | None = None
        self.heading.setText(self.tr("Refund (退票)"))
        self.reason = named(QComboBox(self), "refundReason")
        self.reason.addItem(self.tr("Voluntary (the passenger's choice)"), "voluntary")
        self.reason.addItem(
            self.tr("Involuntary (flight cancelled or changed by the airline)"), "involuntary"
        )
        form = form_of((self.tr("Reason"), self.reason))
        self.column.addLayout(form)
        self.model: RowsModel[RefundLine] = RowsModel(self._columns())
        self.view = make_table(self, self.model, "refundQuoteView")
        self.column.addWidget(self.view, 1)
        self.summary = self.add_summary("refundSummary")
        self.confirm = self.add_confirm(self.tr("Confirm refund"), "confirmRefundButton",
                                        self.confirm_refund)
        self.reason.currentIndexChanged.connect(lambda _i: self.quote())

    def _columns(self) -> list[Column[RefundLine]]:
        right = Qt.AlignmentFlag.AlignRight
        return [
            Column(self.tr("Coupon"), lambda x: str(x.seq), Qt.AlignmentFlag.AlignCenter),
            Column(
                self.tr("Flight"),
                lambda x: f"{x.flight_no} {x.origin}-{x.destination} {x.class_code}",
            ),
            Column(self.tr("Departs"), lambda x: x.departure.strftime("%m-%d %H:%M")),
            Column(self.tr("Fare"), lambda x: format_yuan(x.face_fare), right),
            Column(self.tr("Fee"), self._fee_text, right),
            Column(self.tr("Fare back"), lambda x: format_yuan(x.fare_back), right),
            Column(
                self.tr("Taxes back"),
                lambda x: format_yuan(x.cn_fund_back + x.fuel_back),
                right,
                tooltip=lambda x: (
                    self.tr("CN fund %1 + fuel surcharge %2")
                    .replace("%1", format_yuan(x.cn_fund_back))
                    .replace("%2", format_yuan(x.fuel_back))
                ),
            ),
            Column(self.tr("Insurance back"), lambda x: format_yuan(x.insurance_back), right),
            Column(self.tr("Service fee kept"), lambda x: format_yuan(x.service_fee_kept), right),
            Column(self.tr("Refundable"), lambda x: format_yuan(x.amount), right),
        ]

    def _fee_text(self, x: RefundLine) -> str:
        amount = format_yuan(x.fee)
        if x.fee_rule is FeeRule.INVOLUNTARY:
            return self.tr("%1 (involuntary)").replace("%1", amount)
        if x.fee_rule is FeeRule.GP_EASY:
            return self.tr("%1 (GP easy refund)").replace("%1", amount)
        return f"{amount} ({x.fee_percent.normalize():f}%)"

    def open(self, ticket: TicketView) -> None:
        self.info.setText(
            self.tr(
                "Refund the open coupons of ticket %1. The service fee is not refunded."
            ).replace("%1", self.who(ticket))
        )
        self.reason.setFocus()
        self.quote()

    def reset(self) -> None:
        """The panel is put away: its quote no longer holds, a quote on its way is dropped."""
        self.state.quote = None
        if self._quote_task is not None:
            self._quote_task.cancel()
            self._quote_task = None

    def quote(self) -> None:
        ticket = self.host.state.action_ticket
        if ticket is None or not self.is_open():
            return
        self.state.quote = None
        self.model.set_rows([])
        self.summary.setText(self.tr("Working out the refund…"))
        self.confirm.setEnabled(False)
        if self._quote_task is not None:
            self._quote_task.cancel()

        def failed(error: BaseException) -> None:
            self.summary.setText("")
            self.host.failed(error, self.reason)

        self._quote_task = ops.refund_quote(
            self.host.ctx, ticket.ticket_number, str(self.reason.currentData()), self._show,
            failed,
        )

    def _show(self, quote: RefundQuote) -> None:
        self._quote_task = None
        self.state.quote = quote
        self.model.set_rows(quote.lines)
        self.summary.setText(
            self.tr("Fee %1 · refund %2 · back by: %3")
            .replace("%1", format_yuan(quote.fee))
            .replace("%2", format_yuan(quote.amount))
            .replace("%3", self.host.words.channels(quote.channels))
        )
        self.confirm.setEnabled(True)
        self.confirm.setDefault(True)
        self.confirm.setFocus()

    def confirm_refund(self) -> None:
        quote, state = self.state.quote, self.host.state
        if quote is None or state.busy:
            return
        state.busy = True
        ops.confirm_refund(self.host.ctx, quote, self._refunded, self.host.failer(self.reason))

    def _refunded(self, result: RefundResult) -> None:
        q = result.quote
        text = self.tr("Ticket %1 refunded: fee %2, give back %3 (%4).")
        self.host.show_info(
            text.replace("%1", q.ticket_number)
            .replace("%2", format_yuan(q.fee))
            .replace("%3", format_yuan(q.amount))
            .replace("%4", self.host.words.channels(q.channels))
            + " " + self.tr("The refund slip opens for printing.")
        )
        self.host.after_change()
        # The slip is offered at once: the preview prints it or saves it as PDF.
        self.slip_wanted.emit(result.refund_id)
