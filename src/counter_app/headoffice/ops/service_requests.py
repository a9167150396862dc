"""The op handlers of GP service requests (公务服务申请): ``service_request.submit``,
``service_request.update`` and ``service_request.cancel``.

Head office trusts no counter: a submitted request is judged against head office's own
rows, never the counter's word. The outlet must be a GP counter (``gp_not_allowed``); the
official must be a traveller of the named GP unit (``official_unknown``), a unit this
outlet may bill (``customer_unknown`` / ``not_your_customer``); the level is head office's
``travellers.gp_level`` (the form's ``official_level`` is overwritten with it), checked
against the kind's entitlements and airports (``gp_official_required``,
``gp_level_not_entitled``, ``service_airport``); every field by the kind's specs (the
``request_field_*`` codes, ``gp_companions``, ``invalid_text``); the deadline against
head office's flight (when ``flight_id`` names one) and head office's clock
(``request_too_late``, ``flight_departed``); a PNR whose every ticket head office holds is
void or refunded is ``booking_cancelled``. The shared steps are in
``headoffice/service_requests.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel
from counter_app.domain.gp_requests import (
    LOCAL_TZ,
    TERMINAL,
    RequestKind,
    RequestState,
    StepAction,
    check_entitled,
    check_in_time,
    check_note,
    clean_values,
    departure_of,
    due_at,
)
from counter_app.headoffice import records
from counter_app.headoffice import service_requests as shared
from counter_app.headoffice.models import Customer, Flight, Sale, SaleTicket, Traveller
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.headoffice.ops.customers import GP_UNIT, CustomerAccess
from counter_app.headoffice.request_models import ServiceRequestRow
from counter_app.sync.protocol import (
    ServiceRequestCancel,
    ServiceRequestSubmit,
    ServiceRequestUpdate,
)

# Tickets that no longer fly: every one of a PNR's in these states cancels its booking.
_CANCELLED_TICKETS = frozenset({"void", "refunded"})
_LEVEL_KEY = "official_level"


def refuse(error: DomainError) -> NoReturn:
    """A domain refusal as the op's refusal, the message naming the field as labelled."""
    label = error.params.get("label") or error.field
    params = ", ".join(f"{k}={v}" for k, v in error.params.items() if k != "label")
    where = f"{label}: " if label else ""
    raise RefusalError(error.code, f"{where}{error.code}" + (f" ({params})" if params else ""))


def _clerk(batch: Batch) -> tuple[str, str]:
    login = batch.op.clerk_login if batch.op else ""
    return login, shared.clerk_name(batch.session, login)


def _locked(batch: Batch, request_id: str) -> ServiceRequestRow:
    """The request of this outlet, locked (``request_unknown``, ``not_your_request``)."""
    row = batch.session.execute(
        select(ServiceRequestRow).where(ServiceRequestRow.id == request_id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one_or_none()
    if row is None:
        raise RefusalError("request_unknown", f"request_id: no request {request_id}")
    if row.outlet_code != batch.counter.outlet_code:
        raise RefusalError("not_your_request",
                           f"request_id: the request belongs to outlet {row.outlet_code}")
    return row


def _official(batch: Batch, access: CustomerAccess,
              p: ServiceRequestSubmit) -> tuple[Traveller, Customer, GpLevel | None]:
    s = batch.session
    if p.official_id is None:
        refuse(DomainError("gp_official_required", field="official_id"))
    official = s.get(Traveller, p.official_id)
    if official is None or official.customer_id is None or (
            p.customer_id is not None and official.customer_id != p.customer_id):
        raise RefusalError("official_unknown",
                           f"official_id: no official {p.official_id} of the unit")
    access.check_sale(official.customer_id, "")
    unit = s.get(Customer, official.customer_id)
    assert unit is not None  # check_sale refused an unknown customer
    if unit.kind != GP_UNIT:
        refuse(DomainError("gp_official_required", field="official_id"))
    level = GpLevel(official.gp_level) if official.gp_level else None
    return official, unit, level


def _flight(s: Session, flight_id: str | None) -> Flight | None:
    return None if flight_id is None else s.get(Flight, flight_id)


def _booking_cancelled(s: Session, pnr: str) -> bool:
    statuses = set(s.scalars(select(SaleTicket.status).join(Sale, Sale.id == SaleTicket.sale_id)
                             .where(Sale.pnr == pnr)))
    return bool(statuses) and statuses <= _CANCELLED_TICKETS


def _departure(flight: Flight | None, values: dict[str, Any]) -> datetime | None:
    if flight is not None:
        return datetime.combine(flight.dep_date, flight.dep_time, LOCAL_TZ)
    return departure_of(values)


def _values(kind: RequestKind, raw: dict[str, Any], level: GpLevel | None) -> dict[str, Any]:
    """The form's values cleaned, with head office's level in place of the counter's."""
    if level is not None and _LEVEL_KEY in kind.keys:
        raw = {**raw, _LEVEL_KEY: level.value}
    try:
        return clean_values(kind, raw, complete=True)
    except DomainError as exc:
        refuse(exc)


def service_request_submit(batch: Batch, p: ServiceRequestSubmit) -> dict[str, Any]:
    s = batch.session
    access = CustomerAccess(s, batch.counter.outlet_code)
    if not access.gp:
        raise RefusalError("gp_not_allowed", "kind: GP service requests only at a GP counter")
    if s.get(ServiceRequestRow, p.request_id) is not None:
        raise RefusalError("request_exists", f"request {p.request_id} is already recorded")
    try:
        kind = shared.kind_of(p.kind)
    except DomainError as exc:
        refuse(exc)
    official, unit, level = _official(batch, access, p)
    raw = p.model_dump(mode="json")["values"]
    flight = _flight(s, p.flight_id)
    origin = flight.origin if flight else str(raw.get("origin") or "")
    destination = flight.destination if flight else str(raw.get("destination") or "")
    try:
        check_entitled(kind, level, origin, destination)
    except DomainError as exc:
        refuse(exc)
    values = _values(kind, raw, level)
    departure = _departure(flight, values)
    try:
        check_in_time(kind, departure, records.aware(batch.now))
        note = check_note(p.note)
    except DomainError as exc:
        refuse(exc)
    if p.pnr and _booking_cancelled(s, p.pnr):
        raise RefusalError("booking_cancelled",
                           f"pnr: every ticket of booking {p.pnr} is void or refunded")
    login, name = _clerk(batch)
    row = ServiceRequestRow(
        id=p.request_id, kind=kind.code, state=RequestState.SUBMITTED.value, version=1,
        outlet_code=batch.counter.outlet_code, counter_id=batch.counter.counter_id,
        customer_id=unit.id, unit_name=unit.name_zh, official_id=official.id,
        official_name=official.name, gp_level=None if level is None else level.value,
        pnr=p.pnr or None, booking_id=p.booking_id, flight_id=flight.id if flight else None,
        assignee="", values=values, field_versions=dict.fromkeys(values, 1), note=note,
        created_by=login, submitted_at=records.naive_utc(p.submitted_at),
        updated_at=batch.now)
    if flight is not None:
        row.flight_no, row.flight_date = flight.flight_no, flight.dep_date
        row.origin, row.destination = flight.origin, flight.destination
        assert departure is not None
        row.departure_at = records.naive_utc(departure)
        due = due_at(kind, departure)
        row.due_at = None if due is None else records.naive_utc(due)
    else:
        shared.set_flight(row, kind, values)
    s.add(row)
    shared.add_step(s, row, StepAction.SUBMIT.value, row.state, by_login=login, by_name=name,
                    side="counter", at=batch.now)
    shared.log_request(s, row)
    return {"request_id": row.id, "state": row.state, "version": row.version,
            "gp_level": row.gp_level}


def service_request_update(batch: Batch, p: ServiceRequestUpdate) -> dict[str, Any]:
    s = batch.session
    row = _locked(batch, p.request_id)
    if RequestState(row.state) in TERMINAL:
        raise RefusalError("request_closed", f"state: the request is {row.state}")
    dumped = p.model_dump(mode="json")
    edits: dict[str, Any] = dumped["changes"]
    conflicts: list[str] = []
    if _LEVEL_KEY in edits and edits.pop(_LEVEL_KEY) != row.values.get(_LEVEL_KEY):
        conflicts.append(_LEVEL_KEY)  # the level is head office's, never the counter's
    login, _name = _clerk(batch)
    applied: list[str] = []
    try:
        kind = shared.kind_of(row.kind)
        if edits:
            applied, lost = shared.merge_edit(
                s, row, dumped["base"], edits, kind=kind, side="counter", by_login=login,
                now=batch.now, base_version=p.base_version)
            conflicts += lost
        if {"origin", "destination"} & set(applied):
            level = GpLevel(row.gp_level) if row.gp_level else None
            check_entitled(kind, level, row.origin, row.destination)
    except DomainError as exc:
        refuse(exc)
    if conflicts:
        shared.log_conflict(s, row, batch.counter.counter_id, conflicts,
                            batch.op.op_id if batch.op else "")
    return {"request_id": row.id, "version": row.version, "applied": applied,
            "conflicts": conflicts}


def service_request_cancel(batch: Batch, p: ServiceRequestCancel) -> dict[str, Any]:
    row = _locked(batch, p.request_id)
    if RequestState(row.state) in TERMINAL:
        raise RefusalError("request_closed", f"state: the request is {row.state}")
    login, name = _clerk(batch)
    try:
        shared.apply_step(batch.session, row, StepAction.CANCEL, side="counter",
                          by_login=login, by_name=name, note=p.note, now=batch.now)
    except DomainError as exc:
        refuse(exc)
    return {"request_id": row.id, "state": row.state, "version": row.version}
