"""A request to head office queued offline reaches it with the next sync, and the counter's
row then says head office has it."""

from __future__ import annotations

from sqlalchemy import select
from sync_support import NOW, Counter, HeadOffice

from counter_app.headoffice import models as ho
from counter_app.services.identity import ClerkSession, Role
from counter_app.services.requests import queue_request
from counter_app.storage.models import Clerk, HeadOfficeRequest, OutboxEntry


def test_a_queued_request_reaches_head_office_and_is_marked_received(
    head_office: HeadOffice, counter: Counter
) -> None:
    assert counter.engine.cycle().ok  # the outlet's clerks arrive
    with counter.store.read() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == "wangli")).one()
        me = ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                          "", "")
    head_office.server.stop()
    with counter.store.unit_of_work() as session:
        request_id = queue_request(session, action="refund", ticket_number="999-2091234567",
                                   note="旅客要求退票", clerk=me, now=NOW)
    head_office.server.start()
    assert counter.engine.cycle().ok
    with counter.store.read() as session:
        local = session.get(HeadOfficeRequest, request_id)
        assert local is not None
        assert local.status == "received"
        [op] = session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "request.head_office")).all()
        assert (op.state, op.result) == ("done", {"request_id": request_id,
                                                  "status": "received"})
    with head_office.db.read() as session:
        stored = session.get(ho.HeadOfficeRequestRow, request_id)
        assert stored is not None
        assert (stored.counter_id, stored.action, stored.status) == (
            counter.counter_id, "refund", "received")
