"""Resident IDs, documents, ages and passenger types, USCC."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.errors import DomainError
from counter_app.domain.ids import (
    ID_TYPE_LABELS_ZH,
    OTHER_ID_KIND_LABELS_ZH,
    USCC_CHARSET,
    IdType,
    OtherIdKind,
    ResidentId,
    Sex,
    age_on,
    check_fare_passenger_type,
    parse_resident_id,
    passenger_type_on,
    resident_id_check_char,
    uscc_check_char,
    validate_document,
    validate_uscc,
)
from counter_app.domain.types import PassengerType

GB_EXAMPLE = "11010519491231002X"  # the example of GB 11643-1999 itself
TODAY = date(2026, 3, 1)


# --- enums -----------------------------------------------------------------------------------


def test_id_type_codes_are_the_pnr_codes() -> None:
    assert [t.value for t in IdType] == ["NI", "PP", "ID"]
    assert ID_TYPE_LABELS_ZH[IdType.RESIDENT] == "居民身份证"


def test_every_other_kind_has_a_chinese_label() -> None:
    assert set(OTHER_ID_KIND_LABELS_ZH) == set(OtherIdKind)
    assert OTHER_ID_KIND_LABELS_ZH[OtherIdKind.TAIWAN_COMPATRIOT] == "台胞证"
    assert OTHER_ID_KIND_LABELS_ZH[OtherIdKind.MILITARY_OFFICER] == "军官证"


# --- check character -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),
        ("44030819900101123", "9"),
        ("15010220120229001", "0"),
        ("11010520150615002", "7"),
    ],
)
def test_resident_check_char(first17: str, expected: str) -> None:
    assert resident_id_check_char(first17) == expected


@pytest.mark.parametrize("bad", ["1101051949123100", "110105194912310021", "1101051949123100A"])
def test_resident_check_char_needs_17_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="17 digits"):
        resident_id_check_char(bad)


# --- parse_resident_id -----------------------------------------------------------------------


def test_parse_gb_example() -> None:
    rid = parse_resident_id(GB_EXAMPLE, TODAY)
    assert rid == ResidentId(
        number=GB_EXAMPLE, birth_date=date(1949, 12, 31), sex=Sex.FEMALE, region_code="110105"
    )


def test_parse_male_and_normalisation() -> None:
    rid = parse_resident_id("  440308199001011239 ", TODAY)
    assert rid.sex is Sex.MALE
    assert rid.birth_date == date(1990, 1, 1)
    assert rid.region_code == "440308"
    assert rid.number == "440308199001011239"


def test_lowercase_x_and_fullwidth_digits_accepted() -> None:
    assert parse_resident_id("11010519491231002x").number == GB_EXAMPLE
    assert parse_resident_id("１１０１０５１９４９１２３１００２ｘ").number == GB_EXAMPLE


def test_leap_day_birth() -> None:
    assert parse_resident_id("150102201202290010").birth_date == date(2012, 2, 29)


@pytest.mark.parametrize(
    "text", ["", "11010519491231002", "11010519491231002X1", "110105491231002"]
)
def test_wrong_length(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_resident_id(text)
    assert exc.value.code == "id_length"
    assert exc.value.field == "id_number"
    assert exc.value.params["length"] == len(text)


@pytest.mark.parametrize(
    ("text", "char"),
    [("1101051949123100XX", "X"), ("11010A19491231002X", "A"), ("11010519491231002Y", "Y")],
)
def test_wrong_chars(text: str, char: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_resident_id(text)
    assert exc.value.code == "id_chars"
    assert exc.value.params["char"] == char


def test_wrong_check_char_names_the_expected_one() -> None:
    with pytest.raises(DomainError) as exc:
        parse_resident_id("110105194912310021")
    assert exc.value.code == "id_check"
    assert exc.value.field == "id_number"
    assert exc.value.params["expected"] == "X"


def _with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


@pytest.mark.parametrize(
    "first17",
    [
        "15010219990230001",  # 30 February
        "15010219991301001",  # month 13
        "15010220130229001",  # 29 February of a common year
        "15010218991231001",  # before 1900
        "15010200000101001",  # year 0
    ],
)
def test_impossible_birth_date(first17: str) -> None:
    with pytest.raises(DomainError) as exc:
        parse_resident_id(_with_check(first17), TODAY)
    assert exc.value.code == "id_birth_date"
    assert exc.value.field == "id_number"


def test_future_birth_date_only_with_today() -> None:
    number = _with_check("15010220260302001")
    with pytest.raises(DomainError) as exc:
        parse_resident_id(number, TODAY)
    assert exc.value.code == "id_birth_date"
    # born today is fine (an infant can get an ID the same day)
    assert parse_resident_id(_with_check("15010220260301001"), TODAY).birth_date == TODAY
    # without a reference day there is no clock to compare with
    assert parse_resident_id(number).birth_date == date(2026, 3, 2)


def test_1900_first_day_accepted() -> None:
    assert parse_resident_id(_with_check("15010219000101001")).birth_date == date(1900, 1, 1)


_first17 = st.builds(
    lambda region, born, seq: f"{region:06d}{born:%Y%m%d}{seq:03d}",
    st.integers(0, 999_999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 3, 1)),
    st.integers(0, 999),
)


@given(_first17)
def test_property_valid_ids_parse(first17: str) -> None:
    rid = parse_resident_id(_with_check(first17), TODAY)
    assert rid.number[:17] == first17
    assert rid.sex is (Sex.MALE if int(first17[16]) % 2 else Sex.FEMALE)
    assert f"{rid.birth_date:%Y%m%d}" == first17[6:14]


@given(_first17, st.integers(0, 16), st.integers(1, 9))
def test_property_single_digit_change_fails_check(first17: str, pos: int, delta: int) -> None:
    number = _with_check(first17)
    changed = str((int(number[pos]) + delta) % 10)
    typo = number[:pos] + changed + number[pos + 1 :]
    with pytest.raises(DomainError) as exc:
        parse_resident_id(typo, TODAY)
    assert exc.value.code == "id_check"


@given(_first17, st.sampled_from("0123456789X"))
def test_property_wrong_check_char_fails(first17: str, check: str) -> None:
    number = _with_check(first17)
    if check == number[17]:
        return
    with pytest.raises(DomainError) as exc:
        parse_resident_id(first17 + check, TODAY)
    assert exc.value.code == "id_check"
    assert exc.value.params["expected"] == number[17]


# --- validate_document -------------------------------------------------------------------------


def test_document_resident() -> None:
    assert validate_document(IdType.RESIDENT, " 11010519491231002x ") == GB_EXAMPLE
    with pytest.raises(DomainError) as exc:
        validate_document(IdType.RESIDENT, "110105194912310021")
    assert exc.value.code == "id_check"


def test_document_resident_passes_today() -> None:
    with pytest.raises(DomainError) as exc:
        validate_document(IdType.RESIDENT, _with_check("15010220300101001"), TODAY)
    assert exc.value.code == "id_birth_date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("e12345678", "E12345678"),
        (" G1234 ", "G1234"),
        ("A" * 17, "A" * 17),
        ("ｅ１２３４５", "E12345"),
    ],
)
def test_document_passport_ok(text: str, expected: str) -> None:
    assert validate_document(IdType.PASSPORT, text) == expected


@pytest.mark.parametrize("text", ["", "E123", "A" * 18, "E1234-567", "E 1234567", "护照12345"])
def test_document_passport_bad(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        validate_document(IdType.PASSPORT, text)
    assert exc.value.code == "passport_format"
    assert exc.value.field == "id_number"
    assert exc.value.params == {"min": 5, "max": 17}


@pytest.mark.parametrize(
    ("text", "expected"), [("c12345678", "C12345678"), ("1" * 20, "1" * 20), ("12345", "12345")]
)
def test_document_other_ok(text: str, expected: str) -> None:
    assert validate_document(IdType.OTHER, text) == expected


@pytest.mark.parametrize("text", ["1234", "1" * 21, "C1234/567", "南字第123456号"])
def test_document_other_bad(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        validate_document(IdType.OTHER, text)
    assert exc.value.code == "document_format"
    assert exc.value.params == {"min": 5, "max": 20}


# --- age and passenger type --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 6, 15), date(2012, 6, 14), 11),
        (date(2000, 6, 15), date(2012, 6, 15), 12),
        (date(2000, 6, 15), date(2000, 6, 15), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 0),  # Feb 29 birthday: not yet on Feb 28
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
        (date(2000, 2, 29), date(2004, 2, 28), 3),
        (date(1999, 12, 31), date(2000, 1, 1), 0),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_before_birth_refused() -> None:
    with pytest.raises(DomainError) as exc:
        age_on(date(2020, 1, 2), date(2020, 1, 1))
    assert exc.value.code == "birth_after_date"


@pytest.mark.parametrize(
    ("birth", "travel", "expected"),
    [
        (date(2024, 3, 1), date(2026, 2, 28), PassengerType.INFANT),  # 1 year 11 months
        (date(2024, 3, 1), date(2026, 3, 1), PassengerType.CHILD),  # 2nd birthday
        (date(2014, 3, 2), date(2026, 3, 1), PassengerType.CHILD),  # 11, turns 12 tomorrow
        (date(2014, 3, 1), date(2026, 3, 1), PassengerType.ADULT),  # 12th birthday
        (date(2026, 3, 1), date(2026, 3, 1), PassengerType.INFANT),
        (date(1949, 12, 31), date(2026, 3, 1), PassengerType.ADULT),
        (date(2024, 2, 29), date(2026, 2, 28), PassengerType.INFANT),
        (date(2024, 2, 29), date(2026, 3, 1), PassengerType.CHILD),
    ],
)
def test_passenger_type_on(birth: date, travel: date, expected: PassengerType) -> None:
    assert passenger_type_on(birth, travel) is expected


def test_fare_type_matches() -> None:
    check_fare_passenger_type(date(2015, 5, 1), date(2026, 3, 1), PassengerType.CHILD)


def test_fare_type_mismatch() -> None:
    with pytest.raises(DomainError) as exc:
        check_fare_passenger_type(date(2014, 3, 1), date(2026, 3, 1), PassengerType.CHILD)
    assert exc.value.code == "fare_type_mismatch"
    assert exc.value.field == "passenger_type"
    assert exc.value.params == {"expected": "ADT", "chosen": "CHD"}


def test_infant_on_adult_fare_refused() -> None:
    with pytest.raises(DomainError) as exc:
        check_fare_passenger_type(date(2025, 3, 1), date(2026, 3, 1), PassengerType.ADULT)
    assert exc.value.params == {"expected": "INF", "chosen": "ADT"}


# --- USCC ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first17", "expected"),
    [("91350100M000100Y4", "3"), ("91110000600037341", "L"), ("91440300708461136", "T")],
)
def test_uscc_check_char(first17: str, expected: str) -> None:
    assert uscc_check_char(first17) == expected


def test_uscc_check_31_written_as_zero() -> None:
    # Σ ≡ 0 (mod 31) gives 31 − 0 = 31, written "0": all zeros is the simplest such prefix.
    assert uscc_check_char("0" * 17) == "0"


def test_uscc_check_char_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="17 USCC"):
        uscc_check_char("91350100M000100I4")


def test_validate_uscc_ok() -> None:
    assert validate_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"


@pytest.mark.parametrize("text", ["", "91350100M000100Y4", "91350100M000100Y431"])
def test_uscc_length(text: str) -> None:
    with pytest.raises(DomainError) as exc:
        validate_uscc(text)
    assert exc.value.code == "uscc_length"
    assert exc.value.field == "uscc"


@pytest.mark.parametrize(
    ("text", "char"), [("91350100M000100I43", "I"), ("9135010OM000100Y43", "O")]
)
def test_uscc_chars(text: str, char: str) -> None:
    with pytest.raises(DomainError) as exc:
        validate_uscc(text)
    assert exc.value.code == "uscc_chars"
    assert exc.value.params["char"] == char


def test_uscc_check() -> None:
    with pytest.raises(DomainError) as exc:
        validate_uscc("91350100M000100Y44")
    assert exc.value.code == "uscc_check"
    assert exc.value.params["expected"] == "3"


_uscc17 = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)


@given(_uscc17)
def test_property_uscc_valid(first17: str) -> None:
    code = first17 + uscc_check_char(first17)
    assert validate_uscc(code.lower()) == code


@given(_uscc17, st.integers(0, 17), st.integers(1, 30))
def test_property_uscc_single_change_fails(first17: str, pos: int, delta: int) -> None:
    code = first17 + uscc_check_char(first17)
    changed = USCC_CHARSET[(USCC_CHARSET.index(code[pos]) + delta) % 31]
    typo = code[:pos] + changed + code[pos + 1 :]
    with pytest.raises(DomainError) as exc:
        validate_uscc(typo)
    assert exc.value.code == "uscc_check"
