"""The after-sale page (售后): find a booking by locator, ticket number, ID number, name or
phone; see its tickets and coupons; void (作废), refund (退票), change (改签) and correct a
name (姓名更正) on the selected ticket; list the bookings on hold and cancel them.

Keyboard: type in the search line (Enter searches at once; typing filters after a pause),
F8 void, F6 refund, F7 change, F11 name correction; Enter confirms in an open panel, Esc
closes it (or goes back to the search line). Every step is done inline (no modal dialog):
the supervisor's login for a name correction is typed in the panel itself.

The page composes one widget per workflow (``find``, ``tickets`` with the ``void``,
``refund``, ``change`` and ``names`` panels and the ``documents`` bar, ``held``,
``requests``); they share the page's :class:`~.state.AfterSaleState`, its words and its
message line, and reach the data through ``gui/operations/after_sale.py`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from counter_app.domain.errors import DomainError
from counter_app.gui.messages import domain_message
from counter_app.gui.pages.after_sale.find import BookingFinder
from counter_app.gui.pages.after_sale.held import HeldBookings
from counter_app.gui.pages.after_sale.requests import HeadOfficeBox
from counter_app.gui.pages.after_sale.state import (
    PANEL_CHANGE,
    PANEL_NAME,
    PANEL_NONE,
    PANEL_REFUND,
    PANEL_VOID,
    AfterSaleState,
)
from counter_app.gui.pages.after_sale.tickets import TicketsTab, rows_height
from counter_app.gui.pages.after_sale.words import AfterSaleWords
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.page_keys import let_through
from counter_app.services.after_sale import ChangeQuote, RefundQuote
from counter_app.services.booking import TicketView

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext
    from counter_app.gui.invoice_dialog import InvoiceDialog


class AfterSalePage(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._state = AfterSaleState()
        self.setObjectName("afterSalePage")
        self._words = AfterSaleWords(self)
        self.finder = BookingFinder(self, self)
        self._message = MessageLine(self, "afterSaleMessage")
        self.head_office_box = HeadOfficeBox(self, self)
        self.tickets = TicketsTab(self, self)
        self.held = HeldBookings(self, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("afterSaleTabs")
        self.tabs.addTab(self.tickets, self.tr("Tickets"))
        self.tabs.addTab(self.held, self.tr("Held bookings"))
        self.main_split = QSplitter(Qt.Orientation.Vertical, self)
        self.main_split.setObjectName("afterSaleSplit")
        self.main_split.setChildrenCollapsible(False)
        self.main_split.addWidget(self.finder.view)
        self.main_split.addWidget(self.tabs)
        self.main_split.setStretchFactor(0, 0)
        self.main_split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)
        layout.addWidget(self._message)
        layout.addWidget(self.head_office_box)
        layout.addWidget(self.main_split, 1)
        self.setFocusProxy(self.finder.search_edit)
        self._name_widgets()
        self._connect()
        self.setTabOrder(self.search_edit, self.bookings_view)
        self.setTabOrder(self.bookings_view, self.tickets_view)
        self.tickets.update_actions()
        let_through(self, "Ctrl+E")  # the seats, also from the search line (X11's end of line)

    def _name_widgets(self) -> None:
        """The workflows' widgets under the names the page has always had (tests and the
        keyboard flow reach them there)."""
        finder, tickets, held, box = self.finder, self.tickets, self.held, self.head_office_box
        self.search_edit, self.search_button = finder.search_edit, finder.search_button
        self.count_label, self.more_button = finder.count_label, finder.more_button
        self.bookings_model, self.bookings_view = finder.model, finder.view
        self.tickets_model, self.tickets_view = tickets.model, tickets.view
        self.detail_title, self.panels, self.tickets_split = (
            tickets.title, tickets.panels, tickets.split)
        self.void_button, self.refund_button = tickets.void_button, tickets.refund_button
        self.change_button, self.name_button = tickets.change_button, tickets.name_button
        docs = tickets.documents
        self.receipt_button, self.replace_receipt_button = (
            docs.receipt_button, docs.replace_receipt_button)
        self.boarding_button, self.invoice_button = docs.boarding_button, docs.invoice_button
        self.confirmation_button, self.refund_slip_button = (
            docs.confirmation_button, docs.refund_slip_button)
        void, refund = tickets.void_panel, tickets.refund_panel
        self.void_info, self.void_reason, self.void_confirm = void.info, void.reason, void.confirm
        self.refund_info, self.refund_reason = refund.info, refund.reason
        self.refund_model, self.refund_view = refund.model, refund.view
        self.refund_summary, self.refund_confirm = refund.summary, refund.confirm
        change = tickets.change_panel
        self.change_info, self.change_coupon, self.change_date = (
            change.info, change.coupon, change.date)
        self.change_reason, self.change_find = change.reason, change.find_button
        self.change_flights_model, self.change_flights_view = (
            change.flights_model, change.flights_view)
        self.change_class, self.change_payment = change.class_code, change.payment
        self.change_with_infant, self.change_summary = change.with_infant, change.summary
        self.change_confirm = change.confirm
        name = tickets.name_panel
        self.name_info, self.new_name = name.info, name.new_name
        self.approver_login, self.approver_password = name.approver_login, name.approver_password
        self.approval_reason, self.name_confirm = name.approval_reason, name.confirm
        self.held_model, self.held_view = held.model, held.view
        self.cancel_button, self.cancel_confirm = held.cancel_button, held.cancel_confirm
        self.cancel_label = held.cancel_label
        self.head_office_label, self.head_office_note = box.label, box.note
        self.queue_request_button = box.queue_button

    def _connect(self) -> None:
        self.finder.rows_changed.connect(self._fit_bookings)
        self.finder.chosen.connect(self.tickets.show_booking)
        self.finder.nothing.connect(lambda: self.tickets.set_detail(None))
        self.bookings_view.activated.connect(lambda _i: self.tickets_view.setFocus())
        self.void_button.clicked.connect(self.open_void)
        self.refund_button.clicked.connect(self.open_refund)
        self.change_button.clicked.connect(self.open_change)
        self.name_button.clicked.connect(self.open_name)
        self.tickets.refund_panel.slip_wanted.connect(self.print_refund_slip)
        self.held.counted.connect(lambda title: self.tabs.setTabText(1, title))
        self.held.cancelled.connect(self._held_cancelled)
        self.tabs.currentChanged.connect(lambda i: self.refresh_held() if i == 1 else None)
        QShortcut(QKeySequence("F8"), self, self.open_void)
        QShortcut(QKeySequence("F6"), self, self.open_refund)
        QShortcut(QKeySequence("F7"), self, self.open_change)
        QShortcut(QKeySequence("F11"), self, self.open_name)
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self.print_receipt())
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.back)

    # -- what the workflows share (the Host protocol) ------------------------------------------

    @property
    def ctx(self) -> DeskContext:
        return self._ctx

    @property
    def state(self) -> AfterSaleState:
        return self._state

    @property
    def words(self) -> AfterSaleWords:
        return self._words

    @property
    def message(self) -> MessageLine:
        return self._message

    def show_error(self, text: str, widget: QWidget | None = None) -> None:
        self._message.show_error(text, widget)

    def show_info(self, text: str) -> None:
        self._message.show_ok(text)

    def clear_message(self) -> None:
        self._message.setText("")
        self._state.last_error = None
        self.head_office_box.hide()

    def failed(self, error: BaseException, widget: QWidget | None = None) -> None:
        """A refused step: the clerk's message naming the field; head office's steps in
        their own box."""
        self._state.busy = False
        if not isinstance(error, DomainError):
            self.show_error(self.tr("Unexpected error: %1").replace("%1", repr(error)))
            return
        self._state.last_error = error
        self.show_error(domain_message(error), widget)
        if error.code == "needs_head_office":
            self.head_office_box.offer(error)

    def failer(self, widget: QWidget | None) -> Callable[[BaseException], None]:
        return lambda error: self.failed(error, widget)

    def after_change(self) -> None:
        """A step was written: push it to head office soon and show the new state."""
        self._state.busy = False
        self.ctx.sync.wake()
        self.close_panel()
        self.search(keep_message=True)
        self.refresh_held()

    def selected_ticket(self) -> TicketView | None:
        return self.tickets.selected_ticket()

    # -- what tests and the keyboard reach on the page ---------------------------------------------

    @property
    def last_error(self) -> DomainError | None:
        return self._state.last_error

    @last_error.setter
    def last_error(self, error: DomainError | None) -> None:
        self._state.last_error = error

    @property
    def last_request_id(self) -> str | None:
        return self._state.last_request_id

    @property
    def methods(self) -> dict[str, str]:
        return self._words.methods

    @property
    def page_size(self) -> int:
        return self.finder.state.page_size

    @page_size.setter
    def page_size(self, size: int) -> None:
        self.finder.state.page_size = size

    @property
    def _refund_quote(self) -> RefundQuote | None:
        return self.tickets.refund_panel.state.quote

    @property
    def _change_quote(self) -> ChangeQuote | None:
        return self.tickets.change_panel.state.quote

    @property
    def invoice_dialog(self) -> InvoiceDialog | None:
        return self.tickets.documents.invoice_dialog

    def search(self, keep_message: bool = False) -> None:
        self.finder.search(keep_message)

    def refresh_held(self) -> None:
        self.held.refresh()

    def print_receipt(self, replace_reason: str | None = None) -> None:
        self.tickets.documents.print_receipt(replace_reason)

    def boarding_pass(self, seat: str | None, seq: int = 1) -> None:
        self.tickets.documents.boarding_pass(seat, seq)

    def open_invoice(self) -> None:
        self.tickets.documents.open_invoice()

    def print_refund_slip(self, refund_id: str | None = None) -> None:
        self.tickets.documents.print_refund_slip(refund_id)

    # -- layout --------------------------------------------------------------------------------

    def _fit_bookings(self) -> None:
        """The booking list as tall as its rows (three to six shown), the tabs the rest."""
        total = self.main_split.height()
        if total <= 0:
            return
        rows = min(6, max(3, self.bookings_model.rowCount()))
        height = min(rows_height(self.bookings_view, rows), total // 3)
        self.main_split.setSizes([height, total - height])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_bookings()
        self.tickets.fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_held()
        self.held.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.held.timer.stop()
        super().hideEvent(event)

    def _held_cancelled(self) -> None:
        if self.finder.text():
            self.search(keep_message=True)

    # -- panels --------------------------------------------------------------------------------

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
        self.tickets.close_panel()

    def _open(self, panel: int) -> None:
        """Open ``panel`` under the selected ticket, if it is in force."""
        ticket = self.selected_ticket()
        if ticket is None or not self.isVisible():
            return
        if ticket.status != "issued":
            status = self._words.ticket_status.get(ticket.status, ticket.status)
            self.show_error(
                self.tr("Ticket %1 is %2; nothing more can be done with it here.")
                .replace("%1", ticket.ticket_number)
                .replace("%2", status)
            )
            return
        self.clear_message()
        self.tabs.setCurrentIndex(0)
        self.tickets.show_panel(panel, ticket)

    def open_void(self) -> None:
        self._open(PANEL_VOID)

    def open_refund(self) -> None:
        self._open(PANEL_REFUND)

    def open_change(self) -> None:
        self._open(PANEL_CHANGE)

    def open_name(self) -> None:
        self._open(PANEL_NAME)
