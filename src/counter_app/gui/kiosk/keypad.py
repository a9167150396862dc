"""The kiosk's on-screen keypad: big keys for digits (and X for an ID number's check
character), a backspace and a clear key, each pressed key emitted as text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

BACKSPACE = "\b"
CLEAR = "\x1b"
KEY_SIZE = (132, 64)  # touch targets well over the 9 mm a finger needs at 1280x800


class Keypad(QWidget):
    """``pressed(key)``: a digit, ``X``, :data:`BACKSPACE` or :data:`CLEAR` (the key left
    of 0 without X; with X, the screen puts its own Clear button beside the keypad)."""

    pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, with_x: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        grid = QGridLayout(self)
        grid.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        rows = ["123", "456", "789", ("X" if with_x else CLEAR) + "0" + BACKSPACE]
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                button = QPushButton(self)
                button.setObjectName(f"key_{ord(key):02x}" if not key.isalnum() else f"key_{key}")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard
                button.setMinimumSize(*KEY_SIZE)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                button.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
                grid.addWidget(button, r, c)
                self.keys[key] = button
        self.retranslate()

    def retranslate(self) -> None:
        for key, button in self.keys.items():
            if key == BACKSPACE:
                button.setText("⌫")
                button.setToolTip(self.tr("Delete"))
            elif key == CLEAR:
                button.setText(self.tr("Clear"))
            else:
                button.setText(key)


def apply_key(text: str, key: str, limit: int) -> str:
    """``text`` after ``key`` was pressed, at most ``limit`` characters."""
    if key == BACKSPACE:
        return text[:-1]
    if key == CLEAR:
        return ""
    return (text + key)[:limit]


def big_field(parent: QWidget, name: str, limit: int) -> QLineEdit:
    """The large centred field a keypad types into (an ID number, a PIN)."""
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setMaxLength(limit)
    field.setAlignment(Qt.AlignmentFlag.AlignCenter)
    field.setProperty("role", "big")
    return field


def keypad_block(keypad: Keypad, *buttons: tuple[QPushButton, int]) -> QHBoxLayout:
    """The keypad centred on the screen with a row of (button, stretch) under it."""
    row = QHBoxLayout()
    row.addStretch(1)
    pad = QVBoxLayout()
    pad.addWidget(keypad)
    under = QHBoxLayout()
    for button, stretch in buttons:
        under.addWidget(button, stretch)
    pad.addLayout(under)
    row.addLayout(pad, 2)
    row.addStretch(1)
    return row
