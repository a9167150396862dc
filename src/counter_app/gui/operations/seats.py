"""The seat dialog's work (选座): what it shows, choosing and giving back a seat, head
office's live state of a flight's seats, and the block proposed for a family.

Head office is the seat authority. Online, a seat is chosen live (``engine.choose_seat``:
``POST /seats``, then the confirmed choice is recorded); offline, or with no sync engine,
the choice is recorded here as provisional (待确认) with its ``seat.choose`` op, confirmed or
moved on the next sync. Talking to head office goes to the pool (``ctx.runner.run_io``);
the store work it needs on the way runs on the database worker through the sync
controller's writer (the GUI thread never waits, docs/architecture.md rule 1).

A seat head office refuses live comes back as a ``DomainError`` with its stable code and
``field="seat"`` (``seat_taken`` carries ``suggested``: the nearest equivalent free seat,
or None), so the dialog explains it like a local refusal.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from counter_app.domain.errors import DomainError
from counter_app.gui.operations import Done, Failed, submit
from counter_app.gui.tasks import Task
from counter_app.services import seat_screen, seating
from counter_app.services.seat_screen import SeatScreen, SeatSegment
from counter_app.services.seating import SeatChoiceRow
from counter_app.sync.protocol import SeatRelease

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

T = TypeVar("T")

__all__ = ["SeatOutcome", "booking_seats", "choose_seats", "live_refusal", "live_state",
           "propose_block", "release_seat", "screen", "segments", "send_release"]


@dataclass(frozen=True, slots=True)
class SeatOutcome:
    """One seat chosen: ``confirmed`` live by head office, or ``provisional`` (offline,
    confirmed or moved at the next sync)."""

    passenger_id: str
    choice_id: str
    seat: str
    status: Literal["confirmed", "provisional", "moved"]
    moved_from: str = ""


def segments(ctx: DeskContext, booking_id: str, done: Done[list[SeatSegment]],
             failed: Failed | None = None) -> Task:
    """The booking's flights, in order."""
    return submit(ctx, "seat_segments",
                  lambda ws: ws.read(seat_screen.booking_segments, booking_id), done, failed)


def screen(ctx: DeskContext, booking_id: str, segment_id: str, passenger_id: str | None,
           done: Done[SeatScreen], failed: Failed | None = None) -> Task:
    """The dialog's passengers and chart (refusals for ``passenger_id``)."""
    now = ctx.clock.now()
    return submit(ctx, "seat_screen", lambda ws: ws.read(
        seat_screen.seat_screen, booking_id, segment_id, passenger_id, now), done, failed)


def live_state(ctx: DeskContext, flight_id: str, done: Done[object],
               failed: Failed | None = None) -> Task | None:
    """Online, fetch head office's state of the flight's seats and keep it (the engine
    stores the snapshot); None when the counter is offline: the chart shows what is kept."""
    engine = ctx.sync.engine
    if engine is None or not ctx.sync.online:
        return None
    return ctx.runner.run_io("seat_map_live", lambda: engine.seat_map(flight_id), done, failed)


def propose_block(ctx: DeskContext, segment_id: str, passenger_ids: Sequence[str],
                  done: Done[dict[str, str]], failed: Failed | None = None) -> Task:
    """Seats together for these passengers (passenger id -> seat); empty when none fit."""
    now = ctx.clock.now()
    ids = list(passenger_ids)
    return submit(ctx, "seat_block", lambda ws: ws.read(
        seating.propose_block, segment_id, ids, now), done, failed)


def live_refusal(error: BaseException, seat: str) -> BaseException:
    """Head office's refusal of a seat as the DomainError the dialog (or the GP panel)
    explains; any other error as it was."""
    from counter_app.sync.client import Refused

    if isinstance(error, Refused) and error.status in (400, 403, 404, 409, 422):
        params = {k: v for k, v in error.detail.items() if k != "field"}
        params.setdefault("seat", seat)
        if error.code == "seat_taken":
            params.setdefault("suggested", None)
        return DomainError(error.code or "seat_unavailable", field="seat", **params)
    return error


def choose_seats(ctx: DeskContext, segment_id: str, wanted: Sequence[tuple[str, str, str]],
                 done: Done[list[SeatOutcome]], failed: Failed | None = None) -> Task:
    """Choose each ``(passenger_id, seat, replaces)`` in turn (``replaces``: the choice id the
    new seat takes the place of, or ""), on the pool. Online each is confirmed live; offline
    each is recorded provisional. The first refusal stops the rest and goes to ``failed``;
    the seats chosen before it stay chosen (the dialog reads them back)."""
    workspace, writer = ctx.workspace, ctx.sync.writer
    engine = ctx.sync.engine if ctx.sync.online else None
    clerk, now = ctx.clerk.login, ctx.clock.now()
    wanted = list(wanted)

    def on_worker(fn: Callable[[], T]) -> T:
        return writer(fn)

    def work() -> list[SeatOutcome]:
        from counter_app.sync.client import Offline

        outcomes: list[SeatOutcome] = []
        live = engine
        for passenger_id, seat, replaces in wanted:
            payload = on_worker(functools.partial(
                workspace.read, seating.prepare_choice, passenger_id, segment_id, seat, clerk,
                now, replaces=replaces))
            if live is not None:
                try:
                    answer = live.choose_seat(payload)
                except Offline:
                    live = None  # head office went away: the rest is provisional too
                except Exception as exc:
                    raise live_refusal(exc, payload.seat) from exc
                else:
                    outcomes.append(SeatOutcome(passenger_id, payload.choice_id, answer.seat,
                                                answer.status, answer.moved_from))
                    continue
            on_worker(functools.partial(workspace.write, seating.record_choice, payload, None,
                                        now))
            outcomes.append(SeatOutcome(passenger_id, payload.choice_id, payload.seat,
                                        "provisional"))
        return outcomes

    return ctx.runner.run_io("choose_seats", work, done, failed)


def release_seat(ctx: DeskContext, choice_id: str, done: Done[str],
                 failed: Failed | None = None, *, approved_by: str = "") -> Task:
    """Give a chosen seat back (取消选座): live when online, else recorded here with its
    ``seat.release`` op; ``done(choice_id)``."""
    workspace, clerk, now = ctx.workspace, ctx.clerk.login, ctx.clock.now()
    return send_release(ctx, "release_seat", lambda: workspace.read(
        seating.prepare_release, choice_id, clerk, now, reason="clerk",
        approved_by=approved_by), done, failed)


def send_release(ctx: DeskContext, name: str, prepare: Callable[[], SeatRelease],
                 done: Done[str], failed: Failed | None = None) -> Task:
    """The release ``prepare`` gives (run on the database worker) sent live when online;
    offline, or when head office stops answering, recorded here with its ``seat.release``
    op. ``done(choice_id)``; head office's refusal as :func:`live_refusal`."""
    workspace, writer = ctx.workspace, ctx.sync.writer
    engine = ctx.sync.engine if ctx.sync.online else None

    def work() -> str:
        from counter_app.sync.client import Offline

        payload = writer(prepare)
        if engine is not None:
            try:
                engine.release_seat(payload)
            except Offline:
                pass
            except Exception as exc:
                raise live_refusal(exc, "") from exc
            else:
                return payload.choice_id
        writer(lambda: workspace.write(
            seating.record_release, payload.choice_id, payload.clerk_login,
            payload.released_at, payload.reason, approved_by=payload.approved_by))
        return payload.choice_id

    return ctx.runner.run_io(name, work, done, failed)


def booking_seats(ctx: DeskContext, booking_id: str, done: Done[list[SeatChoiceRow]],
                  failed: Failed | None = None) -> Task:
    """The booking's seat choices (every flight), for the page's seat line."""
    return submit(ctx, "booking_seats",
                  lambda ws: ws.read(seating.choices_for_booking, booking_id), done, failed)
