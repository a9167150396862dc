"""The seat map widget (gui/widgets/seat_map.py) on Air China's A321 as bundled: the
keyboard (arrows across the aisle, gaps and cabins, Home/End/PageUp/PageDown, a typed
seat, Enter), the mouse, refusals (an exit row for a child, a blocked seat, a taken seat,
another cabin), what the tooltip says, scrolling inside a QScrollArea, the kiosk's size,
the legend and the painting of every look.

CA-A321: first class rows 1-2 ``AC DF``, economy rows 31-59 ``ABC DEF``, exit rows 44 and
45, rows 40-49 over the wing, 31C and 31D blocked, 59D missing.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QScrollArea, QToolTip

from counter_app.domain.seatmap import SeatChart, SeatFacts, SeatMap, SeatState, chart, seat_map
from counter_app.gui.widgets.seat_map import LOOKS, MARKS, SeatLegend, SeatMapWidget
from counter_app.resources import resource

pytestmark = pytest.mark.gui

ADULT = SeatFacts(passenger_type="ADT", age=40, with_infant=False, gp_level=None)
CHILD = SeatFacts(passenger_type="CHD", age=8, with_infant=False, gp_level=None)


def a321(layout: str = "CA-A321") -> SeatMap:
    layouts = json.loads(resource("data", "aircraft.json").read_text("utf-8"))["layouts"]
    return seat_map(next(lay for lay in layouts if lay["id"] == layout))


def economy(facts: SeatFacts = ADULT, **kwargs: object) -> SeatChart:
    states = {"33C": SeatState.TAKEN, "40A": SeatState.HELD}
    return chart(a321(), "Y", states, facts, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def seat_widget(qtbot) -> Callable[..., SeatMapWidget]:  # type: ignore[no-untyped-def]
    def make(shown: SeatChart | None = None, *, large: bool = False) -> SeatMapWidget:
        widget = SeatMapWidget(large=large)
        qtbot.addWidget(widget)
        widget.set_chart(shown or economy())
        widget.show()
        qtbot.waitExposed(widget)
        widget.setFocus()
        return widget

    return make


def test_typing_a_seat_jumps_to_it_and_enter_chooses_it(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget()
    qtbot.keyClicks(widget, "32a")
    assert widget.current() == "32A"
    assert widget.typed() == ""
    assert "32A" in widget.accessibleDescription()
    with qtbot.waitSignal(widget.seat_chosen) as chosen:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert chosen.args == ["32A"]
    qtbot.keyClicks(widget, "5")  # no row 5 on this aircraft: stays, keeps the digit
    assert widget.current() == "32A"
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    qtbot.keyClicks(widget, "47F")
    assert widget.current() == "47F"
    qtbot.keyClicks(widget, "D")  # a letter alone: that seat of the current row
    assert widget.current() == "47D"
    with qtbot.waitSignal(widget.seat_chosen) as chosen:
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert chosen.args == ["47D"]
    with qtbot.assertNotEmitted(widget.seat_chosen):  # left to the dialog's shortcuts
        qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert widget.current() == "47D"


def test_arrows_skip_the_aisle_and_gaps_and_cross_cabins(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget()
    widget.set_current("58C")
    key = Qt.Key
    walk = [
        (key.Key_Right, "58D"), (key.Key_Down, "59E"),  # 59D is missing: the nearest seat
        (key.Key_Left, "59C"), (key.Key_Right, "59E"), (key.Key_Down, "59E"),  # last row
        (key.Key_Home, "1D"), (key.Key_Up, "1D"), (key.Key_Left, "1C"), (key.Key_Left, "1A"),
        (key.Key_Left, "1A"), (key.Key_Down, "2A"), (key.Key_Down, "31A"),  # into economy
        (key.Key_PageDown, "41A"), (key.Key_PageUp, "31A"), (key.Key_End, "59A"),
    ]
    seen = []
    for pressed, _ in walk:
        qtbot.keyClick(widget, pressed)
        seen.append(widget.current())
    assert seen == [code for _, code in walk]


def test_a_click_chooses_and_a_taken_or_blocked_seat_is_refused(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget()
    chosen: list[str] = []
    refused: list[tuple[str, str]] = []
    widget.seat_chosen.connect(chosen.append)
    widget.seat_refused.connect(lambda seat, code: refused.append((seat, code)))
    for seat in ("40B", "33C", "31C", "40A", "1A"):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.seat_rect(seat).center())
    assert chosen == ["40B"]
    assert refused == [("33C", "seat_taken"), ("31C", "seat_blocked"), ("40A", "seat_taken"),
                       ("1A", "seat_not_on_aircraft")]
    assert widget.current() == "1A"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(1, 1))  # no seat there
    assert widget.current() == "1A"
    assert chosen == ["40B"]


def test_blocked_and_missing_seats_are_never_chosen(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget()
    chosen: list[str] = []
    widget.seat_chosen.connect(chosen.append)
    widget.set_current("59D")  # missing: not on the map at all
    assert widget.current() != "59D"
    assert widget.seat_rect("59D").isEmpty()
    qtbot.keyClicks(widget, "31D")
    assert widget.current() == "31D"
    with qtbot.waitSignal(widget.seat_refused) as refused:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert refused.args == ["31D", "seat_blocked"]
    qtbot.keyClicks(widget, "59D")  # "59" went to row 59, nearest to D; no 59D to go to
    assert widget.current() == "59E"
    assert chosen == []


def test_an_exit_row_is_refused_to_a_child_with_the_reason(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget(economy(CHILD))
    qtbot.keyClicks(widget, "44A")
    with qtbot.waitSignal(widget.seat_refused) as refused:
        qtbot.keyClick(widget, Qt.Key.Key_Enter)
    assert refused.args == ["44A", "exit_row_not_allowed"]
    said = widget.describe("44A")
    assert "44A" in said
    assert "出口" in said  # the exit row, and why it is refused
    assert "本旅客：儿童" in said  # who this passenger is, from the chart's exit_reason
    assert "靠窗" in said
    assert widget.refusal("43A") is None
    adult = seat_widget(economy(ADULT))
    assert adult.refusal("44A") is None
    assert "出口" in adult.describe("44A")


def test_hovering_a_seat_shows_what_it_is_and_why_not(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget(economy(CHILD))
    at = widget.seat_rect("44F").center()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, at, widget.mapToGlobal(at)))
    qtbot.waitUntil(QToolTip.isVisible)
    lines = QToolTip.text().splitlines()
    QToolTip.hideText()
    assert lines[:5] == ["座位 44F，经济舱", "靠窗", "出口", "机翼", "状态：空闲"]
    assert lines[5].startswith("不可选：座位 44F 位于紧急出口排")
    assert lines[5].endswith("（本旅客：儿童。）")


def test_a_chosen_seat_is_handed_to_the_dialog_and_labelled(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget(economy(chosen=["35B"], labels={"35B": "1"}, provisional=["35B"]))
    assert widget.current() == "35B"  # the map opens on this booking's seat
    assert "1" in widget.describe("35B")
    with qtbot.waitSignal(widget.seat_chosen) as chosen:
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert chosen.args == ["35B"]


def test_the_current_seat_is_scrolled_into_view(qtbot) -> None:  # type: ignore[no-untyped-def]
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidgetResizable(True)
    widget = SeatMapWidget()
    area.setWidget(widget)
    area.resize(500, 300)
    widget.set_chart(economy())
    area.show()
    qtbot.waitExposed(area)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0  # the A321 does not fit in 300 px: it scrolls
    assert 24 <= widget.seat_rect("32A").height() + 5 <= 28  # a row of about 26 px
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_End)
    rect = widget.seat_rect(widget.current() or "")
    top_left = widget.mapTo(area.viewport(), rect.topLeft())
    assert bar.value() > 0
    assert area.viewport().rect().contains(top_left)
    # The column letters stay pinned at the top of what shows, over the rows scrolled by.
    shown = area.viewport().grab().toImage()
    left = widget.mapTo(area.viewport(), widget.seat_rect("50A").topLeft()).x()
    assert shown.pixelColor(left + 1, 2).name() == "#eceff1"
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    shown = area.viewport().grab().toImage()
    assert bar.value() == 0
    assert shown.pixelColor(left + 1, 2).name() != "#eceff1"  # the cabin's own header


def test_a_scroll_area_that_keeps_its_widgets_size_gets_the_whole_aircraft(qtbot) -> None:  # type: ignore[no-untyped-def]
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setWidgetResizable(False)  # as the seat dialog and the kiosk have it
    widget = SeatMapWidget()
    area.setWidget(widget)
    widget.set_chart(economy())
    assert widget.size() == widget.sizeHint()
    long_one = widget.height()
    widget.set_chart(chart(a321("CZ-A320"), "Y", {}))  # rows 13 and 14 skipped: shorter
    assert widget.size() == widget.sizeHint()
    assert widget.height() < long_one
    assert widget.seat_rect("13A").isEmpty()
    assert not widget.seat_rect("12A").isEmpty()


def test_the_kiosk_map_has_touch_sized_seats(seat_widget) -> None:  # type: ignore[no-untyped-def]
    widget = seat_widget(large=True)
    rect = widget.seat_rect("32B")
    assert rect.width() >= 48
    assert rect.height() >= 48
    assert widget.sizeHint().height() > seat_widget().sizeHint().height() * 2


def test_the_legend_names_every_look_in_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    legend = SeatLegend()
    qtbot.addWidget(legend)
    entries = dict(legend.entries())
    assert list(entries) == [*LOOKS, *MARKS]
    assert entries["free"] == "空闲"
    assert entries["exit"] == "出口"
    untranslated = [name for name in entries.values()
                    if not any("\u4e00" <= ch <= "\u9fff" for ch in name)]
    assert untranslated == []
    assert len(set(entries.values())) == len(entries)


def _fill(image: QImage, widget: SeatMapWidget, seat: str) -> QColor:
    """The colour just inside a seat's top-left corner (its fill, not its symbol)."""
    rect = widget.seat_rect(seat)
    return image.pixelColor(rect.left() + 3, rect.top() + 4)


def test_every_look_is_painted_differently(qtbot, seat_widget) -> None:  # type: ignore[no-untyped-def]
    states = {"33A": SeatState.TAKEN, "33B": SeatState.HELD, "33C": SeatState.LOCKED,
              "33D": SeatState.EXTRA}
    shown = chart(a321(), "Y", states, CHILD, chosen=["34A", "34B"], labels={"34A": "1"},
                  provisional=["34B"], proposal=("36A",))
    widget = seat_widget(shown)
    widget.set_current("38F")
    image = widget.grab().toImage()
    looks = {
        "free": "32A", "taken": "33A", "held": "33B", "locked": "33C", "extra": "33D",
        "chosen": "34A", "provisional": "34B", "proposal": "36A", "refused": "44A",
        "blocked": "31C",
    }
    fills = {look: _fill(image, widget, seat).name() for look, seat in looks.items()}
    assert len(set(fills.values())) == len(fills), fills
    current = widget.seat_rect("38F")
    ring = image.pixelColor(current.center().x(), current.top() - 3)
    plain = widget.seat_rect("38E")
    assert ring != image.pixelColor(plain.center().x(), plain.top() - 3)
