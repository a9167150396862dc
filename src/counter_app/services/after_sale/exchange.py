"""The change made (换开): the ticket is re-issued as an exchange with a new number (old
coupons ``E``, new ones ``O``), the seat moves between leases, the fee and the fare
difference are paid, ``sale.change`` goes to the outbox; an infant changing with its adult
gets its own exchange and op in the same step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.fees import (
    Reason,
)
from counter_app.domain.money import ZERO, amount_text, from_fen, to_fen
from counter_app.domain.tickets import CouponStatus, TicketNumber
from counter_app.domain.types import Cabin, PassengerType
from counter_app.kernel.ids import new_id
from counter_app.services.after_sale.changes import (
    ChangeAsked,
    ChangePlan,
    ChangeQuote,
    plan_joint,
)
from counter_app.services.after_sale.refunds import parse_reason
from counter_app.services.after_sale.tickets import find_ticket, give_back_seat
from counter_app.services.booking import insurance_policy_no
from counter_app.services.identity import ClerkSession
from counter_app.services.number_ranges import advance, take_numbers
from counter_app.services.payments import (
    Override,
    PaymentInput,
    check_payments,
    write_payments,
)
from counter_app.services.seating import release_for_coupons
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    BookingSegment,
    Coupon,
    Customer,
    Lease,
    Ticket,
    TicketChange,
)
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.status import naive_utc, server_now


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
    ticket = find_ticket(session, ticket_number, "change")
    at_server = server_now(session, now)
    asked = ChangeAsked(ticket, coupon_seq, new_flight_id, new_class, parse_reason(reason),
                        at_server)
    plan, infant_plan = plan_joint(session, asked, with_infant)
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
    paid = [protocol.PaymentLine(method=line.method.value, amount=amount_text(line.amount))
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
    plan: ChangePlan,
    new_number: str,
    payments: list[protocol.PaymentLine],
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
        give_back_seat(session, plan.old_segment, at_server)
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
    payload_coupons: list[protocol.ChangedCoupon] = []
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
            protocol.ChangedCoupon(
                seq=old.seq,
                flight_id=seg.flight_id,
                cabin=Cabin(seg.cabin).value,
                class_code=coupon.fare_basis,
                fare=amount_text(from_fen(fare_fen)),
                cn_fund=amount_text(from_fen(old.cn_fund_fen)),
                fuel=amount_text(from_fen(old.fuel_fen)),
                insurance=amount_text(from_fen(old.insurance_fen)),
                service_fee=amount_text(from_fen(old.service_fee_fen)),
                insurance_policy_no=policy,
                moved=moved,
            )
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
    changed = protocol.SaleChange(
        change_id=record.id,
        sale_id=plan.booking.id,
        old_ticket_number=ticket.ticket_number,
        new_ticket_number=new_number,
        coupon_seq=plan.coupon.seq,
        passenger_type=PassengerType(plan.passenger.passenger_type).value,
        reason=quote.reason.value,
        fee=amount_text(quote.fee.amount),
        fare_difference=amount_text(difference),
        new_segment=protocol.NewSegment(
            flight_id=plan.new_flight.id,
            cabin=Cabin(quote.new_cabin).value,
            class_code=quote.new_class,
            lease_id=new_segment.lease_id,
            same_seat=same_seat,
        ),
        coupons=payload_coupons,
        payments=payments,
        changed_at=aware_utc(at_server),
    )
    entry = enqueue(session, changed, clerk.login, now, clerk_id=clerk.clerk_id)
    record.op_id = entry.op_id
    # The old flight's seat is given back (a locked seat on the same flight is kept), after
    # the change in the outbox: head office, seeing the coupon exchanged first, gives a
    # locked seat back without asking for a supervisor.
    release_for_coupons(session, plan.passenger.id, [plan.old_segment.id], "change",
                        clerk.login, now, kept_on=new_segment, ticket_number=new_number)
    return record, new_segment, entry.op_id
