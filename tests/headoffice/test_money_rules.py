"""Head office recomputes a counter's money and passengers (issue 11, defect 2), over real
HTTP on SQLite and PostgreSQL: a sale whose fare, taxes, totals or payments the rules do
not give, whose passenger's name or document is not valid, or on a flight that has left is
refused with its own code and writes nothing; a refund's fee and amount and a change's fee
and fare difference are held to the fee ladders. Sales the rules do give (discount classes,
children, infants, insurance, a GP unit's GP fare, a distributor's commission) are applied.

The expected amounts are worked out here from the flight's row and the published rules
(fare_classes.json, fee_rules.json), not by the code under test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from ho_support import (
    NOON_BEIJING,
    TODAY,
    CounterClient,
    HeadOfficeHarness,
    price_ticket,
    sale,
    ticket,
)
from sqlalchemy import func, select

from counter_app.headoffice.models import AfterSale, Customer, Flight, Sale
from counter_app.headoffice.ops import bulk_sales
from counter_app.kernel.clock import SHANGHAI
from counter_app.kernel.ids import new_id

Payload = dict[str, Any]


@pytest.fixture(params=["fast", "savepoints"])
def sales_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs of sale.issue take the in-memory fast path, or (its bulk write failed) the op by
    op path; both must decide the same."""
    if request.param == "savepoints":
        monkeypatch.setattr(bulk_sales.SalesRun, "apply", lambda self: None)
    return str(request.param)


def yuan(value: Decimal) -> str:
    return f"{value:.2f}"


def tens(amount: Decimal) -> Decimal:
    """A fare rounded to 10 yuan, half up (票价进整到十元)."""
    return (amount / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10


def whole(amount: Decimal) -> Decimal:
    """A fee rounded to the yuan, half up."""
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def y_fare(ho: HeadOfficeHarness, flight_id: str) -> Decimal:
    with ho.db.read() as session:
        flight = session.get(Flight, flight_id)
        assert flight is not None
        return Decimal(flight.y_fare_fen) / 100


def hours_left(ho: HeadOfficeHarness, flight_id: str) -> Decimal:
    """Hours from NOON_BEIJING to the flight's departure (Beijing time)."""
    with ho.db.read() as session:
        flight = session.get(Flight, flight_id)
        assert flight is not None
        departure = datetime.combine(flight.dep_date, flight.dep_time, tzinfo=SHANGHAI)
    return Decimal((departure - NOON_BEIJING).total_seconds()) / 3600


def customer_id(ho: HeadOfficeHarness, code: str) -> str:
    with ho.db.read() as session:
        found = session.scalar(select(Customer.id).where(Customer.code == code))
    assert found is not None
    return str(found)


def sales_of(ho: HeadOfficeHarness, counter: CounterClient) -> int:
    with ho.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Sale).where(
            Sale.counter_id == counter.counter_id)) or 0)


def settle(payload: Payload) -> Payload:
    """Totals and the cash payment made to agree with the tickets' parts again."""
    total = Decimal(0)
    for t in payload["tickets"]:
        t["total"] = yuan(sum((Decimal(t.get(k, "0.00")) for k in
                               ("fare", "cn_fund", "fuel", "insurance", "service_fee")),
                              Decimal(0)))
        total += Decimal(t["total"])
    payload["payments"] = [{"method": "cash", "amount": yuan(total)}]
    return payload


# --- sale.issue ---------------------------------------------------------------------------------

Bad = Callable[[Payload], Payload]


def _set(**fields: str) -> Bad:
    def change(p: Payload) -> Payload:
        p["tickets"][0].update(fields)
        return p
    return change


def _settled(**fields: str) -> Bad:
    return lambda p: settle(_set(**fields)(p))


def _pay(amount: str) -> Bad:
    def change(p: Payload) -> Payload:
        p["payments"] = [{"method": "cash", "amount": amount}]
        return p
    return change


def _top(**fields: Any) -> Bad:
    def change(p: Payload) -> Payload:
        p.update(fields)
        return p
    return change


# (what is wrong, the code, what the message names)
BAD_SALES: list[tuple[str, Bad, str, str]] = [
    ("negative fare", _settled(fare="-1480.00"), "amount_negative", "tickets[0].fare"),
    ("negative total", _set(total="-10.00"), "amount_negative", "tickets[0].total"),
    ("negative payment", _pay("-1.00"), "amount_negative", "payments[0].amount"),
    ("a total of 0.01 paid 99,999", lambda p: _pay("99999.00")(_set(total="0.01")(p)),
     "amount_mismatch", "tickets[0].total: 0.01, expected"),
    ("a fare of 1 yuan", _settled(fare="1.00"), "fare_mismatch", "tickets[0].fare: 1.00"),
    ("no CN fund", _settled(cn_fund="0.00"), "tax_mismatch", "tickets[0].cn_fund"),
    ("fuel doubled", lambda p: settle(_set(fuel=yuan(Decimal(p["tickets"][0]["fuel"]) * 2
                                                     + 10))(p)),
     "tax_mismatch", "tickets[0].fuel"),
    ("7 yuan of insurance", _settled(insurance="7.00"), "insurance_mismatch",
     "tickets[0].insurance"),
    ("a service fee the rules do not give", _settled(service_fee="30.00"),
     "service_fee_mismatch", "tickets[0].service_fee"),
    ("paid more than the total", _pay("99999.00"), "payment_total_mismatch", "payments"),
    ("paid nothing", _top(payments=[]), "payment_total_mismatch", "payments: 0.00"),
    ("no passenger name", _set(passenger_name=""), "passenger_invalid",
     "tickets[0].passenger_name"),
    ("no ID number", _set(id_number=""), "passenger_invalid", "tickets[0].id_number"),
    ("an ID number with a wrong check digit", _set(id_number="150102198603140271"),
     "passenger_invalid", "tickets[0].id_number"),
    ("a child fare for an adult", lambda p: settle(_set(
        passenger_type="CHD", fare=yuan(Decimal(p["tickets"][0]["fare"]) / 2),
        cn_fund="0.00", fuel=yuan(Decimal(p["tickets"][0]["fuel"]) / 2))(p)),
     "passenger_invalid", "tickets[0].passenger_type"),
    ("class F sold in cabin Y", _top(class_code="F"), "fare_mismatch", "class F"),
    ("a commission for a walk-in", _top(commission="50.00"), "commission_mismatch",
     "commission: 50.00, at most 0.00"),
]


@pytest.mark.parametrize(("what", "bad", "code", "names"), BAD_SALES,
                         ids=[case[0] for case in BAD_SALES])
def test_a_sale_the_rules_do_not_give_is_refused_and_writes_nothing(
    any_ho: HeadOfficeHarness, sales_path: str, what: str, bad: Bad, code: str, names: str,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight()
    wrong = bad(sale(flight, [ticket(ho.next_ticket(counter))]))
    right = sale(flight, [ticket(ho.next_ticket(counter))])
    results = counter.push_ok(counter.op("sale.issue", wrong), counter.op("sale.issue", right))
    assert [(r["status"], r["code"]) for r in results] == [
        ("rejected", code), ("applied", "")], (what, results[0])
    assert names in results[0]["message"], results[0]["message"]
    assert sales_of(ho, counter) == 1


def test_a_sale_on_a_flight_that_has_left_is_refused(
    any_ho: HeadOfficeHarness, sales_path: str,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    gone = ho.flight(day=TODAY - timedelta(days=1), min_free=1)
    later = ho.flight()
    backdated = sale(gone, [ticket(ho.next_ticket(counter))])
    backdated["issued_at"] = (NOON_BEIJING - timedelta(days=2)).isoformat()
    results = counter.push_ok(
        counter.op("sale.issue", sale(gone, [ticket(ho.next_ticket(counter))])),
        # Backdated before departure, yet from no lease of this counter: still refused.
        counter.op("sale.issue", backdated),
        counter.op("sale.issue", sale(later, [ticket(ho.next_ticket(counter))])),
    )
    assert [r["code"] for r in results] == ["flight_departed", "flight_departed", ""]
    assert "segments[0].flight_id" in results[0]["message"]
    assert sales_of(ho, counter) == 1


def test_an_offline_sale_from_a_lease_pushed_after_departure_is_applied(
    ho: HeadOfficeHarness,
) -> None:
    """A counter sold from its lease before the flight left and pushes once it is back
    online, after departure: the sale stands (its own time says it was sold in time)."""
    counter = ho.enroll()
    with ho.db.read() as session:  # a flight leaving this afternoon (tokens live 12 hours)
        flight, dep = session.execute(
            select(Flight.id, Flight.dep_time).where(
                Flight.dep_date == TODAY, Flight.dep_time >= time(14, 0),
                Flight.dep_time <= time(20, 0))
            .order_by(Flight.dep_time, Flight.flight_no).limit(1)).one()
    r = counter.lease(flight, "Y", 2)
    assert r.status_code == 200, r.text
    lease_id = r.json()["lease_id"]
    payload = sale(flight, [ticket(ho.next_ticket(counter))], lease_id)
    after = datetime.combine(TODAY, dep, tzinfo=SHANGHAI) + timedelta(minutes=30)
    ho.clock.set(after)  # head office's now: after departure
    try:
        late = sale(flight, [ticket(ho.next_ticket(counter))], lease_id)
        late["issued_at"] = after.isoformat()
        results = counter.push_ok(counter.op("sale.issue", payload),
                                  counter.op("sale.issue", late))
    finally:
        ho.clock.set(NOON_BEIJING)
    assert [(r["status"], r["code"]) for r in results] == [
        ("applied", ""), ("rejected", "flight_departed")]


def test_sales_the_rules_give_are_applied(any_ho: HeadOfficeHarness, sales_path: str) -> None:
    """Class M (85 % of Y), a child (50 % of Y) and an infant (10 %) with their resident IDs,
    two units of insurance (20 yuan each); at the GP counter a GP unit's official pays the
    GP fare of class M (its fare × 0.95) under a GP order; a distributor's commission up to
    its highest tier."""
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight(min_free=20)
    y = y_fare(ho, flight)
    m_fare = tens(y * Decimal("0.85"))

    def in_class_m(t: Payload, fare: Decimal | None = None) -> Payload:
        priced = price_ticket(t, flight)
        if t["passenger_type"] == "ADT":
            priced["fare"] = yuan(m_fare if fare is None else fare)
        return priced

    adult = in_class_m(ticket(ho.next_ticket(counter)))
    adult["insurance"] = "40.00"
    family = settle({**sale(flight, []), "class_code": "M", "tickets": [
        adult, in_class_m(ticket(ho.next_ticket(counter), "CHD")),
        in_class_m(ticket(ho.next_ticket(counter), "INF"))]})
    assert family["tickets"][1]["fare"] == yuan(tens(y / 2))
    assert family["tickets"][2]["fare"] == yuan(tens(y / 10))

    distributor = customer_id(ho, "D-HET-001")
    commissioned = settle({**sale(flight, []), "class_code": "M", "customer_id": distributor,
                           "commission": yuan(m_fare * Decimal("0.01")),
                           "tickets": [in_class_m(ticket(ho.next_ticket(counter)))]})
    results = counter.push_ok(counter.op("sale.issue", family),
                              counter.op("sale.issue", commissioned))
    assert [r["status"] for r in results] == ["applied", "applied"], results

    gp = ho.enroll("SZX001")
    unit = customer_id(ho, "GP-SZ-001")
    official = settle({**sale(flight, []), "class_code": "M", "customer_id": unit,
                       "gp_order_no": "GP2026120400001",
                       "tickets": [in_class_m(ticket(ho.next_ticket(gp)),
                                              tens(m_fare * Decimal("0.95")))]})
    no_order = {**official, "sale_id": new_id(), "gp_order_no": "",
                "tickets": [{**official["tickets"][0], "ticket_number": ho.next_ticket(gp)}]}
    walk_in = {**official, "sale_id": new_id(), "customer_id": None, "gp_order_no": "",
               "tickets": [{**official["tickets"][0], "ticket_number": ho.next_ticket(gp)}]}
    results = gp.push_ok(gp.op("sale.issue", official), gp.op("sale.issue", no_order),
                         gp.op("sale.issue", walk_in))
    assert [(r["status"], r["code"]) for r in results] == [
        ("applied", ""), ("rejected", "gp_order_required"), ("rejected", "fare_mismatch")]


# --- sale.refund and sale.change ---------------------------------------------------------------


def _sold(ho: HeadOfficeHarness, counter: CounterClient, flight: str) -> Payload:
    payload = sale(flight, [ticket(ho.next_ticket(counter))])
    [r] = counter.push_ok(counter.op("sale.issue", payload))
    assert r["status"] == "applied", r
    return payload


def refund(payload: Payload, fee: str, amount: str, reason: str = "voluntary",
           paid: str | None = None) -> Payload:
    t = payload["tickets"][0]
    return {"refund_id": new_id(), "sale_id": payload["sale_id"],
            "ticket_number": t["ticket_number"], "coupons": [1], "reason": reason,
            "fee": fee, "amount": amount,
            "payments": [{"method": "cash", "amount": amount if paid is None else paid}],
            "refunded_at": NOON_BEIJING.isoformat()}


def test_a_refund_pays_back_the_fare_less_the_ladders_fee(any_ho: HeadOfficeHarness) -> None:
    """Class Y is the ``full`` family: refunding 48 h or more before departure costs 5 % of
    the fare, from 4 h 10 % (fee_rules.json); CN fund and fuel come back in full."""
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight()
    payload = _sold(ho, counter, flight)
    t = payload["tickets"][0]
    fare, paid = Decimal(t["fare"]), Decimal(t["total"])
    percent = 5 if hours_left(ho, flight) >= 48 else 10
    fee = whole(fare * percent / 100)
    back = paid - fee
    results = counter.push_ok(
        counter.op("sale.refund", refund(payload, "-500.00", "1530.00")),
        counter.op("sale.refund", refund(payload, "0.00", yuan(paid))),
        counter.op("sale.refund", refund(payload, yuan(fee), yuan(paid))),
        counter.op("sale.refund", refund(payload, yuan(fee), "153000.00")),
        counter.op("sale.refund", refund(payload, yuan(fee), yuan(back), paid=yuan(paid))),
        counter.op("sale.refund", refund(payload, yuan(fee), yuan(back))),
    )
    assert [r["code"] for r in results] == [
        "amount_negative", "fee_out_of_rules", "refund_amount_mismatch",
        "refund_amount_mismatch", "payment_total_mismatch", ""], results
    assert f"fee: 0.00, expected {yuan(fee)}" in results[1]["message"]
    assert f"amount: {yuan(paid)}, expected {yuan(back)}" in results[2]["message"]
    with ho.db.read() as session:
        rows = session.scalars(select(AfterSale).where(AfterSale.kind == "refund")).all()
        assert [(a.fee_fen, a.amount_fen) for a in rows] == [(int(fee * 100), int(back * 100))]


def test_an_involuntary_refund_is_free_and_only_that(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    payload = _sold(ho, counter, ho.flight())
    paid = payload["tickets"][0]["total"]
    results = counter.push_ok(
        counter.op("sale.refund", refund(payload, "10.00", yuan(Decimal(paid) - 10),
                                         "involuntary")),
        counter.op("sale.refund", refund(payload, "0.00", paid, "involuntary")),
    )
    assert [r["code"] for r in results] == ["fee_out_of_rules", ""]


def change(payload: Payload, new_number: str, flight: str, class_code: str, fee: str,
           difference: str, fare: str, paid: str, **coupon: str) -> Payload:
    t = payload["tickets"][0]
    return {
        "change_id": new_id(), "sale_id": payload["sale_id"],
        "old_ticket_number": t["ticket_number"], "new_ticket_number": new_number,
        "coupon_seq": 1, "passenger_type": "ADT", "reason": "voluntary", "fee": fee,
        "fare_difference": difference,
        "new_segment": {"flight_id": flight, "cabin": "Y", "class_code": class_code,
                        "lease_id": None},
        "coupons": [{"seq": 1, "flight_id": flight, "cabin": "Y", "class_code": class_code,
                     "fare": fare, "cn_fund": t["cn_fund"], "fuel": t["fuel"], "moved": True,
                     **coupon}],
        "payments": [{"method": "cash", "amount": paid}] if Decimal(paid) else [],
        "changed_at": NOON_BEIJING.isoformat(),
    }


def test_a_change_pays_the_ladders_fee_and_no_made_up_fare_difference(
    any_ho: HeadOfficeHarness,
) -> None:
    """Class Y to class B (90 %) on a later flight of the same day: a cheaper class owes no
    fare difference (and gives nothing back); the fee is 5 % of the old fare from 4 h to
    168 h before departure (the ``full`` ladder)."""
    ho = any_ho
    counter = ho.enroll()
    flight, other = ho.flight(min_free=20), ho.flight(min_free=20, skip=1)
    payload = _sold(ho, counter, flight)
    old_fare = Decimal(payload["tickets"][0]["fare"])
    fee = whole(old_fare * 5 / 100)
    assert 4 <= hours_left(ho, flight) < 168
    b_fare = tens(y_fare(ho, other) * Decimal("0.9"))
    difference = max(b_fare - old_fare, Decimal(0))
    new_fare = yuan(old_fare + difference)
    due = yuan(fee + difference)

    def go(**kw: str) -> Payload:
        args = {"fee": yuan(fee), "difference": yuan(difference), "fare": new_fare,
                "paid": due, **kw}
        return change(payload, ho.next_ticket(counter), other, "B", **args)

    results = counter.push_ok(
        counter.op("sale.change", go(fee="-74.00")),
        counter.op("sale.change", go(fee="0.00", paid=yuan(difference))),
        counter.op("sale.change", go(difference=yuan(difference + 100),
                                     fare=yuan(old_fare + difference + 100),
                                     paid=yuan(fee + difference + 100))),
        counter.op("sale.change", go(fare=yuan(old_fare + difference + 1000))),
        counter.op("sale.change", go(cn_fund="0.00")),
        counter.op("sale.change", go(paid=yuan(fee + difference - 1))),
        counter.op("sale.change", go()),
    )
    assert [r["code"] for r in results] == [
        "amount_negative", "fee_out_of_rules", "fare_mismatch", "fare_mismatch",
        "amount_mismatch", "payment_total_mismatch", ""], results
    assert "fare_difference" in results[2]["message"]
    assert "coupons[0].fare" in results[3]["message"]
