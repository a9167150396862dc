"""The counter's seat choices without the GUI, run as its own process by the seat e2e tests.

``python tests/e2e/seat_agent.py COMMAND --data-dir D --base-url U [options]``

It opens the counter as ``counter_agent.py`` does (same store, same encrypted credentials,
the real client and sync engine over real HTTP) and ends with one ``RESULT {json}`` line.

``choose-seat --seat S``  the seat for the first passenger of the counter's first booking on
                          its first flight, as the seat dialog chooses it: checked here,
                          confirmed live, or, head office unreachable, stored provisional
                          with its ``seat.choose`` op
``seats``                 the counter's seat choices, as JSON (no network)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from counter_agent import CLERK_LOGIN, open_counter
from sqlalchemy import select

from counter_app.domain.errors import DomainError
from counter_app.services import seating
from counter_app.storage.models import Booking, BookingPassenger, BookingSegment, SeatChoice
from counter_app.sync.client import Offline, Refused


def cmd_choose_seat(args: argparse.Namespace) -> dict[str, Any]:
    handle = open_counter(args.data_dir, args.base_url)
    try:
        now = handle.clock.now()
        with handle.store.read() as session:
            booking = session.scalars(select(Booking).order_by(Booking.created_at)).first()
            assert booking is not None, "no booking to seat"
            passenger = session.scalars(select(BookingPassenger).where(
                BookingPassenger.booking_id == booking.id,
                BookingPassenger.passenger_type != "INF").order_by(BookingPassenger.id)).first()
            segment = session.scalars(select(BookingSegment).where(
                BookingSegment.booking_id == booking.id).order_by(BookingSegment.seq)).first()
            assert passenger is not None
            assert segment is not None
            try:
                payload = seating.prepare_choice(session, passenger.id, segment.id, args.seat,
                                                 CLERK_LOGIN, now)
            except DomainError as exc:
                return {"refused": exc.code, "params": exc.params}
        try:
            answer = handle.engine.choose_seat(payload)
        except Offline:
            with handle.store.unit_of_work() as session:
                row = seating.record_choice(session, payload, None, now)
            return {"choice_id": payload.choice_id, "seat": row.seat, "state": row.state,
                    "live": False}
        except Refused as exc:
            return {"refused": exc.code, "detail": exc.detail}
        return {"choice_id": answer.choice_id, "seat": answer.seat, "state": answer.status,
                "live": True}
    finally:
        handle.close()


def cmd_seats(args: argparse.Namespace) -> dict[str, Any]:
    handle = open_counter(args.data_dir, args.base_url)
    try:
        with handle.store.read() as session:
            rows = session.scalars(select(SeatChoice).order_by(SeatChoice.created_at))
            return {"seats": [
                {"choice_id": c.choice_id, "flight_id": c.flight_id, "seat": c.seat,
                 "state": c.state, "moved_from": c.moved_from, "reprint": c.reprint,
                 "passenger_name": c.passenger_name} for c in rows]}
    finally:
        handle.close()


COMMANDS = {"choose-seat": cmd_choose_seat, "seats": cmd_seats}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--base-url", default="http://127.0.0.1:9")
    parser.add_argument("--seat", default="")
    args = parser.parse_args(argv)
    result = COMMANDS[args.command](args)
    print("RESULT " + json.dumps(result, ensure_ascii=False, default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
