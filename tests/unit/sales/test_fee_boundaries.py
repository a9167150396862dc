"""Every fee boundary, through the services a clerk uses (quote_refund / quote_change): the
ladder windows at 168 h, 48 h, 4 h and departure; the GP easy rules at 2 h (inclusive) and
at 55 %, 75 % and 80 % of Y; involuntary refunds and changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sales_support import ADULT, ADULT2, Shop, customer_id, departure, traveller

from counter_app.domain.fees import FeeRule
from counter_app.services.after_sale import quote_change, quote_refund

SECOND = timedelta(seconds=1)
H = timedelta(hours=1)


def fee_of(face: Decimal, percent: int) -> Decimal:
    return (face * percent / 100).quantize(Decimal("1"), ROUND_HALF_UP)


@pytest.fixture
def tickets(shop: Shop) -> dict[str, str]:
    """Walk-in tickets on ``out``: Y (full-fare ladder) and M (CA's discount ladder)."""
    return {
        cls: shop.sell("out", [ADULT if cls == "Y" else ADULT2], class_code=cls)
        .tickets[0].ticket_number
        for cls in ("Y", "M")
    }


def out_departure(shop: Shop) -> datetime:
    with shop.store.read() as session:
        return departure(session, shop.flight("out"))


# Hours before departure (negative: after) → refund % / change % of the window.
FULL = [(168 * H, 0, 0), (168 * H - SECOND, 5, 5), (48 * H, 5, 5), (48 * H - SECOND, 10, 5),
        (4 * H, 10, 5), (4 * H - SECOND, 15, 10), (timedelta(0), 15, 10), (-H, 15, 10)]
CA_DISCOUNT = [(168 * H, 5, 0), (168 * H - SECOND, 10, 5), (48 * H, 10, 5),
               (48 * H - SECOND, 20, 10), (4 * H, 20, 10), (4 * H - SECOND, 30, 15),
               (timedelta(0), 30, 15), (-2 * H, 30, 15)]
LADDER_CASES = [("Y", *case) for case in FULL] + [("M", *case) for case in CA_DISCOUNT]


@pytest.mark.parametrize(("cls", "before", "refund_pct", "change_pct"), LADDER_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in LADDER_CASES])
def test_ladder_windows_at_every_boundary(
    shop: Shop, tickets: dict[str, str], cls: str, before: timedelta, refund_pct: int,
    change_pct: int,
) -> None:
    asked = out_departure(shop) - before
    with shop.store.read() as session:
        r = quote_refund(session, tickets[cls], "voluntary", asked)
        c = quote_change(session, tickets[cls], 1, shop.flight("later"), cls, asked)
    [line] = r.lines
    assert (line.fee_rule, line.fee_percent) == (FeeRule.STANDARD, refund_pct)
    assert line.fee == fee_of(line.face_fare, refund_pct)
    assert line.amount == line.face_fare - line.fee + line.cn_fund_back + line.fuel_back
    assert (c.fee.rule, c.fee.percent) == (FeeRule.STANDARD, change_pct)
    assert c.fee.amount == fee_of(c.old_face_fare, change_pct)
    assert c.fee.fare_difference == 0  # same class on the next day


def test_involuntary_refund_and_change_are_free_at_any_time(
    shop: Shop, tickets: dict[str, str],
) -> None:
    dep = out_departure(shop)
    for asked in (dep - 200 * H, dep - 3 * H, dep + H):
        with shop.store.read() as session:
            r = quote_refund(session, tickets["M"], "involuntary", asked)
            c = quote_change(session, tickets["M"], 1, shop.flight("later"), "Y", asked,
                             reason="involuntary")
        assert (r.lines[0].fee_rule, r.fee) == (FeeRule.INVOLUNTARY, 0)
        assert r.amount == r.lines[0].face_fare + 60
        assert (c.fee.rule, c.total_due) == (FeeRule.INVOLUNTARY, 0)


# --- GP easy change and refund (公务易改易退) ----------------------------------------


@pytest.fixture
def gp(shop: Shop) -> dict[str, str]:
    """Tickets of a V1 official of a GP unit in classes of 80, 70, 55 and 75 % of Y (and Y),
    and one of 50 % on ``later``; plus a non-official companion in H."""
    with shop.store.read() as session:
        unit = customer_id(session, "GP-SZ-001")
        official = traveller(session, "黄晓敏")  # V1
    out: dict[str, str] = {}
    for cls in ("H", "L", "S", "K", "Y"):
        sale = shop.sell("out", [official], customer_id=unit, gp_order_no=f"GP-{cls}",
                         method="official_card", class_code=cls)
        out[cls] = sale.tickets[0].ticket_number
    out["V"] = shop.sell("later", [official], customer_id=unit, gp_order_no="GP-V",
                         method="unit_transfer", class_code="V").tickets[0].ticket_number
    out["companion"] = shop.sell("out", [ADULT], customer_id=unit, gp_order_no="GP-C",
                                 method="official_card", class_code="H").tickets[0].ticket_number
    return out


def test_gp_easy_refund_from_80_percent_at_2_hours_inclusive(
    shop: Shop, gp: dict[str, str],
) -> None:
    dep = out_departure(shop)
    cases = [
        ("H", 2 * H, FeeRule.GP_EASY, 0),  # 80 % of Y, exactly 2 h before: free
        ("Y", 2 * H, FeeRule.GP_EASY, 0),  # full fare too
        ("H", 2 * H - SECOND, FeeRule.STANDARD, 30),  # inside 2 h: the ladder (CA discount)
        ("H", -H, FeeRule.STANDARD, 30),  # after departure
        ("L", 2 * H, FeeRule.STANDARD, 30),  # 70 %: below the 80 % line
        ("L", 50 * H, FeeRule.STANDARD, 10),
        ("companion", 2 * H, FeeRule.STANDARD, 30),  # not an official: no GP rules
    ]
    for key, before, rule, pct in cases:
        with shop.store.read() as session:
            [line] = quote_refund(session, gp[key], "voluntary", dep - before).lines
        assert (line.fee_rule, line.fee_percent) == (rule, pct), (key, before)
        assert line.fee == fee_of(line.face_fare, pct)


def test_gp_easy_change_from_55_to_75_percent_at_2_hours_inclusive(
    shop: Shop, gp: dict[str, str],
) -> None:
    dep = out_departure(shop)
    later = shop.flight("later")
    same_class = [
        ("S", 2 * H, FeeRule.GP_EASY, 0),  # 55 % (inclusive)
        ("K", 2 * H, FeeRule.GP_EASY, 0),  # 75 % (inclusive)
        ("L", 2 * H, FeeRule.GP_EASY, 0),  # 70 %: inside the band
        ("H", 2 * H, FeeRule.STANDARD, 15),  # 80 %: above the band, the ladder (< 4 h)
        ("S", 2 * H - SECOND, FeeRule.STANDARD, 15),  # inside 2 h
        ("S", -H, FeeRule.STANDARD, 15),  # after departure
        ("K", 100 * H, FeeRule.GP_EASY, 0),
    ]
    for key, before, rule, pct in same_class:
        with shop.store.read() as session:
            q = quote_change(session, gp[key], 1, later, key, dep - before)
        assert (q.fee.rule, q.fee.percent) == (rule, pct), (key, before)
        assert q.fee.amount == fee_of(q.old_face_fare, pct)
        assert q.fee.fare_difference == 0
    # A different class: only the fare difference, no fee.
    with shop.store.read() as session:
        up = quote_change(session, gp["S"], 1, later, "K", dep - 2 * H)
    assert (up.fee.rule, up.fee.amount) == (FeeRule.GP_EASY, 0)
    assert up.fee.fare_difference == up.new_face_fare - up.old_face_fare > 0
    assert not up.same_class


def test_gp_below_55_percent_changes_by_the_ladder(shop: Shop, gp: dict[str, str]) -> None:
    with shop.store.read() as session:
        dep = departure(session, shop.flight("later"))
        q = quote_change(session, gp["V"], 1, shop.flight("later"), "S", dep - 3 * H)
    assert (q.fee.rule, q.fee.percent) == (FeeRule.STANDARD, 15)  # 50 %: outside the band
    assert q.fee.fare_difference == q.new_face_fare - q.old_face_fare > 0
    assert q.total_due == q.fee.amount + q.fee.fare_difference


def test_gp_official_on_a_change_keeps_the_gp_fare(shop: Shop, gp: dict[str, str]) -> None:
    """The new class is priced at the GP fare for the official, as it was sold."""
    with shop.store.read() as session:
        q = quote_change(session, gp["S"], 1, shop.flight("later"), "K",
                         out_departure(shop) - 100 * H)
        walk = quote_change(session, gp["companion"], 1, shop.flight("later"), "K",
                            out_departure(shop) - 100 * H)
    assert q.new_face_fare < walk.new_face_fare  # 9.5折 of K for the official only
