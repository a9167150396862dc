"""Itinerary receipts and their serial ledger, e-invoice requests, and counter check-in:
the services that decide what is printed, each refusal leaving nothing written."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sales_support import ADULT, ADULT2, CHILD, NOW, TODAY, Shop, at_local, snapshot
from sqlalchemy import select

from counter_app.domain.errors import DomainError
from counter_app.services import after_sale, boarding, documents, invoices, receipts
from counter_app.storage.models import (
    AuditEntry,
    InvoiceRequest,
    NumberRange,
    OutboxEntry,
    ReceiptSerial,
    Ticket,
)

FIRST = 1_234_500
GOOD_USCC = "91350100M000100Y43"  # check character by GB 32100
BAD_USCC = "91350100M000100Y44"


@pytest.fixture
def stock(shop: Shop) -> Shop:
    """The shop with 5 receipt serials 0001234500..0001234504."""
    with shop.store.unit_of_work() as session:
        session.add(NumberRange(range_id="range-receipt", kind="receipt", prefix="",
                                first=FIRST, last=FIRST + 4, next_number=FIRST))
    return shop


def _ops(shop: Shop, kind: str) -> list[dict[str, object]]:
    with shop.store.read() as session:
        return [e.payload for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == kind).order_by(OutboxEntry.seq))]


def _print(shop: Shop, number: str, reason: str | None = None, mode: str = "overlay",
           now=NOW) -> receipts.PrintedReceipt:  # type: ignore[no-untyped-def]
    with shop.store.unit_of_work() as session:
        return receipts.print_receipt(session, shop.clerk, number, mode=mode, now=now,
                                      replace_reason=reason)


def _refused(shop: Shop, code: str, fn) -> DomainError:  # type: ignore[no-untyped-def]
    before = snapshot(shop.store)
    with pytest.raises(DomainError) as info, shop.store.unit_of_work() as session:
        fn(session)
    assert info.value.code == code
    assert snapshot(shop.store) == before
    return info.value


def test_receipt_takes_the_next_serial_and_says_what_the_form_shows(stock: Shop) -> None:
    sold = stock.sell("out", [ADULT])
    number = sold.tickets[0].ticket_number
    printed = _print(stock, number)
    assert printed.serial == "0001234500"
    assert printed.replaced is None
    r = printed.receipt
    assert (r.passenger_name, r.id_number, r.ticket_number) == (ADULT.name, ADULT.id_number,
                                                                number)
    assert r.check_code == "4500"
    assert r.total == r.fare + r.cn_fund + r.fuel_surcharge + r.other_taxes
    with stock.store.read() as session:
        t = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).one()
        assert r.fare == Decimal(t.fare_fen) / 100
        seg = r.segments[0]
        assert (seg.flight_no, seg.class_code, seg.baggage) == ("CA1144", "Y", "20K")
        assert seg.origin.endswith("HET")
        assert seg.destination.endswith("PEK")
        assert r.issued_by
        assert r.agent_code
        row = session.get(ReceiptSerial, "0001234500")
        assert row is not None
        assert (row.status, row.ticket_id, row.mode) == ("used", t.id,
                                                                           "overlay")
        assert receipts.next_serial(session) == "0001234501"
    [op] = _ops(stock, "receipt.print")
    assert op["serial"] == "0001234500"
    assert op["replaces"] is None
    assert op["ticket_number"] == number
    assert op["sale_id"] == sold.booking_id


def test_one_receipt_per_ticket_and_a_replacement_voids_the_first(stock: Shop) -> None:
    number = stock.sell("out", [ADULT]).tickets[0].ticket_number
    _print(stock, number)
    err = _refused(stock, "receipt_already_printed", lambda s: receipts.print_receipt(
        s, stock.clerk, number, mode="overlay", now=NOW))
    assert err.params["serial"] == "0001234500"
    _refused(stock, "reason_required", lambda s: receipts.print_receipt(
        s, stock.clerk, number, mode="overlay", now=NOW, replace_reason="   "))
    again = _print(stock, number, reason="打印机卡纸", mode="plain")
    assert (again.serial, again.replaced) == ("0001234501", "0001234500")
    with stock.store.read() as session:
        first = session.get(ReceiptSerial, "0001234500")
        assert first is not None
        assert (first.status, first.reason, first.replaced_by) == ("voided", "打印机卡纸",
                                                                   "0001234501")
        audit = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "receipt.replace")).one()
        assert audit.detail["voided"] == "0001234500"
        assert audit.detail["reason"] == "打印机卡纸"
    ops = _ops(stock, "receipt.print")
    assert [o["replaces"] for o in ops] == [None, "0001234500"]
    assert ops[1]["reason"] == "打印机卡纸"


def test_refusals_write_nothing(stock: Shop) -> None:
    other = stock.sell("out", [ADULT2]).tickets[0].ticket_number
    _refused(stock, "replace_nothing", lambda s: receipts.print_receipt(
        s, stock.clerk, other, mode="overlay", now=NOW, replace_reason="卡纸"))
    _refused(stock, "ticket_not_here", lambda s: receipts.print_receipt(
        s, stock.clerk, "999-1111111111", mode="overlay", now=NOW))
    _refused(stock, "receipt_mode", lambda s: receipts.print_receipt(
        s, stock.clerk, other, mode="fancy", now=NOW))
    with stock.store.unit_of_work() as session:
        after_sale.void_tickets(session, [other], reason="写错", clerk=stock.clerk, now=NOW)
    _refused(stock, "ticket_void", lambda s: receipts.print_receipt(
        s, stock.clerk, other, mode="overlay", now=NOW))


def test_stock_runs_out_with_a_clear_refusal(stock: Shop) -> None:
    sold = stock.sell("out", [ADULT, ADULT2, CHILD])
    for t in sold.tickets:
        _print(stock, t.ticket_number)
    with stock.store.unit_of_work() as session:
        receipts.spoil_serial(session, stock.clerk, "错位", NOW)
        receipts.spoil_serial(session, stock.clerk, "卡纸", NOW)
    more = stock.sell("out", [ADULT]).tickets[0].ticket_number
    _refused(stock, "receipt_serials_exhausted", lambda s: receipts.print_receipt(
        s, stock.clerk, more, mode="overlay", now=NOW))
    with stock.store.read() as session:
        assert receipts.next_serial(session) is None


def test_ledger_accounts_for_every_serial_and_the_day_close_records_it(stock: Shop) -> None:
    sold = stock.sell("out", [ADULT, ADULT2])
    a, b = (t.ticket_number for t in sold.tickets)
    _print(stock, a)
    _print(stock, a, reason="污损")
    with stock.store.unit_of_work() as session:
        spoiled = receipts.spoil_serial(session, stock.clerk, "卡纸", NOW)
    _print(stock, b)
    assert spoiled == "0001234502"
    with stock.store.read() as session:
        ledger = receipts.receipt_ledger(session)
        day = receipts.receipt_ledger(session, TODAY)
    assert (ledger.received_count, ledger.used, ledger.voided, ledger.spoiled, ledger.left) == (
        5, 2, 1, 1, 1)
    assert ledger.balanced
    assert ledger.received == (("0001234500", "0001234504"),)
    assert [(e.serial, e.status) for e in ledger.events] == [
        ("0001234500", "voided"), ("0001234501", "used"), ("0001234502", "spoiled"),
        ("0001234503", "used")]
    assert day.balanced
    assert (day.used, day.voided, day.spoiled, day.left) == (2, 1, 1, 1)
    [void_op] = _ops(stock, "number.void")
    assert void_op == {"kind": "receipt", "prefix": "", "number": FIRST + 2, "reason": "卡纸"}
    with stock.store.unit_of_work() as session:
        after_sale.day_close(session, stock.clerk, NOW)
    [close] = _ops(stock, "day.close")
    assert close["totals"]["receipts"] == {  # type: ignore[index]
        "opening": 5, "used": 2, "voided": 1, "spoiled": 1, "left": 1, "balanced": True}
    with stock.store.read() as session:
        report = documents.day_close_report(session, stock.clerk.outlet_code, TODAY)
    assert report.closed_at is not None
    assert report.tickets_issued == 2
    assert {ln.ticket_number: ln.receipt_serial for ln in report.lines} == {
        a: "0001234501", b: "0001234503"}
    assert report.ledger.balanced


def test_a_serial_taken_without_its_ledger_row_unbalances_the_day(stock: Shop) -> None:
    with stock.store.unit_of_work() as session:
        rng = session.get(NumberRange, "range-receipt")
        assert rng is not None
        rng.next_number += 1  # a serial gone with no record: what the ledger must catch
    with stock.store.read() as session:
        day = receipts.receipt_ledger(session, TODAY)
        whole = receipts.receipt_ledger(session)
    assert not day.balanced
    assert not whole.balanced


# --- e-invoices -------------------------------------------------------------------------------


def _request(shop: Shop, number: str, now, **kw):  # type: ignore[no-untyped-def]
    args = {"buyer_kind": "company", "buyer_name": "呼和浩特市某某科技有限公司",
            "buyer_uscc": GOOD_USCC, "email": "finance@example.cn"} | kw
    with shop.store.unit_of_work() as session:
        row = invoices.request_invoice(session, shop.clerk, number, now=now, **args)
        return row.id


def test_invoice_only_after_every_segment_is_flown_and_within_180_days(stock: Shop) -> None:
    number = stock.sell("tomorrow", [ADULT]).tickets[0].ticket_number
    err = _refused(stock, "invoice_not_yet", lambda s: invoices.request_invoice(
        s, stock.clerk, number, buyer_kind="individual", buyer_name="张伟", now=NOW))
    assert err.params["day"] == (TODAY + timedelta(days=1)).isoformat()
    landed = at_local(TODAY + timedelta(days=1), 15)
    too_late = at_local(TODAY + timedelta(days=182), 9)
    _refused(stock, "invoice_expired", lambda s: invoices.request_invoice(
        s, stock.clerk, number, buyer_kind="individual", buyer_name="张伟", now=too_late))
    with stock.store.read() as session:
        t = session.scalars(select(Ticket).where(Ticket.ticket_number == number)).one()
        state = invoices.eligibility(session, t, landed)
    assert state.eligible
    assert state.until_day == TODAY + timedelta(days=181)
    request_id = _request(stock, number, landed)
    [op] = _ops(stock, "invoice.request")
    assert op["request_id"] == request_id
    assert op["buyer_uscc"] == GOOD_USCC
    assert op["ticket_number"] == number


def test_invoice_buyer_is_checked_field_by_field(stock: Shop) -> None:
    number = stock.sell("tomorrow", [ADULT]).tickets[0].ticket_number
    landed = at_local(TODAY + timedelta(days=1), 15)

    def req(**kw):  # type: ignore[no-untyped-def]
        args = {"buyer_kind": "company", "buyer_name": "某公司", "buyer_uscc": GOOD_USCC} | kw
        return lambda s: invoices.request_invoice(s, stock.clerk, number, now=landed, **args)

    assert _refused(stock, "uscc_check", req(buyer_uscc=BAD_USCC)).field == "uscc"
    assert _refused(stock, "uscc_length", req(buyer_uscc="9135")).field == "uscc"
    assert _refused(stock, "buyer_name_required", req(buyer_name="  ")).field == "buyer_name"
    assert _refused(stock, "email_format", req(email="not-an-address")).field == "email"
    _request(stock, number, landed, buyer_uscc=GOOD_USCC.lower())  # typed in lower case
    _refused(stock, "invoice_exists", req())
    with stock.store.read() as session:
        row = session.scalars(select(InvoiceRequest)).one()
        assert row.buyer_uscc == GOOD_USCC
        assert row.status == "queued"


def test_a_refund_red_reverses_the_invoice(stock: Shop) -> None:
    number = stock.sell("tomorrow", [ADULT]).tickets[0].ticket_number
    landed = at_local(TODAY + timedelta(days=1), 15)
    request_id = _request(stock, number, landed)
    with stock.store.unit_of_work() as session:  # a no-show refund after departure
        after_sale.refund(session, number, "voluntary", clerk=stock.clerk, now=landed)
    with stock.store.read() as session:
        row = session.get(InvoiceRequest, request_id)
        assert row is not None
        assert row.status == "red_reversed"
        assert row.reversed_reason
    [op] = _ops(stock, "invoice.reverse")
    assert op["request_id"] == request_id


# --- check-in and the boarding pass -----------------------------------------------------------


def _check_in(shop: Shop, number: str, seat: str, now):  # type: ignore[no-untyped-def]
    with shop.store.unit_of_work() as session:
        c = boarding.coupon_for(session, number, 1)
        boarding.check_in(session, c, seat, shop.clerk.login, now)
        return documents.boarding_pass(session, c)


def test_check_in_gives_seat_and_sequence_while_check_in_is_open(stock: Shop) -> None:
    sold = stock.sell("tomorrow", [ADULT, ADULT2, CHILD])
    a, b, child = (t.ticket_number for t in sold.tickets)
    early = NOW
    during = at_local(TODAY + timedelta(days=1), 9)
    late = at_local(TODAY + timedelta(days=1), 11, 40)

    def go(number: str, seat: str, now):  # type: ignore[no-untyped-def]
        return lambda s: boarding.check_in(s, boarding.coupon_for(s, number, 1), seat,
                                           stock.clerk.login, now)

    _refused(stock, "checkin_not_open", go(a, "32A", early))
    _refused(stock, "checkin_closed", go(a, "32A", late))
    _refused(stock, "seat_format", go(a, "A32", during))
    _refused(stock, "seat_not_on_aircraft", go(a, "99A", during))
    bp = _check_in(stock, a, "32a", during)
    assert (bp.seat, bp.sequence, bp.flight_no) == ("32A", 1, "CA1144")
    assert bp.name_latin == "ZHANG/WEI"
    assert bp.origin == "HET"
    assert bp.destination == "PEK"
    assert bp.bcbp.startswith("M1ZHANG/WEI")
    assert len(bp.bcbp) >= 60
    _refused(stock, "seat_taken", go(b, "32A", during))
    _refused(stock, "already_checked_in", go(a, "33A", during))
    assert _check_in(stock, b, "32B", during).sequence == 2
    with stock.store.read() as session:
        c = boarding.coupon_for(session, child, 1)
        f = session.get(boarding.Flight, session.get(
            boarding.BookingSegment, c.segment_id).flight_id)  # type: ignore[union-attr]
        layout = session.get(boarding.SeatLayout, f.layout_id)  # type: ignore[union-attr]
        exit_row = layout.definition["exit_rows"][0]  # type: ignore[union-attr]
        blocked = layout.definition["blocked_seats"][0]  # type: ignore[union-attr]
    _refused(stock, "exit_row_not_allowed", go(child, f"{exit_row}C", during))
    _refused(stock, "seat_blocked", go(child, blocked, during))


def test_confirmation_lists_segments_rules_passengers_and_payments(stock: Shop) -> None:
    sold = stock.sell("out", [ADULT, CHILD])
    with stock.store.read() as session:
        c = documents.confirmation(session, sold.booking_id)
    assert c.pnr == sold.pnr
    assert c.status == "已出票"
    assert c.customer == "散客"
    assert [p.name for p in c.passengers] == [ADULT.name, CHILD.name]
    assert {p.passenger_type for p in c.passengers} == {"成人", "儿童"}
    assert c.total == sum(p.total for p in c.passengers) == sold.total
    assert c.payments[0].method == "现金"
    assert c.payments[0].amount == sold.total
    assert c.segments[0].flight_no == "CA1144"
    assert "退票费" in c.segments[0].rules
    assert c.clerk_login == stock.clerk.login
    assert c.outlet_code == stock.clerk.outlet_code


def test_an_infant_receipt_has_its_own_serial_fare_and_allowance(stock: Shop) -> None:
    from sales_support import INFANT

    sold = stock.sell("out", [ADULT, INFANT])
    adult, infant = (_print(stock, t.ticket_number).receipt for t in sold.tickets)
    assert (adult.serial, infant.serial) == ("0001234500", "0001234501")
    assert infant.passenger_name == INFANT.name
    assert infant.segments[0].baggage == "10K"
    assert adult.segments[0].baggage == "20K"
    assert infant.fare < adult.fare
    assert infant.cn_fund == 0  # infants pay no CN fund


def test_the_pulled_invoice_state_and_number_reach_the_request(stock: Shop) -> None:
    from counter_app.sync import protocol
    from counter_app.sync.pull import apply_page

    number = stock.sell("tomorrow", [ADULT]).tickets[0].ticket_number
    landed = at_local(TODAY + timedelta(days=1), 15)
    request_id = _request(stock, number, landed)

    def pulled(seq: int, **data: object) -> None:
        change = protocol.Change(seq=seq, scope=protocol.Scope.COUNTER, entity="invoice",
                                 key=request_id, op="upsert",
                                 data={"request_id": request_id, "ticket_number": number,
                                       "invoice_no": None, "original_invoice_no": None,
                                       "reversed_reason": ""} | data)
        with stock.store.unit_of_work() as session:
            apply_page(session, [change], seq, landed)

    pulled(900_001, status="issued", invoice_no="26117000000012345678")
    with stock.store.read() as session:
        row = session.get(InvoiceRequest, request_id)
        assert row is not None
        assert (row.status, row.invoice_no) == ("issued", "26117000000012345678")
    with stock.store.unit_of_work() as session:  # refunded here: red-reversed at once
        after_sale.refund(session, number, "voluntary", clerk=stock.clerk, now=landed)
    pulled(900_002, status="issued", invoice_no="26117000000012345678")  # an older word
    with stock.store.read() as session:
        row = session.get(InvoiceRequest, request_id)
        assert row is not None
        assert row.status == "red_reversed"
        assert row.invoice_no == "26117000000012345678"  # the original number is kept


def test_statement_lists_the_month_on_account_with_a_running_balance(stock: Shop) -> None:
    from sales_support import customer_id, traveller

    with stock.store.read() as session:
        ac = customer_id(session, "AC-0001")
        employee = traveller(session, "刘建军")
    earlier = stock.sell("out", [employee], customer_id=ac, method="on_account",
                         now=NOW - timedelta(days=30))  # last month: the opening balance
    sold = stock.sell("out", [employee], customer_id=ac, method="on_account")
    cash = stock.sell("out", [ADULT2], customer_id=ac, method="cash")  # not on account
    number = sold.tickets[0].ticket_number
    with stock.store.unit_of_work() as session:
        refunded = after_sale.refund(session, number, "voluntary", clerk=stock.clerk, now=NOW)
    with stock.store.read() as session:
        s = documents.statement(session, ac, TODAY.year, TODAY.month, prepared_by="王丽",
                                now=NOW)
    assert s.customer_code == "AC-0001"
    assert s.opening_balance == earlier.total
    assert [(ln.kind, ln.ticket_number) for ln in s.lines] == [("出票", number),
                                                                ("退票", number)]
    assert s.lines[0].amount == sold.total
    assert s.lines[1].amount == -refunded.quote.amount
    assert s.closing_balance == earlier.total + sold.total - refunded.quote.amount
    assert all(ln.ticket_number != cash.tickets[0].ticket_number for ln in s.lines)
