"""Head office's quotas as a real counter meets them: what it asks for by default is within
the default policy, a quota refusal is a :class:`Refused` with its code, and a lease staff
revoke stops selling at the counter after its next pull."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sync_support import NOW, TODAY, Counter, HeadOffice

from counter_app.domain.errors import DomainError
from counter_app.headoffice import inventory
from counter_app.services.leases import pick_lease, seats_left_offline
from counter_app.storage.models import CabinInventory, Flight, Lease
from counter_app.sync.client import Refused


def local_flight(c: Counter) -> str:
    with c.store.read() as session:
        flight_id = session.scalar(
            select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(Flight.dep_date == TODAY + timedelta(days=2), CabinInventory.cabin == "Y",
                   CabinInventory.capacity - CabinInventory.sold >= 30)
            .order_by(Flight.flight_no).limit(1)
        )
    assert flight_id is not None
    return str(flight_id)


def test_default_asks_pass_and_a_quota_refusal_is_refused_with_its_code(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    # As the sale page asks (one booking's seats, the client's default hours).
    lease = counter.engine.request_lease(flight_id, "Y", 9)
    assert lease.expires_at == NOW + timedelta(hours=72)  # cut to lease_max_hours
    with pytest.raises(Refused) as too_many:
        counter.engine.request_lease(flight_id, "Y", 10)
    assert (too_many.value.status, too_many.value.code) == (422, "lease_quota")
    assert "seats" in str(too_many.value)
    counter.engine.request_lease(flight_id, "Y", 9)
    with pytest.raises(Refused) as over:
        counter.engine.request_lease(flight_id, "Y", 9)
    assert (over.value.status, over.value.code) == (409, "lease_quota")
    assert over.value.detail["policy"] == "lease_max_seats_per_counter_flight"
    with counter.store.read() as session:
        assert len(session.scalars(select(Lease)).all()) == 2
        assert seats_left_offline(session, flight_id, "Y", NOW) == 18
    with pytest.raises(Refused) as drain:
        counter.engine.request_range("ticket", "999", 100_000)
    assert (drain.value.status, drain.value.code) == (422, "range_quota")
    assert counter.engine.request_range("ticket", "999").last > 0  # the default 1000
    with pytest.raises(Refused) as hoard:
        counter.engine.request_range("ticket", "999")
    assert (hoard.value.status, hoard.value.code) == (409, "range_quota")


def test_a_revoked_lease_stops_selling_after_the_next_pull(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok
    flight_id = local_flight(counter)
    lease = counter.engine.request_lease(flight_id, "Y", 4)
    with head_office.db.write() as session:
        inventory.revoke_lease(session, lease.lease_id, "revoked by test: counter stolen")
    report = counter.engine.cycle()
    assert report.ok, report.error
    with counter.store.read() as session:
        local = session.get(Lease, lease.lease_id)
        assert local is not None
        assert local.status == "revoked"
        assert seats_left_offline(session, flight_id, "Y", NOW) == 0
        with pytest.raises(DomainError) as refused:
            pick_lease(session, flight_id, "Y", 1, NOW)
        assert refused.value.code == "no_lease"
