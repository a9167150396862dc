"""Seats while offline, head office on SQLite: counters that sell their whole allotment
offline and then try once more, and a lease that expires while the counter is offline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from e2e_support import HeadOffice, Proxy, assert_consistent, run_agent, run_agents


def test_counters_exhaust_their_allotment_offline_then_try_once_more(
    ho: HeadOffice, tmp_path: Path
) -> None:
    """Two counters lease the last four seats of a cabin (two each), sell them offline and
    try once more: refused at the counter, nothing written. Online, head office has no seat
    left to lease either; when it frees one, one counter leases it and sells it."""
    flight = ho.db.flight(10)
    ho.db.set_free(flight, "Y", 4)
    counters = [tmp_path / "a", tmp_path / "b"]
    ho.enroll_many(counters, lease=(flight, 2))
    capacity, sold, granted = ho.db.cabin(flight)
    assert sold + granted == capacity

    # Offline: each sells its two seats, and the third sale (once more) is refused.
    results = run_agents(*[("sell", c, ho.base_url, "--flight-id", flight, "--count", "3")
                           for c in counters])
    for done in results:
        assert len(done["sold"]) == 2
        assert done["refused"] == "offline_seats_exhausted"

    # Online again: the four sales drain; head office has no seat left to lease.
    results = run_agents(*[("sync", c, ho.base_url) for c in counters])
    assert [r["cycles"][0]["applied"] for r in results] == [2, 2]
    results = run_agents(*[("lease", c, ho.base_url, "--flight-id", flight) for c in counters])
    assert [r["error"] for r in results] == ["no_seats", "no_seats"]

    ho.db.set_free(flight, "Y", 1)
    assert run_agent("lease", counters[0], ho.base_url, "--flight-id", flight)["lease"]
    assert run_agent("lease", counters[1], ho.base_url, "--flight-id", flight)["error"] == (
        "no_seats")
    sold_again = run_agent("sell", counters[0], ho.base_url, "--flight-id", flight,
                           "--start", "20")
    assert len(sold_again["sold"]) == 1
    statuses = assert_consistent(ho.database_url, counters, ho.base_url)
    assert [len(s["bookings"]) for s in statuses] == [3, 2]  # the refusals wrote nothing
    assert [sum(lease["used_local"] for lease in s["leases"]) for s in statuses] == [3, 2]
    capacity, sold, granted = ho.db.cabin(flight)
    assert sold + granted == capacity
    assert len(ho.db.sales()) == 5


def test_lease_expiring_while_offline(ho: HeadOffice, tmp_path: Path, make_proxy: type) -> None:
    """A three-seat lease runs out while the counter is offline. Before its expiry the
    counter sells two seats; after it, the counter refuses to sell from it. Head office,
    which has meanwhile ended the lease and sold all but one seat of the cabin online,
    takes the first of the two sales from free stock and refuses the second (no seats);
    the refusal goes to the clerk's attention list."""
    proxy: Proxy = make_proxy(ho.process.port)
    counter = tmp_path / "counter"
    counter_id = ho.enroll(counter, proxy.base_url)
    flight = ho.db.flight(10)
    granted_at = datetime.now(UTC) - timedelta(minutes=50)  # one hour: ten minutes left
    lease_id = ho.db.grant_lease(counter_id, flight, 3, hours=1, now=granted_at)
    assert run_agent("sync", counter, proxy.base_url)["cycles"][0]["ok"]

    proxy.refuse = True  # offline from here on
    sold = run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--count",
                     "2")["sold"]
    assert len(sold) == 2
    later = run_agent("sell", counter, proxy.base_url, "--flight-id", flight, "--start", "5",
                      "--clock-offset-s", str(20 * 60))
    assert (later["sold"], later["refused"]) == ([], "lease_expired")
    assert run_agent("sync", counter, proxy.base_url)["cycles"][0]["error_kind"] == "offline"

    ho.db.end_leases_now([lease_id])
    assert ho.db.expire_leases() == 1  # its three unused seats go back to stock...
    ho.db.set_free(flight, "Y", 1)  # ...and all but one are sold online meanwhile

    proxy.refuse = False
    cycle = run_agent("sync", counter, proxy.base_url)["cycles"][0]
    assert cycle["ok"], cycle
    assert (cycle["applied"], cycle["rejected"]) == (1, 1)
    sales = ho.db.sales(counter_id)
    assert [s.source for s in sales.values()] == ["stock"]
    status = assert_consistent(ho.database_url, [counter], ho.base_url)[0]
    [refused] = [e for e in status["outbox"] if e["state"] == "rejected"]
    assert refused["last_code"] == "no_seats"
    [told] = [a for a in status["attention"] if a["kind"] == "rejected_op"]
    assert told["op_id"] == refused["op_id"]
    assert told["open"]
    assert status["leases"][0]["status"] == "expired"
    capacity, sold_there, granted = ho.db.cabin(flight)
    assert sold_there + granted == capacity
