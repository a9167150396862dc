"""The sale page (售票): itinerary → customer → passengers → quote → book → pay → ticket.

Keyboard first. Flights arrive from the flight finder (Enter on a class there adds the
segment and opens this page); the passenger form takes name, Enter, ID number, Enter (the
passenger is added and the form is ready for the next one; a traveller sold to before is
offered as the name or ID number is typed, and picking them fills the form); F6 quotes, F7 holds the
booking (PNR and ticketing deadline), F8 takes the payment and issues the tickets;
Ctrl+N starts a new sale. Every step runs on the database worker; every refusal names the
field and keeps what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.money import format_yuan
from counter_app.domain.types import PassengerType
from counter_app.gui.context import AppContext
from counter_app.gui.messages import ERROR_STYLE, domain_message
from counter_app.gui.models import Column, RowsModel
from counter_app.kernel.clock import SHANGHAI

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from counter_app.services.booking import (
        HeldBooking,
        IssuedBooking,
        KnownTraveller,
        TripQuote,
    )
    from counter_app.services.customers import CustomerRow, TravellerRow
    from counter_app.services.flights import ClassOffer, FlightOffer
    from counter_app.services.sales import PassengerInput, PaymentInput

MAX_PASSENGERS = 9
# Payment refusals about the method chosen, not the amount: the message names 支付方式.
METHOD_CODES = frozenset({"payment_method_unknown", "payment_not_allowed"})
# Refusals that mean "this counter holds no seats here": online, head office can lease some.
LEASE_CODES = frozenset({"no_lease", "offline_seats_exhausted", "lease_expired"})


@dataclass(frozen=True)
class ChosenSegment:
    """A flight and class the clerk picked, as shown in the itinerary."""

    flight_id: str
    class_code: str
    cabin: str
    label: str  # "CA1144 HET→PEK 2026-11-26 12:10 Y"
    fare: Decimal
    seats: int
    dep_date: date | None = None


def lookup_travellers(session: Session, text: str, limit: int = 10) -> list[KnownTraveller]:
    """Known travellers for what the clerk typed (:func:`counter_app.services.lookup.
    lookup_travellers`: a name's start, a whole ID number or mobile, an ID number's start
    from six characters on); imported here, on the database worker, not at start-up."""
    from counter_app.services.lookup import lookup_travellers as lookup

    return lookup(session, text, limit)


def traveller_line(t: KnownTraveller) -> str:
    """``张伟  NI 11010519491231002X  13800138000``: one completer row."""
    parts = [t.name, f"{t.id_type} {t.id_number}"]
    if t.mobile:
        parts.append(t.mobile)
    return "  ".join(parts)


def _money(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "").replace("¥", ""))
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value.is_finite() and value >= 0 else None


class SalePage(QWidget):
    """Emits ``status`` lines for the status bar and ``changed`` after a local commit that
    head office must learn of (the window wakes the sync)."""

    status = Signal(str)
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("salePage")
        self.segments: list[ChosenSegment] = []
        self.passengers: list[PassengerInput] = []
        self.payments: list[PaymentInput] = []
        self.customer: CustomerRow | None = None
        self.officials: list[TravellerRow] = []
        self.quote: TripQuote | None = None
        self.held: HeldBooking | None = None
        self.issued: IssuedBooking | None = None
        self.receipts_done = False  # the receipts of ``issued`` were sent to print
        self.receipt_serials: dict[str, str] = {}  # ticket number -> receipt serial
        self._customer_matches: list[CustomerRow] = []
        self._traveller_matches: list[KnownTraveller] = []
        self._traveller_source: QLineEdit | None = None
        self.picked_traveller: KnownTraveller | None = None
        self._lease_retry = False
        self._labels: dict[QWidget, QLabel] = {}
        self._error_shown = False  # a refusal is on show: no status may replace it

        self._build_itinerary()
        self._build_customer()
        self._build_passengers()
        self._build_quote()
        self._build_payment()

        self.message = QLabel(self)
        self.message.setObjectName("saleMessage")
        self.message.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.itinerary_box)
        left.addWidget(self.customer_box)
        left.addWidget(self.passenger_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.quote_box, 1)
        right.addWidget(self.payment_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)

        QShortcut(QKeySequence("F6"), self, self.request_quote)
        QShortcut(QKeySequence("F7"), self, self.book)
        QShortcut(QKeySequence("F8"), self, self.ticket)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_sale)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_receipts)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.print_confirmation)
        self.setFocusProxy(self.name_edit)
        self._refresh_state()

    # -- building -----------------------------------------------------------------------

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        """A field's label on screen; messages about the field start with its text."""
        label = QLabel(text, self)
        label.setBuddy(buddy)
        self._labels[buddy] = label
        return label

    def label_of(self, widget: QWidget | None) -> str | None:
        """The text of ``widget``'s label as shown, or None for a widget without one."""
        label = self._labels.get(widget) if widget is not None else None
        return label.text().replace("&", "") if label is not None else None

    def default_kind(self) -> str:
        """The customer kind a new sale starts with: at a GP counter (公务柜台), which serves
        GP units' officials, the GP unit; elsewhere the walk-in (散客)."""
        clerk = self.ctx.clerk
        return "gp_unit" if clerk is not None and clerk.outlet_kind == "gp_counter" else "walk_in"

    def _table(self, model: RowsModel[Any], name: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _build_itinerary(self) -> None:
        self.itinerary_box = QGroupBox(self.tr("1 Itinerary (flights: F2, Enter on a class)"))
        self.segments_model: RowsModel[ChosenSegment] = RowsModel(
            [
                Column(self.tr("Segment"), lambda s: s.label),
                Column(self.tr("Class"), lambda s: s.class_code, Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Fare"), lambda s: format_yuan(s.fare), Qt.AlignmentFlag.AlignRight),
            ]
        )
        self.segments_view = self._table(self.segments_model, "segmentsView")
        self.segments_view.setMaximumHeight(110)
        self.segments_view.installEventFilter(self)
        layout = QVBoxLayout(self.itinerary_box)
        layout.addWidget(self.segments_view)

    def _build_customer(self) -> None:
        self.customer_box = QGroupBox(self.tr("2 Customer"))
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("saleCustomerKind")
        for code, label in (
            ("walk_in", self.tr("Walk-in")),
            ("agreement", self.tr("Agreement customer")),
            ("gp_unit", self.tr("GP unit")),
            ("distributor", self.tr("Distributor")),
        ):
            self.kind_combo.addItem(label, code)
        self.customer_edit = QLineEdit(self)
        self.customer_edit.setObjectName("saleCustomerEdit")
        self.customer_edit.setPlaceholderText(self.tr("Name, pinyin, initials or code"))
        self._customer_model = QStringListModel(self)
        self._customer_completer = QCompleter(self._customer_model, self)
        self._customer_completer.setCompletionMode(
            QCompleter.CompletionMode.UnfilteredPopupCompletion
        )
        self._customer_completer.setWidget(self.customer_edit)
        self._customer_completer.activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: self._customer_picked(index.row())
        )
        self.customer_info = QLabel(self)
        self.customer_info.setObjectName("customerInfo")
        self.customer_info.setWordWrap(True)
        self.gp_order_edit = QLineEdit(self)
        self.gp_order_edit.setObjectName("gpOrderEdit")
        self.gp_order_edit.setPlaceholderText(self.tr("GP order number"))
        self.official_combo = QComboBox(self)
        self.official_combo.setObjectName("officialCombo")
        self.add_official_button = QPushButton(self.tr("Add as passenger"), self)
        self.add_official_button.setObjectName("addOfficialButton")
        row = QHBoxLayout()
        row.addWidget(self.kind_combo)
        row.addWidget(self.customer_edit, 1)
        self.gp_order_label = self._label(self.tr("GP order number"), self.gp_order_edit)
        gp_row = QHBoxLayout()
        gp_row.addWidget(self.official_combo, 1)
        gp_row.addWidget(self.add_official_button)
        gp_row.addWidget(self.gp_order_label)
        gp_row.addWidget(self.gp_order_edit, 1)
        layout = QVBoxLayout(self.customer_box)
        layout.addLayout(row)
        layout.addLayout(gp_row)
        layout.addWidget(self.customer_info)
        self._customer_timer = QTimer(self)
        self._customer_timer.setSingleShot(True)
        self._customer_timer.setInterval(150)
        self._customer_timer.timeout.connect(self._find_customers)
        self.customer_edit.textEdited.connect(lambda _t: self._customer_timer.start())
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(self.default_kind())))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.add_official_button.clicked.connect(self.add_official)

    def _build_passengers(self) -> None:
        self.passenger_box = QGroupBox(self.tr("3 Passengers (up to 9)"))
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("passengerName")
        self.name_edit.setPlaceholderText(self.tr("Chinese name, or SURNAME/GIVEN NAMES"))
        self.id_type_combo = QComboBox(self)
        self.id_type_combo.setObjectName("idTypeCombo")
        for code, label in (
            ("NI", self.tr("Resident ID")),
            ("PP", self.tr("Passport")),
            ("ID", self.tr("Other ID")),
        ):
            self.id_type_combo.addItem(label, code)
        self.id_edit = QLineEdit(self)
        self.id_edit.setObjectName("idNumberEdit")
        self.id_hint = QLabel(self)
        self.id_hint.setObjectName("idHint")
        self.birth_edit = QLineEdit(self)
        self.birth_edit.setObjectName("birthEdit")
        self.birth_edit.setPlaceholderText("YYYY-MM-DD")
        self.mobile_edit = QLineEdit(self)
        self.mobile_edit.setObjectName("mobileEdit")
        self.ffp_edit = QLineEdit(self)
        self.ffp_edit.setObjectName("ffpEdit")
        self.insurance_spin = QSpinBox(self)
        self.insurance_spin.setObjectName("insuranceSpin")
        self.insurance_spin.setRange(0, 10)
        self.add_passenger_button = QPushButton(self.tr("Add passenger (Enter)"), self)
        self.add_passenger_button.setObjectName("addPassengerButton")
        form = QFormLayout()
        form.addRow(self._label(self.tr("Name"), self.name_edit), self.name_edit)
        id_row = QHBoxLayout()
        id_row.addWidget(self.id_type_combo)
        id_row.addWidget(self.id_edit, 1)
        form.addRow(self._label(self.tr("ID"), self.id_edit), id_row)
        form.addRow("", self.id_hint)
        form.addRow(self._label(self.tr("Birth date"), self.birth_edit), self.birth_edit)
        contact = QHBoxLayout()
        contact.addWidget(self.mobile_edit, 1)
        contact.addWidget(self._label(self.tr("FFP"), self.ffp_edit))
        contact.addWidget(self.ffp_edit, 1)
        contact.addWidget(self._label(self.tr("Insurance"), self.insurance_spin))
        contact.addWidget(self.insurance_spin)
        form.addRow(self._label(self.tr("Mobile"), self.mobile_edit), contact)
        # Flagged passengers: the ID number is on file under another name (row -> names).
        self.id_conflicts: dict[tuple[str, str], list[str]] = {}
        self.passengers_model: RowsModel[PassengerInput] = RowsModel(
            [
                Column(self.tr("Name"), lambda p: p.name),
                Column(self.tr("Passenger type"), lambda p: self.type_name(self.passenger_type(p)),
                       Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("ID"), self._id_cell, tooltip=self._id_tooltip,
                       alert=lambda p: (p.id_type, p.id_number) in self.id_conflicts),
                Column(self.tr("Mobile"), lambda p: p.mobile),
                Column(
                    self.tr("Insurance"),
                    lambda p: str(p.insurance_units),
                    Qt.AlignmentFlag.AlignCenter,
                ),
            ]
        )
        self.passengers_view = self._table(self.passengers_model, "passengersView")
        self.passengers_view.installEventFilter(self)
        layout = QVBoxLayout(self.passenger_box)
        layout.addLayout(form)
        layout.addWidget(self.add_passenger_button)
        layout.addWidget(self.passengers_view, 1)
        for edit in (
            self.name_edit,
            self.id_edit,
            self.birth_edit,
            self.mobile_edit,
            self.ffp_edit,
        ):
            edit.installEventFilter(self)
        self.id_edit.textEdited.connect(self._check_id_as_typed)
        self.id_type_combo.currentIndexChanged.connect(
            lambda _i: self._check_id_as_typed(self.id_edit.text())
        )
        self.add_passenger_button.clicked.connect(self.add_passenger)
        # Known travellers: offered as the name or the ID number is typed.
        self._traveller_model = QStringListModel(self)
        self._traveller_completer = QCompleter(self._traveller_model, self)
        self._traveller_completer.setCompletionMode(
            QCompleter.CompletionMode.UnfilteredPopupCompletion
        )
        self._traveller_completer.setWidget(self.name_edit)
        self._traveller_completer.activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: self._traveller_picked(index.row())
        )
        self._traveller_timer = QTimer(self)
        self._traveller_timer.setSingleShot(True)
        self._traveller_timer.setInterval(150)
        self._traveller_timer.timeout.connect(self._find_travellers)
        self.name_edit.textEdited.connect(lambda t: self._traveller_typed(self.name_edit, t, 2))
        self.id_edit.textEdited.connect(lambda t: self._traveller_typed(self.id_edit, t, 6))

    def _build_quote(self) -> None:
        self.quote_box = QGroupBox(self.tr("4 Quote (F6)"))
        self.quote_model: RowsModel[Any] = RowsModel(
            [
                Column(self.tr("Passenger"), lambda r: r[0]),
                Column(self.tr("Passenger type"), lambda r: r[8], Qt.AlignmentFlag.AlignCenter,
                       tooltip=lambda r: r[9]),
                Column(self.tr("Segment"), lambda r: r[1], Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Fare"), lambda r: r[2], Qt.AlignmentFlag.AlignRight),
                Column(self.tr("CAAC fund"), lambda r: r[3], Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Fuel"), lambda r: r[4], Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Insurance"), lambda r: r[5], Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Service fee"), lambda r: r[6], Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Total"), lambda r: r[7], Qt.AlignmentFlag.AlignRight),
            ]
        )
        self.quote_view = self._table(self.quote_model, "quoteView")
        self.total_label = QLabel(self)
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.rules_label = QLabel(self)
        self.rules_label.setObjectName("rulesLabel")
        self.rules_label.setWordWrap(True)
        self.quote_button = QPushButton(self.tr("Quote (F6)"), self)
        self.quote_button.setObjectName("quoteButton")
        self.book_button = QPushButton(self.tr("Book (F7)"), self)
        self.book_button.setObjectName("bookButton")
        self.booking_label = QLabel(self)
        self.booking_label.setObjectName("bookingLabel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.quote_button)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.booking_label, 1)
        layout = QVBoxLayout(self.quote_box)
        layout.addWidget(self.quote_view, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.rules_label)
        layout.addLayout(buttons)
        self.quote_button.clicked.connect(self.request_quote)
        self.book_button.clicked.connect(self.book)

    def _build_payment(self) -> None:
        self.payment_box = QGroupBox(self.tr("5 Payment and ticket (F8)"))
        self.method_combo = QComboBox(self)
        self.method_combo.setObjectName("methodCombo")
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setPlaceholderText(self.amount_hint())
        self.tendered_edit = QLineEdit(self)
        self.tendered_edit.setObjectName("tenderedEdit")
        self.tendered_edit.setPlaceholderText(self.tr("Cash handed over"))
        self.reference_edit = QLineEdit(self)
        self.reference_edit.setObjectName("referenceEdit")
        self.reference_edit.setPlaceholderText(self.tr("Card slip / transfer reference"))
        self.add_payment_button = QPushButton(self.tr("Split: add payment"), self)
        self.add_payment_button.setObjectName("addPaymentButton")
        self.payments_label = QLabel(self)
        self.payments_label.setObjectName("paymentsLabel")
        self.payments_label.setWordWrap(True)
        self.approver_edit = QLineEdit(self)
        self.approver_edit.setObjectName("approverEdit")
        self.approver_edit.setPlaceholderText(self.tr("Supervisor login"))
        self.approver_password = QLineEdit(self)
        self.approver_password.setObjectName("approverPassword")
        self.approver_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.approver_password.setPlaceholderText(self.tr("Supervisor password"))
        self.override_reason = QLineEdit(self)
        self.override_reason.setObjectName("overrideReason")
        self.override_reason.setPlaceholderText(self.tr("Reason for the override"))
        self.override_row = QWidget(self)
        override_layout = QHBoxLayout(self.override_row)
        override_layout.setContentsMargins(0, 0, 0, 0)
        override_layout.addWidget(self._label(self.tr("Supervisor"), self.approver_edit))
        override_layout.addWidget(self.approver_edit)
        override_layout.addWidget(self.approver_password)
        override_layout.addWidget(self.override_reason, 1)
        self.override_row.setVisible(False)
        self.ticket_button = QPushButton(self.tr("Take payment and ticket (F8)"), self)
        self.ticket_button.setObjectName("ticketButton")
        self.tickets_label = QLabel(self)
        self.tickets_label.setObjectName("ticketsLabel")
        self.tickets_label.setWordWrap(True)
        self.tickets_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self._label(self.tr("Method"), self.method_combo), self.method_combo)
        form.addRow(self._label(self.tr("Amount"), self.amount_edit), self.amount_edit)
        form.addRow(self._label(self.tr("Tendered"), self.tendered_edit), self.tendered_edit)
        form.addRow(self._label(self.tr("Reference"), self.reference_edit), self.reference_edit)
        layout = QVBoxLayout(self.payment_box)
        layout.addLayout(form)
        layout.addWidget(self.add_payment_button)
        layout.addWidget(self.payments_label)
        layout.addWidget(self.override_row)
        layout.addWidget(self.ticket_button)
        layout.addWidget(self.tickets_label)
        self.receipts_button = QPushButton(self.tr("Print itinerary receipts (Ctrl+P)"), self)
        self.receipts_button.setObjectName("receiptsButton")
        self.confirmation_button = QPushButton(self.tr("Confirmation (Ctrl+Shift+P)"), self)
        self.confirmation_button.setObjectName("confirmationButton")
        documents = QHBoxLayout()
        documents.addWidget(self.receipts_button)
        documents.addWidget(self.confirmation_button)
        layout.addLayout(documents)
        self.receipts_button.clicked.connect(self.print_receipts)
        self.confirmation_button.clicked.connect(self.print_confirmation)
        self._set_methods(["cash", "bank_card", "phone_card"])
        self.add_payment_button.clicked.connect(self.add_payment)
        self.ticket_button.clicked.connect(self.ticket)
        self.tendered_edit.textEdited.connect(lambda _t: self._show_payments())
        for edit in (self.amount_edit, self.tendered_edit, self.reference_edit):
            edit.installEventFilter(self)

    # -- small helpers ------------------------------------------------------------------

    def amount_hint(self) -> str:
        """The amount field's placeholder while no quote gives it a total."""
        return self.tr("Amount (all that is left)")

    def method_names(self) -> dict[str, str]:
        return {
            "cash": self.tr("Cash"),
            "bank_card": self.tr("Bank card"),
            "phone_card": self.tr("Card by phone (11185)"),
            "on_account": self.tr("On account (monthly)"),
            "official_card": self.tr("Official card"),
            "unit_transfer": self.tr("Unit transfer"),
        }

    def _set_methods(self, codes: list[str]) -> None:
        names = self.method_names()
        current = self.method_combo.currentData()
        self.method_combo.clear()
        for code in codes:
            self.method_combo.addItem(names.get(code, code), code)
        index = self.method_combo.findData(current)
        self.method_combo.setCurrentIndex(max(0, index))

    def show_error(self, text: str, widget: QWidget | None = None) -> None:
        self._error_shown = True
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        if widget is not None:
            widget.setFocus()

    def show_info(self, text: str) -> None:
        self._error_shown = False
        self.message.setStyleSheet("")
        self.message.setText(text)
        self.status.emit(text)

    def refuse(self, error: DomainError) -> None:
        """Show a refusal named as the field is labelled on screen, and go to the field."""
        widget = self.error_widget(error)
        self.show_error(self.message_for(error), widget)

    def message_for(self, error: DomainError) -> str:
        return domain_message(error, self.label_of(self.error_widget(error)))

    def error_widget(self, error: DomainError) -> QWidget | None:
        """Where the clerk puts it right: the field the error names, on this page."""
        if error.field in ("payment", "payments"):
            return self.method_combo if error.code in METHOD_CODES else self.amount_edit
        return {
            "name": self.name_edit,
            "id_number": self.id_edit,
            "birth_date": self.birth_edit,
            "mobile": self.mobile_edit,
            "contact_mobile": self.mobile_edit,  # the contact is the first passenger's
            "ffp_number": self.ffp_edit,
            "insurance_units": self.insurance_spin,
            "passenger_type": self.passengers_view,
            "passengers": self.passengers_view,
            "companions": self.passengers_view,
            "infant": self.passengers_view,
            "gp_order_no": self.gp_order_edit,
            "tendered": self.tendered_edit,
            "reference": self.reference_edit,
            "override": self.approver_edit,
            "customer": self.customer_edit,
            "flight": self.segments_view,
            "segments": self.segments_view,
            "fare_class": self.segments_view,
        }.get(error.field)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self.refuse(error)
            if error.code == "credit_limit_exceeded":
                self.override_row.setVisible(True)
                self.approver_edit.setFocus()
        else:
            self.show_error(self.tr("The step failed: %1").replace("%1", str(error)))
        self._refresh_state()

    def _refresh_state(self) -> None:
        editable = self.held is None and self.issued is None
        for widget in (
            self.kind_combo,
            self.customer_edit,
            self.add_passenger_button,
            self.name_edit,
            self.id_edit,
            self.add_official_button,
        ):
            widget.setEnabled(editable)
        gp = self.kind_combo.currentData() == "gp_unit"
        gp_widgets: tuple[QWidget, ...] = (
            self.gp_order_label, self.gp_order_edit, self.official_combo,
            self.add_official_button,
        )
        for gp_widget in gp_widgets:
            gp_widget.setVisible(gp)
        self.quote_button.setEnabled(editable and bool(self.segments and self.passengers))
        self.book_button.setEnabled(editable and self.quote is not None)
        self.ticket_button.setEnabled(self.held is not None and self.issued is None)
        self.receipts_button.setEnabled(self.issued is not None and not self.receipts_done)
        self.confirmation_button.setEnabled(self.issued is not None or self.held is not None)

    def _invalidate_quote(self) -> None:
        self.quote = None
        self.quote_model.set_rows([])
        self.total_label.setText("")
        self.rules_label.setText("")
        # No total to default to until the next quote: the placeholder says so again.
        self.amount_edit.setPlaceholderText(self.amount_hint())
        self._refresh_state()

    # -- itinerary ----------------------------------------------------------------------

    def add_segment(self, offer: FlightOffer, chosen: ClassOffer) -> None:
        """Add a flight and class from the finder (a return or a connection: add another)."""
        if self.held is not None or self.issued is not None:
            self.new_sale()
        label = (
            f"{offer.flight_no} {offer.origin}→{offer.destination} "
            f"{offer.dep_date.isoformat()} {offer.dep_time.strftime('%H:%M')}"
        )
        self.segments.append(
            ChosenSegment(
                offer.flight_id, chosen.code, chosen.cabin.value, label, chosen.fare, chosen.seats,
                offer.dep_date,
            )
        )
        self.segments.sort(key=lambda s: s.label.split(" ")[2] + s.label.split(" ")[3])
        self.segments_model.set_rows(self.segments)
        self.passengers_model.set_rows(self.passengers)  # types are ages on the first flight
        self._invalidate_quote()
        self.show_info(
            self.tr("Segment added: %1 class %2.").replace("%1", label).replace("%2", chosen.code)
        )

    def remove_selected_segment(self) -> None:
        row = self.segments_view.currentIndex().row()
        if 0 <= row < len(self.segments) and self.held is None:
            del self.segments[row]
            self.segments_model.set_rows(self.segments)
            self.passengers_model.set_rows(self.passengers)
            self._invalidate_quote()

    # -- customer -----------------------------------------------------------------------

    def _kind_changed(self) -> None:
        self.customer = None
        self.customer_edit.clear()
        self.customer_info.setText("")
        self.officials = []
        self.official_combo.clear()
        walk_in = self.kind_combo.currentData() == "walk_in"
        self.customer_edit.setEnabled(not walk_in)
        if walk_in:
            self._set_methods(["cash", "bank_card", "phone_card"])
        else:
            self.customer_edit.setFocus()
            self._find_customers()
        self._invalidate_quote()

    def _find_customers(self) -> None:
        store = self.ctx.store
        kind = str(self.kind_combo.currentData())
        if store is None or kind == "walk_in":
            return
        text = self.customer_edit.text()

        def work() -> list[CustomerRow]:
            from counter_app.services.customers import find_customers

            with store.read() as session:
                return find_customers(session, text, kind, limit=20)

        def done(rows: list[CustomerRow]) -> None:
            self._customer_matches = rows
            self._customer_model.setStringList([f"{r.code}  {r.name}" for r in rows])
            if rows and self.customer_edit.hasFocus():
                self._customer_completer.complete()

        self.ctx.runner.run_db("sale_customers", work, done)

    def _customer_picked(self, row: int) -> None:
        if 0 <= row < len(self._customer_matches):
            self.choose_customer(self._customer_matches[row])

    def choose_customer(self, customer: CustomerRow) -> None:
        """Take this customer: it decides prices, payment options and services."""
        store = self.ctx.store
        if store is None:
            return
        self.customer = customer
        self.customer_edit.setText(f"{customer.code}  {customer.name}")
        self._invalidate_quote()

        def work() -> tuple[list[str], Decimal | None, list[TravellerRow]]:
            from counter_app.services.customers import travellers_of
            from counter_app.services.payments import allowed_methods, credit_left
            from counter_app.storage.models import Customer

            with store.read() as session:
                row = session.get(Customer, customer.id)
                methods = sorted(m.value for m in allowed_methods(row))
                left = credit_left(session, customer.id) if "on_account" in methods else None
                return methods, left, travellers_of(session, customer.id)

        def done(result: tuple[list[str], Decimal | None, list[TravellerRow]]) -> None:
            methods, left, travellers = result
            order = [
                "cash",
                "bank_card",
                "phone_card",
                "on_account",
                "official_card",
                "unit_transfer",
            ]
            self._set_methods([m for m in order if m in methods])
            if customer.kind == "gp_unit" and "official_card" in methods:
                # An official's trip is paid by the official card (公务卡) as a rule.
                self.method_combo.setCurrentIndex(self.method_combo.findData("official_card"))
            info = [customer.name]
            if left is not None:
                info.append(self.tr("credit left %1").replace("%1", format_yuan(left)))
            self.officials = [t for t in travellers if t.gp_level] or travellers
            self.official_combo.clear()
            for t in self.officials:
                level = f" {t.gp_level}" if t.gp_level else ""
                self.official_combo.addItem(f"{t.name}{level} {t.title}".strip(), t.id)
            if customer.kind == "gp_unit":
                info.append(self.tr("%1 officials").replace("%1", str(len(self.officials))))
            self.customer_info.setText(" · ".join(info))
            self._refresh_state()

        self.ctx.runner.run_db("sale_customer", work, done, self._failed)

    def add_official(self) -> None:
        """Add the chosen GP official (or the customer's traveller) as a passenger."""
        index = self.official_combo.currentIndex()
        if not (0 <= index < len(self.officials)):
            return
        store = self.ctx.store
        if store is None:
            return
        traveller_id = self.officials[index].id

        def work() -> PassengerInput:
            from counter_app.services.sales import PassengerInput
            from counter_app.storage.models import Traveller

            with store.read() as session:
                t = session.get(Traveller, traveller_id)
                assert t is not None
                return PassengerInput(
                    name=t.name,
                    id_type=t.id_type,
                    id_number=t.id_number,
                    birth_date=t.birth_date,
                    traveller_id=t.id,
                    mobile=t.mobile,
                    ffp_number=t.ffp_number,
                )

        def done(passenger: PassengerInput) -> None:
            self._append_passenger(passenger)

        self.ctx.runner.run_db("sale_official", work, done, self._failed)

    # -- passengers ---------------------------------------------------------------------

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
            self.id_hint.setText(self.message_for(error))
            return
        sex = self.tr("male") if parsed.sex.value == "M" else self.tr("female")
        self.id_hint.setText(
            self.tr("born %1, %2").replace("%1", parsed.birth_date.isoformat()).replace("%2", sex)
        )

    def _today(self) -> date:
        return self.ctx.clock.now().astimezone(SHANGHAI).date()

    def _hide_traveller_popup(self) -> None:
        popup = self._traveller_completer.popup()
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
        store, edit = self.ctx.store, self._traveller_source
        if store is None or edit is None:
            return
        text = edit.text()

        def work() -> list[KnownTraveller]:
            with store.read() as session:
                return lookup_travellers(session, text)

        def done(rows: list[KnownTraveller]) -> None:
            if edit.text() != text or self.held is not None or self.issued is not None:
                return  # typed on meanwhile: a newer lookup follows
            self._traveller_matches = rows
            self._traveller_model.setStringList([traveller_line(t) for t in rows])
            if not rows:
                self._hide_traveller_popup()
                return
            self._traveller_completer.setWidget(edit)
            if not edit.hasFocus():
                return  # the clerk moved on (or a refusal took the focus): no list, no text
            self._traveller_completer.complete()
            popup = self._traveller_completer.popup()
            # "Found N" only beside a list the clerk can see, and never over a refusal.
            if popup is not None and popup.isVisible() and not self._error_shown:
                self.show_info(
                    self.tr("%1 known traveller(s): pick one to fill the form.").replace(
                        "%1", str(len(rows))
                    )
                )

        self.ctx.runner.run_db("known_travellers", work, done, lambda _error: None)

    @property
    def traveller_matches(self) -> list[KnownTraveller]:
        return list(self._traveller_matches)

    def _traveller_picked(self, row: int) -> None:
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
        self.show_info(self.tr("%1 filled in: Enter adds the passenger.").replace("%1", t.name))

    def add_passenger(self) -> None:
        """Check the form and add the passenger; the form is then ready for the next."""
        from counter_app.domain.ids import IdType, parse_resident_id, validate_document
        from counter_app.domain.names import validate_passenger_name
        from counter_app.domain.phones import normalise_mobile
        from counter_app.services.sales import PassengerInput

        if len(self.passengers) >= MAX_PASSENGERS:
            self.refuse(DomainError("too_many_passengers", field="passengers", max=9))
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
        except DomainError as error:
            self.refuse(error)
            return
        try:
            mobile = normalise_mobile(self.mobile_edit.text())
        except DomainError as error:
            self.refuse(error)
            return
        picked = self.picked_traveller
        same = (
            picked is not None and picked.id_type == id_type and picked.id_number == number
        )
        added = self._append_passenger(
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
        for edit in (
            self.name_edit,
            self.id_edit,
            self.birth_edit,
            self.mobile_edit,
            self.ffp_edit,
        ):
            edit.clear()
        self.id_hint.setText("")
        self.name_edit.setFocus()

    def _append_passenger(self, passenger: PassengerInput) -> bool:
        """Add a checked passenger; refused (False) when the ID number is on the booking
        already, under any name: one document, one person."""
        if len(self.passengers) >= MAX_PASSENGERS:
            return False
        same = next((p for p in self.passengers if p.id_number == passenger.id_number), None)
        if same is not None:
            self.refuse(DomainError("duplicate_passenger", field="id_number", name=same.name))
            return False
        self.passengers.append(passenger)
        self.passengers_model.set_rows(self.passengers)
        self._invalidate_quote()
        self.show_info(self.tr("%1 passenger(s).").replace("%1", str(len(self.passengers))))
        self._check_names_on_file(passenger)
        return True

    def _check_names_on_file(self, passenger: PassengerInput) -> None:
        """Flag a passenger whose ID number earlier bookings or a customer's traveller list
        hold under another name (database worker; the clerk decides, nothing is refused)."""
        store = self.ctx.store
        if store is None:
            return
        key = (passenger.id_type, passenger.id_number)

        def work() -> list[str]:
            from counter_app.services.id_checks import other_names_on_file

            with store.read() as session:
                return other_names_on_file(session, *key, passenger.name)

        def done(others: list[str]) -> None:
            if not others or passenger not in self.passengers:
                return
            self.id_conflicts[key] = others
            self.passengers_model.set_rows(self.passengers)
            self.show_error(self.message_for(DomainError(
                "id_other_name_on_file", field="id_number", number=passenger.id_number,
                other="、".join(others), name=passenger.name)))

        self.ctx.runner.run_db("id_names_on_file", work, done, lambda _error: None)

    # -- passenger types ----------------------------------------------------------------

    def travel_date(self) -> date:
        """The first flight's date (the passenger type is the age on it), else today."""
        dates = [s.dep_date for s in self.segments if s.dep_date is not None]
        return min(dates) if dates else self._today()

    def passenger_type(self, p: PassengerInput) -> PassengerType:
        """成人/儿童/婴儿 by age on the travel date; without a birth date, an adult (a
        child or infant travelling on a passport must have it typed)."""
        from counter_app.domain.ids import passenger_type_on

        if p.passenger_type is not None:
            return p.passenger_type
        if p.birth_date is None or p.birth_date > self.travel_date():
            return PassengerType.ADULT
        return passenger_type_on(p.birth_date, self.travel_date())

    def type_name(self, ptype: PassengerType | str) -> str:
        return {
            PassengerType.ADULT: self.tr("Adult"),
            PassengerType.CHILD: self.tr("Child"),
            PassengerType.INFANT: self.tr("Infant"),
        }.get(PassengerType(ptype), str(ptype))

    def _id_cell(self, p: PassengerInput) -> str:
        text = f"{p.id_type} {p.id_number}"
        return f"{text} ⚠" if (p.id_type, p.id_number) in self.id_conflicts else text

    def _id_tooltip(self, p: PassengerInput) -> str:
        others = self.id_conflicts.get((p.id_type, p.id_number))
        if not others:
            return ""
        return self.tr("On file under the name %1").replace("%1", "、".join(others))

    def remove_selected_passenger(self) -> None:
        row = self.passengers_view.currentIndex().row()
        if 0 <= row < len(self.passengers) and self.held is None:
            gone = self.passengers.pop(row)
            self.id_conflicts.pop((gone.id_type, gone.id_number), None)
            self.passengers_model.set_rows(self.passengers)
            self._invalidate_quote()

    # -- quote, book, pay, ticket -------------------------------------------------------

    def _segment_choices(self) -> list[Any]:
        from counter_app.services.booking import SegmentChoice

        return [SegmentChoice(s.flight_id, s.class_code) for s in self.segments]

    def request_quote(self) -> None:
        store = self.ctx.store
        if store is None or self.held is not None or self.issued is not None:
            return
        if not self.segments:
            self.refuse(DomainError("segments_required", field="segments"))
            return
        if not self.passengers:
            self.refuse(DomainError("passengers_required", field="name"))
            return
        segments, passengers = self._segment_choices(), list(self.passengers)
        customer_id = self.customer.id if self.customer else None
        now = self.ctx.clock.now()

        def work() -> TripQuote:
            from counter_app.services.booking import quote_trip

            with store.read() as session:
                return quote_trip(
                    session,
                    segments=segments,
                    passengers=passengers,
                    customer_id=customer_id,
                    now=now,
                )

        self.ctx.runner.run_db("quote", work, self._show_quote, self._failed)

    def _show_quote(self, quote: TripQuote) -> None:
        self.quote = quote
        names = {p.index: p.name for p in quote.passengers}
        types = {p.index: self.type_name(p.passenger_type) for p in quote.passengers}
        # The adult whose lap an infant sits on, when the clerk points at the infant (the
        # column stays narrow enough for the quote to fit at 1280 pixels).
        laps = {p.index: self.tr("On the lap of %1").replace("%1", names.get(p.infant_of, ""))
                for p in quote.passengers if p.infant_of is not None}
        rows = []
        for line in quote.lines:
            fare = format_yuan(line.fare)
            if line.gp_applied:
                fare += " " + self.tr("(GP)")
            rows.append(
                (
                    names.get(line.passenger, ""),
                    str(line.segment),
                    fare,
                    format_yuan(line.cn_fund),
                    format_yuan(line.fuel),
                    format_yuan(line.insurance),
                    format_yuan(line.service_fee),
                    format_yuan(line.total),
                    types.get(line.passenger, ""),
                    laps.get(line.passenger, ""),
                )
            )
        self.quote_model.set_rows(rows)
        self.total_label.setText(self.tr("Total %1").replace("%1", format_yuan(quote.total)))
        self.rules_label.setText(self.rules_text(quote))
        self.amount_edit.setPlaceholderText(format_yuan(quote.total))
        self._refresh_state()
        self.show_info(self.tr("Quoted. F7 holds the booking."))
        self.book_button.setFocus()

    def rules_text(self, quote: TripQuote) -> str:
        """The change and refund conditions in words the traveller understands."""
        parts = []
        for rules in quote.rules:
            lines = []
            for r in rules.lines:
                if r.to_hours is None:
                    when = self.tr("within %1 h of departure or after").replace(
                        "%1", str(r.from_hours)
                    )
                elif r.from_hours is None:
                    when = self.tr("%1 h or more before departure").replace("%1", str(r.to_hours))
                else:
                    when = (
                        self.tr("%1–%2 h before")
                        .replace("%1", str(r.to_hours))
                        .replace("%2", str(r.from_hours))
                    )
                lines.append(
                    self.tr("%1: refund fee %2, change fee %3")
                    .replace("%1", when)
                    .replace("%2", format_yuan(r.refund_fee))
                    .replace("%3", format_yuan(r.change_fee))
                )
            text = self.tr("Segment %1: ").replace("%1", str(rules.seq)) + "; ".join(lines)
            if rules.gp_easy_change or rules.gp_easy_refund:
                text += " " + self.tr(
                    "(GP easy change/refund applies %1 h or more before departure)"
                ).replace("%1", str(rules.gp_min_hours))
            parts.append(text)
        return "\n".join(parts)

    def book(self) -> None:
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None or self.quote is None or self.held is not None:
            return
        segments, passengers = self._segment_choices(), list(self.passengers)
        customer_id = self.customer.id if self.customer else None
        gp_order = self.gp_order_edit.text().strip()
        contact = next((p.mobile for p in passengers if p.mobile), "")
        now = self.ctx.clock.now()

        def work() -> HeldBooking:
            from counter_app.services.booking import book

            with store.unit_of_work() as session:
                return book(
                    session,
                    segments=segments,
                    passengers=passengers,
                    customer_id=customer_id,
                    clerk=clerk,
                    now=now,
                    gp_order_no=gp_order,
                    contact_mobile=contact,
                )

        def failed(error: BaseException) -> None:
            if (
                isinstance(error, DomainError)
                and (error.code in LEASE_CODES or error.params.get("reason") in LEASE_CODES)
                and not retried
                and self._lease_then_book(error)
            ):
                return
            self._failed(error)

        retried = self._lease_retry
        self._lease_retry = False
        self.ctx.runner.run_db("book", work, self._booked, failed)

    def _lease_then_book(self, error: DomainError) -> bool:
        """Online, a flight outside this counter's allotment is no refusal: ask head office
        for the seats (a lease), then book again. Offline, the refusal stands and says so."""
        sync = self.ctx.sync
        if sync is None or sync.engine is None or not sync.online or self.quote is None:
            return False
        engine = sync.engine
        wanted = [(s.flight_id, s.cabin) for s in self.segments]
        seats = self.quote.seats

        def work() -> None:
            for flight_id, cabin in wanted:
                engine.request_lease(flight_id, cabin, seats)

        def leased(_result: object) -> None:
            self._lease_retry = True
            self.book()

        self.show_info(self.tr("Asking head office for the seats…"))
        self.ctx.runner.run_io("sale_lease", work, leased, self._lease_failed)
        return True

    def _lease_failed(self, error: BaseException) -> None:
        from counter_app.gui.messages import sync_error_message

        self.show_error(sync_error_message(error), self.segments_view)

    def _booked(self, held: HeldBooking) -> None:
        self.held = held
        self._show_quote(held.quote)
        deadline = held.ticketing_deadline.astimezone(SHANGHAI).strftime("%H:%M")
        self.booking_label.setText(
            self.tr("PNR %1 · ticket by %2").replace("%1", held.pnr).replace("%2", deadline)
        )
        self._refresh_state()
        self.show_info(self.tr("Booked: PNR %1. Take the payment (F8).").replace("%1", held.pnr))
        self.changed.emit()
        self.amount_edit.setFocus()

    def _payment_from_form(self, remaining: Decimal) -> PaymentInput | None:
        """The payment in the form, checked as the service will check it; a refusal names
        the field and keeps what was typed."""
        from counter_app.services.payments import check_reference
        from counter_app.services.sales import PaymentInput

        text = self.amount_edit.text().strip()
        amount = remaining if not text else _money(text)
        if amount is None or amount <= 0:
            self.refuse(DomainError("amount_format", field="payment"))
            return None
        method = str(self.method_combo.currentData())
        tendered = None
        if method == "cash" and self.tendered_edit.text().strip():
            tendered = _money(self.tendered_edit.text())
            if tendered is None:
                self.refuse(DomainError("amount_format", field="tendered"))
                return None
        payment = PaymentInput(
            method=method,
            amount=amount,
            reference=self.reference_edit.text().strip(),
            tendered=tendered,
        )
        try:
            check_reference(payment)
        except DomainError as error:
            self.refuse(error)
            return None
        return payment

    def _remaining(self) -> Decimal:
        total = self.quote.total if self.quote else Decimal(0)
        return total - sum((p.amount for p in self.payments), Decimal(0))

    def add_payment(self) -> None:
        """Split payment: keep this one and take the rest by another method."""
        if self.held is None:
            return
        payment = self._payment_from_form(self._remaining())
        if payment is None:
            return
        self.payments.append(payment)
        for edit in (self.amount_edit, self.tendered_edit, self.reference_edit):
            edit.clear()
        self._show_payments()

    def _show_payments(self) -> None:
        names = self.method_names()
        parts = [f"{names.get(p.method, p.method)} {format_yuan(p.amount)}" for p in self.payments]
        remaining = self._remaining()
        text = " + ".join(parts)
        if self.issued is not None:
            self.payments_label.setText(self.paid_text(self.issued))
            return
        if self.quote is not None:
            text += ("  " if text else "") + self.tr("left to pay %1").replace(
                "%1", format_yuan(remaining)
            )
        tendered = _money(self.tendered_edit.text()) if self.tendered_edit.text() else None
        if tendered is not None and self.method_combo.currentData() == "cash":
            due = tendered - (_money(self.amount_edit.text()) or remaining)
            if due >= 0:
                text += "  " + self.tr("change due %1").replace("%1", format_yuan(due))
        self.payments_label.setText(text)

    def paid_text(self, issued: IssuedBooking) -> str:
        """What was taken for tickets issued: ``已收 现金 ¥260.00 · 已付清``."""
        names = self.method_names()
        paid = " + ".join(f"{names.get(m, m)} {format_yuan(a)}" for m, a in issued.paid)
        if not paid:
            return self.tr("Nothing to pay")
        return self.tr("Received %1 · paid in full").replace("%1", paid)

    def ticket(self) -> None:
        """Take the payment(s) and issue the tickets from the counter's number range."""
        store, clerk = self.ctx.store, self.ctx.clerk
        if store is None or clerk is None or self.held is None or self.issued is not None:
            return
        payments = list(self.payments)
        remaining = self._remaining()
        if remaining > 0:
            last = self._payment_from_form(remaining)
            if last is None:
                return
            payments.append(last)
        override = None
        if not self.override_row.isHidden() and self.approver_edit.text().strip():
            from counter_app.services.payments import Override

            override = Override(
                self.approver_edit.text().strip(),
                self.approver_password.text(),
                self.override_reason.text().strip(),
            )
        booking_id = self.held.booking_id
        now = self.ctx.clock.now()

        def work() -> IssuedBooking:
            from counter_app.services.booking import ticket_booking

            with store.unit_of_work() as session:
                return ticket_booking(
                    session, booking_id, payments, clerk=clerk, now=now, override=override
                )

        self.ctx.runner.run_db("ticket", work, self._ticketed, self._failed)

    def _ticketed(self, issued: IssuedBooking) -> None:
        self.issued = issued
        self.override_row.setVisible(False)
        self.approver_password.clear()
        lines = [
            f"{t.ticket_number}  {t.passenger_name}  {format_yuan(t.total)}" for t in issued.tickets
        ]
        if issued.change_due > 0:
            lines.append(self.tr("Change due: %1").replace("%1", format_yuan(issued.change_due)))
        self.tickets_label.setText("\n".join(lines))
        self.payments_label.setText(self.paid_text(issued))
        self.amount_edit.clear()
        self.tendered_edit.clear()
        self.reference_edit.clear()
        self._refresh_state()
        self.show_info(
            self.tr("Ticketed: %1 ticket(s), PNR %2. Ctrl+N for the next sale.")
            .replace("%1", str(len(issued.tickets)))
            .replace("%2", issued.pnr)
        )
        self.changed.emit()

    # -- documents ----------------------------------------------------------------------

    def print_receipts(self) -> None:
        """The itinerary receipt of every ticket just issued, one serial each, in order."""
        desk, issued = self.ctx.desk, self.issued
        if desk is None or issued is None or self.receipts_done:
            return
        self.receipts_done = True
        self._refresh_state()
        # After a refusal (stock ran out half-way) only the tickets still without a receipt.
        waiting = [t for t in issued.tickets if t.ticket_number not in self.receipt_serials]
        for t in waiting:
            desk.print_receipt(t.ticket_number, self._receipt_failed)
        self.show_info(
            self.tr("Printing %1 itinerary receipt(s)…").replace("%1", str(len(waiting))))

    def _receipt_failed(self, error: BaseException) -> None:
        self.receipts_done = False
        self._refresh_state()
        self._failed(error)

    def _receipt_printed(self, ticket_number: str, serial: str) -> None:
        if self.issued is not None and any(
                t.ticket_number == ticket_number for t in self.issued.tickets):
            self.receipt_serials[ticket_number] = serial
            self.show_info(self.tr("Receipt serial %1 for ticket %2. Ctrl+N for the next sale.")
                           .replace("%1", serial).replace("%2", ticket_number))

    def print_confirmation(self) -> None:
        desk = self.ctx.desk
        booking_id = (self.issued.booking_id if self.issued is not None
                      else self.held.booking_id if self.held is not None else None)
        if desk is None or booking_id is None:
            return
        desk.confirmation(booking_id, self._failed)

    def new_sale(self) -> None:
        """Clear everything for the next traveller (a held booking stays held)."""
        self.receipts_done = False
        self.receipt_serials = {}
        self.segments, self.passengers, self.payments = [], [], []
        self.id_conflicts = {}
        self.held = self.issued = None
        self.segments_model.set_rows([])
        self.passengers_model.set_rows([])
        for edit in (
            self.name_edit,
            self.id_edit,
            self.birth_edit,
            self.mobile_edit,
            self.ffp_edit,
            self.amount_edit,
            self.tendered_edit,
            self.reference_edit,
            self.gp_order_edit,
            self.approver_edit,
            self.approver_password,
            self.override_reason,
        ):
            edit.clear()
        kind = self.default_kind()
        if self.kind_combo.currentData() == kind:
            self._kind_changed()  # the same kind: still a new customer to choose
        else:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        self.booking_label.setText("")
        self.tickets_label.setText("")
        self.payments_label.setText("")
        self.override_row.setVisible(False)
        self._invalidate_quote()
        self.show_info("")
        # A walk-in starts with the name; a GP unit's sale with the unit (then the official).
        (self.name_edit if kind == "walk_in" else self.customer_edit).setFocus()

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
                if watched in (self.amount_edit, self.tendered_edit, self.reference_edit):
                    self.ticket()
                    return True
            if key == Qt.Key.Key_Delete:
                if watched is self.segments_view:
                    self.remove_selected_segment()
                    return True
                if watched is self.passengers_view:
                    self.remove_selected_passenger()
                    return True
        return super().eventFilter(watched, event)
