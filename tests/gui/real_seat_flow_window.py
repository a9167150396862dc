"""The counter in a real X window for the whole seat flow on a real keyboard
(tests/gui/test_real_seat_flow.py): a family sold, seated together, issued, then checked in
from the after-sale page's seat map.

``python tests/gui/real_seat_flow_window.py DATA_DIR STATE_FILE WIDTH HEIGHT SHOTS_DIR [gp]``
starts the counter on the data folder as ``counter-app --demo --standalone`` would (Chinese
interface, bundled fonts, no head office: seats are provisional) with the suite's clock
moved to 12:30 Beijing, when check-in of tomorrow's 12:10 CA1144 is open; logs the clerk in,
holds the family's booking (two adults and a child, as F7 leaves it; with ``gp``, two GP
officials, V4 and V3, of a GP unit) on the Sale page, and
shows the main window at WIDTH×HEIGHT on ``$DISPLAY``. Every 50 ms it writes to STATE_FILE
what the test needs to see: the focus, the page, the seat dialog on screen (its passengers,
proposal, message, geometry, any text cut off), the tickets issued, the documents printed.
A test asks for a screenshot of the whole screen by writing its name to STATE_FILE's
``.shot`` sibling: it is saved as SHOTS_DIR/real_<name>_<W>x<H>.png.
"""
from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from real_window import log_in_then, write_state_file
from sqlalchemy import select

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.collector import GarbageCollector
from counter_app.gui.fonts import register_fonts
from counter_app.gui.gp_seat_panel import GpSeatWindow
from counter_app.gui.i18n import install_translators
from counter_app.gui.main_window import MainWindow
from counter_app.gui.seat_dialog import SeatDialog
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.services.booking import HeldBooking, PassengerInput, SegmentChoice, book
from counter_app.storage.models import Customer, Traveller
from counter_app.sync.credentials import MemoryCredentialStore

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from gui_support import KeptPrinter  # noqa: E402

from clock_support import NOW, TODAY  # noqa: E402 - found through the path above

#: 12:30 Beijing today: tomorrow's CA1144 (12:10) is less than 24 h away, check-in is open.
CHECKIN_OPEN = NOW + timedelta(hours=3, minutes=30)
FLIGHT_DAY = TODAY + timedelta(days=1)


def cut_off(root: QWidget) -> list[str]:
    """The visible labels and buttons of ``root`` whose text needs more width than they
    have (a text the clerk cannot read whole)."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if (isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
                and widget.textFormat() != Qt.TextFormat.RichText and "<" not in widget.text()):
            needed = widget.fontMetrics().horizontalAdvance(widget.text())
            if needed > widget.contentsRect().width() + 1:
                found.append(widget.text())
        elif (isinstance(widget, QAbstractButton) and widget.text()
                and widget.sizeHint().width() > widget.width() + 1):
            found.append(widget.text())
    return found


def gp_hold(window: MainWindow) -> HeldBooking:
    """赵国华 (V4) and 罗文静 (V3) of the GP unit GP-SZ-005 booked on tomorrow's CA1144."""
    from seat_gui_support import flight_id

    store, clerk = window.ctx.store, window.ctx.clerk
    assert store is not None
    assert clerk is not None
    fid = flight_id(window, FLIGHT_DAY)
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer.id).where(Customer.code == "GP-SZ-005")).one()
        people = [PassengerInput(t.name, t.id_type, t.id_number, traveller_id=t.id)
                  for name in ("赵国华", "罗文静")
                  for t in session.scalars(select(Traveller).where(Traveller.name == name))]
        return book(session, segments=[SegmentChoice(fid, "Y")], passengers=people,
                    customer_id=unit, gp_order_no="GP-REAL", clerk=clerk,
                    now=window.ctx.clock.now())


def seat_dialog() -> SeatDialog | None:
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, SeatDialog) and w.isVisible()), None)


def main(argv: list[str]) -> int:
    data_dir, state_file = Path(argv[1]), Path(argv[2])
    width, height, shots = int(argv[3]), int(argv[4]), Path(argv[5])
    mode = argv[6] if len(argv) > 6 else "family"
    shot_request = state_file.with_suffix(".shot")
    app = QApplication(argv[:1])
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    collector = GarbageCollector(app)
    ctx = build_context(data_dir, demo=True, clock=FixedClock(CHECKIN_OPEN))
    ctx.credentials = MemoryCredentialStore()  # the OS keyring is the edge of the world
    counter = CounterApp(ctx, Preferences(data_dir))
    printer = KeptPrinter()
    taken: list[str] = []

    def show(window: MainWindow) -> None:
        from seat_gui_support import CHILD, LI, ZHANG, hold

        held = (gp_hold(window) if mode == "gp"
                else hold(window, [ZHANG, LI, CHILD], day=FLIGHT_DAY))
        window.desk.queue.set_spooler(printer)  # type: ignore[arg-type]
        window.prefs.set_printer_for("receipt", "Receipt-LQ")
        window.prefs.set_printer_for("boarding_pass", "Receipt-LQ")
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.setGeometry(0, 0, width, height)
        window.show_page(window.sale)
        window.show()
        window.raise_()
        window.activateWindow()
        window.sale._booked(held)  # as F7 leaves it: the quote, the PNR, the amount to pay
        timer.start(50)

    def shoot() -> None:
        if not shot_request.exists():
            return
        name = shot_request.read_text(encoding="utf-8").strip()
        shot_request.unlink()
        screen = QApplication.primaryScreen()
        shots.mkdir(parents=True, exist_ok=True)
        path = shots / f"real_{name}_{width}x{height}.png"
        screen.grabWindow(0).save(str(path))
        taken.append(name)

    def write_state() -> None:
        shoot()
        window = counter.main_window
        focus = QApplication.focusWidget()
        state: dict[str, object] = {
            "focus": focus.objectName() if focus is not None else None,
            "active": QApplication.activeWindow() is window,
            "printed": list(printer.printed),
            "shots": list(taken),
        }
        if window is not None:
            page = window.pages.currentWidget()
            issued = window.sale.issued
            after = window.after_sale
            state.update(
                page=page.objectName() if page is not None else None,
                seats_label=window.sale.seats_bar.label.text(),
                sale_message=window.sale.message.text(),
                tickets=[t.ticket_number for t in issued.tickets] if issued else [],
                after_tickets=after.tickets_model.rowCount(),
                main_cut_off=cut_off(window),
            )
        gp = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, GpSeatWindow) and w.isVisible()), None)
        state["gp_window"] = None if gp is None else {
            "geometry": [gp.frameGeometry().x(), gp.frameGeometry().y(),
                         gp.frameGeometry().width(), gp.frameGeometry().height()],
            "passenger": gp.panel.shown.passenger_name if gp.panel.shown else None,
            "cut_off": cut_off(gp),
        }
        d = seat_dialog()
        state["dialog"] = d is not None
        if d is not None:
            m = d.roster.model
            state.update(
                rows=[[str(m.index(r, c).data()) for c in (0, 3, 4)]
                      for r in range(m.rowCount())],
                selected=(t.name if (t := d.traveller()) is not None else None),
                current=d.map.current(),
                message=d.message.text(),
                mode=d.mode_label.text(),
                title=d.windowTitle(),
                busy=d._busy or not all(x.finished for x in d._tasks),
                proposal=list(d.proposal.values()),
                geometry=[d.frameGeometry().x(), d.frameGeometry().y(),
                          d.frameGeometry().width(), d.frameGeometry().height()],
                print_enabled=d.print_button.isEnabled() and d.print_button.isVisible(),
                gp_enabled=d.gp_button.isEnabled(),
                release_enabled=d.release_button.isEnabled(),
                checked_in=(t.checked_in_seat if (t := d.traveller()) is not None else None),
                dialog_cut_off=cut_off(d),
            )
        write_state_file(state_file, state)

    timer = QTimer()
    timer.timeout.connect(write_state)
    counter.start()
    log_in_then(counter, "wangli", "demo1234", show)
    code = app.exec()
    counter.shutdown()
    collector.stop()
    del translators
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
