"""Hostile or broken input over real HTTP never stops a counter: a payload with a NUL, a
lone surrogate, JSON nested too deep, an integer too large for a 64-bit column or a number
that is not finite is that op's refusal, naming the field, and the ops behind it apply; an
op id sent again under another kind is refused without being stored; a PostgreSQL
connection dropped in the middle of a push is retried, else answered 503 with Retry-After.
Each case pushes [good, bad, good], then a later push and a pull must work."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from ho_support import NOON_BEIJING, CounterClient, HeadOfficeHarness, sale, ticket
from sqlalchemy import create_engine, event, func, select, text

from counter_app.headoffice.models import AppliedOp, HeadOfficeRequestRow
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import ErrorBody, payload_hash

PUSH = "/api/v1/sync/push"


def request_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "request_id": new_id(), "action": "refund", "ticket_number": "999-2091234567",
        "flight_no": None, "pnr": None, "note": "旅客要求退票",
        "requested_at": NOON_BEIJING.isoformat(),
    }
    payload.update(changes)
    return payload


def loose_hash(payload: Any) -> str:
    """A hash for a payload the canonical JSON cannot write (what a broken counter sends)."""
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def raw_push(counter: CounterClient, ops: list[dict[str, Any]]) -> httpx.Response:
    """Pushed as ASCII JSON (a lone surrogate travels as its ``\\ud800`` escape)."""
    body = json.dumps({"ops": ops}, ensure_ascii=True)
    return counter.ho.http.post(PUSH, content=body.encode(), headers={
        **counter.headers, "Content-Type": "application/json"})


def good(counter: CounterClient) -> dict[str, Any]:
    return counter.op("request.head_office", request_payload())


def bad_op(counter: CounterClient, payload: dict[str, Any],
           kind: str = "request.head_office") -> dict[str, Any]:
    """An op whose hash is the canonical one when the payload has one."""
    op = counter.op(kind, {})
    try:
        digest = payload_hash(payload)
    except TypeError:
        digest = loose_hash(payload)
    return dict(op, payload=payload, payload_hash=digest)


def assert_not_stuck(counter: CounterClient) -> None:
    [later] = counter.push_ok(good(counter))
    assert later["status"] == "applied", later
    assert counter.pull_all()


def push_sandwich(counter: CounterClient, bad: dict[str, Any]) -> dict[str, Any]:
    """[good, bad, good]: both good ops applied; the bad op's result is returned."""
    before, after = good(counter), good(counter)
    response = raw_push(counter, [before, bad, after])
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["op_id"] for r in results] == [before["op_id"], bad["op_id"], after["op_id"]]
    assert results[0]["status"] == "applied", results[0]
    assert results[2]["status"] == "applied", results[2]
    assert results[1]["status"] == "rejected", results[1]
    assert_not_stuck(counter)
    return dict(results[1])


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


# --- bad text -------------------------------------------------------------------------------


def test_a_nul_in_a_note_is_refused_naming_the_field(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    result = push_sandwich(counter, bad_op(counter, request_payload(note="请改签\x00谢谢")))
    assert result["code"] == "invalid_text", result
    assert result["message"].startswith("note: "), result
    assert "a NUL character (U+0000) at position 3" in result["message"], result
    with any_ho.db.read() as session:
        notes = session.scalars(select(HeadOfficeRequestRow.note)).all()
    assert len(notes) == 3
    assert all("\x00" not in n for n in notes)


@pytest.mark.parametrize(("where", "payload"), [
    ("note", request_payload(note="请改签\ud800谢谢")),
    ("pnr", request_payload(pnr="\udfffABC")),
])
def test_a_lone_surrogate_is_refused_naming_the_field(
    any_ho: HeadOfficeHarness, where: str, payload: dict[str, Any],
) -> None:
    counter = any_ho.enroll()
    result = push_sandwich(counter, bad_op(counter, payload))
    assert result["code"] == "invalid_text", result
    assert result["message"].startswith(f"{where}: "), result
    assert "surrogate" in result["message"], result


def test_a_nul_in_a_key_of_free_json_is_refused(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    payload = {"close_id": new_id(), "outlet_code": "HET001", "business_date": "2026-12-04",
               "closed_at": NOON_BEIJING.isoformat(), "totals": {"cash\x00": "1.00"}}
    result = push_sandwich(counter, bad_op(counter, payload, "day.close"))
    assert result["code"] == "invalid_text", result
    assert result["message"].startswith("totals: "), result


def test_other_control_characters_are_refused_in_a_name(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    payload = {"sale_id": new_id(), "ticket_number": "999-2091234567", "old_name": "张三",
               "new_name": "张\x1b[2J四", "approved_by": "zhao"}
    result = push_sandwich(counter, bad_op(counter, payload, "ticket.name"))
    assert result["code"] == "invalid_text", result
    assert result["message"].startswith("new_name: "), result
    assert "U+001B" in result["message"], result


@pytest.mark.parametrize(("where", "code", "spoil"), [
    ("tickets.0.passenger_name", "invalid_text",
     lambda p: p["tickets"][0].update(passenger_name="张\udc80三")),
    ("tickets.0.passenger_name", "invalid_text",
     lambda p: p["tickets"][0].update(passenger_name="张\x00三")),
    ("gp_order_no", "invalid_payload", lambda p: p.update(gp_order_no=nested(40))),
    ("tickets.0.fare", "invalid_payload", lambda p: p["tickets"][0].update(fare=2**64)),
], ids=["surrogate", "nul", "deep", "huge"])
def test_a_bad_sale_among_sales_is_refused_alone(
    any_ho: HeadOfficeHarness, where: str, code: str, spoil: Any,
) -> None:
    """Runs of sales take the bulk path (bulk_sales.py): the same refusals."""
    ho = any_ho
    counter = ho.enroll()
    flight = ho.flight()
    sales = [sale(flight, [ticket(ho.next_ticket(counter))]) for _ in range(3)]
    spoil(sales[1])
    ops = [counter.op("sale.issue", {}) for _ in sales]
    ops = [dict(op, payload=p, payload_hash=bad_op(counter, p)["payload_hash"])
           for op, p in zip(ops, sales, strict=True)]
    response = raw_push(counter, ops)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert results[1]["code"] == code, results[1]
    assert results[1]["message"].startswith(where), results[1]
    assert_not_stuck(counter)


@pytest.mark.parametrize("kind", ["request.head_office", "sale.issue"])
def test_a_clerk_login_with_a_nul_is_refused_and_stored_without_it(
    any_ho: HeadOfficeHarness, kind: str,
) -> None:
    """The refusal quotes the login: what is stored (and answered) has no NUL."""
    ho = any_ho
    counter = ho.enroll()
    payload = (request_payload() if kind == "request.head_office"
               else sale(ho.flight(), [ticket(ho.next_ticket(counter))]))
    bad = counter.op(kind, payload, clerk="wang\x00li")
    result = push_sandwich(counter, bad)
    assert result["code"] == "clerk_not_in_outlet", result
    assert result["message"].startswith("wang\\u0000li "), result
    with ho.db.read() as session:
        stored = session.scalar(select(AppliedOp.message).where(
            AppliedOp.op_id == bad["op_id"]))
    assert stored == result["message"]


# --- shapes and numbers JSON allows but head office cannot keep --------------------------------


@pytest.mark.parametrize("depth", [300, 800])
def test_json_nested_too_deep_in_a_payload_is_refused(
    any_ho: HeadOfficeHarness, depth: int,
) -> None:
    counter = any_ho.enroll()
    result = push_sandwich(counter, bad_op(counter, request_payload(note=nested(depth))))
    assert result["code"] == "invalid_payload", result
    assert result["message"].startswith("note"), result
    assert "deep" in result["message"], result


@pytest.mark.parametrize("value", [10**30, 2**63, -(2**63) - 1])
def test_an_integer_too_large_is_refused(any_ho: HeadOfficeHarness, value: int) -> None:
    counter = any_ho.enroll()
    payload = {"kind": "ticket", "prefix": "999", "number": value, "reason": "skipped"}
    result = push_sandwich(counter, bad_op(counter, payload, "number.void"))
    assert result["code"] == "invalid_payload", result
    assert result["message"].startswith("number: "), result


def test_a_huge_integer_in_free_json_is_refused(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    payload = {"close_id": new_id(), "outlet_code": "HET001", "business_date": "2026-12-04",
               "closed_at": NOON_BEIJING.isoformat(), "totals": {"cash": [1, 10**30]}}
    result = push_sandwich(counter, bad_op(counter, payload, "day.close"))
    assert result["code"] == "invalid_payload", result
    assert result["message"].startswith("totals.cash.1: "), result


def test_a_number_that_is_not_finite_is_refused(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    payload = {"close_id": new_id(), "outlet_code": "HET001", "business_date": "2026-12-04",
               "closed_at": NOON_BEIJING.isoformat(), "totals": {"cash": float("nan")}}
    result = push_sandwich(counter, bad_op(counter, payload, "day.close"))
    assert result["code"] == "invalid_payload", result
    assert result["message"].startswith("totals.cash: "), result


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_a_time_at_the_edge_of_the_calendar_is_refused(
    any_ho: HeadOfficeHarness, at: str,
) -> None:
    counter = any_ho.enroll()
    result = push_sandwich(counter, bad_op(counter, request_payload(requested_at=at)))
    assert result["code"] == "invalid_payload", result
    assert result["message"].startswith("requested_at: "), result


@pytest.mark.parametrize("literal", ["1" * 5000, "1e99999", "-1e99999"])
def test_a_number_json_cannot_hold_is_refused_or_an_error_body(
    any_ho: HeadOfficeHarness, literal: str,
) -> None:
    counter = any_ho.enroll()
    before, after = good(counter), good(counter)
    bad = bad_op(counter, request_payload(note="__N__"))
    body = json.dumps({"ops": [before, bad, after]}).replace('"__N__"', literal)
    response = any_ho.http.post(PUSH, content=body.encode(), headers={
        **counter.headers, "Content-Type": "application/json"})
    if response.status_code == 200:
        results = response.json()["results"]
        assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
        assert results[1]["message"].startswith("note: "), results[1]
    else:
        assert response.status_code in (400, 422), response.text
        ErrorBody.model_validate_json(response.content)
    assert_not_stuck(counter)


def test_an_unreadably_deep_body_is_an_error_body(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    depth = 200_000
    body = '{"ops": ' + "[" * depth + "]" * depth + "}"
    response = any_ho.http.post(PUSH, content=body.encode(), headers={
        **counter.headers, "Content-Type": "application/json"})
    assert response.status_code in (400, 422), response.text
    assert ErrorBody.model_validate_json(response.content).code in (
        "bad_request", "invalid_request")
    assert_not_stuck(counter)


# --- op ids ---------------------------------------------------------------------------------


def test_an_op_id_sent_again_under_another_kind_is_refused_and_not_stored(
    any_ho: HeadOfficeHarness,
) -> None:
    counter = any_ho.enroll()
    payload = {"lease_id": new_id()}
    first = counter.op("lease.release", payload)
    [applied] = counter.push_ok(first)
    assert (applied["status"], applied["code"]) == ("rejected", "lease_unknown"), applied
    again = dict(first, kind="request.head_office", local_seq=first["local_seq"] + 1)
    result = push_sandwich(counter, again)
    assert result["code"] == "op_id_reused", result
    assert "lease.release" in result["message"], result
    # within one batch too: the second op of the same id under another kind
    op_id = new_id()
    one = counter.op("request.head_office", request_payload(), op_id=op_id)
    two = dict(one, kind="lease.release")
    results = counter.push_ok(one, two, good(counter))
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert results[1]["code"] == "op_id_reused"
    with any_ho.db.read() as session:
        kinds = session.execute(select(AppliedOp.op_id, AppliedOp.kind).where(
            AppliedOp.op_id.in_([first["op_id"], op_id]))).all()
    assert sorted(kinds) == sorted([(first["op_id"], "lease.release"),
                                    (op_id, "request.head_office")])


# --- a dropped PostgreSQL connection ----------------------------------------------------------


@pytest.fixture
def killer(pg_ho: HeadOfficeHarness) -> Iterator[dict[str, int]]:
    """Terminates the server's connection when it inserts an ``applied_ops`` row (or, with
    ``kills["reads"]`` set, reads ``change_log``), as long as ``kills["left"]`` is above
    zero (from a connection of its own)."""
    kills = {"left": 0, "done": 0, "reads": 0}
    admin = create_engine(pg_ho.db.engine.url, isolation_level="AUTOCOMMIT")

    def before(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        words = statement.lstrip().upper()
        aimed = (words.startswith("SELECT") and "FROM CHANGE_LOG" in words
                 if kills["reads"] else words.startswith("INSERT INTO APPLIED_OPS"))
        if kills["left"] > 0 and aimed:
            kills["left"] -= 1
            kills["done"] += 1
            pid = conn.connection.dbapi_connection.info.backend_pid
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    event.listen(pg_ho.db.engine, "before_cursor_execute", before)
    try:
        yield kills
    finally:
        event.remove(pg_ho.db.engine, "before_cursor_execute", before)
        admin.dispose()


@pytest.mark.postgres
def test_a_connection_dropped_once_in_a_push_is_retried(
    pg_ho: HeadOfficeHarness, killer: dict[str, int],
) -> None:
    counter = pg_ho.enroll()
    killer["left"] = 1
    ops = [good(counter), good(counter)]
    results = counter.push_ok(*ops)
    assert killer["done"] == 1
    assert [r["status"] for r in results] == ["applied", "applied"], results
    with pg_ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(HeadOfficeRequestRow)) == 2
    assert_not_stuck(counter)


@pytest.mark.postgres
def test_a_connection_dropped_at_every_attempt_is_a_503_then_the_push_applies(
    pg_ho: HeadOfficeHarness, killer: dict[str, int],
) -> None:
    counter = pg_ho.enroll()
    killer["left"] = 1000
    ops = [good(counter), good(counter)]
    response = counter.push(*ops)
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) >= 1
    with pg_ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(HeadOfficeRequestRow)) == 0
    killer["left"] = 0
    results = counter.push_ok(*ops)
    assert [r["status"] for r in results] == ["applied", "applied"], results
    assert_not_stuck(counter)


# --- the other requests ---------------------------------------------------------------------


def test_a_nul_in_a_query_is_a_400(any_ho: HeadOfficeHarness) -> None:
    counter = any_ho.enroll()
    flight = any_ho.flight()
    for query in (f"flight_id={flight}%00", f"flight_id={flight}&flight_id=%1b[2J"):
        response = counter.get(f"/api/v1/inventory/availability?{query}")
        assert response.status_code == 400, response.text
        body = ErrorBody.model_validate_json(response.content)
        assert body.code == "bad_request"
        assert body.message.startswith("query: contains a "), body
    response = counter.get("/api/v1/inventory/availability", params={"flight_id": flight})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/sync/handshake", {"protocol_version": 1, "op_schema_version": 1,
                                "app_version": "1.0\x00", "counter_time": "2026-12-04T04:00:00Z"}),
    ("/api/v1/inventory/leases", {"flight_id": "\x00", "cabin": "Y", "seats": 1}),
])
def test_a_nul_in_another_request_is_a_422(
    any_ho: HeadOfficeHarness, path: str, body: dict[str, Any],
) -> None:
    counter = any_ho.enroll()
    response = counter.post(path, body)
    assert response.status_code == 422, response.text
    error = ErrorBody.model_validate_json(response.content)
    assert error.code == "invalid_request"
    assert "NUL" in error.message, error
    assert_not_stuck(counter)


def test_a_nul_in_an_enrollment_is_a_422(any_ho: HeadOfficeHarness) -> None:
    code = any_ho.enrollment_code()
    response = any_ho.http.post("/api/v1/enroll", json={"code": code,
                                                        "counter_name": "柜台\x00一"})
    assert response.status_code == 422, response.text
    assert ErrorBody.model_validate_json(response.content).code == "invalid_request"
    assert any_ho.enroll().counter_id


# --- a value the database refuses -------------------------------------------------------------

BOOM = "__division_by_zero__"
BOOM_PNR = "ZZDIV0"


@pytest.fixture
def refusing_db(pg_ho: HeadOfficeHarness) -> None:
    """PostgreSQL triggers refuse, with a data exception (SQLSTATE 22012), a request whose
    note is BOOM and a sale whose PNR is BOOM_PNR: values that passed every check of head
    office and that the database refuses."""
    with pg_ho.db.engine.begin() as conn:
        conn.execute(text(f"""
            CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_TABLE_NAME = 'requests' THEN
                    IF NEW.note = '{BOOM}' THEN
                        PERFORM 1 / 0;
                    END IF;
                ELSIF NEW.pnr = '{BOOM_PNR}' THEN
                    PERFORM 1 / 0;
                END IF;
                RETURN NEW;
            END $$"""))
        for table in ("requests", "sales"):
            conn.execute(text(f"CREATE TRIGGER refuse_boom BEFORE INSERT ON {table} "
                              "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"))


@pytest.mark.postgres
def test_a_value_the_database_refuses_is_that_ops_refusal(
    pg_ho: HeadOfficeHarness, refusing_db: None,
) -> None:
    counter = pg_ho.enroll()
    result = push_sandwich(counter, counter.op("request.head_office",
                                               request_payload(note=BOOM)))
    assert result["code"] == "invalid_payload", result
    assert "22012" in result["message"], result
    with pg_ho.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AppliedOp).where(
            AppliedOp.op_id == result["op_id"])) == 0


@pytest.mark.postgres
def test_a_sale_the_database_refuses_in_a_run_is_that_ops_refusal(
    pg_ho: HeadOfficeHarness, refusing_db: None,
) -> None:
    ho = pg_ho
    counter = ho.enroll()
    flight = ho.flight()
    sales = [sale(flight, [ticket(ho.next_ticket(counter))]) for _ in range(3)]
    sales[1]["pnr"] = BOOM_PNR
    results = counter.push_ok(*[counter.op("sale.issue", p) for p in sales])
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert results[1]["code"] == "invalid_payload", results[1]
    assert_not_stuck(counter)


@pytest.mark.postgres
def test_a_connection_dropped_in_a_pull_is_retried_then_a_503(
    pg_ho: HeadOfficeHarness, killer: dict[str, int],
) -> None:
    counter = pg_ho.enroll()
    killer.update(reads=1, left=1)
    response = counter.get("/api/v1/sync/pull", params={"cursor": 0, "limit": 10})
    assert response.status_code == 200, response.text
    assert killer["done"] == 1
    killer["left"] = 1000
    response = counter.get("/api/v1/sync/pull", params={"cursor": 0, "limit": 10})
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) >= 1
    killer["left"] = 0
    assert counter.pull_all()
