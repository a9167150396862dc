"""A push button under its object name (tests, shortcuts and style sheets find it by it)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget


def named_button(text: str, name: str, parent: QWidget) -> QPushButton:
    """``QPushButton(text, parent)`` whose object name is ``name``."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    return button
