"""The sync state in the status bar: reachable or not, the queue and its oldest entry,
the last sync, and how many items need the clerk's attention. Click to open the sync page.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.gui.messages import ERROR_COLOR
from counter_app.kernel.clock import SHANGHAI

if TYPE_CHECKING:
    from counter_app.sync.status import SyncStatus


class SyncIndicator(QLabel):
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.show_status(None)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mouseReleaseEvent(event)

    def age_text(self, age: timedelta) -> str:
        minutes = int(age.total_seconds() // 60)
        if minutes < 1:
            return self.tr("just now")
        if minutes < 120:
            return self.tr("%1 min").replace("%1", str(minutes))
        return self.tr("%1 h").replace("%1", str(minutes // 60))

    def show_status(self, status: SyncStatus | None) -> None:
        if status is None or not status.enrolled:
            label = self.tr("Not enrolled")
            self.setText(f"<span style='color:#777'>● {label}</span>")
            self.setToolTip(
                self.tr(
                    "This counter works alone: enroll it with head office "
                    "(Counter → Enroll with head office)."
                )
            )
            return
        parts = []
        stalled, online, offline = self.tr("Queue stalled"), self.tr("Online"), self.tr("Offline")
        if status.stalled:
            parts.append(f"<b style='color:{ERROR_COLOR}'>⚠ {stalled}</b>")
        elif status.online:
            parts.append(f"<span style='color:#1b7f3b'>● {online}</span>")
        else:
            parts.append(f"<span style='color:#c77700'>● {offline}</span>")
        pending = status.pending
        oldest = status.oldest_pending_age
        if pending:
            text = self.tr("%1 waiting").replace("%1", str(pending))
            if oldest is not None:
                text += self.tr(" (oldest %1)").replace("%1", self.age_text(oldest))
            parts.append(text)
        else:
            parts.append(self.tr("queue empty"))
        last = status.last_success_at
        if last is not None:
            local = last.replace(tzinfo=UTC).astimezone(SHANGHAI).strftime("%H:%M")
            parts.append(self.tr("synced %1").replace("%1", local))
        attention = status.attention_open
        if attention:
            to_check = self.tr("%1 to check").replace("%1", str(attention))
            parts.append(f"<b style='color:{ERROR_COLOR}'>{to_check}</b>")
        self.setText(" · ".join(parts))
        error = status.last_error
        self.setToolTip(error or self.tr("Click for the sync page (F9)."))
