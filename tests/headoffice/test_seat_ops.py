"""``seat.choose`` and ``seat.release`` pushed by counters that chose offline, over real HTTP:
two counters' choices of one seat (one confirmed, the other moved to the nearest equivalent
seat, nothing lost), no equivalent seat left (``seat_unavailable``), a refused op never
holding back the ones behind it, replays by op id and a choice confirmed live then pushed
(answered confirmed, once), and releases."""

from __future__ import annotations

from typing import Any

from ho_support import CounterClient, HeadOfficeHarness
from seat_support import SUPERVISOR, choice, release, seat_flight
from sqlalchemy import func, select

from counter_app.domain.seatmap import Position, SeatState, privacy_neighbour
from counter_app.headoffice.seat_models import SeatAssignment
from counter_app.kernel.ids import new_id

SEATS = "/api/v1/seats"


def shown(counter: CounterClient, flight_id: str) -> dict[str, dict[str, Any]]:
    r = counter.get(f"{SEATS}/{flight_id}")
    assert r.status_code == 200, r.text
    return {s["seat"]: s for s in r.json()["seats"]}


def test_two_counters_choose_one_seat_offline(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    first, second = ho.enroll("HET001", "a"), ho.enroll("BAV001", "b")
    fm = seat_flight(ho)
    seat = fm.plain(position=Position.WINDOW)
    mine = choice(fm.flight_id, seat)
    theirs = choice(fm.flight_id, seat, clerk="liqiang")
    [a] = first.push_ok(first.op("seat.choose", mine))
    [b] = second.push_ok(second.op("seat.choose", theirs))
    assert a["status"] == "applied"
    assert (a["result"]["seat"], a["result"]["status"]) == (seat, "confirmed")
    assert b["status"] == "applied", b
    moved = b["result"]
    assert (moved["status"], moved["moved_from"], moved["choice_id"]) == (
        "moved", seat, theirs["choice_id"])
    assert moved["seat"] != seat
    assert fm.seat(moved["seat"]).position is Position.WINDOW
    assert shown(second, fm.flight_id)[moved["seat"]]["mine"] is True
    assert shown(second, fm.flight_id)[seat]["mine"] is False


def test_no_equivalent_seat_left_is_seat_unavailable(ho: HeadOfficeHarness) -> None:
    """A child may sit in no exit row: with every other seat of the cabin taken, the child's
    choice of a taken seat has nowhere to go."""
    filler, late = ho.enroll("HET001", "a"), ho.enroll("HET001", "b")
    fm = seat_flight(ho)
    cabin = fm.seat_map.seats("Y")
    free_left = [s.code for s in cabin if not s.blocked and not s.exit_row]
    wanted = free_left.pop()
    ops = [filler.op("seat.choose", choice(fm.flight_id, code)) for code in free_left]
    results = filler.push_ok(*ops)
    assert {r["status"] for r in results} == {"applied"}
    [adult] = filler.push_ok(filler.op("seat.choose", choice(fm.flight_id, wanted)))
    assert adult["result"]["status"] == "confirmed"
    [child] = late.push_ok(late.op("seat.choose", choice(fm.flight_id, wanted, ptype="CHD",
                                                         age=7)))
    assert (child["status"], child["code"]) == ("rejected", "seat_unavailable"), child
    # An adult's choice of the same seat moves to an exit row seat, the only ones left.
    [grown] = late.push_ok(late.op("seat.choose", choice(fm.flight_id, wanted, age=30)))
    assert grown["result"]["status"] == "moved"
    assert fm.seat(grown["result"]["seat"]).exit_row


def test_a_refused_op_does_not_hold_back_the_ones_behind_it(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    locked = choice(fm.flight_id, fm.plain(skip=1), gp_level="V4", locked=True)
    results = counter.push_ok(
        counter.op("seat.choose", choice(fm.flight_id, fm.exit_seat(), ptype="CHD", age=6)),
        counter.op("seat.choose", choice(fm.flight_id, fm.plain(), gp_level="V2",
                                         kind="hold", hold_group="g1")),
        counter.op("seat.choose", locked),
        counter.op("seat.release", release(locked["choice_id"])),
        counter.op("seat.choose", choice(new_id(), fm.plain())),
        counter.op("seat.choose", choice(fm.flight_id, fm.plain(skip=2))),
    )
    assert [(r["status"], r["code"]) for r in results] == [
        ("rejected", "exit_row_not_allowed"), ("rejected", "gp_level_lacks"),
        ("applied", ""), ("rejected", "lock_needs_supervisor"), ("rejected", "flight_unknown"),
        ("applied", ""),
    ]
    assert set(shown(counter, fm.flight_id)) == {fm.plain(skip=1), fm.plain(skip=2)}
    [done] = counter.push_ok(counter.op("seat.release", release(
        locked["choice_id"], approved_by=SUPERVISOR["HET001"])))
    assert done["result"] == {"choice_id": locked["choice_id"], "status": "released"}
    assert set(shown(counter, fm.flight_id)) == {fm.plain(skip=2)}


def test_replays_and_a_choice_confirmed_live_then_pushed(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll("HET001")
    fm = seat_flight(ho)
    pushed = choice(fm.flight_id, fm.plain())
    op = counter.op("seat.choose", pushed)
    [first] = counter.push_ok(op)
    [again] = counter.push_ok(op)
    assert first["status"] == "applied"
    assert again["status"] == "duplicate"
    assert again["result"] == first["result"]

    # Confirmed live, its answer lost: the counter pushes the same choice as an op.
    live = choice(fm.flight_id, fm.plain(skip=1))
    answer = counter.post(SEATS, live)
    assert answer.status_code == 200
    [late] = counter.push_ok(counter.op("seat.choose", live))
    assert late["status"] == "applied"
    assert late["result"] == answer.json()
    assert late["result"]["status"] == "confirmed"
    # A choice pushed first and then sent live is one choice too.
    assert counter.post(SEATS, pushed).json() == first["result"]
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SeatAssignment)) == 2
    # Another choice under a used id is refused, the first one kept.
    [reused] = counter.push_ok(counter.op("seat.choose", {**live, "seat": fm.plain(skip=2)}))
    assert (reused["status"], reused["code"]) == ("rejected", "choice_reused")
    assert set(shown(counter, fm.flight_id)) == {fm.plain(), fm.plain(skip=1)}


def test_seat_release_ops(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter, elsewhere = ho.enroll("HET001"), ho.enroll("BAV001")
    fm = seat_flight(ho)
    body = choice(fm.flight_id, fm.plain())
    counter.push_ok(counter.op("seat.choose", body))
    [theirs] = elsewhere.push_ok(elsewhere.op("seat.release", release(body["choice_id"],
                                                                      clerk="liqiang")))
    assert (theirs["status"], theirs["code"]) == ("rejected", "not_your_choice")
    [gone, unknown] = counter.push_ok(
        counter.op("seat.release", release(body["choice_id"], reason="void")),
        counter.op("seat.release", release(new_id())))
    assert gone["result"]["status"] == "released"
    assert unknown["result"]["status"] == "unknown"
    assert shown(counter, fm.flight_id) == {}


def test_the_privacy_seat_follows_its_official_moved_on_push(ho: HeadOfficeHarness) -> None:
    official_counter, other = ho.enroll("HET001", "gp"), ho.enroll("BAV001", "other")
    fm = seat_flight(ho)
    seat = fm.plain()
    beside = privacy_neighbour(fm.seat_map, seat, {})
    assert beside is not None
    [taken] = other.push_ok(other.op("seat.choose", choice(fm.flight_id, seat,
                                                           clerk="liqiang")))
    assert taken["result"]["status"] == "confirmed"
    official = choice(fm.flight_id, seat, gp_level="V4")
    extra = choice(fm.flight_id, beside, gp_level="V4", kind="extra",
                   beside=official["choice_id"])
    [moved, kept] = official_counter.push_ok(official_counter.op("seat.choose", official),
                                             official_counter.op("seat.choose", extra))
    now_at = moved["result"]["seat"]
    assert (moved["result"]["status"], moved["result"]["moved_from"]) == ("moved", seat)
    assert kept["status"] == "applied", kept
    assert (kept["result"]["status"], kept["result"]["moved_from"]) == ("moved", beside)
    assert kept["result"]["state"] == "extra"
    assert fm.seat(kept["result"]["seat"]).row == fm.seat(now_at).row
    assert kept["result"]["seat"] == privacy_neighbour(
        fm.seat_map, now_at, {seat: SeatState.TAKEN, now_at: SeatState.TAKEN})
