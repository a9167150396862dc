"""Head office's refusals of issue 11 (it prices every sale again, scopes customers and
approvals, refuses hostile input, caps quotas and enrollment tries, disables counters and
revokes copied tokens) each reach the clerk with their own advice, in English and in
Chinese (the GUI tests run with the Chinese translator installed)."""

from __future__ import annotations

import re

import pytest

from counter_app.domain.errors import DomainError
from counter_app.gui import messages
from counter_app.gui.messages import attention_advice, domain_message, sync_error_message
from counter_app.sync.client import AuthInvalid, Refused

MONEY = (
    "amount_negative", "amount_mismatch", "fare_mismatch", "tax_mismatch",
    "insurance_mismatch", "service_fee_mismatch", "payment_total_mismatch",
    "commission_mismatch", "gp_order_required", "passenger_invalid", "flight_departed",
    "fee_out_of_rules", "refund_amount_mismatch",
)
SCOPING = ("customer_unknown", "gp_not_allowed", "approval_invalid", "not_your_customer")
HOSTILE = ("invalid_text", "invalid_payload")
REJECTED = MONEY + SCOPING + HOSTILE
AUTH = ("counter_disabled", "token_reused")
REFUSED = ("lease_quota", "range_quota", "enroll_throttled")

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts as written in the code: no translator consulted."""
    monkeypatch.setattr(messages, "translate", lambda _context, text, *_: text)


def _advice() -> dict[str, str]:
    texts = {code: attention_advice("rejected_op", code) for code in REJECTED}
    texts.update({code: attention_advice("auth", code) for code in AUTH})
    return texts


def _fallbacks() -> set[str]:
    return {attention_advice("rejected_op", "no_such_code"),
            attention_advice("auth", "token_invalid")}


def _online() -> dict[str, str]:
    texts = {code: sync_error_message(AuthInvalid("refused", code=code, status=401))
             for code in AUTH}
    texts.update({code: sync_error_message(Refused(409, code, f"{code}: try again in 90 s"))
                  for code in REFUSED})
    return texts


def _online_fallbacks() -> set[str]:
    return {sync_error_message(AuthInvalid("refused", code="token_invalid", status=401)),
            sync_error_message(Refused(409, "no_such_code", "no_such_code"))}


def _assert_own(texts: dict[str, str], fallbacks: set[str]) -> None:
    generic = {code: text for code, text in texts.items() if text in fallbacks or not text}
    assert generic == {}
    same = {text for text in texts.values() if list(texts.values()).count(text) > 1}
    assert same == set()  # each code its own words
    assert all("%" not in text for text in texts.values()), texts


def test_every_new_refusal_has_its_own_advice_in_english(english: None) -> None:
    texts = _advice()
    _assert_own(texts, _fallbacks())
    assert all(not CJK.search(text) for text in texts.values())
    assert "ticket number" in texts["fare_mismatch"]
    assert "shared customer" in texts["not_your_customer"]
    online = _online()
    _assert_own(online, _online_fallbacks())
    assert "wait 2 min" in online["enroll_throttled"]  # 90 s, in whole minutes
    assert "enroll it again" not in online["counter_disabled"]


def test_every_new_refusal_has_its_own_advice_in_chinese() -> None:
    texts = _advice()
    _assert_own(texts, _fallbacks())
    untranslated = [code for code, text in texts.items() if not CJK.search(text)]
    assert untranslated == []
    assert "票号" in texts["fare_mismatch"]
    online = _online()
    _assert_own(online, _online_fallbacks())
    assert [code for code, text in online.items() if not CJK.search(text)] == []
    assert "2" in online["enroll_throttled"]


def test_a_supervisor_of_another_outlet_is_said_in_words() -> None:
    text = domain_message(DomainError("override_refused", field="override",
                                      reason="other_outlet"))
    assert "other_outlet" not in text
    assert "其他网点" in text


# Head office's own checks of a seat choice (issue 12): pushed (an attention item) and live
# (the seat dialog shows head office's refusal as a DomainError of field seat).
SEAT_REJECTED = ("passenger_has_seat", "choice_replaced", "not_your_ticket",
                 "coupon_not_on_flight", "flight_unknown")
SEAT_LIVE = ("passenger_has_seat", "not_your_ticket", "coupon_not_on_flight", "flight_unknown")


def _seat_texts() -> tuple[dict[str, str], dict[str, str]]:
    pushed = {code: attention_advice("rejected_op", code) for code in SEAT_REJECTED}
    live = {code: domain_message(DomainError(code, seat="32A"))
            for code in SEAT_LIVE}
    return pushed, live


def test_head_offices_seat_refusals_have_their_own_advice_in_english(english: None) -> None:
    pushed, live = _seat_texts()
    _assert_own(pushed, _fallbacks())
    _assert_own(live, {domain_message(DomainError("no_such_code"))})
    assert all(not CJK.search(text) for text in [*pushed.values(), *live.values()])
    assert "32A" in live["passenger_has_seat"]


def test_head_offices_seat_refusals_have_their_own_advice_in_chinese() -> None:
    pushed, live = _seat_texts()
    _assert_own(pushed, _fallbacks())
    texts = {**{f"op {k}": v for k, v in pushed.items()}, **live}
    assert [code for code, text in texts.items() if not CJK.search(text)] == []


# GP service requests (issue 13): the domain's refusals, each with its message naming the
# field as labelled, and its advice when head office refuses a request the counter sent.
REQUEST_CODES = (
    "gp_official_required", "gp_level_not_entitled", "service_airport", "request_too_late",
    "request_field_type", "request_field_too_long", "request_field_number",
    "request_field_range", "request_field_required", "request_field_unknown",
    "request_field_choice", "request_field_items", "request_field_date",
    "request_field_time", "request_field_datetime", "request_person_name", "gp_companions",
    "reject_reason_required", "request_note_too_long", "request_step_not_allowed",
    "request_conflict",
)
REQUEST_PARAMS = {"kind": "贵宾服务", "level": "V2", "minimum": "V4", "airports": "SZX",
                  "hours": 24, "due": "2027-01-02 08:00", "max": 8, "min": 1, "count": 9,
                  "state": "accepted"}


def _request_texts() -> tuple[dict[str, str], dict[str, str]]:
    advice = {code: attention_advice("rejected_op", code) for code in REQUEST_CODES}
    live = {code: domain_message(DomainError(code, field="x", **REQUEST_PARAMS), "航班日期")
            for code in REQUEST_CODES if code != "request_conflict"}
    return advice, live


def test_service_request_refusals_have_their_own_words_in_english(english: None) -> None:
    advice, live = _request_texts()
    _assert_own(advice, _fallbacks())
    unknown = domain_message(DomainError("no_such_code"), "航班日期")
    _assert_own(live, {unknown})
    assert all(text.startswith("航班日期: ") for text in live.values())
    assert "{" not in "".join(live.values())  # every param the message names is filled
    assert "V4" in live["gp_level_not_entitled"]
    assert "V2" in live["gp_level_not_entitled"]
    assert "accepted" in live["request_step_not_allowed"]
    assert domain_message(DomainError("flight_departed", field="flight_date")).count("{") == 0


def test_service_request_refusals_have_their_own_words_in_chinese() -> None:
    advice, live = _request_texts()
    _assert_own(advice, _fallbacks())
    texts = {**{f"op {k}": v for k, v in advice.items()}, **live}
    assert [code for code, text in texts.items()
            if not CJK.search(text.removeprefix("航班日期: "))] == []


# Head office's own refusals of the service request ops (headoffice/ops/service_requests.py).
REQUEST_OP_CODES = ("request_kind_unknown", "official_unknown", "booking_cancelled",
                    "request_unknown", "not_your_request", "request_closed")
REQUEST_LIVE_CODES = ("request_closed", "request_kind_unknown")


def _request_op_texts() -> tuple[dict[str, str], dict[str, str]]:
    advice = {code: attention_advice("rejected_op", code)
              for code in REQUEST_CODES + REQUEST_OP_CODES}
    live = {code: domain_message(DomainError(code, field="x", **REQUEST_PARAMS), "餐食")
            for code in REQUEST_LIVE_CODES}
    return advice, live


def test_service_request_op_refusals_have_their_own_advice_in_english(english: None) -> None:
    advice, live = _request_op_texts()
    _assert_own(advice, _fallbacks())
    _assert_own(live, {domain_message(DomainError("no_such_code"), "餐食")})
    assert all(not CJK.search(text) for text in advice.values())
    assert "accepted" in live["request_closed"]


def test_service_request_op_refusals_have_their_own_advice_in_chinese() -> None:
    advice, live = _request_op_texts()
    _assert_own(advice, _fallbacks())
    texts = {**{f"op {k}": v for k, v in advice.items()}, **live}
    assert [code for code, text in texts.items()
            if not CJK.search(text.removeprefix("餐食: "))] == []
