"""One ID number, one person (同一证件号码，不同姓名): the names an ID number is on file under.

A document number belongs to one person. When the clerk types a passenger whose ID number
earlier bookings or a customer's traveller list hold under another name, either the number
or the name is mistyped — or someone travels on another's document. The sale page flags it
at the ID field; the clerk, who has the document in hand, decides. (It is no refusal: the
name on file may be the one that was wrong, or a name may have changed.)
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.storage.models import BookingPassenger, Traveller


def same_name(a: str, b: str) -> bool:
    """Names compared as the sale stores them, ignoring spaces and letter case."""
    return "".join(a.split()).upper() == "".join(b.split()).upper()


def other_names_on_file(
    session: Session, id_type: str, id_number: str, name: str, limit: int = 5
) -> list[str]:
    """The names other than ``name`` under which ``id_type``/``id_number`` is on file:
    earlier bookings' passengers and customers' travellers, each name once, at most
    ``limit``. Looked up by the ID number alone (equality, so an index serves it)."""
    found: list[str] = []
    for column_name, column_type, column_number in (
        (BookingPassenger.name, BookingPassenger.id_type, BookingPassenger.id_number),
        (Traveller.name, Traveller.id_type, Traveller.id_number),
    ):
        rows = session.scalars(
            select(column_name)
            .where(column_number == id_number, column_type == id_type)
            .distinct()
            .limit(limit + 1)
        )
        for other in rows:
            if not same_name(other, name) and not any(same_name(other, f) for f in found):
                found.append(other)
    return found[:limit]
