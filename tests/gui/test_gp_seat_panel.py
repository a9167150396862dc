"""The GP seat panel (公务座位服务) on a counter with no head office to ask: the official's
entitlements shown (seat ones highlighted), the services a V3 lacks disabled with the
reason, a V4's seat locked and released only with a supervisor, the privacy seat (EXST)
beside them, and seats held with the time left in the holds dialog, by the test clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import NOW
from PySide6.QtCore import QDateTime, QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QPushButton
from seat_gui_support import OUT_DAY, flight_id, open_from_sale
from sqlalchemy import select

from counter_app.gui.gp_seat_panel import GpSeatPanel, GpSeatWindow, HoldsDialog
from counter_app.gui.main_window import MainWindow
from counter_app.kernel.clock import SHANGHAI, FixedClock
from counter_app.services.booking import HeldBooking, PassengerInput, SegmentChoice, book
from counter_app.storage.models import (
    BookingPassenger,
    BookingSegment,
    Customer,
    SeatChoice,
    Traveller,
)

UNIT = "GP-SZ-005"
V4, V3 = "赵国华", "罗文静"


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    win: MainWindow = log_in()
    win.resize(1280, 800)
    return win


def gp_booking(window: MainWindow, day=OUT_DAY) -> tuple[dict[str, str], str]:  # type: ignore[no-untyped-def]
    """A GP booking of 赵国华 (V4) and 罗文静 (V3) on CA1144: (name -> passenger id, segment)."""
    ids, segment, _ = gp_held(window, day)
    return ids, segment


def gp_held(window: MainWindow, day=OUT_DAY) -> tuple[dict[str, str], str, HeldBooking]:  # type: ignore[no-untyped-def]
    """:func:`gp_booking` and the held booking itself."""
    store, clerk = window.ctx.store, window.ctx.clerk
    assert store is not None
    assert clerk is not None
    fid = flight_id(window, day)
    with store.unit_of_work() as session:
        unit = session.scalars(select(Customer.id).where(Customer.code == UNIT)).one()
        people = [PassengerInput(t.name, t.id_type, t.id_number, traveller_id=t.id)
                  for name in (V4, V3)
                  for t in session.scalars(select(Traveller).where(Traveller.name == name))]
        held = book(session, segments=[SegmentChoice(fid, "Y")], passengers=people,
                    customer_id=unit, gp_order_no="GP-PANEL", clerk=clerk, now=NOW)
        ids = {p.name: p.id for p in session.scalars(select(BookingPassenger).where(
            BookingPassenger.booking_id == held.booking_id))}
        segment = session.scalars(select(BookingSegment.id).where(
            BookingSegment.booking_id == held.booking_id)).one()
    return ids, segment, held


def panel_for(qtbot, window: MainWindow, passenger_id: str, segment: str) -> GpSeatPanel:  # type: ignore[no-untyped-def]
    panel = GpSeatPanel(window.desk_ctx)
    qtbot.addWidget(panel)
    panel.resize(460, 720)
    panel.show()
    panel.show_passenger(passenger_id, segment)
    qtbot.waitUntil(lambda: panel.shown is not None, timeout=10000)
    return panel


def choices(window: MainWindow, passenger_id: str) -> list[tuple[str, str, bool, str]]:
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        return [(c.seat, c.kind, c.locked, c.state) for c in session.scalars(
            select(SeatChoice).where(SeatChoice.passenger_id == passenger_id)
            .order_by(SeatChoice.created_at))]


def wait_message(qtbot, panel: GpSeatPanel, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: text in panel.message.text(), timeout=10000)


def test_a_v3_sees_the_entitlements_and_the_seat_services_refused_with_the_reason(
    qtbot, window: MainWindow, shots: Path,  # type: ignore[no-untyped-def]
) -> None:
    ids, segment = gp_booking(window)
    panel = panel_for(qtbot, window, ids[V3], segment)
    assert "V3" in panel.title.text()
    labels = [panel.entitlements.item(i).text() for i in range(panel.entitlements.count())]
    assert any("预选座位" in label and label.startswith("★") for label in labels)
    assert not any("机上座位锁定" in label for label in labels)  # a V4 entitlement
    for button in (panel.lock_button, panel.privacy_button, panel.hold_button):
        assert not button.isEnabled()
        assert "V4" in button.toolTip()
    assert "座位锁定" in panel.reasons.text()
    assert "V3" in panel.reasons.text()
    panel.grab().save(str(shots / "gp_seat_panel_v3.png"))


def test_a_v4_locks_a_seat_released_only_with_a_supervisor(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ids, segment = gp_booking(window)
    panel = panel_for(qtbot, window, ids[V4], segment)
    labels = [panel.entitlements.item(i).text() for i in range(panel.entitlements.count())]
    assert any("机上座位锁定" in label and label.startswith("★") for label in labels)
    assert panel.lock_button.isEnabled()
    assert panel.hold_button.isEnabled()
    assert "免费" in panel.fare_label.text()
    panel.set_seat("31A")
    panel.lock_button.click()
    wait_message(qtbot, panel, "31A")
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.locked, timeout=10000)
    assert choices(window, ids[V4]) == [("31A", "seat", True, "provisional")]

    assert panel.unlock_button.isEnabled()
    panel.unlock_button.click()  # no supervisor typed
    qtbot.waitUntil(lambda: "主管" in panel.message.text(), timeout=10000)
    assert choices(window, ids[V4]) == [("31A", "seat", True, "provisional")]

    panel.supervisor.setText("chenhong")
    panel.supervisor_password.setText("super1234")
    panel.unlock_button.click()
    qtbot.waitUntil(lambda: choices(window, ids[V4])[0][3] == "released", timeout=10000)


def test_the_privacy_seat_beside_a_v4_is_kept_empty(qtbot, window: MainWindow, shots: Path) -> None:  # type: ignore[no-untyped-def]
    ids, segment = gp_booking(window)
    panel = panel_for(qtbot, window, ids[V4], segment)
    assert not panel.privacy_button.isEnabled()  # the official has no seat yet
    panel.set_seat("31A")
    panel.lock_button.click()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.seat == "31A",
                    timeout=10000)
    qtbot.waitUntil(panel.privacy_button.isEnabled, timeout=10000)
    panel.privacy_button.click()
    qtbot.waitUntil(lambda: panel.shown is not None and panel.shown.privacy_seat == "31B",
                    timeout=10000)
    assert "EXST 31B" in panel.fare_label.text()
    assert ("31B", "extra", False, "provisional") in choices(window, ids[V4])
    panel.resize(520, 760)
    panel.grab().save(str(shots / "gp_seat_panel_v4.png"))


def test_holds_dialog_shows_the_time_left_by_the_clock(
    qtbot, window: MainWindow, clock: FixedClock, shots: Path,  # type: ignore[no-untyped-def]
) -> None:
    ids, segment = gp_booking(window)
    other_ids, other_segment = gp_booking(window, OUT_DAY + timedelta(days=1))
    panel = panel_for(qtbot, window, ids[V4], segment)
    deadline = (NOW + timedelta(hours=2, minutes=15)).astimezone(SHANGHAI)
    panel.set_seat("33C")
    panel.hold_until.setDateTime(QDateTime(deadline.year, deadline.month, deadline.day,
                                           deadline.hour, deadline.minute, 0))
    panel.hold_button.click()
    wait_message(qtbot, panel, "33C")
    panel.show_passenger(other_ids[V4], other_segment)
    qtbot.waitUntil(lambda: panel.shown is not None
                    and panel.shown.passenger_id == other_ids[V4], timeout=10000)
    past = (NOW - timedelta(minutes=5)).astimezone(SHANGHAI)
    panel.hold_until.setDateTime(QDateTime(past.year, past.month, past.day, past.hour,
                                           past.minute, 0))
    panel.hold_button.click()
    qtbot.waitUntil(lambda: "截止" in panel.message.text(), timeout=10000)  # hold_deadline
    assert [c for c in choices(window, other_ids[V4]) if c[1] == "hold"] == []

    dialog = panel.open_holds()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.table.item(0, 4).text() == "33C"
    assert dialog.table.item(0, 6).text() == "剩余 2小时15分"
    clock.set(NOW + timedelta(hours=1))
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.table.item(0, 6).text() == "剩余 1小时15分", timeout=10000)
    assert dialog.timer.interval() == 60_000
    dialog.grab().save(str(shots / "gp_holds_dialog.png"))
    dialog.done(0)
    assert isinstance(dialog, HoldsDialog)


def test_the_seat_dialog_opens_the_panel_for_the_selected_official(
    qtbot, window: MainWindow, shots: Path,  # type: ignore[no-untyped-def]
) -> None:
    _, _, held = gp_held(window)
    dialog = open_from_sale(qtbot, window, held)
    button = dialog.findChild(QPushButton, "gpSeatsButton")
    assert button is not None
    assert button.text() == "公务座位服务… (Ctrl+G)"
    assert button.isEnabled()  # the official (V4) is selected
    button.click()
    gp = dialog.findChild(GpSeatWindow)
    assert gp is not None
    qtbot.waitUntil(lambda: gp.panel.shown is not None, timeout=10000)
    assert gp.panel.shown is not None
    assert gp.panel.shown.passenger_name == V4  # the first passenger is selected
    assert gp.panel.lock_button.isEnabled()
    gp.panel.seat_edit.setText("31A")
    gp.panel.lock_button.click()
    qtbot.waitUntil(lambda: gp.panel.shown is not None and gp.panel.shown.locked,
                    timeout=10000)
    qtbot.waitUntil(gp.panel.privacy_button.isEnabled, timeout=10000)
    gp.panel.privacy_button.click()
    qtbot.waitUntil(lambda: gp.panel.shown is not None and bool(gp.panel.shown.privacy_seat),
                    timeout=10000)
    qtbot.waitUntil(lambda: dialog.map.chart() is not None
                    and dialog.map.chart().state("31B").value == "extra", timeout=10000)
    assert "31A（已锁定）" in gp.panel.fare_label.text()
    # The seat dialog's passenger list marks the locked seat too.
    model = dialog.roster.model
    qtbot.waitUntil(lambda: "已锁定" in str(model.index(0, 4).data()), timeout=10000)
    # The screenshot at 1280x800: the seat dialog and the GP window beside it.
    dialog.resize(800, 800)
    gp.resize(480, 800)
    shot = QPixmap(1280, 800)
    shot.fill(QColor("white"))
    painter = QPainter(shot)
    painter.drawPixmap(QPoint(0, 0), dialog.grab())
    painter.drawPixmap(QPoint(800, 0), gp.grab())
    painter.end()
    shot.save(str(shots / "gp_seat_panel_1280x800.png"))
    gp.done(0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.map, timeout=5000)
