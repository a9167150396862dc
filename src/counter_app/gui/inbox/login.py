"""The inbox's small login (登录总部): a head-office person's login and password, checked by
head office itself (online only)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.widgets.message_line import MessageLine


class StaffLoginPanel(QWidget):
    """Emits ``loginWanted(login, password)``."""

    loginWanted = Signal(str, str)

    def __init__(self, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxLogin")
        title = QLabel(self.tr("Head-office inbox: log in at head office"), self)
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.explain = QLabel(self.tr(
            "Head office checks your password itself; the inbox needs the link to head "
            "office."), self)
        self.explain.setWordWrap(True)
        self.login_edit = QLineEdit(login, self)
        self.login_edit.setObjectName("inboxLoginName")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("inboxPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = QPushButton(self.tr("Log in to head office"), self)
        self.login_button.setObjectName("inboxLoginButton")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._login)
        self.password_edit.returnPressed.connect(self._login)
        self.message = MessageLine(self, "inboxLoginMessage")

        form = QFormLayout()
        form.addRow(self.tr("Login"), self.login_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        box = QWidget(self)
        box.setMaximumWidth(460)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addWidget(self.explain)
        inner.addLayout(form)
        inner.addWidget(self.login_button, 0, Qt.AlignmentFlag.AlignLeft)
        inner.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _login(self) -> None:
        login, password = self.login_edit.text().strip(), self.password_edit.text()
        if not login:
            self.message.show_error(self.tr("Enter your login."), self.login_edit)
        elif not password:
            self.message.show_error(self.tr("Enter your password."), self.password_edit)
        else:
            self.loginWanted.emit(login, password)

    def set_online(self, online: bool) -> None:
        """Offline, the login says it needs the link and waits for it."""
        self.login_button.setEnabled(online)
        if not online:
            self.message.show_error(self.tr(
                "No link to head office: the inbox works online only. It opens once the "
                "counter is back online."))
        elif self.message.is_error and not self.password_edit.text():
            self.message.clear()

    def set_busy(self, busy: bool) -> None:
        self.login_button.setEnabled(not busy)
        if busy:
            self.message.show_info(self.tr("Logging in at head office…"))

    def failed(self, text: str) -> None:
        self.password_edit.clear()
        self.message.show_error(text, self.password_edit)
