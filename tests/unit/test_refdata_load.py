"""Loading the bundled reference data, the demo schedule and the demo people into a fresh
local store, and loading them again (which must change nothing)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clock_support import TODAY  # conftest.DEMO_TODAY, the template's day
from counter_app.kernel.passwords import verify_password
from counter_app.storage.db import Store, open_store
from counter_app.storage.demo import load_demo_people
from counter_app.storage.models import (
    Airline,
    Airport,
    CabinInventory,
    Clerk,
    Customer,
    Flight,
    Outlet,
    RuleDocument,
    SeatLayout,
    Traveller,
)
from counter_app.storage.refdata import ensure_demo_schedule, load_reference_data

DATA = Path(__file__).resolve().parents[2] / "resources" / "data"
RULE_DOCUMENTS = ("fare_classes", "taxes", "fee_rules", "commissions")


def _json(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


@dataclass
class Loaded:
    store: Store
    reference_first: dict[str, int]
    reference_second: dict[str, int]
    schedule_first: int
    schedule_second: int
    people_first: bool
    people_second: bool


@pytest.fixture(scope="module")
def loaded(
    populated_template: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    """The session's template was a fresh store filled once by the loaders (their first
    answers are kept); a copy of it is loaded again here, each load in its own unit."""
    store = open_store(populated_template.copy_to(tmp_path_factory.mktemp("refdata")))
    try:
        with store.unit_of_work() as s:
            reference_second = load_reference_data(s)
        with store.unit_of_work() as s:
            schedule_second = ensure_demo_schedule(s, today=TODAY)
        with store.unit_of_work() as s:
            people_second = load_demo_people(s)
        yield Loaded(store, populated_template.reference, reference_second,
                     populated_template.schedule, schedule_second, populated_template.people,
                     people_second)
    finally:
        store.close()


# --- reference data -----------------------------------------------------------------------


def test_reference_counts_match_the_files(loaded: Loaded) -> None:
    expected = {
        "airports": len(_json("airports")["airports"]),
        "airlines": len(_json("airlines")["airlines"]),
        "aircraft": len(_json("aircraft")["layouts"]),
    }
    assert loaded.reference_first == {**expected, **dict.fromkeys(RULE_DOCUMENTS, 1)}
    with loaded.store.read() as s:
        assert _count(s, Airport) == expected["airports"]
        assert _count(s, Airline) == expected["airlines"]
        assert _count(s, SeatLayout) == expected["aircraft"]
        assert set(s.scalars(select(RuleDocument.name))) == set(RULE_DOCUMENTS)
        a321 = s.get(SeatLayout, "CA-A321")  # the whole record, wings and galleys included
        assert a321 is not None
        assert a321.definition == next(lay for lay in _json("aircraft")["layouts"]
                                       if lay["id"] == "CA-A321")
        het = s.get(Airport, "HET")
        assert het is not None
        assert het.city_zh == "呼和浩特"


def test_second_reference_load_loads_nothing(loaded: Loaded) -> None:
    assert loaded.reference_second == {}
    with loaded.store.read() as s:
        assert _count(s, Airport) == len(_json("airports")["airports"])


# --- demo schedule ------------------------------------------------------------------------


def _expected_flights(first_day: date, days: int) -> Counter[date]:
    patterns = _json("schedule")["flights"]
    per_day: Counter[date] = Counter()
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        per_day[day] = sum(1 for p in patterns if str(day.isoweekday()) in p["days"])
    return per_day


def test_schedule_covers_three_days_back_and_62_ahead(loaded: Loaded) -> None:
    first_day = TODAY - timedelta(days=3)
    expected = _expected_flights(first_day, 65)
    assert loaded.schedule_first == sum(expected.values())
    with loaded.store.read() as s:
        per_day = Counter(s.scalars(select(Flight.dep_date)))
    assert len(per_day) == 65
    assert min(per_day) == first_day
    assert max(per_day) == TODAY + timedelta(days=61)
    assert per_day == expected


def test_second_schedule_call_creates_nothing(loaded: Loaded) -> None:
    assert loaded.schedule_second == 0


def test_every_flight_has_its_cabins(loaded: Loaded) -> None:
    patterns = {p["flight_no"]: p for p in _json("schedule")["flights"]}
    with loaded.store.read() as s:
        cabins: dict[str, set[str]] = {}
        for flight_id, cabin in s.execute(select(CabinInventory.flight_id, CabinInventory.cabin)):
            cabins.setdefault(flight_id, set()).add(cabin)
        flights = s.execute(select(Flight.id, Flight.flight_no)).all()
        oversold = s.scalar(
            select(func.count())
            .select_from(CabinInventory)
            .where((CabinInventory.sold < 0) | (CabinInventory.sold > CabinInventory.capacity))
        )
    assert oversold == 0
    assert flights
    for flight_id, flight_no in flights:
        expected = {c for c, seats in patterns[flight_no]["capacity"].items() if seats}
        assert cabins.get(flight_id) == expected, flight_no
        assert "Y" in expected


def test_next_day_adds_only_the_new_last_day(loaded: Loaded) -> None:
    with loaded.store.read() as s:
        before = _count(s, Flight)
    tomorrow = TODAY + timedelta(days=1)
    new_day = tomorrow + timedelta(days=61)
    with loaded.store.unit_of_work() as s:
        created = ensure_demo_schedule(s, today=tomorrow)
        s.rollback()  # keep the shared store as the other tests expect it
    assert created == _expected_flights(new_day, 1)[new_day]
    with loaded.store.read() as s:
        assert _count(s, Flight) == before


# --- demo people --------------------------------------------------------------------------


def test_demo_people_loaded_once(loaded: Loaded) -> None:
    assert loaded.people_first is True
    assert loaded.people_second is False
    demo = _json("demo")
    with loaded.store.read() as s:
        assert _count(s, Outlet) == len(demo["outlets"])
        assert _count(s, Clerk) == len(demo["clerks"])


def test_every_clerk_has_an_argon2_hash_not_the_password(loaded: Loaded) -> None:
    clerks = _json("demo")["clerks"]
    with loaded.store.read() as s:
        stored = {c.login: c for c in s.scalars(select(Clerk))}
        assert set(stored) == {c["login"] for c in clerks}
        for c in clerks:
            clerk = stored[c["login"]]
            assert clerk.password_hash.startswith("$argon2id$")
            assert c["password"] not in clerk.password_hash
            assert clerk.role == c["role"]
            assert clerk.outlet_code == c["outlet"]
            assert clerk.failed_attempts == 0
            assert clerk.locked_until is None
            assert clerk.active
        # argon2 checks cost ~0.2 s each: check one clerk and one supervisor thoroughly.
        for login, password in (("wangli", "demo1234"), ("chenhong", "super1234")):
            assert verify_password(stored[login].password_hash, password)
            assert not verify_password(stored[login].password_hash, password + "x")
        assert len({c.password_hash for c in stored.values()}) == len(stored)  # salted


def test_customers_of_every_kind(loaded: Loaded) -> None:
    demo = _json("demo")
    expected = Counter(c["kind"] for c in demo["customers"])
    expected["gp_unit"] = len(demo["gp_units"])
    expected["distributor"] = len(demo["distributors"])
    with loaded.store.read() as s:
        kinds = Counter(s.scalars(select(Customer.kind)))
        assert kinds == expected
        assert set(kinds) == {"walk_in", "agreement", "gp_unit", "distributor"}
        travellers = _count(s, Traveller)
    assert travellers == sum(len(c.get("travellers", [])) for c in demo["customers"]) + sum(
        len(u["officials"]) for u in demo["gp_units"]
    )


def test_gp_officials_of_every_level(loaded: Loaded) -> None:
    with loaded.store.read() as s:
        levels = set(
            s.scalars(
                select(Traveller.gp_level)
                .join(Customer, Traveller.customer_id == Customer.id)
                .where(Customer.kind == "gp_unit")
            )
        )
        others = set(
            s.scalars(
                select(Traveller.gp_level)
                .join(Customer, Traveller.customer_id == Customer.id)
                .where(Customer.kind != "gp_unit")
            )
        )
    assert levels == {"V1", "V2", "V3", "V4", "V5"}
    assert others == {None}
