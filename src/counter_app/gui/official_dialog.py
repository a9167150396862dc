"""The official dialog (公务人员资料): a GP unit's official created or edited at a GP counter,
opened from the Customers page (F12) — name, document, mobile, level and title, seat and
meal preference, notes, and the companions they travel with (at most 8) — with what the
level entitles the official to beside it, updated as the level is chosen.

Only a director (or head office) may add an official or change a level: for anyone else
the level is fixed and saving a new official is refused with the reason. A refusal is
shown under the form, the field it names gets the cursor, and nothing typed is lost. The
save runs on the database worker (``operations/gp_officials.py``) — or, given an ``online``
(:class:`OnlineOfficial`, head office's units dialog ``gui/inbox/units.py``), the official is
read and saved at head office itself.

:class:`UnitPanel` is the Customers page's line for a GP unit: its contact person
(经办人), account manager, bureau and level of government, and the buttons that open this
dialog and the unit's own (``unit_dialog.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import MAX_GP_COMPANIONS
from counter_app.domain.gp_officials import GOV_LEVELS, LEVEL_ROLES, SEAT_PREFS
from counter_app.domain.gp_requests import PERSON_KEYS, Option
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import ERROR_STYLE, domain_message
from counter_app.gui.operations import Done, Failed
from counter_app.gui.operations import gp_officials as ops
from counter_app.gui.unit_dialog import UnitDialog
from counter_app.gui.widgets.named import form_of, name_dialog, named, named_button, named_edit
from counter_app.services.gp_officials import OfficialSaved, UnitInfo, entitlement_lines

LEVELS = ("V1", "V2", "V3", "V4", "V5")
GP_COUNTER = "gp_counter"  # the outlet kind whose counters keep officials
ID_TYPES = ("NI", "PP", "ID")


def english() -> bool:
    """Whether the interface is in English (gui/i18n.py sets the default locale)."""
    return QLocale().language() == QLocale.Language.English


def option_label(option: Option) -> str:
    return option.label_en if english() else option.label_zh


class OnlineOfficial(Protocol):
    """Reads and saves the official online instead of the counter's database and op."""

    def load(self, done: Done[ops.OfficialForm], failed: Failed) -> object: ...

    def save(self, values: dict[str, Any], done: Done[OfficialSaved],
             failed: Failed) -> object: ...


class OfficialDialog(QDialog):
    """Edit (``official_id``) or create (None) an official of the GP unit ``customer_id``;
    ``online``: through head office instead of this counter's database."""

    saved = Signal(str)  # the official's id

    def __init__(self, ctx: DeskContext, customer_id: str, unit_name: str,
                 official_id: str | None = None, parent: QWidget | None = None,
                 online: OnlineOfficial | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.customer_id, self.official_id = ctx, customer_id, official_id
        self.online = online
        title = self.tr("New official") if official_id is None else self.tr("Official")
        name_dialog(self, "officialDialog", f"{title} — {unit_name}", 760)
        self.may_set_level = str(ctx.clerk.role) in LEVEL_ROLES
        self.name_edit = named_edit(self, "officialName", self.tr("Name as on the ID"))
        self.id_type = named(QComboBox(self), "officialIdType")
        for code, label in zip(ID_TYPES, (self.tr("Resident ID"), self.tr("Passport"),
                                          self.tr("Other ID")), strict=True):
            self.id_type.addItem(label, code)
        self.id_number = named_edit(self, "officialIdNumber", "")
        self.mobile = named_edit(self, "officialMobile", "")
        self.level = named(QComboBox(self), "officialLevel")
        for code in LEVELS:
            self.level.addItem(code, code)
        self.level.setCurrentIndex(-1)
        self.title_edit = named_edit(self, "officialTitle", self.tr("e.g. 处长"))
        self.seat = self._choices("officialSeat", SEAT_PREFS)
        self.meal = self._choices("officialMeal", ())
        self.notes = named(QPlainTextEdit(self), "officialNotes")
        self.notes.setMaximumHeight(60)
        self.companions = named(QTableWidget(0, len(PERSON_KEYS), self), "companionsTable")
        self.companions.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Title"), self.tr("ID type"), self.tr("ID number"),
            self.tr("Relation"), self.tr("Phone")])
        self.companions.horizontalHeader().setStretchLastSection(True)
        self.companions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add = named_button(self.tr("Add companion"), "addCompanion", self)
        remove = named_button(self.tr("Remove companion"), "removeCompanion", self)
        add.clicked.connect(lambda: self.add_companion())
        remove.clicked.connect(self.remove_companion)
        self.entitlements = named(QListWidget(self), "entitlementsList")
        self.level_note = QLabel(self)
        self.error = named(QLabel(self), "officialError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveOfficial")
        self.save_button.setEnabled(False)  # until the official is read
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._layout(add, remove)
        self.level.currentIndexChanged.connect(lambda _i: self.show_entitlements())
        self.fields: dict[str, QWidget] = {
            "name": self.name_edit, "id_type": self.id_type, "id_number": self.id_number,
            "mobile": self.mobile, "gp_level": self.level, "title_zh": self.title_edit,
            "seat_pref": self.seat, "meal_pref": self.meal, "notes": self.notes,
            "companions": self.companions}
        if online is not None:
            online.load(self._loaded, self._failed)
        else:
            ops.load(ctx, customer_id, official_id, self._loaded, self._failed)

    def _choices(self, name: str, options: tuple[Option, ...]) -> QComboBox:
        combo = named(QComboBox(self), name)
        combo.addItem("", "")
        for option in options:
            combo.addItem(option_label(option), option.code)
        return combo

    def _layout(self, add: QWidget, remove: QWidget) -> None:
        form = form_of(
            (self.tr("Name"), self.name_edit), (self.tr("ID type"), self.id_type),
            (self.tr("ID number"), self.id_number), (self.tr("Mobile"), self.mobile),
            (self.tr("GP level"), self.level), ("", self.level_note),
            (self.tr("Title"), self.title_edit), (self.tr("Seat preference"), self.seat),
            (self.tr("Meal preference"), self.meal), (self.tr("Notes"), self.notes))
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("What the level entitles to"), self))
        side.addWidget(self.entitlements, 1)
        top = QHBoxLayout()
        top.addLayout(form, 3)
        top.addLayout(side, 2)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Companions (at most %1)").replace(
            "%1", str(MAX_GP_COMPANIONS)), self))
        row.addStretch(1)
        row.addWidget(add)
        row.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.companions, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setFocusProxy(self.name_edit)

    # --- reading the official ---------------------------------------------------------

    def _loaded(self, form: ops.OfficialForm) -> None:
        for option in form.meals:
            self.meal.addItem(option_label(option), option.code)
        values = form.official.values
        self.name_edit.setText(values["name"])
        self.id_type.setCurrentIndex(max(0, self.id_type.findData(values["id_type"] or "NI")))
        self.id_number.setText(values["id_number"])
        self.mobile.setText(values["mobile"])
        self.level.setCurrentIndex(self.level.findData(values["gp_level"]))
        self.title_edit.setText(values["title_zh"])
        self.seat.setCurrentIndex(max(0, self.seat.findData(values["seat_pref"])))
        self.meal.setCurrentIndex(max(0, self.meal.findData(values["meal_pref"])))
        self.notes.setPlainText(values["notes"])
        for person in values["companions"]:
            self.add_companion(person)
        existing = self.official_id is not None
        self.level.setEnabled(self.may_set_level or not existing)
        if not self.may_set_level:
            self.level_note.setText(self.tr("Only a director may add an official or change "
                                            "a level."))
        self.show_entitlements()
        self.save_button.setEnabled(True)
        self.name_edit.setFocus()

    def show_entitlements(self) -> None:
        self.entitlements.clear()
        for line in entitlement_lines(str(self.level.currentData() or "")):
            self.entitlements.addItem(line.label_en if english() else line.label_zh)

    # --- companions -------------------------------------------------------------------

    def add_companion(self, person: dict[str, Any] | None = None) -> None:
        if self.companions.rowCount() >= MAX_GP_COMPANIONS:
            self.error.setText(self.tr("At most %1 companions.").replace(
                "%1", str(MAX_GP_COMPANIONS)))
            return
        row = self.companions.rowCount()
        self.companions.insertRow(row)
        for column, key in enumerate(PERSON_KEYS):
            value = str((person or {}).get(key) or "")
            self.companions.setItem(row, column, QTableWidgetItem(value))
        first = self.companions.item(row, 0)
        if person is None and first is not None:
            self.companions.setCurrentCell(row, 0)
            self.companions.editItem(first)

    def remove_companion(self) -> None:
        row = self.companions.currentRow()
        if row >= 0:
            self.companions.removeRow(row)

    def companion_values(self) -> list[dict[str, str]]:
        people = []
        for row in range(self.companions.rowCount()):
            person = {}
            for column, key in enumerate(PERSON_KEYS):
                item = self.companions.item(row, column)
                text = item.text().strip() if item is not None else ""
                if text:
                    person[key] = text
            if person:
                people.append(person)
        return people

    # --- saving -----------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What the form holds, in wire form (the service keeps what changed)."""
        values: dict[str, Any] = {
            "name": self.name_edit.text(), "id_type": self.id_type.currentData(),
            "id_number": self.id_number.text(), "mobile": self.mobile.text(),
            "title_zh": self.title_edit.text(), "seat_pref": self.seat.currentData() or "",
            "meal_pref": self.meal.currentData() or "",
            "notes": self.notes.toPlainText(), "companions": self.companion_values()}
        if self.level.isEnabled():
            values["gp_level"] = self.level.currentData() or ""
        return values

    def save(self) -> None:
        self.error.clear()
        self.save_button.setEnabled(False)
        if self.online is not None:
            self.online.save(self.values(), self._saved, self._failed)
            return
        ops.save(self.ctx, self.customer_id, self.official_id, self.values(), self._saved,
                 self._failed)

    def _saved(self, result: OfficialSaved) -> None:
        self.saved.emit(result.official_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(error, DomainError):
            self.error.setText(str(error))
            return
        self.error.setText(domain_message(error, self._label(error.field)))
        widget = self.fields.get(error.field)
        if widget is not None:
            widget.setFocus()

    def _label(self, field: str) -> str | None:
        widget = self.fields.get(field)
        if widget is None:
            return None
        for label in self.findChildren(QLabel):
            if label.buddy() is widget:
                return label.text()
        return None


class UnitPanel(QWidget):
    """A GP unit's contact person, account manager, bureau and level of government, with
    the buttons that open the official dialog (for the traveller chosen, or a new one)."""

    changed = Signal()  # an official was saved: the page lists the travellers again

    def __init__(self, ctx: DeskContext, selected: Callable[[], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.selected = ctx, selected
        self.unit: UnitInfo | None = None
        self.label = named(QLabel(self), "unitLabel")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = named_button(self.tr("New official…"), "newOfficial", self)
        self.edit_button = named_button(self.tr("Official…"), "editOfficial", self)
        self.unit_button = named_button(self.tr("Edit unit details…"), "editUnit", self)
        self.unit_button.clicked.connect(self.open_unit)
        self.new_button.clicked.connect(lambda: self.open_official(None))
        self.edit_button.clicked.connect(self.open_selected)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.edit_button)
        row.addWidget(self.unit_button)
        # Officials are kept at a GP counter only (head office refuses them elsewhere).
        gp = ctx.clerk.outlet_kind == GP_COUNTER
        self.new_button.setVisible(gp)
        self.edit_button.setVisible(gp)
        self.dialog: OfficialDialog | None = None
        self.unit_dialog: UnitDialog | None = None
        self.setVisible(False)

    def show_unit(self, customer_id: str | None) -> None:
        """Show the unit ``customer_id`` (None: the customer is no GP unit: hidden)."""
        self.unit = None
        self.setVisible(customer_id is not None)
        if customer_id is not None:
            self.label.clear()
            ops.unit(self.ctx, customer_id, self._shown)

    def _shown(self, unit: UnitInfo) -> None:
        self.unit = unit
        levels = {o.code: option_label(o) for o in GOV_LEVELS}
        none = self.tr("none")
        parts = [
            self.tr("Contact person: %1").replace(
                "%1", " ".join(p for p in (unit.contact_name, unit.contact_phone) if p) or none),
            self.tr("Account manager: %1").replace("%1", unit.account_manager or none),
        ]
        if unit.bureau:
            parts.append(self.tr("Bureau: %1").replace("%1", unit.bureau))
        if unit.gov_level:
            parts.append(self.tr("Level of government: %1").replace(
                "%1", levels.get(unit.gov_level, unit.gov_level)))
        self.label.setText(" · ".join(parts))

    def open_selected(self) -> None:
        """The official chosen in the travellers' list, if any."""
        official_id = self.selected()
        if official_id is not None:
            self.open_official(official_id)

    def open_official(self, official_id: str | None) -> OfficialDialog | None:
        if self.unit is None or not self.new_button.isVisibleTo(self):
            return None
        self.dialog = OfficialDialog(self.ctx, self.unit.customer_id, self.unit.name,
                                     official_id, self.window())
        self.dialog.saved.connect(lambda _id: self.changed.emit())
        self.dialog.open()
        return self.dialog

    def open_unit(self) -> UnitDialog | None:
        """The unit's own fields (修改单位资料); the line shows them again once saved."""
        if self.unit is None:
            return None
        self.unit_dialog = UnitDialog(self.ctx, self.unit.customer_id, self.unit.name,
                                      self.window())
        self.unit_dialog.saved.connect(self.show_unit)
        self.unit_dialog.open()
        return self.unit_dialog
