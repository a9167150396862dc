"""Agency fee, distributor commission, clerk rewards and health indicators."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.commissions import (
    AgencyFeeRule,
    ClerkRewardRule,
    CommissionTables,
    DistributorTier,
    DistributorTierTable,
    HealthIndicators,
    Indicator,
    agency_fee,
    clerk_reward,
    distributor_commission,
    distributor_commission_percent,
    parse_commission_tables,
)
from counter_app.domain.errors import DomainError

D = Decimal

SAMPLE: dict[str, Any] = {
    "meta": {"source": "test", "attribution": "", "version": "1"},
    "agency_fee": [
        {
            "effective_from": "2012-01-01",
            "percent": "3",
            "per_ticket": "5.00",
            "insurance_percent": "40",
        },
        {
            "effective_from": "2025-07-01",
            "percent": "2.5",
            "per_ticket": "8.00",
            "insurance_percent": "35",
        },
    ],
    "distributor_tiers": [
        {
            "effective_from": "2012-01-01",
            "tiers": [
                {"min_tickets": 0, "percent": "0"},
                {"min_tickets": 200, "percent": "2"},
                {"min_tickets": 500, "percent": "2.5"},
            ],
        }
    ],
    "clerk_rewards": [
        {
            "effective_from": "2012-01-01",
            "big_customer_percent": "1.5",
            "big_customer_maintenance_fee": "200.00",
            "walk_in_agency_fee_share_percent": "50",
        }
    ],
}


@pytest.fixture
def tables() -> CommissionTables:
    return parse_commission_tables(SAMPLE)


# --- parsing -------------------------------------------------------------------------------------


def test_parse(tables: CommissionTables) -> None:
    assert tables.agency_fee[0] == AgencyFeeRule(date(2012, 1, 1), D("3"), D("5.00"), D("40"))
    assert tables.distributor_tiers[0] == DistributorTierTable(
        date(2012, 1, 1),
        (DistributorTier(0, D("0")), DistributorTier(200, D("2")), DistributorTier(500, D("2.5"))),
    )
    assert tables.clerk_rewards[0] == ClerkRewardRule(
        date(2012, 1, 1), D("1.5"), D("200.00"), D("50")
    )


def test_rule_in_force(tables: CommissionTables) -> None:
    assert tables.agency_fee_on(date(2025, 6, 30)).percent == D("3")
    assert tables.agency_fee_on(date(2025, 7, 1)).percent == D("2.5")  # inclusive
    assert tables.agency_fee_on(date(2030, 1, 1)).per_ticket == D("8.00")
    assert tables.distributor_tiers_on(date(2012, 1, 1)).tiers[1].min_tickets == 200
    assert tables.clerk_rewards_on(date(2020, 5, 5)).big_customer_percent == D("1.5")


@pytest.mark.parametrize("method", ["agency_fee_on", "distributor_tiers_on", "clerk_rewards_on"])
def test_no_rule_in_force(tables: CommissionTables, method: str) -> None:
    with pytest.raises(DomainError) as exc:
        getattr(tables, method)(date(2011, 12, 31))
    assert exc.value.code == "no_rule_in_force"


def _broken(path: list[str | int], value: object) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (["agency_fee", 0, "percent"], 3.0, "agency_fee[0].percent"),  # JSON number refused
        (["agency_fee", 0, "percent"], "101", "agency_fee[0].percent"),
        (["agency_fee", 0, "per_ticket"], "-1.00", "agency_fee[0].per_ticket"),
        (["agency_fee", 0, "insurance_percent"], KeyError, "agency_fee[0].insurance_percent"),
        (["agency_fee", 1, "effective_from"], "2012-01-01", "agency_fee"),  # duplicate date
        (["agency_fee", 1, "effective_from"], "2025-13-01", "agency_fee[1].effective_from"),
        (["distributor_tiers", 0, "tiers"], [], "distributor_tiers[0].tiers"),
        (["distributor_tiers", 0, "tiers", 1, "min_tickets"], 0, "distributor_tiers[0].tiers"),
        (["distributor_tiers", 0, "tiers", 2, "percent"], "1.5", "distributor_tiers[0].tiers"),
        (
            ["distributor_tiers", 0, "tiers", 1, "min_tickets"],
            -5,
            "distributor_tiers[0].tiers[1].min_tickets",
        ),
        (
            ["clerk_rewards", 0, "big_customer_maintenance_fee"],
            200,
            "clerk_rewards[0].big_customer_maintenance_fee",
        ),
        (["clerk_rewards"], KeyError, "commissions.clerk_rewards"),
    ],
)
def test_parse_refuses_broken_data(path: list[str | int], value: object, field: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_commission_tables(_broken(path, value))
    assert exc.value.code == "invalid_reference_data"
    assert exc.value.field == field


# --- agency fee ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fare", "premium", "expected"),
    [
        (D("960.00"), D("40.00"), D("49.80")),  # 28.80 + 5 + 16
        (D("1235.00"), D("0.00"), D("42.05")),
        (D("0.00"), D("0.00"), D("5.00")),
        (D("333.33"), D("20.00"), D("23.00")),  # 9.9999 + 5 + 8, rounded once
        (D("100.50"), D("0.00"), D("8.02")),  # 3.015 + 5 → 8.015 → 8.02 half up
    ],
)
def test_agency_fee(
    tables: CommissionTables, fare: Decimal, premium: Decimal, expected: Decimal
) -> None:
    rule = tables.agency_fee_on(date(2024, 1, 1))
    result = agency_fee(rule, fare, premium)
    assert result == expected
    assert result.as_tuple().exponent == -2


def test_agency_fee_later_rule(tables: CommissionTables) -> None:
    rule = tables.agency_fee_on(date(2025, 7, 1))
    assert agency_fee(rule, D("960.00"), D("40.00")) == D("46.00")  # 24 + 8 + 14


def test_agency_fee_refuses_negative(tables: CommissionTables) -> None:
    with pytest.raises(DomainError) as exc:
        agency_fee(tables.agency_fee[0], D("-1.00"), D("0"))
    assert exc.value.code == "negative_amount"
    assert exc.value.field == "fare"


# --- distributors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "percent"),
    [
        (0, D("0")),
        (1, D("0")),
        (199, D("0")),
        (200, D("2")),
        (201, D("2")),
        (499, D("2")),
        (500, D("2.5")),
        (10_000, D("2.5")),
    ],
)
def test_distributor_percent(tables: CommissionTables, count: int, percent: Decimal) -> None:
    assert distributor_commission_percent(tables.distributor_tiers[0], count) == percent


def test_below_lowest_tier_earns_nothing() -> None:
    table = DistributorTierTable(date(2012, 1, 1), (DistributorTier(200, D("2")),))
    assert distributor_commission_percent(table, 199) == D("0")
    assert distributor_commission_percent(table, 200) == D("2")


@pytest.mark.parametrize(
    ("count", "sales", "expected"),
    [
        (230, D("50000.00"), D("1000.00")),
        (199, D("50000.00"), D("0.00")),
        (500, D("12345.67"), D("308.64")),  # 308.64175
        (200, D("0.25"), D("0.01")),  # 0.005 rounds half up
    ],
)
def test_distributor_commission(
    tables: CommissionTables, count: int, sales: Decimal, expected: Decimal
) -> None:
    assert distributor_commission(tables.distributor_tiers[0], count, sales) == expected


def test_distributor_negative_count(tables: CommissionTables) -> None:
    with pytest.raises(DomainError) as exc:
        distributor_commission_percent(tables.distributor_tiers[0], -1)
    assert exc.value.code == "negative_count"
    assert exc.value.field == "monthly_tickets"


@given(st.integers(0, 5000), st.integers(0, 5000))
def test_property_commission_monotone(a: int, b: int) -> None:
    table = parse_commission_tables(SAMPLE).distributor_tiers[0]
    low, high = sorted((a, b))
    assert distributor_commission_percent(table, low) <= distributor_commission_percent(table, high)
    sales = D("10000.00")
    assert distributor_commission(table, low, sales) <= distributor_commission(table, high, sales)


# --- clerk rewards -------------------------------------------------------------------------------


def test_clerk_reward(tables: CommissionTables) -> None:
    rule = tables.clerk_rewards_on(date(2024, 1, 1))
    # 1.5 % × 100 000 + 200 × 2 + 50 % × 49.80
    assert clerk_reward(rule, D("49.80"), D("100000.00"), 2) == D("1924.90")
    assert clerk_reward(rule, D("0"), D("0"), 0) == D("0.00")
    assert clerk_reward(rule, D("0.01"), D("0"), 0) == D("0.01")  # 0.005 half up
    assert clerk_reward(rule, D("0"), D("333.33"), 0) == D("5.00")  # 4.99995


def test_clerk_reward_refuses_negative(tables: CommissionTables) -> None:
    rule = tables.clerk_rewards[0]
    with pytest.raises(DomainError) as exc:
        clerk_reward(rule, D("0"), D("0"), -1)
    assert exc.value.field == "new_big_customers_maintained"
    with pytest.raises(DomainError) as exc:
        clerk_reward(rule, D("-5"), D("0"), 0)
    assert exc.value.field == "walk_in_agency_fees"


# --- health indicators ---------------------------------------------------------------------------


def test_health_indicators() -> None:
    h = HealthIndicators.compute(1000, 500, 299, 200, 99)
    assert h.big_customers == Indicator(D("50.00"), D(50), True)
    assert h.outlets == Indicator(D("29.90"), D(30), False)
    assert h.secondary_distribution == Indicator(D("20.00"), D(20), True)
    assert h.b2b == Indicator(D("9.90"), D(10), False)
    assert h.market_share is None
    assert not h.all_met


def test_health_all_met_with_market_share() -> None:
    h = HealthIndicators.compute(300, 150, 90, 60, 30, departing_passengers=10_000)
    assert h.market_share == Indicator(D("3.00"), D(3), True)
    assert h.all_met
    low = HealthIndicators.compute(300, 150, 90, 60, 30, departing_passengers=10_001)
    assert low.market_share is not None
    assert low.market_share.value == D("2.99")
    assert not low.all_met


def test_shown_value_truncated_never_overstates() -> None:
    h = HealthIndicators.compute(25_000, 12_499, 0, 0, 0)
    assert h.big_customers.value == D("49.99")  # 49.996 %
    assert not h.big_customers.meets_target


def test_health_with_no_tickets() -> None:
    h = HealthIndicators.compute(0, 0, 0, 0, 0)
    assert h.big_customers == Indicator(D("0.00"), D(50), False)


@pytest.mark.parametrize(
    ("counts", "code", "field"),
    [
        ((10, 11, 0, 0, 0), "count_exceeds_total", "big_customer_tickets"),
        ((10, 0, 0, 0, 11), "count_exceeds_total", "b2b_tickets"),
        ((-1, 0, 0, 0, 0), "negative_count", "total_tickets"),
        ((10, 0, -1, 0, 0), "negative_count", "outlet_tickets"),
    ],
)
def test_health_refuses_bad_counts(
    counts: tuple[int, int, int, int, int], code: str, field: str
) -> None:
    with pytest.raises(DomainError) as exc:
        HealthIndicators.compute(*counts)
    assert exc.value.code == code
    assert exc.value.field == field


@given(st.integers(1, 10**6), st.data())
def test_property_meets_target_matches_exact_share(total: int, data: st.DataObject) -> None:
    part = data.draw(st.integers(0, total))
    h = HealthIndicators.compute(total, part, part, part, part)
    assert h.big_customers.meets_target is (Decimal(part) / Decimal(total) >= D("0.5"))
    assert h.b2b.meets_target is (part * 10 >= total)
    assert h.big_customers.value <= Decimal(part) * 100 / Decimal(total)
