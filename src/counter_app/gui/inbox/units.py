"""Head office's GP units and officials (单位与官员, Ctrl+U on the inbox page): search the
GP units by name, pinyin or code, create one, edit its own fields (经办人 and phone,
account manager, bureau, level of government), list its officials and open the official
dialog for one — all online, saved at head office, where head office's staff win a merge.

Every call runs on the network pool (``ctx.runner.run_io``) through the page's
:class:`~counter_app.sync.inbox.InboxClient`; the official dialog
(``gui/official_dialog.py``) reads and saves through :class:`HeadOfficeOfficial` instead of
the counter's database. A unit's changes reach the GP counters at their next pull.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import ValidationError
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_officials import GOV_LEVELS, OFFICIAL_FIELDS, UNIT_MAX, blank
from counter_app.gui.messages import domain_message, sync_error_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.official_dialog import OfficialDialog, option_label
from counter_app.gui.operations import Done, Failed
from counter_app.gui.operations.gp_officials import OfficialForm
from counter_app.gui.operations.inbox import as_domain_error
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.named import (
    fit_to_screen,
    form_of,
    name_dialog,
    named,
    named_button,
    named_edit,
)
from counter_app.gui.widgets.tables import make_table
from counter_app.kernel.ids import new_id
from counter_app.services.gp_officials import Official, OfficialSaved, meals
from counter_app.sync.client import Refused
from counter_app.sync.inbox import InboxClient, StaffLoginNeeded
from counter_app.sync.protocol.ops import CustomerUpdate, GpOfficialSave

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

T = TypeVar("T")
Unit = dict[str, Any]
# The unit's fields as the form edits them (``code`` only for a new unit).
FIELDS = ("code", "name_zh", "contact_name", "contact_phone", "account_manager", "bureau",
          "gov_level")
LENGTHS = {"code": 32, "name_zh": 128, "contact_name": 32, "contact_phone": 32, **UNIT_MAX}
SEARCH_PAUSE_MS = 300


def refusal(error: BaseException) -> BaseException:
    """Head office's refusal of content as a DomainError, naming the field its message
    starts with (``"name: name_required"``) when its body did not say."""
    mapped = as_domain_error(error)
    if isinstance(mapped, DomainError) and not mapped.field and isinstance(error, Refused):
        head = error.message.split(":", 1)[0].strip()
        if ":" in error.message and head.isidentifier():
            named_field = DomainError(mapped.code, field=head)
            named_field.params.update(mapped.params)
            return named_field
    return mapped


def run_online(ctx: DeskContext, name: str, work: Callable[[], T], done: Done[T],
               failed: Failed) -> Task:
    """``work`` on the network pool; head office's refusals of content as DomainErrors."""
    return ctx.runner.run_io(name, work, done, lambda error: failed(refusal(error)))


class HeadOfficeOfficial:
    """The official dialog's reading and saving at head office (:class:`OnlineOfficial`):
    the official as head office holds it; a save sends what changed against it."""

    def __init__(self, ctx: DeskContext, inbox: InboxClient, customer_id: str,
                 official_id: str | None) -> None:
        self.ctx, self.inbox = ctx, inbox
        self.customer_id, self.official_id = customer_id, official_id
        self.loaded: Official | None = None

    def load(self, done: Done[OfficialForm], failed: Failed) -> Task:
        customer_id, official_id, inbox = self.customer_id, self.official_id, self.inbox

        def work() -> OfficialForm:
            values = {name: blank(name) for name in OFFICIAL_FIELDS}
            version = 0
            if official_id is not None:
                found = [o for o in inbox.officials(customer_id)
                         if o.get("official_id") == official_id]
                if not found:
                    raise DomainError("traveller_not_found", field="name")
                values = {name: found[0].get(name, values[name]) for name in OFFICIAL_FIELDS}
                version = int(found[0].get("version") or 0)
            return OfficialForm(Official(official_id or "", customer_id, values, version),
                                meals())

        def got(form: OfficialForm) -> None:
            self.loaded = form.official
            done(form)

        return run_online(self.ctx, "ho_official", work, got, failed)

    def save(self, values: dict[str, Any], done: Done[OfficialSaved],
             failed: Failed) -> Task | None:
        loaded = self.loaded
        if loaded is None:
            return None
        existing = bool(loaded.official_id)
        changes = ({k: v for k, v in values.items() if v != loaded.values.get(k)}
                   if existing else dict(values))
        if not changes:
            done(OfficialSaved(loaded.official_id, None))
            return None
        inbox, customer_id = self.inbox, self.customer_id

        def work() -> dict[str, Any]:
            try:
                payload = GpOfficialSave(
                    official_id=loaded.official_id or new_id(), customer_id=customer_id,
                    base_version=loaded.version,
                    base=cast(Any, {k: loaded.values[k] for k in changes} if existing else {}),
                    changes=cast(Any, changes))
            except ValidationError as exc:
                where = [str(p) for p in exc.errors()[0]["loc"]]
                raise DomainError("invalid_text", field=where[1] if len(where) > 1 else "",
                                  ) from None
            return inbox.save_official(payload)

        return run_online(self.ctx, "ho_official_save", work,
                          lambda answer: done(OfficialSaved(str(answer["official_id"]), None)),
                          failed)


class UnitEditor(QWidget):
    """A GP unit's own fields: a new unit's (code editable) or the chosen one's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit: Unit | None = None  # None: a new unit
        self.edits: dict[str, QLineEdit] = {}
        for name in FIELDS:
            if name != "gov_level":
                edit = named_edit(self, f"unit_{name}", "")
                edit.setMaxLength(LENGTHS[name])
                self.edits[name] = edit
        self.gov_level = named(QComboBox(self), "unit_gov_level")
        self.gov_level.addItem(self.tr("(not set)"), "")
        for option in GOV_LEVELS:
            self.gov_level.addItem(option_label(option), option.code)
        self.title = named(QLabel(self), "unitEditorTitle")
        self.save_button = named_button(self.tr("Save unit"), "unitSave", self)
        form = form_of(
            (self.tr("Code"), self.edits["code"]), (self.tr("Name"), self.edits["name_zh"]),
            (self.tr("Contact person"), self.edits["contact_name"]),
            (self.tr("Contact phone"), self.edits["contact_phone"]),
            (self.tr("Account manager"), self.edits["account_manager"]),
            (self.tr("Bureau"), self.edits["bureau"]),
            (self.tr("Level of government"), self.gov_level))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.show_unit(None)

    def show_unit(self, unit: Unit | None) -> None:
        """The unit's fields (None: an empty form for a new unit)."""
        self.unit = unit
        for name, edit in self.edits.items():
            edit.setText(str((unit or {}).get(name) or ""))
        self.edits["code"].setReadOnly(unit is not None)
        level = str((unit or {}).get("gov_level") or "")
        self.gov_level.setCurrentIndex(max(0, self.gov_level.findData(level)))
        self.title.setText(self.tr("New GP unit") if unit is None else
                           f"{unit.get('code', '')} {unit.get('name_zh', '')}")

    def values(self) -> dict[str, str]:
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["gov_level"] = str(self.gov_level.currentData() or "")
        return values

    def changes(self) -> dict[str, str]:
        """The fields changed from the unit shown (every field of a new one)."""
        values = self.values()
        if self.unit is None:
            return values
        return {name: value for name, value in values.items()
                if name != "code" and value != str(self.unit.get(name) or "")}


class UnitsDialog(QDialog):
    """Search, create and edit GP units at head office and open their officials."""

    def __init__(self, ctx: DeskContext, inbox: InboxClient,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.inbox = ctx, inbox
        name_dialog(self, "unitsDialog", self.tr("GP units and officials"), 900)
        self.search = named_edit(self, "unitsSearch", self.tr("Name, pinyin or code"))
        self.new_button = named_button(self.tr("New unit…"), "unitsNew", self)
        self.model: RowsModel[Unit] = RowsModel([Column(header, text) for header, text in (
            (self.tr("Code"), lambda u: str(u["code"])),
            (self.tr("Name"), lambda u: str(u["name_zh"])),
            (self.tr("Contact person"), lambda u: " ".join(
                p for p in (u["contact_name"], u["contact_phone"]) if p)),
            (self.tr("Account manager"), lambda u: str(u["account_manager"])),
            (self.tr("Officials"), lambda u: str(u["officials"])),
        )], self)
        self.table = make_table(self, self.model, "unitsTable")
        self.editor = UnitEditor(self)
        self.officials = named(QListWidget(self), "unitsOfficials")
        self.new_official = named_button(self.tr("New official…"), "unitsNewOfficial", self)
        self.edit_official = named_button(self.tr("Official…"), "unitsEditOfficial", self)
        self.message = MessageLine(self, "unitsMessage")
        self.official_dialog: OfficialDialog | None = None
        self._task: Task | None = None
        self._wanted: str | None = None  # the unit to choose once the list is read
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.new_button.clicked.connect(self.new_unit)
        self.editor.save_button.clicked.connect(self.save_unit)
        self.table.selectionModel().selectionChanged.connect(self._chosen)
        self.new_official.clicked.connect(lambda: self.open_official(None))
        self.edit_official.clicked.connect(self._open_chosen)
        self.officials.itemDoubleClicked.connect(lambda _item: self._open_chosen())
        self._layout()
        fit_to_screen(self, 1000, 620, share=0.75)
        self._show_officials(None)
        self.reload()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        side = QVBoxLayout()
        side.addWidget(self.editor)
        side.addWidget(QLabel(self.tr("Officials of the unit"), self))
        side.addWidget(self.officials, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_official)
        buttons.addWidget(self.edit_official)
        side.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self.setFocusProxy(self.search)

    @property
    def loading(self) -> bool:
        return self._pause.isActive() or self._task is not None

    # -- the units ---------------------------------------------------------------------

    def reload(self) -> None:
        self._pause.stop()
        if self._task is not None:
            self._task.cancel()  # an answer to an older search is no longer wanted
        text = self.search.text()
        self._task = run_online(self.ctx, "ho_units", lambda: self.inbox.units(text),
                                self._got_units, self._failed)

    def _got_units(self, units: list[Unit]) -> None:
        self._task = None
        chosen = self._wanted or (self.editor.unit or {}).get("customer_id")
        self._wanted = None
        self.model.set_rows(units)
        rows = [i for i, unit in enumerate(units) if unit["customer_id"] == chosen]
        if rows:
            self.table.selectRow(rows[0])
        elif self.editor.unit is not None:
            self.editor.show_unit(None)
            self._show_officials(None)

    def _chosen(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        unit = self.model.row_at(rows[0].row()) if rows else None
        if unit is not None:
            self.editor.show_unit(unit)
            self._show_officials(unit)

    def new_unit(self) -> None:
        self.table.clearSelection()
        self.editor.show_unit(None)
        self._show_officials(None)
        self.editor.edits["code"].setFocus()

    def save_unit(self) -> None:
        unit, changes = self.editor.unit, self.editor.changes()
        if unit is None and not (changes["code"] and changes["name_zh"]):
            self.message.show_error(self.tr("A new unit needs its code and name."),
                                    self.editor.edits["code" if not changes["code"]
                                                      else "name_zh"])
            return
        if not changes:
            self.message.show_info(self.tr("Nothing changed."))
            return
        self.editor.save_button.setEnabled(False)
        self.message.show_info(self.tr("Saving at head office…"))
        if unit is None:
            run_online(self.ctx, "ho_unit_new", lambda: self.inbox.create_unit(changes),
                       lambda made: self._saved(str(made["customer_id"]), str(made["code"])),
                       self._save_failed)
            return
        update = CustomerUpdate(customer_id=str(unit["customer_id"]),
                                base_version=int(unit.get("version") or 0),
                                base=cast(Any, {k: str(unit.get(k) or "") for k in changes}),
                                changes=cast(Any, changes))
        run_online(self.ctx, "ho_unit_save", lambda: self.inbox.save_unit(update),
                   lambda saved: self._saved(str(saved["id"])), self._save_failed)

    def _saved(self, customer_id: str, code: str = "") -> None:
        self.editor.save_button.setEnabled(True)
        if code:  # a new unit: shown whatever the search was
            self.search.blockSignals(True)
            self.search.setText(code)
            self.search.blockSignals(False)
        self.message.show_ok(self.tr("Unit saved at head office; the GP counters get it at "
                                     "their next sync."))
        self._wanted = customer_id
        self.reload()

    def _save_failed(self, error: BaseException) -> None:
        self.editor.save_button.setEnabled(True)
        field = self.editor.edits.get(error.field) if isinstance(error, DomainError) else None
        if field is None and getattr(error, "code", "") == "customer_code_taken":
            field = self.editor.edits["code"]
        self.message.show_error(self._error_text(error), field)

    # -- the officials -----------------------------------------------------------------

    def _show_officials(self, unit: Unit | None) -> None:
        self.officials.clear()
        for button in (self.new_official, self.edit_official):
            button.setEnabled(unit is not None)
        if unit is not None:
            customer_id = str(unit["customer_id"])
            run_online(self.ctx, "ho_unit_officials",
                       lambda: self.inbox.officials(customer_id),
                       lambda found: self._got_officials(customer_id, found), self._failed)

    def _got_officials(self, customer_id: str, officials: list[dict[str, Any]]) -> None:
        if (self.editor.unit or {}).get("customer_id") != customer_id:
            return  # another unit was chosen meanwhile
        self.officials.clear()
        for official in officials:
            text = " · ".join(str(official.get(k) or "") for k in ("name", "gp_level",
                                                                  "title_zh") if official.get(k))
            item = QListWidgetItem(text, self.officials)
            item.setData(Qt.ItemDataRole.UserRole, official.get("official_id"))
        if officials:
            self.officials.setCurrentRow(0)

    def _open_chosen(self) -> None:
        item = self.officials.currentItem()
        if item is not None:
            self.open_official(str(item.data(Qt.ItemDataRole.UserRole)))

    def open_official(self, official_id: str | None) -> OfficialDialog | None:
        unit = self.editor.unit
        if unit is None:
            return None
        customer_id = str(unit["customer_id"])
        online = HeadOfficeOfficial(self.ctx, self.inbox, customer_id, official_id)
        dialog = OfficialDialog(self.ctx, customer_id, str(unit["name_zh"]), official_id,
                                self, online=online)
        dialog.saved.connect(lambda _id: self._official_saved())
        self.official_dialog = dialog
        dialog.open()
        return dialog

    def _official_saved(self) -> None:
        self.message.show_ok(self.tr("Official saved at head office."))
        self.reload()  # the officials' count, then the list of the unit

    # -- errors ------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self.message.show_error(self._error_text(error))

    def _error_text(self, error: BaseException) -> str:
        if isinstance(error, StaffLoginNeeded):
            return self.tr("Your head-office session has ended; log in again.")
        if isinstance(error, DomainError):
            return domain_message(error)
        return sync_error_message(error)
