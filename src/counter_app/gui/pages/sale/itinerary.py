"""Step 1 of the sale, the itinerary: the flights and classes chosen in the flight finder
(F2, Enter on a class), in the order they depart; Delete takes the selected one out."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from counter_app.domain.money import format_yuan
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.pages.sale.state import ChosenSegment, ItineraryState
from counter_app.gui.widgets.tables import make_table


class ItineraryPanel(QGroupBox):
    """Renders an :class:`ItineraryState`; ``removeRequested`` on Delete in the table."""

    removeRequested = Signal()

    def __init__(self, state: ItineraryState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setTitle(self.tr("1 Itinerary (flights: F2, Enter on a class)"))
        self.segments_model: RowsModel[ChosenSegment] = RowsModel(
            [
                Column(self.tr("Segment"), lambda s: s.label),
                Column(self.tr("Class"), lambda s: s.class_code, Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Fare"), lambda s: format_yuan(s.fare), Qt.AlignmentFlag.AlignRight),
            ]
        )
        self.segments_view = make_table(self, self.segments_model, "segmentsView",
                                        alternating=False)
        self.segments_view.setMaximumHeight(110)
        self.segments_view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.segments_view)

    def show_segments(self) -> None:
        self.segments_model.set_rows(self.state.segments)

    def start_over(self) -> None:
        self.state.segments.clear()
        self.show_segments()

    def selected_row(self) -> int:
        return self.segments_view.currentIndex().row()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.segments_view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            self.removeRequested.emit()
            return True
        return super().eventFilter(watched, event)
