"""Head office as the seat authority, live over real HTTP (``GET /seats/{flight_id}``,
``POST /seats``, ``POST /seats/release``): a seat is confirmed at once and another counter
sees it taken (never whose), twenty counters asking for one seat at once get exactly one
yes (SQLite and PostgreSQL), every refusal code with its reason, holds lapsing on head
office's clock, a passenger moving seats, the privacy seat beside a GP official, and a lock
given back only with a supervisor."""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
import pytest
from ho_support import NOON_BEIJING, CounterClient, HeadOfficeHarness
from seat_support import SUPERVISOR, choice, later, release, seat_flight
from sqlalchemy import func, select

from counter_app.domain.seatmap import Position, SeatState, privacy_neighbour
from counter_app.headoffice.seat_models import SeatAssignment, SeatReleaseRow
from counter_app.kernel.ids import new_id

SEATS = "/api/v1/seats"


def seats_of(counter: CounterClient, flight_id: str) -> dict[str, dict[str, object]]:
    r = counter.get(f"{SEATS}/{flight_id}")
    assert r.status_code == 200, r.text
    return {s["seat"]: s for s in r.json()["seats"]}


def refused(r: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    detail: dict[str, object] = body.get("detail") or {}
    return detail


def test_a_seat_is_confirmed_and_another_counter_sees_it_taken(
        any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    mine, other = ho.enroll("HET001", "a"), ho.enroll("BAV001", "b")
    fm = seat_flight(ho)
    seat = fm.plain()
    body = choice(fm.flight_id, seat, name="王秘书")
    r = mine.post(SEATS, body)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert (answer["seat"], answer["status"], answer["state"], answer["moved_from"]) == (
        seat, "confirmed", "taken", "")
    assert answer["choice_id"] == body["choice_id"]

    assert seats_of(mine, fm.flight_id)[seat] == {
        "seat": seat, "state": "taken", "mine": True, "choice_id": body["choice_id"]}
    seen = other.get(f"{SEATS}/{fm.flight_id}")
    assert seen.json()["seats"] == [{"seat": seat, "state": "taken", "mine": False,
                                     "choice_id": ""}]
    assert "王秘书" not in seen.text
    assert seen.json()["layout_id"] == fm.seat_map.layout_id

    # The same choice again is answered as before; another choice under its id is not.
    again = mine.post(SEATS, body)
    assert again.status_code == 200
    assert again.json() == answer
    refused(mine.post(SEATS, {**body, "seat": fm.plain(skip=1)}), 409, "choice_reused")
    refused(other.post(SEATS, {**body, "clerk_login": "liqiang"}), 409, "choice_reused")


def test_a_taken_seat_is_refused_with_the_nearest_equivalent(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    first, second = ho.enroll("HET001", "a"), ho.enroll("HET001", "b")
    fm = seat_flight(ho)
    seat = fm.plain(position=Position.AISLE)
    assert first.post(SEATS, choice(fm.flight_id, seat)).status_code == 200
    detail = refused(second.post(SEATS, choice(fm.flight_id, seat)), 409, "seat_taken")
    assert detail["seat"] == seat
    suggested = str(detail["suggested"])
    assert fm.seat(suggested).position is Position.AISLE  # an equivalent seat, and free
    assert second.post(SEATS, choice(fm.flight_id, suggested)).status_code == 200
    assert set(seats_of(second, fm.flight_id)) == {seat, suggested}


def _twenty_at_once(ho: HeadOfficeHarness) -> None:
    counters = [ho.enroll("HET001", f"c{i}") for i in range(20)]
    fm = seat_flight(ho)
    seat = fm.plain()
    barrier = threading.Barrier(20)
    answers: dict[str, httpx.Response] = {}
    lock = threading.Lock()

    def ask(counter: CounterClient) -> None:
        body = choice(fm.flight_id, seat)
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            r = client.post(SEATS, json=body, headers=counter.headers)
        with lock:
            answers[counter.counter_id] = r

    threads = [threading.Thread(target=ask, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status_code for r in answers.values())
    assert statuses == [200] + [409] * 19, [r.text for r in answers.values()]
    assert {r.json()["code"] for r in answers.values() if r.status_code == 409} == {
        "seat_taken"}
    [winner] = [cid for cid, r in answers.items() if r.status_code == 200]
    for counter in counters:
        shown = seats_of(counter, fm.flight_id)
        assert list(shown) == [seat]
        assert shown[seat]["state"] == "taken"
        assert shown[seat]["mine"] is (counter.counter_id == winner)
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SeatAssignment)) == 1


@pytest.mark.postgres
def test_twenty_counters_take_one_seat_at_once_on_postgres(pg_ho: HeadOfficeHarness) -> None:
    _twenty_at_once(pg_ho)


def test_twenty_counters_take_one_seat_at_once_on_sqlite(ho: HeadOfficeHarness) -> None:
    _twenty_at_once(ho)


# --- every refusal, with its reason ----------------------------------------------------------


def test_seat_refusals_on_the_layout_and_the_passenger(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    flight = fm.flight_id
    exit_seat = fm.exit_seat()
    blocked = fm.seat(fm.blocked())
    refused(counter.post(SEATS, choice(flight, "99A")), 422, "seat_not_on_aircraft")
    front = fm.seat_map.seats()[0]
    assert front.cabin != "Y"
    refused(counter.post(SEATS, choice(flight, front.code)), 422, "seat_not_on_aircraft")
    refused(counter.post(SEATS, choice(flight, blocked.code, cabin=blocked.cabin)), 422,
            "seat_blocked")
    for facts, reason in ((dict(ptype="CHD", age=6), "child"),
                          (dict(ptype="ADT", age=12), "under_15"),
                          (dict(ptype="ADT", age=40, with_infant=True), "with_infant")):
        detail = refused(counter.post(SEATS, choice(flight, exit_seat, **facts)),
                         422, "exit_row_not_allowed")
        assert detail == {"seat": exit_seat, "reason": reason}
    refused(counter.post(SEATS, choice(flight, fm.plain(), ptype="INF", age=0)), 422,
            "infant_no_seat")
    # A seat that is no seat number never reaches the rules: the body is refused.
    refused(counter.post(SEATS, {**choice(flight, fm.plain()), "seat": "A32"}), 422,
            "invalid_request")
    refused(counter.post(SEATS, choice(new_id(), fm.plain())), 404, "flight_unknown")
    refused(counter.get(f"{SEATS}/{new_id()}"), 404, "flight_unknown")
    refused(counter.post(SEATS, choice(flight, fm.plain(), clerk="liqiang")), 403,
            "clerk_not_in_outlet")
    # An adult of 15 or more may sit in the exit row; nothing refused was kept.
    assert counter.post(SEATS, choice(flight, exit_seat, age=15)).status_code == 200
    assert list(seats_of(counter, flight)) == [exit_seat]


def test_no_seat_once_check_in_has_closed(ho: HeadOfficeHarness) -> None:
    fm = seat_flight(ho)
    ho.clock.set(fm.departs - timedelta(minutes=44))
    counter = ho.enroll("HET001")  # (a token made now: tokens last hours, not days)
    detail = refused(counter.post(SEATS, choice(fm.flight_id, fm.plain())), 409,
                     "flight_closed")
    assert detail == {"reason": "checkin_closed"}
    ho.clock.set(fm.departs + timedelta(minutes=1))
    detail = refused(counter.post(SEATS, choice(fm.flight_id, fm.plain())), 409,
                     "flight_closed")
    assert detail == {"reason": "departed"}
    ho.clock.set(fm.departs - timedelta(minutes=46))
    assert counter.post(SEATS, choice(fm.flight_id, fm.plain())).status_code == 200


def test_gp_seat_services_by_level(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    flight, seat = fm.flight_id, fm.plain()
    detail = refused(counter.post(SEATS, choice(flight, seat, gp_level="V3", locked=True)),
                     422, "gp_level_lacks")
    assert (detail["service"], detail["level"], detail["needs"]) == ("lock", "V3", "V4")
    detail = refused(counter.post(SEATS, choice(flight, seat, kind="hold",
                                                hold_until=later(2))), 422, "gp_level_lacks")
    assert (detail["service"], detail["level"]) == ("hold", "")
    # The privacy seat's level is the official's own (from the official's choice), never
    # the level the extra seat's request claims.
    official = choice(flight, seat, gp_level="V3")
    assert counter.post(SEATS, official).status_code == 200
    neighbour = privacy_neighbour(fm.seat_map, seat, {})
    assert neighbour is not None
    detail = refused(counter.post(SEATS, choice(flight, neighbour, gp_level="V5", kind="extra",
                                                beside=official["choice_id"])),
                     422, "gp_level_lacks")
    assert (detail["service"], detail["level"]) == ("privacy", "V3")
    v4 = choice(flight, fm.plain(skip=4), gp_level="V4")
    assert counter.post(SEATS, v4).status_code == 200
    beside_v4 = privacy_neighbour(fm.seat_map, fm.plain(skip=4), {})
    assert beside_v4 is not None
    kept = counter.post(SEATS, choice(flight, beside_v4, gp_level="V3", kind="extra",
                                      beside=v4["choice_id"]))
    assert kept.status_code == 200, kept.text
    with ho.db.read() as session:
        row = session.get(SeatAssignment, kept.json()["choice_id"])
        assert row is not None
        assert row.gp_level == "V4"
    # V4 and V5 have them all.
    locked = counter.post(SEATS, choice(flight, fm.plain(skip=1), gp_level="V5", locked=True))
    assert locked.json()["state"] == "locked"
    held = counter.post(SEATS, choice(flight, fm.plain(skip=2), gp_level="V4", kind="hold",
                                      hold_until=later(3)))
    assert held.json()["state"] == "held"
    assert held.json()["hold_until"].startswith(later(3).replace(tzinfo=None).isoformat())


def test_a_hold_needs_a_deadline_before_departure(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    for until in (later(-1), NOON_BEIJING, fm.departs + timedelta(minutes=1), None):
        body = choice(fm.flight_id, fm.plain(), gp_level="V4", kind="hold", hold_until=until)
        refused(counter.post(SEATS, body), 422, "hold_deadline")
    ok = choice(fm.flight_id, fm.plain(), gp_level="V4", kind="hold", hold_until=fm.departs)
    assert counter.post(SEATS, ok).status_code == 200


def test_a_hold_past_its_deadline_frees_the_seat(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    holder, other = ho.enroll("HET001", "gp"), ho.enroll("BAV001", "other")
    fm = seat_flight(ho)
    seat = fm.plain()
    hold = choice(fm.flight_id, seat, gp_level="V4", kind="hold", hold_until=later(1))
    assert holder.post(SEATS, hold).status_code == 200
    assert seats_of(other, fm.flight_id)[seat]["state"] == "held"
    refused(other.post(SEATS, choice(fm.flight_id, seat, clerk="liqiang")), 409, "seat_taken")

    ho.clock.set(later(1) + timedelta(seconds=1))  # head office's clock passes the deadline
    assert seats_of(other, fm.flight_id) == {}
    assert seats_of(holder, fm.flight_id) == {}
    taken = other.post(SEATS, choice(fm.flight_id, seat, clerk="liqiang"))
    assert taken.status_code == 200, taken.text
    with ho.db.read() as session:
        gone = session.get(SeatReleaseRow, hold["choice_id"])
        assert gone is not None
        assert (gone.reason, gone.seat) == ("expired", seat)


def test_the_privacy_seat_is_beside_its_official(ho: HeadOfficeHarness) -> None:
    counter, other = ho.enroll("HET001", "a"), ho.enroll("HET001", "b")
    fm = seat_flight(ho)
    seat = fm.plain()
    official = choice(fm.flight_id, seat, gp_level="V4")
    assert counter.post(SEATS, official).status_code == 200
    neighbour = privacy_neighbour(fm.seat_map, seat, {seat: SeatState.TAKEN})
    assert neighbour is not None
    far = fm.plain(skip=3)

    def extra(code: str, beside: str) -> dict[str, object]:
        return choice(fm.flight_id, code, gp_level="V4", kind="extra", beside=beside)

    refused(counter.post(SEATS, extra(far, official["choice_id"])), 422, "extra_not_beside")
    refused(counter.post(SEATS, extra(neighbour, new_id())), 422, "extra_not_beside")
    refused(other.post(SEATS, extra(neighbour, official["choice_id"])), 403, "not_your_choice")
    kept = counter.post(SEATS, extra(neighbour, official["choice_id"]))
    assert kept.status_code == 200, kept.text
    assert kept.json()["state"] == "extra"
    assert seats_of(other, fm.flight_id)[neighbour]["state"] == "extra"
    # The official gives the seat back: the seat kept empty beside goes with it.
    r = counter.post(f"{SEATS}/release", release(official["choice_id"]))
    assert r.json() == {"choice_id": official["choice_id"], "status": "released"}
    assert seats_of(counter, fm.flight_id) == {}


def test_a_passenger_moves_seats_in_one_step(ho: HeadOfficeHarness) -> None:
    counter, elsewhere = ho.enroll("HET001"), ho.enroll("BAV001")
    fm = seat_flight(ho)
    first = choice(fm.flight_id, fm.plain())
    assert counter.post(SEATS, first).status_code == 200
    moved = choice(fm.flight_id, fm.plain(skip=1), replaces=first["choice_id"])
    assert counter.post(SEATS, moved).status_code == 200
    assert list(seats_of(counter, fm.flight_id)) == [fm.plain(skip=1)]
    refused(elsewhere.post(SEATS, choice(fm.flight_id, fm.plain(skip=2), clerk="liqiang",
                                         replaces=moved["choice_id"])),
            403, "not_your_choice")
    locked = choice(fm.flight_id, fm.plain(skip=3), gp_level="V4", locked=True)
    assert counter.post(SEATS, locked).status_code == 200
    refused(counter.post(SEATS, choice(fm.flight_id, fm.plain(skip=4),
                                       replaces=locked["choice_id"])),
            403, "lock_needs_supervisor")
    assert set(seats_of(counter, fm.flight_id)) == {fm.plain(skip=1), fm.plain(skip=3)}


def test_releases_need_the_outlet_and_a_lock_its_supervisor(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter, same_outlet = ho.enroll("HET001", "a"), ho.enroll("HET001", "b")
    elsewhere = ho.enroll("BAV001", "c")
    fm = seat_flight(ho)
    plain = choice(fm.flight_id, fm.plain())
    locked = choice(fm.flight_id, fm.plain(skip=1), gp_level="V4", locked=True)
    for body in (plain, locked):
        assert counter.post(SEATS, body).status_code == 200
    refused(elsewhere.post(f"{SEATS}/release", release(plain["choice_id"], clerk="liqiang")),
            403, "not_your_choice")
    for approver in ("", "wangli", SUPERVISOR["BAV001"]):
        refused(counter.post(f"{SEATS}/release",
                             release(locked["choice_id"], approved_by=approver)),
                403, "lock_needs_supervisor")
    # Another counter of the same outlet may give a choice back.
    r = same_outlet.post(f"{SEATS}/release", release(plain["choice_id"]))
    assert r.json()["status"] == "released"
    r = counter.post(f"{SEATS}/release",
                     release(locked["choice_id"], approved_by=SUPERVISOR["HET001"]))
    assert r.json()["status"] == "released"
    assert seats_of(counter, fm.flight_id) == {}
    with ho.db.read() as session:
        row = session.get(SeatReleaseRow, locked["choice_id"])
        assert row is not None
        assert (row.approved_by, row.locked) == (SUPERVISOR["HET001"], True)
    # Given back again: still released; never known: unknown; a released choice stays so.
    assert counter.post(f"{SEATS}/release", release(plain["choice_id"])).json()["status"] \
        == "released"
    assert counter.post(f"{SEATS}/release", release(new_id())).json()["status"] == "unknown"
    refused(counter.post(SEATS, plain), 409, "choice_reused")


@pytest.mark.postgres
def test_counters_choosing_at_once_purge_an_expired_hold_once(pg_ho: HeadOfficeHarness) -> None:
    """Ten counters choose seats of one flight at once just after a hold on it lapsed: each
    choice purges expired holds first; the hold is released once and every choice is
    confirmed (none fails on the other's purge)."""
    ho = pg_ho
    holder = ho.enroll("HET001", "gp")
    counters = [ho.enroll("HET001", f"c{i}") for i in range(10)]
    fm = seat_flight(ho)
    hold = choice(fm.flight_id, fm.plain(), gp_level="V4", kind="hold", hold_until=later(1))
    assert holder.post(SEATS, hold).status_code == 200
    ho.clock.set(later(2))
    barrier = threading.Barrier(10)
    answers: list[httpx.Response] = []

    def ask(i: int, counter: CounterClient) -> None:
        body = choice(fm.flight_id, fm.plain(skip=i + 1))
        with httpx.Client(base_url=str(ho.http.base_url), timeout=60) as client:
            barrier.wait()
            answers.append(client.post(SEATS, json=body, headers=counter.headers))

    threads = [threading.Thread(target=ask, args=(i, c)) for i, c in enumerate(counters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in answers) == [200] * 10, [r.text for r in answers]
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SeatReleaseRow)) == 1
        assert session.scalar(select(func.count()).select_from(SeatAssignment)) == 10
