"""The passengers of a booking checked (旅客): documents and names
(:func:`counter_app.domain.passengers.check_passenger`), one document one person, contacts
and frequent-flyer numbers, who travels on whose lap, the GP level of an official
travelling for their unit, and the companions a GP booking may take."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.gp import check_companions
from counter_app.domain.ids import IdType, normalise_code
from counter_app.domain.passengers import (
    MAX_PASSENGERS,
    CheckedPassenger,
    PassengerInput,
    check_passenger,
    infant_links,
)
from counter_app.domain.phones import normalise_mobile
from counter_app.domain.types import PassengerType
from counter_app.storage.models import (
    BookingPassenger,
    Customer,
    Traveller,
)

_FFP_RE = re.compile(r"[A-Z0-9]{4,20}")


@dataclass(frozen=True, slots=True)
class PassengerLine(CheckedPassenger):
    """A checked passenger of a booking: the document checked (normalised name and number,
    type by age at travel: :class:`~counter_app.domain.passengers.CheckedPassenger`), and
    what the booking adds: the place in it, whose lap an infant sits on, the GP level,
    contacts and insurance."""

    index: int
    infant_of: int | None
    gp_level: str | None
    traveller_id: str | None
    mobile: str
    ffp_number: str
    insurance_units: int


def _check_contact(p: PassengerInput) -> tuple[str, str]:
    mobile = normalise_mobile(p.mobile)
    ffp = "".join(normalise_code(p.ffp_number).split())
    if ffp and not _FFP_RE.fullmatch(ffp):
        raise DomainError("ffp_format", field="ffp_number", ffp_number=p.ffp_number)
    return mobile, ffp


def _gp_level(
    session: Session, customer: Customer | None, p: PassengerInput, ptype: PassengerType
) -> str | None:
    """The GP level of an official travelling for their GP unit, else None."""
    if customer is None or customer.kind != "gp_unit" or p.traveller_id is None:
        return None
    traveller = session.get(Traveller, p.traveller_id)
    if traveller is None or traveller.customer_id != customer.id or not traveller.gp_level:
        return None
    return traveller.gp_level if ptype is PassengerType.ADULT else None


def check_passengers(
    session: Session,
    passengers: Sequence[PassengerInput],
    customer: Customer | None,
    travel_date: date,
    today: date,
) -> list[PassengerLine]:
    if not passengers:
        raise DomainError("no_passengers", field="passengers")
    if len(passengers) > MAX_PASSENGERS:
        raise DomainError(
            "too_many_passengers", field="passengers", count=len(passengers), max=MAX_PASSENGERS
        )
    checked: list[CheckedPassenger] = [
        check_passenger(p, travel_date, today) for p in passengers
    ]
    seen: dict[str, str] = {}  # ID number -> the name it came with first
    for c in checked:
        if c.id_number in seen:  # one document, one person, under whatever name
            raise DomainError("duplicate_passenger", field="id_number", name=seen[c.id_number])
        seen[c.id_number] = c.name
    contacts = [_check_contact(p) for p in passengers]
    links = infant_links([c.passenger_type for c in checked], [c.name for c in checked],
                         [p.infant_of for p in passengers])
    lines = []
    for i, (c, source) in enumerate(zip(checked, passengers, strict=True)):
        if source.traveller_id is not None and session.get(
            Traveller, source.traveller_id
        ) is None:
            raise DomainError("traveller_not_found", field="passengers", name=c.name)
        lines.append(
            PassengerLine(
                index=i,
                name=c.name,
                passenger_type=c.passenger_type,
                id_type=c.id_type,
                id_number=c.id_number,
                birth_date=c.birth_date,
                infant_of=links[i],
                gp_level=_gp_level(session, customer, source, c.passenger_type),
                traveller_id=source.traveller_id,
                mobile=contacts[i][0],
                ffp_number=contacts[i][1],
                insurance_units=source.insurance_units,
            )
        )
    if customer is not None and customer.kind == "gp_unit":
        officials = sum(1 for p in lines if p.gp_level)
        check_companions(len(lines) - max(officials, 1))
    return lines


def stored_passenger_lines(rows: Sequence[BookingPassenger]) -> list[PassengerLine]:
    index = {row.id: i for i, row in enumerate(rows)}
    return [
        PassengerLine(
            index=i,
            name=row.name,
            passenger_type=PassengerType(row.passenger_type),
            id_type=IdType(row.id_type),
            id_number=row.id_number,
            birth_date=row.birth_date,
            infant_of=None if row.infant_of is None else index.get(row.infant_of),
            gp_level=row.gp_level,
            traveller_id=row.traveller_id,
            mobile=row.mobile,
            ffp_number=row.ffp_number,
            insurance_units=row.insurance_units,
        )
        for i, row in enumerate(rows)
    ]


def search_letters(name: str) -> str:
    """Letters to find a passenger's name by (stored beside it, ``name_pinyin``): the pinyin
    of a Chinese name, the latin letters of any other; at most 128."""
    if any(ch >= "\u3400" for ch in name if not ch.isascii()):
        from counter_app.kernel.pinyin import pinyin_of  # pypinyin: only when needed

        full, _initials = pinyin_of(name)  # a pinyin tail (王XIAO) passes through as is
        return full[:128]
    return "".join(ch for ch in name.lower() if "a" <= ch <= "z")[:128]
