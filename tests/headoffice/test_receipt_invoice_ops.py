"""Itinerary receipts (``receipt.print``) and e-invoice requests (``invoice.request``,
``invoice.reverse``) pushed by a counter over real HTTP to a head office on SQLite and on
PostgreSQL: the serial used, a replacement voiding the first one, one receipt and one open
invoice request per ticket, the buyer's credit code checked, red reversals."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from ho_support import NOON_BEIJING, CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import func, select, update

from counter_app.headoffice.cli import main
from counter_app.headoffice.models import InvoiceRequestRow, SaleTicket, UsedNumber
from counter_app.kernel.ids import new_id

# 统一社会信用代码 of a Hohhot company; its check character is M (GB 32100-2015).
USCC = "91150100MA0N7QKD8M"
NOON_UTC = NOON_BEIJING.astimezone(UTC).replace(tzinfo=None)


def sold(ho: HeadOfficeHarness, counter: CounterClient, n: int = 1) -> dict[str, Any]:
    """A sale of ``n`` tickets without receipts, applied at head office."""
    payload = sale(ho.flight(min_free=n + 2),
                   [ticket(ho.next_ticket(counter)) for _ in range(n)])
    [r] = counter.push_ok(counter.op("sale.issue", payload))
    assert r["status"] == "applied", r
    return payload


def numbers(payload: dict[str, Any]) -> list[str]:
    return [t["ticket_number"] for t in payload["tickets"]]


def print_op(payload: dict[str, Any], number: str, serial: str, replaces: str | None = None,
             reason: str = "") -> dict[str, Any]:
    return {"print_id": new_id(), "sale_id": payload["sale_id"], "ticket_number": number,
            "serial": serial, "replaces": replaces, "reason": reason, "mode": "overlay",
            "printed_at": NOON_BEIJING.isoformat()}


def serial_row(ho: HeadOfficeHarness, serial: str) -> tuple[str, str | None, str] | None:
    with ho.db.read() as session:
        row = session.get(UsedNumber, ("receipt", "", int(serial)))
        return None if row is None else (row.status, row.sale_id, row.reason)


def receipt_of(ho: HeadOfficeHarness, number: str) -> str | None:
    with ho.db.read() as session:
        row = session.get(SaleTicket, number)
        assert row is not None
        return row.receipt_serial


def codes(results: list[dict[str, Any]]) -> list[str]:
    return [r["code"] if r["status"] == "rejected" else r["status"] for r in results]


def test_a_receipt_uses_its_serial_once_and_a_replacement_voids_the_first(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    payload = sold(ho, counter, 2)
    first_ticket, second_ticket = numbers(payload)
    first, second = ho.next_receipt(counter), ho.next_receipt(counter)

    op = counter.op("receipt.print", print_op(payload, first_ticket, first))
    [r] = counter.push_ok(op)
    assert r["status"] == "applied", r
    assert r["result"] == {"print_id": op["payload"]["print_id"], "ticket_number": first_ticket,
                           "serial": first, "replaced": None}
    assert serial_row(ho, first) == ("used", payload["sale_id"], f"receipt for {first_ticket}")
    assert receipt_of(ho, first_ticket) == first
    # The same op again (a lost answer): the stored result, nothing applied twice.
    [again] = counter.push_ok(op)
    assert again["status"] == "duplicate"
    assert again["result"] == r["result"]

    # A second print without naming the first, a replacement naming another serial or giving
    # no reason: refused, and the serial stays free.
    results = counter.push_ok(
        counter.op("receipt.print", print_op(payload, first_ticket, second)),
        counter.op("receipt.print", print_op(payload, first_ticket, second,
                                             replaces=second, reason="打印机卡纸")),
        counter.op("receipt.print", print_op(payload, first_ticket, second,
                                             replaces=f"{int(first) - 1:010d}", reason="卡纸")),
        counter.op("receipt.print", print_op(payload, first_ticket, second, replaces=first,
                                             reason="  ")),
    )
    assert codes(results) == ["receipt_exists", "invalid_payload", "receipt_mismatch",
                              "invalid_payload"]
    assert "reason" in results[3]["message"]
    assert serial_row(ho, second) is None

    replace = print_op(payload, first_ticket, second, replaces=first, reason="打印机卡纸")
    [r] = counter.push_ok(counter.op("receipt.print", replace))
    assert r["status"] == "applied", r
    assert r["result"] == {"print_id": replace["print_id"], "ticket_number": first_ticket,
                           "serial": second, "replaced": first}
    assert serial_row(ho, first) == ("void", payload["sale_id"], "replaced: 打印机卡纸")
    assert serial_row(ho, second) == ("used", payload["sale_id"], f"receipt for {first_ticket}")
    assert receipt_of(ho, first_ticket) == second

    # The other ticket: the voided and the used serial are both taken; a serial outside the
    # counter's receipt range is refused; the next free one is fine.
    rng = counter.ranges()[""]
    outside = f"{rng['last'] + 1:010d}"
    results = counter.push_ok(
        counter.op("receipt.print", print_op(payload, second_ticket, first)),
        counter.op("receipt.print", print_op(payload, second_ticket, second)),
        counter.op("receipt.print", print_op(payload, second_ticket, outside)),
        counter.op("receipt.print", print_op(payload, second_ticket, ho.next_receipt(counter))),
    )
    assert codes(results) == ["number_used", "number_used", "number_out_of_range", "applied"]
    assert f"receipt {first}" in results[0]["message"]
    assert serial_row(ho, outside) is None
    with ho.db.read() as session:
        used = session.scalar(select(func.count()).select_from(UsedNumber).where(
            UsedNumber.kind == "receipt", UsedNumber.counter_id == counter.counter_id))
    assert used == 3


def test_receipts_only_for_own_tickets_that_are_not_void(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    stranger = ho.enroll(name="counter 2")
    payload = sold(ho, counter, 3)
    voided, refunded, mine = numbers(payload)
    counter.push_ok(
        counter.op("sale.void", {"sale_id": payload["sale_id"], "ticket_numbers": [voided],
                                 "reason": "旅客取消"}),
        counter.op("sale.refund", {
            "refund_id": new_id(), "sale_id": payload["sale_id"], "ticket_number": refunded,
            "coupons": [1], "reason": "voluntary", "fee": "74.00", "amount": "1456.00",
            "refunded_at": NOON_BEIJING.isoformat()}),
    )
    serial = ho.next_receipt(counter)
    results = counter.push_ok(
        counter.op("receipt.print", print_op(payload, voided, serial)),
        counter.op("receipt.print", print_op(payload, "999-0000000001", serial)),
        counter.op("receipt.print", print_op({"sale_id": new_id()}, mine, serial)),
    )
    assert codes(results) == ["ticket_void", "ticket_unknown", "ticket_unknown"]
    # Another counter, even with a serial from its own range, may not print this ticket.
    [r] = stranger.push_ok(stranger.op("receipt.print",
                                       print_op(payload, mine, ho.next_receipt(stranger))))
    assert r["code"] == "not_your_ticket"
    assert serial_row(ho, serial) is None
    # A refunded ticket still gets its receipt (the traveller flew an earlier coupon).
    [r] = counter.push_ok(counter.op("receipt.print", print_op(payload, refunded, serial)))
    assert r["status"] == "applied", r
    assert receipt_of(ho, refunded) == serial
    assert receipt_of(ho, voided) is None


def invoice_op(payload: dict[str, Any], number: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request_id": new_id(), "sale_id": payload["sale_id"], "ticket_number": number,
        "buyer_name": "内蒙古草原航服科技有限公司", "buyer_uscc": USCC, "buyer_kind": "company",
        "email": "caiwu@example.cn", "requested_at": NOON_BEIJING.isoformat(),
    }
    body.update(changes)
    return body


def reverse_op(request_id: str, reason: str = "退票") -> dict[str, Any]:
    return {"request_id": request_id, "reason": reason,
            "reversed_at": (NOON_BEIJING + timedelta(hours=1)).isoformat()}


def invoice_rows(ho: HeadOfficeHarness, number: str) -> list[InvoiceRequestRow]:
    with ho.db.read() as session:
        return list(session.scalars(select(InvoiceRequestRow).where(
            InvoiceRequestRow.ticket_number == number).order_by(InvoiceRequestRow.recorded_at,
                                                                InvoiceRequestRow.id)))


def test_an_invoice_request_is_checked_stored_once_and_red_reversed(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    payload = sold(ho, counter, 2)
    number, other = numbers(payload)

    # The buyer's code: the check character, a letter the code never uses, the length, a
    # company without one, an individual with one.
    results = counter.push_ok(
        counter.op("invoice.request", invoice_op(payload, number, buyer_uscc=USCC[:17] + "N")),
        counter.op("invoice.request", invoice_op(payload, number, buyer_uscc="I" + USCC[1:])),
        counter.op("invoice.request", invoice_op(payload, number, buyer_uscc=USCC[:17])),
        counter.op("invoice.request", invoice_op(payload, number, buyer_uscc=None)),
        counter.op("invoice.request", invoice_op(payload, number, buyer_kind="individual")),
        counter.op("invoice.request", invoice_op(payload, number, buyer_name=" ")),
    )
    assert codes(results) == ["invalid_uscc", "invalid_uscc", "invalid_uscc", "invalid_uscc",
                              "invalid_payload", "invalid_payload"]
    assert results[0]["message"] == "buyer_uscc: the check character (校验码) is N, M expected"
    assert "'I'" in results[1]["message"]
    assert "17 characters" in results[2]["message"]
    assert invoice_rows(ho, number) == []

    body = invoice_op(payload, number, buyer_uscc=USCC.lower())
    op = counter.op("invoice.request", body)
    [r] = counter.push_ok(op)
    assert r["status"] == "applied", r
    assert r["result"] == {"request_id": body["request_id"], "status": "received"}
    [row] = invoice_rows(ho, number)
    assert (row.id, row.counter_id, row.sale_id, row.ticket_number) == (
        body["request_id"], counter.counter_id, payload["sale_id"], number)
    assert (row.buyer_name, row.buyer_uscc, row.buyer_kind, row.email) == (
        "内蒙古草原航服科技有限公司", USCC, "company", "caiwu@example.cn")
    assert (row.status, row.invoice_no, row.original_invoice_no, row.reversed_at) == (
        "received", None, None, None)
    assert (row.clerk_login, row.requested_at) == ("wangli", NOON_UTC)
    [again] = counter.push_ok(op)
    assert (again["status"], again["result"]) == ("duplicate", r["result"])

    # One open request per ticket; a request id is taken for good.
    results = counter.push_ok(
        counter.op("invoice.request", invoice_op(payload, number, buyer_kind="individual",
                                                 buyer_uscc=None, buyer_name="张三")),
        counter.op("invoice.request", invoice_op(payload, other,
                                                 request_id=body["request_id"])),
    )
    assert codes(results) == ["invoice_exists", "request_exists"]
    assert invoice_rows(ho, other) == []

    # Head office's invoicing issues the invoice; then the counter red-reverses it.
    with ho.db.write() as session:
        session.execute(update(InvoiceRequestRow).where(
            InvoiceRequestRow.id == body["request_id"]).values(
                status="issued", invoice_no="25152000000012345678"))
    reverse = counter.op("invoice.reverse", reverse_op(body["request_id"]))
    [r] = counter.push_ok(reverse)
    assert r["status"] == "applied", r
    assert r["result"] == {"request_id": body["request_id"], "status": "red_reversed"}
    [row] = invoice_rows(ho, number)
    assert (row.status, row.reversed_reason, row.reversed_by) == ("red_reversed", "退票",
                                                                  "wangli")
    assert (row.invoice_no, row.original_invoice_no) == (None, "25152000000012345678")
    assert row.reversed_at == NOON_UTC + timedelta(hours=1)

    stranger = ho.enroll(name="counter 2")
    results = counter.push_ok(
        reverse,
        counter.op("invoice.reverse", reverse_op(body["request_id"], "重复红冲")),
        counter.op("invoice.reverse", reverse_op(new_id())),
    )
    assert codes(results) == ["duplicate", "invoice_already_reversed", "invoice_unknown"]

    # After the reversal the ticket may be invoiced again, to an individual this time.
    again_body = invoice_op(payload, number, buyer_kind="individual", buyer_uscc=None,
                            buyer_name="张三", email="")
    [r] = counter.push_ok(counter.op("invoice.request", again_body))
    assert r["status"] == "applied", r
    rows = invoice_rows(ho, number)
    assert [(x.status, x.buyer_kind, x.buyer_uscc) for x in rows] == [
        ("red_reversed", "company", USCC), ("received", "individual", None)]
    # Another counter can neither reverse this counter's request nor request for its ticket.
    results = stranger.push_ok(
        stranger.op("invoice.reverse", reverse_op(again_body["request_id"])),
        stranger.op("invoice.request", invoice_op(payload, other)),
    )
    assert codes(results) == ["invoice_unknown", "not_your_ticket"]


def test_no_invoice_for_a_void_or_unknown_ticket(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    payload = sold(ho, counter)
    [number] = numbers(payload)
    counter.push_ok(counter.op("sale.void", {"sale_id": payload["sale_id"],
                                             "ticket_numbers": [number], "reason": ""}))
    results = counter.push_ok(
        counter.op("invoice.request", invoice_op(payload, number)),
        counter.op("invoice.request", invoice_op(payload, "999-0000000001")),
    )
    assert codes(results) == ["ticket_void", "ticket_unknown"]
    assert invoice_rows(ho, number) == []


def test_cli_lists_invoice_requests(
    ho: HeadOfficeHarness, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    counter = ho.enroll()
    payload = sold(ho, counter, 2)
    first, second = numbers(payload)
    a, b = invoice_op(payload, first), invoice_op(payload, second, buyer_kind="individual",
                                                   buyer_uscc=None, buyer_name="张三", email="")
    counter.push_ok(counter.op("invoice.request", a), counter.op("invoice.request", b),
                    counter.op("invoice.reverse", reverse_op(a["request_id"], "买方名称有误")))
    assert main(["invoices", "--database-url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert (f"invoice request {a['request_id']}  [red_reversed]  ticket {first}  company "
            f"内蒙古草原航服科技有限公司 {USCC}") in out
    reversed_at = (NOON_BEIJING + timedelta(hours=1)).astimezone(UTC)  # reverse_op's time
    assert f"red-reversed {reversed_at:%Y-%m-%d %H:%M:%S}Z by wangli: 买方名称有误" in out
    assert f"invoice request {b['request_id']}  [received]  ticket {second}  individual 张三" in out
    assert main(["invoices", "--status", "received", "--database-url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert b["request_id"] in out
    assert a["request_id"] not in out
    assert main(["invoices", "--status", "issued", "--database-url", sqlite_url]) == 0
    assert capsys.readouterr().out.strip() == "no invoice requests with status issued"


def test_the_counter_pulls_its_invoice_states_and_the_number_issued(
    ho: HeadOfficeHarness, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Received, issued with the number (``issue-invoice``), red-reversed with the original
    number: each state reaches the counter that asked, and no other counter."""
    counter, other = ho.enroll(), ho.enroll()
    payload = sold(ho, counter)
    [number] = numbers(payload)
    request = invoice_op(payload, number)
    counter.push_ok(counter.op("invoice.request", request))

    def states(client: CounterClient) -> list[dict[str, Any]]:
        return [c["data"] for c in client.pull_all() if c["entity"] == "invoice"]

    assert [s["status"] for s in states(counter)] == ["received"]
    assert states(other) == []
    assert main(["issue-invoice", "--request", request["request_id"], "--invoice-no",
                 "26117000000012345678", "--database-url", sqlite_url]) == 0
    assert "issued as 26117000000012345678" in capsys.readouterr().out
    issued = states(counter)[-1]  # the log keeps every state in order; the last counts
    assert (issued["status"], issued["invoice_no"]) == ("issued", "26117000000012345678")
    assert main(["issue-invoice", "--request", request["request_id"], "--invoice-no",
                 "26117000000099999999", "--database-url", sqlite_url]) == 2  # issued once
    counter.push_ok(counter.op("invoice.reverse", reverse_op(request["request_id"])))
    reversed_ = states(counter)[-1]
    assert reversed_["status"] == "red_reversed"
    assert reversed_["original_invoice_no"] == "26117000000012345678"
    assert reversed_["invoice_no"] is None
