"""GP service requests between the Shenzhen GP counter and the real head office over real
HTTP: a request submitted at the counter reaches head office and comes back with head
office's version; head office's steps reach the counter's row (state and history); a local
edit not yet sent survives a pull; an edit that lost a field to head office's edit is an
attention item; a general request answered at head office updates the counter's request
to head office; a submission head office refuses goes back to draft with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sync_support import NOW, TODAY, Counter, HeadOffice

from counter_app.domain.gp_requests import StepAction
from counter_app.headoffice import service_requests as ho_requests
from counter_app.headoffice.request_models import ServiceRequestRow
from counter_app.kernel.clock import FixedClock
from counter_app.services import gp_requests, requests
from counter_app.services.identity import ClerkSession, Role
from counter_app.storage.db import open_store
from counter_app.storage.models import Clerk, Flight, HeadOfficeRequest, OutboxEntry, Traveller
from counter_app.storage.request_models import ServiceRequest
from counter_app.sync import protocol
from counter_app.sync.client import HeadOfficeClient
from counter_app.sync.credentials import MemoryCredentialStore
from counter_app.sync.engine import SyncEngine
from counter_app.sync.enroll import enroll_counter
from counter_app.sync.pull import apply_page
from counter_app.sync.request_answers import request_op_answered
from counter_app.sync.status import get_cursor, open_attention

GP_OUTLET = "SZX001"
V5, V1 = "陈志远", "黄晓敏"


@pytest.fixture
def gp_counter(head_office: HeadOffice, tmp_path: Path) -> Iterator[Counter]:
    """A counter enrolled at the Shenzhen GP outlet, synced once."""
    store = open_store(tmp_path / "gp" / "counter.sqlite3")
    credentials = MemoryCredentialStore()
    client = HeadOfficeClient(head_office.url, credentials, timeout=5.0)
    clock = FixedClock(NOW)
    try:
        answer = enroll_counter(store, client, head_office.enrollment_code(GP_OUTLET),
                                "公务柜台一", head_office.url, credentials, clock.now())
        engine = SyncEngine(store, client, clock, checksum_every=timedelta(0))
        counter = Counter(store, credentials, None, client, engine, clock,  # type: ignore[arg-type]
                          answer.counter_id)
        assert engine.cycle().ok
        yield counter
    finally:
        client.close()
        store.close()


def _clerk(c: Counter) -> ClerkSession:
    with c.store.read() as session:
        row = session.scalars(select(Clerk).where(Clerk.login == "linxiaoyu")).one()
        return ClerkSession(row.id, row.login, row.name_zh, Role(row.role), row.outlet_code,
                            "", "gp_counter")


def _official(c: Counter, name: str) -> str:
    with c.store.read() as session:
        return str(session.scalars(select(Traveller.id).where(Traveller.name == name)).one())


def _lounge(c: Counter, official_id: str) -> dict[str, Any]:
    """A complete lounge form for a flight from Shenzhen the day after tomorrow."""
    with c.store.read() as session:
        flight = session.scalars(select(Flight).where(
            Flight.origin == "SZX", Flight.dep_date == TODAY + timedelta(days=2))
            .order_by(Flight.flight_no).limit(1)).one()
        form = gp_requests.prefill(session, "lounge", official_id=official_id, clerk=_clerk(c),
                                   now=NOW)
        return {**form.values, "flight_no": flight.flight_no,
                "flight_date": flight.dep_date.isoformat(),
                "departure_time": flight.dep_time.strftime("%H:%M"), "origin": flight.origin,
                "destination": flight.destination, "arrival_at": "10:00",
                "contact_name": "秘书处王强", "contact_phone": "0755-88880001"}


def _submit(c: Counter, name: str = V5) -> str:
    official = _official(c, name)
    with c.store.unit_of_work() as session:
        return gp_requests.submit(session, None, _lounge(c, official), kind="lounge",
                                  official_id=official, clerk=_clerk(c), now=NOW)


def _row(c: Counter, request_id: str) -> ServiceRequest:
    with c.store.read() as session:
        row = session.get(ServiceRequest, request_id)
        assert row is not None
        session.expunge(row)
        return row


def _ho_step(head_office: HeadOffice, request_id: str, action: StepAction, note: str = "",
             ) -> None:
    with head_office.db.write() as s:
        row = s.get(ServiceRequestRow, request_id)
        assert row is not None
        ho_requests.apply_step(s, row, action, side="head_office", by_login="zhaojun",
                               by_name="赵军", note=note, now=NOW + timedelta(minutes=10))


def test_a_submitted_request_reaches_head_office_and_its_steps_come_back(
    head_office: HeadOffice, gp_counter: Counter,
) -> None:
    request_id = _submit(gp_counter)
    assert _row(gp_counter, request_id).version == 0
    assert gp_counter.engine.cycle().ok
    with head_office.db.read() as s:
        ho_row = s.get(ServiceRequestRow, request_id)
        assert ho_row is not None
        assert (ho_row.kind, ho_row.state, ho_row.outlet_code) == ("lounge", "submitted",
                                                                   GP_OUTLET)
        assert ho_row.official_name == V5
        assert ho_row.values["arrival_at"] == "10:00"
    row = _row(gp_counter, request_id)
    assert (row.state, row.version) == ("submitted", 1)  # head office's view came back
    assert row.base == row.values

    _ho_step(head_office, request_id, StepAction.ACCEPT, "已受理")
    _ho_step(head_office, request_id, StepAction.ARRANGE, "贵宾室A厅")
    assert gp_counter.engine.cycle().ok
    row = _row(gp_counter, request_id)
    assert (row.state, row.version) == ("arranged", 3)
    assert [(s["action"], s["side"]) for s in row.steps] == [
        ("submit", "counter"), ("accept", "head_office"), ("arrange", "head_office")]
    assert row.steps[-1]["note"] == "贵宾室A厅"
    assert row.steps[-1]["by_name"] == "赵军"


def test_a_local_edit_not_yet_sent_survives_a_pull(
    head_office: HeadOffice, gp_counter: Counter,
) -> None:
    request_id = _submit(gp_counter)
    assert gp_counter.engine.cycle().ok
    with gp_counter.store.unit_of_work() as session:
        assert gp_requests.edit(session, request_id, {"arrival_at": "09:30"},
                                clerk=_clerk(gp_counter), now=NOW)
    _ho_step(head_office, request_id, StepAction.ACCEPT)
    with head_office.db.read() as s:
        ho_row = s.get(ServiceRequestRow, request_id)
        assert ho_row is not None
        view = ho_requests.view_of(s, ho_row).model_dump(mode="json")
    # Head office's accepted view lands before the edit is pushed.
    with gp_counter.store.unit_of_work() as session:
        cursor = get_cursor(session)
        apply_page(session, [protocol.Change(
            seq=cursor + 1, scope=protocol.Scope.COUNTER, entity="service_request",
            key=request_id, op="upsert", data=view)], cursor + 1, NOW)
    row = _row(gp_counter, request_id)
    assert (row.state, row.version) == ("accepted", 2)
    assert row.values["arrival_at"] == "09:30"  # the local edit, not yet sent
    assert row.base["arrival_at"] == "10:00"
    assert [s["action"] for s in row.steps] == ["submit", "accept", "edit"]
    assert gp_counter.engine.cycle().ok  # the edit is merged at head office
    with head_office.db.read() as s:
        ho_row = s.get(ServiceRequestRow, request_id)
        assert ho_row is not None
        assert ho_row.values["arrival_at"] == "09:30"
    assert _row(gp_counter, request_id).values["arrival_at"] == "09:30"


def test_an_edit_that_lost_to_head_offices_is_an_attention_item(
    head_office: HeadOffice, gp_counter: Counter,
) -> None:
    request_id = _submit(gp_counter)
    assert gp_counter.engine.cycle().ok
    with head_office.db.write() as s:
        ho_row = s.get(ServiceRequestRow, request_id)
        assert ho_row is not None
        ho_requests.merge_edit(s, ho_row, {"arrival_at": "10:00"}, {"arrival_at": "11:00"},
                               side="head_office", by_login="zhaojun", now=NOW)
    with gp_counter.store.unit_of_work() as session:  # not yet pulled: edits version 1
        gp_requests.edit(session, request_id, {"arrival_at": "09:00"},
                         clerk=_clerk(gp_counter), now=NOW)
    assert gp_counter.engine.cycle().ok
    row = _row(gp_counter, request_id)
    assert row.values["arrival_at"] == "11:00"  # head office's value was kept
    with gp_counter.store.read() as session:
        [item] = [a for a in open_attention(session) if a.code == "request_conflict"]
    assert item.kind == "conflict"
    assert item.message == "总部与本柜台同时修改了服务申请的同一字段，已采用总部的值；请核对。"
    assert item.detail["request_id"] == request_id
    assert item.detail["fields"] == ["arrival_at"]


def test_a_general_request_answered_at_head_office_reaches_the_counter(
    head_office: HeadOffice, gp_counter: Counter,
) -> None:
    with gp_counter.store.unit_of_work() as session:
        request_id = requests.queue_request(session, action="refund",
                                            ticket_number="7812090000001", note="旅客改期",
                                            clerk=_clerk(gp_counter), now=NOW)
    assert gp_counter.engine.cycle().ok
    _ho_step(head_office, request_id, StepAction.REJECT, "该票已使用，无法退票")
    assert gp_counter.engine.cycle().ok
    with gp_counter.store.read() as session:
        row = session.get(HeadOfficeRequest, request_id)
        assert row is not None
        assert (row.status, row.answer) == ("rejected", "该票已使用，无法退票")
        assert session.get(ServiceRequest, request_id) is None


def test_a_submission_head_office_refuses_goes_back_to_draft(
    head_office: HeadOffice, gp_counter: Counter,
) -> None:
    official = _official(gp_counter, V1)
    with gp_counter.store.unit_of_work() as session:  # this counter's copy says V5 ...
        traveller = session.get(Traveller, official)
        assert traveller is not None
        traveller.gp_level = "V5"
    request_id = _submit(gp_counter, V1)
    report = gp_counter.engine.cycle()  # ... head office knows her as V1
    assert report.rejected == 1
    row = _row(gp_counter, request_id)
    assert (row.state, row.version) == ("draft", 0)
    assert [s["action"] for s in row.steps] == ["submit", "refused"]
    assert row.steps[-1]["side"] == "head_office"
    with gp_counter.store.read() as session:
        [item] = [a for a in open_attention(session, "rejected_op")]
        last_error = session.scalars(select(OutboxEntry.last_error).where(
            OutboxEntry.kind == "service_request.submit")).one()
    assert item.code == "gp_level_not_entitled"
    assert row.steps[-1]["note"] == item.message == last_error
    assert item.message
    # Corrected here (the clerk fixes the draft), it can be submitted again.
    with gp_counter.store.unit_of_work() as session:
        gp_requests.save_draft(session, {**row.values, "notes": "核对后重新提交"},
                               request_id=request_id, kind="lounge", official_id=official,
                               clerk=_clerk(gp_counter), now=NOW)
    assert _row(gp_counter, request_id).state == "draft"
    with head_office.db.read() as s:
        assert s.get(ServiceRequestRow, request_id) is None
    assert datetime.fromisoformat(row.steps[-1]["at"]) == NOW.astimezone(UTC)


def test_a_cancel_not_yet_sent_survives_a_pull_and_a_refused_one_is_undone(
    head_office: HeadOffice, gp_counter: Counter,
) -> None:
    request_id = _submit(gp_counter)
    assert gp_counter.engine.cycle().ok
    with gp_counter.store.unit_of_work() as session:
        gp_requests.cancel(session, request_id, "行程取消", clerk=_clerk(gp_counter), now=NOW)
    _ho_step(head_office, request_id, StepAction.ACCEPT)
    with head_office.db.read() as s:
        ho_row = s.get(ServiceRequestRow, request_id)
        assert ho_row is not None
        view = ho_requests.view_of(s, ho_row).model_dump(mode="json")
    with gp_counter.store.unit_of_work() as session:
        cursor = get_cursor(session)
        apply_page(session, [protocol.Change(
            seq=cursor + 1, scope=protocol.Scope.COUNTER, entity="service_request",
            key=request_id, op="upsert", data=view)], cursor + 1, NOW)
    row = _row(gp_counter, request_id)
    assert (row.state, row.version) == ("cancelled", 2)  # the cancel, not yet sent, holds
    assert [s["action"] for s in row.steps] == ["submit", "accept", "cancel"]
    # Head office refuses the cancellation (here: the op answered as refused): the request
    # is back in the state head office last gave it.
    with gp_counter.store.unit_of_work() as session:
        entry = session.scalars(select(OutboxEntry).where(
            OutboxEntry.kind == "service_request.cancel")).one()
        request_op_answered(session, entry, "request_closed: the request is done", NOW,
                            refused=True)
    row = _row(gp_counter, request_id)
    assert row.state == "accepted"
    assert (row.steps[-1]["action"], row.steps[-1]["note"]) == (
        "refused", "request_closed: the request is done")
    # The cancellation sent for real is taken at head office.
    assert gp_counter.engine.cycle().ok
    with head_office.db.read() as s:
        ho_row = s.get(ServiceRequestRow, request_id)
        assert ho_row is not None
        assert ho_row.state == "cancelled"
    assert _row(gp_counter, request_id).state == "cancelled"
