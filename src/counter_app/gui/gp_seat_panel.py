"""The GP seat panel (公务座位服务): beside the official on the seat dialog, their level and
its entitlements (the seat ones highlighted), and the seat services the level has:

- 座位锁定 (seat lock, V4/V5): the seat typed (or current on the map) chosen locked;
  解除锁定 gives a locked seat back only with a supervisor's login typed here;
- 隐私座 EXST (privacy seat): the free seat beside the official kept empty, with its fare
  as the airline's rule says (免费 for the levels it is free for);
- 压座 (seat holding on several flights, V4+): the seat held until the deadline typed, in
  the official's hold group; 压座列表 opens the :class:`HoldsDialog`.

A service the level lacks has its button disabled, and its reason (``gp_level_lacks`` in the
clerk's words) under it; a refusal of any step is shown on the message line and nothing is
lost. ``changed`` tells the dialog to read its map again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QCoreApplication, QDateTime, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import domain_message, sync_error_message
from counter_app.gui.operations import gp_seats as ops
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import name_dialog, named, named_button, named_edit
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.gp_holds import HoldRequest, HoldRow, HoldsView
from counter_app.services.gp_seats import GpSeatServices
from counter_app.services.payments import Override

if TYPE_CHECKING:
    from counter_app.gui.widgets.seat_map import SeatMapWidget
    from counter_app.services.seat_screen import SeatTraveller

SEAT_HIGHLIGHT = "#fff3c4"  # the seat entitlements' background in the list
REFRESH_MS = 60_000  # the holds' time left, once a minute


class GpSeatPanel(QWidget):
    """The GP seat services of one passenger on one flight (see the module docstring)."""

    changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gpSeatPanel")
        self.ctx = ctx
        self.shown: GpSeatServices | None = None
        self.segment_id = ""
        self._tasks: list[Task] = []
        self.holds_dialog: HoldsDialog | None = None
        self.title = named(QLabel(self), "gpTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.entitlements = named(QListWidget(self), "gpEntitlements")
        self.entitlements.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seat_edit = named_edit(self, "gpSeat", self.tr("Seat, e.g. 32A"))
        self.seat_edit.setMaxLength(4)
        self.lock_button = named_button(self.tr("Lock seat"), "gpLockButton", self)
        self.privacy_button = named_button(self.tr("Privacy seat (EXST)"), "gpPrivacyButton",
                                           self)
        self.fare_label = named(QLabel(self), "gpPrivacyFare")
        self.hold_until = named(QDateTimeEdit(self), "gpHoldUntil")
        self.hold_until.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.hold_until.setCalendarPopup(True)
        self.hold_button = named_button(self.tr("Hold seat"), "gpHoldButton", self)
        self.holds_button = named_button(self.tr("Holds…"), "gpHoldsButton", self)
        self.supervisor = named_edit(self, "gpSupervisor", self.tr("Supervisor's login"))
        self.supervisor_password = named(QLineEdit(self), "gpSupervisorPassword")
        self.supervisor_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.supervisor_password.setPlaceholderText(self.tr("Password"))
        self.unlock_button = named_button(self.tr("Release locked seat"), "gpUnlockButton",
                                          self)
        self.reasons = named(QLabel(self), "gpReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("color: #8a4b00;")
        self.message = MessageLine(self, "gpMessage")
        self._build()
        self.lock_button.clicked.connect(self.lock)
        self.privacy_button.clicked.connect(self.privacy)
        self.hold_button.clicked.connect(self.hold)
        self.holds_button.clicked.connect(self.open_holds)
        self.unlock_button.clicked.connect(self.unlock)
        self._show(None)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(QLabel(self.tr("Entitlements of the level (seat services marked):"),
                                self))
        layout.addWidget(self.entitlements, 1)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Seat"), self), 0, 0)
        grid.addWidget(self.seat_edit, 0, 1)
        grid.addWidget(self.lock_button, 0, 2)
        grid.addWidget(self.privacy_button, 1, 2)
        grid.addWidget(self.fare_label, 1, 0, 1, 2)
        grid.addWidget(QLabel(self.tr("Hold until"), self), 2, 0)
        grid.addWidget(self.hold_until, 2, 1)
        grid.addWidget(self.hold_button, 2, 2)
        grid.addWidget(self.holds_button, 3, 2)
        grid.addWidget(QLabel(self.tr("Supervisor"), self), 4, 0)
        grid.addWidget(self.supervisor, 4, 1)
        grid.addWidget(self.supervisor_password, 5, 1)
        grid.addWidget(self.unlock_button, 5, 2)
        layout.addLayout(grid)
        layout.addWidget(self.reasons)
        layout.addWidget(self.message)

    # -- what is shown ------------------------------------------------------------------

    def show_passenger(self, passenger_id: str, segment_id: str) -> Task:
        """Read and show the passenger's level and services on this flight."""
        self.segment_id = segment_id
        task = ops.services(self.ctx, passenger_id, segment_id, self._show, self._failed)
        self._tasks.append(task)
        return task

    def set_seat(self, code: str) -> None:
        """The seat on the map (the dialog's current seat)."""
        self.seat_edit.setText(code)

    def _show(self, services: GpSeatServices | None) -> None:
        self.shown = services
        self.entitlements.clear()
        if services is None:
            self.title.setText(self.tr("GP seat services"))
            for button in self._service_buttons():
                button.setEnabled(False)
            self.unlock_button.setEnabled(False)
            return
        level = services.level or self.tr("not a GP official")
        self.title.setText(self.tr("%1 · GP level %2 · %3").replace(
            "%1", services.passenger_name).replace("%2", level).replace("%3",
                                                                          services.flight_no))
        for line in services.entitlements:
            item = QListWidgetItem(("★ " if line.seat else "   ") + line.label_zh)
            if line.seat:
                item.setBackground(QBrush(QColor(SEAT_HIGHLIGHT)))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            item.setData(Qt.ItemDataRole.UserRole, line.code)
            self.entitlements.addItem(item)
        reasons: list[str] = []
        for button, service in zip(self._service_buttons(), ("lock", "privacy", "hold"),
                                   strict=True):
            offer = services.offer(service)
            button.setEnabled(offer.allowed)
            if not offer.allowed:
                why = domain_message(DomainError("gp_level_lacks", service=service,
                                                 level=services.level, needs=offer.needs))
                button.setToolTip(why)
                reasons.append(why)
            else:
                button.setToolTip("")
        self.reasons.setText("\n".join(reasons))
        self.reasons.setVisible(bool(reasons))
        self.fare_label.setText(self._fare_text(services))
        self.unlock_button.setEnabled(services.locked)
        self.privacy_button.setEnabled(services.offer("privacy").allowed
                                       and bool(services.seat_choice_id)
                                       and not services.privacy_seat)
        if services.seat and not self.seat_edit.text():
            self.seat_edit.setText(services.seat)
        deadline = self.ctx.clock.now().astimezone(SHANGHAI) + timedelta(hours=24)
        self.hold_until.setDateTime(QDateTime(
            deadline.year, deadline.month, deadline.day, deadline.hour, deadline.minute, 0))

    def _service_buttons(self) -> tuple[QWidget, QWidget, QWidget]:
        return self.lock_button, self.privacy_button, self.hold_button

    def _fare_text(self, services: GpSeatServices) -> str:
        own = ""
        if services.seat:
            own = (self.tr("Own seat %1 (locked)") if services.locked
                   else self.tr("Own seat %1")).replace("%1", services.seat) + "  "
        return own + self._privacy_text(services)

    def _privacy_text(self, services: GpSeatServices) -> str:
        if services.privacy_seat:
            return self.tr("Privacy seat: EXST %1").replace("%1", services.privacy_seat)
        if services.privacy_fare is None:
            return ""
        if services.privacy_basis == "free":
            return self.tr("Privacy seat fare: free")
        return self.tr("Privacy seat fare: ¥%1").replace("%1", f"{services.privacy_fare:,.2f}")

    # -- the services -------------------------------------------------------------------

    def _seat(self) -> str:
        return self.seat_edit.text().strip().upper()

    def lock(self) -> None:
        if self.shown is None:
            return
        self._tasks.append(ops.lock_seat(self.ctx, self.shown.passenger_id, self.segment_id,
                                         self._seat(), self._done(self.tr("Seat %1 locked.")),
                                         self._failed))

    def privacy(self) -> None:
        if self.shown is None:
            return
        if not self.shown.seat_choice_id:
            self.message.show_error(self.tr("Choose the official's own seat first."))
            return
        self._tasks.append(ops.privacy_seat(
            self.ctx, self.shown.seat_choice_id, None,
            self._done(self.tr("Privacy seat %1 kept empty (EXST).")), self._failed))

    def hold(self) -> None:
        if self.shown is None:
            return
        typed = self.hold_until.dateTime()
        day, at = typed.date(), typed.time()
        until = datetime(day.year(), day.month(), day.day(), at.hour(), at.minute(),
                         tzinfo=SHANGHAI).astimezone(UTC)
        request = HoldRequest(self.shown.passenger_id, self.segment_id, self._seat(), until)
        self._tasks.append(ops.hold_seat(self.ctx, [request],
                                         self._done(self.tr("Seat %1 held.")), self._failed))

    def unlock(self) -> None:
        if self.shown is None or not self.shown.seat_choice_id:
            return
        login = self.supervisor.text().strip()
        override = Override(login, self.supervisor_password.text(), "") if login else None
        self._tasks.append(ops.release_locked(
            self.ctx, self.shown.seat_choice_id, override,
            lambda _id: self._after(self.tr("Locked seat released.")), self._failed))
        self.supervisor_password.clear()

    def open_holds(self) -> HoldsDialog:
        if self.holds_dialog is None:
            self.holds_dialog = HoldsDialog(self.ctx, self)
        self.holds_dialog.refresh()
        self.holds_dialog.show()
        return self.holds_dialog

    def _done(self, text: str) -> Callable[[list[str]], None]:
        return lambda seats: self._after(text.replace("%1", "、".join(seats)))

    def _after(self, text: str) -> None:
        self.message.show_ok(text)
        self.changed.emit()
        if self.shown is not None:
            self.show_passenger(self.shown.passenger_id, self.segment_id)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.message.show_error(domain_message(error))
        else:
            self.message.show_error(sync_error_message(error))

    def cancel_tasks(self) -> None:
        """No answer is wanted any more (the panel closes)."""
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_tasks()
        super().closeEvent(event)


class HoldsDialog(QDialog):
    """The holds (压座列表): official, flight, seat, deadline and the time left, refreshed
    every minute; settling runs first, so a hold whose sibling was ticketed or flown is
    gone (released, and a refund-fee waiver asked for a ticketed one)."""

    COLUMNS = 7

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name_dialog(self, "holdsDialog", self.tr("Seat holds (压座)"), 760)
        self.ctx = ctx
        self.view: HoldsView | None = None
        self._task: Task | None = None
        self.table = named(QTableWidget(0, self.COLUMNS, self), "holdsTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Passenger"), self.tr("Flight"), self.tr("Date"), self.tr("Route"),
            self.tr("Seat"), self.tr("Hold until"), self.tr("Time left")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.message = MessageLine(self, "holdsMessage")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()

    def refresh(self) -> None:
        if self._task is not None and not self._task.finished:
            return
        self._task = ops.holds(self.ctx, self._show, self._failed)

    def remaining_text(self, left: timedelta | None) -> str:
        """The time left in whole minutes: ``剩余 2小时15分`` (``1天3小时0分`` past a day)."""
        if left is None:
            return ""
        minutes = int(left.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            return self.tr("%1 d %2 h %3 min left").replace("%1", str(days)).replace(
                "%2", str(hours)).replace("%3", str(mins))
        return self.tr("%1 h %2 min left").replace("%1", str(hours)).replace("%2", str(mins))

    def state_text(self, row: HoldRow) -> str:
        texts = {
            "held": self.remaining_text(row.remaining),
            "ticketed": self.tr("ticketed"),
            "flown": self.tr("flown"),
            "expired": self.tr("past its deadline"),
            "released": self.tr("released"),
        }
        return texts.get(row.state, row.state)

    def _show(self, view: HoldsView) -> None:
        self.view = view
        self.table.setRowCount(len(view.rows))
        for r, row in enumerate(view.rows):
            until = "" if row.hold_until is None else row.hold_until.astimezone(
                SHANGHAI).strftime("%m-%d %H:%M")
            for c, text in enumerate((row.passenger_name, row.flight_no,
                                      row.dep_date.strftime("%m-%d"), row.route, row.seat,
                                      until, self.state_text(row))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        released = sum(len(s.released) for s in view.settled)
        waivers = sum(len(s.waivers) for s in view.settled)
        if released:
            self.message.show_info(
                self.tr("%1 hold(s) released; %2 refund-fee waiver request(s) queued for "
                        "head office.").replace("%1", str(released)).replace("%2",
                                                                               str(waivers)))
        elif not view.rows:
            self.message.show_info(self.tr("No seats are held."))

    def _failed(self, error: BaseException) -> None:
        text = domain_message(error) if isinstance(error, DomainError) else (
            sync_error_message(error))
        self.message.show_error(text)

    def done(self, result: int) -> None:
        self.timer.stop()
        if self._task is not None:
            self._task.cancel()
        super().done(result)



class SeatDialogLike(Protocol):
    """What the GP window needs of the seat dialog (gui/seat_dialog.py) it opens from."""

    ctx: DeskContext
    segment_id: str | None
    map: SeatMapWidget

    def traveller(self) -> SeatTraveller | None: ...

    def reload(self) -> None: ...


class GpSeatWindow(QDialog):
    """The GP seat panel in its own window beside the seat dialog; the dialog reads its
    map again after each service."""

    def __init__(self, dialog: SeatDialogLike, parent: QWidget) -> None:
        super().__init__(parent)
        name_dialog(self, "gpSeatWindow", self.tr("GP seat services"), 480)
        self.panel = GpSeatPanel(dialog.ctx, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.panel)
        self.panel.changed.connect(dialog.reload)
        self.dialog = dialog
        if isinstance(parent, QDialog):  # the seat dialog closed: this window with it
            parent.finished.connect(lambda _result: self.done(0))

    def done(self, result: int) -> None:
        self.panel.cancel_tasks()
        super().done(result)
        # The keyboard back on the seat map (where no window manager gives it back).
        owner = self.parentWidget()
        if owner is not None and owner.isVisible():
            owner.activateWindow()
            self.dialog.map.setFocus()


def open_gp_window(dialog: SeatDialogLike, parent: QWidget) -> GpSeatWindow | None:
    """Show the GP services of the passenger selected in the seat dialog (None when no
    passenger or flight is selected); the seat current on the map is the one typed."""
    traveller = dialog.traveller()
    if traveller is None or dialog.segment_id is None:
        return None
    window = parent.findChild(GpSeatWindow) or GpSeatWindow(dialog, parent)
    window.panel.seat_edit.setText(dialog.map.current() or "")
    window.panel.show_passenger(traveller.passenger_id, dialog.segment_id)
    if not window.isVisible():
        # Over the passenger list on the left, the map beside it stays in view.
        window.move(parent.mapToGlobal(QPoint(8, 40)))
    window.show()
    window.raise_()
    window.activateWindow()  # the keyboard to it (Esc closes it), window manager or not
    window.panel.seat_edit.setFocus()
    return window


def gp_seat_button(dialog: SeatDialogLike, parent: QWidget) -> QPushButton:
    """The seat dialog's 公务座位服务 button; the dialog gives it Ctrl+G."""
    button = named_button(QCoreApplication.translate("GpSeatWindow", "GP services… (Ctrl+G)"),
                          "gpSeatsButton", parent)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(lambda: open_gp_window(dialog, parent))
    return button
