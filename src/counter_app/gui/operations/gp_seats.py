"""The GP seat panel's work (公务座位服务): what the official's level allows, a seat locked
(座位锁定), a locked seat given back with a supervisor, the privacy seat (隐私座, EXST) and
seats held on several flights (压座), and the holds list.

As in ``operations/seats.py``: head office is the seat authority, so online a choice is
sent live (``engine.choose_seat`` / ``release_seat``) and offline it is recorded
provisional with its op; the network goes to the pool and the store work it needs on the
way runs on the database worker through the sync controller's writer (the GUI thread never
waits, docs/architecture.md rule 1). A refusal head office answers live comes back as a
``DomainError`` with its code, explained like a local one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from counter_app.gui.operations import Done, Failed, submit
from counter_app.gui.operations.seats import live_refusal, send_release
from counter_app.gui.tasks import Task
from counter_app.services import gp_holds, gp_seats, seating
from counter_app.services.gp_holds import HoldRequest, HoldsView
from counter_app.services.gp_seats import GpSeatServices
from counter_app.services.payments import Override
from counter_app.sync import protocol

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext

T = TypeVar("T")

__all__ = ["hold_seat", "holds", "lock_seat", "privacy_seat", "release_locked", "services"]


def services(ctx: DeskContext, passenger_id: str, segment_id: str,
             done: Done[GpSeatServices], failed: Failed | None = None) -> Task:
    """The official's level, entitlements and seat services on this flight."""
    now = ctx.clock.now()
    return submit(ctx, "gp_seat_services", lambda ws: ws.read(
        gp_seats.gp_seat_services, passenger_id, segment_id, now), done, failed)


def holds(ctx: DeskContext, done: Done[HoldsView], failed: Failed | None = None) -> Task:
    """Settle the holds no longer needed (one ticketed or flown, or past its deadline),
    then list them with the time left."""
    clerk, now = ctx.clerk, ctx.clock.now()
    return submit(ctx, "gp_holds", lambda ws: ws.write(
        gp_holds.holds_view, clerk=clerk, now=now), done, failed)


def _choose(ctx: DeskContext, name: str,
            prepare: Callable[[], list[protocol.SeatChoose]],
            record: Callable[[protocol.SeatChoose, protocol.SeatAnswer | None], object],
            done: Done[list[str]], failed: Failed | None) -> Task:
    """Prepare on the worker, then send each choice live, or record it provisional when the
    counter is offline; ``done`` gets the seats as held ("32B" or "32B?" provisional)."""
    writer = ctx.sync.writer
    engine = ctx.sync.engine if ctx.sync.online else None

    def work() -> list[str]:
        from counter_app.sync.client import Offline

        live = engine
        seats: list[str] = []
        for payload in writer(prepare):
            answer = None
            if live is not None:
                try:
                    answer = live.choose_seat(payload)
                except Offline:
                    live = None
                except Exception as exc:
                    raise live_refusal(exc, payload.seat) from exc
            writer(functools.partial(record, payload, answer))
            seats.append(payload.seat if answer is None else answer.seat)
        return seats

    return ctx.runner.run_io(name, work, done, failed)


def lock_seat(ctx: DeskContext, passenger_id: str, segment_id: str, seat: str,
              done: Done[list[str]], failed: Failed | None = None) -> Task:
    """The official's seat, locked (V4+); it replaces their earlier seat on the flight."""
    workspace, clerk, now = ctx.workspace, ctx.clerk.login, ctx.clock.now()

    def prepare() -> list[protocol.SeatChoose]:
        return [workspace.read(gp_seats.prepare_lock, passenger_id, segment_id, seat, clerk,
                               now)]

    def record(payload: protocol.SeatChoose, answer: protocol.SeatAnswer | None) -> object:
        if answer is not None:
            return None  # the engine kept the confirmed choice
        return workspace.write(seating.record_choice, payload, None, now)

    return _choose(ctx, "gp_lock_seat", prepare, record, done, failed)


def privacy_seat(ctx: DeskContext, official_choice_id: str, seat: str | None,
                 done: Done[list[str]], failed: Failed | None = None) -> Task:
    """The seat beside the official kept empty (EXST), with its fare line on the booking."""
    workspace, clerk, now = ctx.workspace, ctx.clerk.login, ctx.clock.now()
    plans: list[gp_seats.PrivacyPlan] = []

    def prepare() -> list[protocol.SeatChoose]:
        plan = workspace.read(gp_seats.prepare_privacy, official_choice_id, clerk, now, seat)
        plans.append(plan)
        return [plan.payload]

    def record(payload: protocol.SeatChoose, answer: protocol.SeatAnswer | None) -> object:
        return workspace.write(gp_seats.record_privacy, plans[0], answer, now)

    return _choose(ctx, "gp_privacy_seat", prepare, record, done, failed)


def hold_seat(ctx: DeskContext, requests: Sequence[HoldRequest], done: Done[list[str]],
              failed: Failed | None = None) -> Task:
    """Seats held (压座) until their deadlines, in the official's hold group."""
    workspace, clerk, now = ctx.workspace, ctx.clerk.login, ctx.clock.now()
    wanted = list(requests)

    def prepare() -> list[protocol.SeatChoose]:
        return workspace.read(gp_holds.prepare_holds, wanted, clerk, now)

    def record(payload: protocol.SeatChoose, answer: protocol.SeatAnswer | None) -> object:
        if answer is not None:
            return None
        return workspace.write(seating.record_choice, payload, None, now)

    return _choose(ctx, "gp_hold_seat", prepare, record, done, failed)


def release_locked(ctx: DeskContext, choice_id: str, override: Override | None,
                   done: Done[str], failed: Failed | None = None) -> Task:
    """Give a (locked) seat back: a supervisor approves a locked one (refused
    ``lock_needs_supervisor`` without); live when online, else with its op."""
    workspace, clerk, now = ctx.workspace, ctx.clerk, ctx.clock.now()
    return send_release(ctx, "gp_release_locked", lambda: workspace.write(
        gp_seats.prepare_unlock, choice_id, clerk=clerk, now=now, override=override),
        done, failed)
