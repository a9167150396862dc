"""Void (作废, F8): the day a ticket was issued and before the day close, with a reason
kept in the audit."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from counter_app.domain.money import format_yuan
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import ActionPanel, Host
from counter_app.gui.widgets.named import form_of, named_edit
from counter_app.services.after_sale import VoidResult
from counter_app.services.booking import TicketView


class VoidPanel(ActionPanel):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(host, parent)
        self.heading.setText(self.tr("Void the ticket (作废)"))
        self.reason = named_edit(
            self, "voidReason", self.tr("Why the ticket is voided (kept in the audit)")
        )
        form = form_of((self.tr("Reason"), self.reason))
        self.column.addLayout(form)
        self.column.addStretch(1)
        self.confirm = self.add_confirm(self.tr("Confirm void"), "confirmVoidButton",
                                        self.confirm_void, [self.reason])

    def open(self, ticket: TicketView) -> None:
        self.info.setText(
            self.tr(
                "Void ticket %1 (%2)? Only on the day of issue and before the day close; "
                "the money goes back by the way it was paid, the seats back to the allotment."
            )
            .replace("%1", self.who(ticket))
            .replace("%2", format_yuan(ticket.total))
        )
        self.reason.clear()
        self.reason.setFocus()

    def confirm_void(self) -> None:
        host, state = self.host, self.host.state
        ticket = state.action_ticket
        if ticket is None or state.busy:
            return
        state.busy = True
        ops.void(host.ctx, ticket.ticket_number, self.reason.text().strip(), self._voided,
                 host.failer(self.reason))

    def _voided(self, result: VoidResult) -> None:
        self.host.show_info(
            self.tr("Ticket %1 voided. Give back: %2. Seats released: %3.")
            .replace("%1", ", ".join(result.ticket_numbers))
            .replace("%2", self.host.words.channels(result.returned))
            .replace("%3", str(result.seats_released))
        )
        self.host.after_change()
