"""A page's shortcut kept working while the cursor is in one of its line edits.

On X11 Qt gives a line edit the Emacs-style keys of the platform (Ctrl+E is "end of line"),
and a line edit that knows a key takes it before any shortcut sees it (the ShortcutOverride
event): Ctrl+E, the seat map's key, did nothing on the Sale page with the cursor in the
amount field as F7 leaves it, or in a name. ``let_through(page, "Ctrl+E")`` gives such keys
back to the page's shortcuts in every line edit under ``page``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget


class _PassKeys(QObject):
    """Leaves the ShortcutOverride of its keys unaccepted: the shortcut then fires."""

    def __init__(self, parent: QWidget, keys: list[QKeySequence]) -> None:
        super().__init__(parent)
        self.keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch
                   for k in self.keys):
                event.ignore()
                return True
        return False


def let_through(page: QWidget, *keys: str) -> None:
    """``keys`` (such as ``"Ctrl+E"``) reach ``page``'s shortcuts from its line edits."""
    keeper = _PassKeys(page, [QKeySequence(k) for k in keys])
    for edit in page.findChildren(QLineEdit):
        edit.installEventFilter(keeper)
