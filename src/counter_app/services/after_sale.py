"""After the sale (售后): void, day close, refund, change, name correction.

- :func:`void_tickets` (作废): the same business day (Asia/Shanghai) and before the day
  close (:func:`day_close`, 日结); costs nothing; money back by the original channels.
- :func:`quote_refund` / :func:`refund` (退票): per coupon, the fee by the rules in force
  (the airline's ladder for the fare family; the GP easy rules for GP officials V1 and up;
  involuntary refunds free), fare minus fee back, CN fund and fuel surcharge back on
  unflown coupons, insurance back only before departure; the service fee is the counter's
  and stays. Money goes back by the channels it came in, proportionally.
- :func:`refund_slip`: the refund slip (退票单) of a recorded refund, for printing.
- :func:`quote_change` / :func:`change` (改期/升舱): one coupon onto another flight or
  class of the same route and carrier; the change fee and the fare difference
  (:func:`counter_app.domain.fees.change_fee`) are paid; the ticket is re-issued as an
  exchange with a new number (old coupons ``E``, new ones ``O``). An adult with an infant
  on their lap on that flight changes together with the infant, in one step, onto the same
  new flight (``with_infant``); either one alone is refused (``change_with_infant``,
  ``infant_change_alone``), so an infant is never left on a flight without its adult.
- :func:`correct_name` (姓名更正): only an obvious typo, with a supervisor's approval; a
  change of person is refused with the reason.

Each step checks everything before its first write and writes its outbox op
(``sale.void``, ``sale.refund``, ``sale.change``, ``day.close``, ``ticket.name``) in the
caller's unit of work. A ticket this counter does not hold (sold at another counter) is
refused with ``needs_head_office`` and ``queue_request=True``: only head office can act
on it. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClass,
    RouteFares,
    gp_fare,
    passenger_fare,
    percent_of_y,
    select_fare_class_table,
    select_gp_rule,
)
from counter_app.domain.fees import (
    FeeDecision,
    FeeRule,
    GpEasyContext,
    Reason,
    change_fee,
    refund_fee,
    select_ladder,
)
from counter_app.domain.money import ZERO, amount_text, from_fen, money, to_fen
from counter_app.domain.names import (
    CorrectionCode,
    name_correction_allowed,
    pnr_name,
    search_letters,
)
from counter_app.domain.tickets import CouponStatus, TicketNumber, check_coupon_transition
from counter_app.domain.types import PassengerType
from counter_app.kernel.clock import beijing, business_day_utc
from counter_app.kernel.ids import new_id
from counter_app.printing.refund_slip import RefundSlip, RefundSlipCoupon
from counter_app.services.booking import insurance_policy_no
from counter_app.services.flight_facts import departure_aware, route_fares
from counter_app.services.identity import ClerkSession
from counter_app.services.invoices import reverse_for_refund
from counter_app.services.leases import pick_lease
from counter_app.services.number_ranges import advance, take_numbers
from counter_app.services.payments import (
    Override,
    PaymentInput,
    approve_override,
    check_payments,
    return_channels,
    write_payments,
    write_returns,
)
from counter_app.services.receipts import receipt_ledger
from counter_app.services.rules import Rules, load_rules
from counter_app.services.times import aware_utc, business_date
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    CabinInventory,
    Clerk,
    Coupon,
    Customer,
    DayClose,
    Flight,
    Lease,
    OutboxEntry,
    Outlet,
    Payment,
    Refund,
    Ticket,
    TicketChange,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now

FIELD_TICKET = "ticket_number"

__all__ = [
    "ChangeQuote",
    "ChangeResult",
    "DayCloseResult",
    "NameCorrected",
    "RefundLine",
    "RefundQuote",
    "RefundResult",
    "VoidResult",
    "VoidedSale",
    "change",
    "correct_name",
    "day_close",
    "day_closed",
    "quote_change",
    "quote_refund",
    "refund",
    "refund_slip",
    "refund_slip_of_ticket",
    "void_sale",
    "void_tickets",
]


def _needs_head_office(action: str, number: str) -> DomainError:
    return DomainError(
        "needs_head_office",
        field=FIELD_TICKET,
        action=action,
        reason="not_issued_here",
        ticket_number=number,
        queue_request=True,
    )


def _ticket(session: Session, text: str, action: str) -> Ticket:
    number = str(TicketNumber.parse(text))
    ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).first()
    if ticket is None:
        raise _needs_head_office(action, number)
    return ticket


def _coupons(session: Session, ticket_id: str) -> list[Coupon]:
    return list(
        session.scalars(select(Coupon).where(Coupon.ticket_id == ticket_id).order_by(Coupon.seq))
    )


_REFUSE_BY_STATUS = {
    CouponStatus.CHECKED_IN: "coupon_used",
    CouponStatus.LIFTED: "coupon_used",
    CouponStatus.FLOWN: "coupon_used",
    CouponStatus.REFUNDED: "already_refunded",
    CouponStatus.EXCHANGED: "coupon_exchanged",
    CouponStatus.VOID: "ticket_void",
    CouponStatus.SUSPENDED: "coupon_suspended",
}


def _require_open(coupon: Coupon, number: str) -> None:
    status = CouponStatus(coupon.status)
    if status is not CouponStatus.OPEN:
        raise DomainError(
            _REFUSE_BY_STATUS[status],
            field=FIELD_TICKET,
            ticket_number=number,
            seq=coupon.seq,
            status=status.value,
        )


def _original_issue(session: Session, ticket: Ticket) -> datetime:
    """When the traveller first bought the conditions: the first ticket of an exchange
    chain."""
    current = ticket
    for _ in range(20):
        if current.exchanged_from_id is None:
            break
        before = session.get(Ticket, current.exchanged_from_id)
        if before is None:
            break
        current = before
    return current.issued_at


def _give_back_seat(session: Session, segment: BookingSegment, at_server: datetime) -> bool:
    """One seat back to the segment's lease when it is still active; else head office
    returns it to stock when the op arrives."""
    segment.seats = max(segment.seats - 1, 0)
    if segment.lease_id is None:
        return False
    lease = session.get(Lease, segment.lease_id)
    if lease is None or lease.status != "active" or lease.expires_at <= naive_utc(at_server):
        return False
    lease.used_local = func.max(Lease.used_local - 1, 0)
    return True


def _is_infant(p: BookingPassenger) -> bool:
    return p.passenger_type == PassengerType.INFANT.value


def _check_infants_stay_accompanied(
    session: Session, booking_id: str, leaving: set[str], segment_ids: set[str] | None
) -> None:
    """Refuse to take an adult off (void/refund) while the infant on their lap stays."""
    passengers = session.scalars(
        select(BookingPassenger).where(BookingPassenger.booking_id == booking_id)
    ).all()
    for infant in passengers:
        if not _is_infant(infant) or infant.infant_of not in leaving or infant.id in leaving:
            continue
        tickets = session.scalars(select(Ticket.id).where(Ticket.passenger_id == infant.id))
        open_coupons = session.scalars(
            select(Coupon.segment_id).where(
                Coupon.ticket_id.in_(list(tickets)), Coupon.status == CouponStatus.OPEN.value
            )
        ).all()
        if any(segment_ids is None or seg in segment_ids for seg in open_coupons):
            raise DomainError("infant_without_adult", field="passengers", infant=infant.name)


# --- day close --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayCloseResult:
    outlet_code: str
    business_date: date
    tickets_issued: int
    tickets_voided: int
    refunds: int
    payments: dict[str, Decimal]  # net per method
    op_id: str


def day_closed(session: Session, outlet_code: str, day: date) -> bool:
    return (
        session.scalar(
            select(DayClose.id).where(
                DayClose.outlet_code == outlet_code, DayClose.business_date == day
            )
        )
        is not None
    )


def day_close(session: Session, clerk: ClerkSession, now: datetime) -> DayCloseResult:
    """Close the business day (日结) of this counter's outlet: today's figures are recorded
    and sent to head office (``day.close``); the day's tickets can no longer be voided.
    Refused when already closed (``day_already_closed``)."""
    at_server = server_now(session, now)
    day = business_date(at_server)
    if day_closed(session, clerk.outlet_code, day):
        raise DomainError("day_already_closed", field="date", day=day.isoformat())
    start, end = business_day_utc(day)
    issued = session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.issued_at >= start, Ticket.issued_at < end
        )
    )
    # Voids are counted from their outbox ops, which are kept after they are sent.
    voided = sum(
        len(payload.get("ticket_numbers", []))
        for payload in session.scalars(
            select(OutboxEntry.payload).where(
                OutboxEntry.kind == protocol.OpKind.SALE_VOID.value,
                OutboxEntry.created_at >= start,
                OutboxEntry.created_at < end,
            )
        )
    )
    refunds = session.scalar(
        select(func.count()).select_from(Refund).where(
            Refund.created_at >= start, Refund.created_at < end
        )
    )
    by_method = {
        str(method): from_fen(int(fen or 0))
        for method, fen in session.execute(
            select(Payment.method, func.sum(Payment.amount_fen))
            .where(Payment.created_at >= start, Payment.created_at < end)
            .group_by(Payment.method)
            .order_by(Payment.method)
        )
    }
    ledger = receipt_ledger(session, day)
    totals: dict[str, Any] = {
        "tickets_issued": int(issued or 0),
        "tickets_voided": voided,
        "refunds": int(refunds or 0),
        "payments": {m: amount_text(a) for m, a in by_method.items()},
        # Every receipt serial of the day accounted for (行程单领用存).
        "receipts": {"opening": ledger.received_count, "used": ledger.used,
                     "voided": ledger.voided, "spoiled": ledger.spoiled, "left": ledger.left,
                     "balanced": ledger.balanced},
    }
    close = DayClose(
        id=new_id(),
        outlet_code=clerk.outlet_code,
        business_date=day,
        closed_at=naive_utc(now),
        clerk_login=clerk.login,
        totals=totals,
    )
    session.add(close)
    entry = enqueue(
        session,
        protocol.OpKind.DAY_CLOSE,
        {
            "close_id": close.id,
            "outlet_code": clerk.outlet_code,
            "business_date": day.isoformat(),
            "closed_at": aware_utc(at_server).isoformat(),
            "totals": totals,
        },
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    close.op_id = entry.op_id
    return DayCloseResult(
        clerk.outlet_code, day, totals["tickets_issued"], totals["tickets_voided"],
        totals["refunds"], by_method, entry.op_id,
    )


# --- void -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VoidResult:
    booking_id: str
    ticket_numbers: tuple[str, ...]
    returned: tuple[tuple[str, Decimal], ...]  # (method, amount) given back
    seats_released: int
    op_id: str


def void_tickets(
    session: Session,
    ticket_numbers: Sequence[str],
    *,
    reason: str,
    clerk: ClerkSession,
    now: datetime,
) -> VoidResult:
    """Void (作废) tickets of one booking issued here today, before the day close.

    Refusals: ``void_reason_required``, ``needs_head_office`` (a ticket this counter does
    not hold), ``void_mixed_bookings``, ``ticket_void``, ``already_refunded``,
    ``coupon_exchanged``, ``coupon_used``, ``void_not_same_day``,
    ``void_after_day_close``, ``infant_without_adult``.
    """
    reason = reason.strip()
    if not reason:
        raise DomainError("void_reason_required", field="reason")
    if not ticket_numbers:
        raise DomainError("ticket_required", field=FIELD_TICKET)
    at_server = server_now(session, now)
    tickets: list[Ticket] = []
    for text in ticket_numbers:
        ticket = _ticket(session, text, "void")
        if ticket.id not in {t.id for t in tickets}:
            tickets.append(ticket)
    booking_ids = {t.booking_id for t in tickets}
    if len(booking_ids) != 1:
        raise DomainError("void_mixed_bookings", field=FIELD_TICKET)
    booking = session.get(Booking, tickets[0].booking_id)
    assert booking is not None
    today = business_date(at_server)
    coupons: dict[str, list[Coupon]] = {}
    for ticket in tickets:
        if ticket.status == "void":
            raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
        coupons[ticket.id] = _coupons(session, ticket.id)
        for coupon in coupons[ticket.id]:
            _require_open(coupon, ticket.ticket_number)
        issued_day = business_date(ticket.issued_at)
        if issued_day != today:
            raise DomainError("void_not_same_day", field=FIELD_TICKET,
                              ticket_number=ticket.ticket_number, issued=issued_day.isoformat())
        if day_closed(session, booking.outlet_code, issued_day):
            raise DomainError("void_after_day_close", field=FIELD_TICKET,
                              ticket_number=ticket.ticket_number, day=issued_day.isoformat())
    passengers = {t.passenger_id for t in tickets}
    _check_infants_stay_accompanied(session, booking.id, passengers, None)
    amount = from_fen(sum(t.total_fen for t in tickets))
    channels = return_channels(session, booking.id, amount) if amount > 0 else []

    # --- write ----------------------------------------------------------------------------
    created = naive_utc(now)
    released = 0
    numbers = tuple(t.ticket_number for t in tickets)
    for ticket in tickets:
        p = session.get(BookingPassenger, ticket.passenger_id)
        assert p is not None
        ticket.status = "void"
        for coupon in coupons[ticket.id]:
            coupon.status = CouponStatus.VOID.value
            seg = session.get(BookingSegment, coupon.segment_id)
            if seg is not None and not _is_infant(p) and _give_back_seat(session, seg, at_server):
                released += 1
    write_returns(session, booking.id, channels, kind="void", clerk_id=clerk.clerk_id,
                  created=created, ticket_number=numbers[0], reference=f"void {reason}")
    session.flush()
    left = session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.booking_id == booking.id, Ticket.status != "void"
        )
    )
    if not left:
        booking.status = "void"
        for seg in session.scalars(
            select(BookingSegment).where(BookingSegment.booking_id == booking.id)
        ):
            seg.status = "XX"
    entry = enqueue(
        session,
        protocol.OpKind.SALE_VOID,
        {"sale_id": booking.id, "ticket_numbers": list(numbers), "reason": reason[:128]},
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    return VoidResult(booking.id, numbers, tuple(channels), released, entry.op_id)


@dataclass(frozen=True, slots=True)
class VoidedSale:
    sale_id: str
    ticket_numbers: tuple[str, ...]
    seats_released: int
    op_id: str


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
    """Same-day void (作废) of every ticket of a sale, by its booking id, on head office's
    time as given (``server_now``): tickets and coupons void, the seats go back to the
    lease, the money is returned by compensating (negative) payments, and ``sale.void``
    goes to the outbox; all in the caller's unit of work, after every check.

    Refusals: ``sale_not_found``, ``sale_already_void``, ``void_reason_required``, the
    coupon transition's own, ``void_not_same_day``, ``void_after_day_close``.
    """
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
    today = business_date(server_now)
    for ticket in tickets:
        if business_date(ticket.issued_at) != today:
            raise DomainError(
                "void_not_same_day", field="ticket_number", ticket_number=ticket.ticket_number
            )
    if day_closed(session, booking.outlet_code, today):
        raise DomainError("void_after_day_close", field="ticket_number", day=today.isoformat())
    passengers = session.scalars(
        select(BookingPassenger).where(BookingPassenger.booking_id == booking.id)
    ).all()
    seats = sum(1 for p in passengers if p.passenger_type != PassengerType.INFANT.value)
    payments = session.scalars(select(Payment).where(Payment.booking_id == booking.id)).all()

    created = naive_utc(now)
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


# --- refund -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RefundLine:
    """One coupon of a refund: what the fee is, by which rule, and what comes back."""

    seq: int
    flight_no: str
    origin: str
    destination: str
    departure: datetime  # aware, airport local time
    class_code: str
    face_fare: Decimal
    fee: Decimal
    fee_rule: FeeRule
    fee_percent: Decimal
    fare_back: Decimal
    cn_fund_back: Decimal
    fuel_back: Decimal
    insurance_back: Decimal
    service_fee_kept: Decimal
    amount: Decimal
    hours_before: Decimal


@dataclass(frozen=True, slots=True)
class RefundQuote:
    ticket_number: str
    booking_id: str
    passenger_name: str
    passenger_type: str
    reason: Reason
    lines: tuple[RefundLine, ...]
    channels: tuple[tuple[str, Decimal], ...]  # the amount split over the original channels
    asked_at: datetime

    @property
    def fee(self) -> Decimal:
        return sum((x.fee for x in self.lines), ZERO)

    @property
    def amount(self) -> Decimal:
        return sum((x.amount for x in self.lines), ZERO)

    @property
    def coupon_seqs(self) -> tuple[int, ...]:
        return tuple(x.seq for x in self.lines)


@dataclass(frozen=True, slots=True)
class RefundResult:
    refund_id: str
    quote: RefundQuote
    seats_released: int
    op_id: str


def _reason(text: str | Reason) -> Reason:
    try:
        return Reason(text)
    except ValueError:
        raise DomainError("refund_reason", field="reason", reason=str(text)) from None


@dataclass(frozen=True, slots=True)
class _Fare:
    flight: Flight
    fare_class: FareClass
    route: RouteFares


def _coupon_fare(session: Session, rules: Rules, coupon: Coupon, on: date) -> _Fare:
    seg = session.get(BookingSegment, coupon.segment_id)
    assert seg is not None
    flight = session.get(Flight, seg.flight_id)
    assert flight is not None
    table = select_fare_class_table(rules.fare_classes, flight.carrier, on)
    return _Fare(flight, table.get(coupon.fare_basis or seg.class_code), route_fares(flight))


def _gp_context(
    rules: Rules, booking: Booking, passenger: BookingPassenger, fare: _Fare, on: date
) -> GpEasyContext | None:
    if booking.customer_kind != "gp_unit" or not passenger.gp_level or not rules.gp:
        return None
    return GpEasyContext(select_gp_rule(rules.gp, on), percent_of_y(fare.route, fare.fare_class))


def _refund_quote(
    session: Session,
    ticket: Ticket,
    reason: Reason,
    at_server: datetime,
    coupon_seqs: Sequence[int] | None,
) -> tuple[RefundQuote, list[Coupon]]:
    booking = session.get(Booking, ticket.booking_id)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert booking is not None
    assert passenger is not None
    if ticket.status == "void":
        raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
    coupons = _coupons(session, ticket.id)
    if coupon_seqs is None:
        chosen = [c for c in coupons if c.status == CouponStatus.OPEN.value]
        if not chosen:
            for c in coupons:
                _require_open(c, ticket.ticket_number)
    else:
        by_seq = {c.seq: c for c in coupons}
        chosen = []
        for seq in sorted(set(coupon_seqs)):
            if seq not in by_seq:
                raise DomainError("coupon_unknown", field=FIELD_TICKET,
                                  ticket_number=ticket.ticket_number, seq=seq)
            chosen.append(by_seq[seq])
    for c in chosen:
        _require_open(c, ticket.ticket_number)
    rules = load_rules(session)
    issued_on = business_date(_original_issue(session, ticket))
    asked = aware_utc(at_server)
    lines: list[RefundLine] = []
    for c in chosen:
        fare = _coupon_fare(session, rules, c, issued_on)
        departure = departure_aware(session, fare.flight)
        ladder = select_ladder(rules.fee_ladders, fare.flight.carrier, fare.fare_class.family,
                               issued_on)
        face = from_fen(c.fare_fen)
        decision = refund_fee(ladder, face, departure, asked, reason,
                              _gp_context(rules, booking, passenger, fare, issued_on))
        fee = min(decision.amount, face)
        before_departure = asked < departure
        insurance = from_fen(c.insurance_fen) if before_departure else ZERO
        cn, fuel = from_fen(c.cn_fund_fen), from_fen(c.fuel_fen)
        fare_back = face - fee
        hours = (departure - asked) / timedelta(hours=1)
        lines.append(
            RefundLine(
                seq=c.seq,
                flight_no=fare.flight.flight_no,
                origin=fare.flight.origin,
                destination=fare.flight.destination,
                departure=departure,
                class_code=fare.fare_class.code,
                face_fare=face,
                fee=fee,
                fee_rule=decision.rule,
                fee_percent=decision.percent,
                fare_back=fare_back,
                cn_fund_back=cn,
                fuel_back=fuel,
                insurance_back=insurance,
                service_fee_kept=from_fen(c.service_fee_fen),
                amount=fare_back + cn + fuel + insurance,
                hours_before=Decimal(str(round(hours, 2))),
            )
        )
    amount = sum((x.amount for x in lines), ZERO)
    channels = return_channels(session, booking.id, amount) if amount > 0 else []
    quote = RefundQuote(
        ticket_number=ticket.ticket_number,
        booking_id=booking.id,
        passenger_name=passenger.name,
        passenger_type=passenger.passenger_type,
        reason=reason,
        lines=tuple(lines),
        channels=tuple(channels),
        asked_at=asked,
    )
    return quote, chosen


def quote_refund(
    session: Session,
    ticket_number: str,
    reason: str | Reason,
    now: datetime,
    coupon_seqs: Sequence[int] | None = None,
) -> RefundQuote:
    """What refunding the ticket's open coupons (or ``coupon_seqs``) would cost and give
    back, by the rules in force now.

    Refusals: ``ticket_format``, ``needs_head_office`` (sold elsewhere), ``refund_reason``,
    ``ticket_void``, ``coupon_unknown``, ``coupon_used`` (checked in, boarded or flown),
    ``already_refunded``, ``coupon_exchanged``, ``coupon_suspended``.
    """
    ticket = _ticket(session, ticket_number, "refund")
    return _refund_quote(session, ticket, _reason(reason), server_now(session, now),
                         coupon_seqs)[0]


def refund(
    session: Session,
    ticket_number: str,
    reason: str | Reason,
    *,
    clerk: ClerkSession,
    now: datetime,
    coupon_seqs: Sequence[int] | None = None,
) -> RefundResult:
    """Refund (退票) in the caller's unit of work: coupons ``R``, the money back by the
    original channels (negative payments), seats back to the leases, ``sale.refund`` to
    the outbox. Same refusals as :func:`quote_refund`, plus ``infant_without_adult``."""
    ticket = _ticket(session, ticket_number, "refund")
    at_server = server_now(session, now)
    quote, chosen = _refund_quote(session, ticket, _reason(reason), at_server, coupon_seqs)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    booking = session.get(Booking, ticket.booking_id)
    assert passenger is not None
    assert booking is not None
    _check_infants_stay_accompanied(
        session, booking.id, {passenger.id}, {c.segment_id for c in chosen}
    )

    # --- write ----------------------------------------------------------------------------
    created = naive_utc(now)
    released = 0
    for c in chosen:
        c.status = CouponStatus.REFUNDED.value
        seg = session.get(BookingSegment, c.segment_id)
        if seg is not None and not _is_infant(passenger) and _give_back_seat(
            session, seg, at_server
        ):
            released += 1
    session.flush()
    still_open = session.scalar(
        select(func.count()).select_from(Coupon).where(
            Coupon.ticket_id == ticket.id, Coupon.status == CouponStatus.OPEN.value
        )
    )
    if not still_open:
        ticket.status = "refunded"
    write_returns(session, booking.id, quote.channels, kind="refund", clerk_id=clerk.clerk_id,
                  created=created, ticket_number=ticket.ticket_number,
                  reference=f"refund {ticket.ticket_number}")
    record = Refund(
        id=new_id(),
        booking_id=booking.id,
        ticket_id=ticket.id,
        ticket_number=ticket.ticket_number,
        reason=quote.reason.value,
        coupon_seqs=list(quote.coupon_seqs),
        fee_fen=to_fen(quote.fee),
        amount_fen=to_fen(quote.amount),
        detail={
            "lines": [
                {"seq": x.seq, "fee": amount_text(x.fee), "rule": x.fee_rule.value,
                 "percent": str(x.fee_percent), "amount": amount_text(x.amount)}
                for x in quote.lines
            ]
        },
        created_at=created,
        clerk_id=clerk.clerk_id,
    )
    session.add(record)
    entry = enqueue(
        session,
        protocol.OpKind.SALE_REFUND,
        {
            "refund_id": record.id,
            "sale_id": booking.id,
            "ticket_number": ticket.ticket_number,
            "coupons": list(quote.coupon_seqs),
            "reason": quote.reason.value,
            "fee": amount_text(quote.fee),
            "amount": amount_text(quote.amount),
            "payments": [{"method": m, "amount": amount_text(a)} for m, a in quote.channels],
            "refunded_at": aware_utc(at_server).isoformat(),
        },
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    record.op_id = entry.op_id
    # An e-invoice already requested for the ticket is red-reversed (红冲) with the refund.
    reverse_for_refund(session, ticket, clerk.login, now)
    session.flush()
    if session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.booking_id == booking.id, Ticket.status == "issued"
        )
    ) == 0:
        booking.status = "refunded"
    return RefundResult(record.id, quote, released, entry.op_id)


# --- change -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeQuote:
    ticket_number: str
    coupon_seq: int
    passenger_name: str
    passenger_type: str
    reason: Reason
    old_flight_no: str
    old_departure: datetime
    old_class: str
    new_flight_id: str
    new_flight_no: str
    new_departure: datetime
    new_class: str
    new_cabin: str
    same_class: bool
    old_face_fare: Decimal
    new_face_fare: Decimal
    fee: FeeDecision
    # The infant on this adult's lap, changed with them in the same step (婴儿随同改签).
    infant: ChangeQuote | None = None

    @property
    def total_due(self) -> Decimal:
        """What the passenger pays: this ticket's fee and fare difference, and the
        infant's when it changes too."""
        return self.fee.total + (ZERO if self.infant is None else self.infant.total_due)


@dataclass(frozen=True, slots=True)
class ChangeResult:
    change_id: str
    quote: ChangeQuote
    old_ticket_number: str
    new_ticket_number: str
    paid: tuple[tuple[str, Decimal], ...]
    change_due: Decimal
    op_id: str
    infant: ChangeResult | None = None  # the infant's exchange in the same step


@dataclass(frozen=True, slots=True)
class _ChangePlan:
    quote: ChangeQuote
    ticket: Ticket
    booking: Booking
    passenger: BookingPassenger
    coupons: list[Coupon]
    coupon: Coupon
    old_segment: BookingSegment
    new_flight: Flight
    new_fare_class: FareClass
    lease: Lease | None


def _plan_change(
    session: Session,
    ticket: Ticket,
    coupon_seq: int,
    new_flight_id: str,
    new_class: str,
    reason: Reason,
    at_server: datetime,
    *,
    with_adult: bool = False,
) -> _ChangePlan:
    """Check one coupon's change; ``with_adult``: an infant moved in the same step as its
    adult."""
    booking = session.get(Booking, ticket.booking_id)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert booking is not None
    assert passenger is not None
    if ticket.status == "void":
        raise DomainError("ticket_void", field=FIELD_TICKET, ticket_number=ticket.ticket_number)
    coupons = _coupons(session, ticket.id)
    coupon = next((c for c in coupons if c.seq == coupon_seq), None)
    if coupon is None:
        raise DomainError("coupon_unknown", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number, seq=coupon_seq)
    _require_open(coupon, ticket.ticket_number)
    if _is_infant(passenger) and not with_adult:
        _check_infant_joins_adult(session, passenger, new_flight_id)
    rules = load_rules(session)
    issued_on = business_date(_original_issue(session, ticket))
    today = business_date(at_server)
    old = _coupon_fare(session, rules, coupon, issued_on)
    old_segment = session.get(BookingSegment, coupon.segment_id)
    assert old_segment is not None
    new_flight = session.get(Flight, new_flight_id)
    if new_flight is None:
        raise DomainError("flight_not_found", field="flight", flight_id=new_flight_id)
    if (new_flight.origin, new_flight.destination) != (old.flight.origin, old.flight.destination):
        raise DomainError("change_route", field="flight", flight_no=new_flight.flight_no,
                          origin=old.flight.origin, destination=old.flight.destination)
    if new_flight.carrier != old.flight.carrier:
        raise DomainError("change_carrier", field="flight", flight_no=new_flight.flight_no,
                          carrier=old.flight.carrier)
    table = select_fare_class_table(rules.fare_classes, new_flight.carrier, today)
    fare_class = table.get(new_class)
    if new_flight.id == old.flight.id and fare_class.code == old.fare_class.code:
        raise DomainError("change_nothing", field="flight", flight_no=new_flight.flight_no)
    if new_flight.status == "cancelled":
        raise DomainError("flight_cancelled", field="flight", flight_no=new_flight.flight_no)
    new_departure = departure_aware(session, new_flight)
    if new_departure <= aware_utc(at_server):
        raise DomainError("flight_departed", field="flight", flight_no=new_flight.flight_no)
    inventory = session.get(CabinInventory, (new_flight.id, fare_class.cabin.value))
    if inventory is not None and fare_class.code in inventory.closed_classes:
        raise DomainError("class_closed", field="fare_class", class_code=fare_class.code,
                          flight_no=new_flight.flight_no)
    route = route_fares(new_flight)
    ptype = PassengerType(passenger.passenger_type)
    gp = _gp_context(rules, booking, passenger, old, issued_on)
    if gp is not None and ptype is PassengerType.ADULT:
        new_face = gp_fare(route, fare_class, select_gp_rule(rules.gp, today), ptype)
    else:
        new_face = passenger_fare(route, fare_class, ptype)
    old_face = from_fen(coupon.fare_fen)
    ladder = select_ladder(rules.fee_ladders, old.flight.carrier, old.fare_class.family,
                           issued_on)
    old_departure = departure_aware(session, old.flight)
    decision = change_fee(ladder, old_face, new_face, fare_class.code == old.fare_class.code,
                          old_departure, aware_utc(at_server), reason, gp)
    lease: Lease | None = None
    # Moving within the same flight and cabin keeps the seat it has; an infant has none.
    same_cabin = new_flight.id == old.flight.id and fare_class.cabin.value == old_segment.cabin
    if ptype is not PassengerType.INFANT and not same_cabin:
        try:
            lease = pick_lease(session, new_flight.id, fare_class.cabin.value, 1, at_server)
        except DomainError as exc:
            if exc.code in ("no_lease", "lease_expired"):
                raise DomainError(
                    "needs_head_office", field="flight", action="change", reason=exc.code,
                    flight_no=new_flight.flight_no, queue_request=True,
                ) from None
            raise
    quote = ChangeQuote(
        ticket_number=ticket.ticket_number,
        coupon_seq=coupon.seq,
        passenger_name=passenger.name,
        passenger_type=passenger.passenger_type,
        reason=reason,
        old_flight_no=old.flight.flight_no,
        old_departure=old_departure,
        old_class=old.fare_class.code,
        new_flight_id=new_flight.id,
        new_flight_no=new_flight.flight_no,
        new_departure=new_departure,
        new_class=fare_class.code,
        new_cabin=fare_class.cabin.value,
        same_class=fare_class.code == old.fare_class.code,
        old_face_fare=old_face,
        new_face_fare=new_face,
        fee=decision,
    )
    return _ChangePlan(quote, ticket, booking, passenger, coupons, coupon, old_segment,
                       new_flight, fare_class, lease)


def _infant_on(
    session: Session, adult: BookingPassenger, segment_id: str
) -> tuple[BookingPassenger, Ticket, Coupon] | None:
    """The infant on ``adult``'s lap with an open coupon on ``segment_id``, if any."""
    infants = session.scalars(
        select(BookingPassenger).where(
            BookingPassenger.booking_id == adult.booking_id,
            BookingPassenger.infant_of == adult.id,
            BookingPassenger.passenger_type == PassengerType.INFANT.value,
        )
    ).all()
    for infant in infants:
        found = session.execute(
            select(Ticket, Coupon)
            .join(Coupon, Coupon.ticket_id == Ticket.id)
            .where(
                Ticket.passenger_id == infant.id,
                Ticket.status == "issued",
                Coupon.segment_id == segment_id,
                Coupon.status == CouponStatus.OPEN.value,
            )
        ).first()
        if found is not None:
            return infant, found[0], found[1]
    return None


def _check_infant_joins_adult(
    session: Session, infant: BookingPassenger, new_flight_id: str
) -> None:
    """An infant changed on its own may only join its adult: the adult must already hold an
    open coupon on the new flight. Otherwise the clerk changes the adult, with the infant."""
    adult = None if infant.infant_of is None else session.get(BookingPassenger, infant.infant_of)
    if adult is None:
        raise DomainError("infant_without_adult", field="passengers", infant=infant.name)
    on_new_flight = session.scalar(
        select(func.count())
        .select_from(Coupon)
        .join(Ticket, Ticket.id == Coupon.ticket_id)
        .join(BookingSegment, BookingSegment.id == Coupon.segment_id)
        .where(
            Ticket.passenger_id == adult.id,
            Coupon.status == CouponStatus.OPEN.value,
            BookingSegment.flight_id == new_flight_id,
        )
    )
    if not on_new_flight:
        raise DomainError("infant_change_alone", field="passengers", infant=infant.name,
                          adult=adult.name)


def _plan_joint(
    session: Session,
    ticket: Ticket,
    coupon_seq: int,
    new_flight_id: str,
    new_class: str,
    reason: Reason,
    at_server: datetime,
    with_infant: bool,
) -> tuple[_ChangePlan, _ChangePlan | None]:
    """The change of one coupon and, for an adult with an infant on that flight, the
    infant's change onto the same flight and class in the same step."""
    plan = _plan_change(session, ticket, coupon_seq, new_flight_id, new_class, reason,
                        at_server)
    if _is_infant(plan.passenger):
        return plan, None
    lap = _infant_on(session, plan.passenger, plan.old_segment.id)
    if lap is None:
        return plan, None
    infant, infant_ticket, infant_coupon = lap
    if not with_infant:
        raise DomainError("change_with_infant", field="passengers", infant=infant.name,
                          adult=plan.passenger.name)
    infant_plan = _plan_change(session, infant_ticket, infant_coupon.seq, new_flight_id,
                               plan.quote.new_class, reason, at_server, with_adult=True)
    joint = replace(plan, quote=replace(plan.quote, infant=infant_plan.quote))
    return joint, infant_plan


def quote_change(
    session: Session,
    ticket_number: str,
    coupon_seq: int,
    new_flight_id: str,
    new_class: str,
    now: datetime,
    reason: str | Reason = Reason.VOLUNTARY,
    *,
    with_infant: bool = False,
) -> ChangeQuote:
    """The fee and fare difference of moving one coupon to another flight (same route and
    carrier) or class; with ``with_infant``, an adult's infant on that flight moves too (its
    quote in :attr:`ChangeQuote.infant`, its due in the total).

    Refusals: ``needs_head_office``, ``refund_reason``, ``ticket_void``, ``coupon_unknown``,
    ``coupon_used``, ``already_refunded``, ``coupon_exchanged``, ``flight_not_found``,
    ``change_route``, ``change_carrier``, ``unknown_fare_class``, ``change_nothing``,
    ``flight_cancelled``, ``flight_departed``, ``class_closed``,
    ``offline_seats_exhausted``, ``change_with_infant`` (an adult with an infant, without
    ``with_infant``), ``infant_change_alone`` (an infant whose adult is not on the new
    flight).
    """
    ticket = _ticket(session, ticket_number, "change")
    return _plan_joint(session, ticket, coupon_seq, new_flight_id, new_class, _reason(reason),
                       server_now(session, now), with_infant)[0].quote


def change(
    session: Session,
    ticket_number: str,
    coupon_seq: int,
    new_flight_id: str,
    new_class: str,
    payments: Sequence[PaymentInput],
    *,
    clerk: ClerkSession,
    now: datetime,
    reason: str | Reason = Reason.VOLUNTARY,
    override: Override | None = None,
    with_infant: bool = False,
) -> ChangeResult:
    """Change one coupon in the caller's unit of work: the ticket is re-issued as an
    exchange (new number from the range; old open coupons ``E``, the new ticket's ``O``),
    the seat moves between leases, the fee and fare difference are paid, ``sale.change``
    goes to the outbox. With ``with_infant`` an adult's infant on that flight is exchanged
    too, onto the same new flight and class (one more number, its own ``sale.change``
    after the adult's, one payment for both). Refusals of :func:`quote_change`, the
    payment refusals, and ``ticket_range_exhausted``."""
    ticket = _ticket(session, ticket_number, "change")
    at_server = server_now(session, now)
    plan, infant_plan = _plan_joint(session, ticket, coupon_seq, new_flight_id, new_class,
                                    _reason(reason), at_server, with_infant)
    quote = plan.quote
    prefix = TicketNumber.parse(ticket.ticket_number).prefix
    numbers = take_numbers(session, "ticket", prefix, 1 if infant_plan is None else 2,
                            "ticket_range_exhausted")
    customer = (
        None if plan.booking.customer_id is None
        else session.get(Customer, plan.booking.customer_id)
    )
    checked = check_payments(
        session, payments, quote.total_due, customer, override=override, clerk_login=clerk.login,
        now=now, context={"pnr": plan.booking.pnr, "ticket_number": ticket.ticket_number},
    )
    # --- write ----------------------------------------------------------------------------
    new_number = str(TicketNumber(prefix, numbers[0][1]))
    paid = [{"method": line.method.value, "amount": amount_text(line.amount)}
            for line in checked.lines]
    record, new_segment, op_id = _write_change(
        session, plan, new_number, paid, clerk=clerk, now=now, at_server=at_server)
    infant_result: ChangeResult | None = None
    if infant_plan is not None:
        infant_number = str(TicketNumber(prefix, numbers[1][1]))
        # Paid once, with the adult's change; the infant rides on the adult's new segment.
        infant_record, _segment, infant_op = _write_change(
            session, infant_plan, infant_number, [], clerk=clerk, now=now, at_server=at_server,
            segment=new_segment)
        infant_result = ChangeResult(
            change_id=infant_record.id,
            quote=infant_plan.quote,
            old_ticket_number=infant_plan.ticket.ticket_number,
            new_ticket_number=infant_number,
            paid=(),
            change_due=ZERO,
            op_id=infant_op,
        )
    advance(numbers)
    write_payments(session, plan.booking.id, checked, kind="change", clerk_id=clerk.clerk_id,
                   created=naive_utc(now), ticket_number=new_number)
    return ChangeResult(
        change_id=record.id,
        quote=quote,
        old_ticket_number=ticket.ticket_number,
        new_ticket_number=new_number,
        paid=tuple((line.method.value, line.amount) for line in checked.lines),
        change_due=checked.change_due,
        op_id=op_id,
        infant=infant_result,
    )


def _write_change(
    session: Session,
    plan: _ChangePlan,
    new_number: str,
    payments: list[dict[str, str]],
    *,
    clerk: ClerkSession,
    now: datetime,
    at_server: datetime,
    segment: BookingSegment | None = None,
) -> tuple[TicketChange, BookingSegment, str]:
    """Write one checked change: the new segment (or ``segment``, shared with the adult),
    the seat, the exchange ticket and coupons, the change record and its ``sale.change``."""
    quote = plan.quote
    ticket = plan.ticket
    created = naive_utc(now)
    infant = PassengerType(plan.passenger.passenger_type) is PassengerType.INFANT
    same_seat = plan.lease is None and not infant
    if segment is not None:
        new_segment = segment
    else:
        new_segment = BookingSegment(
            id=new_id(),
            booking_id=plan.booking.id,
            seq=(session.scalar(select(func.max(BookingSegment.seq)).where(
                BookingSegment.booking_id == plan.booking.id)) or 0) + 1,
            flight_id=plan.new_flight.id,
            class_code=quote.new_class,
            cabin=quote.new_cabin,
            status="HK",
            lease_id=plan.old_segment.lease_id if same_seat else (
                None if plan.lease is None else plan.lease.lease_id),
            seats=0 if infant else 1,
        )
        session.add(new_segment)
    if not infant and not same_seat:
        _give_back_seat(session, plan.old_segment, at_server)
        assert plan.lease is not None
        plan.lease.used_local = Lease.used_local + 1
    elif same_seat:
        plan.old_segment.seats = max(plan.old_segment.seats - 1, 0)
    session.flush()
    new_ticket = Ticket(
        id=new_id(),
        ticket_number=new_number,
        booking_id=plan.booking.id,
        passenger_id=plan.passenger.id,
        status="issued",
        fare_fen=0,
        total_fen=0,
        issued_at=naive_utc(at_server),
        clerk_id=clerk.clerk_id,
        exchanged_from_id=ticket.id,
    )
    session.add(new_ticket)
    session.flush()
    new_coupons: list[Coupon] = []
    payload_coupons: list[dict[str, Any]] = []
    difference = quote.fee.fare_difference
    for old in plan.coupons:
        if old.status != CouponStatus.OPEN.value:
            continue
        moved = old.seq == plan.coupon.seq
        seg = new_segment if moved else session.get(BookingSegment, old.segment_id)
        assert seg is not None
        policy = insurance_policy_no(new_number, old.seq) if old.insurance_units else ""
        fare_fen = old.fare_fen + (to_fen(difference) if moved else 0)
        coupon = Coupon(
            id=new_id(),
            ticket_id=new_ticket.id,
            seq=old.seq,
            segment_id=seg.id,
            status=CouponStatus.OPEN.value,
            fare_basis=quote.new_class if moved else old.fare_basis,
            fare_fen=fare_fen,
            cn_fund_fen=old.cn_fund_fen,
            fuel_fen=old.fuel_fen,
            insurance_units=old.insurance_units,
            insurance_fen=old.insurance_fen,
            service_fee_fen=old.service_fee_fen,
            insurance_policy_no=policy,
        )
        new_coupons.append(coupon)
        payload_coupons.append(
            {
                "seq": old.seq,
                "flight_id": seg.flight_id,
                "cabin": seg.cabin,
                "class_code": coupon.fare_basis,
                "fare": amount_text(from_fen(fare_fen)),
                "cn_fund": amount_text(from_fen(old.cn_fund_fen)),
                "fuel": amount_text(from_fen(old.fuel_fen)),
                "insurance": amount_text(from_fen(old.insurance_fen)),
                "service_fee": amount_text(from_fen(old.service_fee_fen)),
                "insurance_policy_no": policy,
                "moved": moved,
            }
        )
        old.status = CouponStatus.EXCHANGED.value
    session.add_all(new_coupons)
    new_ticket.fare_fen = sum(c.fare_fen for c in new_coupons)
    new_ticket.cn_fund_fen = sum(c.cn_fund_fen for c in new_coupons)
    new_ticket.fuel_fen = sum(c.fuel_fen for c in new_coupons)
    new_ticket.insurance_fen = sum(c.insurance_fen for c in new_coupons)
    new_ticket.service_fee_fen = sum(c.service_fee_fen for c in new_coupons)
    new_ticket.total_fen = (new_ticket.fare_fen + new_ticket.cn_fund_fen + new_ticket.fuel_fen
                            + new_ticket.insurance_fen + new_ticket.service_fee_fen)
    ticket.status = "exchanged"
    record = TicketChange(
        id=new_id(),
        booking_id=plan.booking.id,
        old_ticket_id=ticket.id,
        new_ticket_id=new_ticket.id,
        coupon_seq=plan.coupon.seq,
        old_segment_id=plan.old_segment.id,
        new_segment_id=new_segment.id,
        reason=quote.reason.value,
        fee_fen=to_fen(quote.fee.amount),
        fare_difference_fen=to_fen(difference),
        rule=quote.fee.rule.value,
        created_at=created,
        clerk_id=clerk.clerk_id,
    )
    session.add(record)
    session.flush()
    if not session.scalar(
        select(func.count()).select_from(Coupon).where(
            Coupon.segment_id == plan.old_segment.id, Coupon.status == CouponStatus.OPEN.value
        )
    ):
        plan.old_segment.status = "XX"
    entry = enqueue(
        session,
        protocol.OpKind.SALE_CHANGE,
        {
            "change_id": record.id,
            "sale_id": plan.booking.id,
            "old_ticket_number": ticket.ticket_number,
            "new_ticket_number": new_number,
            "coupon_seq": plan.coupon.seq,
            "passenger_type": plan.passenger.passenger_type,
            "reason": quote.reason.value,
            "fee": amount_text(quote.fee.amount),
            "fare_difference": amount_text(difference),
            "new_segment": {
                "flight_id": plan.new_flight.id,
                "cabin": quote.new_cabin,
                "class_code": quote.new_class,
                "lease_id": new_segment.lease_id,
                "same_seat": same_seat,
            },
            "coupons": payload_coupons,
            "payments": payments,
            "changed_at": aware_utc(at_server).isoformat(),
        },
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    record.op_id = entry.op_id
    return record, new_segment, entry.op_id


# --- name correction --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameCorrected:
    ticket_number: str
    old_name: str
    new_name: str
    code: CorrectionCode
    approved_by: str
    op_id: str


def correct_name(
    session: Session,
    ticket_number: str,
    new_name: str,
    *,
    clerk: ClerkSession,
    now: datetime,
    override: Override | None,
) -> NameCorrected:
    """Correct an obvious typo in a ticket's name (one wrong character, a middle dot, the
    spacing of a latin name); a ticket is never transferred to another person.

    Refusals: ``needs_head_office``, ``ticket_not_open`` (void, refunded or exchanged),
    the name's own format errors, ``name_unchanged``, ``name_change_refused`` (``reason``:
    the :class:`~counter_app.domain.names.CorrectionCode`), ``override_required``,
    ``override_refused``. The approval is audited (``override``, kind ``name_correction``)
    and ``ticket.name`` goes to the outbox.
    """
    ticket = _ticket(session, ticket_number, "name")
    if ticket.status != "issued":
        raise DomainError("ticket_not_open", field=FIELD_TICKET,
                          ticket_number=ticket.ticket_number, status=ticket.status)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert passenger is not None
    verdict = name_correction_allowed(passenger.name, new_name)
    if not verdict.allowed:
        raise DomainError("name_change_refused", field="name", reason=verdict.code.value,
                          old=passenger.name)
    if verdict.code is CorrectionCode.UNCHANGED:
        raise DomainError("name_unchanged", field="name", name=passenger.name)
    corrected = pnr_name(new_name)
    if override is None:
        raise DomainError("override_required", field="override", action="name_correction")
    approver = approve_override(
        session, override, action="name_correction", clerk_login=clerk.login, now=now,
        detail={"ticket_number": ticket.ticket_number, "old": passenger.name, "new": corrected,
                "code": verdict.code.value},
    )
    old_name = passenger.name
    passenger.name = corrected
    passenger.name_pinyin = search_letters(corrected)
    entry = enqueue(
        session,
        protocol.OpKind.TICKET_NAME,
        {
            "sale_id": ticket.booking_id,
            "ticket_number": ticket.ticket_number,
            "old_name": old_name,
            "new_name": corrected,
            "approved_by": approver,
            "code": verdict.code.value,
        },
        clerk.login,
        now,
        clerk_id=clerk.clerk_id,
    )
    return NameCorrected(ticket.ticket_number, old_name, corrected, verdict.code, approver,
                         entry.op_id)


# --- refund slip ------------------------------------------------------------------------------

_PASSENGER_TYPES = {"ADT": "成人", "CHD": "儿童", "INF": "婴儿"}
_ID_TYPES = {"NI": "身份证", "PP": "护照", "HK": "港澳通行证", "TW": "台胞证", "MT": "军官证"}
_METHODS = {"cash": "现金", "bank_card": "银行卡", "phone_card": "电话刷卡",
            "on_account": "月结挂账", "official_card": "公务卡", "unit_transfer": "单位转账"}


def _masked(id_number: str) -> str:
    """An ID number as a slip shows it: the first six and last four characters."""
    if len(id_number) <= 10:
        return id_number
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def _rule_words(rule: str, percent: str, hours: float) -> str:
    if rule == FeeRule.INVOLUNTARY.value:
        return "非自愿退票，免收退票费"
    if rule == FeeRule.GP_EASY.value:
        return "公务机票便捷退票规定"
    when = f"起飞前 {hours:.0f} 小时" if hours >= 0 else f"起飞后 {-hours:.0f} 小时"
    return f"航空公司退票规定：{when}，按票价 {Decimal(percent).normalize():f}% 收取"


def refund_slip(session: Session, refund_id: str) -> RefundSlip:
    """The refund slip (退票单) of a recorded refund: its coupons with the fee and the rule
    that set it, the money back by payment method, who refunded it, where and when.
    Refused with ``refund_not_found``."""
    record = session.get(Refund, refund_id)
    if record is None:
        raise DomainError("refund_not_found", field=FIELD_TICKET, refund_id=refund_id)
    ticket = session.get(Ticket, record.ticket_id)
    booking = session.get(Booking, record.booking_id)
    assert ticket is not None
    assert booking is not None
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert passenger is not None
    clerk = session.get(Clerk, record.clerk_id)
    outlet = session.get(Outlet, booking.outlet_code)
    at = aware_utc(record.created_at)
    detail = {int(x["seq"]): x for x in record.detail.get("lines", [])}
    coupons = {c.seq: c for c in _coupons(session, ticket.id)}
    lines: list[RefundSlipCoupon] = []
    for seq in record.coupon_seqs:
        c = coupons[int(seq)]
        seg = session.get(BookingSegment, c.segment_id)
        assert seg is not None
        flight = session.get(Flight, seg.flight_id)
        assert flight is not None
        departure = departure_aware(session, flight)
        line = detail.get(int(seq), {})
        fee = money(Decimal(str(line.get("fee", "0"))))
        hours = (departure - at) / timedelta(hours=1)
        lines.append(RefundSlipCoupon(
            seq=c.seq, flight_no=flight.flight_no, route=f"{flight.origin}-{flight.destination}",
            departure=departure.replace(tzinfo=None), class_code=c.fare_basis or seg.class_code,
            fare=from_fen(c.fare_fen), fee=fee,
            rule=_rule_words(str(line.get("rule", "")), str(line.get("percent", "0")), hours),
            taxes_back=from_fen(c.cn_fund_fen + c.fuel_fen),
            insurance_back=from_fen(c.insurance_fen) if at < departure else ZERO,
            service_fee_kept=from_fen(c.service_fee_fen),
            amount=money(Decimal(str(line.get("amount", "0")))),
        ))
    back = session.execute(
        select(Payment.method, func.sum(Payment.amount_fen))
        .where(Payment.booking_id == booking.id, Payment.kind == "refund",
               Payment.ticket_number == ticket.ticket_number,
               Payment.created_at == record.created_at)
        .group_by(Payment.method).order_by(Payment.method)
    ).all()
    return RefundSlip(
        refund_id=record.id,
        ticket_number=ticket.ticket_number,
        pnr=booking.pnr,
        passenger_name=passenger.name,
        passenger_type=_PASSENGER_TYPES.get(passenger.passenger_type, passenger.passenger_type),
        id_document=f"{_ID_TYPES.get(passenger.id_type, passenger.id_type)} "
                    f"{_masked(passenger.id_number)}",
        reason=record.reason,
        coupons=tuple(lines),
        fee=from_fen(record.fee_fen),
        refunded=from_fen(record.amount_fen),
        back_to=tuple((_METHODS.get(str(m), str(m)), -from_fen(int(fen or 0)))
                      for m, fen in back),
        clerk_name="" if clerk is None else clerk.name_zh,
        clerk_login="" if clerk is None else clerk.login,
        outlet_name="" if outlet is None else outlet.name_zh,
        outlet_code=booking.outlet_code,
        refunded_at=beijing(record.created_at).replace(tzinfo=None),
    )


def refund_slip_of_ticket(session: Session, ticket_number: str) -> RefundSlip:
    """The refund slip of the ticket's latest refund (``refund_not_found`` when it has
    none)."""
    number = str(TicketNumber.parse(ticket_number))
    refund_id = session.scalar(
        select(Refund.id).where(Refund.ticket_number == number)
        .order_by(Refund.created_at.desc()).limit(1)
    )
    if refund_id is None:
        raise DomainError("refund_not_found", field=FIELD_TICKET, refund_id=number)
    return refund_slip(session, refund_id)
