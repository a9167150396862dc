"""Trips beyond one flight, driven like a clerk: a connection via a hub, a return trip, a
traveller found again after a first sale, and held bookings released past their deadline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path

import pytest
from gui_support import NOW, TODAY
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from counter_app.gui.main_window import MainWindow
from counter_app.gui.pages.sale import SalePage
from counter_app.kernel.clock import FixedClock
from counter_app.storage.models import Booking, Flight, Lease

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    return log_in()


def lease(window: MainWindow, flight_ids: Iterable[str]) -> None:
    """Economy seats on these flights, as head office would grant them (like ``selling``)."""
    store = window.ctx.store
    assert store is not None
    expires = NOW.replace(tzinfo=None) + timedelta(days=30)
    with store.unit_of_work() as session:
        held = set(session.scalars(select(Lease.flight_id)))
        for flight_id in flight_ids:
            if flight_id not in held:
                session.add(Lease(lease_id=flight_id, flight_id=flight_id,
                                  cabin="Y", granted=9, used_local=0, expires_at=expires,
                                  status="active"))


def search(qtbot, window: MainWindow, origin: str, destination: str, days: int) -> None:  # type: ignore[no-untyped-def]
    finder = window.flight_finder
    day = TODAY + timedelta(days=days)
    finder.origin.setText(origin)
    finder.destination.setText(destination)
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    finder.search()


def add_passenger(sale: SalePage, name: str = "张伟", id_number: str = ID_NUMBER) -> None:
    sale.name_edit.setText(name)
    sale.id_edit.setText(id_number)
    sale.add_passenger()


def quote(qtbot, sale: SalePage) -> None:  # type: ignore[no-untyped-def]
    sale.request_quote()
    qtbot.waitUntil(lambda: sale.quote is not None or sale.message.text() != "", timeout=5000)
    qtbot.waitUntil(lambda: sale.quote is not None, timeout=5000)


def test_a_connection_chosen_gives_two_segments(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    finder, sale = window.flight_finder, window.sale
    search(qtbot, window, "HET", "SHA", 5)
    qtbot.waitUntil(lambda: finder.connections_model.rowCount() > 0, timeout=5000)
    rows = finder.connections_model.rows()
    row = next(i for i, c in enumerate(rows) if c.hub == "PEK" and not c.departed)
    connection = rows[row]
    assert "+" in finder.connections_model.index(row, 0).data()
    assert "转" in finder.message.text() or "connection" in finder.message.text()
    lease(window, connection.flight_ids)
    finder.connections_view.setFocus()
    finder.connections_view.selectRow(row)
    qtbot.keyClick(finder.connections_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    assert [s.flight_id for s in sale.segments] == list(connection.flight_ids)
    add_passenger(sale)
    assert len(sale.passengers) == 1
    quote(qtbot, sale)
    assert sale.quote is not None
    assert sorted({line.segment for line in sale.quote.lines}) == [1, 2]
    assert sale.quote_model.rowCount() == 2


def test_a_return_trip_gives_two_segments(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    finder, sale = window.flight_finder, window.sale
    store = window.ctx.store
    with store.read() as session:
        back = list(session.scalars(select(Flight.id).where(
            Flight.origin == "PEK", Flight.destination == "HET",
            Flight.dep_date > TODAY, Flight.dep_date <= TODAY + timedelta(days=14))))
    lease(window, back)
    finder.return_check.setChecked(True)
    assert finder.return_date_edit.isEnabled()
    back_day = TODAY + timedelta(days=7)
    search(qtbot, window, "HET", "PEK", 4)
    finder.return_date_edit.setDate(QDate(back_day.year, back_day.month, back_day.day))
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.flights_view.setFocus()
    finder.flights_view.selectRow(0)
    qtbot.keyClick(finder.flights_view, Qt.Key.Key_Return)  # on to the classes
    qtbot.keyClick(finder.classes_view, Qt.Key.Key_Return)  # the cheapest open class
    assert finder.choosing_return
    assert finder.leg_hint.isVisible() or not finder.isVisible()
    assert "返程" in finder.leg_hint.text() or "return" in finder.leg_hint.text()
    assert window.pages.currentWidget() is finder
    assert sale.segments == []
    qtbot.waitUntil(
        lambda: finder.flights_model.rowCount() > 0
        and all(o.origin == "PEK" and o.dep_date == back_day
                for o in finder.flights_model.rows()),
        timeout=5000,
    )
    finder.flights_view.setFocus()
    qtbot.keyClick(finder.flights_view, Qt.Key.Key_Return)
    qtbot.keyClick(finder.classes_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    assert len(sale.segments) == 2
    assert [s.label.split(" ")[1] for s in sale.segments] == ["HET→PEK", "PEK→HET"]
    assert not finder.choosing_return
    assert finder.origin.text().upper().startswith("HET") or "呼和浩特" in finder.origin.text()
    add_passenger(sale)
    quote(qtbot, sale)
    assert sorted({line.segment for line in sale.quote.lines}) == [1, 2]


def sell_one(qtbot, window: MainWindow, name: str = "张伟") -> None:  # type: ignore[no-untyped-def]
    finder, sale = window.flight_finder, window.sale
    search(qtbot, window, "HET", "PEK", 5)
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.flights_view.setFocus()
    finder.flights_view.selectRow(0)
    qtbot.keyClick(finder.flights_view, Qt.Key.Key_Return)
    qtbot.keyClick(finder.classes_view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is sale, timeout=2000)
    sale.name_edit.setText(name)
    sale.id_edit.setText(ID_NUMBER)
    sale.mobile_edit.setText("13800138000")
    sale.ffp_edit.setText("CA123456789")
    sale.add_passenger()
    quote(qtbot, sale)
    sale.book()
    qtbot.waitUntil(lambda: sale.held is not None, timeout=5000)


def test_a_known_traveller_is_offered_after_a_first_sale(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = window.sale
    sell_one(qtbot, window)
    sale.ticket()
    qtbot.waitUntil(lambda: sale.issued is not None, timeout=5000)
    sale.new_sale()
    assert sale.name_edit.text() == ""
    assert sale.id_edit.text() == ""
    sale.id_edit.setFocus()
    qtbot.keyClicks(sale.id_edit, ID_NUMBER[:8])
    qtbot.waitUntil(lambda: len(sale.traveller_matches) > 0, timeout=5000)
    match = sale.traveller_matches[0]
    assert match.name == "张伟"
    assert match.id_number == ID_NUMBER
    popup = sale._traveller_completer.popup()
    assert popup is not None
    assert popup.isVisible()  # offered as typed
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # pick the offer
    assert sale.name_edit.text() == "张伟"
    assert sale.id_type_combo.currentData() == "NI"
    assert sale.id_edit.text() == ID_NUMBER
    assert sale.mobile_edit.text() == "13800138000"
    assert sale.ffp_edit.text() == "CA123456789"
    assert sale.passengers == []  # the clerk still presses Enter
    qtbot.keyClick(sale.id_edit, Qt.Key.Key_Return)
    assert [p.name for p in sale.passengers] == ["张伟"]
    assert sale.passengers[0].mobile == "13800138000"


def test_a_name_of_two_characters_is_enough(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    sale = window.sale
    sell_one(qtbot, window, name="李小龙")
    sale.new_sale()
    sale.name_edit.setFocus()
    sale.name_edit.setText("李小")
    sale.name_edit.textEdited.emit("李小")  # as the input method delivers it
    qtbot.waitUntil(lambda: len(sale.traveller_matches) > 0, timeout=5000)
    sale._traveller_picked(0)
    assert sale.name_edit.text() == "李小龙"
    assert sale.id_edit.hasFocus()


def test_held_bookings_are_released_past_their_deadline(
    qtbot, window: MainWindow, clock: FixedClock  # type: ignore[no-untyped-def]
) -> None:
    sale = window.sale
    sell_one(qtbot, window)
    held = sale.held
    assert held is not None
    window.release_expired_bookings()  # before the deadline: nothing to release
    qtbot.wait(200)
    assert held.pnr not in window.released_pnrs
    clock.set(held.ticketing_deadline + timedelta(minutes=1))
    woken: list[bool] = []
    if window.sync is not None:
        window.sync.wake = lambda: woken.append(True)  # type: ignore[method-assign]
    window._release_timer.timeout.emit()  # the timer's minute is up
    qtbot.waitUntil(lambda: held.pnr in window.released_pnrs, timeout=5000)
    assert held.pnr in window.statusBar().currentMessage()
    with window.ctx.store.read() as session:
        booking = session.scalar(select(Booking).where(Booking.pnr == held.pnr))
        assert booking is not None
        assert booking.status != "held"
    if window.sync is not None:
        assert woken
