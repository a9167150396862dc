"""Each seat rule shown on the map with its reason, as the clerk meets it in the seat
dialog: no child, infant, passenger under 15 nor adult holding an infant in an exit row
(another adult may sit there), a seat the airline blocks never offered nor proposed, a seat
taken on head office's last known state, an infant given no seat; and online, beside a
real served head office: a seat confirmed live (已确认, head office holds it at once), and a
seat taken by another counter meanwhile refused 409 with its nearest equivalent seat made
the current one, the map read again and nothing chosen before lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from seat_gui_support import (
    CHILD,
    INFANT,
    LI,
    TEEN,
    ZHANG,
    flight_id,
    hold,
    open_from_sale,
    seats_of,
    settled,
    type_seat,
)
from sqlalchemy import text
from test_gui_online_kinds import (  # noqa: F401  (the fixture is imported to be used)
    Online,
    online,
)

from counter_app.gui.main_window import MainWindow
from counter_app.gui.seat_dialog import SeatDialog


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    return log_in()


def pick(qtbot, dialog: SeatDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    """Select the passenger in the list (the map's refusals become theirs)."""
    rows = dialog.roster.rows()
    row = next(i for i, t in enumerate(rows) if t.name == name)
    dialog.roster.view.selectRow(row)
    qtbot.waitUntil(lambda: dialog.shown is not None
                    and dialog.shown.passenger_id == rows[row].passenger_id, timeout=5000)
    settled(qtbot, dialog)
    dialog.map.setFocus()


def enter_on(qtbot, dialog: SeatDialog, seat: str) -> None:  # type: ignore[no-untyped-def]
    type_seat(qtbot, dialog, seat)
    dialog.message.clear()
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=5000)
    settled(qtbot, dialog)


def test_exit_row_refused_with_its_reason(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    held = hold(window, [ZHANG, LI, CHILD, TEEN, INFANT])  # the infant on 张伟's lap
    dialog = open_from_sale(qtbot, window, held)
    for name, reason in (("张小明", "儿童"), ("张小红", "未满 15 周岁"),
                         ("张伟", "携带婴儿")):
        pick(qtbot, dialog, name)
        chart = dialog.map.chart()
        assert chart is not None
        assert chart.refusals.get("44A") == "exit_row_not_allowed"
        enter_on(qtbot, dialog, "44A")
        assert dialog.message.is_error
        assert dialog.message.text().startswith("座位")
        assert "紧急出口" in dialog.message.text()
        assert reason in dialog.message.text(), dialog.message.text()
    assert seats_of(window, held.booking_id) == {}
    pick(qtbot, dialog, "张宝宝")
    enter_on(qtbot, dialog, "36A")
    assert "婴儿" in dialog.message.text()
    pick(qtbot, dialog, "李娜")  # an adult without an infant may sit in the exit row
    chart = dialog.map.chart()
    assert chart is not None
    assert chart.offerable("44A")
    enter_on(qtbot, dialog, "44A")
    assert not dialog.message.is_error
    qtbot.waitUntil(lambda: "李娜" in seats_of(window, held.booking_id), timeout=5000)
    assert seats_of(window, held.booking_id) == {"李娜": ("44A", "provisional")}


def test_a_blocked_seat_is_never_offered_nor_proposed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    held = hold(window, [ZHANG, LI])
    dialog = open_from_sale(qtbot, window, held)
    chart = dialog.map.chart()
    assert chart is not None
    for seat in ("31C", "31D"):  # CA-A321 blocks them
        assert not chart.offerable(seat)
        enter_on(qtbot, dialog, seat)
        assert dialog.message.is_error
        assert "锁定" in dialog.message.text()
    qtbot.keyClick(dialog.map, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(dialog.proposal) == 2, timeout=5000)
    assert not {"31C", "31D"} & set(dialog.proposal.values())
    assert seats_of(window, held.booking_id) == {}


def test_a_seat_taken_on_the_last_known_state(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from counter_app.storage.models import SeatMapCache

    store = window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        session.add(SeatMapCache(
            flight_id=flight_id(window), as_of=datetime.now(UTC).replace(tzinfo=None),
            seats=[{"seat": "36C", "state": "taken", "mine": False, "choice_id": ""}]))
    held = hold(window, [ZHANG])
    dialog = open_from_sale(qtbot, window, held)
    assert "离线" in dialog.mode_label.text()
    chart = dialog.map.chart()
    assert chart is not None
    assert str(chart.state("36C")) == "taken"
    enter_on(qtbot, dialog, "36C")
    assert "已被占用" in dialog.message.text()
    assert seats_of(window, held.booking_id) == {}


# -- online, beside a served head office ---------------------------------------------------


def lease(qtbot, window: MainWindow, fid: str, seats: int) -> None:  # type: ignore[no-untyped-def]
    """Seats on the flight leased from head office (as the Sale page does when booking)."""
    engine = window.desk_ctx.sync.engine
    assert engine is not None
    failure: list[BaseException] = []

    def run() -> None:
        try:
            engine.request_lease(fid, "Y", seats)
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=30000)
    assert failure == []


def taken_elsewhere(counter: Online, fid: str, seat: str, n: int) -> None:
    """Another counter's passenger on ``seat``, as head office holds it."""
    counter_id = counter.scalar("SELECT id FROM counters LIMIT 1")
    with counter.ho.begin() as conn:
        conn.execute(text(
            "INSERT INTO seat_assignments (choice_id, flight_id, seat, counter_id, outlet_code,"
            " holder, passenger_name, passenger_type, kind, locked, hold_group, beside,"
            " clerk_login, requested_seat, payload_hash, created_at) VALUES (:c, :f, :seat,"
            " :counter, 'HET001', :c, '王五', 'ADT', 'seat', false, '', '', 'other', :seat, '',"
            " :at)"), {"c": f"0190aaaa-0000-7000-8000-{n:012d}", "f": fid, "seat": seat,
                       "counter": counter_id, "at": datetime.now(UTC).replace(tzinfo=None)})


def test_online_confirmed_live_and_a_seat_taken_meanwhile(
        qtbot, online: Callable[[str, str], Online]) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    counter = online("HET001", "wangli")
    window = counter.window
    day = counter.today() + timedelta(days=3)
    fid = flight_id(window, day)
    lease(qtbot, window, fid, 2)
    held = hold(window, [ZHANG, LI], day)
    taken_elsewhere(counter, fid, "36D", 1)  # before the dialog opens: not in its cache
    dialog = open_from_sale(qtbot, window, held)
    dialog._timer.stop()  # what follows is the read made on opening, not the periodic one
    assert "在线" in dialog.mode_label.text()
    qtbot.waitUntil(lambda: (c := dialog.map.chart()) is not None
                    and str(c.state("36D")) == "taken", timeout=20000)
    enter_on(qtbot, dialog, "33A")
    qtbot.waitUntil(lambda: seats_of(window, held.booking_id).get("张伟") == ("33A", "confirmed"),
                    timeout=20000)
    assert counter.scalar("SELECT seat FROM seat_assignments WHERE flight_id = :f "
                          "AND passenger_name = '张伟'", f=fid) == "33A"
    assert dialog.roster.model.index(0, 4).data() == "已确认"
    # Another counter takes 33B at head office while this dialog shows it free.
    chart = dialog.map.chart()
    assert chart is not None
    assert chart.offerable("33B")
    taken_elsewhere(counter, fid, "33B", 2)
    pick(qtbot, dialog, "李娜")
    enter_on(qtbot, dialog, "33B")
    text_shown = dialog.message.text()
    assert dialog.message.is_error
    assert "33B 已被占用" in text_shown, text_shown
    qtbot.waitUntil(lambda: (c := dialog.map.chart()) is not None
                    and str(c.state("33B")) == "taken", timeout=20000)  # the map read again
    suggested = dialog.map.current()
    assert suggested not in (None, "33B", "33A")
    assert suggested is not None
    assert suggested in text_shown
    assert seats_of(window, held.booking_id) == {"张伟": ("33A", "confirmed")}  # nothing lost
    traveller = dialog.traveller()
    assert traveller is not None
    assert traveller.name == "李娜"
    dialog.message.clear()
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)  # Enter takes the suggested seat
    qtbot.waitUntil(lambda: seats_of(window, held.booking_id).get("李娜")
                    == (suggested, "confirmed"), timeout=20000)
    # While the dialog is open it reads head office's state every few seconds: a seat
    # another counter takes shows taken without the clerk doing anything.
    taken_elsewhere(counter, fid, "50F", 3)
    dialog._timer.start()
    qtbot.waitUntil(lambda: (c := dialog.map.chart()) is not None
                    and str(c.state("50F")) == "taken", timeout=20000)
    # 取消选座 online: head office frees 33A at once.
    settled(qtbot, dialog)
    pick(qtbot, dialog, "张伟")
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "张伟" not in seats_of(window, held.booking_id), timeout=20000)
    assert counter.scalar("SELECT count(*) FROM seat_assignments WHERE flight_id = :f "
                          "AND seat = '33A'", f=fid) == 0
    dialog.reject()


def test_head_office_gone_while_the_dialog_is_open(
        qtbot, online: Callable[[str, str], Online]) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    """The counter still thinks it is online when head office stops answering: the choice
    is kept provisional (待确认) with its seat.choose op, and the dialog says so."""
    from seat_gui_support import seat_ops

    counter = online("HET001", "wangli")
    window = counter.window
    day = counter.today() + timedelta(days=3)
    lease(qtbot, window, flight_id(window, day), 1)
    held = hold(window, [ZHANG], day)
    dialog = open_from_sale(qtbot, window, held)
    dialog._timer.stop()
    assert "在线" in dialog.mode_label.text()
    head_office = counter.app.head_office
    assert head_office is not None
    head_office.stop()
    enter_on(qtbot, dialog, "34A")
    qtbot.waitUntil(lambda: seats_of(window, held.booking_id).get("张伟")
                    == ("34A", "provisional"), timeout=30000)
    assert "离线" in dialog.message.text(), dialog.message.text()
    assert seat_ops(window) == ["34A"]
    qtbot.waitUntil(lambda: dialog.roster.model.index(0, 4).data() == "待确认", timeout=5000)
    dialog.reject()
