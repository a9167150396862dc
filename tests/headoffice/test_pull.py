"""Pulling the change log: visibility per outlet and counter, commit order, paging, and
checksums that match a recomputation from the pulled changes."""

from __future__ import annotations

from typing import Any

from ho_support import CounterClient, HeadOfficeHarness, recompute_checksums, sale, ticket
from sqlalchemy import select

from counter_app.headoffice.changes import current_seq
from counter_app.headoffice.models import Customer
from counter_app.sync.protocol import Change, ChecksumResponse, Scope


def by_entity(changes: list[dict[str, Any]], entity: str) -> list[dict[str, Any]]:
    return [c for c in changes if c["entity"] == entity]


def test_a_counter_sees_only_its_outlets_people_and_its_own_records(
    ho: HeadOfficeHarness,
) -> None:
    het = ho.enroll("HET001")
    bav = ho.enroll("BAV001")
    flight = ho.flight()
    assert het.lease(flight).status_code == 200
    changes = bav.pull_all()
    for change in changes:
        Change.model_validate(change)
    clerks = {c["data"]["login"] for c in by_entity(changes, "clerk")}
    assert clerks == {"liqiang", "hugang"}
    customers = by_entity(changes, "customer")
    assert {c["data"]["outlet_code"] for c in customers} == {"BAV001"}
    assert not any(c["data"]["kind"] == "gp_unit" for c in customers)  # GP counters only
    visible_ids = {c["key"] for c in customers}
    travellers = by_entity(changes, "traveller")
    assert travellers
    assert not any(t["data"]["gp_level"] for t in travellers)
    assert all(t["data"]["customer_id"] in visible_ids for t in travellers)
    assert len(by_entity(changes, "outlet")) == 9  # outlets are everyone's
    assert by_entity(changes, "lease") == []  # HET001's counter's lease
    ranges = by_entity(changes, "range")
    assert len(ranges) == 25
    assert {r["key"] for r in ranges}.isdisjoint({r["key"] for r in
                                                  by_entity(het.pull_all(), "range")})
    assert len(by_entity(changes, "airport")) > 200
    assert by_entity(changes, "flight")
    avail = by_entity(changes, "availability")
    assert avail[0]["key"] == f"{avail[0]['data']['flight_id']}:{avail[0]['data']['cabin']}"


def test_change_data_formats(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    changes = counter.pull_all()
    flight = by_entity(changes, "flight")[0]["data"]
    assert set(flight) == {"id", "flight_no", "carrier", "origin", "destination", "dep_date",
                           "dep_time", "arr_date", "arr_time", "aircraft", "layout_id",
                           "distance_km", "feeder", "fares", "status"}
    assert isinstance(flight["fares"]["Y"], str)
    assert flight["fares"]["Y"].endswith(".00")
    assert len(flight["dep_time"]) == 5
    avail = by_entity(changes, "availability")[0]["data"]
    assert set(avail) == {"flight_id", "cabin", "capacity", "available", "closed_classes"}
    customer = by_entity(changes, "customer")[0]["data"]
    assert set(customer) == {"id", "code", "kind", "name_zh", "name_pinyin", "name_initials",
                             "uscc", "outlet_code", "settlement", "credit_limit", "attributes",
                             "contact_name", "contact_phone", "notes", "version"}
    assert isinstance(customer["credit_limit"], str)
    clerk = by_entity(changes, "clerk")[0]["data"]
    assert set(clerk) == {"login", "name_zh", "role", "outlet_code", "password_hash", "active"}
    assert clerk["password_hash"].startswith("$argon2")
    rules = {c["key"]: c["data"] for c in by_entity(changes, "rules")}
    assert set(rules) == {"fare_classes", "taxes", "fee_rules", "commissions"}
    assert set(rules["taxes"]) == {"name", "version", "payload"}
    gp = [t["data"] for t in by_entity(ho.enroll("SZX001").pull_all(), "traveller")
          if t["data"]["gp_level"]]
    assert gp
    assert gp[0]["title_zh"]
    rng = by_entity(changes, "range")[0]["data"]
    assert set(rng) == {"range_id", "kind", "prefix", "first", "last"}


def test_pull_pages_in_seq_order_and_the_cursor_moves_past_invisible_rows(
    ho: HeadOfficeHarness,
) -> None:
    counter = ho.enroll("HET001")
    everything = counter.pull_all(limit=5000)
    paged: list[dict[str, Any]] = []
    cursor, pages = 0, 0
    while True:
        body = counter.get("/api/v1/sync/pull", params={"cursor": cursor, "limit": 700}).json()
        pages += 1
        assert len(body["changes"]) <= 700
        paged.extend(body["changes"])
        if body["has_more"]:
            assert body["next_cursor"] == body["changes"][-1]["seq"]
        cursor = body["next_cursor"]
        if not body["has_more"]:
            break
    assert pages > 3
    assert paged == everything
    seqs = [c["seq"] for c in everything]
    assert seqs == sorted(set(seqs))
    with ho.db.read() as session:
        top = current_seq(session)
    assert cursor == top
    # Another outlet's change moves the top, but this counter gets nothing new.
    other = ho.enroll("BAV001")
    assert other.lease(ho.flight()).status_code == 200
    body = counter.get("/api/v1/sync/pull", params={"cursor": cursor}).json()
    assert [c["entity"] for c in body["changes"]] == ["availability"]
    assert body["next_cursor"] > cursor
    r = counter.get("/api/v1/sync/pull", params={"cursor": body["next_cursor"] + 1000})
    assert r.status_code == 409
    assert r.json()["code"] == "cursor_ahead"


def busy_day(ho: HeadOfficeHarness, a: CounterClient, b: CounterClient) -> None:
    flight = ho.flight()
    lease_id = a.lease(flight).json()["lease_id"]
    a.push_ok(a.op("sale.issue", sale(flight, [ticket(ho.next_ticket(a))], lease_id)),
              a.op("sale.issue", sale(flight, [ticket(ho.next_ticket(a))])))
    with ho.db.read() as session:
        cid = session.scalar(select(Customer.id).where(Customer.code == "AC-0001"))
    a.push_ok(a.op("customer.update", {"customer_id": cid, "base": {"notes": ""},
                                       "changes": {"notes": "新备注"}}))
    b.push_ok(b.op("customer.update", {"customer_id": cid, "base": {"notes": ""},
                                       "changes": {"notes": "另一个备注"}}))
    b.lease(ho.flight(skip=1))


def test_checksum_equals_a_recomputation_from_the_pulled_changes(
    ho: HeadOfficeHarness,
) -> None:
    a, b = ho.enroll("HET001"), ho.enroll("HET001")
    busy_day(ho, a, b)
    for counter in (a, b):
        changes = counter.pull_all()
        r = counter.get("/api/v1/sync/checksum")
        assert r.status_code == 200
        sums = ChecksumResponse.model_validate(r.json())
        assert sums.scopes == recompute_checksums(changes)
        assert sums.cursor == max(c["seq"] for c in changes)
    # b holds a conflict record, a does not: their COUNTER scopes differ.
    sa = ChecksumResponse.model_validate(a.get("/api/v1/sync/checksum").json())
    sb = ChecksumResponse.model_validate(b.get("/api/v1/sync/checksum").json())
    assert sa.scopes[Scope.COUNTER] != sb.scopes[Scope.COUNTER]
    assert sa.scopes[Scope.PEOPLE] == sb.scopes[Scope.PEOPLE]
