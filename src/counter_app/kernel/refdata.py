"""Parsing of the bundled reference and demo data (``resources/data/*.json``), shared by the
counter's local loader and head office's loader so both read a file the same way.

Nothing here touches a database: each function turns a bundled file or one of its records
into plain values; the callers write them into their own tables.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from counter_app.domain.ids import IdType, parse_resident_id
from counter_app.domain.money import money, to_fen
from counter_app.resources import resource

RULE_DOCUMENTS = ("fare_classes", "taxes", "fee_rules", "commissions")
# The attributes of an agreement customer (协议客户) demo.json may carry.
AGREEMENT_ATTRIBUTES = ("size", "sector", "industry", "scope", "designated", "party", "member")


def read_json(name: str) -> tuple[dict[str, Any], str]:
    """A bundled data file and its content hash."""
    raw = Path(resource("data", f"{name}.json")).read_bytes()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def birth_date_of(id_type: str, id_number: str) -> date | None:
    """A traveller's birth date when the ID (a resident ID card) carries one."""
    if id_type != IdType.RESIDENT:
        return None
    return parse_resident_id(id_number).birth_date


def _given(record: dict[str, Any], *names: str) -> dict[str, Any]:
    """Fields every record of its file carries, as written."""
    return {name: record[name] for name in names}


def _optional(record: dict[str, Any], *names: str) -> dict[str, Any]:
    """Fields a record may leave out: "" then."""
    return {name: record.get(name, "") for name in names}


def airport_row(a: dict[str, Any]) -> dict[str, Any]:
    """The columns of an airport from its record in ``airports.json``."""
    return {
        "iata": a["iata"],
        "icao": a.get("icao") or "",
        **_given(a, "name_zh", "city_zh"),
        **_optional(a, "province_zh", "name_en", "city_en"),
        **_given(a, "city_pinyin", "city_initials"),
        **_optional(a, "airport_pinyin"),
        "lat": float(a["lat"]),
        "lon": float(a["lon"]),
        "tz": a.get("tz") or "Asia/Shanghai",
        "domestic": bool(a.get("domestic", True)),
    }


def airline_row(a: dict[str, Any]) -> dict[str, Any]:
    """The columns of an airline from its record in ``airlines.json``."""
    return {
        "code": a["code"],
        "icao": a.get("icao") or "",
        **_given(a, "prefix", "name_zh"),
        **_optional(a, "name_en"),
    }


def layout_row(lay: dict[str, Any]) -> dict[str, Any]:
    """The columns of a seat layout from its record in ``aircraft.json``."""
    return {"id": lay["id"], "aircraft": lay["aircraft"], "carrier": lay["carrier"],
            "definition": lay}


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _fen_or_none(value: str | None) -> int | None:
    return None if value in (None, "") else to_fen(money(value))


def pattern_flight(p: dict[str, Any], day: date, flight_id: str) -> dict[str, Any]:
    """The row of the dated flight a weekly pattern of ``schedule.json`` makes on ``day``
    (the same for the counter's standalone demo and head office's loader)."""
    return {
        "id": flight_id,
        "flight_no": p["flight_no"],
        "carrier": p["carrier"],
        "origin": p["origin"],
        "destination": p["destination"],
        "dep_date": day,
        "dep_time": _hhmm(p["dep"]),
        "arr_date": day + timedelta(days=int(p.get("arr_day", 0))),
        "arr_time": _hhmm(p["arr"]),
        "aircraft": p["aircraft"],
        "layout_id": p["layout"],
        "distance_km": int(p["distance_km"]),
        "feeder": bool(p.get("feeder", False)),
        "y_fare_fen": to_fen(money(p["fares"]["Y"])),
        "c_fare_fen": _fen_or_none(p["fares"].get("C")),
        "f_fare_fen": _fen_or_none(p["fares"].get("F")),
        "status": "scheduled",
    }


def demo_load(flight_no: str, day: date, cabin: str, today: date) -> tuple[float, str]:
    """A deterministic load factor and closed classes for a demo flight, so the demo
    shows full, nearly full and empty flights without a random generator."""
    digest = hashlib.sha256(f"{flight_no}{day.isoformat()}{cabin}".encode()).digest()
    days_out = (day - today).days
    base = 0.9 if days_out < 3 else 0.6 if days_out < 14 else 0.3
    load = min(1.0, max(0.0, base + (digest[0] / 255 - 0.5) * 0.5))
    closed = ""
    if cabin == "Y":
        # Cheapest classes close first as the flight fills (收益管理: 低舱位先关).
        ladder = "RETZUVGQLKH"
        closed = ladder[: int(load * 10)] if load > 0.5 else ""
    return load, closed
