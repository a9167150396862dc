"""Editing a customer's master data at the counter (修改客户资料), offline.

The edit is applied locally and sent to head office as ``customer.update`` with the base it
was made against (the values and version last pulled), in the same unit of work. Head office
merges field by field: a field only this counter changed takes the counter's value; when
both sides changed it, head office wins and a conflict comes back to the attention list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_officials import UNIT_ATTRIBUTE_FIELDS, clean_unit_field
from counter_app.domain.ids import validate_uscc
from counter_app.domain.money import MoneyError, from_fen, money, to_fen
from counter_app.domain.text import check_text
from counter_app.storage.models import Customer, OutboxEntry
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue
from counter_app.sync.pull import MERGEABLE_CUSTOMER_FIELDS

SETTLEMENTS = frozenset({"now", "monthly"})  # what head office accepts
MAX_LENGTHS = {"name_zh": 128, "contact_name": 32, "contact_phone": 32, "notes": 2000}


def wire_values(customer: Customer) -> dict[str, Any]:
    """The mergeable fields of a local customer, in wire form."""
    return {
        "name_zh": customer.name_zh,
        "uscc": customer.uscc,
        "settlement": customer.settlement,
        "credit_limit": f"{from_fen(customer.credit_limit_fen):.2f}",
        "contact_name": customer.contact_name,
        "contact_phone": customer.contact_phone,
        "notes": customer.notes,
        # a GP unit's bureau, level of government and account manager
        **{name: str((customer.attributes or {}).get(name) or "")
           for name in UNIT_ATTRIBUTE_FIELDS},
    }


@dataclass(frozen=True, slots=True)
class CustomerForm:
    """A customer as an edit form opens it: its mergeable fields in wire form and whether it
    is shared (no outlet: head office accepts a counter's edit only if it granted the
    counter's outlet the customer, which the counter cannot see)."""

    customer_id: str
    name: str
    values: dict[str, Any]
    shared: bool


def customer_form(session: Session, customer_id: str) -> CustomerForm:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    return CustomerForm(customer.id, customer.name_zh, wire_values(customer),
                        customer.outlet_code is None)


def _clean(field: str, value: Any) -> Any:
    """Check one field and return its wire form."""
    if field == "uscc":
        return None if value in (None, "") else validate_uscc(str(value))
    if field == "credit_limit":
        try:
            amount = money(value if isinstance(value, Decimal | int) else str(value))
        except MoneyError:
            raise DomainError("credit_limit", field="credit_limit", value=str(value)) from None
        if amount < 0:
            raise DomainError("credit_limit", field="credit_limit", value=str(value))
        return f"{amount:.2f}"
    if field in UNIT_ATTRIBUTE_FIELDS:
        return clean_unit_field(field, value)
    if field == "settlement":
        if value not in SETTLEMENTS:
            raise DomainError("settlement", field="settlement", value=str(value))
        return str(value)
    text = str(value or "").strip()
    check_text("name" if field == "name_zh" else field, text)
    if field == "name_zh" and not text:
        raise DomainError("name_empty", field="name")
    if len(text) > MAX_LENGTHS[field]:
        raise DomainError("field_too_long", field=field, max=MAX_LENGTHS[field])
    return text


def edit_customer(
    session: Session,
    customer_id: str,
    changes: Mapping[str, Any],
    *,
    clerk_login: str,
    now: datetime,
) -> OutboxEntry | None:
    """Apply ``changes`` (field → new value) locally and queue ``customer.update``.
    Returns None when nothing actually changed."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    unknown = set(changes) - set(MERGEABLE_CUSTOMER_FIELDS)
    if unknown:
        raise ValueError(f"not editable at the counter: {sorted(unknown)}")
    current = wire_values(customer)
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    changed = {name: value for name, value in cleaned.items() if value != current[name]}
    if not changed:
        return None
    snapshot = customer.base if customer.base is not None else current
    base = {name: snapshot.get(name, current[name]) for name in changed}
    base_version = customer.base_version if customer.base_version is not None else customer.version
    for name, value in changed.items():
        if name == "credit_limit":
            customer.credit_limit_fen = to_fen(money(value))
        elif name in UNIT_ATTRIBUTE_FIELDS:
            customer.attributes = {**(customer.attributes or {}), name: value}
        else:
            setattr(customer, name, value)
    update = protocol.CustomerUpdate(
        customer_id=customer.id, base_version=base_version,
        # the keys are MERGEABLE_CUSTOMER_FIELDS (checked above); the model checks the values
        base=cast(dict[protocol.CustomerField, str | None], base),
        changes=cast(dict[protocol.CustomerField, str | None], changed),
    )
    return enqueue(session, update, clerk_login, now)
