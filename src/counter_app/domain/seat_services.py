"""GP seat services by level (公务座位服务): which level may have which seat service, and the
fare of a privacy seat (隐私座, ``EXST``) as the airline's rule in data says.

Three services go beyond plain seat preselection (docs/domain.md §3, §9):

- seat lock (座位锁定): V4 and V5 (:attr:`Entitlement.SEAT_LOCK`);
- multi-flight seat holding (多航班压座): V4 and V5 (:attr:`Entitlement.MULTI_FLIGHT_SEAT_HOLD`);
- privacy seat (隐私座): the seat beside the official kept empty, booked as an extra seat
  (``EXST``); who may have one, and what it costs, is the ``privacy_seat`` section of the
  effective-dated rule document ``fee_rules``::

      {"privacy_seat": [{"effective_from": "2026-01-01", "airline": "*",
                         "levels": ["V4", "V5"], "free_levels": ["V4", "V5"],
                         "charge": "published_fare"}, ...]}

  ``airline`` is a carrier code or ``"*"`` (any carrier without its own entry);
  ``levels`` the GP levels that may book one; ``free_levels`` those for whom it is free;
  ``charge`` what the others pay: ``published_fare`` (the published fare of the booked
  class, as an adult's seat) or ``paid_fare`` (the fare the official pays for their own
  seat). A date no entry covers is refused (``no_rule_in_force``), never guessed.

A service the level lacks is refused as ``gp_level_lacks`` with ``service`` (``lock``,
``hold``, ``privacy``) and ``level`` (the official's level, or ``""`` for a passenger who
is no GP official).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from counter_app.domain.effective import (
    as_str,
    entries,
    invalid,
    parse_date,
    parse_enum,
    parse_field,
    select_effective,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.gp import Entitlement, GpLevel, entitlements, minimum_level
from counter_app.domain.money import ZERO

ANY_AIRLINE = "*"
SECTION = "privacy_seat"


class SeatService(StrEnum):
    """A GP seat service the counter books (and the ``service`` of ``gp_level_lacks``)."""

    LOCK = "lock"  # 座位锁定
    HOLD = "hold"  # 多航班压座
    PRIVACY = "privacy"  # 隐私座 (EXST)


# The services whose level is the entitlement table's (domain/gp.py); the privacy seat's
# levels are the airline's rule (data).
SERVICE_ENTITLEMENTS: dict[SeatService, Entitlement] = {
    SeatService.LOCK: Entitlement.SEAT_LOCK,
    SeatService.HOLD: Entitlement.MULTI_FLIGHT_SEAT_HOLD,
}


class PrivacyCharge(StrEnum):
    """What a privacy seat costs an official whose level does not have it free."""

    PUBLISHED_FARE = "published_fare"  # the booked class's published fare
    PAID_FARE = "paid_fare"  # what the official pays for their own seat


@dataclass(frozen=True, slots=True)
class PrivacySeatRule:
    """Who may book a privacy seat on a carrier, and its fare, in force from a date."""

    effective_from: date
    airline: str
    levels: frozenset[GpLevel]
    free_levels: frozenset[GpLevel]
    charge: PrivacyCharge


@dataclass(frozen=True, slots=True)
class PrivacyFare:
    """The fare of one privacy seat and why (``basis``: ``free`` or the charge kind)."""

    amount: Decimal
    basis: str
    rule_from: date


def _levels(value: object, where: str) -> frozenset[GpLevel]:
    if not isinstance(value, list):
        raise invalid(where, "expected a list of GP levels")
    try:
        return frozenset(GpLevel(v) for v in value)
    except ValueError as exc:
        raise invalid(where, f"unknown GP level in {value!r}") from exc


def _charge(value: object, where: str) -> PrivacyCharge:
    return parse_enum(PrivacyCharge, value, where)


def parse_privacy_seat_rules(data: Mapping[str, object]) -> list[PrivacySeatRule]:
    """The ``privacy_seat`` section of ``fee_rules`` (none when the document has none)."""
    if SECTION not in data:
        return []
    rules: list[PrivacySeatRule] = []
    for w, e in entries(data, SECTION, "fee_rules"):
        levels = parse_field(e, "levels", w, _levels)
        free = parse_field(e, "free_levels", w, _levels)
        if not free <= levels:
            raise invalid(f"{w}.free_levels", "a free level must be one of levels")
        rules.append(PrivacySeatRule(
            effective_from=parse_field(e, "effective_from", w, parse_date),
            airline=parse_field(e, "airline", w, as_str),
            levels=levels,
            free_levels=free,
            charge=parse_field(e, "charge", w, _charge),
        ))
    return rules


def privacy_rule(rules: Sequence[PrivacySeatRule], airline: str, on: date) -> PrivacySeatRule:
    """The carrier's own rule in force ``on`` the date, else the ``"*"`` one; a date
    neither covers is ``no_rule_in_force`` (field ``privacy_seat``)."""
    own = [r for r in rules if r.airline == airline and r.effective_from <= on]
    if own:
        return select_effective(own, on, field=SECTION)
    return select_effective([r for r in rules if r.airline == ANY_AIRLINE], on, field=SECTION)


def _level_name(level: GpLevel | None) -> str:
    return level.value if level is not None else ""


def service_allowed(service: SeatService, level: GpLevel | None,
                    rule: PrivacySeatRule | None = None) -> bool:
    """May an official of ``level`` (None: no GP official) have the service? The privacy
    seat needs its rule (:func:`privacy_rule`); without one it is not offered."""
    if level is None:
        return False
    if service is SeatService.PRIVACY:
        return rule is not None and level in rule.levels
    return SERVICE_ENTITLEMENTS[service] in entitlements(level)


def required_level(service: SeatService, rule: PrivacySeatRule | None = None) -> str:
    """The lowest level with the service, for the message (``"V4"``; ``""`` if none)."""
    if service is SeatService.PRIVACY:
        if rule is None or not rule.levels:
            return ""
        return min(rule.levels, key=lambda lv: lv.rank).value
    return minimum_level(SERVICE_ENTITLEMENTS[service]).value


def check_service(service: SeatService, level: GpLevel | None,
                  rule: PrivacySeatRule | None = None) -> None:
    """Refuse a seat service the level lacks: ``gp_level_lacks`` (field ``gp_level``) with
    ``service``, ``level`` and ``needs`` (the lowest level that has it)."""
    if not service_allowed(service, level, rule):
        raise DomainError("gp_level_lacks", field="gp_level", service=service.value,
                          level=_level_name(level), needs=required_level(service, rule))


def privacy_seat_fare(rule: PrivacySeatRule, level: GpLevel, *, published_fare: Decimal,
                      paid_fare: Decimal) -> PrivacyFare:
    """The privacy seat's fare for an official of ``level`` (checked with
    :func:`check_service` first): free for the rule's free levels, else its charge."""
    if level in rule.free_levels:
        return PrivacyFare(ZERO, "free", rule.effective_from)
    amount = published_fare if rule.charge is PrivacyCharge.PUBLISHED_FARE else paid_fare
    return PrivacyFare(amount, rule.charge.value, rule.effective_from)
