"""Head office's answers to the counter's service requests (服务申请), applied locally.

Through the pull (``sync/pull.py`` registers these appliers):

* entity ``service_request`` (data: ``protocol.ServiceRequestView`` JSON): the local row
  takes head office's request whole (values, base = those values, version, state, steps,
  assignee ...), except what a local change not yet sent (a pending
  ``service_request.update`` or ``cancel`` in the outbox) changed: those fields keep the
  local value and a pending cancel keeps the request cancelled, with the local step; head
  office merges them on push. A view older than the row's version is ignored. A request of
  kind ``general`` (a ``request.head_office`` made an inbox request) updates the counter's
  ``head_office_requests`` row instead: its status is the state (``received`` while
  submitted), its answer the last note.
* entity ``request_conflict``: an edit here and one at head office changed the same field;
  head office's value was kept. An attention item (``request_conflict``) tells the clerk.

Through the push answers (:func:`request_op_answered`, called by the engine for each
result): a ``service_request.submit`` head office refused puts the request back to
``draft`` with a local ``refused`` step carrying head office's message, so the clerk can fix
it and submit again (the rejected-op attention item stays too); a refused ``cancel`` gives
the request back the state it had. Nothing here commits.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.storage.models import HeadOfficeRequest, OutboxEntry
from counter_app.storage.request_models import ServiceRequest
from counter_app.sync import protocol
from counter_app.sync.status import AttentionKind, add_attention, naive_utc

log = logging.getLogger(__name__)

GENERAL = "general"
MSG_REQUEST_CONFLICT = "总部与本柜台同时修改了服务申请的同一字段，已采用总部的值；请核对。"
PENDING_KINDS = (protocol.OpKind.SERVICE_REQUEST_UPDATE.value,
                 protocol.OpKind.SERVICE_REQUEST_CANCEL.value)

__all__ = ["MSG_REQUEST_CONFLICT", "apply_request_conflicts", "apply_service_requests",
           "request_op_answered"]


def _naive(at: datetime | None) -> datetime | None:
    return None if at is None else naive_utc(at)


def _pending(session: Session, request_ids: set[str]) -> dict[str, list[OutboxEntry]]:
    """The unsent edits and cancellations of these requests, in outbox order."""
    entries = session.scalars(select(OutboxEntry).where(
        OutboxEntry.state == "pending", OutboxEntry.kind.in_(PENDING_KINDS))
        .order_by(OutboxEntry.seq)).all()
    found: dict[str, list[OutboxEntry]] = {}
    for entry in entries:
        request_id = str(entry.payload.get("request_id", ""))
        if request_id in request_ids:
            found.setdefault(request_id, []).append(entry)
    return found


def _general(session: Session, view: protocol.ServiceRequestView) -> None:
    row = session.get(HeadOfficeRequest, view.id)
    if row is None:
        return
    # "submitted" at head office is what this table has always called "received".
    row.status = "received" if view.state == "submitted" else view.state
    notes = [s.note for s in view.steps if s.note]
    if view.steps and view.steps[-1].note:
        row.answer = view.steps[-1].note[:500]
    elif notes and not row.answer:
        row.answer = notes[-1][:500]


def _local_step(entry: OutboxEntry, state: str) -> dict[str, Any]:
    action = "cancel" if entry.kind == protocol.OpKind.SERVICE_REQUEST_CANCEL.value else "edit"
    note = str(entry.payload.get("note", "")) if action == "cancel" else \
        ", ".join(sorted(entry.payload.get("changes") or {}))
    return {"action": action, "state": state, "by_login": entry.clerk_login, "by_name": "",
            "side": "counter", "at": entry.created_at.replace(tzinfo=UTC).isoformat(),
            "note": note}


def _keep_pending(row: ServiceRequest, entries: list[OutboxEntry]) -> None:
    """Local changes head office has not received keep their values (and a cancel its
    state): the base moves on to head office's values, the push merges them."""
    values = dict(row.values)
    steps = list(row.steps)
    for entry in entries:
        if entry.kind == protocol.OpKind.SERVICE_REQUEST_CANCEL.value:
            row.state = "cancelled"
        else:
            for key, value in (entry.payload.get("changes") or {}).items():
                if value is None:
                    values.pop(key, None)
                else:
                    values[key] = value
        steps.append(_local_step(entry, row.state))
    row.values = values
    row.steps = steps


def _store(session: Session, view: protocol.ServiceRequestView,
           pending: list[OutboxEntry]) -> None:
    row = session.get(ServiceRequest, view.id)
    if row is not None and row.version > view.version:
        return  # an older view than the one already here
    steps = [s.model_dump(mode="json") for s in view.steps]
    if row is None:
        first = view.steps[0] if view.steps else None
        created = view.submitted_at or (first.at if first else view.updated_at)
        row = ServiceRequest(id=view.id, created_by=first.by_login if first else "",
                             created_at=naive_utc(created))
        session.add(row)
    row.kind = view.kind
    row.state = view.state
    row.version = view.version
    row.customer_id = view.customer_id
    row.unit_name = view.unit_name[:128]
    row.official_id = view.official_id
    row.official_name = view.official_name[:64]
    row.gp_level = view.gp_level
    row.booking_id = view.booking_id
    row.pnr = view.pnr
    row.flight_id = view.flight_id
    row.flight_no = view.flight_no[:8]
    row.flight_date = view.flight_date
    row.origin = view.origin[:3]
    row.destination = view.destination[:3]
    row.departure_at = _naive(view.departure_at)
    row.due_at = _naive(view.due_at)
    row.values = dict(view.values)
    row.base = dict(view.values)
    row.note = view.note
    row.assignee = view.assignee[:32]
    row.assignee_name = view.assignee_name[:32]
    row.steps = steps
    row.updated_at = naive_utc(view.updated_at)
    if pending:
        _keep_pending(row, pending)


def apply_service_requests(session: Session, records: list[tuple[str, dict[str, Any]]],
                           now: datetime) -> None:
    """Pulled ``service_request`` changes (see the module docstring)."""
    del now
    views: list[protocol.ServiceRequestView] = []
    for key, data in records:
        try:
            views.append(protocol.ServiceRequestView.model_validate(data))
        except ValidationError:
            log.warning("service_request %s pulled in a form this version cannot read", key)
    pending = _pending(session, {v.id for v in views if v.kind != GENERAL})
    for view in views:
        if view.kind == GENERAL:
            _general(session, view)
        else:
            _store(session, view, pending.get(view.id, []))


def apply_request_conflicts(session: Session, records: list[tuple[str, dict[str, Any]]],
                            now: datetime) -> None:
    """Pulled ``request_conflict`` changes: one attention item each."""
    for key, data in records:
        add_attention(session, AttentionKind.CONFLICT, "request_conflict",
                      MSG_REQUEST_CONFLICT, now, op_id=data.get("op_id"), detail=data,
                      source=f"request_conflict:{key}")


def request_op_answered(session: Session, entry: OutboxEntry, message: str, now: datetime,
                        *, refused: bool) -> None:
    """A pushed service request op was answered. Only a refusal changes the local row:
    a refused submission goes back to ``draft`` with a ``refused`` step (head office's
    ``message`` as its note); a refused cancellation gets its earlier state back. Other op
    kinds are left alone."""
    if not refused or entry.kind not in (protocol.OpKind.SERVICE_REQUEST_SUBMIT.value,
                                         protocol.OpKind.SERVICE_REQUEST_CANCEL.value):
        return
    row = session.get(ServiceRequest, str(entry.payload.get("request_id", "")))
    if row is None:
        return
    if entry.kind == protocol.OpKind.SERVICE_REQUEST_SUBMIT.value:
        if row.state != "submitted" or row.version > 0:
            return
        row.state = "draft"
        step = {"action": "refused", "state": "draft", "by_login": "", "by_name": "",
                "side": "head_office", "at": now.astimezone(UTC).isoformat(),
                "note": message[:500]}
    else:
        if row.state != "cancelled":
            return
        earlier = [s for s in row.steps[:-1] if isinstance(s, dict) and s.get("state")]
        row.state = str(earlier[-1]["state"]) if earlier else "submitted"
        step = {"action": "refused", "state": row.state, "by_login": "", "by_name": "",
                "side": "head_office", "at": now.astimezone(UTC).isoformat(),
                "note": message[:500]}
    row.steps = [*row.steps, step]
    row.updated_at = naive_utc(now)
