"""Counter service fees (服务费): what an outlet may charge on top of the fare, per passenger
and segment, by kind of customer.

An optional, effective-dated rule document ``service_fees``::

    {"fees": [{"effective_from": "2025-01-01", "customer_kind": "walk_in",
               "amount": "20.00", "infants": false}, ...]}

``customer_kind`` is ``walk_in``, ``agreement``, ``gp_unit``, ``distributor`` or ``"*"``
(any kind without its own entry). Without the document, or without an entry in force,
the fee is 0: charging nothing is the default, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from counter_app.domain.effective import (
    as_str,
    entries,
    parse_bool,
    parse_date,
    parse_field,
    parse_money,
)
from counter_app.domain.money import ZERO
from counter_app.domain.types import PassengerType

ANY_KIND = "*"


@dataclass(frozen=True, slots=True)
class ServiceFeeRule:
    """A fee per passenger and segment for a kind of customer, in force from a date."""

    effective_from: date
    customer_kind: str
    amount: Decimal
    infants: bool = False  # infants (no seat) pay it too


def parse_service_fees(data: Mapping[str, object]) -> list[ServiceFeeRule]:
    """Rules from the parsed JSON of ``service_fees``."""
    rules: list[ServiceFeeRule] = []
    for w, e in entries(data, "fees", "service_fees"):
        rules.append(
            ServiceFeeRule(
                effective_from=parse_field(e, "effective_from", w, parse_date),
                customer_kind=parse_field(e, "customer_kind", w, as_str),
                amount=parse_field(e, "amount", w, parse_money),
                infants=parse_bool(e.get("infants", False), f"{w}.infants"),
            )
        )
    return rules


def service_fee(
    rules: Sequence[ServiceFeeRule], customer_kind: str, on: date, ptype: PassengerType
) -> Decimal:
    """The fee for one passenger on one segment: the kind's own rule in force ``on`` the
    date, else the ``"*"`` rule in force, else 0."""
    for kind in (customer_kind, ANY_KIND):
        in_force = [r for r in rules if r.customer_kind == kind and r.effective_from <= on]
        if in_force:
            rule = max(in_force, key=lambda r: r.effective_from)
            if ptype is PassengerType.INFANT and not rule.infants:
                return ZERO
            return rule.amount
    return ZERO
