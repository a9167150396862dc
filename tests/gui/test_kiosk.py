"""The civic-centre self check-in kiosk (counter-app --kiosk) under pytest-qt: the traveller's
whole flow on the keypad inside a check-in window, the idle timeout clearing everything,
the staff PIN that leaves, no other traveller's data, and the refusals (no coupon, a
malformed ID, an exit row for a child, no PIN set, no printer)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from gui_support import NOW, TODAY, KeptPrinter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from counter_app.domain.ids import resident_id_check_char
from counter_app.gui.app import build_context
from counter_app.gui.kiosk.screens import DoneScreen
from counter_app.gui.kiosk.start import KioskApp
from counter_app.gui.kiosk.window import COUNTDOWN_SECONDS, KioskWindow
from counter_app.gui.settings import Preferences
from counter_app.kernel.clock import FixedClock
from counter_app.paths import database_path
from counter_app.printing.spool import Spooler
from counter_app.sync.credentials import MemoryCredentialStore

pytestmark = pytest.mark.gui

PIN = "2468"
IDLE = 30


def resident_id(birth: date, serial: str) -> str:
    first17 = f"150102{birth:%Y%m%d}{serial}"
    return first17 + resident_id_check_char(first17)


ADULT_ID = resident_id(date(1980, 1, 1), "011")
CHILD_ID = resident_id(TODAY - timedelta(days=8 * 365 + 200), "031")
OTHER_ID = resident_id(date(1975, 5, 5), "055")  # another booking on the same flight
NOBODY_ID = resident_id(date(1990, 2, 2), "077")


@dataclass
class Sold:
    data_dir: Path
    adult_ticket: str
    child_ticket: str
    exit_seat: str
    departs: datetime  # aware UTC


def _sell(data_dir: Path, *, pin: bool) -> Sold:
    from sqlalchemy import select

    from counter_app.services import kiosk
    from counter_app.services.booking import (
        PassengerInput,
        PaymentInput,
        SegmentChoice,
        book,
        ticket_booking,
    )
    from counter_app.services.identity import ClerkSession, Role
    from counter_app.storage.db import open_store
    from counter_app.storage.models import Clerk, Flight, SeatLayout

    store = open_store(database_path(data_dir))
    try:
        with store.unit_of_work() as session:
            c = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
            clerk = ClerkSession(clerk_id=c.id, login=c.login, name=c.name_zh,
                                 role=Role(c.role), outlet_code=c.outlet_code,
                                 outlet_name="", outlet_kind="post_office")
            flight = session.scalars(select(Flight).where(
                Flight.flight_no == "CA1144", Flight.dep_date == TODAY + timedelta(days=1))).one()
            layout = session.get(SeatLayout, flight.layout_id)
            assert layout is not None
            exit_seat = f"{layout.definition['exit_rows'][0]}C"
            flight_id = flight.id
            departs = datetime.combine(flight.dep_date, flight.dep_time,
                                       tzinfo=UTC) - timedelta(hours=8)
        tickets = []
        for people in ([PassengerInput("张伟", "NI", ADULT_ID, mobile="13800000001"),
                        PassengerInput("张小明", "NI", CHILD_ID)],
                       [PassengerInput("李秘密", "NI", OTHER_ID)]):
            with store.unit_of_work() as session:
                held = book(session, segments=[SegmentChoice(flight_id, "Y")],
                            passengers=people, customer_id=None, clerk=clerk, now=NOW)
            with store.unit_of_work() as session:
                sold = ticket_booking(session, held.booking_id,
                                      [PaymentInput("cash", held.quote.total)],
                                      clerk=clerk, now=NOW)
            tickets += [t.ticket_number for t in sold.tickets]
        if pin:
            with store.unit_of_work() as session:
                kiosk.set_pin(session, "chenhong", "super1234", PIN, NOW)
    finally:
        store.close()
    return Sold(data_dir, tickets[0], tickets[1], exit_seat, departs)


@pytest.fixture
def sold(selling: Path, clock: FixedClock) -> Sold:
    """Tickets sold here on tomorrow's CA1144 (an adult with a child, and someone else),
    a staff PIN set, and the clock moved to three hours before departure."""
    result = _sell(selling, pin=True)
    clock.set(result.departs - timedelta(hours=3))
    return result


StartKiosk = Callable[..., KioskApp]


@pytest.fixture
def start_kiosk(qtbot, clock: FixedClock) -> Iterator[StartKiosk]:  # type: ignore[no-untyped-def]
    started: list[KioskApp] = []

    def start(data_dir: Path, spooler: Spooler | None = None, *, ready: bool = True
              ) -> KioskApp:
        ctx = build_context(data_dir, demo=True, clock=clock)
        ctx.credentials = MemoryCredentialStore()
        app = KioskApp(ctx, Preferences(data_dir), spooler=spooler or KeptPrinter(),
                       idle_seconds=IDLE, full_screen=False)
        started.append(app)
        app.start()
        qtbot.waitUntil(lambda: app.window is not None, timeout=20000)
        assert app.window is not None
        qtbot.addWidget(app.window)
        if ready:
            qtbot.waitUntil(lambda: app.window is not None and app.window.ready, timeout=10000)
        return app

    yield start
    for app in started:
        app.shutdown()


def _window(app: KioskApp) -> KioskWindow:
    assert app.window is not None
    return app.window


def _type_id(qtbot: QtBot, window: KioskWindow, number: str) -> None:
    for ch in number:
        qtbot.mouseClick(window.id_screen.keypad.keys[ch], Qt.MouseButton.LeftButton)
    assert window.id_screen.field.text() == number
    qtbot.mouseClick(window.id_screen.search, Qt.MouseButton.LeftButton)


def _visible_text(window: KioskWindow) -> str:
    """Every text the window holds in its labels, fields and buttons."""
    parts = [w.text() for w in window.findChildren(QLabel)]
    parts += [w.text() for w in window.findChildren(QLineEdit)]
    parts += [w.text() for w in window.findChildren(QPushButton)]
    return "\n".join(parts)


def _click_seat(qtbot: QtBot, window: KioskWindow, seat: str) -> None:
    seat_map = window.seat_screen.map
    qtbot.mouseClick(seat_map, Qt.MouseButton.LeftButton, pos=seat_map.seat_rect(seat).center())


def _seat_of(data_dir: Path, ticket: str) -> str | None:
    from counter_app.services.boarding import coupon_for
    from counter_app.storage.db import open_store

    store = open_store(database_path(data_dir))
    try:
        with store.read() as session:
            return coupon_for(session, ticket, 1).seat
    finally:
        store.close()


def test_a_traveller_checks_in_picks_a_seat_and_the_pass_prints(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk, tmp_path: Path) -> None:
    printed: list[str] = []
    window = _window(start_kiosk(sold.data_dir, KeptPrinter(printed)))
    window.resize(1280, 800)
    assert window.stack.currentWidget() is window.id_screen
    _type_id(qtbot, window, ADULT_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    screen = window.coupons_screen
    assert [c.ticket_number for c in screen.coupons] == [sold.adult_ticket]
    text = _visible_text(window)
    assert "CA1144" in text
    assert "张*" in text
    assert "张伟" not in text  # the name masked
    assert "李" not in text  # nobody else's booking, not even the child of the same one
    qtbot.mouseClick(screen.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.seat_screen)
    assert not window.seat_screen.confirm.isEnabled()
    _click_seat(qtbot, window, "32A")
    assert window.seat_screen.seat == "32A"
    assert "32A" in window.seat_screen.confirm.text()
    qtbot.mouseClick(window.seat_screen.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.done_screen.state == DoneScreen.PRINTED, timeout=10000)
    assert window.done_screen.title.text() == "请取走您的登机牌。"
    assert len(printed) == 1
    assert _seat_of(sold.data_dir, sold.adult_ticket) == "32A"
    qtbot.mouseClick(window.done_screen.done, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.id_screen
    assert window.id_screen.field.text() == ""
    assert window.coupons_screen.coupons == []
    assert "CA1144" not in _visible_text(window)


def test_idle_timeout_counts_down_and_clears_everything(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    window = _window(start_kiosk(sold.data_dir))
    _type_id(qtbot, window, ADULT_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    for _ in range(IDLE - COUNTDOWN_SECONDS - 1):
        window.tick()
    assert window.countdown.text() == ""
    window.tick()
    assert "10" in window.countdown.text()
    for _ in range(COUNTDOWN_SECONDS):
        window.tick()
    assert window.stack.currentWidget() is window.id_screen
    assert window.id_screen.field.text() == ""
    assert window.coupons_screen.coupons == []
    assert window.id_text == ""
    assert "CA1144" not in _visible_text(window)
    assert window.countdown.text() == ""
    # the next traveller starts in Chinese whatever the last one chose
    with qtbot.waitSignal(window.language_changed) as switched:
        qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)
    assert switched.args == ["en"]
    with qtbot.waitSignal(window.language_changed) as back:
        window.reset()
    assert back.args == ["zh_CN"]
    # an answer asked for before the timeout never reaches the next traveller's screen
    window.id_screen.field.setText(ADULT_ID)
    qtbot.mouseClick(window.id_screen.search, Qt.MouseButton.LeftButton)
    window.reset()
    qtbot.waitUntil(lambda: not window.ctx.runner.busy)
    QApplication.processEvents()
    assert window.stack.currentWidget() is window.id_screen
    assert window.coupons_screen.coupons == []


def test_the_staff_pin_leaves_and_a_wrong_one_is_refused(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    kiosk = start_kiosk(sold.data_dir)
    window = _window(kiosk)
    window.id_screen.field.setText(ADULT_ID)
    qtbot.keyClick(window.id_screen.field, Qt.Key.Key_Q,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.stack.currentWidget() is window.pin_screen
    assert window.id_screen.field.text() == ""  # the traveller's ID gone before staff look
    for ch in "1111":
        qtbot.mouseClick(window.pin_screen.keypad.keys[ch], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.pin_screen.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pin_screen.message.text() != "", timeout=10000)
    assert window.pin_screen.message.text() == "PIN 不正确。"
    assert window.pin_screen.field.text() == ""
    with qtbot.waitSignal(kiosk.finished, timeout=10000):
        for ch in PIN:
            qtbot.mouseClick(window.pin_screen.keypad.keys[ch], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(window.pin_screen.ok, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_no_coupon_and_a_malformed_id_are_said_and_the_id_kept(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    window = _window(start_kiosk(sold.data_dir))
    _type_id(qtbot, window, NOBODY_ID)
    qtbot.waitUntil(lambda: window.id_screen.message.text() != "", timeout=10000)
    assert "未找到可办理值机的航班" in window.id_screen.message.text()
    assert window.stack.currentWidget() is window.id_screen
    assert window.id_screen.field.text() == NOBODY_ID
    qtbot.mouseClick(window.id_screen.clear_button, Qt.MouseButton.LeftButton)
    bad = ADULT_ID[:17] + ("0" if ADULT_ID[17] != "0" else "1")
    _type_id(qtbot, window, bad)
    qtbot.waitUntil(lambda: window.id_screen.message.text() != "", timeout=10000)
    assert "校验位" in window.id_screen.message.text()
    assert "未找到" not in window.id_screen.message.text()
    assert window.id_screen.field.text() == bad


def test_a_child_is_refused_an_exit_row_with_the_reason(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    window = _window(start_kiosk(sold.data_dir))
    _type_id(qtbot, window, CHILD_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    assert [c.ticket_number for c in window.coupons_screen.coupons] == [sold.child_ticket]
    qtbot.mouseClick(window.coupons_screen.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.seat_screen)
    _click_seat(qtbot, window, sold.exit_seat)
    assert window.seat_screen.seat == ""
    assert not window.seat_screen.confirm.isEnabled()
    message = window.seat_screen.message.text()
    assert "出口" in message
    assert "儿童" in message
    assert _seat_of(sold.data_dir, sold.child_ticket) is None


def test_a_seat_taken_meanwhile_is_said_and_the_map_refreshed(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    window = _window(start_kiosk(sold.data_dir))
    _type_id(qtbot, window, ADULT_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    qtbot.mouseClick(window.coupons_screen.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.seat_screen)
    _click_seat(qtbot, window, "32A")
    # the other traveller takes 32A at the counter meanwhile
    from counter_app.services.boarding import check_in, coupon_for

    store = window.ctx.workspace.store
    ticket = sold.child_ticket  # any other coupon of the flight
    with store.unit_of_work() as session:
        check_in(session, coupon_for(session, ticket, 1), "32A", "wangli", window.ctx.clock.now())
    qtbot.mouseClick(window.seat_screen.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.seat_screen.message.text() != "", timeout=10000)
    assert "32A" in window.seat_screen.message.text()
    assert window.stack.currentWidget() is window.seat_screen
    chart = window.seat_screen.map.chart()
    assert chart is not None
    assert not chart.offerable("32A")
    assert _seat_of(sold.data_dir, sold.adult_ticket) is None


def test_no_printer_says_collect_at_the_counter(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    class NoPrinter(KeptPrinter):
        def printers(self):  # type: ignore[no-untyped-def]
            return []

    window = _window(start_kiosk(sold.data_dir, NoPrinter()))
    _type_id(qtbot, window, ADULT_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    qtbot.mouseClick(window.coupons_screen.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.seat_screen)
    _click_seat(qtbot, window, "32B")
    qtbot.mouseClick(window.seat_screen.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.done_screen.state == DoneScreen.AT_COUNTER, timeout=10000)
    assert window.done_screen.title.text() == "请到柜台领取登机牌"
    assert len(window.queue.jobs()) == 1  # the job waits in the queue
    assert _seat_of(sold.data_dir, sold.adult_ticket) == "32B"


def test_without_a_pin_the_kiosk_refuses_to_start_and_says_how(
        qtbot: QtBot, selling: Path, start_kiosk: StartKiosk) -> None:
    kiosk = start_kiosk(selling, ready=False)
    window = _window(kiosk)
    qtbot.waitUntil(lambda: window.notice.kind == "no_pin", timeout=10000)
    assert not window.ready
    assert "--set-kiosk-pin" in window.notice.detail.text()
    assert window.stack.currentWidget() is window.notice


def _preselect(data_dir: Path, id_number: str, seat: str) -> None:
    """The traveller chose ``seat`` at the sale (offline: provisional, op queued)."""
    from sqlalchemy import select

    from counter_app.services import seating
    from counter_app.storage.db import open_store
    from counter_app.storage.models import BookingPassenger, BookingSegment

    store = open_store(database_path(data_dir))
    try:
        with store.unit_of_work() as session:
            passenger = session.scalars(select(BookingPassenger).where(
                BookingPassenger.id_number == id_number)).one()
            segment = session.scalars(select(BookingSegment).where(
                BookingSegment.booking_id == passenger.booking_id)).one()
            payload = seating.prepare_choice(session, passenger.id, segment.id, seat, "wangli",
                                             NOW)
            seating.record_choice(session, payload, None, NOW)
    finally:
        store.close()


def test_the_seat_chosen_at_the_sale_is_offered_and_others_are_only_taken(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    _preselect(sold.data_dir, ADULT_ID, "33C")
    _preselect(sold.data_dir, OTHER_ID, "33D")
    window = _window(start_kiosk(sold.data_dir))
    _type_id(qtbot, window, ADULT_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    qtbot.mouseClick(window.coupons_screen.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.seat_screen)
    chart = window.seat_screen.map.chart()
    assert chart is not None
    assert window.seat_screen.seat == "33C"
    assert "33C" in window.seat_screen.picked.text()
    assert window.seat_screen.confirm.isEnabled()
    assert str(chart.state("33C")) == "chosen"
    assert str(chart.state("33D")) == "taken"  # someone else's choice: just taken
    qtbot.mouseClick(window.seat_screen.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.done_screen.state == DoneScreen.PRINTED, timeout=10000)
    assert _seat_of(sold.data_dir, sold.adult_ticket) == "33C"


def test_a_long_press_on_the_corner_opens_the_pin_pad(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    window = _window(start_kiosk(sold.data_dir))
    corner = window.corner
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    assert corner.timer.isActive()
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton)  # a tap: nothing
    assert not corner.timer.isActive()
    assert window.stack.currentWidget() is window.id_screen
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    corner.timer.timeout.emit()  # held for LONG_PRESS_MS (no waiting in a test)
    assert window.stack.currentWidget() is window.pin_screen


def test_set_kiosk_pin_asks_a_supervisor_and_the_pin_twice(selling: Path) -> None:
    from counter_app.gui.kiosk.commands import set_kiosk_pin
    from counter_app.services import kiosk
    from counter_app.storage.db import open_store

    def run(*answers: str) -> tuple[int, str]:
        said: list[str] = []
        replies = iter(answers)
        code = set_kiosk_pin(selling, ask=lambda _prompt: next(replies), say=said.append)
        return code, "\n".join(said)

    code, said = run("chenhong", "super1234", "2468", "2469")
    assert (code, "differ" in said) == (1, True)
    code, said = run("wangli", "demo1234", "2468", "2468")  # a plain clerk
    assert (code, "not accepted" in said) == (1, True)
    code, said = run("chenhong", "super1234", "24a8", "24a8")
    assert (code, "digits" in said) == (1, True)
    code, said = run("chenhong", "super1234", "2468", "2468")
    assert code == 0
    assert "chenhong" in said
    store = open_store(database_path(selling))
    try:
        with store.read() as session:
            assert kiosk.verify_pin(session, "2468")
    finally:
        store.close()


def test_five_wrong_pins_close_the_pad(qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk) -> None:
    from counter_app.gui.kiosk.window import PIN_TRIES

    window = _window(start_kiosk(sold.data_dir))
    window.open_pin()
    for attempt in range(1, PIN_TRIES + 1):
        assert window.stack.currentWidget() is window.pin_screen
        window.pin_screen.field.setText("0000")
        qtbot.mouseClick(window.pin_screen.ok, Qt.MouseButton.LeftButton)
        if attempt < PIN_TRIES:
            qtbot.waitUntil(lambda: window.pin_screen.ok.isEnabled(), timeout=10000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.id_screen, timeout=10000)
    assert window.ready


def test_check_in_closed_meanwhile_is_said_and_nothing_is_written(
        qtbot: QtBot, sold: Sold, start_kiosk: StartKiosk, clock: FixedClock) -> None:
    window = _window(start_kiosk(sold.data_dir))
    _type_id(qtbot, window, ADULT_ID)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.coupons_screen)
    qtbot.mouseClick(window.coupons_screen.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.seat_screen)
    _click_seat(qtbot, window, "32A")
    clock.set(sold.departs - timedelta(minutes=40))  # the traveller took their time
    qtbot.mouseClick(window.seat_screen.confirm, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.id_screen, timeout=10000)
    message = window.id_screen.message.text()
    assert "值机已关闭" in message
    assert "柜台" in message
    assert window.coupons_screen.coupons == []
    assert _seat_of(sold.data_dir, sold.adult_ticket) is None


def test_a_supervisor_sets_the_kiosk_pin_from_the_settings(qtbot: QtBot, log_in) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from counter_app.gui.kiosk.pin_dialog import KioskPinDialog
    from counter_app.services import kiosk

    window = log_in()
    window.open_kiosk_pin()
    dialog = window.findChild(KioskPinDialog)
    assert dialog is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.login.setText("wangli")  # a plain clerk may not
    dialog.password.setText("demo1234")
    dialog.pin.setText("1357")
    dialog.pin_again.setText("1357")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=10000)
    assert "主管" in dialog.message.text()
    assert dialog.isVisible()
    dialog.login.setText("chenhong")
    dialog.password.setText("super1234")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    store = window.ctx.store
    assert store is not None
    with store.read() as session:
        assert kiosk.verify_pin(session, "1357")
        assert kiosk.kiosk_setup(session).operator_login == "chenhong"
