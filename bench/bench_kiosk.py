"""The self check-in kiosk (counter-app --kiosk) as a traveller meets it, offscreen.

Builds the standalone demo store, sells ``--travellers`` adults (default 20) on tomorrow's
CA1144 HET→PEK (an A321), sets the staff PIN, moves the clock to three hours before
departure and starts the kiosk window at 1280x800 with a printer that takes every job.
Then, for each traveller in turn, the time the screen takes to answer (the task on the
database worker or pool, and the screen switched), each step timed from the touch:

* **ID -> flights**: the ID number submitted until the coupon list shows;
* **flight -> seat map**: the coupon touched until the large seat map shows;
* **confirm -> printed**: Confirm touched until the print queue has the pass sent (the
  check-in written, the boarding pass built, rendered to PDF and handed to the spooler).

Median and p90 in ms, and the kiosk's start until it is ready. No target in the issue: the
figures say whether a traveller waits. Not a test: run it by hand from the repository root.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from counter_app.domain.ids import resident_id_check_char
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.kernel.clock import SHANGHAI, FixedClock
from counter_app.printing.spool import JobRef, Printer


class Printed:
    """The boarding-pass printer: takes every job at once."""

    def printers(self) -> list[Printer]:
        return [Printer("Kiosk-BP", "Boarding pass printer", True, "idle", True)]

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        return JobRef(printer, "1")

    def job_state(self, ref: JobRef) -> str:
        return "completed"


NAMES = "一二三四五六七八九十"


def resident_id(birth: date, serial: int) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial:03d}"
    return first17 + resident_id_check_char(first17)


def build(folder: Path, travellers: int, now: datetime) -> tuple[list[str], datetime]:
    """The demo store with ``travellers`` adults ticketed on tomorrow's CA1144 and the PIN
    set; their ID numbers and the flight's departure (aware UTC)."""
    from sqlalchemy import select

    from counter_app.paths import database_path
    from counter_app.services import kiosk
    from counter_app.services.booking import (
        PassengerInput,
        PaymentInput,
        SegmentChoice,
        book,
        ticket_booking,
    )
    from counter_app.services.identity import ClerkSession, Role
    from counter_app.services.startup import start_counter
    from counter_app.storage.db import open_store
    from counter_app.storage.models import Airline, Clerk, Flight, Lease, NumberRange

    today = now.astimezone(SHANGHAI).date()
    start_counter(folder, demo=True, today=today).store.close()
    store = open_store(database_path(folder))
    ids = [resident_id(date(1960 + i % 40, 1 + i % 12, 1 + i % 28), 100 + i)
           for i in range(travellers)]
    try:
        with store.unit_of_work() as session:
            c = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
            clerk = ClerkSession(clerk_id=c.id, login=c.login, name=c.name_zh,
                                 role=Role(c.role), outlet_code=c.outlet_code,
                                 outlet_name="", outlet_kind="post_office")
            flight = session.scalars(select(Flight).where(
                Flight.flight_no == "CA1144",
                Flight.dep_date == today + timedelta(days=1))).one()
            flight_id = flight.id
            departs = datetime.combine(flight.dep_date, flight.dep_time,
                                       tzinfo=UTC) - timedelta(hours=8)
            session.add(Lease(lease_id="bench", flight_id=flight_id, cabin="Y",
                              granted=travellers, used_local=0, status="active",
                              expires_at=now.replace(tzinfo=None) + timedelta(days=30)))
            for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
                session.add(NumberRange(range_id=f"range-{prefix}", kind="ticket",
                                        prefix=prefix, first=2_090_000_000,
                                        last=2_090_009_999, next_number=2_090_000_000))
        for i, number in enumerate(ids):
            with store.unit_of_work() as session:
                held = book(session, segments=[SegmentChoice(flight_id, "Y")],
                            passengers=[PassengerInput(f"旅客{NAMES[i % 10]}{NAMES[i // 10 % 10]}",
                                                       "NI", number)],
                            customer_id=None, clerk=clerk, now=now)
            with store.unit_of_work() as session:
                ticket_booking(session, held.booking_id,
                               [PaymentInput("cash", held.quote.total)], clerk=clerk, now=now)
        with store.unit_of_work() as session:
            kiosk.set_pin(session, "chenhong", "super1234", "2468", now)
    finally:
        store.close()
    return ids, departs


def wait(app: QApplication, done: Callable[[], bool], limit_s: float = 60.0) -> None:
    started = time.perf_counter()
    while not done():
        app.processEvents()
        QTest.qWait(1)
        if time.perf_counter() - started > limit_s:
            raise SystemExit("the kiosk did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--travellers", type=int, default=20)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    from counter_app.gui.app import build_context
    from counter_app.gui.kiosk.start import KioskApp
    from counter_app.gui.printing.print_queue import DONE, SENT
    from counter_app.gui.settings import Preferences
    from counter_app.sync.credentials import MemoryCredentialStore

    now = datetime.now(UTC).replace(microsecond=0)
    folder = Path(tempfile.mkdtemp(prefix="bench-kiosk-")) / "counter"
    folder.mkdir()
    ids, departs = build(folder, args.travellers, now)
    clock = FixedClock(departs - timedelta(hours=3))
    ctx = build_context(folder, demo=True, clock=clock)
    ctx.credentials = MemoryCredentialStore()
    started = time.perf_counter()
    kiosk = KioskApp(ctx, Preferences(folder), spooler=Printed(), full_screen=False,
                     translators=translators)
    kiosk.start()
    wait(app, lambda: kiosk.window is not None and kiosk.window.ready)
    ready_ms = (time.perf_counter() - started) * 1000
    window = kiosk.window
    assert window is not None
    window.resize(1280, 800)
    steps: dict[str, list[float]] = {"ID -> flights": [], "flight -> seat map": [],
                                     "confirm -> printed": []}
    seats = [f"{row}{letter}" for row in range(32, 43) for letter in "ABCDEF"]

    def timed(name: str, touch: Callable[[], None], done: Callable[[], bool]) -> None:
        t0 = time.perf_counter()
        touch()
        wait(app, done)
        steps[name].append((time.perf_counter() - t0) * 1000)

    for number, seat in zip(ids, seats, strict=False):
        window.id_screen.field.setText(number)
        timed("ID -> flights",
              lambda: QTest.mouseClick(window.id_screen.search, Qt.MouseButton.LeftButton),
              lambda: window.stack.currentWidget() is window.coupons_screen)
        timed("flight -> seat map",
              lambda: QTest.mouseClick(window.coupons_screen.buttons[0],
                                       Qt.MouseButton.LeftButton),
              lambda: window.stack.currentWidget() is window.seat_screen)
        seat_map = window.seat_screen.map
        QTest.mouseClick(seat_map, Qt.MouseButton.LeftButton,
                         pos=seat_map.seat_rect(seat).center())
        timed("confirm -> printed",
              lambda: QTest.mouseClick(window.seat_screen.confirm, Qt.MouseButton.LeftButton),
              lambda: bool(window.job_id) and (job := window.queue.job(window.job_id))
              is not None and job.state in (SENT, DONE))
        window.reset()
    kiosk.shutdown()
    print(f"kiosk start to ready: {ready_ms:.0f} ms; travellers: {len(ids)}")
    for name, values in steps.items():
        values.sort()
        p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
        print(f"{name:20s} median {statistics.median(values):7.1f} ms   p90 {p90:7.1f} ms")


if __name__ == "__main__":
    main()
