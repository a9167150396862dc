"""Who travels with whom: an infant (婴儿) sits on an adult's lap, one infant per adult
(婴儿须由成人陪同)."""

from __future__ import annotations

from collections.abc import Sequence

from counter_app.domain.errors import DomainError
from counter_app.domain.types import PassengerType

FIELD_PASSENGERS = "passengers"


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
