"""Booking-class fares, child/infant fares and GP fares."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.fares import (
    FareClass,
    GpFareRule,
    RouteFares,
    class_fare,
    gp_fare,
    parse_fare_class_tables,
    parse_gp_rules,
    passenger_fare,
    percent_of_y,
    select_fare_class_table,
    select_gp_rule,
)
from counter_app.domain.types import Cabin, FareFamily, PassengerType

D = Decimal
ADT, CHD, INF = PassengerType.ADULT, PassengerType.CHILD, PassengerType.INFANT

FARE_CLASSES_JSON: dict[str, Any] = {
    "meta": {"source": "test", "attribution": "", "version": "1"},
    "tables": [
        {
            "airline": "*",
            "effective_from": "2025-01-01",
            "classes": [
                {"code": "F", "cabin": "F", "percent": "100", "family": "first"},
                {"code": "C", "cabin": "C", "percent": "100", "family": "business"},
                {"code": "Y", "cabin": "Y", "percent": "100", "family": "full"},
                {"code": "B", "cabin": "Y", "percent": "90", "family": "discount"},
                {"code": "M", "cabin": "Y", "percent": "85", "family": "discount"},
                {"code": "H", "cabin": "Y", "percent": "65", "family": "discount"},
                {"code": "R", "cabin": "Y", "percent": "45.5", "family": "promo"},
            ],
        },
        {
            "airline": "CA",
            "effective_from": "2025-06-01",
            "classes": [
                {"code": "Y", "cabin": "Y", "percent": "100", "family": "full"},
                {"code": "M", "cabin": "Y", "percent": "80", "family": "discount"},
            ],
        },
        {
            "airline": "*",
            "effective_from": "2026-01-01",
            "classes": [{"code": "Y", "cabin": "Y", "percent": "100", "family": "full"}],
        },
    ],
}

GP_JSON: dict[str, Any] = {
    "meta": {},
    "ladders": [],
    "gp": [
        {
            "effective_from": "2012-01-01",
            "discount_fare_rate": "0.95",
            "full_fare_rate": "0.88",
            "easy_change_min_percent": "55",
            "easy_change_max_percent": "75",
            "easy_refund_min_percent": "80",
            "easy_min_hours": 2,
        },
        {
            "effective_from": "2025-01-01",
            "discount_fare_rate": "0.95",
            "full_fare_rate": None,
            "easy_change_min_percent": "55",
            "easy_change_max_percent": "75",
            "easy_refund_min_percent": "80",
            "easy_min_hours": 2,
        },
    ],
}

ROUTE = RouteFares(y=D("1480.00"), c=D("2960.00"), f=D("4630.00"))
TABLES = parse_fare_class_tables(FARE_CLASSES_JSON)
DEFAULT = TABLES[0]
GP_2012, GP_2025 = parse_gp_rules(GP_JSON)


def cls(code: str) -> FareClass:
    return DEFAULT.get(code)


# --- parsing and selection ------------------------------------------------------------------


def test_parse_fare_class_tables() -> None:
    assert len(TABLES) == 3
    assert DEFAULT.airline == "*"
    assert DEFAULT.effective_from == date(2025, 1, 1)
    assert DEFAULT.codes == ("F", "C", "Y", "B", "M", "H", "R")
    assert cls("H") == FareClass("H", Cabin.ECONOMY, D("65"), FareFamily.DISCOUNT)
    assert cls("F").cabin is Cabin.FIRST
    assert cls("R").percent == D("45.5")


def test_get_is_case_insensitive_and_unknown_raises() -> None:
    assert DEFAULT.get(" m ").code == "M"
    with pytest.raises(DomainError) as info:
        DEFAULT.get("Q")
    assert (info.value.code, info.value.field) == ("unknown_fare_class", "fare_class")


@pytest.mark.parametrize(
    ("airline", "on", "expected"),
    [
        ("CA", date(2025, 5, 31), ("*", date(2025, 1, 1))),  # CA table not yet in force
        ("CA", date(2025, 6, 1), ("CA", date(2025, 6, 1))),  # the day it starts
        ("CA", date(2026, 6, 1), ("CA", date(2025, 6, 1))),  # own table beats a newer "*"
        ("MU", date(2025, 12, 31), ("*", date(2025, 1, 1))),
        ("MU", date(2026, 1, 1), ("*", date(2026, 1, 1))),
    ],
)
def test_select_fare_class_table(airline: str, on: date, expected: tuple[str, date]) -> None:
    table = select_fare_class_table(TABLES, airline, on)
    assert (table.airline, table.effective_from) == expected


def test_select_fare_class_table_none_in_force() -> None:
    with pytest.raises(DomainError) as info:
        select_fare_class_table(TABLES, "CA", date(2024, 12, 31))
    assert (info.value.code, info.value.field) == ("no_rule_in_force", "fare_class")


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"tables": [{"airline": "*", "effective_from": "2025-01-01"}]},
        {
            "tables": [
                {
                    "airline": "*",
                    "effective_from": "2025-01-01",
                    "classes": [{"code": "Y", "cabin": "W", "percent": "100", "family": "full"}],
                }
            ]
        },
        {
            "tables": [
                {
                    "airline": "*",
                    "effective_from": "2025-01-01",
                    "classes": [{"code": "Y", "cabin": "Y", "percent": "100", "family": "cheap"}],
                }
            ]
        },
        {
            "tables": [
                {
                    "airline": "*",
                    "effective_from": "2025-01-01",
                    "classes": [{"code": "Y", "cabin": "Y", "percent": 100, "family": "full"}],
                }
            ]
        },
        {
            "tables": [
                {
                    "airline": "*",
                    "effective_from": "2025-01-01",
                    "classes": [
                        {"code": "Y", "cabin": "Y", "percent": "100", "family": "full"},
                        {"code": "Y", "cabin": "Y", "percent": "90", "family": "discount"},
                    ],
                }
            ]
        },
        {
            "tables": [
                {
                    "airline": "*",
                    "effective_from": "2025-01-01",
                    "classes": [{"code": "Y", "cabin": "Y", "percent": "0", "family": "full"}],
                }
            ]
        },
    ],
)
def test_parse_rejects_malformed(bad: dict[str, Any]) -> None:
    with pytest.raises(DomainError) as info:
        parse_fare_class_tables(bad)
    assert info.value.code == "invalid_reference_data"


# --- route fares -------------------------------------------------------------------------------


def test_full_fare_by_cabin_and_missing_cabin() -> None:
    assert ROUTE.full_fare(Cabin.ECONOMY) == D("1480.00")
    assert ROUTE.full_fare(Cabin.BUSINESS) == D("2960.00")
    assert ROUTE.full_fare(Cabin.FIRST) == D("4630.00")
    with pytest.raises(DomainError) as info:
        RouteFares(y=D("1710")).full_fare(Cabin.BUSINESS)
    assert (info.value.code, info.value.field) == ("cabin_not_offered", "fare_class")
    assert info.value.params["cabin"] == "C"


def test_route_refuses_non_positive_fare() -> None:
    with pytest.raises(DomainError, match="invalid_fare"):
        RouteFares(y=D("0"))


# --- class fares -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "fare"),
    [
        ("H", "960.00"),  # the worked example: 1480 × 65% = 962 → 960
        ("M", "1260.00"),  # 1258 → 1260
        ("B", "1330.00"),  # 1332 → 1330
        ("Y", "1480.00"),
        ("R", "670.00"),  # 673.4 → 670
        ("C", "2960.00"),
        ("F", "4630.00"),
    ],
)
def test_class_fare(code: str, fare: str) -> None:
    assert class_fare(ROUTE, cls(code)) == D(fare)


def test_class_fare_rounds_half_up() -> None:
    # 1930 × 50% = 965 → 970 (half up, not banker's)
    half = FareClass("X", Cabin.ECONOMY, D("50"), FareFamily.DISCOUNT)
    assert class_fare(RouteFares(y=D("1930")), half) == D("970.00")


def test_class_fare_in_missing_cabin() -> None:
    with pytest.raises(DomainError, match="cabin_not_offered"):
        class_fare(RouteFares(y=D("1480")), cls("F"))


def test_percent_of_y() -> None:
    assert percent_of_y(ROUTE, cls("H")) == D("65")
    assert percent_of_y(ROUTE, cls("C")) == D("200")


# --- passenger types ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "ptype", "fare"),
    [
        ("H", ADT, "960.00"),
        ("H", CHD, "740.00"),  # 50% of Y 1480, whatever the adult's class
        ("H", INF, "150.00"),  # 148 → 150
        ("Y", CHD, "740.00"),
        ("F", CHD, "2320.00"),  # 2315 → 2320
        ("F", INF, "460.00"),  # 463 → 460
        ("C", INF, "300.00"),  # 296 → 300
    ],
)
def test_passenger_fare(code: str, ptype: PassengerType, fare: str) -> None:
    assert passenger_fare(ROUTE, cls(code), ptype) == D(fare)


# --- GP ------------------------------------------------------------------------------------


def test_parse_gp_rules() -> None:
    assert (
        GpFareRule(
            effective_from=date(2012, 1, 1),
            discount_fare_rate=D("0.95"),
            full_fare_rate=D("0.88"),
            easy_change_min_percent=D("55"),
            easy_change_max_percent=D("75"),
            easy_refund_min_percent=D("80"),
            easy_min_hours=2,
        )
        == GP_2012
    )
    assert GP_2025.full_fare_rate is None


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2024, 12, 31), date(2012, 1, 1)), (date(2025, 1, 1), date(2025, 1, 1))],
)
def test_select_gp_rule(on: date, expected: date) -> None:
    assert select_gp_rule([GP_2012, GP_2025], on).effective_from == expected


def test_parse_gp_rules_rejects_bad_rates() -> None:
    for key, value in [
        ("discount_fare_rate", "1.5"),
        ("full_fare_rate", "0"),
        ("easy_change_min_percent", "80"),
        ("easy_min_hours", "2"),
    ]:
        bad = {"gp": [dict(GP_JSON["gp"][0], **{key: value})]}
        with pytest.raises(DomainError) as info:
            parse_gp_rules(bad)
        assert info.value.code == "invalid_reference_data", key


@pytest.mark.parametrize(
    ("code", "rule", "fare"),
    [
        ("H", GP_2012, "910.00"),  # 960 × 0.95 = 912 → 910
        ("M", GP_2012, "1200.00"),  # 1260 × 0.95 = 1197 → 1200
        ("B", GP_2012, "1260.00"),  # 1330 × 0.95 = 1263.5 → 1260
        ("Y", GP_2012, "1300.00"),  # 1480 × 0.88 = 1302.4 → 1300
        ("F", GP_2012, "4070.00"),  # 4630 × 0.88 = 4074.4 → 4070
        ("C", GP_2012, "2600.00"),  # 2960 × 0.88 = 2604.8 → 2600
        ("R", GP_2012, "670.00"),  # promo: no GP discount
        ("Y", GP_2025, "1410.00"),  # no full-fare rate: 1480 × 0.95 = 1406 → 1410
        ("F", GP_2025, "4400.00"),  # 4630 × 0.95 = 4398.5 → 4400
        ("R", GP_2025, "670.00"),
    ],
)
def test_gp_fare(code: str, rule: GpFareRule, fare: str) -> None:
    assert gp_fare(ROUTE, cls(code), rule) == D(fare)


@pytest.mark.parametrize("ptype", [CHD, INF])
@pytest.mark.parametrize("code", ["H", "Y", "F", "R"])
def test_gp_children_and_infants_keep_their_fares(code: str, ptype: PassengerType) -> None:
    assert gp_fare(ROUTE, cls(code), GP_2012, ptype) == passenger_fare(ROUTE, cls(code), ptype)


# --- properties --------------------------------------------------------------------------------

full_fares = st.integers(min_value=10, max_value=1000).map(lambda n: D(n * 10))
percents = st.integers(min_value=10, max_value=100).map(D)
families = st.sampled_from(list(FareFamily))


@given(y=full_fares, percent=percents, family=families)
def test_property_fares_are_multiples_of_ten(
    y: Decimal, percent: Decimal, family: FareFamily
) -> None:
    route = RouteFares(y=y)
    fare_class = FareClass("X", Cabin.ECONOMY, percent, family)
    for fare in (
        class_fare(route, fare_class),
        passenger_fare(route, fare_class, CHD),
        passenger_fare(route, fare_class, INF),
        gp_fare(route, fare_class, GP_2012),
        gp_fare(route, fare_class, GP_2025),
    ):
        assert fare % 10 == 0
        assert fare > 0 or y * percent < 500


@given(y=full_fares, p1=percents, p2=percents)
def test_property_monotone_in_percent(y: Decimal, p1: Decimal, p2: Decimal) -> None:
    low, high = sorted((p1, p2))
    route = RouteFares(y=y)
    fare_low = class_fare(route, FareClass("L", Cabin.ECONOMY, low, FareFamily.DISCOUNT))
    fare_high = class_fare(route, FareClass("H", Cabin.ECONOMY, high, FareFamily.DISCOUNT))
    assert fare_low <= fare_high
    gp_low = gp_fare(route, FareClass("L", Cabin.ECONOMY, low, FareFamily.DISCOUNT), GP_2012)
    gp_high = gp_fare(route, FareClass("H", Cabin.ECONOMY, high, FareFamily.DISCOUNT), GP_2012)
    assert gp_low <= gp_high


@given(y=full_fares, percent=percents)
def test_property_child_infant_ordering(y: Decimal, percent: Decimal) -> None:
    route = RouteFares(y=y)
    fare_class = FareClass("X", Cabin.ECONOMY, percent, FareFamily.DISCOUNT)
    adult_full = class_fare(route, FareClass("Y", Cabin.ECONOMY, D(100), FareFamily.FULL))
    child = passenger_fare(route, fare_class, CHD)
    infant = passenger_fare(route, fare_class, INF)
    assert infant <= child <= adult_full
    assert abs(child - y / 2) <= 5
    assert abs(infant - y / 10) <= 5


@given(y=full_fares, percent=percents)
def test_property_gp_never_dearer_than_class_fare(y: Decimal, percent: Decimal) -> None:
    route = RouteFares(y=y)
    for family in FareFamily:
        fare_class = FareClass("X", Cabin.ECONOMY, percent, family)
        assert gp_fare(route, fare_class, GP_2012) <= class_fare(route, fare_class)
