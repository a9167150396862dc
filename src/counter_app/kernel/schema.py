"""The reference tables both programs keep alike, defined once (docs/architecture.md, "Two
programs, one package").

Head office owns these rows and every counter keeps a pulled copy, column for column. Each
class here is a declarative mixin of the columns; ``storage/models.py`` and
``headoffice/models.py`` each map it on their own ``Base`` (separate metadata, separate
migrations) and name the table there, so the DDL stays identical on both sides and a column
changes in one place. Tables that differ between the two in some columns (flights,
customers, travellers) take the columns they keep alike from a mixin here and declare the
others (keys, indexes, foreign keys, money widths) in their own model file; cabins and
clerks stay in the two model files.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column


class OutletColumns:
    """A selling place: post-office outlet (邮政网点), franchise (加盟店), call centre (11185),
    GP counter."""

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    region_zh: Mapped[str] = mapped_column(String(16), default="")
    office_code: Mapped[str] = mapped_column(String(8), default="")
    agent_code: Mapped[str] = mapped_column(String(16), default="")


class AirportColumns:
    """A civil airport (机场) with the names a clerk may type."""

    iata: Mapped[str] = mapped_column(String(3), primary_key=True)
    icao: Mapped[str] = mapped_column(String(4), default="")
    name_zh: Mapped[str] = mapped_column(String(64))
    city_zh: Mapped[str] = mapped_column(String(32))
    province_zh: Mapped[str] = mapped_column(String(16), default="")
    name_en: Mapped[str] = mapped_column(String(128), default="")
    city_en: Mapped[str] = mapped_column(String(64), default="")
    city_pinyin: Mapped[str] = mapped_column(String(64))
    city_initials: Mapped[str] = mapped_column(String(16))
    airport_pinyin: Mapped[str] = mapped_column(String(64), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    tz: Mapped[str] = mapped_column(String(64))
    domestic: Mapped[bool] = mapped_column(Boolean, default=True)


class AirlineColumns:
    """A carrier (航空公司) and its 3-digit ticket prefix."""

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    icao: Mapped[str] = mapped_column(String(3), default="")
    prefix: Mapped[str] = mapped_column(String(3))
    name_zh: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(64), default="")


class SeatLayoutColumns:
    """A seat map (座位图) for one aircraft type of one carrier, kept as the JSON document."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    aircraft: Mapped[str] = mapped_column(String(8))
    carrier: Mapped[str] = mapped_column(String(2))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)


class RuleDocumentColumns:
    """An effective-dated rule table (fare classes, taxes, fees, commissions), parsed by the
    domain layer."""

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class FlightColumns:
    """A dated flight (航班): the columns both sides keep alike. Its ``id``, ``layout_id`` (each
    side names its layout table) and the fares (integer fen at the counter, big integers at
    head office) are declared on each side."""

    flight_no: Mapped[str] = mapped_column(String(8))
    carrier: Mapped[str] = mapped_column(ForeignKey("airlines.code"))
    origin: Mapped[str] = mapped_column(ForeignKey("airports.iata"))
    destination: Mapped[str] = mapped_column(ForeignKey("airports.iata"))
    dep_date: Mapped[date] = mapped_column(Date)
    dep_time: Mapped[time] = mapped_column(Time)
    arr_date: Mapped[date] = mapped_column(Date)
    arr_time: Mapped[time] = mapped_column(Time)
    aircraft: Mapped[str] = mapped_column(String(8))
    distance_km: Mapped[int] = mapped_column(Integer)
    feeder: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")


class CustomerColumns:
    """Who pays (walk-in, agreement customer, GP unit, distributor): the columns both sides
    keep alike. ``version`` counts edits."""

    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    name_zh: Mapped[str] = mapped_column(String(128))
    name_pinyin: Mapped[str] = mapped_column(String(256), default="")
    name_initials: Mapped[str] = mapped_column(String(64), default="")
    uscc: Mapped[str | None] = mapped_column(String(18), nullable=True)
    settlement: Mapped[str] = mapped_column(String(16), default="now")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    contact_phone: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class TravellerColumns:
    """A person who flies (旅客); GP officials carry their level and title: the columns both
    sides keep alike."""

    name: Mapped[str] = mapped_column(String(64))
    id_type: Mapped[str] = mapped_column(String(2))
    id_number: Mapped[str] = mapped_column(String(32))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    mobile: Mapped[str] = mapped_column(String(20), default="")
    ffp_number: Mapped[str] = mapped_column(String(20), default="")
    gp_level: Mapped[str | None] = mapped_column(String(2), nullable=True)
    title_zh: Mapped[str] = mapped_column(String(32), default="")
