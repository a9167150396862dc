"""The flight finder's results: the day's flights, the connections under them and, beside
them, the booking classes of the flight selected, with the row to hold seats for offline
sale. The page (pages/flight_finder.py) fills it and decides what Enter does."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.money import format_yuan
from counter_app.gui.context import DeskContext
from counter_app.gui.messages import sync_error_message
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import flights as ops
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.tables import make_table
from counter_app.services.flights import ClassOffer, ConnectionOffer, FlightOffer
from counter_app.sync.protocol import Lease

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


class FlightResults(QWidget):
    """The result tables; ``flights_model``, ``connections_model`` and ``classes_model``
    hold the offers shown."""

    leaseGranted = Signal(str)  # the status bar's line: seats held for offline sale
    leaseRefused = Signal(str, object)  # the message, the widget to go to (or None)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._build_flights()
        self._build_classes()
        self._build_connections()
        self._lay_out()
        self.flights_view.selectionModel().currentRowChanged.connect(self.show_classes)
        self.lease_button.clicked.connect(self.request_lease)

    def _build_flights(self) -> None:
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

    def _build_classes(self) -> None:
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
        self.detail_title = named(QLabel(self), "detailTitle")
        self.lease_seats = named(QSpinBox(self), "leaseSeats")
        # Head office's default policy grants at most 9 seats per request (the most
        # passengers of one booking); more is refused 422 lease_quota.
        self.lease_seats.setRange(1, 9)
        self.lease_seats.setValue(5)
        self.lease_button = named_button(
            self.tr("Hold seats for offline sale"), "leaseButton", self
        )
        self.lease_button.setToolTip(
            self.tr(
                "Ask head office for seats of the selected class's cabin, to sell them "
                "even if the link goes down (allotment lease, 7 days)."
            )
        )

    def _build_connections(self) -> None:
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
        self.connections_title = QLabel(self.tr("Connections (Enter: both flights)"), self)
        self.connections_title.setObjectName("connectionsTitle")

    def _lay_out(self) -> None:
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.classes_view)
        lease_row = QHBoxLayout()
        lease_row.addWidget(self.lease_seats)
        lease_row.addWidget(self.lease_button, 1)
        detail_layout.addLayout(lease_row)
        connections = QWidget(self)
        connections_layout = QVBoxLayout(connections)
        connections_layout.setContentsMargins(0, 0, 0, 0)
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
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # -- columns --------------------------------------------------------------------------

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

    # -- reading and filling ------------------------------------------------------------

    def current_offer(self) -> FlightOffer | None:
        return self.flights_model.row_at(self.flights_view.currentIndex().row())

    def current_class(self) -> ClassOffer | None:
        return self.classes_model.row_at(self.classes_view.currentIndex().row())

    def current_connection(self) -> ConnectionOffer | None:
        return self.connections_model.row_at(self.connections_view.currentIndex().row())

    def clear(self) -> None:
        self.flights_model.set_rows([])
        self.connections_model.set_rows([])
        self.clear_classes()

    def clear_classes(self) -> None:
        self.classes_model.set_rows([])
        self.detail_title.setText("")

    def set_connections(self, linked: list[ConnectionOffer]) -> None:
        self.connections_model.set_rows(linked)
        if linked:
            self.connections_view.selectRow(
                next((i for i, c in enumerate(linked) if not c.departed), 0)
            )

    def set_offers(self, offers: list[FlightOffer]) -> None:
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
        self.show_classes()

    def show_classes(self) -> None:
        offer = self.current_offer()
        if offer is None:
            return
        classes = sorted(offer.classes, key=lambda c: (CABIN_ORDER[c.cabin.value], -c.fare))
        self.classes_model.set_rows(classes)
        self.detail_title.setText(
            f"{offer.flight_no}  {offer.origin}→{offer.destination}  "
            f"{_hm(offer.dep_time)}–{_arrival(offer)}  {offer.aircraft}  "
            f"{offer.distance_km} km"
        )

    def take_cheapest_class(self) -> None:
        """Enter on a flight: on to its classes, the cheapest open one first."""
        self.classes_view.setFocus()
        rows = self.classes_model.rows()
        open_rows = [i for i, c in enumerate(rows) if c.seats > 0]
        if open_rows:
            self.classes_view.selectRow(min(open_rows, key=lambda i: rows[i].fare))

    # -- seats for offline sale -----------------------------------------------------------

    def request_lease(self) -> None:
        """Online: ask head office for seats on the selected flight's cabin to sell offline."""
        offer, chosen = self.current_offer(), self.current_class()
        if offer is None:
            self.leaseRefused.emit(self.tr("Pick a flight first."), self.flights_view)
            return
        cabin = chosen.cabin.value if chosen is not None else "Y"
        seats = self.lease_seats.value()

        def done(_lease: Lease) -> None:
            self.lease_button.setEnabled(True)
            self.leaseGranted.emit(
                self.tr("%1 seats held on %2 (%3) for offline sale.")
                .replace("%1", str(seats))
                .replace("%2", offer.flight_no)
                .replace("%3", cabin)
            )

        def failed(error: BaseException) -> None:
            self.lease_button.setEnabled(True)
            self.leaseRefused.emit(sync_error_message(error), None)

        if ops.request_lease(self.ctx, offer.flight_id, cabin, seats, done, failed) is None:
            self.leaseRefused.emit(self.tr(
                "Seats for offline sale are granted by head office: this needs the link to "
                "head office."), None)
            return
        self.lease_button.setEnabled(False)
