"""Selling offline (离线出票): quote, issue and void tickets from this counter's allotment
leases and ticket-number ranges, with no head office on the line.

A sale is one unit of work: booking, passengers, segment, tickets, coupons, payments, the
lease's seat count, the ticket range's next number and the ``sale.issue`` outbox op are
written together by the caller's commit, or not at all. Every check runs before the first
write, so a refusal (a :class:`DomainError`) leaves the session untouched even if the
caller went on to commit it.

Seats come only from leases (座位配额) head office granted this counter: a lease has
``granted`` seats, ``used_local`` of them sold here, and an expiry in head office time,
which the counter estimates as its own clock plus the offset measured at the last sync
handshake (``server_now``). Infants (婴儿) take no seat but do take a ticket number.

Codes of the refusals, for the GUI's messages: see :data:`SALE_ERROR_CODES`.

This is the one-flight sale of the first offline release, kept for its callers. The full
counter sale (multi-passenger, return and connections, holds with a time limit, customer
price rules, payments, refunds, changes, day close) is built on its helpers in
:mod:`counter_app.services.booking`, :mod:`counter_app.services.payments` and
:mod:`counter_app.services.after_sale`; their codes are in
:mod:`counter_app.services.sale_messages`.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import RouteFares, passenger_fare, select_fare_class_table
from counter_app.domain.ids import (
    IdType,
    check_fare_passenger_type,
    parse_resident_id,
    passenger_type_on,
    validate_document,
)
from counter_app.domain.money import ZERO, from_fen, money, to_fen
from counter_app.domain.names import validate_passenger_name
from counter_app.domain.passengers import infant_links
from counter_app.domain.phones import normalise_mobile
from counter_app.domain.taxes import cn_fund, fuel_surcharge, insurance_premium
from counter_app.domain.tickets import (
    CouponStatus,
    check_coupon_transition,
    new_pnr,
    ticket_number,
    validate_pnr,
)
from counter_app.domain.types import PassengerType
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.ids import new_id
from counter_app.services.rules import load_rules
from counter_app.storage.models import (
    Airline,
    Booking,
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Coupon,
    Customer,
    DayClose,
    Flight,
    Lease,
    NumberRange,
    Payment,
    ReceiptSerial,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue

MAX_PASSENGERS = 9  # one PNR holds at most nine passengers
PAYMENT_METHODS = frozenset({"cash", "card", "wechat", "alipay", "transfer", "credit"})

# Every code this module raises, for the GUI's message table.
SALE_ERROR_CODES = (
    "flight_not_found",
    "id_type",
    "flight_cancelled",
    "flight_departed",
    "class_closed",
    "no_passengers",
    "too_many_passengers",
    "duplicate_passenger",
    "birth_date_required",
    "infant_without_adult",
    "two_infants_one_adult",
    "payment_required",
    "payment_method",
    "payment_amount",
    "payment_total",
    "customer_not_found",
    "no_lease",
    "lease_expired",
    "offline_seats_exhausted",
    "unknown_airline",
    "ticket_range_exhausted",
    "sale_not_found",
    "sale_already_void",
    "void_reason_required",
    "void_not_same_day",
    "lease_not_found",
    "number_range_exhausted",
    "void_after_day_close",
)


# --- inputs and results ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PassengerInput:
    """One passenger as the clerk typed them.

    ``birth_date`` is read from a resident ID; other documents need it typed for a child
    or an infant (without one, a passport holder is taken as an adult). ``passenger_type``,
    when given, must agree with the age on the travel date. ``infant_of`` is the index of
    the adult an infant travels with (assigned in order when left out).
    """

    name: str
    id_type: str
    id_number: str
    birth_date: date | None = None
    passenger_type: PassengerType | None = None
    insurance_units: int = 0
    infant_of: int | None = None
    traveller_id: str | None = None
    mobile: str = ""
    ffp_number: str = ""


@dataclass(frozen=True, slots=True)
class PaymentInput:
    """One payment as the clerk entered it. ``tendered`` is the cash handed over (cash
    only, :mod:`counter_app.services.payments`; None = exactly the amount)."""

    method: str
    amount: Decimal
    reference: str = ""
    tendered: Decimal | None = None


@dataclass(frozen=True, slots=True)
class QuoteLine:
    """What one passenger pays (yuan, Decimal)."""

    index: int
    name: str
    passenger_type: PassengerType
    id_type: IdType
    id_number: str
    birth_date: date | None
    infant_of: int | None
    fare: Decimal
    cn_fund: Decimal
    fuel: Decimal
    insurance_units: int
    insurance: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class Quote:
    flight_id: str
    carrier: str
    class_code: str
    cabin: str
    travel_date: date
    ticketing_date: date
    lines: tuple[QuoteLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), ZERO)

    @property
    def seats(self) -> int:
        """Seats the sale takes: infants sit on a lap."""
        return sum(1 for line in self.lines if line.passenger_type is not PassengerType.INFANT)


@dataclass(frozen=True, slots=True)
class IssuedSale:
    sale_id: str  # the booking id
    pnr: str
    lease_id: str
    ticket_numbers: tuple[str, ...]
    total: Decimal
    quote: Quote
    op_id: str


@dataclass(frozen=True, slots=True)
class VoidedSale:
    sale_id: str
    ticket_numbers: tuple[str, ...]
    seats_released: int
    op_id: str


# --- helpers ---------------------------------------------------------------------------


def _naive_utc(at: datetime) -> datetime:
    return at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


def _aware_utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _shanghai(at: datetime) -> datetime:
    return _aware_utc(at).astimezone(SHANGHAI)


def _amount(value: Decimal) -> str:
    return f"{money(value):.2f}"


def _flight(session: Session, flight_id: str) -> Flight:
    flight = session.get(Flight, flight_id)
    if flight is None:
        raise DomainError("flight_not_found", field="flight", flight_id=flight_id)
    return flight


def _route(flight: Flight) -> RouteFares:
    return RouteFares(
        y=from_fen(flight.y_fare_fen),
        c=None if flight.c_fare_fen is None else from_fen(flight.c_fare_fen),
        f=None if flight.f_fare_fen is None else from_fen(flight.f_fare_fen),
    )


@dataclass(frozen=True, slots=True)
class _Checked:
    name: str
    id_type: IdType
    id_number: str
    birth_date: date | None
    ptype: PassengerType
    source: PassengerInput


def _check_passenger(p: PassengerInput, travel_date: date, today: date) -> _Checked:
    try:
        id_type = IdType(p.id_type)
    except ValueError:
        raise DomainError("id_type", field="id_type", id_type=p.id_type) from None
    number = validate_document(id_type, p.id_number, today)
    name = validate_passenger_name(p.name, id_type)
    birth = parse_resident_id(number).birth_date if id_type is IdType.RESIDENT else p.birth_date
    if birth is not None:
        ptype = passenger_type_on(birth, travel_date)
        if p.passenger_type is not None:
            check_fare_passenger_type(birth, travel_date, p.passenger_type)
    elif p.passenger_type in (PassengerType.CHILD, PassengerType.INFANT):
        raise DomainError("birth_date_required", field="birth_date", name=name)
    else:
        ptype = PassengerType.ADULT
    return _Checked(name, id_type, number, birth, ptype, p)


def _infant_links(checked: Sequence[_Checked]) -> list[int | None]:
    """The adult each infant travels with (:func:`counter_app.domain.passengers.infant_links`)."""
    return infant_links([c.ptype for c in checked], [c.name for c in checked],
                        [c.source.infant_of for c in checked])


def quote(
    session: Session,
    *,
    flight_id: str,
    class_code: str,
    passengers: Sequence[PassengerInput],
    ticketing_date: date,
) -> Quote:
    """Price a sale per passenger: fare by class and passenger type, CN fund, fuel
    surcharge by ticketing date and distance band, insurance units. Validates passengers
    (documents, names, type from birth date at travel, one infant per adult)."""
    flight = _flight(session, flight_id)
    rules = load_rules(session)
    table = select_fare_class_table(rules.fare_classes, flight.carrier, ticketing_date)
    fare_class = table.get(class_code)
    route = _route(flight)
    if not passengers:
        raise DomainError("no_passengers", field="passengers")
    if len(passengers) > MAX_PASSENGERS:
        raise DomainError(
            "too_many_passengers", field="passengers", count=len(passengers), max=MAX_PASSENGERS
        )
    checked = [_check_passenger(p, flight.dep_date, ticketing_date) for p in passengers]
    seen: set[tuple[str, str]] = set()
    for c in checked:
        if (c.id_type.value, c.id_number) in seen:
            raise DomainError("duplicate_passenger", field="id_number", name=c.name)
        seen.add((c.id_type.value, c.id_number))
    links = _infant_links(checked)
    lines = []
    for i, c in enumerate(checked):
        fare = passenger_fare(route, fare_class, c.ptype)
        cn = cn_fund(rules.taxes, ticketing_date, c.ptype, flight.feeder)
        fuel = fuel_surcharge(rules.taxes, ticketing_date, flight.distance_km, c.ptype)
        insurance = insurance_premium(rules.taxes, ticketing_date, c.source.insurance_units)
        lines.append(
            QuoteLine(
                index=i,
                name=c.name,
                passenger_type=c.ptype,
                id_type=c.id_type,
                id_number=c.id_number,
                birth_date=c.birth_date,
                infant_of=links[i],
                fare=fare,
                cn_fund=cn,
                fuel=fuel,
                insurance_units=c.source.insurance_units,
                insurance=insurance,
                total=fare + cn + fuel + insurance,
            )
        )
    return Quote(
        flight_id=flight.id,
        carrier=flight.carrier,
        class_code=fare_class.code,
        cabin=fare_class.cabin.value,
        travel_date=flight.dep_date,
        ticketing_date=ticketing_date,
        lines=tuple(lines),
    )


def seats_left_offline(session: Session, flight_id: str, cabin: str, server_now: datetime) -> int:
    """Seats this counter can still sell offline on a flight cabin: the sum over its active,
    unexpired leases of ``granted - used_local``."""
    left = session.scalar(
        select(func.coalesce(func.sum(Lease.granted - Lease.used_local), 0)).where(
            Lease.flight_id == flight_id,
            Lease.cabin == cabin,
            Lease.status == "active",
            Lease.expires_at > _naive_utc(server_now),
            Lease.granted > Lease.used_local,
        )
    )
    return int(left or 0)


def _pick_lease(
    session: Session, flight_id: str, cabin: str, seats: int, server_now: datetime
) -> Lease:
    leases = session.scalars(
        select(Lease)
        .where(Lease.flight_id == flight_id, Lease.cabin == cabin, Lease.status == "active")
        .order_by(Lease.expires_at, Lease.lease_id)
    ).all()
    if not leases:
        raise DomainError("no_lease", field="flight", flight_id=flight_id, cabin=cabin)
    live = [lease for lease in leases if lease.expires_at > _naive_utc(server_now)]
    if not live:
        raise DomainError(
            "lease_expired",
            field="flight",
            expired_at=max(lease.expires_at for lease in leases).isoformat(),
        )
    # The lease expiring first is used first, so its seats are not wasted.
    for lease in live:
        if lease.granted - lease.used_local >= seats:
            return lease
    left = max(max(0, lease.granted - lease.used_local) for lease in live)
    raise DomainError("offline_seats_exhausted", field="passengers", left=left, wanted=seats)


def _take_numbers(
    session: Session, kind: str, prefix: str, count: int, code: str
) -> list[tuple[NumberRange, int]]:
    """The next ``count`` numbers in order across this counter's ranges (not yet written)."""
    ranges = session.scalars(
        select(NumberRange)
        .where(
            NumberRange.kind == kind,
            NumberRange.prefix == prefix,
            NumberRange.next_number <= NumberRange.last,
        )
        .order_by(NumberRange.first, NumberRange.range_id)
    ).all()
    taken: list[tuple[NumberRange, int]] = []
    for number_range in ranges:
        number = number_range.next_number
        while number <= number_range.last and len(taken) < count:
            taken.append((number_range, number))
            number += 1
        if len(taken) == count:
            return taken
    raise DomainError(code, field="ticket_number", prefix=prefix, wanted=count, left=len(taken))


def _advance(taken: Sequence[tuple[NumberRange, int]]) -> None:
    for number_range, number in taken:
        number_range.next_number = max(number_range.next_number, number + 1)


def _new_pnr(session: Session, rng: random.Random) -> str:
    for _ in range(50):
        pnr = validate_pnr(new_pnr(rng))
        if session.scalar(select(Booking.id).where(Booking.pnr == pnr)) is None:
            return pnr
    raise RuntimeError("no free PNR after 50 draws")  # pragma: no cover - 32**6 locators


def _check_payments(payments: Sequence[PaymentInput], total: Decimal) -> list[PaymentInput]:
    if not payments:
        raise DomainError("payment_required", field="payments", total=_amount(total))
    checked = []
    for p in payments:
        if p.method not in PAYMENT_METHODS:
            raise DomainError("payment_method", field="payments", method=p.method)
        amount = money(p.amount)
        if amount <= 0:
            raise DomainError("payment_amount", field="payments", amount=_amount(amount))
        checked.append(PaymentInput(p.method, amount, p.reference[:64]))
    paid = sum((p.amount for p in checked), ZERO)
    if paid != total:
        raise DomainError(
            "payment_total", field="payments", expected=_amount(total), paid=_amount(paid)
        )
    return checked


# --- issuing ---------------------------------------------------------------------------


def issue_sale(
    session: Session,
    *,
    flight_id: str,
    class_code: str,
    passengers: Sequence[PassengerInput],
    payments: Sequence[PaymentInput],
    customer_id: str | None,
    clerk_login: str,
    clerk_id: str,
    outlet_code: str,
    now: datetime,
    server_now: datetime,
    contact_mobile: str = "",
    rng: random.Random | None = None,
) -> IssuedSale:
    """Issue tickets offline in the caller's unit of work (which commits them).

    ``now`` is the counter's clock (audit); ``server_now`` the estimate of head office's
    (lease expiry, ticketing date, ``issued_at``). Raises :class:`DomainError` before
    writing anything when the sale cannot be made.
    """
    ticketing_date = _shanghai(server_now).date()
    q = quote(
        session,
        flight_id=flight_id,
        class_code=class_code,
        passengers=passengers,
        ticketing_date=ticketing_date,
    )
    flight = _flight(session, flight_id)
    if flight.status == "cancelled":
        raise DomainError("flight_cancelled", field="flight", flight_no=flight.flight_no)
    departure = datetime.combine(flight.dep_date, flight.dep_time)
    if departure <= _shanghai(server_now).replace(tzinfo=None):
        raise DomainError("flight_departed", field="flight", flight_no=flight.flight_no)
    inventory = session.get(CabinInventory, (flight_id, q.cabin))
    if inventory is not None and q.class_code in inventory.closed_classes:
        raise DomainError("class_closed", field="fare_class", class_code=q.class_code)
    checked_payments = _check_payments(payments, q.total)
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    lease = _pick_lease(session, flight_id, q.cabin, q.seats, server_now)
    airline = session.get(Airline, flight.carrier)
    if airline is None:
        raise DomainError("unknown_airline", field="flight", carrier=flight.carrier)
    numbers = _take_numbers(
        session, "ticket", airline.prefix, len(q.lines), "ticket_range_exhausted"
    )
    number_texts = [str(ticket_number(airline.prefix, serial)) for _range, serial in numbers]
    mobiles = [normalise_mobile(p.mobile) for p in passengers]
    contact = normalise_mobile(contact_mobile, field="contact_mobile")
    pnr = _new_pnr(session, rng or random.Random(os.urandom(16)))

    # --- every check passed: write ---------------------------------------------------
    created = _naive_utc(now)
    issued = _naive_utc(server_now)
    booking = Booking(
        id=new_id(),
        pnr=pnr,
        status="ticketed",
        customer_id=customer_id,
        clerk_id=clerk_id,
        outlet_code=outlet_code,
        contact_mobile=contact,
        created_at=created,
        lease_id=lease.lease_id,
    )
    session.add(booking)
    # The models have no relationships for the unit of work to order inserts by, so each
    # level is flushed before the rows that point at it (foreign keys are enforced).
    session.flush()
    segment = BookingSegment(
        id=new_id(),
        booking_id=booking.id,
        seq=1,
        flight_id=flight_id,
        class_code=q.class_code,
        cabin=q.cabin,
        status="HK",
        lease_id=lease.lease_id,
        seats=q.seats,
    )
    session.add(segment)
    passenger_ids = [new_id() for _ in q.lines]
    tickets_payload: list[dict[str, Any]] = []
    ticket_numbers: list[str] = []
    tickets: list[Ticket] = []
    for line, number in zip(q.lines, number_texts, strict=True):
        source = passengers[line.index]
        session.add(
            BookingPassenger(
                id=passenger_ids[line.index],
                booking_id=booking.id,
                traveller_id=source.traveller_id,
                name=line.name,
                passenger_type=line.passenger_type.value,
                id_type=line.id_type.value,
                id_number=line.id_number,
                birth_date=line.birth_date,
                mobile=mobiles[line.index],
                ffp_number=source.ffp_number[:20],
                infant_of=None if line.infant_of is None else passenger_ids[line.infant_of],
            )
        )
        tickets.append(
            Ticket(
                id=new_id(),
                ticket_number=number,
                booking_id=booking.id,
                passenger_id=passenger_ids[line.index],
                status="issued",
                fare_fen=to_fen(line.fare),
                cn_fund_fen=to_fen(line.cn_fund),
                fuel_fen=to_fen(line.fuel),
                insurance_fen=to_fen(line.insurance),
                service_fee_fen=0,
                total_fen=to_fen(line.total),
                issued_at=issued,
                clerk_id=clerk_id,
            )
        )
        ticket_numbers.append(number)
        tickets_payload.append(
            {
                "ticket_number": number,
                "passenger_name": line.name,
                "passenger_type": line.passenger_type.value,
                "id_type": line.id_type.value,
                "id_number": line.id_number,
                "fare": _amount(line.fare),
                "cn_fund": _amount(line.cn_fund),
                "fuel": _amount(line.fuel),
                "insurance": _amount(line.insurance),
                "total": _amount(line.total),
                "receipt_serial": None,
            }
        )
    session.flush()  # the segment and the passengers
    session.add_all(tickets)
    session.flush()
    # The coupon carries the ticket's amounts: refunds and changes are per coupon.
    session.add_all(
        Coupon(
            id=new_id(),
            ticket_id=ticket.id,
            seq=1,
            segment_id=segment.id,
            status=CouponStatus.OPEN.value,
            fare_basis=q.class_code,
            fare_fen=ticket.fare_fen,
            cn_fund_fen=ticket.cn_fund_fen,
            fuel_fen=ticket.fuel_fen,
            insurance_units=line.insurance_units,
            insurance_fen=ticket.insurance_fen,
        )
        for ticket, line in zip(tickets, q.lines, strict=True)
    )
    for p in checked_payments:
        session.add(
            Payment(
                id=new_id(),
                booking_id=booking.id,
                method=p.method,
                amount_fen=to_fen(p.amount),
                reference=p.reference,
                created_at=created,
                clerk_id=clerk_id,
            )
        )
    # An SQL increment, not a read-modify-write: the sync thread may update the lease too.
    lease.used_local = Lease.used_local + q.seats
    _advance(numbers)
    entry = enqueue(
        session,
        protocol.OpKind.SALE_ISSUE,
        {
            "sale_id": booking.id,
            "pnr": pnr,
            "flight_id": flight_id,
            "cabin": q.cabin,
            "class_code": q.class_code,
            "lease_id": lease.lease_id,
            "customer_id": customer_id,
            "tickets": tickets_payload,
            "payments": [
                {"method": p.method, "amount": _amount(p.amount)} for p in checked_payments
            ],
            "issued_at": _aware_utc(server_now).isoformat(),
        },
        clerk_login,
        now,
        clerk_id=clerk_id,
    )
    return IssuedSale(
        sale_id=booking.id,
        pnr=pnr,
        lease_id=lease.lease_id,
        ticket_numbers=tuple(ticket_numbers),
        total=q.total,
        quote=q,
        op_id=entry.op_id,
    )


# --- voiding -----------------------------------------------------------------------------


def void_sale(
    session: Session,
    sale_id: str,
    *,
    reason: str,
    clerk_login: str,
    clerk_id: str,
    now: datetime,
    server_now: datetime,
) -> VoidedSale:
    """Same-day void (作废) of every ticket of a sale this counter issued: tickets and
    coupons void, the seats go back to the lease, the money is returned by compensating
    (negative) payments, and ``sale.void`` goes to the outbox; all in the caller's unit of
    work, after every check."""
    booking = session.get(Booking, sale_id)
    if booking is None:
        raise DomainError("sale_not_found", field="sale_id", sale_id=sale_id)
    if booking.status == "void":
        raise DomainError("sale_already_void", field="sale_id", pnr=booking.pnr)
    reason = reason.strip()
    if not reason:
        raise DomainError("void_reason_required", field="reason")
    tickets = session.scalars(
        select(Ticket).where(Ticket.booking_id == booking.id).order_by(Ticket.ticket_number)
    ).all()
    coupons = session.scalars(
        select(Coupon).where(Coupon.ticket_id.in_([t.id for t in tickets]))
    ).all()
    for coupon in coupons:
        check_coupon_transition(CouponStatus(coupon.status), CouponStatus.VOID)
    today = _shanghai(server_now).date()
    for ticket in tickets:
        if _shanghai(ticket.issued_at).date() != today:
            raise DomainError(
                "void_not_same_day", field="ticket_number", ticket_number=ticket.ticket_number
            )
    if session.scalar(
        select(DayClose.id).where(
            DayClose.outlet_code == booking.outlet_code, DayClose.business_date == today
        )
    ) is not None:
        raise DomainError("void_after_day_close", field="ticket_number", day=today.isoformat())
    passengers = session.scalars(
        select(BookingPassenger).where(BookingPassenger.booking_id == booking.id)
    ).all()
    seats = sum(1 for p in passengers if p.passenger_type != PassengerType.INFANT.value)
    payments = session.scalars(select(Payment).where(Payment.booking_id == booking.id)).all()

    created = _naive_utc(now)
    for ticket in tickets:
        ticket.status = "void"
    for coupon in coupons:
        coupon.status = CouponStatus.VOID.value
    for segment in session.scalars(
        select(BookingSegment).where(BookingSegment.booking_id == booking.id)
    ):
        segment.status = "XX"
    booking.status = "void"
    for payment in payments:
        session.add(
            Payment(
                id=new_id(),
                booking_id=booking.id,
                method=payment.method,
                amount_fen=-payment.amount_fen,
                reference=f"void {payment.id}"[:64],
                created_at=created,
                clerk_id=clerk_id,
            )
        )
    released = 0
    segments = session.scalars(
        select(BookingSegment).where(BookingSegment.booking_id == booking.id)
    ).all()
    if any(seg.lease_id is not None for seg in segments):
        # Each segment gives back what it still holds on its own lease (several segments
        # of a return or connection come from several leases).
        for seg in segments:
            lease = None if seg.lease_id is None else session.get(Lease, seg.lease_id)
            if lease is not None and seg.seats > 0:
                released = max(released, min(seg.seats, lease.used_local))
                lease.used_local = func.max(Lease.used_local - seg.seats, 0)
            seg.seats = 0
    elif booking.lease_id is not None:  # a sale stored before segments kept their lease
        lease = session.get(Lease, booking.lease_id)
        if lease is not None:
            released = min(seats, lease.used_local)
            lease.used_local = func.max(Lease.used_local - seats, 0)
    numbers = tuple(t.ticket_number for t in tickets)
    entry = enqueue(
        session,
        protocol.OpKind.SALE_VOID,
        {"sale_id": booking.id, "ticket_numbers": list(numbers), "reason": reason},
        clerk_login,
        now,
        clerk_id=clerk_id,
    )
    return VoidedSale(
        sale_id=booking.id, ticket_numbers=numbers, seats_released=released, op_id=entry.op_id
    )


# --- leases and number gaps ----------------------------------------------------------------


def release_lease(
    session: Session, lease_id: str, *, clerk_login: str, now: datetime
) -> int:
    """Give a lease back to head office (its unsold seats return to stock); returns how many
    seats were unsold. The lease stops selling at once."""
    lease = session.get(Lease, lease_id)
    if lease is None or lease.status != "active":
        raise DomainError("lease_not_found", field="lease", lease_id=lease_id)
    unsold = max(0, lease.granted - lease.used_local)
    lease.status = "released"
    enqueue(session, protocol.OpKind.LEASE_RELEASE, {"lease_id": lease_id}, clerk_login, now)
    return unsold


def skip_number(
    session: Session,
    *,
    kind: str,
    prefix: str,
    reason: str,
    clerk_login: str,
    now: datetime,
) -> int:
    """Record a gap (a spoiled receipt, a number that must not be used): take the next
    number of the range and report it void (``number.void``). Returns the number."""
    reason = reason.strip()
    if not reason:
        raise DomainError("void_reason_required", field="reason")
    taken = _take_numbers(session, kind, prefix, 1, "number_range_exhausted")
    _advance(taken)
    number = taken[0][1]
    entry = enqueue(
        session,
        protocol.OpKind.NUMBER_VOID,
        {"kind": kind, "prefix": prefix, "number": number, "reason": reason},
        clerk_login,
        now,
    )
    if kind == "receipt":  # the serial stock is a ledger: a skipped form is spoiled
        session.add(ReceiptSerial(serial=f"{number:010d}", status="spoiled", ticket_id=None,
                                  ticket_number="", mode="", reason=reason[:128],
                                  at=_naive_utc(now), clerk_login=clerk_login,
                                  op_id=entry.op_id))
    return number
