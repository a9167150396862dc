"""What each printed document says: plain frozen data, filled in by the services from the
store and read by the renderers. Money is ``Decimal`` yuan; dates and times of flights are
local airport time as on the ticket; every text is already in the language it is printed
in (the receipt and the boarding pass are bilingual by design, their labels are fixed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

# --- itinerary receipt (航空运输电子客票行程单) ------------------------------------------


@dataclass(frozen=True, slots=True)
class ReceiptSegment:
    """One row of the receipt: a coupon of the ticket."""

    origin: str  # city or airport as printed, e.g. "深圳 SZX"
    destination: str
    carrier: str  # "CZ"
    flight_no: str  # "CZ3101"
    class_code: str  # "Y"
    dep_date: date
    dep_time: time
    fare_basis: str  # "Y" / "YGP95" …
    not_valid_before: date | None = None
    not_valid_after: date | None = None
    baggage: str = "20K"


@dataclass(frozen=True, slots=True)
class ItineraryReceipt:
    """Everything printed on one itinerary receipt (one per ticket, docs/domain.md §8).

    ``serial`` is the receipt's print serial (印刷序号), 10 digits, taken from this counter's
    range; ``check_code`` (验证码) is its last four digits. At most four segments fit on the
    form; unused rows are printed ``VOID``.
    """

    passenger_name: str
    id_number: str
    endorsements: str  # 签注, e.g. "不得签转/变更退票收费"
    segments: tuple[ReceiptSegment, ...]
    fare: Decimal
    cn_fund: Decimal
    fuel_surcharge: Decimal
    other_taxes: Decimal
    insurance: Decimal
    total: Decimal
    ticket_number: str  # "784-2090171140"
    serial: str  # "0000123456"
    agent_code: str
    issued_by: str  # 填开单位, the outlet's name
    issue_date: date
    notices: str = ""  # 提示信息
    gp_order_no: str = ""
    currency: str = "CNY"

    @property
    def check_code(self) -> str:
        return self.serial[-4:]


@dataclass(frozen=True, slots=True)
class Calibration:
    """A workstation's offsets for pre-printed stock: where this printer really puts the
    origin of the form (millimetres, right and down positive) and the page length it feeds.
    """

    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    page_length_mm: float = 106.6
    page_width_mm: float = 238.0


# --- booking confirmation / sales receipt (订座确认单 / 销售凭证) ---------------------------


@dataclass(frozen=True, slots=True)
class ConfirmationSegment:
    flight_no: str
    origin: str  # "深圳宝安 SZX"
    destination: str
    dep_date: date
    dep_time: time
    arr_time: time
    class_code: str
    cabin_name: str  # "经济舱"
    aircraft: str = ""
    rules: str = ""  # change/refund rule summary for this segment


@dataclass(frozen=True, slots=True)
class ConfirmationPassenger:
    name: str
    passenger_type: str  # "成人" / "儿童" / "婴儿"
    id_number: str  # as shown (masked or full, the service decides)
    ticket_number: str
    fare: Decimal
    cn_fund: Decimal
    fuel_surcharge: Decimal
    insurance: Decimal
    service_fee: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class PaymentLine:
    method: str  # "现金" / "银行卡" / "协议挂账" …
    amount: Decimal
    reference: str = ""
    tendered: Decimal | None = None
    change: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Confirmation:
    """The customer's booking confirmation and sales receipt."""

    pnr: str
    status: str  # "已出票" / "已订座"
    customer: str  # "散客" or the customer's name
    segments: tuple[ConfirmationSegment, ...]
    passengers: tuple[ConfirmationPassenger, ...]
    payments: tuple[PaymentLine, ...]
    total: Decimal
    outlet_name: str
    outlet_code: str
    clerk_name: str
    clerk_login: str
    issued_at: datetime  # local (Asia/Shanghai) time of printing or ticketing
    gp_order_no: str = ""
    ticketing_deadline: datetime | None = None  # for a held booking, local time
    notes: tuple[str, ...] = ()  # general notices (ID to bring, check-in closes 45 min …)
    # Privacy seats (隐私座) booked as extra seats, e.g. "CA1144 EXST 31B 隐私座（…，免费）".
    extra_seats: tuple[str, ...] = ()


# --- boarding pass (登机牌) --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardingPass:
    passenger_name: str  # as on the ticket (Chinese)
    name_latin: str  # "ZHANG/SAN" as in the barcode
    ticket_number: str
    pnr: str
    flight_no: str  # "CZ3101"
    carrier: str
    dep_date: date
    dep_time: time
    origin: str  # "SZX"
    origin_name: str  # "深圳宝安"
    destination: str
    destination_name: str
    class_code: str
    cabin_name: str
    seat: str  # "32A"
    sequence: int  # check-in sequence number
    bcbp: str  # the IATA BCBP "M1" string the barcode carries
    gate: str = ""
    boarding_time: time | None = None
    ffp_number: str = ""
    gp_level: str = ""  # "V3" prints a priority mark


# --- counter and head-office reports -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class SerialEvent:
    serial: str
    status: str  # used | voided | spoiled
    ticket_number: str = ""
    reason: str = ""
    at: datetime | None = None  # local time
    clerk: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptLedger:
    """Receipt serial stock as a ledger (行程单领用存): received ranges, what was used, voided
    and spoiled, what is left; ``balanced`` when every received serial is accounted for."""

    received: tuple[tuple[str, str], ...]  # (first, last) ranges, 10 digits each
    received_count: int
    used: int
    voided: int
    spoiled: int
    left: int
    events: tuple[SerialEvent, ...] = ()

    @property
    def balanced(self) -> bool:
        return self.received_count == self.used + self.voided + self.spoiled + self.left


@dataclass(frozen=True, slots=True)
class DayCloseTicketLine:
    ticket_number: str
    passenger_name: str
    route: str  # "SZX-PEK"
    amount: Decimal
    status: str  # "出票" / "作废" / "退票" …
    receipt_serial: str = ""


@dataclass(frozen=True, slots=True)
class DayCloseReport:
    outlet_name: str
    outlet_code: str
    business_date: date
    closed_at: datetime | None  # local; None for a preview before the close
    clerk_name: str
    tickets_issued: int
    tickets_voided: int
    refunds: int
    payments: tuple[tuple[str, Decimal], ...]  # (method label, net amount)
    ledger: ReceiptLedger
    lines: tuple[DayCloseTicketLine, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementLine:
    day: date
    kind: str  # "出票" / "退票" / "改期" / "收款"
    ticket_number: str
    passenger_name: str
    route: str
    amount: Decimal  # positive: owed by the customer; negative: credited


@dataclass(frozen=True, slots=True)
class Statement:
    """An agreement customer's monthly statement (协议客户月结对账单)."""

    customer_name: str
    customer_code: str
    uscc: str
    period_start: date
    period_end: date
    opening_balance: Decimal
    lines: tuple[StatementLine, ...]
    closing_balance: Decimal
    credit_limit: Decimal
    outlet_name: str
    prepared_by: str
    prepared_at: datetime  # local
    contact: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    """A rendered document ready for preview, saving or printing."""

    title: str  # what the preview window and the print queue show
    pdf: bytes
    page_width_mm: float
    page_height_mm: float
    kind: str = ""  # receipt | receipt_grid | confirmation | boarding_pass | day_close | statement
    meta: dict[str, str] = field(default_factory=dict)
