"""The seat map (座位图) of an A321, drawn and interactive, offscreen.

Builds China Eastern's A321 as bundled (``MU-A321``: 3 business rows and economy rows
31-61, 198 seats) and a chart with a quarter of the economy seats taken, a few held,
locked and extra, two chosen (one provisional), a proposal and an exit row refused to a
child; then, ``--runs`` times each (default 200):

* **drawn**: the whole map painted into a QImage (``SeatMapWidget.grab()``, every row, not
  only what a scroll area shows);
* **interactive**: what a clerk's key costs in the seat dialog: ``set_chart`` with a chart
  that differs (another seat taken, as a refresh from head office brings), one arrow key
  sent to the widget, and a synchronous ``repaint()`` of the map inside a 700 px high
  scroll area (what the screen shows);
* **chart()**: the domain computing a chart with its refusals (not part of the two above).

Median and p90 in ms. Target (issue 12): median ≤ 50 ms for drawn and interactive.
Not a test: run it by hand from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QScrollArea

from counter_app.domain.seatmap import SeatChart, SeatFacts, SeatMap, SeatState, chart, seat_map
from counter_app.gui.fonts import register_fonts
from counter_app.gui.i18n import install_translators
from counter_app.gui.widgets.seat_map import SeatMapWidget
from counter_app.resources import resource

TARGET_MS = 50.0
CHILD = SeatFacts(passenger_type="CHD", age=8, with_infant=False, gp_level=None)


def percentile(sorted_values: list[float], pct: float) -> float:
    k = min(len(sorted_values) - 1, max(0, round(pct / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def timed(runs: int, step: Callable[[int], object]) -> list[float]:
    spent = []
    for i in range(runs):
        started = time.perf_counter()
        step(i)
        spent.append((time.perf_counter() - started) * 1000)
    return sorted(spent)


def the_a321() -> SeatMap:
    layouts = json.loads(resource("data", "aircraft.json").read_text("utf-8"))["layouts"]
    return seat_map(next(lay for lay in layouts if lay["id"] == "MU-A321"))


def states_for(plan: SeatMap, extra: int) -> dict[str, SeatState]:
    economy = [s.code for s in plan.seats("Y")]
    states = {code: SeatState.TAKEN for code in economy[::4]}
    states.update({economy[5]: SeatState.HELD, economy[9]: SeatState.LOCKED,
                   economy[10]: SeatState.EXTRA})
    states[economy[(extra * 7 + 2) % len(economy)]] = SeatState.TAKEN
    return states


def build(plan: SeatMap, i: int) -> SeatChart:
    economy = [s.code for s in plan.seats("Y")]
    return chart(plan, "Y", states_for(plan, i), CHILD, chosen=economy[14:16],
                 labels={economy[14]: "1", economy[15]: "2"}, provisional=economy[15:16],
                 proposal=tuple(economy[20:22]))


def report(name: str, values: list[float], target: float | None) -> str:
    median = statistics.median(values)
    line = (f"{name}, {len(values)} runs: median {median:.2f} ms, "
            f"p90 {percentile(values, 90):.2f} ms, max {values[-1]:.2f} ms")
    if target is not None:
        verdict = "OK" if median <= target else "MISSES TARGET"
        line += f" (target median ≤ {target:.0f} ms) {verdict}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    app = QApplication([])
    translators = install_translators(app, "zh_CN")
    register_fonts(app)
    plan = the_a321()
    charts = [build(plan, i) for i in range(args.runs + 1)]

    area = QScrollArea()
    area.setWidgetResizable(True)
    widget = SeatMapWidget()
    area.setWidget(widget)
    area.resize(460, 700)
    widget.set_chart(charts[0])
    area.show()
    widget.setFocus()
    app.processEvents()
    widget.grab()  # the first paint loads the fonts: not what a clerk waits for each time

    drawn = timed(args.runs, lambda i: widget.grab().toImage())

    def interact(i: int) -> None:
        widget.set_chart(charts[i + 1])
        key = Qt.Key.Key_Down if (i // 20) % 2 == 0 else Qt.Key.Key_Up
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key,
                                                 Qt.KeyboardModifier.NoModifier))
        widget.repaint()

    interactive = timed(args.runs, interact)
    computed = timed(args.runs, lambda i: build(plan, i))
    seats = len(plan.seats())
    print(f"MU-A321: {len(plan.rows())} rows, {seats} seats, map {widget.sizeHint().width()}"
          f"x{widget.sizeHint().height()} px")
    print(report("chart() with refusals", computed, None))
    print(report("drawn (whole map to a QImage)", drawn, TARGET_MS))
    print(report("interactive (set_chart + arrow key + repaint)", interactive, TARGET_MS))
    area.close()
    del translators


if __name__ == "__main__":
    main()
