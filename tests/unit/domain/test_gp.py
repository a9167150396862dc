"""GP service levels and entitlements."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import (
    ENTITLEMENT_LABELS_ZH,
    MAX_GP_COMPANIONS,
    Entitlement,
    GpLevel,
    check_companions,
    entitlements,
    has_entitlement,
    minimum_level,
    parse_gp_level,
    rank,
)

E = Entitlement
V1, V2, V3, V4, V5 = GpLevel

V1_SET = {
    E.TICKET_CONSULTATION,
    E.BOOKING_ON_BEHALF,
    E.ITINERARY_ON_BEHALF,
    E.SEAT_PRESELECTION,
    E.BOARDING_PASS_ON_BEHALF,
    E.GROUND_TRANSFER_BOOKING,
    E.EASY_CHANGE_REFUND,
    E.FAMILY_SPARE_SEATS,
    E.PAID_VACATION,
    E.HOLIDAY_SEAT_RESERVATION,
}
V3_ADDS = {
    E.YIXING_CARD,
    E.ACCOUNT_MANAGER,
    E.SECRETARY_ACCOMPANIMENT,
    E.MEAL_PREORDER,
    E.PRIORITY_BAGGAGE,
}
V4_ADDS = {
    E.SUPPORT_TEAM,
    E.SENIOR_ACCOUNT_MANAGER,
    E.MULTI_FLIGHT_SEAT_HOLD,
    E.SEAT_LOCK,
    E.VIP_LOUNGE,
    E.CIP,
}


def test_rank_and_order() -> None:
    assert [level.rank for level in GpLevel] == [1, 2, 3, 4, 5]
    assert [rank(level) for level in GpLevel] == [1, 2, 3, 4, 5]
    assert sorted([V5, V1, V3], key=rank) == [V1, V3, V5]
    assert V4.at_least(V3)
    assert V4.at_least(V4)
    assert not V2.at_least(V3)


@pytest.mark.parametrize(
    ("text", "level"), [("V3", V3), ("v3", V3), ("3", V3), (" v5 ", V5), ("１", V1), ("V1", V1)]
)
def test_parse_gp_level(text: str, level: GpLevel) -> None:
    assert parse_gp_level(text) is level


@pytest.mark.parametrize("text", ["", "V0", "V6", "6", "0", "VV3", "V 3", "VIP", "3.0"])
def test_parse_gp_level_refuses(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_gp_level(text)
    assert exc.value.code == "gp_level"
    assert exc.value.field == "gp_level"


def test_exact_sets_per_level() -> None:
    assert entitlements(V1) == V1_SET
    assert entitlements(V2) == V1_SET | {E.GROUP_VIP_SERVICE}
    assert entitlements(V3) == V1_SET | {E.GROUP_VIP_SERVICE} | V3_ADDS
    assert entitlements(V4) == V1_SET | {E.GROUP_VIP_SERVICE} | V3_ADDS | V4_ADDS
    assert entitlements(V5) == (entitlements(V4) - {E.CIP}) | {E.VIP}
    assert len(entitlements(V5)) == 22
    assert isinstance(entitlements(V1), frozenset)


def test_every_entitlement_is_reachable_and_labelled() -> None:
    assert set().union(*(entitlements(level) for level in GpLevel)) == set(Entitlement)
    assert set(ENTITLEMENT_LABELS_ZH) == set(Entitlement)
    assert all(ENTITLEMENT_LABELS_ZH.values())
    assert ENTITLEMENT_LABELS_ZH[E.GROUP_VIP_SERVICE] == "集团要客保障"
    assert ENTITLEMENT_LABELS_ZH[E.MULTI_FLIGHT_SEAT_HOLD] == "多航班压座"


@pytest.mark.parametrize(
    ("entitlement", "level"),
    [
        (E.TICKET_CONSULTATION, V1),
        (E.GROUP_VIP_SERVICE, V2),
        (E.PRIORITY_BAGGAGE, V3),
        (E.CIP, V4),
        (E.VIP, V5),
        (E.SEAT_LOCK, V4),
    ],
)
def test_minimum_level(entitlement: Entitlement, level: GpLevel) -> None:
    assert minimum_level(entitlement) is level


def test_cip_only_v4_vip_only_v5() -> None:
    assert [level for level in GpLevel if E.CIP in entitlements(level)] == [V4]
    assert [level for level in GpLevel if E.VIP in entitlements(level)] == [V5]


_levels = st.sampled_from(list(GpLevel))


@given(_levels, _levels)
def test_property_cumulative(a: GpLevel, b: GpLevel) -> None:
    low, high = sorted((a, b), key=rank)
    assert entitlements(low) - {E.CIP} <= entitlements(high)


@given(_levels, st.sampled_from(list(Entitlement)))
def test_property_has_entitlement_matches_set_without_airport(
    level: GpLevel, entitlement: Entitlement
) -> None:
    assert has_entitlement(level, entitlement) is (entitlement in entitlements(level))


def test_priority_baggage_is_shenzhen_only() -> None:
    assert E.PRIORITY_BAGGAGE.airport_restriction == frozenset({"SZX"})
    assert E.CIP.airport_restriction is None
    assert has_entitlement(V3, E.PRIORITY_BAGGAGE, "SZX")
    assert has_entitlement(V3, E.PRIORITY_BAGGAGE, "szx")
    assert not has_entitlement(V3, E.PRIORITY_BAGGAGE, "PEK")
    assert has_entitlement(V3, E.PRIORITY_BAGGAGE)  # level check only
    assert not has_entitlement(V2, E.PRIORITY_BAGGAGE, "SZX")


def test_unrestricted_entitlement_anywhere() -> None:
    assert has_entitlement(V4, E.CIP, "HET")
    assert not has_entitlement(V5, E.CIP, "HET")
    assert has_entitlement(V5, E.VIP, "HET")


@pytest.mark.parametrize("count", [0, 1, 8])
def test_companions_ok(count: int) -> None:
    check_companions(count)


@pytest.mark.parametrize("count", [9, 20, -1])
def test_companions_refused(count: int) -> None:
    assert MAX_GP_COMPANIONS == 8
    with pytest.raises(DomainError) as exc:
        check_companions(count)
    assert exc.value.code == "gp_companions"
    assert exc.value.field == "companions"
    assert exc.value.params["max"] == 8
