"""Shared by the GUI tests: the suite's one "today" (tests/clock_support.py), the receipt
printer stand-in (the edge of the world) and the widget that has the keyboard."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from clock_support import NOW, TODAY
from counter_app.printing.spool import JobRef, Printer

__all__ = ["NOW", "TODAY", "KeptPrinter", "focused"]


class KeptPrinter:
    """The receipt printer: keeps the titles of what it was sent (in ``printed``, a list
    the test may hand in to read after the printer is gone)."""

    def __init__(self, printed: list[str] | None = None) -> None:
        self.printed: list[str] = [] if printed is None else printed

    def printers(self) -> list[Printer]:
        return [Printer("Receipt-LQ", "Receipt printer", True, "idle", True)]

    def submit(self, pdf: bytes, *, printer: str, title: str, copies: int = 1,
               media: str | None = None) -> JobRef:
        self.printed.append(title)
        return JobRef(printer, str(len(self.printed)))

    def job_state(self, ref: JobRef) -> str:
        return "completed"


def focused() -> QWidget:
    """The widget that has the keyboard (a test fails here if none has)."""
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget
