"""The inbox's filters: states, kind, airport, flight dates, GP level, assignee and a search
text. Any change emits ``changed`` once the clerk pauses (debounced), so typing never waits
on head office."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.inbox.labels import LEVELS, OPEN_STATES, STATES, kind_codes, kind_label
from counter_app.gui.inbox.labels import state_label as state_name
from counter_app.gui.widgets.timers import debounce
from counter_app.sync.inbox import InboxFilters

PAUSE_MS = 300
NO_DATE = QDate(2000, 1, 1)  # the date edits' "any" (shown as 不限)


class InboxFilterBar(QWidget):
    """Emits ``changed`` after a pause once any filter changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxFilters")
        self._timer = debounce(self, PAUSE_MS, self.changed.emit)
        self.state_boxes: dict[str, QCheckBox] = {}
        states = QHBoxLayout()
        states.setContentsMargins(0, 0, 0, 0)
        states.addWidget(QLabel(self.tr("State:"), self))
        for code in STATES:
            box = QCheckBox(state_name(code), self)
            box.setObjectName(f"state_{code}")
            box.setChecked(code in OPEN_STATES)
            box.toggled.connect(self._changed)
            self.state_boxes[code] = box
            states.addWidget(box)
        states.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("inboxCounts")
        states.addWidget(self.count_label)

        self.kind = QComboBox(self)
        self.kind.setObjectName("inboxKind")
        self.kind.addItem(self.tr("All kinds"), "")
        for code in kind_codes():
            self.kind.addItem(kind_label(code), code)
        self.airport = QLineEdit(self)
        self.airport.setObjectName("inboxAirport")
        self.airport.setPlaceholderText(self.tr("Airport (SZX)"))
        self.airport.setMaxLength(3)
        self.airport.setFixedWidth(110)
        self.date_from = self._date_edit("inboxDateFrom")
        self.date_to = self._date_edit("inboxDateTo")
        self.level = QComboBox(self)
        self.level.setObjectName("inboxLevel")
        self.level.addItem(self.tr("All levels"), "")
        for level in LEVELS:
            self.level.addItem(level, level)
        self.assignee = QComboBox(self)
        self.assignee.setObjectName("inboxAssignee")
        for text, code in ((self.tr("Assigned: anyone"), ""), (self.tr("Assigned: me"), "me"),
                           (self.tr("Assigned: nobody"), "none")):
            self.assignee.addItem(text, code)
        self.search = QLineEdit(self)
        self.search.setObjectName("inboxSearch")
        self.search.setPlaceholderText(self.tr("Search: official, unit, flight, PNR"))
        self.search.setClearButtonEnabled(True)
        for combo in (self.kind, self.level, self.assignee):
            combo.currentIndexChanged.connect(self._changed)
        for edit in (self.airport, self.search):
            edit.textChanged.connect(self._changed)
        for date_edit in (self.date_from, self.date_to):
            date_edit.dateChanged.connect(self._changed)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.kind)
        row.addWidget(self.airport)
        row.addWidget(QLabel(self.tr("Flight date"), self))
        row.addWidget(self.date_from)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.date_to)
        row.addWidget(self.level)
        row.addWidget(self.assignee)
        row.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(states)
        layout.addLayout(row)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any"))
        edit.setDate(NO_DATE)
        return edit

    def _changed(self, *_args: object) -> None:
        self._timer.start()

    @property
    def pending(self) -> bool:
        """A change waits for the pause to end."""
        return self._timer.isActive()

    def filters(self) -> InboxFilters:
        """The filters as chosen now (first page)."""
        return InboxFilters(
            states=tuple(code for code, box in self.state_boxes.items() if box.isChecked()),
            kind=str(self.kind.currentData() or ""),
            airport=self.airport.text().strip().upper(),
            date_from=_day(self.date_from), date_to=_day(self.date_to),
            level=str(self.level.currentData() or ""),
            assignee=str(self.assignee.currentData() or ""),
            text=self.search.text().strip(),
        )

    def show_counts(self, counts: dict[str, int], total: int) -> None:
        """The number of requests in each state (the other filters applied) and how many
        match all the filters."""
        for code, box in self.state_boxes.items():
            box.setText(f"{state_name(code)} ({counts.get(code, 0)})")
        self.count_label.setText(self.tr("%1 matching").replace("%1", str(total)))


def _day(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    if chosen == NO_DATE:
        return None
    return date(chosen.year(), chosen.month(), chosen.day())
