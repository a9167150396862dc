"""Reading the change log for one counter: pages in commit order, and per-scope checksums.

A pull first reads ``change_seq.value`` (the newest committed seq) and then the visible
rows with ``cursor < seq <= value``: every seq up to ``value`` is already committed
(``changes.py``), so a page never has a hole that a later commit could fill. Rows the
counter may not see are skipped, and the cursor still moves past them: a counter sees its
outlet's people, the shared ones, and GP units with their officials only when its outlet is
a GP counter (``changes.visible_to``); the checksums are taken over exactly the same rows,
so a counter that pulled everything from 0 matches them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.headoffice.auth import CounterIdentity
from counter_app.headoffice.changes import GP_OUTLET_KIND, current_seq, visible_to
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import ChangeLogRow, EntityVersion, Outlet
from counter_app.sync.protocol import (
    Change,
    ChecksumResponse,
    PullResponse,
    Scope,
    checksum,
)


def sees_gp(session: Session, me: CounterIdentity) -> bool:
    """Whether the counter's outlet is a GP counter (it sees GP units and their officials)."""
    kind = session.scalar(select(Outlet.kind).where(Outlet.code == me.outlet_code))
    return kind == GP_OUTLET_KIND


def pull(
    session: Session, me: CounterIdentity, cursor: int, limit: int, now: datetime
) -> PullResponse:
    top = current_seq(session)
    if cursor > top:
        raise ApiError(409, "cursor_ahead",
                       f"cursor {cursor} is past the newest change {top}; resync from 0",
                       {"newest": top})
    rows = session.execute(
        select(ChangeLogRow.seq, ChangeLogRow.scope, ChangeLogRow.entity, ChangeLogRow.key,
               ChangeLogRow.op, ChangeLogRow.data)
        .where(ChangeLogRow.seq > cursor, ChangeLogRow.seq <= top,
               visible_to(me.outlet_code, me.counter_id, ChangeLogRow,
                          sees_gp(session, me)))
        .order_by(ChangeLogRow.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        Change(seq=r.seq, scope=Scope(r.scope), entity=r.entity, key=r.key, op=r.op,
               data=r.data)
        for r in rows
    ]
    next_cursor = rows[-1].seq if has_more else top
    return PullResponse(changes=changes, next_cursor=next_cursor, has_more=has_more,
                        server_time=now, newest=top)


def checksums(session: Session, me: CounterIdentity) -> ChecksumResponse:
    """Per scope, the digest of ``entity|key|seq`` over the live entities this counter may
    see; ``cursor`` is the newest seq among them (deleted ones included): a counter whose
    cursor is at least that should hold exactly this state."""
    rows = session.execute(
        select(EntityVersion.scope, EntityVersion.entity, EntityVersion.key,
               EntityVersion.seq, EntityVersion.deleted)
        .where(visible_to(me.outlet_code, me.counter_id, EntityVersion, sees_gp(session, me)))
    )
    lines: dict[Scope, list[str]] = {scope: [] for scope in Scope}
    newest = 0
    for r in rows:
        newest = max(newest, r.seq)
        if not r.deleted:
            lines[Scope(r.scope)].append(f"{r.entity}|{r.key}|{r.seq}")
    return ChecksumResponse(cursor=newest,
                            scopes={scope: checksum(found) for scope, found in lines.items()})
