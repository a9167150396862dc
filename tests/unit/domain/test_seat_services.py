"""GP seat services by level: lock and hold by the entitlement table, the privacy seat
(EXST) by the airline's effective-dated rule in ``fee_rules`` (domain/seat_services.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import GpLevel
from counter_app.domain.seat_services import (
    SeatService,
    check_service,
    parse_privacy_seat_rules,
    privacy_rule,
    privacy_seat_fare,
    service_allowed,
)
from counter_app.kernel.refdata import read_json

RULES = parse_privacy_seat_rules({"privacy_seat": [
    {"effective_from": "2026-01-01", "airline": "*", "levels": ["V4", "V5"],
     "free_levels": ["V4", "V5"], "charge": "published_fare"},
    {"effective_from": "2027-01-01", "airline": "CZ", "levels": ["V4", "V5"],
     "free_levels": ["V5"], "charge": "paid_fare"},
]})


@pytest.mark.parametrize(("service", "level", "allowed"), [
    (SeatService.LOCK, GpLevel.V3, False), (SeatService.LOCK, GpLevel.V4, True),
    (SeatService.LOCK, GpLevel.V5, True), (SeatService.HOLD, GpLevel.V3, False),
    (SeatService.HOLD, GpLevel.V4, True), (SeatService.HOLD, None, False),
])
def test_lock_and_hold_follow_the_entitlement_table(service: SeatService,
                                                     level: GpLevel | None,
                                                     allowed: bool) -> None:
    assert service_allowed(service, level) is allowed


def test_a_v3_is_refused_the_privacy_seat_naming_service_and_level() -> None:
    rule = privacy_rule(RULES, "CA", date(2026, 6, 1))
    with pytest.raises(DomainError) as refused:
        check_service(SeatService.PRIVACY, GpLevel.V3, rule)
    assert refused.value.code == "gp_level_lacks"
    assert refused.value.params == {"service": "privacy", "level": "V3", "needs": "V4"}
    check_service(SeatService.PRIVACY, GpLevel.V4, rule)


def test_privacy_fare_is_the_rule_in_force_for_the_carrier() -> None:
    published, paid = Decimal("1480.00"), Decimal("1300.00")
    before = privacy_rule(RULES, "CZ", date(2026, 12, 31))
    assert privacy_seat_fare(before, GpLevel.V4, published_fare=published,
                             paid_fare=paid).amount == Decimal("0.00")
    after = privacy_rule(RULES, "CZ", date(2027, 1, 1))
    fare = privacy_seat_fare(after, GpLevel.V4, published_fare=published, paid_fare=paid)
    assert (fare.amount, fare.basis) == (paid, "paid_fare")
    assert privacy_seat_fare(after, GpLevel.V5, published_fare=published,
                             paid_fare=paid).basis == "free"
    # Another carrier keeps the "*" rule.
    assert privacy_rule(RULES, "CA", date(2027, 6, 1)).free_levels == {GpLevel.V4, GpLevel.V5}


def test_a_date_no_rule_covers_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        privacy_rule(RULES, "CA", date(2025, 12, 31))
    assert refused.value.code == "no_rule_in_force"


def test_a_free_level_outside_levels_is_bad_data() -> None:
    with pytest.raises(DomainError) as refused:
        parse_privacy_seat_rules({"privacy_seat": [
            {"effective_from": "2026-01-01", "airline": "*", "levels": ["V5"],
             "free_levels": ["V4"], "charge": "published_fare"}]})
    assert refused.value.code == "invalid_reference_data"


def test_the_bundled_fee_rules_carry_the_privacy_seat_section() -> None:
    data, _ = read_json("fee_rules")
    rules = parse_privacy_seat_rules(data)
    assert {r.airline for r in rules} >= {"*"}
    assert parse_privacy_seat_rules({"gp": []}) == []
