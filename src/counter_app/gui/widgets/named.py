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


def form_of(*rows: tuple[str, QWidget]) -> QFormLayout:
    """A form of ``(label, field)`` rows, in order (an empty label for a field under the
    one before)."""
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    return form
