"""One form for every kind of GP service request (公务服务申请单), built from the kind's
fields (``domain/gp_requests.FieldSpec``), so a new kind is a data change.

Each field type has its widget: text, phone and airport a line edit; multiline a plain text
edit (Tab moves on, Enter makes a new line and never submits); date, time and datetime
their edits with a calendar popup; choice a combo box; choices check boxes; int a spin
box; bool a check box; list and people a small table with add / remove rows. Labels are
the kind's own (Chinese or English by the interface language), a required field's label
ends in "*", a read-only field (filled from the official or the booking) is not editable.

Empty is a value: a date, time, datetime or number the clerk has not set shows blank (its
edit's lowest value stands for "not set"; so a time of 00:00 reads as not given, which is
also what ``departure_of`` assumes without a time). :meth:`RequestForm.values` gives the
wire form the domain checks (``clean_values``); :meth:`RequestForm.show_error` puts a
refusal under the field it names, keeps everything typed and puts the cursor there.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import MAX_TEXT, PERSON_KEYS, FieldSpec, RequestKind
from counter_app.gui.messages import ERROR_STYLE, domain_message

NOT_SET_DATE = QDate(2000, 1, 1)  # the lowest date of a date edit: shown blank, "not set"
BLANK = " "


def _english(language: str) -> bool:
    return language.startswith("en")


class StartsBlank(QObject):
    """Lets the clerk type into a date, time or number edit that shows blank ("not set"):
    the first digit typed (or a click on the calendar button) starts from ``start()`` (today,
    or the field's lowest number) with the first section selected, so "20270115" typed
    gives 2027-01-15. Tab leaves for the next field (Qt's edit would walk its sections).
    """

    def __init__(self, edit: QAbstractSpinBox, start: Callable[[], object],
                 tab: Callable[[bool], object]) -> None:
        super().__init__(edit)
        self.edit = edit
        self.start = start
        self.tab = tab  # Tab goes to the next field, not through the edit's sections
        edit.installEventFilter(self)

    def blank(self) -> bool:
        edit = self.edit
        if isinstance(edit, QTimeEdit):
            return edit.time() == QTime(0, 0)
        if isinstance(edit, QDateTimeEdit):
            return edit.dateTime() <= edit.minimumDateTime()
        if isinstance(edit, QSpinBox):
            return edit.value() == edit.minimum()
        return False

    def at_part_start(self) -> bool:
        """The cursor at the start of a part of a date or time (after its separator)."""
        line = self.edit.lineEdit()
        start = line.selectionStart() if line.hasSelectedText() else line.cursorPosition()
        text = line.text()
        return isinstance(self.edit, QDateTimeEdit) and 0 < start <= len(text) and \
            not text[start - 1].isdigit()

    def first_section(self) -> None:
        edit = self.edit
        if isinstance(edit, QDateTimeEdit):
            edit.setCurrentSectionIndex(0)
            edit.setSelectedSection(edit.sectionAt(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self.first_section)  # after Qt's own focus handling
            return False
        key = event.key() if isinstance(event, QKeyEvent) else None
        if event.type() == QEvent.Type.KeyPress and key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.tab(key == Qt.Key.Key_Tab)
            return True
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.text() in ("-", ":", "/", ".", " ") and self.at_part_start()):
            return True  # the edit moved on by itself once the part was typed: "2027-01-20"
        typed = (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                 and event.text().isdigit())
        clicked = event.type() == QEvent.Type.MouseButtonPress
        if (typed or clicked) and self.blank():
            value = self.start()
            if isinstance(self.edit, QDateTimeEdit) and isinstance(value, QDateTime):
                self.edit.setDateTime(value)
            self.first_section()
        return False


class RowsTable(QWidget):
    """A list or people field: a table with a row per entry and Add / Remove buttons."""

    changed = Signal()

    def __init__(self, columns: list[tuple[str, str]], max_rows: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = [key for key, _ in columns]
        self.max_rows = max_rows
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels([title for _, title in columns])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(96)
        self.table.setMaximumHeight(150)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest
        self.add_button = QPushButton(self.tr("Add row"), self)
        self.remove_button = QPushButton(self.tr("Remove row"), self)
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 1)
        row.addLayout(buttons)

    def add_row(self, values: Mapping[str, str] | None = None) -> None:
        """A new row (empty, or ``values``); the cursor goes to its first cell."""
        at = self.table.rowCount()
        self.table.insertRow(at)
        for column, key in enumerate(self.keys):
            text = str((values or {}).get(key, ""))
            self.table.setItem(at, column, QTableWidgetItem(text))
        if values is None:
            self.table.setCurrentCell(at, 0)
            self.table.setFocus()
            self.changed.emit()

    def remove_row(self) -> None:
        """The current row removed (the last one when none is current)."""
        at = self.table.currentRow()
        if at < 0:
            at = self.table.rowCount() - 1
        if at >= 0:
            self.table.removeRow(at)
            self.changed.emit()

    def rows(self) -> list[dict[str, str]]:
        """Rows with something typed in them; their cells as typed (blanks left out)."""
        rows = []
        for at in range(self.table.rowCount()):
            row = {}
            for column, key in enumerate(self.keys):
                item = self.table.item(at, column)
                text = item.text().strip() if item is not None else ""
                if text:
                    row[key] = text
            if row:
                rows.append(row)
        return rows

    def set_rows(self, rows: list[dict[str, str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for values in rows:
            self.add_row(values)
        self.table.blockSignals(False)


class RequestForm(QScrollArea):
    """The fields of one request kind; ``changed`` whenever the clerk changes one."""

    changed = Signal()

    def __init__(self, kind: RequestKind, language: str = "zh_CN",
                 parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(parent)
        self.today = today  # where a blank date starts when typed into
        self.setObjectName("requestForm")
        self.kind = kind
        self.language = language
        self.widgets: dict[str, QWidget] = {}  # the field's editing widget, by key
        self.errors: dict[str, QLabel] = {}  # the line under the field
        self.labels: dict[str, QLabel] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
        inner = QWidget(self)
        layout = QFormLayout(inner)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for spec in kind.fields:
            label = QLabel(self.label_of(spec) + (" *" if spec.required else ""), inner)
            label.setObjectName(f"label_{spec.key}")
            widget = self._make(spec, inner)
            widget.setObjectName(f"field_{spec.key}")
            label.setBuddy(widget)
            error = QLabel(inner)
            error.setObjectName(f"error_{spec.key}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            cell = QWidget(inner)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            layout.addRow(label, cell)
            self.widgets[spec.key], self.errors[spec.key] = widget, error
            self.labels[spec.key] = label
        self.setWidget(inner)
        self._chain_tab_order()

    def _start_date(self) -> QDateTime:
        on = self.today
        return QDateTime(QDate(on.year, on.month, on.day), QTime(0, 0))

    def label_of(self, spec: FieldSpec) -> str:
        return spec.label_en if _english(self.language) else spec.label_zh

    # -- building -----------------------------------------------------------------------

    def _make(self, spec: FieldSpec, parent: QWidget) -> QWidget:
        kind = spec.type
        if kind in ("text", "phone", "airport"):
            edit = QLineEdit(parent)
            edit.setMaxLength(3 if kind == "airport" else (spec.max_length or MAX_TEXT))
            if kind == "airport":
                edit.setPlaceholderText("SZX")
                edit.setMaximumWidth(90)
            edit.setReadOnly(spec.readonly)
            edit.textEdited.connect(lambda _t: self.changed.emit())
            return edit
        if kind == "multiline":
            text = QPlainTextEdit(parent)
            text.setTabChangesFocus(True)
            text.setFixedHeight(64)
            text.setReadOnly(spec.readonly)
            text.textChanged.connect(self.changed.emit)
            return text
        if kind in ("date", "datetime"):
            stamp: QDateTimeEdit = QDateEdit(parent) if kind == "date" else QDateTimeEdit(parent)
            stamp.setCalendarPopup(True)
            stamp.setDisplayFormat("yyyy-MM-dd" if kind == "date" else "yyyy-MM-dd HH:mm")
            stamp.setMinimumDateTime(QDateTime(NOT_SET_DATE, QTime(0, 0)))
            stamp.setSpecialValueText(BLANK)
            stamp.setDateTime(stamp.minimumDateTime())
            stamp.dateTimeChanged.connect(lambda _v: self.changed.emit())
            stamp.setReadOnly(spec.readonly)
            StartsBlank(stamp, self._start_date, self.focusNextPrevChild)
            return stamp
        if kind == "time":
            clock = QTimeEdit(parent)
            clock.setDisplayFormat("HH:mm")
            clock.setTime(QTime(0, 0))  # 00:00 reads as not given
            StartsBlank(clock, lambda: None, self.focusNextPrevChild)
            clock.timeChanged.connect(lambda _v: self.changed.emit())
            clock.setReadOnly(spec.readonly)
            return clock
        if kind == "choice":
            combo = QComboBox(parent)
            combo.addItem("", None)
            for option in spec.options:
                combo.addItem(option.label_en if _english(self.language) else option.label_zh,
                              option.code)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            combo.setEnabled(not spec.readonly)
            return combo
        if kind == "choices":
            box = QWidget(parent)
            grid = QGridLayout(box)
            grid.setContentsMargins(0, 0, 0, 0)
            for at, option in enumerate(spec.options):
                check = QCheckBox(option.label_en if _english(self.language)
                                  else option.label_zh, box)
                check.setObjectName(f"choice_{spec.key}_{option.code}")
                check.setProperty("code", option.code)
                check.setEnabled(not spec.readonly)
                check.toggled.connect(lambda _on: self.changed.emit())
                grid.addWidget(check, at // 3, at % 3)
            return box
        if kind == "int":
            spin = QSpinBox(parent)
            low = spec.minimum if spec.minimum is not None else 0
            spin.setRange(low - 1, spec.maximum if spec.maximum is not None else 9999)
            spin.setSpecialValueText(BLANK)  # low - 1: not set
            spin.setValue(low - 1)
            spin.setMaximumWidth(120)
            spin.setReadOnly(spec.readonly)
            spin.valueChanged.connect(lambda _v: self.changed.emit())
            return spin
        if kind == "bool":
            check = QCheckBox(parent)
            check.setEnabled(not spec.readonly)
            check.toggled.connect(lambda _on: self.changed.emit())
            return check
        columns = ([("text", self.label_of(spec))] if kind == "list" else
                   list(zip(PERSON_KEYS, self._person_titles(), strict=True)))
        table = RowsTable(columns, spec.max_items, parent)
        table.setEnabled(not spec.readonly)
        table.changed.connect(self.changed.emit)
        return table

    def _person_titles(self) -> list[str]:
        return [self.tr("Name"), self.tr("Title"), self.tr("ID type"), self.tr("ID number"),
                self.tr("Relation"), self.tr("Phone")]

    def _chain_tab_order(self) -> None:
        """Tab goes through the fields in the kind's order (a table, then its buttons)."""
        chain: list[QWidget] = []
        for spec in self.kind.fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, RowsTable):
                chain += [widget.table, widget.add_button, widget.remove_button]
            elif spec.type == "choices":
                chain += widget.findChildren(QCheckBox)
            else:
                chain.append(widget)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.tab_chain = chain  # the dialog links its own widgets to both ends

    def focus_first_to_fill(self) -> None:
        """The cursor to the first required field still empty (else the first one the clerk
        may type into), scrolled into view: once the form has filled itself from the
        official and the booking, that is where typing starts."""
        values = self.values()
        editable = [s for s in self.kind.fields if not s.readonly]
        target = next((s for s in editable if s.required and values.get(s.key) is None),
                      editable[0] if editable else None)
        if target is None:
            return
        widget = self.widgets[target.key]
        if isinstance(widget, RowsTable):
            widget = widget.table
        elif target.type == "choices":
            widget = widget.findChildren(QCheckBox)[0]
        self.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.TabFocusReason)

    # -- values -------------------------------------------------------------------------

    def value_of(self, spec: FieldSpec) -> Any:
        """The field's value in wire form; None when not set."""
        widget = self.widgets[spec.key]
        if isinstance(widget, QLineEdit):
            return widget.text().strip() or None
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip() or None
        if isinstance(widget, QDateTimeEdit) and spec.type in ("date", "datetime"):
            if widget.dateTime() <= widget.minimumDateTime():
                return None
            if spec.type == "date":
                return widget.date().toString("yyyy-MM-dd")
            return widget.dateTime().toString("yyyy-MM-ddTHH:mm")
        if isinstance(widget, QTimeEdit):
            at = widget.time()
            return None if at == QTime(0, 0) else at.toString("HH:mm")
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return None if widget.value() == widget.minimum() else widget.value()
        if isinstance(widget, QCheckBox):
            return True if widget.isChecked() else None  # not ticked: not asked for
        if isinstance(widget, RowsTable):
            rows = widget.rows()
            if spec.type == "list":
                return [row["text"] for row in rows] or None
            return rows or None
        checks = widget.findChildren(QCheckBox)
        return [str(c.property("code")) for c in checks if c.isChecked()] or None

    def values(self) -> dict[str, Any]:
        """Every field set, by key, in wire form (what ``clean_values`` checks)."""
        out: dict[str, Any] = {}
        for spec in self.kind.fields:
            value = self.value_of(spec)
            if value is not None:
                out[spec.key] = value
        return out

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Fill the fields from ``values`` (wire form); a field not in it is cleared. Does
        not count as the clerk's change (no ``changed``)."""
        self.blockSignals(True)
        try:
            for spec in self.kind.fields:
                self.set_value(spec, values.get(spec.key))
        finally:
            self.blockSignals(False)

    def set_value(self, spec: FieldSpec, value: Any) -> None:
        widget = self.widgets[spec.key]
        if isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, QDateTimeEdit) and spec.type in ("date", "datetime"):
            widget.setDateTime(_qdatetime(spec.type, value) or widget.minimumDateTime())
        elif isinstance(widget, QTimeEdit):
            widget.setTime(_qtime(value))
        elif isinstance(widget, QComboBox):
            found = widget.findData(value) if value is not None else 0
            widget.setCurrentIndex(max(found, 0))
        elif isinstance(widget, QSpinBox):
            widget.setValue(widget.minimum() if value is None else int(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, RowsTable):
            items = list(value or [])
            if spec.type == "list":
                widget.set_rows([{"text": str(item)} for item in items])
            else:
                widget.set_rows([{k: str(v) for k, v in dict(item).items()} for item in items])
        else:
            chosen = set(value or [])
            for check in widget.findChildren(QCheckBox):
                check.setChecked(str(check.property("code")) in chosen)

    # -- errors -------------------------------------------------------------------------

    def show_error(self, error: DomainError) -> bool:
        """Put the refusal under the field it names (the message names the field as
        labelled here) and the cursor there; what is typed stays. False when the error
        names no field of this form (the caller shows it on its own line)."""
        self.clear_errors()
        spec = next((s for s in self.kind.fields if s.key == error.field), None)
        if spec is None:
            return False
        line = self.errors[spec.key]
        line.setText(domain_message(error, self.label_of(spec)))
        line.show()
        widget = self.widgets[spec.key]
        target = widget.table if isinstance(widget, RowsTable) else widget
        if spec.type == "choices":
            target = next(iter(widget.findChildren(QCheckBox)), widget)
        self.ensureWidgetVisible(widget)
        target.setFocus()
        return True

    def clear_errors(self) -> None:
        for line in self.errors.values():
            line.clear()
            line.hide()

    def error_text(self, key: str) -> str:
        """The refusal shown under field ``key`` ("" when none)."""
        line = self.errors[key]
        return line.text() if line.isVisibleTo(self) else ""


def _qdatetime(kind: str, value: Any) -> QDateTime | None:
    if not value:
        return None
    try:
        if kind == "date":
            on = date.fromisoformat(str(value))
            return QDateTime(QDate(on.year, on.month, on.day), QTime(0, 0))
        at = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute))


def _qtime(value: Any) -> QTime:
    if not value:
        return QTime(0, 0)
    try:
        at = time.fromisoformat(str(value))
    except ValueError:
        return QTime(0, 0)
    return QTime(at.hour, at.minute)
