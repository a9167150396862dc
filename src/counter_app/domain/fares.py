"""Fares (票价): booking classes (舱位/折扣), passenger-type fares and GP fares (政府采购价).

Every route has a Y full fare (公布运价) and maybe F and C full fares. A booking class is a
percentage of its cabin's full fare, rounded to 10 yuan (1480 × 65% = 962 → 960). Children
pay 50% and infants 10% of the cabin's full fare. GP travellers (公务) get 9.5折 of a
discount fare or 8.8折 of a full fare; promotional fares (特价) get nothing off. The
class-letter map and the GP rates are effective-dated reference data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from counter_app.domain.effective import (
    as_str,
    invalid,
    list_of,
    parse_date,
    parse_decimal,
    parse_enum,
    parse_int,
    parse_list,
    record,
    select_effective,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.money import round_fare
from counter_app.domain.types import Cabin, FareFamily, PassengerType

ANY_AIRLINE = "*"
HUNDRED = Decimal(100)
CHILD_PERCENT = Decimal(50)
INFANT_PERCENT = Decimal(10)
FULL_FARE_FAMILIES = frozenset({FareFamily.FULL, FareFamily.FIRST, FareFamily.BUSINESS})


@dataclass(frozen=True, slots=True)
class FareClass:
    """One booking class: ``M`` is 85% of the Y full fare, family ``discount``."""

    code: str
    cabin: Cabin
    percent: Decimal
    family: FareFamily

    def __post_init__(self) -> None:
        if not self.code or self.percent <= 0:
            raise invalid(f"fare_class {self.code!r}", "needs a code and a positive percent")


@dataclass(frozen=True, slots=True)
class FareClassTable:
    """An airline's class-letter map (``airline`` ``"*"`` = the default for all)."""

    airline: str
    effective_from: date
    classes: tuple[FareClass, ...]

    def __post_init__(self) -> None:
        codes = [c.code for c in self.classes]
        if len(set(codes)) != len(codes):
            raise invalid(f"fare_classes {self.airline} {self.effective_from}", "duplicate code")

    def get(self, code: str) -> FareClass:
        """The class with this letter; clerks may type it in lower case."""
        wanted = code.strip().upper()
        for fare_class in self.classes:
            if fare_class.code == wanted:
                return fare_class
        raise DomainError(
            "unknown_fare_class", field="fare_class", code_given=code, airline=self.airline
        )

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.classes)


def _class_code(value: object, field: str) -> str:
    return as_str(value, field).upper()


_FARE_CLASS_TABLE = record(
    FareClassTable,
    airline=as_str,
    effective_from=parse_date,
    classes=list_of(
        record(
            FareClass,
            code=_class_code,
            cabin=partial(parse_enum, Cabin),
            percent=parse_decimal,
            family=partial(parse_enum, FareFamily),
        )
    ),
)


def parse_fare_class_tables(data: Mapping[str, object]) -> list[FareClassTable]:
    """Tables from the parsed JSON of ``fare_classes.json``."""
    return parse_list(data, "tables", "fare_classes", _FARE_CLASS_TABLE)


def select_fare_class_table(
    tables: Iterable[FareClassTable], airline: str, on: date
) -> FareClassTable:
    """The airline's own table in force ``on`` the date, else the ``"*"`` default in force.

    An airline table that starts later than ``on`` does not hide the default: until it
    starts, the default still prices that airline.
    """
    tables = list(tables)
    own = [t for t in tables if t.airline == airline]
    if own and any(t.effective_from <= on for t in own):
        return select_effective(own, on, field="fare_class")
    default = [t for t in tables if t.airline == ANY_AIRLINE]
    return select_effective(default, on, field="fare_class")


@dataclass(frozen=True, slots=True)
class RouteFares:
    """Full fares of one route: Y always, C and F only where the aircraft has the cabin."""

    y: Decimal
    c: Decimal | None = None
    f: Decimal | None = None

    def __post_init__(self) -> None:
        for name, amount in (("y", self.y), ("c", self.c), ("f", self.f)):
            if amount is not None and amount <= 0:
                raise DomainError("invalid_fare", field="fare", cabin=name, amount=amount)

    def full_fare(self, cabin: Cabin) -> Decimal:
        amount = {Cabin.ECONOMY: self.y, Cabin.BUSINESS: self.c, Cabin.FIRST: self.f}[cabin]
        if amount is None:
            raise DomainError("cabin_not_offered", field="fare_class", cabin=str(cabin))
        return amount


def class_fare(route: RouteFares, fare_class: FareClass) -> Decimal:
    """Adult fare of a booking class: cabin full fare × percent, rounded to 10 yuan."""
    return round_fare(route.full_fare(fare_class.cabin) * fare_class.percent / HUNDRED)


def percent_of_y(route: RouteFares, fare_class: FareClass) -> Decimal:
    """The class's fare as a percentage of the Y full fare, unrounded.

    GP easy change/refund is granted by this number (55–75% for changes, 80%+ for refunds);
    an F or C class therefore counts as well over 100%.
    """
    if fare_class.cabin is Cabin.ECONOMY:
        return fare_class.percent
    return route.full_fare(fare_class.cabin) * fare_class.percent / route.y


def passenger_fare(route: RouteFares, fare_class: FareClass, ptype: PassengerType) -> Decimal:
    """Fare for a passenger type: adults pay the class fare; children 50% and infants 10%
    of the cabin's full fare whatever class the accompanying adult holds."""
    if ptype is PassengerType.ADULT:
        return class_fare(route, fare_class)
    share = CHILD_PERCENT if ptype is PassengerType.CHILD else INFANT_PERCENT
    return round_fare(route.full_fare(fare_class.cabin) * share / HUNDRED)


@dataclass(frozen=True, slots=True)
class GpFareRule:
    """GP (政府采购) fare rates and easy change/refund thresholds, effective-dated.

    ``full_fare_rate`` None means full-fare families get the discount rate like the rest.
    """

    effective_from: date
    discount_fare_rate: Decimal
    full_fare_rate: Decimal | None
    easy_change_min_percent: Decimal
    easy_change_max_percent: Decimal
    easy_refund_min_percent: Decimal
    easy_min_hours: int

    def __post_init__(self) -> None:
        if self.easy_change_min_percent > self.easy_change_max_percent:
            raise invalid(f"gp {self.effective_from}", "easy change min above max")
        rates = [self.discount_fare_rate, self.full_fare_rate]
        if any(r is not None and not Decimal(0) < r <= 1 for r in rates):
            raise invalid(f"gp {self.effective_from}", "rates must be in (0, 1]")


def _optional_rate(value: object, field: str) -> Decimal | None:
    return None if value is None else parse_decimal(value, field)


_GP_RULE = record(
    GpFareRule,
    effective_from=parse_date,
    discount_fare_rate=parse_decimal,
    full_fare_rate=_optional_rate,
    easy_change_min_percent=parse_decimal,
    easy_change_max_percent=parse_decimal,
    easy_refund_min_percent=parse_decimal,
    easy_min_hours=parse_int,
)


def parse_gp_rules(data: Mapping[str, object]) -> list[GpFareRule]:
    """GP rules from the parsed JSON of ``fee_rules.json`` (its ``"gp"`` list)."""
    return parse_list(data, "gp", "fee_rules", _GP_RULE)


def select_gp_rule(rules: Sequence[GpFareRule], on: date) -> GpFareRule:
    """The GP rule in force on the date."""
    return select_effective(rules, on, field="gp")


def gp_fare(
    route: RouteFares,
    fare_class: FareClass,
    rule: GpFareRule,
    ptype: PassengerType = PassengerType.ADULT,
) -> Decimal:
    """GP fare, rounded to 10 yuan.

    Promotional classes keep their plain class fare (特价不再打折). Full-fare families
    (Y 100%, F, C) take ``full_fare_rate`` of the cabin full fare when the rule has one
    (times the class percent, which is 100 for these families in practice);
    everything else takes ``discount_fare_rate`` of the already rounded class fare, which is
    the fare printed in the airline's tariff. The GP rate is for the official (an adult):
    children and infants keep their child/infant fares.
    """
    if ptype is not PassengerType.ADULT:
        return passenger_fare(route, fare_class, ptype)
    if fare_class.family is FareFamily.PROMO:
        return class_fare(route, fare_class)
    if fare_class.family in FULL_FARE_FAMILIES and rule.full_fare_rate is not None:
        # Rounded once, from the cabin full fare: 1480 × 0.88 = 1302.4 → 1300.
        full = route.full_fare(fare_class.cabin) * fare_class.percent / HUNDRED
        return round_fare(full * rule.full_fare_rate)
    return round_fare(class_fare(route, fare_class) * rule.discount_fare_rate)
