"""Refund (退票): per coupon, the fee by the rules in force (the airline's ladder for the
fare family; the GP easy rules for GP officials V1 and up; involuntary refunds free), fare
minus fee back, CN fund and fuel surcharge back on unflown coupons, insurance back only
before departure; the service fee is the counter's and stays. Money goes back by the
channels it came in, proportionally; ``sale.refund`` goes to the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClass,
    RouteFares,
    percent_of_y,
    select_fare_class_table,
    select_gp_rule,
)
from counter_app.domain.fees import (
    FeeRule,
    GpEasyContext,
    Reason,
    refund_fee,
    select_ladder,
)
from counter_app.domain.money import ZERO, amount_text, from_fen, to_fen
from counter_app.domain.tickets import CouponStatus
from counter_app.kernel.ids import new_id
from counter_app.services.after_sale.tickets import (
    FIELD_TICKET,
    check_infants_stay_accompanied,
    find_ticket,
    give_back_seat,
    is_infant,
    open_ticket_parties,
    original_issue,
    require_open,
    ticket_coupons,
)
from counter_app.services.flight_facts import departure_aware, route_fares
from counter_app.services.identity import ClerkSession
from counter_app.services.invoices import reverse_for_refund
from counter_app.services.payments import (
    return_channels,
    write_returns,
)
from counter_app.services.rules import Rules, load_rules
from counter_app.services.seating import release_for_coupons
from counter_app.services.times import aware_utc, business_date
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Flight,
    Refund,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now


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


def parse_reason(text: str | Reason) -> Reason:
    try:
        return Reason(text)
    except ValueError:
        raise DomainError("refund_reason", field="reason", reason=str(text)) from None


@dataclass(frozen=True, slots=True)
class CouponFare:
    flight: Flight
    fare_class: FareClass
    route: RouteFares


def coupon_fare(session: Session, rules: Rules, coupon: Coupon, on: date) -> CouponFare:
    seg = session.get(BookingSegment, coupon.segment_id)
    assert seg is not None
    flight = session.get(Flight, seg.flight_id)
    assert flight is not None
    table = select_fare_class_table(rules.fare_classes, flight.carrier, on)
    return CouponFare(flight, table.get(coupon.fare_basis or seg.class_code), route_fares(flight))


def gp_context(
    rules: Rules, booking: Booking, passenger: BookingPassenger, fare: CouponFare, on: date
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
    booking, passenger = open_ticket_parties(session, ticket)
    coupons = ticket_coupons(session, ticket.id)
    if coupon_seqs is None:
        chosen = [c for c in coupons if c.status == CouponStatus.OPEN.value]
        if not chosen:
            for c in coupons:
                require_open(c, ticket.ticket_number)
    else:
        by_seq = {c.seq: c for c in coupons}
        chosen = []
        for seq in sorted(set(coupon_seqs)):
            if seq not in by_seq:
                raise DomainError("coupon_unknown", field=FIELD_TICKET,
                                  ticket_number=ticket.ticket_number, seq=seq)
            chosen.append(by_seq[seq])
    for c in chosen:
        require_open(c, ticket.ticket_number)
    rules = load_rules(session)
    issued_on = business_date(original_issue(session, ticket))
    asked = aware_utc(at_server)
    lines: list[RefundLine] = []
    for c in chosen:
        fare = coupon_fare(session, rules, c, issued_on)
        departure = departure_aware(session, fare.flight)
        ladder = select_ladder(rules.fee_ladders, fare.flight.carrier, fare.fare_class.family,
                               issued_on)
        face = from_fen(c.fare_fen)
        decision = refund_fee(ladder, face, departure, asked, reason,
                              gp_context(rules, booking, passenger, fare, issued_on))
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
    ticket = find_ticket(session, ticket_number, "refund")
    return _refund_quote(session, ticket, parse_reason(reason), server_now(session, now),
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
    ticket = find_ticket(session, ticket_number, "refund")
    at_server = server_now(session, now)
    quote, chosen = _refund_quote(session, ticket, parse_reason(reason), at_server, coupon_seqs)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    booking = session.get(Booking, ticket.booking_id)
    assert passenger is not None
    assert booking is not None
    check_infants_stay_accompanied(
        session, booking.id, {passenger.id}, {c.segment_id for c in chosen}
    )

    # --- write ----------------------------------------------------------------------------
    created = naive_utc(now)
    released = 0
    for c in chosen:
        c.status = CouponStatus.REFUNDED.value
        seg = session.get(BookingSegment, c.segment_id)
        if seg is not None and not is_infant(passenger) and give_back_seat(
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
    refunded = protocol.SaleRefund(
        refund_id=record.id,
        sale_id=booking.id,
        ticket_number=ticket.ticket_number,
        coupons=list(quote.coupon_seqs),
        reason=quote.reason.value,
        fee=amount_text(quote.fee),
        amount=amount_text(quote.amount),
        payments=[protocol.PaymentLine(method=m, amount=amount_text(a))
                  for m, a in quote.channels],
        refunded_at=aware_utc(at_server),
    )
    entry = enqueue(session, refunded, clerk.login, now, clerk_id=clerk.clerk_id)
    record.op_id = entry.op_id
    # The chosen seats go back after the refund in the outbox: head office, seeing the
    # coupons refunded first, gives a locked seat back without asking for a supervisor.
    release_for_coupons(session, passenger.id, [c.segment_id for c in chosen], "refund",
                        clerk.login, now)
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
