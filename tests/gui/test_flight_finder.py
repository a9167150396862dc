"""The flight finder driven like a clerk: city by four spellings, search, results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from gui_support import TODAY
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from counter_app.gui.pages.flight_finder import FlightFinderPage
from counter_app.gui.widgets.place_edit import PlaceEdit


def type_text(qtbot, edit: PlaceEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a clerk would: keys for ASCII, an input-method commit for Chinese
    (qtbot.keyClicks with CJK aborts the process)."""
    edit.setFocus()
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)


@pytest.fixture
def finder(counter, log_in) -> FlightFinderPage:  # type: ignore[no-untyped-def]
    window = log_in()
    return window.flight_finder


@pytest.mark.parametrize("spelling", ["sz", "shenzhen", "深圳", "SZX"])
def test_city_is_offered_by_each_spelling(qtbot, finder: FlightFinderPage, spelling: str) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, spelling)
    offered = finder.origin.matches()
    assert offered, f"nothing offered for {spelling!r}"
    assert offered[0].codes == ("SZX",)
    popup_model = finder.origin._completer.model()
    assert "SZX" in popup_model.index(0, 0).data()
    assert "深圳" in popup_model.index(0, 0).data()
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    place = finder.origin.place()
    assert place is not None
    assert place.codes == ("SZX",)
    assert finder.destination.hasFocus()  # Enter moves on


def test_search_shows_flights_and_classes(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "SZX")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    type_text(qtbot, finder.destination, "北京")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    dest = finder.destination.place()
    assert dest is not None
    assert set(dest.codes) == {"PEK", "PKX"}
    day = TODAY + timedelta(days=5)
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.keyClick(finder.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    offers = finder.flights_model.rows()
    assert all(o.origin == "SZX" and o.destination in {"PEK", "PKX"} for o in offers)
    assert [o.dep_time for o in offers] == sorted(o.dep_time for o in offers)
    assert f"共 {len(offers)} 个航班" in finder.message.text()
    qtbot.waitUntil(lambda: finder.classes_model.rowCount() > 0, timeout=2000)
    classes = finder.classes_model.rows()
    assert {c.code for c in classes} >= {"Y"}
    assert finder.flights_model.index(0, 0).data() == offers[0].flight_no
    current = offers[finder.flights_view.currentIndex().row()]
    assert current.flight_no in finder.detail_title.text()


def test_next_day_searches_again(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "het")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    type_text(qtbot, finder.destination, "beijing")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    start = finder.selected_date()
    qtbot.keyClick(finder, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    assert finder.selected_date() == start + timedelta(days=1)
    assert all(o.dep_date == start + timedelta(days=1) for o in finder.flights_model.rows())


def test_unknown_city_is_named_and_text_kept(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "zzzz")
    type_text(qtbot, finder.destination, "SZX")
    finder.search()
    assert finder.message.text().startswith("出发")
    assert "zzzz" in finder.message.text()
    assert finder.origin.text() == "zzzz"  # nothing typed is lost
    assert finder.flights_model.rowCount() == 0


def test_same_city_is_refused(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "SZX")
    type_text(qtbot, finder.destination, "shenzhen")
    finder.search()
    qtbot.waitUntil(lambda: "相同" in finder.message.text(), timeout=5000)
    assert finder.message.text().startswith("到达")


def test_empty_destination_is_named(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "SZX")
    finder.search()
    assert finder.message.text().startswith("到达")
    assert finder.destination.hasFocus()


def test_swap(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "SZX")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    type_text(qtbot, finder.destination, "HET")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    qtbot.mouseClick(finder.swap_button, Qt.MouseButton.LeftButton)
    assert finder.origin.place().codes == ("HET",)
    assert finder.destination.place().codes == ("SZX",)


def search_het_pek(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "het")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    type_text(qtbot, finder.destination, "pek")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    assert finder.date_edit.hasFocus()
    qtbot.keyClick(finder.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)


def test_enter_on_the_date_puts_the_cursor_on_the_flights(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    search_het_pek(qtbot, finder)
    qtbot.waitUntil(finder.flights_view.hasFocus, timeout=2000)
    assert finder.flights_view.currentIndex().row() >= 0


def test_enter_on_an_unknown_city_says_so_there(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    search_het_pek(qtbot, finder)
    type_text(qtbot, finder.destination, "zzq")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    assert finder.destination.hasFocus()  # the cursor stays, the text too
    assert finder.destination.text() == "zzq"
    assert finder.message.text().startswith("到达")
    assert "zzq" in finder.message.text()
    # The old flights answered another question: they go.
    assert finder.flights_model.rowCount() == 0
    assert finder.classes_model.rowCount() == 0
    type_text(qtbot, finder.destination, "pek")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    assert finder.message.text() == ""  # put right: the message goes
    assert finder.date_edit.hasFocus()


def test_leaving_an_unknown_city_says_so_at_once(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    search_het_pek(qtbot, finder)
    type_text(qtbot, finder.origin, "qqqq")
    finder.date_edit.setFocus(Qt.FocusReason.TabFocusReason)  # the clerk tabs on
    assert finder.message.text().startswith("出发")
    assert "qqqq" in finder.message.text()
    assert finder.flights_model.rowCount() == 0
    assert finder.origin.text() == "qqqq"
    # The field stays marked when another message takes the line.
    assert finder.origin.property("refused")
    assert "qqqq" in finder.origin.toolTip()
    past = TODAY - timedelta(days=1)
    finder.date_edit.setDate(QDate(past.year, past.month, past.day))
    assert finder.message.text().startswith("日期")
    assert finder.origin.property("refused")
    type_text(qtbot, finder.origin, "het")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    assert not finder.origin.property("refused")


def test_a_past_date_is_said_and_kept(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    search_het_pek(qtbot, finder)
    past = TODAY - timedelta(days=2)
    finder.date_edit.setFocus()
    finder.date_edit.setDate(QDate(past.year, past.month, past.day))  # typed in
    assert finder.selected_date() == past  # kept as typed
    assert finder.message.text().startswith("日期")
    assert finder.message.text() == f"日期: {past.isoformat()} 已过，请选择今天或以后的日期。"
    assert finder.flights_model.rowCount() == 0
    assert finder.date_edit.property("refused")
    qtbot.keyClick(finder.date_edit, Qt.Key.Key_Return)  # no search of a past day
    assert finder.selected_date() == past
    assert finder.message.text().startswith("日期")
    assert finder.flights_model.rowCount() == 0
    day = TODAY + timedelta(days=1)
    finder.date_edit.setDate(QDate(day.year, day.month, day.day))
    assert finder.message.text() == ""
    assert not finder.date_edit.property("refused")


def test_day_keys_and_swap_from_a_city_field(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, finder.origin, "het")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    type_text(qtbot, finder.destination, "pek")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    finder.destination.setFocus()
    start = finder.selected_date()
    # A line edit would take Ctrl+→ as "a word right": in the finder it is the day after.
    qtbot.keyClick(finder.destination, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert finder.selected_date() == start + timedelta(days=1)
    qtbot.waitUntil(lambda: finder.flights_model.rowCount() > 0, timeout=5000)
    finder.origin.setFocus()
    qtbot.keyClick(finder.origin, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert finder.selected_date() == start
    qtbot.keyClick(finder.origin, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert finder.selected_date() == start  # not into the past
    assert finder.message.text().startswith("日期")
    qtbot.keyClick(finder.origin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert finder.origin.place().codes == ("PEK",)
    assert finder.destination.place().codes == ("HET",)


def test_a_past_return_date_is_kept_and_said_at_the_search(qtbot, finder: FlightFinderPage) -> None:  # type: ignore[no-untyped-def]
    finder.return_check.setChecked(True)
    past = TODAY - timedelta(days=3)
    finder.return_date_edit.setDate(QDate(past.year, past.month, past.day))  # typed in
    assert finder.selected_return_date() == past  # kept, not put back to today
    type_text(qtbot, finder.origin, "het")
    qtbot.keyClick(finder.origin, Qt.Key.Key_Return)
    type_text(qtbot, finder.destination, "pek")
    qtbot.keyClick(finder.destination, Qt.Key.Key_Return)
    qtbot.keyClick(finder.date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: past.isoformat() in finder.message.text(), timeout=5000)
    assert finder.message.text() == (
        f"回程日期: {past.isoformat()} 早于去程日期 {TODAY.isoformat()}。")
    assert finder.flights_model.rowCount() == 0
    assert finder.selected_return_date() == past
