"""The seats of the booking on the Sale page (选座, Ctrl+E): once the booking is held (before
or after issue), the seat dialog (gui/seat_dialog.py) seats its passengers flight by flight,
and the line under the passengers says who sits where, provisional seats marked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from counter_app.gui.context import DeskContext
from counter_app.gui.operations import seats as ops
from counter_app.gui.seat_dialog import SeatDialog
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.page_keys import let_through
from counter_app.services.seating import SeatChoiceRow

_SHOWN = ("provisional", "confirmed", "moved")


class SeatsBar(QWidget):
    """The button that opens the seat dialog and the line of seats chosen; ``changed``
    after a seat is chosen or given back (the page wakes the sync)."""

    changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget) -> None:
        """``parent``: the page, whose Ctrl+E opens the dialog (also from a line edit, which
        on X11 would take Ctrl+E as "end of line")."""
        super().__init__(parent)
        self.ctx = ctx
        self.booking_id: str | None = None
        self.dialog: SeatDialog | None = None  # the one opened last
        self.button = named_button(self.tr("Seats… (Ctrl+E)"), "seatsButton", self)
        self.label = named(QLabel(self), "seatsLabel")
        self.label.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addWidget(self.label, 1)
        self.button.clicked.connect(self.open_dialog)
        QShortcut(QKeySequence("Ctrl+E"), parent, self.open_dialog)
        let_through(parent, "Ctrl+E")
        self.set_booking(None)

    def set_booking(self, booking_id: str | None) -> None:
        """The booking held on the page (None: nothing to seat yet)."""
        if booking_id == self.booking_id and booking_id is not None:
            return
        self.booking_id = booking_id
        self.button.setEnabled(booking_id is not None)
        self.label.setText("" if booking_id is not None else self.tr(
            "Seats can be chosen once the booking is held (F7)."))
        if booking_id is not None:
            self.show_seats()

    def open_dialog(self) -> None:
        if self.booking_id is None:
            return
        dialog = SeatDialog(self.ctx, self.booking_id, None, self)
        dialog.changed.connect(self._changed)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self, _result: int) -> None:
        """Back on the page with the keyboard (even where no window manager gives it back)
        and the seats chosen shown."""
        self.window().activateWindow()
        self.button.setFocus()
        self.show_seats()

    def _changed(self) -> None:
        self.changed.emit()
        self.show_seats()

    def show_seats(self) -> None:
        booking_id = self.booking_id
        if booking_id is None:
            return

        def done(rows: list[SeatChoiceRow]) -> None:
            if booking_id == self.booking_id:
                self.label.setText(self.seats_text(rows))

        ops.booking_seats(self.ctx, booking_id, done)

    def seats_text(self, rows: list[SeatChoiceRow]) -> str:
        """``座位：CA1144 张三 31A · 李四 31B（待确认）``, per flight."""
        flights: dict[str, list[str]] = {}
        for r in rows:
            if r.state not in _SHOWN or r.kind != "seat":
                continue
            text = f"{r.passenger_name} {r.seat}"
            if r.state == "provisional":
                text += self.tr(" (provisional)")
            elif r.state == "moved":
                text += self.tr(" (moved from %1)").replace("%1", r.moved_from)
            flights.setdefault(r.flight_no, []).append(text)
        if not flights:
            return self.tr("No seat chosen yet.")
        return self.tr("Seats: %1").replace("%1", "; ".join(
            f"{flight} " + " · ".join(seats) for flight, seats in flights.items()))
