"""Enrollment codes, device tokens, handshake and the error contract, over real HTTP."""

from __future__ import annotations

from datetime import timedelta

from ho_support import NOON_BEIJING, HeadOfficeHarness
from sqlalchemy import func, select

from counter_app.headoffice.changes import current_seq
from counter_app.headoffice.models import AppliedOp, Counter, NumberRangeRow, Token
from counter_app.sync.protocol import MAX_BODY_BYTES, ErrorBody


def error(response: object) -> ErrorBody:
    return ErrorBody.model_validate_json(response.content)  # type: ignore[attr-defined]


def test_health_needs_no_token(ho: HeadOfficeHarness) -> None:
    r = ho.http.get("/api/v1/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"


def test_enroll_code_works_once_and_grants_starter_ranges(ho: HeadOfficeHarness) -> None:
    code = ho.enrollment_code("HET001")
    assert len(code) == 10
    r = ho.http.post("/api/v1/enroll", json={"code": code.lower(), "counter_name": "窗口1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["outlet_code"] == "HET001"
    assert body["outlet_name"] == "呼和浩特新华大街邮政网点"
    with ho.db.read() as session:
        kinds = session.execute(
            select(NumberRangeRow.kind, func.count())
            .where(NumberRangeRow.counter_id == body["counter_id"])
            .group_by(NumberRangeRow.kind)
        ).all()
    assert dict(kinds) == {"receipt": 1, "ticket": 24}  # one per airline prefix

    again = ho.http.post("/api/v1/enroll", json={"code": code, "counter_name": "x"})
    assert again.status_code == 403
    assert error(again).code == "enroll_code_used"


def test_unknown_and_expired_codes_are_refused(ho: HeadOfficeHarness) -> None:
    r = ho.http.post("/api/v1/enroll", json={"code": "ABCDEFGHJK", "counter_name": "x"})
    assert r.status_code == 403
    assert error(r).code == "enroll_code_invalid"

    code = ho.enrollment_code("HET001")
    ho.clock.set(NOON_BEIJING + timedelta(hours=24, seconds=1))
    r = ho.http.post("/api/v1/enroll", json={"code": code, "counter_name": "x"})
    assert r.status_code == 403
    assert error(r).code == "enroll_code_expired"
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Counter)) == 0


def test_old_protocol_cannot_enroll(ho: HeadOfficeHarness) -> None:
    code = ho.enrollment_code()
    r = ho.http.post("/api/v1/enroll",
                     json={"code": code, "counter_name": "x", "protocol_version": 0})
    assert r.status_code == 426
    assert error(r).code == "upgrade_required"


def test_missing_invalid_and_expired_tokens(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    r = ho.http.get("/api/v1/sync/checksum")
    assert r.status_code == 401
    assert error(r).code == "token_missing"
    r = ho.http.get("/api/v1/sync/checksum", headers={"Authorization": "Bearer forged-token"})
    assert r.status_code == 401
    assert error(r).code == "token_invalid"
    # The refresh token is not an access token.
    r = ho.http.get("/api/v1/sync/checksum",
                    headers={"Authorization": f"Bearer {counter.refresh_token}"})
    assert error(r).code == "token_invalid"
    assert counter.get("/api/v1/sync/checksum").status_code == 200
    ho.clock.set(NOON_BEIJING + timedelta(hours=12, seconds=1))
    r = counter.get("/api/v1/sync/checksum")
    assert r.status_code == 401
    assert error(r).code == "token_expired"


def test_refresh_rotates_and_old_refresh_is_refused(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    body = {"counter_id": counter.counter_id, "refresh_token": counter.refresh_token}
    ho.clock.set(NOON_BEIJING + timedelta(hours=13))
    lost = ho.http.post("/api/v1/token/refresh", json=body)
    assert lost.status_code == 200, lost.text
    # The answer was lost on the line: the counter asks again with the same token (the
    # pair it was issued was never used) and gets another pair; the lost pair is revoked.
    r = ho.http.post("/api/v1/token/refresh", json=body)
    assert r.status_code == 200, r.text
    pair = r.json()
    assert pair["access_token"] != counter.access_token
    assert pair["refresh_token"] != counter.refresh_token
    lost_access = lost.json()["access_token"]
    refused = ho.http.get("/api/v1/sync/checksum",
                          headers={"Authorization": f"Bearer {lost_access}"})
    assert error(refused).code == "token_invalid"
    counter.access_token = pair["access_token"]
    assert counter.get("/api/v1/sync/checksum").status_code == 200
    # Once the new pair is in use, the old refresh token is worthless: showing it again is
    # a replay, which revokes the whole family (tests/headoffice/test_revocation.py).
    again = ho.http.post("/api/v1/token/refresh", json=body)
    assert again.status_code == 401
    assert error(again).code == "token_reused"
    assert counter.get("/api/v1/sync/checksum").status_code == 401
    with ho.db.read() as session:
        live = session.scalar(select(func.count()).select_from(Token).where(
            Token.counter_id == counter.counter_id, Token.revoked.is_(False)))
    assert live == 0


def test_refresh_token_of_another_counter_or_expired(ho: HeadOfficeHarness) -> None:
    a, b = ho.enroll(), ho.enroll()
    r = ho.http.post("/api/v1/token/refresh",
                     json={"counter_id": b.counter_id, "refresh_token": a.refresh_token})
    assert error(r).code == "token_invalid"
    ho.clock.set(NOON_BEIJING + timedelta(days=31))
    r = ho.http.post("/api/v1/token/refresh",
                     json={"counter_id": a.counter_id, "refresh_token": a.refresh_token})
    assert r.status_code == 401
    assert error(r).code == "token_expired"


def test_handshake(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    body = {"protocol_version": 1, "op_schema_version": 1, "app_version": "0.1.0",
            "counter_time": NOON_BEIJING.isoformat()}
    r = counter.post("/api/v1/sync/handshake", body)
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] is True
    assert r.json()["counter_id"] == counter.counter_id
    with ho.db.read() as session:
        row = session.get(Counter, counter.counter_id)
        assert row is not None
        assert row.app_version == "0.1.0"
    r = counter.post("/api/v1/sync/handshake", {**body, "protocol_version": 0})
    assert r.status_code == 426
    assert error(r).code == "upgrade_required"
    r = counter.post("/api/v1/sync/handshake", {**body, "op_schema_version": 99})
    assert r.json()["accepted"] is False


def test_malformed_requests_get_error_bodies(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    with ho.db.read() as session:
        before = current_seq(session)
    r = ho.http.post("/api/v1/enroll", content=b"{not json",
                     headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert error(r).code == "invalid_request"
    r = ho.http.post("/api/v1/enroll", json={"code": "ABCDEFGHJK", "counter_name": "x",
                                             "extra": 1})
    assert error(r).code == "invalid_request"
    r = counter.post("/api/v1/sync/push", {"ops": []})
    assert r.status_code == 422
    r = counter.get("/api/v1/sync/pull", params={"cursor": -1})
    assert error(r).code == "invalid_request"
    r = counter.get("/api/v1/sync/pull", params={"limit": 100000})
    assert error(r).code == "invalid_request"
    r = ho.http.get("/api/v1/nowhere")
    assert r.status_code == 404
    assert error(r).code == "not_found"
    r = ho.http.delete("/api/v1/health")
    assert r.status_code == 405
    assert error(r).code == "method_not_allowed"
    with ho.db.read() as session:
        assert current_seq(session) == before  # nothing changed


def test_oversized_body_is_refused(ho: HeadOfficeHarness) -> None:
    counter = ho.enroll()
    big = b'{"ops": [' + b" " * (MAX_BODY_BYTES + 1) + b"]}"
    r = ho.http.post("/api/v1/sync/push", content=big,
                     headers={**counter.headers, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert error(r).code == "too_large"

    def chunks() -> object:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    r = ho.http.post("/api/v1/sync/push", content=chunks(),  # type: ignore[arg-type]
                     headers={**counter.headers, "Content-Type": "application/json"})
    assert r.status_code == 413
    assert error(r).code == "too_large"
    with ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AppliedOp)) == 0


def test_openapi_is_published(ho: HeadOfficeHarness) -> None:
    doc = ho.http.get("/openapi.json").json()
    assert "/api/v1/sync/push" in doc["paths"]
    assert "ErrorBody" in doc["components"]["schemas"]
