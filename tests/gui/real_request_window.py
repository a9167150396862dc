"""The counter in a real X window at the Shenzhen GP counter, for the request dialog on a
real keyboard (tests/gui/test_real_request_form.py).

``python tests/gui/real_request_window.py DATA_DIR STATE_FILE WIDTH HEIGHT`` starts the
counter on the data folder with the suite's fixed clock and no head office, logs in the GP
counter's clerk (linxiaoyu, SZX001), gives the unit 深圳市委办公厅 a contact person and
a ticketed GP booking (PNR SZ7001: 陈志远 V5 and 黄晓敏 V1 on a flight out of Shenzhen ten
days ahead), and shows the GP page (公务服务) at WIDTH×HEIGHT on ``$DISPLAY`` with that
booking found and the cursor in the official search. Every 50 ms it writes to STATE_FILE
as JSON what the test needs to see: the focused widget, the GP page's officials, the
request dialog's kind, its form's values and errors, its state and message.

A screenshot as the X server shows it: the test writes a PNG path into STATE_FILE with the
suffix ``.shoot``; the window grabs the screen's part under the main window (the dialog is
over it) into that file and removes the request.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from real_window import log_in_then, write_state_file
from sqlalchemy import select

from counter_app.gui.app import CounterApp, build_context
from counter_app.gui.collector import GarbageCollector
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.main_window import MainWindow
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Customer,
    Flight,
    Traveller,
)
from counter_app.sync.credentials import MemoryCredentialStore

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from clock_support import NOW, TODAY  # noqa: E402 - found through the path above

PNR = "SZ7001"
UNIT = "GP-SZ-001"
PASSENGERS = ("陈志远", "黄晓敏")


def gp_booking(window: object) -> None:
    """The unit's contact and a ticketed GP booking, as a sale and a pull leave them."""
    ctx = window.ctx  # type: ignore[attr-defined]
    store, clerk = ctx.store, ctx.clerk
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer).where(Customer.code == UNIT)).one()
        unit.contact_name, unit.contact_phone = "秘书处王强", "0755-88880001"
        people = {t.name: t for t in session.scalars(
            select(Traveller).where(Traveller.customer_id == unit.id))}
        flight = session.scalars(select(Flight).where(
            Flight.dep_date == TODAY + timedelta(days=10), Flight.origin == "SZX")
            .order_by(Flight.flight_no).limit(1)).one()
        booking = Booking(pnr=PNR, status="ticketed", customer_id=unit.id,
                          clerk_id=clerk.clerk_id, outlet_code="SZX001", gp_order_no="GP-1",
                          customer_kind="gp_unit", created_at=NOW.replace(tzinfo=None))
        session.add(booking)
        session.flush()
        session.add(BookingSegment(booking_id=booking.id, seq=1, flight_id=flight.id,
                                   class_code="Y", cabin="Y", seats=len(PASSENGERS)))
        for name in PASSENGERS:
            person = people[name]
            session.add(BookingPassenger(
                booking_id=booking.id, traveller_id=person.id, name=person.name,
                passenger_type="ADT", id_type=person.id_type, id_number=person.id_number,
                mobile=person.mobile, gp_level=person.gp_level))


def main(argv: list[str]) -> int:
    data_dir, state_file = Path(argv[1]), Path(argv[2])
    width, height = int(argv[3]), int(argv[4])
    shoot = state_file.with_suffix(".shoot")
    app = QApplication(argv[:1])
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    collector = GarbageCollector(app)
    ctx = build_context(data_dir, demo=True, clock=FixedClock(NOW))
    ctx.credentials = MemoryCredentialStore()
    counter = CounterApp(ctx, Preferences(data_dir))
    shots: list[str] = []

    def show(window: MainWindow) -> None:
        gp_booking(window)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.setGeometry(0, 0, width, height)
        window.show_page(window.gp)
        window.show()
        window.raise_()
        window.activateWindow()
        page = window.gp
        page.booking_edit.setText(PNR)
        page.booking_edit.returnPressed.emit()  # the booking found, as Enter finds it
        page.official_edit.setFocus()
        timer.start(50)

    def write_state() -> None:
        window = counter.main_window
        focus = QApplication.focusWidget()
        state: dict[str, object] = {
            "focus": focus.objectName() if focus is not None else None,
            "focus_class": type(focus).__name__ if focus is not None else None,
            "active": QApplication.activeWindow() is not None,
        }
        if window is not None:
            page = window.gp
            state["booking"] = page.booking.pnr if page.booking is not None else None
            state["officials"] = [o.name for o in page.officials]
            dialog = page.dialog
            state["dialog"] = dialog is not None and dialog.isVisible()
            if dialog is not None:
                form = dialog.form
                state["kind"] = dialog.kind.code if dialog.kind is not None else None
                state["loaded"] = dialog.loaded
                state["busy"] = dialog.busy
                state["dialog_active"] = QApplication.activeWindow() is dialog
                state["request_id"] = dialog.request_id
                state["state"] = (dialog.state().value if dialog.state() is not None
                                  else None)
                state["message"] = dialog.error_line.text()
                state["geometry"] = [dialog.x(), dialog.y(), dialog.width(),
                                     dialog.height()]
                if form is not None:
                    state["values"] = form.values()
                    state["errors"] = {k: form.error_text(k) for k in form.widgets
                                       if form.error_text(k)}
            if shoot.exists():
                target = shoot.read_text(encoding="utf-8").strip()
                screen = QApplication.primaryScreen()
                grabbed = screen.grabWindow(0, window.x(), window.y(),
                                            window.frameGeometry().width(),
                                            window.frameGeometry().height())
                if grabbed.save(target):
                    shots.append(target)
                shoot.unlink()
            state["shots"] = list(shots)
        write_state_file(state_file, state)

    timer = QTimer()
    timer.timeout.connect(write_state)
    counter.start()
    log_in_then(counter, "linxiaoyu", "demo1234", show)
    code = app.exec()
    counter.shutdown()
    collector.stop()
    del translators
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
