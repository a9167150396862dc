"""Finding bookings and travellers again (查询订单与老旅客), fast with a year of sales.

The after-sale search (:func:`search_bookings`, :func:`find_bookings`) and the Sale page's
traveller completer (:func:`lookup_travellers`, :func:`known_travellers`) run on every
search or keystroke, so each question goes to an index: ticket number, locator, ID number,
mobile, the start of the name (Chinese characters) or of its pinyin. A name is matched from
its start (张 finds 张伟, 张小明; zhangw finds 张伟), as a clerk types it, since a match in
the middle of a column can use no index. Names are compared as ranges
(``name >= '张' AND name < '张' + U+10FFFF``) rather than ``LIKE``: SQLite's ``LIKE`` is
case-insensitive and cannot use an ordinary index, a range can.

Results come a page at a time, newest first, and a booking's list row is built from a few
set-wise queries for the whole page (passengers, tickets, flights, net paid); its full detail
(:func:`counter_app.services.booking.booking_detail`) is read only when the clerk selects it.
Migration ``0006_search_indexes`` adds the indexes these queries use; a test keeps their
plans free of full scans of the big tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import InstrumentedAttribute, Session

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import normalise_code
from counter_app.domain.money import from_fen
from counter_app.domain.phones import is_mobile, mobile_digits
from counter_app.services.customers import TravellerRow, travellers_of
from counter_app.services.payments import allowed_methods, credit_left
from counter_app.services.views import view_of
from counter_app.storage.models import (
    Booking,
    BookingPassenger,
    BookingSegment,
    Customer,
    Flight,
    Payment,
    Ticket,
    Traveller,
)

__all__ = [
    "PAGE_SIZE",
    "BookingPage",
    "BookingSummary",
    "CustomerTerms",
    "KnownTraveller",
    "customer_terms",
    "find_bookings",
    "known_travellers",
    "lookup_travellers",
    "search_bookings",
    "traveller_on_list",
]

# Bookings shown per page of the after-sale list; the next page on demand.
PAGE_SIZE = 50
# Above every character: ``prefix + _TOP`` bounds all the strings that start with prefix.
_TOP = "\U0010ffff"
_ROWID: ColumnElement[int] = literal_column("booking_passengers.rowid")
_TICKET_TEXT = re.compile(r"\d{3}-?\d{10}")
_PNR_TEXT = re.compile(r"[A-Z0-9]{6}")
_DOC_TEXT = re.compile(r"[A-Z0-9]{5,20}")
# The Sale page widens the start of an ID number from this many characters on.
ID_PREFIX_MIN = 6


def starts_with(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    """``column`` begins with ``prefix``, as a range an index on ``column`` serves."""
    return and_(column >= prefix, column < prefix + _TOP)


# Passenger rows are only ever inserted when a booking is made, so their rowid follows the
# order of the bookings: "the newest rows" is a question the name indexes answer alone,
# without reading each of the thousands of rows a short name may match.
_PASSENGER_INDEX = {
    "name": "ix_booking_passengers_name",
    "name_pinyin": "ix_booking_passengers_name_pinyin",
    "id_number": "ix_booking_passengers_id_number",
}


def _newest_rowids(session: Session, column: str, prefix: str, count: int,
                   one_per_value: bool = False) -> list[int]:
    """Rowids of the newest ``count`` passenger rows whose ``column`` begins with
    ``prefix``, read from the column's index alone (``INDEXED BY``: a plan without it is
    an error, never a silent scan); ``one_per_value``: the newest row of each value (the
    latest booking of each ID number), the most recent values first."""
    index = _PASSENGER_INDEX[column]
    where = f"{column} >= :low AND {column} < :high"
    if one_per_value:
        sql = (f"SELECT max(rowid) FROM booking_passengers INDEXED BY {index} WHERE {where} "
               f"GROUP BY {column} ORDER BY 1 DESC LIMIT :count")
    else:
        sql = (f"SELECT rowid FROM booking_passengers INDEXED BY {index} WHERE {where} "
               "ORDER BY rowid DESC LIMIT :count")
    return [int(r) for r in session.scalars(
        sql_text(sql), {"low": prefix, "high": prefix + _TOP, "count": count})]


def _chinese(raw: str) -> bool:
    return any(not ch.isascii() for ch in raw)


def _letters(raw: str) -> str:
    """The latin letters typed (a pinyin or passport name), lower case."""
    return "".join(ch for ch in raw.lower() if "a" <= ch <= "z")


# --- the after-sale search ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BookingSummary:
    """One row of the after-sale bookings list."""

    booking_id: str
    pnr: str
    status: str
    created_at: datetime  # naive UTC, counter clock
    customer_id: str | None
    passengers: tuple[str, ...]
    ticket_numbers: tuple[str, ...]
    flights: tuple[str, ...]  # "CA1105 HET-CAN 2026-11-26"
    ticketing_deadline: datetime | None
    # Net of every payment in and out (sale, change, refund), as the detail adds them up.
    paid: Decimal = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class BookingPage:
    """One page of an after-sale search: ``more`` when a next page exists."""

    bookings: tuple[BookingSummary, ...]
    offset: int
    more: bool


def _matching_booking_ids(session: Session, text: str, wanted: int) -> list[str]:
    """Bookings the text names, exact matches (ticket, locator, ID number, mobile) before
    name matches; the name matches newest first, at most ``wanted`` of them."""
    raw = text.strip()
    code = "".join(normalise_code(raw).split())
    if not code:
        return []
    found: dict[str, None] = {}

    def add(ids: Iterable[str]) -> None:
        for i in ids:
            found.setdefault(i, None)

    if _TICKET_TEXT.fullmatch(code):
        digits = code.replace("-", "")
        number = f"{digits[:3]}-{digits[3:]}"
        add(session.scalars(select(Ticket.booking_id).where(Ticket.ticket_number == number)))
    if _PNR_TEXT.fullmatch(code):
        add(session.scalars(select(Booking.id).where(Booking.pnr == code)))
    if is_mobile(raw):
        mobile = mobile_digits(raw)
        add(session.scalars(select(BookingPassenger.booking_id).where(
            BookingPassenger.mobile == mobile)))
        add(session.scalars(select(Booking.id).where(Booking.contact_mobile == mobile)))
    if _DOC_TEXT.fullmatch(code):
        add(session.scalars(select(BookingPassenger.booking_id).where(
            BookingPassenger.id_number == code)))
    name: tuple[str, str] | None = None
    letters = _letters(raw)
    if _chinese(raw):
        name = ("name", "".join(raw.split()))
    elif len(letters) >= 2 and not any(ch.isdigit() for ch in raw):
        name = ("name_pinyin", letters)
    if name is not None:
        # The newest matching passengers until they make ``wanted`` bookings (a booking
        # may hold several 王s), their bookings newest first.
        count = wanted * 2
        while True:
            rowids = _newest_rowids(session, name[0], name[1], count)
            ids = list(dict.fromkeys(session.scalars(
                select(BookingPassenger.booking_id)
                .where(_ROWID.in_(rowids))
                .order_by(_ROWID.desc())
            )))
            if len(ids) >= wanted or len(rowids) < count:
                break
            count *= 2
        add(ids[:wanted])
    return list(found)


def booking_summaries(session: Session, booking_ids: Sequence[str]) -> list[BookingSummary]:
    """The list rows of these bookings, newest first, in five queries whatever their number."""
    if not booking_ids:
        return []
    ids = list(booking_ids)
    bookings = session.scalars(
        select(Booking).where(Booking.id.in_(ids)).order_by(Booking.created_at.desc(),
                                                             Booking.id.desc())
    ).all()
    names: dict[str, list[tuple[str, str]]] = {}
    for booking_id, passenger_id, name in session.execute(
        select(BookingPassenger.booking_id, BookingPassenger.id, BookingPassenger.name)
        .where(BookingPassenger.booking_id.in_(ids))
    ):
        names.setdefault(booking_id, []).append((passenger_id, name))
    tickets: dict[str, list[str]] = {}
    for booking_id, number in session.execute(
        select(Ticket.booking_id, Ticket.ticket_number)
        .where(Ticket.booking_id.in_(ids))
        .order_by(Ticket.ticket_number)
    ):
        tickets.setdefault(booking_id, []).append(number)
    segments: dict[str, list[tuple[bool, str]]] = {}
    for booking_id, status, flight_no, origin, destination, dep_date in session.execute(
        select(BookingSegment.booking_id, BookingSegment.status, Flight.flight_no,
               Flight.origin, Flight.destination, Flight.dep_date)
        .join(Flight, Flight.id == BookingSegment.flight_id)
        .where(BookingSegment.booking_id.in_(ids))
        .order_by(BookingSegment.booking_id, BookingSegment.seq)
    ):
        segments.setdefault(booking_id, []).append(
            (status != "XX", f"{flight_no} {origin}-{destination} {dep_date}"))
    # The flights in force: a segment exchanged away (XX) is listed only when nothing
    # else is left (a booking wholly refunded or voided still shows where it went).
    flights = {
        booking_id: [text for live, text in every if live] or [text for _live, text in every]
        for booking_id, every in segments.items()
    }
    paid: dict[str, int] = {
        booking_id: int(total or 0)
        for booking_id, total in session.execute(
            select(Payment.booking_id, func.sum(Payment.amount_fen))
            .where(Payment.booking_id.in_(ids))
            .group_by(Payment.booking_id)
        )
    }
    # pnr, status, created_at, customer_id and ticketing_deadline are the booking's own.
    return [
        view_of(
            BookingSummary,
            b,
            booking_id=b.id,
            # Stored in input order: UUIDv7 keys sort by creation.
            passengers=tuple(name for _id, name in sorted(names.get(b.id, []))),
            ticket_numbers=tuple(tickets.get(b.id, [])),
            flights=tuple(flights.get(b.id, [])),
            paid=from_fen(paid.get(b.id, 0)),
        )
        for b in bookings
    ]


def search_bookings(
    session: Session, text: str, offset: int = 0, limit: int = PAGE_SIZE
) -> BookingPage:
    """One page of the bookings ``text`` names (PNR locator, ticket number, ID number,
    mobile, the start of a passenger's name in Chinese or pinyin/latin letters), newest
    first: ``offset`` bookings skipped, at most ``limit`` shown, ``more`` if others follow."""
    ids = _matching_booking_ids(session, text, offset + limit + 1)
    if not ids:
        return BookingPage((), offset, False)
    ordered = session.scalars(
        select(Booking.id).where(Booking.id.in_(ids))
        .order_by(Booking.created_at.desc(), Booking.id.desc())
    ).all()
    page = ordered[offset:offset + limit]
    return BookingPage(tuple(booking_summaries(session, page)), offset,
                       len(ordered) > offset + limit)


def find_bookings(session: Session, text: str, limit: int = PAGE_SIZE) -> list[BookingSummary]:
    """The first page of :func:`search_bookings`: any booking by PNR locator, ticket number,
    ID number, passenger name (Chinese, or pinyin/latin letters) or mobile; newest first."""
    return list(search_bookings(session, text, 0, limit).bookings)


# --- travellers met before ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KnownTraveller:
    """Someone flown before (or on a customer's list), to fill the passenger form again."""

    name: str
    id_type: str
    id_number: str
    birth_date: date | None
    mobile: str
    ffp_number: str
    traveller_id: str | None
    gp_level: str | None
    customer_id: str | None
    last_booked: datetime | None


def _as_known(
    person: BookingPassenger | Traveller,
    traveller_id: str | None,
    customer_id: str | None,
    last_booked: datetime | None,
) -> KnownTraveller:
    """A passenger booked before, or a traveller of a customer's list, as the completer
    offers them."""
    return KnownTraveller(
        name=person.name,
        id_type=person.id_type,
        id_number=person.id_number,
        birth_date=person.birth_date,
        mobile=person.mobile,
        ffp_number=person.ffp_number,
        traveller_id=traveller_id,
        gp_level=person.gp_level,
        customer_id=customer_id,
        last_booked=last_booked,
    )


def _on_list(t: Traveller) -> KnownTraveller:
    """A traveller of a customer's list as the completer offers them."""
    return _as_known(t, t.id, t.customer_id, None)


def _passenger_rowids(session: Session, raw: str, code: str, count: int, id_prefix: bool,
                      ) -> set[int]:
    """The newest passenger rows for each way the text may name someone: the whole ID
    number or mobile, the start of the name or its pinyin, the start of an ID number (the
    latest row of each of the most recently booked numbers)."""
    found: set[int] = set()
    exact = [BookingPassenger.id_number == code]
    if is_mobile(raw):
        exact.append(BookingPassenger.mobile == mobile_digits(raw))
    for term in exact:
        found.update(session.scalars(
            select(_ROWID).select_from(BookingPassenger).where(term)
            .order_by(_ROWID.desc()).limit(count)))
    letters = _letters(raw)
    if _chinese(raw):
        found.update(_newest_rowids(session, "name", "".join(raw.split()), count))
    elif letters and not any(ch.isdigit() for ch in raw):
        found.update(_newest_rowids(session, "name_pinyin", letters, count))
    if id_prefix:
        found.update(_newest_rowids(session, "id_number", code, count, one_per_value=True))
    return found


def _traveller_terms(raw: str, code: str, id_prefix: bool) -> list[ColumnElement[bool]]:
    """What to look for on customers' traveller lists (a small table)."""
    terms: list[ColumnElement[bool]] = [Traveller.id_number == code]
    if is_mobile(raw):
        terms.append(Traveller.mobile == mobile_digits(raw))
    letters = _letters(raw)
    if _chinese(raw):
        terms.append(starts_with(Traveller.name, "".join(raw.split())))
    elif letters and not any(ch.isdigit() for ch in raw):
        # Customers' lists keep no pinyin: their latin (passport) names.
        terms.append(func.lower(Traveller.name).contains(letters, autoescape=True))
    if id_prefix:
        terms.append(starts_with(Traveller.id_number, code))
    return terms


def _known(session: Session, raw: str, code: str, limit: int, id_prefix: bool,
           ) -> list[KnownTraveller]:
    rowids = _passenger_rowids(session, raw, code, limit * 5, id_prefix)
    candidates = session.execute(
        select(BookingPassenger, Booking.created_at, Booking.customer_id)
        .join(Booking, Booking.id == BookingPassenger.booking_id)
        .where(_ROWID.in_(rowids))
        .order_by(Booking.created_at.desc())
    ).all() if rowids else []
    tr_terms = _traveller_terms(raw, code, id_prefix)
    found: dict[tuple[str, str], KnownTraveller] = {}
    for p, created, customer_id in candidates:
        key = (p.id_type, p.id_number)
        if key in found:
            continue
        found[key] = _as_known(p, p.traveller_id, customer_id, created)
    for t in session.scalars(select(Traveller).where(or_(*tr_terms)).limit(limit * 5)):
        key = (t.id_type, t.id_number)
        earlier = found.get(key)
        if earlier is not None:
            if earlier.traveller_id is None:
                found[key] = replace(
                    earlier, mobile=earlier.mobile or t.mobile,
                    ffp_number=earlier.ffp_number or t.ffp_number, traveller_id=t.id,
                    gp_level=t.gp_level, customer_id=t.customer_id,
                )
            continue
        found[key] = _on_list(t)
    rows = list(found.values())
    # The person whose whole ID number or mobile was typed comes first.
    rows.sort(key=lambda k: k.id_number != code and k.mobile != code)
    return rows[:limit]


def known_travellers(session: Session, text: str, limit: int = 20) -> list[KnownTraveller]:
    """The same traveller found again, by ID number, the start of the name (Chinese or
    pinyin) or mobile: from earlier bookings (latest details first) and from customers'
    traveller lists."""
    raw = text.strip()
    code = "".join(normalise_code(raw).split())
    if not code or (code.isascii() and len(code) < 2):
        return []
    return _known(session, raw, code, limit, id_prefix=False)


def lookup_travellers(session: Session, text: str, limit: int = 10) -> list[KnownTraveller]:
    """The Sale page's completer: known travellers for what the clerk typed, a name (or a
    whole ID number or mobile) as :func:`known_travellers` takes it, and from six
    characters on the ID numbers on record that begin with it."""
    raw = "".join(text.split()).upper()
    code = normalise_code(raw)
    if not code or (code.isascii() and len(code) < 2):
        return []
    id_prefix = (len(code) >= ID_PREFIX_MIN and code.isascii()
                 and any(ch.isdigit() for ch in code))
    return _known(session, raw, code, limit, id_prefix)



def traveller_on_list(session: Session, traveller_id: str) -> KnownTraveller:
    """A traveller on a customer's list (a GP unit's official), whole, to add to a sale as
    a passenger: the list shows ID numbers masked, the booking needs them in full."""
    t = session.get(Traveller, traveller_id)
    if t is None:
        raise DomainError("traveller_not_found", field="passengers", name=traveller_id)
    return _on_list(t)


# --- a customer's terms at the sale ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CustomerTerms:
    """What choosing a customer on the Sale page decides: the payment methods it may use
    (codes, sorted), the credit left on account (None when it pays nothing on account)
    and its traveller list (a GP unit's officials)."""

    methods: tuple[str, ...]
    credit_left: Decimal | None
    travellers: list[TravellerRow]


def customer_terms(session: Session, customer_id: str) -> CustomerTerms:
    """The terms of the customer chosen for a sale (:class:`CustomerTerms`)."""
    customer = session.get(Customer, customer_id)
    methods = tuple(sorted(m.value for m in allowed_methods(customer)))
    left = credit_left(session, customer_id) if "on_account" in methods else None
    return CustomerTerms(methods, left, travellers_of(session, customer_id))
