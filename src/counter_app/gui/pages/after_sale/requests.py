"""What only head office can do (a ticket sold elsewhere, a flight outside the allotment)
is said in a box of its own, so it is not taken for a typing error; the clerk may queue a
request there, which the next sync carries to head office."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import DomainError
from counter_app.gui.messages import domain_message
from counter_app.gui.operations import after_sale as ops
from counter_app.gui.pages.after_sale.panel import Host
from counter_app.gui.widgets.named import named, named_button, named_edit
from counter_app.services.requests import NOTE_MAX


class HeadOfficeBox(QFrame):
    def __init__(self, host: Host, parent: QWidget) -> None:
        super().__init__(parent)
        self.host = host
        self.subject: ops.RequestSubject | None = None  # what a request would name
        self.setObjectName("headOfficeBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#headOfficeBox { background: #fff4e5; border: 1px solid #f0a040; }")
        self.label = named(QLabel(self), "headOfficeLabel")
        self.label.setWordWrap(True)
        self.note = named_edit(
            self, "headOfficeNote", self.tr("Note for head office (what the passenger wants)")
        )
        self.note.setMaxLength(NOTE_MAX)
        self.queue_button = named_button(
            self.tr("Queue a request for head office"), "queueRequestButton", self
        )
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.queue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.hide()
        self.queue_button.clicked.connect(self.queue)
        self.note.returnPressed.connect(self.queue)

    def offer(self, error: DomainError) -> None:
        """Say that only head office can do what ``error`` refused, and offer to queue a
        request when the refusal allows one."""
        what = str(error.params.get("ticket_number") or error.params.get("flight_no") or "")
        self.label.setText(
            self.tr(
                "Only head office can do this for %1: it was not sold at this counter, "
                "or the flight is outside this counter's allotment. Queue a request: "
                "head office gets it with the next sync and answers on the attention "
                "list or by phone."
            ).replace("%1", what)
        )
        self.subject = self.host.state.request_subject(error)
        can_queue = bool(error.params.get("queue_request")) and self.subject is not None
        self.note.clear()
        self.note.setVisible(can_queue)
        self.queue_button.setVisible(can_queue)
        self.queue_button.setEnabled(can_queue)
        self.show()

    def queue(self) -> None:
        """Queue what was refused as a request for head office (outbox op
        ``request.head_office``), then wake the sync."""
        subject, state = self.subject, self.host.state
        if subject is None or state.busy:
            return
        state.busy = True
        self.queue_button.setEnabled(False)
        ops.request_head_office(self.host.ctx, subject, self.note.text().strip(), self._queued,
                                self._failed)

    def _queued(self, request_id: str) -> None:
        state = self.host.state
        state.busy = False
        state.last_request_id = request_id
        self.subject = None
        self.hide()
        state.last_error = None
        self.host.show_info(self.tr("Request queued; it reaches head office with the next sync."))
        self.host.ctx.sync.wake()

    def _failed(self, error: BaseException) -> None:
        self.queue_button.setEnabled(True)
        self.host.state.busy = False
        if isinstance(error, DomainError):
            # The note is labelled on screen by its placeholder: the message names it so.
            label = self.note.placeholderText() if error.field == "note" else None
            self.host.show_error(domain_message(error, label), self.note)
        else:
            self.host.show_error(self.tr("Unexpected error: %1").replace("%1", repr(error)))
