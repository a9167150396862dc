"""The GP page's tables of service requests: one line per request (kind, official, level,
flight, date, state, due, assignee); a late one in red AND marked ⚠ (not by colour only).
Enter or a double click opens the request (``opened(request_id)``)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from counter_app.gui.messages import ERROR_COLOR, request_state_name
from counter_app.services.gp_board import BoardItem

LATE_MARK = "⚠ "


class BoardTable(QTableWidget):
    """Requests, as lines; ``lines`` holds them in the order shown."""

    opened = Signal(str)

    def __init__(self, name: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(0, 8, parent)
        self.setObjectName(name)
        self.language = language
        self.lines: list[BoardItem] = []
        self.setHorizontalHeaderLabels([
            self.tr("Kind"), self.tr("Official"), self.tr("Level"), self.tr("Flight"),
            self.tr("Date"), self.tr("State"), self.tr("Due"), self.tr("Assignee")])
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.doubleClicked.connect(lambda _index: self._open())

    def show_items(self, items: Sequence[BoardItem]) -> None:
        keep = self.current_id()
        self.lines = list(items)
        self.setRowCount(len(self.lines))
        red = QBrush(QColor(ERROR_COLOR))
        for row, item in enumerate(self.lines):
            kind = item.kind_en if self.language.startswith("en") else item.kind_zh
            route = f"{item.origin}-{item.destination}" if item.origin else ""
            flight = " ".join(p for p in (item.flight_no, route) if p)
            due = "" if item.due_at is None else item.due_at.strftime("%m-%d %H:%M")
            cells = [
                (LATE_MARK if item.late else "") + kind, item.official_name,
                item.gp_level or "", flight,
                "" if item.flight_date is None else item.flight_date.isoformat(),
                request_state_name(item.state),
                (LATE_MARK + due) if item.late else due, item.assignee_name or item.assignee,
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if item.late:
                    cell.setForeground(red)
                self.setItem(row, column, cell)
        if keep is not None:
            for row, item in enumerate(self.lines):
                if item.id == keep:
                    self.selectRow(row)
        elif self.lines:
            self.selectRow(0)

    def current_id(self) -> str | None:
        row = self.currentRow()
        if 0 <= row < len(self.lines):
            return self.lines[row].id
        return None

    def _open(self) -> None:
        request_id = self.current_id()
        if request_id is not None:
            self.opened.emit(request_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open()
            return
        super().keyPressEvent(event)
