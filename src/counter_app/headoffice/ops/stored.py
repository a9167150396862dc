"""Idempotency of pushed ops: the stored outcome of ``(counter, op_id)`` (``applied_ops``),
answering a replay with it (``duplicate``, or the stored refusal), refusing a reused op id
(409 ``op_id_reused`` for another payload; the op alone, rejected ``op_id_reused``, for the
same payload under another kind), and the checks made before any handler runs
(:func:`checked_envelope`, :func:`precheck`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from counter_app.headoffice.db import table_of
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.models import AppliedOp
from counter_app.headoffice.ops.batch import Batch
from counter_app.sync.protocol import (
    ACCEPTED_OP_SCHEMA_VERSIONS,
    Op,
    OpResult,
    OpStatus,
    payload_fault,
    payload_hash,
    storable,
)

_APPLIED = table_of(AppliedOp)
_LOOKUP = select(
    _APPLIED.c.op_id, _APPLIED.c.payload_hash, _APPLIED.c.status, _APPLIED.c.code,
    _APPLIED.c.message, _APPLIED.c.result, _APPLIED.c.kind,
).where(_APPLIED.c.counter_id == bindparam("counter_id"),
        _APPLIED.c.op_id.in_(bindparam("op_ids", expanding=True)))


@dataclass(frozen=True, slots=True)
class Stored:
    payload_hash: str
    status: str
    code: str
    message: str
    result: dict[str, Any]
    kind: str = ""  # the op's kind ("" when not known)


def stored_result(row: Any, op_id: str) -> OpResult:
    if row.status == OpStatus.APPLIED.value:
        return OpResult(op_id=op_id, status=OpStatus.DUPLICATE, result=dict(row.result or {}))
    return OpResult(op_id=op_id, status=OpStatus.REJECTED, code=row.code, message=row.message)


def store(batch: Batch, op: Op, status: OpStatus, code: str = "", message: str = "",
          result: dict[str, Any] | None = None) -> Stored:
    """Record the op's outcome; a message quoting a counter's input is made storable (no
    NUL, control character or lone surrogate: those are written as ``\\uXXXX``)."""
    message = storable(message)
    batch.session.execute(insert(AppliedOp).values(
        counter_id=batch.counter.counter_id, op_id=op.op_id, payload_hash=op.payload_hash,
        kind=str(op.kind), status=status.value, code=code, message=message,
        result=result or {}, applied_at=batch.now,
    ))
    return Stored(op.payload_hash, status.value, code, message, result or {}, str(op.kind))


def lookup(session: Session, counter_id: str, op_ids: list[str]) -> dict[str, Stored]:
    rows = session.connection().execute(_LOOKUP, {"counter_id": counter_id, "op_ids": op_ids})
    return {r.op_id: Stored(r.payload_hash, r.status, r.code, r.message, r.result or {},
                            r.kind)
            for r in rows}


def reused(op_id: str) -> ApiError:
    return ApiError(
        409, "op_id_reused",
        f"op {op_id} was already received with another payload; nothing of this batch was "
        "applied",
        {"op_id": op_id},
    )


def replayed(earlier: Stored, op: Op) -> OpResult:
    """The answer to an op already stored: its stored outcome, unless the op id comes back
    under another kind (rejected ``op_id_reused``, not stored: the first op stays)."""
    if earlier.kind and earlier.kind != str(op.kind):
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, code="op_id_reused",
                        message=f"kind: op {op.op_id} was already received as {earlier.kind}; "
                                f"this {op.kind} op is not applied")
    return stored_result(earlier, op.op_id)


def checked_envelope(op: Op, stored: dict[str, Stored]) -> OpResult | None:
    """The answer for an op that needs no handler and is not stored: stored before (see
    :func:`replayed`), an unknown schema version, a payload head office cannot hash or keep
    (``invalid_text``, ``invalid_payload``: :func:`~counter_app.sync.protocol.payload_fault`),
    or a payload that does not match its hash."""
    earlier = stored.get(op.op_id)
    if earlier is not None:
        return replayed(earlier, op)
    if op.schema_version not in ACCEPTED_OP_SCHEMA_VERSIONS:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED,
                        code="schema_version_unsupported",
                        message=f"op schema version {op.schema_version} is not accepted here")
    fault = payload_fault(op.payload)
    if fault is not None:
        code, message = fault
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, code=code, message=message)
    if payload_hash(op.payload) != op.payload_hash:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, code="payload_hash_mismatch",
                        message="the payload does not match its hash")
    return None


def precheck(batch: Batch, op: Op, stored: dict[str, Stored]) -> OpResult | None:
    """The answer for an op that needs no handler: :func:`checked_envelope`, or a clerk
    from elsewhere (that refusal is stored)."""
    checked = checked_envelope(op, stored)
    if checked is not None:
        return checked
    if op.clerk_login not in batch.clerks:
        stored[op.op_id] = store(
            batch, op, OpStatus.REJECTED, "clerk_not_in_outlet",
            f"{op.clerk_login} is not an active clerk of outlet {batch.counter.outlet_code}")
        return stored_result(stored[op.op_id], op.op_id)
    return None
