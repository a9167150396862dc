"""CN fund, fuel surcharge and travel-accident insurance."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.taxes import (
    CnFundRule,
    FuelBand,
    FuelSurchargeTable,
    InsuranceRule,
    TaxTables,
    cn_fund,
    fuel_surcharge,
    insurance_premium,
    insurance_rule,
    parse_tax_tables,
)
from counter_app.domain.types import PassengerType

D = Decimal
ADT, CHD, INF = PassengerType.ADULT, PassengerType.CHILD, PassengerType.INFANT

TAXES_JSON: dict[str, Any] = {
    "meta": {"source": "test", "attribution": "", "version": "1"},
    "cn_fund": [
        {
            "effective_from": "2012-04-01",
            "adult": "50.00",
            "child": "0.00",
            "infant": "0.00",
            "feeder_exempt": True,
        },
        {
            "effective_from": "2027-01-01",
            "adult": "60.00",
            "child": "0.00",
            "infant": "0.00",
            "feeder_exempt": False,
        },
    ],
    "fuel_surcharge": [
        {
            "effective_from": "2026-11-05",
            "bands": [
                {"max_km": 800, "adult": "10.00", "child": "5.00"},
                {"max_km": None, "adult": "20.00", "child": "10.00"},
            ],
        },
        {
            "effective_from": "2026-10-05",
            "bands": [
                {"max_km": 800, "adult": "30.00", "child": "15.00"},
                {"max_km": None, "adult": "60.00", "child": "30.00"},
            ],
        },
    ],
    "insurance": [
        {"effective_from": "2020-01-01", "unit_price": "20.00", "max_units": 10},
        {"effective_from": "2027-01-01", "unit_price": "30.00", "max_units": 5},
    ],
}

TABLES = parse_tax_tables(TAXES_JSON)


def test_parse_tax_tables() -> None:
    assert TABLES.cn_fund[0] == CnFundRule(date(2012, 4, 1), D("50.00"), D("0.00"), D("0.00"), True)
    assert TABLES.fuel_surcharge[0] == FuelSurchargeTable(
        date(2026, 11, 5),
        (FuelBand(800, D("10.00"), D("5.00")), FuelBand(None, D("20.00"), D("10.00"))),
    )
    assert TABLES.insurance[1] == InsuranceRule(date(2027, 1, 1), D("30.00"), 5)
    assert isinstance(TABLES, TaxTables)


def _broken(path: list[Any], value: object) -> dict[str, Any]:
    data = copy.deepcopy(TAXES_JSON)
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["cn_fund", 0, "adult"], 50),  # money must be a string
        (["cn_fund", 0, "feeder_exempt"], "yes"),
        (["fuel_surcharge", 0, "bands", 1, "max_km"], 2000),  # no open band
        (["fuel_surcharge", 0, "bands", 0, "max_km"], None),  # open band not last
        (["fuel_surcharge", 0, "bands"], []),
        (["insurance", 0, "max_units"], -1),
        (["insurance", 0, "effective_from"], "2020/01/01"),
        (["insurance"], "none"),
    ],
)
def test_parse_rejects_malformed(path: list[Any], value: object) -> None:
    with pytest.raises(DomainError) as info:
        parse_tax_tables(_broken(path, value))
    assert info.value.code == "invalid_reference_data"


def test_bands_must_rise() -> None:
    with pytest.raises(DomainError):
        FuelSurchargeTable(
            date(2026, 1, 1),
            (
                FuelBand(800, D("1"), D("1")),
                FuelBand(800, D("2"), D("1")),
                FuelBand(None, D("3"), D("1")),
            ),
        )


# --- CN fund ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "ptype", "feeder", "amount"),
    [
        (date(2026, 12, 31), ADT, False, "50.00"),
        (date(2026, 12, 31), CHD, False, "0.00"),
        (date(2026, 12, 31), INF, False, "0.00"),
        (date(2026, 12, 31), ADT, True, "0.00"),  # feeder exempt in the 2012 table
        (date(2027, 1, 1), ADT, False, "60.00"),  # the day the new table starts
        (date(2027, 1, 1), ADT, True, "60.00"),  # the 2027 table does not exempt feeders
        (date(2027, 1, 1), CHD, True, "0.00"),
        (date(2012, 4, 1), ADT, False, "50.00"),
    ],
)
def test_cn_fund(on: date, ptype: PassengerType, feeder: bool, amount: str) -> None:
    assert cn_fund(TABLES, on, ptype, feeder) == D(amount)


def test_cn_fund_before_any_table() -> None:
    with pytest.raises(DomainError) as info:
        cn_fund(TABLES, date(2012, 3, 31), ADT, False)
    assert (info.value.code, info.value.field) == ("no_rule_in_force", "cn_fund")


# --- fuel surcharge ---------------------------------------------------------------------------

NOV = date(2026, 11, 5)


@pytest.mark.parametrize(
    ("km", "ptype", "amount"),
    [
        (0, ADT, "10.00"),
        (800, ADT, "10.00"),  # max_km is inclusive
        (801, ADT, "20.00"),
        (800, CHD, "5.00"),
        (801, CHD, "10.00"),
        (800, INF, "0.00"),
        (801, INF, "0.00"),
        (4000, ADT, "20.00"),
    ],
)
def test_fuel_band_boundary(km: int, ptype: PassengerType, amount: str) -> None:
    assert fuel_surcharge(TABLES, NOV, km, ptype) == D(amount)


@pytest.mark.parametrize(
    ("ticketed", "km", "amount"),
    [
        (date(2026, 11, 4), 500, "30.00"),  # the day before: the October table
        (date(2026, 11, 5), 500, "10.00"),  # the day of: the November table
        (date(2026, 11, 4), 1500, "60.00"),
        (date(2026, 11, 5), 1500, "20.00"),
        (date(2026, 10, 5), 1500, "60.00"),
    ],
)
def test_fuel_chosen_by_ticketing_date(ticketed: date, km: int, amount: str) -> None:
    assert fuel_surcharge(TABLES, ticketed, km, ADT) == D(amount)


def test_fuel_before_any_table_even_for_infants() -> None:
    with pytest.raises(DomainError) as info:
        fuel_surcharge(TABLES, date(2026, 10, 4), 500, INF)
    assert (info.value.code, info.value.field) == ("no_rule_in_force", "fuel_surcharge")


def test_fuel_negative_distance() -> None:
    with pytest.raises(DomainError) as info:
        fuel_surcharge(TABLES, NOV, -1, ADT)
    assert (info.value.code, info.value.field) == ("invalid_distance", "distance_km")


@given(km=st.integers(min_value=0, max_value=6000))
def test_property_bands_are_monotone_and_child_not_dearer(km: int) -> None:
    adult = fuel_surcharge(TABLES, NOV, km, ADT)
    assert adult == (D("10.00") if km <= 800 else D("20.00"))
    assert fuel_surcharge(TABLES, NOV, km, CHD) <= adult
    assert fuel_surcharge(TABLES, NOV, km, INF) == 0


# --- insurance -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "units", "amount"),
    [
        (date(2026, 12, 31), 0, "0.00"),
        (date(2026, 12, 31), 1, "20.00"),
        (date(2026, 12, 31), 10, "200.00"),
        (date(2027, 1, 1), 5, "150.00"),
    ],
)
def test_insurance_premium(on: date, units: int, amount: str) -> None:
    assert insurance_premium(TABLES, on, units) == D(amount)


@pytest.mark.parametrize(
    ("on", "units", "limit"),
    [
        (date(2026, 12, 31), 11, 10),
        (date(2026, 12, 31), -1, 10),
        (date(2027, 1, 1), 6, 5),  # the new table lowers the limit from its first day
    ],
)
def test_insurance_units_out_of_range(on: date, units: int, limit: int) -> None:
    with pytest.raises(DomainError) as info:
        insurance_premium(TABLES, on, units)
    assert (info.value.code, info.value.field) == ("insurance_units", "insurance_units")
    assert info.value.params["max"] == limit


def test_insurance_rule_and_none_in_force() -> None:
    assert insurance_rule(TABLES, date(2026, 1, 1)).unit_price == D("20.00")
    with pytest.raises(DomainError, match="no_rule_in_force"):
        insurance_premium(TABLES, date(2019, 12, 31), 1)


@given(units=st.integers(min_value=0, max_value=10))
def test_property_premium_is_linear(units: int) -> None:
    assert insurance_premium(TABLES, date(2026, 1, 1), units) == D("20.00") * units
