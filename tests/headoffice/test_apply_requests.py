"""Requests from a counter (总部申请) pushed as ``request.head_office`` ops over real HTTP:
stored once, a replay is a duplicate, and ``counter-headoffice requests`` lists them."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from ho_support import NOON_BEIJING, HeadOfficeHarness
from sqlalchemy import func, select

from counter_app.headoffice.cli import main
from counter_app.headoffice.models import HeadOfficeRequestRow
from counter_app.kernel.ids import new_id


def request_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "request_id": new_id(), "action": "refund", "ticket_number": "999-2091234567",
        "flight_no": None, "pnr": None, "note": "旅客要求退票",
        "requested_at": NOON_BEIJING.isoformat(),
    }
    payload.update(changes)
    return payload


def stored(ho: HeadOfficeHarness) -> list[HeadOfficeRequestRow]:
    with ho.db.read() as session:
        return list(session.scalars(select(HeadOfficeRequestRow)))


def test_a_request_is_stored_once_and_a_replay_is_a_duplicate(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    payload = request_payload()
    op = counter.op("request.head_office", payload)
    [first] = counter.push_ok(op)
    assert first["status"] == "applied", first
    assert first["result"] == {"request_id": payload["request_id"], "status": "received"}
    [row] = stored(ho)
    assert (row.id, row.counter_id, row.outlet_code, row.action, row.ticket_number) == (
        payload["request_id"], counter.counter_id, "HET001", "refund", "999-2091234567")
    assert (row.flight_no, row.pnr, row.note, row.clerk_login, row.status) == (
        None, None, "旅客要求退票", "wangli", "received")
    assert row.requested_at == NOON_BEIJING.astimezone(UTC).replace(tzinfo=None)

    [again] = counter.push_ok(op)
    assert again["status"] == "duplicate"
    assert again["result"] == first["result"]
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(HeadOfficeRequestRow)) == 1


def test_a_request_id_reused_by_another_op_or_a_bad_payload_is_rejected(
    any_ho: HeadOfficeHarness,
) -> None:
    ho = any_ho
    counter = ho.enroll()
    payload = request_payload(action="change", ticket_number=None, flight_no="CA1144",
                              pnr="ABC123", note="")
    results = counter.push_ok(
        counter.op("request.head_office", payload),
        counter.op("request.head_office", payload),  # another op id, the same request id
        counter.op("request.head_office", request_payload(action="upgrade")),
    )
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    assert [r["code"] for r in results[1:]] == ["request_exists", "invalid_payload"]
    [row] = stored(ho)
    assert (row.action, row.flight_no, row.pnr) == ("change", "CA1144", "ABC123")


def test_cli_lists_the_requests(
    ho: HeadOfficeHarness, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    counter = ho.enroll()
    payload = request_payload()
    counter.push_ok(counter.op("request.head_office", payload))
    assert main(["requests", "--database-url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert payload["request_id"] in out
    assert "[received]  refund  ticket 999-2091234567" in out
    assert "note: 旅客要求退票" in out
    assert main(["requests", "--status", "received", "--database-url", sqlite_url]) == 0
    assert payload["request_id"] in capsys.readouterr().out
    assert main(["requests", "--status", "done", "--database-url", sqlite_url]) == 0
    assert capsys.readouterr().out.strip() == "no requests with status done"
