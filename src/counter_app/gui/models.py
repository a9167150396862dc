"""Qt item models over the plain dataclasses the services return."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from counter_app.gui.messages import ERROR_COLOR

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class Column(Generic[T]):
    """One column: a header and how to show a row of type ``T`` in it (a model's column
    list takes its row type from the model it is given to, so its lambdas are typed).
    ``muted`` rows are grey (no longer in force), ``alert`` rows red (the clerk should
    check them)."""

    def __init__(
        self,
        header: str,
        text: Callable[[T], str],
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        tooltip: Callable[[T], str] | None = None,
        muted: Callable[[T], bool] | None = None,
        alert: Callable[[T], bool] | None = None,
    ) -> None:
        self.header = header
        self.text = text
        self.align = align
        self.tooltip = tooltip
        self.muted = muted
        self.alert = alert


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table of rows of one dataclass."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.alert is not None and column.alert(row):
                return QColor(ERROR_COLOR)
            if column.muted is not None and column.muted(row):
                return QColor("#9a9a9a")
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header
        return None
