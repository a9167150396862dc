"""Seat maps (座位图) and the seat rules of preselection and check-in (docs/domain.md §9).

A seat map is data per carrier and aircraft: the layout JSON of
``resources/data/aircraft.json`` (kept in the ``definition`` column of the seat layouts on
both sides; resources/data/SCHEMA.md describes it). :func:`seat_map` turns it into a
:class:`SeatMap` of cabins (舱位), rows (排) and seats (座位) with their position (window
靠窗 / middle 中间 / aisle 靠过道), exit row (紧急出口排), wing (机翼) and the galleys
(厨房) and lavatories (洗手间) between rows.

The rules, pure and shared by the counter and head office:

- :func:`check_seat`: may this passenger have this seat of the booked cabin now;
- :func:`exit_row_refusal`: no child, no infant, nobody under 15 and no adult holding an
  infant in an exit row;
- :func:`nearest_equivalent`: where a seat taken meanwhile moves to;
- :func:`best_block`: a family or group seated together (一起坐);
- :func:`privacy_neighbour`: the seat kept empty beside a GP official (隐私座, ``EXST``);
- :func:`chart`: what a seat map on screen shows for one passenger (:class:`SeatChart`).

A two-cabin aircraft whose layout calls its front cabin F sells it as C (the carriers'
domestic two-class product): a booking in C sits in the F cabin of such a layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from counter_app.domain.errors import DomainError

__all__ = [
    "EXIT_ROW_MIN_AGE",
    "Cabin",
    "Position",
    "Seat",
    "SeatChart",
    "SeatFacts",
    "SeatMap",
    "SeatRow",
    "SeatState",
    "best_block",
    "chart",
    "check_seat",
    "exit_row_refusal",
    "nearest_equivalent",
    "parse_seat",
    "privacy_neighbour",
    "seat_map",
]

EXIT_ROW_MIN_AGE = 15
AFTER_LAST_ROW = "end"  # a galley or lavatory "before" this sits after the last row
_SEAT = re.compile(r"^(\d{1,3})([A-K])$")


class SeatState(StrEnum):
    """What a seat is on a flight (座位状态): free 可选, taken 已占, blocked 航司锁定不售,
    held 压座, locked 锁定 (GP), extra 占座 (an extra seat, ``EXST``), chosen 本订单已选."""

    FREE = "free"
    TAKEN = "taken"
    BLOCKED = "blocked"
    HELD = "held"
    LOCKED = "locked"
    EXTRA = "extra"
    CHOSEN = "chosen"


class Position(StrEnum):
    """Where a seat is across the row: window 靠窗, middle 中间, aisle 靠过道."""

    WINDOW = "window"
    MIDDLE = "middle"
    AISLE = "aisle"


@dataclass(frozen=True, slots=True)
class Seat:
    """One seat of the aircraft; ``code`` as the carrier numbers it, e.g. ``"32A"``.

    ``cabin`` is the layout's cabin code (F, C or Y); ``blocked``: the airline keeps it
    from preselection (it exists and is sold, only not chosen in advance).
    """

    code: str
    row: int
    letter: str
    cabin: str
    position: Position
    exit_row: bool
    wing: bool
    blocked: bool


@dataclass(frozen=True, slots=True)
class SeatRow:
    """One row: ``seats`` has one entry per letter column of the cabin (None where the row
    lacks that seat); ``facilities_before``: "galley"/"lavatory" between this row and the
    one in front of it (or the nose, for the first row)."""

    number: int
    cabin: str
    seats: tuple[Seat | None, ...]
    exit_row: bool
    wing: bool
    facilities_before: tuple[str, ...] = ()


class Cabin(NamedTuple):
    """A cabin of the layout: its code, its letters left to right with ``" "`` for an aisle
    (e.g. ``"ABC DEF"``), and its rows front to back."""

    code: str
    letters: str
    rows: tuple[SeatRow, ...]


@dataclass(frozen=True, slots=True)
class SeatMap:
    """A carrier's aircraft as it numbers its seats; ``facilities_after``: galleys and
    lavatories after the last row."""

    layout_id: str
    carrier: str
    aircraft: str
    cabins: tuple[Cabin, ...]
    facilities_after: tuple[str, ...] = ()
    _by_code: dict[str, Seat] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {s.code: s for c in self.cabins for r in c.rows for s in r.seats
                 if s is not None}
        object.__setattr__(self, "_by_code", index)

    def seat(self, code: str) -> Seat | None:
        """The seat ``code`` (any cabin), or None when the aircraft has no such seat."""
        return self._by_code.get(code.strip().upper())

    def cabin_code(self, cabin: str) -> str | None:
        """The layout's cabin a booking in ``cabin`` sits in: the same code, or F for C on a
        layout whose front cabin is F and that has no C; None when there is none."""
        codes = [c.code for c in self.cabins]
        if cabin in codes:
            return cabin
        if cabin == "C" and "F" in codes:
            return "F"
        return None

    def cabin(self, cabin: str) -> Cabin | None:
        """The :class:`Cabin` a booking in ``cabin`` sits in (see :meth:`cabin_code`)."""
        code = self.cabin_code(cabin)
        return next((c for c in self.cabins if c.code == code), None)

    def rows(self, cabin: str | None = None) -> list[SeatRow]:
        """Rows front to back, of one cabin (as booked) or of the whole aircraft."""
        if cabin is None:
            return [r for c in self.cabins for r in c.rows]
        found = self.cabin(cabin)
        return [] if found is None else list(found.rows)

    def seats(self, cabin: str | None = None) -> list[Seat]:
        """Seats front to back, left to right, of one cabin (as booked) or of all."""
        return [s for r in self.rows(cabin) for s in r.seats if s is not None]


@dataclass(frozen=True, slots=True)
class SeatFacts:
    """What the seat rules need to know of a passenger: ``passenger_type`` ADT/CHD/INF,
    ``age`` on the day of the flight (None: not known), ``with_infant``: an adult holding an
    infant on the lap, ``gp_level``: V1..V5 of a GP official, else None."""

    passenger_type: str = "ADT"
    age: int | None = None
    with_infant: bool = False
    gp_level: str | None = None


# --- building a map ---------------------------------------------------------------------------


def _positions(letters: str) -> dict[str, Position]:
    """Position of each letter: the outermost are windows, those beside a gap are aisles."""
    out: dict[str, Position] = {}
    cols = list(letters)
    present = [i for i, ch in enumerate(cols) if ch != " "]
    if not present:
        return out
    first, last = present[0], present[-1]
    for i in present:
        beside_gap = (i > 0 and cols[i - 1] == " ") or (i + 1 < len(cols) and cols[i + 1] == " ")
        if i in (first, last):
            out[cols[i]] = Position.WINDOW
        elif beside_gap:
            out[cols[i]] = Position.AISLE
        else:
            out[cols[i]] = Position.MIDDLE
    return out


def _facility_rows(definition: Mapping[str, Any], key: str) -> list[int | str]:
    return [v if isinstance(v, int) else str(v) for v in definition.get(key, []) or []]


def seat_map(definition: Mapping[str, Any], layout_id: str = "") -> SeatMap:
    """The seat map of a layout (one entry of aircraft.json's ``layouts``).

    Rows in ``skip_rows`` do not exist; seats in ``missing_seats`` are None in their row;
    ``wing_rows`` is [first, last] over the wing; ``galleys`` and ``lavatories`` list the
    row numbers each one sits in front of, or ``"end"`` for after the last row (a number
    that is no existing row goes before the next row that exists).
    """
    skip = set(definition.get("skip_rows", []) or [])
    exits = set(definition.get("exit_rows", []) or [])
    missing = set(definition.get("missing_seats", []) or [])
    blocked = set(definition.get("blocked_seats", []) or [])
    wing = definition.get("wing_rows") or []
    wing_first, wing_last = (int(wing[0]), int(wing[1])) if len(wing) == 2 else (0, -1)
    before: dict[int, list[str]] = {}
    after: list[str] = []
    for key, name in (("galleys", "galley"), ("lavatories", "lavatory")):
        for at in _facility_rows(definition, key):
            if isinstance(at, int):
                before.setdefault(at, []).append(name)
            else:
                after.append(name)
    existing = sorted({n for c in definition.get("cabins", [])
                       for n in range(int(c["rows"][0]), int(c["rows"][1]) + 1)} - skip)
    placed: dict[int, list[str]] = {}
    for at, names in sorted(before.items()):
        target = next((n for n in existing if n >= at), None)
        if target is None:
            after.extend(names)
        else:
            placed.setdefault(target, []).extend(names)
    cabins: list[Cabin] = []
    for c in definition.get("cabins", []):
        code, letters = str(c["cabin"]), str(c["seats"])
        positions = _positions(letters)
        rows: list[SeatRow] = []
        for number in range(int(c["rows"][0]), int(c["rows"][1]) + 1):
            if number in skip:
                continue
            is_exit, is_wing = number in exits, wing_first <= number <= wing_last
            seats: list[Seat | None] = []
            for letter in letters.replace(" ", ""):
                seat_code = f"{number}{letter}"
                seats.append(None if seat_code in missing else Seat(
                    code=seat_code, row=number, letter=letter, cabin=code,
                    position=positions[letter], exit_row=is_exit, wing=is_wing,
                    blocked=seat_code in blocked))
            rows.append(SeatRow(number=number, cabin=code, seats=tuple(seats),
                                exit_row=is_exit, wing=is_wing,
                                facilities_before=tuple(placed.get(number, ()))))
        cabins.append(Cabin(code, letters, tuple(rows)))
    return SeatMap(layout_id=layout_id or str(definition.get("id", "")),
                   carrier=str(definition.get("carrier", "")),
                   aircraft=str(definition.get("aircraft", "")),
                   cabins=tuple(cabins), facilities_after=tuple(after))


# --- the rules --------------------------------------------------------------------------------


def parse_seat(text: str) -> tuple[int, str]:
    """(row, letter) of a seat typed as ``"32A"`` (spaces and case forgiven);
    DomainError ``seat_format`` otherwise."""
    m = _SEAT.match(text.strip().upper())
    if m is None:
        raise DomainError("seat_format", field="seat", seat=text.strip())
    return int(m.group(1)), m.group(2)


def exit_row_refusal(facts: SeatFacts) -> str | None:
    """Why this passenger may not sit in an exit row (docs/domain.md §9): ``infant``,
    ``child``, ``under_15`` or ``with_infant`` (an adult holding an infant); None: may."""
    if facts.passenger_type == "INF":
        return "infant"
    if facts.passenger_type == "CHD":
        return "child"
    if facts.age is not None and facts.age < EXIT_ROW_MIN_AGE:
        return "under_15"
    if facts.with_infant:
        return "with_infant"
    return None


def _is_free(code: str, states: Mapping[str, SeatState]) -> bool:
    return states.get(code, SeatState.FREE) == SeatState.FREE


def _eligible(seat: Seat, facts: SeatFacts, states: Mapping[str, SeatState]) -> bool:
    """A seat this passenger could be given now: free, not blocked, exit row allowed."""
    return (not seat.blocked and _is_free(seat.code, states)
            and not (seat.exit_row and exit_row_refusal(facts) is not None))


def check_seat(seat_map: SeatMap, code: str, cabin: str, facts: SeatFacts,
               states: Mapping[str, SeatState]) -> Seat:
    """The seat ``code`` if this passenger, booked in ``cabin``, may have it now.

    ``states``: the flight's seats that are not free (a passenger's own current seat left
    out by the caller). Refusals, ``field="seat"``, in this order: ``infant_no_seat``,
    ``seat_format``, ``seat_not_on_aircraft`` (seat, cabin), ``seat_blocked``,
    ``exit_row_not_allowed`` (seat, reason), ``seat_taken`` (seat).
    """
    if facts.passenger_type == "INF":
        raise DomainError("infant_no_seat", field="seat")
    row, letter = parse_seat(code)
    wanted = f"{row}{letter}"
    seat = seat_map.seat(wanted)
    if seat is None or seat.cabin != seat_map.cabin_code(cabin):
        raise DomainError("seat_not_on_aircraft", field="seat", seat=wanted, cabin=cabin)
    if seat.blocked or states.get(wanted) == SeatState.BLOCKED:
        raise DomainError("seat_blocked", field="seat", seat=wanted)
    reason = exit_row_refusal(facts) if seat.exit_row else None
    if reason is not None:
        raise DomainError("exit_row_not_allowed", field="seat", seat=wanted, reason=reason)
    if not _is_free(wanted, states):
        raise DomainError("seat_taken", field="seat", seat=wanted)
    return seat


def _side(letters: str, letter: str) -> int:
    """Which block of seats between aisles a letter is in (0 = leftmost)."""
    return letters[:letters.index(letter)].count(" ") if letter in letters else -1


def nearest_equivalent(seat_map: SeatMap, code: str, cabin: str, facts: SeatFacts,
                       states: Mapping[str, SeatState]) -> str | None:
    """The free seat of the cabin this passenger may have that is closest to ``code``
    (itself excluded): the same position (window, middle, aisle) first, then the fewest rows
    away (rows that exist), then the same side of the aisle, then the fewest columns away,
    then front and left first. None when there is no such seat (or ``code`` is not a seat
    of that cabin, or the passenger is an infant)."""
    found = seat_map.cabin(cabin)
    try:
        row, letter = parse_seat(code)
    except DomainError:
        return None
    origin = seat_map.seat(f"{row}{letter}")
    if found is None or origin is None or origin.cabin != found.code:
        return None
    if facts.passenger_type == "INF":
        return None
    index = {r.number: i for i, r in enumerate(found.rows)}
    columns = found.letters.replace(" ", "")
    home_row, home_col = index[origin.row], columns.index(origin.letter)
    home_side = _side(found.letters, origin.letter)
    best: tuple[int, int, int, int, int, int] | None = None
    best_code: str | None = None
    for r in found.rows:
        for col, s in enumerate(r.seats):
            if s is None or s.code == origin.code or not _eligible(s, facts, states):
                continue
            key = (int(s.position != origin.position), abs(index[r.number] - home_row),
                   int(_side(found.letters, s.letter) != home_side), abs(col - home_col),
                   index[r.number], col)
            if best is None or key < best:
                best, best_code = key, s.code
    return best_code


def _assign(seats: Sequence[Seat], facts_list: Sequence[SeatFacts]) -> tuple[str, ...] | None:
    """Give each passenger one of ``seats`` (front to back, left to right, in the order of
    the passengers), those barred from exit rows on seats out of them; None if impossible."""
    ordered = sorted(seats, key=lambda s: (s.row, s.code))
    if not any(s.exit_row for s in ordered):
        return tuple(s.code for s in ordered)
    plain = [s for s in ordered if not s.exit_row]
    barred = [i for i, f in enumerate(facts_list) if exit_row_refusal(f) is not None]
    if len(barred) > len(plain):
        return None
    given: dict[int, Seat] = {}
    for i, s in zip(barred, plain, strict=False):
        given[i] = s
    rest = [s for s in ordered if s not in given.values()]
    free_people = [i for i in range(len(facts_list)) if i not in given]
    for i, s in zip(free_people, rest, strict=False):
        given[i] = s
    return tuple(given[i].code for i in range(len(facts_list)))


def _runs(row: SeatRow, letters: str, same_side: bool, usable: set[str]) -> list[list[Seat]]:
    """Maximal runs of usable adjacent seats in a row: within one side of the aisle, or
    across the aisle (``same_side`` False: an aisle does not break a run)."""
    runs: list[list[Seat]] = []
    current: list[Seat] = []
    columns = letters.replace(" ", "")
    for col, s in enumerate(row.seats):
        if same_side and col > 0 and _side(letters, columns[col]) != _side(letters,
                                                                           columns[col - 1]):
            if current:
                runs.append(current)
            current = []
        if s is not None and s.code in usable:
            current.append(s)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def best_block(seat_map: SeatMap, cabin: str, facts_list: Sequence[SeatFacts],
               states: Mapping[str, SeatState]) -> tuple[str, ...]:
    """Seats for a family or group together (一起坐), one per passenger in the order of
    ``facts_list``, each seat one its passenger may have; () when there is no such block.

    Preference: one row on the same side of the aisle; then one row across the aisle; then
    rows one behind the other in the same columns (all of one side, then across the aisle),
    every row full but the last, whose seats start at either edge of the columns, and no
    galley or lavatory between the rows. In one
    row, the run that fits most snugly (fewest free seats left over beside it), then the
    frontmost; over rows, the fewest rows, then the fullest last row, then the frontmost.
    Infants take no seat: a list with one gives ().
    """
    found = seat_map.cabin(cabin)
    n = len(facts_list)
    if found is None or n == 0 or any(f.passenger_type == "INF" for f in facts_list):
        return ()
    rows = found.rows
    usable = {s.code for r in rows for s in r.seats
              if s is not None and not s.blocked and _is_free(s.code, states)}
    for same_side in (True, False):
        candidates: list[tuple[int, int, int, list[Seat]]] = []
        for ri, r in enumerate(rows):
            for run in _runs(r, found.letters, same_side, usable):
                for start in range(len(run) - n + 1):
                    seats = run[start:start + n]
                    candidates.append((len(run) - n, ri, start, seats))
        for _, _, _, seats in sorted(candidates, key=lambda c: c[:3]):
            given = _assign(seats, facts_list)
            if given is not None:
                return given
    columns = found.letters.replace(" ", "")
    for same_side in (True, False):
        # every column range has one depth that holds the group: full rows but the last
        shapes: list[tuple[int, int, int, int, int]] = []
        for c0 in range(len(columns)):
            for c1 in range(c0, len(columns)):
                if same_side and _side(found.letters, columns[c0]) != _side(
                        found.letters, columns[c1]):
                    continue
                width = c1 - c0 + 1
                depth = -(-n // width)
                if depth < 2:
                    continue
                waste = depth * width - n  # seats of the last row left over
                shapes.extend((depth, waste, ri, c0, c1)
                              for ri in range(len(rows) - depth + 1)
                              if not any(r.facilities_before
                                         for r in rows[ri + 1:ri + depth]))
        for depth, _, ri, c0, c1 in sorted(shapes):
            rect = _rect(rows[ri:ri + depth], c0, c1, n, usable)
            if rect is not None:
                given = _assign(rect, facts_list)
                if given is not None:
                    return given
    return ()


def _rect(block: Sequence[SeatRow], c0: int, c1: int, n: int,
          usable: set[str]) -> list[Seat] | None:
    """``n`` seats in columns c0..c1 of consecutive rows: every row full but the last,
    whose share is contiguous from the left or the right edge; None if not all usable."""
    width = c1 - c0 + 1
    out: list[Seat] = []
    for r in block[:-1]:
        for s in r.seats[c0:c1 + 1]:
            if s is None or s.code not in usable:
                return None
            out.append(s)
    left = n - width * (len(block) - 1)
    last = block[-1].seats[c0:c1 + 1]
    for part in (last[:left], last[width - left:]):
        if all(s is not None and s.code in usable for s in part):
            return out + [s for s in part if s is not None]
    return None


_ASIDE_RANK = {Position.WINDOW: 0, Position.MIDDLE: 1, Position.AISLE: 2}


def privacy_neighbour(seat_map: SeatMap, code: str,
                      states: Mapping[str, SeatState]) -> str | None:
    """The free seat right beside ``code`` on the same side of the aisle, to keep empty for
    privacy (an extra seat, ``EXST``); None when there is none.

    Of two free neighbours, the one away from the aisle is taken (a window before a middle
    seat, a middle before an aisle seat), so that the official is screened from the aisle
    traffic as well as from a stranger; equal ranks take the left one. Blocked seats are
    never offered; a missing seat is no neighbour (the seat beyond it is not beside).
    """
    origin = seat_map.seat(code)
    if origin is None:
        return None
    found = next(c for c in seat_map.cabins if c.code == origin.cabin)
    row = next(r for r in found.rows if r.number == origin.row)
    columns = found.letters.replace(" ", "")
    col = columns.index(origin.letter)
    side = _side(found.letters, origin.letter)
    options: list[Seat] = []
    for other in (col - 1, col + 1):
        if 0 <= other < len(columns) and _side(found.letters, columns[other]) == side:
            s = row.seats[other]
            if s is not None and not s.blocked and _is_free(s.code, states):
                options.append(s)
    if not options:
        return None
    return min(options, key=lambda s: (_ASIDE_RANK[s.position], s.letter)).code


# --- what a map shows -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeatChart:
    """What a seat map on screen shows (座位图显示) for one passenger of one booking.

    ``states``: seats that are not free (``chosen`` for this booking's choices);
    ``refusals``: code -> the refusal :func:`check_seat` gives this passenger for that seat
    (``infant_no_seat``, ``seat_not_on_aircraft`` for a seat of another cabin,
    ``seat_blocked``, ``exit_row_not_allowed`` with ``exit_reason`` as its reason,
    ``seat_taken``); ``labels``: short text on
    a seat (a passenger's number); ``provisional``: chosen offline, not yet confirmed by
    head office; ``proposal``: the seats proposed for a group. A ``chosen`` seat is neither
    offerable nor refused: the dialog decides what a click on it means.
    """

    seat_map: SeatMap
    cabin: str
    states: Mapping[str, SeatState] = field(default_factory=dict)
    refusals: Mapping[str, str] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    provisional: frozenset[str] = frozenset()
    proposal: tuple[str, ...] = ()
    exit_reason: str | None = None

    def state(self, code: str) -> SeatState:
        """The seat's state; a seat the airline blocks is ``blocked`` whatever else."""
        seat = self.seat_map.seat(code)
        if seat is not None and seat.blocked:
            return SeatState.BLOCKED
        return self.states.get(code, SeatState.FREE)

    def offerable(self, code: str) -> bool:
        """The passenger may be given this seat now (free, in the cabin, not refused)."""
        seat = self.seat_map.seat(code)
        return (seat is not None and code not in self.refusals
                and self.state(code) == SeatState.FREE
                and seat.cabin == self.seat_map.cabin_code(self.cabin))


def chart(seat_map: SeatMap, cabin: str, states: Mapping[str, str],
          facts: SeatFacts | None = None, *, chosen: Iterable[str] = (),
          labels: Mapping[str, str] | None = None, provisional: Iterable[str] = (),
          proposal: Sequence[str] = ()) -> SeatChart:
    """The :class:`SeatChart` of ``seat_map`` for a passenger booked in ``cabin``:
    ``states`` of the flight (SeatState or its value) plus ``chosen`` (this booking's
    seats), and the refusals for ``facts`` (None: no passenger picked, only the cabin,
    blocked and taken refusals)."""
    merged: dict[str, SeatState] = {k: SeatState(v) for k, v in states.items()
                                    if SeatState(v) != SeatState.FREE}
    for code in chosen:
        merged[code] = SeatState.CHOSEN
    home = seat_map.cabin_code(cabin)
    reason = None if facts is None else exit_row_refusal(facts)
    infant = facts is not None and facts.passenger_type == "INF"
    refusals: dict[str, str] = {}
    for s in seat_map.seats():
        state = merged.get(s.code, SeatState.FREE)
        if infant:
            refusals[s.code] = "infant_no_seat"
        elif s.cabin != home:
            refusals[s.code] = "seat_not_on_aircraft"
        elif s.blocked or state == SeatState.BLOCKED:
            refusals[s.code] = "seat_blocked"
        elif s.exit_row and reason is not None:
            refusals[s.code] = "exit_row_not_allowed"
        elif state == SeatState.CHOSEN:
            continue
        elif state != SeatState.FREE:
            refusals[s.code] = "seat_taken"
    return SeatChart(seat_map=seat_map, cabin=cabin, states=merged, refusals=refusals,
                     labels=dict(labels or {}), provisional=frozenset(provisional),
                     proposal=tuple(proposal), exit_reason=reason)
