"""The self check-in kiosk's store work (services/kiosk.py) on the database worker: the
kiosk's setup, an ID number's coupons, the check-in with its boarding pass, the staff PIN."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from counter_app.domain.errors import DomainError
from counter_app.domain.seatmap import SeatChart
from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.printing.model import BoardingPass
from counter_app.services import kiosk
from counter_app.services.kiosk import KioskCoupon, KioskSetup

if TYPE_CHECKING:
    from counter_app.sync.engine import SyncEngine


def setup(ctx: OnWorker, done: Done[KioskSetup], failed: Failed | None = None) -> Task:
    """Whether a staff PIN is set (the kiosk refuses to start without one)."""
    return submit(ctx, "kiosk_setup", lambda ws: ws.read(kiosk.kiosk_setup), done, failed)


def coupons(ctx: OnWorker, id_text: str, now: datetime, done: Done[list[KioskCoupon]],
            failed: Failed | None = None) -> Task:
    """This ID number's coupons open for check-in now."""
    return submit(ctx, "kiosk_coupons", lambda ws: ws.read(kiosk.open_coupons, id_text, now),
                  done, failed)


def check_in(ctx: OnWorker, id_text: str, ticket_number: str, seq: int, seat: str | None,
             now: datetime, done: Done[BoardingPass], failed: Failed | None = None) -> Task:
    """Check this ID's coupon in on ``seat`` (None: its pass again) and give the pass."""
    return submit(ctx, "kiosk_check_in", lambda ws: ws.write(
        kiosk.kiosk_check_in, id_text, ticket_number, seq, seat, now), done, failed)


def verify_pin(ctx: OnWorker, pin: str, done: Done[bool], failed: Failed | None = None) -> Task:
    """Whether ``pin`` is the staff PIN (hashing takes a moment: off the GUI thread)."""
    return submit(ctx, "kiosk_verify_pin", lambda ws: ws.read(kiosk.verify_pin, pin),
                  done, failed)


def set_pin(ctx: OnWorker, login: str, password: str, pin: str, now: datetime,
            done: Done[str], failed: Failed | None = None) -> Task:
    """A supervisor sets the staff PIN; ``done(login)`` of the supervisor."""
    return submit(ctx, "kiosk_set_pin", lambda ws: ws.write(
        kiosk.set_pin, login, password, pin, now), done, failed)


def chart(ctx: OnWorker, id_text: str, ticket_number: str, seq: int, now: datetime,
          done: Done[SeatChart], failed: Failed | None = None) -> Task:
    """The seat map of this ID's coupon, for its passenger."""
    return submit(ctx, "kiosk_chart", lambda ws: ws.read(
        kiosk.kiosk_chart, id_text, ticket_number, seq, now), done, failed)


class LiveSeats(Protocol):
    """What the live seat choice needs of the kiosk's sync: whether head office answered
    last, its engine, the writer that runs the engine's writes on the database worker, and
    a wake-up to push at once (gui/sync_controller.py: ``SyncController``)."""

    @property
    def online(self) -> bool: ...

    @property
    def engine(self) -> SyncEngine | None: ...

    @property
    def writer(self) -> Callable[[Callable[[], Any]], Any]: ...

    def wake(self) -> None: ...


def choose_live(ctx: OnWorker, sync: LiveSeats | None, id_text: str, ticket_number: str,
                seq: int, seat: str, now: datetime, done: Done[str],
                failed: Failed | None = None) -> Task:
    """Ask head office for ``seat`` live before the check-in, on the pool: ``done("confirmed")``
    once head office gave it (kept confirmed), ``done("offline")`` when it does not answer
    (the check-in then keeps the choice provisional with its op), ``done("own")`` when the
    seat is already the traveller's; head office's refusal (``seat_taken`` ...) goes to
    ``failed`` as a DomainError."""
    workspace = ctx.workspace
    engine = sync.engine if sync is not None and sync.online else None
    writer = sync.writer if sync is not None else None

    def work() -> str:
        from counter_app.sync.client import Offline, Refused

        if engine is None or writer is None:
            return "offline"
        payload = writer(functools.partial(workspace.read, kiosk.prepare_kiosk_choice, id_text,
                                           ticket_number, seq, seat, now))
        if payload is None:
            return "own"
        try:
            engine.choose_seat(payload)
        except Offline:
            return "offline"
        except Refused as exc:
            if exc.status in (400, 403, 404, 409, 422):
                params = {k: v for k, v in exc.detail.items() if k != "field"}
                params.setdefault("seat", payload.seat)
                raise DomainError(exc.code or "seat_unavailable", field="seat",
                                  **params) from exc
            raise
        return "confirmed"

    return ctx.runner.run_io("kiosk_choose_live", work, done, failed)
