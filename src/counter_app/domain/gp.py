"""GP (政府采购 / 公务) service levels V1..V5 and what each entitles an official to
(docs/domain.md §3).

Each level has everything of the level below it, except that V5 gets the airline **VIP**
guarantee instead of the **CIP** one of V4. A GP booking may carry at most 8 companions.
"""

from __future__ import annotations

from enum import StrEnum

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import normalise_code

MAX_GP_COMPANIONS = 8


class GpLevel(StrEnum):
    """Service level of a GP official; compare with :attr:`rank`, not with ``<`` on strings."""

    V1 = "V1"
    V2 = "V2"
    V3 = "V3"
    V4 = "V4"
    V5 = "V5"

    @property
    def rank(self) -> int:
        """1 for V1 … 5 for V5."""
        return int(self.value[1:])

    def at_least(self, other: GpLevel) -> bool:
        return self.rank >= other.rank


def rank(level: GpLevel) -> int:
    """Ordering helper: 1 for V1 … 5 for V5 (usable as a sort key)."""
    return level.rank


def parse_gp_level(text: str) -> GpLevel:
    """Accept ``V3``, ``v3`` or ``3``."""
    code = normalise_code(text)
    if code.isdigit():
        code = f"V{code}"
    try:
        return GpLevel(code)
    except ValueError:
        raise DomainError("gp_level", field="gp_level", text=text) from None


class Entitlement(StrEnum):
    """A service a GP official may ask for at the counter or the airport."""

    # V1
    TICKET_CONSULTATION = "ticket_consultation"
    BOOKING_ON_BEHALF = "booking_on_behalf"
    ITINERARY_ON_BEHALF = "itinerary_on_behalf"
    SEAT_PRESELECTION = "seat_preselection"
    BOARDING_PASS_ON_BEHALF = "boarding_pass_on_behalf"
    GROUND_TRANSFER_BOOKING = "ground_transfer_booking"
    EASY_CHANGE_REFUND = "easy_change_refund"
    FAMILY_SPARE_SEATS = "family_spare_seats"
    PAID_VACATION = "paid_vacation"
    HOLIDAY_SEAT_RESERVATION = "holiday_seat_reservation"
    # V2
    GROUP_VIP_SERVICE = "group_vip_service"
    # V3
    YIXING_CARD = "yixing_card"
    ACCOUNT_MANAGER = "account_manager"
    SECRETARY_ACCOMPANIMENT = "secretary_accompaniment"
    MEAL_PREORDER = "meal_preorder"
    PRIORITY_BAGGAGE = "priority_baggage"
    # V4
    SUPPORT_TEAM = "support_team"
    SENIOR_ACCOUNT_MANAGER = "senior_account_manager"
    MULTI_FLIGHT_SEAT_HOLD = "multi_flight_seat_hold"
    SEAT_LOCK = "seat_lock"
    VIP_LOUNGE = "vip_lounge"
    CIP = "cip"
    # V5 (instead of CIP)
    VIP = "vip"

    @property
    def airport_restriction(self) -> frozenset[str] | None:
        """IATA codes of the only airports offering it, or ``None`` when offered anywhere."""
        return ENTITLEMENT_AIRPORTS.get(self)


ENTITLEMENT_LABELS_ZH: dict[Entitlement, str] = {
    Entitlement.TICKET_CONSULTATION: "票务咨询",
    Entitlement.BOOKING_ON_BEHALF: "代订机票",
    Entitlement.ITINERARY_ON_BEHALF: "代打行程单",
    Entitlement.SEAT_PRESELECTION: "预选座位",
    Entitlement.BOARDING_PASS_ON_BEHALF: "代打登机牌",
    Entitlement.GROUND_TRANSFER_BOOKING: "易行地面交通预订",
    Entitlement.EASY_CHANGE_REFUND: "便捷改退",
    Entitlement.FAMILY_SPARE_SEATS: "本人及直系亲属余座优惠",
    Entitlement.PAID_VACATION: "带薪休假产品",
    Entitlement.HOLIDAY_SEAT_RESERVATION: "节假日高峰座位预留",
    Entitlement.GROUP_VIP_SERVICE: "集团要客保障",
    Entitlement.YIXING_CARD: "易行卡",
    Entitlement.ACCOUNT_MANAGER: "专属客户经理一对一服务",
    Entitlement.SECRETARY_ACCOMPANIMENT: "小秘书全程陪同",
    Entitlement.MEAL_PREORDER: "机上餐食预订",
    Entitlement.PRIORITY_BAGGAGE: "行李优先(限深圳机场)",
    Entitlement.SUPPORT_TEAM: "专属保障团队",
    Entitlement.SENIOR_ACCOUNT_MANAGER: "高级客户经理全程陪同",
    Entitlement.MULTI_FLIGHT_SEAT_HOLD: "多航班压座",
    Entitlement.SEAT_LOCK: "机上座位锁定",
    Entitlement.VIP_LOUNGE: "贵宾室服务",
    Entitlement.CIP: "CIP保障",
    Entitlement.VIP: "VIP保障",
}

ENTITLEMENT_AIRPORTS: dict[Entitlement, frozenset[str]] = {
    Entitlement.PRIORITY_BAGGAGE: frozenset({"SZX"}),  # 行李优先 is offered in Shenzhen only
}

_E = Entitlement
# What each level adds to the one below; V5 is special-cased (VIP replaces CIP).
_ADDED: dict[GpLevel, frozenset[Entitlement]] = {
    GpLevel.V1: frozenset(
        {
            _E.TICKET_CONSULTATION,
            _E.BOOKING_ON_BEHALF,
            _E.ITINERARY_ON_BEHALF,
            _E.SEAT_PRESELECTION,
            _E.BOARDING_PASS_ON_BEHALF,
            _E.GROUND_TRANSFER_BOOKING,
            _E.EASY_CHANGE_REFUND,
            _E.FAMILY_SPARE_SEATS,
            _E.PAID_VACATION,
            _E.HOLIDAY_SEAT_RESERVATION,
        }
    ),
    GpLevel.V2: frozenset({_E.GROUP_VIP_SERVICE}),
    GpLevel.V3: frozenset(
        {
            _E.YIXING_CARD,
            _E.ACCOUNT_MANAGER,
            _E.SECRETARY_ACCOMPANIMENT,
            _E.MEAL_PREORDER,
            _E.PRIORITY_BAGGAGE,
        }
    ),
    GpLevel.V4: frozenset(
        {
            _E.SUPPORT_TEAM,
            _E.SENIOR_ACCOUNT_MANAGER,
            _E.MULTI_FLIGHT_SEAT_HOLD,
            _E.SEAT_LOCK,
            _E.VIP_LOUNGE,
            _E.CIP,
        }
    ),
}


def _build() -> dict[GpLevel, frozenset[Entitlement]]:
    table: dict[GpLevel, frozenset[Entitlement]] = {}
    acc: frozenset[Entitlement] = frozenset()
    for level in (GpLevel.V1, GpLevel.V2, GpLevel.V3, GpLevel.V4):
        acc = acc | _ADDED[level]
        table[level] = acc
    table[GpLevel.V5] = (acc - {_E.CIP}) | {_E.VIP}
    return table


_ENTITLEMENTS = _build()


def entitlements(level: GpLevel) -> frozenset[Entitlement]:
    """Everything an official of ``level`` is entitled to."""
    return _ENTITLEMENTS[level]


def minimum_level(entitlement: Entitlement) -> GpLevel:
    """The lowest level with the entitlement (V5 for VIP, V4 for CIP)."""
    return next(level for level in GpLevel if entitlement in _ENTITLEMENTS[level])


def has_entitlement(level: GpLevel, entitlement: Entitlement, airport: str | None = None) -> bool:
    """Is ``level`` entitled to the service, at ``airport`` when given?

    Without an airport only the level is checked (the service list of an official);
    with one, airport-restricted services (priority baggage: SZX only) must be offered there.
    """
    if entitlement not in _ENTITLEMENTS[level]:
        return False
    allowed = entitlement.airport_restriction
    if airport is None or allowed is None:
        return True
    return normalise_code(airport) in allowed


def check_companions(count: int) -> None:
    """Refuse more than 8 companions (or a negative count) on a GP request."""
    if not 0 <= count <= MAX_GP_COMPANIONS:
        raise DomainError("gp_companions", field="companions", max=MAX_GP_COMPANIONS, count=count)
