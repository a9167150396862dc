"""The sync page (同步): the attention list with what to do about each item, the queue
waiting for head office, and the last sync cycles. F5 syncs now."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.context import DeskContext
from counter_app.gui.messages import attention_advice
from counter_app.gui.models import Column, RowsModel
from counter_app.gui.operations import sync_view as ops
from counter_app.gui.widgets.named import named, named_button, named_edit
from counter_app.gui.widgets.tables import make_table
from counter_app.kernel.clock import SHANGHAI

if TYPE_CHECKING:
    from counter_app.services.screens import SyncPageData
    from counter_app.services.sync_view import CycleRow, QueuedOp
    from counter_app.sync.status import Attention


def local_time(at: datetime | None) -> str:
    if at is None:
        return ""
    return at.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime("%m-%d %H:%M:%S")


class SyncPage(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.sync = sync = ctx.sync
        self.setObjectName("syncPage")
        kinds = {
            "rejected_op": self.tr("Refused by head office"),
            "conflict": self.tr("Edited on both sides"),
            "clock_skew": self.tr("Clock wrong"),
            "stall": self.tr("Queue stalled"),
            "auth": self.tr("Credentials refused"),
            "checksum": self.tr("Copy drifted"),
            "upgrade": self.tr("Upgrade needed"),
            "seat_moved": self.tr("Seat moved"),
        }
        self.summary = named(QLabel(self), "syncSummary")
        self.summary.setWordWrap(True)
        self.sync_button = named_button(self.tr("Sync now (F5)"), "syncNowButton", self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.sync_button)

        self.attention_model: RowsModel[Attention] = RowsModel(
            [
                Column(self.tr("When"), lambda a: local_time(a.created_at)),
                Column(self.tr("What"), lambda a: kinds.get(a.kind, a.kind)),
                Column(self.tr("Reason"), lambda a: a.message or a.code),
                Column(
                    self.tr("What to do"),
                    lambda a: attention_advice(a.kind, a.code),
                    tooltip=lambda a: attention_advice(a.kind, a.code),
                ),
            ]
        )
        self.queue_model: RowsModel[QueuedOp] = RowsModel(
            [
                Column(self.tr("#"), lambda q: str(q.seq), Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Operation"), lambda q: q.kind),
                Column(self.tr("Clerk"), lambda q: q.clerk),
                Column(self.tr("Made at"), lambda q: local_time(q.created_at)),
                Column(self.tr("Tries"), lambda q: str(q.attempts), Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Last error"), lambda q: q.last_error),
            ]
        )
        self.cycles_model: RowsModel[CycleRow] = RowsModel(
            [
                Column(self.tr("Started"), lambda c: local_time(c.started_at)),
                Column(self.tr("Result"), lambda c: self.tr("ok") if c.ok else c.error),
                Column(self.tr("Sent"), lambda c: str(c.pushed), Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Applied"), lambda c: str(c.applied), Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Duplicates"), lambda c: str(c.duplicates), Qt.AlignmentFlag.AlignRight
                ),
                Column(self.tr("Refused"), lambda c: str(c.rejected), Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Received"), lambda c: str(c.pulled), Qt.AlignmentFlag.AlignRight),
            ]
        )
        self.attention_view = make_table(
            self, self.attention_model, "attentionView", alternating=False
        )
        # The advice is a sentence or two: each row grows to show all of it, wrapped.
        self.attention_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.queue_view = make_table(self, self.queue_model, "queueView", alternating=False)
        self.cycles_view = make_table(self, self.cycles_model, "cyclesView", alternating=False)

        self.resolution = named_edit(
            self, "resolutionEdit", self.tr("What was done (kept in the audit)")
        )
        self.resolve_button = named_button(self.tr("Mark handled"), "resolveButton", self)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(self.resolution, 1)
        resolve_row.addWidget(self.resolve_button)
        attention = QWidget(self)
        attention_layout = QVBoxLayout(attention)
        attention_layout.addWidget(self.attention_view)
        attention_layout.addLayout(resolve_row)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(attention, self.tr("Attention"))
        self.tabs.addTab(self.queue_view, self.tr("Waiting to send"))
        self.tabs.addTab(self.cycles_view, self.tr("Last syncs"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.sync_button.clicked.connect(self.sync_now)
        self.resolve_button.clicked.connect(self.resolve_selected)
        QShortcut(QKeySequence("F5"), self, self.sync_now)
        sync.statusChanged.connect(self._status)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def sync_now(self) -> None:
        self.sync.wake()
        self.summary.setText(self.tr("Syncing…"))

    def _status(self, status: object) -> None:
        if not getattr(status, "enrolled", False):
            self.summary.setText(
                self.tr(
                    "This counter is not enrolled with head office; it "
                    "works alone from its local data."
                )
            )
        elif self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        ops.page_data(self.ctx, self.ctx.clock.now(), self._show)

    def _show(self, data: SyncPageData) -> None:
        attention, queue, status = data.attention, data.queue, data.status
        self.attention_model.set_rows(attention)
        self.queue_model.set_rows(queue)
        self.cycles_model.set_rows(data.cycles)
        self.tabs.setTabText(0, self.tr("Attention (%1)").replace("%1", str(len(attention))))
        self.tabs.setTabText(1, self.tr("Waiting to send (%1)").replace("%1", str(len(queue))))
        if status.enrolled:
            state = self.tr("online") if status.online else self.tr("offline")
            self.summary.setText(
                self.tr("Head office: %1. %2 operations waiting; %3 items to check.")
                .replace("%1", state)
                .replace("%2", str(len(queue)))
                .replace("%3", str(len(attention)))
            )

    def resolve_selected(self) -> None:
        item = self.attention_model.row_at(self.attention_view.currentIndex().row())
        if item is None:
            return
        note = self.resolution.text().strip()
        if not note:
            self.summary.setText(
                self.tr("What was done: write a few words before marking the item handled.")
            )
            self.resolution.setFocus()
            return

        def done(_result: None) -> None:
            self.resolution.clear()
            self.refresh()
            self.sync.refresh()

        ops.resolve(self.ctx, item.id, note, self.ctx.clerk.login, self.ctx.clock.now(), done)
