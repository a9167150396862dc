"""Small shared vocabularies of the domain: passenger types, cabins, fare families."""

from __future__ import annotations

from enum import StrEnum


class PassengerType(StrEnum):
    """成人 / 儿童 / 婴儿, as the GDS codes them. Decided by age on the travel date."""

    ADULT = "ADT"
    CHILD = "CHD"
    INFANT = "INF"


class Cabin(StrEnum):
    """Physical cabin: first (头等舱), business (公务舱), economy (经济舱)."""

    FIRST = "F"
    BUSINESS = "C"
    ECONOMY = "Y"


class FareFamily(StrEnum):
    """Which fee ladder and GP rules apply to a booking class."""

    FIRST = "first"
    BUSINESS = "business"
    FULL = "full"  # Y 100 % (全价)
    DISCOUNT = "discount"  # 折扣舱
    PROMO = "promo"  # 特价: no GP discount, steepest ladder
