"""The ``data`` of change-log rows: exactly what a counter applies into its own tables.

One function per entity, so the loader, the push handlers and the inventory code all log the
same shape (formats listed in the head-office brief and in ``apply.py``'s docstring). Money
travels as strings of yuan with fen, dates as ``YYYY-MM-DD``, times as ``HH:MM``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from counter_app.domain.money import from_fen
from counter_app.sync.protocol import Lease, NumberRange

# Entity names in the change log.
AIRPORT = "airport"
AIRLINE = "airline"
LAYOUT = "layout"
RULES = "rules"
FLIGHT = "flight"
AVAILABILITY = "availability"
OUTLET = "outlet"
CLERK = "clerk"
CUSTOMER = "customer"
TRAVELLER = "traveller"
LEASE = "lease"
RANGE = "range"
CONFLICT = "conflict"
INVOICE = "invoice"


def aware(at: datetime) -> datetime:
    """A stored naive-UTC timestamp as an aware one, for messages."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def naive_utc(at: datetime) -> datetime:
    """An aware timestamp in the stored form (naive UTC)."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo is not None else at


def yuan(fen: int | None) -> str | None:
    return None if fen is None else str(from_fen(fen))


def hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def iso_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def availability_key(flight_id: str, cabin: str) -> str:
    return f"{flight_id}:{cabin}"


# A wire shape is a table of fields: a name is the row's attribute of that name, as it is;
# a (key, read) pair is the key and what ``read`` makes of the row.
Field = str | tuple[str, Callable[[Any], Any]]


def shaped(row: Any, shape: tuple[Field, ...]) -> dict[str, Any]:
    """``row`` in the wire shape ``shape``, its keys in the shape's order."""
    data: dict[str, Any] = {}
    for field in shape:
        if isinstance(field, str):
            data[field] = getattr(row, field)
        else:
            key, read = field
            data[key] = read(row)
    return data


FLIGHT_SHAPE: tuple[Field, ...] = (
    "id", "flight_no", "carrier", "origin", "destination",
    ("dep_date", lambda row: row.dep_date.isoformat()),
    ("dep_time", lambda row: hhmm(row.dep_time)),
    ("arr_date", lambda row: row.arr_date.isoformat()),
    ("arr_time", lambda row: hhmm(row.arr_time)),
    "aircraft", "layout_id", "distance_km",
    ("feeder", lambda row: bool(row.feeder)),
    ("fares", lambda row: {
        "Y": yuan(row.y_fare_fen), "C": yuan(row.c_fare_fen), "F": yuan(row.f_fare_fen)
    }),
    "status",
)
OUTLET_SHAPE: tuple[Field, ...] = (
    "code", "name_zh", "kind", "region_zh", "office_code", "agent_code",
)
CLERK_SHAPE: tuple[Field, ...] = (
    "login", "name_zh", "role", "outlet_code", "password_hash",
    ("active", lambda row: bool(row.active)),
)
CUSTOMER_SHAPE: tuple[Field, ...] = (
    "id", "code", "kind", "name_zh", "name_pinyin", "name_initials", "uscc", "outlet_code",
    "settlement",
    ("credit_limit", lambda row: yuan(row.credit_limit_fen)),
    ("attributes", lambda row: dict(row.attributes or {})),
    "contact_name", "contact_phone", "notes", "version",
)
TRAVELLER_SHAPE: tuple[Field, ...] = (
    "id", "customer_id", "name", "id_type", "id_number",
    ("birth_date", lambda row: iso_date(row.birth_date)),
    "mobile", "ffp_number", "gp_level", "title_zh",
    ("attributes", lambda row: dict(getattr(row, "attributes", None) or {})),
    ("version", lambda row: getattr(row, "version", None) or 1),
)
CONFLICT_SHAPE: tuple[Field, ...] = (
    "id", "customer_id", "field", "base", "counter_value", "server_value", "op_id",
    ("created_at", lambda row: aware(row.created_at).isoformat()),
)
LEASE_SHAPE: tuple[Field, ...] = (
    ("lease_id", lambda row: row.id),
    "flight_id", "cabin", "granted", "used",
    ("expires_at", lambda row: aware(row.expires_at)),
    "status",
)
# An e-invoice request as its counter sees it: the state, and the numbers once issued.
INVOICE_SHAPE: tuple[Field, ...] = (
    ("request_id", lambda row: row.id),
    "ticket_number", "status", "invoice_no", "original_invoice_no", "reversed_reason",
)


def flight_data(row: Any) -> dict[str, Any]:
    return shaped(row, FLIGHT_SHAPE)


def availability_data(
    flight_id: str, cabin: str, capacity: int, sold: int, granted: int, closed_classes: str
) -> dict[str, Any]:
    return {
        "flight_id": flight_id,
        "cabin": cabin,
        "capacity": capacity,
        "available": capacity - sold - granted,
        "closed_classes": closed_classes,
    }


def outlet_data(row: Any) -> dict[str, Any]:
    return shaped(row, OUTLET_SHAPE)


def clerk_data(row: Any) -> dict[str, Any]:
    return shaped(row, CLERK_SHAPE)


def customer_data(row: Any) -> dict[str, Any]:
    return shaped(row, CUSTOMER_SHAPE)


def traveller_data(row: Any) -> dict[str, Any]:
    return shaped(row, TRAVELLER_SHAPE)


def lease_message(row: Any) -> Lease:
    return Lease.model_validate(shaped(row, LEASE_SHAPE))


def range_message(row: Any) -> NumberRange:
    return NumberRange(
        range_id=row.id, kind=row.kind, prefix=row.prefix, first=row.first, last=row.last
    )


def conflict_data(row: Any) -> dict[str, Any]:
    return shaped(row, CONFLICT_SHAPE)


def invoice_data(row: Any) -> dict[str, Any]:
    """An e-invoice request as its counter sees it: the state, and the numbers once issued."""
    return shaped(row, INVOICE_SHAPE)
