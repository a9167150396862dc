"""The self check-in kiosk's store work (services/kiosk.py) on the database worker: the
kiosk's setup, an ID number's coupons, the check-in with its boarding pass, the staff PIN."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.seatmap import SeatChart
from counter_app.gui.operations import Done, Failed, OnWorker, submit
from counter_app.gui.tasks import Task
from counter_app.printing.model import BoardingPass
from counter_app.services import kiosk
from counter_app.services.kiosk import KioskCoupon, KioskSetup


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
