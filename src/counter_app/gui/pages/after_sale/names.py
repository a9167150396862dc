"""Name correction (姓名更正, F11): an obvious typo in a passenger's name, approved by a
supervisor whose login is typed in the panel itself; a ticket is never given to another
person."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from counter_app.domain.errors import DomainError
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import ActionPanel, Host
from counter_app.gui.widgets.named import form_of, named, named_edit
from counter_app.services.after_sale import NameCorrected
from counter_app.services.booking import TicketView
from counter_app.services.payments import Override


class NamePanel(ActionPanel):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(host, parent)
        self.heading.setText(self.tr("Correct a typo in the name (姓名更正)"))
        self.new_name = named_edit(self, "newName", self.tr("The name as on the ID document"))
        self.approver_login = named_edit(self, "approverLogin", self.tr("Supervisor's login"))
        self.approver_password = named(QLineEdit(self), "approverPassword")
        self.approver_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.approval_reason = named_edit(
            self, "approvalReason", self.tr("Why (kept in the audit)")
        )
        form = form_of(
            (self.tr("Correct name"), self.new_name),
            (self.tr("Supervisor login"), self.approver_login),
            (self.tr("Supervisor password"), self.approver_password),
            (self.tr("Reason"), self.approval_reason),
        )
        self.column.addLayout(form)
        note = QLabel(
            self.tr(
                "Only an obvious typo can be corrected (one wrong character, a middle dot, "
                "spacing); a ticket is never given to another person. A supervisor approves."
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.column.addWidget(note)
        self.column.addStretch(1)
        self.confirm = self.add_confirm(self.tr("Confirm correction"), "confirmNameButton",
                                        self.confirm_name, self._edits())

    def _edits(self) -> tuple[QLineEdit, ...]:
        return (self.new_name, self.approver_login, self.approver_password,
                self.approval_reason)

    def open(self, ticket: TicketView) -> None:
        self.info.setText(
            self.tr("Ticket %1, name now: %2")
            .replace("%1", ticket.ticket_number)
            .replace("%2", ticket.passenger_name)
        )
        for edit in self._edits()[1:]:
            edit.clear()
        self.new_name.setText(ticket.passenger_name)
        self.new_name.selectAll()
        self.new_name.setFocus()

    def _refusal(self, reason: str) -> str:
        texts = {
            "change_of_person": self.tr(
                "This is another person, not a typo: a ticket cannot be transferred. Refund "
                "it and sell a new one."
            ),
        }
        return texts.get(reason, reason)

    def confirm_name(self) -> None:
        host, state = self.host, self.host.state
        ticket = state.action_ticket
        if ticket is None or state.busy:
            return
        login = self.approver_login.text().strip()
        override = (
            Override(login, self.approver_password.text(), self.approval_reason.text().strip())
            if login
            else None
        )
        state.busy = True
        ops.correct_ticket_name(host.ctx, ticket.ticket_number, self.new_name.text().strip(),
                                override, self._corrected, self._failed)

    def _corrected(self, result: NameCorrected) -> None:
        self.host.show_info(
            self.tr("Ticket %1: name corrected from %2 to %3, approved by %4.")
            .replace("%1", result.ticket_number)
            .replace("%2", result.old_name)
            .replace("%3", result.new_name)
            .replace("%4", result.approved_by)
        )
        self.host.after_change()

    def _failed(self, error: BaseException) -> None:
        widget: QWidget = self.new_name
        if isinstance(error, DomainError) and error.field == "override":
            widget = (
                self.approver_login if error.code == "override_required"
                else self.approver_password
            )
        self.host.failed(error, widget)
        if isinstance(error, DomainError) and error.code == "name_change_refused":
            reason = str(error.params.get("reason", ""))
            self.host.show_error(f"{self.host.message.text()}\n{self._refusal(reason)}")
        self.approver_password.clear()
