"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a
threshold is crossed — often the database worker, in the middle of loading rows. If the
garbage then holds Qt objects (a closed dialog, a page's old model), they are destroyed
from that thread, and Qt crashes. So automatic collection is switched off and this timer
collects on the GUI thread instead, generation by generation, as the thresholds say
(the approach calibre takes for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 0
            if counts[1] > self.threshold[1]:
                generation = 1
                if counts[2] > self.threshold[2]:
                    generation = 2
            gc.collect(generation)

    def stop(self) -> None:
        """Give collection back to Python (tests, shutdown)."""
        self.timer.stop()
        gc.enable()
