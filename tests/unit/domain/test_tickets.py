"""E-ticket numbers, PNR locators and coupon status transitions."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.tickets import (
    COUPON_STATUS_LABELS,
    FINAL_COUPON_STATUSES,
    PNR_ALPHABET,
    CouponStatus,
    TicketNumber,
    check_coupon_transition,
    coupon_transition_allowed,
    new_pnr,
    ticket_number,
    validate_pnr,
)

S = CouponStatus

# --- ticket numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "876-2090171140",
        "8762090171140",
        " 876 2090171140 ",
        "876 - 209 017 1140",
        "８７６－２０９０１７１１４０",
    ],
)
def test_parse_ticket_number(text: str) -> None:
    number = TicketNumber.parse(text)
    assert number.prefix == "876"
    assert number.serial == 2090171140
    assert str(number) == "876-2090171140"
    assert number.digits == "8762090171140"


def test_leading_zeros_kept() -> None:
    number = TicketNumber.parse("999-0000000042")
    assert number.serial == 42
    assert str(number) == "999-0000000042"


def test_no_check_digit_rejection() -> None:
    # consecutive serials differ in any would-be check digit; all are accepted
    assert [str(TicketNumber.parse(f"731-209017114{d}")) for d in "0123456789"] == [
        f"731-209017114{d}" for d in "0123456789"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "876-209017114",  # 9-digit serial
        "876-20901711400",  # 11-digit serial
        "87-62090171140",  # dash in the wrong place
        "876--2090171140",
        "876-209017114A",
        "3U-2090171140",
        "876/2090171140",
    ],
)
def test_bad_ticket_number(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        TicketNumber.parse(text)
    assert exc.value.code == "ticket_format"
    assert exc.value.field == "ticket_number"


def test_ticket_number_builder() -> None:
    assert ticket_number("479", 0) == TicketNumber("479", 0)
    assert str(ticket_number("479", 0)) == "479-0000000000"
    assert str(ticket_number("479", 9_999_999_999)) == "479-9999999999"


@pytest.mark.parametrize(
    ("prefix", "serial"), [("479", -1), ("479", 10_000_000_000), ("47", 1), ("4790", 1), ("ABC", 1)]
)
def test_ticket_number_builder_refuses(prefix: str, serial: int) -> None:
    with pytest.raises(DomainError) as exc:
        ticket_number(prefix, serial)
    assert exc.value.code == "ticket_format"


def test_ticket_numbers_sort_by_prefix_then_serial() -> None:
    numbers = [ticket_number("999", 1), ticket_number("876", 10), ticket_number("876", 9)]
    assert [str(n) for n in sorted(numbers)] == [
        "876-0000000009",
        "876-0000000010",
        "999-0000000001",
    ]


@given(st.from_regex(r"[0-9]{3}", fullmatch=True), st.integers(0, 9_999_999_999))
def test_property_ticket_round_trip(prefix: str, serial: int) -> None:
    number = ticket_number(prefix, serial)
    assert TicketNumber.parse(str(number)) == number
    assert TicketNumber.parse(number.digits) == number


# --- PNR -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [("hbtrqj", "HBTRQJ"), (" NX2K7P ", "NX2K7P"), ("000000", "000000")]
)
def test_validate_pnr(text: str, expected: str) -> None:
    assert validate_pnr(text) == expected


@pytest.mark.parametrize("text", ["", "ABCDE", "ABCDEFG", "ABC-DE", "AB CDE", "ÄBCDEF"])
def test_bad_pnr(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        validate_pnr(text)
    assert exc.value.code == "pnr_format"
    assert exc.value.field == "pnr"


def test_pnr_alphabet_has_no_confusables() -> None:
    assert len(PNR_ALPHABET) == 32
    assert not set("IO01") & set(PNR_ALPHABET)


def test_new_pnr_is_reproducible_and_valid() -> None:
    first = new_pnr(random.Random(42))
    assert first == new_pnr(random.Random(42))
    assert first == "HBTRQJ"
    rng = random.Random(7)
    locators = [new_pnr(rng) for _ in range(500)]
    for locator in locators:
        assert validate_pnr(locator) == locator
        assert not set(locator) - set(PNR_ALPHABET)
    assert len(set(locators)) == 500


# --- coupon status -------------------------------------------------------------------------------


def test_coupon_codes() -> None:
    assert [s.value for s in CouponStatus] == ["O", "C", "L", "F", "R", "E", "V", "S"]
    assert COUPON_STATUS_LABELS[S.OPEN] == ("OPEN FOR USE", "客票有效")
    assert set(COUPON_STATUS_LABELS) == set(CouponStatus)


ALLOWED = {
    (S.OPEN, S.CHECKED_IN),
    (S.OPEN, S.VOID),
    (S.OPEN, S.REFUNDED),
    (S.OPEN, S.EXCHANGED),
    (S.OPEN, S.SUSPENDED),
    (S.CHECKED_IN, S.OPEN),
    (S.CHECKED_IN, S.LIFTED),
    (S.LIFTED, S.FLOWN),
    (S.SUSPENDED, S.OPEN),
}


@pytest.mark.parametrize("old", list(CouponStatus))
@pytest.mark.parametrize("new", list(CouponStatus))
def test_every_transition(old: CouponStatus, new: CouponStatus) -> None:
    assert coupon_transition_allowed(old, new) is ((old, new) in ALLOWED)


@pytest.mark.parametrize("final", [S.VOID, S.REFUNDED, S.EXCHANGED])
def test_void_refund_exchange_only_from_open(final: CouponStatus) -> None:
    sources = {old for old in CouponStatus if coupon_transition_allowed(old, final)}
    assert sources == {S.OPEN}


def test_final_statuses() -> None:
    assert {S.FLOWN, S.REFUNDED, S.EXCHANGED, S.VOID} == FINAL_COUPON_STATUSES


def test_checked_in_coupon_cannot_be_refunded_until_offloaded() -> None:
    assert not coupon_transition_allowed(S.CHECKED_IN, S.REFUNDED)
    assert coupon_transition_allowed(S.CHECKED_IN, S.OPEN)
    assert coupon_transition_allowed(S.OPEN, S.REFUNDED)


def test_check_coupon_transition() -> None:
    check_coupon_transition(S.OPEN, S.VOID)
    with pytest.raises(DomainError) as exc:
        check_coupon_transition(S.FLOWN, S.REFUNDED)
    assert exc.value.code == "coupon_status"
    assert exc.value.field == "coupon_status"
    assert exc.value.params == {"old": "F", "new": "R"}
