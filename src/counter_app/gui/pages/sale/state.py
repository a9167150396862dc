"""What the sale page holds, step by step, as plain data (no Qt, no store).

The page owns one :class:`SaleState`; each step's widget is handed its part and renders it
(the itinerary its segments, the passengers panel its passengers and the ID numbers on file
under another name, the payment panel what was taken and issued), and the page passes the
parts along from step to step: the segments to the quote, the quote's total to the payment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar, overload

if TYPE_CHECKING:
    from counter_app.domain.passengers import PassengerInput
    from counter_app.services.booking import HeldBooking, IssuedBooking, TripQuote
    from counter_app.services.customers import CustomerRow, TravellerRow
    from counter_app.services.flights import ClassOffer, FlightOffer
    from counter_app.services.payments import PaymentInput

# Payment refusals about the method chosen, not the amount: the message names 支付方式.
METHOD_CODES = frozenset({"payment_method_unknown", "payment_not_allowed"})
# Refusals that mean "this counter holds no seats here": online, head office can lease some.
LEASE_CODES = frozenset({"no_lease", "offline_seats_exhausted", "lease_expired"})
# What a walk-in may pay with; a customer's terms may add the others, shown in this order.
WALK_IN_METHODS = ("cash", "bank_card", "phone_card")
METHOD_ORDER = (*WALK_IN_METHODS, "on_account", "official_card", "unit_transfer")


def money_typed(text: str) -> Decimal | None:
    """An amount as typed (``1,200``, ``¥80.5``) in yuan with fen; None if it is none."""
    try:
        value = Decimal(text.strip().replace(",", "").replace("¥", ""))
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value.is_finite() and value >= 0 else None


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

    @classmethod
    def of(cls, offer: FlightOffer, chosen: ClassOffer) -> ChosenSegment:
        label = (
            f"{offer.flight_no} {offer.origin}→{offer.destination} "
            f"{offer.dep_date.isoformat()} {offer.dep_time.strftime('%H:%M')}"
        )
        return cls(offer.flight_id, chosen.code, chosen.cabin.value, label, chosen.fare,
                   chosen.seats, offer.dep_date)


@dataclass
class ItineraryState:
    """Step 1: the flights of the trip, in the order they depart."""

    segments: list[ChosenSegment] = field(default_factory=list)

    def add(self, segment: ChosenSegment) -> None:
        self.segments.append(segment)
        self.segments.sort(key=lambda s: s.label.split(" ")[2] + s.label.split(" ")[3])

    def first_date(self) -> date | None:
        """The first flight's date: a passenger's type is their age on it."""
        dates = [s.dep_date for s in self.segments if s.dep_date is not None]
        return min(dates) if dates else None


@dataclass
class CustomerState:
    """Step 2: who buys (its kind, the customer chosen) and, for a GP unit, its officials
    (else the customer's traveller list)."""

    kind: str = "walk_in"
    customer: CustomerRow | None = None
    officials: list[TravellerRow] = field(default_factory=list)


@dataclass
class PassengersState:
    """Step 3: the passengers added, and the ID numbers on file under another name
    ((type, number) -> the other names; flagged for the clerk, not refused)."""

    passengers: list[PassengerInput] = field(default_factory=list)
    id_conflicts: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def holder_of(self, id_number: str) -> PassengerInput | None:
        """The passenger already added with this ID number, if any."""
        return next((p for p in self.passengers if p.id_number == id_number), None)

    def others_on_file(self, p: PassengerInput) -> list[str]:
        return self.id_conflicts.get((p.id_type, p.id_number), [])


@dataclass
class BookingState:
    """Step 4: the quote, then the booking held on it (PNR and ticketing deadline)."""

    quote: TripQuote | None = None
    held: HeldBooking | None = None


@dataclass
class PaymentState:
    """Step 5: the payments kept for a split payment, the tickets issued and their
    itinerary receipts (ticket number -> receipt serial)."""

    payments: list[PaymentInput] = field(default_factory=list)
    issued: IssuedBooking | None = None
    receipts_done: bool = False  # the receipts of ``issued`` were sent to print
    receipt_serials: dict[str, str] = field(default_factory=dict)

    def remaining(self, total: Decimal) -> Decimal:
        return total - sum((p.amount for p in self.payments), Decimal(0))


@dataclass
class SaleState:
    """The whole sale on the page."""

    itinerary: ItineraryState = field(default_factory=ItineraryState)
    customer: CustomerState = field(default_factory=CustomerState)
    passengers: PassengersState = field(default_factory=PassengersState)
    booking: BookingState = field(default_factory=BookingState)
    payment: PaymentState = field(default_factory=PaymentState)

    @property
    def editable(self) -> bool:
        """Itinerary, customer and passengers may change until the booking is held."""
        return self.booking.held is None and self.payment.issued is None

    def remaining(self) -> Decimal:
        """What is left to pay of the quote's total."""
        quote = self.booking.quote
        return self.payment.remaining(quote.total if quote is not None else Decimal(0))


T = TypeVar("T")


class HasSaleState(Protocol):
    @property
    def state(self) -> SaleState: ...


class Part(Generic[T]):
    """A read-only attribute of the page that is a part of its sale's state, under the
    name the page has always given it: ``quote = Part(lambda s: s.booking.quote)``."""

    def __init__(self, get: Callable[[SaleState], T]) -> None:
        self._get = get

    @overload
    def __get__(self, page: None, owner: type | None = None) -> Part[T]: ...

    @overload
    def __get__(self, page: HasSaleState, owner: type | None = None) -> T: ...

    def __get__(self, page: HasSaleState | None, owner: type | None = None) -> Part[T] | T:
        return self if page is None else self._get(page.state)
