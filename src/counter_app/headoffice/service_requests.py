"""What head office does to a service request (服务申请), whoever asks: a counter's op
(``ops/service_requests.py``) or a head-office person in the inbox (``routers``).

- :func:`kinds`: the kinds of ``gp_request_kinds.json``, read once.
- :func:`view_of`: a request as the inbox and the counters see it
  (``protocol.ServiceRequestView``).
- :func:`log_request`: the change counters pull after EVERY change of a request: entity
  ``service_request``, scope ``counter``, the request's outlet (``counter_id`` None: every
  counter of the outlet), key the request id, data the view as JSON.
- :func:`add_step`, :func:`apply_step`: one step of the workflow (``domain.gp_requests``:
  ``next_state``, a reason for a rejection), the version bumped, the change logged.
- :func:`merge_edit`: fields edited against what the editor last saw, cleaned by the kind's
  field specs and merged field by field; a field both sides changed keeps head office's
  value and is returned as a conflict.

Refusals are :class:`~counter_app.domain.errors.DomainError` with the domain's codes (and
``request_closed`` for an edit of a finished request): an op handler turns them into its
refusal, a route into its HTTP error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp_requests import (
    GENERAL,
    TERMINAL,
    RequestKind,
    RequestState,
    Side,
    StepAction,
    check_note,
    clean_value,
    clean_values,
    departure_of,
    due_at,
    kinds_from_json,
    merge_fields,
    next_state,
)
from counter_app.headoffice import changes, records
from counter_app.headoffice.models import Clerk
from counter_app.headoffice.request_models import ServiceRequestRow, ServiceRequestStepRow
from counter_app.resources import resource
from counter_app.sync.protocol import Scope
from counter_app.sync.protocol.inbox import RequestStep, ServiceRequestView

SERVICE_REQUEST = "service_request"  # the pulled entity
REQUEST_CONFLICT = "request_conflict"  # a counter's edit that lost to head office's
EDIT = "edit"  # the step recorded for an edit
# Values whose change moves the denormalised flight columns of the row.
_FLIGHT_KEYS = frozenset({"flight_no", "flight_date", "departure_time", "origin",
                          "destination"})

__all__ = ["EDIT", "REQUEST_CONFLICT", "SERVICE_REQUEST", "add_step", "apply_step",
           "clerk_name", "kind_of", "kinds", "log_conflict", "log_request", "merge_edit",
           "set_flight", "view_of"]


@lru_cache(maxsize=1)
def kinds() -> dict[str, RequestKind]:
    """The request kinds by code (read once per process)."""
    with resource("data", "gp_request_kinds.json").open(encoding="utf-8") as fh:
        return kinds_from_json(json.load(fh))


def kind_of(code: str) -> RequestKind:
    """The kind ``code``; ``request_kind_unknown`` for an unknown code or ``general`` (which
    has no form)."""
    kind = kinds().get(code)
    if kind is None:
        raise DomainError("request_kind_unknown", field="kind", kind=code)
    return kind


def clerk_name(session: Session, login: str) -> str:
    """The clerk's Chinese name, or "" for nobody / an unknown login."""
    if not login:
        return ""
    return session.scalar(select(Clerk.name_zh).where(Clerk.login == login)) or ""


def view_of(session: Session, row: ServiceRequestRow) -> ServiceRequestView:
    """The request as the inbox and the counters see it, with its steps in order."""
    session.flush()
    steps = session.scalars(
        select(ServiceRequestStepRow).where(ServiceRequestStepRow.request_id == row.id)
        .order_by(ServiceRequestStepRow.id)).all()
    return ServiceRequestView(
        id=row.id, kind=row.kind, state=row.state, version=row.version,  # type: ignore[arg-type]
        outlet_code=row.outlet_code, counter_id=row.counter_id, customer_id=row.customer_id,
        unit_name=row.unit_name, official_id=row.official_id, official_name=row.official_name,
        gp_level=row.gp_level, pnr=row.pnr, booking_id=row.booking_id, flight_id=row.flight_id,
        flight_no=row.flight_no, flight_date=row.flight_date, origin=row.origin,
        destination=row.destination,
        departure_at=None if row.departure_at is None else records.aware(row.departure_at),
        due_at=None if row.due_at is None else records.aware(row.due_at),
        assignee=row.assignee, assignee_name=clerk_name(session, row.assignee),
        values=dict(row.values or {}), note=row.note,
        submitted_at=None if row.submitted_at is None else records.aware(row.submitted_at),
        updated_at=records.aware(row.updated_at),
        steps=[RequestStep(action=s.action, state=s.state,  # type: ignore[arg-type]
                           by_login=s.by_login, by_name=s.by_name,
                           side=s.side, at=records.aware(s.at),  # type: ignore[arg-type]
                           note=s.note) for s in steps],
    )


def log_request(session: Session, row: ServiceRequestRow) -> None:
    """Log the request for every counter of its outlet (after every change of it)."""
    changes.log_change(session, Scope.COUNTER, SERVICE_REQUEST, row.id,
                       view_of(session, row).model_dump(mode="json"),
                       outlet_code=row.outlet_code, counter_id=None)


def log_conflict(session: Session, row: ServiceRequestRow, counter_id: str,
                 fields: list[str], op_id: str) -> None:
    """Tell the counter whose edit lost (``fields`` kept head office's values)."""
    changes.log_change(session, Scope.COUNTER, REQUEST_CONFLICT, f"{row.id}:{row.version}",
                       {"request_id": row.id, "fields": list(fields), "op_id": op_id,
                        "kind": row.kind}, outlet_code=row.outlet_code, counter_id=counter_id)


def add_step(session: Session, row: ServiceRequestRow, action: str, state: str, *,
             by_login: str, by_name: str, side: Side, at: datetime, note: str = "") -> None:
    """Record one step of the request's history (nothing else changes)."""
    session.add(ServiceRequestStepRow(
        request_id=row.id, action=str(action), state=str(state), by_login=by_login,
        by_name=by_name, side=side, at=records.naive_utc(at), note=note))


def apply_step(session: Session, row: ServiceRequestRow, action: StepAction, *, side: Side,
               by_login: str, by_name: str, note: str, now: datetime) -> None:
    """Take one workflow step: ``request_step_not_allowed`` (the state or side may not),
    ``reject_reason_required`` / ``request_note_too_long`` / ``invalid_text`` (the note);
    then the state, version and time move, the step is recorded and the change logged."""
    after = next_state(RequestState(row.state), action, side)
    text = check_note(note, required=action is StepAction.REJECT)
    at = records.naive_utc(now)
    row.state = after.value
    row.version += 1
    row.updated_at = at
    add_step(session, row, action.value, after.value, by_login=by_login, by_name=by_name,
             side=side, at=at, note=text)
    log_request(session, row)


def set_flight(row: ServiceRequestRow, kind: RequestKind, values: Mapping[str, Any]) -> None:
    """The row's flight columns, departure and deadline from the form's values (a request
    without head office's flight row)."""
    row.flight_no = str(values.get("flight_no") or "")
    row.origin = str(values.get("origin") or "")
    row.destination = str(values.get("destination") or "")
    departure = departure_of(values)
    row.flight_date = None if departure is None else departure.date()
    row.departure_at = None if departure is None else records.naive_utc(departure)
    due = due_at(kind, departure)
    row.due_at = None if due is None else records.naive_utc(due)


def _clean_or_raw(kind: RequestKind, key: str, value: Any) -> Any:
    """A base value in wire form (an old value that no longer cleans is compared as sent)."""
    try:
        return clean_value(kind.field(key), value)
    except (KeyError, DomainError):
        return value


def merge_edit(session: Session, row: ServiceRequestRow, base: Mapping[str, Any],
               edits: Mapping[str, Any], *, kind: RequestKind | None = None, side: Side,
               by_login: str, now: datetime, base_version: int | None = None,
               ) -> tuple[list[str], list[str]]:
    """Merge fields edited against ``base`` (the values the editor saw) into the request.

    Each changed field is cleaned by the kind's spec (the domain's field refusals; a
    required field may not be emptied); ``request_closed`` for a finished request. With
    ``base_version``, a field whose ``field_versions`` entry is not newer than it counts as
    unchanged since the base whatever ``base`` says. Applied fields take the new value and
    the current version; the version is bumped once, an ``edit`` step recorded (its note
    names the fields) and the change logged. Returns (applied, conflicts): a conflict is a
    field both sides changed differently, which keeps head office's value."""
    if RequestState(row.state) in TERMINAL:
        raise DomainError("request_closed", field="state", state=row.state)
    if kind is None:
        kind = kind_of(row.kind)
    if row.kind == GENERAL:
        raise DomainError("request_kind_unknown", field="kind", kind=row.kind)
    cleaned: dict[str, Any] = {}
    for key, value in edits.items():
        try:
            spec = kind.field(key)
        except KeyError:
            raise DomainError("request_field_unknown", field=key, label=key) from None
        cleaned[key] = clean_value(spec, value)
        if cleaned[key] is None and spec.required:
            raise DomainError("request_field_required", field=key, label=spec.label_zh)
    current = dict(row.values or {})
    versions = dict(row.field_versions or {})
    seen = {k: _clean_or_raw(kind, k, v) for k, v in base.items()}
    if base_version is not None:
        for key in cleaned:
            if int(versions.get(key, 0)) <= base_version:
                seen[key] = current.get(key)
    merge = merge_fields(seen, current, cleaned, kind.keys)
    applied, conflicts = list(merge.applied), list(merge.conflicts)
    if applied:
        values = clean_values(kind, merge.values, complete=True)
        at = records.naive_utc(now)
        row.version += 1
        for key in applied:
            versions[key] = row.version
        row.values = values
        row.field_versions = versions
        row.updated_at = at
        if row.flight_id is None and _FLIGHT_KEYS & set(applied):
            set_flight(row, kind, values)
        add_step(session, row, EDIT, row.state, by_login=by_login,
                 by_name=clerk_name(session, by_login), side=side, at=at,
                 note=", ".join(kind.field(k).label_zh for k in applied))
        log_request(session, row)
    return applied, conflicts
