"""The counter in a real X window, for tests that type on a real keyboard (xdotool).

``python tests/gui/real_window.py DATA_DIR STATE_FILE`` starts the counter on the data
folder as ``counter-app --demo --standalone`` would (Chinese interface, bundled fonts),
with the suite's fixed clock, logs the clerk in through the login dialog and shows the
main window at 1600×1000 on ``$DISPLAY``. Keys then come from the X server like a
clerk's. Every 50 ms it writes what a test needs to see to STATE_FILE as JSON: the focused
widget, the finder's fields and results, the sale's state, the receipts printed. The
receipt printer is the edge of the world: a spooler that keeps the titles it was sent.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.collector import GarbageCollector
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.main_window import MainWindow
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.sync.credentials import MemoryCredentialStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gui_support import KeptPrinter

from clock_support import NOW


def write_state_file(state_file: Path, state: dict[str, object]) -> None:
    """The window's state as JSON, replaced whole (the test never reads half a file)."""
    partial = state_file.with_suffix(".part")
    partial.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    partial.replace(state_file)


def state_of(counter: CounterApp, printer: KeptPrinter) -> dict[str, object]:
    window = counter.main_window
    focus = QApplication.focusWidget()
    popup = QApplication.activePopupWidget()
    state: dict[str, object] = {
        "focus": focus.objectName() if focus is not None else None,
        "focus_class": type(focus).__name__ if focus is not None else None,
        "popup": popup is not None,
        "active": QApplication.activeWindow() is counter.main_window,
        "printed": list(printer.printed),
    }
    if window is None:
        return state
    finder, sale = window.flight_finder, window.sale
    origin, destination = finder.origin.place(), finder.destination.place()
    issued = sale.issued
    middle = finder.destination.mapToGlobal(finder.destination.rect().center())
    page = window.pages.currentWidget()
    state.update(
        destination_at=[middle.x(), middle.y()],
        window=int(window.winId()),
        page=page.objectName() if page is not None else None,
        origin_text=finder.origin.text(),
        destination_text=finder.destination.text(),
        origin=list(origin.codes) if origin else None,
        destination=list(destination.codes) if destination else None,
        date=finder.selected_date().isoformat(),
        date_text=finder.date_edit.text(),
        flights=finder.flights_model.rowCount(),
        connections=finder.connections_model.rowCount(),
        flight_row=finder.flights_view.currentIndex().row(),
        finder_message=finder.message.text(),
        segments=len(sale.segments),
        name_text=sale.name_edit.text(),
        id_text=sale.id_edit.text(),
        passengers=[p.name for p in sale.passengers],
        quoted=sale.quote is not None,
        pnr=sale.held.pnr if sale.held is not None else None,
        tickets=[t.ticket_number for t in issued.tickets] if issued is not None else [],
        sale_message=sale.message.text(),
    )
    return state


def log_in_then(counter: CounterApp, login: str, password: str,
                then: Callable[[MainWindow], None]) -> None:
    """Once the store is open, log ``login`` in through the login dialog as a clerk would;
    once the main window is there, call ``then`` with it (both waits poll every 50 ms on the
    GUI thread). Call after ``counter.start()``."""

    def log_in() -> None:
        dialog = counter.login_dialog
        if counter.ctx.store is None or dialog is None:
            QTimer.singleShot(50, log_in)
            return
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        dialog.login_button.click()
        QTimer.singleShot(50, shown)

    def shown() -> None:
        window = counter.main_window
        if window is None:
            QTimer.singleShot(50, shown)
            return
        then(window)

    QTimer.singleShot(0, log_in)


def main(argv: list[str]) -> int:
    data_dir, state_file = Path(argv[1]), Path(argv[2])
    app = QApplication(argv[:1])
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    collector = GarbageCollector(app)
    ctx = build_context(data_dir, demo=True, clock=FixedClock(NOW))
    ctx.credentials = MemoryCredentialStore()  # the OS keyring is the edge of the world
    counter = CounterApp(ctx, Preferences(data_dir))
    printer = KeptPrinter()

    def show(window: MainWindow) -> None:
        window.desk.queue.set_spooler(printer)
        window.prefs.set_printer_for("receipt", "Receipt-LQ")
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.setGeometry(0, 0, int(os.environ.get("REAL_WINDOW_WIDTH", "1600")),
                           int(os.environ.get("REAL_WINDOW_HEIGHT", "1000")))
        window.show()
        window.raise_()
        window.activateWindow()
        window.flight_finder.origin.setFocus()
        timer.start(50)

    def write_state() -> None:
        write_state_file(state_file, state_of(counter, printer))

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
