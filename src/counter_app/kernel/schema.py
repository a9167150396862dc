"""The reference tables both programs keep alike, defined once (docs/architecture.md, "Two
programs, one package").

Head office owns these rows and every counter keeps a pulled copy, column for column. Each
class here is a declarative mixin of the columns; ``storage/models.py`` and
``headoffice/models.py`` each map it on their own ``Base`` (separate metadata, separate
migrations) and name the table there, so the DDL stays identical on both sides and a column
changes in one place. Tables that differ between the two (flights, cabins, clerks,
customers, travellers) stay in the two model files.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, String
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
