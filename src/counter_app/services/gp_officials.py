"""A GP unit's officials at the counter (公务人员资料): created and edited offline.

An official is a traveller of a GP unit (``domain/gp_officials.py`` names its fields and
checks them). :func:`save_official` checks the changes, applies them to the local row and
queues ``gp_official.save`` with the values they were made against (``base``: the row as
it stands, which is head office's version ``base_version`` plus this counter's own edits
already queued, applied there in order) in the caller's unit of work. A new official or a
change of level needs a director (or head office): refused here as
``gp_level_needs_director`` before anything is written, and checked again by head office,
which knows the clerk's role itself.

:func:`official_of` reads one official for the dialog, with what its level entitles it to
(:func:`entitlement_lines`, Chinese and English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import ENTITLEMENT_LABELS_ZH, Entitlement, GpLevel, entitlements
from counter_app.domain.gp_officials import (
    ATTRIBUTE_FIELDS,
    ENTITLEMENT_LABELS_EN,
    LEVEL_ROLES,
    OFFICIAL_FIELDS,
    blank,
    clean_official,
    meal_options,
    official_values,
)
from counter_app.domain.gp_requests import Option
from counter_app.kernel.ids import new_id
from counter_app.kernel.refdata import birth_date_of
from counter_app.services.gp_kinds import request_kinds
from counter_app.storage.models import Customer, OutboxEntry, Traveller
from counter_app.sync import protocol
from counter_app.sync.outbox import enqueue

GP_UNIT = "gp_unit"


@dataclass(frozen=True, slots=True)
class EntitlementLine:
    code: str
    label_zh: str
    label_en: str


@dataclass(frozen=True, slots=True)
class Official:
    """One official as the dialog shows it (``values`` in wire form)."""

    official_id: str
    customer_id: str
    values: dict[str, Any]
    version: int


@dataclass(frozen=True, slots=True)
class OfficialSaved:
    official_id: str
    entry: OutboxEntry | None  # None: nothing changed


def meals() -> tuple[Option, ...]:
    """The meals an official may prefer (the meal pre-order form's choices)."""
    return meal_options(request_kinds())


def entitlement_lines(level: str) -> tuple[EntitlementLine, ...]:
    """What ``level`` entitles an official to, in the standard's order; none for no level."""
    try:
        granted = entitlements(GpLevel(level))
    except ValueError:
        return ()
    return tuple(EntitlementLine(e.value, ENTITLEMENT_LABELS_ZH[e], ENTITLEMENT_LABELS_EN[e])
                 for e in Entitlement if e in granted)


def _unit(session: Session, customer_id: str) -> Customer:
    unit = session.get(Customer, customer_id)
    if unit is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    if unit.kind != GP_UNIT:
        raise DomainError("customer_not_gp_unit", field="customer")
    return unit


def _official(session: Session, customer_id: str, official_id: str) -> Traveller:
    row = session.get(Traveller, official_id)
    if row is None or row.customer_id != customer_id:
        raise DomainError("traveller_not_found", field="name")
    return row


def official_of(session: Session, customer_id: str, official_id: str | None) -> Official:
    """The official to edit, or a blank one to create (``official_id`` None)."""
    _unit(session, customer_id)
    if official_id is None:
        return Official("", customer_id, {name: blank(name) for name in OFFICIAL_FIELDS}, 0)
    row = _official(session, customer_id, official_id)
    return Official(row.id, customer_id, official_values(row), row.version or 0)


def save_official(
    session: Session,
    customer_id: str,
    changes: Mapping[str, Any],
    *,
    official_id: str | None = None,
    clerk_login: str,
    role: str,
    now: datetime,
    today: date | None = None,
) -> OfficialSaved:
    """Create (``official_id`` None) or edit an official of the GP unit and queue
    ``gp_official.save``; nothing is written when a check refuses."""
    _unit(session, customer_id)
    row = None if official_id is None else _official(session, customer_id, official_id)
    current = (official_values(row) if row is not None
               else {name: blank(name) for name in OFFICIAL_FIELDS})
    cleaned = clean_official(changes, current, meals=meals(), today=today or now.date(),
                             new=row is None)
    changed = {name: value for name, value in cleaned.items() if value != current[name]}
    if row is not None and not changed:
        return OfficialSaved(row.id, None)
    if (row is None or "gp_level" in changed) and role not in LEVEL_ROLES:
        raise DomainError("gp_level_needs_director", field="gp_level")
    base = {name: current[name] for name in changed} if row is not None else {}
    save = protocol.GpOfficialSave(
        official_id=row.id if row is not None else new_id(), customer_id=customer_id,
        base_version=(row.version or 0) if row is not None else 0,
        base=cast(Any, base),
        changes=cast(Any, changed),
    )
    if row is None:
        row = Traveller(id=save.official_id, customer_id=customer_id, name="", id_type="NI",
                        id_number="", mobile="", ffp_number="", gp_level=None, title_zh="",
                        attributes={}, version=0)
        session.add(row)
    _write(row, changed)
    return OfficialSaved(row.id, enqueue(session, save, clerk_login, now))


def _write(row: Traveller, changed: Mapping[str, Any]) -> None:
    attributes = dict(row.attributes or {})
    for name, value in changed.items():
        if name in ATTRIBUTE_FIELDS:
            attributes[name] = value
        elif name == "gp_level":
            row.gp_level = value or None
        else:
            setattr(row, name, value)
    row.attributes = attributes
    if {"id_type", "id_number"} & set(changed):
        row.birth_date = birth_date_of(row.id_type, row.id_number)


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A GP unit as the Customers page shows it: its contact person (经办人), account
    manager, bureau and level of government."""

    customer_id: str
    name: str
    contact_name: str
    contact_phone: str
    account_manager: str
    bureau: str
    gov_level: str


def unit_of(session: Session, customer_id: str) -> UnitInfo:
    unit = _unit(session, customer_id)
    attributes = dict(unit.attributes or {})
    return UnitInfo(unit.id, unit.name_zh, unit.contact_name, unit.contact_phone,
                    account_manager=str(attributes.get("account_manager") or ""),
                    bureau=str(attributes.get("bureau") or ""),
                    gov_level=str(attributes.get("gov_level") or ""))
