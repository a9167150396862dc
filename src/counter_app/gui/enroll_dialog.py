"""Enrolling this counter with head office (登记到总部), once: the head office's address and
the one-time code that ``counter-headoffice enroll`` printed. "Test connection" asks head
office whether it answers before the code is spent. The device token goes to the OS keyring,
or — where the machine has none — to an encrypted file the clerk chooses explicitly,
protected by a passphrase.

A counter that is not enrolled opens on this dialog at its first start (gui/app.py).
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.context import AppContext
from counter_app.gui.settings import Preferences
from counter_app.gui.sync_controller import DatabaseWorkerWriter, credential_store
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import form_of, name_dialog, named, named_button, named_edit

if TYPE_CHECKING:
    from counter_app.sync.credentials import CredentialStore

DEFAULT_URL = "http://127.0.0.1:8765"


class EnrollDialog(QDialog):
    """Emits ``enrolled(outlet_name)`` after head office accepted the code."""

    enrolled = Signal(str)

    def __init__(self, ctx: AppContext, prefs: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.prefs = prefs
        name_dialog(self, "enrollDialog", self.tr("Enroll with head office"), 480)
        self.url_edit = named(QLineEdit(prefs.head_office_url or DEFAULT_URL, self), "urlEdit")
        self.code_edit = named_edit(self, "codeEdit", self.tr("One-time code from head office"))
        self.name_edit = QLineEdit(socket.gethostname()[:64], self)
        self.name_edit.setObjectName("counterNameEdit")
        self.keyring_choice = QRadioButton(self.tr("System keyring (recommended)"), self)
        self.file_choice = QRadioButton(self.tr("Encrypted file with a passphrase"), self)
        self.file_choice.setObjectName("fileChoice")
        group = QButtonGroup(self)
        group.addButton(self.keyring_choice)
        group.addButton(self.file_choice)
        (
            self.file_choice if prefs.credentials_backend == "file" else self.keyring_choice
        ).setChecked(True)
        self.passphrase_edit = named(QLineEdit(self), "passphraseEdit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("At least 8 characters"))

        form = form_of(
            (self.tr("Head office address"), self.url_edit),
            (self.tr("One-time code"), self.code_edit),
            (self.tr("Counter name"), self.name_edit),
            (self.tr("Keep the device token in"), self.keyring_choice),
            ("", self.file_choice),
            (self.tr("Passphrase"), self.passphrase_edit),
        )

        self.message = MessageLine(self, "enrollMessage")
        self.enroll_button = named_button(self.tr("Enroll"), "enrollButton", self)
        self.enroll_button.setDefault(True)
        self.test_button = named_button(self.tr("Test connection"), "testConnectionButton", self)
        self.test_button.clicked.connect(self.test_connection)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.enroll_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.enroll_button.clicked.connect(self.try_enroll)
        self.file_choice.toggled.connect(self._backend_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._backend_changed()

    def _backend_changed(self) -> None:
        self.passphrase_edit.setEnabled(self.file_choice.isChecked())

    def _error(self, text: str, widget: QWidget | None = None) -> None:
        self.message.show_error(text, widget)

    def _url(self) -> str | None:
        url = self.url_edit.text().strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            self._error(
                self.tr("Head office address: write it as http://host:port."), self.url_edit
            )
            return None
        return url

    def test_connection(self) -> None:
        """Ask head office's /health (no code spent, no token needed)."""
        url = self._url()
        if url is None:
            return
        self.test_button.setEnabled(False)
        self.message.show_info(self.tr("Contacting head office…"))

        def work() -> dict[str, object]:
            from counter_app.sync.client import HeadOfficeClient
            from counter_app.sync.credentials import MemoryCredentialStore

            with HeadOfficeClient(url, MemoryCredentialStore()) as client:
                return client.health()

        def answered(health: dict[str, object]) -> None:
            self.test_button.setEnabled(True)
            self.message.show_ok(
                self.tr("Head office answers at %1 (its database: %2).")
                .replace("%1", url).replace("%2", str(health.get("database", "?")))
            )

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._failed(error, self.url_edit)

        self.ctx.runner.run_io("test_connection", work, answered, failed)

    def try_enroll(self) -> None:
        url = self.url_edit.text().strip().rstrip("/")
        code = self.code_edit.text().strip().upper()
        name = self.name_edit.text().strip()
        backend = "file" if self.file_choice.isChecked() else "keyring"
        passphrase = self.passphrase_edit.text()
        if not url.startswith(("http://", "https://")):
            self._error(
                self.tr("Head office address: write it as http://host:port."), self.url_edit
            )
            return
        if len(code) < 6:
            self._error(
                self.tr("One-time code: type the code head office gave you."), self.code_edit
            )
            return
        if not name:
            self._error(self.tr("Counter name: give this counter a name."), self.name_edit)
            return
        if backend == "file" and len(passphrase) < 8:
            self._error(self.tr("Passphrase: at least 8 characters."), self.passphrase_edit)
            return
        workspace = self.ctx.workspace
        if workspace is None:
            return
        store = workspace.store  # enroll_counter records the counter's identity in it
        clock, data_dir = self.ctx.clock, self.ctx.data_dir
        writer = DatabaseWorkerWriter(self.ctx.runner)  # the identity: on the database worker
        self.enroll_button.setEnabled(False)
        self.message.show_info(self.tr("Contacting head office…"))

        def work() -> tuple[str, CredentialStore]:
            from counter_app.sync.client import HeadOfficeClient
            from counter_app.sync.enroll import enroll_counter

            creds = credential_store(data_dir, backend, passphrase)
            with HeadOfficeClient(url, creds) as client:
                answer = enroll_counter(store, client, code, name, url, creds, clock.now(),
                                        writer=writer)
            return answer.outlet_name, creds

        def done(answer: tuple[str, CredentialStore]) -> None:
            outlet_name, creds = answer
            self.prefs.head_office_url = url
            self.prefs.credentials_backend = backend
            self.prefs.sync()
            self.ctx.passphrase = passphrase if backend == "file" else ""
            self.ctx.credentials = creds  # where the token now is, for sync and the pull
            self.enrolled.emit(outlet_name)
            self.accept()

        self.ctx.runner.run_io("enroll", work, done, self._failed)

    def _failed(self, error: BaseException, widget: QWidget | None = None) -> None:
        from counter_app.gui.messages import sync_error_message

        self.enroll_button.setEnabled(True)
        self._error(sync_error_message(error), widget or self.code_edit)
