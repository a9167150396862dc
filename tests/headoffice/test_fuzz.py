"""A bounded schemathesis run of the published OpenAPI document against the real app over
HTTP, on SQLite and on PostgreSQL, with a valid device token: whatever is sent, no 5xx,
every error body is an ErrorBody, and no cabin is ever oversold.

* Every operation of ``/openapi.json`` is fuzzed (positive and negative generation), and
  the run fails when one was not: a route added later is fuzzed or the test says so. Every
  route the app serves is in the document (a route hidden from it could not be fuzzed).
* The token is checked to be valid: each operation that needs one answered something else
  than 401 at least once.
* ``/sync/push`` also gets ops of every kind built from real payloads (a sale head office
  applied, its tickets, a lease, a customer) with hostile values put in: NUL and other
  control characters, lone surrogates, integers beyond 64 bits, deep nesting, huge strings,
  wrong types, in payload fields and in the envelope. Schemathesis alone would send only
  random dicts, which head office refuses before reaching any handler.
"""

from __future__ import annotations

import copy
import hashlib
import json
import warnings
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import routing
from fastapi.routing import APIRoute
from ho_support import (
    NOON_BEIJING,
    TODAY,
    CounterClient,
    HeadOfficeHarness,
    sale,
    ticket,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from seat_support import choice as seat_choice
from seat_support import flight_map
from seat_support import release as seat_release
from sqlalchemy import func, select

from counter_app.headoffice.app import create_app
from counter_app.headoffice.models import CabinInventory, Customer
from counter_app.kernel.ids import new_id
from counter_app.sync.protocol import ErrorBody, OpKind, OpStatus, payload_hash

EXAMPLES = 15  # per operation and generation mode
PUSH_EXAMPLES = 80  # batches of hostile ops
# Served by FastAPI itself, not operations of the API.
NOT_OPERATIONS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


# --- schemathesis over every published operation ---------------------------------------------


def fuzz(operation: Any, mode: GenerationMode, base_url: str, headers: dict[str, str],
         failures: list[str], statuses: Counter[int]) -> int:
    """Send up to EXAMPLES generated requests for one operation; returns how many."""
    calls = 0

    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        nonlocal calls
        calls += 1
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        statuses[response.status_code] += 1
        where = f"{case.method} {case.formatted_path} ({mode})"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code} {response.text[:300]} "
                            f"sent: {case.body!r:.300} query: {case.query!r:.200}")
        elif response.status_code >= 400:
            try:
                ErrorBody.model_validate_json(response.content)
            except ValueError:
                failures.append(f"{where}: not an ErrorBody: {response.text[:300]}")

    with warnings.catch_warnings():
        # Hypothesis may note that a strategy filters much; that is not the app's fault.
        warnings.simplefilter("ignore")
        try:
            run()
        except Unsatisfiable:
            # Nothing to break in an operation without inputs (e.g. GET /health).
            assert mode is GenerationMode.NEGATIVE
    return calls


def published(document: dict[str, Any]) -> dict[str, bool]:
    """``"METHOD /path"`` of every operation of an OpenAPI document: whether it needs a
    token."""
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    return {
        f"{method.upper()} {path}": bool(item.get("security"))
        for path, operations in document["paths"].items()
        for method, item in operations.items() if method in methods
    }


def test_every_route_the_app_serves_is_published(ho: HeadOfficeHarness) -> None:
    """A route left out of ``/openapi.json`` (``include_in_schema=False``) would escape the
    fuzz run below: none may be. (FastAPI serves routes of included routers through
    contexts that carry their prefix; ``iter_route_contexts`` is how its own OpenAPI
    builder walks them.)"""
    app = create_app(ho.db, ho.clock)
    served: set[str] = set()
    others: set[str] = set()
    for context in routing.iter_route_contexts(app.routes):
        path = str(context.path)
        if isinstance(context.original_route, APIRoute):
            methods = (context.methods or set()) - {"HEAD", "OPTIONS"}
            served |= {f"{method} {path}" for method in methods}
        else:
            others.add(path)
    assert others <= NOT_OPERATIONS, others - NOT_OPERATIONS
    assert served == set(published(app.openapi()))
    assert len(served) >= 10


# --- hostile ops for /sync/push ---------------------------------------------------------------


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_VALUES: list[Any] = [
    "\x00", "请改签\x00谢谢", "\ud800", "x\udfffy", "\udbff\udfff", "\x1b[2J", "\x7f\x9b",
    "", " ", "9" * 5000, "张" * 3000, "🙂" * 40, "'; DROP TABLE sales; --", "%s%n%x",
    "NaN", "-0", "1e309", "2026-13-45", "0000-00-00T00:00:00", "9999-12-31T23:59:59+14:00",
    10**30, 2**63, 2**63 - 1, -(2**63), -(2**63) - 1, 2**64, -1, 0, 1e308, -1e308, 0.1,
    5e-324, None, True, False, [], {}, [None], {"\x00": 1}, {"\ud800": "x"},
    nested(40), nested(300),
]
# Values a model may well accept, so that the op reaches its handler: amounts at the edges,
# odd but valid text, numbers within 64 bits, unknown ids.
EDGY_VALUES: list[Any] = [
    "0.00", "-0.01", "-1480.00", "9999999999.99", "0.1", "1", "ＡＢＣ", "  ", "🙂", "张" * 60,
    "Y", "F", "INF", "CHD", "NI", "PP", "plain", "ticket", "receipt", "involuntary",
    "2026-02-29", "1970-01-01T00:00:00+00:00", "9999-12-31T23:59:59+00:00",
    "999-0000000000", "999-9999999999", "0000000000", "01J0000000000000000000000", 1, 16, 17,
    2**62, -(2**62), 1.5,
]
hostile_value = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.sampled_from(EDGY_VALUES),
    st.text(alphabet=st.characters(categories=["Cc", "Cs", "Lo", "Nd", "Zs", "So"]),
            max_size=24),
    st.integers(min_value=-(2**80), max_value=2**80),
)


def leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value`` (dict keys, list indexes), inner nodes included."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += leaves(item, (*path, index))
    return found


def put(value: Any, path: tuple[Any, ...], new: Any) -> None:
    for step in path[:-1]:
        value = value[step]
    value[path[-1]] = new


def loose_hash(payload: Any) -> str:
    """The payload's hash as the counter computes it, or, for what it cannot hash (a lone
    surrogate, an integer beyond 64 bits), a hash of its JSON as Python writes it."""
    try:
        return payload_hash(payload)
    except (TypeError, ValueError):
        raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def templates(ho: HeadOfficeHarness, counter: CounterClient) -> dict[str, dict[str, Any]]:
    """A payload of every op kind that names things head office holds: a sale it applied,
    that sale's ticket, a lease, a customer of the outlet."""
    flight = ho.flight(min_free=10)
    lease = counter.lease(flight, "Y", 2)
    assert lease.status_code == 200, lease.text
    lease_id = lease.json()["lease_id"]
    number = ho.next_ticket(counter)
    sold = sale(flight, [ticket(number)], lease_id)
    [applied] = counter.push_ok(counter.op("sale.issue", sold))
    assert applied["status"] == "applied", applied
    with ho.db.read() as session:
        customer = session.scalar(select(Customer.id).where(
            Customer.outlet_code == counter.outlet_code).limit(1))
    at = NOON_BEIJING.isoformat()
    sale_id = sold["sale_id"]
    general = new_id()  # a request to head office, also an inbox request
    [asked] = counter.push_ok(counter.op("request.head_office", {
        "request_id": general, "action": "book", "ticket_number": None, "flight_no": None,
        "pnr": None, "note": "", "requested_at": at}))
    assert asked["status"] == "applied", asked
    coupon = {"seq": 1, "fare": "100.00", "flight_id": flight, "cabin": "Y",
              "class_code": "Y", "moved": True}
    found = {
        "sale.issue": sale(flight, [ticket(ho.next_ticket(counter))], lease_id),
        "sale.void": {"sale_id": sale_id, "ticket_numbers": [number], "reason": "录错"},
        "number.void": {"kind": "ticket", "prefix": number[:3],
                        "number": int(number[4:]) + 50, "reason": "skipped"},
        "lease.release": {"lease_id": lease_id},
        "customer.update": {"customer_id": customer or new_id(), "base_version": 0,
                            "base": {}, "changes": {"notes": "月结", "contact_phone": "138"}},
        "sale.refund": {"refund_id": new_id(), "sale_id": sale_id, "ticket_number": number,
                        "coupons": [1], "reason": "voluntary", "fee": "10.00",
                        "amount": "100.00", "payments": [{"method": "cash",
                                                          "amount": "100.00"}],
                        "refunded_at": at},
        "sale.change": {"change_id": new_id(), "sale_id": sale_id,
                        "old_ticket_number": number,
                        "new_ticket_number": ho.next_ticket(counter), "coupon_seq": 1,
                        "passenger_type": "ADT", "reason": "voluntary", "fee": "0.00",
                        "fare_difference": "0.00",
                        "new_segment": {"flight_id": flight, "cabin": "Y", "class_code": "Y",
                                        "lease_id": lease_id},
                        "coupons": [coupon], "payments": [], "changed_at": at},
        "day.close": {"close_id": new_id(), "outlet_code": counter.outlet_code,
                      "business_date": TODAY.isoformat(), "closed_at": at,
                      "totals": {"cash": "1.00", "tickets": 1}},
        "ticket.name": {"sale_id": sale_id, "ticket_number": number, "old_name": "张三",
                        "new_name": "张叁", "approved_by": "chenhong"},
        "request.head_office": {"request_id": new_id(), "action": "refund",
                                "ticket_number": number, "flight_no": None, "pnr": None,
                                "note": "请退票", "requested_at": at},
        # A GP form (refused past its model: not a GP counter), then an edit and a cancel
        # of a general request the counter made (the cancel applies once).
        "service_request.submit": {
            "request_id": new_id(), "kind": "meal_preorder", "customer_id": customer,
            "official_id": new_id(), "booking_id": None, "pnr": "HX4K2P",
            "flight_id": flight, "note": "", "submitted_at": at,
            "values": {"official_name": "张三", "flight_date": TODAY.isoformat(),
                       "meal": "standard", "meal_count": 1,
                       "companions": [{"name": "李四", "relation": "秘书"}]}},
        "service_request.update": {"request_id": general, "base_version": 1,
                                   "base": {"meal_count": 1},
                                   "changes": {"meal_count": 2}, "updated_at": at},
        "gp_official.save": {"official_id": new_id(), "customer_id": customer or new_id(),
                             "changes": {"name": "张三"}},
        "service_request.cancel": {"request_id": general, "note": "不去了",
                                   "cancelled_at": at},
        "receipt.print": {"print_id": new_id(), "sale_id": sale_id, "ticket_number": number,
                          "serial": ho.next_receipt(counter), "mode": "plain",
                          "printed_at": at},
        "invoice.request": {"request_id": new_id(), "sale_id": sale_id,
                            "ticket_number": number, "buyer_name": "张三",
                            "buyer_kind": "individual", "email": "", "requested_at": at},
        "invoice.reverse": {"request_id": new_id(), "reason": "退票",
                            "reversed_at": (NOON_BEIJING + timedelta(hours=1)).isoformat()},
        "seat.choose": seat_choice(flight, flight_map(ho, flight).plain()),
        "seat.release": seat_release(new_id()),
    }
    assert set(found) == {kind.value for kind in OpKind}, "a new op kind needs a template"
    return found


# The id each op kind makes up (the others name what head office holds).
NEW_IDS = {"sale.issue": "sale_id", "sale.refund": "refund_id", "sale.change": "change_id",
           "day.close": "close_id", "request.head_office": "request_id",
           "receipt.print": "print_id", "invoice.request": "request_id",
           "seat.choose": "choice_id", "service_request.submit": "request_id"}


@st.composite
def hostile_op(draw: st.DrawFn, kinds: dict[str, dict[str, Any]],
               counter: CounterClient) -> dict[str, Any]:
    """An op of some kind whose payload (and now and then its envelope) holds hostile
    values in one to three places; a fresh id each time, so nothing is a duplicate."""
    kind = draw(st.sampled_from(sorted(kinds)))
    payload = copy.deepcopy(kinds[kind])
    if kind in NEW_IDS:
        payload[NEW_IDS[kind]] = new_id()
    paths = leaves(payload)
    for _ in range(draw(st.integers(0, 3))):  # none: the op as a counter would send it
        path = draw(st.sampled_from(paths)) if paths else ()
        if path and draw(st.integers(0, 5)) > 0:
            # A copy: a drawn nested value is shared, and a later put may write into it.
            put(payload, path, copy.deepcopy(draw(hostile_value)))
        else:  # a key no model knows, with a hostile name or value
            payload[draw(st.sampled_from(["\x00", "note\x00", "\ud800", "x" * 300, "extra"]))] \
                = copy.deepcopy(draw(hostile_value))
        paths = leaves(payload)
    op = counter.op(kind, {})
    op["payload"] = payload
    op["payload_hash"] = loose_hash(payload)
    if draw(st.integers(0, 6)) == 0:
        field = draw(st.sampled_from(["op_id", "kind", "schema_version", "payload_hash",
                                      "clerk_login", "counter_time", "local_seq", "payload"]))
        op[field] = copy.deepcopy(draw(hostile_value))
    return op


def push_hostile(ho: HeadOfficeHarness, counter: CounterClient, failures: list[str],
                 answers: Counter[tuple[str, str]]) -> int:
    """Push every kind's op as a counter would send it, twice (the second time most are
    refused by their handlers: the sale is void, the invoice exists …), then
    PUSH_EXAMPLES batches of hostile ops; count head office's answers per status and code;
    return how many hostile batches were sent."""
    kinds = templates(ho, counter)

    def send(batch: list[dict[str, Any]]) -> None:
        # As ASCII JSON: a lone surrogate travels as its \ud800 escape, as a counter's
        # JSON library would send it.
        body = json.dumps({"ops": batch}, ensure_ascii=True).encode()
        where = f"POST /api/v1/sync/push ({', '.join(str(op.get('kind')) for op in batch)})"
        try:
            response = ho.http.post("/api/v1/sync/push", content=body, headers={
                **counter.headers, "Content-Type": "application/json"})
        except httpx.TransportError as exc:  # the app died without an answer
            failures.append(f"{where}: no answer ({exc!r}) sent: {body[:600]!r}")
            return
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code} {response.text[:300]} "
                            f"sent: {body[:600]!r}")
        elif response.status_code >= 400:
            try:
                ErrorBody.model_validate_json(response.content)
            except ValueError:
                failures.append(f"{where}: not an ErrorBody: {response.text[:300]}")
        else:
            for result in response.json()["results"]:
                answers[result["status"], result["code"]] += 1
                if result["status"] not in {status.value for status in OpStatus}:
                    failures.append(f"{where}: unknown status {result}")

    for _ in range(2):
        clean = []
        for kind in sorted(kinds):
            payload = copy.deepcopy(kinds[kind])
            if kind in NEW_IDS:
                payload[NEW_IDS[kind]] = new_id()
            clean.append(counter.op(kind, payload))
        send(clean)

    sent = 0

    @settings(max_examples=PUSH_EXAMPLES, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(batch=st.lists(hostile_op(kinds, counter), min_size=1, max_size=4))
    def run(batch: list[dict[str, Any]]) -> None:
        nonlocal sent
        sent += 1
        send(batch)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run()
    return sent


# --- hostile text and numbers in every parameter and body field, not left to chance ----------

# Query and path values as raw URL text: NUL, a lone surrogate's UTF-8 form (not valid
# UTF-8), a byte that is not UTF-8, ESC, integers beyond 64 bits.
HOSTILE_QUERY = ["%00", "a%00b", "%ED%A0%80", "x%ED%B0%80y", "%FF", "%1B%5B2J",
                 "99999999999999999999999", "-9223372036854775809"]
# Body values as JSON (a lone surrogate as its \ud800 escape).
HOSTILE_BODY: list[Any] = ["\x00", "请改签\x00谢谢", "\ud800", "x\udfffy", "\x1b[2J", 2**64,
                           10**30, -(2**63) - 1, 1e308, nested(300), {"\x00": "\ud800"}]


def schema_of(document: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    ref = item.get("$ref")
    if ref is None:
        return item
    found: dict[str, Any] = document
    for step in ref.removeprefix("#/").split("/"):
        found = found[step]
    return found


def plain_value(schema: dict[str, Any]) -> Any:
    """A harmless value of a property's type, for the fields not under test."""
    kinds = {"string": "A", "integer": 1, "number": 1, "boolean": False, "array": [],
             "object": {}}
    return schema.get("default", kinds.get(str(schema.get("type")), "A"))


def bases(ho: HeadOfficeHarness) -> dict[str, Any]:
    """Valid bodies and queries of the operations known today, so that the hostile value is
    the request's only fault; an operation added later gets harmless values of each type."""
    flight = ho.flight(min_free=10)
    seat = flight_map(ho, flight).plain()
    return {
        "POST /api/v1/enroll": lambda: {"code": ho.enrollment_code(),
                                        "counter_name": "柜台"},
        "POST /api/v1/sync/handshake": lambda: {
            "protocol_version": 1, "op_schema_version": 1, "app_version": "1.0",
            "counter_time": NOON_BEIJING.isoformat()},
        "POST /api/v1/inventory/leases": lambda: {"flight_id": flight, "cabin": "Y",
                                                  "seats": 1},
        "POST /api/v1/ranges": lambda: {"kind": "receipt", "prefix": "", "size": 10},
        "GET /api/v1/sync/pull": lambda: {"cursor": "0", "limit": "10"},
        "GET /api/v1/inventory/availability": lambda: {"flight_id": flight},
        "POST /api/v1/seats": lambda: seat_choice(flight, seat),
        "POST /api/v1/seats/release": lambda: seat_release(new_id()),
    }


def send_hostile_fields(ho: HeadOfficeHarness, counter: CounterClient,
                        document: dict[str, Any], failures: list[str]) -> set[str]:
    """Every query, path and top-level body field of every operation gets each hostile
    value in turn, the rest of the request valid; returns the operations so tried."""
    known = bases(ho)
    tried: set[str] = set()
    for path, operations in document["paths"].items():
        for method, item in operations.items():
            name = f"{method.upper()} {path}"
            tried.add(name)
            base = known.get(name)
            parameters = item.get("parameters", [])
            query = dict(base()) if base and not item.get("requestBody") else {
                p["name"]: str(plain_value(p.get("schema", {})))
                for p in parameters if p["in"] == "query" and p.get("required")}
            requests: list[tuple[str, bytes | None]] = []
            for parameter in parameters:
                if parameter["in"] not in ("query", "path"):
                    continue
                for value in HOSTILE_QUERY:
                    url = path.replace("{" + parameter["name"] + "}", value)
                    rest = {k: v for k, v in query.items() if k != parameter["name"]}
                    pairs = [f"{k}={v}" for k, v in rest.items()]
                    if parameter["in"] == "query":
                        pairs.append(f"{parameter['name']}={value}")
                    requests.append((url + ("?" + "&".join(pairs) if pairs else ""), None))
            body_schema = item.get("requestBody", {}).get("content", {}).get(
                "application/json", {}).get("schema")
            if body_schema is not None:
                properties = schema_of(document, body_schema).get("properties", {})
                for field in properties:
                    for value in HOSTILE_BODY:
                        body = dict(base()) if base else {
                            k: plain_value(schema_of(document, v))
                            for k, v in properties.items()}
                        body[field] = value
                        requests.append((path, json.dumps(body, ensure_ascii=True).encode()))
            for url, content in requests:
                where = f"{method.upper()} {url}"
                try:
                    response = ho.http.request(method.upper(), url, content=content, headers={
                        **counter.headers, "Content-Type": "application/json"})
                except httpx.TransportError as exc:  # the app died without an answer
                    failures.append(f"{where}: no answer ({exc!r}) "
                                    f"sent: {(content or b'')[:300]!r}")
                    continue
                if response.status_code >= 500:
                    failures.append(f"{where}: {response.status_code} {response.text[:200]} "
                                    f"sent: {(content or b'')[:300]!r}")
                elif response.status_code >= 400:
                    try:
                        ErrorBody.model_validate_json(response.content)
                    except ValueError:
                        failures.append(f"{where}: not an ErrorBody: {response.text[:200]}")
    return tried


# --- the run --------------------------------------------------------------------------------


@pytest.mark.slow
def test_openapi_fuzz_finds_no_server_error(any_ho: HeadOfficeHarness) -> None:
    ho = any_ho
    counter = ho.enroll()
    base_url = str(ho.http.base_url)
    document = httpx.get(f"{base_url}/openapi.json", timeout=30).json()
    expected = published(document)
    schema = schemathesis.openapi.from_dict(document)
    failures: list[str] = []
    calls: Counter[str] = Counter()
    statuses: dict[str, Counter[int]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        name = f"{operation.method.upper()} {operation.path}"
        statuses[name] = Counter()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            calls[name] += fuzz(operation, mode, base_url, counter.headers, failures,
                                statuses[name])
    answers: Counter[tuple[str, str]] = Counter()
    batches = push_hostile(ho, counter, failures, answers)
    assert send_hostile_fields(ho, counter, document, failures) == set(expected)

    assert set(calls) == set(expected), "every published operation is fuzzed"
    assert all(calls[name] >= 1 for name in expected), calls
    assert sum(calls.values()) > 100
    # The token was valid: each operation that needs one answered other than 401.
    refused = [name for name, secured in expected.items()
               if secured and set(statuses[name]) <= {401}]
    assert refused == [], statuses
    assert batches == PUSH_EXAMPLES
    # The hostile ops reached the handlers, not only the payload models.
    assert answers["applied", ""] > 0, answers
    assert {code for status, code in answers if status == "rejected"} - {
        "invalid_payload", "invalid_text", "payload_hash_mismatch", "schema_version_unsupported",
    }, answers
    assert failures == [], "\n".join(failures)
    # Head office still works for this counter after all that.
    request = {"request_id": new_id(), "action": "book", "flight_no": "CA1144",
               "note": "请加座", "requested_at": NOON_BEIJING.isoformat()}
    [answer] = counter.push_ok(counter.op("request.head_office", request))
    assert answer["status"] == "applied", answer
    with ho.db.read() as session:
        over = session.scalar(select(func.count()).select_from(CabinInventory).where(
            CabinInventory.sold + CabinInventory.granted > CabinInventory.capacity))
    assert over == 0
