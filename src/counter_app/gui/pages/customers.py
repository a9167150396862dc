"""The customers page (客户): find a customer as you type, see their travellers.

GP officials show their service level (V1..V5); ID numbers are masked on screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.money import format_yuan
from counter_app.gui.context import DeskContext
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.official_dialog import UnitPanel
from counter_app.gui.operations import customers as ops
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.named import named, named_button, named_edit
from counter_app.gui.widgets.tables import make_table
from counter_app.gui.widgets.timers import debounce
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.customers import CustomerRow, TravellerRow


class CustomersPage(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("customersPage")
        self._task: Task | None = None
        kinds = {
            "walk_in": self.tr("Walk-in"),
            "agreement": self.tr("Agreement customer"),
            "gp_unit": self.tr("GP unit"),
            "distributor": self.tr("Distributor"),
        }
        id_types = {
            "NI": self.tr("Resident ID"),
            "PP": self.tr("Passport"),
            "ID": self.tr("Other ID"),
        }
        settlements = {"now": self.tr("Pay now"), "monthly": self.tr("Monthly on account")}
        self.filter_edit = named_edit(
            self, "customerFilter", self.tr("Name, pinyin, initials or code")
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.kind_combo = named(QComboBox(self), "customerKind")
        self.kind_combo.addItem(self.tr("All kinds"), "")
        for code, label in kinds.items():
            self.kind_combo.addItem(label, code)

        self.customers_model: RowsModel[CustomerRow] = RowsModel(
            [
                Column(self.tr("Code"), lambda c: c.code),
                Column(self.tr("Name"), lambda c: c.name),
                Column(self.tr("Kind"), lambda c: kinds.get(c.kind, c.kind)),
                Column(
                    self.tr("Settlement"), lambda c: settlements.get(c.settlement, c.settlement)
                ),
                Column(
                    self.tr("Credit limit"),
                    lambda c: format_yuan(c.credit_limit) if c.credit_limit else "",
                    Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Travellers"), lambda c: str(c.travellers), Qt.AlignmentFlag.AlignCenter
                ),
            ]
        )
        self.travellers_model: RowsModel[TravellerRow] = RowsModel(
            [
                Column(self.tr("Name"), lambda t: t.name),
                Column(self.tr("GP level"), lambda t: t.gp_level, Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Title"), lambda t: t.title),
                Column(self.tr("ID type"), lambda t: id_types.get(t.id_type, t.id_type)),
                Column(self.tr("ID number"), lambda t: t.id_number),
                Column(self.tr("Mobile"), lambda t: t.mobile),
            ]
        )
        self.customers_view = make_table(self, self.customers_model, "customersView")
        self.travellers_view = make_table(self, self.travellers_model, "travellersView")
        self.count_label = QLabel(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Find"), self))
        top.addWidget(self.filter_edit, 3)
        top.addWidget(self.kind_combo, 1)
        top.addWidget(self.count_label)
        self.statement_month = named(QComboBox(self), "statementMonth")
        today = self.ctx.clock.now().astimezone(SHANGHAI).date()
        year, month = today.year, today.month
        for _ in range(12):  # this month and the eleven before
            self.statement_month.addItem(f"{year}-{month:02d}", (year, month))
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        self.statement_month.setCurrentIndex(1)  # last month: what gets settled now
        self.statement_button = named_button(self.tr("Statement…"), "statementButton", self)
        self.statement_button.setToolTip(
            self.tr("The agreement customer's monthly statement for the month chosen"))
        self.statement_button.setEnabled(False)
        self.statement_button.clicked.connect(self.print_statement)
        top.addWidget(self.statement_month)
        top.addWidget(self.statement_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.customers_view)
        splitter.addWidget(self.travellers_view)
        # A GP unit: its contact person and account manager; its officials edited.
        self.unit_panel = UnitPanel(ctx, self.selected_traveller, self)
        self.unit_panel.changed.connect(self._show_travellers)
        self.travellers_view.activated.connect(lambda _i: self.unit_panel.open_selected())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.unit_panel)
        self.setFocusProxy(self.filter_edit)

        # Filter as the clerk types, but let a fast typist finish a syllable first.
        self._debounce = debounce(self, 120, self.refresh)
        self.filter_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.customers_view.selectionModel().currentRowChanged.connect(self._show_travellers)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.customers_model.rows():
            self.refresh()

    def refresh(self) -> None:
        text = self.filter_edit.text()
        kind = str(self.kind_combo.currentData() or "") or None
        if self._task is not None:
            self._task.cancel()
        self._task = ops.find_customers(self.ctx, text, kind, self._show)

    def _show(self, rows: list[CustomerRow]) -> None:
        self._task = None
        self.customers_model.set_rows(rows)
        self.count_label.setText(self.tr("%1 customers").replace("%1", str(len(rows))))
        self.travellers_model.set_rows([])
        if rows:
            self.customers_view.selectRow(0)

    def selected_customer(self) -> CustomerRow | None:
        return self.customers_model.row_at(self.customers_view.currentIndex().row())

    def selected_traveller(self) -> str | None:
        row = self.travellers_model.row_at(self.travellers_view.currentIndex().row())
        return row.id if row is not None else None

    def print_statement(self) -> None:
        customer = self.selected_customer()
        if customer is None or customer.kind != "agreement":
            return
        year, month = self.statement_month.currentData()
        self.ctx.desk.statement(customer.id, int(year), int(month), self._statement_failed)

    def _statement_failed(self, error: BaseException) -> None:
        from counter_app.domain.errors import DomainError
        from counter_app.gui.messages import domain_message

        self.count_label.setText(domain_message(error) if isinstance(error, DomainError)
                                 else str(error))

    def _show_travellers(self) -> None:
        customer = self.customers_model.row_at(self.customers_view.currentIndex().row())
        self.statement_button.setEnabled(customer is not None and customer.kind == "agreement")
        self.unit_panel.show_unit(
            customer.id if customer is not None and customer.kind == "gp_unit" else None)
        if customer is None:
            return
        ops.travellers_of(self.ctx, customer.id, self.travellers_model.set_rows)
