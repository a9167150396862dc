"""Post-office income and rewards (docs/domain.md §6): agency fee (代理费), secondary-distributor
commission (二级分销佣金), clerk rewards (营业员奖励) and the business health indicators.

All rates come from ``commissions.json`` (format in resources/data/SCHEMA.md) as
effective-dated tables; nothing here hard-codes a rate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from itertools import pairwise

from counter_app.domain.effective import (
    as_mapping,
    invalid,
    list_of,
    parse_date,
    parse_decimal,
    parse_field,
    parse_int,
    parse_list,
    parse_money,
    record,
    select_effective,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.money import round_fen

HUNDRED = Decimal(100)

# --- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgencyFeeRule:
    """代理费: ``percent`` of the fare + ``per_ticket`` + ``insurance_percent`` of the premium."""

    effective_from: date
    percent: Decimal
    per_ticket: Decimal
    insurance_percent: Decimal


@dataclass(frozen=True, slots=True)
class DistributorTier:
    min_tickets: int  # tickets in the month, inclusive lower bound
    percent: Decimal


@dataclass(frozen=True, slots=True)
class DistributorTierTable:
    """Commission tiers of secondary distributors, ascending by ``min_tickets``."""

    effective_from: date
    tiers: tuple[DistributorTier, ...]


@dataclass(frozen=True, slots=True)
class ClerkRewardRule:
    """Monthly reward of a clerk: big-customer development and walk-in sales."""

    effective_from: date
    big_customer_percent: Decimal
    big_customer_maintenance_fee: Decimal
    walk_in_agency_fee_share_percent: Decimal


@dataclass(frozen=True, slots=True)
class CommissionTables:
    """All of ``commissions.json``; pick the rule in force with the ``*_on`` methods."""

    agency_fee: tuple[AgencyFeeRule, ...]
    distributor_tiers: tuple[DistributorTierTable, ...]
    clerk_rewards: tuple[ClerkRewardRule, ...]

    def agency_fee_on(self, day: date) -> AgencyFeeRule:
        return select_effective(self.agency_fee, day, field="agency_fee")

    def distributor_tiers_on(self, day: date) -> DistributorTierTable:
        return select_effective(self.distributor_tiers, day, field="distributor_tiers")

    def clerk_rewards_on(self, day: date) -> ClerkRewardRule:
        return select_effective(self.clerk_rewards, day, field="clerk_rewards")


# --- parsing -------------------------------------------------------------------------------------


def _percent(value: object, field: str) -> Decimal:
    percent = parse_decimal(value, field)
    if percent > HUNDRED:
        raise invalid(field, "a percentage above 100")
    return percent


def _money(value: object, field: str) -> Decimal:
    amount = parse_money(value, field)
    if amount < 0:
        raise invalid(field, "a negative amount")
    return amount


def _check_dates(dates: list[date], where: str) -> None:
    # Two tables from the same day would make the choice depend on file order.
    if len(set(dates)) != len(dates):
        raise invalid(where, "two tables share an effective_from date")


_AGENCY_FEE = record(
    AgencyFeeRule,
    effective_from=parse_date,
    percent=_percent,
    per_ticket=_money,
    insurance_percent=_percent,
)
_TIERS = list_of(record(DistributorTier, min_tickets=parse_int, percent=_percent))
_CLERK_REWARD = record(
    ClerkRewardRule,
    effective_from=parse_date,
    big_customer_percent=_percent,
    big_customer_maintenance_fee=_money,
    walk_in_agency_fee_share_percent=_percent,
)


def _parse_tier_table(entry: object, where: str) -> DistributorTierTable:
    tiers = parse_field(entry, "tiers", where, _TIERS)
    if not tiers:
        raise invalid(f"{where}.tiers", "no tiers")
    for lower, upper in pairwise(tiers):
        if upper.min_tickets <= lower.min_tickets:
            raise invalid(f"{where}.tiers", "min_tickets must be strictly ascending")
        # Selling more must never earn a smaller rate; a table that says so is a typo.
        if upper.percent < lower.percent:
            raise invalid(f"{where}.tiers", "percent must not fall as min_tickets rises")
    return DistributorTierTable(
        effective_from=parse_field(entry, "effective_from", where, parse_date), tiers=tiers
    )


DOC = "commissions"


def parse_commission_tables(data: Mapping[str, object]) -> CommissionTables:
    """Parse the ``commissions.json`` document (already decoded from JSON).

    Raises ``DomainError("invalid_reference_data", field=<path>)`` on a malformed entry.
    """
    root = as_mapping(data, DOC)
    agency = tuple(parse_list(root, "agency_fee", DOC, _AGENCY_FEE))
    tiers = tuple(parse_list(root, "distributor_tiers", DOC, _parse_tier_table))
    rewards = tuple(parse_list(root, "clerk_rewards", DOC, _CLERK_REWARD))
    _check_dates([r.effective_from for r in agency], "agency_fee")
    _check_dates([t.effective_from for t in tiers], "distributor_tiers")
    _check_dates([r.effective_from for r in rewards], "clerk_rewards")
    return CommissionTables(agency_fee=agency, distributor_tiers=tiers, clerk_rewards=rewards)


# --- calculations --------------------------------------------------------------------------------


def _non_negative(amount: Decimal, field: str) -> None:
    if amount < 0:
        raise DomainError("negative_amount", field=field, amount=amount)


def agency_fee(rule: AgencyFeeRule, fare: Decimal, insurance_premium: Decimal) -> Decimal:
    """Agency fee income of one ticket: percent of the fare + per-ticket fee + share of the
    travel-insurance premium sold with it, rounded to the fen once at the end."""
    _non_negative(fare, "fare")
    _non_negative(insurance_premium, "insurance_premium")
    return round_fen(
        fare * rule.percent / HUNDRED
        + rule.per_ticket
        + insurance_premium * rule.insurance_percent / HUNDRED
    )


def _check_count(count: int, field: str) -> None:
    if count < 0:
        raise DomainError("negative_count", field=field, count=count)


def distributor_commission_percent(table: DistributorTierTable, monthly_tickets: int) -> Decimal:
    """Rate of the highest tier whose ``min_tickets`` ≤ the month's tickets (200 earns the
    200 tier); 0 below the lowest tier."""
    _check_count(monthly_tickets, "monthly_tickets")
    percent = Decimal(0)
    for tier in table.tiers:  # ascending, checked by the parser
        if tier.min_tickets <= monthly_tickets:
            percent = tier.percent
    return percent


def distributor_commission(
    table: DistributorTierTable, monthly_tickets: int, sales_amount: Decimal
) -> Decimal:
    """Commission of a distributor for the month: its tier rate × its sales, to the fen."""
    _non_negative(sales_amount, "sales_amount")
    return round_fen(
        sales_amount * distributor_commission_percent(table, monthly_tickets) / HUNDRED
    )


def clerk_reward(
    rule: ClerkRewardRule,
    walk_in_agency_fees: Decimal,
    big_customer_bookings: Decimal,
    new_big_customers_maintained: int,
) -> Decimal:
    """A clerk's monthly reward: 1.5 % of the booking amount of the big customers the clerk
    developed + the maintenance fee per such customer + 50 % of the agency fee of the
    clerk's walk-in tickets (rates from the rule)."""
    _non_negative(walk_in_agency_fees, "walk_in_agency_fees")
    _non_negative(big_customer_bookings, "big_customer_bookings")
    _check_count(new_big_customers_maintained, "new_big_customers_maintained")
    return round_fen(
        big_customer_bookings * rule.big_customer_percent / HUNDRED
        + rule.big_customer_maintenance_fee * new_big_customers_maintained
        + walk_in_agency_fees * rule.walk_in_agency_fee_share_percent / HUNDRED
    )


# --- health indicators ---------------------------------------------------------------------------

TARGET_BIG_CUSTOMERS = Decimal(50)
TARGET_OUTLETS = Decimal(30)
TARGET_SECONDARY = Decimal(20)
TARGET_B2B = Decimal(10)
TARGET_MARKET_SHARE = Decimal(3)
_SHOWN = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One health indicator: a share in percent against its minimum target."""

    value: Decimal  # percent, truncated to 0.01 so 49.996 % never shows as 50.00 %
    target: Decimal  # percent
    meets_target: bool  # decided on the exact share, not the shown value

    @classmethod
    def of(cls, part: int, whole: int, target: Decimal) -> Indicator:
        if whole == 0:
            return cls(Decimal("0.00"), target, False)
        exact = Decimal(part) * HUNDRED / Decimal(whole)
        return cls(
            exact.quantize(_SHOWN, rounding=ROUND_DOWN),
            target,
            Decimal(part) * HUNDRED >= target * Decimal(whole),
        )


@dataclass(frozen=True, slots=True)
class HealthIndicators:
    """业务健康指标 of §6: big customers ≥ 50 % of tickets, outlets ≥ 30 %, secondary
    distribution ≥ 20 %, B2B e-tickets ≥ 10 %, and market share ≥ 3 % of departing passengers
    when that count is known."""

    big_customers: Indicator
    outlets: Indicator
    secondary_distribution: Indicator
    b2b: Indicator
    market_share: Indicator | None

    @classmethod
    def compute(
        cls,
        total_tickets: int,
        big_customer_tickets: int,
        outlet_tickets: int,
        distributor_tickets: int,
        b2b_tickets: int,
        departing_passengers: int | None = None,
    ) -> HealthIndicators:
        """Shares of ``total_tickets``; each part must be a subset of the total."""
        _check_count(total_tickets, "total_tickets")
        parts = {
            "big_customer_tickets": big_customer_tickets,
            "outlet_tickets": outlet_tickets,
            "distributor_tickets": distributor_tickets,
            "b2b_tickets": b2b_tickets,
        }
        for name, count in parts.items():
            _check_count(count, name)
            if count > total_tickets:
                raise DomainError(
                    "count_exceeds_total", field=name, count=count, total=total_tickets
                )
        market: Indicator | None = None
        if departing_passengers is not None:
            _check_count(departing_passengers, "departing_passengers")
            market = Indicator.of(total_tickets, departing_passengers, TARGET_MARKET_SHARE)
        return cls(
            big_customers=Indicator.of(big_customer_tickets, total_tickets, TARGET_BIG_CUSTOMERS),
            outlets=Indicator.of(outlet_tickets, total_tickets, TARGET_OUTLETS),
            secondary_distribution=Indicator.of(
                distributor_tickets, total_tickets, TARGET_SECONDARY
            ),
            b2b=Indicator.of(b2b_tickets, total_tickets, TARGET_B2B),
            market_share=market,
        )

    @property
    def all_met(self) -> bool:
        shown = [self.big_customers, self.outlets, self.secondary_distribution, self.b2b]
        if self.market_share is not None:
            shown.append(self.market_share)
        return all(i.meets_target for i in shown)
