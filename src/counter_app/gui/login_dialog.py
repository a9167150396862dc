"""The login dialog (登录): shown at once at start, while the local store opens behind it.

The Log in button waits until the store is ready; the password check runs on the database
worker. A wrong password keeps the login name, selects the password for retyping and says
how many attempts are left; a store that cannot open says why and what to do.

While the counter starts, the window says what is happening and how far it has got
(starting the demo head office, loading its data, enrolling, pulling N of M), with a
progress bar; both go when the login is ready. A counter not enrolled yet shows a button
to enroll it with head office.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.context import AppContext
from counter_app.gui.messages import auth_message
from counter_app.gui.operations import Worker
from counter_app.gui.operations.login import log_in
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import form_of, name_dialog, named, named_button
from counter_app.kernel.clock import utc_naive
from counter_app.services.identity import AuthError, ClerkSession

DEMO_HINT = "wangli / demo1234 · chenhong / super1234"


class LoginDialog(QDialog):
    """Emits ``loggedIn(ClerkSession)`` and accepts when a clerk's password is right."""

    loggedIn = Signal(object)
    enrollRequested = Signal()
    retryRequested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        name_dialog(self, "loginDialog", self.tr("Counter — log in"), 420)

        title = QLabel(self.tr("Air-ticket counter"), self)
        title.setObjectName("loginTitle")
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        subtitle = QLabel(self.tr("Log in with your clerk account"), self)

        self.login_edit = named(QLineEdit(self), "loginEdit")
        self.login_edit.setMaxLength(32)
        self.password_edit = named(QLineEdit(self), "passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(128)

        form = form_of(
            (self.tr("Login"), self.login_edit),
            (self.tr("Password"), self.password_edit),
        )

        self.message = MessageLine(self, "loginMessage")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("startProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        self.enroll_button = named_button(
            self.tr("Enroll with head office…"), "openEnrollButton", self
        )
        self.enroll_button.clicked.connect(self.enrollRequested)
        self.enroll_button.hide()
        self.retry_button = named_button(self.tr("Sync again"), "retryButton", self)
        self.retry_button.clicked.connect(self._retry)
        self.retry_button.hide()

        self.buttons = QDialogButtonBox(self)
        self.login_button = named_button(self.tr("Log in"), "loginButton", self)
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
        layout.addWidget(self.progress)
        layout.addWidget(self.enroll_button)
        layout.addWidget(self.retry_button)
        if ctx.demo:
            hint = QLabel(self.tr("Demo mode. Accounts: %1").replace("%1", DEMO_HINT), self)
            hint.setObjectName("demoHint")
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self._busy = False
        self._start_note = False  # the message is start-up text, to clear once ready
        # The start step (services.startup.StartStep values; compared as text so that this
        # window does not import the services, and SQLAlchemy, before it is on screen).
        self._step: str | None = None
        self._step_since = time.monotonic()
        self._step_done = self._step_total = 0
        # Steps with no count (head office loading) show the seconds they have taken.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._render_step)
        self.set_ready(ctx.workspace is not None)

    # -- store readiness ----------------------------------------------------------------

    def set_ready(self, ready: bool, note: str = "") -> None:
        self.login_button.setEnabled(ready and not self._busy)
        if not ready:
            self.show_info(note or self.tr("Opening the local data…"))
            self._start_note = True
            return
        self.progress.hide()
        self._tick.stop()
        self._step = None
        if self._start_note:
            self.show_info("")

    def show_step(self, step: str, done: int = 0, total: int = 0) -> None:
        """Say what the start is doing and how far it has got."""
        if step != self._step:
            self._step, self._step_since = step, time.monotonic()
        self._step_done, self._step_total = done, total
        if step == "ready":
            self._tick.stop()
            self.progress.hide()
            return
        self._tick.start()
        self._render_step()

    def _render_step(self) -> None:
        step, done, total = self._step, self._step_done, self._step_total
        if step is None or step == "ready":
            self._tick.stop()
            return
        seconds = int(time.monotonic() - self._step_since)
        texts = {
            "head_office": self.tr("Starting the demo head office…"),
            "head_office_load": self.tr(
                "Starting the demo head office and loading its data (first start only)…"
            ),
            "enroll": self.tr("Enrolling this counter with head office…"),
            "pull": self.tr("Fetching flights, clerks and customers from head office…"),
        }
        text = texts.get(step, "")
        if step == "pull" and total > 0:
            percent = min(100, done * 100 // total)
            text += " " + self.tr("%1% (%2 of %3 changes)").replace("%1", str(percent)).replace(
                "%2", f"{done:,}").replace("%3", f"{total:,}")
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)
        else:
            if seconds:
                text += " " + self.tr("%1 s").replace("%1", str(seconds))
            self.progress.setRange(0, 0)  # busy: how long it takes is not known
        self.progress.show()
        self.login_button.setEnabled(False)
        self.show_info(text)
        self._start_note = True

    def set_enroll_needed(self, needed: bool) -> None:
        """A counter not enrolled yet: nobody can log in until it is."""
        self.enroll_button.setVisible(needed)
        if needed:
            self._tick.stop()
            self._step = None
            self.progress.hide()
            self.login_button.setEnabled(False)
            self.show_info(self.tr(
                "This counter is not enrolled with head office yet. Enroll it with the "
                "head office address and the one-time code head office gave you; then the "
                "outlet's clerks can log in."))
            self._start_note = True

    def set_retry(self, shown: bool) -> None:
        """The first sync failed: offer to try it again (head office may be back)."""
        self.retry_button.setVisible(shown)
        self.progress.hide()
        self._tick.stop()
        self._fit_height()

    def _retry(self) -> None:
        self.retry_button.hide()
        self.retryRequested.emit()

    def show_error(self, text: str) -> None:
        self._start_note = False
        self.message.show_error(text)
        self._fit_height()

    def show_info(self, text: str) -> None:
        self._start_note = False
        self.message.show_info(text)
        self._fit_height()

    def _fit_height(self) -> None:
        """Grow to the height the content needs at the current width: a wrapped message or a
        button shown later would otherwise squeeze the login fields (a dialog does not
        grow by itself once shown)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        need = layout.totalSizeHint().height()
        if layout.hasHeightForWidth():
            need = max(need, layout.totalHeightForWidth(self.width()))
        if self.height() < need:
            self.resize(self.width(), need)

    # -- logging in ---------------------------------------------------------------------

    def try_login(self) -> None:
        workspace = self.ctx.workspace
        if workspace is None or self._busy:
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

        log_in(Worker(self.ctx.runner, workspace), name, password, now, self._logged_in,
               self._refused)

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
