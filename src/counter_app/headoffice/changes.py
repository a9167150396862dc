"""The change log counters pull, in COMMIT order (变更日志).

Every transaction that changes something a counter pulls calls :func:`log_change`, which
only buffers the change on the session. :func:`commit_with_changes` (the only way a write
unit of work commits, see ``db.Database.write``) then, as the very last statement before
COMMIT, runs::

    UPDATE change_seq SET value = value + n RETURNING value

and writes the buffered rows with the seqs ``value - n + 1 .. value`` into ``change_log``,
and upserts ``entity_versions`` (the latest seq of each entity, for checksums). On
PostgreSQL the three are one statement (data-modifying CTEs), so the lock below is held for
one round trip and the COMMIT.

Why this gives commit order, not just allocation order: the UPDATE takes the row lock of
the single ``change_seq`` row and keeps it until COMMIT. A second transaction that reaches
its own UPDATE waits on that lock until the first has committed, and only then reads the
incremented value. So seqs are handed out in the order in which transactions commit, and
when a reader can see seq ``s`` it can already see every seq below ``s``: a pull that
returns everything up to the current ``change_seq.value`` can never skip a change that
commits later with a smaller seq. (A plain SERIAL/IDENTITY would not do: it is allocated
when the row is inserted, and a slow transaction that started first would commit a small
number after a fast one had committed a larger number, which a counter's cursor already
passed.) The lock is held only between the UPDATE and COMMIT, i.e. for the inserts of the
log rows, so writers overlap for all their other work. On SQLite the write transaction
(``BEGIN IMMEDIATE``) already serialises writers; the same code keeps the order there.

Within one transaction several changes of the same entity collapse into the last one.
:func:`mark` / :func:`restore` drop the changes buffered inside a rolled-back SAVEPOINT.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from counter_app.headoffice.db import bulk_insert, table_of
from counter_app.headoffice.models import ChangeLogRow, ChangeSeq, EntityVersion
from counter_app.sync.protocol import Scope

_BUFFER = "ho_pending_changes"
_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class PendingChange:
    scope: str
    entity: str
    key: str
    op: str
    data: dict[str, Any] | None
    outlet_code: str | None
    counter_id: str | None


def _buffer(session: Session) -> list[PendingChange]:
    buf = session.info.get(_BUFFER)
    if buf is None:
        buf = []
        session.info[_BUFFER] = buf
    assert isinstance(buf, list)
    return buf


def log_change(
    session: Session,
    scope: Scope | str,
    entity: str,
    key: str,
    data: dict[str, Any] | None,
    outlet_code: str | None = None,
    counter_id: str | None = None,
    op: str = "upsert",
) -> None:
    """Buffer one change; it gets its seq when the transaction commits."""
    _buffer(session).append(
        PendingChange(str(Scope(scope)), entity, key, op, data, outlet_code, counter_id)
    )


def log_delete(
    session: Session,
    scope: Scope | str,
    entity: str,
    key: str,
    outlet_code: str | None = None,
    counter_id: str | None = None,
) -> None:
    log_change(session, scope, entity, key, None, outlet_code, counter_id, op="delete")


def mark(session: Session) -> int:
    """A point to :func:`restore` to when a SAVEPOINT is rolled back."""
    return len(_buffer(session))


def restore(session: Session, point: int) -> None:
    del _buffer(session)[point:]


def discard(session: Session) -> None:
    session.info.pop(_BUFFER, None)


def pending_count(session: Session) -> int:
    return len(_buffer(session))


def _upsert_versions(session: Session, rows: list[dict[str, Any]]) -> None:
    dialect = session.get_bind().dialect.name
    table = table_of(EntityVersion)
    stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["scope", "entity", "key"],
        set_={
            "seq": stmt.excluded.seq,
            "outlet_code": stmt.excluded.outlet_code,
            "counter_id": stmt.excluded.counter_id,
            "deleted": stmt.excluded.deleted,
        },
    )
    for start in range(0, len(rows), _CHUNK):
        session.execute(stmt, rows[start : start + _CHUNK])


def flush_changes(session: Session, now: datetime | None = None) -> int:
    """Give the buffered changes their seqs and write them; returns how many.

    Must be the last thing before COMMIT: the ``change_seq`` row lock taken here is what
    orders commits (module docstring)."""
    buf = session.info.pop(_BUFFER, None)
    if not buf:
        return 0
    latest: dict[tuple[str, str, str], PendingChange] = {}
    for change in buf:
        ident = (change.scope, change.entity, change.key)
        latest.pop(ident, None)  # re-insert so the order is that of the last change
        latest[ident] = change
    count = len(latest)
    session.flush()
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(tzinfo=None)
    if session.get_bind().dialect.name == "postgresql":
        _flush_in_one_statement(session, list(latest.values()), stamp)
        return count
    top = session.execute(
        update(ChangeSeq)
        .where(ChangeSeq.id == 1)
        .values(value=ChangeSeq.value + count)
        .returning(ChangeSeq.value)
    ).scalar_one()
    first = int(top) - count + 1
    log_rows: list[dict[str, Any]] = []
    version_rows: list[dict[str, Any]] = []
    for offset, change in enumerate(latest.values()):
        seq = first + offset
        log_rows.append(
            {
                "seq": seq,
                "scope": change.scope,
                "entity": change.entity,
                "key": change.key,
                "op": change.op,
                "data": change.data,
                "outlet_code": change.outlet_code,
                "counter_id": change.counter_id,
                "committed_at": stamp,
            }
        )
        version_rows.append(
            {
                "scope": change.scope,
                "entity": change.entity,
                "key": change.key,
                "seq": seq,
                "outlet_code": change.outlet_code,
                "counter_id": change.counter_id,
                "deleted": change.op == "delete",
            }
        )
    for start in range(0, len(log_rows), _CHUNK):
        bulk_insert(session, ChangeLogRow, log_rows[start : start + _CHUNK])
    _upsert_versions(session, version_rows)
    return count


# PostgreSQL: the seq step, the log rows and the entity versions in ONE statement, so the
# change_seq row lock is held for this one round trip and the COMMIT after it, not for three
# round trips and the Python work between them (every writer waits for that lock).
_FLUSH_PG = text("""
WITH seq AS (
    UPDATE change_seq SET value = value + :n WHERE id = 1 RETURNING value
), rows AS (
    SELECT r.* FROM json_to_recordset(CAST(:rows AS json)) AS r(
        ord bigint, scope text, entity text, key text, op text, data json,
        outlet_code text, counter_id text)
), logged AS (
    INSERT INTO change_log (seq, scope, entity, key, op, data, outlet_code, counter_id,
                            committed_at)
    SELECT seq.value - :n + rows.ord, rows.scope, rows.entity, rows.key, rows.op,
           COALESCE(rows.data, 'null'::json), rows.outlet_code, rows.counter_id, :stamp
    FROM seq, rows
)
INSERT INTO entity_versions (scope, entity, key, seq, outlet_code, counter_id, deleted)
SELECT rows.scope, rows.entity, rows.key, seq.value - :n + rows.ord, rows.outlet_code,
       rows.counter_id, rows.op = 'delete'
FROM seq, rows
ON CONFLICT (scope, entity, key) DO UPDATE SET seq = excluded.seq,
    outlet_code = excluded.outlet_code, counter_id = excluded.counter_id,
    deleted = excluded.deleted
""")


def _flush_in_one_statement(session: Session, changes: list[PendingChange],
                            stamp: datetime) -> None:
    """What :func:`flush_changes` writes, on PostgreSQL in one statement (``_FLUSH_PG``):
    the same seqs in the same order, the same rows (a change without data is JSON null,
    as the ORM writes it)."""
    rows = json.dumps([
        {"ord": ord_, "scope": c.scope, "entity": c.entity, "key": c.key, "op": c.op,
         "data": c.data, "outlet_code": c.outlet_code, "counter_id": c.counter_id}
        for ord_, c in enumerate(changes, start=1)
    ])
    session.execute(_FLUSH_PG, {"n": len(changes), "rows": rows, "stamp": stamp})


def commit_with_changes(session: Session, now: datetime | None = None) -> int:
    """Write the buffered change log (taking its seqs) and COMMIT."""
    count = flush_changes(session, now)
    session.commit()
    return count


# --- what a counter may see ------------------------------------------------------------------

# The outlet kind of GP counters (GP 柜台): only they sell to GP units and see their officials.
GP_OUTLET_KIND = "gp_counter"
# The ``outlet_code`` under which PEOPLE rows only GP counters may see are logged: GP units
# (shared customers of kind ``gp_unit``) and their officials (names, ID numbers, levels,
# titles). Not an outlet code (outlet codes are letters and digits).
GP_AUDIENCE = "*gp"


def audience_of(outlet_code: str | None, kind: str) -> str | None:
    """The ``outlet_code`` a customer's changes (and its travellers') are logged under: its
    outlet; for a shared GP unit :data:`GP_AUDIENCE`; for another shared customer None
    (every counter)."""
    if outlet_code is None and kind == "gp_unit":
        return GP_AUDIENCE
    return outlet_code


def visible_to(
    outlet_code: str, counter_id: str, model: type[ChangeLogRow] | type[EntityVersion],
    gp: bool = False,
) -> ColumnElement[bool]:
    """REFERENCE and FLIGHTS to everyone; PEOPLE rows without an outlet to everyone, those
    of :data:`GP_AUDIENCE` to GP counters only (``gp``: the counter's outlet is of kind
    :data:`GP_OUTLET_KIND`) and the others to that outlet's counters; COUNTER rows to their
    own counter only, or (no ``counter_id``: a service request) to every counter of their
    outlet."""
    people = [model.outlet_code.is_(None), model.outlet_code == outlet_code]
    if gp:
        people.append(model.outlet_code == GP_AUDIENCE)
    return or_(
        model.scope.in_([Scope.REFERENCE.value, Scope.FLIGHTS.value]),
        and_(model.scope == Scope.PEOPLE.value, or_(*people)),
        and_(model.scope == Scope.COUNTER.value,
             or_(model.counter_id == counter_id,
                 and_(model.counter_id.is_(None), model.outlet_code == outlet_code))),
    )


def current_seq(session: Session) -> int:
    value = session.execute(select(ChangeSeq.value).where(ChangeSeq.id == 1)).scalar_one_or_none()
    return int(value or 0)


def max_logged_seq(session: Session) -> int:
    return int(session.execute(select(func.max(ChangeLogRow.seq))).scalar_one_or_none() or 0)
