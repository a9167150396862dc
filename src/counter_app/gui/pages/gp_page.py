"""The GP page (公务服务, F6): the counter's GP service requests.

What waits on us (drafts, and head office's recent rejections), what waits on head office,
what is due today and what is late (red and marked ⚠), each as a table; a search of the
GP officials by name to start a new request, with the official's level and what it
entitles them to; a booking (PNR) field listing that booking's requests, which also
becomes the booking a new request is filled from. Enter opens the request dialog (on a
table: that request; on an official: a new one). The tables are read again when the page
is shown, after a request is saved, and after every sync cycle that reached head office
(head office's answers arrive by the pull).

At an outlet that is not a GP counter the page is empty and says why.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import domain_message
from counter_app.gui.operations import gp_requests as ops
from counter_app.gui.pages.gp_board import BoardTable
from counter_app.gui.request_dialog import RequestDialog
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import named, named_button, named_edit
from counter_app.gui.widgets.timers import debounce
from counter_app.services.customers import mask_id
from counter_app.services.gp_board import Board, BoardItem
from counter_app.services.gp_officials import entitlement_lines
from counter_app.services.lookup import BookingSummary, KnownTraveller
from counter_app.sync.status import SyncStatus

GP_COUNTER = "gp_counter"


class GpPage(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gpPage")
        self.ctx = ctx
        self.language = ctx.app.language
        self.is_gp = ctx.clerk.outlet_kind == GP_COUNTER
        self.officials: list[KnownTraveller] = []
        self.booking: BookingSummary | None = None
        self.board: Board | None = None
        self.dialog: RequestDialog | None = None
        self._last_sync: datetime | None = None

        self.why = named(QLabel(self), "gpWhy")
        self.why.setWordWrap(True)
        self.official_edit = named_edit(self, "officialSearch",
                                        self.tr("Official: name, ID number or mobile"))
        self.official_edit.setClearButtonEnabled(True)
        self.official_list = named(QListWidget(self), "officialList")
        self.official_list.setMaximumHeight(150)
        self.level_line = named(QLabel(self), "officialLevel")
        self.level_line.setWordWrap(True)
        self.entitlement_list = named(QListWidget(self), "officialEntitlements")
        self.entitlement_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_button = named_button(self.tr("New request (Enter)"), "newRequestButton", self)
        self.booking_edit = named_edit(self, "bookingSearch",
                                       self.tr("Booking (PNR): its requests"))
        self.booking_edit.setClearButtonEnabled(True)
        self.booking_line = named(QLabel(self), "bookingLine")
        self.message = MessageLine(self, "gpMessage")
        self.tabs = named(QTabWidget(self), "gpTabs")
        self.tables = {
            "counter": BoardTable("waitingCounter", self.language, self),
            "head_office": BoardTable("waitingHeadOffice", self.language, self),
            "today": BoardTable("dueToday", self.language, self),
            "late": BoardTable("lateRequests", self.language, self),
            "booking": BoardTable("bookingRequests", self.language, self),
        }
        for table in self.tables.values():
            self.tabs.addTab(table, "")
            table.opened.connect(self.open_request)
        self._tab_titles()
        self._layout()
        self._search = debounce(self, 250, self._find_officials)
        self.official_edit.textEdited.connect(lambda _t: self._search.start())
        self.official_edit.returnPressed.connect(self._official_enter)
        self.official_list.currentRowChanged.connect(self._official_chosen)
        self.official_list.itemActivated.connect(lambda _item: self.new_request())
        self.new_button.clicked.connect(self.new_request)
        self.booking_edit.returnPressed.connect(self._find_booking)
        ctx.sync.statusChanged.connect(self._synced)
        self._official_chosen(-1)
        if not self.is_gp:
            self.why.setText(self.tr(
                "This outlet is not a GP counter: GP service requests (VIP/CIP, ground "
                "transfer, lounge …) are made at the civic-centre GP counter."))
            for widget in self._content():
                widget.hide()
        else:
            self.why.hide()

    def _content(self) -> list[QWidget]:
        return [self.official_edit, self.official_list, self.level_line,
                self.entitlement_list, self.new_button, self.booking_edit, self.booking_line,
                self.message, self.tabs]

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Start a request for an official"), self))
        left.addWidget(self.official_edit)
        left.addWidget(self.official_list)
        left.addWidget(self.level_line)
        left.addWidget(self.entitlement_list, 1)
        left.addWidget(self.new_button)
        right = QVBoxLayout()
        booking = QHBoxLayout()
        booking.addWidget(self.booking_edit, 1)
        booking.addWidget(self.booking_line, 2)
        right.addLayout(booking)
        right.addWidget(self.tabs, 1)
        right.addWidget(self.message)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addLayout(right, 3)
        outer = QVBoxLayout(self)
        outer.addWidget(self.why)
        outer.addLayout(row, 1)

    def _tab_titles(self) -> None:
        titles = {
            "counter": self.tr("Waiting on us (%1)"),
            "head_office": self.tr("Waiting on head office (%1)"),
            "today": self.tr("Due today (%1)"),
            "late": self.tr("⚠ Late (%1)"),
            "booking": self.tr("Booking's requests (%1)"),
        }
        for at, (key, title) in enumerate(titles.items()):
            self.tabs.setTabText(at, title.replace("%1", str(len(self.tables[key].lines))))

    # -- the board ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the board (and the booking's requests) again."""
        if not self.is_gp:
            return
        ops.board(self.ctx, self._show_board, self._failed)
        if self.booking is not None:
            self.show_booking(self.booking.booking_id)

    def _show_board(self, board: Board) -> None:
        self.board = board
        self.tables["counter"].show_items(board.waiting_counter)
        self.tables["head_office"].show_items(board.waiting_head_office)
        self.tables["today"].show_items(board.due_today)
        self.tables["late"].show_items(board.late)
        self._tab_titles()

    def _synced(self, status: SyncStatus) -> None:
        """After a sync cycle that reached head office, its answers may have arrived."""
        if status.last_success_at is None or status.last_success_at == self._last_sync:
            return
        self._last_sync = status.last_success_at
        if self.isVisible():
            self.refresh()

    def show_booking(self, booking_id: str) -> None:
        """List the requests of ``booking_id`` on the booking tab."""
        if not self.is_gp:
            return
        ops.for_booking(self.ctx, booking_id, self._booking_requests, self._failed)

    def _booking_requests(self, items: tuple[BoardItem, ...]) -> None:
        self.tables["booking"].show_items(items)
        self._tab_titles()
        self.tabs.setCurrentWidget(self.tables["booking"])

    def _find_booking(self) -> None:
        text = self.booking_edit.text().strip()
        if not text:
            self.booking = None
            self.booking_line.clear()
            self.tables["booking"].show_items(())
            self._tab_titles()
            return
        ops.find_bookings(self.ctx, text, self._bookings_found, self._failed)

    def _bookings_found(self, found: list[BookingSummary]) -> None:
        wanted = self.booking_edit.text().strip().upper()
        exact = [b for b in found if b.pnr.upper() == wanted]
        chosen = (exact or found)[0] if (exact or found) else None
        self.booking = chosen
        if chosen is None:
            self.booking_line.setText(self.tr("No booking found."))
            self.tables["booking"].show_items(())
            self._tab_titles()
            return
        self.booking_line.setText(self.tr("Booking %1: %2 · %3").replace(
            "%1", chosen.pnr).replace("%2", ", ".join(chosen.passengers)).replace(
            "%3", "; ".join(chosen.flights)))
        self.show_booking(chosen.booking_id)

    # -- officials ------------------------------------------------------------------------

    def _find_officials(self) -> None:
        text = self.official_edit.text().strip()
        if not text:
            self._officials_found([])
            return
        ops.find_officials(self.ctx, text, self._officials_found, self._failed)

    def _officials_found(self, found: list[KnownTraveller]) -> None:
        self.officials = found
        self.official_list.clear()
        for official in found:
            self.official_list.addItem(QListWidgetItem(
                f"{official.name} · {official.gp_level} · {mask_id(official.id_number)}"))
        if found:
            self.official_list.setCurrentRow(0)
        else:
            self._official_chosen(-1)

    def current_official(self) -> KnownTraveller | None:
        row = self.official_list.currentRow()
        return self.officials[row] if 0 <= row < len(self.officials) else None

    def _official_chosen(self, _row: int) -> None:
        official = self.current_official()
        self.entitlement_list.clear()
        self.new_button.setEnabled(official is not None)
        if official is None:
            self.level_line.setText(self.tr("Find an official to see their level and "
                                            "what it entitles them to."))
            return
        self.level_line.setText(self.tr("%1, level %2, is entitled to:").replace(
            "%1", official.name).replace("%2", official.gp_level or ""))
        english = self.language.startswith("en")
        for line in entitlement_lines(official.gp_level or ""):
            self.entitlement_list.addItem(line.label_en if english else line.label_zh)

    def _official_enter(self) -> None:
        if self._search.isActive():
            self._search.stop()
            self._find_officials()
            return
        if self.current_official() is not None:
            self.new_request()

    # -- the dialog -----------------------------------------------------------------------

    def new_request(self, kind: str | None = None) -> RequestDialog | None:
        """The request dialog for the chosen official (and the booking found, if any)."""
        official = self.current_official()
        if official is None or official.traveller_id is None:
            return None
        booking = self.booking.booking_id if self.booking is not None else None
        return self._open(RequestDialog(self.ctx, official.traveller_id, booking,
                                        kind=kind, parent=self))

    def open_request(self, request_id: str) -> RequestDialog:
        """The request dialog for a kept request."""
        return self._open(RequestDialog(self.ctx, None, request_id=request_id, parent=self))

    def _open(self, dialog: RequestDialog) -> RequestDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.saved.connect(lambda _rid: self.refresh())
        dialog.open()
        return dialog

    def _failed(self, error: BaseException) -> None:
        text = domain_message(error) if isinstance(error, DomainError) else str(error)
        self.message.show_error(text)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.official_list.hasFocus():
            self.new_request()
            return
        super().keyPressEvent(event)
