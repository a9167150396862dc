"""The refund slip (退票单), A5 portrait: what a refund took and gave back, for the
passenger to keep and the counter's file.

It names the ticket, the booking, the passenger (type and ID document), each refunded
coupon (flight, route, date, class) with its fare, the fee and the rule that set it (the
airline's ladder at so many hours before departure, an involuntary refund, the GP easy
rules), taxes and insurance back, the service fee kept; then the fee and the amount
refunded in total, the payment methods the money goes back to, the clerk, the counter,
the time, and lines for the passenger's and the clerk's signatures. Drawn with the page
flow of :mod:`.flow` and the project's CJK fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from counter_app.printing import fonts
from counter_app.printing.flow import (
    MUTED,
    SHEETS,
    Cell,
    Column,
    Flow,
    amount,
    render_paged,
    sheet_document,
    stamp,
)
from counter_app.printing.model import Document

A5 = SHEETS["A5"]
TITLE = "退票单"
REASON_NAMES = {"voluntary": "自愿退票", "involuntary": "非自愿退票"}


@dataclass(frozen=True, slots=True)
class RefundSlipCoupon:
    """One refunded coupon with the fee's rule in words (e.g. "起飞前 75 小时，收取 5%")."""

    seq: int
    flight_no: str
    route: str  # "HET-PEK"
    departure: datetime  # local time at the airport of departure
    class_code: str
    fare: Decimal
    fee: Decimal
    rule: str
    taxes_back: Decimal  # CN fund and fuel surcharge
    insurance_back: Decimal
    service_fee_kept: Decimal
    amount: Decimal  # refunded for this coupon


@dataclass(frozen=True, slots=True)
class RefundSlip:
    """The data of one refund (退票) as printed."""

    refund_id: str
    ticket_number: str
    pnr: str
    passenger_name: str
    passenger_type: str  # "成人" / "儿童" / "婴儿"
    id_document: str  # "身份证 1501…" as printed
    reason: str  # "voluntary" | "involuntary"
    coupons: tuple[RefundSlipCoupon, ...]
    fee: Decimal
    refunded: Decimal
    back_to: tuple[tuple[str, Decimal], ...]  # (payment method as printed, amount)
    clerk_name: str
    clerk_login: str
    outlet_name: str
    outlet_code: str
    refunded_at: datetime  # Beijing time


def _title(slip: RefundSlip) -> str:
    return f"{TITLE} {slip.ticket_number}"


def _slip(flow: Flow, slip: RefundSlip) -> None:
    s = flow.sheet.size_pt
    middle = flow.left + flow.width / 2
    flow.line([Cell(middle, slip.outlet_name, "center", s + 1, width_mm=flow.width)])
    flow.line([Cell(middle, TITLE, "center", s + 6, width_mm=flow.width)])
    flow.space(1.5)
    flow.pairs([("电子客票号", slip.ticket_number), ("订座记录", slip.pnr),
                ("旅客姓名", f"{slip.passenger_name}（{slip.passenger_type}）"),
                ("证件", slip.id_document),
                ("退票类型", REASON_NAMES.get(slip.reason, slip.reason)),
                ("退票时间", stamp(slip.refunded_at))], 2, label_share=0.36)

    flow.heading("退票航段")
    flow.table([[Column("航段", 0.5, "center"), Column("航班", 1.0, font=fonts.MONO),
                 Column("航程", 1.1), Column("起飞", 1.3), Column("舱位", 0.6, "center"),
                 Column("票价", 1.0, "right")],
                [Column("退票费规则", 4.5),
                 Column("退票费", 1.0, "right")]],
               [[[str(c.seq), c.flight_no, c.route, c.departure.strftime("%Y-%m-%d %H:%M"),
                  c.class_code, amount(c.fare)],
                 [c.rule, amount(c.fee)]] for c in slip.coupons])

    flow.heading("退款计算（元）")
    fares = sum((c.fare for c in slip.coupons), Decimal(0))
    taxes = sum((c.taxes_back for c in slip.coupons), Decimal(0))
    insurance = sum((c.insurance_back for c in slip.coupons), Decimal(0))
    kept = sum((c.service_fee_kept for c in slip.coupons), Decimal(0))
    flow.amount_line("票价", amount(fares))
    flow.amount_line("减：退票费", amount(-slip.fee))
    flow.amount_line("退还机场建设费及燃油附加费", amount(taxes))
    flow.amount_line("退还保险费", amount(insurance))
    flow.amount_line("应退金额", amount(slip.refunded), s + 2)
    if kept:
        flow.text(f"服务费 {amount(kept)} 元不予退还。", ink=MUTED)

    flow.heading("退款去向")
    flow.table([[Column("原付款方式", 3), Column("退回金额", 1.2, "right")]],
               [[[method, amount(value)]] for method, value in slip.back_to]
               or [[["无退款", amount(Decimal(0))]]])

    flow.space(2.0)
    flow.pairs([("经办人", f"{slip.clerk_name}（{slip.clerk_login}）"),
                ("柜台", f"{slip.outlet_name}（{slip.outlet_code}）")], 1, label_share=0.18)
    flow.space(8.0)
    flow.sign_line("旅客签字：______________", "经办人签字：______________", s + 1)
    flow.space(3.0)
    flow.sign_line("日期：______________", "日期：______________", s + 1)
    flow.space(3.0)
    flow.text("本单一式两联：旅客联、柜台存根联。退款按原付款方式退回。", ink=MUTED)


def render_refund_slip(slip: RefundSlip) -> bytes:
    """The refund slip on A5 portrait."""
    foot = f"{slip.outlet_code} {slip.ticket_number}"
    return render_paged(A5, _title(slip), foot, lambda flow: _slip(flow, slip))


def refund_slip_document(slip: RefundSlip) -> Document:
    return sheet_document(A5, _title(slip), render_refund_slip(slip), "refund_slip",
                          {"ticket_number": slip.ticket_number, "refund_id": slip.refund_id})
