"""The outbox (待上传队列): operations head office must learn of, written in the same
transaction as the change they describe (docs/architecture.md, rule 2).

:func:`enqueue` never commits: it joins the caller's unit of work, so a sale and its
``sale.issue`` op are stored together or not at all. The sync engine reads :func:`pending`
in ``seq`` order, pushes, and marks each entry with head office's answer.

States: ``pending`` (to send; ``attempts`` counts tries), ``done`` (applied or a duplicate
of an earlier apply), ``rejected`` (head office will never apply it as sent; an attention
item tells the clerk).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.kernel.ids import new_id
from counter_app.storage.models import OutboxEntry
from counter_app.sync import protocol
from counter_app.sync.status import naive_utc

PENDING = "pending"
DONE = "done"
REJECTED = "rejected"


def enqueue(
    session: Session,
    op: protocol.OpPayload,
    clerk_login: str,
    now: datetime,
    *,
    clerk_id: str | None = None,
) -> OutboxEntry:
    """Add an op to the outbox in the caller's transaction (flushed, not committed).

    ``op`` is the payload model of its kind (:mod:`counter_app.sync.protocol.ops`): the kind
    comes from the model, and the store keeps the model's canonical JSON
    (:func:`~counter_app.sync.protocol.op_payload`: the fields given, nothing else), so the
    hash is taken over exactly what the store keeps and later sends. That JSON must parse as
    the kind's model, as head office will parse it: an op that does not (one built without
    validation) raises pydantic's ValidationError before anything is added, and the
    caller's unit of work rolls back.
    """
    return _store(session, protocol.kind_of(op), protocol.op_payload(op), clerk_login, now,
                  clerk_id)


def enqueue_payload(
    session: Session,
    kind: protocol.OpKind | str,
    payload: dict[str, Any],
    clerk_login: str,
    now: datetime,
    *,
    clerk_id: str | None = None,
) -> OutboxEntry:
    """:func:`enqueue` for a payload that is already plain JSON (an op read back, a test's
    hand-made op). It is normalised through canonical JSON first (tuples become lists and
    so on) and must validate as its kind's model; anything that is not plain JSON (a
    Decimal, a date) or not a valid payload is refused here rather than at push time.
    """
    op_kind = protocol.OpKind(kind)
    _check_clerk(clerk_login)
    try:
        normalised: dict[str, Any] = json.loads(protocol.canonical_json(payload))
    except TypeError as exc:
        raise ValueError(f"op payload is not plain JSON: {exc}") from exc
    return _store(session, op_kind, normalised, clerk_login, now, clerk_id)


def _check_clerk(clerk_login: str) -> None:
    if not clerk_login:
        raise ValueError("every op names the clerk who made it")


def _store(
    session: Session,
    kind: protocol.OpKind,
    payload: dict[str, Any],
    clerk_login: str,
    now: datetime,
    clerk_id: str | None,
) -> OutboxEntry:
    _check_clerk(clerk_login)
    normalised: dict[str, Any] = json.loads(protocol.canonical_json(payload))
    protocol.parse_payload(kind, normalised)  # pydantic's ValidationError is a ValueError
    entry = OutboxEntry(
        op_id=new_id(),
        kind=kind.value,
        schema_version=protocol.OP_SCHEMA_VERSION,
        payload=normalised,
        payload_hash=protocol.payload_hash(normalised),
        clerk_id=clerk_id,
        clerk_login=clerk_login[:32],
        created_at=naive_utc(now),
        state=PENDING,
        attempts=0,
        last_error="",
        last_code="",
    )
    session.add(entry)
    session.flush()  # assigns seq: the op's place in the order head office applies them
    return entry


def pending(session: Session, limit: int = protocol.MAX_PUSH_OPS) -> list[OutboxEntry]:
    """The oldest pending entries, in local order."""
    query = (
        select(OutboxEntry)
        .where(OutboxEntry.state == PENDING)
        .order_by(OutboxEntry.seq)
        .limit(limit)
    )
    return list(session.scalars(query))


def to_op(entry: OutboxEntry) -> protocol.Op:
    """The wire form of an entry."""
    return protocol.Op(
        op_id=entry.op_id,
        kind=protocol.OpKind(entry.kind),
        schema_version=entry.schema_version,
        payload=entry.payload,
        payload_hash=entry.payload_hash,
        clerk_login=entry.clerk_login or "unknown",
        counter_time=entry.created_at.replace(tzinfo=UTC),
        local_seq=entry.seq,
    )


def by_op_ids(session: Session, op_ids: Sequence[str]) -> dict[str, OutboxEntry]:
    rows = session.scalars(select(OutboxEntry).where(OutboxEntry.op_id.in_(list(op_ids))))
    return {row.op_id: row for row in rows}


def mark_done(
    entry: OutboxEntry, now: datetime, result: dict[str, Any] | None = None, code: str = ""
) -> None:
    """Head office applied it (now or earlier: a duplicate carries the stored result)."""
    entry.state = DONE
    entry.attempts += 1
    entry.finished_at = naive_utc(now)
    entry.result = result or {}
    entry.last_code = code
    entry.last_error = ""


def mark_rejected(entry: OutboxEntry, code: str, message: str, now: datetime) -> None:
    """Head office will never apply it as sent; kept (never dropped) for the clerk."""
    entry.state = REJECTED
    entry.attempts += 1
    entry.finished_at = naive_utc(now)
    entry.last_code = code[:64]
    entry.last_error = message


def mark_retry(entry: OutboxEntry, code: str, message: str) -> None:
    """A transient refusal: stays pending, sent again next time."""
    entry.attempts += 1
    entry.last_code = code[:64]
    entry.last_error = message


def queue_stats(session: Session, now: datetime) -> tuple[int, timedelta | None]:
    """How many entries wait, and how long the oldest has waited."""
    count, oldest = session.execute(
        select(func.count(), func.min(OutboxEntry.created_at)).where(
            OutboxEntry.state == PENDING
        )
    ).one()
    if oldest is None:
        return int(count), None
    return int(count), max(timedelta(0), naive_utc(now) - oldest)
