"""The seat map in a real X window, for tests that type on a real keyboard (xdotool).

``python tests/gui/seat_map_window.py STATE_FILE`` shows Air China's A321 (CA-A321, an
adult in economy, 33C taken) in a scroll area of a 900x700 dialog on ``$DISPLAY``, with the
Chinese interface and the bundled fonts, and gives the map the keyboard. Every 50 ms it
writes to STATE_FILE as JSON what a test needs: whether the window is active, the focused
widget, the current seat, the seats chosen and refused so far, the scroll position and
where (on the screen) the seats 32A and 40B are.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QScrollArea
from real_window import write_state_file

from counter_app.domain.seatmap import SeatFacts, SeatState, chart, seat_map
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.widgets.seat_map import SeatLegend, SeatMapWidget
from counter_app.resources import resource

TITLE = "座位图 CA-A321"


def main(argv: list[str]) -> int:
    state_file = Path(argv[1])
    app = QApplication(argv[:1])
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    layouts = json.loads(resource("data", "aircraft.json").read_text("utf-8"))["layouts"]
    plan = seat_map(next(lay for lay in layouts if lay["id"] == "CA-A321"))
    adult = SeatFacts(passenger_type="ADT", age=40, with_infant=False, gp_level=None)
    dialog = QDialog()
    dialog.setWindowTitle(TITLE)
    dialog.setGeometry(0, 0, 900, 700)
    area = QScrollArea(dialog)
    area.setWidgetResizable(True)
    widget = SeatMapWidget()
    area.setWidget(widget)
    row = QHBoxLayout(dialog)
    row.addWidget(area, 1)
    row.addWidget(SeatLegend(dialog))
    widget.set_chart(chart(plan, "Y", {"33C": SeatState.TAKEN}, adult))
    chosen: list[str] = []
    refused: list[list[str]] = []
    widget.seat_chosen.connect(chosen.append)
    widget.seat_refused.connect(lambda seat, code: refused.append([seat, code]))

    def at(seat: str) -> list[int]:
        point = widget.mapToGlobal(widget.seat_rect(seat).center())
        return [point.x(), point.y()]

    def write_state() -> None:
        focus = QApplication.focusWidget()
        state = {
            "active": QApplication.activeWindow() is dialog,
            "focus": focus.objectName() if focus is not None else None,
            "current": widget.current(),
            "chosen": chosen,
            "refused": refused,
            "scroll": area.verticalScrollBar().value(),
            "seat_32A": at("32A"),
            "seat_40B": at("40B"),
        }
        write_state_file(state_file, state)

    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    widget.setFocus()
    timer = QTimer()
    timer.timeout.connect(write_state)
    timer.start(50)
    code = app.exec()
    del translators
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
