"""The after-sale page (售后): find a booking by locator, ticket number, ID number, name or
phone; see its tickets and coupons; void (作废), refund (退票), change (改签) and correct a
name (姓名更正) on the selected ticket; list the bookings on hold and cancel them.

Keyboard: type in the search line (Enter searches at once; typing filters after a pause),
F8 void, F6 refund, F7 change, F11 name correction; Enter confirms in an open panel, Esc
closes it (or goes back to the search line). Every step is done inline (no modal dialog):
the supervisor's login for a name correction is typed in the panel itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeRule
from counter_app.domain.money import ZERO, format_yuan
from counter_app.gui.context import AppContext
from counter_app.gui.messages import ERROR_STYLE, OK_STYLE, domain_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.pages.flight_finder import availability_line, fare_text
from counter_app.gui.tasks import Task
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.after_sale import (
    ChangeQuote,
    ChangeResult,
    NameCorrected,
    RefundLine,
    RefundQuote,
    RefundResult,
    VoidResult,
    change,
    correct_name,
    quote_change,
    quote_refund,
    refund,
    void_tickets,
)
from counter_app.services.booking import (
    BookingDetail,
    BookingSummary,
    CancelledBooking,
    CouponView,
    HeldBookingRow,
    TicketView,
    booking_detail,
    cancel_booking,
    held_bookings,
)
from counter_app.services.flights import ClassOffer, FlightOffer, search_flights
from counter_app.services.lookup import PAGE_SIZE, search_bookings
from counter_app.services.payments import Override
from counter_app.services.requests import ACTIONS, NOTE_MAX, queue_request
from counter_app.services.payments import PaymentInput

# Pages of the action panel under the tickets.
PANEL_NONE, PANEL_VOID, PANEL_REFUND, PANEL_CHANGE, PANEL_NAME = range(5)
# The least height the action panel keeps (the change panel's form and a few flights).
PANEL_MIN_HEIGHT = 260
# Tickets in force first, then the ones exchanged, refunded and voided.
TICKET_ORDER = {"issued": 0, "exchanged": 1, "refunded": 2, "void": 3}


@dataclass(frozen=True, slots=True)
class BookingRow:
    """One search result: the booking and its money (net paid; the quote while on hold)."""

    summary: BookingSummary
    total: Decimal | None


def booking_rows(
    session: Session, text: str, offset: int, now: datetime, limit: int = PAGE_SIZE
) -> tuple[list[BookingRow], bool]:
    """One page of the search's list rows (the quote of a held booking, else the net paid)
    and whether more follow; a booking's detail is read only when it is selected."""
    page = search_bookings(session, text, offset, limit)
    held: dict[str, Decimal] = {}
    if any(b.status == "held" for b in page.bookings):
        held = {h.booking_id: h.total for h in held_bookings(session, now)}
    return [
        BookingRow(b, held.get(b.booking_id) if b.status == "held" else b.paid)
        for b in page.bookings
    ], page.more


def _local(at: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    if at is None:
        return ""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).strftime(fmt)


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else format_yuan(amount)


def coupon_line(c: CouponView) -> str:
    """``1 CA1144 HET-PEK 11-26 Y [O]``: one coupon with its status letter."""
    return (
        f"{c.seq} {c.flight_no} {c.origin}-{c.destination} {c.dep_date:%m-%d} "
        f"{c.class_code} [{c.status}]"
    )


def ordered_tickets(tickets: Sequence[TicketView]) -> list[TicketView]:
    """A booking's tickets as the page lists them: those in force first, then exchanged,
    refunded, void; in issue order within each."""
    return sorted(tickets, key=lambda t: (TICKET_ORDER.get(t.status, 4), t.issued_at,
                                          t.ticket_number))


class AfterSalePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Flights head office was asked for a seat on during a change (asked once each).
        self._leased_for_change: set[str] = set()
        self.ctx = ctx
        self.setObjectName("afterSalePage")
        self._search_task: Task | None = None
        self._detail_task: Task | None = None
        self._quote_task: Task | None = None
        self._flights_task: Task | None = None
        self._detail: BookingDetail | None = None
        self._selected_booking: str | None = None
        self._action_ticket: TicketView | None = None
        self._refund_quote: RefundQuote | None = None
        self._change_quote: ChangeQuote | None = None
        self._busy = False
        self._flights_for: tuple[int, date] | None = None
        self.last_error: DomainError | None = None
        self.last_request_id: str | None = None

        self.booking_status = {
            "held": self.tr("On hold"),
            "ticketed": self.tr("Ticketed"),
            "void": self.tr("Void"),
            "refunded": self.tr("Refunded"),
            "cancelled": self.tr("Cancelled"),
        }
        self.ticket_status = {
            "issued": self.tr("Issued"),
            "void": self.tr("Void"),
            "refunded": self.tr("Refunded"),
            "exchanged": self.tr("Exchanged"),
        }
        self.passenger_types = {
            "ADT": self.tr("Adult"),
            "CHD": self.tr("Child"),
            "INF": self.tr("Infant"),
        }
        self.methods = {
            "cash": self.tr("Cash"),
            "bank_card": self.tr("Bank card"),
            "phone_card": self.tr("Card by phone"),
            "on_account": self.tr("On account"),
            "official_card": self.tr("Official card"),
            "unit_transfer": self.tr("Unit transfer"),
        }
        self.coupon_letters = self.tr(
            "O open · C checked in · L boarded · F flown · R refunded · E exchanged · "
            "V void · S suspended"
        )

        # --- search -------------------------------------------------------------------
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("bookingSearch")
        self.search_edit.setPlaceholderText(
            self.tr("Locator, ticket number, ID number, name or phone")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_button = QPushButton(self.tr("Find"), self)
        self.search_button.setObjectName("bookingSearchButton")
        self.count_label = QLabel(self)
        # A search shows the newest bookings a page at a time; older ones on demand.
        self.more_button = QPushButton(self.tr("More bookings"), self)
        self.more_button.setObjectName("moreBookingsButton")
        self.more_button.hide()
        self._more_text = ""  # the search the next page belongs to
        self.page_size = PAGE_SIZE
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Booking"), self))
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.count_label)
        top.addWidget(self.more_button)

        self.message = QLabel(self)
        self.message.setObjectName("afterSaleMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Only head office can act on a ticket sold elsewhere or a flight outside the
        # allotment: said in a box of its own so it is not taken for a typing error.
        self.head_office_box = QFrame(self)
        self.head_office_box.setObjectName("headOfficeBox")
        self.head_office_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.head_office_box.setStyleSheet(
            "#headOfficeBox { background: #fff4e5; border: 1px solid #f0a040; }"
        )
        self.head_office_label = QLabel(self.head_office_box)
        self.head_office_label.setObjectName("headOfficeLabel")
        self.head_office_label.setWordWrap(True)
        # The clerk may queue a request; the next sync carries it to head office.
        self.head_office_note = QLineEdit(self.head_office_box)
        self.head_office_note.setObjectName("headOfficeNote")
        self.head_office_note.setPlaceholderText(
            self.tr("Note for head office (what the passenger wants)")
        )
        self.head_office_note.setMaxLength(NOTE_MAX)
        self.queue_request_button = QPushButton(
            self.tr("Queue a request for head office"), self.head_office_box
        )
        self.queue_request_button.setObjectName("queueRequestButton")
        request_row = QHBoxLayout()
        request_row.addWidget(self.head_office_note, 1)
        request_row.addWidget(self.queue_request_button)
        box_layout = QVBoxLayout(self.head_office_box)
        box_layout.addWidget(self.head_office_label)
        box_layout.addLayout(request_row)
        self.head_office_box.hide()
        self._head_office_subject: dict[str, str | None] | None = None
        self.queue_request_button.clicked.connect(self.queue_head_office_request)
        self.head_office_note.returnPressed.connect(self.queue_head_office_request)

        # --- bookings found -----------------------------------------------------------
        # The short columns first and the money before the long lists, which come last,
        # cut to the width left with the whole text as tooltip: nothing pushes the total
        # off the screen.
        self.bookings_model: RowsModel[BookingRow] = RowsModel(
            [
                Column(self.tr("Locator"), lambda r: r.summary.pnr),
                Column(
                    self.tr("Status"),
                    lambda r: self.booking_status.get(r.summary.status, r.summary.status),
                    muted=lambda r: r.summary.status in ("void", "cancelled", "refunded"),
                ),
                Column(self.tr("Total"), lambda r: _money(r.total), Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Booked"), lambda r: _local(r.summary.created_at)),
                Column(self.tr("Passengers"), lambda r: "、".join(r.summary.passengers),
                       tooltip=lambda r: "、".join(r.summary.passengers)),
                Column(self.tr("Flights"), lambda r: "; ".join(r.summary.flights),
                       tooltip=lambda r: "\n".join(r.summary.flights)),
                Column(self.tr("Tickets"), lambda r: ", ".join(r.summary.ticket_numbers),
                       tooltip=lambda r: "\n".join(r.summary.ticket_numbers)),
            ]
        )
        self.bookings_view = self._table(self.bookings_model, "bookingsView")
        header = self.bookings_view.horizontalHeader()
        for column, width in ((4, 150), (5, 330)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.bookings_view.setWordWrap(False)

        # --- tickets of the selected booking ------------------------------------------
        self.tickets_model: RowsModel[TicketView] = RowsModel(
            [
                Column(self.tr("Ticket number"), lambda t: t.ticket_number),
                Column(self.tr("Passenger"), lambda t: t.passenger_name),
                Column(self.tr("Type"), lambda t: self.passenger_types.get(t.passenger_type, "")),
                Column(
                    self.tr("Status"),
                    lambda t: self.ticket_status.get(t.status, t.status),
                    muted=lambda t: t.status != "issued",
                ),
                Column(
                    self.tr("Total"), lambda t: format_yuan(t.total), Qt.AlignmentFlag.AlignRight
                ),
                Column(self.tr("Exchanged from"), lambda t: t.exchanged_from or ""),
                Column(
                    self.tr("Coupons"),
                    lambda t: "  ".join(coupon_line(c) for c in t.coupons),
                    tooltip=lambda t: self.coupon_letters,
                ),
            ]
        )
        self.tickets_view = self._table(self.tickets_model, "ticketsView")
        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("detailTitle")

        self.void_button = QPushButton(self.tr("Void (F8)"), self)
        self.void_button.setObjectName("voidButton")
        self.refund_button = QPushButton(self.tr("Refund (F6)"), self)
        self.refund_button.setObjectName("refundButton")
        self.change_button = QPushButton(self.tr("Change (F7)"), self)
        self.change_button.setObjectName("changeButton")
        self.name_button = QPushButton(self.tr("Correct name (F11)"), self)
        self.name_button.setObjectName("nameButton")
        actions = QHBoxLayout()
        actions.addWidget(self.detail_title, 1)
        for button in (self.void_button, self.refund_button, self.change_button, self.name_button):
            actions.addWidget(button)
        self.receipt_button = QPushButton(self.tr("Receipt (Ctrl+P)"), self)
        self.receipt_button.setObjectName("receiptButton")
        self.replace_receipt_button = QPushButton(self.tr("Replace receipt…"), self)
        self.replace_receipt_button.setObjectName("replaceReceiptButton")
        self.boarding_button = QPushButton(self.tr("Boarding pass…"), self)
        self.boarding_button.setObjectName("boardingButton")
        self.invoice_button = QPushButton(self.tr("E-invoice…"), self)
        self.invoice_button.setObjectName("invoiceButton")
        self.confirmation_button = QPushButton(self.tr("Confirmation"), self)
        self.confirmation_button.setObjectName("afterSaleConfirmationButton")
        self.refund_slip_button = QPushButton(self.tr("Refund slip"), self)
        self.refund_slip_button.setObjectName("refundSlipButton")
        self.refund_slip_button.setToolTip(
            self.tr("The refund slip (退票单) of the selected ticket's refund")
        )
        documents = QHBoxLayout()
        documents.addStretch(1)
        for button in (self.receipt_button, self.replace_receipt_button, self.boarding_button,
                       self.invoice_button, self.confirmation_button, self.refund_slip_button):
            documents.addWidget(button)
        self.receipt_button.clicked.connect(lambda: self.print_receipt())
        self.replace_receipt_button.clicked.connect(self.ask_replace_receipt)
        self.boarding_button.clicked.connect(self.ask_boarding_pass)
        self.invoice_button.clicked.connect(self.open_invoice)
        self.confirmation_button.clicked.connect(self.print_confirmation)
        self.refund_slip_button.clicked.connect(lambda: self.print_refund_slip())

        self.panels = QStackedWidget(self)
        self.panels.setObjectName("actionPanels")
        hint = QLabel(
            self.tr(
                "Select a ticket, then: F8 void · F6 refund · F7 change · F11 name correction. "
                "Coupon status letters: %1."
            ).replace("%1", self.coupon_letters),
            self,
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        hint.setStyleSheet("color: #666;")
        self.panels.addWidget(hint)
        self.panels.addWidget(self._build_void_panel())
        self.panels.addWidget(self._build_refund_panel())
        self.panels.addWidget(self._build_change_panel())
        self.panels.addWidget(self._build_name_panel())

        tickets_tab = QWidget(self)
        tickets_layout = QVBoxLayout(tickets_tab)
        tickets_layout.addLayout(actions)
        tickets_layout.addLayout(documents)
        # The tickets take the height their rows need (every ticket of a booking shows at
        # 1280×800 and up); the action panel below takes the rest.
        self.tickets_split = QSplitter(Qt.Orientation.Vertical, tickets_tab)
        self.tickets_split.setObjectName("ticketsSplit")
        self.tickets_split.setChildrenCollapsible(False)
        self.tickets_split.addWidget(self.tickets_view)
        self.tickets_split.addWidget(self.panels)
        self.tickets_split.setStretchFactor(0, 0)
        self.tickets_split.setStretchFactor(1, 1)
        tickets_layout.addWidget(self.tickets_split, 1)

        # --- held bookings --------------------------------------------------------------
        self.held_model: RowsModel[HeldBookingRow] = RowsModel(
            [
                Column(self.tr("Locator"), lambda h: h.pnr),
                Column(self.tr("Passengers"), lambda h: "、".join(h.passengers)),
                Column(self.tr("Flights"), lambda h: " ".join(h.flights)),
                Column(self.tr("Departs"), lambda h: h.first_departure.strftime("%m-%d %H:%M")),
                Column(self.tr("Ticket by"), lambda h: _local(h.ticketing_deadline)),
                Column(
                    self.tr("Time left"),
                    self._time_left,
                    Qt.AlignmentFlag.AlignRight,
                    muted=lambda h: h.expired,
                ),
                Column(
                    self.tr("Total"), lambda h: format_yuan(h.total), Qt.AlignmentFlag.AlignRight
                ),
            ]
        )
        self.held_view = self._table(self.held_model, "heldView")
        self.cancel_button = QPushButton(self.tr("Cancel booking, release seats"), self)
        self.cancel_button.setObjectName("cancelHeldButton")
        self.cancel_confirm = QPushButton(self.tr("Confirm cancel"), self)
        self.cancel_confirm.setObjectName("confirmCancelButton")
        self.cancel_confirm.setStyleSheet("color: #b00020;")
        self.cancel_label = QLabel(self)
        self.cancel_label.setObjectName("cancelLabel")
        self.cancel_confirm.hide()
        held_row = QHBoxLayout()
        held_row.addWidget(self.cancel_label, 1)
        held_row.addWidget(self.cancel_confirm)
        held_row.addWidget(self.cancel_button)
        held_tab = QWidget(self)
        held_layout = QVBoxLayout(held_tab)
        held_layout.addWidget(self.held_view, 1)
        held_layout.addLayout(held_row)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("afterSaleTabs")
        self.tabs.addTab(tickets_tab, self.tr("Tickets"))
        self.tabs.addTab(held_tab, self.tr("Held bookings"))

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("afterSaleSplit")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.bookings_view)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        self.main_split = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.head_office_box)
        layout.addWidget(splitter, 1)
        self.setFocusProxy(self.search_edit)

        # --- behaviour ------------------------------------------------------------------
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(lambda: self.search())
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(lambda: self.search())
        self.more_button.clicked.connect(lambda: self.more_bookings())
        self.search_button.clicked.connect(lambda: self.search())
        self.bookings_view.selectionModel().currentRowChanged.connect(self._booking_chosen)
        self.bookings_view.activated.connect(lambda _i: self.tickets_view.setFocus())
        self.tickets_view.selectionModel().currentRowChanged.connect(self._ticket_chosen)
        self.void_button.clicked.connect(self.open_void)
        self.refund_button.clicked.connect(self.open_refund)
        self.change_button.clicked.connect(self.open_change)
        self.name_button.clicked.connect(self.open_name)
        self.cancel_button.clicked.connect(self.ask_cancel_held)
        self.cancel_confirm.clicked.connect(self.cancel_held)
        self.held_view.selectionModel().currentRowChanged.connect(self._reset_cancel)
        self.tabs.currentChanged.connect(lambda i: self.refresh_held() if i == 1 else None)
        QShortcut(QKeySequence("F8"), self, self.open_void)
        QShortcut(QKeySequence("F6"), self, self.open_refund)
        QShortcut(QKeySequence("F7"), self, self.open_change)
        QShortcut(QKeySequence("F11"), self, self.open_name)
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self.print_receipt())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back)
        # Minutes left on the held bookings move on while the page is shown.
        self._held_timer = QTimer(self)
        self._held_timer.setInterval(60_000)
        self._held_timer.timeout.connect(self.refresh_held)
        self.setTabOrder(self.search_edit, self.bookings_view)
        self.setTabOrder(self.bookings_view, self.tickets_view)
        self._update_actions()

    # -- building -----------------------------------------------------------------------

    def _table(self, model: RowsModel[Any], name: str) -> QTableView:
        view = QTableView(self)
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    @staticmethod
    def _rows_height(view: QTableView, rows: int) -> int:
        """The height ``view`` needs to show ``rows`` rows without a vertical scroll bar."""
        view.resizeRowsToContents()
        row = view.verticalHeader().defaultSectionSize()
        shown = sum(view.rowHeight(i) for i in range(min(rows, view.model().rowCount())))
        shown += row * max(0, rows - view.model().rowCount())
        extra = view.horizontalHeader().height() + 2 * view.frameWidth()
        if view.horizontalScrollBar().isVisible():
            extra += view.horizontalScrollBar().height()
        return shown + extra + 2

    def _fit_tickets(self) -> None:
        """Give the tickets all the rows they have (at least two, at most what leaves the
        action panel room for its form), the panel the rest."""
        total = self.tickets_split.height()
        if total <= 0:
            return
        wanted = self._rows_height(self.tickets_view, max(2, self.tickets_model.rowCount()))
        tickets = min(wanted, max(total - PANEL_MIN_HEIGHT, total // 3))
        self.tickets_split.setSizes([tickets, total - tickets])

    def _fit_bookings(self) -> None:
        """The booking list as tall as its rows (three to six shown), the tabs the rest."""
        total = self.main_split.height()
        if total <= 0:
            return
        rows = min(6, max(3, self.bookings_model.rowCount()))
        height = min(self._rows_height(self.bookings_view, rows), total // 3)
        self.main_split.setSizes([height, total - height])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_bookings()
        self._fit_tickets()

    def _panel(self, title: str) -> tuple[QWidget, QVBoxLayout, QLabel]:
        panel = QFrame(self)
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(panel)
        heading = QLabel(title, panel)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        info = QLabel(panel)
        info.setWordWrap(True)
        layout.addWidget(info)
        return panel, layout, info

    def _buttons(self, layout: QVBoxLayout, confirm: QPushButton, parent: QWidget) -> QPushButton:
        back = QPushButton(self.tr("Back (Esc)"), parent)
        back.clicked.connect(self.back)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(back)
        row.addWidget(confirm)
        layout.addLayout(row)
        return back

    def _build_void_panel(self) -> QWidget:
        panel, layout, self.void_info = self._panel(self.tr("Void the ticket (作废)"))
        self.void_reason = QLineEdit(panel)
        self.void_reason.setObjectName("voidReason")
        self.void_reason.setPlaceholderText(self.tr("Why the ticket is voided (kept in the audit)"))
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.void_reason)
        layout.addLayout(form)
        layout.addStretch(1)
        self.void_confirm = QPushButton(self.tr("Confirm void"), panel)
        self.void_confirm.setObjectName("confirmVoidButton")
        self._buttons(layout, self.void_confirm, panel)
        self.void_reason.returnPressed.connect(self.confirm_void)
        self.void_confirm.clicked.connect(self.confirm_void)
        return panel

    def _build_refund_panel(self) -> QWidget:
        panel, layout, self.refund_info = self._panel(self.tr("Refund (退票)"))
        self.refund_reason = QComboBox(panel)
        self.refund_reason.setObjectName("refundReason")
        self.refund_reason.addItem(self.tr("Voluntary (the passenger's choice)"), "voluntary")
        self.refund_reason.addItem(
            self.tr("Involuntary (flight cancelled or changed by the airline)"), "involuntary"
        )
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.refund_reason)
        layout.addLayout(form)
        self.refund_model: RowsModel[RefundLine] = RowsModel(
            [
                Column(self.tr("Coupon"), lambda x: str(x.seq), Qt.AlignmentFlag.AlignCenter),
                Column(
                    self.tr("Flight"),
                    lambda x: f"{x.flight_no} {x.origin}-{x.destination} {x.class_code}",
                ),
                Column(self.tr("Departs"), lambda x: x.departure.strftime("%m-%d %H:%M")),
                Column(
                    self.tr("Fare"), lambda x: format_yuan(x.face_fare), Qt.AlignmentFlag.AlignRight
                ),
                Column(self.tr("Fee"), self._fee_text, Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Fare back"),
                    lambda x: format_yuan(x.fare_back),
                    Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Taxes back"),
                    lambda x: format_yuan(x.cn_fund_back + x.fuel_back),
                    Qt.AlignmentFlag.AlignRight,
                    tooltip=lambda x: (
                        self.tr("CN fund %1 + fuel surcharge %2")
                        .replace("%1", format_yuan(x.cn_fund_back))
                        .replace("%2", format_yuan(x.fuel_back))
                    ),
                ),
                Column(
                    self.tr("Insurance back"),
                    lambda x: format_yuan(x.insurance_back),
                    Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Service fee kept"),
                    lambda x: format_yuan(x.service_fee_kept),
                    Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Refundable"),
                    lambda x: format_yuan(x.amount),
                    Qt.AlignmentFlag.AlignRight,
                ),
            ]
        )
        self.refund_view = self._table(self.refund_model, "refundQuoteView")
        layout.addWidget(self.refund_view, 1)
        self.refund_summary = QLabel(panel)
        self.refund_summary.setObjectName("refundSummary")
        self.refund_summary.setWordWrap(True)
        self.refund_summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.refund_summary)
        self.refund_confirm = QPushButton(self.tr("Confirm refund"), panel)
        self.refund_confirm.setObjectName("confirmRefundButton")
        self._buttons(layout, self.refund_confirm, panel)
        self.refund_reason.currentIndexChanged.connect(lambda _i: self._quote_refund())
        self.refund_confirm.clicked.connect(self.confirm_refund)
        return panel

    def _build_change_panel(self) -> QWidget:
        panel, layout, self.change_info = self._panel(self.tr("Change flight or class (改签)"))
        self.change_coupon = QComboBox(panel)
        self.change_coupon.setObjectName("changeCoupon")
        self.change_date = QDateEdit(panel)
        self.change_date.setObjectName("changeDate")
        self.change_date.setCalendarPopup(True)
        self.change_date.setDisplayFormat("yyyy-MM-dd ddd")
        self.change_reason = QComboBox(panel)
        self.change_reason.setObjectName("changeReason")
        self.change_reason.addItem(self.tr("Voluntary"), "voluntary")
        self.change_reason.addItem(self.tr("Involuntary (caused by the airline)"), "involuntary")
        self.change_find = QPushButton(self.tr("Find flights"), panel)
        self.change_find.setObjectName("changeFindButton")
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Coupon"), panel))
        row.addWidget(self.change_coupon, 2)
        row.addWidget(QLabel(self.tr("New date"), panel))
        row.addWidget(self.change_date, 1)
        row.addWidget(QLabel(self.tr("Reason"), panel))
        row.addWidget(self.change_reason, 1)
        row.addWidget(self.change_find)
        layout.addLayout(row)
        self.change_flights_model: RowsModel[FlightOffer] = RowsModel(
            [
                Column(self.tr("Flight"), lambda o: o.flight_no, muted=lambda o: o.departed),
                Column(self.tr("Departs"), lambda o: f"{o.dep_date:%m-%d} {o.dep_time:%H:%M}"),
                Column(self.tr("Arrives"), lambda o: f"{o.arr_time:%H:%M}"),
                Column(
                    self.tr("Offline seats"),
                    lambda o: (
                        " ".join(f"{k} {n}" for k, n in sorted(o.offline_seats.items())) or "—"
                    ),
                ),
                Column(self.tr("Availability"), availability_line),
            ]
        )
        self.change_flights_view = self._table(self.change_flights_model, "changeFlightsView")
        layout.addWidget(self.change_flights_view, 1)
        self.change_class = QComboBox(panel)
        self.change_class.setObjectName("changeClass")
        self.change_payment = QComboBox(panel)
        self.change_payment.setObjectName("changePayment")
        for method in ("cash", "bank_card"):
            self.change_payment.addItem(self.methods[method], method)
        # An adult with an infant on their lap changes with the infant, in one step.
        self.change_with_infant = QCheckBox(self.tr("Change the infant too"), panel)
        self.change_with_infant.setObjectName("changeWithInfant")
        self.change_with_infant.setChecked(True)
        self.change_with_infant.setToolTip(
            self.tr("The infant on this adult's lap moves to the same flight and class in the "
                    "same step; neither is changed alone.")
        )
        row2 = QHBoxLayout()
        row2.addWidget(self.change_with_infant)
        row2.addWidget(QLabel(self.tr("Class"), panel))
        row2.addWidget(self.change_class, 1)
        row2.addWidget(QLabel(self.tr("Pay by"), panel))
        row2.addWidget(self.change_payment, 1)
        layout.addLayout(row2)
        self.change_summary = QLabel(panel)
        self.change_summary.setObjectName("changeSummary")
        self.change_summary.setWordWrap(True)
        self.change_summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.change_summary)
        self.change_confirm = QPushButton(self.tr("Confirm change"), panel)
        self.change_confirm.setObjectName("confirmChangeButton")
        self._buttons(layout, self.change_confirm, panel)
        self.change_find.clicked.connect(lambda: self.find_change_flights(again=True))
        self.change_date.editingFinished.connect(lambda: self.find_change_flights())
        # A date picked in the calendar or typed: search after a pause.
        self._date_debounce = QTimer(self)
        self._date_debounce.setSingleShot(True)
        self._date_debounce.setInterval(400)
        self._date_debounce.timeout.connect(lambda: self.find_change_flights())
        self.change_date.dateChanged.connect(lambda _d: self._date_debounce.start())
        self.change_coupon.currentIndexChanged.connect(lambda _i: self._coupon_for_change())
        self.change_reason.currentIndexChanged.connect(lambda _i: self._quote_change())
        self.change_flights_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._fill_classes()
        )
        self.change_flights_view.activated.connect(lambda _i: self.change_class.setFocus())
        self.change_class.currentIndexChanged.connect(lambda _i: self._quote_change())
        self.change_with_infant.toggled.connect(lambda _on: self._quote_change())
        self.change_confirm.clicked.connect(self.confirm_change)
        return panel

    def _build_name_panel(self) -> QWidget:
        panel, layout, self.name_info = self._panel(
            self.tr("Correct a typo in the name (姓名更正)")
        )
        self.new_name = QLineEdit(panel)
        self.new_name.setObjectName("newName")
        self.new_name.setPlaceholderText(self.tr("The name as on the ID document"))
        self.approver_login = QLineEdit(panel)
        self.approver_login.setObjectName("approverLogin")
        self.approver_login.setPlaceholderText(self.tr("Supervisor's login"))
        self.approver_password = QLineEdit(panel)
        self.approver_password.setObjectName("approverPassword")
        self.approver_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.approval_reason = QLineEdit(panel)
        self.approval_reason.setObjectName("approvalReason")
        self.approval_reason.setPlaceholderText(self.tr("Why (kept in the audit)"))
        form = QFormLayout()
        form.addRow(self.tr("Correct name"), self.new_name)
        form.addRow(self.tr("Supervisor login"), self.approver_login)
        form.addRow(self.tr("Supervisor password"), self.approver_password)
        form.addRow(self.tr("Reason"), self.approval_reason)
        layout.addLayout(form)
        note = QLabel(
            self.tr(
                "Only an obvious typo can be corrected (one wrong character, a middle dot, "
                "spacing); a ticket is never given to another person. A supervisor approves."
            ),
            panel,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        layout.addWidget(note)
        layout.addStretch(1)
        self.name_confirm = QPushButton(self.tr("Confirm correction"), panel)
        self.name_confirm.setObjectName("confirmNameButton")
        self._buttons(layout, self.name_confirm, panel)
        for edit in (
            self.new_name,
            self.approver_login,
            self.approver_password,
            self.approval_reason,
        ):
            edit.returnPressed.connect(self.confirm_name)
        self.name_confirm.clicked.connect(self.confirm_name)
        return panel

    # -- small helpers ------------------------------------------------------------------

    def _time_left(self, h: HeldBookingRow) -> str:
        if h.expired:
            return self.tr("expired")
        hours, minutes = divmod(h.minutes_left, 60)
        if hours:
            return self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", str(minutes))
        return self.tr("%1 min").replace("%1", str(minutes))

    def _fee_text(self, x: RefundLine) -> str:
        amount = format_yuan(x.fee)
        if x.fee_rule is FeeRule.INVOLUNTARY:
            return self.tr("%1 (involuntary)").replace("%1", amount)
        if x.fee_rule is FeeRule.GP_EASY:
            return self.tr("%1 (GP easy refund)").replace("%1", amount)
        return f"{amount} ({x.fee_percent.normalize():f}%)"

    def _channels(self, channels: tuple[tuple[str, Decimal], ...]) -> str:
        if not channels:
            return self.tr("nothing")
        return ", ".join(f"{self.methods.get(m, m)} {format_yuan(a)}" for m, a in channels)

    def _now(self) -> datetime:
        return self.ctx.clock.now()

    def show_error(self, text: str, widget: QWidget | None = None) -> None:
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(text)
        if widget is not None:
            widget.setFocus()

    def show_info(self, text: str) -> None:
        self.message.setStyleSheet(OK_STYLE)
        self.message.setText(text)

    def clear_message(self) -> None:
        self.message.setText("")
        self.last_error = None
        self.head_office_box.hide()

    def _failed(self, error: BaseException, widget: QWidget | None = None) -> None:
        """A refused step: the clerk's message naming the field; head office's steps in
        their own box."""
        self._busy = False
        if not isinstance(error, DomainError):
            self.show_error(self.tr("Unexpected error: %1").replace("%1", repr(error)))
            return
        self.last_error = error
        self.show_error(domain_message(error), widget)
        if error.code == "needs_head_office":
            what = str(error.params.get("ticket_number") or error.params.get("flight_no") or "")
            self.head_office_label.setText(
                self.tr(
                    "Only head office can do this for %1: it was not sold at this counter, "
                    "or the flight is outside this counter's allotment. Queue a request: "
                    "head office gets it with the next sync and answers on the attention "
                    "list or by phone."
                ).replace("%1", what)
            )
            self._head_office_subject = self._request_subject(error)
            can_queue = bool(error.params.get("queue_request")) and (
                self._head_office_subject is not None
            )
            self.head_office_note.clear()
            self.head_office_note.setVisible(can_queue)
            self.queue_request_button.setVisible(can_queue)
            self.queue_request_button.setEnabled(can_queue)
            self.head_office_box.show()

    def _request_subject(self, error: DomainError) -> dict[str, str | None] | None:
        """What a request to head office names: the action refused, the ticket (the one
        refused, else the one being acted on), the flight and the booking reference."""
        action = str(error.params.get("action") or "")
        if action not in ACTIONS:
            return None
        ticket = error.params.get("ticket_number")
        pnr: str | None = None
        if ticket is None:
            # Refused on a ticket of the booking shown (a flight outside the allotment).
            if self._action_ticket is not None:
                ticket = self._action_ticket.ticket_number
            if self._detail is not None:
                pnr = self._detail.pnr
        flight = error.params.get("flight_no")
        return {
            "action": action,
            "ticket_number": None if ticket is None else str(ticket),
            "flight_no": None if flight is None else str(flight),
            "pnr": pnr,
        }

    def queue_head_office_request(self) -> None:
        """Queue what was refused as a request for head office (outbox op
        ``request.head_office``), then wake the sync."""
        subject, store, clerk = self._head_office_subject, self.ctx.store, self.ctx.clerk
        if subject is None or store is None or clerk is None or self._busy:
            return
        note = self.head_office_note.text().strip()
        now = self._now()
        self._busy = True
        self.queue_request_button.setEnabled(False)

        def work() -> str:
            with store.unit_of_work() as session:
                return queue_request(
                    session,
                    action=str(subject["action"]),
                    ticket_number=subject["ticket_number"],
                    flight_no=subject["flight_no"],
                    pnr=subject["pnr"],
                    note=note,
                    clerk=clerk,
                    now=now,
                )

        def done(request_id: str) -> None:
            self._busy = False
            self.last_request_id = request_id
            self._head_office_subject = None
            self.head_office_box.hide()
            self.last_error = None
            self.show_info(
                self.tr("Request queued; it reaches head office with the next sync.")
            )
            if self.ctx.sync is not None:
                self.ctx.sync.wake()

        def failed(error: BaseException) -> None:
            self.queue_request_button.setEnabled(True)
            self._busy = False
            if isinstance(error, DomainError):
                self.show_error(domain_message(error), self.head_office_note)
            else:
                self.show_error(self.tr("Unexpected error: %1").replace("%1", repr(error)))

        self.ctx.runner.run_db("queue_request", work, done, failed)

    def _failer(self, widget: QWidget | None) -> Callable[[BaseException], None]:
        return lambda error: self._failed(error, widget)

    def _after_change(self) -> None:
        """A step was written: push it to head office soon and show the new state."""
        self._busy = False
        if self.ctx.sync is not None:
            self.ctx.sync.wake()
        self.close_panel()
        self.search(keep_message=True)
        self.refresh_held()

    def selected_ticket(self) -> TicketView | None:
        return self.tickets_model.row_at(self.tickets_view.currentIndex().row())

    def _update_actions(self) -> None:
        ticket = self.selected_ticket()
        open_ticket = ticket is not None and ticket.status == "issued"
        for button in (self.void_button, self.refund_button, self.change_button, self.name_button):
            button.setEnabled(open_ticket)
        has_ticket = ticket is not None and ticket.status != "void"
        for button in (self.receipt_button, self.replace_receipt_button, self.invoice_button,
                       self.confirmation_button):
            button.setEnabled(has_ticket)
        self.boarding_button.setEnabled(open_ticket)
        self.refund_slip_button.setEnabled(
            ticket is not None and any(c.status == "R" for c in ticket.coupons)
        )
        self.cancel_button.setEnabled(self.held_model.rowCount() > 0)

    # -- documents ----------------------------------------------------------------------

    def print_receipt(self, replace_reason: str | None = None) -> None:
        """The selected ticket's itinerary receipt on the next serial; with a reason, a
        replacement that voids the serial printed before."""
        ticket, desk = self.selected_ticket(), self.ctx.desk
        if ticket is None or desk is None:
            return
        self.clear_message()
        desk.print_receipt(ticket.ticket_number, self._failed, replace_reason=replace_reason)
        self.show_info(self.tr("Printing the itinerary receipt of %1…")
                       .replace("%1", ticket.ticket_number))

    def ask_replace_receipt(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        ticket = self.selected_ticket()
        if ticket is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Replace receipt"),
            self.tr("Why is the receipt of %1 replaced (jammed, misprinted, lost…)? "
                    "Its serial will be voided.").replace("%1", ticket.ticket_number))
        if ok:
            self.print_receipt(replace_reason=reason)

    def boarding_pass(self, seat: str | None, seq: int = 1) -> None:
        ticket, desk = self.selected_ticket(), self.ctx.desk
        if ticket is None or desk is None:
            return
        self.clear_message()
        desk.boarding_pass(ticket.ticket_number, seq, seat, self._failed)

    def ask_boarding_pass(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        ticket = self.selected_ticket()
        if ticket is None:
            return
        open_coupons = [c for c in ticket.coupons if c.status == "O"]
        if not open_coupons:
            return
        coupon = open_coupons[0]
        seat, ok = QInputDialog.getText(
            self, self.tr("Boarding pass"),
            self.tr("Seat for %1 on %2 (e.g. 32A):").replace("%1", ticket.passenger_name)
            .replace("%2", coupon.flight_no))
        if ok:
            self.boarding_pass(seat, coupon.seq)

    def open_invoice(self) -> None:
        from counter_app.gui.invoice_dialog import InvoiceDialog

        ticket = self.selected_ticket()
        if ticket is None:
            return
        dialog = InvoiceDialog(self.ctx, ticket.ticket_number, self)
        dialog.requested.connect(lambda number: self.show_info(
            self.tr("E-invoice requested for %1; it goes to head office with the next sync.")
            .replace("%1", number)))
        self.invoice_dialog = dialog
        dialog.open()

    def print_refund_slip(self, refund_id: str | None = None) -> None:
        """The refund slip of ``refund_id``, else of the selected ticket's latest refund."""
        ticket, desk = self.selected_ticket(), self.ctx.desk
        if desk is None or (refund_id is None and ticket is None):
            return
        if refund_id is not None:
            desk.refund_slip(self._failed, refund_id=refund_id)
        elif ticket is not None:
            desk.refund_slip(self._failed, ticket_number=ticket.ticket_number)

    def print_confirmation(self) -> None:
        desk = self.ctx.desk
        if desk is None or self._detail is None:
            return
        desk.confirmation(self._detail.booking_id, self._failed)

    # -- finding ------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_held()
        self._held_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self._held_timer.stop()
        super().hideEvent(event)

    def search(self, keep_message: bool = False) -> None:
        self._debounce.stop()
        store = self.ctx.store
        if store is None:
            return
        text = self.search_edit.text().strip()
        if self._search_task is not None:
            self._search_task.cancel()
        if not keep_message:
            self.clear_message()
        if not text:
            self._search_task = None
            self._show_bookings([])
            return
        now = self._now()

        def work() -> tuple[list[BookingRow], bool]:
            with store.read() as session:
                return booking_rows(session, text, 0, now, self.page_size)

        def done(result: tuple[list[BookingRow], bool]) -> None:
            self._show_bookings(*result)
            self._more_text = text

        self._search_task = self.ctx.runner.run_db(
            "find_bookings", work, done, self._failer(self.search_edit)
        )

    def more_bookings(self) -> None:
        """The next page of the last search's bookings, added under those shown."""
        store, text = self.ctx.store, self._more_text
        if store is None or not text or self._search_task is not None:
            return
        shown = self.bookings_model.rows()
        now = self._now()

        def work() -> tuple[list[BookingRow], bool]:
            with store.read() as session:
                return booking_rows(session, text, len(shown), now, self.page_size)

        def done(result: tuple[list[BookingRow], bool]) -> None:
            if self.search_edit.text().strip() == text:
                self._show_bookings(shown + result[0], result[1])

        self._search_task = self.ctx.runner.run_db(
            "more_bookings", work, done, self._failer(self.search_edit)
        )

    def _show_bookings(self, rows: list[BookingRow], more: bool = False) -> None:
        self._search_task = None
        self.more_button.setVisible(more)
        keep = self._selected_booking
        self.bookings_model.set_rows(rows)
        self._fit_bookings()
        text = self.search_edit.text().strip()
        count = self.tr("latest %1 bookings") if more else self.tr("%1 bookings")
        self.count_label.setText(count.replace("%1", str(len(rows))) if text else "")
        if not rows:
            self._set_detail(None)
            if text and not self.message.text():
                self.show_error(self.tr("No booking matches “%1”.").replace("%1", text))
            return
        index = next((i for i, r in enumerate(rows) if r.summary.booking_id == keep), 0)
        self.bookings_view.selectRow(index)
        self._booking_chosen()

    def _booking_chosen(self) -> None:
        row = self.bookings_model.row_at(self.bookings_view.currentIndex().row())
        store = self.ctx.store
        if row is None or store is None:
            return
        booking_id = row.summary.booking_id
        if booking_id != self._selected_booking:
            self.close_panel()
        self._selected_booking = booking_id
        if self._detail_task is not None:
            self._detail_task.cancel()

        def work() -> BookingDetail:
            with store.read() as session:
                return booking_detail(session, booking_id)

        self._detail_task = self.ctx.runner.run_db(
            "booking_detail", work, self._set_detail, self._failer(None)
        )

    def _set_detail(self, detail: BookingDetail | None) -> None:
        self._detail_task = None
        previous = self.selected_ticket()
        self._detail = detail
        self.tickets_model.set_rows(ordered_tickets(detail.tickets) if detail is not None else [])
        self._fit_tickets()
        if detail is None:
            self._selected_booking = None
            self.detail_title.setText("")
            self._update_actions()
            return
        status = self.booking_status.get(detail.status, detail.status)
        paid = sum((a for _k, _m, a in detail.payments), ZERO)
        title = self.tr("%1 · %2 · %3 tickets · paid %4")
        self.detail_title.setText(
            title.replace("%1", detail.pnr)
            .replace("%2", status)
            .replace("%3", str(len(detail.tickets)))
            .replace("%4", format_yuan(paid))
        )
        tickets = self.tickets_model.rows()
        if tickets:
            # Keep the ticket chosen before (an exchange moves on to its new number).
            index = 0
            if previous is not None:
                same = [i for i, t in enumerate(tickets)
                        if t.ticket_number == previous.ticket_number]
                successor = [i for i, t in enumerate(tickets)
                             if t.exchanged_from == previous.ticket_number]
                index = (successor or same or [0])[0]
            self.tickets_view.selectRow(index)
        self._update_actions()

    def _ticket_chosen(self) -> None:
        ticket = self.selected_ticket()
        if (
            self._action_ticket is not None
            and ticket is not None
            and ticket.ticket_number != self._action_ticket.ticket_number
        ):
            self.close_panel()
        self._update_actions()

    # -- panels -----------------------------------------------------------------------------

    def back(self) -> None:
        """Esc: close the open panel, else go back to the search line."""
        if self.panels.currentIndex() != PANEL_NONE:
            self.close_panel()
            self.clear_message()
            self.tickets_view.setFocus()
            return
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def close_panel(self) -> None:
        self.panels.setCurrentIndex(PANEL_NONE)
        self._action_ticket = None
        self._refund_quote = None
        self._change_quote = None
        if self._quote_task is not None:
            self._quote_task.cancel()
            self._quote_task = None

    def _open(self, panel: int) -> TicketView | None:
        ticket = self.selected_ticket()
        if ticket is None or not self.isVisible():
            return None
        if ticket.status != "issued":
            self.show_error(
                self.tr("Ticket %1 is %2; nothing more can be done with it here.")
                .replace("%1", ticket.ticket_number)
                .replace("%2", self.ticket_status.get(ticket.status, ticket.status))
            )
            return None
        self.clear_message()
        self.tabs.setCurrentIndex(0)
        self._action_ticket = ticket
        self.panels.setCurrentIndex(panel)
        return ticket

    def _who(self, ticket: TicketView) -> str:
        return f"{ticket.ticket_number} {ticket.passenger_name}"

    # -- void -------------------------------------------------------------------------------

    def open_void(self) -> None:
        ticket = self._open(PANEL_VOID)
        if ticket is None:
            return
        self.void_info.setText(
            self.tr(
                "Void ticket %1 (%2)? Only on the day of issue and before the day close; "
                "the money goes back by the way it was paid, the seats back to the allotment."
            )
            .replace("%1", self._who(ticket))
            .replace("%2", format_yuan(ticket.total))
        )
        self.void_reason.clear()
        self.void_reason.setFocus()

    def confirm_void(self) -> None:
        ticket, store, clerk = self._action_ticket, self.ctx.store, self.ctx.clerk
        if ticket is None or store is None or clerk is None or self._busy:
            return
        reason = self.void_reason.text().strip()
        now = self._now()
        number = ticket.ticket_number
        self._busy = True

        def work() -> VoidResult:
            with store.unit_of_work() as session:
                return void_tickets(session, [number], reason=reason, clerk=clerk, now=now)

        def done(result: VoidResult) -> None:
            self.show_info(
                self.tr("Ticket %1 voided. Give back: %2. Seats released: %3.")
                .replace("%1", ", ".join(result.ticket_numbers))
                .replace("%2", self._channels(result.returned))
                .replace("%3", str(result.seats_released))
            )
            self._after_change()

        self.ctx.runner.run_db("void_tickets", work, done, self._failer(self.void_reason))

    # -- refund -----------------------------------------------------------------------------

    def open_refund(self) -> None:
        ticket = self._open(PANEL_REFUND)
        if ticket is None:
            return
        self.refund_info.setText(
            self.tr(
                "Refund the open coupons of ticket %1. The service fee is not refunded."
            ).replace("%1", self._who(ticket))
        )
        self.refund_reason.setFocus()
        self._quote_refund()

    def _quote_refund(self) -> None:
        ticket, store = self._action_ticket, self.ctx.store
        if ticket is None or store is None or self.panels.currentIndex() != PANEL_REFUND:
            return
        self._refund_quote = None
        self.refund_model.set_rows([])
        self.refund_summary.setText(self.tr("Working out the refund…"))
        self.refund_confirm.setEnabled(False)
        reason = str(self.refund_reason.currentData())
        number = ticket.ticket_number
        now = self._now()
        if self._quote_task is not None:
            self._quote_task.cancel()

        def work() -> RefundQuote:
            with store.read() as session:
                return quote_refund(session, number, reason, now)

        def failed(error: BaseException) -> None:
            self.refund_summary.setText("")
            self._failed(error, self.refund_reason)

        self._quote_task = self.ctx.runner.run_db("quote_refund", work, self._show_refund, failed)

    def _show_refund(self, quote: RefundQuote) -> None:
        self._quote_task = None
        self._refund_quote = quote
        self.refund_model.set_rows(quote.lines)
        self.refund_summary.setText(
            self.tr("Fee %1 · refund %2 · back by: %3")
            .replace("%1", format_yuan(quote.fee))
            .replace("%2", format_yuan(quote.amount))
            .replace("%3", self._channels(quote.channels))
        )
        self.refund_confirm.setEnabled(True)
        self.refund_confirm.setDefault(True)
        self.refund_confirm.setFocus()

    def confirm_refund(self) -> None:
        quote, store, clerk = self._refund_quote, self.ctx.store, self.ctx.clerk
        if quote is None or store is None or clerk is None or self._busy:
            return
        now = self._now()
        self._busy = True

        def work() -> RefundResult:
            with store.unit_of_work() as session:
                return refund(
                    session,
                    quote.ticket_number,
                    quote.reason,
                    clerk=clerk,
                    now=now,
                    coupon_seqs=quote.coupon_seqs,
                )

        def done(result: RefundResult) -> None:
            q = result.quote
            text = self.tr("Ticket %1 refunded: fee %2, give back %3 (%4).")
            self.show_info(
                text.replace("%1", q.ticket_number)
                .replace("%2", format_yuan(q.fee))
                .replace("%3", format_yuan(q.amount))
                .replace("%4", self._channels(q.channels))
                + " " + self.tr("The refund slip opens for printing.")
            )
            self._after_change()
            # The slip is offered at once: the preview prints it or saves it as PDF.
            self.print_refund_slip(result.refund_id)

        self.ctx.runner.run_db("refund", work, done, self._failer(self.refund_reason))

    # -- change -----------------------------------------------------------------------------

    def open_change(self) -> None:
        ticket = self._open(PANEL_CHANGE)
        if ticket is None:
            return
        self.change_info.setText(
            self.tr(
                "Move a coupon of ticket %1 to another flight of the same airline and "
                "route, or to another class. The ticket is re-issued with a new number."
            ).replace("%1", self._who(ticket))
        )
        infants = self._detail is not None and ticket.passenger_type == "ADT" and any(
            t.passenger_type == "INF" and t.status == "issued" for t in self._detail.tickets
        )
        self.change_with_infant.blockSignals(True)
        self.change_with_infant.setChecked(True)
        self.change_with_infant.blockSignals(False)
        self.change_with_infant.setVisible(infants)
        today = self._now().astimezone(SHANGHAI).date()
        self.change_date.setMinimumDate(QDate(today.year, today.month, today.day))
        self.change_coupon.blockSignals(True)
        self.change_coupon.clear()
        for c in ticket.coupons:
            if c.status == "O":
                self.change_coupon.addItem(coupon_line(c), c.seq)
        self.change_coupon.blockSignals(False)
        self._flights_for = None
        self._coupon_for_change()
        self.change_date.setFocus()

    def _change_coupon_view(self) -> CouponView | None:
        ticket = self._action_ticket
        if ticket is None:
            return None
        seq = self.change_coupon.currentData()
        return next((c for c in ticket.coupons if c.seq == seq), None)

    def _coupon_for_change(self) -> None:
        coupon = self._change_coupon_view()
        if coupon is None:
            return
        day = coupon.dep_date
        self.change_date.setDate(QDate(day.year, day.month, day.day))
        self.find_change_flights()

    def _change_day(self) -> date:
        d = self.change_date.date()
        return date(d.year(), d.month(), d.day())

    def find_change_flights(self, again: bool = False) -> None:
        """The same airline's flights of the coupon's route on the chosen date."""
        self._date_debounce.stop()
        coupon, store = self._change_coupon_view(), self.ctx.store
        if coupon is None or store is None or self.panels.currentIndex() != PANEL_CHANGE:
            return
        day = self._change_day()
        key = (coupon.seq, day)
        if key == self._flights_for and not again:
            return
        self._flights_for = key
        now = self._now()
        carrier = coupon.flight_no[:2]
        self._change_quote = None
        self.change_summary.setText("")
        self.change_confirm.setEnabled(False)
        if self._flights_task is not None:
            self._flights_task.cancel()

        def work() -> list[FlightOffer]:
            with store.read() as session:
                offers = search_flights(session, (coupon.origin,), (coupon.destination,), day, now)
            return [o for o in offers if o.carrier == carrier and not o.departed]

        def done(offers: list[FlightOffer]) -> None:
            self._flights_task = None
            self.change_flights_model.set_rows(offers)
            if not offers:
                self.change_class.clear()
                self.change_summary.setText(
                    self.tr("No %1 flight from %2 to %3 on %4.")
                    .replace("%1", carrier)
                    .replace("%2", coupon.origin)
                    .replace("%3", coupon.destination)
                    .replace("%4", day.isoformat())
                )
                return
            index = next((i for i, o in enumerate(offers) if o.flight_no == coupon.flight_no), 0)
            self.change_flights_view.selectRow(index)
            self._fill_classes()

        self._flights_task = self.ctx.runner.run_db(
            "change_flights", work, done, self._failer(self.change_date)
        )

    def _change_flight(self) -> FlightOffer | None:
        return self.change_flights_model.row_at(self.change_flights_view.currentIndex().row())

    def _fill_classes(self) -> None:
        offer, coupon = self._change_flight(), self._change_coupon_view()
        self.change_class.blockSignals(True)
        self.change_class.clear()
        if offer is not None:
            chosen = 0
            open_classes: list[ClassOffer] = [
                c for c in offer.classes if c.seats > 0 and not c.closed
            ]
            for i, c in enumerate(open_classes):
                self.change_class.addItem(f"{c.code}  {fare_text(c.fare)}  ({c.seats})", c.code)
                if coupon is not None and c.code == coupon.class_code:
                    chosen = i
            self.change_class.setCurrentIndex(chosen)
        self.change_class.blockSignals(False)
        self._quote_change()

    def _quote_change(self) -> None:
        ticket, coupon, store = self._action_ticket, self._change_coupon_view(), self.ctx.store
        offer = self._change_flight()
        class_code = self.change_class.currentData()
        self._change_quote = None
        self.change_confirm.setEnabled(False)
        if (
            ticket is None
            or coupon is None
            or offer is None
            or not class_code
            or store is None
            or self.panels.currentIndex() != PANEL_CHANGE
        ):
            return
        number, seq, flight_id = ticket.ticket_number, coupon.seq, offer.flight_id
        reason = str(self.change_reason.currentData())
        with_infant = self.change_with_infant.isChecked()
        now = self._now()
        self.change_summary.setText(self.tr("Working out the change…"))
        self.clear_message()
        if self._quote_task is not None:
            self._quote_task.cancel()

        def work() -> ChangeQuote:
            with store.read() as session:
                return quote_change(session, number, seq, flight_id, str(class_code), now,
                                    reason, with_infant=with_infant)

        cabin = next((c.cabin.value for c in offer.classes if c.code == class_code), "Y")

        def failed(error: BaseException) -> None:
            self._quote_task = None
            self.change_summary.setText("")
            if self._lease_then_retry(error, flight_id, cabin, self._quote_change):
                return
            self._failed(error, None)

        self._quote_task = self.ctx.runner.run_db("quote_change", work, self._show_change, failed)

    def _lease_then_retry(
        self, error: BaseException, flight_id: str, cabin: str, retry: Callable[[], None]
    ) -> bool:
        """Online, a new flight outside this counter's allotment is no refusal: ask head office
        for a seat (a lease) and try again, once. Offline the refusal stands."""
        sync = self.ctx.sync
        reason = error.params.get("reason") if isinstance(error, DomainError) else None
        if (
            not isinstance(error, DomainError)
            or error.code != "needs_head_office"
            or reason not in ("no_lease", "lease_expired")
            or sync is None
            or sync.engine is None
            or not sync.online
            or flight_id in self._leased_for_change
        ):
            return False
        engine = sync.engine
        self._leased_for_change.add(flight_id)
        self.change_summary.setText(self.tr("Asking head office for a seat on the new flight…"))

        def work() -> object:
            return engine.request_lease(flight_id, cabin, 1)

        def failed(lease_error: BaseException) -> None:
            from counter_app.gui.messages import sync_error_message

            self.change_summary.setText("")
            self.show_error(sync_error_message(lease_error))

        self.ctx.runner.run_io("change_lease", work, lambda _lease: retry(), failed)
        return True

    def _show_change(self, quote: ChangeQuote) -> None:
        self._quote_task = None
        self._change_quote = quote
        fee = quote.fee
        if fee.rule is FeeRule.INVOLUNTARY:
            rule = self.tr("involuntary: free")
        elif fee.rule is FeeRule.GP_EASY:
            rule = self.tr("GP easy change")
        else:
            rule = f"{fee.percent.normalize():f}%"
        text = self.tr("%1 %2 → %3 %4 %5: change fee %6 (%7) + fare difference %8 = due %9")
        if quote.infant is not None:
            infant = quote.infant
            # %10..%13 first: replacing %1 would eat the start of %10.
            text = (
                self.tr("%1 %2 → %3 %4 %5: change fee %6 (%7) + fare difference %8; with "
                        "infant %10 (%11): fee %12 + difference %13; due %9 for both")
                .replace("%10", infant.passenger_name)
                .replace("%11", infant.ticket_number)
                .replace("%12", format_yuan(infant.fee.amount))
                .replace("%13", format_yuan(infant.fee.fare_difference))
            )
        self.change_summary.setText(
            text.replace("%1", quote.old_flight_no)
            .replace("%2", quote.old_class)
            .replace("%3", quote.new_flight_no)
            .replace("%4", quote.new_departure.strftime("%m-%d %H:%M"))
            .replace("%5", quote.new_class)
            .replace("%6", format_yuan(fee.amount))
            .replace("%7", rule)
            .replace("%8", format_yuan(fee.fare_difference))
            .replace("%9", format_yuan(quote.total_due))
        )
        self.change_payment.setEnabled(quote.total_due > 0)
        self.change_confirm.setEnabled(True)
        self.change_confirm.setDefault(True)

    def confirm_change(self) -> None:
        quote, store, clerk = self._change_quote, self.ctx.store, self.ctx.clerk
        if quote is None or store is None or clerk is None or self._busy:
            return
        due = quote.total_due
        method = str(self.change_payment.currentData())
        payments = [PaymentInput(method, due)] if due > 0 else []
        now = self._now()
        self._busy = True

        def work() -> ChangeResult:
            with store.unit_of_work() as session:
                return change(
                    session,
                    quote.ticket_number,
                    quote.coupon_seq,
                    quote.new_flight_id,
                    quote.new_class,
                    payments,
                    clerk=clerk,
                    now=now,
                    reason=quote.reason,
                    with_infant=quote.infant is not None,
                )

        def done(result: ChangeResult) -> None:
            paid = ", ".join(f"{self.methods.get(m, m)} {format_yuan(a)}" for m, a in result.paid)
            text = (
                self.tr("Ticket %1 exchanged for %2 on %3 %4. Paid: %5.")
                .replace("%1", result.old_ticket_number)
                .replace("%2", result.new_ticket_number)
                .replace("%3", result.quote.new_flight_no)
                .replace("%4", result.quote.new_class)
                .replace("%5", paid or self.tr("nothing"))
            )
            if result.infant is not None:
                text += " " + (
                    self.tr("Infant %1: ticket %2 exchanged for %3 on the same flight.")
                    .replace("%1", result.infant.quote.passenger_name)
                    .replace("%2", result.infant.old_ticket_number)
                    .replace("%3", result.infant.new_ticket_number)
                )
            self.show_info(text)
            self._after_change()

        self.ctx.runner.run_db("change", work, done, self._failer(self.change_payment))

    # -- name correction ---------------------------------------------------------------------

    def open_name(self) -> None:
        ticket = self._open(PANEL_NAME)
        if ticket is None:
            return
        self.name_info.setText(
            self.tr("Ticket %1, name now: %2")
            .replace("%1", ticket.ticket_number)
            .replace("%2", ticket.passenger_name)
        )
        for edit in (self.approver_login, self.approver_password, self.approval_reason):
            edit.clear()
        self.new_name.setText(ticket.passenger_name)
        self.new_name.selectAll()
        self.new_name.setFocus()

    def _name_refusal(self, reason: str) -> str:
        texts = {
            "change_of_person": self.tr(
                "This is another person, not a typo: a ticket cannot be transferred. Refund "
                "it and sell a new one."
            ),
        }
        return texts.get(reason, reason)

    def confirm_name(self) -> None:
        ticket, store, clerk = self._action_ticket, self.ctx.store, self.ctx.clerk
        if ticket is None or store is None or clerk is None or self._busy:
            return
        new_name = self.new_name.text().strip()
        login = self.approver_login.text().strip()
        override = (
            Override(login, self.approver_password.text(), self.approval_reason.text().strip())
            if login
            else None
        )
        number = ticket.ticket_number
        now = self._now()
        self._busy = True

        def work() -> NameCorrected:
            with store.unit_of_work() as session:
                return correct_name(
                    session, number, new_name, clerk=clerk, now=now, override=override
                )

        def done(result: NameCorrected) -> None:
            self.show_info(
                self.tr("Ticket %1: name corrected from %2 to %3, approved by %4.")
                .replace("%1", result.ticket_number)
                .replace("%2", result.old_name)
                .replace("%3", result.new_name)
                .replace("%4", result.approved_by)
            )
            self._after_change()

        def failed(error: BaseException) -> None:
            widget: QWidget = self.new_name
            if isinstance(error, DomainError) and error.field == "override":
                widget = (
                    self.approver_login
                    if error.code == "override_required"
                    else (self.approver_password)
                )
            self._failed(error, widget)
            if isinstance(error, DomainError) and error.code == "name_change_refused":
                reason = str(error.params.get("reason", ""))
                self.show_error(f"{self.message.text()}\n{self._name_refusal(reason)}")
            self.approver_password.clear()

        self.ctx.runner.run_db("correct_name", work, done, failed)

    # -- held bookings ------------------------------------------------------------------------

    def refresh_held(self) -> None:
        store = self.ctx.store
        if store is None:
            return
        now = self._now()

        def work() -> list[HeldBookingRow]:
            with store.read() as session:
                return held_bookings(session, now)

        self.ctx.runner.run_db("held_bookings", work, self._show_held, self._failer(None))

    def _show_held(self, rows: list[HeldBookingRow]) -> None:
        current = self.held_model.row_at(self.held_view.currentIndex().row())
        self.held_model.set_rows(rows)
        expired = sum(1 for h in rows if h.expired)
        title = self.tr("Held bookings (%1)").replace("%1", str(len(rows)))
        if expired:
            title += " " + self.tr("%1 expired").replace("%1", str(expired))
        self.tabs.setTabText(1, title)
        if rows:
            keep = current.booking_id if current is not None else None
            index = next((i for i, h in enumerate(rows) if h.booking_id == keep), 0)
            self.held_view.selectRow(index)
        self._reset_cancel()
        self._update_actions()

    def _reset_cancel(self) -> None:
        self.cancel_confirm.hide()
        self.cancel_label.setText("")

    def ask_cancel_held(self) -> None:
        held = self.held_model.row_at(self.held_view.currentIndex().row())
        if held is None:
            return
        self.cancel_label.setText(
            self.tr("Cancel %1 (%2) and give its seats back?")
            .replace("%1", held.pnr)
            .replace("%2", "、".join(held.passengers))
        )
        self.cancel_confirm.show()
        self.cancel_confirm.setFocus()

    def cancel_held(self) -> None:
        held = self.held_model.row_at(self.held_view.currentIndex().row())
        store, clerk = self.ctx.store, self.ctx.clerk
        if held is None or store is None or clerk is None or self._busy:
            return
        booking_id = held.booking_id
        now = self._now()
        self._busy = True

        def work() -> CancelledBooking:
            with store.unit_of_work() as session:
                return cancel_booking(session, booking_id, clerk=clerk, now=now)

        def done(result: CancelledBooking) -> None:
            self.show_info(
                self.tr("Booking %1 cancelled; %2 seats given back.")
                .replace("%1", result.pnr)
                .replace("%2", str(result.seats_released))
            )
            self._busy = False
            if self.ctx.sync is not None:
                self.ctx.sync.wake()
            self.refresh_held()
            if self.search_edit.text().strip():
                self.search(keep_message=True)

        self.ctx.runner.run_db("cancel_booking", work, done, self._failer(self.held_view))
