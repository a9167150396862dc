"""Widgets built under their object names (tests, shortcuts and style sheets find them by
it): any widget, a push button, a line edit with its placeholder, a dialog with its title;
and a form of (label, field) rows."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QPushButton, QWidget

W = TypeVar("W", bound=QObject)


def named(widget: W, name: str) -> W:
    """``widget`` with the object name ``name``."""
    widget.setObjectName(name)
    return widget


def named_button(text: str, name: str, parent: QWidget) -> QPushButton:
    """``QPushButton(text, parent)`` whose object name is ``name``."""
    return named(QPushButton(text, parent), name)


def named_edit(parent: QWidget, name: str, placeholder: str) -> QLineEdit:
    """``QLineEdit(parent)`` whose object name is ``name``, showing ``placeholder`` while
    empty."""
    edit = named(QLineEdit(parent), name)
    edit.setPlaceholderText(placeholder)
    return edit


def name_dialog(dialog: QDialog, name: str, title: str, min_width: int) -> None:
    """Give ``dialog`` its object name, window title and least width."""
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(min_width)


def fit_to_screen(dialog: QWidget, width: int, height: int, share: float = 0.85) -> None:
    """At least ``width`` x ``height`` and up to ``share`` of the screen (a long form shows
    more of itself on a large screen), never larger than the screen."""
    room = dialog.screen().availableGeometry()
    dialog.resize(min(max(width, int(room.width() * share)), room.width() - 40),
                  min(max(height, int(room.height() * share)), room.height() - 40))


def form_of(*rows: tuple[str, QWidget]) -> QFormLayout:
    """A form of ``(label, field)`` rows, in order (an empty label for a field under the
    one before)."""
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    return form
