"""What the sale page's steps share: a field's label, and the page's message line as the
steps see it (a refusal named as the field is labelled, said where the clerk looks)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.domain.errors import DomainError


def buddy_label(parent: QWidget, text: str, buddy: QWidget) -> QLabel:
    """A field's label on screen; messages about the field start with its text
    (:meth:`SalePage.label_of` reads it back through the buddy)."""
    label = QLabel(text, parent)
    label.setBuddy(buddy)
    return label


def row_of(model: QStringListModel, line: str) -> int:
    """The row of a completer's line the clerk picked (-1 if the list changed under it);
    each line of the sale's completers is one customer's or one ID number's."""
    lines = model.stringList()
    return lines.index(line) if line in lines else -1


class Notes(Protocol):
    """The page's message line, for a step that refuses or reports (the page)."""

    @property
    def error_shown(self) -> bool:
        """A refusal is on show: no report may replace it."""
        ...

    def refuse(self, error: DomainError) -> None:
        """Say the refusal, named as its field is labelled, and go to the field."""

    def message_for(self, error: DomainError) -> str: ...

    def show_error(self, text: str, widget: QWidget | None = None) -> None: ...

    def show_info(self, text: str) -> None: ...
