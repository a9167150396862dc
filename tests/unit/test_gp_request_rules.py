"""The GP service request rules (domain/gp_requests.py): the kinds as data, the field
checks, entitlement and deadline, the workflow table and the field-level merge."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import Entitlement, GpLevel
from counter_app.domain.gp_requests import (
    LOCAL_TZ,
    RequestKind,
    RequestState,
    StepAction,
    allowed_actions,
    check_entitled,
    check_in_time,
    check_note,
    clean_values,
    departure_of,
    due_at,
    is_late,
    kinds_from_json,
    merge_fields,
    next_state,
    waiting_on,
)
from counter_app.resources import resource

KINDS = kinds_from_json(json.loads(resource("data", "gp_request_kinds.json").read_text("utf-8")))
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _values(kind: RequestKind) -> dict[str, Any]:
    """A complete, valid form of ``kind``."""
    sample: dict[str, Any] = {}
    for spec in kind.fields:
        if spec.type in ("text", "multiline"):
            sample[spec.key] = "某某"[: spec.max_length or 10]
        elif spec.type == "phone":
            sample[spec.key] = "13902860819"
        elif spec.type == "airport":
            sample[spec.key] = "szx" if spec.key == "origin" else "PEK"
        elif spec.type == "date":
            sample[spec.key] = "2026-03-09"
        elif spec.type == "time":
            sample[spec.key] = "09:30"
        elif spec.type == "datetime":
            sample[spec.key] = "2026-03-09T07:30"
        elif spec.type == "int":
            sample[spec.key] = spec.minimum or 1
        elif spec.type == "bool":
            sample[spec.key] = True
        elif spec.type in ("choice", "choices"):
            code = spec.options[0].code
            sample[spec.key] = code if spec.type == "choice" else [code]
        elif spec.type == "list":
            sample[spec.key] = ["479-2090171140"]
        elif spec.type == "people":
            sample[spec.key] = [{"name": "林海涛", "title": "副主任"}]
    return sample


def test_the_data_has_every_service_of_the_gp_standard() -> None:
    assert list(KINDS) == [
        "vip_cip", "group_vip", "ground_transfer", "meal_preorder", "lounge", "secretary",
        "priority_baggage", "holiday_seat", "family_spare_seats", "paid_vacation",
        "priority_seat", "refund_waiver"]
    levels = {code: kind.minimum_level for code, kind in KINDS.items()}
    assert levels["vip_cip"] is GpLevel.V4
    assert levels["group_vip"] is GpLevel.V2
    assert levels["ground_transfer"] is GpLevel.V1
    assert levels["meal_preorder"] is levels["secretary"] is GpLevel.V3
    assert levels["lounge"] is levels["refund_waiver"] is GpLevel.V4
    assert KINDS["priority_baggage"].airports == frozenset({"SZX"})


@pytest.mark.parametrize("code", list(KINDS))
def test_a_complete_form_of_every_kind_is_clean(code: str) -> None:
    kind = KINDS[code]
    cleaned = clean_values(kind, _values(kind))
    assert set(cleaned) == set(kind.keys)
    if "origin" in cleaned:
        assert cleaned["origin"] == "SZX"  # airports are codes in capitals


def test_a_required_field_left_empty_is_named_as_labelled() -> None:
    kind = KINDS["ground_transfer"]
    values = _values(kind) | {"address": "  "}
    with pytest.raises(DomainError) as caught:
        clean_values(kind, values)
    assert (caught.value.code, caught.value.field) == ("request_field_required", "address")
    assert caught.value.params["label"] == "地址"
    draft = clean_values(kind, values, complete=False)  # a draft keeps what is there
    assert "address" not in draft
    assert draft["direction"] == "pickup"


@pytest.mark.parametrize(("key", "value", "code"), [
    ("direction", "teleport", "request_field_choice"),
    ("passenger_count", 10, "request_field_range"),
    ("passenger_count", "三", "request_field_number"),
    ("passenger_count", True, "request_field_type"),
    ("transfer_at", "明天早上", "request_field_datetime"),
    ("flight_date", "2026-02-30", "request_field_date"),
    ("address", "x" * 129, "request_field_too_long"),
    ("address", "中山路\x00", "invalid_text"),
    ("notes", ["a"], "request_field_type"),
    ("nonsense", "x", "request_field_unknown"),
])
def test_bad_values_are_refused_naming_the_field(key: str, value: Any, code: str) -> None:
    kind = KINDS["ground_transfer"]
    with pytest.raises(DomainError) as caught:
        clean_values(kind, _values(kind) | {key: value})
    assert (caught.value.code, caught.value.field) == (code, key)


def test_more_than_eight_companions_are_refused() -> None:
    kind = KINDS["vip_cip"]
    people = [{"name": f"随员{i}"} for i in range(9)]
    with pytest.raises(DomainError) as caught:
        clean_values(kind, _values(kind) | {"companions": people})
    assert (caught.value.code, caught.value.field) == ("gp_companions", "companions")
    assert caught.value.params["max"] == 8
    assert len(clean_values(kind, _values(kind) | {"companions": people[:8]})["companions"]) == 8
    with pytest.raises(DomainError) as nameless:
        clean_values(kind, _values(kind) | {"companions": [{"title": "秘书"}]})
    assert nameless.value.code == "request_person_name"


def test_services_come_back_in_the_forms_order() -> None:
    kind = KINDS["vip_cip"]
    cleaned = clean_values(kind, _values(kind) | {"services": ["car", "lounge", "car"]})
    assert cleaned["services"] == ["lounge", "car"]


@pytest.mark.parametrize(("code", "level", "allowed"), [
    ("vip_cip", GpLevel.V3, False), ("vip_cip", GpLevel.V4, True),
    ("vip_cip", GpLevel.V5, True), ("group_vip", GpLevel.V1, False),
    ("group_vip", GpLevel.V2, True), ("meal_preorder", GpLevel.V2, False),
    ("meal_preorder", GpLevel.V3, True), ("lounge", GpLevel.V3, False),
    ("lounge", GpLevel.V5, True), ("ground_transfer", GpLevel.V1, True),
    ("refund_waiver", GpLevel.V3, False), ("refund_waiver", GpLevel.V4, True),
])
def test_each_kind_needs_its_level(code: str, level: GpLevel, allowed: bool) -> None:
    kind = KINDS[code]
    if allowed:
        check_entitled(kind, level, "SZX", "PEK")
        return
    with pytest.raises(DomainError) as caught:
        check_entitled(kind, level, "SZX", "PEK")
    assert caught.value.code == "gp_level_not_entitled"
    assert caught.value.params["minimum"] == kind.minimum_level.value


def test_the_guarantee_is_cip_for_v4_and_vip_for_v5() -> None:
    kind = KINDS["vip_cip"]
    assert check_entitled(kind, GpLevel.V4) is Entitlement.CIP
    assert check_entitled(kind, GpLevel.V5) is Entitlement.VIP


def test_priority_baggage_is_offered_in_shenzhen_only() -> None:
    kind = KINDS["priority_baggage"]
    check_entitled(kind, GpLevel.V3, "PEK", "szx")
    with pytest.raises(DomainError) as caught:
        check_entitled(kind, GpLevel.V5, "HET", "PEK")
    assert (caught.value.code, caught.value.params["airports"]) == ("service_airport", "SZX")
    with pytest.raises(DomainError) as no_level:
        check_entitled(kind, None, "SZX", "PEK")
    assert no_level.value.code == "gp_official_required"


def test_the_deadline_is_lead_hours_before_departure_in_beijing_time() -> None:
    kind = KINDS["vip_cip"]  # 24 h
    departure = departure_of({"flight_date": "2026-03-03", "departure_time": "09:30"})
    assert departure == datetime(2026, 3, 3, 9, 30, tzinfo=LOCAL_TZ)
    due = due_at(kind, departure)
    assert due == departure - timedelta(hours=24)
    check_in_time(kind, departure, due)  # at the deadline itself: still in time
    with pytest.raises(DomainError) as late:
        check_in_time(kind, departure, due + timedelta(minutes=1))
    assert (late.value.code, late.value.field) == ("request_too_late", "flight_date")
    assert late.value.params["due"] == "2026-03-02 09:30"
    with pytest.raises(DomainError) as gone:
        check_in_time(kind, departure, departure)
    assert gone.value.code == "flight_departed"
    assert due_at(KINDS["refund_waiver"], departure) is None
    check_in_time(KINDS["refund_waiver"], departure, departure + timedelta(days=3))
    assert departure_of({"flight_date": "not a date"}) is None
    assert departure_of({}) is None


def test_a_request_not_yet_arranged_past_its_deadline_is_late() -> None:
    due = NOW - timedelta(minutes=1)
    assert is_late(RequestState.SUBMITTED, due, NOW)
    assert is_late(RequestState.ACCEPTED, due, NOW)
    assert not is_late(RequestState.ARRANGED, due, NOW)
    assert not is_late(RequestState.SUBMITTED, NOW + timedelta(hours=1), NOW)
    assert not is_late(RequestState.SUBMITTED, None, NOW)


def test_the_workflow_and_who_takes_each_step() -> None:
    state = next_state(RequestState.DRAFT, StepAction.SUBMIT, "counter")
    state = next_state(state, StepAction.ACCEPT, "head_office")
    state = next_state(state, StepAction.ARRANGE, "head_office")
    assert next_state(state, StepAction.DONE, "head_office") is RequestState.DONE
    assert next_state(RequestState.ACCEPTED, StepAction.REJECT,
                      "head_office") is RequestState.REJECTED
    assert next_state(RequestState.ARRANGED, StepAction.CANCEL,
                      "counter") is RequestState.CANCELLED
    for state_, action, side in [
        (RequestState.SUBMITTED, StepAction.ACCEPT, "counter"),  # not the counter's step
        (RequestState.DRAFT, StepAction.SUBMIT, "head_office"),
        (RequestState.DONE, StepAction.CANCEL, "counter"),  # closed
        (RequestState.SUBMITTED, StepAction.ARRANGE, "head_office"),  # skips accept
        (RequestState.ARRANGED, StepAction.REJECT, "head_office"),
    ]:
        with pytest.raises(DomainError) as caught:
            next_state(state_, action, side)  # type: ignore[arg-type]
        assert caught.value.code == "request_step_not_allowed"
    assert allowed_actions(RequestState.SUBMITTED, "head_office") == (
        StepAction.ACCEPT, StepAction.REJECT, StepAction.CANCEL)
    assert allowed_actions(RequestState.DONE, "head_office") == ()
    assert waiting_on(RequestState.DRAFT) == "counter"
    assert waiting_on(RequestState.ACCEPTED) == "head_office"
    assert waiting_on(RequestState.REJECTED) is None


def test_a_reject_needs_its_reason() -> None:
    with pytest.raises(DomainError) as caught:
        check_note("  ", required=True)
    assert (caught.value.code, caught.value.field) == ("reject_reason_required", "note")
    assert check_note(" 座位已满 ", required=True) == "座位已满"
    with pytest.raises(DomainError):
        check_note("x" * 501)


def test_a_merge_takes_what_only_one_side_changed_and_names_the_rest() -> None:
    base = {"a": 1, "b": 1, "c": 1, "d": 1}
    current = {"a": 1, "b": 2, "c": 2, "d": 1}  # the other side changed b and c since base
    changes = {"a": 5, "b": 3, "c": 2, "d": None}
    merged = merge_fields(base, current, changes, "abcd")
    assert merged.values == {"a": 5, "b": 2, "c": 2}
    assert merged.applied == ("a", "d")
    assert merged.conflicts == ("b",)  # c: both made it 2, no conflict


def test_a_kind_from_data_alone_is_built() -> None:
    doc = {"blocks": {"notes": [{"key": "notes", "type": "multiline", "label_zh": "备注",
                                 "label_en": "Notes"}]},
           "kinds": [{"code": "wheelchair", "label_zh": "轮椅服务", "label_en": "Wheelchair",
                      "entitlements": ["ticket_consultation"], "lead_hours": 48,
                      "fields": [{"key": "chairs", "type": "int", "label_zh": "轮椅数",
                                  "label_en": "Chairs", "required": True, "minimum": 1,
                                  "maximum": 2}], "tail": ["notes"]}]}
    kind = kinds_from_json(doc)["wheelchair"]
    assert kind.keys == ("chairs", "notes")
    assert kind.minimum_level is GpLevel.V1
    assert clean_values(kind, {"chairs": "2"}) == {"chairs": 2}
    doc["kinds"].append(doc["kinds"][0])
    with pytest.raises(ValueError, match="twice"):
        kinds_from_json(doc)
