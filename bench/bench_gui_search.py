"""Flight search and ticketing latency through the GUI (航班查询 / 出票, offline).

Builds a standalone demo store once in a temp folder with
``start_counter(dir, demo=True, today=...)``, gives it what a HET001 counter holds after a
sync (leases of 9 economy seats on every HET→PEK flight of the next 14 days whose economy
cabin still has 9 seats unsold — head office grants only seats it has — and a ticket range
per airline prefix, as the GUI tests' ``selling`` fixture does), then starts the counter as
``counter-app --demo`` would (offscreen Qt, Chinese translations), logs in as wangli and:

* times ``FlightFinderPage.search()`` until the availability table is filled (flights model
  has rows and the classes table of the selected flight is filled), processing Qt events
  until then, for several city pairs and days (``--searches``, default 40). Target: median
  ≤ 100 ms.
* times ``SalePage.ticket()`` until ``sale.issued`` is set (payment, tickets, commit on the
  database worker and the page updated) for ``--sales`` one-adult cash sales (default 12;
  the search, quote and booking before each are not timed). Each sale takes, from the
  data, the first HET→PEK flight of its day with leased seats and an open economy class
  with seats left (the demo schedule fills some cabins), so the bench runs on any date.
  Target: median ≤ 200 ms.

Not a test: run it by hand from the repository root.
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

from PySide6.QtCore import QDate, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from counter_app.kernel.clock import SHANGHAI

SEARCH_TARGET_MS = 100.0
TICKET_TARGET_MS = 200.0
PAIRS = [("HET", "PEK"), ("PEK", "SZX"), ("CTU", "CAN"), ("SZX", "HET"), ("PEK", "SHA")]


def percentile(sorted_values: list[float], pct: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def wait_until(app: QApplication, done: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Run the Qt event loop until ``done()`` (the worker's results arrive as queued calls).

    A local event loop checked by a zero-interval timer, once per loop pass: not a Python
    loop around ``processEvents()`` (PySide6 on Python 3.11 loses a reference to None on each
    of those calls, and millions of them abort the interpreter)."""
    if done():
        return
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    timed_out = False

    def check() -> None:
        nonlocal timed_out
        if done():
            loop.quit()
        elif time.perf_counter() > deadline:
            timed_out = True
            loop.quit()

    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if timed_out:
        raise TimeoutError("the GUI did not finish in time")


def resident_id(birth: date, serial: str) -> str:
    from counter_app.domain.ids import resident_id_check_char

    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


def build_store(folder: Path, today: date) -> None:
    from sqlalchemy import select

    from counter_app.services.startup import start_counter
    from counter_app.storage.models import Airline, CabinInventory, Flight, Lease, NumberRange

    started = start_counter(folder, demo=True, today=today)
    store = started.store
    try:
        with store.unit_of_work() as session:
            expires = datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=30)
            flights = session.scalars(
                select(Flight)
                .join(CabinInventory, CabinInventory.flight_id == Flight.id)
                .where(
                    Flight.origin == "HET",
                    Flight.destination == "PEK",
                    Flight.dep_date > today,
                    Flight.dep_date <= today + timedelta(days=14),
                    CabinInventory.cabin == "Y",
                    CabinInventory.capacity - CabinInventory.sold >= 9,
                )
            ).all()
            if not flights:
                raise SystemExit("no HET→PEK flight of the next 14 days has 9 economy seats")
            for f in flights:
                session.add(Lease(lease_id=f.id, flight_id=f.id, cabin="Y",
                                  granted=9, used_local=0, expires_at=expires,
                                  status="active"))
            for prefix in sorted(set(session.scalars(select(Airline.prefix)))):
                session.add(NumberRange(range_id=f"range-{prefix}", kind="ticket",
                                        prefix=prefix, first=2_090_000_000,
                                        last=2_090_000_999, next_number=2_090_000_000))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=40, help="timed searches (≥ 30)")
    parser.add_argument("--sales", type=int, default=12, help="timed ticketings (≥ 10)")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    from counter_app.gui.app import CounterApp, build_context
    from counter_app.gui.fonts import register_fonts
    from counter_app.gui.i18n import install_translators
    from counter_app.gui.settings import Preferences
    from counter_app.services.flights import ClassOffer, FlightOffer
    from counter_app.sync.credentials import MemoryCredentialStore

    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    today = datetime.now(SHANGHAI).date()
    with tempfile.TemporaryDirectory(prefix="counter-bench-gui-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        build_store(folder, today)
        print(f"store built in {time.perf_counter() - t0:.1f} s")

        ctx = build_context(folder, demo=True)
        ctx.credentials = MemoryCredentialStore()
        counter = CounterApp(ctx, Preferences(folder))
        counter.start()
        dialog = counter.login_dialog
        assert dialog is not None
        wait_until(app, lambda: ctx.store is not None or counter.start_error is not None, 30)
        assert ctx.store is not None, counter.start_error
        dialog.login_edit.setText("wangli")
        dialog.password_edit.setText("demo1234")
        dialog.login_button.click()
        wait_until(app, lambda: counter.main_window is not None, 30)
        window = counter.main_window
        assert window is not None
        window.resize(1366, 768)
        finder, sale = window.flight_finder, window.sale
        window.show_page(finder)
        app.processEvents()

        # -- searches -------------------------------------------------------------------
        def search(origin: str, destination: str, day: date) -> float:
            finder.flights_model.set_rows([])
            finder.classes_model.set_rows([])
            finder.origin.setText(origin)
            finder.destination.setText(destination)
            finder.date_edit.setDate(QDate(day.year, day.month, day.day))
            app.processEvents()
            start = time.perf_counter()
            finder.search()
            wait_until(app, lambda: finder.flights_model.rowCount() > 0
                       and finder.classes_model.rowCount() > 0)
            return (time.perf_counter() - start) * 1000

        search("HET", "PEK", today + timedelta(days=1))  # warm-up, not counted
        search_ms = []
        for i in range(args.searches):
            origin, destination = PAIRS[i % len(PAIRS)]
            search_ms.append(search(origin, destination, today + timedelta(days=1 + i % 14)))

        # -- confirm → issued ticket ------------------------------------------------------
        def sellable(offer: FlightOffer) -> ClassOffer | None:
            """The cheapest open economy class with seats, on a flight with leased seats."""
            if offer.departed or offer.offline_seats.get("Y", 0) <= 0:
                return None
            open_y = [c for c in offer.classes
                      if c.cabin.value == "Y" and c.seats > 0 and not c.closed]
            return min(open_y, key=lambda c: c.fare) if open_y else None

        ticket_ms = []
        next_day = 1
        for i in range(args.sales):
            for _ in range(14):  # the next day (of 14) with something to sell
                day = today + timedelta(days=next_day)
                next_day = next_day % 14 + 1
                search("HET", "PEK", day)
                offers = finder.flights_model.rows()
                found = [(j, c) for j, o in enumerate(offers) if (c := sellable(o)) is not None]
                if found:
                    break
            else:
                raise SystemExit("no leased HET→PEK flight in 14 days has an open economy class")
            row, chosen = found[0]
            finder.flights_view.selectRow(row)
            classes = finder.classes_model.rows()
            finder.classes_view.selectRow(next(j for j, c in enumerate(classes)
                                               if c.code == chosen.code))
            sale.new_sale()
            finder.choose_class()
            wait_until(app, lambda: window.pages.currentWidget() is sale)
            sale.name_edit.setText("张伟")
            sale.id_edit.setText(resident_id(date(1980, 1, 1), f"{i:03d}"))
            sale.add_passenger()
            assert len(sale.passengers) == 1, sale.message.text()
            sale.request_quote()
            wait_until(app, lambda: sale.quote is not None)
            sale.book()
            wait_until(app, lambda: sale.held is not None or sale.message.text().startswith(
                ("航班", "旅客")))
            assert sale.held is not None, sale.message.text()
            sale.method_combo.setCurrentIndex(sale.method_combo.findData("cash"))
            app.processEvents()
            start = time.perf_counter()
            sale.ticket()
            wait_until(app, lambda: sale.issued is not None)
            ticket_ms.append((time.perf_counter() - start) * 1000)
            window.show_page(finder)

        window.close()
        counter.shutdown()
        for t in translators:
            app.removeTranslator(t)

    s = sorted(search_ms)
    med, p95 = statistics.median(s), percentile(s, 95)
    verdict = "OK" if med <= SEARCH_TARGET_MS else "MISSES TARGET"
    print(f"search → filled availability table, {len(s)} searches: median {med:.1f} ms, "
          f"p95 {p95:.1f} ms, max {s[-1]:.1f} ms (target median ≤ {SEARCH_TARGET_MS:.0f} ms) "
          f"{verdict}")
    t = sorted(ticket_ms)
    med_t, p95_t = statistics.median(t), percentile(t, 95)
    verdict = "OK" if med_t <= TICKET_TARGET_MS else "MISSES TARGET"
    print(f"confirm → issued ticket (GUI), {len(t)} sales: median {med_t:.1f} ms, "
          f"p95 {p95_t:.1f} ms, max {t[-1]:.1f} ms (target median ≤ {TICKET_TARGET_MS:.0f} ms) "
          f"{verdict}")


if __name__ == "__main__":
    main()
