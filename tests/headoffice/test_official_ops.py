"""GP officials saved as ``gp_official.save`` ops and by head office's staff, over real HTTP
to a real head office: head office trusts no counter (the unit, the clerk's role as it knows
it, every field), merges field by field, tells the counter whose edit lost, and gives the
official with its preferences to the GP counters through the pull."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ho_support import CounterClient, HeadOfficeHarness
from inbox_support import logged_in
from sqlalchemy import select

from counter_app.headoffice.models import Customer, CustomerGrant, MergeConflict, Traveller
from counter_app.kernel.ids import new_id
from counter_app.storage.db import open_store
from counter_app.storage.models import Traveller as LocalTraveller
from counter_app.sync import protocol
from counter_app.sync.pull import apply_page, customer_base

GP_OUTLET = "SZX001"
CLERK, DIRECTOR = "linxiaoyu", "huangwei"
KIND = "gp_official.save"
NEW = {"name": "张建国", "id_type": "NI", "id_number": "11010519491231002X",
       "mobile": "13811112222", "gp_level": "V4", "title_zh": "处长", "seat_pref": "window",
       "meal_pref": "vegetarian", "companions": [{"name": "李秘书", "title": "秘书"}],
       "notes": "需轮椅"}


@pytest.fixture
def ho(any_ho: HeadOfficeHarness) -> HeadOfficeHarness:
    """Every test on SQLite and on PostgreSQL (row locks, JSON columns)."""
    return any_ho


def unit_id(ho: HeadOfficeHarness, code: str = "GP-SZ-001") -> str:
    with ho.db.read() as session:
        return session.scalars(select(Customer.id).where(Customer.code == code)).one()


def official(ho: HeadOfficeHarness, official_id: str) -> Traveller | None:
    with ho.db.read() as session:
        return session.get(Traveller, official_id)


def save(counter: CounterClient, clerk: str, unit: str, changes: dict[str, Any],
         official_id: str | None = None, base: dict[str, Any] | None = None,
         base_version: int = 0) -> dict[str, Any]:
    payload: dict[str, Any] = {"official_id": official_id or new_id(), "customer_id": unit,
                               "base_version": base_version, "base": base or {},
                               "changes": changes}
    [result] = counter.push_ok(counter.op(KIND, payload, clerk=clerk))
    result["official_id"] = payload["official_id"]
    return result


def test_a_new_official_needs_a_director(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    refused = save(counter, CLERK, unit, NEW)
    assert (refused["status"], refused["code"]) == ("rejected", "gp_level_needs_director")
    assert official(ho, refused["official_id"]) is None
    done = save(counter, DIRECTOR, unit, NEW)
    assert done["status"] == "applied", done
    assert done["result"]["version"] == 1
    row = official(ho, done["official_id"])
    assert row is not None
    assert (row.customer_id, row.name, row.gp_level, row.version) == (unit, "张建国", "V4", 1)
    assert row.birth_date is not None
    assert row.attributes["companions"] == [{"name": "李秘书", "title": "秘书"}]
    assert row.field_versions["meal_pref"] == 1


def test_a_clerk_edits_an_official_but_not_its_level(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    created = save(counter, DIRECTOR, unit, NEW)["official_id"]
    edit = save(counter, CLERK, unit, {"mobile": "13900001111"}, created,
                base={"mobile": "13811112222"}, base_version=1)
    assert edit["status"] == "applied", edit
    assert edit["result"]["applied"] == ["mobile"]
    level = save(counter, CLERK, unit, {"gp_level": "V5"}, created, base={"gp_level": "V4"},
                 base_version=2)
    assert (level["status"], level["code"]) == ("rejected", "gp_level_needs_director")
    row = official(ho, created)
    assert row is not None
    assert (row.gp_level, row.mobile, row.version) == ("V4", "13900001111", 2)
    up = save(counter, DIRECTOR, unit, {"gp_level": "V5"}, created, base={"gp_level": "V4"},
              base_version=2)
    assert up["status"] == "applied", up
    row = official(ho, created)
    assert row is not None
    assert (row.gp_level, row.version, row.field_versions["gp_level"]) == ("V5", 3, 3)


def test_head_office_checks_every_field(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"id_number": "110105194912310021"}, "id_check"),
        ({"mobile": "12345"}, "mobile_format"),
        ({"meal_pref": "steak"}, "request_field_choice"),
        ({"companions": [{"name": " ", "title": "秘书"}]}, "request_person_name"),
        ({"gp_level": None}, "request_field_required")]
    for changes, code in cases:
        result = save(counter, DIRECTOR, unit, {**NEW, **changes})
        assert (result["status"], result["code"]) == ("rejected", code), changes
    nine = save(counter, DIRECTOR, unit, {**NEW, "companions": [{"name": f"随员{i}"}
                                                                 for i in range(9)]})
    assert (nine["status"], nine["code"]) == ("rejected", "invalid_payload")


def test_a_field_both_sides_changed_keeps_head_offices_value(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    created = save(counter, DIRECTOR, unit, NEW)["official_id"]
    staff = logged_in(ho)
    r = staff.post("/api/v1/staff/officials", {
        "official_id": created, "customer_id": unit, "base_version": 1,
        "base": {"mobile": "13811112222"}, "changes": {"mobile": "13700000000"}})
    assert r.status_code == 200, r.text
    assert (r.json()["mobile"], r.json()["version"]) == ("13700000000", 2)
    # The counter, still at version 1, changes the mobile and the seat.
    edit = save(counter, CLERK, unit, {"mobile": "13900001111", "seat_pref": "aisle"},
                created, base={"mobile": "13811112222", "seat_pref": "window"},
                base_version=1)
    assert edit["status"] == "applied", edit
    assert (edit["result"]["applied"], edit["result"]["conflicts"]) == (
        ["seat_pref"], ["mobile"])
    row = official(ho, created)
    assert row is not None
    assert (row.mobile, row.attributes["seat_pref"], row.version) == ("13700000000",
                                                                      "aisle", 3)
    with ho.db.read() as session:
        conflict = session.scalars(select(MergeConflict)).one()
        assert (conflict.field, conflict.counter_value, conflict.server_value) == (
            "official.mobile", "13900001111", "13700000000")
    mine = [c for c in counter.pull_all() if c["entity"] == "conflict"]
    assert [c["data"]["official_id"] for c in mine] == [created]
    assert mine[0]["data"]["field"] == "official.mobile"
    # Head office's staff win over a counter's change since their base.
    r = staff.post("/api/v1/staff/officials", {
        "official_id": created, "customer_id": unit, "base_version": 1,
        "base": {"seat_pref": "window"}, "changes": {"seat_pref": "front"}})
    assert r.status_code == 200, r.text
    assert (r.json()["seat_pref"], r.json()["applied"]) == ("front", ["seat_pref"])


def test_another_outlet_or_unit_is_refused(ho: HeadOfficeHarness) -> None:
    gp = ho.enroll(GP_OUTLET)
    post = ho.enroll("HET001")
    unit = unit_id(ho)
    result = save(post, "chenhong", unit, NEW)
    assert (result["status"], result["code"]) == ("rejected", "gp_not_allowed")
    with ho.db.write() as session:
        # An agreement customer of the GP counter's own outlet: it may bill it, but a
        # customer that is no GP unit has no officials.
        agreement = session.scalars(select(Customer).where(Customer.code == "AC-0001")).one()
        agreement.outlet_code = GP_OUTLET
        agreement_id = agreement.id
        theirs = session.scalars(select(Traveller.id).where(
            Traveller.customer_id == unit_id(ho, "GP-SZ-002"))).first()
    assert theirs is not None
    result = save(gp, DIRECTOR, agreement_id, NEW)
    assert (result["status"], result["code"]) == ("rejected", "customer_not_gp_unit")
    result = save(gp, DIRECTOR, unit, {"mobile": "13900001111"}, theirs, base_version=1)
    assert (result["status"], result["code"]) == ("rejected", "official_unknown")
    result = save(gp, DIRECTOR, new_id(), NEW)
    assert (result["status"], result["code"]) == ("rejected", "customer_unknown")


def test_the_pull_carries_the_official_to_the_gp_counter(ho: HeadOfficeHarness,
                                                         tmp_path: Path) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    created = save(counter, DIRECTOR, unit, NEW)["official_id"]
    changes = counter.pull_all()
    mine = [c for c in changes if c["entity"] == "traveller" and c["key"] == created]
    assert mine[-1]["data"]["attributes"]["meal_pref"] == "vegetarian"
    assert mine[-1]["data"]["version"] == 1
    # A post office's counter does not see GP officials.
    post = ho.enroll("HET001")
    assert not [c for c in post.pull_all() if c["key"] == created]
    # The counter's own pull code lands it in its store with preferences and version.
    store = open_store(tmp_path / "counter.sqlite3")
    try:
        with store.unit_of_work() as session:
            apply_page(session, [protocol.Change.model_validate(c) for c in changes],
                       changes[-1]["seq"])
        with store.read() as session:
            row = session.get(LocalTraveller, created)
            assert row is not None
            assert (row.name, row.gp_level, row.version) == ("张建国", "V4", 1)
            assert row.attributes["companions"] == [{"name": "李秘书", "title": "秘书"}]
            assert row.attributes["seat_pref"] == "window"
    finally:
        store.close()


def test_staff_list_a_units_officials_with_their_entitlements(ho: HeadOfficeHarness) -> None:
    unit = unit_id(ho)
    staff = logged_in(ho)
    r = staff.get("/api/v1/staff/officials", customer_id=unit)
    assert r.status_code == 200, r.text
    by_name = {o["name"]: o for o in r.json()}
    assert by_name["陈志远"]["gp_level"] == "V5"
    assert "vip" in by_name["陈志远"]["entitlements"]
    assert "meal_preorder" not in by_name["黄晓敏"]["entitlements"]
    assert staff.get("/api/v1/staff/officials", customer_id=new_id()).json()["code"] == (
        "customer_unknown")
    # Without the staff token, the counter's token alone is not enough.
    r = staff.counter.get("/api/v1/staff/officials", params={"customer_id": unit})
    assert (r.status_code, r.json()["code"]) == (401, "staff_login_required")
    r = staff.post("/api/v1/staff/officials", {
        "official_id": new_id(), "customer_id": unit, "changes": {**NEW, "mobile": "123"}})
    assert (r.status_code, r.json()["code"]) == (422, "mobile_format")
    r = staff.post("/api/v1/staff/officials", {
        "official_id": new_id(), "customer_id": unit, "changes": NEW})
    assert r.status_code == 200, r.text
    assert r.json()["version"] == 1
    assert "cip" in r.json()["entitlements"]


def test_a_units_account_manager_and_level_of_government_merge_like_its_other_fields(
        ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    update = {"customer_id": unit, "base_version": 1,
              "base": {"account_manager": "", "gov_level": ""},
              "changes": {"account_manager": "陈经理", "gov_level": "municipal"}}
    # A shared GP unit is changed only by an outlet head office granted it.
    [refused] = counter.push_ok(counter.op("customer.update", update))
    assert (refused["status"], refused["code"]) == ("rejected", "not_your_customer")
    with ho.db.write() as session:
        session.add(CustomerGrant(customer_id=unit, outlet_code=GP_OUTLET,
                                  granted_at=ho.clock.now().replace(tzinfo=None)))
    [done] = counter.push_ok(counter.op("customer.update", update))
    assert done["status"] == "applied", done
    assert sorted(done["result"]["applied"]) == ["account_manager", "gov_level"]
    bad = {**update, "base_version": 2, "base": {"gov_level": "municipal"},
           "changes": {"gov_level": "galactic"}}
    [refused] = counter.push_ok(counter.op("customer.update", bad))
    assert (refused["status"], refused["code"]) == ("rejected", "invalid_payload")
    with ho.db.read() as session:
        row = session.get(Customer, unit)
        assert row is not None
        assert row.attributes["account_manager"] == "陈经理"
        assert row.field_versions["gov_level"] == row.version
    pulled = [c["data"] for c in counter.pull_all()
              if c["entity"] == "customer" and c["key"] == unit]
    assert pulled[-1]["attributes"]["gov_level"] == "municipal"
    assert customer_base(pulled[-1])["account_manager"] == "陈经理"


def test_head_office_staff_change_a_units_fields(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll(GP_OUTLET)
    unit = unit_id(ho)
    staff = logged_in(ho)
    body = {"customer_id": unit, "base_version": 1, "base": {},
            "changes": {"contact_name": "秘书处王强", "account_manager": "陈经理",
                        "bureau": "市委", "gov_level": "municipal"}}
    r = staff.post("/api/v1/staff/units", body)
    assert r.status_code == 200, r.text
    assert r.json()["contact_name"] == "秘书处王强"
    assert r.json()["attributes"]["account_manager"] == "陈经理"
    assert sorted(r.json()["applied"]) == ["account_manager", "bureau", "contact_name",
                                           "gov_level"]
    pulled = [c["data"] for c in counter.pull_all()
              if c["entity"] == "customer" and c["key"] == unit]
    assert pulled[-1]["attributes"]["bureau"] == "市委"
    bad = staff.post("/api/v1/staff/units", {**body, "changes": {"gov_level": "galactic"}})
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_payload")
    with ho.db.read() as session:
        agreement = session.scalars(select(Customer.id).where(
            Customer.code == "AC-0001")).one()
    other = staff.post("/api/v1/staff/units", {**body, "customer_id": agreement})
    assert (other.status_code, other.json()["code"]) == (422, "customer_not_gp_unit")
    gone = staff.post("/api/v1/staff/units", {**body, "customer_id": new_id()})
    assert (gone.status_code, gone.json()["code"]) == (404, "customer_unknown")
