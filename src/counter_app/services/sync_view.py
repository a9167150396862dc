"""What the sync page shows: the queue waiting for head office, the last cycles, the
attention list. Read-only queries; the engine writes these tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.services.views import view_of
from counter_app.storage.models import OutboxEntry, SyncCycle


@dataclass(frozen=True, slots=True)
class QueuedOp:
    seq: int
    op_id: str
    kind: str
    clerk: str
    created_at: datetime
    attempts: int
    state: str
    last_error: str


@dataclass(frozen=True, slots=True)
class CycleRow:
    started_at: datetime
    finished_at: datetime
    pushed: int
    applied: int
    duplicates: int
    rejected: int
    pulled: int
    ok: bool
    error: str


def queued_ops(session: Session, limit: int = 500) -> list[QueuedOp]:
    """Operations not yet accepted by head office, oldest first."""
    rows = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.state == "pending")
        .order_by(OutboxEntry.seq)
        .limit(limit)
    )
    return [view_of(QueuedOp, r, clerk=r.clerk_login or "") for r in rows]


def recent_cycles(session: Session, limit: int = 50) -> list[CycleRow]:
    rows = session.scalars(select(SyncCycle).order_by(SyncCycle.id.desc()).limit(limit))
    return [view_of(CycleRow, r) for r in rows]
