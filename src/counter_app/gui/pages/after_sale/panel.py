"""What the after-sale workflows share: the page they work in (:class:`Host`) and the frame
of an action panel under the tickets (:class:`ActionPanel`: a heading, a line saying what
will happen, the form, then Back and the confirming button)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.widgets.named import named, named_button

if TYPE_CHECKING:
    from counter_app.gui.context import DeskContext
    from counter_app.gui.pages.after_sale.state import AfterSaleState
    from counter_app.gui.pages.after_sale.words import AfterSaleWords
    from counter_app.gui.widgets.message_line import MessageLine
    from counter_app.services.booking import TicketView


class Host(Protocol):
    """The after-sale page as its workflows see it: the context, the shared state and
    words, and the one message line every step reports on."""

    @property
    def ctx(self) -> DeskContext: ...

    @property
    def state(self) -> AfterSaleState: ...

    @property
    def words(self) -> AfterSaleWords: ...

    @property
    def message(self) -> MessageLine: ...

    def show_info(self, text: str) -> None: ...

    def show_error(self, text: str, widget: QWidget | None = None) -> None: ...

    def clear_message(self) -> None: ...

    def failed(self, error: BaseException, widget: QWidget | None = None) -> None:
        """A refused step: its message naming the field (``widget`` takes the cursor)."""

    def failer(self, widget: QWidget | None) -> Callable[[BaseException], None]: ...

    def after_change(self) -> None:
        """A step was written: push it to head office soon and show the new state."""

    def selected_ticket(self) -> TicketView | None: ...

    def back(self) -> None: ...


class ActionPanel(QFrame):
    """One step's panel under the tickets; the subclass sets the heading's text and adds
    its form between :attr:`info` and :meth:`add_buttons`."""

    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.column = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.column.addWidget(self.heading)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.column.addWidget(self.info)

    def add_summary(self, name: str) -> QLabel:
        """The bold, word-wrapped line saying what the step will do, under the form."""
        summary = named(QLabel(self), name)
        summary.setWordWrap(True)
        summary.setStyleSheet("font-weight: bold;")
        self.column.addWidget(summary)
        return summary

    def add_confirm(
        self, text: str, name: str, on_confirm: Callable[[], None],
        enter_in: Sequence[QLineEdit] = (),
    ) -> QPushButton:
        """The confirming button ``text`` (object name ``name``) with Back at the bottom
        right; it, and Enter in each of ``enter_in``, run ``on_confirm``."""
        confirm = named_button(text, name, self)
        self.add_buttons(confirm)
        for edit in enter_in:
            edit.returnPressed.connect(on_confirm)
        confirm.clicked.connect(on_confirm)
        return confirm

    def add_buttons(self, confirm: QPushButton) -> QPushButton:
        """Back (Esc) and ``confirm`` at the bottom right; returns Back."""
        back = QPushButton(self.tr("Back (Esc)"), self)
        back.clicked.connect(self.host.back)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(back)
        row.addWidget(confirm)
        self.column.addLayout(row)
        return back

    def open(self, ticket: TicketView) -> None:
        """Fill the panel for ``ticket`` (just shown) and put the cursor in its first field."""
        raise NotImplementedError

    def is_open(self) -> bool:
        """Whether this is the panel shown under the tickets (the others are hidden)."""
        stack = self.parentWidget()
        return stack is not None and self.isVisibleTo(stack)

    @staticmethod
    def who(ticket: TicketView) -> str:
        return f"{ticket.ticket_number} {ticket.passenger_name}"
