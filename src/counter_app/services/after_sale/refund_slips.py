"""The refund slip (退票单) of a recorded refund, for printing
(:mod:`counter_app.printing.refund_slip`)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fees import (
    FeeRule,
)
from counter_app.domain.money import ZERO, from_fen, money
from counter_app.domain.tickets import TicketNumber
from counter_app.kernel.clock import beijing
from counter_app.printing.refund_slip import RefundSlip, RefundSlipCoupon
from counter_app.services.after_sale.tickets import FIELD_TICKET, ticket_coupons
from counter_app.services.flight_facts import departure_aware
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Clerk,
    Flight,
    Outlet,
    Payment,
    Refund,
    Ticket,
)

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
    coupons = {c.seq: c for c in ticket_coupons(session, ticket.id)}
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
