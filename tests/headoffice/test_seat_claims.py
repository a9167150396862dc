"""Head office trusts no counter with seats either, over real HTTP: one passenger has one
seat per flight (a late offline choice the passenger already replaced is not seated), a
choice naming its ticket is judged by the sale head office holds (the outlet's ticket, its
coupon on the flight, the stricter passenger type and resident-ID age), and a void or a
refund gives the coupon's seats back at head office, the counter's own release answered
``released`` afterwards."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import httpx
import pytest
from ho_support import (
    NOON_BEIJING,
    TODAY,
    CounterClient,
    HeadOfficeHarness,
    refund_amount,
    resident_id,
    sale,
    ticket,
)
from seat_support import FlightMap, choice, flight_map, release, seat_flight
from sqlalchemy import func, select

from counter_app.domain.seatmap import privacy_neighbour
from counter_app.headoffice.seat_models import SeatAssignment, SeatReleaseRow
from counter_app.kernel.ids import new_id

SEATS = "/api/v1/seats"


def refused(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    detail: dict[str, Any] = body.get("detail") or {}
    return detail


def held(counter: CounterClient, flight_id: str) -> set[str]:
    r = counter.get(f"{SEATS}/{flight_id}")
    assert r.status_code == 200, r.text
    return {s["seat"] for s in r.json()["seats"]}


def issued(ho: HeadOfficeHarness, counter: CounterClient, fm: FlightMap, ptype: str = "ADT",
           id_number: str | None = None) -> dict[str, Any]:
    """A one-ticket sale on the flight, applied at head office."""
    ho.set_free(fm.flight_id, "Y", 20)
    t = ticket(ho.next_ticket(counter), ptype)
    if id_number is not None:
        t["id_number"] = id_number
    payload = sale(fm.flight_id, [t])
    [r] = counter.push_ok(counter.op("sale.issue", payload))
    assert r["status"] == "applied", r
    return payload


def number_of(payload: dict[str, Any]) -> str:
    return str(payload["tickets"][0]["ticket_number"])


# --- one passenger, one seat ------------------------------------------------------------------


def test_a_passenger_has_one_seat_per_flight(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    holder = new_id()
    first = choice(fm.flight_id, fm.plain(), holder=holder)
    assert counter.post(SEATS, first).status_code == 200
    detail = refused(counter.post(SEATS, choice(fm.flight_id, fm.plain(skip=1), holder=holder)),
                     409, "passenger_has_seat")
    assert detail == {"seat": fm.plain()}
    [op] = counter.push_ok(counter.op("seat.choose", choice(fm.flight_id, fm.plain(skip=2),
                                                            holder=holder)))
    assert (op["status"], op["code"]) == ("rejected", "passenger_has_seat")
    # Naming the held choice in replaces moves the passenger.
    again = choice(fm.flight_id, fm.plain(skip=1), holder=holder, replaces=first["choice_id"])
    assert counter.post(SEATS, again).status_code == 200
    assert held(counter, fm.flight_id) == {fm.plain(skip=1)}
    # A privacy seat or a hold is no second seat of the passenger's own.
    official = choice(fm.flight_id, fm.plain(skip=3), holder=new_id(), gp_level="V4")
    assert counter.post(SEATS, official).status_code == 200
    neighbour = privacy_neighbour(fm.seat_map, fm.plain(skip=3), {})
    assert neighbour is not None
    extra = choice(fm.flight_id, neighbour, holder=official["holder"], gp_level="V4",
                   kind="extra", beside=official["choice_id"])
    assert counter.post(SEATS, extra).status_code == 200


def test_a_choice_replaced_before_it_reached_head_office_is_never_seated(
        ho: HeadOfficeHarness) -> None:
    """Offline the clerk chose 30A (its op queued); back online the passenger changed to
    another seat live (replacing the queued choice), then gave that one back. The queued op
    arrives last: it seats nobody (without the replacement remembered, the passenger would
    hold the first seat again with no choice of it left at the counter)."""
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    holder = new_id()
    offline = choice(fm.flight_id, fm.plain(), holder=holder)
    live = choice(fm.flight_id, fm.plain(skip=1), holder=holder, replaces=offline["choice_id"])
    assert counter.post(SEATS, live).status_code == 200
    r = counter.post(f"{SEATS}/release", release(live["choice_id"]))
    assert r.json()["status"] == "released"
    [late] = counter.push_ok(counter.op("seat.choose", offline))
    assert (late["status"], late["code"]) == ("rejected", "choice_replaced"), late
    assert held(counter, fm.flight_id) == set()
    # A released choice stays released too (pushed again after its release).
    [again] = counter.push_ok(counter.op("seat.choose", live))
    assert (again["status"], again["code"]) == ("rejected", "choice_reused")


def _one_holder_at_once(ho: HeadOfficeHarness) -> None:
    counters = [ho.enroll("HET001", f"c{i}") for i in range(8)]
    fm = seat_flight(ho)
    holder = new_id()
    barrier = threading.Barrier(len(counters))
    answers: list[httpx.Response] = []
    lock = threading.Lock()

    def ask(i: int, counter: CounterClient) -> None:
        body = choice(fm.flight_id, fm.plain(skip=i), holder=holder)
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            r = client.post(SEATS, json=body, headers=counter.headers)
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=ask, args=(i, c)) for i, c in enumerate(counters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in answers) == [200] + [409] * 7, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"passenger_has_seat"}
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SeatAssignment)) == 1


@pytest.mark.postgres
def test_one_passenger_asked_for_at_once_gets_one_seat_on_postgres(
        pg_ho: HeadOfficeHarness) -> None:
    _one_holder_at_once(pg_ho)


def test_one_passenger_asked_for_at_once_gets_one_seat_on_sqlite(ho: HeadOfficeHarness) -> None:
    _one_holder_at_once(ho)


# --- the passenger facts are claims -------------------------------------------------------------


def test_a_ticket_sold_as_a_child_is_refused_the_exit_row_whatever_is_claimed(
        any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    child = number_of(issued(ho, counter, fm, "CHD"))
    exit_seat = fm.exit_seat()
    claimed_adult = choice(fm.flight_id, exit_seat, ptype="ADT", age=40, ticket=child, seq=1)
    detail = refused(counter.post(SEATS, claimed_adult), 422, "exit_row_not_allowed")
    assert detail == {"seat": exit_seat, "reason": "child"}
    [op] = counter.push_ok(counter.op("seat.choose", {**claimed_adult, "choice_id": new_id()}))
    assert (op["status"], op["code"]) == ("rejected", "exit_row_not_allowed")
    # An adult by type whose resident ID says 13 on the day is under 15 for the exit row.
    teen = number_of(issued(ho, counter, fm, "ADT",
                            resident_id(date(TODAY.year - 13, 1, 15))))
    detail = refused(counter.post(SEATS, choice(fm.flight_id, exit_seat, age=40, ticket=teen,
                                                seq=1)), 422, "exit_row_not_allowed")
    assert detail["reason"] == "under_15"
    # A plain seat is the child's, kept as head office knows the passenger.
    ok = counter.post(SEATS, choice(fm.flight_id, fm.plain(), ticket=child, seq=1))
    assert ok.status_code == 200, ok.text
    with ho.db.read() as session:
        row = session.get(SeatAssignment, ok.json()["choice_id"])
        assert row is not None
        assert row.passenger_type == "CHD"
    # An adult ticket of an adult's ID may have the exit row.
    adult = number_of(issued(ho, counter, fm))
    assert counter.post(SEATS, choice(fm.flight_id, exit_seat, ticket=adult,
                                      seq=1)).status_code == 200


def test_the_ticket_must_be_the_outlets_with_its_coupon_on_the_flight(
        ho: HeadOfficeHarness) -> None:
    counter, elsewhere = ho.enroll("HET001", "a"), ho.enroll("BAV001", "b")
    same_outlet = ho.enroll("HET001", "c")
    fm = seat_flight(ho)
    number = number_of(issued(ho, counter, fm))
    refused(elsewhere.post(SEATS, choice(fm.flight_id, fm.plain(), clerk="liqiang",
                                         ticket=number, seq=1)), 403, "not_your_ticket")
    [op] = elsewhere.push_ok(elsewhere.op("seat.choose", choice(
        fm.flight_id, fm.plain(), clerk="liqiang", ticket=number, seq=1)))
    assert (op["status"], op["code"]) == ("rejected", "not_your_ticket")
    refused(counter.post(SEATS, choice(fm.flight_id, fm.plain(), ticket=number, seq=2)),
            422, "coupon_not_on_flight")
    other = next(m for m in (flight_map(ho, ho.flight(min_free=1, skip=k)) for k in range(40))
                 if m.flight_id != fm.flight_id)
    refused(counter.post(SEATS, choice(other.flight_id, other.plain(), ticket=number, seq=1)),
            422, "coupon_not_on_flight")
    # A ticket head office has never heard of: pushed (its sale.issue would come first) it
    # is refused; live it may still be in the counter's outbox, judged on the claims.
    unknown = ho.next_ticket(counter)
    [op] = counter.push_ok(counter.op("seat.choose", choice(fm.flight_id, fm.plain(),
                                                            ticket=unknown, seq=1)))
    assert (op["status"], op["code"]) == ("rejected", "not_your_ticket")
    assert counter.post(SEATS, choice(fm.flight_id, fm.plain(skip=1), ticket=unknown,
                                      seq=1)).status_code == 200
    # Another counter of the outlet may seat the outlet's ticket.
    assert same_outlet.post(SEATS, choice(fm.flight_id, fm.plain(), ticket=number,
                                          seq=1)).status_code == 200
    # The same coupon under another holder is still one passenger.
    refused(counter.post(SEATS, choice(fm.flight_id, fm.plain(skip=2), ticket=number, seq=1)),
            409, "passenger_has_seat")


# --- a void or a refund gives the seats back ----------------------------------------------------


def test_a_void_gives_back_the_tickets_seats_and_the_counters_release_follows(
        any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    payload = issued(ho, counter, fm)
    number = number_of(payload)
    seat = fm.plain()
    locked = choice(fm.flight_id, seat, gp_level="V4", locked=True, ticket=number, seq=1)
    assert counter.post(SEATS, locked).status_code == 200
    neighbour = privacy_neighbour(fm.seat_map, seat, {})
    assert neighbour is not None
    extra = choice(fm.flight_id, neighbour, gp_level="V4", kind="extra",
                   beside=locked["choice_id"])
    assert counter.post(SEATS, extra).status_code == 200
    assert held(counter, fm.flight_id) == {seat, neighbour}
    [void] = counter.push_ok(counter.op("sale.void", {"sale_id": payload["sale_id"],
                                                      "ticket_numbers": [number]}))
    assert void["status"] == "applied", void
    assert held(counter, fm.flight_id) == set()
    with ho.db.read() as session:
        row = session.get(SeatReleaseRow, locked["choice_id"])
        assert row is not None
        assert (row.reason, row.locked, row.seat) == ("void", True, seat)
    # The counter's own release (no supervisor: the ticket is gone) is answered released.
    [late] = counter.push_ok(counter.op("seat.release", release(locked["choice_id"],
                                                                reason="void")))
    assert (late["status"], late["result"]["status"]) == ("applied", "released")


def test_a_refund_gives_back_the_coupons_seat(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter, other = ho.enroll("HET001", "a"), ho.enroll("BAV001", "b")
    fm = seat_flight(ho)
    payload = issued(ho, counter, fm)
    number = number_of(payload)
    kept = number_of(issued(ho, counter, fm))
    locked = choice(fm.flight_id, fm.plain(), gp_level="V5", locked=True, ticket=number)
    assert counter.post(SEATS, locked).status_code == 200
    assert counter.post(SEATS, choice(fm.flight_id, fm.plain(skip=1), ticket=kept,
                                      seq=1)).status_code == 200
    amount = refund_amount(payload, number, [1])
    refund = {"refund_id": new_id(), "sale_id": payload["sale_id"], "ticket_number": number,
              "coupons": [1], "reason": "involuntary", "fee": "0.00", "amount": amount,
              "payments": [{"method": "cash", "amount": amount}],
              "refunded_at": NOON_BEIJING.isoformat()}
    [r] = counter.push_ok(counter.op("sale.refund", refund))
    assert r["status"] == "applied", r
    assert held(counter, fm.flight_id) == {fm.plain(skip=1)}  # the other ticket's stays
    # Another counter may have the refunded seat at once.
    assert other.post(SEATS, choice(fm.flight_id, fm.plain(), clerk="liqiang")).status_code \
        == 200
    [late] = counter.push_ok(counter.op("seat.release", release(locked["choice_id"],
                                                                reason="refund")))
    assert (late["status"], late["result"]["status"]) == ("applied", "released")
    with ho.db.read() as session:
        row = session.get(SeatReleaseRow, locked["choice_id"])
        assert row is not None
        assert row.reason == "refund"


def test_a_seat_locked_through_a_change_goes_when_the_new_ticket_is_refunded(
        ho: HeadOfficeHarness) -> None:
    """The lock (座位锁定) was chosen on the first ticket and kept through a change to
    another class of the same flight (the counter sends nothing for it); refunding the new
    ticket gives it back at head office."""
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    payload = issued(ho, counter, fm)
    old = number_of(payload)
    locked = choice(fm.flight_id, fm.plain(), gp_level="V4", locked=True, ticket=old, seq=1)
    assert counter.post(SEATS, locked).status_code == 200
    new = ho.next_ticket(counter)
    t = payload["tickets"][0]
    change = {
        "change_id": new_id(), "sale_id": payload["sale_id"], "old_ticket_number": old,
        "new_ticket_number": new, "coupon_seq": 1, "passenger_type": "ADT",
        "reason": "involuntary", "fee": "0.00", "fare_difference": "0.00",
        "new_segment": {"flight_id": fm.flight_id, "cabin": "Y", "class_code": "B",
                        "lease_id": None},
        "coupons": [{"seq": 1, "flight_id": fm.flight_id, "cabin": "Y", "class_code": "B",
                     "fare": t["fare"], "cn_fund": t["cn_fund"], "fuel": t["fuel"],
                     "moved": True}],
        "payments": [], "changed_at": NOON_BEIJING.isoformat()}
    [r] = counter.push_ok(counter.op("sale.change", change))
    assert r["status"] == "applied", r
    assert held(counter, fm.flight_id) == {fm.plain()}  # a change keeps the lock
    amount = refund_amount(payload, old, [1])
    refund = {"refund_id": new_id(), "sale_id": payload["sale_id"], "ticket_number": new,
              "coupons": [1], "reason": "involuntary", "fee": "0.00", "amount": amount,
              "payments": [{"method": "cash", "amount": amount}],
              "refunded_at": NOON_BEIJING.isoformat()}
    [r] = counter.push_ok(counter.op("sale.refund", refund))
    assert r["status"] == "applied", r
    assert held(counter, fm.flight_id) == set()


def test_a_locked_seat_goes_without_a_supervisor_only_once_its_ticket_left_the_flight(
        ho: HeadOfficeHarness) -> None:
    """A change to another flight: the counter sends the seat's release (reason change)
    after the sale.change. Head office, seeing the coupon exchanged, gives the lock back
    without a supervisor; before the change, the same claim (and a plain clerk's undo) is
    still refused: a counter's reason alone is not believed."""
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    payload = issued(ho, counter, fm)
    old = number_of(payload)
    locked = choice(fm.flight_id, fm.plain(), gp_level="V4", locked=True, ticket=old, seq=1)
    assert counter.post(SEATS, locked).status_code == 200
    for reason in ("change", "clerk"):
        early = counter.post(f"{SEATS}/release", release(locked["choice_id"], reason=reason))
        refused(early, 403, "lock_needs_supervisor")
    other = ho.flight(cabin="Y", min_free=1, skip=1)
    assert other != fm.flight_id
    ho.set_free(other, "Y", 20)
    t = payload["tickets"][0]
    change = {
        "change_id": new_id(), "sale_id": payload["sale_id"], "old_ticket_number": old,
        "new_ticket_number": ho.next_ticket(counter), "coupon_seq": 1,
        "passenger_type": "ADT", "reason": "involuntary", "fee": "0.00",
        "fare_difference": "0.00",
        "new_segment": {"flight_id": other, "cabin": "Y", "class_code": "Y",
                        "lease_id": None},
        "coupons": [{"seq": 1, "flight_id": other, "cabin": "Y", "class_code": "Y",
                     "fare": t["fare"], "cn_fund": t["cn_fund"], "fuel": t["fuel"],
                     "moved": True}],
        "payments": [], "changed_at": NOON_BEIJING.isoformat()}
    [r] = counter.push_ok(counter.op("sale.change", change))
    assert r["status"] == "applied", r
    refused(counter.post(f"{SEATS}/release", release(locked["choice_id"], reason="clerk")),
            403, "lock_needs_supervisor")
    [r] = counter.push_ok(counter.op("seat.release", release(locked["choice_id"],
                                                              reason="change")))
    assert r["status"] == "applied", r
    assert r["result"]["status"] == "released"
    assert held(counter, fm.flight_id) == set()
