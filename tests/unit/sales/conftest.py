"""Fixtures of the counter-sale service tests: the populated demo store as the HET001
counter holds it after a sync (leases on the flights sold, ticket ranges per prefix)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sales_support import NOW, TODAY, Shop, find_flight
from sqlalchemy import select, update

from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.db import Store
from counter_app.storage.models import (
    Airline,
    CabinInventory,
    Clerk,
    Flight,
    Lease,
    NumberRange,
)

TICKET_FIRST = 2_090_000_000


@pytest.fixture
def shop(populated_store: Store) -> Shop:
    """Leases of 9 Y seats (and 4 F seats on ``out``) valid 40 days on:

    * ``out``: CA1144 HET→PEK 12:10, ten days out; ``back``: CA1143 PEK→HET three days later;
    * ``hop``: the first PEK departure at least an hour after ``out`` lands (a connection);
    * ``later``: CA1144 the day after ``out`` (a change of date);
    * ``tomorrow``: CA1144 tomorrow (fee windows near departure).
    """
    store = populated_store
    day = TODAY + timedelta(days=10)
    with store.unit_of_work() as session:
        clerk = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
        out = find_flight(session, "CA1144", day)
        hop = session.scalars(
            select(Flight)
            .where(Flight.origin == "PEK", Flight.dep_date == day,
                   Flight.destination.not_in(["HET", "PKX", "NAY"]), Flight.carrier == "CA")
            .order_by(Flight.dep_time)
        ).all()
        landed = out.arr_time.hour * 60 + out.arr_time.minute
        second = next(f for f in hop
                      if f.dep_time.hour * 60 + f.dep_time.minute >= landed + 60)
        flights = {
            "out": out.id,
            "back": find_flight(session, "CA1143", day + timedelta(days=3)).id,
            "hop": second.id,
            "later": find_flight(session, "CA1144", day + timedelta(days=1)).id,
            "tomorrow": find_flight(session, "CA1144", TODAY + timedelta(days=1)).id,
        }
        # The demo schedule closes low classes on nearly full flights, and which flights
        # those are depends on the date: head office has every class of these flights open,
        # so the tests sell the same classes whatever the day.
        session.execute(update(CabinInventory)
                        .where(CabinInventory.flight_id.in_(list(flights.values())))
                        .values(closed_classes=""))
        expires = NOW.replace(tzinfo=None) + timedelta(days=40)
        leases = {}
        for label, flight_id in flights.items():
            leases[label] = f"lease-{label}"
            session.add(Lease(lease_id=f"lease-{label}", flight_id=flight_id, cabin="Y",
                              granted=9, used_local=0, expires_at=expires, status="active"))
        session.add(Lease(lease_id="lease-out-f", flight_id=flights["out"], cabin="F",
                          granted=4, used_local=0, expires_at=expires, status="active"))
        for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
            session.add(NumberRange(range_id=f"range-{prefix}", kind="ticket", prefix=prefix,
                                    first=TICKET_FIRST, last=TICKET_FIRST + 999,
                                    next_number=TICKET_FIRST))
        me = ClerkSession(clerk_id=clerk.id, login=clerk.login, name=clerk.name_zh,
                          role=Role(clerk.role), outlet_code=clerk.outlet_code,
                          outlet_name="", outlet_kind="post_office")
    return Shop(store, me, flights, leases)
