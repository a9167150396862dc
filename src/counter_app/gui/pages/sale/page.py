"""The sale page (售票): itinerary → customer → passengers → quote → book → pay → ticket.

Keyboard first. Flights arrive from the flight finder (Enter on a class there adds the
segment and opens this page); the passenger form takes name, Enter, ID number, Enter (the
passenger is added and the form is ready for the next one; a traveller sold to before is
offered as the name or ID number is typed, and picking them fills the form); F6 quotes, F7
holds the booking (PNR and ticketing deadline), F8 takes the payment and issues the
tickets; Ctrl+N starts a new sale. Every step runs on the database worker
(:mod:`counter_app.gui.operations.sale`); every refusal names the field and keeps what was
typed.

The page composes one widget per step (:mod:`.itinerary`, :mod:`.customer`,
:mod:`.passengers`, :mod:`.quote`, :mod:`.payment`), hands each its part of the
:class:`~.state.SaleState` and runs the steps that span them: quote, book, ticket, print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.domain.errors import DomainError
from counter_app.domain.passengers import PassengerInput
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import domain_message, sync_error_message
from counter_app.gui.operations import sale as ops
from counter_app.gui.pages.sale.customer import CustomerPanel
from counter_app.gui.pages.sale.itinerary import ItineraryPanel
from counter_app.gui.pages.sale.passengers import PassengersPanel
from counter_app.gui.pages.sale.payment import PaymentPanel
from counter_app.gui.pages.sale.quote import QuotePanel
from counter_app.gui.pages.sale.seats import SeatsBar
from counter_app.gui.pages.sale.state import (
    LEASE_CODES,
    METHOD_CODES,
    METHOD_ORDER,
    WALK_IN_METHODS,
    ChosenSegment,
    Part,
    PaymentState,
    SaleState,
)
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.kernel.clock import SHANGHAI

if TYPE_CHECKING:
    from counter_app.services.booking import HeldBooking, IssuedBooking, SegmentChoice, TripQuote
    from counter_app.services.customers import CustomerRow
    from counter_app.services.flights import ClassOffer, FlightOffer
    from counter_app.services.lookup import CustomerTerms, KnownTraveller


class SalePage(QWidget):
    """Emits ``status`` lines for the status bar and ``changed`` after a local commit that
    head office must learn of (the window wakes the sync)."""

    status = Signal(str)
    changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("salePage")
        self.state = SaleState()
        self._lease_retry = False
        self.itinerary_panel = ItineraryPanel(self.state.itinerary, self)
        self.customer_panel = CustomerPanel(ctx, self.state.customer, self)
        self.passengers_panel = PassengersPanel(
            ctx, self, self.state.passengers, self.state.itinerary, self)
        self.quote_panel = QuotePanel(self)
        self.payment_panel = PaymentPanel(ctx, self, self.state, self)
        self.seats_bar = SeatsBar(ctx, self)  # 选座 once the booking is held (its Ctrl+E)
        self.message = MessageLine(self, "saleMessage")
        self._name_widgets()

        left = QVBoxLayout()
        left.addWidget(self.itinerary_panel)
        left.addWidget(self.customer_panel)
        left.addWidget(self.passengers_panel, 1)
        left.addWidget(self.seats_bar)
        right = QVBoxLayout()
        right.addWidget(self.quote_panel, 1)
        right.addWidget(self.payment_panel)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)

        self.itinerary_panel.removeRequested.connect(self.remove_selected_segment)
        self.customer_panel.kindChanged.connect(self._kind_changed)
        self.customer_panel.customerPicked.connect(self.choose_customer)
        self.add_official_button.clicked.connect(self.add_official)
        self.passengers_panel.changed.connect(self._invalidate_quote)
        self.quote_button.clicked.connect(self.request_quote)
        self.book_button.clicked.connect(self.book)
        self.payment_panel.add_payment_button.clicked.connect(self.add_payment)
        self.payment_panel.ticket_button.clicked.connect(self.ticket)
        self.payment_panel.submitted.connect(self.ticket)
        self.payment_panel.changed.connect(self._refresh_state)
        self.payment_panel.failed.connect(self._failed)
        self.seats_bar.changed.connect(self.changed)
        QShortcut(QKeySequence("F6"), self, self.request_quote)
        QShortcut(QKeySequence("F7"), self, self.book)
        QShortcut(QKeySequence("F8"), self, self.ticket)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_sale)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_receipts)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.payment_panel.print_confirmation)
        self.setFocusProxy(self.name_edit)
        self._refresh_state()

    def _name_widgets(self) -> None:
        """The steps' fields under the names the page has always given them."""
        it, cu, pa = self.itinerary_panel, self.customer_panel, self.passengers_panel
        qu, pay = self.quote_panel, self.payment_panel
        self.segments_model, self.segments_view = it.segments_model, it.segments_view
        self.kind_combo, self.customer_edit = cu.kind_combo, cu.customer_edit
        self.customer_info, self.official_combo = cu.customer_info, cu.official_combo
        self.add_official_button = cu.add_official_button
        self.gp_order_edit, self.gp_order_label = cu.gp_order_edit, cu.gp_order_label
        self.name_edit, self.id_type_combo = pa.name_edit, pa.id_type_combo
        self.id_edit, self.id_hint, self.birth_edit = pa.id_edit, pa.id_hint, pa.birth_edit
        self.mobile_edit, self.ffp_edit = pa.mobile_edit, pa.ffp_edit
        self.insurance_spin = pa.insurance_spin
        self.add_passenger_button = pa.add_passenger_button
        self.passengers_model, self.passengers_view = pa.passengers_model, pa.passengers_view
        self._traveller_completer = pa.traveller_completer
        self.quote_model, self.quote_view = qu.quote_model, qu.quote_view
        self.total_label, self.rules_label = qu.total_label, qu.rules_label
        self.quote_button, self.book_button = qu.quote_button, qu.book_button
        self.booking_label = qu.booking_label
        self.method_combo, self.amount_edit = pay.method_combo, pay.amount_edit
        self.tendered_edit, self.reference_edit = pay.tendered_edit, pay.reference_edit
        self.payments_label, self.tickets_label = pay.payments_label, pay.tickets_label
        self.override_row, self.approver_edit = pay.override_row, pay.approver_edit
        self.approver_password, self.override_reason = pay.approver_password, pay.override_reason
        self.ticket_button, self.receipts_button = pay.ticket_button, pay.receipts_button

    # -- the sale as it stands ----------------------------------------------------------

    segments = Part(lambda s: s.itinerary.segments)
    customer = Part(lambda s: s.customer.customer)
    officials = Part(lambda s: s.customer.officials)
    passengers = Part(lambda s: s.passengers.passengers)
    id_conflicts = Part(lambda s: s.passengers.id_conflicts)
    quote = Part(lambda s: s.booking.quote)
    held = Part(lambda s: s.booking.held)
    payments = Part(lambda s: s.payment.payments)
    issued = Part(lambda s: s.payment.issued)
    receipt_serials = Part(lambda s: s.payment.receipt_serials)

    @property
    def traveller_matches(self) -> list[KnownTraveller]:
        return self.passengers_panel.traveller_matches

    def add_passenger(self) -> None:
        self.passengers_panel.add_passenger()

    def _append_passenger(self, passenger: PassengerInput) -> bool:
        return self.passengers_panel.append(passenger)

    def _traveller_picked(self, row: int) -> None:
        self.passengers_panel.traveller_picked(row)

    # -- messages -----------------------------------------------------------------------

    def label_of(self, widget: QWidget | None) -> str | None:
        """The text of ``widget``'s label as shown, or None for a widget without one."""
        if widget is None:
            return None
        label = next((x for x in self.findChildren(QLabel) if x.buddy() is widget), None)
        return label.text().replace("&", "") if label is not None else None

    @property
    def error_shown(self) -> bool:
        return self.message.is_error

    def show_error(self, text: str, widget: QWidget | None = None) -> None:
        self.message.show_error(text, widget)

    def show_info(self, text: str) -> None:
        self.message.show_info(text)
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
                self.payment_panel.ask_override()
        else:
            self.show_error(self.tr("The step failed: %1").replace("%1", str(error)))
        self._refresh_state()

    def _refresh_state(self) -> None:
        editable = self.state.editable
        for widget in (self.kind_combo, self.customer_edit, self.add_passenger_button,
                       self.name_edit, self.id_edit, self.add_official_button):
            widget.setEnabled(editable)
        self.passengers_panel.editable = editable
        self.customer_panel.show_gp_fields(self.kind_combo.currentData() == "gp_unit")
        held, issued = self.held, self.issued
        self.seats_bar.set_booking(held.booking_id if held is not None else (
            issued.booking_id if issued is not None else None))
        self.quote_button.setEnabled(editable and bool(self.segments and self.passengers))
        self.book_button.setEnabled(editable and self.quote is not None)
        self.ticket_button.setEnabled(held is not None and issued is None)
        self.receipts_button.setEnabled(issued is not None and not self.state.payment.receipts_done)
        self.payment_panel.confirmation_button.setEnabled(issued is not None or held is not None)

    def _invalidate_quote(self) -> None:
        self.state.booking.quote = None
        self.quote_panel.clear()
        # No total to default to until the next quote: the placeholder says so again.
        self.payment_panel.show_total(None)
        self._refresh_state()

    # -- itinerary and customer ---------------------------------------------------------

    def add_segment(self, offer: FlightOffer, chosen: ClassOffer) -> None:
        """Add a flight and class from the finder (a return or a connection: add another)."""
        if not self.state.editable:
            self.new_sale()
        segment = ChosenSegment.of(offer, chosen)
        self.state.itinerary.add(segment)
        self.itinerary_panel.show_segments()
        self.passengers_panel.show_passengers()  # types are ages on the first flight
        self._invalidate_quote()
        self.show_info(self.tr("Segment added: %1 class %2.").replace("%1", segment.label)
                       .replace("%2", chosen.code))

    def remove_selected_segment(self) -> None:
        row = self.itinerary_panel.selected_row()
        if 0 <= row < len(self.segments) and self.held is None:
            del self.segments[row]
            self.itinerary_panel.show_segments()
            self.passengers_panel.show_passengers()
            self._invalidate_quote()

    def _kind_changed(self) -> None:
        if self.state.customer.kind == "walk_in":
            self.payment_panel.set_methods(list(WALK_IN_METHODS))
        self._invalidate_quote()

    def choose_customer(self, customer: CustomerRow) -> None:
        """Take this customer: it decides prices, payment options and services."""
        self.customer_panel.show_chosen(customer)
        self._invalidate_quote()

        def done(terms: CustomerTerms) -> None:
            self.payment_panel.set_methods([m for m in METHOD_ORDER if m in terms.methods])
            if customer.kind == "gp_unit" and "official_card" in terms.methods:
                # An official's trip is paid by the official card (公务卡) as a rule.
                self.payment_panel.choose_method("official_card")
            self.customer_panel.show_terms(customer, terms.credit_left, terms.travellers)
            self._refresh_state()

        ops.customer_terms(self.ctx, customer.id, done, self._failed)

    def add_official(self) -> None:
        """Add the chosen GP official (or the customer's traveller) as a passenger."""
        official = self.customer_panel.chosen_official()
        if official is None:
            return

        def done(t: KnownTraveller) -> None:
            self.passengers_panel.append(PassengerInput(
                name=t.name, id_type=t.id_type, id_number=t.id_number,
                birth_date=t.birth_date, traveller_id=t.traveller_id, mobile=t.mobile,
                ffp_number=t.ffp_number,
            ))

        ops.traveller_on_list(self.ctx, official.id, done, self._failed)

    # -- quote, book, pay, ticket -------------------------------------------------------

    def _segment_choices(self) -> list[SegmentChoice]:
        from counter_app.services.booking import SegmentChoice

        return [SegmentChoice(s.flight_id, s.class_code) for s in self.segments]

    def request_quote(self) -> None:
        if not self.state.editable:
            return
        if not self.segments:
            self.refuse(DomainError("segments_required", field="segments"))
            return
        if not self.passengers:
            self.refuse(DomainError("passengers_required", field="name"))
            return
        customer = self.customer
        ops.quote_trip(self.ctx, self._segment_choices(), list(self.passengers),
                       customer.id if customer else None, self.ctx.clock.now(),
                       self._show_quote, self._failed)

    def _show_quote(self, quote: TripQuote) -> None:
        self.state.booking.quote = quote
        self.quote_panel.show_quote(quote, self.passengers_panel.type_name)
        self.payment_panel.show_total(quote.total)
        self._refresh_state()
        self.show_info(self.tr("Quoted. F7 holds the booking."))
        self.book_button.setFocus()

    def book(self) -> None:
        if self.quote is None or self.held is not None:
            return
        passengers = list(self.passengers)
        customer = self.customer
        retried, self._lease_retry = self._lease_retry, False

        def failed(error: BaseException) -> None:
            if (
                isinstance(error, DomainError)
                and (error.code in LEASE_CODES or error.params.get("reason") in LEASE_CODES)
                and not retried
                and self._lease_then_book()
            ):
                return
            self._failed(error)

        ops.book(self.ctx, self._segment_choices(), passengers,
                 customer.id if customer else None, self.ctx.clerk, self.ctx.clock.now(),
                 self.gp_order_edit.text().strip(),
                 next((p.mobile for p in passengers if p.mobile), ""), self._booked, failed)

    def _lease_then_book(self) -> bool:
        """Online, a flight outside this counter's allotment is no refusal: ask head office
        for the seats (a lease), then book again. Offline, the refusal stands and says so."""
        sync = self.ctx.sync
        if sync.engine is None or not sync.online or self.quote is None:
            return False

        def leased(_result: None) -> None:
            self._lease_retry = True
            self.book()

        self.show_info(self.tr("Asking head office for the seats…"))
        ops.request_leases(self.ctx, sync.engine,
                           [(s.flight_id, s.cabin) for s in self.segments], self.quote.seats,
                           leased, lambda error: self.show_error(sync_error_message(error),
                                                                 self.segments_view))
        return True

    def _booked(self, held: HeldBooking) -> None:
        self.state.booking.held = held
        self._show_quote(held.quote)
        deadline = held.ticketing_deadline.astimezone(SHANGHAI).strftime("%H:%M")
        self.quote_panel.show_held(held.pnr, deadline)
        self._refresh_state()
        self.show_info(self.tr("Booked: PNR %1. Take the payment (F8).").replace("%1", held.pnr))
        self.changed.emit()
        self.amount_edit.setFocus()

    def add_payment(self) -> None:
        """Split payment: keep this one and take the rest by another method."""
        if self.held is None:
            return
        try:
            payment = self.payment_panel.payment_from_form(self.state.remaining())
        except DomainError as error:
            self.refuse(error)
            return
        self.payments.append(payment)
        self.payment_panel.clear_amounts()
        self.payment_panel.show_payments()

    def ticket(self) -> None:
        """Take the payment(s) and issue the tickets from the counter's number range."""
        held = self.held
        if held is None or self.issued is not None:
            return
        payments = list(self.payments)
        remaining = self.state.remaining()
        if remaining > 0:
            try:
                payments.append(self.payment_panel.payment_from_form(remaining))
            except DomainError as error:
                self.refuse(error)
                return
        ops.ticket_booking(self.ctx, held.booking_id, payments, self.ctx.clerk,
                           self.ctx.clock.now(), self.payment_panel.override(),
                           self._ticketed, self._failed)

    def _ticketed(self, issued: IssuedBooking) -> None:
        self.state.payment.issued = issued
        self.payment_panel.show_issued(issued)
        self._refresh_state()
        self.show_info(
            self.tr("Ticketed: %1 ticket(s), PNR %2. Ctrl+N for the next sale.")
            .replace("%1", str(len(issued.tickets)))
            .replace("%2", issued.pnr)
        )
        self.changed.emit()

    # -- documents (step 5's) and the next sale ------------------------------------------

    def print_receipts(self) -> None:
        self.payment_panel.print_receipts()

    def _receipt_printed(self, ticket_number: str, serial: str) -> None:
        self.payment_panel.receipt_printed(ticket_number, serial)

    def new_sale(self) -> None:
        """Clear everything for the next traveller (a held booking stays held)."""
        self.state.payment = PaymentState()
        self.state.booking.held = None
        self.itinerary_panel.start_over()
        self.passengers_panel.start_over()
        self.payment_panel.clear()
        self.gp_order_edit.clear()
        self.customer_panel.start_over()
        self.quote_panel.booking_label.setText("")
        self._invalidate_quote()
        self.show_info("")
        # A walk-in starts with the name; a GP unit's sale with the unit (then the official).
        walk_in = self.customer_panel.default_kind() == "walk_in"
        (self.name_edit if walk_in else self.customer_edit).setFocus()
