"""The flight finder page (航班查询): from, to, date → the day's flights, with seats and
fares per booking class for the chosen flight.

Keyboard: type the cities (Enter takes the best match and moves on), the date, Enter
searches and, when the flights are in, puts the cursor on them; Ctrl+Left/Ctrl+Right search
the day before/after and Ctrl+S swaps from and to, from any field. A city nothing matches is
said at the field as it is left, a past date as it is typed; the old results go then, so they
are never read as the answer to the new question.
Under the direct flights the connections via a hub are listed (Enter takes both flights,
the cheapest open class of each). With "Return" ticked, choosing the outbound searches the
return date the other way round; choosing the return flight completes the itinerary.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.domain.money import format_yuan
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import ERROR_COLOR, domain_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import flights as ops
from counter_app.gui.tasks import Task
from counter_app.gui.widgets.message_line import MessageLine
from counter_app.gui.widgets.place_edit import PlaceEdit
from counter_app.gui.widgets.tables import make_table
from counter_app.kernel.clock import SHANGHAI
from counter_app.services.flights import (
    ClassOffer,
    ConnectionOffer,
    FlightOffer,
    with_live_availability,
)
from counter_app.services.screens import FlightSearch
from counter_app.sync.protocol import Availability, Lease

CABIN_ORDER = {"F": 0, "C": 1, "Y": 2}


def _hm(value: object) -> str:
    return value.strftime("%H:%M") if hasattr(value, "strftime") else str(value)


def _arrival(offer: FlightOffer) -> str:
    days = (offer.arr_date - offer.dep_date).days
    return _hm(offer.arr_time) + (f" +{days}" if days else "")


def _duration(minutes: int) -> str:
    return f"{minutes // 60}h{minutes % 60:02d}m"


def _seats(n: int) -> str:
    # The GDS shows A for nine or more; a counter clerk wants the number, capped for width.
    return "≥9" if n >= 9 else str(n)


def availability_line(offer: FlightOffer) -> str:
    """``F8 C4 Y9 B9 M5 H0``: the classic availability line, one letter and seats each."""
    return " ".join(f"{c.code}{c.seats if c.seats < 9 else 'A'}" for c in offer.classes)


def fare_text(amount: Decimal) -> str:
    """Fares are whole tens of yuan: ``¥1,480`` reads faster than ``¥1,480.00``."""
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return format_yuan(amount)


def offline_line(offer: FlightOffer) -> str:
    """``Y 5``: seats left in this counter's leases per cabin, ``—`` when it holds none."""
    seats = [f"{cabin} {n}" for cabin, n in sorted(offer.offline_seats.items()) if n > 0]
    return " ".join(seats) if seats else "—"


def cheapest_open(offer: FlightOffer) -> ClassOffer | None:
    """The cheapest class with a seat left (what Enter on a connection sells)."""
    return offer.lowest


def connection_line(c: ConnectionOffer) -> str:
    """``CA1144 HET→PEK 12:10 + CA1301 PEK→SZX 15:30``: both flights on one line."""
    a, b = c.first, c.second
    return (
        f"{a.flight_no} {a.origin}→{a.destination} {_hm(a.dep_time)} + "
        f"{b.flight_no} {b.origin}→{b.destination} {_hm(b.dep_time)}"
    )


def _connection_arrival(c: ConnectionOffer) -> str:
    days = (c.second.arr_date - c.first.dep_date).days
    return _hm(c.second.arr_time) + (f" +{days}" if days else "")


def _percent(c: ClassOffer) -> str:
    if c.percent == Decimal(100):
        return "100%"
    return f"{c.percent.normalize():f}%"


class FlightFinderPage(QWidget):
    """Search the local cache for flights. Emits ``status`` with a line for the status bar."""

    status = Signal(str)
    segmentChosen = Signal(object, object)  # FlightOffer, ClassOffer: sell this
    itineraryChosen = Signal()  # every segment of the trip chosen: on to the sale

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._task: Task | None = None
        # A return trip: the outbound segments wait here while the return is chosen.
        self._pending: list[tuple[FlightOffer, ClassOffer]] = []
        self._return_leg = False
        # The field an error message is about (it goes when that field is put right), and
        # whether the running search was started from the form (its results take focus).
        self._error_field: QWidget | None = None
        self._focus_results = False
        self.setObjectName("flightFinderPage")

        self.origin = PlaceEdit(self)
        self.origin.setObjectName("originEdit")
        self.origin.setPlaceholderText(self.tr("From: code, pinyin or Chinese"))
        self.destination = PlaceEdit(self)
        self.destination.setObjectName("destinationEdit")
        self.destination.setPlaceholderText(self.tr("To: code, pinyin or Chinese"))
        self.origin.set_index(ctx.places)
        self.destination.set_index(ctx.places)
        self.swap_button = QPushButton("⇄", self)
        self.swap_button.setToolTip(self.tr("Swap from and to (Ctrl+S)"))
        self.swap_button.setFixedWidth(36)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("dateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        today = self._today()
        # No minimum date: the edit would silently refuse a past date typed in; the page
        # says what is wrong instead and keeps what was typed.
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.prev_day = QPushButton(self.tr("◀ Day before"), self)
        self.prev_day.setToolTip(self.tr("Ctrl+Left"))
        self.next_day = QPushButton(self.tr("Day after ▶"), self)
        self.next_day.setToolTip(self.tr("Ctrl+Right"))
        self.return_check = QCheckBox(self.tr("Return"), self)
        self.return_check.setObjectName("returnCheck")
        self.return_check.setToolTip(
            self.tr("Return trip: choose the return flight after the outbound")
        )
        self.return_date_edit = QDateEdit(self)
        self.return_date_edit.setObjectName("returnDateEdit")
        self.return_date_edit.setCalendarPopup(True)
        self.return_date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        # No minimum either: a return date before the outbound one is said at the search
        # (return_before_outbound), not silently put back.
        back = today + timedelta(days=3)
        self.return_date_edit.setDate(QDate(back.year, back.month, back.day))
        self.return_date_edit.setEnabled(False)
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setObjectName("searchButton")
        self.search_button.setDefault(True)

        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("From"), self))
        form.addWidget(self.origin, 3)
        form.addWidget(self.swap_button)
        form.addWidget(QLabel(self.tr("To"), self))
        form.addWidget(self.destination, 3)
        form.addSpacing(12)
        form.addWidget(QLabel(self.tr("Date"), self))
        form.addWidget(self.date_edit, 2)
        form.addWidget(self.prev_day)
        form.addWidget(self.next_day)
        form.addSpacing(12)
        form.addWidget(self.return_check)
        form.addWidget(self.return_date_edit, 2)
        form.addSpacing(12)
        form.addWidget(self.search_button)

        self.message = MessageLine(self, "finderMessage")
        self.leg_hint = QLabel(self)
        self.leg_hint.setObjectName("legHint")
        self.leg_hint.setStyleSheet("font-weight: bold; color: #0b5394;")
        self.leg_hint.setVisible(False)

        self.flights_model: RowsModel[FlightOffer] = RowsModel(
            [
                Column(self.tr("Flight"), lambda o: o.flight_no, muted=lambda o: o.departed),
                Column(self.tr("Airline"), lambda o: o.carrier_name),
                Column(
                    self.tr("From"),
                    lambda o: f"{o.origin} {o.origin_short}",
                    tooltip=lambda o: o.origin_name,
                ),
                Column(
                    self.tr("To"),
                    lambda o: f"{o.destination} {o.destination_short}",
                    tooltip=lambda o: o.destination_name,
                ),
                Column(self.tr("Departs"), lambda o: _hm(o.dep_time), Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Arrives"), _arrival, Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Aircraft"), lambda o: o.aircraft, Qt.AlignmentFlag.AlignCenter),
                Column(
                    self.tr("Time"),
                    lambda o: _duration(o.duration_minutes),
                    Qt.AlignmentFlag.AlignCenter,
                ),
                Column(self.tr("Lowest fare"), self._lowest, Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Offline seats"),
                    offline_line,
                    Qt.AlignmentFlag.AlignCenter,
                    tooltip=lambda o: self.tr(
                        "Seats this counter may still sell offline from its leases"
                    ),
                ),
                Column(
                    self.tr("Availability"),
                    availability_line,
                    tooltip=lambda o: (
                        self.tr("live from head office")
                        if o.live
                        else self.tr("from the local cache")
                    ),
                ),
            ]
        )
        self.flights_view = make_table(self, self.flights_model, "flightsView", stretch_last=False)
        # The availability line (F8 C4 YA BA ...) can be long: it takes the room left and
        # is elided; its tooltip says whether the seats are live.
        self.flights_view.horizontalHeader().setSectionResizeMode(
            10, QHeaderView.ResizeMode.Stretch
        )
        self.flights_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.flights_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.classes_model: RowsModel[ClassOffer] = RowsModel(
            [
                Column(self.tr("Class"), lambda c: c.code, Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Cabin"), self._cabin_name),
                Column(self.tr("Discount"), _percent, Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Fare"), lambda c: fare_text(c.fare), Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Seats"),
                    lambda c: _seats(c.seats) if c.seats else self.tr("closed"),
                    Qt.AlignmentFlag.AlignCenter,
                    muted=lambda c: c.seats == 0,
                ),
            ]
        )
        self.classes_view = make_table(self, self.classes_model, "classesView", stretch_last=False)
        self.classes_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("detailTitle")

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.classes_view)
        self.lease_seats = QSpinBox(self)
        self.lease_seats.setObjectName("leaseSeats")
        self.lease_seats.setRange(1, 50)
        self.lease_seats.setValue(5)
        self.lease_button = QPushButton(self.tr("Hold seats for offline sale"), self)
        self.lease_button.setObjectName("leaseButton")
        self.lease_button.setToolTip(
            self.tr(
                "Ask head office for seats of the selected class's cabin, to sell them "
                "even if the link goes down (allotment lease, 7 days)."
            )
        )
        lease_row = QHBoxLayout()
        lease_row.addWidget(self.lease_seats)
        lease_row.addWidget(self.lease_button, 1)
        detail_layout.addLayout(lease_row)

        self.connections_model: RowsModel[ConnectionOffer] = RowsModel(
            [
                Column(self.tr("Flights"), connection_line, muted=lambda c: c.departed),
                Column(
                    self.tr("Connection"),
                    lambda c: self.tr("%1 at %2")
                    .replace("%1", _duration(c.connect_minutes))
                    .replace("%2", c.hub),
                    Qt.AlignmentFlag.AlignCenter,
                    tooltip=lambda c: c.hub_name,
                ),
                Column(self.tr("Arrives"), _connection_arrival, Qt.AlignmentFlag.AlignCenter),
                Column(
                    self.tr("Time"),
                    lambda c: _duration(c.total_minutes),
                    Qt.AlignmentFlag.AlignCenter,
                ),
                Column(self.tr("Lowest fare"), self._connection_fare, Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Offline seats"),
                    lambda c: f"{offline_line(c.first)} / {offline_line(c.second)}",
                    Qt.AlignmentFlag.AlignCenter,
                ),
            ]
        )
        self.connections_view = make_table(
            self, self.connections_model, "connectionsView", stretch_last=False
        )
        # At 1280 pixels the two-flight line takes the room left (elided, never behind a
        # scrollbar that hides the last column).
        self.connections_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.connections_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.connections_view.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        connections = QWidget(self)
        connections_layout = QVBoxLayout(connections)
        connections_layout.setContentsMargins(0, 0, 0, 0)
        self.connections_title = QLabel(self.tr("Connections (Enter: both flights)"), self)
        self.connections_title.setObjectName("connectionsTitle")
        connections_layout.addWidget(self.connections_title)
        connections_layout.addWidget(self.connections_view)
        results = QSplitter(Qt.Orientation.Vertical, self)
        results.addWidget(self.flights_view)
        results.addWidget(connections)
        results.setStretchFactor(0, 3)
        results.setStretchFactor(1, 2)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(results)
        splitter.addWidget(detail)
        # The classes need about 360 pixels; the flights and connections take the rest.
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([880, 360])

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.leg_hint)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.search_button.clicked.connect(self.search)
        self.lease_button.clicked.connect(self.request_lease)
        self.swap_button.clicked.connect(self.swap)
        self.prev_day.clicked.connect(lambda: self.shift_day(-1))
        self.next_day.clicked.connect(lambda: self.shift_day(1))
        self.flights_view.selectionModel().currentRowChanged.connect(self._show_classes)
        for edit in (self.origin, self.destination):
            edit.installEventFilter(self)
        self.date_edit.installEventFilter(self)
        self.return_date_edit.installEventFilter(self)
        self.origin.entered.connect(lambda: self._city_entered(self.origin, self.destination))
        self.destination.entered.connect(
            lambda: self._city_entered(self.destination, self.date_edit)
        )
        self.origin.left.connect(lambda: self._city_left(self.origin, "origin"))
        self.destination.left.connect(lambda: self._city_left(self.destination, "destination"))
        self.origin.placeChanged.connect(lambda p: self._field_fixed(self.origin, p))
        self.destination.placeChanged.connect(lambda p: self._field_fixed(self.destination, p))
        self.date_edit.dateChanged.connect(lambda _d: self._date_typed())
        self.flights_view.installEventFilter(self)
        self.classes_view.installEventFilter(self)
        self.classes_view.doubleClicked.connect(lambda _i: self.choose_class())
        self.connections_view.installEventFilter(self)
        self.connections_view.doubleClicked.connect(lambda _i: self.choose_connection())
        self.return_check.toggled.connect(self._return_toggled)
        self.date_edit.dateChanged.connect(self._outbound_date_changed)
        for edit in (self.origin, self.destination):
            edit.textEdited.connect(lambda _t: self._reset_trip())
            edit.textEdited.connect(lambda _t, e=edit: self._mark(e, None))
        QShortcut(QKeySequence("Ctrl+Left"), self, lambda: self.shift_day(-1))
        QShortcut(QKeySequence("Ctrl+Right"), self, lambda: self.shift_day(1))
        QShortcut(QKeySequence("Ctrl+S"), self, self.swap)
        self.setTabOrder(self.origin, self.destination)
        self.setTabOrder(self.destination, self.date_edit)
        self.setTabOrder(self.date_edit, self.return_check)
        self.setTabOrder(self.return_check, self.return_date_edit)
        self.setTabOrder(self.return_date_edit, self.search_button)
        self.setTabOrder(self.search_button, self.flights_view)
        self.setTabOrder(self.flights_view, self.connections_view)
        self.setTabOrder(self.connections_view, self.classes_view)

    # -- helpers ------------------------------------------------------------------------

    def _today(self) -> date:
        return self.ctx.clock.now().astimezone(SHANGHAI).date()

    def _lowest(self, offer: FlightOffer) -> str:
        lowest = offer.lowest
        if offer.departed:
            return self.tr("departed")
        return f"{lowest.code} {fare_text(lowest.fare)}" if lowest else self.tr("full")

    def _connection_fare(self, c: ConnectionOffer) -> str:
        if c.departed:
            return self.tr("departed")
        a, b = cheapest_open(c.first), cheapest_open(c.second)
        if a is None or b is None:
            return self.tr("full")
        return f"{a.code}+{b.code} {fare_text(a.fare + b.fare)}"

    def _cabin_name(self, c: ClassOffer) -> str:
        return {"F": self.tr("First"), "C": self.tr("Business"), "Y": self.tr("Economy")}[
            c.cabin.value
        ]

    def selected_date(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def show_error(self, text: str, widget: QWidget | None = None) -> None:
        self.message.show_error(text, widget)
        self._error_field = None

    def show_info(self, text: str) -> None:
        self.message.show_info(text)
        self._error_field = None

    def _refuse_field(self, text: str, field: QWidget, *, focus: bool = True) -> None:
        """An error about a search field: said at once, the field framed in red with the
        message as its tooltip (it stays so when another message takes the line), and the
        old results go (they answered another question)."""
        self._clear_results()
        self.show_error(text, field if focus else None)
        self._error_field = field
        self._mark(field, text)

    def _mark(self, field: QWidget, text: str | None) -> None:
        """Frame a search field the clerk must put right, or clear its frame."""
        if text is None:
            if field.property("refused"):
                field.setProperty("refused", False)
                field.setStyleSheet("")
                field.setToolTip("")
            return
        field.setProperty("refused", True)
        field.setStyleSheet(f"{type(field).__name__} {{ border: 2px solid {ERROR_COLOR}; }}")
        field.setToolTip(text)

    def _clear_results(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.flights_model.set_rows([])
        self.connections_model.set_rows([])
        self.classes_model.set_rows([])
        self.detail_title.setText("")

    def _field_fixed(self, field: QWidget, place: object) -> None:
        """The clerk put right the field the message is about: the message goes."""
        if place is None:
            return
        self._mark(field, None)
        if self._error_field is field:
            self.show_info("")

    def _form_fields(self) -> tuple[QWidget, ...]:
        return (
            self.origin,
            self.destination,
            self.swap_button,
            self.date_edit,
            self.prev_day,
            self.next_day,
            self.return_check,
            self.return_date_edit,
            self.search_button,
        )

    # -- actions ------------------------------------------------------------------------

    def swap(self) -> None:
        a, b = self.origin.place(), self.destination.place()
        ta, tb = self.origin.text(), self.destination.text()
        self.origin.set_place(b) if b else self.origin.setText(tb)
        self.destination.set_place(a) if a else self.destination.setText(ta)

    def shift_day(self, days: int) -> None:
        target = self.date_edit.date().addDays(days)
        if self._past(target) and days < 0:
            # Said, but the flights shown (of the date still in the field) stay.
            self.show_error(self._past_message(target))
            self._error_field = self.date_edit
            return
        self.date_edit.setDate(target)
        if self.origin.place() and self.destination.place():
            self.search()

    def _past(self, day: QDate) -> bool:
        today = self._today()
        return day < QDate(today.year, today.month, today.day)

    def _past_message(self, day: QDate) -> str:
        error = DomainError("date_in_past", field="date", day=day.toString("yyyy-MM-dd"))
        return domain_message(error)

    def _date_typed(self) -> None:
        """A past date is said as soon as the edit holds one; the typing stays."""
        if self._return_leg:
            return
        day = self.date_edit.date()
        if self._past(day):
            self._refuse_field(self._past_message(day), self.date_edit, focus=False)
            return
        self._mark(self.date_edit, None)
        if self._error_field is self.date_edit:
            self.show_info("")

    def _city_entered(self, edit: PlaceEdit, following: QWidget) -> None:
        """Enter in a city field: take the place (the best match if several) and move on;
        a text nothing matches is said here and the cursor stays."""
        if edit.resolve() is None:
            edit.pick_first()
        if edit.place() is None:
            field = "origin" if edit is self.origin else "destination"
            code = "city_required" if not edit.text().strip() else "unknown_city"
            self._refuse_field(
                domain_message(DomainError(code, field=field, text=edit.text())), edit
            )
            return
        following.setFocus(Qt.FocusReason.TabFocusReason)

    def _city_left(self, edit: PlaceEdit, field: str) -> None:
        """Leaving a city field: an unknown or ambiguous text is said now, at the field,
        not at search time above the old results."""
        if not edit.text().strip() or edit.resolve() is not None:
            return
        code = "ambiguous_city" if edit.matches() else "unknown_city"
        self._refuse_field(
            domain_message(DomainError(code, field=field, text=edit.text())), edit, focus=False
        )

    def _resolve(self, edit: PlaceEdit, field: str) -> tuple[str, ...] | None:
        if not edit.text().strip():
            self._refuse_field(domain_message(DomainError("city_required", field=field)), edit)
            return None
        place = edit.resolve()
        if place is None:
            code = "ambiguous_city" if edit.matches() else "unknown_city"
            error = DomainError(code, field=field, text=edit.text())
            self._refuse_field(domain_message(error), edit)
            return None
        return place.codes

    def search(self) -> None:
        """Validate the form and search on the database worker."""
        origins = self._resolve(self.origin, "origin")
        if origins is None:
            return
        destinations = self._resolve(self.destination, "destination")
        if destinations is None:
            return
        day = self.selected_date()
        if self._past(self.date_edit.date()):
            self._refuse_field(self._past_message(self.date_edit.date()), self.date_edit)
            return
        now = self.ctx.clock.now()
        if (
            self.return_check.isChecked()
            and not self._return_leg
            and self.selected_return_date() < day
        ):
            self.show_error(
                domain_message(
                    DomainError(
                        "return_before_outbound",
                        field="return_date",
                        day=day.isoformat(),
                        return_day=self.selected_return_date().isoformat(),
                    )
                ),
                self.return_date_edit,
            )
            return
        if self._task is not None:
            self._task.cancel()
        # Searched from the form (Enter on the date, Ctrl+→, the button): the flights take
        # the cursor when they are in, so the next Enter chooses one.
        self._focus_results = QApplication.focusWidget() in self._form_fields()
        self.show_info(self.tr("Searching…"))

        self._task = ops.search(self.ctx, origins, destinations, day, now, self._show,
                                self._failed)

    def _show(self, result: FlightSearch) -> None:
        self._task = None
        offers, linked = result.direct, result.connections
        self._set_offers(offers)
        self.connections_model.set_rows(linked)
        if linked:
            self.connections_view.selectRow(
                next((i for i, c in enumerate(linked) if not c.departed), 0)
            )
        if offers:
            text = self.tr("%1 flights on %2, from the local cache.")
            self.show_info(
                text.replace("%1", str(len(offers))).replace("%2", self.selected_date().isoformat())
            )
            self._fetch_live(offers)
        elif linked:
            self.classes_model.set_rows([])
            self.detail_title.setText("")
            self.show_info(self.tr("No direct flights on that day; see the connections below."))
        else:
            self.classes_model.set_rows([])
            self.detail_title.setText("")
            self.show_info(
                self.tr(
                    "No direct flights on that day. Try the day before or after "
                    "(Ctrl+Left / Ctrl+Right)."
                )
            )
        if linked:
            self.show_info(
                self.message.text()
                + " "
                + self.tr("%1 connections.").replace("%1", str(len(linked)))
            )
        self.status.emit(self.message.text())
        if self._focus_results and QApplication.focusWidget() in self._form_fields():
            if offers:
                self.flights_view.setFocus(Qt.FocusReason.OtherFocusReason)
            elif linked:
                self.connections_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_results = False

    def _fetch_live(self, offers: list[FlightOffer]) -> None:
        """Online, ask head office for the seats as they are now; the table shows the
        cache's copy meanwhile, and stays so when head office does not answer."""
        sync = self.ctx.sync
        if not sync.online or sync.engine is None:
            return
        client = sync.engine.client
        ids_all = [o.flight_id for o in offers]
        ids = [o.flight_id for o in offers if not o.departed]
        if not ids:
            return

        def done(live: list[Availability]) -> None:
            if [o.flight_id for o in self.flights_model.rows()] != ids_all:
                return  # another search has replaced these results
            updated = with_live_availability(offers, live)
            self._set_offers(updated)
            text = self.tr("%1 flights on %2, seats live from head office.")
            self.show_info(
                text.replace("%1", str(len(updated))).replace(
                    "%2", self.selected_date().isoformat()
                )
            )
            self.status.emit(self.message.text())

        # Head office not answering is not an error here: the cache's figures stay shown.
        self.ctx.runner.run_io(
            "live_availability", lambda: client.availability(ids), done, lambda _error: None
        )

    def _set_offers(self, offers: list[FlightOffer]) -> None:
        """Show these offers, keeping the clerk's selected row when only seats changed."""
        current = self.flights_view.currentIndex().row()
        same_flights = [o.flight_id for o in self.flights_model.rows()] == [
            o.flight_id for o in offers
        ]
        self.flights_model.set_rows(offers)
        if not offers:
            return
        if same_flights and 0 <= current < len(offers):
            self.flights_view.selectRow(current)
        else:
            self.flights_view.selectRow(
                next((i for i, o in enumerate(offers) if not o.departed), 0)
            )
        self._show_classes()

    def _failed(self, error: BaseException) -> None:
        self._task = None
        if isinstance(error, DomainError):
            target = {
                "origin": self.origin,
                "destination": self.destination,
                "date": self.date_edit,
            }.get(error.field)
            if target is not None:
                self._refuse_field(domain_message(error), target)
            else:
                self.show_error(domain_message(error))
        else:
            self.show_error(self.tr("The search failed: %1").replace("%1", str(error)))

    # -- return trips and connections ---------------------------------------------------

    def selected_return_date(self) -> date:
        d = self.return_date_edit.date()
        return date(d.year(), d.month(), d.day())

    def _return_toggled(self, checked: bool) -> None:
        self.return_date_edit.setEnabled(checked)
        self._reset_trip()
        if checked:
            self._outbound_date_changed()

    def _outbound_date_changed(self) -> None:
        """The return is never before the outbound: it moves along when needed."""
        if self._return_leg:
            return
        outbound = self.date_edit.date()
        if self.return_date_edit.date() < outbound:
            self.return_date_edit.setDate(outbound)

    def _reset_trip(self) -> None:
        """Forget a half-chosen return trip (the clerk started over)."""
        if self._return_leg or self._pending:
            self._pending = []
            self._return_leg = False
            self.leg_hint.setVisible(False)
            self.leg_hint.setText("")

    @property
    def choosing_return(self) -> bool:
        return self._return_leg

    def _take(self, chosen: list[tuple[FlightOffer, ClassOffer]]) -> None:
        """The clerk chose these segments: for a return trip's outbound, search the return
        next; otherwise hand the whole itinerary to the sale."""
        if self.return_check.isChecked() and not self._return_leg:
            self._pending = list(chosen)
            self._return_leg = True
            outbound = self.selected_date()
            back = self.selected_return_date()
            self.swap()
            self.date_edit.setDate(QDate(back.year, back.month, back.day))
            labels = " + ".join(o.flight_no for o, _c in chosen)
            self.leg_hint.setText(
                self.tr("Outbound %1 on %2 chosen. Choose the return flight.")
                .replace("%1", labels)
                .replace("%2", outbound.isoformat())
            )
            self.leg_hint.setVisible(True)
            self.search()
            self.flights_view.setFocus()
            return
        segments = self._pending + list(chosen)
        self._pending = []
        if self._return_leg:
            # Back to the outbound form, ready for the next traveller's search.
            self._return_leg = False
            self.leg_hint.setVisible(False)
            self.leg_hint.setText("")
            first = segments[0][0]
            self.swap()
            self.date_edit.setDate(
                QDate(first.dep_date.year, first.dep_date.month, first.dep_date.day)
            )
        for offer, cls in segments:
            self.segmentChosen.emit(offer, cls)
        self.itineraryChosen.emit()

    def choose_connection(self) -> None:
        """Sell the selected connection: both flights, the cheapest open class of each."""
        connection = self.connections_model.row_at(self.connections_view.currentIndex().row())
        if connection is None:
            return
        if connection.departed:
            self.show_error(
                self.tr("%1 has already departed.").replace("%1", connection.first.flight_no),
                self.connections_view,
            )
            return
        chosen: list[tuple[FlightOffer, ClassOffer]] = []
        for offer in (connection.first, connection.second):
            cls = cheapest_open(offer)
            if cls is None:
                self.show_error(
                    self.tr("%1 is full.").replace("%1", offer.flight_no), self.connections_view
                )
                return
            chosen.append((offer, cls))
        self._take(chosen)

    def choose_class(self) -> None:
        """Sell the selected class of the selected flight (Enter in the class table)."""
        offer = self.flights_model.row_at(self.flights_view.currentIndex().row())
        chosen = self.classes_model.row_at(self.classes_view.currentIndex().row())
        if offer is None or chosen is None:
            return
        if offer.departed:
            self.show_error(self.tr("%1 has already departed.").replace("%1", offer.flight_no))
            return
        if chosen.seats <= 0:
            self.show_error(
                self.tr("Class %1 is closed on %2.")
                .replace("%1", chosen.code)
                .replace("%2", offer.flight_no),
                self.classes_view,
            )
            return
        self._take([(offer, chosen)])

    def request_lease(self) -> None:
        """Online: ask head office for seats on the selected flight's cabin to sell offline."""
        offer = self.flights_model.row_at(self.flights_view.currentIndex().row())
        chosen = self.classes_model.row_at(self.classes_view.currentIndex().row())
        sync = self.ctx.sync
        if offer is None:
            self.show_error(self.tr("Pick a flight first."), self.flights_view)
            return
        if sync.engine is None or not sync.online:
            self.show_error(
                self.tr(
                    "Seats for offline sale are granted by head office: this needs the "
                    "link to head office."
                )
            )
            return
        cabin = chosen.cabin.value if chosen is not None else "Y"
        seats = self.lease_seats.value()
        engine = sync.engine
        self.lease_button.setEnabled(False)

        def done(_lease: Lease) -> None:
            self.lease_button.setEnabled(True)
            self.search()
            self.status.emit(
                self.tr("%1 seats held on %2 (%3) for offline sale.")
                .replace("%1", str(seats))
                .replace("%2", offer.flight_no)
                .replace("%3", cabin)
            )

        def failed(error: BaseException) -> None:
            from counter_app.gui.messages import sync_error_message

            self.lease_button.setEnabled(True)
            self.show_error(sync_error_message(error))

        self.ctx.runner.run_io(
            "request_lease", lambda: engine.request_lease(offer.flight_id, cabin, seats), done,
            failed,
        )

    def _show_classes(self) -> None:
        offer = self.flights_model.row_at(self.flights_view.currentIndex().row())
        if offer is None:
            return
        classes = sorted(offer.classes, key=lambda c: (CABIN_ORDER[c.cabin.value], -c.fare))
        self.classes_model.set_rows(classes)
        self.detail_title.setText(
            f"{offer.flight_no}  {offer.origin}→{offer.destination}  "
            f"{_hm(offer.dep_time)}–{_arrival(offer)}  {offer.aircraft}  "
            f"{offer.distance_km} km"
        )

    # -- keyboard -----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and watched in (self.origin, self.destination, self.date_edit, self.return_date_edit)
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_S)
        ):
            # A line edit claims Ctrl+←/→ (a word left/right) before the page's shortcuts
            # see them; in the finder they mean the day before/after, from any field.
            event.ignore()
            return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # The city fields report Enter themselves (PlaceEdit.entered).
                if watched is self.date_edit:
                    self.search()
                    return True
                if watched is self.flights_view:
                    # Enter on a flight: on to its classes, the cheapest open one first.
                    self.classes_view.setFocus()
                    rows = self.classes_model.rows()
                    open_rows = [i for i, c in enumerate(rows) if c.seats > 0]
                    if open_rows:
                        best = min(open_rows, key=lambda i: rows[i].fare)
                        self.classes_view.selectRow(best)
                    return True
                if watched is self.classes_view:
                    self.choose_class()
                    return True
                if watched is self.connections_view:
                    self.choose_connection()
                    return True
        return super().eventFilter(watched, event)
