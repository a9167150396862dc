"""Finding a trip: connections via a hub airport and one-way or return searches."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sales_support import NOW, TODAY, Shop

from counter_app.domain.errors import DomainError
from counter_app.services.flights import search_connections, search_flights, search_trip
from counter_app.storage.models import Flight

DAY = TODAY + timedelta(days=10)


def _local(d: object, t: object) -> datetime:
    return datetime.combine(d, t)  # type: ignore[arg-type]


def test_connections_go_via_one_hub_within_the_window_sorted_by_arrival(shop: Shop) -> None:
    with shop.store.read() as session:
        found = search_connections(session, ["HET"], ["CAN", "SZX"], DAY, NOW)
    assert found
    keys = []
    for c in found:
        assert c.first.origin == "HET"
        assert c.second.destination in ("CAN", "SZX")
        assert c.first.destination == c.second.origin == c.hub
        assert c.hub not in ("HET", "CAN", "SZX")
        wait = _local(c.second.dep_date, c.second.dep_time) - _local(
            c.first.arr_date, c.first.arr_time)
        assert timedelta(minutes=60) <= wait <= timedelta(hours=6)
        assert c.connect_minutes == wait / timedelta(minutes=1)
        assert c.total_minutes == (c.arrival - c.departure) / timedelta(minutes=1)
        keys.append((c.arrival, c.total_minutes))
    assert keys == sorted(keys)
    assert len(found) <= 30


def test_the_connection_window_and_limit_are_honoured(shop: Shop) -> None:
    with shop.store.read() as session:
        wide = search_connections(session, ["HET"], ["CAN"], DAY, NOW,
                                  max_connect=timedelta(hours=12), limit=100)
        tight = search_connections(session, ["HET"], ["CAN"], DAY, NOW,
                                   min_connect=timedelta(hours=2), max_connect=timedelta(hours=3))
        two = search_connections(session, ["HET"], ["CAN"], DAY, NOW,
                                 max_connect=timedelta(hours=12), limit=2)
        with pytest.raises(DomainError) as caught:
            search_connections(session, ["HET"], ["CAN"], DAY, NOW,
                               min_connect=timedelta(hours=3), max_connect=timedelta(hours=1))
    assert caught.value.code == "connect_window"
    assert all(120 <= c.connect_minutes <= 180 for c in tight)
    assert {c.flight_ids for c in tight} <= {c.flight_ids for c in wide}
    assert [c.flight_ids for c in two] == [c.flight_ids for c in wide[:2]]


def test_connections_carry_seats_and_fares_like_direct_offers(shop: Shop) -> None:
    with shop.store.read() as session:
        hop_flight = session.get(Flight, shop.flight("hop"))
        assert hop_flight is not None
        found = search_connections(session, ["HET"], [hop_flight.destination], DAY, NOW,
                                   limit=100)
    hop = [c for c in found if c.flight_ids == (shop.flight("out"), shop.flight("hop"))]
    assert hop, "the fixture's connection is found"
    assert hop[0].hub == "PEK"
    assert hop[0].first.offline_seats.get("Y") == 9
    assert hop[0].second.offline_seats.get("Y") == 9
    assert hop[0].first.classes
    assert hop[0].second.classes


def test_return_search_is_a_second_search_back_on_the_return_date(shop: Shop) -> None:
    back_day = DAY + timedelta(days=3)
    with shop.store.read() as session:
        trip = search_trip(session, ["HET"], ["PEK"], DAY, NOW, return_day=back_day)
        one_way = search_trip(session, ["HET"], ["PEK"], DAY, NOW, connections=False)
        direct = search_flights(session, ["HET"], ["PEK"], DAY, NOW)
        with pytest.raises(DomainError) as caught:
            search_trip(session, ["HET"], ["PEK"], DAY, NOW, return_day=DAY - timedelta(days=1))
    assert caught.value.code == "return_before_outbound"
    assert caught.value.field == "return_date"
    assert trip.is_return
    assert not one_way.is_return
    assert [o.flight_id for o in trip.outbound.direct] == [o.flight_id for o in direct]
    assert trip.inbound is not None
    assert trip.inbound.day == back_day
    assert {o.origin for o in trip.inbound.direct} == {"PEK"}
    assert {o.destination for o in trip.inbound.direct} == {"HET"}
    assert shop.flight("back") in {o.flight_id for o in trip.inbound.direct}
    assert one_way.outbound.connections == ()
