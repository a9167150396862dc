"""Pushing ops: idempotency, sales from leases and stock, numbers, voids, lease release and
expiry, customer merges and per-outlet authorisation, over real HTTP on SQLite."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import httpx
import pytest
from ho_support import NOON_BEIJING, CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import func, select

from counter_app.headoffice import records
from counter_app.headoffice.inventory import expire_leases
from counter_app.headoffice.models import (
    AppliedOp,
    Customer,
    MergeConflict,
    Sale,
    SeatLease,
    UsedNumber,
)
from counter_app.headoffice.ops import bulk_sales
from counter_app.headoffice.ops.batch import fen
from counter_app.sync.protocol import payload_hash


@pytest.fixture(params=["fast", "savepoints"])
def sales_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs of sale.issue normally take the in-memory fast path; when its bulk write fails
    they are redone op by op with savepoints. Both must decide the same."""
    if request.param == "savepoints":
        monkeypatch.setattr(bulk_sales.SalesRun, "apply", lambda self: None)
    return str(request.param)


def lease_of(ho: HeadOfficeHarness, lease_id: str) -> SeatLease:
    with ho.db.read() as session:
        row = session.get(SeatLease, lease_id)
        assert row is not None
        return row


def count(ho: HeadOfficeHarness, model: Any, *where: Any) -> int:
    with ho.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def customer_id(ho: HeadOfficeHarness, code: str) -> str:
    with ho.db.read() as session:
        return str(session.scalar(select(Customer.id).where(Customer.code == code)))


def leased(
    ho: HeadOfficeHarness, counter: CounterClient, seats: int, cabin: str = "Y"
) -> tuple[str, str]:
    flight = ho.flight(cabin=cabin, min_free=seats + 5)
    r = counter.lease(flight, cabin, seats)
    assert r.status_code == 200, r.text
    return flight, r.json()["lease_id"]


# --- sales and idempotency ------------------------------------------------------------------


def test_sale_from_a_lease(any_ho: HeadOfficeHarness, sales_path: str) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight, lease_id = leased(ho, counter, 2)
    before = ho.cabin(flight)
    payload = sale(
        flight,
        [
            ticket(ho.next_ticket(counter), receipt=ho.next_receipt(counter)),
            ticket(ho.next_ticket(counter), "CHD"),
            ticket(ho.next_ticket(counter), "INF"),
        ],
        lease_id,
    )
    [result] = counter.push_ok(counter.op("sale.issue", payload))
    assert result["status"] == "applied", result
    assert result["result"] == {"sale_id": payload["sale_id"], "seats": 2, "source": "lease"}
    lease = lease_of(ho, lease_id)
    assert (lease.granted, lease.used, lease.status) == (2, 2, "active")
    after = ho.cabin(flight)
    assert (after.sold, after.granted) == (before.sold, before.granted)
    assert count(ho, UsedNumber, UsedNumber.counter_id == counter.counter_id) == 4
    with ho.db.read() as session:
        row = session.get(Sale, payload["sale_id"])
        assert row is not None
        assert row.total_fen == sum(fen(t["total"]) for t in payload["tickets"])
        assert row.clerk_login == "wangli"
    leases = [c for c in counter.pull_all() if c["entity"] == "lease"]
    assert leases[-1]["data"]["used"] == 2


def test_same_batch_twice_gives_duplicates_with_the_same_results(
    ho: HeadOfficeHarness, sales_path: str
) -> None:
    counter = ho.enroll()
    flight, lease_id = leased(ho, counter, 4)
    ops = [
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))], lease_id))
        for _ in range(3)
    ]
    first = counter.push_ok(*ops)
    second = counter.push_ok(*ops)
    assert [r["status"] for r in first] == ["applied"] * 3
    assert [r["status"] for r in second] == ["duplicate"] * 3
    assert [r["result"] for r in first] == [r["result"] for r in second]
    assert lease_of(ho, lease_id).used == 3


def test_same_batch_from_two_threads_applies_each_op_once(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    flight = ho.flight(min_free=30)
    ops = [
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))])) for _ in range(20)
    ]
    responses: list[httpx.Response] = []
    barrier = threading.Barrier(2)

    def deliver() -> None:
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            responses.append(
                client.post("/api/v1/sync/push", json={"ops": ops}, headers=counter.headers)
            )

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in responses] == [200, 200]
    statuses = [[r["status"] for r in resp.json()["results"]] for resp in responses]
    for i in range(20):
        assert sorted(s[i] for s in statuses) == ["applied", "duplicate"]
    assert count(ho, Sale, Sale.counter_id == counter.counter_id) == 20
    assert count(ho, AppliedOp, AppliedOp.counter_id == counter.counter_id) == 20


def test_op_id_reused_with_another_payload_is_409_and_nothing_applies(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight()
    original = counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]))
    assert counter.push_ok(original)[0]["status"] == "applied"
    innocent = counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]))
    forged_payload = sale(flight, [ticket(ho.next_ticket(counter))])
    forged = counter.op("sale.issue", forged_payload, op_id=original["op_id"])
    r = counter.push(innocent, forged)
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "op_id_reused"
    assert body["detail"] == {"op_id": original["op_id"]}
    assert original["op_id"] in body["message"]
    assert count(ho, Sale) == 1
    with ho.db.read() as session:
        assert session.get(Sale, original["payload"]["sale_id"]) is not None
        assert session.get(Sale, innocent["payload"]["sale_id"]) is None
    # The same op_id twice in one batch with two payloads is the same refusal.
    twin = counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]))
    twin2 = {**twin, "payload": forged_payload, "payload_hash": payload_hash(forged_payload)}
    assert counter.push(twin, twin2).status_code == 409


def test_envelope_errors_are_rejected_but_not_stored(
    ho: HeadOfficeHarness, sales_path: str
) -> None:
    counter = ho.enroll()
    flight = ho.flight()
    good = counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]))
    bad_hash = {**good, "payload_hash": "0" * 64}
    [r] = counter.push_ok(bad_hash)
    assert (r["status"], r["code"]) == ("rejected", "payload_hash_mismatch")
    other = counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]))
    [r] = counter.push_ok({**other, "schema_version": 99})
    assert (r["status"], r["code"]) == ("rejected", "schema_version_unsupported")
    # Nothing was stored under those op_ids: the corrected ops apply.
    assert [r["status"] for r in counter.push_ok(good, other)] == ["applied", "applied"]


def test_clerk_must_belong_to_the_outlet(ho: HeadOfficeHarness, sales_path: str) -> None:
    counter = ho.enroll("HET001")
    flight = ho.flight()
    op = counter.op(
        "sale.issue", sale(flight, [ticket(ho.next_ticket(counter))]), clerk="liqiang"
    )  # a clerk of BAV001
    [result] = counter.push_ok(op)
    assert (result["status"], result["code"]) == ("rejected", "clerk_not_in_outlet")
    [again] = counter.push_ok(op)
    assert (again["status"], again["code"]) == ("rejected", "clerk_not_in_outlet")
    assert count(ho, Sale) == 0


# --- seats --------------------------------------------------------------------------------------


def test_exhausted_lease_falls_back_to_stock_then_no_seats(
    any_ho: HeadOfficeHarness, sales_path: str
) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight, lease_id = leased(ho, counter, 2)
    two = [ticket(ho.next_ticket(counter)), ticket(ho.next_ticket(counter))]
    assert (
        counter.push_ok(counter.op("sale.issue", sale(flight, two, lease_id)))[0]["result"][
            "source"
        ]
        == "lease"
    )
    before = ho.cabin(flight)
    [from_stock] = counter.push_ok(
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))], lease_id))
    )
    assert from_stock["status"] == "applied"
    assert from_stock["result"]["source"] == "stock"
    assert ho.cabin(flight).sold == before.sold + 1
    ho.set_free(flight, "Y", 0)
    [refused] = counter.push_ok(
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))], lease_id))
    )
    assert (refused["status"], refused["code"]) == ("rejected", "no_seats")
    cab = ho.cabin(flight)
    assert cab.sold + cab.granted == cab.capacity


def test_lease_of_another_counter_or_flight_is_refused(
    ho: HeadOfficeHarness, sales_path: str
) -> None:
    a, b = ho.enroll(), ho.enroll()
    flight, lease_id = leased(ho, a, 2)
    [r] = b.push_ok(b.op("sale.issue", sale(flight, [ticket(ho.next_ticket(b))], lease_id)))
    assert r["code"] == "lease_invalid"
    other = ho.flight(skip=3)
    [r] = a.push_ok(a.op("sale.issue", sale(other, [ticket(ho.next_ticket(a))], lease_id)))
    assert r["code"] == "lease_invalid"


def test_lease_request_refusals(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    flight = ho.flight()
    ho.set_free(flight, "Y", 3)
    r = counter.lease(flight, "Y", 4)
    assert r.status_code == 409
    assert r.json()["code"] == "no_seats"
    assert counter.lease(flight, "Y", 3).status_code == 200
    r = counter.lease("no-such-flight", "Y", 1)
    assert (r.status_code, r.json()["code"]) == (404, "flight_unknown")
    departed = ho.flight(day=NOON_BEIJING.date() - timedelta(days=1), min_free=1)
    r = counter.lease(departed, "Y", 1)
    assert (r.status_code, r.json()["code"]) == (404, "flight_unknown")


# --- numbers ---------------------------------------------------------------------------------


def test_numbers_out_of_range_or_reused_reject_one_op_and_the_batch_goes_on(
    any_ho: HeadOfficeHarness, sales_path: str
) -> None:
    ho = any_ho
    a, b = ho.enroll(), ho.enroll()
    flight = ho.flight(min_free=20)
    mine = ho.next_ticket(a)
    theirs = ho.next_ticket(b)  # b's range, same prefix
    beyond = f"999-{a.ranges()['999']['last'] + 1:010d}"
    wrong_prefix = f"123-{a.ranges()['999']['first']:010d}"  # no range has this prefix
    ops = [
        a.op("sale.issue", sale(flight, [ticket(theirs)])),
        a.op("sale.issue", sale(flight, [ticket(mine)])),
        a.op("sale.issue", sale(flight, [ticket(mine)])),
        a.op("sale.issue", sale(flight, [ticket(beyond)])),
        a.op("sale.issue", sale(flight, [ticket(wrong_prefix)])),
        a.op("sale.issue", sale(flight, [ticket(ho.next_ticket(a), receipt="9999999999")])),
        a.op("sale.issue", sale(flight, [ticket(ho.next_ticket(a))])),
    ]
    results = a.push_ok(*ops)
    assert [(r["status"], r["code"]) for r in results] == [
        ("rejected", "number_out_of_range"),
        ("applied", ""),
        ("rejected", "number_used"),
        ("rejected", "number_out_of_range"),
        ("rejected", "number_out_of_range"),
        ("rejected", "number_out_of_range"),
        ("applied", ""),
    ]
    assert count(ho, Sale) == 2
    # A replay says the same.
    assert [(r["status"], r["code"]) for r in a.push_ok(*ops)][:3] == [
        ("rejected", "number_out_of_range"),
        ("duplicate", ""),
        ("rejected", "number_used"),
    ]


def test_number_void(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    rng = counter.ranges()["999"]
    gap = {"kind": "ticket", "prefix": "999", "number": rng["first"], "reason": "卡纸"}
    [r] = counter.push_ok(counter.op("number.void", gap))
    assert r["status"] == "applied"
    with ho.db.read() as session:
        row = session.get(UsedNumber, ("ticket", "999", rng["first"]))
        assert row is not None
        assert row.status == "void"
    flight = ho.flight()
    [r] = counter.push_ok(
        counter.op("sale.issue", sale(flight, [ticket(f"999-{rng['first']:010d}")]))
    )
    assert r["code"] == "number_used"
    [r] = counter.push_ok(counter.op("number.void", gap))
    assert r["code"] == "number_used"
    [r] = counter.push_ok(counter.op("number.void", {**gap, "number": rng["last"] + 1}))
    assert r["code"] == "number_out_of_range"
    receipt = counter.ranges()[""]
    [r] = counter.push_ok(
        counter.op(
            "number.void", {"kind": "receipt", "prefix": "", "number": f"{receipt['first']:010d}"}
        )
    )
    assert r["status"] == "applied"


# --- voids ----------------------------------------------------------------------------------


def test_void_returns_seats_to_the_lease_or_to_stock(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    a, b = ho.enroll(), ho.enroll()
    flight, lease_id = leased(ho, a, 3)
    t1, t2, t3 = (ho.next_ticket(a) for _ in range(3))
    leased_sale = sale(flight, [ticket(t1), ticket(t2)], lease_id)
    stock_sale = sale(flight, [ticket(t3)])
    a.push_ok(a.op("sale.issue", leased_sale), a.op("sale.issue", stock_sale))
    sold_before = ho.cabin(flight).sold

    void = {"sale_id": leased_sale["sale_id"], "ticket_numbers": [t1], "reason": "旅客取消"}
    [r] = a.push_ok(a.op("sale.void", void))
    assert r["status"] == "applied", r
    assert r["result"]["returned_to"] == "lease"
    assert lease_of(ho, lease_id).used == 1
    [r] = a.push_ok(a.op("sale.void", void))
    assert r["code"] == "already_void"
    [r] = a.push_ok(a.op("sale.void", {**void, "ticket_numbers": ["999-0000000001"]}))
    assert r["code"] == "ticket_unknown"
    [r] = b.push_ok(b.op("sale.void", {**void, "ticket_numbers": [t2]}))
    assert r["code"] == "not_your_ticket"

    [r] = a.push_ok(
        a.op("sale.void", {"sale_id": stock_sale["sale_id"], "ticket_numbers": [t3], "reason": ""})
    )
    assert r["result"]["returned_to"] == "stock"
    assert ho.cabin(flight).sold == sold_before - 1
    with ho.db.read() as session:
        row = session.get(Sale, stock_sale["sale_id"])
        assert row is not None
        assert row.status == "void"


def test_void_after_the_lease_ended_returns_seats_to_stock(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    flight, lease_id = leased(ho, counter, 3)
    number = ho.next_ticket(counter)
    issued = sale(flight, [ticket(number)], lease_id)
    counter.push_ok(
        counter.op("sale.issue", issued), counter.op("lease.release", {"lease_id": lease_id})
    )
    granted = ho.cabin(flight).granted
    [r] = counter.push_ok(
        counter.op("sale.void", {"sale_id": issued["sale_id"], "ticket_numbers": [number]})
    )
    assert r["result"]["returned_to"] == "stock"
    assert ho.cabin(flight).granted == granted - 1
    assert lease_of(ho, lease_id).used == 0


# --- leases ending ----------------------------------------------------------------------------


def test_lease_release_returns_unused_seats(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight, lease_id = leased(ho, counter, 5)
    granted = ho.cabin(flight).granted
    two = [ticket(ho.next_ticket(counter)), ticket(ho.next_ticket(counter))]
    results = counter.push_ok(
        counter.op("sale.issue", sale(flight, two, lease_id)),
        counter.op("lease.release", {"lease_id": lease_id}),
    )
    assert results[1]["result"] == {"lease_id": lease_id, "status": "released", "returned": 3}
    assert ho.cabin(flight).granted == granted - 3
    assert lease_of(ho, lease_id).status == "released"
    [again] = counter.push_ok(counter.op("lease.release", {"lease_id": lease_id}))
    assert again["result"]["returned"] == 0
    other = ho.enroll()
    [r] = other.push_ok(other.op("lease.release", {"lease_id": lease_id}))
    assert r["code"] == "lease_unknown"
    # A sale against the released lease takes its seat from stock.
    [r] = counter.push_ok(
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))], lease_id))
    )
    assert r["result"]["source"] == "stock"


def test_expired_lease_returns_seats_at_the_next_request(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight()
    r = counter.post(
        "/api/v1/inventory/leases", {"flight_id": flight, "cabin": "Y", "seats": 4, "hours": 1}
    )
    lease_id = r.json()["lease_id"]
    granted = ho.cabin(flight).granted
    counter.push_ok(
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))], lease_id))
    )
    ho.clock.set(NOON_BEIJING + timedelta(hours=1, minutes=1))
    counter.push_ok(
        counter.op(
            "number.void",
            {"kind": "receipt", "prefix": "", "number": counter.ranges()[""]["first"]},
        )
    )
    lease = lease_of(ho, lease_id)
    assert lease.status == "expired"
    assert ho.cabin(flight).granted == granted - 3
    changes = [c for c in counter.pull_all() if c["entity"] == "lease"]
    assert changes[-1]["data"]["status"] == "expired"


# --- customers ------------------------------------------------------------------------------


def test_customer_update_merges_field_by_field(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    a, b = ho.enroll("HET001"), ho.enroll("HET001")
    cid = customer_id(ho, "AC-0001")
    with ho.db.read() as session:
        row = session.get(Customer, cid)
        assert row is not None
        base = {
            "contact_phone": row.contact_phone,
            "notes": row.notes,
            "credit_limit": records.yuan(row.credit_limit_fen),
        }
        version = row.version
    [r] = a.push_ok(
        a.op(
            "customer.update",
            {
                "customer_id": cid,
                "base_version": version,
                "base": base,
                "changes": {"contact_phone": "13900000001", "credit_limit": "250000.00"},
            },
        )
    )
    assert r["status"] == "applied", r
    assert r["result"] == {
        "applied": ["credit_limit", "contact_phone"],
        "conflicts": [],
        "version": version + 1,
    }
    # b edits from the old base: the same value is no conflict, another value is.
    [r] = b.push_ok(
        b.op(
            "customer.update",
            {
                "customer_id": cid,
                "base_version": version,
                "base": base,
                "changes": {
                    "contact_phone": "13900000001",
                    "notes": "月结对账人: 李",
                },
            },
        )
    )
    assert r["result"] == {"applied": ["notes"], "conflicts": [], "version": version + 2}
    [r] = b.push_ok(
        b.op(
            "customer.update",
            {
                "customer_id": cid,
                "base_version": version,
                "base": base,
                "changes": {"contact_phone": "13900000002"},
            },
        )
    )
    assert r["status"] == "applied"
    assert r["result"] == {"applied": [], "conflicts": ["contact_phone"], "version": version + 2}
    with ho.db.read() as session:
        row = session.get(Customer, cid)
        assert row is not None
        assert row.contact_phone == "13900000001"  # head office wins
        assert row.credit_limit_fen == 25_000_000
        assert row.field_versions == {
            "contact_phone": version + 1,
            "credit_limit": version + 1,
            "notes": version + 2,
        }
        conflict = session.scalars(select(MergeConflict)).one()
        assert (conflict.counter_id, conflict.field) == (b.counter_id, "contact_phone")
        assert (conflict.counter_value, conflict.server_value) == ("13900000002", "13900000001")
    seen_by_b = [c for c in b.pull_all() if c["entity"] == "conflict"]
    assert [c["data"]["field"] for c in seen_by_b] == ["contact_phone"]
    assert not [c for c in a.pull_all() if c["entity"] == "conflict"]
    latest = [c for c in a.pull_all() if c["entity"] == "customer" and c["key"] == cid][-1]
    assert latest["data"]["contact_phone"] == "13900000001"
    assert latest["data"]["version"] == version + 2


def test_customer_of_another_outlet_cannot_be_updated(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("BAV001")
    cid = customer_id(ho, "AC-0001")  # HET001's
    [r] = counter.push_ok(
        counter.op(
            "customer.update",
            {"customer_id": cid, "base": {"notes": ""}, "changes": {"notes": "x"}},
        )
    )
    assert r["code"] == "not_your_customer"
    [r] = counter.push_ok(
        counter.op(
            "customer.update", {"customer_id": "nobody", "base": {}, "changes": {"notes": "x"}}
        )
    )
    assert r["code"] == "customer_unknown"


def test_malformed_payload_is_rejected_and_the_batch_goes_on(
    ho: HeadOfficeHarness, sales_path: str
) -> None:
    counter = ho.enroll()
    flight = ho.flight()
    bad = sale(flight, [ticket(ho.next_ticket(counter))])
    bad["tickets"][0]["fare"] = 1480.5  # a float: money must be a string
    results = counter.push_ok(
        counter.op("sale.issue", bad),
        counter.op("sale.issue", {"nonsense": True}),
        counter.op("sale.issue", sale(flight, [ticket(ho.next_ticket(counter))])),
    )
    assert [r["code"] for r in results] == ["invalid_payload", "invalid_payload", ""]


def test_many_counters_at_once_on_sqlite_never_hit_a_locked_database(
    ho: HeadOfficeHarness,
) -> None:
    counters = [ho.enroll("HET001", f"c{i}") for i in range(8)]
    # Each flight takes two counters' 15 sales and a seat leased by each: 32 seats, so the
    # flight must have them free on whatever day the suite runs (30 was short on some).
    flights = [ho.flight(min_free=32, skip=i) for i in range(4)]
    plans = [
        [c.op("sale.issue", sale(flights[i % 4], [ticket(ho.next_ticket(c))]))
         for _ in range(15)]
        for i, c in enumerate(counters)
    ]
    barrier = threading.Barrier(len(counters))
    answers: list[int] = []
    lock = threading.Lock()

    def work(counter: CounterClient, ops: list[dict[str, Any]], flight: str) -> None:
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            codes = [
                client.post("/api/v1/inventory/leases", headers=counter.headers,
                            json={"flight_id": flight, "cabin": "Y", "seats": 1}).status_code,
                client.post("/api/v1/sync/push", headers=counter.headers,
                            json={"ops": ops}).status_code,
                client.get("/api/v1/sync/checksum", headers=counter.headers).status_code,
            ]
        with lock:
            answers.extend(codes)

    threads = [threading.Thread(target=work, args=(c, plans[i], flights[i % 4]))
               for i, c in enumerate(counters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [200] * 24
    assert count(ho, Sale) == 8 * 15


def test_lease_grace_keeps_a_lease_usable_a_little_longer(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    flight = ho.flight()
    r = counter.post("/api/v1/inventory/leases",
                     {"flight_id": flight, "cabin": "Y", "seats": 2, "hours": 1})
    lease_id = r.json()["lease_id"]
    later = NOON_BEIJING + timedelta(hours=1, minutes=10)
    with ho.db.write() as session:
        assert expire_leases(session, later, grace=timedelta(minutes=15)) == 0
    assert lease_of(ho, lease_id).status == "active"
    with ho.db.write() as session:
        assert expire_leases(session, later, grace=timedelta(minutes=5)) == 1
    assert lease_of(ho, lease_id).status == "expired"
