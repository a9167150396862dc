"""Head office applying what a counter did after (and beyond) a one-flight sale: sales of
several segments, refunds, changes, day closes and name corrections, with the seats going
back to the lease they came from or to stock, over real HTTP."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from ho_support import (
    NOON_BEIJING,
    CounterClient,
    HeadOfficeHarness,
    priced_coupons,
    refund_amount,
    sale,
    ticket,
)
from sqlalchemy import select

from counter_app.headoffice.models import (
    AfterSale,
    DayCloseRow,
    Sale,
    SaleCoupon,
    SaleTicket,
    SeatLease,
    UsedNumber,
)
from counter_app.headoffice.ops.batch import fen
from counter_app.kernel.ids import new_id


def lease_used(ho: HeadOfficeHarness, lease_id: str) -> int:
    with ho.db.read() as session:
        row = session.get(SeatLease, lease_id)
        assert row is not None
        return row.used


def coupons(ho: HeadOfficeHarness, number: str) -> list[tuple[int, str, str, str]]:
    with ho.db.read() as session:
        return [(c.seq, c.flight_id, c.source, c.status) for c in session.scalars(
            select(SaleCoupon).where(SaleCoupon.ticket_number == number)
            .order_by(SaleCoupon.seq))]


def ticket_status(ho: HeadOfficeHarness, number: str) -> str:
    with ho.db.read() as session:
        row = session.get(SaleTicket, number)
        assert row is not None
        return row.status


def lease(ho: HeadOfficeHarness, counter: CounterClient, flight: str, seats: int = 4) -> str:
    r = counter.lease(flight, "Y", seats)
    assert r.status_code == 200, r.text
    return str(r.json()["lease_id"])


def two_segment_sale(ho: HeadOfficeHarness, counter: CounterClient, first: str, second: str,
                     lease_a: str | None, lease_b: str | None,
                     types: tuple[str, ...] = ("ADT", "ADT")) -> dict[str, Any]:
    tickets = [priced_coupons(ticket(ho.next_ticket(counter), ptype), [first, second])
               for ptype in types]
    payload = sale(first, tickets, lease_a)
    payload["segments"] = [
        {"seq": 1, "flight_id": first, "cabin": "Y", "class_code": "Y", "lease_id": lease_a},
        {"seq": 2, "flight_id": second, "cabin": "Y", "class_code": "Y", "lease_id": lease_b},
    ]
    payload["gp_order_no"] = "GP-0001"
    return payload


@pytest.fixture
def setup(any_ho: HeadOfficeHarness) -> dict[str, Any]:
    ho = any_ho
    counter = ho.enroll("SZX001")  # a GP counter: the two-segment sale is a GP order
    first, second = ho.flight(min_free=20), ho.flight(min_free=20, skip=1)
    return {"ho": ho, "counter": counter, "first": first, "second": second,
            "lease_a": lease(ho, counter, first), "lease_b": lease(ho, counter, second)}


def test_a_two_segment_sale_takes_seats_on_both_flights(setup: dict[str, Any]) -> None:
    ho, counter = setup["ho"], setup["counter"]
    payload = two_segment_sale(ho, counter, setup["first"], setup["second"], setup["lease_a"],
                               None, types=("ADT", "CHD", "INF"))
    stock_before = ho.cabin(setup["second"]).sold
    [r] = counter.push_ok(counter.op("sale.issue", payload))
    assert r["status"] == "applied", r
    assert r["result"] == {"sale_id": payload["sale_id"], "seats": 2, "source": "lease",
                           "sources": ["lease", "stock"]}
    assert lease_used(ho, setup["lease_a"]) == 2
    assert ho.cabin(setup["second"]).sold == stock_before + 2
    adult, _child, infant = (t["ticket_number"] for t in payload["tickets"])
    assert coupons(ho, adult) == [(1, setup["first"], "lease", "O"),
                                  (2, setup["second"], "stock", "O")]
    assert [c[2] for c in coupons(ho, infant)] == ["none", "none"]
    with ho.db.read() as session:
        row = session.get(Sale, payload["sale_id"])
        assert row is not None
        assert row.gp_order_no == "GP-0001"
    # A segment without coupons, or segments not starting with the sale's flight: refused.
    bad = two_segment_sale(ho, counter, setup["first"], setup["second"], None, None)
    del bad["tickets"][0]["coupons"]
    swapped = two_segment_sale(ho, counter, setup["first"], setup["second"], None, None)
    swapped["segments"].reverse()
    results = counter.push_ok(counter.op("sale.issue", bad), counter.op("sale.issue", swapped))
    assert [x["code"] for x in results] == ["invalid_payload", "invalid_payload"]


def refund_op(payload: dict[str, Any], number: str, seqs: list[int],
              refund_id: str | None = None) -> dict[str, Any]:
    amount = refund_amount(payload, number, seqs) if number in {
        t["ticket_number"] for t in payload["tickets"]} else "0.00"
    return {"refund_id": refund_id or new_id(), "sale_id": payload["sale_id"],
            "ticket_number": number, "coupons": seqs, "reason": "involuntary", "fee": "0.00",
            "amount": amount, "payments": [{"method": "cash", "amount": amount}],
            "refunded_at": NOON_BEIJING.isoformat()}


def test_refund_returns_each_coupons_seat_to_where_it_came_from(setup: dict[str, Any]) -> None:
    ho, counter = setup["ho"], setup["counter"]
    payload = two_segment_sale(ho, counter, setup["first"], setup["second"], setup["lease_a"],
                               setup["lease_b"])
    counter.push_ok(counter.op("sale.issue", payload))
    number, other = (t["ticket_number"] for t in payload["tickets"])
    [r] = counter.push_ok(counter.op("sale.refund", refund_op(payload, number, [1])))
    assert r["status"] == "applied", r
    assert r["result"]["returned_to"] == "lease"
    assert (lease_used(ho, setup["lease_a"]), lease_used(ho, setup["lease_b"])) == (1, 2)
    assert [c[3] for c in coupons(ho, number)] == ["R", "O"]
    assert ticket_status(ho, number) == "issued"

    [again] = counter.push_ok(counter.op("sale.refund", refund_op(payload, number, [1])))
    assert again["code"] == "already_refunded"
    # The lease on the second flight ends: that seat goes back to stock.
    counter.push_ok(counter.op("lease.release", {"lease_id": setup["lease_b"]}))
    granted = ho.cabin(setup["second"]).granted
    [r] = counter.push_ok(counter.op("sale.refund", refund_op(payload, number, [2])))
    assert r["result"]["returned_to"] == "stock"
    assert ho.cabin(setup["second"]).granted == granted - 1
    assert ticket_status(ho, number) == "refunded"
    with ho.db.read() as session:
        rows = session.scalars(select(AfterSale).where(AfterSale.kind == "refund")).all()
        assert [(a.ticket_number, a.amount_fen) for a in rows] == [
            (number, fen(refund_amount(payload, number, [seq]))) for seq in (1, 2)]

    unknown = refund_op(payload, "999-0000000001", [1])
    stranger = ho.enroll()
    results = counter.push_ok(counter.op("sale.refund", unknown))
    assert results[0]["code"] == "ticket_unknown"
    [r] = stranger.push_ok(stranger.op("sale.refund", refund_op(payload, other, [1])))
    assert r["code"] == "not_your_ticket"
    [r] = counter.push_ok(counter.op("sale.refund", refund_op(payload, other, [3])))
    assert r["code"] == "coupon_unknown"


def change_op(payload: dict[str, Any], old: str, new: str, flight: str,
              lease_id: str | None, change_id: str | None = None) -> dict[str, Any]:
    """An involuntary change (no fee, no fare difference) of the sale's one-segment ticket:
    the moved coupon keeps the ticket's money."""
    t = payload["tickets"][0]
    return {
        "change_id": change_id or new_id(), "sale_id": payload["sale_id"],
        "old_ticket_number": old, "new_ticket_number": new, "coupon_seq": 1,
        "passenger_type": "ADT", "reason": "involuntary", "fee": "0.00",
        "fare_difference": "0.00",
        "new_segment": {"flight_id": flight, "cabin": "Y", "class_code": "B",
                        "lease_id": lease_id},
        "coupons": [{"seq": 1, "flight_id": flight, "cabin": "Y", "class_code": "B",
                     "fare": t["fare"], "cn_fund": t["cn_fund"], "fuel": t["fuel"],
                     "moved": True}],
        "payments": [],
        "changed_at": NOON_BEIJING.isoformat(),
    }


def test_change_exchanges_the_ticket_and_moves_the_seat(setup: dict[str, Any]) -> None:
    ho, counter = setup["ho"], setup["counter"]
    one = sale(setup["first"], [ticket(ho.next_ticket(counter))], setup["lease_a"])
    counter.push_ok(counter.op("sale.issue", one))
    old = one["tickets"][0]["ticket_number"]
    new = ho.next_ticket(counter)
    op = change_op(one, old, new, setup["second"], setup["lease_b"])
    [r] = counter.push_ok(counter.op("sale.change", op))
    assert r["status"] == "applied", r
    assert r["result"] == {"change_id": op["change_id"], "old_ticket_number": old,
                           "new_ticket_number": new, "source": "lease"}
    assert (lease_used(ho, setup["lease_a"]), lease_used(ho, setup["lease_b"])) == (0, 1)
    assert ticket_status(ho, old) == "exchanged"
    assert coupons(ho, old) == [(1, setup["first"], "lease", "E")]
    assert coupons(ho, new) == [(1, setup["second"], "lease", "O")]
    with ho.db.read() as session:
        row = session.get(SaleTicket, new)
        assert row is not None
        t = one["tickets"][0]
        assert (row.exchanged_from, row.fare_fen, row.total_fen) == (
            old, fen(t["fare"]), fen(t["total"]))
        assert session.get(UsedNumber, ("ticket", "999", int(new[4:]))) is not None

    # The old ticket cannot change again; a number outside the counter's ranges is refused.
    results = counter.push_ok(
        counter.op("sale.change", change_op(one, old, ho.next_ticket(counter),
                                            setup["second"], setup["lease_b"])),
        counter.op("sale.change", change_op(one, new, "999-0000000007", setup["first"], None)),
        counter.op("sale.change", change_op(one, new, new, setup["first"], None)),
    )
    assert [x["code"] for x in results] == ["ticket_not_open", "number_out_of_range",
                                            "number_used"]
    # Changing again onto a flight with no lease takes a seat from stock.
    sold = ho.cabin(setup["first"]).sold
    [r] = counter.push_ok(counter.op(
        "sale.change", change_op(one, new, ho.next_ticket(counter), setup["first"], None)))
    assert r["result"]["source"] == "stock"
    assert ho.cabin(setup["first"]).sold == sold + 1
    assert lease_used(ho, setup["lease_b"]) == 0


def test_day_close_is_recorded_once_and_ends_voids_of_that_day(setup: dict[str, Any]) -> None:
    ho, counter = setup["ho"], setup["counter"]
    one = sale(setup["first"], [ticket(ho.next_ticket(counter))], setup["lease_a"])
    counter.push_ok(counter.op("sale.issue", one))
    close = {"close_id": new_id(), "outlet_code": counter.outlet_code,
             "business_date": NOON_BEIJING.date().isoformat(),
             "closed_at": (NOON_BEIJING + timedelta(hours=6)).isoformat(),
             "totals": {"tickets_issued": 1}}
    [r] = counter.push_ok(counter.op("day.close", close))
    assert r["status"] == "applied", r
    with ho.db.read() as session:
        row = session.get(DayCloseRow, (counter.counter_id, NOON_BEIJING.date()))
        assert row is not None
        assert row.totals == {"tickets_issued": 1}
    results = counter.push_ok(
        counter.op("day.close", {**close, "close_id": new_id()}),
        counter.op("day.close", {**close, "close_id": new_id(), "outlet_code": "BAV001"}),
        counter.op("sale.void", {"sale_id": one["sale_id"],
                                 "ticket_numbers": [one["tickets"][0]["ticket_number"]]}),
    )
    assert [x["code"] for x in results] == ["day_already_closed", "not_your_outlet",
                                            "void_after_day_close"]


def test_a_name_typo_correction_reaches_the_master_copy(setup: dict[str, Any]) -> None:
    ho, counter = setup["ho"], setup["counter"]
    one = sale(setup["first"], [ticket(ho.next_ticket(counter))], setup["lease_a"])
    counter.push_ok(counter.op("sale.issue", one))
    number = one["tickets"][0]["ticket_number"]
    fix = {"sale_id": one["sale_id"], "ticket_number": number, "old_name": "张三",
           "new_name": "章三", "approved_by": "huangwei", "code": "one_char_typo"}
    [r] = counter.push_ok(counter.op("ticket.name", fix))
    assert r["status"] == "applied", r
    with ho.db.read() as session:
        row = session.get(SaleTicket, number)
        assert row is not None
        assert row.passenger_name == "章三"
    [r] = counter.push_ok(counter.op("ticket.name", fix))  # the old name no longer matches
    assert r["code"] == "name_mismatch"


def test_a_refund_replayed_is_a_duplicate_and_counted_once(setup: dict[str, Any]) -> None:
    ho, counter = setup["ho"], setup["counter"]
    one = sale(setup["first"], [ticket(ho.next_ticket(counter))], setup["lease_a"])
    counter.push_ok(counter.op("sale.issue", one))
    op = counter.op("sale.refund", refund_op(one, one["tickets"][0]["ticket_number"], [1]))
    first = counter.push_ok(op)
    second = counter.push_ok(op)
    assert [first[0]["status"], second[0]["status"]] == ["applied", "duplicate"]
    assert first[0]["result"] == second[0]["result"]
    assert lease_used(ho, setup["lease_a"]) == 0
