"""Requests to head office (总部申请): a step only head office can take is queued as a local
row and its ``request.head_office`` outbox op, written together or not at all."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sales_support import NOW, Shop, count_rows, snapshot
from sqlalchemy import select

from counter_app.domain.errors import DomainError
from counter_app.services.after_sale import refund
from counter_app.services.requests import list_requests, queue_request
from counter_app.storage.models import HeadOfficeRequest, OutboxEntry
from counter_app.sync import protocol

ELSEWHERE = "999-2091234567"  # a ticket sold at another counter


def test_a_refused_refund_is_queued_as_a_request_with_its_outbox_op(shop: Shop) -> None:
    with pytest.raises(DomainError) as caught, shop.store.unit_of_work() as session:
        refund(session, ELSEWHERE, "voluntary", clerk=shop.clerk, now=NOW)
    error = caught.value
    assert error.code == "needs_head_office"
    assert error.params["queue_request"] is True

    with shop.store.unit_of_work() as session:
        request_id = queue_request(
            session, action=str(error.params["action"]),
            ticket_number=str(error.params["ticket_number"]), note="  旅客要求退票  ",
            clerk=shop.clerk, now=NOW,
        )
    with shop.store.read() as session:
        row = session.get(HeadOfficeRequest, request_id)
        assert row is not None
        assert (row.action, row.ticket_number, row.flight_no, row.pnr) == (
            "refund", ELSEWHERE, None, None)
        assert (row.note, row.clerk_login, row.status, row.answer) == (
            "旅客要求退票", "wangli", "queued", "")
        assert row.created_at == NOW.replace(tzinfo=None)
        [op] = session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == protocol.OpKind.REQUEST_HEAD_OFFICE.value)).all()
        assert op.state == "pending"
        assert op.clerk_login == "wangli"
        assert op.payload == {
            "request_id": request_id, "action": "refund", "ticket_number": ELSEWHERE,
            "flight_no": None, "pnr": None, "note": "旅客要求退票",
            "requested_at": NOW.isoformat(),
        }
        assert op.payload_hash == protocol.payload_hash(op.payload)
        assert [r.id for r in list_requests(session)] == [request_id]


def test_a_flight_outside_the_allotment_names_flight_and_booking(shop: Shop) -> None:
    with shop.store.unit_of_work() as session:
        first = queue_request(session, action="change", ticket_number="999-2090000001",
                              flight_no="ca1144", pnr="abc123", note="", clerk=shop.clerk,
                              now=NOW)
        second = queue_request(session, action="book", flight_no="CA1143", note="two seats",
                               clerk=shop.clerk, now=NOW + timedelta(minutes=1))
    with shop.store.read() as session:
        rows = list_requests(session)
        assert [r.id for r in rows] == [second, first]  # newest first
        assert (rows[1].flight_no, rows[1].pnr) == ("CA1144", "ABC123")
        ops = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        assert [o.payload["request_id"] for o in ops] == [first, second]


def test_a_refusal_writes_nothing(shop: Shop) -> None:
    before = snapshot(shop.store)
    counts = count_rows(shop.store, "head_office_requests", "outbox")
    with shop.store.unit_of_work() as session:
        with pytest.raises(DomainError) as caught:
            queue_request(session, action="refund", note="x", clerk=shop.clerk, now=NOW)
        assert (caught.value.code, caught.value.field) == ("request_subject_required",
                                                          "ticket_number")
        with pytest.raises(DomainError) as caught:
            queue_request(session, action="refund", ticket_number=ELSEWHERE, note="长" * 501,
                          clerk=shop.clerk, now=NOW)
        assert caught.value.code == "request_note_too_long"
        assert caught.value.params == {"max": 500}
        with pytest.raises(ValueError, match="unknown head-office request action"):
            queue_request(session, action="upgrade", ticket_number=ELSEWHERE, note="",
                          clerk=shop.clerk, now=NOW)
    assert count_rows(shop.store, "head_office_requests", "outbox") == counts == {
        "head_office_requests": 0, "outbox": 0}
    assert snapshot(shop.store) == before


def test_the_request_and_its_op_roll_back_together(shop: Shop) -> None:
    def queue_then_fail() -> None:
        with shop.store.unit_of_work() as session:
            queue_request(session, action="void", ticket_number=ELSEWHERE, note="",
                          clerk=shop.clerk, now=NOW)
            raise RuntimeError("the unit of work fails after the write")

    with pytest.raises(RuntimeError):
        queue_then_fail()
    assert count_rows(shop.store, "head_office_requests", "outbox") == {
        "head_office_requests": 0, "outbox": 0}
