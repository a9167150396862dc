"""Step 2 of the sale, the customer: its kind (walk-in, agreement customer, GP unit,
distributor), the customer found as its name, pinyin, initials or code is typed, and for a
GP unit the GP order number and its officials, one of whom the clerk adds as a passenger."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.money import format_yuan
from counter_app.gui.context import DeskContext
from counter_app.gui.operations import sale as ops
from counter_app.gui.pages.sale.fields import buddy_label, row_of
from counter_app.gui.pages.sale.state import CustomerState
from counter_app.gui.widgets.named import named, named_button, named_edit
from counter_app.gui.widgets.timers import debounce
from counter_app.services.gp_officials import entitlement_lines

if TYPE_CHECKING:
    from counter_app.services.customers import CustomerRow, TravellerRow


class CustomerPanel(QGroupBox):
    """Renders a :class:`CustomerState`. ``kindChanged`` when the clerk picks another kind
    (the customer chosen is gone), ``customerPicked(CustomerRow)`` when they pick one from
    the list found."""

    kindChanged = Signal()
    customerPicked = Signal(object)

    def __init__(self, ctx: DeskContext, state: CustomerState,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = state
        self._matches: list[CustomerRow] = []
        self.setTitle(self.tr("2 Customer"))
        self.kind_combo = named(QComboBox(self), "saleCustomerKind")
        for code, label in (
            ("walk_in", self.tr("Walk-in")),
            ("agreement", self.tr("Agreement customer")),
            ("gp_unit", self.tr("GP unit")),
            ("distributor", self.tr("Distributor")),
        ):
            self.kind_combo.addItem(label, code)
        self.customer_edit = named_edit(
            self, "saleCustomerEdit", self.tr("Name, pinyin, initials or code")
        )
        self._customer_model = QStringListModel(self)
        self.completer = QCompleter(self._customer_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setWidget(self.customer_edit)
        self.completer.activated.connect(
            lambda line: self._picked(row_of(self._customer_model, line)))
        self.customer_info = named(QLabel(self), "customerInfo")
        self.customer_info.setWordWrap(True)
        self.official_combo = named(QComboBox(self), "officialCombo")
        self.add_official_button = named_button(
            self.tr("Add as passenger"), "addOfficialButton", self
        )
        self.gp_order_edit = named_edit(self, "gpOrderEdit", self.tr("GP order number"))
        self.gp_order_label = buddy_label(self, self.tr("GP order number"), self.gp_order_edit)
        row = QHBoxLayout()
        row.addWidget(self.kind_combo)
        row.addWidget(self.customer_edit, 1)
        gp_row = QHBoxLayout()
        gp_row.addWidget(self.official_combo, 1)
        gp_row.addWidget(self.add_official_button)
        gp_row.addWidget(self.gp_order_label)
        gp_row.addWidget(self.gp_order_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(gp_row)
        layout.addWidget(self.customer_info)
        self._timer = debounce(self, 150, self.find_customers)
        self.customer_edit.textEdited.connect(lambda _t: self._timer.start())
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self.default_kind())))
        self.state.kind = self.kind()
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

    def default_kind(self) -> str:
        """The customer kind a new sale starts with: at a GP counter (公务柜台), which serves
        GP units' officials, the GP unit; elsewhere the walk-in (散客)."""
        return "gp_unit" if self.ctx.clerk.outlet_kind == "gp_counter" else "walk_in"

    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    def start_over(self) -> None:
        """A new sale: its default kind, no customer chosen yet (``kindChanged`` either way)."""
        kind = self.default_kind()
        if self.kind() == kind:
            self._kind_changed()  # the same kind: still a new customer to choose
        else:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))

    def _kind_changed(self) -> None:
        self.state.kind = self.kind()
        self.state.customer = None
        self.state.officials = []
        self.customer_edit.clear()
        self.customer_info.setText("")
        self.official_combo.clear()
        walk_in = self.state.kind == "walk_in"
        self.customer_edit.setEnabled(not walk_in)
        if not walk_in:
            self.customer_edit.setFocus()
            self.find_customers()
        self.kindChanged.emit()

    def find_customers(self) -> None:
        """The customers of the kind chosen that match what is typed (database worker)."""
        kind = self.kind()
        if kind == "walk_in":
            return
        ops.find_customers(self.ctx, self.customer_edit.text(), kind, self._found)

    def _found(self, rows: list[CustomerRow]) -> None:
        self._matches = rows
        self._customer_model.setStringList([f"{r.code}  {r.name}" for r in rows])
        if rows and self.customer_edit.hasFocus():
            self.completer.complete()

    def _picked(self, row: int) -> None:
        if 0 <= row < len(self._matches):
            self.customerPicked.emit(self._matches[row])

    def show_chosen(self, customer: CustomerRow) -> None:
        self.state.customer = customer
        self.customer_edit.setText(f"{customer.code}  {customer.name}")

    def show_terms(self, customer: CustomerRow, credit_left: Decimal | None,
                   travellers: list[TravellerRow]) -> None:
        """What the customer's terms say: its credit left, its officials (else its
        travellers) to add as passengers."""
        info = [customer.name]
        if credit_left is not None:
            info.append(self.tr("credit left %1").replace("%1", format_yuan(credit_left)))
        self.state.officials = [t for t in travellers if t.gp_level] or travellers
        self.official_combo.clear()
        english = self.ctx.app.language.startswith("en")
        for t in self.state.officials:
            level = f" {t.gp_level}" if t.gp_level else ""
            self.official_combo.addItem(f"{t.name}{level} {t.title}".strip(), t.id)
            lines = entitlement_lines(t.gp_level or "")  # what the level entitles them to
            self.official_combo.setItemData(
                self.official_combo.count() - 1,
                "\n".join(line.label_en if english else line.label_zh for line in lines),
                Qt.ItemDataRole.ToolTipRole)
        if customer.kind == "gp_unit":
            info.append(self.tr("%1 officials").replace("%1", str(len(self.state.officials))))
        self.customer_info.setText(" · ".join(info))

    def chosen_official(self) -> TravellerRow | None:
        index = self.official_combo.currentIndex()
        officials = self.state.officials
        return officials[index] if 0 <= index < len(officials) else None

    def show_gp_fields(self, visible: bool) -> None:
        for widget in (self.gp_order_label, self.gp_order_edit, self.official_combo,
                       self.add_official_button):
            widget.setVisible(visible)
