"""The ``customer.update`` op handler: a field-level merge against the version the counter
last saw; a field both sides changed keeps head office's value and becomes a conflict row
for the counter."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from counter_app.domain.money import MoneyError, money, to_fen
from counter_app.headoffice import changes, records
from counter_app.headoffice.models import Customer, MergeConflict
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import CUSTOMER_FIELDS, CustomerUpdate, Scope


def customer_update(batch: Batch, p: CustomerUpdate) -> dict[str, Any]:
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
                from counter_app.kernel.pinyin import pinyin_of

                row.name_pinyin, row.name_initials = pinyin_of(value)
        row.field_versions = versions
        changes.log_change(s, Scope.PEOPLE, records.CUSTOMER, row.id,
                           records.customer_data(row), outlet_code=row.outlet_code)
    s.flush()
    return {"applied": applied, "conflicts": conflicts, "version": row.version}


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
