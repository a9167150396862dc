"""A GP unit's officials (公务人员) and the unit's own fields, checked alike at the counter
and at head office (which trusts no counter).

An official is a traveller of a GP unit: name, document, mobile, level V1..V5 and title in
the traveller's columns; seat and meal preference, companions (at most 8) and notes in its
``attributes``. :data:`OFFICIAL_FIELDS` are the fields ``gp_official.save`` carries, in wire
form (:func:`clean_official`): texts (``""`` when empty), the level as ``"V1"``..``"V5"``,
companions as a list of person dicts (the request forms' people, ``PERSON_KEYS``).

A unit (``customers`` of kind ``gp_unit``) keeps its bureau, level of government and account
manager in its ``attributes`` (:data:`UNIT_ATTRIBUTE_FIELDS`, merged like its other fields
by ``customer.update``).

Refusal codes are those of the passenger checks (``name_*``, ``id_*``, ``passport_format``,
``document_format``, ``id_type``, ``mobile_format``, ``gp_level``, ``gp_companions``) and
of the request forms' fields (``request_field_choice``, ``request_field_too_long``,
``request_field_required``, ``request_person_name``, ``invalid_text``), each naming the
field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import MAX_GP_COMPANIONS, Entitlement, parse_gp_level
from counter_app.domain.gp_requests import FieldSpec, Option, RequestKind, clean_value
from counter_app.domain.ids import IdType, validate_document
from counter_app.domain.names import validate_passenger_name
from counter_app.domain.phones import normalise_mobile

OFFICIAL_FIELDS = ("name", "id_type", "id_number", "mobile", "gp_level", "title_zh",
                   "seat_pref", "meal_pref", "companions", "notes")
# Kept in the traveller's ``attributes``; the others are the traveller's columns.
ATTRIBUTE_FIELDS = ("seat_pref", "meal_pref", "companions", "notes")
# What a new official must have.
REQUIRED_FIELDS = ("name", "id_type", "id_number", "gp_level")
# Who may create an official or change a level (head office checks the op's clerk).
LEVEL_ROLES = frozenset({"director", "head_office"})
MEAL_KIND, MEAL_FIELD = "meal_preorder", "meal"
TITLE_MAX = 32  # the traveller's column
NOTES_MAX = 500
LABELS_ZH = {"name": "姓名", "id_type": "证件类型", "id_number": "证件号码", "mobile": "手机",
             "gp_level": "级别", "title_zh": "职务", "seat_pref": "座位偏好",
             "meal_pref": "餐食偏好", "companions": "同行人员", "notes": "备注"}

# The entitlements in English (Chinese: ``domain.gp.ENTITLEMENT_LABELS_ZH``).
ENTITLEMENT_LABELS_EN: dict[Entitlement, str] = {
    Entitlement.TICKET_CONSULTATION: "Ticket consultation",
    Entitlement.BOOKING_ON_BEHALF: "Booking on the official's behalf",
    Entitlement.ITINERARY_ON_BEHALF: "Itinerary receipt on the official's behalf",
    Entitlement.SEAT_PRESELECTION: "Seat pre-selection",
    Entitlement.BOARDING_PASS_ON_BEHALF: "Boarding pass on the official's behalf",
    Entitlement.GROUND_TRANSFER_BOOKING: "Ground transfer booking (Yixing)",
    Entitlement.EASY_CHANGE_REFUND: "Easy change and refund",
    Entitlement.FAMILY_SPARE_SEATS: "Spare-seat discount for the official and family",
    Entitlement.PAID_VACATION: "Paid-vacation products",
    Entitlement.HOLIDAY_SEAT_RESERVATION: "Holiday peak seat reservation",
    Entitlement.GROUP_VIP_SERVICE: "Group VIP service",
    Entitlement.YIXING_CARD: "Yixing card",
    Entitlement.ACCOUNT_MANAGER: "Dedicated account manager",
    Entitlement.SECRETARY_ACCOMPANIMENT: "Little-secretary accompaniment",
    Entitlement.MEAL_PREORDER: "In-flight meal pre-order",
    Entitlement.PRIORITY_BAGGAGE: "Priority baggage (Shenzhen only)",
    Entitlement.SUPPORT_TEAM: "Dedicated support team",
    Entitlement.SENIOR_ACCOUNT_MANAGER: "Senior account manager throughout",
    Entitlement.MULTI_FLIGHT_SEAT_HOLD: "Seat holds on several flights",
    Entitlement.SEAT_LOCK: "Seat lock",
    Entitlement.VIP_LOUNGE: "VIP lounge",
    Entitlement.CIP: "CIP guarantee",
    Entitlement.VIP: "VIP guarantee",
}

SEAT_PREFS = (
    Option("window", "靠窗", "Window"),
    Option("aisle", "靠过道", "Aisle"),
    Option("front", "前排", "Front rows"),
    Option("none", "无要求", "No preference"),
)
# A GP unit's level of government (行政级别).
GOV_LEVELS = (
    Option("central", "中央/部委", "Central government"),
    Option("provincial", "省级", "Provincial"),
    Option("municipal", "市级", "Municipal"),
    Option("district", "区县级", "District / county"),
)
UNIT_ATTRIBUTE_FIELDS = ("bureau", "gov_level", "account_manager")
UNIT_MAX = {"bureau": 64, "gov_level": 16, "account_manager": 32}

_SEAT = FieldSpec("seat_pref", "choice", "座位偏好", "Seat preference", options=SEAT_PREFS)
_COMPANIONS = FieldSpec("companions", "people", "同行人员", "Companions",
                        max_items=MAX_GP_COMPANIONS)
_NOTES = FieldSpec("notes", "multiline", "备注", "Notes", max_length=NOTES_MAX)
_TITLE = FieldSpec("title_zh", "text", "职务", "Title", max_length=TITLE_MAX)
_GOV = FieldSpec("gov_level", "choice", "行政级别", "Level of government", options=GOV_LEVELS)
_UNIT_TEXT = {
    "bureau": FieldSpec("bureau", "text", "主管部门", "Bureau", max_length=UNIT_MAX["bureau"]),
    "account_manager": FieldSpec("account_manager", "text", "客户经理", "Account manager",
                                 max_length=UNIT_MAX["account_manager"]),
}


def meal_options(kinds: Mapping[str, RequestKind]) -> tuple[Option, ...]:
    """The meals an official may prefer: the meal pre-order form's choices."""
    kind = kinds.get(MEAL_KIND)
    if kind is None:
        return ()
    return kind.field(MEAL_FIELD).options


def blank(name: str) -> Any:
    """The empty value of a field in wire form."""
    return [] if name == "companions" else ""


def normal(name: str, value: Any) -> Any:
    """A field's value as compared: ``None`` as the field's blank."""
    return blank(name) if value is None else value


def official_values(row: Any) -> dict[str, Any]:
    """An official's fields in wire form, from a traveller row (either end)."""
    attributes = dict(getattr(row, "attributes", None) or {})
    values: dict[str, Any] = {}
    for name in OFFICIAL_FIELDS:
        raw = attributes.get(name) if name in ATTRIBUTE_FIELDS else getattr(row, name, None)
        values[name] = normal(name, raw)
    return values


def _meal_spec(options: tuple[Option, ...]) -> FieldSpec:
    return FieldSpec("meal_pref", "choice", "餐食偏好", "Meal preference", options=options)


def _id_type(value: Any) -> IdType:
    try:
        return IdType(str(value or "").strip().upper())
    except ValueError:
        raise DomainError("id_type", field="id_type", value=str(value)) from None


def _clean_one(name: str, value: Any, record: Mapping[str, Any], *,
               meals: tuple[Option, ...], today: date | None) -> Any:
    if name == "companions":
        return clean_value(_COMPANIONS, value) or []
    if value is not None and not isinstance(value, str):
        raise DomainError("request_field_type", field=name, label=LABELS_ZH[name])
    text = (value or "").strip()
    if name == "id_type":
        return _id_type(text).value if text else ""
    if not text:
        return ""
    if name == "name":
        return validate_passenger_name(text, _id_type(record.get("id_type") or "NI"))
    if name == "id_number":
        return validate_document(_id_type(record.get("id_type") or "NI"), text, today)
    if name == "mobile":
        return normalise_mobile(text)
    if name == "gp_level":
        return parse_gp_level(text).value
    spec = {"seat_pref": _SEAT, "meal_pref": _meal_spec(meals), "notes": _NOTES,
            "title_zh": _TITLE}[name]
    return clean_value(spec, text) or ""


def clean_official(changes: Mapping[str, Any], current: Mapping[str, Any], *,
                   meals: tuple[Option, ...], today: date | None = None,
                   new: bool = False) -> dict[str, Any]:
    """``changes`` checked against the official they make (``current`` overlaid with them),
    in wire form. A changed document type checks the name and number again. ``new``: the
    :data:`REQUIRED_FIELDS` must be there (``request_field_required``)."""
    unknown = sorted(set(changes) - set(OFFICIAL_FIELDS))
    if unknown:
        raise DomainError("request_field_unknown", field=unknown[0], label=unknown[0])
    record = {name: normal(name, current.get(name)) for name in OFFICIAL_FIELDS}
    if "id_type" in changes:
        record["id_type"] = _clean_one("id_type", changes["id_type"], record, meals=meals,
                                       today=today)
    wanted = set(changes)
    if "id_type" in changes:
        wanted |= {"name", "id_number"}
    cleaned: dict[str, Any] = {}
    for name in OFFICIAL_FIELDS:
        if name not in wanted:
            continue
        value = changes[name] if name in changes else record[name]
        cleaned[name] = _clean_one(name, value, record, meals=meals, today=today)
    if new:
        final = {**record, **cleaned}
        for name in REQUIRED_FIELDS:
            if not final.get(name):
                raise DomainError("request_field_required", field=name, label=LABELS_ZH[name])
    return {name: value for name, value in cleaned.items()
            if name in changes or value != record[name]}


def clean_unit_field(name: str, value: Any) -> str:
    """A GP unit's bureau, level of government or account manager in wire form."""
    text = str(value or "").strip()
    if not text:
        return ""
    spec = _GOV if name == "gov_level" else _UNIT_TEXT[name]
    return str(clean_value(spec, text))
