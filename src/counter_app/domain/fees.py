"""Refund and change fees (退票费 / 改期费): the airline's time-window ladders, the GP easy
change/refund waiver (公务易改易退) and involuntary cases (非自愿退改).

A ladder belongs to an airline × fare family and is effective-dated (``fee_rules.json``).
Its windows are counted in hours before departure: a window applies when the hours left are
``>= min_hours``; the last window (``min_hours`` null) takes everything less, including
after departure. Fees are a percentage of the segment face fare (票面价), rounded to whole
yuan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import partial
from itertools import pairwise

from counter_app.domain.effective import (
    as_str,
    invalid,
    list_of,
    parse_date,
    parse_decimal,
    parse_enum,
    parse_list,
    parse_optional_int,
    record,
    select_effective,
)
from counter_app.domain.errors import DomainError
from counter_app.domain.fares import ANY_AIRLINE, GpFareRule
from counter_app.domain.money import ZERO, round_fen, round_yuan
from counter_app.domain.types import FareFamily

HUNDRED = Decimal(100)
_MICROSECONDS_PER_HOUR = Decimal(3_600_000_000)


class Reason(StrEnum):
    """Who caused the refund or change: the traveller (自愿) or the carrier (非自愿)."""

    VOLUNTARY = "voluntary"
    INVOLUNTARY = "involuntary"


class FeeRule(StrEnum):
    """Which rule decided a fee; stable codes the GUI and the audit log rely on."""

    INVOLUNTARY = "involuntary"
    GP_EASY = "gp_easy"
    STANDARD = "standard"


@dataclass(frozen=True, slots=True)
class FeeWindow:
    """One rung of a ladder: from ``min_hours`` before departure (None = anything less)."""

    min_hours: int | None
    refund_percent: Decimal
    change_percent: Decimal

    def applies(self, hours: Decimal) -> bool:
        return self.min_hours is None or hours >= self.min_hours


@dataclass(frozen=True, slots=True)
class FeeLadder:
    """Refund/change fee ladder of an airline (``"*"`` = default) and fare family."""

    airline: str
    family: FareFamily
    effective_from: date
    windows: tuple[FeeWindow, ...]

    def __post_init__(self) -> None:
        # The windows must cover every moment exactly once: strictly falling thresholds
        # and a final catch-all, or some hour would have no fee or two.
        where = f"ladder {self.airline}/{self.family} {self.effective_from}"
        if not self.windows or self.windows[-1].min_hours is not None:
            raise invalid(where, "the last window must have min_hours null")
        limits = [w.min_hours for w in self.windows[:-1] if w.min_hours is not None]
        if len(limits) != len(self.windows) - 1:
            raise invalid(where, "only the last window may have min_hours null")
        if any(a <= b for a, b in pairwise(limits)):
            raise invalid(where, "windows must be ordered from the earliest")

    def window_for(self, hours: Decimal) -> FeeWindow:
        """The window that applies ``hours`` before departure (negative = after)."""
        for window in self.windows:
            if window.applies(hours):
                return window
        raise AssertionError("unreachable: the last window is open")  # pragma: no cover


_LADDER = record(
    FeeLadder,
    airline=as_str,
    family=partial(parse_enum, FareFamily),
    effective_from=parse_date,
    windows=list_of(
        record(
            FeeWindow,
            min_hours=parse_optional_int,
            refund_percent=parse_decimal,
            change_percent=parse_decimal,
        )
    ),
)


def parse_fee_ladders(data: Mapping[str, object]) -> list[FeeLadder]:
    """Ladders from the parsed JSON of ``fee_rules.json`` (its ``"ladders"`` list)."""
    return parse_list(data, "ladders", "fee_rules", _LADDER)


def select_ladder(
    ladders: Iterable[FeeLadder], airline: str, family: FareFamily, on: date
) -> FeeLadder:
    """The airline's own ladder for the family in force on the date, else the ``"*"`` one.

    ``on`` is the date the ticket was issued: the traveller bought the conditions printed
    then, so later ladder changes do not reach back.
    """
    same_family = [ld for ld in ladders if ld.family == family]
    own = [ld for ld in same_family if ld.airline == airline]
    if any(ld.effective_from <= on for ld in own):
        return select_effective(own, on, field="fee_rules")
    default = [ld for ld in same_family if ld.airline == ANY_AIRLINE]
    return select_effective(default, on, field="fee_rules")


def hours_before(departure: datetime, at: datetime) -> Decimal:
    """Exact hours from ``at`` to ``departure``; negative once the flight has left.

    Both must be timezone-aware: departure is airport-local time and the counter may be in
    another zone, so a naive time could shift a fee window by hours.
    """
    for name, moment in (("departure", departure), ("asked_at", at)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise DomainError("naive_datetime", field=name)
    delta = departure - at
    micro = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return Decimal(micro) / _MICROSECONDS_PER_HOUR


@dataclass(frozen=True, slots=True)
class GpEasyContext:
    """Passed only for GP travellers of level V1 and up (公务易改易退).

    ``fare_percent`` is the ticket's fare as a percentage of the Y full fare
    (see :func:`counter_app.domain.fares.percent_of_y`).
    """

    rule: GpFareRule
    fare_percent: Decimal

    def easy_change(self, hours: Decimal) -> bool:
        """55%–75% of Y (both inclusive), asked at least 2 h (inclusive) before departure."""
        rule = self.rule
        in_band = rule.easy_change_min_percent <= self.fare_percent <= rule.easy_change_max_percent
        return in_band and hours >= rule.easy_min_hours

    def easy_refund(self, hours: Decimal) -> bool:
        """80% of Y and up, asked at least 2 h (inclusive) before departure."""
        rule = self.rule
        return self.fare_percent >= rule.easy_refund_min_percent and hours >= rule.easy_min_hours


@dataclass(frozen=True, slots=True)
class FeeDecision:
    """What the traveller pays to refund or change, and why.

    ``amount`` is the fee; ``fare_difference`` the extra fare owed on a change (always 0
    for a refund); ``percent`` the ladder percentage applied (0 when waived); ``rule`` one of
    :class:`FeeRule`.
    """

    amount: Decimal
    fare_difference: Decimal
    rule: FeeRule
    percent: Decimal

    @property
    def total(self) -> Decimal:
        return self.amount + self.fare_difference


def refund_fee(
    ladder: FeeLadder,
    face_fare: Decimal,
    departure: datetime,
    asked_at: datetime,
    reason: Reason,
    gp: GpEasyContext | None = None,
) -> FeeDecision:
    """Refund fee for one segment: free when involuntary or GP-easy, else the ladder."""
    _check_fare(face_fare, "face_fare")
    hours = hours_before(departure, asked_at)
    if reason is Reason.INVOLUNTARY:
        return FeeDecision(ZERO, ZERO, FeeRule.INVOLUNTARY, Decimal(0))
    if gp is not None and gp.easy_refund(hours):
        return FeeDecision(ZERO, ZERO, FeeRule.GP_EASY, Decimal(0))
    window = ladder.window_for(hours)
    return FeeDecision(
        _fee(face_fare, window.refund_percent), ZERO, FeeRule.STANDARD, window.refund_percent
    )


def change_fee(
    ladder: FeeLadder,
    old_face_fare: Decimal,
    new_face_fare: Decimal,
    same_class: bool,
    departure: datetime,
    asked_at: datetime,
    reason: Reason,
    gp: GpEasyContext | None = None,
) -> FeeDecision:
    """Change (改期/升舱) fee for one segment, plus the fare difference owed.

    - Involuntary (carrier-caused): no fee and no fare difference, even into a dearer class.
    - GP easy change: no fee; a same-class change with the same fare costs nothing, a
      change of class (``same_class`` False) pays only the fare difference.
    - Otherwise the ladder's change percentage of the *old* face fare.

    Moving to a higher fare pays ``new - old`` on top of the fee. Moving to a lower fare
    pays no difference and **gets nothing back**: the difference is not refunded on a change
    (a traveller who wants the cheaper fare refunds and rebuys, under the refund rules).
    ``same_class`` does not change the arithmetic (a same-class change normally has the same
    fare, so its difference is 0 anyway); it states the intent so that a same-class change
    whose fare moved is still priced the same way as any other.
    """
    _check_fare(old_face_fare, "old_face_fare")
    _check_fare(new_face_fare, "new_face_fare")
    hours = hours_before(departure, asked_at)
    if reason is Reason.INVOLUNTARY:
        return FeeDecision(ZERO, ZERO, FeeRule.INVOLUNTARY, Decimal(0))
    difference = round_fen(max(new_face_fare - old_face_fare, ZERO))
    if gp is not None and gp.easy_change(hours):
        return FeeDecision(ZERO, difference, FeeRule.GP_EASY, Decimal(0))
    window = ladder.window_for(hours)
    return FeeDecision(
        _fee(old_face_fare, window.change_percent),
        difference,
        FeeRule.STANDARD,
        window.change_percent,
    )


@dataclass(frozen=True, slots=True)
class RuleLine:
    """One window of a ladder, for telling the traveller the conditions (退改签规则).

    Reading along the timeline: the window opens ``from_hours`` before departure
    (exclusive; None = from the moment of issue) and lasts until ``to_hours`` before
    departure (inclusive; None = up to and after departure). So the first line of the
    standard Y ladder is ``from_hours=None, to_hours=168`` ("168 h or more before").
    """

    from_hours: int | None
    to_hours: int | None
    refund_percent: Decimal
    refund_fee: Decimal
    change_percent: Decimal
    change_fee: Decimal


def explain_rules(ladder: FeeLadder, face_fare: Decimal) -> list[RuleLine]:
    """The ladder applied to one face fare, window by window, earliest first."""
    _check_fare(face_fare, "face_fare")
    lines: list[RuleLine] = []
    opens: int | None = None
    for window in ladder.windows:
        lines.append(
            RuleLine(
                from_hours=opens,
                to_hours=window.min_hours,
                refund_percent=window.refund_percent,
                refund_fee=_fee(face_fare, window.refund_percent),
                change_percent=window.change_percent,
                change_fee=_fee(face_fare, window.change_percent),
            )
        )
        opens = window.min_hours
    return lines


def _fee(face_fare: Decimal, percent: Decimal) -> Decimal:
    return round_yuan(face_fare * percent / HUNDRED)


def _check_fare(amount: Decimal, field: str) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        raise DomainError("invalid_fare", field=field, amount=amount)
