"""The IATA BCBP "M1" string: exact strings item by item, Julian days, the decoder, a round
trip over generated legs, and the errors that name their field."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.bcbp import (
    FIELDS,
    LENGTH,
    OFFSETS,
    decode_m1,
    encode_m1,
    julian_day,
    latin_name,
)
from counter_app.domain.errors import DomainError

BASE: dict[str, object] = {
    "name_latin": "ZHANG/SAN",
    "pnr": "HX4K2P",
    "origin": "SZX",
    "destination": "PEK",
    "carrier": "CZ",
    "flight_number": "3101",
    "flight_date": date(2026, 11, 23),
    "compartment": "Y",
    "seat": "32A",
    "sequence": 1,
}


def encode(**changes: object) -> str:
    return encode_m1(**{**BASE, **changes})  # type: ignore[arg-type]


def item(code: str, name: str) -> str:
    start, end = OFFSETS[name]
    return code[start:end]


# --- exact strings ------------------------------------------------------------------------


def test_the_item_table_covers_sixty_characters_without_gaps() -> None:
    position = 0
    for _, start, width in FIELDS:
        assert start == position
        position += width
    assert position == LENGTH == 60


def test_known_leg_encodes_to_the_exact_string() -> None:
    code = encode()
    assert code == "M1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y032A0001 100"
    assert len(code) == 60


def test_known_leg_item_by_item() -> None:
    code = encode()
    assert code[0] == "M"
    assert code[1] == "1"
    assert code[2:22] == "ZHANG/SAN" + " " * 11
    assert code[22] == "E"
    assert code[23:30] == "HX4K2P "
    assert code[30:33] == "SZX"
    assert code[33:36] == "PEK"
    assert code[36:39] == "CZ "
    assert code[39:44] == "3101 "
    assert code[44:47] == "327"  # 23 November 2026
    assert code[47] == "Y"
    assert code[48:52] == "032A"
    assert code[52:57] == "0001 "
    assert code[57] == "1"
    assert code[58:60] == "00"


def test_iata_style_example() -> None:
    # the shape of the example in Resolution 792 (DESMARAIS/LUC, YUL-FRA on AC 834)
    code = encode_m1(name_latin="Desmarais/Luc", pnr="ABC123", origin="yul", destination="fra",
                     carrier="AC", flight_number="834", flight_date=date(2026, 11, 22),
                     compartment="J", seat="1A", sequence=25)
    assert code == "M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100"


def test_short_flight_numbers_suffixes_and_sequence_letters() -> None:
    code = encode(flight_number="923a", seat="5k", sequence=12, sequence_suffix="b",
                  carrier="3U", compartment="c")
    assert item(code, "flight_number") == "0923A"
    assert item(code, "seat") == "005K"
    assert item(code, "sequence") == "0012B"
    assert item(code, "carrier") == "3U "
    assert item(code, "compartment") == "C"


def test_seven_character_pnr_fills_its_item() -> None:
    assert item(encode(pnr="ABCDEF7"), "pnr") == "ABCDEF7"


def test_status_and_ticket_indicator_can_be_set() -> None:
    code = encode(eticket=False, passenger_status="0")
    assert item(code, "eticket_indicator") == " "
    assert item(code, "passenger_status") == "0"


@pytest.mark.parametrize(("name", "expected"), [
    ("zhang/san", "ZHANG/SAN"),
    ("ZHANG / SAN", "ZHANG/SAN"),
    ("Müller/Jürgen", "MULLER/JURGEN"),
    ("Straße/Günter", "STRASSE/GUNTER"),
    ("O'Brien-Smith/Mary Ann", "OBRIENSMITH/MARY ANN"),
    ("Ｚｈａｎｇ／Ｓａｎ", "ZHANG/SAN"),  # full-width, as a Chinese IME types it
    ("NGUYỄN/VĂN AN", "NGUYEN/VAN AN"),
    ("OUYANG/NANA  ", "OUYANG/NANA"),
])
def test_names_are_tidied(name: str, expected: str) -> None:
    assert latin_name(name) == expected
    assert item(encode(name_latin=name), "passenger_name").rstrip() == expected


def test_long_names_are_truncated_to_twenty() -> None:
    code = encode(name_latin="WOLFESCHLEGELSTEINHAUSEN/HUBERT")
    assert item(code, "passenger_name") == "WOLFESCHLEGELSTEINHA"
    assert len(code) == 60
    code = encode(name_latin="ABDULLAHMAIMAITI/ALIMU")
    assert item(code, "passenger_name") == "ABDULLAHMAIMAITI/ALI"


# --- Julian days --------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 1, 1), "001"),
    (date(2026, 2, 1), "032"),
    (date(2026, 12, 31), "365"),
    (date(2028, 2, 29), "060"),
    (date(2028, 3, 1), "061"),
    (date(2027, 3, 1), "060"),
    (date(2028, 12, 31), "366"),
])
def test_julian_day(day: date, expected: str) -> None:
    assert julian_day(day) == expected
    assert item(encode(flight_date=day), "julian_date") == expected


# --- decoding -----------------------------------------------------------------------------


def test_decode_gives_the_items_back() -> None:
    leg = decode_m1(encode(flight_number="923A", sequence=7, sequence_suffix="C"))
    assert leg.format_code == "M"
    assert leg.legs == 1
    assert leg.passenger_name == "ZHANG/SAN"
    assert leg.eticket is True
    assert leg.pnr == "HX4K2P"
    assert (leg.origin, leg.destination, leg.carrier) == ("SZX", "PEK", "CZ")
    assert leg.flight_number == "0923A"
    assert leg.julian_date == "327"
    assert leg.flight_date(2026) == date(2026, 11, 23)
    assert leg.compartment == "Y"
    assert leg.seat == "32A"
    assert (leg.sequence, leg.sequence_suffix) == (7, "C")
    assert leg.passenger_status == "1"
    assert leg.conditional == ""


def test_decode_skips_a_conditional_section_of_the_stated_size() -> None:
    code = encode()
    with_conditional = code[:58] + "0A" + ">5180000AA"
    assert decode_m1(with_conditional).conditional == ">5180000AA"
    with pytest.raises(DomainError) as exc:
        decode_m1(code[:58] + "0B" + ">5180000AA")
    assert exc.value.field == "length"


@pytest.mark.parametrize(("bad", "field"), [
    ("X1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y032A0001 100", "format_code"),
    ("M2ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y032A0001 100", "legs"),
    ("M1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y032A0001 1", "length"),
    ("M1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y032A0001 1ZZ", "conditional_size"),
    ("M1ZHANG/SAN           EHX4K2P SZXPEKCZ 31X1 327Y032A0001 100", "flight_number"),
    ("M1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 400Y032A0001 100", "julian_date"),
    ("M1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y32A 0001 100", "seat"),
    ("M1ZHANG/SAN           EHX4K2P SZXPEKCZ 3101 327Y032A00011100", "sequence"),
])
def test_decode_refuses_malformed_strings(bad: str, field: str) -> None:
    with pytest.raises(ValueError, match=field) as exc:
        decode_m1(bad)
    assert isinstance(exc.value, DomainError)
    assert exc.value.field == field


# --- round trip -------------------------------------------------------------------------------

_letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12)


@st.composite
def legs(draw: st.DrawFn) -> dict[str, object]:
    surname = draw(_letters)
    given_names = draw(st.lists(_letters, min_size=1, max_size=3))
    return {
        "name_latin": f"{surname}/{' '.join(given_names)}",
        "pnr": draw(st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=5,
                            max_size=7)),
        "origin": draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)),
        "destination": draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3,
                                    max_size=3)),
        "carrier": draw(st.sampled_from(["CA", "CZ", "MU", "3U", "ZH", "MF", "HU", "9C"])),
        "flight_number": str(draw(st.integers(1, 9999))) + draw(st.sampled_from(["", "A", "Z"])),
        "flight_date": draw(st.dates(date(2024, 1, 1), date(2035, 12, 31))),
        "compartment": draw(st.sampled_from(list("FCJYBMHKLQ"))),
        "seat": f"{draw(st.integers(1, 999))}{draw(st.sampled_from(list('ABCDEFGHJK')))}",
        "sequence": draw(st.integers(0, 9999)),
        "sequence_suffix": draw(st.sampled_from(["", "A"])),
    }


@given(legs())
def test_round_trip(leg: dict[str, object]) -> None:
    code = encode_m1(**leg)  # type: ignore[arg-type]
    assert len(code) == 60
    assert code.startswith("M1")
    back = decode_m1(code)
    name = str(leg["name_latin"])
    assert back.passenger_name == name[:20].rstrip()
    assert back.pnr == leg["pnr"]
    assert (back.origin, back.destination, back.carrier) == (
        leg["origin"], leg["destination"], leg["carrier"])
    number = str(leg["flight_number"])
    digits = number.rstrip("AZ")
    assert back.flight_number == f"{int(digits):04d}{number[len(digits):]}"
    day = leg["flight_date"]
    assert isinstance(day, date)
    assert back.flight_date(day.year) == day
    assert back.compartment == leg["compartment"]
    assert back.seat == leg["seat"]
    assert (back.sequence, back.sequence_suffix) == (leg["sequence"], leg["sequence_suffix"])
    assert encode_m1(
        name_latin=back.passenger_name, pnr=back.pnr, origin=back.origin,
        destination=back.destination, carrier=back.carrier, flight_number=back.flight_number,
        flight_date=day, compartment=back.compartment, seat=back.seat, sequence=back.sequence,
        sequence_suffix=back.sequence_suffix) == code


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field"), [
    ({"seat": "A32"}, "seat"),
    ({"seat": "1000A"}, "seat"),
    ({"seat": "32"}, "seat"),
    ({"seat": "0A"}, "seat"),
    ({"flight_number": "CZ3101"}, "flight_number"),
    ({"flight_number": "31011"}, "flight_number"),
    ({"flight_number": ""}, "flight_number"),
    ({"flight_number": "0"}, "flight_number"),
    ({"flight_number": "31AB"}, "flight_number"),
    ({"origin": "SZ"}, "origin"),
    ({"origin": "SZX1"}, "origin"),
    ({"destination": "P3K"}, "destination"),
    ({"destination": "北京"}, "destination"),
    ({"name_latin": "张三"}, "passenger_name"),
    ({"name_latin": "ZHANG/三"}, "passenger_name"),
    ({"name_latin": "ИВАНОВ/ИВАН"}, "passenger_name"),
    ({"name_latin": " / "}, "passenger_name"),
    ({"pnr": "HX4K2P12"}, "pnr"),
    ({"pnr": ""}, "pnr"),
    ({"carrier": "C"}, "carrier"),
    ({"compartment": "YY"}, "compartment"),
    ({"sequence": 10000}, "sequence"),
    ({"sequence": -1}, "sequence"),
    ({"sequence_suffix": "1"}, "sequence"),
    ({"passenger_status": "10"}, "passenger_status"),
])
def test_validation_names_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field) as exc:
        encode(**changes)
    assert isinstance(exc.value, DomainError)
    assert exc.value.field == field
    assert exc.value.code == f"bcbp_{field}"
