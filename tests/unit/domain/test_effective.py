"""select_effective: the table in force on a date, and the shared errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.effective import (
    parse_date,
    parse_decimal,
    parse_int,
    parse_money,
    select_effective,
)
from counter_app.domain.errors import DomainError


@dataclass(frozen=True, slots=True)
class Rule:
    effective_from: date
    name: str


RULES = [
    Rule(date(2025, 3, 1), "march"),
    Rule(date(2025, 1, 1), "january"),
    Rule(date(2025, 2, 1), "february"),
]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2025, 1, 1), "january"),  # the day it starts
        (date(2025, 1, 31), "january"),  # the day before the next one
        (date(2025, 2, 1), "february"),
        (date(2025, 2, 28), "february"),
        (date(2025, 3, 1), "march"),
        (date(2030, 1, 1), "march"),
    ],
)
def test_latest_started_rule_wins_regardless_of_order(on: date, expected: str) -> None:
    assert select_effective(RULES, on).name == expected


def test_before_every_rule_raises_with_code_field_and_date() -> None:
    with pytest.raises(DomainError) as info:
        select_effective(RULES, date(2024, 12, 31), field="fuel_surcharge")
    assert info.value.code == "no_rule_in_force"
    assert info.value.field == "fuel_surcharge"
    assert info.value.params == {"on": date(2024, 12, 31)}
    assert str(info.value) == "no_rule_in_force"


def test_empty_raises() -> None:
    with pytest.raises(DomainError, match="no_rule_in_force"):
        select_effective([], date(2025, 1, 1))


def test_custom_key() -> None:
    pairs = [(date(2020, 1, 1), "a"), (date(2021, 1, 1), "b")]
    assert select_effective(pairs, date(2020, 6, 1), key=lambda p: p[0]) == pairs[0]


def test_tie_keeps_first() -> None:
    a, b = Rule(date(2025, 1, 1), "a"), Rule(date(2025, 1, 1), "b")
    assert select_effective([a, b], date(2025, 5, 1)) is a


@given(
    starts=st.lists(st.dates(date(2000, 1, 1), date(2040, 1, 1)), min_size=1, max_size=8),
    on=st.dates(date(2000, 1, 1), date(2040, 1, 1)),
)
def test_property_matches_brute_force(starts: list[date], on: date) -> None:
    rules = [Rule(d, str(i)) for i, d in enumerate(starts)]
    started = [r for r in rules if r.effective_from <= on]
    if not started:
        with pytest.raises(DomainError):
            select_effective(rules, on)
        return
    chosen = select_effective(rules, on)
    assert chosen.effective_from == max(r.effective_from for r in started)


def test_domain_error_message_and_params() -> None:
    err = DomainError("insurance_units", "insurance_units", "too many", max=10)
    assert isinstance(err, ValueError)
    assert str(err) == "too many"
    assert err.params == {"max": 10}


@pytest.mark.parametrize(
    ("parse", "value"),
    [
        (parse_date, "2025-13-01"),
        (parse_date, 20250101),
        (parse_money, 12.5),
        (parse_money, "abc"),
        (parse_decimal, "-1"),
        (parse_decimal, "x"),
        (parse_int, -1),
        (parse_int, True),
        (parse_int, None),
    ],
)
def test_parsers_reject_bad_reference_data(parse: object, value: object) -> None:
    with pytest.raises(DomainError) as info:
        parse(value, "somewhere.key")  # type: ignore[operator]
    assert info.value.code == "invalid_reference_data"
    assert info.value.field == "somewhere.key"
