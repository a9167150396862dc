"""Which customers a counter may bill and change, and the ``customer.update`` op handler.

An outlet owns the customers whose ``outlet_code`` is its code. Customers with no outlet are
shared: every counter may bill them (GP units only GP counters, which alone see them) but
none may change them unless head office granted that outlet (``customer_grants``,
``counter-headoffice grant-customer``); another outlet's customer is neither billed nor
changed. ``customer.update`` is a field-level merge against the version the counter last
saw; a field both sides changed keeps head office's value and becomes a conflict row for the
counter."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_officials import UNIT_ATTRIBUTE_FIELDS, clean_unit_field
from counter_app.domain.money import MoneyError, money, to_fen
from counter_app.headoffice import changes, records
from counter_app.headoffice.models import Customer, CustomerGrant, MergeConflict, Outlet
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import CUSTOMER_FIELDS, CustomerUpdate, Scope

GP_UNIT = "gp_unit"


class CustomerAccess:
    """What the counters of one outlet may do with customers; rows are read when first
    needed (or for a whole run of sales at once, :meth:`prefetch`) and kept."""

    def __init__(self, session: Session, outlet_code: str) -> None:
        self.session = session
        self.outlet_code = outlet_code
        self._gp: bool | None = None
        self._granted: set[str] | None = None
        self._rows: dict[str, tuple[str | None, str] | None] = {}

    @property
    def gp(self) -> bool:
        """Whether this outlet is a GP counter."""
        if self._gp is None:
            kind = self.session.scalar(select(Outlet.kind).where(Outlet.code == self.outlet_code))
            self._gp = kind == changes.GP_OUTLET_KIND
        return self._gp

    def granted(self, customer_id: str) -> bool:
        if self._granted is None:
            self._granted = set(self.session.scalars(
                select(CustomerGrant.customer_id)
                .where(CustomerGrant.outlet_code == self.outlet_code)))
        return customer_id in self._granted

    def prefetch(self, customer_ids: Iterable[str | None]) -> None:
        wanted = sorted({c for c in customer_ids if c is not None and c not in self._rows})
        for start in range(0, len(wanted), 300):
            chunk = wanted[start:start + 300]
            self._rows.update(dict.fromkeys(chunk))
            for r in self.session.execute(select(Customer.id, Customer.outlet_code,
                                                 Customer.kind).where(Customer.id.in_(chunk))):
                self._rows[r.id] = (r.outlet_code, r.kind)

    def _row(self, customer_id: str) -> tuple[str | None, str] | None:
        if customer_id not in self._rows:
            self.prefetch([customer_id])
        return self._rows[customer_id]

    def check_sale(self, customer_id: str | None, gp_order_no: str) -> None:
        """A sale may be billed to no customer, this outlet's, a shared one (a GP unit only
        at a GP counter) or one head office granted this outlet; a GP order (``gp_order_no``)
        is issued only at a GP counter. Refusals ``gp_not_allowed``, ``customer_unknown``,
        ``not_your_customer``."""
        if gp_order_no and not self.gp:
            raise RefusalError("gp_not_allowed",
                               "gp_order_no: a GP order is issued only at a GP counter")
        if customer_id is None:
            return
        row = self._row(customer_id)
        if row is None:
            raise RefusalError("customer_unknown", f"customer_id: no customer {customer_id}")
        outlet, kind = row
        if kind == GP_UNIT and outlet is None and not self.gp:
            raise RefusalError("not_your_customer",
                               "customer_id: a GP unit is billed only at a GP counter")
        if outlet not in (None, self.outlet_code) and not self.granted(customer_id):
            raise RefusalError("not_your_customer",
                               f"customer_id: the customer belongs to outlet {outlet}")

    def may_change(self, customer: Customer) -> bool:
        """This outlet's own customer, or one head office granted it."""
        return customer.outlet_code == self.outlet_code or self.granted(customer.id)


def customer_update(batch: Batch, p: CustomerUpdate, *,
                    head_office: bool = False) -> dict[str, Any]:
    """The op handler; ``head_office``: an edit by head office's own staff (``POST
    /staff/units``), which may change any customer and wins over changes since its base."""
    s = batch.session
    row = s.execute(
        select(Customer).where(Customer.id == p.customer_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None:
        raise RefusalError("customer_unknown", f"customer_id: no customer {p.customer_id}")
    if not head_office and not CustomerAccess(s, batch.counter.outlet_code).may_change(row):
        owner = f"belongs to outlet {row.outlet_code}" if row.outlet_code else "is shared"
        raise RefusalError(
            "not_your_customer",
            f"customer_id: the customer {owner}; only head office may change it unless it "
            "grants this outlet")
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
        if head_office or (name in p.base and server == base):
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
            elif name in UNIT_ATTRIBUTE_FIELDS:
                row.attributes = {**(row.attributes or {}), name: value}
            else:
                setattr(row, name, value)
            if name == "name_zh":
                from counter_app.kernel.pinyin import pinyin_of

                row.name_pinyin, row.name_initials = pinyin_of(value)
        row.field_versions = versions
        changes.log_change(s, Scope.PEOPLE, records.CUSTOMER, row.id,
                           records.customer_data(row),
                           outlet_code=changes.audience_of(row.outlet_code, row.kind))
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
    if name in UNIT_ATTRIBUTE_FIELDS:
        return value or ""
    return value


def _customer_value(row: Customer, name: str) -> Any:
    if name == "credit_limit":
        return records.yuan(row.credit_limit_fen)
    if name in UNIT_ATTRIBUTE_FIELDS:
        return str((row.attributes or {}).get(name) or "")
    return getattr(row, name)


def _validate_field(name: str, value: Any) -> None:
    if name in UNIT_ATTRIBUTE_FIELDS:
        try:
            clean_unit_field(name, value)
        except DomainError as exc:
            raise RefusalError("invalid_payload", f"{name}: {exc.code}") from None
    if name in ("name_zh", "settlement") and not value:
        raise RefusalError("invalid_payload", f"{name} may not be empty")
    if name == "settlement" and value not in ("now", "monthly"):
        raise RefusalError("invalid_payload", "settlement is now or monthly")
    if name == "credit_limit" and (value is None or Decimal(value) < 0):
        raise RefusalError("invalid_payload", "credit_limit must be an amount of 0 or more")
    limits = {"name_zh": 128, "uscc": 18, "contact_name": 32, "contact_phone": 32}
    if isinstance(value, str) and len(value) > limits.get(name, 2000):
        raise RefusalError("invalid_payload", f"{name} is too long")
