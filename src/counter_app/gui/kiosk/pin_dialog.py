"""The kiosk's staff PIN set from the counter's settings (设置 → 自助值机 PIN): a supervisor's
login and password, and the new PIN twice, as ``counter-app --set-kiosk-pin`` asks them.
The check and the hashing run on the database worker (gui/operations/kiosk.py)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.context import SessionContext
from counter_app.gui.messages import ERROR_STYLE, OK_STYLE, auth_message, domain_message
from counter_app.gui.operations import kiosk as ops
from counter_app.gui.widgets.named import form_of, named
from counter_app.services.identity import AuthError
from counter_app.services.kiosk import PIN_MAX


class KioskPinDialog(QDialog):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("kioskPinDialog")
        self.setWindowTitle(self.tr("Kiosk staff PIN"))
        self.login = named(QLineEdit(self), "kioskPinLogin")
        self.password = named(QLineEdit(self), "kioskPinPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin = named(QLineEdit(self), "kioskPinNew")
        self.pin_again = named(QLineEdit(self), "kioskPinAgain")
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(PIN_MAX)
        note = QLabel(self.tr("A supervisor sets the PIN staff enter to leave the self "
                              "check-in kiosk (counter-app --kiosk) on this data folder."), self)
        note.setWordWrap(True)
        self.message = named(QLabel(self), "kioskPinMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form_of(
            (self.tr("Supervisor login"), self.login),
            (self.tr("Password"), self.password),
            (self.tr("New PIN"), self.pin),
            (self.tr("PIN again"), self.pin_again),
        ))
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _say(self, text: str, ok: bool = False) -> None:
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.message.setText(text)

    def submit(self) -> None:
        if self.pin.text() != self.pin_again.text():
            self._say(self.tr("The two PINs differ."))
            return
        self.buttons.setEnabled(False)
        ops.set_pin(self.ctx, self.login.text().strip(), self.password.text(), self.pin.text(),
                    self.ctx.clock.now(), self._set, self._refused)

    def _set(self, login: str) -> None:
        self.password.clear()
        self.buttons.setEnabled(True)
        self._say(self.tr("Kiosk PIN set by %1.").replace("%1", login), ok=True)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.password.clear()
        self.buttons.setEnabled(True)
        if isinstance(error, AuthError):
            self._say(auth_message(error))
        elif isinstance(error, DomainError):
            self._say(domain_message(error))
        else:
            self._say(repr(error))
