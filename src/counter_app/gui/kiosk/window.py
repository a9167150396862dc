"""The kiosk's window: the screens in order (ID -> coupons -> seat -> boarding pass), the
idle timeout back to the start, the staff PIN that leaves, the language switch.

Privacy: the ID number typed is kept only while its traveller is at the screen. A timeout,
Done, or Cancel calls :meth:`KioskWindow.reset`, which empties every field and list and
starts a new *visit*; answers still on their way for an earlier visit are dropped (each
callback checks the visit it was asked for), so a slow answer never shows one traveller's
data to the next. There is no way back from the start screen to anything earlier.

Everything that touches the store, renders or prints runs off the GUI thread
(gui/operations/kiosk.py, the task runner's pool, the print queue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.seatmap import SeatChart
from counter_app.gui.kiosk.screens import (
    CouponsScreen,
    DoneScreen,
    IdScreen,
    NoticeScreen,
    PinScreen,
)
from counter_app.gui.kiosk.seat_screen import SeatScreen
from counter_app.gui.messages import domain_message
from counter_app.gui.operations import kiosk as ops
from counter_app.gui.printing.print_queue import DONE, FAILED, SENT, PrintJob, PrintQueue
from counter_app.gui.tasks import TaskRunner
from counter_app.kernel.clock import Clock
from counter_app.printing.model import BoardingPass, Document
from counter_app.services.kiosk import KioskCoupon
from counter_app.services.workspace import Workspace

IDLE_SECONDS = 60
COUNTDOWN_SECONDS = 10
DONE_SECONDS = 20  # the last screen goes back to the start sooner
LONG_PRESS_MS = 3000
PIN_TRIES = 5  # wrong PINs in a row before the pad closes and the kiosk starts over

STYLE = """
QWidget#kioskWindow { background: #f4f7fb; }
QWidget#kioskWindow QWidget { font-size: 26px; }
QLabel[role="title"] { font-size: 36px; font-weight: bold; color: #0d2b55; }
QLineEdit[role="big"] { font-size: 40px; padding: 8px; letter-spacing: 3px; }
QPushButton { padding: 8px 20px; border-radius: 10px; background: #dde6f2;
              border: 1px solid #9fb3cc; }
QPushButton[role="primary"] { background: #1557a8; color: white; font-weight: bold; }
QPushButton:disabled { background: #e4e4e4; color: #8a8a8a; }
QLabel#countdown { color: #b00020; font-weight: bold; }
"""


@dataclass(frozen=True)
class KioskContext:
    """What the kiosk's window needs: the task runner, the opened store, the clock, the
    data folder (for the print queue's waiting jobs)."""

    runner: TaskRunner
    workspace: Workspace
    clock: Clock
    data_dir: Path


class Corner(QWidget):
    """The top-left corner: held down for :data:`LONG_PRESS_MS`, it asks for the PIN pad."""

    long_pressed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("kioskCorner")
        self.setFixedSize(64, 64)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(LONG_PRESS_MS)
        self.timer.timeout.connect(self.long_pressed)

    def mousePressEvent(self, event: Any) -> None:
        self.timer.start()

    def mouseReleaseEvent(self, event: Any) -> None:
        self.timer.stop()


class KioskWindow(QWidget):
    """``left()`` once a right staff PIN was entered; ``language_changed(code)``."""

    left = Signal()
    language_changed = Signal(str)

    def __init__(self, ctx: KioskContext, queue: PrintQueue, printer: str = "", *,
                 idle_seconds: int = IDLE_SECONDS, language: str = "zh_CN",
                 sync: ops.LiveSeats | None = None) -> None:
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setWindowTitle("Counter kiosk")
        self.setStyleSheet(STYLE)
        self.ctx, self.queue, self.printer = ctx, queue, printer
        self.sync = sync  # head office asked live for the seat while it answers
        self.idle_seconds = max(COUNTDOWN_SECONDS + 1, idle_seconds)
        self.language = language
        self.home_language = language  # each traveller starts in it (Chinese by default)
        self.visit = 0
        self.id_text = ""
        self.coupon: KioskCoupon | None = None
        self.job_id = ""
        self.pin_failures = 0
        self.idle_left = self.idle_seconds
        self.ready = False
        # only staff close it (the PIN, or Close on a refusal); Alt+F4 on a traveller's
        # keyboard does nothing (see closeEvent)
        self.allow_close = False

        self.corner = Corner(self)
        self.corner.long_pressed.connect(self.open_pin)
        self.countdown = QLabel(self)
        self.countdown.setObjectName("countdown")
        self.language_button = QPushButton(self)
        self.language_button.setObjectName("languageButton")
        self.language_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language_button.clicked.connect(self._switch_language)
        top = QHBoxLayout()
        top.addWidget(self.corner)
        top.addStretch(1)
        top.addWidget(self.countdown)
        top.addStretch(1)
        top.addWidget(self.language_button)

        self.stack = QStackedWidget(self)
        self.notice = NoticeScreen(self.stack)
        self.id_screen = IdScreen(self.stack)
        self.coupons_screen = CouponsScreen(self.stack)
        self.seat_screen = SeatScreen(self.stack)
        self.done_screen = DoneScreen(self.stack)
        self.pin_screen = PinScreen(self.stack)
        for screen in (self.notice, self.id_screen, self.coupons_screen, self.seat_screen,
                       self.done_screen, self.pin_screen):
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self.id_screen.submitted.connect(self._find)
        self.coupons_screen.chosen.connect(self._coupon_chosen)
        self.coupons_screen.cancelled.connect(self.reset)
        self.seat_screen.confirmed.connect(self._confirm_seat)
        self.seat_screen.back.connect(self._back_to_coupons)
        self.done_screen.finished.connect(self.reset)
        self.pin_screen.entered.connect(self._check_pin)
        self.pin_screen.cancelled.connect(self.reset)
        self.notice.quit.clicked.connect(self.left)
        self.queue.jobChanged.connect(self._job_changed)

        # The clerk's window and its shortcuts are not there; only this one, for staff.
        self.pin_shortcut = QShortcut(QKeySequence("Ctrl+Shift+Q"), self)
        self.pin_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.pin_shortcut.activated.connect(self.open_pin)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.retranslate()
        self.stack.setCurrentWidget(self.notice)

    # -- start ------------------------------------------------------------------------------

    def show_notice(self, kind: str, error: str = "") -> None:
        self.notice.show_kind(kind, error)
        self.stack.setCurrentWidget(self.notice)

    def start(self) -> None:
        """The store is open and a PIN is set: welcome the first traveller."""
        self.ready = True
        self.timer.start()
        self.reset()

    def reset(self) -> None:
        """Back to the start for the next traveller: every field, list and answer of the
        last one gone."""
        self.visit += 1
        self.id_text = ""
        self.coupon = None
        self.job_id = ""
        for screen in (self.id_screen, self.coupons_screen, self.seat_screen,
                       self.done_screen, self.pin_screen):
            screen.clear()
        self.idle_left = self.idle_seconds
        self.countdown.clear()
        if self.language != self.home_language:
            self.language = self.home_language
            self.language_changed.emit(self.language)
        if self.ready:
            self.stack.setCurrentWidget(self.id_screen)
            self.id_screen.field.setFocus()

    # -- idle ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress,
                            QEvent.Type.TouchBegin, QEvent.Type.InputMethod):
            self.idle_left = (DONE_SECONDS if self.stack.currentWidget() is self.done_screen
                              else self.idle_seconds)
            self.countdown.clear()
        return False

    def at_rest(self) -> bool:
        """The start screen with nothing typed: nothing to time out."""
        return (self.stack.currentWidget() is self.id_screen
                and not self.id_screen.field.text() and not self.id_screen.message.text())

    def tick(self) -> None:
        """One second of idleness (the window's timer; tests call it directly)."""
        if not self.ready or self.at_rest():
            self.countdown.clear()
            return
        self.idle_left -= 1
        if self.idle_left <= 0:
            self.reset()
        elif self.idle_left <= COUNTDOWN_SECONDS:
            self.countdown.setText(self.tr("No touch: back to the start in %1 s")
                                   .replace("%1", str(self.idle_left)))

    # -- the traveller ---------------------------------------------------------------------

    def _answer(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """``fn`` for an answer asked for during this visit; dropped after a reset."""
        visit = self.visit

        def deliver(value: Any) -> None:
            if visit == self.visit:
                fn(value)

        return deliver

    def _find(self, text: str) -> None:
        self.id_screen.set_busy(True)
        self.id_text = text
        ops.coupons(self.ctx, text, self.ctx.clock.now(), self._answer(self._found),
                    self._answer(self._find_failed))

    def _found(self, coupons: list[KioskCoupon]) -> None:
        self.id_screen.set_busy(False)
        self.coupons_screen.show_coupons(coupons)
        self.stack.setCurrentWidget(self.coupons_screen)

    def _find_failed(self, error: BaseException) -> None:
        self.id_screen.set_busy(False)
        self.id_screen.message.setText(self.explain(error))
        self.id_screen.field.setFocus()

    def _coupon_chosen(self, coupon: KioskCoupon) -> None:
        self.coupon = coupon
        if coupon.seat:  # checked in already: the pass again
            self._print(None)
            return
        ops.chart(self.ctx, self.id_text, coupon.ticket_number, coupon.seq,
                  self.ctx.clock.now(), self._answer(self._show_chart),
                  self._answer(self._to_safe_screen))

    def _show_chart(self, chart: SeatChart) -> None:
        assert self.coupon is not None
        self.seat_screen.show_chart(self.coupon, chart)
        self.stack.setCurrentWidget(self.seat_screen)

    def _back_to_coupons(self) -> None:
        self.coupon = None
        self.stack.setCurrentWidget(self.coupons_screen)

    def _confirm_seat(self, seat: str) -> None:
        self._print(seat)

    def _print(self, seat: str | None) -> None:
        """Check in on ``seat`` (None: the pass again). A new seat is asked of head office
        live first while it answers, so a seat another counter took is refused now, not
        moved later; offline the check-in keeps it provisional with its op."""
        coupon = self.coupon
        assert coupon is not None
        if seat is not None:
            ops.choose_live(self.ctx, self.sync, self.id_text, coupon.ticket_number,
                            coupon.seq, seat, self.ctx.clock.now(),
                            self._answer(lambda _how: self._check_in(seat)),
                            self._answer(self._check_in_failed))
            return
        self._check_in(None)

    def _check_in(self, seat: str | None) -> None:
        coupon = self.coupon
        assert coupon is not None
        ops.check_in(self.ctx, self.id_text, coupon.ticket_number, coupon.seq, seat,
                     self.ctx.clock.now(), self._answer(self._checked_in),
                     self._answer(self._check_in_failed))

    def _checked_in(self, data: BoardingPass) -> None:
        if self.sync is not None:
            self.sync.wake()  # a provisional choice's op goes to head office at once
        self.done_screen.show_state(DoneScreen.PRINTING, data.flight_no, data.seat)
        self.stack.setCurrentWidget(self.done_screen)
        self.idle_left = DONE_SECONDS

        def make() -> Document:
            from counter_app.printing.boarding_pass import boarding_pass_document

            return boarding_pass_document(data)

        self.ctx.runner.run_io("kiosk_render_pass", make, self._answer(self._rendered),
                               self._answer(lambda _e: self._at_counter()))

    def _rendered(self, document: Document) -> None:
        self.job_id = self.queue.submit(document, self.printer)

    def _job_changed(self, job: PrintJob) -> None:
        if not self.job_id or job.job_id != self.job_id:
            return
        if job.state in (SENT, DONE):
            self.done_screen.show_state(DoneScreen.PRINTED)
        elif job.state == FAILED:
            self._at_counter()

    def _at_counter(self) -> None:
        """No printer answered: the job waits in the queue and prints by itself later;
        the traveller collects the pass at the counter."""
        self.done_screen.show_state(DoneScreen.AT_COUNTER)

    def _check_in_failed(self, error: BaseException) -> None:
        code = error.code if isinstance(error, DomainError) else ""
        coupon = self.coupon
        if code in ("seat_taken", "seat_blocked", "exit_row_not_allowed") and coupon:
            text = self.explain(error)
            ops.chart(self.ctx, self.id_text, coupon.ticket_number, coupon.seq,
                      self.ctx.clock.now(),
                      self._answer(lambda chart: self.seat_screen.refresh(chart, text)),
                      self._answer(self._to_safe_screen))
            return
        if self.stack.currentWidget() is self.seat_screen and code in (
                "seat_format", "seat_not_on_aircraft"):
            self.seat_screen.set_busy(False)
            self.seat_screen.message.setText(self.explain(error))
            return
        self._to_safe_screen(error)

    def _to_safe_screen(self, error: BaseException) -> None:
        """A refusal that ends this coupon (check-in closed meanwhile ...): the traveller's
        flights again, read afresh, with the reason; or the start when none is left."""
        text = self.explain(error)
        self.coupon = None

        def listed(coupons: list[KioskCoupon]) -> None:
            self._found(coupons)
            self.coupons_screen.message.setText(text)

        def none_left(error2: BaseException) -> None:
            self.coupons_screen.clear()
            self.stack.setCurrentWidget(self.id_screen)
            more = self.explain(error2)
            self.id_screen.message.setText(text if more == text else text + "\n" + more)

        ops.coupons(self.ctx, self.id_text, self.ctx.clock.now(), self._answer(listed),
                    self._answer(none_left))

    def explain(self, error: BaseException) -> str:
        """A refusal in the traveller's words (the clerk's catalogue for the rest)."""
        if not isinstance(error, DomainError):
            return self.tr("Self check-in cannot do this now. Please go to the counter.")
        seat = str(error.params.get("seat", ""))
        texts = {
            "kiosk_no_coupon": self.tr(
                "No flight open for check-in was found.\nCheck-in opens 24 hours and "
                "closes 45 minutes before departure; for tickets bought elsewhere please "
                "go to the counter."),
            "seat_taken": self.tr("Seat %1 was just taken by someone else: please choose "
                                  "another seat.").replace("%1", seat),
            "checkin_closed": self.tr("Check-in for this flight has closed. Please go to "
                                      "the counter."),
            "checkin_not_open": self.tr("Check-in for this flight is not open yet."),
            "already_checked_in": self.tr("This flight is already checked in, seat %1."
                                          ).replace("%1", seat),
        }
        return texts.get(error.code) or domain_message(error)

    # -- staff -----------------------------------------------------------------------------

    def open_pin(self) -> None:
        if self.stack.currentWidget() is self.pin_screen:
            return
        self.reset()  # the traveller's data off the screen before staff look
        self.stack.setCurrentWidget(self.pin_screen)
        self.pin_screen.field.setFocus()

    def _check_pin(self, pin: str) -> None:
        ops.verify_pin(self.ctx, pin, self._answer(self._pin_checked),
                       self._answer(lambda _e: self._pin_checked(False)))

    def _pin_checked(self, right: bool) -> None:
        if right:
            self.pin_failures = 0
            self.timer.stop()
            self.left.emit()
            return
        self.pin_failures += 1
        if self.pin_failures >= PIN_TRIES:
            self.pin_failures = 0
            self.reset()
            return
        self.pin_screen.refused(self.tr("Wrong PIN."))

    # -- language --------------------------------------------------------------------------

    def _switch_language(self) -> None:
        self.language = "en" if self.language == "zh_CN" else "zh_CN"
        self.language_changed.emit(self.language)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        # the button names the other language, in that language
        self.language_button.setText("English" if self.language == "zh_CN" else "中文")
        for screen in (self.notice, self.id_screen, self.coupons_screen, self.seat_screen,
                       self.done_screen, self.pin_screen):
            screen.retranslate()

    def closeEvent(self, event: Any) -> None:
        if not self.allow_close and event.spontaneous():
            # from the window system (Alt+F4 on a traveller's keyboard); a quit the
            # program asks for (SIGTERM, the session ending) still closes it
            event.ignore()
            return
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

