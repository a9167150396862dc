"""Change (改签, F7): a coupon onto another flight of the same airline and route, or another
class; the fee and fare difference are quoted, what is due is paid, and the ticket is
re-issued with a new number. An adult with an infant on their lap changes with the infant.
Online, a new flight outside this counter's allotment is asked of head office first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.fees import FeeRule
from counter_app.domain.money import format_yuan
from counter_app.gui.messages import sync_error_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import ActionPanel, Host
from counter_app.gui.pages.after_sale.state import ChangeState, coupon_line
from counter_app.gui.pages.flight_finder import availability_line, fare_text
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.tables import make_table
from counter_app.gui.widgets.timers import debounce
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.after_sale import ChangeQuote, ChangeResult
from counter_app.services.booking import CouponView, TicketView
from counter_app.services.flights import ClassOffer, FlightOffer


class ChangePanel(ActionPanel):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(host, parent)
        self.state = ChangeState()
        self._quote_task: Task | None = None
        self._flights_task: Task | None = None
        self.heading.setText(self.tr("Change flight or class (改签)"))
        self.coupon = named(QComboBox(self), "changeCoupon")
        self.date = named(QDateEdit(self), "changeDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd ddd")
        self.reason = named(QComboBox(self), "changeReason")
        self.reason.addItem(self.tr("Voluntary"), "voluntary")
        self.reason.addItem(self.tr("Involuntary (caused by the airline)"), "involuntary")
        self.find_button = named_button(self.tr("Find flights"), "changeFindButton", self)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Coupon"), self))
        row.addWidget(self.coupon, 2)
        row.addWidget(QLabel(self.tr("New date"), self))
        row.addWidget(self.date, 1)
        row.addWidget(QLabel(self.tr("Reason"), self))
        row.addWidget(self.reason, 1)
        row.addWidget(self.find_button)
        self.column.addLayout(row)
        self.flights_model: RowsModel[FlightOffer] = RowsModel(
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
        self.flights_view = make_table(self, self.flights_model, "changeFlightsView")
        self.column.addWidget(self.flights_view, 1)
        self.class_code = named(QComboBox(self), "changeClass")
        self.payment = named(QComboBox(self), "changePayment")
        for method in ("cash", "bank_card"):
            self.payment.addItem(host.words.methods[method], method)
        # An adult with an infant on their lap changes with the infant, in one step.
        self.with_infant = QCheckBox(self.tr("Change the infant too"), self)
        self.with_infant.setObjectName("changeWithInfant")
        self.with_infant.setChecked(True)
        self.with_infant.setToolTip(
            self.tr("The infant on this adult's lap moves to the same flight and class in the "
                    "same step; neither is changed alone.")
        )
        row2 = QHBoxLayout()
        row2.addWidget(self.with_infant)
        row2.addWidget(QLabel(self.tr("Class"), self))
        row2.addWidget(self.class_code, 1)
        row2.addWidget(QLabel(self.tr("Pay by"), self))
        row2.addWidget(self.payment, 1)
        self.column.addLayout(row2)
        self.summary = self.add_summary("changeSummary")
        self.confirm = self.add_confirm(self.tr("Confirm change"), "confirmChangeButton",
                                        self.confirm_change)
        # A date picked in the calendar or typed: search after a pause.
        self._date_debounce = debounce(self, 400, lambda: self.find_flights())
        self._connect()

    def _connect(self) -> None:
        self.find_button.clicked.connect(lambda: self.find_flights(again=True))
        self.date.editingFinished.connect(lambda: self.find_flights())
        self.date.dateChanged.connect(lambda _d: self._date_debounce.start())
        self.coupon.currentIndexChanged.connect(lambda _i: self._coupon_chosen())
        self.reason.currentIndexChanged.connect(lambda _i: self.quote())
        self.flights_view.selectionModel().currentRowChanged.connect(
            lambda *_a: self._fill_classes()
        )
        self.flights_view.activated.connect(lambda _i: self.class_code.setFocus())
        self.class_code.currentIndexChanged.connect(lambda _i: self.quote())
        self.with_infant.toggled.connect(lambda _on: self.quote())

    def open(self, ticket: TicketView) -> None:
        self.info.setText(
            self.tr(
                "Move a coupon of ticket %1 to another flight of the same airline and "
                "route, or to another class. The ticket is re-issued with a new number."
            ).replace("%1", self.who(ticket))
        )
        detail = self.host.state.detail
        infants = detail is not None and ticket.passenger_type == "ADT" and any(
            t.passenger_type == "INF" and t.status == "issued" for t in detail.tickets
        )
        self.with_infant.blockSignals(True)
        self.with_infant.setChecked(True)
        self.with_infant.blockSignals(False)
        self.with_infant.setVisible(infants)
        today = self.host.ctx.clock.now().astimezone(SHANGHAI).date()
        self.date.setMinimumDate(QDate(today.year, today.month, today.day))
        self.coupon.blockSignals(True)
        self.coupon.clear()
        for c in ticket.coupons:
            if c.status == "O":
                self.coupon.addItem(coupon_line(c), c.seq)
        self.coupon.blockSignals(False)
        self.state.flights_for = None
        self._coupon_chosen()
        self.date.setFocus()

    def reset(self) -> None:
        """The panel is put away: its quote no longer holds, a quote on its way is dropped."""
        self.state.quote = None
        if self._quote_task is not None:
            self._quote_task.cancel()
            self._quote_task = None

    def _chosen_coupon(self) -> CouponView | None:
        ticket = self.host.state.action_ticket
        if ticket is None:
            return None
        seq = self.coupon.currentData()
        return next((c for c in ticket.coupons if c.seq == seq), None)

    def _coupon_chosen(self) -> None:
        coupon = self._chosen_coupon()
        if coupon is None:
            return
        day = coupon.dep_date
        self.date.setDate(QDate(day.year, day.month, day.day))
        self.find_flights()

    def _day(self) -> date:
        d = self.date.date()
        return date(d.year(), d.month(), d.day())

    def find_flights(self, again: bool = False) -> None:
        """The same airline's flights of the coupon's route on the chosen date."""
        self._date_debounce.stop()
        coupon = self._chosen_coupon()
        if coupon is None or not self.is_open():
            return
        day = self._day()
        key = (coupon.seq, day)
        if key == self.state.flights_for and not again:
            return
        self.state.flights_for = key
        self.state.quote = None
        self.summary.setText("")
        self.confirm.setEnabled(False)
        if self._flights_task is not None:
            self._flights_task.cancel()

        def done(offers: list[FlightOffer]) -> None:
            self._flights_task = None
            self.flights_model.set_rows(offers)
            if not offers:
                self.class_code.clear()
                self.summary.setText(
                    self.tr("No %1 flight from %2 to %3 on %4.")
                    .replace("%1", coupon.flight_no[:2])
                    .replace("%2", coupon.origin)
                    .replace("%3", coupon.destination)
                    .replace("%4", day.isoformat())
                )
                return
            index = next((i for i, o in enumerate(offers) if o.flight_no == coupon.flight_no), 0)
            self.flights_view.selectRow(index)
            self._fill_classes()

        self._flights_task = ops.flights_for_change(
            self.host.ctx, coupon, day, done, self.host.failer(self.date)
        )

    def _flight(self) -> FlightOffer | None:
        return self.flights_model.row_at(self.flights_view.currentIndex().row())

    def _fill_classes(self) -> None:
        offer, coupon = self._flight(), self._chosen_coupon()
        self.class_code.blockSignals(True)
        self.class_code.clear()
        if offer is not None:
            chosen = 0
            open_classes: list[ClassOffer] = [
                c for c in offer.classes if c.seats > 0 and not c.closed
            ]
            for i, c in enumerate(open_classes):
                self.class_code.addItem(f"{c.code}  {fare_text(c.fare)}  ({c.seats})", c.code)
                if coupon is not None and c.code == coupon.class_code:
                    chosen = i
            self.class_code.setCurrentIndex(chosen)
        self.class_code.blockSignals(False)
        self.quote()

    def quote(self) -> None:
        ticket, coupon = self.host.state.action_ticket, self._chosen_coupon()
        offer = self._flight()
        class_code = self.class_code.currentData()
        self.state.quote = None
        self.confirm.setEnabled(False)
        if ticket is None or coupon is None or offer is None or not class_code or (
            not self.is_open()
        ):
            return
        choice = ops.ChangeChoice(
            ticket.ticket_number, coupon.seq, offer.flight_id, str(class_code),
            str(self.reason.currentData()), self.with_infant.isChecked(),
        )
        self.summary.setText(self.tr("Working out the change…"))
        self.host.clear_message()
        if self._quote_task is not None:
            self._quote_task.cancel()
        cabin = next((c.cabin.value for c in offer.classes if c.code == class_code), "Y")

        def failed(error: BaseException) -> None:
            self._quote_task = None
            self.summary.setText("")
            if self._lease_then_retry(error, choice.flight_id, cabin, self.quote):
                return
            self.host.failed(error, None)

        self._quote_task = ops.change_quote(self.host.ctx, choice, self._show, failed)

    def _lease_then_retry(
        self, error: BaseException, flight_id: str, cabin: str, retry: Callable[[], None]
    ) -> bool:
        """Online, a new flight outside this counter's allotment is no refusal: ask head office
        for a seat (a lease) and try again, once. Offline the refusal stands."""
        sync = self.host.ctx.sync
        reason = error.params.get("reason") if isinstance(error, DomainError) else None
        if (
            not isinstance(error, DomainError)
            or error.code != "needs_head_office"
            or reason not in ("no_lease", "lease_expired")
            or sync.engine is None
            or not sync.online
            or flight_id in self.state.leased
        ):
            return False
        self.state.leased.add(flight_id)
        self.summary.setText(self.tr("Asking head office for a seat on the new flight…"))

        def failed(lease_error: BaseException) -> None:
            self.summary.setText("")
            self.host.show_error(sync_error_message(lease_error))

        ops.lease_seat(self.host.ctx, flight_id, cabin, lambda _lease: retry(), failed)
        return True

    def _show(self, quote: ChangeQuote) -> None:
        self._quote_task = None
        self.state.quote = quote
        self.summary.setText(self._summary(quote))
        self.payment.setEnabled(quote.total_due > 0)
        self.confirm.setEnabled(True)
        self.confirm.setDefault(True)

    def _summary(self, quote: ChangeQuote) -> str:
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
        return (
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

    def confirm_change(self) -> None:
        quote, state = self.state.quote, self.host.state
        if quote is None or state.busy:
            return
        state.busy = True
        ops.confirm_change(self.host.ctx, quote, str(self.payment.currentData()), self._changed,
                           self.host.failer(self.payment))

    def _changed(self, result: ChangeResult) -> None:
        text = (
            self.tr("Ticket %1 exchanged for %2 on %3 %4. Paid: %5.")
            .replace("%1", result.old_ticket_number)
            .replace("%2", result.new_ticket_number)
            .replace("%3", result.quote.new_flight_no)
            .replace("%4", result.quote.new_class)
            .replace("%5", self.host.words.channels(result.paid))
        )
        if result.infant is not None:
            text += " " + (
                self.tr("Infant %1: ticket %2 exchanged for %3 on the same flight.")
                .replace("%1", result.infant.quote.passenger_name)
                .replace("%2", result.infant.old_ticket_number)
                .replace("%3", result.infant.new_ticket_number)
            )
        self.host.show_info(text)
        self.host.after_change()
