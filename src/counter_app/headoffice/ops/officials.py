"""``gp_official.save``: a GP unit's official created or edited (公务人员资料), from a
counter's op or from head office's staff (``POST /staff/officials``).

Head office trusts no counter: the unit must be a GP unit this outlet sees (a GP counter
only; the unit its own, shared or granted it, as :class:`CustomerAccess` decides for a
sale), every field is checked again (``domain/gp_officials.py``), and a NEW official or a
LEVEL change needs a person of role director or head_office as head office knows the op's
clerk (``gp_level_needs_director``). An edit is merged field by field against the base the
counter sent, with the official's ``field_versions``: a field both sides changed keeps head
office's value and becomes a ``conflict`` change for that counter (field
``official.<name>``, plus ``official_id``). Head office's own staff win: their changes apply
over whatever changed since their base. Every saved official is logged as a ``traveller``
change (with its ``attributes`` and ``version``) for the counters that see its unit.

Refusals: ``customer_unknown``, ``not_your_customer``, ``gp_not_allowed`` (not a GP
counter), ``customer_not_gp_unit``, ``official_unknown`` (an edit of an official head
office does not have, or of another unit's), ``gp_level_needs_director``, and the domain's
field codes (``name_*``, ``id_*``, ``mobile_format``, ``gp_level``, ``gp_companions``,
``request_field_*``, ``invalid_text``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel, entitlements
from counter_app.domain.gp_officials import (
    ATTRIBUTE_FIELDS,
    LEVEL_ROLES,
    OFFICIAL_FIELDS,
    clean_official,
    meal_options,
    normal,
    official_values,
)
from counter_app.domain.gp_requests import Option, kinds_from_json
from counter_app.headoffice import changes, records
from counter_app.headoffice.models import Clerk, Customer, MergeConflict, Traveller
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.headoffice.ops.customers import GP_UNIT, CustomerAccess
from counter_app.headoffice.ops.service_requests import refuse
from counter_app.kernel.ids import new_id
from counter_app.kernel.refdata import birth_date_of
from counter_app.resources import resource
from counter_app.sync.protocol import GpOfficialSave, Scope

COUNTER, HEAD_OFFICE = "counter", "head_office"


@cache
def meals() -> tuple[Option, ...]:
    """The meal codes an official may prefer (the meal pre-order form's), read once."""
    path = resource("data", "gp_request_kinds.json")
    return meal_options(kinds_from_json(json.loads(path.read_text(encoding="utf-8"))))


@dataclass(frozen=True)
class Saver:
    """Who saves: the outlet whose view of the unit counts, the role head office knows the
    person by, and (for a counter) the counter and op a conflict goes back to."""

    outlet_code: str | None  # None: head office's staff
    role: str
    side: str = COUNTER
    counter_id: str = ""
    op_id: str = ""


def gp_official_save(batch: Batch, p: GpOfficialSave) -> dict[str, Any]:
    """The op handler: the clerk's role as head office knows it."""
    login = batch.op.clerk_login if batch.op else ""
    clerk = batch.session.get(Clerk, login) if login else None
    role = clerk.role if clerk is not None and clerk.active else ""
    saver = Saver(batch.counter.outlet_code, role, COUNTER, batch.counter.counter_id,
                  batch.op.op_id if batch.op else "")
    return save_official(batch.session, p, saver, batch.now)


def unit_for(session: Session, customer_id: str, outlet_code: str | None) -> Customer:
    """The GP unit ``customer_id`` as the outlet may see it (``None``: head office's staff,
    who see every unit), else the refusal."""
    if outlet_code is not None:
        access = CustomerAccess(session, outlet_code)
        if not access.gp:
            raise RefusalError("gp_not_allowed",
                               "customer_id: officials are kept at a GP counter")
        access.check_sale(customer_id, "")
    unit = session.get(Customer, customer_id)
    if unit is None:
        raise RefusalError("customer_unknown", f"customer_id: no customer {customer_id}")
    if unit.kind != GP_UNIT:
        raise RefusalError("customer_not_gp_unit", "customer_id: the customer is not a GP unit")
    return unit


def save_official(session: Session, p: GpOfficialSave, saver: Saver,
                  now: datetime) -> dict[str, Any]:
    """Create or merge the official (see the module docstring); the result names the
    fields applied and in conflict, and the official's version."""
    unit = unit_for(session, p.customer_id, saver.outlet_code)
    row = session.execute(
        select(Traveller).where(Traveller.id == p.official_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is not None and row.customer_id != unit.id:
        raise RefusalError("official_unknown", "official_id: an official of another unit")
    if row is None and p.base_version > 0:
        raise RefusalError("official_unknown", f"official_id: no official {p.official_id}")
    current = official_values(row) if row is not None else {
        name: normal(name, None) for name in OFFICIAL_FIELDS}
    wanted: dict[str, Any] = {name: _plain(value) for name, value in p.changes.items()}
    sent_base: dict[str, Any] = {name: _plain(value) for name, value in p.base.items()}
    try:
        cleaned = clean_official(wanted, current, meals=meals(), today=now.date(),
                                 new=row is None)
    except DomainError as exc:
        refuse(exc)
    base = {name: normal(name, sent_base.get(name)) for name in cleaned}
    applied: dict[str, Any] = {}
    conflicts: list[str] = []
    for name, new in cleaned.items():
        server = current[name]
        if new == server:
            continue
        if saver.side == HEAD_OFFICE or row is None or base[name] == server:
            applied[name] = new
        else:
            conflicts.append(name)
    if (row is None or "gp_level" in applied) and saver.role not in LEVEL_ROLES:
        what = "a new official" if row is None else "a change of level"
        raise RefusalError("gp_level_needs_director",
                           f"gp_level: {what} needs a director or head office")
    if row is None:
        row = Traveller(id=p.official_id, customer_id=unit.id, name="", id_type="NI",
                        id_number="", mobile="", ffp_number="", gp_level=None, title_zh="",
                        attributes={}, version=0, field_versions={})
        session.add(row)
    for name in conflicts:
        _conflict(session, saver, unit, row, name, base[name], cleaned[name], current[name],
                  now)
    if applied:
        _write(row, applied)
        session.flush()
        changes.log_change(session, Scope.PEOPLE, records.TRAVELLER, row.id,
                           records.traveller_data(row),
                           outlet_code=changes.audience_of(unit.outlet_code, unit.kind))
    session.flush()
    return {"official_id": row.id, "applied": sorted(applied), "conflicts": conflicts,
            "version": row.version}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [v.model_dump() if hasattr(v, "model_dump") else v for v in value]
    return value


def _write(row: Traveller, applied: dict[str, Any]) -> None:
    row.version = (row.version or 0) + 1
    versions = dict(row.field_versions or {})
    attributes = dict(row.attributes or {})
    for name, value in applied.items():
        versions[name] = row.version
        if name in ATTRIBUTE_FIELDS:
            attributes[name] = value
        elif name == "gp_level":
            row.gp_level = value or None
        else:
            setattr(row, name, value)
    row.attributes = attributes
    row.field_versions = versions
    if {"id_type", "id_number"} & set(applied):
        row.birth_date = birth_date_of(row.id_type, row.id_number)


def _conflict(session: Session, saver: Saver, unit: Customer, row: Traveller, name: str,
              base: Any, counter_value: Any, server_value: Any, now: datetime) -> None:
    conflict = MergeConflict(
        id=new_id(), counter_id=saver.counter_id, customer_id=unit.id,
        field=f"official.{name}", base=base, counter_value=counter_value,
        server_value=server_value, op_id=saver.op_id, created_at=now)
    session.add(conflict)
    changes.log_change(session, Scope.COUNTER, records.CONFLICT, conflict.id,
                       {**records.conflict_data(conflict), "official_id": row.id},
                       counter_id=saver.counter_id)


def officials_of(session: Session, customer_id: str) -> list[dict[str, Any]]:
    """A GP unit's officials as head office's staff see them, by level then name."""
    unit_for(session, customer_id, None)
    rows = session.scalars(select(Traveller).where(Traveller.customer_id == customer_id)
                           .order_by(Traveller.gp_level.desc(), Traveller.name))
    return [official_view(row) for row in rows]


def official_view(row: Traveller) -> dict[str, Any]:
    """The official as head office's staff see it: its fields, version and what its level
    entitles it to."""
    values = official_values(row)
    level = values["gp_level"]
    return {"official_id": row.id, "customer_id": row.customer_id, **values,
            "version": row.version,
            "entitlements": sorted(entitlements(GpLevel(level))) if level else []}
