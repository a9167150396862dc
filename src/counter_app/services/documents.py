"""What goes on each printed document, read from the store (the printing package turns it
into PDF). Read-only: nothing here writes.

- :func:`itinerary_receipt`: the itinerary receipt of one ticket on a given serial.
- :func:`confirmation`: the customer's booking confirmation / sales receipt.
- :func:`boarding_pass`: a checked-in coupon's boarding pass (see :mod:`.boarding`).
- :func:`day_close_report`: the day close (日结) with the receipt serial ledger.
- :func:`statement`: an agreement customer's monthly statement (月结对账单).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import select_fare_class_table
from counter_app.domain.fees import FeeLadder, explain_rules, select_ladder
from counter_app.domain.money import ZERO, from_fen
from counter_app.domain.tickets import TicketNumber
from counter_app.kernel.clock import beijing, business_day_utc
from counter_app.printing.model import (
    BoardingPass,
    Confirmation,
    ConfirmationPassenger,
    ConfirmationSegment,
    DayCloseReport,
    DayCloseTicketLine,
    ItineraryReceipt,
    PaymentLine,
    ReceiptSegment,
    Statement,
    StatementLine,
)
from counter_app.services.gp_seats import extra_seat_lines
from counter_app.services.rules import load_rules
from counter_app.storage.models import (
    Airport,
    Booking,
    BookingPassenger,
    BookingSegment,
    Clerk,
    Coupon,
    Customer,
    DayClose,
    Flight,
    Outlet,
    Payment,
    ReceiptSerial,
    Refund,
    Ticket,
)

CABIN_NAMES = {"F": "头等舱", "C": "公务舱", "Y": "经济舱"}
BAGGAGE = {"F": "40K", "C": "30K", "Y": "20K"}
PASSENGER_TYPES = {"ADT": "成人", "CHD": "儿童", "INF": "婴儿"}
METHOD_NAMES = {"cash": "现金", "bank_card": "银行卡", "phone_card": "电话刷卡",
                "on_account": "月结挂账", "official_card": "公务卡", "unit_transfer": "单位转账",
                # the single-flight offline sale's codes
                "card": "银行卡", "wechat": "微信支付", "alipay": "支付宝", "transfer": "转账",
                "credit": "月结挂账"}
ON_ACCOUNT = ("on_account", "credit")
STATUS_NAMES = {"issued": "已出票", "held": "已订座", "cancelled": "已取消", "void": "已作废",
                "refunded": "已退票", "exchanged": "已换开", "ticketed": "已出票"}
RECEIPT_NOTICES = "验真请登录 www.travelsky.com.cn 或致电 4008158888"
CONFIRMATION_NOTES = (
    "请携带订票时所用的有效身份证件原件乘机。",
    "国内航班于起飞前 45 分钟停止办理乘机手续，请预留充足时间。",
    "退票、改期请凭本确认单到原售票柜台办理，费用按所列规则收取。",
)


def _place(session: Session, iata: str) -> tuple[str, str]:
    """(city, airport name) in Chinese for an airport code."""
    airport = session.get(Airport, iata)
    if airport is None:
        return iata, iata
    return airport.city_zh, airport.name_zh


def _outlet(session: Session, code: str) -> Outlet:
    outlet = session.get(Outlet, code)
    if outlet is None:
        raise DomainError("outlet_unknown", field="outlet", outlet=code)
    return outlet


def ticket_here(session: Session, text: str) -> Ticket:
    """A ticket issued at this counter, by its number (a malformed number is refused with
    the ticket-number codes; an unknown one with ``ticket_not_here``)."""
    number = str(TicketNumber.parse(text))
    ticket = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).first()
    if ticket is None:
        raise DomainError("ticket_not_here", field="ticket_number", ticket_number=number)
    return ticket


def _coupon_rows(session: Session, ticket_id: str) -> list[tuple[Coupon, BookingSegment, Flight]]:
    rows = []
    for c in session.scalars(select(Coupon).where(Coupon.ticket_id == ticket_id)
                             .order_by(Coupon.seq)):
        seg = session.get(BookingSegment, c.segment_id)
        assert seg is not None
        flight = session.get(Flight, seg.flight_id)
        assert flight is not None
        rows.append((c, seg, flight))
    return rows


def _endorsement(booking: Booking) -> str:
    if booking.customer_kind == "gp_unit" or booking.gp_order_no:
        return "GP公务客票 不得签转 退改按公务规定"
    return "不得签转 变更退票按规定收费"


# --- itinerary receipt ---------------------------------------------------------------------


def itinerary_receipt(session: Session, ticket: Ticket, serial: str) -> ItineraryReceipt:
    """The itinerary receipt of ``ticket`` printed on ``serial`` (10 digits). The total is
    fare plus taxes (what the traveller paid the airline); the insurance prints on its own
    line; the counter's service fee is not on the receipt (it is on the sales receipt)."""
    booking = session.get(Booking, ticket.booking_id)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    assert booking is not None
    assert passenger is not None
    outlet = _outlet(session, booking.outlet_code)
    segments = []
    coupon_segments: set[str] = set()
    for c, seg, f in _coupon_rows(session, ticket.id):
        coupon_segments.add(seg.id)
        origin_city, _ = _place(session, f.origin)
        dest_city, _ = _place(session, f.destination)
        segments.append(ReceiptSegment(
            origin=f"{origin_city} {f.origin}", destination=f"{dest_city} {f.destination}",
            carrier=f.carrier, flight_no=f.flight_no, class_code=seg.class_code,
            dep_date=f.dep_date, dep_time=f.dep_time,
            fare_basis=c.fare_basis or seg.class_code,
            baggage="10K" if passenger.passenger_type == "INF" else BAGGAGE.get(seg.cabin, "20K"),
        ))
    fare, cn, fuel = (from_fen(ticket.fare_fen), from_fen(ticket.cn_fund_fen),
                      from_fen(ticket.fuel_fen))
    return ItineraryReceipt(
        passenger_name=passenger.name,
        id_number=passenger.id_number,
        endorsements=" ".join([_endorsement(booking), *(
            line.text for line in extra_seat_lines(session, booking.id)
            if line.passenger_id == passenger.id and line.segment_id in coupon_segments)]),
        segments=tuple(segments),
        fare=fare,
        cn_fund=cn,
        fuel_surcharge=fuel,
        other_taxes=ZERO,
        insurance=from_fen(ticket.insurance_fen),
        total=fare + cn + fuel,
        ticket_number=ticket.ticket_number,
        serial=serial,
        agent_code=outlet.agent_code or outlet.code,
        issued_by=outlet.name_zh,
        issue_date=beijing(ticket.issued_at).date(),
        notices=RECEIPT_NOTICES,
        gp_order_no=booking.gp_order_no,
    )


def receipt_of(session: Session, ticket: Ticket) -> ItineraryReceipt | None:
    """The ticket's receipt as printed on its current serial, None before the first."""
    row = session.scalars(select(ReceiptSerial).where(
        ReceiptSerial.ticket_id == ticket.id, ReceiptSerial.status == "used")).first()
    return None if row is None else itinerary_receipt(session, ticket, row.serial)


# --- confirmation ----------------------------------------------------------------------------


def _hours(h: int | None) -> str:
    return "" if h is None else f"{h}小时"


def _rule_text(ladder: FeeLadder, face: Decimal) -> str:
    parts = []
    for line in explain_rules(ladder, face):
        if line.from_hours is None and line.to_hours is None:
            when = "任何时候"
        elif line.from_hours is None:
            when = f"起飞前{_hours(line.to_hours)}(含)以上"
        elif line.to_hours is None:
            when = f"起飞前{_hours(line.from_hours)}以内及起飞后"
        else:
            when = f"起飞前{_hours(line.from_hours)}至{_hours(line.to_hours)}"
        parts.append(f"{when}：退票费{line.refund_fee:.0f}元，改期费{line.change_fee:.0f}元")
    return "；".join(parts)


def confirmation(session: Session, booking_id: str, *, clerk_login: str = "",
                 now: datetime | None = None) -> Confirmation:
    """The booking confirmation / sales receipt of a booking: its segments with the change
    and refund rules, every passenger's ticket and fare lines, the payments."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise DomainError("booking_not_found", field="booking", booking_id=booking_id)
    outlet = _outlet(session, booking.outlet_code)
    clerk = (session.scalars(select(Clerk).where(Clerk.login == clerk_login)).first()
             if clerk_login else session.get(Clerk, booking.clerk_id))
    rules = load_rules(session)
    segments = list(session.scalars(select(BookingSegment).where(
        BookingSegment.booking_id == booking.id).order_by(BookingSegment.seq)))
    tickets = list(session.scalars(select(Ticket).where(Ticket.booking_id == booking.id)
                                   .order_by(Ticket.issued_at, Ticket.ticket_number)))
    live = [t for t in tickets if t.status != "exchanged"] or tickets
    issued_on = beijing(tickets[0].issued_at if tickets else booking.created_at).date()
    seg_views = []
    for seg in segments:
        f = session.get(Flight, seg.flight_id)
        assert f is not None
        _, on_ = _place(session, f.origin)
        _, dn = _place(session, f.destination)
        face = from_fen(f.y_fare_fen)
        try:
            table = select_fare_class_table(rules.fare_classes, f.carrier, issued_on)
            fc = table.get(seg.class_code)
            ladder = select_ladder(rules.fee_ladders, f.carrier, fc.family, issued_on)
            face = face * fc.percent / Decimal(100)
            text = _rule_text(ladder, face.quantize(Decimal("1")))
        except DomainError:
            text = "按航空公司规定"
        if booking.gp_order_no:
            text = "GP公务客票：符合条件可享公务易改易退。" + text
        seg_views.append(ConfirmationSegment(
            flight_no=f.flight_no, origin=f"{on_} {f.origin}" if on_ != f.origin else f.origin,
            destination=f"{dn} {f.destination}" if dn != f.destination else f.destination,
            dep_date=f.dep_date, dep_time=f.dep_time, arr_time=f.arr_time,
            class_code=seg.class_code, cabin_name=CABIN_NAMES.get(seg.cabin, seg.cabin),
            aircraft=f.aircraft, rules=text,
        ))
    pax_views = []
    passengers = {p.id: p for p in session.scalars(select(BookingPassenger).where(
        BookingPassenger.booking_id == booking.id))}
    for t in live:
        p = passengers[t.passenger_id]
        pax_views.append(ConfirmationPassenger(
            name=p.name, passenger_type=PASSENGER_TYPES.get(p.passenger_type, p.passenger_type),
            id_number=p.id_number, ticket_number=t.ticket_number,
            fare=from_fen(t.fare_fen), cn_fund=from_fen(t.cn_fund_fen),
            fuel_surcharge=from_fen(t.fuel_fen), insurance=from_fen(t.insurance_fen),
            service_fee=from_fen(t.service_fee_fen), total=from_fen(t.total_fen),
        ))
    pays = []
    for pay in session.scalars(select(Payment).where(Payment.booking_id == booking.id)
                               .order_by(Payment.created_at, Payment.id)):
        pays.append(PaymentLine(
            method=METHOD_NAMES.get(pay.method, pay.method)
            + ("" if pay.kind == "sale" else f"（{_kind_name(pay.kind)}）"),
            amount=from_fen(pay.amount_fen), reference=pay.reference,
            tendered=None if pay.tendered_fen is None else from_fen(pay.tendered_fen),
            change=None if pay.change_fen is None else from_fen(pay.change_fen),
        ))
    customer = session.get(Customer, booking.customer_id) if booking.customer_id else None
    at = now if now is not None else (tickets[-1].issued_at if tickets else booking.created_at)
    return Confirmation(
        pnr=booking.pnr,
        status=STATUS_NAMES.get(booking.status, booking.status),
        customer="散客" if customer is None else customer.name_zh,
        segments=tuple(seg_views),
        passengers=tuple(pax_views),
        payments=tuple(pays),
        total=sum((p.amount for p in pays), ZERO),
        outlet_name=outlet.name_zh,
        outlet_code=outlet.code,
        clerk_name="" if clerk is None else clerk.name_zh,
        clerk_login="" if clerk is None else clerk.login,
        issued_at=beijing(at),
        gp_order_no=booking.gp_order_no,
        ticketing_deadline=(None if booking.status != "held" or booking.ticketing_deadline is None
                            else beijing(booking.ticketing_deadline)),
        notes=CONFIRMATION_NOTES,
        extra_seats=tuple(line.detail for line in extra_seat_lines(session, booking.id)),
    )


def _kind_name(kind: str) -> str:
    return {"refund": "退款", "void": "作废退款", "change": "改期"}.get(kind, kind)


# --- boarding pass ---------------------------------------------------------------------------


def boarding_pass(session: Session, coupon: Coupon) -> BoardingPass:
    """The boarding pass of a coupon checked in at the counter (seat and sequence set)."""
    if coupon.seat is None or coupon.checkin_seq is None:
        raise DomainError("not_checked_in", field="seat")
    ticket = session.get(Ticket, coupon.ticket_id)
    assert ticket is not None
    booking = session.get(Booking, ticket.booking_id)
    passenger = session.get(BookingPassenger, ticket.passenger_id)
    seg = session.get(BookingSegment, coupon.segment_id)
    assert booking is not None
    assert passenger is not None
    assert seg is not None
    f = session.get(Flight, seg.flight_id)
    assert f is not None
    from counter_app.domain.bcbp import encode_m1

    latin = latin_name(passenger)
    digits = "".join(ch for ch in f.flight_no[2:] if ch.isdigit())
    suffix = "".join(ch for ch in f.flight_no[2:] if ch.isalpha())
    code = encode_m1(
        name_latin=latin, pnr=booking.pnr, origin=f.origin, destination=f.destination,
        carrier=f.carrier, flight_number=digits + suffix, flight_date=f.dep_date,
        compartment=seg.class_code, seat=coupon.seat, sequence=coupon.checkin_seq,
    )
    _, origin_name = _place(session, f.origin)
    _, dest_name = _place(session, f.destination)
    dep = datetime.combine(f.dep_date, f.dep_time)
    boarding = (dep - timedelta(minutes=40)).time()
    return BoardingPass(
        passenger_name=passenger.name, name_latin=latin, ticket_number=ticket.ticket_number,
        pnr=booking.pnr, flight_no=f.flight_no, carrier=f.carrier, dep_date=f.dep_date,
        dep_time=f.dep_time, origin=f.origin, origin_name=origin_name,
        destination=f.destination, destination_name=dest_name, class_code=seg.class_code,
        cabin_name=CABIN_NAMES.get(seg.cabin, seg.cabin), seat=coupon.seat,
        sequence=coupon.checkin_seq, bcbp=code, gate="", boarding_time=boarding,
        ffp_number=passenger.ffp_number, gp_level=passenger.gp_level or "",
    )


def latin_name(passenger: BookingPassenger) -> str:
    """SURNAME/GIVEN in Latin letters: the passport name as written, a Chinese name from its
    pinyin (first syllable the surname; compound surnames are not guessed)."""
    name = passenger.name.upper()
    if "/" in name and name.replace("/", "").replace(" ", "").isascii():
        return name
    from pypinyin import lazy_pinyin

    syllables = [s.upper() for s in lazy_pinyin(passenger.name.replace("·", ""))
                 if s.strip() and s.isascii() and s.isalpha()]
    if not syllables:
        return "PASSENGER/UNKNOWN"
    return f"{syllables[0]}/{''.join(syllables[1:]) or syllables[0]}"


# --- day close and statements ---------------------------------------------------------------


def _route(session: Session, ticket: Ticket) -> str:
    rows = _coupon_rows(session, ticket.id)
    if not rows:
        return ""
    return "-".join([rows[0][2].origin] + [f.destination for _, _, f in rows])


def day_close_report(session: Session, outlet_code: str, day: date,
                     clerk_name: str = "") -> DayCloseReport:
    """The day's figures (as recorded by the close, or live before it) with every ticket
    and the receipt serial ledger of the day."""
    from counter_app.services.receipts import receipt_ledger

    outlet = _outlet(session, outlet_code)
    close = session.scalars(select(DayClose).where(DayClose.outlet_code == outlet_code,
                                                   DayClose.business_date == day)).first()
    start, end = business_day_utc(day)
    serials = {r.ticket_id: r.serial for r in session.scalars(
        select(ReceiptSerial).where(ReceiptSerial.status == "used"))}
    lines = []
    issued = voided = 0
    for t in session.scalars(select(Ticket).where(Ticket.issued_at >= start,
                                                  Ticket.issued_at < end)
                             .order_by(Ticket.ticket_number)):
        p = session.get(BookingPassenger, t.passenger_id)
        issued += 1
        if t.status == "void":
            voided += 1
        lines.append(DayCloseTicketLine(
            t.ticket_number, "" if p is None else p.name, _route(session, t),
            from_fen(t.total_fen), STATUS_NAMES.get(t.status, t.status),
            serials.get(t.id, "")))
    refunds = list(session.scalars(select(Refund).where(Refund.created_at >= start,
                                                        Refund.created_at < end)))
    by_method: dict[str, Decimal] = {}
    for method, amount in session.execute(
        select(Payment.method, Payment.amount_fen)
        .where(Payment.created_at >= start, Payment.created_at < end)
    ):
        label = METHOD_NAMES.get(method, method)
        by_method[label] = by_method.get(label, ZERO) + from_fen(amount)
    if close is not None:
        totals = close.totals
        issued = int(totals.get("tickets_issued", issued))
        voided = int(totals.get("tickets_voided", voided))
    clerk = clerk_name
    if close is not None and not clerk:
        row = session.scalars(select(Clerk).where(Clerk.login == close.clerk_login)).first()
        clerk = close.clerk_login if row is None else row.name_zh
    return DayCloseReport(
        outlet_name=outlet.name_zh, outlet_code=outlet.code, business_date=day,
        closed_at=None if close is None else beijing(close.closed_at), clerk_name=clerk,
        tickets_issued=issued, tickets_voided=voided, refunds=len(refunds),
        payments=tuple(sorted(by_method.items())), ledger=receipt_ledger(session, day),
        lines=tuple(lines),
    )


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def statement(session: Session, customer_id: str, year: int, month: int, *,
              prepared_by: str, now: datetime) -> Statement:
    """An agreement customer's statement for one month: every sale, change and refund
    charged to the account, with the balance carried from before."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    first, last = month_bounds(year, month)
    start, _ = business_day_utc(first)
    _, end = business_day_utc(last)
    opening = ZERO
    lines: list[StatementLine] = []
    query = (select(Payment, Booking).join(Booking, Booking.id == Payment.booking_id)
             .where(Booking.customer_id == customer.id, Payment.method.in_(ON_ACCOUNT),
                    Payment.created_at < end)
             .order_by(Payment.created_at, Payment.id))
    for pay, booking in session.execute(query):
        amount = from_fen(pay.amount_fen)
        if pay.created_at < start:
            opening += amount
            continue
        ticket = (session.scalars(select(Ticket).where(Ticket.ticket_number == pay.ticket_number))
                  .first() if pay.ticket_number else None)
        if ticket is None:
            ticket = session.scalars(select(Ticket).where(Ticket.booking_id == booking.id)
                                     .order_by(Ticket.issued_at)).first()
        p = None if ticket is None else session.get(BookingPassenger, ticket.passenger_id)
        names = ("" if p is None else p.name)
        lines.append(StatementLine(
            day=beijing(pay.created_at).date(),
            kind={"sale": "出票", "refund": "退票", "void": "作废", "change": "改期"}.get(
                pay.kind, pay.kind),
            ticket_number="" if ticket is None else ticket.ticket_number,
            passenger_name=names,
            route="" if ticket is None else _route(session, ticket),
            amount=amount,
        ))
    outlet = session.get(Outlet, customer.outlet_code) if customer.outlet_code else None
    closing = opening + sum((ln.amount for ln in lines), ZERO)
    contact = " ".join(x for x in (customer.contact_name, customer.contact_phone) if x)
    return Statement(
        customer_name=customer.name_zh, customer_code=customer.code, uscc=customer.uscc or "",
        period_start=first, period_end=last, opening_balance=opening, lines=tuple(lines),
        closing_balance=closing, credit_limit=from_fen(customer.credit_limit_fen),
        outlet_name="" if outlet is None else outlet.name_zh, prepared_by=prepared_by,
        prepared_at=beijing(now), contact=contact,
    )


__all__ = [
    "boarding_pass",
    "confirmation",
    "day_close_report",
    "itinerary_receipt",
    "latin_name",
    "month_bounds",
    "receipt_of",
    "statement",
    "ticket_here",
]
