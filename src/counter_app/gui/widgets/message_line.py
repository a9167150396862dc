"""The message line under a form: a refusal in the error colour (and the cursor to the
field it names), information in the normal colour, a success in green."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.gui.messages import ERROR_STYLE, OK_STYLE


class MessageLine(QLabel):
    """A word-wrapped, selectable label; ``is_error`` says whether it shows a refusal."""

    def __init__(self, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.is_error = False

    def show_error(self, text: str, field: QWidget | None = None) -> None:
        """Say what is wrong; the cursor goes to ``field`` (the one the message names)."""
        self._show(text, ERROR_STYLE, error=True)
        if field is not None:
            field.setFocus()

    def show_info(self, text: str) -> None:
        self._show(text, "", error=False)

    def show_ok(self, text: str) -> None:
        self._show(text, OK_STYLE, error=False)

    def _show(self, text: str, style: str, *, error: bool) -> None:
        self.is_error = error
        self.setStyleSheet(style)
        self.setText(text)
