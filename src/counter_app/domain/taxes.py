"""Taxes and charges on a domestic segment: CAAC development fund (民航发展基金, CN), fuel
surcharge (燃油附加费, YQ) and travel-accident insurance (航意险).

All three are effective-dated tables (``taxes.json``). The fuel surcharge changes monthly
and is chosen by the **ticketing** date (出票日期), not the flight date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from counter_app.domain.effective import (
    invalid,
    list_of,
    parse_bool,
    parse_date,
    parse_int,
    parse_list,
    parse_money,
    parse_optional_int,
    record,
    select_effective,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.money import ZERO, round_fen
from counter_app.domain.types import PassengerType


@dataclass(frozen=True, slots=True)
class CnFundRule:
    """CN fund per passenger per segment; ``feeder_exempt``: 支线航班免征."""

    effective_from: date
    adult: Decimal
    child: Decimal
    infant: Decimal
    feeder_exempt: bool


@dataclass(frozen=True, slots=True)
class FuelBand:
    """A distance band up to ``max_km`` inclusive (``None`` = any longer distance)."""

    max_km: int | None
    adult: Decimal
    child: Decimal


@dataclass(frozen=True, slots=True)
class FuelSurchargeTable:
    """Fuel surcharge bands in force from ``effective_from``, shortest band first."""

    effective_from: date
    bands: tuple[FuelBand, ...]

    def __post_init__(self) -> None:
        # Every distance must land in exactly one band, so the bands must rise strictly
        # and end with the open band.
        where = f"fuel_surcharge {self.effective_from}"
        if not self.bands or self.bands[-1].max_km is not None:
            raise invalid(where, "the last band must have max_km null")
        limits = [b.max_km for b in self.bands[:-1] if b.max_km is not None]
        if len(limits) != len(self.bands) - 1:
            raise invalid(where, "only the last band may have max_km null")
        if any(a >= b for a, b in pairwise(limits)):
            raise invalid(where, "max_km must rise from band to band")

    def band(self, distance_km: int) -> FuelBand:
        for band in self.bands:
            if band.max_km is None or distance_km <= band.max_km:
                return band
        raise AssertionError("unreachable: the last band is open")  # pragma: no cover


@dataclass(frozen=True, slots=True)
class InsuranceRule:
    """航意险: price of one unit and how many units one passenger may buy per segment."""

    effective_from: date
    unit_price: Decimal
    max_units: int


@dataclass(frozen=True, slots=True)
class TaxTables:
    """Everything in ``taxes.json``."""

    cn_fund: tuple[CnFundRule, ...]
    fuel_surcharge: tuple[FuelSurchargeTable, ...]
    insurance: tuple[InsuranceRule, ...]


_CN_FUND = record(
    CnFundRule,
    effective_from=parse_date,
    adult=parse_money,
    child=parse_money,
    infant=parse_money,
    feeder_exempt=parse_bool,
)
_FUEL = record(
    FuelSurchargeTable,
    effective_from=parse_date,
    bands=list_of(
        record(FuelBand, max_km=parse_optional_int, adult=parse_money, child=parse_money)
    ),
)
_INSURANCE = record(
    InsuranceRule, effective_from=parse_date, unit_price=parse_money, max_units=parse_int
)


def parse_tax_tables(data: Mapping[str, object]) -> TaxTables:
    """Tax tables from the parsed JSON of ``taxes.json``."""
    return TaxTables(
        cn_fund=tuple(parse_list(data, "cn_fund", "taxes", _CN_FUND)),
        fuel_surcharge=tuple(parse_list(data, "fuel_surcharge", "taxes", _FUEL)),
        insurance=tuple(parse_list(data, "insurance", "taxes", _INSURANCE)),
    )


def cn_fund(tables: TaxTables, ticketing_date: date, ptype: PassengerType, feeder: bool) -> Decimal:
    """CN fund for one passenger on one segment, by the table in force when ticketed.

    Children and infants pay what the table says for them (0 today); a feeder flight
    (支线) pays nothing when the table exempts feeders.
    """
    rule = select_effective(tables.cn_fund, ticketing_date, field="cn_fund")
    if feeder and rule.feeder_exempt:
        return ZERO
    amount = {
        PassengerType.ADULT: rule.adult,
        PassengerType.CHILD: rule.child,
        PassengerType.INFANT: rule.infant,
    }[ptype]
    return round_fen(amount)


def fuel_surcharge(
    tables: TaxTables, ticketing_date: date, distance_km: int, ptype: PassengerType
) -> Decimal:
    """YQ for one passenger on one segment: band by great-circle distance (``max_km``
    inclusive), table by **ticketing** date; infants pay nothing (no seat)."""
    if distance_km < 0:
        raise DomainError("invalid_distance", field="distance_km", distance_km=distance_km)
    table = select_effective(tables.fuel_surcharge, ticketing_date, field="fuel_surcharge")
    if ptype is PassengerType.INFANT:
        return ZERO
    band = table.band(distance_km)
    return round_fen(band.adult if ptype is PassengerType.ADULT else band.child)


def insurance_rule(tables: TaxTables, on: date) -> InsuranceRule:
    """The insurance rule in force on the date (for showing the unit price and limit)."""
    return select_effective(tables.insurance, on, field="insurance_units")


def insurance_premium(tables: TaxTables, on: date, units: int) -> Decimal:
    """Premium for ``units`` of 航意险; 0 units is allowed (the traveller declined)."""
    rule = insurance_rule(tables, on)
    if units < 0 or units > rule.max_units:
        raise DomainError(
            "insurance_units", field="insurance_units", max=rule.max_units, units=units
        )
    return round_fen(rule.unit_price * units)
