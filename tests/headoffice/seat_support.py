"""Helpers of the seat authority tests: a flight's seat map as head office holds it, seats of
each sort on it, and seat choices as a counter sends them (live body or op payload)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ho_support import NOON_BEIJING, HeadOfficeHarness
from sqlalchemy import select

from counter_app.domain.seatmap import Position, Seat, SeatMap, seat_map
from counter_app.headoffice.inventory import departure
from counter_app.headoffice.models import Flight, Layout
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import SeatChoose, SeatRelease, op_payload

SUPERVISOR = {"HET001": "chenhong", "BAV001": "hugang"}


@dataclass(frozen=True)
class FlightMap:
    flight_id: str
    seat_map: SeatMap
    departs: datetime  # aware

    def plain(self, cabin: str = "Y", position: Position = Position.WINDOW,
              skip: int = 0) -> str:
        """A seat of ``cabin`` anyone may have: not blocked, not in an exit row."""
        found = [s for s in self.seat_map.seats(cabin)
                 if not s.blocked and not s.exit_row and s.position == position]
        return found[skip].code

    def exit_seat(self, cabin: str = "Y") -> str:
        return next(s.code for s in self.seat_map.seats(cabin)
                    if s.exit_row and not s.blocked)

    def blocked(self) -> str:
        return next(s.code for s in self.seat_map.seats() if s.blocked)

    def seat(self, code: str) -> Seat:
        found = self.seat_map.seat(code)
        assert found is not None
        return found


def flight_map(ho: HeadOfficeHarness, flight_id: str) -> FlightMap:
    with ho.db.read() as session:
        flight = session.get(Flight, flight_id)
        assert flight is not None
        layout = session.scalar(select(Layout).where(Layout.id == flight.layout_id))
        assert layout is not None
        return FlightMap(flight_id, seat_map(layout.definition, layout.id),
                         departure(flight.dep_date, flight.dep_time))


def seat_flight(ho: HeadOfficeHarness, *, blocked: bool = True, exits: bool = True,
                cabin: str = "Y") -> FlightMap:
    """A flight of the template whose layout has blocked seats and exit rows."""
    for skip in range(40):
        fm = flight_map(ho, ho.flight(cabin=cabin, min_free=1, skip=skip))
        has_blocked = any(s.blocked for s in fm.seat_map.seats())
        has_exit = any(s.exit_row and not s.blocked for s in fm.seat_map.seats(cabin))
        if (has_blocked or not blocked) and (has_exit or not exits):
            return fm
    raise AssertionError("no flight with such a layout in the template")


def choice(flight_id: str, seat: str, *, cabin: str = "Y", ptype: str = "ADT",
           age: int | None = 40, with_infant: bool = False, gp_level: str | None = None,
           kind: str = "seat", locked: bool = False, hold_until: datetime | None = None,
           hold_group: str = "", beside: str = "", replaces: str = "",
           clerk: str = "wangli", choice_id: str | None = None,
           name: str = "张三", holder: str | None = None, ticket: str | None = None,
           seq: int | None = None) -> dict[str, Any]:
    """A ``SeatChoose`` as a counter builds it (its op payload is also its live body)."""
    fields: dict[str, Any] = {
        "choice_id": choice_id or new_id(), "flight_id": flight_id, "cabin": cabin,
        "seat": seat, "holder": holder or new_id(), "passenger_name": name,
        "passenger": {"passenger_type": ptype, "age": age, "with_infant": with_infant,
                      "gp_level": gp_level},
        "clerk_login": clerk, "chosen_at": NOON_BEIJING.isoformat(),
    }
    optional = {"kind": (kind, "seat"), "locked": (locked, False),
                "hold_until": (hold_until.isoformat() if hold_until else None, None),
                "hold_group": (hold_group, ""), "beside": (beside, ""),
                "replaces": (replaces, ""), "ticket_number": (ticket, None),
                "coupon_seq": (seq, None)}
    fields.update({k: v for k, (v, default) in optional.items() if v != default})
    return op_payload(SeatChoose.model_validate(fields))


def release(choice_id: str, *, clerk: str = "wangli", approved_by: str = "",
            reason: str = "clerk") -> dict[str, Any]:
    fields: dict[str, Any] = {"choice_id": choice_id, "clerk_login": clerk,
                              "released_at": NOON_BEIJING.isoformat(), "reason": reason}
    if approved_by:
        fields["approved_by"] = approved_by
    return op_payload(SeatRelease.model_validate(fields))


def later(hours: float) -> datetime:
    return NOON_BEIJING + timedelta(hours=hours)
