"""The Qt side of printing: preview, the print queue, the Qt printer backend and the
receipt calibration dialog.

- :mod:`.preview`: :class:`PreviewDialog` (pages, zoom, printer, copies, print, save as PDF)
  and :class:`PrintJobsPanel` (the queue's jobs with retry and discard).
- :mod:`.print_queue`: :class:`PrintQueue`, which hands documents to a spooler on the task
  runner's pool and keeps failed jobs (on disk too) until printed or discarded.
- :mod:`.qt_printer`: :class:`QtPrinterSpooler`, printing through ``QPrinter`` where there
  is no CUPS (the Windows spooler).
- :mod:`.calibration_dialog`: offsets, page length and print mode of the receipt printer.

pypdfium2 renders PDF pages for the preview and the Qt printer. It is not safe to use from
two threads at once, and both run on the pool, so every use holds :data:`PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import sys
import threading
from typing import Any

PDFIUM_LOCK = threading.Lock()
"""Held around every pypdfium2 call in this process's GUI (preview renders, Qt printing)."""


def _emit_drops_a_true() -> bool:
    """PySide6 6.12.0's ``SignalInstance.emit()`` returns ``True`` without taking a
    reference, so every emit from Python whose result is dropped takes one reference off
    ``True``; after a few thousand emits ``True`` is freed and the interpreter aborts
    ("bool_dealloc"). Measured once on a private signal with no receivers."""
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    rounds = 200
    before = sys.getrefcount(True)
    for _ in range(rounds):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    probe.deleteLater()
    buggy = lost >= rounds * 9 // 10
    if buggy:
        for _ in range(rounds):  # give back what the probe took
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return buggy


def emit(signal: Any, *args: Any) -> None:
    """``signal.emit(*args)``, giving back the reference to ``True`` the affected PySide6
    version drops (see :func:`_emit_drops_a_true`); a plain emit elsewhere."""
    global _COMPENSATE
    if _COMPENSATE is None:
        _COMPENSATE = _emit_drops_a_true()
    result = signal.emit(*args)
    if _COMPENSATE and result is True:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


_COMPENSATE: bool | None = None
