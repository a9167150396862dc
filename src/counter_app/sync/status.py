"""What the clerk sees of sync (同步状态): online or not, the queue and the age of its oldest
operation, the last good sync, the attention list (待处理事项), and the small facts sync
keeps in ``local_settings`` (``sync:*`` keys).

Plain functions on a session, so the GUI's database worker reads them in its own unit of
work while the sync engine writes from its thread.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counter_app.kernel.ids import new_id
from counter_app.storage.models import AttentionItem, LocalSetting, OutboxEntry

# --- sync:* settings ---------------------------------------------------------------------

COUNTER_ID = "sync:counter_id"
OUTLET_CODE = "sync:outlet_code"
OUTLET_NAME = "sync:outlet_name"
BASE_URL = "sync:base_url"
CURSOR = "sync:cursor"
SERVER_OFFSET_S = "sync:server_offset_s"
LAST_SUCCESS_AT = "sync:last_success_at"
LAST_ATTEMPT_AT = "sync:last_attempt_at"
LAST_ERROR = "sync:last_error"
ONLINE = "sync:online"
ENROLLED_AT = "sync:enrolled_at"
REPULL_PREFIX = "sync:repull:"  # + scope: a full re-pull after checksum drift was started

DEFAULT_STALL_AFTER = timedelta(minutes=10)


def naive_utc(at: datetime) -> datetime:
    """Any datetime → naive UTC, the stored form (naive input is taken as UTC already)."""
    return at if at.tzinfo is None else at.astimezone(UTC).replace(tzinfo=None)


def get_setting(session: Session, key: str) -> str | None:
    row = session.get(LocalSetting, key)
    return None if row is None else row.value


def set_setting(session: Session, key: str, value: str) -> None:
    """Insert or replace one setting (an upsert, so two writers never collide on insert)."""
    stmt = sqlite_insert(LocalSetting).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def delete_setting(session: Session, key: str) -> None:
    row = session.get(LocalSetting, key)
    if row is not None:
        session.delete(row)


def get_cursor(session: Session) -> int:
    value = get_setting(session, CURSOR)
    return int(value) if value else 0


def get_server_offset(session: Session) -> timedelta | None:
    """Head office time minus this counter's clock, as measured at the last handshake."""
    value = get_setting(session, SERVER_OFFSET_S)
    return None if value is None else timedelta(seconds=float(value))


def server_now(session: Session, now: datetime) -> datetime:
    """Best estimate of head office's clock: the counter clock plus the measured offset."""
    offset = get_server_offset(session)
    return now if offset is None else now + offset


def _parse_time(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value)


# --- attention list --------------------------------------------------------------------


class AttentionKind(StrEnum):
    REJECTED_OP = "rejected_op"  # head office refused an operation: the clerk must act
    CONFLICT = "conflict"  # both sides changed one customer field; head office won
    CLOCK_SKEW = "clock_skew"  # the counter's clock is more than 5 minutes off
    STALL = "stall"  # operations have waited too long to reach head office
    AUTH = "auth"  # the counter's credentials are refused: enroll again
    CHECKSUM = "checksum"  # the local copy drifted from head office's; re-pulled
    UPGRADE = "upgrade"  # head office needs a newer version of this program
    SEAT_MOVED = "seat_moved"  # a seat chosen offline was taken: moved to the nearest one


@dataclass(frozen=True, slots=True)
class Attention:
    """One item of the attention list, as the GUI shows it."""

    id: str
    kind: str
    op_id: str | None
    code: str
    message: str
    detail: dict[str, Any]
    created_at: datetime
    resolved_at: datetime | None
    resolution: str


def _attention(row: AttentionItem) -> Attention:
    """The item as the GUI shows it: each field of :class:`Attention` is the row's column of
    that name, the detail a copy."""
    copied = {f.name: getattr(row, f.name) for f in fields(Attention) if f.name != "detail"}
    return Attention(**copied, detail=dict(row.detail or {}))


def add_attention(
    session: Session,
    kind: AttentionKind | str,
    code: str,
    message: str,
    now: datetime,
    *,
    op_id: str | None = None,
    detail: dict[str, Any] | None = None,
    source: str | None = None,
) -> str | None:
    """Add an item; with ``source``, an item from the same source is never added twice.
    Returns the new id, or None when the source was already there."""
    item_id = new_id()
    stmt = sqlite_insert(AttentionItem).values(
        id=item_id,
        kind=str(kind),
        op_id=op_id,
        code=code[:64],
        message=message,
        detail=detail or {},
        source=source,
        created_at=naive_utc(now),
        resolution="",
        resolved_by="",
    )
    if source is not None:
        stmt = stmt.on_conflict_do_nothing(index_elements=["source"])
    result = session.execute(stmt)
    return item_id if getattr(result, "rowcount", 1) else None


def open_attention(session: Session, kind: str | None = None) -> list[Attention]:
    """Unresolved items, oldest first."""
    query = select(AttentionItem).where(AttentionItem.resolved_at.is_(None))
    if kind is not None:
        query = query.where(AttentionItem.kind == kind)
    rows = session.scalars(query.order_by(AttentionItem.created_at, AttentionItem.id))
    return [_attention(r) for r in rows]


def attention_items(session: Session, limit: int = 500) -> list[Attention]:
    """Every item, newest first (open and resolved), for the history view."""
    query = select(AttentionItem).order_by(AttentionItem.created_at.desc()).limit(limit)
    return [_attention(r) for r in session.scalars(query)]


class AttentionNotFoundError(LookupError):
    """No attention item with that id."""


def resolve(session: Session, item_id: str, resolution: str, clerk: str, now: datetime) -> None:
    """Close an item with what was done about it and who did it. Resolving twice keeps the
    first resolution."""
    row = session.get(AttentionItem, item_id)
    if row is None:
        raise AttentionNotFoundError(item_id)
    if row.resolved_at is not None:
        return
    row.resolved_at = naive_utc(now)
    row.resolution = resolution
    row.resolved_by = clerk[:32]


def auto_resolve(session: Session, kind: str, resolution: str, now: datetime) -> int:
    """Close every open item of a kind the engine saw fixed (a drained queue, a clock set
    right); returns how many."""
    rows = session.scalars(
        select(AttentionItem).where(
            AttentionItem.kind == kind, AttentionItem.resolved_at.is_(None)
        )
    ).all()
    for row in rows:
        row.resolved_at = naive_utc(now)
        row.resolution = resolution
        row.resolved_by = "sync"
    return len(rows)


# --- the status line ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """Everything the status bar and the sync page show."""

    online: bool
    pending: int
    oldest_pending_age: timedelta | None
    last_success_at: datetime | None
    last_error: str
    attention_open: int
    stalled: bool
    server_offset: timedelta | None
    enrolled: bool = False


def read_status(
    session: Session, now: datetime, stall_after: timedelta = DEFAULT_STALL_AFTER
) -> SyncStatus:
    """The status as stored by the engine's last cycle and the queue as it is now."""
    now = naive_utc(now)
    count, oldest = session.execute(
        select(func.count(), func.min(OutboxEntry.created_at)).where(
            OutboxEntry.state == "pending"
        )
    ).one()
    age = None if oldest is None else max(timedelta(0), now - oldest)
    attention_open = session.scalar(
        select(func.count()).select_from(AttentionItem).where(AttentionItem.resolved_at.is_(None))
    )
    return SyncStatus(
        online=get_setting(session, ONLINE) == "1",
        pending=int(count),
        oldest_pending_age=age,
        last_success_at=_parse_time(get_setting(session, LAST_SUCCESS_AT)),
        last_error=get_setting(session, LAST_ERROR) or "",
        attention_open=int(attention_open or 0),
        stalled=age is not None and age > stall_after,
        server_offset=get_server_offset(session),
        enrolled=get_setting(session, COUNTER_ID) is not None,
    )
