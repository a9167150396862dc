"""The standalone demo (``counter-app --demo --standalone``) sells out of the box: started
from its command line into an empty folder, with no head office and nothing granted by the
test, a clerk finds a flight, books, tickets and prints the itinerary receipt."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from gui_support import NOW, TODAY, KeptPrinter, focused
from PySide6.QtCore import QDate, Qt
from sqlalchemy import func, select

from counter_app.gui.app import make_counter, parse_args
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.storage.models import Lease, NumberRange, Ticket
from counter_app.sync.credentials import MemoryCredentialStore


def test_standalone_demo_sells_tickets_and_prints_out_of_the_box(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "demo-standalone"
    folder.mkdir()
    args = parse_args(["--demo", "--standalone", "--data-dir", str(folder)])
    counter = make_counter(args, folder, Preferences(folder), clock=FixedClock(NOW))
    counter.ctx.credentials = MemoryCredentialStore()  # the OS keyring: edge of the world
    counter.start()
    try:
        dialog = counter.login_dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.login_button.isEnabled(), timeout=60000)
        store = counter.ctx.store
        assert store is not None
        with store.read() as session:  # what the demo granted itself
            assert session.scalar(select(func.count()).select_from(Lease)) > 0
            kinds = set(session.scalars(select(NumberRange.kind)))
        assert kinds == {"ticket", "receipt"}

        dialog.login_edit.setText("wangli")
        dialog.password_edit.setText("demo1234")
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: counter.main_window is not None, timeout=10000)
        window = counter.main_window
        assert window is not None
        qtbot.addWidget(window)
        finder, sale = window.flight_finder, window.sale

        day = TODAY + timedelta(days=5)
        finder.date_edit.setDate(QDate(day.year, day.month, day.day))
        qtbot.keyClicks(finder.origin, "het")
        qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
        qtbot.keyClicks(finder.destination, "pek")
        qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
        qtbot.keyClick(finder.date_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
        finder.flights_view.setFocus()
        qtbot.keyClick(finder.flights_view, Qt.Key.Key_Return)
        qtbot.keyClick(finder.classes_view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)

        sale.name_edit.setFocus()
        sale.name_edit.setText("张伟")
        qtbot.keyClick(sale.name_edit, Qt.Key.Key_Return)
        sale.id_edit.setText("11010519491231002X")
        qtbot.keyClick(sale.id_edit, Qt.Key.Key_Return)
        qtbot.keyClick(focused(), Qt.Key.Key_F6)  # quote
        qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)
        qtbot.keyClick(focused(), Qt.Key.Key_F7)  # book: from the demo's own allotment
        qtbot.waitUntil(lambda: sale.held is not None or "color" in sale.message.styleSheet(),
                        timeout=5000)
        assert sale.held is not None, sale.message.text()
        qtbot.keyClick(focused(), Qt.Key.Key_F8)  # cash, the exact amount
        qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
        issued = sale.issued
        number = issued.tickets[0].ticket_number
        assert number in sale.tickets_label.text()

        printer = KeptPrinter()
        window.desk.queue.set_spooler(printer)  # type: ignore[arg-type]
        window.prefs.set_printer_for("receipt", "Receipt-LQ")
        qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(printer.printed) == 1, timeout=10000)
        assert number in printer.printed[0]
        assert sale.receipt_serials == {number: "0000000001"}  # the demo's receipt range
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Ticket)) == 1
        window.close()
    finally:
        counter.shutdown()
