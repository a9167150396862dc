"""Ticketing a hold (出票): :func:`ticket_booking` re-quotes (a fare that changed since the
quote is refused with ``fare_changed`` unless the clerk accepts the new quote), takes
payment (:mod:`counter_app.services.payments`), one ticket per passenger from the counter's
number range of the validating carrier's prefix covering every segment, one coupon per
segment (status ``O``), insurance policy numbers, and the ``sale.issue`` outbox op, all in
the caller's unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import ZERO, amount_text, from_fen, to_fen
from counter_app.domain.tickets import (
    CouponStatus,
    TicketNumber,
    ticket_number,
)
from counter_app.domain.types import Cabin, PassengerType
from counter_app.kernel.ids import new_id
from counter_app.services.booking.holds import booking_passengers, booking_segments, held_booking
from counter_app.services.booking.passengers import stored_passenger_lines
from counter_app.services.booking.quote import (
    FareLine,
    SegmentChoice,
    commission_of,
    find_customer,
    price_lines,
    trip_legs,
)
from counter_app.services.flight_facts import departed
from counter_app.services.gp_holds import settle_holds
from counter_app.services.identity import ClerkSession
from counter_app.services.number_ranges import advance, take_numbers
from counter_app.services.payments import (
    Override,
    PaymentInput,
    check_payments,
    write_payments,
)
from counter_app.services.rules import load_rules
from counter_app.services.times import aware_utc, business_date
from counter_app.storage.models import (
    Airline,
    BookingQuote,
    Coupon,
    Lease,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now


@dataclass(frozen=True, slots=True)
class IssuedCoupon:
    seq: int
    flight_no: str
    origin: str
    destination: str
    dep_date: date
    class_code: str
    status: str
    insurance_policy_no: str


@dataclass(frozen=True, slots=True)
class IssuedTicket:
    ticket_number: str
    passenger_name: str
    passenger_type: PassengerType
    total: Decimal
    coupons: tuple[IssuedCoupon, ...]


@dataclass(frozen=True, slots=True)
class IssuedBooking:
    booking_id: str
    pnr: str
    tickets: tuple[IssuedTicket, ...]
    total: Decimal
    paid: tuple[tuple[str, Decimal], ...]
    change_due: Decimal
    override_by: str
    quote_changed: bool
    op_id: str


def insurance_policy_no(number: str, seq: int) -> str:
    """The 航意险 policy number of a coupon, made locally and deterministically: ``PI``,
    the 13 digits of the ticket number and the 2-digit coupon number."""
    return f"PI{TicketNumber.parse(number).digits}{seq:02d}"


def _same_line(stored: BookingQuote, line: FareLine) -> bool:
    return (
        stored.fare_fen == to_fen(line.fare)
        and stored.cn_fund_fen == to_fen(line.cn_fund)
        and stored.fuel_fen == to_fen(line.fuel)
        and stored.insurance_fen == to_fen(line.insurance)
        and stored.service_fee_fen == to_fen(line.service_fee)
    )


def ticket_booking(
    session: Session,
    booking_id: str,
    payments: Sequence[PaymentInput],
    *,
    clerk: ClerkSession,
    now: datetime,
    accept_new_quote: bool = False,
    override: Override | None = None,
) -> IssuedBooking:
    """Issue the tickets of a held booking offline, in the caller's unit of work.

    Refusals: ``booking_not_found``, ``booking_not_held``, ``booking_expired``,
    ``flight_cancelled``, ``flight_departed``, ``lease_expired``, ``fare_changed``
    (``old``/``new`` totals; pass ``accept_new_quote`` once the traveller agrees),
    ``gp_order_required``, ``unknown_airline``, ``ticket_range_exhausted``, a card payment
    without its slip reference (:func:`counter_app.services.payments.check_reference`), and
    the payment refusals of :func:`counter_app.services.payments.check_payments`.
    """
    at_server = server_now(session, now)
    booking = held_booking(session, booking_id)
    deadline = booking.ticketing_deadline
    if deadline is not None and aware_utc(deadline) <= aware_utc(at_server):
        raise DomainError("booking_expired", field="booking", pnr=booking.pnr,
                          deadline=aware_utc(deadline).isoformat())
    segments = booking_segments(session, booking.id)
    rows = booking_passengers(session, booking.id)
    rules = load_rules(session)
    ticketing_date = business_date(at_server)
    legs = trip_legs(
        session,
        rules,
        [SegmentChoice(s.flight_id, s.class_code) for s in segments],
        ticketing_date,
    )
    naive_server = naive_utc(at_server)
    for leg, seg in zip(legs, segments, strict=True):
        if leg.flight.status == "cancelled":
            raise DomainError("flight_cancelled", field="flight", flight_no=leg.flight.flight_no)
        if departed(leg.flight, at_server):
            raise DomainError("flight_departed", field="flight", flight_no=leg.flight.flight_no)
        if seg.lease_id is not None and seg.seats > 0:
            lease = session.get(Lease, seg.lease_id)
            if lease is None or lease.status != "active" or lease.expires_at <= naive_server:
                raise DomainError(
                    "lease_expired", field="flight", flight_no=leg.flight.flight_no,
                    queue_request=True,
                )
    passengers = stored_passenger_lines(rows)
    lines = price_lines(rules, legs, passengers, booking.customer_kind, ticketing_date)
    stored = {
        (q.passenger_id, q.segment_id): q
        for q in session.scalars(select(BookingQuote).where(BookingQuote.booking_id == booking.id))
    }
    seg_by_seq = {s.seq: s for s in segments}
    changed = [
        line
        for line in lines
        if not _same_line(stored[(rows[line.passenger].id, seg_by_seq[line.segment].id)], line)
    ]
    old_total = from_fen(sum(q.total_fen for q in stored.values()))
    new_total = sum((line.total for line in lines), ZERO)
    if changed and not accept_new_quote:
        raise DomainError(
            "fare_changed", field="quote", old=amount_text(old_total), new=amount_text(new_total),
            pnr=booking.pnr,
        )
    customer = find_customer(session, booking.customer_id)
    if booking.customer_kind == "gp_unit" and not booking.gp_order_no:
        raise DomainError("gp_order_required", field="gp_order_no")
    validating = legs[0].flight.carrier
    airline = session.get(Airline, validating)
    if airline is None:
        raise DomainError("unknown_airline", field="flight", carrier=validating)
    numbers = take_numbers(session, "ticket", airline.prefix, len(rows), "ticket_range_exhausted")
    number_texts = [str(ticket_number(airline.prefix, serial)) for _range, serial in numbers]
    checked = check_payments(
        session,
        payments,
        new_total,
        customer,
        override=override,
        clerk_login=clerk.login,
        now=now,
        context={"pnr": booking.pnr},
        references_required=True,
    )

    # --- every check passed: write ------------------------------------------------------
    created = naive_utc(now)
    issued = naive_server
    if changed:
        for line in lines:
            q = stored[(rows[line.passenger].id, seg_by_seq[line.segment].id)]
            q.published_fare_fen = to_fen(line.published_fare)
            q.fare_fen = to_fen(line.fare)
            q.cn_fund_fen = to_fen(line.cn_fund)
            q.fuel_fen = to_fen(line.fuel)
            q.insurance_fen = to_fen(line.insurance)
            q.service_fee_fen = to_fen(line.service_fee)
            q.total_fen = to_fen(line.total)
            q.gp_applied = line.gp_applied
            q.ticketing_date = ticketing_date
            q.quoted_at = created
    tickets: list[Ticket] = []
    coupons: list[Coupon] = []
    payload_tickets: list[protocol.TicketLine] = []
    issued_tickets: list[IssuedTicket] = []
    for p, row, number in zip(passengers, rows, number_texts, strict=True):
        mine = [line for line in lines if line.passenger == p.index]
        ticket = Ticket(
            id=new_id(),
            ticket_number=number,
            booking_id=booking.id,
            passenger_id=row.id,
            status="issued",
            fare_fen=sum(to_fen(x.fare) for x in mine),
            cn_fund_fen=sum(to_fen(x.cn_fund) for x in mine),
            fuel_fen=sum(to_fen(x.fuel) for x in mine),
            insurance_fen=sum(to_fen(x.insurance) for x in mine),
            service_fee_fen=sum(to_fen(x.service_fee) for x in mine),
            total_fen=sum(to_fen(x.total) for x in mine),
            issued_at=issued,
            clerk_id=clerk.clerk_id,
        )
        tickets.append(ticket)
        coupon_payload: list[protocol.CouponLine] = []
        issued_coupons: list[IssuedCoupon] = []
        for x, leg in zip(mine, legs, strict=True):
            policy = insurance_policy_no(number, x.segment) if x.insurance_units else ""
            coupons.append(
                Coupon(
                    id=new_id(),
                    ticket_id=ticket.id,
                    seq=x.segment,
                    segment_id=seg_by_seq[x.segment].id,
                    status=CouponStatus.OPEN.value,
                    fare_basis=leg.info.class_code,
                    **x.in_fen(),
                    insurance_policy_no=policy,
                )
            )
            coupon_payload.append(
                protocol.CouponLine(
                    seq=x.segment,
                    fare=amount_text(x.fare),
                    cn_fund=amount_text(x.cn_fund),
                    fuel=amount_text(x.fuel),
                    insurance=amount_text(x.insurance),
                    service_fee=amount_text(x.service_fee),
                    insurance_policy_no=policy,
                )
            )
            issued_coupons.append(
                IssuedCoupon(
                    seq=x.segment,
                    flight_no=leg.info.flight_no,
                    origin=leg.info.origin,
                    destination=leg.info.destination,
                    dep_date=leg.info.dep_date,
                    class_code=leg.info.class_code,
                    status=CouponStatus.OPEN.value,
                    insurance_policy_no=policy,
                )
            )
        total = sum((x.total for x in mine), ZERO)
        payload_tickets.append(
            protocol.TicketLine(
                ticket_number=number,
                passenger_name=p.name,
                passenger_type=p.passenger_type.value,
                id_type=p.id_type.value,
                id_number=p.id_number,
                fare=amount_text(sum((x.fare for x in mine), ZERO)),
                cn_fund=amount_text(sum((x.cn_fund for x in mine), ZERO)),
                fuel=amount_text(sum((x.fuel for x in mine), ZERO)),
                insurance=amount_text(sum((x.insurance for x in mine), ZERO)),
                service_fee=amount_text(sum((x.service_fee for x in mine), ZERO)),
                total=amount_text(total),
                receipt_serial=None,
                coupons=coupon_payload,
            )
        )
        issued_tickets.append(
            IssuedTicket(number, p.name, p.passenger_type, total, tuple(issued_coupons))
        )
    session.add_all(tickets)
    session.flush()
    session.add_all(coupons)
    write_payments(session, booking.id, checked, kind="sale", clerk_id=clerk.clerk_id,
                   created=created)
    booking.status = "ticketed"
    booking.ticketed_at = created
    commission = commission_of(rules, customer, lines, ticketing_date)
    booking.commission_fen = to_fen(commission)
    advance(numbers)
    first = segments[0]
    sale = protocol.SaleIssue(
        sale_id=booking.id,
        pnr=booking.pnr,
        flight_id=first.flight_id,
        cabin=Cabin(first.cabin).value,
        class_code=first.class_code,
        lease_id=first.lease_id,
        customer_id=booking.customer_id,
        tickets=payload_tickets,
        payments=[
            protocol.PaymentLine(method=line.method.value, amount=amount_text(line.amount))
            for line in checked.lines
        ],
        issued_at=aware_utc(at_server),
        segments=[
            protocol.SegmentLine(
                seq=s.seq,
                flight_id=s.flight_id,
                cabin=Cabin(s.cabin).value,
                class_code=s.class_code,
                lease_id=s.lease_id,
            )
            for s in segments
        ],
        gp_order_no=booking.gp_order_no,
        commission=amount_text(commission),
    )
    entry = enqueue(session, sale, clerk.login, now, clerk_id=clerk.clerk_id)
    # A GP official's seat held on this flight (压座): the holds on the others go back.
    settle_holds(session, clerk=clerk, now=now, booking_id=booking.id)
    return IssuedBooking(
        booking_id=booking.id,
        pnr=booking.pnr,
        tickets=tuple(issued_tickets),
        total=new_total,
        paid=tuple((line.method.value, line.amount) for line in checked.lines),
        change_due=checked.change_due,
        override_by=checked.override_by,
        quote_changed=bool(changed),
        op_id=entry.op_id,
    )
