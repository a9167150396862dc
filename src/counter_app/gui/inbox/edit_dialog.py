"""修改: head office edits a request's fields in the kind's own form (``widgets/request_form``).
Only the fields changed are sent, with the values they had when the form opened (the base),
so head office merges them field by field with what a counter changed meanwhile."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import RequestKind
from counter_app.gui.messages import domain_message
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.request_form import RequestForm
from counter_app.sync.protocol.inbox import InboxEdit, ServiceRequestView


def _plain(value: Any) -> Any:
    return None if value in ("", [], {}) else value


class RequestEditDialog(QDialog):
    """Emits ``editWanted(InboxEdit)`` when saved with at least one field changed."""

    editWanted = Signal(object)

    def __init__(self, kind: RequestKind, view: ServiceRequestView, language: str,
                 today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxEditDialog")
        self.setWindowTitle(self.tr("Edit the request"))
        self.view = view
        self.form = RequestForm(kind, language, self, today=today)
        self.form.set_values(view.values)
        self.message = MessageLine(self, "inboxEditMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save changes"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(620, 640)

    def changes(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """(base, changes): the fields changed in the form, before and after."""
        now, before = self.form.values(), self.view.values
        changed = [spec.key for spec in self.form.kind.fields
                   if _plain(now.get(spec.key)) != _plain(before.get(spec.key))]
        return ({k: before.get(k) for k in changed}, {k: now.get(k) for k in changed})

    def save(self) -> None:
        base, changes = self.changes()
        if not changes:
            self.message.show_info(self.tr("Nothing changed."))
            return
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        self.message.show_info(self.tr("Saving at head office…"))
        self.editWanted.emit(InboxEdit(base_version=self.view.version, base=base,
                                       changes=changes))

    def refused(self, error: DomainError | None, text: str) -> None:
        """Head office refused the edit: under the field it names, else on the line."""
        self.save_button.setEnabled(True)
        if error is not None and self.form.show_error(error):
            self.message.clear()
            return
        self.message.show_error(domain_message(error) if error is not None else text)
