"""The counter in a real X window with a booking held on the Sale page, for the seat
dialog on a real keyboard (tests/gui/test_real_seat_keyboard.py).

``python tests/gui/real_seat_window.py DATA_DIR STATE_FILE two|family`` starts the counter
on the data folder with the suite's fixed clock and no head office (seats are provisional),
logs the clerk in, holds a booking (两位成人, or a family with a child and an infant) and
puts it on the Sale page at 1280×800 on ``$DISPLAY``. Every 50 ms it writes to STATE_FILE
as JSON what the test needs to see: the focused widget, the seat dialog's passengers with
their seats, the selected passenger, the map's current seat, the message, the proposal,
and the Sale page's seat line.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from real_window import log_in_then, write_state_file

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.collector import GarbageCollector
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.main_window import MainWindow
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.sync.credentials import MemoryCredentialStore

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from clock_support import NOW  # noqa: E402 - found through the path above


def main(argv: list[str]) -> int:
    data_dir, state_file = Path(argv[1]), Path(argv[2])
    app = QApplication(argv[:1])
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    collector = GarbageCollector(app)
    ctx = build_context(data_dir, demo=True, clock=FixedClock(NOW))
    ctx.credentials = MemoryCredentialStore()
    counter = CounterApp(ctx, Preferences(data_dir))
    booking: dict[str, str] = {}

    def show(window: MainWindow) -> None:
        from seat_gui_support import CHILD, INFANT, LI, ZHANG, hold

        family = [ZHANG, LI, CHILD, INFANT] if argv[3] == "family" else [ZHANG, LI]
        held = hold(window, family)
        booking["id"] = held.booking_id
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.setGeometry(0, 0, 1280, 800)
        window.show_page(window.sale)
        window.sale.state.booking.held = held
        window.sale._refresh_state()
        window.show()
        window.raise_()
        window.activateWindow()
        window.sale.payment_panel.setFocus()
        timer.start(50)

    def write_state() -> None:
        window = counter.main_window
        focus = QApplication.focusWidget()
        state: dict[str, object] = {
            "focus": focus.objectName() if focus is not None else None,
            "active": QApplication.activeWindow() is not None,
        }
        if window is not None:
            bar = window.sale.seats_bar
            d = bar.dialog
            state["seats_label"] = bar.label.text()
            state["dialog"] = d is not None and d.isVisible()
            if d is not None:
                m = d.roster.model
                state["rows"] = [[str(m.index(r, 0).data()), str(m.index(r, 3).data()),
                                  str(m.index(r, 4).data())] for r in range(m.rowCount())]
                t = d.traveller()
                state["selected"] = t.name if t is not None else None
                state["current"] = d.map.current()
                state["message"] = d.message.text()
                state["busy"] = d._busy or not all(x.finished for x in d._tasks)
                state["proposal"] = list(d.proposal.values())
                state["geometry"] = [d.x(), d.y(), d.width(), d.height()]
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
