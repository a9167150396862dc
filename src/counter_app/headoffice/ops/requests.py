"""The ``request.head_office`` op handler: a step only head office can take (总部申请),
recorded once in ``requests`` and, to be worked in the head-office inbox, as a service
request of kind ``general`` (same id, state ``submitted``, a ``submit`` step)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from counter_app.domain.gp_requests import GENERAL, RequestState, StepAction
from counter_app.headoffice import records
from counter_app.headoffice import service_requests as shared
from counter_app.headoffice.models import HeadOfficeRequestRow
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.headoffice.request_models import ServiceRequestRow
from counter_app.sync.protocol import HeadOfficeRequest


def head_office_request(batch: Batch, p: HeadOfficeRequest) -> dict[str, Any]:
    s = batch.session
    if (s.get(HeadOfficeRequestRow, p.request_id) is not None
            or s.get(ServiceRequestRow, p.request_id) is not None):
        raise RefusalError("request_exists", f"request {p.request_id} is already recorded")
    s.execute(insert(HeadOfficeRequestRow).values(
        id=p.request_id, counter_id=batch.counter.counter_id,
        outlet_code=batch.counter.outlet_code, action=p.action,
        ticket_number=p.ticket_number, flight_no=p.flight_no, pnr=p.pnr, note=p.note,
        clerk_login=batch.op.clerk_login if batch.op else "",
        requested_at=records.naive_utc(p.requested_at), received_at=batch.now,
        status="received",
    ))
    _to_inbox(batch, p)
    return {"request_id": p.request_id, "status": "received"}


def _to_inbox(batch: Batch, p: HeadOfficeRequest) -> None:
    """The request as an inbox item of kind ``general``."""
    s = batch.session
    login = batch.op.clerk_login if batch.op else ""
    row = ServiceRequestRow(
        id=p.request_id, kind=GENERAL, state=RequestState.SUBMITTED.value, version=1,
        outlet_code=batch.counter.outlet_code, counter_id=batch.counter.counter_id,
        pnr=p.pnr or None, flight_no=p.flight_no or "", assignee="",
        values={"action": p.action, "ticket_number": p.ticket_number,
                "flight_no": p.flight_no, "pnr": p.pnr, "note": p.note},
        field_versions={}, note=p.note, created_by=login,
        submitted_at=records.naive_utc(p.requested_at), updated_at=batch.now)
    s.add(row)
    shared.add_step(s, row, StepAction.SUBMIT.value, row.state, by_login=login,
                    by_name=shared.clerk_name(s, login), side="counter", at=batch.now)
    shared.log_request(s, row)
