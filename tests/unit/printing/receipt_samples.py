"""Sample itinerary receipts for the printing tests (import it, do not change it in place:
``dataclasses.replace`` a sample for a variant).

- :func:`one_way`: 深圳 → 北京, one coupon, walk-in, rare-character name 王𠮷;
- :func:`gp_return`: a GP official's return trip with a GP order number;
- :func:`four_segments`: a full form (four coupons, one surface sector);
- :func:`five_segments`: one coupon too many for one form;
- :func:`long_texts`: a name and endorsement far longer than their slots.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

from counter_app.printing.model import ItineraryReceipt, ReceiptSegment

SZX_PEK = ReceiptSegment(
    origin="深圳 SZX",
    destination="北京 PEK",
    carrier="CZ",
    flight_no="CZ3101",
    class_code="Y",
    dep_date=date(2026, 11, 23),
    dep_time=time(8, 0),
    fare_basis="Y",
    not_valid_before=date(2026, 11, 23),
    not_valid_after=date(2026, 11, 23),
    baggage="20K",
)
PEK_SZX = ReceiptSegment(
    origin="北京 PEK",
    destination="深圳 SZX",
    carrier="CZ",
    flight_no="CZ3102",
    class_code="M",
    dep_date=date(2026, 11, 27),
    dep_time=time(19, 35),
    fare_basis="MGP95",
    not_valid_before=date(2026, 11, 27),
    not_valid_after=date(2026, 11, 27),
    baggage="20K",
)
PEK_HET = ReceiptSegment(
    origin="北京 PEK",
    destination="呼和浩特 HET",
    carrier="CA",
    flight_no="CA1103",
    class_code="B",
    dep_date=date(2026, 11, 24),
    dep_time=time(7, 5),
    fare_basis="B",
    baggage="20K",
)
# a surface sector: the traveller goes HET → BAV by land, the next coupon leaves from 包头
BAV_SHA = ReceiptSegment(
    origin="包头 BAV",
    destination="上海 SHA",
    carrier="MU",
    flight_no="MU5604",
    class_code="C",
    dep_date=date(2026, 11, 26),
    dep_time=time(13, 50),
    fare_basis="C",
    baggage="30K",
)
SHA_SZX = ReceiptSegment(
    origin="上海 SHA",
    destination="深圳 SZX",
    carrier="ZH",
    flight_no="ZH9508",
    class_code="F",
    dep_date=date(2026, 11, 30),
    dep_time=time(21, 10),
    fare_basis="F",
    not_valid_before=date(2026, 11, 30),
    not_valid_after=date(2027, 11, 23),
    baggage="40K",
)


def one_way() -> ItineraryReceipt:
    return ItineraryReceipt(
        passenger_name="王𠮷",
        id_number="440304198001010015",
        endorsements="不得签转 变更退票按规定收费",
        segments=(SZX_PEK,),
        fare=Decimal("1230"),
        cn_fund=Decimal("50"),
        fuel_surcharge=Decimal("80.00"),
        other_taxes=Decimal("0"),
        insurance=Decimal("20"),
        total=Decimal("1360.00"),
        ticket_number="784-2090171140",
        serial="0000123456",
        agent_code="HET001",
        issued_by="呼和浩特市邮政局新华大街营业厅",
        issue_date=date(2026, 11, 20),
        notices="验真请登录 www.travelsky.com.cn 或致电 4008158888",
    )


def gp_return() -> ItineraryReceipt:
    return replace(
        one_way(),
        passenger_name="阿卜杜拉·买买提",
        id_number="650102197503150031",
        endorsements="GP公务客票 不得签转 退改按公务规定",
        segments=(SZX_PEK, PEK_SZX),
        fare=Decimal("2337.50"),
        cn_fund=Decimal("100"),
        fuel_surcharge=Decimal("160"),
        insurance=Decimal("0"),
        total=Decimal("2597.50"),
        ticket_number="784-2090171141",
        serial="0000123457",
        gp_order_no="GP2026112300017",
    )


def four_segments() -> ItineraryReceipt:
    return replace(
        one_way(),
        segments=(SZX_PEK, PEK_HET, BAV_SHA, SHA_SZX),
        fare=Decimal("5870"),
        cn_fund=Decimal("200"),
        fuel_surcharge=Decimal("320"),
        other_taxes=Decimal("12.5"),
        total=Decimal("6402.50"),
        ticket_number="999-2090171142",
        serial="0000123458",
    )


def five_segments() -> ItineraryReceipt:
    return replace(four_segments(), segments=(SZX_PEK, PEK_HET, BAV_SHA, SHA_SZX, SZX_PEK))


def long_texts() -> ItineraryReceipt:
    return replace(
        one_way(),
        passenger_name="欧阳娜娜拉丽莎·克里斯蒂娜·玛丽亚·阿卜杜拉·买买提·司马相如",
        endorsements=("不得签转/不得更改/不得退票/仅限本人使用/GP公务客票/改期免费一次/"
                      "航班延误请联系承运人/NON-ENDORSABLE NON-REFUNDABLE NO CHANGE PERMITTED"),
        notices="验真请登录 www.travelsky.com.cn 或致电 4008158888 或拨打 11185 邮政客服热线查询",
        issued_by="内蒙古自治区乌兰察布市集宁区邮政局缴费一站通加盟店第十七号便民服务站营业部",
        serial="0000123459",
    )
