"""GP units listed and created by head office's staff (``GET /staff/units``, ``POST
/staff/units/new``) over real HTTP: the search by name or code with the officials' count, a
new unit checked like an edit of one, its code unique, and the new unit pulled by the GP
counters only; a counter without a staff login is refused."""

from __future__ import annotations

from typing import Any

import pytest
from ho_support import HeadOfficeHarness
from inbox_support import logged_in
from sqlalchemy import func, select

from counter_app.headoffice.models import Customer, Traveller

NEW: dict[str, Any] = {
    "code": "gp-sz-900", "name_zh": "深圳市审计局", "contact_name": "王秘书",
    "contact_phone": "0755-88886666", "account_manager": "陈经理", "bureau": "市委",
    "gov_level": "municipal"}


@pytest.fixture
def ho(any_ho: HeadOfficeHarness) -> HeadOfficeHarness:
    """On SQLite and on PostgreSQL (the search's lower/like, the count's join)."""
    return any_ho


def test_units_are_listed_with_their_officials_and_searched(ho: HeadOfficeHarness) -> None:
    staff = logged_in(ho)
    r = staff.get("/api/v1/staff/units")
    assert r.status_code == 200, r.text
    every = r.json()
    with ho.db.read() as session:
        wanted = session.scalar(select(func.count()).select_from(Customer)
                                .where(Customer.kind == "gp_unit"))
        unit = session.scalars(select(Customer).where(Customer.code == "GP-SZ-001")).one()
        officials = session.scalar(select(func.count()).select_from(Traveller)
                                   .where(Traveller.customer_id == unit.id))
    assert wanted
    assert len(every) == wanted
    assert [u["code"] for u in every] == sorted(u["code"] for u in every)
    first = next(u for u in every if u["code"] == "GP-SZ-001")
    assert first["customer_id"] == unit.id
    assert first["name_zh"] == unit.name_zh
    assert officials
    assert first["officials"] == officials
    part = unit.name_zh[1:4]
    found = staff.get("/api/v1/staff/units", q=part).json()
    assert unit.id in {u["customer_id"] for u in found}
    assert all(part in u["name_zh"] or part.lower() in u["code"].lower() for u in found)
    by_code = staff.get("/api/v1/staff/units", q="gp-sz-001").json()
    assert [u["code"] for u in by_code] == ["GP-SZ-001"]
    assert staff.get("/api/v1/staff/units", q="没有这个单位").json() == []


def test_a_new_unit_is_checked_unique_and_pulled_by_gp_counters(ho: HeadOfficeHarness) -> None:
    gp = ho.enroll("SZX001")
    plain = ho.enroll("HET001")
    staff = logged_in(ho)
    r = staff.post("/api/v1/staff/units/new", NEW)
    assert r.status_code == 200, r.text
    unit = r.json()
    assert unit["code"] == "GP-SZ-900"
    assert {k: unit[k] for k in NEW if k != "code"} == {k: v for k, v in NEW.items()
                                                        if k != "code"}
    assert unit["officials"] == 0
    with ho.db.read() as session:
        row = session.get(Customer, unit["customer_id"])
        assert row is not None
        assert (row.kind, row.outlet_code, row.version) == ("gp_unit", None, 1)
        assert row.name_pinyin
        assert row.attributes["gov_level"] == "municipal"
    listed = staff.get("/api/v1/staff/units", q="审计").json()
    assert [u["customer_id"] for u in listed] == [unit["customer_id"]]

    pulled = [c["data"] for c in gp.pull_all()
              if c["entity"] == "customer" and c["key"] == unit["customer_id"]]
    assert pulled
    assert pulled[-1]["name_zh"] == "深圳市审计局"
    assert pulled[-1]["attributes"]["account_manager"] == "陈经理"
    assert pulled[-1]["contact_name"] == "王秘书"
    assert not [c for c in plain.pull_all() if c["key"] == unit["customer_id"]]

    again = staff.post("/api/v1/staff/units/new", {**NEW, "name_zh": "别的单位"})
    assert (again.status_code, again.json()["code"]) == (409, "customer_code_taken")
    taken = staff.post("/api/v1/staff/units/new", {**NEW, "code": "AC-0001"})
    assert (taken.status_code, taken.json()["code"]) == (409, "customer_code_taken")


@pytest.mark.parametrize("changes", [
    {"gov_level": "galactic"}, {"name_zh": "  "}, {"code": "空 格"}, {"code": ""},
    {"contact_name": "x" * 33}, {"bureau": "局\x07"},
])
def test_a_bad_field_is_refused_and_nothing_is_written(ho: HeadOfficeHarness,
                                                       changes: dict[str, Any]) -> None:
    staff = logged_in(ho)
    r = staff.post("/api/v1/staff/units/new", {**NEW, **changes})
    assert r.status_code == 422, r.text
    assert r.json()["code"] in ("invalid_payload", "invalid_request"), r.text
    with ho.db.read() as session:
        assert session.scalar(select(Customer.id).where(Customer.code == "GP-SZ-900")) is None


def test_only_a_head_office_login_lists_or_creates(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    listed = counter.get("/api/v1/staff/units")
    assert (listed.status_code, listed.json()["code"]) == (401, "staff_login_required")
    made = counter.post("/api/v1/staff/units/new", NEW)
    assert (made.status_code, made.json()["code"]) == (401, "staff_login_required")
    with ho.db.read() as session:
        assert session.scalar(select(Customer.id).where(Customer.code == "GP-SZ-900")) is None
