"""Quotas on what one counter may take (issue 11, defects 3 and 4): seats by lease and
numbers by range, bounded by head office policy; staff list and revoke leases and set
quotas from the command line."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from ho_support import NOON_BEIJING, TODAY, CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import func, select, update

from counter_app.headoffice import policy
from counter_app.headoffice.cli import main
from counter_app.headoffice.models import (
    CabinInventory,
    Flight,
    NumberRangeRow,
    SeatLease,
)
from counter_app.headoffice.ops import bulk_sales


def url_of(ho: HeadOfficeHarness) -> str:
    return ho.db.engine.url.render_as_string(hide_password=False)


def set_policy(ho: HeadOfficeHarness, name: str, value: int, outlet: str = "") -> None:
    with ho.db.write() as session:
        policy.set_policy(session, name, value, outlet, "test", NOON_BEIJING)


def held(ho: HeadOfficeHarness, counter: CounterClient, flight: str | None = None) -> int:
    with ho.db.read() as session:
        query = select(func.coalesce(func.sum(SeatLease.granted - SeatLease.used), 0)).where(
            SeatLease.counter_id == counter.counter_id, SeatLease.status == "active")
        if flight is not None:
            query = query.where(SeatLease.flight_id == flight)
        return int(session.scalar(query) or 0)


def flights_of_day(ho: HeadOfficeHarness, min_free: int) -> list[str]:
    with ho.db.read() as session:
        return list(session.scalars(
            select(Flight.id).join(CabinInventory, CabinInventory.flight_id == Flight.id)
            .where(Flight.dep_date == TODAY + timedelta(days=2), CabinInventory.cabin == "Y",
                   CabinInventory.capacity - CabinInventory.sold - CabinInventory.granted
                   >= min_free)
            .order_by(Flight.flight_no)
        ))


def lease_body(flight: str, seats: int, hours: int = 24) -> dict[str, Any]:
    return {"flight_id": flight, "cabin": "Y", "seats": seats, "hours": hours}


# --- seats ----------------------------------------------------------------------------------


def test_seat_grab_is_refused_after_the_cap_and_another_outlet_still_gets_seats(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    thief, other = ho.enroll("HET001", "stolen"), ho.enroll("BAV001", "honest")
    flight = ho.flight(min_free=60)
    free = ho.cabin(flight).capacity - ho.cabin(flight).sold - ho.cabin(flight).granted
    big = [thief.post("/api/v1/inventory/leases", lease_body(flight, 50, 744))
           for _ in range(20)]
    assert {r.status_code for r in big} == {422}
    body = big[0].json()
    assert body["code"] == "lease_quota"
    assert "seats" in body["message"]
    assert "9" in body["message"]
    answers = [thief.post("/api/v1/inventory/leases", lease_body(flight, 9, 744))
               for _ in range(100)]
    granted = [r for r in answers if r.status_code == 200]
    assert len(granted) == 2  # 18 seats; 9 more would be over 20 on one flight
    refused = [r.json() for r in answers if r.status_code != 200]
    assert {r["code"] for r in refused} == {"lease_quota"}
    detail = refused[0]["detail"]
    assert detail == {"policy": "lease_max_seats_per_counter_flight", "limit": 20,
                      "held": 18, "asked": 9}
    assert "20" in refused[0]["message"]
    assert "18" in refused[0]["message"]
    assert held(ho, thief, flight) == 18
    # Leases last at most lease_max_hours, whatever was asked.
    expires = datetime.fromisoformat(granted[0].json()["expires_at"])
    assert expires == NOON_BEIJING + timedelta(hours=72)
    r = other.lease(flight, "Y", 9)
    assert r.status_code == 200, r.text
    cab = ho.cabin(flight)
    assert cab.capacity - cab.sold - cab.granted == free - 27


def test_one_counter_holds_at_most_a_day_cap_over_all_flights_of_a_date(
    ho: HeadOfficeHarness,
) -> None:
    counter = ho.enroll()
    set_policy(ho, "lease_max_seats_per_counter_day", 25)
    flights = flights_of_day(ho, min_free=9)
    assert len(flights) >= 4
    codes = [counter.post("/api/v1/inventory/leases", lease_body(f, 9)) for f in flights[:4]]
    assert [r.status_code for r in codes] == [200, 200, 409, 409]
    assert codes[2].json()["detail"]["policy"] == "lease_max_seats_per_counter_day"
    assert held(ho, counter) == 18
    # Seats sold from a lease are no longer held: the counter may lease again.
    [r] = counter.push_ok(counter.op("sale.issue", sale(
        flights[0], [ticket(ho.next_ticket(counter)) for _ in range(9)],
        codes[0].json()["lease_id"])))
    assert r["status"] == "applied", r
    assert counter.post("/api/v1/inventory/leases", lease_body(flights[2], 7)).status_code == 200


def test_share_of_a_cabin_and_an_outlet_override(ho: HeadOfficeHarness) -> None:
    a, b = ho.enroll("HET001", "a"), ho.enroll("BAV001", "b")
    flight = ho.flight(min_free=30)
    capacity = ho.cabin(flight).capacity
    set_policy(ho, "lease_max_share_of_cabin_pct", 5)
    share = max(1, capacity * 5 // 100)
    assert share < 9
    r = a.lease(flight, "Y", share + 1)
    assert r.status_code == 409
    assert r.json()["detail"]["policy"] == "lease_max_share_of_cabin_pct"
    assert r.json()["detail"]["limit"] == share
    assert a.lease(flight, "Y", share).status_code == 200
    # HET001's own setting wins over the one for all outlets; BAV001 keeps that one.
    set_policy(ho, "lease_max_share_of_cabin_pct", 100, "HET001")
    assert a.lease(flight, "Y", 9).status_code == 200
    assert b.lease(flight, "Y", share + 1).status_code == 409


@pytest.mark.postgres
def test_concurrent_lease_requests_of_one_counter_cannot_pass_the_cap_together(
    pg_ho: HeadOfficeHarness,
) -> None:
    ho = pg_ho
    counter = ho.enroll()
    # One flight: its cabin row lock already puts the requests in a row.
    flight = ho.flight(min_free=30)
    answers = at_once(ho, counter, "/api/v1/inventory/leases", [lease_body(flight, 9)] * 10)
    assert sorted(r.status_code for r in answers) == [200] * 2 + [409] * 8, [
        r.text for r in answers]
    assert held(ho, counter, flight) == 18
    # Eight flights of one date: only the counter's quota lock does.
    set_policy(ho, "lease_max_seats_per_counter_day", 45)
    flights = [f for f in flights_of_day(ho, min_free=9) if f != flight][:8]
    assert len(flights) == 8
    answers = at_once(ho, counter, "/api/v1/inventory/leases",
                      [lease_body(f, 9) for f in flights])
    assert sorted(r.status_code for r in answers) == [200] * 3 + [409] * 5, [
        r.text for r in answers]
    assert held(ho, counter) == 45


def at_once(ho: HeadOfficeHarness, counter: CounterClient, path: str,
            bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    """POST each body in its own thread, all released together."""
    barrier = threading.Barrier(len(bodies))
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def ask(body: dict[str, Any]) -> None:
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            r = client.post(path, json=body, headers=counter.headers)
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=ask, args=(body,)) for body in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


# --- numbers --------------------------------------------------------------------------------


def test_range_drain_is_refused(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    huge = [counter.post("/api/v1/ranges", {"kind": "ticket", "prefix": "999",
                                            "size": 100_000}) for _ in range(20)]
    assert {r.status_code for r in huge} == {422}
    assert huge[0].json()["code"] == "range_quota"
    assert "size" in huge[0].json()["message"]
    # The starter range (1000 unused) may be refilled once; then the counter holds 3000.
    answers = [counter.post("/api/v1/ranges", {"kind": "ticket", "prefix": "999",
                                               "size": 2000}) for _ in range(20)]
    assert [r.status_code for r in answers] == [200] + [409] * 19
    body = answers[1].json()
    assert body["code"] == "range_quota"
    assert body["detail"] == {"policy": "range_max_unused", "limit": 1000, "held": 3000,
                              "asked": 2000}
    with ho.db.read() as session:
        total = session.scalar(
            select(func.sum(NumberRangeRow.last - NumberRangeRow.first + 1))
            .where(NumberRangeRow.counter_id == counter.counter_id,
                   NumberRangeRow.kind == "ticket", NumberRangeRow.prefix == "999"))
    assert total == 3000
    # Receipt serials are counted apart from ticket numbers.
    r = counter.post("/api/v1/ranges", {"kind": "receipt", "size": 2000})
    assert r.status_code == 200, r.text


def test_ranges_per_day(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    set_policy(ho, "range_max_unused", 1_000_000)
    answers = [counter.post("/api/v1/ranges", {"kind": "ticket", "prefix": "999",
                                               "size": 10}) for _ in range(4)]
    # The starter range of the day counts: two more, then refused.
    assert [r.status_code for r in answers] == [200, 200, 409, 409]
    assert answers[2].json()["detail"]["policy"] == "range_max_per_day"
    # Another kind counts apart; ranges granted before this Beijing day do not count.
    assert counter.post("/api/v1/ranges", {"kind": "receipt", "size": 10}).status_code == 200
    with ho.db.write() as session:
        session.execute(update(NumberRangeRow).where(
            NumberRangeRow.counter_id == counter.counter_id, NumberRangeRow.kind == "ticket")
            .values(created_at=NumberRangeRow.created_at - timedelta(hours=13)))
    assert counter.post("/api/v1/ranges", {"kind": "ticket", "prefix": "999",
                                           "size": 10}).status_code == 200


@pytest.mark.postgres
def test_concurrent_range_requests_of_one_counter_get_one_refill(
    pg_ho: HeadOfficeHarness,
) -> None:
    ho = pg_ho
    counter = ho.enroll()
    answers = at_once(ho, counter, "/api/v1/ranges",
                      [{"kind": "ticket", "prefix": "999", "size": 2000}] * 8)
    assert sorted(r.status_code for r in answers) == [200] + [409] * 7, [
        r.text for r in answers]


# --- staff ----------------------------------------------------------------------------------


@pytest.fixture(params=["fast", "savepoints"])
def sales_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "savepoints":
        monkeypatch.setattr(bulk_sales.SalesRun, "apply", lambda self: None)
    return str(request.param)


def test_staff_revoke_gives_unsold_seats_back_and_the_counter_learns_it(
    any_ho: HeadOfficeHarness, sales_path: str, capsys: pytest.CaptureFixture[str],
) -> None:
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight(min_free=20)
    r = counter.lease(flight, "Y", 5)
    assert r.status_code == 200, r.text
    lease_id = r.json()["lease_id"]
    [sold] = counter.push_ok(counter.op("sale.issue", sale(
        flight, [ticket(ho.next_ticket(counter))], lease_id)))
    assert sold["result"]["source"] == "lease"
    before = ho.cabin(flight)
    db = ["--database-url", url_of(ho)]

    assert main(["leases", "--counter", counter.counter_id, "--status", "active", *db]) == 0
    out = capsys.readouterr().out
    assert lease_id in out
    assert counter.outlet_code in out
    assert "1 leases, 4 unsold" in out

    assert main(["revoke-lease", lease_id, "--reason", "counter stolen", "--by", "zhao",
                 *db]) == 0
    assert "4 seats back to stock, 1 sold stay sold" in capsys.readouterr().out
    after = ho.cabin(flight)
    assert (after.sold, after.granted) == (before.sold, before.granted - 4)
    with ho.db.read() as session:
        row = session.get(SeatLease, lease_id)
        assert row is not None
        assert (row.status, row.used, row.ended_reason) == (
            "revoked", 1, "revoked by zhao: counter stolen")
    assert main(["revoke-lease", lease_id, *db]) == 2
    assert "lease_not_active" in capsys.readouterr().err

    # The counter's next pull brings the lease as revoked.
    leases = [c for c in counter.pull_all() if c["entity"] == "lease" and c["key"] == lease_id]
    assert leases[-1]["data"]["status"] == "revoked"
    # A sale of the revoked lease pushed later takes free stock, as for an ended lease.
    [late] = counter.push_ok(counter.op("sale.issue", sale(
        flight, [ticket(ho.next_ticket(counter))], lease_id)))
    assert late["status"] == "applied", late
    assert late["result"]["source"] == "stock"
    assert ho.cabin(flight).sold == after.sold + 1


def test_staff_revoke_every_lease_of_a_counter(
    ho: HeadOfficeHarness, capsys: pytest.CaptureFixture[str],
) -> None:
    counter, other = ho.enroll("HET001", "a"), ho.enroll("BAV001", "b")
    flights = flights_of_day(ho, min_free=12)[:3]
    for f in flights:
        assert counter.lease(f, "Y", 3).status_code == 200
    assert other.lease(flights[0], "Y", 2).status_code == 200
    db = ["--database-url", url_of(ho)]
    assert main(["revoke-leases", "--counter", counter.counter_id, *db]) == 0
    assert f"revoked 3 leases of counter {counter.counter_id}: 9 seats" in (
        capsys.readouterr().out)
    assert held(ho, counter) == 0
    assert held(ho, other) == 2
    assert main(["leases", "--status", "revoked", *db]) == 0
    out = capsys.readouterr().out
    assert out.count("revoked by") == 3
    flight_no, day = flight_no_of(ho, flights[0])
    assert main(["leases", "--flight-no", flight_no, "--date", day, "--status", "active",
                 *db]) == 0
    assert other.counter_id in capsys.readouterr().out
    assert main(["revoke-leases", "--counter", "nope", *db]) == 2
    assert "counter_unknown" in capsys.readouterr().err


def flight_no_of(ho: HeadOfficeHarness, flight_id: str) -> tuple[str, str]:
    with ho.db.read() as session:
        row = session.get(Flight, flight_id)
        assert row is not None
        return row.flight_no, row.dep_date.isoformat()


def test_policy_commands_and_staff_grants_beyond_quotas(
    ho: HeadOfficeHarness, capsys: pytest.CaptureFixture[str],
) -> None:
    counter = ho.enroll()
    db = ["--database-url", url_of(ho)]
    assert main(["policy", *db]) == 0
    out = capsys.readouterr().out
    assert "lease_max_seats_per_counter_flight" in out
    assert "no overrides" in out
    assert main(["policy", "set", "lease_max_seats_per_counter_flight", "3",
                 "--outlet", "HET001", "--by", "zhao", *db]) == 0
    assert "for outlet HET001" in capsys.readouterr().out
    flight = ho.flight(min_free=30)
    assert counter.lease(flight, "Y", 3).status_code == 200
    r = counter.lease(flight, "Y", 1)
    assert r.status_code == 409
    assert r.json()["detail"]["limit"] == 3
    assert main(["policy", *db]) == 0
    assert "outlet HET001: lease_max_seats_per_counter_flight = 3 (zhao" in (
        capsys.readouterr().out)
    assert main(["policy", "set", "lease_max_share_of_cabin_pct", "101", *db]) == 2
    assert "0 to 100" in capsys.readouterr().err
    assert main(["policy", "set", "lease_max_share_of_cabin_pct", "10", "--outlet", "NOPE",
                 *db]) == 2
    assert "outlet_unknown" in capsys.readouterr().err
    # Staff decide: grant-lease may exceed the counter's quotas (not the cabin).
    flight_no, day = flight_no_of(ho, flight)
    assert main(["grant-lease", "--counter", counter.counter_id, "--flight-no", flight_no,
                 "--date", day, "--cabin", "Y", "--seats", "15", "--hours", "300",
                 *db]) == 0
    assert held(ho, counter, flight) == 18
    assert main(["policy", "unset", "lease_max_seats_per_counter_flight", "--outlet",
                 "HET001", *db]) == 0
    assert "unset for outlet HET001" in capsys.readouterr().out
    assert counter.lease(flight, "Y", 2).status_code == 200  # 20 again
    assert counter.lease(flight, "Y", 1).status_code == 409
