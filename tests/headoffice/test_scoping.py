"""Each counter reads and changes only what its outlet may (issue 11): GP units and their
officials reach GP counters only, shared customers are read-only unless head office grants
an outlet, a sale is billed only to a customer the outlet may bill, and a name correction
needs a real supervisor of the outlet. All over HTTP to the served head office."""

from __future__ import annotations

import json
from typing import Any

import pytest
from alembic import command
from ho_support import CounterClient, HeadOfficeHarness, recompute_checksums, sale, ticket
from sqlalchemy import select

from counter_app.headoffice import changes, cli, records
from counter_app.headoffice.db import alembic_config
from counter_app.headoffice.models import Customer, EntityVersion, SaleTicket, Traveller
from counter_app.headoffice.ops import after_sale, bulk_sales
from counter_app.kernel.ids import new_id
from counter_app.kernel.refdata import read_json
from counter_app.services import identity
from counter_app.sync.protocol import Scope

SCOPING_CODES = {"customer_unknown", "not_your_customer", "gp_not_allowed"}


@pytest.fixture(params=["fast", "savepoints"])
def sales_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs of sale.issue take the in-memory fast path, or (its bulk write failed) the op by
    op path; both must decide the same."""
    if request.param == "savepoints":
        monkeypatch.setattr(bulk_sales.SalesRun, "apply", lambda self: None)
    return str(request.param)


def customer_id(ho: HeadOfficeHarness, code: str) -> str:
    with ho.db.read() as session:
        found = session.scalar(select(Customer.id).where(Customer.code == code))
    assert found is not None
    return str(found)


def gp_unit_ids(ho: HeadOfficeHarness) -> set[str]:
    with ho.db.read() as session:
        return set(session.scalars(select(Customer.id).where(Customer.kind == "gp_unit")))


def checksums_match_the_pull(counter: CounterClient, pulled: list[dict[str, Any]]) -> None:
    r = counter.get("/api/v1/sync/checksum")
    assert r.status_code == 200, r.text
    theirs = {Scope(k): v for k, v in r.json()["scopes"].items()}
    mine = {scope: value.model_dump(mode="json")
            for scope, value in recompute_checksums(pulled).items()}
    assert theirs == mine


def test_gp_units_and_officials_reach_gp_counters_only(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    units = gp_unit_ids(ho)
    demo, _ = read_json("demo")
    official_ids = {o["id_number"] for u in demo["gp_units"] for o in u["officials"]}
    assert units
    assert official_ids

    bav = ho.enroll("BAV001")
    pulled = bav.pull_all()
    customers = [c for c in pulled if c["entity"] == "customer"]
    travellers = [c for c in pulled if c["entity"] == "traveller"]
    assert customers
    assert travellers
    assert not [c for c in customers if c["key"] in units or c["data"]["kind"] == "gp_unit"]
    assert not [t for t in travellers
                if t["data"]["customer_id"] in units or t["data"]["gp_level"]]
    text = json.dumps(pulled, ensure_ascii=False)
    assert not [n for n in official_ids if n in text]  # no official's ID number at all
    checksums_match_the_pull(bav, pulled)  # a resync from 0 converges

    szx = ho.enroll("SZX001")
    pulled = szx.pull_all()
    assert {c["key"] for c in pulled if c["entity"] == "customer"} >= units
    gp_travellers = [t["data"] for t in pulled if t["entity"] == "traveller"
                     and t["data"]["customer_id"] in units]
    assert {t["id_number"] for t in gp_travellers} == official_ids
    assert all(t["gp_level"] for t in gp_travellers)
    checksums_match_the_pull(szx, pulled)


def update_op(counter: CounterClient, cid: str, notes: str) -> dict[str, Any]:
    return counter.op("customer.update", {"customer_id": cid, "base": {"notes": ""},
                                          "changes": {"notes": notes}})


def add_shared_customer(ho: HeadOfficeHarness, code: str) -> str:
    """A shared agreement customer (no outlet), logged as the loader logs one."""
    with ho.db.write() as session:
        row = Customer(id=new_id(), code=code, kind="agreement", name_zh="内蒙古共享协议单位",
                       name_pinyin="", name_initials="", uscc=None, outlet_code=None,
                       settlement="monthly", credit_limit_fen=0, attributes={},
                       contact_name="", contact_phone="", notes="", version=1,
                       field_versions={})
        session.add(row)
        session.flush()
        changes.log_change(session, Scope.PEOPLE, records.CUSTOMER, row.id,
                           records.customer_data(row), outlet_code=None)
        return row.id


def grant(ho: HeadOfficeHarness, customer: str, outlet: str, *more: str) -> int:
    url = ho.db.engine.url.render_as_string(hide_password=False)
    return cli.main(["grant-customer", "--database-url", url, "--customer", customer,
                     "--outlet", outlet, *more])


def test_shared_and_foreign_customers_are_read_only_unless_granted(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    shared = add_shared_customer(ho, "AC-9001")
    bav, szx = ho.enroll("BAV001"), ho.enroll("SZX001")
    unit = customer_id(ho, "GP-SZ-001")
    results = bav.push_ok(
        update_op(bav, shared, "x"),
        update_op(bav, unit, "x"),
        update_op(bav, customer_id(ho, "AC-0001"), "x"),  # HET001's
        update_op(bav, "no-such-customer", "x"),
        update_op(bav, customer_id(ho, "AC-0002"), "own"),  # BAV001's own
    )
    assert [r["code"] for r in results] == ["not_your_customer"] * 3 + ["customer_unknown", ""]
    assert "customer_id" in results[0]["message"]
    [r] = szx.push_ok(update_op(szx, unit, "x"))  # a GP counter too, until granted
    assert r["code"] == "not_your_customer"

    assert grant(ho, "AC-9001", "BAV001") == 0
    assert grant(ho, "GP-SZ-001", "SZX001") == 0
    assert grant(ho, "GP-SZ-001", "BAV001") == 2  # a GP unit only to a GP counter
    assert grant(ho, "AC-0001", "BAV001") == 2  # HET001's own customer is not shared
    [r] = bav.push_ok(update_op(bav, shared, "协议已续签"))
    assert r["status"] == "applied", r
    [r] = szx.push_ok(update_op(szx, unit, "公务卡到期"))
    assert r["status"] == "applied", r
    with ho.db.read() as session:
        assert session.get(Customer, shared).notes == "协议已续签"  # type: ignore[union-attr]
        assert session.get(Customer, unit).notes == "公务卡到期"  # type: ignore[union-attr]
    # The changed GP unit still reaches GP counters only.
    assert [c for c in szx.pull_all() if c["key"] == unit][-1]["data"]["notes"] == "公务卡到期"
    assert not [c for c in bav.pull_all() if c["key"] == unit]

    assert grant(ho, "AC-9001", "BAV001", "--revoke") == 0
    [r] = bav.push_ok(update_op(bav, shared, "again"))
    assert r["code"] == "not_your_customer"


def billed(flight: str, number: str, customer: str | None, gp_order_no: str = "") -> dict[str, Any]:
    payload = sale(flight, [ticket(number)])
    payload["customer_id"] = customer
    if gp_order_no:
        payload["gp_order_no"] = gp_order_no
    return payload


def test_a_sale_is_billed_only_to_a_customer_the_outlet_may_bill(
    ho: HeadOfficeHarness, sales_path: str,
) -> None:
    bav = ho.enroll("BAV001")
    flight = ho.flight()
    unit = customer_id(ho, "GP-SZ-001")
    results = bav.push_ok(
        bav.op("sale.issue", billed(flight, ho.next_ticket(bav), customer_id(ho, "AC-0001"))),
        bav.op("sale.issue", billed(flight, ho.next_ticket(bav), "no-such-customer")),
        bav.op("sale.issue", billed(flight, ho.next_ticket(bav), unit, "GP2026120400001")),
        bav.op("sale.issue", billed(flight, ho.next_ticket(bav), unit)),
        bav.op("sale.issue", billed(flight, ho.next_ticket(bav), None, "GP2026120400002")),
        bav.op("sale.issue", billed(flight, ho.next_ticket(bav), customer_id(ho, "WI-0002"))),
    )
    assert [r["code"] for r in results] == [
        "not_your_customer", "customer_unknown", "gp_not_allowed", "not_your_customer",
        "gp_not_allowed", "",
    ], results
    assert results[0]["message"] == "customer_id: the customer belongs to outlet HET001"
    assert results[-1]["status"] == "applied"

    szx = ho.enroll("SZX001")
    [r] = szx.push_ok(szx.op("sale.issue", billed(flight, ho.next_ticket(szx), unit,
                                                  "GP2026120400003")))
    assert r["code"] not in SCOPING_CODES, r  # a GP counter bills a GP unit


def name_fix(one: dict[str, Any], approved_by: str) -> dict[str, Any]:
    return {"sale_id": one["sale_id"], "ticket_number": one["tickets"][0]["ticket_number"],
            "old_name": "张三", "new_name": "章三", "approved_by": approved_by,
            "code": "one_char_typo"}


def test_a_name_correction_needs_a_supervisor_of_the_outlet(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    het = ho.enroll("HET001")
    one = sale(ho.flight(), [ticket(ho.next_ticket(het))])
    [r] = het.push_ok(het.op("sale.issue", one))
    assert r["status"] == "applied", r
    results = het.push_ok(
        het.op("ticket.name", name_fix(one, "somebody")),  # made up
        het.op("ticket.name", name_fix(one, "hugang")),  # BAV001's supervisor
        het.op("ticket.name", name_fix(one, "wangli")),  # HET001's plain clerk
    )
    assert [r["code"] for r in results] == ["approval_invalid"] * 3
    assert results[1]["message"] == (
        "approved_by: 'hugang' is not an active supervisor of outlet HET001")
    with ho.db.read() as session:
        row = session.get(SaleTicket, one["tickets"][0]["ticket_number"])
        assert row is not None
        assert row.passenger_name == "张三"
    [r] = het.push_ok(het.op("ticket.name", name_fix(one, "chenhong")))  # HET001's supervisor
    assert r["status"] == "applied", r
    with ho.db.read() as session:
        row = session.get(SaleTicket, one["tickets"][0]["ticket_number"])
        assert row is not None
        assert row.passenger_name == "章三"


def test_the_loader_logs_gp_people_for_gp_counters(ho: HeadOfficeHarness) -> None:
    """What the loader wrote: GP units and officials under the GP audience, every other
    person under their outlet."""
    with ho.db.read() as session:
        units = set(session.scalars(select(Customer.id).where(Customer.kind == "gp_unit")))
        officials = set(session.scalars(select(Traveller.id)
                                        .where(Traveller.customer_id.in_(units))))
        rows = session.execute(select(EntityVersion.entity, EntityVersion.key,
                                      EntityVersion.outlet_code)
                               .where(EntityVersion.scope == Scope.PEOPLE.value,
                                      EntityVersion.entity.in_(["customer", "traveller"])))
        audience = {(r.entity, r.key): r.outlet_code for r in rows}
    gp_keys = {("customer", k) for k in units} | {("traveller", k) for k in officials}
    assert {audience[k] for k in gp_keys} == {changes.GP_AUDIENCE}
    assert changes.GP_AUDIENCE not in {v for k, v in audience.items() if k not in gp_keys}


def test_migration_0006_moves_gp_people_already_logged_to_gp_counters(
    any_ho: HeadOfficeHarness,
) -> None:
    """A head office whose log predates the GP audience (downgraded to 0005: GP people
    logged for everyone) no longer sends them to a post office counter once migrated."""
    ho = any_ho
    units = gp_unit_ids(ho)
    config = alembic_config(ho.db.engine)
    command.downgrade(config, "0005_trust")
    bav = ho.enroll("BAV001")
    assert {c["key"] for c in bav.pull_all() if c["entity"] == "customer"} >= units
    command.upgrade(config, "head")
    pulled = bav.pull_all()
    assert not [c for c in pulled if c["key"] in units]
    assert not [c for c in pulled if c["entity"] == "traveller" and c["data"]["gp_level"]]
    checksums_match_the_pull(bav, pulled)
    szx = ho.enroll("SZX001")
    assert {c["key"] for c in szx.pull_all() if c["entity"] == "customer"} >= units


def test_head_office_takes_the_approvers_the_counter_takes() -> None:
    assert set(after_sale.APPROVER_ROLES) == {str(role) for role in identity.APPROVER_ROLES}
