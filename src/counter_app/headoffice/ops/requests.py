"""The ``request.head_office`` op handler: a step only head office can take (总部申请),
recorded once in ``requests``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from counter_app.headoffice import records
from counter_app.headoffice.models import HeadOfficeRequestRow
from counter_app.headoffice.ops.batch import Batch, RefusalError
from counter_app.sync.protocol import HeadOfficeRequest


def head_office_request(batch: Batch, p: HeadOfficeRequest) -> dict[str, Any]:
    s = batch.session
    if s.get(HeadOfficeRequestRow, p.request_id) is not None:
        raise RefusalError("request_exists", f"request {p.request_id} is already recorded")
    s.execute(insert(HeadOfficeRequestRow).values(
        id=p.request_id, counter_id=batch.counter.counter_id,
        outlet_code=batch.counter.outlet_code, action=p.action,
        ticket_number=p.ticket_number, flight_no=p.flight_no, pnr=p.pnr, note=p.note,
        clerk_login=batch.op.clerk_login if batch.op else "",
        requested_at=records.naive_utc(p.requested_at), received_at=batch.now,
        status="received",
    ))
    return {"request_id": p.request_id, "status": "received"}
