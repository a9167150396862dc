"""The civic-centre self check-in terminal (市民中心自助值机): what the kiosk asks of the store.

A traveller at the kiosk is known only by the ID number they type or scan. They see the
coupons of that ID number that are open for check-in now (``services/boarding.py``: from
24 h to 45 min before departure), on tickets issued at this counter, and nothing else: no
other passenger of the same booking, no name in full (the name is shown masked, enough to
recognise oneself). Every step takes the ID number again and checks the coupon belongs to
it, so a screen can never act on someone else's coupon.

The kiosk acts in the name of the supervisor who set its staff PIN (``set_pin``): their
login is on the check-in's audit entry and on the seat ops head office checks. The PIN is
kept hashed (argon2id, ``kernel/passwords.py``) in the store's ``local_settings``. Nothing
here commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import FIELD_ID_NUMBER, IdType, normalise_code, validate_document
from counter_app.domain.seatmap import SeatChart, SeatState, chart
from counter_app.kernel.passwords import hash_password, verify_password
from counter_app.printing.model import BoardingPass
from counter_app.services import seating
from counter_app.services.auth import approve
from counter_app.services.boarding import check_in, checkin_window, coupon_parts
from counter_app.services.documents import boarding_pass
from counter_app.services.times import aware_utc
from counter_app.storage.models import (
    Airport,
    AuditEntry,
    BookingPassenger,
    BookingSegment,
    Coupon,
    Flight,
    LocalSetting,
    Ticket,
)
from counter_app.sync import protocol
from counter_app.sync.status import naive_utc, server_now

PIN_KEY = "kiosk:pin"
# states a traveller may see as such; any other holder's seat is just taken
_SHOWN = frozenset({SeatState.BLOCKED, SeatState.TAKEN})
PIN_MIN, PIN_MAX = 4, 8
FIELD_ID = FIELD_ID_NUMBER
FIELD_PIN = "pin"

__all__ = [
    "KioskCoupon", "KioskSetup", "kiosk_chart", "kiosk_check_in", "kiosk_setup", "mask_name",
    "open_coupons", "parse_kiosk_id", "prepare_kiosk_choice", "set_pin", "set_pin_in_folder",
    "verify_pin",
]


@dataclass(frozen=True, slots=True)
class KioskSetup:
    """Whether the kiosk may start: a staff PIN is set, and by whom (the kiosk's operator)."""

    pin_set: bool
    operator_login: str


@dataclass(frozen=True, slots=True)
class KioskCoupon:
    """One coupon as the kiosk shows it to its own traveller (the name masked)."""

    ticket_number: str
    seq: int
    passenger_id: str
    segment_id: str
    masked_name: str
    passenger_type: str  # ADT / CHD / INF
    flight_no: str
    origin: str
    origin_name: str
    destination: str
    destination_name: str
    origin_name_en: str  # for the English screens
    destination_name_en: str
    dep_date: date
    dep_time: time
    cabin: str
    seat: str | None  # set once checked in (then the pass can be printed again)
    closes: datetime  # aware: when check-in closes


def mask_name(name: str) -> str:
    """``张三丰`` -> ``张*丰``, ``李娜`` -> ``李*``, ``SMITH/JOHN`` -> ``SMITH/J***``: enough for
    a traveller to recognise their own booking, too little to learn another's."""
    text = name.strip()
    if "/" in text:
        surname, given = text.split("/", 1)
        return f"{surname}/{given[:1]}{'*' * max(0, len(given) - 1)}"
    if len(text) <= 2:
        return text[:1] + "*" * (len(text) - 1)
    return text[0] + "*" * (len(text) - 2) + text[-1]


def parse_kiosk_id(text: str, today: date | None = None) -> tuple[tuple[str, ...], str]:
    """The document types to look under and the ID number, normalised. Digits (with a final
    X) are a resident ID and get its full check (length, check character, birth date:
    ``id_length`` / ``id_chars`` / ``id_check`` / ``id_birth_date``); anything else a
    scanner reads is a passport or other document number (``document_format``)."""
    number = normalise_code(text)
    if number[:-1].isdigit() and (number[-1:].isdigit() or number[-1:] == "X"):
        return (IdType.RESIDENT.value,), validate_document(IdType.RESIDENT, number, today)
    return ((IdType.PASSPORT.value, IdType.OTHER.value),
            validate_document(IdType.OTHER, number, today))


def _place(session: Session, iata: str) -> tuple[str, str]:
    """The airport's city in Chinese and in English (its code where one is missing)."""
    airport = session.get(Airport, iata)
    if airport is None:
        return iata, iata
    return airport.city_zh or iata, airport.city_en or airport.city_zh or iata


def open_coupons(session: Session, id_text: str, now: datetime) -> list[KioskCoupon]:
    """The coupons of this ID number open for check-in now (open coupons of tickets issued
    here, flight inside its check-in window; those already checked in too, for a pass
    printed again), soonest first. Refusals: the ID checks (field ``ID number``), and
    ``kiosk_no_coupon`` when there is nothing to check in."""
    today = aware_utc(server_now(session, now)).date()
    id_types, number = parse_kiosk_id(id_text, today)
    rows = session.execute(
        select(Coupon, Ticket, BookingPassenger, BookingSegment, Flight)
        .join(Ticket, Ticket.id == Coupon.ticket_id)
        .join(BookingPassenger, BookingPassenger.id == Ticket.passenger_id)
        .join(BookingSegment, BookingSegment.id == Coupon.segment_id)
        .join(Flight, Flight.id == BookingSegment.flight_id)
        .where(BookingPassenger.id_number == number, BookingPassenger.id_type.in_(id_types),
               Coupon.status == "O", Ticket.status == "issued")
    ).all()
    found: list[KioskCoupon] = []
    for coupon, ticket, passenger, segment, flight in rows:
        window = checkin_window(session, flight, now)
        if not window.is_open:
            continue
        origin = _place(session, flight.origin)
        destination = _place(session, flight.destination)
        found.append(KioskCoupon(
            ticket_number=ticket.ticket_number, seq=coupon.seq, passenger_id=passenger.id,
            segment_id=segment.id, masked_name=mask_name(passenger.name),
            passenger_type=passenger.passenger_type, flight_no=flight.flight_no,
            origin=flight.origin, origin_name=origin[0], origin_name_en=origin[1],
            destination=flight.destination, destination_name=destination[0],
            destination_name_en=destination[1],
            dep_date=flight.dep_date, dep_time=flight.dep_time, cabin=segment.cabin,
            seat=coupon.seat, closes=window.closes,
        ))
    if not found:
        raise DomainError("kiosk_no_coupon", field=FIELD_ID)
    return sorted(found, key=lambda c: (c.dep_date, c.dep_time, c.flight_no, c.ticket_number))


def _own_coupon(session: Session, id_text: str, ticket_number: str, seq: int,
                now: datetime) -> Coupon:
    """The coupon, only if it is an open coupon of this ID number on a ticket issued here
    (else ``kiosk_no_coupon``), and only while its flight's check-in is open (else
    ``checkin_closed`` / ``checkin_not_open``, the traveller told why)."""
    today = aware_utc(server_now(session, now)).date()
    id_types, number = parse_kiosk_id(id_text, today)
    found = session.execute(
        select(Coupon, Flight)
        .join(Ticket, Ticket.id == Coupon.ticket_id)
        .join(BookingPassenger, BookingPassenger.id == Ticket.passenger_id)
        .join(BookingSegment, BookingSegment.id == Coupon.segment_id)
        .join(Flight, Flight.id == BookingSegment.flight_id)
        .where(Ticket.ticket_number == ticket_number, Coupon.seq == seq,
               BookingPassenger.id_number == number, BookingPassenger.id_type.in_(id_types),
               Coupon.status == "O", Ticket.status == "issued")).first()
    if found is None:
        raise DomainError("kiosk_no_coupon", field=FIELD_ID)
    coupon, flight = found
    window = checkin_window(session, flight, now)
    if not window.is_open:
        at = aware_utc(server_now(session, now))
        raise DomainError("checkin_not_open" if at < window.opens else "checkin_closed",
                          field="flight", flight_no=flight.flight_no,
                          opens=window.opens.isoformat(), closes=window.closes.isoformat())
    return coupon


def kiosk_chart(session: Session, id_text: str, ticket_number: str, seq: int,
                now: datetime) -> SeatChart:
    """The seat map of this ID's coupon for its passenger (an exit row refused to a child,
    an infant's adult, anyone under 15): the flight's seats as this counter knows them
    (``seating.flight_states``: head office's last answer, this counter's choices, seats
    checked in here), all shown as taken whoever holds them, so no companion's or
    stranger's choice is marked; the passenger's own choice (made at the sale) ``chosen``."""
    coupon = _own_coupon(session, id_text, ticket_number, seq, now)
    segment, flight, _ticket, passenger = coupon_parts(session, coupon)
    own = seating.active_choice(session, passenger.id, flight.id)
    states = seating.flight_states(session, flight.id, now,
                                   leave_out=[] if own is None else [own.choice_id])
    shown = {code: (state if state in _SHOWN else SeatState.TAKEN)
             for code, state in states.items()}
    return chart(seating.seat_map_of(session, flight), segment.cabin, shown,
                 seating.passenger_facts(session, passenger, flight),
                 chosen=[] if own is None else [own.seat])


def prepare_kiosk_choice(session: Session, id_text: str, ticket_number: str, seq: int,
                         seat: str, now: datetime) -> protocol.SeatChoose | None:
    """The ``seat.choose`` to ask head office live before this ID's coupon is checked in on
    ``seat`` (in the name of the kiosk's operator), after the rules this counter can check
    (``seating.prepare_choice``); None when ``seat`` is already the passenger's choice.
    Nothing is written."""
    setup = kiosk_setup(session)
    if not setup.pin_set:
        raise DomainError("kiosk_not_set", field=FIELD_PIN)
    coupon = _own_coupon(session, id_text, ticket_number, seq, now)
    segment, _flight, ticket, _passenger = coupon_parts(session, coupon)
    own = seating.active_choice(session, ticket.passenger_id, segment.flight_id)
    if own is not None and own.seat == seat.strip().upper():
        return None
    return seating.prepare_choice(session, ticket.passenger_id, segment.id, seat,
                                  setup.operator_login, now)


def kiosk_check_in(session: Session, id_text: str, ticket_number: str, seq: int,
                   seat: str | None, now: datetime) -> BoardingPass:
    """Check this ID number's coupon in on ``seat`` and give its boarding pass (``seat``
    None: the pass of a coupon already checked in, again). The refusals of
    ``boarding.check_in`` (``seat_taken``, ``checkin_closed``, ``exit_row_not_allowed`` ...),
    ``kiosk_no_coupon`` for a coupon not this ID's or no longer open, ``kiosk_not_set``
    without an operator. In a unit of work."""
    setup = kiosk_setup(session)
    if not setup.pin_set:
        raise DomainError("kiosk_not_set", field=FIELD_PIN)
    coupon = _own_coupon(session, id_text, ticket_number, seq, now)
    if seat is not None:
        check_in(session, coupon, seat, setup.operator_login, now)
        session.add(AuditEntry(at=naive_utc(now), clerk_login=setup.operator_login,
                               action="kiosk_checkin",
                               detail={"ticket_number": ticket_number, "seq": seq,
                                       "seat": coupon.seat}))
    elif coupon.seat is None:
        raise DomainError("not_checked_in", field="seat")
    return boarding_pass(session, coupon)


# -- the staff PIN ---------------------------------------------------------------------------


def _pin_record(session: Session) -> dict[str, str]:
    row = session.get(LocalSetting, PIN_KEY)
    if row is None:
        return {}
    try:
        value = json.loads(row.value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def kiosk_setup(session: Session) -> KioskSetup:
    record = _pin_record(session)
    return KioskSetup(bool(record.get("hash")), record.get("by", ""))


def set_pin(session: Session, supervisor_login: str, password: str, pin: str,
            now: datetime) -> str:
    """A supervisor (checked as for an approval: ``services/auth.py`` ``approve``) sets the
    kiosk's staff PIN, 4 to 8 digits (``kiosk_pin_format``). Returns the supervisor's login,
    the kiosk's operator from now on."""
    if not (PIN_MIN <= len(pin) <= PIN_MAX and pin.isascii() and pin.isdigit()):
        raise DomainError("kiosk_pin_format", field=FIELD_PIN, min=PIN_MIN, max=PIN_MAX)
    supervisor = approve(session, supervisor_login, password, now)
    record = {"hash": hash_password(pin), "by": supervisor.login,
              "at": naive_utc(now).isoformat()}
    row = session.get(LocalSetting, PIN_KEY)
    if row is None:
        session.add(LocalSetting(key=PIN_KEY, value=json.dumps(record)))
    else:
        row.value = json.dumps(record)
    session.add(AuditEntry(at=naive_utc(now), clerk_login=supervisor.login,
                           action="kiosk_pin_set", detail={}))
    session.flush()
    return supervisor.login


def verify_pin(session: Session, pin: str) -> bool:
    """Whether ``pin`` is the kiosk's staff PIN (False while none is set)."""
    stored = _pin_record(session).get("hash", "")
    return bool(stored) and verify_password(stored, pin)


def set_pin_in_folder(data_dir: Path, supervisor_login: str, password: str, pin: str,
                      now: datetime) -> str:
    """``counter-app --set-kiosk-pin``: :func:`set_pin` on the store of ``data_dir`` (opened
    and migrated for the command, closed after)."""
    from counter_app.paths import database_path
    from counter_app.storage.db import open_store

    store = open_store(database_path(data_dir))
    try:
        with store.unit_of_work() as session:
            return set_pin(session, supervisor_login, password, pin, now)
    finally:
        store.close()
