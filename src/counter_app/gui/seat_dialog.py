"""The seat dialog (选座): a booking's passengers on one of its flights, the aircraft's seat
map, and the choosing, used from the Sale page (before or after issue), the after-sale page
(an issued ticket's coupon) and check-in (the boarding pass prints from the seat chosen).

Left, the passengers (name, type, GP level, the seat and its state: 已确认 confirmed by
head office, 待确认 provisional, chosen offline, 已调整 moved by head office at sync); right,
the map (``SeatMapWidget`` in a scroll area) and its legend; under them the message line
(a refusal with its reason, naming the field 座位) and the buttons: 推荐连座 proposes seats
together for the passengers without one (Enter accepts the proposal), 取消选座 gives the
selected passenger's seat back, and 关闭.

Keyboard only: Tab goes between the list and the map, arrows move in the map, typing
``32A`` jumps there, Enter chooses it for the selected passenger and the selection moves to
the next passenger without a seat; Esc closes. The map shows head office's live state when
opened and every few seconds while open (fetched on the pool); offline it shows the state
last fetched, and choices are provisional until the next sync says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.context import DeskContext
from counter_app.gui.gp_seat_panel import gp_seat_button
from counter_app.gui.messages import domain_message, field_label, sync_error_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import seats as ops
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import name_dialog, named, named_button
from counter_app.gui.widgets.seat_map import SeatLegend, SeatMapWidget, refusal_text
from counter_app.gui.widgets.tables import make_table
from counter_app.kernel.clock import SHANGHAI

if TYPE_CHECKING:
    from counter_app.services.seat_screen import SeatScreen, SeatSegment, SeatTraveller

REFRESH_MS = 5000  # head office's live state, while the dialog is open


class SeatRoster(QWidget):
    """The passengers of the segment with their seats; ``picked(passenger_id)`` when the
    clerk selects one, ``enter()`` on Enter in the list."""

    picked = Signal(str)
    enter = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.model: RowsModel[SeatTraveller] = RowsModel([
            Column(self.tr("Passenger"), lambda t: t.name),
            Column(self.tr("Type"), lambda t: self.type_name(t.passenger_type),
                   Qt.AlignmentFlag.AlignCenter),
            Column(self.tr("GP"), lambda t: t.gp_level or "", Qt.AlignmentFlag.AlignCenter),
            Column(self.tr("Seat"), self.seat_text, Qt.AlignmentFlag.AlignCenter),
            Column(self.tr("State"), self.state_text, alert=lambda t: self.is_moved(t)),
        ])
        self.view: QTableView = make_table(self, self.model, "seatPassengers")
        self.view.installEventFilter(self)
        self.view.setTabKeyNavigation(False)  # Tab leaves for the map, not the next cell
        self.view.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self._quiet = False
        self.proposal: dict[str, str] = {}

    def type_name(self, code: str) -> str:
        return {"ADT": self.tr("Adult"), "CHD": self.tr("Child"),
                "INF": self.tr("Infant")}.get(code, code)

    def seat_text(self, t: SeatTraveller) -> str:
        if t.passenger_type == "INF":
            return self.tr("on lap")
        return t.seat or self.proposal.get(t.passenger_id, "—")

    @staticmethod
    def is_moved(t: SeatTraveller) -> bool:
        return t.choice is not None and t.choice.state == "moved"

    def state_text(self, t: SeatTraveller) -> str:
        if t.choice is None:
            return self.tr("Proposed (Enter)") if t.passenger_id in self.proposal else ""
        if t.choice.state == "moved":
            text = self.tr("Moved (was %1)").replace("%1", t.choice.moved_from)
        else:
            text = {"confirmed": self.tr("Confirmed"),
                    "provisional": self.tr("Provisional")}.get(t.choice.state, t.choice.state)
        if t.checked_in_seat and t.checked_in_seat == t.seat:
            text = self.tr("%1, checked in").replace("%1", text)
        if t.choice.locked:  # a GP seat lock: only a supervisor may release it
            text = self.tr("%1, locked").replace("%1", text)
        return text

    def show_rows(self, rows: tuple[SeatTraveller, ...], passenger_id: str | None,
                  proposal: dict[str, str]) -> None:
        """The rows, ``passenger_id``'s selected (without emitting ``picked``), and the seats
        proposed together for those without one (passenger id -> seat)."""
        self.proposal = dict(proposal)
        self._quiet = True
        try:
            self.model.set_rows(rows)
            index = next((i for i, t in enumerate(rows) if t.passenger_id == passenger_id), -1)
            if index >= 0:
                self.view.selectRow(index)
        finally:
            self._quiet = False

    def rows(self) -> list[SeatTraveller]:
        return self.model.rows()

    def outcome_text(self, outcomes: list[ops.SeatOutcome], names: dict[str, str]) -> str:
        """``张伟：32A 已确认; 李娜：32B 待确认 — 离线：座位待总部确认。``"""
        parts = []
        for o in outcomes:
            name = names.get(o.passenger_id, "")
            if o.status == "confirmed":
                parts.append(self.tr("%1: %2 confirmed").replace("%1", name)
                             .replace("%2", o.seat))
            elif o.status == "moved":
                parts.append(self.tr("%1: %2 given instead of %3").replace("%1", name)
                             .replace("%2", o.seat).replace("%3", o.moved_from))
            else:
                parts.append(self.tr("%1: %2 provisional").replace("%1", name)
                             .replace("%2", o.seat))
        # The list separator of the interface's language (Chinese: "；").
        text = self.tr("; ").join(parts)
        if any(o.status == "provisional" for o in outcomes):
            text += " — " + self.tr("Offline: seats to be confirmed by head office.")
        return text

    def _row_changed(self) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        if row is not None and not self._quiet:
            self.picked.emit(row.passenger_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.enter.emit()
            return True
        return super().eventFilter(watched, event)


class SeatModeLine(QLabel):
    """Whether seats are confirmed live or wait for head office (离线：座位待总部确认), how old
    the map's state is, and at check-in whether the boarding pass can print."""

    def show_mode(self, online: bool, screen: SeatScreen | None, *, checkin: bool) -> None:
        if online:
            text = self.tr("Online: seats are confirmed by head office at once.")
        else:
            text = self.tr("Offline: seats to be confirmed by head office.")
        parts = [text]
        if screen is not None and screen.as_of is not None:
            parts.append(self.tr("Seat map as of %1.").replace("%1", _beijing_hm(screen.as_of)))
        if checkin and screen is not None:
            parts.append(self.tr("Check-in is open: Ctrl+P prints the boarding pass.")
                         if screen.checkin_open else self.tr(
                "Check-in is not open: the boarding pass prints from 24 h to 45 min before "
                "departure."))
        self.setText(_sentences(parts))
        self.setStyleSheet("" if online else "color: #b05a00;")


class SeatDialog(QDialog):
    """Seats for ``booking_id``'s passengers on ``segment_id`` (or the segment of
    ``flight_id``, else its first; another flight of the booking can be picked in the
    dialog). ``select_ticket`` selects that ticket's passenger
    (after sale, check-in); ``checkin_seq`` makes it the check-in: the boarding pass of that
    coupon prints from the seat chosen. Emits ``changed`` after a seat is chosen or given
    back (the page shows the seats and wakes the sync)."""

    changed = Signal()

    def __init__(self, ctx: DeskContext, booking_id: str, segment_id: str | None = None,
                 parent: QWidget | None = None, *, flight_id: str | None = None,
                 select_ticket: str | None = None, checkin_seq: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.booking_id = booking_id
        self.segment_id = segment_id
        self.flight_id = flight_id  # the flight to open on, when no segment is given
        self.select_ticket = select_ticket
        self.checkin_seq = checkin_seq
        self.passenger_id: str | None = None
        self.shown: SeatScreen | None = None
        self.proposal: dict[str, str] = {}  # passenger id -> seat, shown until accepted
        self._tasks: list[Task] = []
        self._live_task: Task | None = None
        self._flights: dict[str, str] = {}  # segment id -> flight id, of the booking
        self._busy = False  # a choice or release is on its way: Enter waits for it
        name_dialog(self, "seatDialog", self.tr("Seats"), 900)
        _fit_screen(self, parent)

        self.segment_combo = named(QComboBox(self), "seatSegment")
        self.flight_label = QLabel(self.tr("Flight (Ctrl+PgDown)"), self)
        self.mode_label = named(SeatModeLine(self), "seatMode")
        self.roster = SeatRoster(self)
        self.map = named(SeatMapWidget(self), "seatMap")
        self.map_scroll = named(QScrollArea(self), "seatMapScroll")
        self.map_scroll.setWidget(self.map)
        self.map_scroll.setWidgetResizable(False)
        self.map_scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.map_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes list -> map
        self.legend = named(SeatLegend(self), "seatLegend")
        self.message = MessageLine(self, "seatMessage")
        self.propose_button = named_button(self.tr("Seats together (Ctrl+T)"),
                                           "proposeSeatsButton", self)
        self.release_button = named_button(self.tr("Release seat"), "releaseSeatButton", self)
        self.print_button = named_button(self.tr("Print boarding pass (Ctrl+P)"),
                                         "seatBoardingButton", self)
        self.close_button = named_button(self.tr("Close"), "closeSeatsButton", self)
        self.gp_button = gp_seat_button(self, self)  # GP seat services (gui/gp_seat_panel.py)
        for button in (self.propose_button, self.release_button, self.print_button,
                       self.close_button):
            button.setAutoDefault(False)  # Enter belongs to the list and the map
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.print_button.setVisible(checkin_seq is not None)
        _lay_out(self)

        self.segment_combo.currentIndexChanged.connect(self._segment_picked)
        self.roster.picked.connect(self._passenger_picked)
        self.roster.enter.connect(self._enter_in_list)
        self.map.seat_chosen.connect(self.choose)
        self.map.seat_refused.connect(self._refused_on_map)
        self.propose_button.clicked.connect(self.propose)
        self.release_button.clicked.connect(self.release)
        self.print_button.clicked.connect(self.print_boarding_pass)
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence("Ctrl+T"), self, self.propose)
        QShortcut(QKeySequence("Ctrl+G"), self, lambda: _open_gp(self))
        if checkin_seq is not None:
            QShortcut(QKeySequence("Ctrl+P"), self, self.print_boarding_pass)
        # Tab goes between the list and the map only; the flight by Ctrl+PgDown/PgUp.
        self.segment_combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setTabOrder(self.roster.view, self.map)
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._step_segment(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._step_segment(-1))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_live)
        self._show_mode()
        self._track(ops.segments(ctx, booking_id, self._got_segments, self._failed))

    # -- tasks -------------------------------------------------------------------------

    def _track(self, task: Task | None) -> Task | None:
        if task is not None:
            self._tasks = [t for t in self._tasks if not t.finished] + [task]
        return task

    def done(self, result: int) -> None:
        """Closing: no answer is wanted any more, nor the live state."""
        self._timer.stop()
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()
        super().done(result)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, DomainError):
            self.message.show_error(domain_message(error))
        else:
            self.message.show_error(sync_error_message(error))

    # -- what is shown -----------------------------------------------------------------

    @property
    def online(self) -> bool:
        return self.ctx.sync.engine is not None and self.ctx.sync.online

    def _show_mode(self) -> None:
        self.mode_label.show_mode(self.online, self.shown, checkin=self.checkin_seq is not None)

    def _got_segments(self, segments: list[SeatSegment]) -> None:
        self.segment_combo.blockSignals(True)
        for s in segments:
            self.segment_combo.addItem(f"{s.label} {s.cabin}", s.segment_id)
            self._flights[s.segment_id] = s.flight_id
        index = next((i for i, s in enumerate(segments) if s.segment_id == self.segment_id
                      or (self.segment_id is None and s.flight_id == self.flight_id)), 0)
        self.segment_combo.setCurrentIndex(index)
        self.segment_combo.blockSignals(False)
        if segments:
            self.segment_id = segments[index].segment_id
            self.reload(live=True)
            self._timer.start()
        else:
            self.message.show_error(self.tr("This booking has no flight to seat."))

    def _step_segment(self, step: int) -> None:
        count = self.segment_combo.count()
        if count > 1:
            self.segment_combo.setCurrentIndex((self.segment_combo.currentIndex() + step) % count)

    def _segment_picked(self, index: int) -> None:
        self.segment_id = self.segment_combo.itemData(index)
        self.passenger_id = None
        self.proposal = {}
        self.reload(live=True)

    def reload(self, *, live: bool = False, then: Callable[[], None] | None = None) -> None:
        """Read the passengers and the chart again (after head office's state, if ``live``
        and online)."""
        if self.segment_id is None:
            return
        segment_id = self.segment_id

        def read(_state: object = None) -> None:
            def got(screen: SeatScreen) -> None:
                self._show(screen)
                if then is not None:
                    then()

            self._track(ops.screen(self.ctx, self.booking_id, segment_id, self.passenger_id,
                                   got, self._failed))

        if live and self.shown is not None:
            if not self._fetch_live(read):
                read()
        elif live:
            # The first time: show what is kept at once, then head office's state.
            read()
            self._fetch_live(lambda _state: self.reload())
        else:
            read()

    def _fetch_live(self, then: Callable[[object], None]) -> bool:
        if self.segment_id is None:
            return False
        flight_id = self._flight_id()
        if flight_id is None or (self._live_task is not None and not self._live_task.finished):
            return False

        def offline(error: BaseException) -> None:
            self._show_mode()
            then(None)

        self._live_task = self._track(ops.live_state(self.ctx, flight_id, then, offline))
        return self._live_task is not None

    def _flight_id(self) -> str | None:
        return None if self.segment_id is None else self._flights.get(self.segment_id)

    def refresh_live(self) -> None:
        """The timer's: head office's state again, then the chart (skipped while a choice is
        on its way, or offline, where nothing new can come)."""
        if not self._busy and self.online:
            self._fetch_live(lambda _state: self.reload())
        self._show_mode()

    def _show(self, screen: SeatScreen) -> None:
        if screen.segment.segment_id != self.segment_id or (
                self.passenger_id is not None and screen.passenger_id != self.passenger_id):
            return  # an answer for a flight or passenger picked before: a newer one follows
        first = self.shown is None or self.shown.segment.segment_id != screen.segment.segment_id
        self.shown = screen
        if self.passenger_id is None and self.select_ticket is not None:
            mine = next((t for t in screen.passengers
                         if t.ticket_number == self.select_ticket), None)
            if mine is not None and mine.passenger_id != screen.passenger_id:
                self.passenger_id = mine.passenger_id
                self.reload()
                return
        self.passenger_id = screen.passenger_id
        title = self.tr("Seats: %1 (PNR %2)") if self.checkin_seq is None else self.tr(
            "Check-in: %1 (PNR %2)")
        self.setWindowTitle(title.replace("%1", screen.segment.label).replace("%2", screen.pnr))
        current = self.map.current()
        chart = screen.chart
        if self.proposal:
            chart = dataclasses.replace(chart, proposal=tuple(self.proposal.values()))
        self.map.set_chart(chart)
        self.map.adjustSize()
        self.roster.show_rows(screen.passengers, self.passenger_id, self.proposal)
        traveller = self.traveller()
        if first and traveller is not None and traveller.seat:
            self.map.set_current(traveller.seat)  # the chosen seat, preselected
        elif current:
            self.map.set_current(current)
        if first:
            self.map.setFocus()
        self._show_mode()
        self._enable()

    def _enable(self) -> None:
        _enable_buttons(self)

    def traveller(self) -> SeatTraveller | None:
        return next((t for t in self.roster.rows() if t.passenger_id == self.passenger_id),
                    None)

    def _passenger_picked(self, passenger_id: str) -> None:
        if passenger_id != self.passenger_id:
            self.passenger_id = passenger_id
            self.reload()  # the map's refusals are the passenger's own

    def _enter_in_list(self) -> None:
        if self.proposal:
            self.accept_proposal()
        else:
            self.map.setFocus()

    # -- choosing ----------------------------------------------------------------------

    def _refused_on_map(self, code: str, refusal: str) -> None:
        """A seat the map does not offer this passenger: the reason, and for an exit row who
        the passenger is that may not sit there."""
        chart = self.map.chart()
        reason = chart.exit_reason if chart is not None else None
        self.message.show_error(f"{field_label('seat')}: {refusal_text(refusal, code, reason)}")

    def choose(self, code: str) -> None:
        """Enter or a click on an offerable seat: it becomes the selected passenger's (the
        proposal, if one is shown and ``code`` is in it, is accepted whole)."""
        if self.proposal and code in self.proposal.values():
            self.accept_proposal()
            return
        self.proposal = {}
        traveller = self.traveller()
        if traveller is None or self._busy or self.segment_id is None:
            return
        if traveller.passenger_type == "INF":
            self.message.show_error(domain_message(DomainError("infant_no_seat", field="seat")))
            return
        if traveller.seat == code:
            self._next_passenger()
            return
        owner = next((t for t in self.roster.rows() if t.seat == code), None)
        if owner is not None:  # another passenger of this booking sits there
            self.message.show_error(f"{field_label('seat')}: " + self.tr(
                "%1 is already %2's seat.").replace("%1", code).replace("%2", owner.name))
            return
        replaces = traveller.choice.choice_id if traveller.choice is not None else ""
        self._send([(traveller.passenger_id, code, replaces)])

    def _send(self, wanted: list[tuple[str, str, str]]) -> None:
        assert self.segment_id is not None
        self._busy = True
        self.message.show_info(self.tr("Choosing %1…").replace(
            "%1", " ".join(seat for _, seat, _ in wanted)))
        self._track(ops.choose_seats(self.ctx, self.segment_id, wanted, self._chosen,
                                     self._choice_failed))

    def _chosen(self, outcomes: list[ops.SeatOutcome]) -> None:
        self._busy = False
        self.proposal = {}
        names = {t.passenger_id: t.name for t in self.roster.rows()}
        self.message.show_ok(self.roster.outcome_text(outcomes, names))
        self.changed.emit()
        self.reload(then=self._next_passenger)

    def _choice_failed(self, error: BaseException) -> None:
        """A refusal: said with its reason; for a seat taken meanwhile, the nearest
        equivalent seat becomes the current one and the map is read again (nothing chosen
        before is lost)."""
        self._busy = False
        self.proposal = {}
        self._failed(error)
        if isinstance(error, DomainError) and error.code == "seat_taken":
            suggested = error.params.get("suggested")
            if suggested:
                self.message.setText(self.message.text() + " " + self.tr(
                    "Nearest equivalent seat: %1 (Enter takes it).").replace(
                    "%1", str(suggested)))

            def point() -> None:
                if suggested:
                    self.map.set_current(str(suggested))
                self.map.setFocus()

            self.reload(live=True, then=point)
        else:
            self.reload()

    def _next_passenger(self) -> None:
        """The selection moves to the next passenger without a seat (after the one seated),
        the map keeps the focus."""
        rows = self.roster.rows()
        at = next((i for i, t in enumerate(rows) if t.passenger_id == self.passenger_id), -1)
        order = rows[at + 1:] + rows[:at + 1]
        following = next((t for t in order if t.needs_seat), None)
        if following is not None and following.passenger_id != self.passenger_id:
            self.passenger_id = following.passenger_id
            self.reload()
        self.map.setFocus()

    # -- proposal and release ----------------------------------------------------------

    def propose(self) -> None:
        """Seats together for the passengers without one (推荐连座), shown on the map; Enter
        (or a click on one of them) accepts them all."""
        if self.segment_id is None or self._busy:
            return
        waiting = [t.passenger_id for t in self.roster.rows() if t.needs_seat]
        if not waiting:
            self.message.show_info(self.tr("Every passenger has a seat."))
            return

        def got(block: dict[str, str]) -> None:
            if not block:
                self.message.show_error(self.tr(
                    "No %1 seats together are free in this cabin: choose them one by one.")
                    .replace("%1", str(len(waiting))))
                return
            self.proposal = {p: block[p] for p in waiting if p in block}
            self.message.show_info(self.tr(
                "Proposed together: %1. Enter accepts them; another seat chooses one by one.")
                .replace("%1", " ".join(self.proposal.values())))
            self.reload(then=lambda: self._point_at(next(iter(self.proposal.values()), "")))

        self._track(ops.propose_block(self.ctx, self.segment_id, waiting, got, self._failed))

    def _point_at(self, code: str) -> None:
        if code:
            self.map.set_current(code)
        self.map.setFocus()

    def accept_proposal(self) -> None:
        proposal, self.proposal = self.proposal, {}
        if proposal and not self._busy:
            self._send([(p, seat, "") for p, seat in proposal.items()])

    def release(self) -> None:
        """Give the selected passenger's seat back (取消选座)."""
        traveller = self.traveller()
        if traveller is None or traveller.choice is None or self._busy:
            return
        self._busy = True
        seat = traveller.choice.seat

        def released(_choice_id: str) -> None:
            self._busy = False
            self.message.show_ok(self.tr("Seat %1 released.").replace("%1", seat))
            self.changed.emit()
            self.reload()

        self._track(ops.release_seat(self.ctx, traveller.choice.choice_id, released,
                                     self._choice_failed))

    # -- check-in ----------------------------------------------------------------------

    def print_boarding_pass(self) -> None:
        """Check the coupon in on the passenger's chosen seat and print the boarding pass
        (check-in must be open: services/boarding.py's window)."""
        traveller = self.traveller()
        if self.checkin_seq is None or traveller is None or traveller.ticket_number is None:
            return
        if traveller.seat is None:
            self.message.show_error(domain_message(DomainError("not_checked_in", field="seat")))
            return
        # Checked in already on this seat: the same pass again (no second check-in).
        again = traveller.checked_in_seat == traveller.seat
        self.ctx.desk.boarding_pass(traveller.ticket_number, self.checkin_seq,
                                    None if again else traveller.seat, self._failed)
        self.reload()  # after the check-in on the same serial worker: the seat it kept
        self.message.show_ok(self.tr("Printing the boarding pass of %1 on %2…")
                             .replace("%1", traveller.name).replace("%2", traveller.seat))


def _fit_screen(d: SeatDialog, parent: QWidget | None) -> None:
    """As tall as the screen allows (more rows of the map in view: at 1600x1000 the A321's
    economy cabin nearly whole), never larger than the screen."""
    room = (parent or d).screen().availableGeometry()
    d.resize(min(1180, room.width() - 40),
             max(min(720, room.height() - 40), int(room.height() * 0.9)))


def _enable_buttons(d: SeatDialog) -> None:
    """Each button enabled only when it has something to do, for the selected passenger."""
    traveller = d.traveller()
    # A seat already on a boarding pass is not given back from here.
    boarded = traveller is not None and bool(traveller.checked_in_seat) and (
        traveller.checked_in_seat == traveller.seat)
    d.release_button.setEnabled(
        traveller is not None and traveller.choice is not None and not boarded)
    d.release_button.setToolTip(QCoreApplication.translate(
        "SeatDialog", "Checked in: this seat is on the boarding pass.") if boarded else "")
    d.propose_button.setEnabled(sum(1 for t in d.roster.rows() if t.needs_seat) > 1)
    # GP seat services are an official's (a GP level): nothing to do for anyone else.
    gp = traveller is not None and bool(traveller.gp_level)
    d.gp_button.setEnabled(gp)
    d.gp_button.setToolTip("" if gp else QCoreApplication.translate(
        "SeatDialog",
        "GP seat services are for a GP official (level V1–V5); this passenger has none."))
    screen = d.shown
    d.print_button.setEnabled(
        screen is not None and screen.checkin_open and traveller is not None
        and traveller.seat is not None)


def _open_gp(d: SeatDialog) -> None:
    """Ctrl+G: the GP seat services of the selected official, else why there are none."""
    if d.gp_button.isEnabled():
        d.gp_button.click()
    elif d.gp_button.toolTip():
        d.message.show_info(d.gp_button.toolTip())


def _lay_out(d: SeatDialog) -> None:
    """The flight line on top; the passenger list with the legend under it on the left,
    the map on the right with all the height there is (it scrolls); the message line and
    the buttons at the bottom."""
    top = QHBoxLayout()
    top.addWidget(d.flight_label)
    top.addWidget(d.segment_combo, 1)
    top.addWidget(d.mode_label, 2)
    left = QVBoxLayout()
    left.addWidget(d.roster, 1)
    left.addWidget(d.legend)
    columns = QHBoxLayout()
    columns.addLayout(left, 2)
    columns.addWidget(d.map_scroll, 3)
    buttons = QHBoxLayout()
    buttons.addWidget(d.propose_button)
    buttons.addWidget(d.release_button)
    buttons.addWidget(d.gp_button)
    buttons.addStretch(1)
    buttons.addWidget(d.print_button)
    buttons.addWidget(d.close_button)
    layout = QVBoxLayout(d)
    layout.addLayout(top)
    layout.addLayout(columns, 1)
    layout.addWidget(d.message)
    layout.addLayout(buttons)


def _sentences(parts: list[str]) -> str:
    """Sentences one after the other: a space after an English full stop, none after the
    Chinese one (。), which carries its own."""
    text = ""
    for part in parts:
        text += part if not text or text.endswith("。") else " " + part
    return text


def _beijing_hm(at: datetime) -> str:
    """``HH:MM`` Beijing time of a stored naive-UTC time."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).strftime("%H:%M")
