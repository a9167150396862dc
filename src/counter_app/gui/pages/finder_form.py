"""The flight finder's search form: from, to, the date with the day before/after, the
return date, Search. It holds the fields and what is read off them; what a search does is
the page's (pages/flight_finder.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.places import PlaceIndex
from counter_app.gui.messages import ERROR_COLOR, domain_message
from counter_app.gui.widgets.named import named_button
from counter_app.gui.widgets.place_edit import PlaceEdit


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class FinderForm(QWidget):
    """The fields of a search, laid out on one row."""

    def __init__(
        self, places: PlaceIndex, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.today = today  # the business day now (Beijing), asked each time
        self.origin = self._place_edit("originEdit", self.tr("From: code, pinyin or Chinese"),
                                       places)
        self.destination = self._place_edit("destinationEdit",
                                            self.tr("To: code, pinyin or Chinese"), places)
        self.swap_button = QPushButton("⇄", self)
        self.swap_button.setToolTip(self.tr("Swap from and to (Ctrl+S)"))
        self.swap_button.setFixedWidth(36)
        # No minimum date: the edit would silently refuse a past date typed in; the page
        # says what is wrong instead and keeps what was typed.
        self.date_edit = self._date_edit("dateEdit", today())
        self.prev_day = QPushButton(self.tr("◀ Day before"), self)
        self.prev_day.setToolTip(self.tr("Ctrl+Left"))
        self.next_day = QPushButton(self.tr("Day after ▶"), self)
        self.next_day.setToolTip(self.tr("Ctrl+Right"))
        self.return_check = QCheckBox(self.tr("Return"), self)
        self.return_check.setObjectName("returnCheck")
        self.return_check.setToolTip(
            self.tr("Return trip: choose the return flight after the outbound")
        )
        # No minimum either: a return date before the outbound one is said at the search
        # (return_before_outbound), not silently put back.
        self.return_date_edit = self._date_edit("returnDateEdit", today() + timedelta(days=3))
        self.return_date_edit.setEnabled(False)
        self.search_button = named_button(self.tr("Search"), "searchButton", self)
        self.search_button.setDefault(True)
        self._lay_out()

    def _place_edit(self, name: str, hint: str, places: PlaceIndex) -> PlaceEdit:
        edit = PlaceEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        edit.set_index(places)
        return edit

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd ddd")
        edit.setDate(_qdate(day))
        return edit

    def _lay_out(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("From"), self))
        row.addWidget(self.origin, 3)
        row.addWidget(self.swap_button)
        row.addWidget(QLabel(self.tr("To"), self))
        row.addWidget(self.destination, 3)
        row.addSpacing(12)
        row.addWidget(QLabel(self.tr("Date"), self))
        row.addWidget(self.date_edit, 2)
        row.addWidget(self.prev_day)
        row.addWidget(self.next_day)
        row.addSpacing(12)
        row.addWidget(self.return_check)
        row.addWidget(self.return_date_edit, 2)
        row.addSpacing(12)
        row.addWidget(self.search_button)

    def fields(self) -> tuple[QWidget, ...]:
        """Every field and button of the form, in tab order."""
        return (
            self.origin,
            self.destination,
            self.swap_button,
            self.date_edit,
            self.prev_day,
            self.next_day,
            self.return_check,
            self.return_date_edit,
            self.search_button,
        )

    # -- reading ------------------------------------------------------------------------

    def selected_date(self) -> date:
        return _day(self.date_edit.date())

    def selected_return_date(self) -> date:
        return _day(self.return_date_edit.date())

    def set_date(self, day: date) -> None:
        self.date_edit.setDate(_qdate(day))

    def is_past(self, day: QDate) -> bool:
        return day < _qdate(self.today())

    @staticmethod
    def unresolved(edit: PlaceEdit, field: str) -> str | None:
        """Why the city field ``field`` names no one place (empty, unknown, ambiguous), in
        the clerk's words; None when it names one."""
        if not edit.text().strip():
            return domain_message(DomainError("city_required", field=field))
        if edit.resolve() is None:
            code = "ambiguous_city" if edit.matches() else "unknown_city"
            return domain_message(DomainError(code, field=field, text=edit.text()))
        return None

    def past_message(self, day: QDate) -> str:
        error = DomainError("date_in_past", field="date", day=day.toString("yyyy-MM-dd"))
        return domain_message(error)

    # -- changing -------------------------------------------------------------------------

    def swap(self) -> None:
        a, b = self.origin.place(), self.destination.place()
        ta, tb = self.origin.text(), self.destination.text()
        self.origin.set_place(b) if b else self.origin.setText(tb)
        self.destination.set_place(a) if a else self.destination.setText(ta)

    def keep_return_after_outbound(self) -> None:
        """The return is never before the outbound: it moves along when needed."""
        outbound = self.date_edit.date()
        if self.return_date_edit.date() < outbound:
            self.return_date_edit.setDate(outbound)

    @staticmethod
    def mark(field: QWidget, text: str | None) -> None:
        """Frame a field the clerk must put right, with ``text`` as its tooltip; None:
        clear its frame."""
        if text is None:
            if field.property("refused"):
                field.setProperty("refused", False)
                field.setStyleSheet("")
                field.setToolTip("")
            return
        field.setProperty("refused", True)
        field.setStyleSheet(f"{type(field).__name__} {{ border: 2px solid {ERROR_COLOR}; }}")
        field.setToolTip(text)
