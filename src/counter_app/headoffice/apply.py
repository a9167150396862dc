"""Applying a counter's pushed ops (上传操作的入账).

A batch is applied in ONE database transaction:

1. A per-counter lock (a PostgreSQL advisory lock; SQLite's ``BEGIN IMMEDIATE`` already
   serialises writers), so two deliveries of the same batch cannot interleave, then leases
   past their expiry are expired.
2. The stored ``(counter, op_id)`` rows of the whole batch are looked up; if any stored
   payload hash differs from the op's (or one op_id appears twice with different
   payloads), the whole batch is refused with HTTP 409 ``op_id_reused`` (ErrorBody with
   ``detail = {"op_id": ...}``) and nothing of it is applied.
3. Each op, in order: stored before → ``duplicate`` with the stored result (a stored
   refusal is repeated as ``rejected`` with the same code). An unknown schema version
   (``schema_version_unsupported``) or a payload whose hash is not ``payload_hash`` says
   (``payload_hash_mismatch``) is rejected and NOT stored: the envelope was wrong, nothing
   was decided. A clerk who is not an active clerk of the counter's outlet →
   ``clerk_not_in_outlet`` (stored). Otherwise the op runs inside a SAVEPOINT: success →
   ``applied`` and its result stored in ``applied_ops`` in the same transaction; a business
   refusal → rollback to the savepoint, ``rejected`` (code, message) stored so a replay
   says the same; a lock timeout, deadlock or serialization failure → rollback to the
   savepoint and this op and every later one of the batch answer ``retry`` (not stored;
   later ops may depend on it).
4. One COMMIT at the end, with the change-log seq step (``changes.py``).

Runs of consecutive ``sale.issue`` ops (the bulk of any outbox) are decided in memory
against rows read and locked once per run, and written with one ``executemany`` per table;
a refusal writes nothing for its op, just as a rolled-back savepoint would. If those bulk
writes still fail, the run is redone op by op with savepoints (see :class:`_SalesRun`).

Op payloads (money as strings of yuan with fen):

``sale.issue``
    ``{"sale_id", "pnr", "flight_id", "cabin", "class_code", "lease_id" | null,
    "customer_id" | null, "tickets": [{"ticket_number": "876-2090171140",
    "passenger_name", "passenger_type": "ADT|CHD|INF", "id_type", "id_number", "fare",
    "cn_fund", "fuel", "insurance", "total", "receipt_serial": null | "0000123456"}],
    "payments": [{"method", "amount"}], "issued_at"}``. Seats = tickets that are not INF.
    The lease must be this counter's and match flight and cabin (``lease_invalid``). An
    active lease with room → ``used += seats``; otherwise (lease ended or exhausted, or no
    lease) the seats come from free stock under the cabin row lock, else ``no_seats``.
    Ticket numbers must lie in one of this counter's ticket ranges with the same prefix
    (``number_out_of_range``) and be unused (``number_used``); receipt serials likewise
    (kind receipt, prefix ""). Result ``{"sale_id", "seats", "source": "lease"|"stock"}``.
``sale.void``
    ``{"sale_id", "ticket_numbers": [...], "reason"}``: ``ticket_unknown``,
    ``not_your_ticket``, ``already_void``; seats go back to the lease while it is active,
    otherwise to stock.
``number.void``
    ``{"kind": "ticket"|"receipt", "prefix", "number", "reason"}``: a skipped number (a
    gap) recorded void (``number_out_of_range``, ``number_used``).
``lease.release``
    ``{"lease_id"}``: the unused seats go back to stock (``lease_unknown``; an ended lease
    is applied with nothing to do).
``customer.update``
    ``{"customer_id", "base_version", "base": {field: value}, "changes": {field: value}}``
    for name_zh, uscc, settlement, credit_limit, contact_name, contact_phone, notes. Per
    field: head office value == base → take the new value; == new → nothing; otherwise a
    conflict: head office keeps its value and a ``conflicts`` row goes to the counter. The
    op is ``applied`` with ``{"applied": [...], "conflicts": [...], "version": n}``; a
    customer of another outlet → ``not_your_customer``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import bindparam, insert, select, tuple_, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import MoneyError, money, to_fen
from counter_app.domain.tickets import TicketNumber
from counter_app.headoffice import changes, records
from counter_app.headoffice.auth import CounterIdentity, active_clerks
from counter_app.headoffice.db import bulk_insert, is_transient, lock_key, table_of
from counter_app.headoffice.errors import ApiError
from counter_app.headoffice.inventory import (
    LEASE_COLUMNS,
    CabinRow,
    LeaseRow,
    change_cabin,
    end_lease,
    expire_leases,
    lock_cabin,
    lock_lease,
    log_lease,
    set_lease,
)
from counter_app.headoffice.models import (
    AppliedOp,
    Counter,
    Customer,
    Flight,
    MergeConflict,
    NumberRangeRow,
    Sale,
    SaleTicket,
    SeatLease,
    UsedNumber,
)
from counter_app.storage.ids import new_id
from counter_app.sync.protocol import (
    ACCEPTED_OP_SCHEMA_VERSIONS,
    Op,
    OpKind,
    OpResult,
    OpStatus,
    PushResponse,
    Scope,
    payload_hash,
)


class RefusalError(Exception):
    """A business refusal of one op: it will never apply as sent."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# --- payloads ------------------------------------------------------------------------------

Money = Annotated[str, StringConstraints(pattern=r"^-?\d{1,10}(\.\d{1,2})?$")]
Text64 = Annotated[str, StringConstraints(max_length=64)]


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Payload)


class TicketIn(Payload):
    ticket_number: Annotated[str, StringConstraints(min_length=13, max_length=20)]
    passenger_name: Text64
    passenger_type: Literal["ADT", "CHD", "INF"]
    id_type: Annotated[str, StringConstraints(max_length=2)]
    id_number: Annotated[str, StringConstraints(max_length=32)]
    fare: Money
    cn_fund: Money = "0.00"
    fuel: Money = "0.00"
    insurance: Money = "0.00"
    total: Money
    receipt_serial: Annotated[str, StringConstraints(pattern=r"^\d{1,10}$")] | None = None


class PaymentIn(Payload):
    method: Annotated[str, StringConstraints(min_length=1, max_length=16)]
    amount: Money


class SaleIssue(Payload):
    sale_id: Annotated[str, StringConstraints(min_length=8, max_length=36)]
    pnr: Annotated[str, StringConstraints(max_length=8)]
    flight_id: Annotated[str, StringConstraints(max_length=36)]
    cabin: Literal["F", "C", "Y"]
    class_code: Annotated[str, StringConstraints(min_length=1, max_length=1)]
    lease_id: Annotated[str, StringConstraints(max_length=36)] | None = None
    customer_id: Annotated[str, StringConstraints(max_length=36)] | None = None
    tickets: Annotated[list[TicketIn], Field(min_length=1, max_length=20)]
    payments: Annotated[list[PaymentIn], Field(max_length=10)] = []
    issued_at: datetime


class SaleVoid(Payload):
    sale_id: Annotated[str, StringConstraints(max_length=36)]
    ticket_numbers: Annotated[list[Annotated[str, StringConstraints(max_length=20)]],
                              Field(min_length=1, max_length=20)]
    reason: Annotated[str, StringConstraints(max_length=128)] = ""


class NumberVoid(Payload):
    kind: Literal["ticket", "receipt"]
    prefix: Annotated[str, StringConstraints(pattern=r"^[0-9]{3}$|^$")] = ""
    number: int | Annotated[str, StringConstraints(pattern=r"^\d{1,10}$")]
    reason: Annotated[str, StringConstraints(max_length=128)] = ""


class LeaseRelease(Payload):
    lease_id: Annotated[str, StringConstraints(max_length=36)]


CUSTOMER_FIELDS = ("name_zh", "uscc", "settlement", "credit_limit", "contact_name",
                   "contact_phone", "notes")
FieldName = Literal["name_zh", "uscc", "settlement", "credit_limit", "contact_name",
                    "contact_phone", "notes"]
FieldValue = Annotated[str, StringConstraints(max_length=2000)] | None


class CustomerUpdate(Payload):
    customer_id: Annotated[str, StringConstraints(max_length=36)]
    base_version: int = 0
    base: dict[FieldName, FieldValue] = {}
    changes: Annotated[dict[FieldName, FieldValue], Field(min_length=1)]


def _parse(model: type[P], payload: dict[str, Any]) -> P:
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise RefusalError("invalid_payload", f"{where}: {first.get('msg', 'invalid')}") from None


_PLAIN_MONEY = re.compile(r"(\d{1,10})\.(\d{2})")


def _fen(value: str) -> int:
    plain = _PLAIN_MONEY.fullmatch(value)  # the usual "1480.00": no Decimal needed
    if plain is not None:
        return int(plain.group(1)) * 100 + int(plain.group(2))
    try:
        return to_fen(money(value))
    except MoneyError as exc:
        raise RefusalError("invalid_payload", str(exc)) from None


# --- the batch -----------------------------------------------------------------------------


@dataclass
class Batch:
    """What every op of one batch needs: the session, who is pushing, and caches."""

    session: Session
    counter: CounterIdentity
    now: datetime  # naive UTC
    op: Op | None = None
    clerks: set[str] = field(default_factory=set)
    _ranges: dict[tuple[str, str], list[tuple[int, int]]] | None = field(default=None)

    def ranges(self, kind: str, prefix: str) -> list[tuple[int, int]]:
        if self._ranges is None:
            self._ranges = {}
            rows = self.session.execute(
                select(NumberRangeRow.kind, NumberRangeRow.prefix, NumberRangeRow.first,
                       NumberRangeRow.last)
                .where(NumberRangeRow.counter_id == self.counter.counter_id)
            )
            for r in rows:
                self._ranges.setdefault((r.kind, r.prefix), []).append((r.first, r.last))
        return self._ranges.get((kind, prefix), [])

    def check_numbers(self, numbers: list[tuple[str, str, int, str]]) -> None:
        """Each (kind, prefix, number, label) must be in this counter's ranges and unused."""
        seen: set[tuple[str, str, int]] = set()
        for kind, prefix, number, label in numbers:
            if not any(first <= number <= last for first, last in self.ranges(kind, prefix)):
                raise RefusalError("number_out_of_range",
                              f"{label} is not in a range given to this counter")
            if (kind, prefix, number) in seen:
                raise RefusalError("number_used", f"{label} appears twice")
            seen.add((kind, prefix, number))
        if not numbers:
            return
        used = self.session.execute(
            select(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).where(
                tuple_(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).in_(
                    [(k, p, n) for k, p, n, _ in numbers]
                )
            )
        ).first()
        if used is not None:
            label = next(lbl for k, p, n, lbl in numbers if (k, p, n) == tuple(used))
            raise RefusalError("number_used", f"{label} was already used or voided")


# --- handlers ------------------------------------------------------------------------------


def _ticket(text: str) -> TicketNumber:
    try:
        return TicketNumber.parse(text)
    except DomainError:
        raise RefusalError("invalid_payload", f"not a ticket number: {text!r}") from None


def sale_issue(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SaleIssue, payload)
    s = batch.session
    me = batch.counter.counter_id
    if s.get(Sale, p.sale_id) is not None:
        raise RefusalError("sale_exists", f"sale {p.sale_id} is already recorded")
    if s.scalar(select(Flight.id).where(Flight.id == p.flight_id)) is None:
        raise RefusalError("flight_unknown", f"no flight {p.flight_id}")
    tickets = [(t, _ticket(t.ticket_number)) for t in p.tickets]
    numbers = [("ticket", num.prefix, num.serial, str(num)) for _, num in tickets]
    numbers += [("receipt", "", int(t.receipt_serial), f"receipt {t.receipt_serial}")
                for t, _ in tickets if t.receipt_serial is not None]
    batch.check_numbers(numbers)
    seats = sum(1 for t in p.tickets if t.passenger_type != "INF")
    ticket_rows, total = _ticket_rows(p, tickets)

    source = "stock"
    if p.lease_id is not None:
        lease = lock_lease(s, p.lease_id)
        if (lease is None or lease.counter_id != me or lease.flight_id != p.flight_id
                or lease.cabin != p.cabin):
            raise RefusalError("lease_invalid",
                          "the lease is not this counter's lease for this flight and cabin")
        if lease.status == "active" and lease.used + seats <= lease.granted:
            set_lease(s, lease, used=lease.used + seats)
            source = "lease"
    if source == "stock" and seats:
        cab = lock_cabin(s, p.flight_id, p.cabin)
        if cab is None or cab.free < seats:
            left = 0 if cab is None else max(cab.free, 0)
            raise RefusalError("no_seats", f"{seats} seats wanted, {left} left in cabin {p.cabin}")
        change_cabin(s, p.flight_id, p.cabin, sold=seats)

    me_clerk = batch.op.clerk_login if batch.op else ""
    s.execute(table_of(Sale).insert(), [_sale_row(p, me, me_clerk, seats, source, total,
                                                  batch.now)])
    bulk_insert(s, SaleTicket, ticket_rows)
    bulk_insert(s, UsedNumber, [
        {"kind": kind, "prefix": prefix, "number": number, "counter_id": me, "status": "used",
         "sale_id": p.sale_id, "reason": "", "recorded_at": batch.now}
        for kind, prefix, number, _ in numbers
    ])
    return {"sale_id": p.sale_id, "seats": seats, "source": source}


def sale_void(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(SaleVoid, payload)
    s = batch.session
    numbers = [str(_ticket(n)) for n in p.ticket_numbers]
    if len(set(numbers)) != len(numbers):
        raise RefusalError("invalid_payload", "a ticket number appears twice")
    rows = {
        r.ticket_number: r
        for r in s.execute(
            select(SaleTicket.ticket_number, SaleTicket.sale_id, SaleTicket.status,
                   SaleTicket.passenger_type)
            .where(SaleTicket.ticket_number.in_(numbers))
        )
    }
    sale = s.execute(
        select(Sale.id, Sale.counter_id, Sale.flight_id, Sale.cabin, Sale.lease_id, Sale.source)
        .where(Sale.id == p.sale_id)
    ).first()
    for number in numbers:
        row = rows.get(number)
        if row is None or sale is None or row.sale_id != p.sale_id:
            raise RefusalError("ticket_unknown", f"ticket {number} is not in sale {p.sale_id}")
    assert sale is not None
    if sale.counter_id != batch.counter.counter_id:
        raise RefusalError("not_your_ticket", "these tickets were issued by another counter")
    for number in numbers:
        if rows[number].status == "void":
            raise RefusalError("already_void", f"ticket {number} is already void")
    seats = sum(1 for n in numbers if rows[n].passenger_type != "INF")
    back_to = "stock"
    if seats and sale.source == "lease" and sale.lease_id is not None:
        lease = lock_lease(s, sale.lease_id)
        assert lease is not None
        if lease.status == "active":
            back_to = "lease"
            set_lease(s, lease, used=lease.used - seats)
        else:
            # The lease has ended: its used seats are all it still holds; these go to stock.
            set_lease(s, lease, used=lease.used - seats)
            lock_cabin(s, sale.flight_id, sale.cabin)
            change_cabin(s, sale.flight_id, sale.cabin, granted=-seats)
    elif seats:
        lock_cabin(s, sale.flight_id, sale.cabin)
        change_cabin(s, sale.flight_id, sale.cabin, sold=-seats)
    s.execute(
        update(SaleTicket).where(SaleTicket.ticket_number.in_(numbers))
        .values(status="void", void_reason=p.reason)
    )
    left = s.scalar(
        select(SaleTicket.ticket_number)
        .where(SaleTicket.sale_id == p.sale_id, SaleTicket.status != "void").limit(1)
    )
    if left is None:
        s.execute(update(Sale).where(Sale.id == p.sale_id).values(status="void"))
    return {"sale_id": p.sale_id, "voided": numbers, "seats": seats, "returned_to": back_to}


def number_void(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(NumberVoid, payload)
    if p.kind == "ticket" and not p.prefix:
        raise RefusalError("invalid_payload", "a ticket number needs its airline prefix")
    if p.kind == "receipt" and p.prefix:
        raise RefusalError("invalid_payload", "receipt serials have no prefix")
    number = int(p.number)
    label = f"{p.prefix}-{number:010d}" if p.kind == "ticket" else f"receipt {number:010d}"
    batch.check_numbers([(p.kind, p.prefix, number, label)])
    batch.session.execute(insert(UsedNumber).values(
        kind=p.kind, prefix=p.prefix, number=number, counter_id=batch.counter.counter_id,
        status="void", sale_id=None, reason=p.reason, recorded_at=batch.now,
    ))
    return {"kind": p.kind, "prefix": p.prefix, "number": number, "status": "void"}


def lease_release(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(LeaseRelease, payload)
    lease = lock_lease(batch.session, p.lease_id)
    if lease is None or lease.counter_id != batch.counter.counter_id:
        raise RefusalError("lease_unknown", f"no lease {p.lease_id} of this counter")
    returned = 0
    if lease.status == "active":
        returned = lease.granted - lease.used
        end_lease(batch.session, lease, "released")
    return {"lease_id": lease.id, "status": lease.status, "returned": returned}


def _normalise_field(name: str, value: str | None) -> Any:
    """A customer field as compared and stored (money as a canonical string)."""
    if name == "credit_limit":
        if value is None:
            return None
        try:
            amount = money(value)
        except MoneyError:
            raise RefusalError(
                "invalid_payload", f"credit_limit: not an amount {value!r}"
            ) from None
        return str(amount)
    if name == "uscc":
        return value or None
    return value


def _customer_value(row: Customer, name: str) -> Any:
    if name == "credit_limit":
        return records.yuan(row.credit_limit_fen)
    return getattr(row, name)


def customer_update(batch: Batch, payload: dict[str, Any]) -> dict[str, Any]:
    p = _parse(CustomerUpdate, payload)
    s = batch.session
    row = s.execute(
        select(Customer).where(Customer.id == p.customer_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None or row.outlet_code not in (None, batch.counter.outlet_code):
        raise RefusalError("not_your_customer", "this customer is not one of this outlet's")
    applied: list[str] = []
    conflicts: list[str] = []
    new_values: dict[str, Any] = {}
    for name in CUSTOMER_FIELDS:
        if name not in p.changes:
            continue
        new = _normalise_field(name, p.changes[name])
        base = _normalise_field(name, p.base.get(name)) if name in p.base else None
        server = _customer_value(row, name)
        if server == new:
            continue
        if name in p.base and server == base:
            _validate_field(name, new)
            new_values[name] = new
            applied.append(name)
            continue
        conflict = MergeConflict(
            id=new_id(), counter_id=batch.counter.counter_id, customer_id=row.id, field=name,
            base=base, counter_value=new, server_value=server,
            op_id=batch.op.op_id if batch.op else "", created_at=batch.now,
        )
        s.add(conflict)
        changes.log_change(s, Scope.COUNTER, records.CONFLICT, conflict.id,
                           records.conflict_data(conflict),
                           counter_id=batch.counter.counter_id)
        conflicts.append(name)
    if new_values:
        row.version += 1
        versions = dict(row.field_versions or {})
        for name, value in new_values.items():
            versions[name] = row.version
            if name == "credit_limit":
                row.credit_limit_fen = to_fen(Decimal(value))
            else:
                setattr(row, name, value)
            if name == "name_zh":
                from counter_app.storage.demo import pinyin_of

                row.name_pinyin, row.name_initials = pinyin_of(value)
        row.field_versions = versions
        changes.log_change(s, Scope.PEOPLE, records.CUSTOMER, row.id,
                           records.customer_data(row), outlet_code=row.outlet_code)
    s.flush()
    return {"applied": applied, "conflicts": conflicts, "version": row.version}


def _validate_field(name: str, value: Any) -> None:
    if name in ("name_zh", "settlement") and not value:
        raise RefusalError("invalid_payload", f"{name} may not be empty")
    if name == "settlement" and value not in ("now", "monthly"):
        raise RefusalError("invalid_payload", "settlement is now or monthly")
    if name == "credit_limit" and (value is None or Decimal(value) < 0):
        raise RefusalError("invalid_payload", "credit_limit must be an amount of 0 or more")
    limits = {"name_zh": 128, "uscc": 18, "contact_name": 32, "contact_phone": 32}
    if isinstance(value, str) and len(value) > limits.get(name, 2000):
        raise RefusalError("invalid_payload", f"{name} is too long")


HANDLERS: dict[OpKind, Callable[[Batch, dict[str, Any]], dict[str, Any]]] = {
    OpKind.SALE_ISSUE: sale_issue,
    OpKind.SALE_VOID: sale_void,
    OpKind.NUMBER_VOID: number_void,
    OpKind.LEASE_RELEASE: lease_release,
    OpKind.CUSTOMER_UPDATE: customer_update,
}


# --- the push ------------------------------------------------------------------------------


def _stored_result(row: Any, op_id: str) -> OpResult:
    if row.status == OpStatus.APPLIED.value:
        return OpResult(op_id=op_id, status=OpStatus.DUPLICATE, result=dict(row.result or {}))
    return OpResult(op_id=op_id, status=OpStatus.REJECTED, code=row.code, message=row.message)


@dataclass(frozen=True, slots=True)
class _Stored:
    payload_hash: str
    status: str
    code: str
    message: str
    result: dict[str, Any]


def _store(batch: Batch, op: Op, status: OpStatus, code: str = "", message: str = "",
           result: dict[str, Any] | None = None) -> _Stored:
    batch.session.execute(insert(AppliedOp).values(
        counter_id=batch.counter.counter_id, op_id=op.op_id, payload_hash=op.payload_hash,
        kind=str(op.kind), status=status.value, code=code, message=message,
        result=result or {}, applied_at=batch.now,
    ))
    return _Stored(op.payload_hash, status.value, code, message, result or {})


def _lookup(session: Session, counter_id: str, op_ids: list[str]) -> dict[str, _Stored]:
    rows = session.execute(
        select(AppliedOp.op_id, AppliedOp.payload_hash, AppliedOp.status, AppliedOp.code,
               AppliedOp.message, AppliedOp.result)
        .where(AppliedOp.counter_id == counter_id, AppliedOp.op_id.in_(op_ids))
    )
    return {r.op_id: _Stored(r.payload_hash, r.status, r.code, r.message, r.result or {})
            for r in rows}


def _reused(op_id: str) -> ApiError:
    return ApiError(
        409, "op_id_reused",
        f"op {op_id} was already received with another payload; nothing of this batch was "
        "applied",
        {"op_id": op_id},
    )


def apply_batch(
    session: Session, counter: CounterIdentity, ops: list[Op], now: datetime,
    grace: timedelta = timedelta(0),
) -> PushResponse:
    """Apply one pushed batch in the caller's write transaction (see the module docstring).
    Raises :class:`ApiError` 409 ``op_id_reused`` before anything is applied.

    Runs of consecutive ``sale.issue`` ops take a fast path (:class:`_SalesRun`): every
    check is made in memory against rows read (and locked) once for the whole run, and the
    rows are written with one ``executemany`` per table. A refusal there writes nothing for
    that op, exactly as a rolled-back savepoint would; should the writes still fail, the run
    is redone op by op with savepoints."""
    lock_key(session, f"push:{counter.counter_id}")
    stamp = records.naive_utc(now)
    batch = Batch(session, counter, stamp)
    stored = _lookup(session, counter.counter_id, list({op.op_id for op in ops}))
    first_hash: dict[str, str] = {}
    for op in ops:
        earlier = stored.get(op.op_id)
        if earlier is not None and earlier.payload_hash != op.payload_hash:
            raise _reused(op.op_id)
        if first_hash.setdefault(op.op_id, op.payload_hash) != op.payload_hash:
            raise _reused(op.op_id)
    expire_leases(session, now, grace)
    batch.clerks = active_clerks(session, counter.outlet_code)
    results: list[OpResult] = []
    index = 0
    while index < len(ops):
        if ops[index].kind == OpKind.SALE_ISSUE:
            end = index
            while end < len(ops) and ops[end].kind == OpKind.SALE_ISSUE:
                end += 1
            run = _SalesRun(batch, ops[index:end], stored).apply()
            if run is not None:
                results.extend(run)
                index = end
                continue
            slow = _apply_slowly(batch, ops[index:end], stored)
        else:
            slow = _apply_slowly(batch, ops[index:index + 1], stored)
            end = index + 1
        results.extend(slow)
        if slow and slow[-1].status == OpStatus.RETRY:
            results.extend(_retry(o) for o in ops[index + len(slow):])
            break
        index = end
    session.execute(update(table_of(Counter)).where(Counter.id == counter.counter_id)
                    .values(last_push_at=stamp, last_seen_at=stamp))
    return PushResponse(results=results, server_time=now)


def _retry(op: Op) -> OpResult:
    return OpResult(op_id=op.op_id, status=OpStatus.RETRY, code="busy",
                    message="head office was busy; send again")


def _precheck(batch: Batch, op: Op, stored: dict[str, _Stored]) -> OpResult | None:
    """The answer for an op that needs no handler: stored before, a bad envelope, or a
    clerk from elsewhere (that refusal is stored)."""
    earlier = stored.get(op.op_id)
    if earlier is not None:
        return _stored_result(earlier, op.op_id)
    if op.schema_version not in ACCEPTED_OP_SCHEMA_VERSIONS:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED,
                        code="schema_version_unsupported",
                        message=f"op schema version {op.schema_version} is not accepted here")
    if payload_hash(op.payload) != op.payload_hash:
        return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, code="payload_hash_mismatch",
                        message="the payload does not match its hash")
    if op.clerk_login not in batch.clerks:
        stored[op.op_id] = _store(
            batch, op, OpStatus.REJECTED, "clerk_not_in_outlet",
            f"{op.clerk_login} is not an active clerk of outlet {batch.counter.outlet_code}")
        return _stored_result(stored[op.op_id], op.op_id)
    return None


def _apply_slowly(batch: Batch, ops: list[Op], stored: dict[str, _Stored]) -> list[OpResult]:
    """Op by op, each in a savepoint; stops after a ``retry``."""
    results: list[OpResult] = []
    for op in ops:
        pre = _precheck(batch, op, stored)
        if pre is not None:
            results.append(pre)
            continue
        outcome = _apply_one(batch, op)
        if outcome is None:  # transient: this op and every later one must be sent again
            results.append(_retry(op))
            return results
        if isinstance(outcome, _Stored):
            stored[op.op_id] = outcome
            results.append(
                OpResult(op_id=op.op_id, status=OpStatus.APPLIED, result=outcome.result)
                if outcome.status == OpStatus.APPLIED.value
                else _stored_result(outcome, op.op_id)
            )
        else:
            results.append(outcome)
    return results


def _stretches(
    numbers: list[tuple[str, str, int]], gap: int = 64
) -> list[tuple[str, str, int, int]]:
    """(kind, prefix, low, high) covering ``numbers``; a new stretch starts after a gap."""
    out: list[tuple[str, str, int, int]] = []
    for kind, prefix, number in sorted(set(numbers)):
        if out and out[-1][:2] == (kind, prefix) and number - out[-1][3] <= gap:
            out[-1] = (kind, prefix, out[-1][2], number)
        else:
            out.append((kind, prefix, number, number))
    return out


def _chunks(items: list[Any], size: int = 300) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


class _SalesRun:
    """Consecutive ``sale.issue`` ops decided in memory and written in bulk (see
    :func:`apply_batch`). The same rules as :func:`sale_issue`, in the same order."""

    def __init__(self, batch: Batch, ops: list[Op], stored: dict[str, _Stored]) -> None:
        self.batch = batch
        self.ops = ops
        self.stored = stored
        self.session = batch.session
        self.me = batch.counter.counter_id
        self.sales: list[dict[str, Any]] = []
        self.tickets: list[dict[str, Any]] = []
        self.numbers: list[dict[str, Any]] = []
        self.applied: list[dict[str, Any]] = []
        self.leases: dict[str, LeaseRow | None] = {}
        self.cabins: dict[tuple[str, str], CabinRow | None] = {}
        self.dirty_leases: set[str] = set()
        self.sold: dict[tuple[str, str], int] = {}

    def apply(self) -> list[OpResult] | None:
        parsed: dict[str, SaleIssue | RefusalError] = {}
        for op in self.ops:
            if op.op_id in parsed:
                continue
            try:
                parsed[op.op_id] = _parse(SaleIssue, op.payload)
            except RefusalError as refusal:
                parsed[op.op_id] = refusal
        payloads = [p for p in parsed.values() if isinstance(p, SaleIssue)]
        self._prefetch(payloads)
        results: list[OpResult] = []
        for op in self.ops:
            pre = self._precheck(op)
            if pre is not None:
                results.append(pre)
                continue
            p = parsed[op.op_id]
            try:
                if isinstance(p, RefusalError):
                    raise p
                result = self._sale(op, p)
            except RefusalError as refusal:
                results.append(self._remember(op, OpStatus.REJECTED, refusal.code,
                                              refusal.message))
                continue
            results.append(self._remember(op, OpStatus.APPLIED, result=result))
        return results if self._write() else None

    def _precheck(self, op: Op) -> OpResult | None:
        earlier = self.stored.get(op.op_id)
        if earlier is not None:
            return _stored_result(earlier, op.op_id)
        if op.schema_version not in ACCEPTED_OP_SCHEMA_VERSIONS:
            return _precheck(self.batch, op, self.stored)
        if payload_hash(op.payload) != op.payload_hash:
            return _precheck(self.batch, op, self.stored)
        if op.clerk_login not in self.batch.clerks:
            result = self._remember(
                op, OpStatus.REJECTED, "clerk_not_in_outlet",
                f"{op.clerk_login} is not an active clerk of outlet "
                f"{self.batch.counter.outlet_code}")
            return result
        return None

    def _remember(self, op: Op, status: OpStatus, code: str = "", message: str = "",
                  result: dict[str, Any] | None = None) -> OpResult:
        self.applied.append({
            "counter_id": self.me, "op_id": op.op_id, "payload_hash": op.payload_hash,
            "kind": str(op.kind), "status": status.value, "code": code, "message": message,
            "result": result or {}, "applied_at": self.batch.now,
        })
        self.stored[op.op_id] = _Stored(op.payload_hash, status.value, code, message,
                                        result or {})
        return OpResult(op_id=op.op_id, status=status, code=code, message=message,
                        result=result or {})

    def _prefetch(self, payloads: list[SaleIssue]) -> None:
        s = self.session
        sale_ids = [p.sale_id for p in payloads]
        self.existing_sales: set[str] = set()
        for chunk in _chunks(sale_ids):
            self.existing_sales.update(s.scalars(select(Sale.id).where(Sale.id.in_(chunk))))
        flight_ids = list({p.flight_id for p in payloads})
        self.flights: set[str] = set()
        for chunk in _chunks(flight_ids):
            self.flights.update(s.scalars(select(Flight.id).where(Flight.id.in_(chunk))))
        lease_ids = sorted({p.lease_id for p in payloads if p.lease_id is not None})
        for lease_id in lease_ids:
            self.leases[lease_id] = None
        for chunk in _chunks(lease_ids):
            for row in s.execute(select(*LEASE_COLUMNS).where(SeatLease.id.in_(chunk))
                                 .order_by(SeatLease.id).with_for_update()):
                self.leases[row.id] = LeaseRow(*row)
        # Cabins a sale may take free seats from, locked now and in one order (as every
        # other path does: leases first, then cabins sorted), so two batches never wait
        # for each other in a cycle. A cabin missed here is locked when first needed.
        room = {lease_id: lease.granted - lease.used for lease_id, lease in self.leases.items()
                if lease is not None and lease.status == "active"}
        stock: set[tuple[str, str]] = set()
        for p in payloads:
            seats = sum(1 for t in p.tickets if t.passenger_type != "INF")
            left = room.get(p.lease_id, 0) if p.lease_id is not None else 0
            if seats > left:
                stock.add((p.flight_id, p.cabin))
            elif p.lease_id is not None:
                room[p.lease_id] = left - seats
        for flight_id, cabin in sorted(stock):
            self._cabin(flight_id, cabin)
        wanted: list[tuple[str, str, int]] = []
        self.parsed_numbers: dict[str, TicketNumber] = {}
        for p in payloads:
            for t in p.tickets:
                try:
                    num = TicketNumber.parse(t.ticket_number)
                except DomainError:
                    continue
                self.parsed_numbers[t.ticket_number] = num
                wanted.append(("ticket", num.prefix, num.serial))
                if t.receipt_serial is not None:
                    wanted.append(("receipt", "", int(t.receipt_serial)))
        self.used: set[tuple[str, str, int]] = set()
        # A counter consumes its numbers in order, so the numbers of a batch sit in a few
        # dense stretches: read each stretch with one index range scan.
        for kind, prefix, low, high in _stretches(wanted):
            self.used.update(
                (k, pr, n) for k, pr, n in s.execute(
                    select(UsedNumber.kind, UsedNumber.prefix, UsedNumber.number).where(
                        UsedNumber.kind == kind, UsedNumber.prefix == prefix,
                        UsedNumber.number.between(low, high),
                    )
                )
            )

    def _cabin(self, flight_id: str, cabin: str) -> CabinRow | None:
        key = (flight_id, cabin)
        if key not in self.cabins:
            self.cabins[key] = lock_cabin(self.session, flight_id, cabin)
        return self.cabins[key]

    def _sale(self, op: Op, p: SaleIssue) -> dict[str, Any]:
        if p.sale_id in self.existing_sales:
            raise RefusalError("sale_exists", f"sale {p.sale_id} is already recorded")
        if p.flight_id not in self.flights:
            raise RefusalError("flight_unknown", f"no flight {p.flight_id}")
        known = self.parsed_numbers
        tickets = [(t, known.get(t.ticket_number) or _ticket(t.ticket_number))
                   for t in p.tickets]
        numbers = [("ticket", num.prefix, num.serial, str(num)) for _, num in tickets]
        numbers += [("receipt", "", int(t.receipt_serial), f"receipt {t.receipt_serial}")
                    for t, _ in tickets if t.receipt_serial is not None]
        seen: set[tuple[str, str, int]] = set()
        for kind, prefix, number, label in numbers:
            ranges = self.batch.ranges(kind, prefix)
            if not any(first <= number <= last for first, last in ranges):
                raise RefusalError("number_out_of_range",
                                   f"{label} is not in a range given to this counter")
            if (kind, prefix, number) in seen:
                raise RefusalError("number_used", f"{label} appears twice")
            seen.add((kind, prefix, number))
        for kind, prefix, number, label in numbers:
            if (kind, prefix, number) in self.used:
                raise RefusalError("number_used", f"{label} was already used or voided")
        ticket_rows, total = _ticket_rows(p, tickets)
        seats = sum(1 for t in p.tickets if t.passenger_type != "INF")

        source = "stock"
        lease: LeaseRow | None = None
        if p.lease_id is not None:
            lease = self.leases.get(p.lease_id)
            if (lease is None or lease.counter_id != self.me or lease.flight_id != p.flight_id
                    or lease.cabin != p.cabin):
                raise RefusalError(
                    "lease_invalid",
                    "the lease is not this counter's lease for this flight and cabin")
            if lease.status == "active" and lease.used + seats <= lease.granted:
                source = "lease"
        if source == "stock" and seats:
            cab = self._cabin(p.flight_id, p.cabin)
            if cab is None or cab.free < seats:
                left = 0 if cab is None else max(cab.free, 0)
                raise RefusalError("no_seats",
                                   f"{seats} seats wanted, {left} left in cabin {p.cabin}")
            cab.sold += seats
            key = (p.flight_id, p.cabin)
            self.sold[key] = self.sold.get(key, 0) + seats
        elif source == "lease" and lease is not None:
            lease.used += seats
            self.dirty_leases.add(lease.id)

        self.existing_sales.add(p.sale_id)
        self.used.update((k, pr, n) for k, pr, n, _ in numbers)
        self.sales.append(_sale_row(p, self.me, op.clerk_login, seats, source, total,
                                    self.batch.now))
        self.tickets.extend(ticket_rows)
        self.numbers.extend(
            {"kind": kind, "prefix": prefix, "number": number, "counter_id": self.me,
             "status": "used", "sale_id": p.sale_id, "reason": "",
             "recorded_at": self.batch.now}
            for kind, prefix, number, _ in numbers
        )
        return {"sale_id": p.sale_id, "seats": seats, "source": source}

    def _write(self) -> bool:
        s = self.session
        point = changes.mark(s)
        savepoint = s.begin_nested()
        try:
            bulk_insert(s, Sale, self.sales)
            bulk_insert(s, SaleTicket, self.tickets)
            bulk_insert(s, UsedNumber, self.numbers)
            bulk_insert(s, AppliedOp, self.applied)
            leases = [lease for lease_id in sorted(self.dirty_leases)
                      if (lease := self.leases[lease_id]) is not None]
            if leases:
                table = table_of(SeatLease)
                s.execute(
                    update(table).where(table.c.id == bindparam("lease_id"))
                    .values(used=bindparam("new_used")),
                    [{"lease_id": lease.id, "new_used": lease.used} for lease in leases],
                )
                for lease in leases:
                    log_lease(s, lease)
            for (flight_id, cabin), sold in sorted(self.sold.items()):
                change_cabin(s, flight_id, cabin, sold=sold)
            savepoint.commit()
            return True
        except IntegrityError:
            savepoint.rollback()
            changes.restore(s, point)
            for op_id in {row["op_id"] for row in self.applied}:
                self.stored.pop(op_id, None)
            return False


def _ticket_rows(
    p: SaleIssue, tickets: list[tuple[TicketIn, TicketNumber]]
) -> tuple[list[dict[str, Any]], int]:
    rows: list[dict[str, Any]] = []
    total = 0
    for t, num in tickets:
        row: dict[str, Any] = {
            "ticket_number": str(num), "sale_id": p.sale_id,
            "passenger_name": t.passenger_name, "passenger_type": t.passenger_type,
            "id_type": t.id_type, "id_number": t.id_number, "fare_fen": _fen(t.fare),
            "cn_fund_fen": _fen(t.cn_fund), "fuel_fen": _fen(t.fuel),
            "insurance_fen": _fen(t.insurance), "total_fen": _fen(t.total),
            "receipt_serial": t.receipt_serial, "status": "issued", "void_reason": "",
        }
        total += row["total_fen"]
        rows.append(row)
    return rows, total


def _sale_row(p: SaleIssue, counter_id: str, clerk: str, seats: int, source: str, total: int,
              now: datetime) -> dict[str, Any]:
    return {
        "id": p.sale_id, "counter_id": counter_id, "clerk_login": clerk, "pnr": p.pnr,
        "flight_id": p.flight_id, "cabin": p.cabin, "class_code": p.class_code,
        "lease_id": p.lease_id, "customer_id": p.customer_id, "seats": seats,
        "source": source, "total_fen": total,
        "payments": [{"method": pay.method, "amount": str(money(pay.amount))}
                     for pay in p.payments],
        "status": "issued", "issued_at_counter": records.naive_utc(p.issued_at),
        "received_at": now,
    }


def _apply_one(batch: Batch, op: Op) -> _Stored | OpResult | None:
    session = batch.session
    batch.op = op
    point = changes.mark(session)
    savepoint = session.begin_nested()
    try:
        result = HANDLERS[op.kind](batch, op.payload)
        stored = _store(batch, op, OpStatus.APPLIED, result=result)
        savepoint.commit()
        return stored
    except RefusalError as refusal:
        savepoint.rollback()
        changes.restore(session, point)
        return _store(batch, op, OpStatus.REJECTED, refusal.code, refusal.message)
    except IntegrityError:
        # Someone else recorded the same thing meanwhile (a second delivery of this op, or
        # the same number/sale from another op): decide again from what is stored now.
        savepoint.rollback()
        changes.restore(session, point)
        again = _lookup(session, batch.counter.counter_id, [op.op_id]).get(op.op_id)
        if again is not None:
            if again.payload_hash != op.payload_hash:
                raise _reused(op.op_id) from None
            return _stored_result(again, op.op_id)
        return _store(batch, op, OpStatus.REJECTED, "conflict",
                      "this op collides with data already recorded (a number or sale id)")
    except DBAPIError as exc:
        savepoint.rollback()
        changes.restore(session, point)
        if is_transient(exc):
            return None
        raise
