"""Passengers as typed and as checked: one person's document, name and type by age at
travel (:func:`check_passenger`), and who travels with whom: an infant (婴儿) sits on an
adult's lap, one infant per adult (婴儿须由成人陪同)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import (
    IdType,
    check_fare_passenger_type,
    parse_resident_id,
    passenger_type_on,
    validate_document,
)
from counter_app.domain.names import validate_passenger_name
from counter_app.domain.types import PassengerType

FIELD_PASSENGERS = "passengers"
MAX_PASSENGERS = 9  # one PNR holds at most nine passengers


@dataclass(frozen=True, slots=True)
class PassengerInput:
    """One passenger as the clerk typed them.

    ``birth_date`` is read from a resident ID; other documents need it typed for a child
    or an infant (without one, a passport holder is taken as an adult). ``passenger_type``,
    when given, must agree with the age on the travel date. ``infant_of`` is the index of
    the adult an infant travels with (assigned in order when left out).
    """

    name: str
    id_type: str
    id_number: str
    birth_date: date | None = None
    passenger_type: PassengerType | None = None
    insurance_units: int = 0
    infant_of: int | None = None
    traveller_id: str | None = None
    mobile: str = ""
    ffp_number: str = ""


@dataclass(frozen=True, slots=True)
class CheckedPassenger:
    """A passenger's document checked: the normalised name and number, the birth date (read
    from a resident ID or as typed) and the passenger type by age on the travel date."""

    name: str
    id_type: IdType
    id_number: str
    birth_date: date | None
    passenger_type: PassengerType


def check_passenger(p: PassengerInput, travel_date: date, today: date) -> CheckedPassenger:
    """Check one passenger's document type, number and name, and their type at travel.

    Refusals: ``id_type``, the document's and the name's own format codes,
    ``fare_type_mismatch`` (a typed type that disagrees with the age),
    ``birth_date_required`` (a child or infant with no birth date to judge by).
    """
    try:
        id_type = IdType(p.id_type)
    except ValueError:
        raise DomainError("id_type", field="id_type", id_type=p.id_type) from None
    number = validate_document(id_type, p.id_number, today)
    name = validate_passenger_name(p.name, id_type)
    birth = parse_resident_id(number).birth_date if id_type is IdType.RESIDENT else p.birth_date
    if birth is not None:
        ptype = passenger_type_on(birth, travel_date)
        if p.passenger_type is not None:
            check_fare_passenger_type(birth, travel_date, p.passenger_type)
    elif p.passenger_type in (PassengerType.CHILD, PassengerType.INFANT):
        raise DomainError("birth_date_required", field="birth_date", name=name)
    else:
        ptype = PassengerType.ADULT
    return CheckedPassenger(name, id_type, number, birth, ptype)


def infant_links(
    types: Sequence[PassengerType], names: Sequence[str], wanted: Sequence[int | None]
) -> list[int | None]:
    """For each passenger, the index of the adult an infant travels with (None for the
    others). ``wanted`` holds the clerk's explicit choices (an adult's index or None); the
    other infants take the free adults in order.

    Refusals: ``infant_without_adult`` (no adult, or a choice that is not an adult),
    ``two_infants_one_adult`` (an adult chosen twice, or more infants than adults).
    """
    adults = [i for i, t in enumerate(types) if t is PassengerType.ADULT]
    infants = [i for i, t in enumerate(types) if t is PassengerType.INFANT]
    links: list[int | None] = [None] * len(types)
    if not infants:
        return links
    if not adults:
        raise DomainError("infant_without_adult", field=FIELD_PASSENGERS,
                          infant=names[infants[0]])
    taken: set[int] = set()
    for i in infants:  # the clerk's explicit choices first
        choice = wanted[i]
        if choice is None:
            continue
        if choice not in adults:
            raise DomainError("infant_without_adult", field=FIELD_PASSENGERS, infant=names[i])
        if choice in taken:
            raise DomainError("two_infants_one_adult", field=FIELD_PASSENGERS,
                              adult=names[choice])
        links[i] = choice
        taken.add(choice)
    free = [a for a in adults if a not in taken]
    for i in infants:
        if links[i] is None:
            if not free:
                raise DomainError("two_infants_one_adult", field=FIELD_PASSENGERS,
                                  infants=len(infants), adults=len(adults))
            links[i] = free.pop(0)
    return links
