"""The login dialog (登录): shown at once at start, while the local store opens behind it.

The Log in button waits until the store is ready; the password check runs on the database
worker. A wrong password keeps the login name, selects the password for retyping and says
how many attempts are left; a store that cannot open says why and what to do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.clock import utc_naive
from counter_app.gui.context import AppContext
from counter_app.gui.messages import auth_message
from counter_app.services.identity import AuthError, ClerkSession

DEMO_HINT = "wangli / demo1234 · chenhong / super1234"


class LoginDialog(QDialog):
    """Emits ``loggedIn(ClerkSession)`` and accepts when a clerk's password is right."""

    loggedIn = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Counter — log in"))
        self.setMinimumWidth(420)

        title = QLabel(self.tr("Air-ticket counter"), self)
        title.setObjectName("loginTitle")
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        subtitle = QLabel(self.tr("Log in with your clerk account"), self)

        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("loginEdit")
        self.login_edit.setMaxLength(32)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)

        form = QFormLayout()
        form.addRow(self.tr("Login"), self.login_edit)
        form.addRow(self.tr("Password"), self.password_edit)

        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.login_button = QPushButton(self.tr("Log in"), self)
        self.login_button.setObjectName("loginButton")
        self.login_button.setDefault(True)
        self.buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.login_button.clicked.connect(self.try_login)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        if ctx.demo:
            hint = QLabel(self.tr("Demo mode. Accounts: %1").replace("%1", DEMO_HINT), self)
            hint.setObjectName("demoHint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._busy = False
        self.set_ready(ctx.store is not None)

    # -- store readiness ----------------------------------------------------------------

    def set_ready(self, ready: bool, note: str = "") -> None:
        self.login_button.setEnabled(ready and not self._busy)
        if not ready:
            self.show_info(note or self.tr("Opening the local data…"))
        elif self.message.text() == self.tr("Opening the local data…"):
            self.show_info("")

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(text)

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    # -- logging in ---------------------------------------------------------------------

    def try_login(self) -> None:
        store = self.ctx.store
        if store is None or self._busy:
            return
        name = self.login_edit.text()
        password = self.password_edit.text()
        if not name.strip():
            self.show_error(auth_message(AuthError("empty_login")))
            self.login_edit.setFocus()
            return
        if not password:
            self.show_error(auth_message(AuthError("empty_password")))
            self.password_edit.setFocus()
            return
        now = utc_naive(self.ctx.clock.now())
        self._busy = True
        self.login_button.setEnabled(False)
        self.show_info(self.tr("Checking…"))

        def work() -> ClerkSession:
            from counter_app.services.auth import login

            with store.unit_of_work() as session:
                return login(session, name, password, now)

        self.ctx.runner.run_db("login", work, self._logged_in, self._refused)

    def _logged_in(self, clerk: ClerkSession) -> None:
        self._busy = False
        self.ctx.clerk = clerk
        self.loggedIn.emit(clerk)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.login_button.setEnabled(True)
        if isinstance(error, AuthError):
            self.show_error(auth_message(error))
            if error.code == "empty_login":
                self.login_edit.setFocus()
            else:
                self.password_edit.setFocus()
                self.password_edit.selectAll()
        else:
            self.show_error(self.tr("Login failed: %1").replace("%1", str(error)))
