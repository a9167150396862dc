"""The ``data`` of change-log rows: exactly what a counter applies into its own tables.

One function per entity, so the loader, the push handlers and the inventory code all log the
same shape (formats listed in the head-office brief and in ``apply.py``'s docstring). Money
travels as strings of yuan with fen, dates as ``YYYY-MM-DD``, times as ``HH:MM``.
"""

from __future__ import annotations

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


def flight_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "flight_no": row.flight_no,
        "carrier": row.carrier,
        "origin": row.origin,
        "destination": row.destination,
        "dep_date": row.dep_date.isoformat(),
        "dep_time": hhmm(row.dep_time),
        "arr_date": row.arr_date.isoformat(),
        "arr_time": hhmm(row.arr_time),
        "aircraft": row.aircraft,
        "layout_id": row.layout_id,
        "distance_km": row.distance_km,
        "feeder": bool(row.feeder),
        "fares": {"Y": yuan(row.y_fare_fen), "C": yuan(row.c_fare_fen), "F": yuan(row.f_fare_fen)},
        "status": row.status,
    }


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
    return {
        "code": row.code,
        "name_zh": row.name_zh,
        "kind": row.kind,
        "region_zh": row.region_zh,
        "office_code": row.office_code,
        "agent_code": row.agent_code,
    }


def clerk_data(row: Any) -> dict[str, Any]:
    return {
        "login": row.login,
        "name_zh": row.name_zh,
        "role": row.role,
        "outlet_code": row.outlet_code,
        "password_hash": row.password_hash,
        "active": bool(row.active),
    }


def customer_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "kind": row.kind,
        "name_zh": row.name_zh,
        "name_pinyin": row.name_pinyin,
        "name_initials": row.name_initials,
        "uscc": row.uscc,
        "outlet_code": row.outlet_code,
        "settlement": row.settlement,
        "credit_limit": yuan(row.credit_limit_fen),
        "attributes": dict(row.attributes or {}),
        "contact_name": row.contact_name,
        "contact_phone": row.contact_phone,
        "notes": row.notes,
        "version": row.version,
    }


def traveller_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "name": row.name,
        "id_type": row.id_type,
        "id_number": row.id_number,
        "birth_date": iso_date(row.birth_date),
        "mobile": row.mobile,
        "ffp_number": row.ffp_number,
        "gp_level": row.gp_level,
        "title_zh": row.title_zh,
    }


def lease_message(row: Any) -> Lease:
    return Lease(
        lease_id=row.id,
        flight_id=row.flight_id,
        cabin=row.cabin,
        granted=row.granted,
        used=row.used,
        expires_at=aware(row.expires_at),
        status=row.status,
    )


def range_message(row: Any) -> NumberRange:
    return NumberRange(
        range_id=row.id, kind=row.kind, prefix=row.prefix, first=row.first, last=row.last
    )


def conflict_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "customer_id": row.customer_id,
        "field": row.field,
        "base": row.base,
        "counter_value": row.counter_value,
        "server_value": row.server_value,
        "op_id": row.op_id,
        "created_at": aware(row.created_at).isoformat(),
    }


def invoice_data(row: Any) -> dict[str, Any]:
    """An e-invoice request as its counter sees it: the state, and the numbers once issued."""
    return {
        "request_id": row.id,
        "ticket_number": row.ticket_number,
        "status": row.status,
        "invoice_no": row.invoice_no,
        "original_invoice_no": row.original_invoice_no,
        "reversed_reason": row.reversed_reason,
    }
