"""Step 3 of the sale, the passengers (up to nine): name, Enter, ID number, Enter adds one
and the form is ready for the next. A resident ID is checked as typed (birth date and sex
once all 18 characters are in); a traveller sold to before is offered as the name or the ID
number is typed, and picking them fills the form; an ID number on file under another name
is flagged in the table (the clerk decides, nothing is refused)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.passengers import MAX_PASSENGERS, PassengerInput
from counter_app.domain.types import PassengerType
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import ERROR_STYLE
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import sale as ops
from counter_app.gui.pages.sale.fields import Notes, buddy_label, row_of
from counter_app.gui.pages.sale.state import ItineraryState, PassengersState
from counter_app.gui.widgets.named import named, named_button, named_edit
from counter_app.gui.widgets.tables import make_table
from counter_app.gui.widgets.timers import debounce
from counter_app.kernel.clock import SHANGHAI

if TYPE_CHECKING:
    from counter_app.services.lookup import KnownTraveller


def traveller_line(t: KnownTraveller) -> str:
    """``张伟  NI 11010519491231002X  13800138000``: one completer row."""
    parts = [t.name, f"{t.id_type} {t.id_number}"]
    if t.mobile:
        parts.append(t.mobile)
    return "  ".join(parts)


class PassengersPanel(QGroupBox):
    """Renders a :class:`PassengersState` (types by age on the itinerary's first flight);
    ``changed`` after a passenger is added or taken out (the quote is stale)."""

    changed = Signal()

    def __init__(self, ctx: DeskContext, notes: Notes, state: PassengersState,
                 itinerary: ItineraryState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notes = notes
        self.state = state
        self.itinerary = itinerary
        self.editable = True  # until the booking is held
        self.picked_traveller: KnownTraveller | None = None
        self._traveller_matches: list[KnownTraveller] = []
        self._traveller_source: QLineEdit | None = None
        self.setTitle(self.tr("3 Passengers (up to 9)"))
        self._build_form()
        self.passengers_model: RowsModel[PassengerInput] = RowsModel(
            [
                Column(self.tr("Name"), lambda p: p.name),
                Column(self.tr("Passenger type"), lambda p: self.type_name(self.passenger_type(p)),
                       Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("ID"), self._id_cell, tooltip=self._id_tooltip,
                       alert=lambda p: bool(self.state.others_on_file(p))),
                Column(self.tr("Mobile"), lambda p: p.mobile),
                Column(self.tr("Insurance"), lambda p: str(p.insurance_units),
                       Qt.AlignmentFlag.AlignCenter),
            ]
        )
        self.passengers_view = make_table(self, self.passengers_model, "passengersView",
                                          alternating=False)
        self.passengers_view.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.add_passenger_button)
        layout.addWidget(self.passengers_view, 1)
        for edit in (self.name_edit, self.id_edit, self.birth_edit, self.mobile_edit,
                     self.ffp_edit):
            edit.installEventFilter(self)
        self.id_edit.textEdited.connect(self._check_id_as_typed)
        self.id_type_combo.currentIndexChanged.connect(
            lambda _i: self._check_id_as_typed(self.id_edit.text())
        )
        # Known travellers: offered as the name or the ID number is typed.
        self._traveller_model = QStringListModel(self)
        self.traveller_completer = QCompleter(self._traveller_model, self)
        self.traveller_completer.setCompletionMode(
            QCompleter.CompletionMode.UnfilteredPopupCompletion
        )
        self.traveller_completer.setWidget(self.name_edit)
        self.traveller_completer.activated.connect(
            lambda line: self.traveller_picked(row_of(self._traveller_model, line)))
        self._traveller_timer = debounce(self, 150, self._find_travellers)
        self.name_edit.textEdited.connect(lambda t: self._traveller_typed(self.name_edit, t, 2))
        self.id_edit.textEdited.connect(lambda t: self._traveller_typed(self.id_edit, t, 6))

    def _build_form(self) -> None:
        self.name_edit = named_edit(
            self, "passengerName", self.tr("Chinese name, or SURNAME/GIVEN NAMES")
        )
        self.id_type_combo = named(QComboBox(self), "idTypeCombo")
        for code, label in (
            ("NI", self.tr("Resident ID")),
            ("PP", self.tr("Passport")),
            ("ID", self.tr("Other ID")),
        ):
            self.id_type_combo.addItem(label, code)
        self.id_edit = named(QLineEdit(self), "idNumberEdit")
        self.id_hint = named(QLabel(self), "idHint")
        self.birth_edit = named_edit(self, "birthEdit", "YYYY-MM-DD")
        self.mobile_edit = named(QLineEdit(self), "mobileEdit")
        self.ffp_edit = named(QLineEdit(self), "ffpEdit")
        self.insurance_spin = named(QSpinBox(self), "insuranceSpin")
        self.insurance_spin.setRange(0, 10)
        self.add_passenger_button = named_button(
            self.tr("Add passenger (Enter)"), "addPassengerButton", self
        )
        self.add_passenger_button.clicked.connect(self.add_passenger)
        form = QFormLayout()
        form.addRow(buddy_label(self, self.tr("Name"), self.name_edit), self.name_edit)
        id_row = QHBoxLayout()
        id_row.addWidget(self.id_type_combo)
        id_row.addWidget(self.id_edit, 1)
        form.addRow(buddy_label(self, self.tr("ID"), self.id_edit), id_row)
        form.addRow("", self.id_hint)
        form.addRow(buddy_label(self, self.tr("Birth date"), self.birth_edit), self.birth_edit)
        contact = QHBoxLayout()
        contact.addWidget(self.mobile_edit, 1)
        contact.addWidget(buddy_label(self, self.tr("FFP"), self.ffp_edit))
        contact.addWidget(self.ffp_edit, 1)
        contact.addWidget(buddy_label(self, self.tr("Insurance"), self.insurance_spin))
        contact.addWidget(self.insurance_spin)
        form.addRow(buddy_label(self, self.tr("Mobile"), self.mobile_edit), contact)
        self._form = form

    # -- the form -----------------------------------------------------------------------

    def _today(self) -> date:
        return self.ctx.clock.now().astimezone(SHANGHAI).date()

    def _check_id_as_typed(self, text: str) -> None:
        """Resident IDs are checked as typed: the birth date and sex once all 18 are in."""
        from counter_app.domain.ids import parse_resident_id

        self.id_hint.setStyleSheet("")
        self.id_hint.setText("")
        self.birth_edit.setEnabled(self.id_type_combo.currentData() != "NI")
        if self.id_type_combo.currentData() != "NI" or len(text.strip()) < 18:
            return
        try:
            parsed = parse_resident_id(text, today=self._today())
        except DomainError as error:
            self.id_hint.setStyleSheet(ERROR_STYLE)
            self.id_hint.setText(self.notes.message_for(error))
            return
        sex = self.tr("male") if parsed.sex.value == "M" else self.tr("female")
        self.id_hint.setText(
            self.tr("born %1, %2").replace("%1", parsed.birth_date.isoformat()).replace("%2", sex)
        )

    def clear_form(self) -> None:
        for edit in (self.name_edit, self.id_edit, self.birth_edit, self.mobile_edit,
                     self.ffp_edit):
            edit.clear()

    def start_over(self) -> None:
        """A new sale: no passengers, nothing flagged, an empty form."""
        self.state.passengers.clear()
        self.state.id_conflicts.clear()
        self.show_passengers()
        self.clear_form()

    def add_passenger(self) -> None:
        """Check the form and add the passenger; the form is then ready for the next."""
        from counter_app.domain.ids import IdType, parse_resident_id, validate_document
        from counter_app.domain.names import validate_passenger_name
        from counter_app.domain.phones import normalise_mobile

        if len(self.state.passengers) >= MAX_PASSENGERS:
            self.notes.refuse(DomainError("too_many_passengers", field="passengers",
                                          max=MAX_PASSENGERS))
            return
        id_type = str(self.id_type_combo.currentData())
        birth: date | None = None
        try:
            name = validate_passenger_name(self.name_edit.text(), IdType(id_type))
            number = validate_document(IdType(id_type), self.id_edit.text(), self._today())
            if id_type == "NI":
                birth = parse_resident_id(number).birth_date
            elif self.birth_edit.text().strip():
                try:
                    birth = date.fromisoformat(self.birth_edit.text().strip())
                except ValueError:
                    raise DomainError("birth_date_format", field="birth_date") from None
            mobile = normalise_mobile(self.mobile_edit.text())
        except DomainError as error:
            self.notes.refuse(error)
            return
        picked = self.picked_traveller
        same = picked is not None and picked.id_type == id_type and picked.id_number == number
        added = self.append(
            PassengerInput(
                name=name,
                id_type=id_type,
                id_number=number,
                birth_date=birth,
                insurance_units=self.insurance_spin.value(),
                traveller_id=picked.traveller_id if same and picked else None,
                mobile=mobile,
                ffp_number=self.ffp_edit.text().strip(),
            )
        )
        if not added:
            return  # refused: what was typed stays
        self.picked_traveller = None
        self.clear_form()
        self.id_hint.setText("")
        self.name_edit.setFocus()

    def append(self, passenger: PassengerInput) -> bool:
        """Add a checked passenger; refused (False) when the ID number is on the booking
        already, under any name: one document, one person."""
        if len(self.state.passengers) >= MAX_PASSENGERS:
            return False
        same = self.state.holder_of(passenger.id_number)
        if same is not None:
            self.notes.refuse(
                DomainError("duplicate_passenger", field="id_number", name=same.name))
            return False
        self.state.passengers.append(passenger)
        self.show_passengers()
        self.changed.emit()
        self.notes.show_info(
            self.tr("%1 passenger(s).").replace("%1", str(len(self.state.passengers))))
        self._check_names_on_file(passenger)
        return True

    def _check_names_on_file(self, passenger: PassengerInput) -> None:
        """Flag a passenger whose ID number earlier bookings or a customer's traveller list
        hold under another name (database worker; the clerk decides, nothing is refused)."""
        key = (passenger.id_type, passenger.id_number)

        def done(others: list[str]) -> None:
            if not others or passenger not in self.state.passengers:
                return
            self.state.id_conflicts[key] = others
            self.show_passengers()
            self.notes.show_error(self.notes.message_for(DomainError(
                "id_other_name_on_file", field="id_number", number=passenger.id_number,
                other="、".join(others), name=passenger.name)))

        ops.other_names_on_file(self.ctx, *key, passenger.name, done, lambda _error: None)

    def remove_selected(self) -> None:
        row = self.passengers_view.currentIndex().row()
        if 0 <= row < len(self.state.passengers) and self.editable:
            gone = self.state.passengers.pop(row)
            self.state.id_conflicts.pop((gone.id_type, gone.id_number), None)
            self.show_passengers()
            self.changed.emit()

    # -- known travellers ---------------------------------------------------------------

    def _hide_traveller_popup(self) -> None:
        popup = self.traveller_completer.popup()
        if popup is not None:
            popup.hide()

    def _traveller_typed(self, edit: QLineEdit, text: str, minimum: int) -> None:
        self.picked_traveller = None
        if len("".join(text.split())) < minimum:
            self._traveller_timer.stop()
            self._traveller_source = None
            self._hide_traveller_popup()
            return
        self._traveller_source = edit
        self._traveller_timer.start()

    def _find_travellers(self) -> None:
        """Look the typed name or ID number up among known travellers (database worker)."""
        edit = self._traveller_source
        if edit is None:
            return
        text = edit.text()

        def done(rows: list[KnownTraveller]) -> None:
            if edit.text() != text or not self.editable:
                return  # typed on meanwhile: a newer lookup follows
            self._traveller_matches = rows
            self._traveller_model.setStringList([traveller_line(t) for t in rows])
            if not rows:
                self._hide_traveller_popup()
                return
            self.traveller_completer.setWidget(edit)
            if not edit.hasFocus():
                return  # the clerk moved on (or a refusal took the focus): no list, no text
            self.traveller_completer.complete()
            popup = self.traveller_completer.popup()
            # "Found N" only beside a list the clerk can see, and never over a refusal.
            if popup is not None and popup.isVisible() and not self.notes.error_shown:
                self.notes.show_info(
                    self.tr("%1 known traveller(s): pick one to fill the form.").replace(
                        "%1", str(len(rows))
                    )
                )

        ops.known_travellers(self.ctx, text, done, lambda _error: None)

    @property
    def traveller_matches(self) -> list[KnownTraveller]:
        return list(self._traveller_matches)

    def traveller_picked(self, row: int) -> None:
        if 0 <= row < len(self._traveller_matches):
            self.fill_traveller(self._traveller_matches[row])

    def fill_traveller(self, t: KnownTraveller) -> None:
        """Fill the passenger form from a known traveller; Enter still adds them."""
        self.picked_traveller = t
        self.name_edit.setText(t.name)
        index = self.id_type_combo.findData(t.id_type)
        if index >= 0:
            self.id_type_combo.setCurrentIndex(index)
        self.id_edit.setText(t.id_number)
        self.birth_edit.setText(t.birth_date.isoformat() if t.birth_date else "")
        self.mobile_edit.setText(t.mobile)
        self.ffp_edit.setText(t.ffp_number)
        self._check_id_as_typed(t.id_number)
        self._hide_traveller_popup()
        self.id_edit.setFocus()
        self.notes.show_info(
            self.tr("%1 filled in: Enter adds the passenger.").replace("%1", t.name))

    # -- the table ----------------------------------------------------------------------

    def show_passengers(self) -> None:
        """Show the passengers (their types again after the itinerary changed)."""
        self.passengers_model.set_rows(self.state.passengers)

    def passenger_type(self, p: PassengerInput) -> PassengerType:
        """成人/儿童/婴儿 by age on the first flight's date (else today); without a birth
        date, an adult (a child or infant travelling on a passport must have it typed)."""
        from counter_app.domain.ids import passenger_type_on

        if p.passenger_type is not None:
            return p.passenger_type
        travel = self.itinerary.first_date() or self._today()
        if p.birth_date is None or p.birth_date > travel:
            return PassengerType.ADULT
        return passenger_type_on(p.birth_date, travel)

    def type_name(self, ptype: PassengerType | str) -> str:
        return {
            PassengerType.ADULT: self.tr("Adult"),
            PassengerType.CHILD: self.tr("Child"),
            PassengerType.INFANT: self.tr("Infant"),
        }.get(PassengerType(ptype), str(ptype))

    def _id_cell(self, p: PassengerInput) -> str:
        text = f"{p.id_type} {p.id_number}"
        return f"{text} ⚠" if self.state.others_on_file(p) else text

    def _id_tooltip(self, p: PassengerInput) -> str:
        others = self.state.others_on_file(p)
        if not others:
            return ""
        return self.tr("On file under the name %1").replace("%1", "、".join(others))

    # -- keyboard -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if watched is self.name_edit:
                    self.id_edit.setFocus()
                    return True
                if watched in (self.id_edit, self.birth_edit, self.mobile_edit, self.ffp_edit):
                    self.add_passenger()
                    return True
            if key == Qt.Key.Key_Delete and watched is self.passengers_view:
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
