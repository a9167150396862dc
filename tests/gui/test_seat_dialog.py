"""The seat dialog (选座) driven like a clerk on a counter with no head office to ask (its
choices are provisional, 待确认, each with its ``seat.choose`` op): by keyboard alone from
the Sale page (Ctrl+E, type 32A, Enter, the next passenger, Esc), by mouse, a family seated
together by the proposed block, a seat given back, and the after-sale and check-in paths
(the boarding pass prints from the seat chosen on the map)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from gui_support import TODAY
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from seat_gui_support import (
    BOARDING_PRINTER,
    CHILD,
    INFANT,
    LI,
    OUT_DAY,
    ZHANG,
    PdfPrinter,
    flight_id,
    hold,
    open_from_sale,
    pdf_text,
    seat_ops,
    seats_of,
    sell,
    settled,
    type_seat,
)
from sqlalchemy import select

from counter_app.domain.seatmap import SeatState
from counter_app.gui.main_window import MainWindow
from counter_app.gui.seat_dialog import SeatDialog


@pytest.fixture
def window(selling: Path, counter, log_in) -> MainWindow:  # type: ignore[no-untyped-def]
    win: MainWindow = log_in()
    win.resize(1280, 800)
    return win


def roster(dialog: SeatDialog) -> list[tuple[str, str, str]]:
    """(name, seat, state) as the passenger list shows them."""
    model = dialog.roster.model
    return [(str(model.index(r, 0).data()), str(model.index(r, 3).data()),
             str(model.index(r, 4).data())) for r in range(model.rowCount())]


def selected(dialog: SeatDialog) -> str:
    traveller = dialog.traveller()
    assert traveller is not None
    return traveller.name


def test_keyboard_alone_from_the_sale_page(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    held = hold(window, [ZHANG, LI])
    dialog = open_from_sale(qtbot, window, held)
    assert "离线" in dialog.mode_label.text()  # no head office: seats wait for it
    assert selected(dialog) == "张伟"
    type_seat(qtbot, dialog, "32a")
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: selected(dialog) == "李娜", timeout=5000)  # the next without a seat
    assert QApplication.focusWidget() is dialog.map
    qtbot.keyClick(dialog.map, Qt.Key.Key_Right)  # 32B
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: roster(dialog)[1][1] == "32B", timeout=5000)
    assert roster(dialog) == [("张伟", "32A", "待确认"), ("李娜", "32B", "待确认")]
    assert "待确认" in dialog.message.text() or "离线" in dialog.message.text()
    chart = dialog.map.chart()
    assert chart is not None
    assert chart.state("32A") == SeatState.CHOSEN
    assert chart.provisional >= {"32A", "32B"}
    assert seats_of(window, held.booking_id) == {"张伟": ("32A", "provisional"),
                                                 "李娜": ("32B", "provisional")}
    assert seat_ops(window) == ["32A", "32B"]
    # Tab goes to the list and back to the map; Esc closes.
    qtbot.keyClick(dialog.map, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.roster.view
    qtbot.keyClick(dialog.roster.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.map
    qtbot.keyClick(dialog.map, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    label = window.sale.seats_bar.label
    qtbot.waitUntil(lambda: "32A" in label.text() and "32B" in label.text(), timeout=5000)
    assert "待确认" in label.text()


def test_mouse_and_moving_a_passenger(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    held = hold(window, [ZHANG])
    dialog = open_from_sale(qtbot, window, held)
    dialog.map.set_current("40C")
    qtbot.mouseClick(dialog.map, Qt.MouseButton.LeftButton,
                     pos=dialog.map.seat_rect("40C").center())
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: roster(dialog)[0][1] == "40C", timeout=5000)
    # Another seat for the same passenger replaces the first (one seat each).
    qtbot.mouseClick(dialog.map, Qt.MouseButton.LeftButton,
                     pos=dialog.map.seat_rect("41D").center())
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: roster(dialog)[0][1] == "41D", timeout=5000)
    assert seats_of(window, held.booking_id) == {"张伟": ("41D", "provisional")}
    chart = dialog.map.chart()
    assert chart is not None
    assert chart.state("40C") == SeatState.FREE


def test_a_family_is_proposed_a_block_and_accepts_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    held = hold(window, [ZHANG, LI, CHILD, INFANT])
    dialog = open_from_sale(qtbot, window, held)
    names = [r[0] for r in roster(dialog)]
    assert names == ["张伟", "李娜", "张小明", "张宝宝"]
    assert roster(dialog)[3][1] == "怀抱"  # the infant sits on the lap
    qtbot.keyClick(dialog.map, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(dialog.proposal) == 3, timeout=5000)
    settled(qtbot, dialog)
    chart = dialog.map.chart()
    assert chart is not None
    proposed = list(dialog.proposal.values())
    assert chart.proposal == tuple(proposed)
    assert len({s[:-1] for s in proposed}) == 1  # one row
    assert dialog.map.current() in proposed
    assert roster(dialog)[:3] == [(name, seat, "推荐（Enter 确认）")
                                  for name, seat in zip(names, proposed, strict=False)]
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)  # Enter accepts the proposal
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: len(seats_of(window, held.booking_id)) == 3, timeout=10000)
    seats = seats_of(window, held.booking_id)
    assert sorted(s for s, _ in seats.values()) == sorted(proposed)
    assert "张宝宝" not in seats
    # The outcome line joins the passengers as Chinese does (；), not with an ASCII "; ".
    message = dialog.message.text()
    assert message.count("；") == 2, message
    assert "; " not in message
    # No GP official in this family: the GP services button has nothing to do, and says why.
    gp_button = dialog.gp_button
    assert not gp_button.isEnabled()
    assert "公务" in gp_button.toolTip()


def test_a_seat_given_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    held = hold(window, [ZHANG])
    dialog = open_from_sale(qtbot, window, held)
    type_seat(qtbot, dialog, "35F")
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.release_button.isEnabled(), timeout=5000)
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: roster(dialog)[0][1] == "—", timeout=5000)
    assert seats_of(window, held.booking_id) == {}
    assert "35F" in dialog.message.text()


def test_after_sale_an_issued_ticket_gets_its_seat(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    issued = sell(window, [ZHANG, LI])
    number = issued.tickets[1].ticket_number
    page = window.after_sale
    window.show_page(page)
    page.search_edit.setText(number)
    page.search()
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() >= 1, timeout=5000)
    row = next(i for i, t in enumerate(page.tickets_model.rows()) if t.ticket_number == number)
    page.tickets_view.selectRow(row)
    docs = page.tickets.documents
    assert docs.seats_button.isEnabled()
    page.tickets_view.setFocus()
    qtbot.keyClick(page.tickets_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: docs.seat_dialog is not None, timeout=5000)
    dialog = docs.seat_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.shown is not None and selected(dialog) == "李娜",
                    timeout=10000)
    type_seat(qtbot, dialog, "50E")
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: seats_of(window, issued.booking_id).get("李娜") is not None,
                    timeout=5000)
    assert seats_of(window, issued.booking_id) == {"李娜": ("50E", "provisional")}
    dialog.reject()


def test_check_in_prints_the_boarding_pass_from_the_chosen_seat(
        qtbot, window: MainWindow, clock, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    spooler = PdfPrinter()
    window.desk.spooler = spooler  # type: ignore[assignment]
    window.desk.queue.set_spooler(spooler)  # type: ignore[arg-type]
    window.prefs.set_printer_for("boarding_pass", BOARDING_PRINTER)
    day = TODAY + timedelta(days=1)
    issued = sell(window, [ZHANG], day=day)
    number = issued.tickets[0].ticket_number
    # Chosen after the sale, days before the flight: 33C.
    page = window.after_sale
    window.show_page(page)
    page.search_edit.setText(number)
    page.search()
    qtbot.waitUntil(lambda: page.tickets_model.rowCount() == 1, timeout=5000)
    page.tickets_view.selectRow(0)
    docs = page.tickets.documents
    docs.open_seats()
    qtbot.waitUntil(lambda: docs.seat_dialog is not None, timeout=5000)
    first = docs.seat_dialog
    assert first is not None
    qtbot.waitUntil(lambda: first.shown is not None, timeout=10000)
    type_seat(qtbot, first, "33C")
    qtbot.keyClick(first.map, Qt.Key.Key_Return)
    settled(qtbot, first)
    first.accept()
    # Days before the flight, check-in is not open: the pass cannot print yet, and it says so.
    docs.ask_boarding_pass()
    qtbot.waitUntil(lambda: docs.seat_dialog is not first and docs.seat_dialog is not None,
                    timeout=5000)
    early = docs.seat_dialog
    assert early is not None
    qtbot.waitUntil(lambda: early.shown is not None, timeout=10000)
    assert not early.print_button.isEnabled()
    assert "值机尚未开放" in early.mode_label.text()
    early.reject()
    first = early
    # The day of the flight, three hours before: check-in is open.
    departure = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=4, minutes=10)  # 12:10 Beijing
    clock.set(departure - timedelta(hours=3))
    qtbot.mouseClick(docs.boarding_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: docs.seat_dialog is not first and docs.seat_dialog is not None,
                    timeout=5000)
    dialog = docs.seat_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.shown is not None and dialog.print_button.isEnabled(),
                    timeout=10000)
    assert dialog.print_button.isVisible()
    assert dialog.map.current() == "33C"  # the passenger's chosen seat, preselected
    qtbot.keyClick(dialog.map, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(spooler.jobs) == 1, timeout=10000)
    text = pdf_text(spooler.jobs[0], tmp_path)
    assert "33C" in text
    # Checked in: Ctrl+P again prints the same pass again (no second check-in refused).
    qtbot.waitUntil(lambda: (t := dialog.traveller()) is not None
                    and t.checked_in_seat == "33C", timeout=10000)
    qtbot.keyClick(dialog.map, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(spooler.jobs) == 2, timeout=10000)
    assert not dialog.message.is_error, dialog.message.text()
    dialog.reject()


def test_a_seat_moved_at_sync_shows_as_moved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Chosen offline on 32A, moved by head office at sync to 32C (taken meanwhile by
    another counter): the dialog says 已调整 with the seat asked for, the map shows 32C."""
    from counter_app.storage.models import SeatChoice
    from counter_app.sync import protocol
    from counter_app.sync.seats import apply_answer

    held = hold(window, [ZHANG])
    dialog = open_from_sale(qtbot, window, held)
    type_seat(qtbot, dialog, "32A")
    qtbot.keyClick(dialog.map, Qt.Key.Key_Return)
    settled(qtbot, dialog)
    qtbot.waitUntil(lambda: roster(dialog)[0][1] == "32A", timeout=5000)
    dialog.reject()
    store = window.ctx.store
    assert store is not None
    with store.unit_of_work() as session:
        choice = session.scalars(select(SeatChoice).where(
            SeatChoice.booking_id == held.booking_id)).one()
        apply_answer(session, protocol.SeatAnswer(
            choice_id=choice.choice_id, flight_id=choice.flight_id, seat="32C",
            status="moved", moved_from="32A", state="taken"), window.ctx.clock.now())
    again = open_from_sale(qtbot, window, held)
    assert roster(again) == [("张伟", "32C", "已调整（原 32A）")]
    chart = again.map.chart()
    assert chart is not None
    assert chart.state("32C") == SeatState.CHOSEN
    assert chart.state("32A") == SeatState.FREE
    assert again.map.current() == "32C"  # the passenger's seat, preselected
    again.reject()
    label = window.sale.seats_bar.label
    qtbot.waitUntil(lambda: "32C（由 32A 调整）" in label.text(), timeout=5000)


def test_a_passenger_changed_to_another_flight_is_seated_there_only(
        qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from counter_app.services.after_sale import change, quote_change
    from counter_app.services.booking import PaymentInput

    issued = sell(window, [ZHANG, LI])
    li = next(t.ticket_number for t in issued.tickets if t.passenger_name == "李娜")
    later = flight_id(window, OUT_DAY + timedelta(days=1))
    store, clerk, now = window.ctx.store, window.ctx.clerk, window.ctx.clock.now()
    assert store is not None
    assert clerk is not None
    with store.read() as session:
        due = quote_change(session, li, 1, later, "Y", now).total_due
    with store.unit_of_work() as session:
        change(session, li, 1, later, "Y", [PaymentInput("cash", due)] if due else [],
               clerk=clerk, now=now)
    dialog = SeatDialog(window.desk_ctx, issued.booking_id, None, window, flight_id=later)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.shown is not None, timeout=10000)
    assert dialog.segment_combo.count() == 2  # both flights are still flown by someone
    assert [r[0] for r in roster(dialog)] == ["李娜"]
    qtbot.keyClick(dialog.map, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.shown is not None
                    and dialog.shown.segment.flight_id != later, timeout=10000)
    settled(qtbot, dialog)
    assert [r[0] for r in roster(dialog)] == ["张伟"]
    dialog.reject()
