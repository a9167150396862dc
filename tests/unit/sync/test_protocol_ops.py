"""The op payload models of the sync protocol (``counter_app.sync.protocol.ops``): one model
per op kind, and a payload read into its model and written back is the same bytes, so its
hash does not change whichever way an op was built."""

from __future__ import annotations

import json
import typing
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from counter_app.sync import protocol
from counter_app.sync.protocol import (
    OP_MODELS,
    TYPED_OP,
    CouponLine,
    Op,
    OpKind,
    PaymentLine,
    SaleIssue,
    SegmentLine,
    TicketLine,
    canonical_json,
    kind_of,
    op_payload,
    parse_payload,
    payload_hash,
    typed_op,
)

AT = "2026-12-04T02:15:07.123456+00:00"  # what the counter's isoformat() writes
SALE = "01938a6c-7d2e-7b3a-9c1f-2e4d6a8b0c1d"
TICKET = "876-2090171140"

# One payload per op kind, as the counter's services write them today.
PAYLOADS: dict[OpKind, dict[str, Any]] = {
    OpKind.SALE_ISSUE: {
        "sale_id": SALE, "pnr": "HX4K2M", "flight_id": "01938a6c-0000-7000-8000-000000000001",
        "cabin": "Y", "class_code": "M", "lease_id": "01938a6c-0000-7000-8000-00000000000a",
        "customer_id": None,
        "tickets": [
            {"ticket_number": TICKET, "passenger_name": "张伟", "passenger_type": "ADT",
             "id_type": "NI", "id_number": "110101199003071234", "fare": "1480.00",
             "cn_fund": "100.00", "fuel": "60.00", "insurance": "40.00",
             "service_fee": "20.00", "total": "1700.00", "receipt_serial": None,
             "coupons": [
                 {"seq": 1, "fare": "740.00", "cn_fund": "50.00", "fuel": "30.00",
                  "insurance": "20.00", "service_fee": "10.00",
                  "insurance_policy_no": "PA2026120400001"},
                 {"seq": 2, "fare": "740.00", "cn_fund": "50.00", "fuel": "30.00",
                  "insurance": "20.00", "service_fee": "10.00",
                  "insurance_policy_no": "PA2026120400002"},
             ]},
            {"ticket_number": "876-2090171141", "passenger_name": "ZHANG/XIAOMING",
             "passenger_type": "INF", "id_type": "PP", "id_number": "E12345678",
             "fare": "150.00", "cn_fund": "0.00", "fuel": "0.00", "insurance": "0.00",
             "service_fee": "0.00", "total": "150.00", "receipt_serial": "0000123456",
             "coupons": [
                 {"seq": 1, "fare": "75.00", "cn_fund": "0.00", "fuel": "0.00",
                  "insurance": "0.00", "service_fee": "0.00", "insurance_policy_no": ""},
                 {"seq": 2, "fare": "75.00", "cn_fund": "0.00", "fuel": "0.00",
                  "insurance": "0.00", "service_fee": "0.00", "insurance_policy_no": ""},
             ]},
        ],
        "payments": [{"method": "cash", "amount": "1000.00"},
                     {"method": "wechat", "amount": "850.00"}],
        "issued_at": AT,
        "segments": [
            {"seq": 1, "flight_id": "01938a6c-0000-7000-8000-000000000001", "cabin": "Y",
             "class_code": "M", "lease_id": "01938a6c-0000-7000-8000-00000000000a"},
            {"seq": 2, "flight_id": "01938a6c-0000-7000-8000-000000000002", "cabin": "Y",
             "class_code": "M", "lease_id": None},
        ],
        "gp_order_no": "",
        "commission": "0.00",
    },
    OpKind.SALE_VOID: {"sale_id": SALE, "ticket_numbers": [TICKET, "876-2090171141"],
                       "reason": "旅客取消"},
    OpKind.NUMBER_VOID: {"kind": "receipt", "prefix": "", "number": 123457,
                         "reason": "卡纸"},
    OpKind.LEASE_RELEASE: {"lease_id": "01938a6c-0000-7000-8000-00000000000a"},
    OpKind.CUSTOMER_UPDATE: {
        "customer_id": "01938a6c-0000-7000-8000-0000000000c1", "base_version": 3,
        "base": {"contact_phone": "13800138000", "credit_limit": "50000.00"},
        "changes": {"contact_phone": "13900139000", "credit_limit": "80000.00"},
    },
    OpKind.SALE_REFUND: {
        "refund_id": "01938a6d-1111-7000-8000-000000000001", "sale_id": SALE,
        "ticket_number": TICKET, "coupons": [2], "reason": "voluntary", "fee": "74.00",
        "amount": "666.00", "payments": [{"method": "cash", "amount": "-666.00"}],
        "refunded_at": AT,
    },
    OpKind.SALE_CHANGE: {
        "change_id": "01938a6d-2222-7000-8000-000000000001", "sale_id": SALE,
        "old_ticket_number": TICKET, "new_ticket_number": "876-2090171142",
        "coupon_seq": 1, "passenger_type": "ADT", "reason": "voluntary", "fee": "148.00",
        "fare_difference": "120.00",
        "new_segment": {"flight_id": "01938a6c-0000-7000-8000-000000000003", "cabin": "Y",
                        "class_code": "Y", "lease_id": None, "same_seat": False},
        "coupons": [
            {"seq": 1, "flight_id": "01938a6c-0000-7000-8000-000000000003", "cabin": "Y",
             "class_code": "Y", "fare": "860.00", "cn_fund": "50.00", "fuel": "30.00",
             "insurance": "0.00", "service_fee": "0.00", "insurance_policy_no": "",
             "moved": True},
            {"seq": 2, "flight_id": "01938a6c-0000-7000-8000-000000000002", "cabin": "Y",
             "class_code": "M", "fare": "740.00", "cn_fund": "50.00", "fuel": "30.00",
             "insurance": "20.00", "service_fee": "10.00",
             "insurance_policy_no": "PA2026120400002", "moved": False},
        ],
        "payments": [{"method": "unionpay", "amount": "268.00"}],
        "changed_at": AT,
    },
    OpKind.DAY_CLOSE: {
        "close_id": "01938a6d-3333-7000-8000-000000000001", "outlet_code": "BJ-XD-001",
        "business_date": "2026-12-04", "closed_at": AT,
        "totals": {"tickets_issued": 12, "tickets_voided": 1, "refunds": 2,
                   "by_method": {"cash": "8620.00", "wechat": "-666.00"}},
    },
    OpKind.TICKET_NAME: {"sale_id": SALE, "ticket_number": TICKET, "old_name": "张纬",
                         "new_name": "张伟", "approved_by": "zhuguan", "code": "typo"},
    OpKind.REQUEST_HEAD_OFFICE: {
        "request_id": "01938a6d-4444-7000-8000-000000000001", "action": "refund",
        "ticket_number": "999-1234567890", "flight_no": None, "pnr": None,
        "note": "外站出票，旅客要求退票", "requested_at": "2026-12-04T02:15:07+00:00",
    },
    OpKind.RECEIPT_PRINT: {
        "print_id": "01938a6c-7d2e-7b3a-9c1f-2e4-00123458", "sale_id": SALE,
        "ticket_number": TICKET, "serial": "0000123458", "replaces": "0000123456",
        "reason": "打印偏移", "mode": "overlay", "printed_at": AT,
    },
    OpKind.INVOICE_REQUEST: {
        "request_id": "01938a6d-5555-7000-8000-000000000001", "sale_id": SALE,
        "ticket_number": TICKET, "buyer_name": "北京某某科技有限公司",
        "buyer_uscc": "91110108MA01ABCD2X", "buyer_kind": "company",
        "email": "finance@example.cn", "requested_at": AT,
    },
    OpKind.INVOICE_REVERSE: {"request_id": "01938a6d-5555-7000-8000-000000000001",
                             "reason": "退票", "reversed_at": AT},
    OpKind.SEAT_CHOOSE: {"choice_id": "01938a6d-6666-7000-8000-000000000001",
                         "flight_id": "CA1501-20261205", "cabin": "Y", "seat": "32A",
                         "kind": "seat", "holder": "01938a6d-6666-7000-8000-000000000002",
                         "passenger_name": "王丽",
                         "passenger": {"passenger_type": "ADT", "age": 40, "gp_level": "V4"},
                         "ticket_number": "999-1234567890", "coupon_seq": 1, "locked": True,
                         "clerk_login": "wangli", "chosen_at": AT},
    OpKind.SEAT_RELEASE: {"choice_id": "01938a6d-6666-7000-8000-000000000001",
                          "reason": "clerk", "approved_by": "zhaomin",
                          "clerk_login": "wangli", "released_at": AT},
    OpKind.SERVICE_REQUEST_SUBMIT: {
        "request_id": "01938a6d-7777-7000-8000-000000000001", "kind": "vip_cip",
        "customer_id": "gp-sz-001", "official_id": "01938a6d-7777-7000-8000-0000000000aa",
        "pnr": "HX3K9P", "flight_id": "ZH9101-20261205",
        "values": {"official_name": "陈志远", "flight_no": "ZH9101",
                   "flight_date": "2026-12-05", "services": ["lounge", "car"],
                   "companions": [{"name": "林海涛", "title": "办公厅副主任"}],
                   "group_size": 3, "notes": "第一行\n第二行"},
        "note": "", "submitted_at": AT},
    OpKind.SERVICE_REQUEST_UPDATE: {
        "request_id": "01938a6d-7777-7000-8000-000000000001", "base_version": 2,
        "base": {"vehicle_plate": "粤B12345"}, "changes": {"vehicle_plate": "粤B54321"},
        "updated_at": AT},
    OpKind.SERVICE_REQUEST_CANCEL: {"request_id": "01938a6d-7777-7000-8000-000000000001",
                                    "note": "行程取消", "cancelled_at": AT},
    OpKind.GP_OFFICIAL_SAVE: {
        "official_id": "01938a6d-8888-7000-8000-000000000001", "customer_id": "gp-sz-001",
        "base_version": 0, "changes": {"name": "陈志远", "gp_level": "V5", "meal_pref": "muslim",
                                       "companions": [{"name": "林海涛", "relation": "秘书"}]}},
}


def _as_stored(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the outbox keeps it (normalised through canonical JSON)."""
    loaded: dict[str, Any] = json.loads(canonical_json(payload))
    return loaded


def test_every_op_kind_has_one_model_and_a_typed_envelope() -> None:
    assert set(OP_MODELS) == set(OpKind)
    assert len(set(OP_MODELS.values())) == len(OpKind)
    union = typing.get_args(typing.get_args(protocol.TypedOp)[0])
    enveloped = {typing.get_args(env.model_fields["kind"].annotation)[0]:
                 env.model_fields["payload"].annotation for env in union}
    assert enveloped == dict(OP_MODELS)
    assert set(PAYLOADS) == set(OpKind)  # a new kind needs a sample below, too


@pytest.mark.parametrize("kind", list(OpKind), ids=str)
def test_payload_round_trip_keeps_bytes_and_hash(kind: OpKind) -> None:
    payload = _as_stored(PAYLOADS[kind])
    model = parse_payload(kind, payload)
    assert type(model) is OP_MODELS[kind]
    assert kind_of(model) is kind
    written = op_payload(model)
    assert canonical_json(written) == canonical_json(payload)
    assert payload_hash(written) == payload_hash(payload)
    assert parse_payload(kind, written) == model
    op = Op(op_id="01938a6e-0000-7000-8000-000000000001", kind=kind, schema_version=1,
            payload=payload, payload_hash=payload_hash(payload), clerk_login="wangli",
            counter_time=datetime(2026, 12, 4, 2, 15, tzinfo=UTC), local_seq=7)
    typed = typed_op(op)
    assert typed.kind is kind
    assert typed.payload == model
    assert TYPED_OP.validate_json(op.model_dump_json()).payload == model


def test_a_model_built_by_keyword_writes_what_the_dict_did() -> None:
    """The counter builds models from its own values (an aware UTC datetime, not a
    string); the canonical JSON is the dict it wrote before, byte for byte."""
    sample = _as_stored(PAYLOADS[OpKind.SALE_ISSUE])
    issued = datetime(2026, 12, 4, 2, 15, 7, 123456, tzinfo=UTC)
    assert issued.isoformat() == AT

    def coupons(t: dict[str, Any]) -> list[CouponLine]:
        return [CouponLine(**c) for c in t["coupons"]]

    model = SaleIssue(
        sale_id=sample["sale_id"], pnr=sample["pnr"], flight_id=sample["flight_id"],
        cabin="Y", class_code="M", lease_id=sample["lease_id"], customer_id=None,
        tickets=[TicketLine(**{**t, "coupons": coupons(t)}) for t in sample["tickets"]],
        payments=[PaymentLine(**p) for p in sample["payments"]],
        issued_at=issued,
        segments=[SegmentLine(**g) for g in sample["segments"]],
        gp_order_no="", commission="0.00",
    )
    assert op_payload(model) == sample
    assert payload_hash(op_payload(model)) == payload_hash(sample)


def test_only_the_fields_given_are_written() -> None:
    """An older counter's one-segment sale leaves ``segments`` out; reading and writing it
    back does not add the default (that would change its hash)."""
    sample = _as_stored(PAYLOADS[OpKind.SALE_ISSUE])
    for key in ("segments", "gp_order_no", "commission"):
        del sample[key]
    for ticket in sample["tickets"]:
        del ticket["coupons"], ticket["service_fee"]
    model = parse_payload(OpKind.SALE_ISSUE, sample)
    assert isinstance(model, SaleIssue)
    assert model.segments == []
    assert model.commission == "0.00"
    assert op_payload(model) == sample


def test_a_bad_payload_is_refused_by_its_kind() -> None:
    bad = {**PAYLOADS[OpKind.SALE_REFUND], "fee": 74.0}
    with pytest.raises(ValidationError):
        parse_payload(OpKind.SALE_REFUND, bad)
    with pytest.raises(ValidationError):  # a field the model does not know
        parse_payload(OpKind.LEASE_RELEASE, {"lease_id": "x", "seats": 3})
    with pytest.raises(ValidationError):  # the payload of another kind
        parse_payload(OpKind.SALE_VOID, PAYLOADS[OpKind.LEASE_RELEASE])


def test_a_part_of_a_payload_is_no_op() -> None:
    part = PaymentLine(method="cash", amount="1.00")
    with pytest.raises(TypeError):
        op_payload(part)
    with pytest.raises(KeyError):
        kind_of(part)


# --- text and numbers head office can keep ---------------------------------------------------


def _string_leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, str):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _string_leaves(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _string_leaves(v, (*path, i))]
    return []


def _with(payload: Any, path: tuple[Any, ...], change: Any) -> Any:
    copy = json.loads(json.dumps(payload))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = change(target[path[-1]])
    return copy


@pytest.mark.parametrize("kind", list(OpKind), ids=str)
@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\ud800"], ids=["nul", "esc", "surrogate"])
def test_every_string_of_every_payload_refuses_a_nul_a_control_or_a_surrogate(
    kind: OpKind, bad: str,
) -> None:
    sample = _as_stored(PAYLOADS[kind])
    leaves = _string_leaves(sample)
    assert leaves
    for path in leaves:
        payload = _with(sample, path, lambda text: text[:1] + bad + text[1:])
        fault = protocol.payload_fault(payload)
        assert fault is not None, path
        assert fault[0] == "invalid_text"
        assert fault[1].startswith(".".join(map(str, path)) + ": contains "), fault
        if path[0] == "totals":
            continue  # free JSON: head office refuses it by payload_fault alone
        with pytest.raises(ValidationError) as caught:
            parse_payload(kind, payload)
        # A value of a union (a form field's value) is located through the member's tag,
        # and each member that did not fit adds an error: one of them names the string.
        locs = [tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
                for error in caught.value.errors()]
        assert any(loc[:len(path)] == path for loc in locs), locs


def test_a_text_fault_names_the_character_and_its_position() -> None:
    assert protocol.text_fault("请改签\x00谢谢") == (
        "contains a NUL character (U+0000) at position 3")
    assert protocol.text_fault("a\ud800") == "contains a lone surrogate (U+D800) at position 1"
    assert protocol.text_fault("\x1b[2J") == (
        "contains a control character (U+001B) at position 0")
    assert protocol.text_fault("两行\n\t备注\r") is None
    assert protocol.text_fault("两行\n备注", one_line=True) == (
        "contains a control character (U+000A) at position 2")
    assert protocol.text_fault("张伟 ZHANG/WEI ✈ 😀", one_line=True) is None
    assert protocol.storable("a\x00b\ud800c\n") == "a\\u0000b\\ud800c\n"


def test_one_line_fields_refuse_line_breaks_and_free_text_keeps_them() -> None:
    request = _as_stored(PAYLOADS[OpKind.REQUEST_HEAD_OFFICE])
    note = parse_payload(OpKind.REQUEST_HEAD_OFFICE, {**request, "note": "第一行\n第二行\t完"})
    assert note.model_dump()["note"] == "第一行\n第二行\t完"
    with pytest.raises(ValidationError) as caught:
        parse_payload(OpKind.REQUEST_HEAD_OFFICE, {**request, "pnr": "HX\n4K"})
    [error] = caught.value.errors()
    assert (error["type"], error["loc"]) == ("invalid_text", ("pnr",))
    assert error["msg"] == "contains a control character (U+000A) at position 2"
    name = _as_stored(PAYLOADS[OpKind.TICKET_NAME])
    with pytest.raises(ValidationError):
        parse_payload(OpKind.TICKET_NAME, {**name, "new_name": "张\t伟"})
    customer = _as_stored(PAYLOADS[OpKind.CUSTOMER_UPDATE])
    parse_payload(OpKind.CUSTOMER_UPDATE, {**customer, "changes": {"notes": "月结\n对公"}})


def test_payload_fault_finds_what_cannot_be_hashed_or_kept() -> None:
    fault = protocol.payload_fault
    for sample in PAYLOADS.values():
        assert fault(_as_stored(sample)) is None
    assert fault({"a": [1, {"b": protocol.MAX_INT, "c": protocol.MIN_INT, "d": True}]}) is None
    assert fault({"a": [1, {"b": protocol.MAX_INT + 1}]}) == (
        "invalid_payload", "a.1.b: an integer wider than 64 bits")
    assert fault({"n": protocol.MIN_INT - 1})[1].startswith("n: ")  # type: ignore[index]
    assert fault({"x": 1.5, "n": float("nan")}) == (
        "invalid_payload", "n: not a finite number")
    assert fault({"n": float("-inf")}) == ("invalid_payload", "n: not a finite number")
    assert fault({"t": {"ok": 1, "k\x00": 2}}) == (
        "invalid_text", "t: a key contains a NUL character (U+0000) at position 1")
    assert fault({"\ud800": 1}) == (
        "invalid_text", "payload: a key contains a lone surrogate (U+D800) at position 0")
    deep: Any = "x"
    for _ in range(protocol.MAX_PAYLOAD_DEPTH - 1):
        deep = [deep]
    assert fault({"note": deep}) is None
    assert fault({"note": [deep]}) == (
        "invalid_payload",
        f"note.0.0.0.0.0...: nested deeper than {protocol.MAX_PAYLOAD_DEPTH} levels")
    for _ in range(100_000):  # far deeper than any recursion limit: no RecursionError
        deep = [deep]
    assert fault({"note": deep}) is not None
    # the first fault in the order of the document
    assert fault({"a": "ok", "b": ["\x00", 10**30], "c": float("nan")}) == (
        "invalid_text", "b.0: contains a NUL character (U+0000) at position 0")


def test_integers_are_bounded_by_their_columns() -> None:
    void = _as_stored(PAYLOADS[OpKind.NUMBER_VOID])
    for number in (9_999_999_999, 0, "0000123457"):
        parse_payload(OpKind.NUMBER_VOID, {**void, "number": number})
    for number in (10_000_000_000, -1, 10**30):
        with pytest.raises(ValidationError):
            parse_payload(OpKind.NUMBER_VOID, {**void, "number": number})
    customer = _as_stored(PAYLOADS[OpKind.CUSTOMER_UPDATE])
    with pytest.raises(ValidationError):
        parse_payload(OpKind.CUSTOMER_UPDATE, {**customer, "base_version": 2**31})
    op = {"op_id": "01938a6e-0000-7000-8000-000000000001", "kind": "lease.release",
          "schema_version": 1, "payload": {}, "payload_hash": "0" * 64,
          "clerk_login": "wangli", "counter_time": AT, "local_seq": protocol.MAX_INT}
    Op.model_validate(op)
    with pytest.raises(ValidationError):
        Op.model_validate({**op, "local_seq": protocol.MAX_INT + 1})
