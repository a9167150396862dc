"""The bookings on hold (预订记录): the ticketing deadline nearest first, the minutes left
moving on while the page is shown; a booking is cancelled and its seats given back after
the clerk confirms."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.domain.money import format_yuan
from counter_app.gui.messages import ERROR_STYLE
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import Host
from counter_app.gui.pages.after_sale.state import local_time
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.tables import make_table
from counter_app.services.booking import CancelledBooking, HeldBookingRow


class HeldBookings(QWidget):
    counted = Signal(str)  # the tab's title: how many are held, how many expired
    cancelled = Signal()  # a booking was cancelled: the search may show it again

    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.model: RowsModel[HeldBookingRow] = RowsModel(
            [
                Column(self.tr("Locator"), lambda h: h.pnr),
                Column(self.tr("Passengers"), lambda h: "、".join(h.passengers)),
                Column(self.tr("Flights"), lambda h: " ".join(h.flights)),
                Column(self.tr("Departs"), lambda h: h.first_departure.strftime("%m-%d %H:%M")),
                Column(self.tr("Ticket by"), lambda h: local_time(h.ticketing_deadline)),
                Column(
                    self.tr("Time left"),
                    self._time_left,
                    Qt.AlignmentFlag.AlignRight,
                    muted=lambda h: h.expired,
                ),
                Column(
                    self.tr("Total"), lambda h: format_yuan(h.total), Qt.AlignmentFlag.AlignRight
                ),
            ]
        )
        self.view = make_table(self, self.model, "heldView")
        self.cancel_button = named_button(
            self.tr("Cancel booking, release seats"), "cancelHeldButton", self
        )
        self.cancel_confirm = named_button(self.tr("Confirm cancel"), "confirmCancelButton", self)
        self.cancel_confirm.setStyleSheet(ERROR_STYLE)
        self.cancel_label = named(QLabel(self), "cancelLabel")
        self.cancel_confirm.hide()
        row = QHBoxLayout()
        row.addWidget(self.cancel_label, 1)
        row.addWidget(self.cancel_confirm)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        # Minutes left move on while the page is shown.
        self.timer = QTimer(self)
        self.timer.setInterval(60_000)
        self.timer.timeout.connect(self.refresh)
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.cancel_confirm.clicked.connect(self.cancel)
        self.view.selectionModel().currentRowChanged.connect(self._reset_cancel)
        self.cancel_button.setEnabled(False)

    def _time_left(self, h: HeldBookingRow) -> str:
        if h.expired:
            return self.tr("expired")
        hours, minutes = divmod(h.minutes_left, 60)
        if hours:
            return self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
        return self.tr("%1 min").replace("%1", str(minutes))

    def _current(self) -> HeldBookingRow | None:
        return self.model.row_at(self.view.currentIndex().row())

    def refresh(self) -> None:
        ops.held(self.host.ctx, self._show, self.host.failer(None))

    def _show(self, rows: list[HeldBookingRow]) -> None:
        current = self._current()
        self.model.set_rows(rows)
        expired = sum(1 for h in rows if h.expired)
        title = self.tr("Held bookings (%1)").replace("%1", str(len(rows)))
        if expired:
            title += " " + self.tr("%1 expired").replace("%1", str(expired))
        self.counted.emit(title)
        if rows:
            keep = current.booking_id if current is not None else None
            index = next((i for i, h in enumerate(rows) if h.booking_id == keep), 0)
            self.view.selectRow(index)
        self._reset_cancel()
        self.cancel_button.setEnabled(bool(rows))

    def _reset_cancel(self) -> None:
        self.cancel_confirm.hide()
        self.cancel_label.setText("")

    def ask_cancel(self) -> None:
        held = self._current()
        if held is None:
            return
        self.cancel_label.setText(
            self.tr("Cancel %1 (%2) and give its seats back?")
            .replace("%1", held.pnr)
            .replace("%2", "、".join(held.passengers))
        )
        self.cancel_confirm.show()
        self.cancel_confirm.setFocus()

    def cancel(self) -> None:
        held, state = self._current(), self.host.state
        if held is None or state.busy:
            return
        state.busy = True
        ops.cancel_held(self.host.ctx, held.booking_id, self._cancelled,
                        self.host.failer(self.view))

    def _cancelled(self, result: CancelledBooking) -> None:
        self.host.show_info(
            self.tr("Booking %1 cancelled; %2 seats given back.")
            .replace("%1", result.pnr)
            .replace("%2", str(result.seats_released))
        )
        self.host.state.busy = False
        self.host.ctx.sync.wake()
        self.refresh()
        self.cancelled.emit()
