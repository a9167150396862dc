"""IATA Bar Coded Boarding Pass (BCBP, Resolution 792): the "M1" string a boarding pass
barcode carries (登机牌条码).

Only what a counter prints is covered: format ``M``, one leg, the 58 characters of mandatory
items followed by an empty conditional section (its size written ``00``), 60 characters in
all. Item by item (offsets from 0)::

    0   1  format code            "M"
    1   1  number of legs         "1"
    2  20  passenger name         "SURNAME/GIVEN", upper case, left-justified, truncated
   22   1  e-ticket indicator     "E"
   23   7  operating carrier PNR  left-justified
   30   3  from city airport code
   33   3  to city airport code
   36   3  operating carrier      left-justified ("CA ")
   39   5  flight number          4 digits zero-padded + suffix letter or space ("3101 ")
   44   3  date of flight         Julian day of the year ("327")
   47   1  compartment code       the booking class ("Y")
   48   4  seat number            3 digits zero-padded + column letter ("032A")
   52   5  check-in sequence      4 digits zero-padded + optional letter or space ("0001 ")
   57   1  passenger status       "1" checked in
   58   2  size of the conditional section, hexadecimal ("00")

Names go in their Latin form: a Chinese passenger's name as pinyin ("ZHANG/SAN"); diacritics
are stripped (Müller → MULLER) and anything but A–Z, space and the slash is dropped. A name
in another script cannot be written in the barcode and is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from counter_app.domain.errors import DomainError

FORMAT_CODE = "M"
LEGS = "1"
MANDATORY_LENGTH = 58
LENGTH = 60  # mandatory items and the "00" of an empty conditional section
NAME_WIDTH = 20
PNR_WIDTH = 7

# (name, offset, width) of every item, the table the encoder and decoder both follow
FIELDS: tuple[tuple[str, int, int], ...] = (
    ("format_code", 0, 1),
    ("legs", 1, 1),
    ("passenger_name", 2, 20),
    ("eticket_indicator", 22, 1),
    ("pnr", 23, 7),
    ("origin", 30, 3),
    ("destination", 33, 3),
    ("carrier", 36, 3),
    ("flight_number", 39, 5),
    ("julian_date", 44, 3),
    ("compartment", 47, 1),
    ("seat", 48, 4),
    ("sequence", 52, 5),
    ("passenger_status", 57, 1),
    ("conditional_size", 58, 2),
)
OFFSETS = {name: (start, start + width) for name, start, width in FIELDS}

# Latin letters NFKD does not take apart
_LATIN_EXTRA = {"ß": "SS", "Æ": "AE", "Œ": "OE", "Ø": "O", "Ł": "L", "Đ": "D", "Ð": "D",
                "Þ": "TH", "Ħ": "H", "Ŧ": "T", "Ŋ": "NG", "Ĳ": "IJ", "ı": "I"}
_AIRPORT = re.compile(r"[A-Z]{3}")
_CARRIER = re.compile(r"[A-Z0-9]{2}[A-Z]?")
_PNR = re.compile(r"[A-Z0-9]{1,7}")
_FLIGHT = re.compile(r"(\d{1,4})([A-Z]?)")
_SEAT = re.compile(r"(\d{1,3})([A-Z])")
_ALPHA = re.compile(r"[A-Z]")


def _bad(field: str, value: object, why: str) -> DomainError:
    return DomainError(f"bcbp_{field}", field=field,
                       message=f"登机牌条码字段 {field} 无效 (invalid {field}): {value!r}, {why}",
                       value=value)


def julian_day(day: date) -> str:
    """The day of the year as three digits: 1 January is "001", 31 December "365" (or
    "366" in a leap year)."""
    return f"{day.timetuple().tm_yday:03d}"


def latin_name(name: str) -> str:
    """The name as the barcode writes it: upper case, diacritics stripped, only A–Z, space
    and slash kept, spaces tidied (not truncated). Raises for letters of another script
    (a Chinese name must be given as pinyin)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", name.upper()):
        if unicodedata.combining(ch):
            continue
        ch = _LATIN_EXTRA.get(ch, ch)
        if ch.isascii():
            if ch.isalpha() or ch in " /":
                out.append(ch)
            elif ch.isspace():
                out.append(" ")
        elif ch.isalpha():
            raise _bad("passenger_name", name, "use Latin letters (pinyin for a Chinese name)")
    cleaned = re.sub(r" *(/) *", r"\1", re.sub(r" +", " ", "".join(out))).strip()
    if not cleaned.replace("/", "").strip():
        raise _bad("passenger_name", name, "no Latin letters")
    return cleaned


def _flight(value: str) -> str:
    match = _FLIGHT.fullmatch(value.strip().upper())
    if match is None:
        raise _bad("flight_number", value, "expected 1-4 digits and an optional letter")
    digits, suffix = match.groups()
    if int(digits) == 0:
        raise _bad("flight_number", value, "flight number 0")
    return f"{int(digits):04d}{suffix or ' '}"


def _seat(value: str) -> str:
    match = _SEAT.fullmatch(value.strip().upper())
    if match is None or int(match.group(1)) == 0:
        raise _bad("seat", value, "expected a row and a seat letter, e.g. 32A")
    return f"{int(match.group(1)):03d}{match.group(2)}"


def _sequence(number: int, suffix: str) -> str:
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 9999:
        raise _bad("sequence", number, "expected 0-9999")
    if suffix and _ALPHA.fullmatch(suffix.upper()) is None:
        raise _bad("sequence", suffix, "the suffix is one letter")
    return f"{number:04d}{suffix.upper() or ' '}"


def _code(field: str, value: str, pattern: re.Pattern[str], why: str) -> str:
    code = value.strip().upper()
    if pattern.fullmatch(code) is None:
        raise _bad(field, value, why)
    return code


def encode_m1(
    *,
    name_latin: str,
    pnr: str,
    origin: str,
    destination: str,
    carrier: str,
    flight_number: str,
    flight_date: date,
    compartment: str,
    seat: str,
    sequence: int,
    sequence_suffix: str = "",
    eticket: bool = True,
    passenger_status: str = "1",
) -> str:
    """The 60-character "M1" string of one checked-in leg.

    ``flight_number`` is the number without the carrier ("3101", "923", "1144A"); ``seat``
    is "32A"; ``sequence`` the check-in sequence number. Raises DomainError (a ValueError)
    naming the field for a value the barcode cannot carry.
    """
    name = latin_name(name_latin)[:NAME_WIDTH]
    record = _code("pnr", pnr, _PNR, "expected 1-7 letters or digits")
    from_ = _code("origin", origin, _AIRPORT, "expected a 3-letter airport code")
    to = _code("destination", destination, _AIRPORT, "expected a 3-letter airport code")
    airline = _code("carrier", carrier, _CARRIER, "expected a 2-character airline code")
    cls = _code("compartment", compartment, _ALPHA, "expected one class letter")
    status = passenger_status.strip().upper()
    if len(status) != 1 or not status.isalnum() or not status.isascii():
        raise _bad("passenger_status", passenger_status, "expected one character")
    text = "".join((
        FORMAT_CODE,
        LEGS,
        name.ljust(NAME_WIDTH),
        "E" if eticket else " ",
        record.ljust(PNR_WIDTH),
        from_,
        to,
        airline.ljust(3),
        _flight(flight_number),
        julian_day(flight_date),
        cls,
        _seat(seat),
        _sequence(sequence, sequence_suffix),
        status,
        "00",
    ))
    assert len(text) == LENGTH
    return text


@dataclass(frozen=True, slots=True)
class BoardingPassCode:
    """One leg of a decoded "M1" string, values tidied back to the form the encoder takes
    (name without padding, flight as four digits and its suffix "3101" / "0923A", seat
    "32A", sequence as a number)."""

    format_code: str
    legs: int
    passenger_name: str
    eticket: bool
    pnr: str
    origin: str
    destination: str
    carrier: str
    flight_number: str
    julian_date: str
    compartment: str
    seat: str
    sequence: int
    sequence_suffix: str
    passenger_status: str
    conditional: str = ""  # the conditional section as found (not interpreted)

    @property
    def day_of_year(self) -> int:
        return int(self.julian_date)

    def flight_date(self, year: int) -> date:
        """The date of flight in ``year`` (the barcode carries no year)."""
        return date.fromordinal(date(year, 1, 1).toordinal() + self.day_of_year - 1)


def decode_m1(text: str) -> BoardingPassCode:
    """Read a one-leg "M" string back. Raises DomainError naming the item that is wrong."""
    if len(text) < LENGTH:
        raise _bad("length", len(text), f"a one-leg M string has at least {LENGTH} characters")

    def item(name: str) -> str:
        start, end = OFFSETS[name]
        return text[start:end]

    if item("format_code") != FORMAT_CODE:
        raise _bad("format_code", item("format_code"), "expected M")
    if item("legs") != LEGS:
        raise _bad("legs", item("legs"), "only one leg is supported")
    try:
        size = int(item("conditional_size"), 16)
    except ValueError:
        raise _bad("conditional_size", item("conditional_size"), "expected 2 hex digits") from None
    if len(text) != LENGTH + size:
        raise _bad("length", len(text), f"the conditional section says {size} characters")
    flight = _FLIGHT.fullmatch(item("flight_number").rstrip())
    if flight is None or not item("flight_number")[:4].isdigit():
        raise _bad("flight_number", item("flight_number"), "expected 4 digits and a letter")
    seat = _SEAT.fullmatch(item("seat"))
    if seat is None or len(seat.group(1)) != 3:
        raise _bad("seat", item("seat"), "expected 3 digits and a letter")
    seq = item("sequence")
    if not seq[:4].isdigit() or not (seq[4] == " " or _ALPHA.fullmatch(seq[4])):
        raise _bad("sequence", seq, "expected 4 digits and a letter or space")
    day = item("julian_date")
    if not day.isdigit() or not 1 <= int(day) <= 366:
        raise _bad("julian_date", day, "expected a day of the year 001-366")
    return BoardingPassCode(
        format_code=item("format_code"),
        legs=int(item("legs")),
        passenger_name=item("passenger_name").rstrip(),
        eticket=item("eticket_indicator") == "E",
        pnr=item("pnr").rstrip(),
        origin=item("origin"),
        destination=item("destination"),
        carrier=item("carrier").rstrip(),
        flight_number=f"{int(flight.group(1)):04d}{flight.group(2)}",
        julian_date=day,
        compartment=item("compartment"),
        seat=f"{int(seat.group(1))}{seat.group(2)}",
        sequence=int(seq[:4]),
        sequence_suffix=seq[4].strip(),
        passenger_status=item("passenger_status"),
        conditional=text[LENGTH:],
    )
