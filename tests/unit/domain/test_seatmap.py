"""Seat maps and the seat rules (domain/seatmap.py) on the bundled layouts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.seatmap import (
    Position,
    Seat,
    SeatFacts,
    SeatMap,
    SeatState,
    best_block,
    chart,
    check_seat,
    exit_row_refusal,
    nearest_equivalent,
    parse_seat,
    privacy_neighbour,
    seat_map,
)
from counter_app.resources import resource

ADULT = SeatFacts("ADT", 40)
CHILD = SeatFacts("CHD", 8)
TEEN = SeatFacts("ADT", 14)
MOTHER = SeatFacts("ADT", 30, with_infant=True)
INFANT = SeatFacts("INF", 1)
FREE: Mapping[str, SeatState] = {}


@cache
def layouts() -> dict[str, dict[str, Any]]:
    data = json.loads(resource("data", "aircraft.json").read_text("utf-8"))
    return {lay["id"]: lay for lay in data["layouts"]}


def seat_of(m: SeatMap, code: str) -> Seat:
    seat = m.seat(code)
    assert seat is not None, code
    return seat


@cache
def layout(layout_id: str) -> SeatMap:
    return seat_map(layouts()[layout_id])


# --- building the map --------------------------------------------------------------------------


def test_positions_rows_and_cabins_of_a_two_cabin_a320() -> None:
    m = layout("CA-A320")
    assert (m.layout_id, m.carrier, m.aircraft) == ("CA-A320", "CA", "A320")
    assert [(c.code, c.letters) for c in m.cabins] == [("F", "AC DF"), ("Y", "ABC DEF")]
    assert [r.number for r in m.rows("Y")][:3] == [31, 32, 33]
    a, b, c, d = (m.seat(x) for x in ("32A", "32B", "32C", "32D"))
    assert a is not None
    assert b is not None
    assert c is not None
    assert d is not None
    assert (a.position, b.position, c.position, d.position) == (
        Position.WINDOW, Position.MIDDLE, Position.AISLE, Position.AISLE)
    assert m.seat("1C") is not None
    assert seat_of(m, "1C").position == Position.AISLE
    assert m.seat("1B") is None
    assert m.seat("3A") is None
    assert seat_of(m, "31A").blocked
    assert not seat_of(m, "31B").blocked
    assert seat_of(m, "40A").exit_row
    assert not seat_of(m, "39A").exit_row
    assert m.seat(" 32a ") == a


def test_front_cabin_f_sells_as_c() -> None:
    m = layout("CA-A320")
    assert m.cabin_code("C") == "F"
    assert m.cabin_code("F") == "F"
    assert m.cabin_code("Y") == "Y"
    assert [s.code for s in m.seats("C")] == ["1A", "1C", "1D", "1F", "2A", "2C", "2D", "2F"]
    assert check_seat(m, "1A", "C", ADULT, FREE).code == "1A"
    assert layout("9C-A320").cabin_code("C") is None


def test_skip_rows_and_missing_seats() -> None:
    cz = layout("CZ-A321")
    numbers = [r.number for r in cz.rows()]
    assert 4 not in numbers
    assert 13 not in numbers
    assert 14 not in numbers
    row37 = next(r for r in cz.rows("Y") if r.number == 37)
    assert [None if s is None else s.letter for s in row37.seats] == [
        "A", "B", "C", None, "E", "F"]
    assert cz.seat("37D") is None
    with pytest.raises(DomainError) as e:
        check_seat(cz, "13A", "Y", ADULT, FREE)
    assert e.value.code == "seat_not_on_aircraft"


def test_wide_body_positions() -> None:
    m = layout("*-A333")
    pos = {s.letter: s.position for s in m.rows("Y")[1].seats if s is not None}
    assert pos == {"A": Position.WINDOW, "C": Position.AISLE, "D": Position.AISLE,
                   "E": Position.MIDDLE, "F": Position.MIDDLE, "G": Position.AISLE,
                   "H": Position.AISLE, "K": Position.WINDOW}


def test_wings_and_facilities_from_the_definition() -> None:
    definition = {"id": "T-1", "aircraft": "A320", "carrier": "T",
                  "cabins": [{"cabin": "C", "rows": [1, 2], "seats": "AC DF"},
                             {"cabin": "Y", "rows": [3, 20], "seats": "ABC DEF"}],
                  "skip_rows": [13], "exit_rows": [10, 11], "missing_seats": [],
                  "blocked_seats": [], "wing_rows": [8, 14],
                  "galleys": [1, "end"], "lavatories": [1, 13, "end"]}
    m = seat_map(definition)
    first = m.rows()[0]
    assert first.facilities_before == ("galley", "lavatory")
    row14 = next(r for r in m.rows() if r.number == 14)
    assert row14.facilities_before == ("lavatory",)  # 13 does not exist: before 14
    assert m.facilities_after == ("galley", "lavatory")
    assert [r.number for r in m.rows() if r.wing] == [8, 9, 10, 11, 12, 14]
    assert seat_of(m, "9A").wing
    assert not seat_of(m, "15A").wing


# --- rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("32A", (32, "A")), (" 5k ", (5, "K")),
                                           ("100C", (100, "C"))])
def test_parse_seat(text: str, expected: tuple[int, str]) -> None:
    assert parse_seat(text) == expected


@pytest.mark.parametrize("text", ["", "A32", "32", "32Z", "1234A", "3 2A"])
def test_parse_seat_refuses(text: str) -> None:
    with pytest.raises(DomainError) as e:
        parse_seat(text)
    assert (e.value.code, e.value.field) == ("seat_format", "seat")


@pytest.mark.parametrize(("facts", "reason"), [
    (ADULT, None), (SeatFacts("ADT", None), None), (SeatFacts("ADT", 15), None),
    (INFANT, "infant"), (CHILD, "child"), (TEEN, "under_15"), (MOTHER, "with_infant"),
])
def test_exit_row_refusal(facts: SeatFacts, reason: str | None) -> None:
    assert exit_row_refusal(facts) == reason


def _refusal(m: SeatMap, code: str, cabin: str, facts: SeatFacts,
             states: Mapping[str, SeatState] = FREE) -> tuple[str, dict[str, object]]:
    with pytest.raises(DomainError) as e:
        check_seat(m, code, cabin, facts, states)
    assert e.value.field == "seat"
    return e.value.code, e.value.params


def test_check_seat_refusals() -> None:
    m = layout("CA-A320")
    assert check_seat(m, "32a", "Y", ADULT, FREE).code == "32A"
    assert _refusal(m, "32A", "Y", INFANT)[0] == "infant_no_seat"
    assert _refusal(m, "A32", "Y", ADULT)[0] == "seat_format"
    assert _refusal(m, "1A", "Y", ADULT) == ("seat_not_on_aircraft",
                                             {"seat": "1A", "cabin": "Y"})
    assert _refusal(m, "32A", "C", ADULT)[0] == "seat_not_on_aircraft"
    assert _refusal(m, "99A", "Y", ADULT)[0] == "seat_not_on_aircraft"
    assert _refusal(m, "31A", "Y", ADULT)[0] == "seat_blocked"
    assert _refusal(m, "32A", "Y", ADULT, {"32A": SeatState.BLOCKED})[0] == "seat_blocked"
    for state in (SeatState.TAKEN, SeatState.HELD, SeatState.LOCKED, SeatState.EXTRA,
                  SeatState.CHOSEN):
        assert _refusal(m, "32A", "Y", ADULT, {"32A": state}) == ("seat_taken",
                                                                  {"seat": "32A"})
    assert check_seat(m, "32A", "Y", ADULT, {"32A": SeatState.FREE}).code == "32A"
    assert check_seat(m, "40A", "Y", ADULT, FREE).exit_row
    for facts, reason in ((CHILD, "child"), (TEEN, "under_15"), (MOTHER, "with_infant")):
        assert _refusal(m, "40A", "Y", facts) == ("exit_row_not_allowed",
                                                  {"seat": "40A", "reason": reason})


# --- nearest equivalent -------------------------------------------------------------------------


def test_nearest_equivalent_prefers_same_position_then_rows_then_side() -> None:
    m = layout("CA-A320")
    taken = {"32A": SeatState.TAKEN, "32F": SeatState.TAKEN}
    # 31A and 31F are blocked: the nearest window one row away is 33A (same side)
    assert nearest_equivalent(m, "32A", "Y", ADULT, taken) == "33A"
    assert nearest_equivalent(m, "32A", "Y", ADULT, {"32A": SeatState.TAKEN}) == "32F"
    # a middle seat, both windows near taken: another middle seat first
    assert nearest_equivalent(m, "32B", "Y", ADULT, {"32B": SeatState.TAKEN}) == "32E"


def test_nearest_equivalent_never_an_exit_row_for_a_child() -> None:
    m = layout("CA-A320")
    states = {s.code: SeatState.TAKEN for s in m.seats("Y")
              if not s.exit_row and s.code != "55C"}
    assert nearest_equivalent(m, "39A", "Y", ADULT, states) == "40A"
    assert nearest_equivalent(m, "39A", "Y", CHILD, states) == "55C"
    states["55C"] = SeatState.HELD
    assert nearest_equivalent(m, "39A", "Y", CHILD, states) is None
    assert nearest_equivalent(m, "39A", "Y", INFANT, FREE) is None
    assert nearest_equivalent(m, "1A", "Y", ADULT, FREE) is None


# --- best block ---------------------------------------------------------------------------------


def test_best_block_one_row_same_side() -> None:
    m = layout("CA-A320")
    family = [ADULT, CHILD, ADULT]
    assert best_block(m, "Y", family, FREE) == ("32A", "32B", "32C")
    # only seats across the aisle in one row: 32C 32D 32E
    states = {s.code: SeatState.TAKEN for s in m.seats("Y")
              if s.code not in ("32C", "32D", "32E", "33C", "34A")}
    assert best_block(m, "Y", family, states) == ("32C", "32D", "32E")


def test_best_block_snug_run_first() -> None:
    m = layout("CA-A320")
    # 31B 31C sit between a blocked window and the aisle: a pair fits there exactly
    assert best_block(m, "Y", [ADULT, ADULT], FREE) == ("31B", "31C")


def test_best_block_adjacent_rows() -> None:
    m = layout("CA-A320")
    keep = {"33A", "33B", "34A", "34B"}
    states = {s.code: SeatState.TAKEN for s in m.seats("Y") if s.code not in keep}
    assert best_block(m, "Y", [ADULT] * 4, states) == ("33A", "33B", "34A", "34B")
    assert best_block(m, "Y", [ADULT] * 5, states) == ()


def test_best_block_keeps_children_out_of_exit_rows() -> None:
    m = layout("CA-A320")
    keep = {"40A", "40B", "40C", "39C"}
    states = {s.code: SeatState.TAKEN for s in m.seats("Y") if s.code not in keep}
    assert best_block(m, "Y", [ADULT, ADULT], states) == ("40A", "40B")
    assert best_block(m, "Y", [CHILD, ADULT], states) == ("39C", "40C")
    assert best_block(m, "Y", [CHILD, CHILD], states) == ()
    assert best_block(m, "Y", [ADULT, INFANT], FREE) == ()
    assert best_block(m, "Y", [], FREE) == ()


# --- privacy neighbour --------------------------------------------------------------------------


def test_privacy_neighbour_prefers_away_from_the_aisle() -> None:
    m = layout("CA-A320")
    assert privacy_neighbour(m, "32B", FREE) == "32A"
    assert privacy_neighbour(m, "32B", {"32A": SeatState.TAKEN}) == "32C"
    assert privacy_neighbour(m, "32C", FREE) == "32B"  # never across the aisle
    assert privacy_neighbour(m, "32D", {"32E": SeatState.TAKEN}) is None
    assert privacy_neighbour(m, "31B", FREE) == "31C"  # 31A is blocked
    assert privacy_neighbour(m, "1A", FREE) == "1C"
    assert privacy_neighbour(m, "99A", FREE) is None
    wide = layout("*-A333")
    assert privacy_neighbour(wide, "32E", FREE) == "32F"  # a middle before the aisle 32D
    cz = layout("CZ-A321")
    assert privacy_neighbour(cz, "37E", FREE) == "37F"  # 37D is missing
    assert privacy_neighbour(cz, "37C", {"37B": SeatState.TAKEN}) is None


# --- chart -------------------------------------------------------------------------------------


def test_chart_for_a_child() -> None:
    m = layout("CA-A320")
    c = chart(m, "Y", {"33A": SeatState.TAKEN, "34A": "held", "35A": "free"}, CHILD,
              chosen=["32A"], labels={"32A": "1"}, provisional=["32A"],
              proposal=("32B",))
    assert c.state("33A") == SeatState.TAKEN
    assert c.state("34A") == SeatState.HELD
    assert c.state("35A") == SeatState.FREE
    assert c.state("31A") == SeatState.BLOCKED
    assert c.state("32A") == SeatState.CHOSEN
    assert "32A" in c.provisional
    assert c.labels == {"32A": "1"}
    assert c.proposal == ("32B",)
    assert c.refusals["40A"] == "exit_row_not_allowed"
    assert c.exit_reason == "child"
    assert c.refusals["33A"] == "seat_taken"
    assert c.refusals["31A"] == "seat_blocked"
    assert c.refusals["1A"] == "seat_not_on_aircraft"
    assert "32A" not in c.refusals
    assert not c.offerable("32A")
    assert c.offerable("35A")
    assert c.offerable("32B")
    assert not c.offerable("40A")
    assert not c.offerable("1A")
    assert not c.offerable("99Z")


def test_chart_without_a_passenger_and_for_an_infant() -> None:
    m = layout("CA-A320")
    assert chart(m, "C", FREE).offerable("1A")
    assert not chart(m, "C", FREE).offerable("32A")
    c = chart(m, "Y", FREE)
    assert c.offerable("40A")
    assert not c.offerable("1A")
    assert c.exit_reason is None
    inf = chart(m, "Y", FREE, INFANT)
    assert not any(inf.offerable(s.code) for s in m.seats())
    assert inf.refusals["32A"] == "infant_no_seat"


# --- properties ---------------------------------------------------------------------------------

FACTS = st.sampled_from([ADULT, CHILD, TEEN, MOTHER, SeatFacts("ADT", None)])


@st.composite
def occupied(draw: st.DrawFn) -> tuple[SeatMap, str, dict[str, SeatState]]:
    layout_id = draw(st.sampled_from(sorted(layouts())))
    m = layout(layout_id)
    cabin = draw(st.sampled_from([c.code for c in m.cabins]))
    codes = [s.code for s in m.seats(cabin)]
    taken = draw(st.sets(st.sampled_from(codes), max_size=len(codes)))
    return m, cabin, {c: SeatState.TAKEN for c in taken}


def _usable(m: SeatMap, code: str, facts: SeatFacts, states: Mapping[str, SeatState],
            cabin: str) -> bool:
    seat = m.seat(code)
    return (seat is not None and seat.cabin == m.cabin_code(cabin) and not seat.blocked
            and code not in states
            and not (seat.exit_row and exit_row_refusal(facts) is not None))


@settings(max_examples=150, deadline=None)
@given(occupied(), st.lists(FACTS, min_size=1, max_size=7))
def test_best_block_only_eligible_seats(case: tuple[SeatMap, str, dict[str, SeatState]],
                                        group: list[SeatFacts]) -> None:
    m, cabin, states = case
    block = best_block(m, cabin, group, states)
    if block:
        assert len(block) == len(group) == len(set(block))
        for code, facts in zip(block, group, strict=True):
            assert _usable(m, code, facts, states, cabin)
        for code in block:  # accepted by the check of the sale too
            facts = group[block.index(code)]
            check_seat(m, code, cabin, facts, states)


@settings(max_examples=150, deadline=None)
@given(occupied(), st.integers(min_value=1, max_value=4))
def test_best_block_contiguous_when_one_exists(
        case: tuple[SeatMap, str, dict[str, SeatState]], n: int) -> None:
    m, cabin, states = case
    found = m.cabin(cabin)
    assert found is not None
    letters = found.letters
    sides = letters.split(" ")
    exists = False
    for r in found.rows:
        for side in sides:
            run = 0
            for letter in side:
                code = f"{r.number}{letter}"
                run = run + 1 if _usable(m, code, ADULT, states, cabin) else 0
                exists = exists or run >= n
    block = best_block(m, cabin, [ADULT] * n, states)
    if exists:
        rows = {seat_of(m, c).row for c in block}
        assert len(rows) == 1
        side_of = {letter: i for i, s in enumerate(sides) for letter in s}
        assert len({side_of[c[-1]] for c in block}) == 1
        cols = sorted(letters.replace(" ", "").index(c[-1]) for c in block)
        assert cols == list(range(cols[0], cols[0] + n))


@settings(max_examples=150, deadline=None)
@given(occupied(), FACTS, st.data())
def test_nearest_equivalent_is_eligible_and_nearest(
        case: tuple[SeatMap, str, dict[str, SeatState]], facts: SeatFacts,
        data: st.DataObject) -> None:
    m, cabin, states = case
    origin = data.draw(st.sampled_from([s.code for s in m.seats(cabin)]))
    found = nearest_equivalent(m, origin, cabin, facts, states)
    candidates = [s for s in m.seats(cabin)
                  if s.code != origin and _usable(m, s.code, facts, states, cabin)]
    if found is None:
        assert candidates == []
        return
    assert _usable(m, found, facts, states, cabin)
    assert found != origin
    home = m.seat(origin)
    got = m.seat(found)
    assert home is not None
    assert got is not None
    if got.position != home.position:
        assert all(s.position != home.position for s in candidates)
    index = {r.number: i for i, r in enumerate(m.rows(cabin))}
    same = [s for s in candidates if s.position == got.position]
    assert abs(index[got.row] - index[home.row]) == min(
        abs(index[s.row] - index[home.row]) for s in same)


@settings(max_examples=100, deadline=None)
@given(occupied(), st.data())
def test_privacy_neighbour_is_free_and_beside(
        case: tuple[SeatMap, str, dict[str, SeatState]], data: st.DataObject) -> None:
    m, cabin, states = case
    origin = data.draw(st.sampled_from([s.code for s in m.seats(cabin)]))
    found = privacy_neighbour(m, origin, states)
    if found is None:
        return
    home, got = m.seat(origin), m.seat(found)
    assert home is not None
    assert got is not None
    assert got.row == home.row
    assert not got.blocked
    assert found not in states
    letters = m.cabin(cabin).letters  # type: ignore[union-attr]
    assert abs(letters.index(got.letter) - letters.index(home.letter)) == 1


# --- every bundled layout ------------------------------------------------------------------------


@pytest.mark.parametrize("layout_id", sorted(layouts()))
def test_every_bundled_layout_parses_and_is_consistent(layout_id: str) -> None:
    lay = layouts()[layout_id]
    m = layout(layout_id)
    numbers = [r.number for r in m.rows()]
    assert numbers == sorted(set(numbers))  # front to back, no row twice
    assert not set(lay["skip_rows"]) & set(numbers)
    for row in lay["exit_rows"]:  # every exit row exists, in a cabin
        assert row in numbers, row
    for code in lay["blocked_seats"]:  # every blocked seat exists
        assert seat_of(m, code).blocked
    for code in lay["missing_seats"]:
        assert m.seat(code) is None
    first, last = lay["wing_rows"]
    assert first in numbers
    assert last in numbers
    assert first <= last
    exits = lay["exit_rows"]
    assert first <= max(exits)
    assert min(exits) <= last
    for key in ("galleys", "lavatories"):
        for at in lay[key]:
            assert at == "end" or at in numbers, (key, at)
    assert m.rows()[0].facilities_before  # a galley or lavatory at the front door
    assert m.facilities_after  # and at the back
    for c in m.cabins:  # every row has the cabin's letters, a window at each side
        assert all(len(r.seats) == len(c.letters.replace(" ", "")) for r in c.rows)
        ends = [s for r in c.rows for s in (r.seats[0], r.seats[-1]) if s is not None]
        assert all(s.position == Position.WINDOW for s in ends)
    seats = m.seats()
    assert len(seats) == len({s.code for s in seats})
    # a cabin each booking class can sit in: Y, and C (or F sold as C) where there is one
    assert m.cabin("Y") is not None
    assert len(m.cabins) == 1 or m.cabin("C") is not None


def test_best_block_over_rows_prefers_full_rows() -> None:
    m = layout("CA-A320")
    keep = {"33A", "33B", "33C", "34A", "35A", "35B", "36A", "36B"}
    states = {s.code: SeatState.TAKEN for s in m.seats("Y") if s.code not in keep}
    # 33ABC + 34A (a row of 3 and 1) against 35AB + 36AB (two full rows of two)
    assert best_block(m, "Y", [ADULT] * 4, states) == ("35A", "35B", "36A", "36B")
    many = best_block(m, "Y", [ADULT] * 14, {})
    assert len(set(many)) == 14
    assert {seat_of(m, c).row for c in many} == {32, 33, 34, 35, 36}  # A, B, C of five rows


def test_best_block_over_rows_not_across_a_lavatory() -> None:
    m = layout("*-A333")
    assert "lavatory" in next(r for r in m.rows("Y") if r.number == 48).facilities_before
    keep = {"47A", "47C", "48A", "48C", "50A", "50C", "51A", "51C"}
    states = {s.code: SeatState.TAKEN for s in m.seats("Y") if s.code not in keep}
    assert best_block(m, "Y", [ADULT] * 4, states) == ("50A", "50C", "51A", "51C")


@settings(max_examples=100, deadline=None)
@given(occupied(), st.sampled_from([ADULT, CHILD, TEEN, MOTHER, INFANT]),
       st.sampled_from(["F", "C", "Y"]))
def test_chart_offers_exactly_what_check_seat_accepts(
        case: tuple[SeatMap, str, dict[str, SeatState]], facts: SeatFacts,
        booked: str) -> None:
    m, _, states = case
    shown = chart(m, booked, states, facts)
    for s in m.seats():
        refused = _check_refusal(m, s.code, booked, facts, states)
        assert shown.offerable(s.code) == (refused is None)
        assert shown.refusals.get(s.code) == refused


def _check_refusal(m: SeatMap, code: str, cabin: str, facts: SeatFacts,
                   states: Mapping[str, SeatState]) -> str | None:
    try:
        check_seat(m, code, cabin, facts, states)
    except DomainError as e:
        return e.code
    return None
