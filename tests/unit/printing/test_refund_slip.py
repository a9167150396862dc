"""The refund slip (退票单) read back from its PDF: every field a passenger and the counter's
file need, the fee with the rule that set it, the money back by payment method, and the
signature lines, on one A5 page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import doc_samples as samples
import pytest

from clock_support import TODAY
from counter_app.printing.refund_slip import (
    RefundSlip,
    RefundSlipCoupon,
    refund_slip_document,
    render_refund_slip,
)

# Beijing wall-clock time, as the slip prints it: 09:00 today.
WHEN = datetime.combine(TODAY, time(9, 0))
DEPARTS = WHEN + timedelta(days=3, hours=3, minutes=10)


def slip() -> RefundSlip:
    return RefundSlip(
        refund_id="r-1",
        ticket_number="999-2090000001",
        pnr="HX3K9P",
        passenger_name="王𠮷",
        passenger_type="成人",
        id_document="身份证 110105********002X",
        reason="voluntary",
        coupons=(
            RefundSlipCoupon(1, "CA1144", "HET-PEK", DEPARTS, "M",
                             Decimal("1130.00"), Decimal("57.00"),
                             "航空公司退票规定：起飞前 75 小时，按票价 5% 收取",
                             Decimal("110.00"), Decimal("20.00"), Decimal("30.00"),
                             Decimal("1203.00")),
        ),
        fee=Decimal("57.00"),
        refunded=Decimal("1203.00"),
        back_to=(("现金", Decimal("203.00")), ("银行卡", Decimal("1000.00"))),
        clerk_name="王丽",
        clerk_login="wangli",
        outlet_name="呼和浩特市邮政局新华大街营业厅",
        outlet_code="HET001",
        refunded_at=WHEN + timedelta(minutes=15),
    )


def test_refund_slip_fields_read_back(tmp_path: Path) -> None:
    pdf = render_refund_slip(slip())
    pages = samples.read_pages(pdf, tmp_path)
    assert len(pages) == 1
    assert (pages[0].width_mm, pages[0].height_mm) == pytest.approx((148.0, 210.0), abs=0.2)
    text = samples.squash(samples.plain_text(pdf, tmp_path))
    for value in ["退票单", "呼和浩特市邮政局新华大街营业厅", "电子客票号", "999-2090000001",
                  "订座记录", "HX3K9P", "王𠮷（成人）", "身份证110105********002X",
                  "自愿退票", "退票时间", f"{WHEN:%Y-%m-%d}09:15",
                  "CA1144", "HET-PEK", f"{DEPARTS:%Y-%m-%d}12:10", "1130.00",
                  "起飞前75小时，按票价5%收取", "57.00",
                  "减：退票费", "-57.00", "退还机场建设费及燃油附加费", "110.00", "退还保险费",
                  "20.00", "应退金额", "1203.00", "服务费30.00元不予退还",
                  "退款去向", "现金", "203.00", "银行卡", "1000.00",
                  "经办人", "王丽（wangli）", "柜台", "呼和浩特市邮政局新华大街营业厅（HET001）",
                  "旅客签字", "经办人签字", "第1页/共1页"]:
        assert samples.squash(value) in text, value


def test_refund_slip_document_is_a5_and_named_by_its_ticket() -> None:
    doc = refund_slip_document(slip())
    assert (doc.kind, doc.title) == ("refund_slip", "退票单 999-2090000001")
    assert (doc.page_width_mm, doc.page_height_mm) == (148.0, 210.0)
    assert doc.meta == {"ticket_number": "999-2090000001", "refund_id": "r-1"}
    assert doc.pdf.startswith(b"%PDF-")


def test_an_involuntary_refund_with_nothing_back_still_prints(tmp_path: Path) -> None:
    nothing = RefundSlip(**{**{f: getattr(slip(), f) for f in RefundSlip.__slots__},
                            "reason": "involuntary", "back_to": (), "refunded": Decimal(0)})
    text = samples.squash(samples.plain_text(render_refund_slip(nothing), tmp_path))
    assert "非自愿退票" in text
    assert "无退款" in text
