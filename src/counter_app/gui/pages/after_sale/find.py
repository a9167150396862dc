"""Finding a booking by locator, ticket number, ID number, name or phone: the search line
(Enter searches at once; typing filters after a pause) and the bookings found, the newest
a page at a time ("More bookings" adds the older ones under them)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QWidget

from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import Host
from counter_app.gui.pages.after_sale.state import FindState, local_time, money
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.tables import make_table
from counter_app.gui.widgets.timers import debounce


class BookingFinder(QWidget):
    """The search row; :attr:`view` (the bookings found) is laid out by the page."""

    chosen = Signal(str)  # a booking was selected: its id
    nothing = Signal()  # the search found nothing: no booking is shown
    rows_changed = Signal()  # the list was filled again (the page fits its height)

    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.state = FindState()
        self._task: Task | None = None
        self.search_edit = named(QLineEdit(self), "bookingSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Locator, ticket number, ID number, name or phone")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_button = named_button(self.tr("Find"), "bookingSearchButton", self)
        self.count_label = QLabel(self)
        self.more_button = named_button(self.tr("More bookings"), "moreBookingsButton", self)
        self.more_button.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Booking"), self))
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.search_button)
        row.addWidget(self.count_label)
        row.addWidget(self.more_button)
        self.model: RowsModel[ops.BookingRow] = RowsModel(self._columns())
        self.view = make_table(self, self.model, "bookingsView")
        header = self.view.horizontalHeader()
        for column, width in ((4, 150), (5, 330)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.view.setWordWrap(False)
        self._debounce = debounce(self, 150, lambda: self.search())
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(lambda: self.search())
        self.more_button.clicked.connect(lambda: self.more_bookings())
        self.search_button.clicked.connect(lambda: self.search())
        self.view.selectionModel().currentRowChanged.connect(self._booking_chosen)

    def _columns(self) -> list[Column[ops.BookingRow]]:
        # The short columns first and the money before the long lists, which come last,
        # cut to the width left with the whole text as tooltip: nothing pushes the total
        # off the screen.
        status = self.host.words.booking_status
        return [
            Column(self.tr("Locator"), lambda r: r.summary.pnr),
            Column(
                self.tr("Status"),
                lambda r: status.get(r.summary.status, r.summary.status),
                muted=lambda r: r.summary.status in ("void", "cancelled", "refunded"),
            ),
            Column(self.tr("Total"), lambda r: money(r.total), Qt.AlignmentFlag.AlignRight),
            Column(self.tr("Booked"), lambda r: local_time(r.summary.created_at)),
            Column(self.tr("Passengers"), lambda r: "、".join(r.summary.passengers),
                   tooltip=lambda r: "、".join(r.summary.passengers)),
            Column(self.tr("Flights"), lambda r: "; ".join(r.summary.flights),
                   tooltip=lambda r: "\n".join(r.summary.flights)),
            Column(self.tr("Tickets"), lambda r: ", ".join(r.summary.ticket_numbers),
                   tooltip=lambda r: "\n".join(r.summary.ticket_numbers)),
        ]

    def text(self) -> str:
        return self.search_edit.text().strip()

    def search(self, keep_message: bool = False) -> None:
        self._debounce.stop()
        text = self.text()
        if self._task is not None:
            self._task.cancel()
        if not keep_message:
            self.host.clear_message()
        if not text:
            self._task = None
            self._show([])
            return

        def done(found: tuple[list[ops.BookingRow], bool]) -> None:
            self._show(*found)
            self.state.more_text = text

        self._task = ops.find(self.host.ctx, text, 0, self.state.page_size, done,
                              self.host.failer(self.search_edit))

    def more_bookings(self) -> None:
        """The next page of the last search's bookings, added under those shown."""
        text = self.state.more_text
        if not text or self._task is not None:
            return
        shown = self.model.rows()

        def done(found: tuple[list[ops.BookingRow], bool]) -> None:
            rows, more = found
            if self.text() == text:
                self._show(shown + rows, more)

        self._task = ops.find(self.host.ctx, text, len(shown), self.state.page_size, done,
                              self.host.failer(self.search_edit))

    def _show(self, rows: list[ops.BookingRow], more: bool = False) -> None:
        self._task = None
        self.more_button.setVisible(more)
        keep = self.host.state.selected_booking
        self.model.set_rows(rows)
        self.rows_changed.emit()
        text = self.text()
        count = self.tr("latest %1 bookings") if more else self.tr("%1 bookings")
        self.count_label.setText(count.replace("%1", str(len(rows))) if text else "")
        if not rows:
            self.nothing.emit()
            if text and not self.host.message.text():
                self.host.show_error(self.tr("No booking matches “%1”.").replace("%1", text))
            return
        index = next((i for i, r in enumerate(rows) if r.summary.booking_id == keep), 0)
        self.view.selectRow(index)
        self._booking_chosen()

    def _booking_chosen(self) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        if row is not None:
            self.chosen.emit(row.summary.booking_id)
