"""Flight search from the local cache, on the demo schedule built for the suite's TODAY."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clock_support import NOON_BEIJING, NOW, TODAY, days
from counter_app.domain.errors import DomainError
from counter_app.services.flights import FlightOffer, search_flights, short_airport_name
from counter_app.storage.db import Store
from counter_app.storage.models import CabinInventory

DATA = Path(__file__).resolve().parents[2] / "resources" / "data"
DAY = days(2)
BEIJING = ("PEK", "PKX")


@pytest.fixture
def session(populated_store: Store) -> Iterator[Session]:
    with populated_store.read() as s:
        yield s


def _patterns() -> dict[str, dict[str, Any]]:
    flights = json.loads((DATA / "schedule.json").read_text(encoding="utf-8"))["flights"]
    return {p["flight_no"]: p for p in flights}


def _round_to_ten(amount: Decimal) -> Decimal:
    return (amount / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10


def _search(session: Session, origins: tuple[str, ...], day: date = DAY,
            now: datetime = NOW, destinations: tuple[str, ...] = ("SZX",)) -> list[FlightOffer]:
    return search_flights(session, origins, destinations, day, now)


def _error(session: Session, origins: tuple[str, ...], destinations: tuple[str, ...],
           day: date = DAY, now: datetime = NOW) -> DomainError:
    with pytest.raises(DomainError) as caught:
        search_flights(session, origins, destinations, day, now)
    return caught.value


def test_pek_to_szx(session: Session) -> None:
    offers = _search(session, ("PEK",))
    assert len(offers) >= 4
    times = [(o.dep_date, o.dep_time) for o in offers]
    assert times == sorted(times)
    for o in offers:
        assert (o.origin, o.destination, o.dep_date) == ("PEK", "SZX", DAY)
        assert o.origin_name == "北京首都国际机场"
        assert o.origin_short == "首都"
        assert o.destination_short == "宝安"
        assert not o.departed
        assert o.duration_minutes > 0
        assert o.classes
        for c in o.classes:
            assert c.fare > 0
            assert c.fare % 10 == 0
            assert c.seats >= 0
        assert o.lowest is None or o.lowest.fare == min(c.fare for c in o.classes if c.seats)


def test_city_search_is_the_union_of_its_airports(session: Session) -> None:
    by_airport = {code: _search(session, (code,)) for code in BEIJING}
    assert by_airport["PEK"]
    assert by_airport["PKX"]
    city = _search(session, BEIJING)
    assert {o.flight_id for o in city} == {
        o.flight_id for offers in by_airport.values() for o in offers
    }
    assert len(city) == sum(len(v) for v in by_airport.values())
    assert {o.origin for o in city} == set(BEIJING)
    assert [o.dep_time for o in city] == sorted(o.dep_time for o in city)


def test_a_day_in_the_past_is_refused(session: Session) -> None:
    error = _error(session, ("PEK",), ("SZX",), day=days(-1))
    assert error.code == "date_in_past"
    assert error.field == "date"


def test_today_is_the_local_date_not_the_utc_date(session: Session) -> None:
    # 17:00 UTC the day before is already 01:00 on TODAY in Beijing: yesterday is past.
    late_utc = datetime.combine(days(-1), time(17, 0), tzinfo=UTC)
    assert _error(session, ("PEK",), ("SZX",), days(-1), late_utc).code == (
        "date_in_past"
    )
    assert _search(session, ("PEK",), TODAY, late_utc)


def test_too_far_ahead_is_refused(session: Session) -> None:
    error = _error(session, ("PEK",), ("SZX",), day=days(366))
    assert error.code == "date_too_far"
    assert error.field == "date"


@pytest.mark.parametrize(
    ("origins", "destinations"),
    [(("PEK",), ("PEK",)), (BEIJING, ("PKX",)), (("SZX", "PEK"), ("PEK", "PKX"))],
)
def test_same_city_is_refused(
    session: Session, origins: tuple[str, ...], destinations: tuple[str, ...]
) -> None:
    assert _error(session, origins, destinations).code == "same_city"


def test_missing_places_are_refused(session: Session) -> None:
    error = _error(session, (), ("SZX",))
    assert (error.code, error.field) == ("city_required", "origin")
    error = _error(session, ("PEK",), ())
    assert (error.code, error.field) == ("city_required", "destination")


def test_a_route_without_flights_is_empty(session: Session) -> None:
    assert _search(session, ("XIL",), destinations=("SYX",)) == []


def test_flights_already_gone_are_marked_departed(session: Session) -> None:
    today = TODAY
    noon = NOON_BEIJING + timedelta(minutes=20)  # 12:20 in Beijing
    offers = _search(session, ("PEK",), today, noon)
    assert offers
    for o in offers:
        assert o.departed == (o.dep_time <= time(12, 20)), o.flight_no
    assert any(o.departed for o in offers)
    assert any(not o.departed for o in offers)
    # The same flights searched in the morning have not left.
    assert not any(o.departed for o in _search(session, ("PEK",), today, NOW - (noon - NOW)))


def test_closed_classes_show_no_seats_and_open_ones_show_what_is_left(
    session: Session,
) -> None:
    offers = [o for day in (TODAY, days(1), DAY)
              for o in _search(session, BEIJING, day)]
    rows = session.scalars(
        select(CabinInventory).where(CabinInventory.flight_id.in_([o.flight_id for o in offers]))
    )
    inventory = {(c.flight_id, c.cabin): c for c in rows}
    closed_seen = 0
    for o in offers:
        for c in o.classes:
            inv = inventory[(o.flight_id, c.cabin.value)]
            if c.code in inv.closed_classes:
                assert c.seats == 0
                closed_seen += 1
            else:
                assert c.seats == max(0, inv.capacity - inv.sold)
    assert closed_seen > 0, "the demo schedule closes low classes on nearly full flights"


def test_class_fares_are_the_cabin_full_fare_times_percent_rounded_to_ten(
    session: Session,
) -> None:
    patterns = _patterns()
    offers = _search(session, BEIJING)
    rounded_up_or_down = 0
    for o in offers:
        fares = patterns[o.flight_no]["fares"]
        capacity = patterns[o.flight_no]["capacity"]
        by_code = {c.code: c for c in o.classes}
        assert by_code["Y"].fare == Decimal(fares["Y"])
        for c in o.classes:
            full = Decimal(fares[c.cabin.value])
            exact = full * c.percent / 100
            assert c.fare == _round_to_ten(exact), (o.flight_no, c.code)
            rounded_up_or_down += exact != c.fare
        # Cabins the aircraft does not have, or without a filed fare, offer no classes.
        cabins = {c.cabin.value for c in o.classes}
        assert cabins == {k for k, seats in capacity.items() if seats and fares.get(k)}
    assert rounded_up_or_down > 0  # e.g. 1950 × 55% = 1072.5 → 1070


def test_short_airport_name() -> None:
    assert short_airport_name("北京大兴国际机场", "北京") == "大兴"
    assert short_airport_name("北京首都国际机场", "北京") == "首都"
    assert short_airport_name("呼和浩特白塔国际机场", "呼和浩特") == "白塔"
    assert short_airport_name("包头东河机场", "包头") == "东河"
