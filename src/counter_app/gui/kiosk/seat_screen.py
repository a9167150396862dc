"""The kiosk's seat screen: the same seat map as at the counter, with touch-sized seats
(``SeatMapWidget(large=True)``), the chart for this traveller (an exit row refused to a
child with the reason said), the seat touched shown, and Confirm.
``confirmed(seat)``, ``back()``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.seatmap import SeatChart, SeatState, chart, seat_map
from counter_app.gui.kiosk.screens import place_names
from counter_app.gui.messages import ERROR_STYLE
from counter_app.gui.widgets.seat_map import SeatLegend, SeatMapWidget, refusal_text
from counter_app.services.kiosk import KioskCoupon


class SeatScreen(QWidget):
    confirmed = Signal(str)
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskSeatScreen")
        self.title = QLabel(self)
        self.title.setObjectName("seatTitle")
        self.title.setProperty("role", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map = SeatMapWidget(self, large=True)
        self.map.seat_chosen.connect(self._picked)
        self.map.seat_refused.connect(self._refused)
        scroll = QScrollArea(self)
        scroll.setObjectName("seatScroll")
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setWidget(self.map)
        # a finger drags the aircraft up and down; a tap still chooses a seat
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.map_scroll = scroll
        self.legend = SeatLegend(self)
        self.picked = QLabel(self)
        self.picked.setObjectName("seatPicked")
        self.picked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picked.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("seatMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.confirm = QPushButton(self)
        self.confirm.setObjectName("seatConfirm")
        self.confirm.setProperty("role", "primary")
        self.confirm.setMinimumHeight(72)
        self.confirm.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm.clicked.connect(self._confirm)
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("seatBack")
        self.back_button.setMinimumHeight(72)
        self.back_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back)
        side = QVBoxLayout()
        side.addWidget(self.legend)
        side.addStretch(1)
        side.addWidget(self.picked)
        side.addWidget(self.message)
        side.addWidget(self.confirm)
        side.addWidget(self.back_button)
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(body, 1)
        self.coupon: KioskCoupon | None = None
        self.seat = ""
        self.busy = False
        self.retranslate()

    def show_chart(self, coupon: KioskCoupon, seats: SeatChart) -> None:
        """``seats`` for ``coupon``; the seat the traveller chose at the sale, if any, is
        already picked (Confirm takes it; touching another changes it)."""
        self.coupon = coupon
        self.seat = next((code for code, state in seats.states.items()
                          if state == SeatState.CHOSEN), "")
        self.map.set_chart(seats)
        self.map.resize(self.map.sizeHint())
        self.message.clear()
        self.set_busy(False)
        self.retranslate()
        self.map.setFocus()

    def refresh(self, seats: SeatChart, text: str) -> None:
        """A new chart after a refusal (a seat taken meanwhile), the refusal said."""
        self.seat = ""
        self.map.set_chart(seats)
        self.set_busy(False)
        self.retranslate()
        self.message.setText(text)

    def _picked(self, code: str) -> None:
        self.seat = code
        self.message.clear()
        self.retranslate()

    def _preselected(self) -> bool:
        shown = self.map.chart()
        return shown is not None and shown.states.get(self.seat) == SeatState.CHOSEN

    def _refused(self, code: str, refusal: str) -> None:
        shown = self.map.chart()
        reason = shown.exit_reason if shown is not None else None
        self.message.setText(refusal_text(refusal, code, reason))

    def _confirm(self) -> None:
        if self.seat and not self.busy:
            self.set_busy(True)
            self.confirmed.emit(self.seat)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.confirm.setEnabled(bool(self.seat) and not busy)
        self.back_button.setEnabled(not busy)

    def retranslate(self) -> None:
        c = self.coupon
        origin, destination = ("", "") if c is None else place_names(c)
        self.title.setText("" if c is None else self.tr(
            "%1  %2 → %3: touch a free seat").replace("%1", c.flight_no)
            .replace("%2", origin).replace("%3", destination))
        self.picked.setText(self.tr("Seat %1").replace("%1", self.seat) if self.seat
                            else self.tr("No seat chosen yet"))
        if self.seat and self._preselected():
            self.picked.setText(self.tr("Seat %1, chosen when the ticket was bought")
                                .replace("%1", self.seat))
        self.confirm.setText(self.tr("Confirm seat %1").replace("%1", self.seat)
                             if self.seat else self.tr("Confirm seat"))
        self.back_button.setText(self.tr("Back to my flights"))
        self.confirm.setEnabled(bool(self.seat) and not self.busy)

    def clear(self) -> None:
        self.coupon = None
        self.seat = ""
        self.message.clear()
        self.busy = False
        # an empty aircraft: the last traveller's flight and seat leave the widget too
        self.map.set_chart(chart(seat_map({}), "Y", {}))
        self.retranslate()
