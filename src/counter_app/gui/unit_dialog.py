"""The unit dialog (修改单位资料): a GP unit's own fields edited at the counter, opened from
the Customers page's unit line (F12) — its contact person (经办人) and phone, account
manager, bureau, level of government and notes.

The save runs ``services/customer_edits.edit_customer`` on the database worker: the unit is
changed locally and ``customer.update`` is queued with the base it was made against, in the
same unit of work, and the sync is woken. A refusal is shown under the field it names (the
cursor goes there) and nothing typed is lost.

A GP unit belongs to no outlet (it is shared): head office accepts a counter's change only
if it granted this outlet the unit (``counter-headoffice grant-customer``); without that the
op is refused ``not_your_customer`` and lands on the attention list. The counter does not
know head office's grants, so the dialog says so before the clerk saves.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Signal
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
from counter_app.domain.gp_officials import GOV_LEVELS, UNIT_MAX
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import ERROR_STYLE, domain_message
from counter_app.gui.operations import Done, Failed, submit
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.named import name_dialog, named, named_edit
from counter_app.services.customer_edits import (
    MAX_LENGTHS,
    CustomerForm,
    customer_form,
    edit_customer,
)

# The fields the dialog edits, in the form's order (``customer.update`` field names).
UNIT_FIELDS = ("contact_name", "contact_phone", "account_manager", "bureau", "gov_level",
               "notes")
LENGTHS = {**MAX_LENGTHS, **UNIT_MAX}
NOTE_STYLE = "background: #fff8e1; border: 1px solid #ffb300; padding: 6px;"


def load(ctx: DeskContext, customer_id: str, done: Done[CustomerForm],
         failed: Failed | None = None) -> Task:
    """The unit's fields, read on the database worker."""
    return submit(ctx, "gp_unit_form", lambda ws: ws.read(customer_form, customer_id), done,
                  failed)


def save(ctx: DeskContext, customer_id: str, changes: dict[str, Any], done: Done[bool],
         failed: Failed | None = None) -> Task:
    """Apply the changes and queue ``customer.update``; ``done(False)``: nothing changed."""
    login, now = ctx.clerk.login, ctx.clock.now()

    def after(queued: bool) -> None:
        if queued:
            ctx.sync.wake()  # the op is queued: send it now
        done(queued)

    return submit(ctx, "gp_unit_save", lambda ws: ws.write(
        edit_customer, customer_id, changes, clerk_login=login, now=now) is not None,
        after, failed)


class UnitDialog(QDialog):
    """Edit the GP unit ``customer_id``'s contact person, phone, account manager, bureau,
    level of government and notes."""

    saved = Signal(str)  # the unit's id

    def __init__(self, ctx: DeskContext, customer_id: str, unit_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.customer_id = ctx, customer_id
        name_dialog(self, "unitDialog", self.tr("Unit details — %1").replace("%1", unit_name),
                    520)
        self.contact_name = named_edit(self, "unitContactName", self.tr("e.g. 秘书处王强"))
        self.contact_phone = named_edit(self, "unitContactPhone", self.tr("e.g. 0755-88880001"))
        self.account_manager = named_edit(self, "unitAccountManager", "")
        self.bureau = named_edit(self, "unitBureau", "")
        self.gov_level = named(QComboBox(self), "unitGovLevel")
        self.gov_level.addItem(self.tr("(not set)"), "")
        english = QLocale().language() == QLocale.Language.English
        for option in GOV_LEVELS:
            self.gov_level.addItem(option.label_en if english else option.label_zh, option.code)
        self.notes = named_edit(self, "unitNotes", "")
        self.fields: dict[str, QWidget] = {
            "contact_name": self.contact_name, "contact_phone": self.contact_phone,
            "account_manager": self.account_manager, "bureau": self.bureau,
            "gov_level": self.gov_level, "notes": self.notes}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.setMaxLength(LENGTHS[name])
        self.labels = {
            "contact_name": self.tr("Contact person"), "contact_phone": self.tr("Contact phone"),
            "account_manager": self.tr("Account manager"), "bureau": self.tr("Bureau"),
            "gov_level": self.tr("Level of government"), "notes": self.tr("Notes")}
        self.errors = {name: self._error_label(f"unitError_{name}") for name in UNIT_FIELDS}
        self.grant_note = named(QLabel(self), "unitGrantNote")
        self.grant_note.setWordWrap(True)
        self.grant_note.setStyleSheet(NOTE_STYLE)
        self.grant_note.setVisible(False)
        self.error = self._error_label("unitError")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveUnit")
        self.save_button.setEnabled(False)  # until the unit is read
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        self.form: CustomerForm | None = None
        load(ctx, customer_id, self._loaded, self._failed)

    def _error_label(self, name: str) -> QLabel:
        label = named(QLabel(self), name)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        return label

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.grant_note)
        for name in UNIT_FIELDS:
            title = QLabel(self.labels[name], self)
            title.setBuddy(self.fields[name])
            layout.addWidget(title)
            layout.addWidget(self.fields[name])
            layout.addWidget(self.errors[name])  # a refusal shows under the field it names
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setFocusProxy(self.contact_name)

    def _loaded(self, form: CustomerForm) -> None:
        self.form = form
        values = {name: str(form.values.get(name) or "") for name in UNIT_FIELDS}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                widget.setText(values[name])
        self.gov_level.setCurrentIndex(max(0, self.gov_level.findData(values["gov_level"])))
        if form.shared:
            self.grant_note.setText(self.tr(
                "This unit is shared by every outlet. Head office accepts the change only if "
                "it has granted this outlet the unit (grant-customer); this counter cannot "
                "see head office's grants. Without one the change is refused and comes back "
                "on the attention list."))
            self.grant_note.setVisible(True)
            self.adjustSize()  # the wrapped note's lines all show
        self.save_button.setEnabled(True)
        self.contact_name.setFocus()

    def values(self) -> dict[str, Any]:
        """What the form holds, in wire form (the service keeps what changed)."""
        values: dict[str, Any] = {name: widget.text() for name, widget in self.fields.items()
                                  if isinstance(widget, QLineEdit)}
        values["gov_level"] = str(self.gov_level.currentData() or "")
        return values

    def changes(self) -> dict[str, Any]:
        """The fields the clerk changed (all of them before the unit is read)."""
        current = self.form.values if self.form is not None else {}
        return {name: value for name, value in self.values().items()
                if value.strip() != str(current.get(name) or "").strip()}

    def clear_errors(self) -> None:
        for label in (*self.errors.values(), self.error):
            label.clear()
            label.setVisible(False)

    def save(self) -> None:
        self.clear_errors()
        changes = self.changes()
        if not changes:
            self.accept()
            return
        self.save_button.setEnabled(False)
        save(self.ctx, self.customer_id, changes, self._saved, self._failed)

    def _saved(self, _queued: bool) -> None:
        self.saved.emit(self.customer_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(self.form is not None)
        if not isinstance(error, DomainError):
            self.error.setText(str(error))
            self.error.setVisible(True)
            return
        label = self.errors.get(error.field, self.error)
        label.setText(domain_message(error, self.labels.get(error.field)))
        label.setVisible(True)
        widget = self.fields.get(error.field)
        if widget is not None:
            widget.setFocus()
