"""The pause after typing before a search runs (a fast typist finishes a syllable first)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def debounce(parent: QObject, interval_ms: int, then: Callable[[], object]) -> QTimer:
    """A single-shot timer of ``interval_ms`` that runs ``then`` when it fires; each
    ``start()`` begins the pause again."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(then)
    return timer
