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
