"""``seat.choose`` and ``seat.release`` pushed by a counter (offline seat choices): the same
rules as the live ``POST /seats`` (``headoffice/seats.py``), except that a seat taken
meanwhile moves the choice to the nearest equivalent seat (result ``status`` ``moved``,
``moved_from`` the seat asked for) instead of refusing it; with nothing equivalent free the
op is rejected ``seat_unavailable``. A choice already confirmed live and then pushed (its
answer lost) is answered as confirmed, once."""

from __future__ import annotations

from typing import Any

from counter_app.headoffice import seats
from counter_app.headoffice.ops.batch import Batch
from counter_app.sync.protocol import SeatChoose, SeatRelease


def seat_choose(batch: Batch, p: SeatChoose) -> dict[str, Any]:
    answer = seats.choose(batch.session, batch.counter, p, batch.now, live=False)
    return answer.model_dump(mode="json")


def seat_release(batch: Batch, p: SeatRelease) -> dict[str, Any]:
    done = seats.release(batch.session, batch.counter, p, batch.now, live=False)
    return done.model_dump(mode="json")
