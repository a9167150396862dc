"""Step 4 of the sale, the quote (F6) and the booking (F7): what each passenger pays on
each segment (fare, CAAC fund, fuel, insurance, service fee), the total, the change and
refund conditions in words the traveller understands, then the PNR and ticketing deadline
of the booking held."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.domain.money import format_yuan
from counter_app.domain.types import PassengerType
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.widgets.named import named, named_button
from counter_app.gui.widgets.tables import make_table

if TYPE_CHECKING:
    from counter_app.services.booking import TripQuote


class QuoteRow(NamedTuple):
    """One passenger on one segment, as the quote table shows it."""

    passenger: str
    segment: str
    fare: str
    cn_fund: str
    fuel: str
    insurance: str
    service_fee: str
    total: str
    passenger_type: str
    on_lap_of: str  # an infant's: the adult whose lap it sits on


class QuotePanel(QGroupBox):
    """Renders the quote of the sale (the page's :class:`BookingState`); the page connects
    ``quote_button`` and ``book_button``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("4 Quote (F6)"))
        self.quote_model: RowsModel[QuoteRow] = RowsModel(
            [
                Column(self.tr("Passenger"), lambda r: r.passenger),
                Column(self.tr("Passenger type"), lambda r: r.passenger_type,
                       Qt.AlignmentFlag.AlignCenter, tooltip=lambda r: r.on_lap_of),
                Column(self.tr("Segment"), lambda r: r.segment, Qt.AlignmentFlag.AlignCenter),
                Column(self.tr("Fare"), lambda r: r.fare, Qt.AlignmentFlag.AlignRight),
                Column(self.tr("CAAC fund"), lambda r: r.cn_fund, Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Fuel"), lambda r: r.fuel, Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Insurance"), lambda r: r.insurance, Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Service fee"), lambda r: r.service_fee,
                       Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Total"), lambda r: r.total, Qt.AlignmentFlag.AlignRight),
            ]
        )
        self.quote_view = make_table(self, self.quote_model, "quoteView", alternating=False)
        self.total_label = named(QLabel(self), "totalLabel")
        self.total_label.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.rules_label = named(QLabel(self), "rulesLabel")
        self.rules_label.setWordWrap(True)
        self.quote_button = named_button(self.tr("Quote (F6)"), "quoteButton", self)
        self.book_button = named_button(self.tr("Book (F7)"), "bookButton", self)
        self.booking_label = named(QLabel(self), "bookingLabel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.quote_button)
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.booking_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quote_view, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.rules_label)
        layout.addLayout(buttons)

    def show_quote(self, quote: TripQuote,
                   type_name: Callable[[PassengerType | str], str]) -> None:
        """The quote per passenger and segment, its total and its conditions."""
        names = {p.index: p.name for p in quote.passengers}
        types = {p.index: type_name(p.passenger_type) for p in quote.passengers}
        # The adult whose lap an infant sits on, when the clerk points at the infant (the
        # column stays narrow enough for the quote to fit at 1280 pixels).
        laps = {p.index: self.tr("On the lap of %1").replace("%1", names.get(p.infant_of, ""))
                for p in quote.passengers if p.infant_of is not None}
        rows = []
        for line in quote.lines:
            fare = format_yuan(line.fare)
            if line.gp_applied:
                fare += " " + self.tr("(GP)")
            rows.append(QuoteRow(
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
            ))
        self.quote_model.set_rows(rows)
        self.total_label.setText(self.tr("Total %1").replace("%1", format_yuan(quote.total)))
        self.rules_label.setText(self.rules_text(quote))

    def clear(self) -> None:
        self.quote_model.set_rows([])
        self.total_label.setText("")
        self.rules_label.setText("")

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

    def show_held(self, pnr: str, deadline: str) -> None:
        self.booking_label.setText(
            self.tr("PNR %1 · ticket by %2").replace("%1", pnr).replace("%2", deadline))
