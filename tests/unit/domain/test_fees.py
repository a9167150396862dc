"""Refund and change fees: standard ladders, GP easy change/refund, involuntary cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import GpFareRule
from counter_app.domain.fees import (
    FeeDecision,
    FeeLadder,
    FeeRule,
    FeeWindow,
    GpEasyContext,
    Reason,
    RuleLine,
    change_fee,
    explain_rules,
    hours_before,
    parse_fee_ladders,
    refund_fee,
    select_ladder,
)
from counter_app.domain.types import FareFamily

D = Decimal
VOL, INVOL = Reason.VOLUNTARY, Reason.INVOLUNTARY
SHANGHAI = ZoneInfo("Asia/Shanghai")

FEE_RULES_JSON: dict[str, Any] = {
    "meta": {"source": "test", "attribution": "", "version": "1"},
    "ladders": [
        {
            "airline": "*",
            "family": "full",
            "effective_from": "2025-01-01",
            "windows": [
                {"min_hours": 168, "refund_percent": "0", "change_percent": "0"},
                {"min_hours": 48, "refund_percent": "5", "change_percent": "5"},
                {"min_hours": 4, "refund_percent": "10", "change_percent": "5"},
                {"min_hours": None, "refund_percent": "15", "change_percent": "10"},
            ],
        },
        {
            "airline": "*",
            "family": "discount",
            "effective_from": "2025-01-01",
            "windows": [
                {"min_hours": 168, "refund_percent": "10", "change_percent": "5"},
                {"min_hours": 48, "refund_percent": "20", "change_percent": "10"},
                {"min_hours": 4, "refund_percent": "30", "change_percent": "20"},
                {"min_hours": None, "refund_percent": "50", "change_percent": "30"},
            ],
        },
        {
            "airline": "CA",
            "family": "discount",
            "effective_from": "2025-07-01",
            "windows": [
                {"min_hours": 24, "refund_percent": "25", "change_percent": "15"},
                {"min_hours": None, "refund_percent": "40", "change_percent": "25"},
            ],
        },
        {
            "airline": "*",
            "family": "full",
            "effective_from": "2026-01-01",
            "windows": [{"min_hours": None, "refund_percent": "1", "change_percent": "1"}],
        },
    ],
    "gp": [],
}

LADDERS = parse_fee_ladders(FEE_RULES_JSON)
FULL = LADDERS[0]
DISCOUNT = LADDERS[1]

GP_RULE = GpFareRule(
    effective_from=date(2012, 1, 1),
    discount_fare_rate=D("0.95"),
    full_fare_rate=D("0.88"),
    easy_change_min_percent=D("55"),
    easy_change_max_percent=D("75"),
    easy_refund_min_percent=D("80"),
    easy_min_hours=2,
)

DEPARTURE = datetime(2026, 3, 10, 8, 0, tzinfo=SHANGHAI)


def before(**delta: float) -> datetime:
    """The moment ``delta`` before departure (negative values: after departure)."""
    return DEPARTURE - timedelta(**delta)


def gp(percent: str) -> GpEasyContext:
    return GpEasyContext(GP_RULE, D(percent))


# --- parsing and selection ------------------------------------------------------------------


def test_parse_fee_ladders() -> None:
    assert len(LADDERS) == 4
    assert FULL.airline == "*"
    assert FULL.family is FareFamily.FULL
    assert FULL.effective_from == date(2025, 1, 1)
    assert FULL.windows == (
        FeeWindow(168, D("0"), D("0")),
        FeeWindow(48, D("5"), D("5")),
        FeeWindow(4, D("10"), D("5")),
        FeeWindow(None, D("15"), D("10")),
    )


@pytest.mark.parametrize(
    "windows",
    [
        [],
        [{"min_hours": 48, "refund_percent": "5", "change_percent": "5"}],  # no catch-all
        [
            {"min_hours": None, "refund_percent": "5", "change_percent": "5"},
            {"min_hours": 4, "refund_percent": "5", "change_percent": "5"},
        ],  # catch-all not last
        [
            {"min_hours": 4, "refund_percent": "5", "change_percent": "5"},
            {"min_hours": 48, "refund_percent": "5", "change_percent": "5"},
            {"min_hours": None, "refund_percent": "5", "change_percent": "5"},
        ],  # wrong order
        [
            {"min_hours": 4, "refund_percent": "5", "change_percent": "5"},
            {"min_hours": 4, "refund_percent": "6", "change_percent": "5"},
            {"min_hours": None, "refund_percent": "5", "change_percent": "5"},
        ],  # duplicate
        [{"min_hours": None, "refund_percent": 5, "change_percent": "5"}],  # number, not string
    ],
)
def test_parse_rejects_malformed_ladders(windows: list[dict[str, Any]]) -> None:
    data = {
        "ladders": [
            {"airline": "*", "family": "full", "effective_from": "2025-01-01", "windows": windows}
        ]
    }
    with pytest.raises(DomainError) as info:
        parse_fee_ladders(data)
    assert info.value.code == "invalid_reference_data"


def test_parse_rejects_unknown_family() -> None:
    data = {"ladders": [dict(FEE_RULES_JSON["ladders"][0], family="cheap")]}
    with pytest.raises(DomainError) as info:
        parse_fee_ladders(data)
    assert info.value.field == "ladders[0].family"


@pytest.mark.parametrize(
    ("airline", "family", "on", "expected"),
    [
        ("CA", FareFamily.DISCOUNT, date(2025, 6, 30), ("*", date(2025, 1, 1))),
        ("CA", FareFamily.DISCOUNT, date(2025, 7, 1), ("CA", date(2025, 7, 1))),
        ("MU", FareFamily.DISCOUNT, date(2025, 7, 1), ("*", date(2025, 1, 1))),
        ("CA", FareFamily.FULL, date(2025, 7, 1), ("*", date(2025, 1, 1))),  # CA has no full
        ("CA", FareFamily.FULL, date(2025, 12, 31), ("*", date(2025, 1, 1))),
        ("CA", FareFamily.FULL, date(2026, 1, 1), ("*", date(2026, 1, 1))),
    ],
)
def test_select_ladder(
    airline: str, family: FareFamily, on: date, expected: tuple[str, date]
) -> None:
    ladder = select_ladder(LADDERS, airline, family, on)
    assert ladder.family is family
    assert (ladder.airline, ladder.effective_from) == expected


@pytest.mark.parametrize(
    ("family", "on"),
    [(FareFamily.PROMO, date(2025, 7, 1)), (FareFamily.FULL, date(2024, 12, 31))],
)
def test_select_ladder_none(family: FareFamily, on: date) -> None:
    with pytest.raises(DomainError) as info:
        select_ladder(LADDERS, "CA", family, on)
    assert (info.value.code, info.value.field) == ("no_rule_in_force", "fee_rules")


# --- hours_before -------------------------------------------------------------------------


def test_hours_before_exact_and_across_zones() -> None:
    assert hours_before(DEPARTURE, before(hours=48)) == 48
    assert hours_before(DEPARTURE, before(hours=-1)) == -1
    assert hours_before(DEPARTURE, before(minutes=90)) == D("1.5")
    # 08:00 Shanghai is 00:00 UTC: a counter clock in UTC at 22:00 the day before is 2 h early.
    utc_clock = datetime(2026, 3, 9, 22, 0, tzinfo=UTC)
    assert hours_before(DEPARTURE, utc_clock) == 2
    assert hours_before(DEPARTURE, before(hours=2, seconds=-1)) < 2


@pytest.mark.parametrize("which", ["departure", "asked_at"])
def test_hours_before_refuses_naive(which: str) -> None:
    naive = datetime(2026, 3, 9, 8, 0)  # noqa: DTZ001 - the point of the test
    args = (naive, before(hours=1)) if which == "departure" else (DEPARTURE, naive)
    with pytest.raises(DomainError) as info:
        hours_before(*args)
    assert (info.value.code, info.value.field) == ("naive_datetime", which)


# --- standard refunds at every boundary --------------------------------------------------------

AT_BOUNDARIES = [
    (before(days=30), "0"),
    (before(hours=168), "0"),  # exactly 7 days: the free window
    (before(hours=168, seconds=-1), "5"),
    (before(hours=48), "5"),  # exactly 48 h
    (before(hours=48, seconds=-1), "10"),
    (before(hours=4), "10"),  # exactly 4 h
    (before(hours=4, seconds=-1), "15"),
    (before(hours=2), "15"),
    (before(hours=1, minutes=59, seconds=59), "15"),
    (DEPARTURE, "15"),
    (before(hours=-3), "15"),  # after departure (no-show)
]


@pytest.mark.parametrize(("asked_at", "percent"), AT_BOUNDARIES)
def test_standard_refund_boundaries(asked_at: datetime, percent: str) -> None:
    decision = refund_fee(FULL, D("1480.00"), DEPARTURE, asked_at, VOL, None)
    assert decision == FeeDecision(
        amount=(D("1480") * D(percent) / 100).quantize(D("1.00")),
        fare_difference=D("0.00"),
        rule=FeeRule.STANDARD,
        percent=D(percent),
    )


@pytest.mark.parametrize(
    ("asked_at", "amount"),
    [
        (before(hours=168), "0.00"),
        (before(hours=100), "74.00"),
        (before(hours=48), "74.00"),
        (before(hours=10), "148.00"),
        (before(hours=4), "148.00"),
        (before(hours=3), "222.00"),
        (before(hours=-1), "222.00"),
    ],
)
def test_standard_refund_exact_amounts(asked_at: datetime, amount: str) -> None:
    assert refund_fee(FULL, D("1480.00"), DEPARTURE, asked_at, VOL, None).amount == D(amount)


@pytest.mark.parametrize(
    ("face", "asked_at", "amount"),
    [
        ("1234.00", before(hours=100), "62.00"),  # 61.70 → 62
        ("1234.00", before(hours=10), "123.00"),  # 123.40 → 123
        ("1234.00", before(hours=1), "185.00"),  # 185.10 → 185
        ("1230.00", before(hours=100), "62.00"),  # 61.50 → 62: half up
        ("1210.00", before(hours=100), "61.00"),  # 60.50 → 61
        ("0.00", before(hours=1), "0.00"),
    ],
)
def test_refund_fee_rounded_to_whole_yuan(face: str, asked_at: datetime, amount: str) -> None:
    assert refund_fee(FULL, D(face), DEPARTURE, asked_at, VOL).amount == D(amount)


def test_discount_ladder_is_steeper() -> None:
    decision = refund_fee(DISCOUNT, D("960.00"), DEPARTURE, before(hours=3), VOL)
    assert (decision.amount, decision.percent) == (D("480.00"), D("50"))


# --- standard changes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked_at", "percent", "fee"),
    [
        (before(hours=168), "0", "0.00"),
        (before(hours=168, seconds=-1), "5", "74.00"),
        (before(hours=48), "5", "74.00"),
        (before(hours=48, seconds=-1), "5", "74.00"),
        (before(hours=4), "5", "74.00"),
        (before(hours=4, seconds=-1), "10", "148.00"),
        (before(hours=-0.5), "10", "148.00"),
    ],
)
def test_standard_change_same_fare(asked_at: datetime, percent: str, fee: str) -> None:
    decision = change_fee(FULL, D("1480.00"), D("1480.00"), True, DEPARTURE, asked_at, VOL, None)
    assert decision == FeeDecision(D(fee), D("0.00"), FeeRule.STANDARD, D(percent))


def test_change_to_higher_fare_pays_difference_plus_fee_on_old_fare() -> None:
    decision = change_fee(
        DISCOUNT, D("960.00"), D("1260.00"), False, DEPARTURE, before(hours=72), VOL
    )
    # 10% of the old face fare 960 = 96, plus 1260 − 960 = 300
    assert decision == FeeDecision(D("96.00"), D("300.00"), FeeRule.STANDARD, D("10"))
    assert decision.total == D("396.00")


def test_change_to_lower_fare_pays_no_difference_and_gets_none_back() -> None:
    decision = change_fee(FULL, D("1480.00"), D("960.00"), False, DEPARTURE, before(hours=72), VOL)
    assert decision == FeeDecision(D("74.00"), D("0.00"), FeeRule.STANDARD, D("5"))


# --- involuntary ----------------------------------------------------------------------------


@pytest.mark.parametrize("asked_at", [before(days=10), before(hours=1), before(hours=-5)])
def test_involuntary_is_free(asked_at: datetime) -> None:
    free = FeeDecision(D("0.00"), D("0.00"), FeeRule.INVOLUNTARY, D("0"))
    assert refund_fee(DISCOUNT, D("960.00"), DEPARTURE, asked_at, INVOL) == free
    # Carrier-caused: no fee and no fare difference even into a dearer class.
    assert (
        change_fee(DISCOUNT, D("960.00"), D("1480.00"), False, DEPARTURE, asked_at, INVOL) == free
    )
    assert (
        change_fee(DISCOUNT, D("960.00"), D("1480.00"), False, DEPARTURE, asked_at, INVOL, gp("65"))
        == free
    )


def test_rule_codes_are_stable_strings() -> None:
    assert [str(r) for r in FeeRule] == ["involuntary", "gp_easy", "standard"]
    assert isinstance(FeeRule.GP_EASY, str)
    assert FeeRule("gp_easy") is FeeRule.GP_EASY
    assert [str(r) for r in Reason] == ["voluntary", "involuntary"]


# --- GP easy change -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "asked_at", "easy"),
    [
        ("55", before(hours=10), True),  # lower bound inclusive
        ("75", before(hours=10), True),  # upper bound inclusive
        ("65", before(hours=10), True),
        ("54", before(hours=10), False),
        ("54.99", before(hours=10), False),
        ("76", before(hours=10), False),
        ("75.01", before(hours=10), False),
        ("65", before(hours=2), True),  # exactly 2 h: still easy
        ("65", before(hours=1, minutes=59, seconds=59), False),
        ("65", DEPARTURE, False),
        ("65", before(hours=-1), False),  # after departure
    ],
)
def test_gp_easy_change_same_class(percent: str, asked_at: datetime, easy: bool) -> None:
    decision = change_fee(
        DISCOUNT, D("960.00"), D("960.00"), True, DEPARTURE, asked_at, VOL, gp(percent)
    )
    if easy:
        assert decision == FeeDecision(D("0.00"), D("0.00"), FeeRule.GP_EASY, D("0"))
    else:
        standard = change_fee(DISCOUNT, D("960.00"), D("960.00"), True, DEPARTURE, asked_at, VOL)
        assert decision == standard
        assert decision.rule is FeeRule.STANDARD
        assert decision.amount > 0


def test_gp_easy_change_outside_window_exact_amount() -> None:
    decision = change_fee(
        DISCOUNT,
        D("960.00"),
        D("960.00"),
        True,
        DEPARTURE,
        before(hours=1, minutes=59, seconds=59),
        VOL,
        gp("65"),
    )
    assert decision == FeeDecision(D("288.00"), D("0.00"), FeeRule.STANDARD, D("30"))


def test_gp_easy_change_other_class_pays_only_difference() -> None:
    decision = change_fee(
        DISCOUNT, D("960.00"), D("1260.00"), False, DEPARTURE, before(hours=2), VOL, gp("65")
    )
    assert decision == FeeDecision(D("0.00"), D("300.00"), FeeRule.GP_EASY, D("0"))
    cheaper = change_fee(
        DISCOUNT, D("960.00"), D("820.00"), False, DEPARTURE, before(hours=30), VOL, gp("65")
    )
    assert cheaper == FeeDecision(D("0.00"), D("0.00"), FeeRule.GP_EASY, D("0"))


# --- GP easy refund --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "asked_at", "easy"),
    [
        ("80", before(hours=10), True),  # inclusive
        ("100", before(hours=10), True),
        ("200", before(hours=10), True),  # business cabin counts as 200% of Y
        ("79", before(hours=10), False),
        ("79.99", before(hours=10), False),
        ("90", before(hours=2), True),  # exactly 2 h
        ("90", before(hours=1, minutes=59, seconds=59), False),
        ("90", before(hours=-1), False),
        ("65", before(days=30), False),  # easy change band does not give easy refund
    ],
)
def test_gp_easy_refund(percent: str, asked_at: datetime, easy: bool) -> None:
    decision = refund_fee(FULL, D("1480.00"), DEPARTURE, asked_at, VOL, gp(percent))
    if easy:
        assert decision == FeeDecision(D("0.00"), D("0.00"), FeeRule.GP_EASY, D("0"))
    else:
        assert decision == refund_fee(FULL, D("1480.00"), DEPARTURE, asked_at, VOL)
        assert decision.rule is FeeRule.STANDARD


def test_gp_easy_refund_outside_window_exact_amount() -> None:
    decision = refund_fee(
        FULL, D("1480.00"), DEPARTURE, before(hours=1, minutes=59, seconds=59), VOL, gp("100")
    )
    assert decision == FeeDecision(D("222.00"), D("0.00"), FeeRule.STANDARD, D("15"))


# --- bad input ---------------------------------------------------------------------------------


def test_negative_fare_refused() -> None:
    with pytest.raises(DomainError) as info:
        refund_fee(FULL, D("-1"), DEPARTURE, before(hours=5), VOL)
    assert (info.value.code, info.value.field) == ("invalid_fare", "face_fare")
    with pytest.raises(DomainError) as info:
        change_fee(FULL, D("100"), D("-1"), True, DEPARTURE, before(hours=5), VOL)
    assert info.value.field == "new_face_fare"


def test_naive_time_refused_in_fee() -> None:
    with pytest.raises(DomainError, match="naive_datetime"):
        refund_fee(FULL, D("100"), datetime(2026, 3, 10, 8, 0), before(hours=5), VOL)  # noqa: DTZ001


# --- explain_rules ---------------------------------------------------------------------------


def test_explain_rules() -> None:
    assert explain_rules(FULL, D("1234.00")) == [
        RuleLine(None, 168, D("0"), D("0.00"), D("0"), D("0.00")),
        RuleLine(168, 48, D("5"), D("62.00"), D("5"), D("62.00")),
        RuleLine(48, 4, D("10"), D("123.00"), D("5"), D("62.00")),
        RuleLine(4, None, D("15"), D("185.00"), D("10"), D("123.00")),
    ]


def test_explain_single_window() -> None:
    only = FeeLadder("*", FareFamily.PROMO, date(2025, 1, 1), (FeeWindow(None, D("100"), D("50")),))
    assert explain_rules(only, D("500")) == [
        RuleLine(None, None, D("100"), D("500.00"), D("50"), D("250.00"))
    ]


# --- properties --------------------------------------------------------------------------------

faces = st.integers(min_value=0, max_value=1_000_000).map(lambda fen: D(fen) / 100)
offsets = st.integers(min_value=-72 * 3600, max_value=400 * 3600)  # seconds before departure
ladders = st.sampled_from([FULL, DISCOUNT, LADDERS[2], LADDERS[3]])


@given(ladder=ladders, face=faces, s1=offsets, s2=offsets)
def test_property_fee_never_falls_as_departure_nears(
    ladder: FeeLadder, face: Decimal, s1: int, s2: int
) -> None:
    early, late = max(s1, s2), min(s1, s2)
    for fee in (_refund, _change_same):
        assert (
            fee(ladder, face, before(seconds=early)).amount
            <= fee(ladder, face, before(seconds=late)).amount
        )


@given(ladder=ladders, face=faces, seconds=offsets)
def test_property_fee_matches_explained_window(
    ladder: FeeLadder, face: Decimal, seconds: int
) -> None:
    hours = D(seconds) / 3600
    lines = explain_rules(ladder, face)
    line = next(ln for ln in lines if ln.to_hours is None or hours >= ln.to_hours)
    assert line.from_hours is None or hours < line.from_hours
    assert (
        refund_fee(ladder, face, DEPARTURE, before(seconds=seconds), VOL).amount == line.refund_fee
    )
    assert _change_same(ladder, face, before(seconds=seconds)).amount == line.change_fee
    assert 0 <= line.refund_fee <= face + D("0.5")


@given(old=faces, new=faces, seconds=offsets, percent=st.integers(0, 200).map(D))
def test_property_change_algebra(
    old: Decimal, new: Decimal, seconds: int, percent: Decimal
) -> None:
    at = before(seconds=seconds)
    standard = change_fee(DISCOUNT, old, new, False, DEPARTURE, at, VOL)
    easy = change_fee(DISCOUNT, old, new, False, DEPARTURE, at, VOL, gp(str(percent)))
    assert standard.fare_difference == easy.fare_difference == max(new - old, D(0))
    assert easy.total <= standard.total
    assert easy.amount == 0 or easy.rule is FeeRule.STANDARD
    assert change_fee(DISCOUNT, old, new, False, DEPARTURE, at, INVOL).total == 0


def _change_same(ladder: FeeLadder, face: Decimal, at: datetime) -> FeeDecision:
    return change_fee(ladder, face, face, True, DEPARTURE, at, VOL)


def _refund(ladder: FeeLadder, face: Decimal, at: datetime) -> FeeDecision:
    return refund_fee(ladder, face, DEPARTURE, at, VOL)
