"""Identity documents (证件) and identifiers checked at the counter.

- Resident ID card (居民身份证, GB 11643-1999): 17 digits + check character; the birth date
  and sex are read from it, and the passenger type (成人/儿童/婴儿) follows from the age on
  the travel date.
- Passports (护照) and other documents (港澳通行证, 台胞证, 军官证 ...): format checks only.
- Unified social credit code (统一社会信用代码, GB 32100-2015) of an e-invoice buyer or an
  agreement customer.

Every refusal a clerk can cause is a :class:`DomainError` with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_app.domain.errors import DomainError
from counter_app.domain.types import PassengerType

# --- document types --------------------------------------------------------------------------


class IdType(StrEnum):
    """Document type as written in the PNR (``SSR FOID ... NI<number>``)."""

    RESIDENT = "NI"  # 居民身份证
    PASSPORT = "PP"  # 护照
    OTHER = "ID"  # 其他证件, see OtherIdKind


class OtherIdKind(StrEnum):
    """What an ``ID`` (other) document actually is; kept for the record and the receipt."""

    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证 / 往来港澳通行证
    TAIWAN_COMPATRIOT = "taiwan_compatriot"  # 台湾居民来往大陆通行证 (台胞证)
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"  # 外国人永久居留身份证
    MILITARY_OFFICER = "military_officer"  # 军官证
    ARMED_POLICE_OFFICER = "armed_police_officer"  # 武警警官证
    SOLDIER = "soldier"  # 士兵证
    TEMPORARY_ID = "temporary_id"  # 临时身份证明 (issued by the airport police)
    OTHER = "other"  # 其他


OTHER_ID_KIND_LABELS_ZH: dict[OtherIdKind, str] = {
    OtherIdKind.HK_MACAO_PERMIT: "港澳通行证",
    OtherIdKind.TAIWAN_COMPATRIOT: "台胞证",
    OtherIdKind.HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    OtherIdKind.FOREIGN_PERMANENT_RESIDENT: "外国人永久居留身份证",
    OtherIdKind.MILITARY_OFFICER: "军官证",
    OtherIdKind.ARMED_POLICE_OFFICER: "武警警官证",
    OtherIdKind.SOLDIER: "士兵证",
    OtherIdKind.TEMPORARY_ID: "临时身份证明",
    OtherIdKind.OTHER: "其他证件",
}

ID_TYPE_LABELS_ZH: dict[IdType, str] = {
    IdType.RESIDENT: "居民身份证",
    IdType.PASSPORT: "护照",
    IdType.OTHER: "其他证件",
}


class Sex(StrEnum):
    """Sex as encoded in the 17th digit of a resident ID (odd = male)."""

    MALE = "M"
    FEMALE = "F"


# --- helpers ---------------------------------------------------------------------------------

_DIGITS = "0123456789"
_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _halfwidth(text: str) -> str:
    """Full-width ASCII (typed with a Chinese IME: ``１２３Ｘ``) → ASCII; ideographic space → space.

    Deliberately not NFKC, which would also rewrite other characters.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalise_code(text: str) -> str:
    """Strip, fold full-width characters and upper-case: the common form of typed codes."""
    return _halfwidth(text).strip().upper()


# --- resident ID (GB 11643-1999) --------------------------------------------------------------

_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_CHECK = "10X98765432"  # indexed by S mod 11
_EARLIEST_BIRTH = date(1900, 1, 1)
FIELD_ID_NUMBER = "id_number"


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A checked resident ID and what it tells about its holder."""

    number: str  # 18 characters, upper-case X
    birth_date: date
    sex: Sex
    region_code: str  # 行政区划代码 at issue, first 6 digits


def resident_id_check_char(first17: str) -> str:
    """The check character (``0``–``9`` or ``X``) for the first 17 digits of a resident ID."""
    if len(first17) != 17 or any(ch not in _DIGITS for ch in first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(ch) * w for ch, w in zip(first17, _RESIDENT_WEIGHTS, strict=True))
    return _RESIDENT_CHECK[total % 11]


def parse_resident_id(text: str, today: date | None = None) -> ResidentId:
    """Check a resident ID number and read its birth date, sex and region.

    The check character is verified before the birth date: a single mistyped digit is by far
    the most common error and GB 11643 catches every one, so "check character wrong" is the
    most helpful message. ``today`` enables the future-birth-date check; the function reads
    no clock itself.
    """
    number = normalise_code(text)
    if len(number) != 18:
        raise DomainError("id_length", field=FIELD_ID_NUMBER, length=len(number), expected=18)
    for ch in number[:17]:
        if ch not in _DIGITS:
            raise DomainError("id_chars", field=FIELD_ID_NUMBER, char=ch)
    if number[17] not in _DIGITS and number[17] != "X":
        raise DomainError("id_chars", field=FIELD_ID_NUMBER, char=number[17])
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        raise DomainError("id_check", field=FIELD_ID_NUMBER, expected=expected, got=number[17])
    birth_text = number[6:14]
    try:
        birth = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:]))
    except ValueError:
        raise DomainError("id_birth_date", field=FIELD_ID_NUMBER, birth=birth_text) from None
    if birth < _EARLIEST_BIRTH or (today is not None and birth > today):
        raise DomainError("id_birth_date", field=FIELD_ID_NUMBER, birth=birth_text)
    sex = Sex.MALE if int(number[16]) % 2 == 1 else Sex.FEMALE
    return ResidentId(number=number, birth_date=birth, sex=sex, region_code=number[:6])


def validate_document(id_type: IdType, number: str, today: date | None = None) -> str:
    """Check a document number for its type and return it normalised (upper-case, no spaces
    around it).

    Passports: 5–17 letters or digits (code ``passport_format``); other documents: 5–20
    letters or digits (``document_format``). Resident IDs go through
    :func:`parse_resident_id`.
    """
    if id_type is IdType.RESIDENT:
        return parse_resident_id(number, today).number
    text = normalise_code(number)
    if id_type is IdType.PASSPORT:
        code, low, high = "passport_format", 5, 17
    else:
        code, low, high = "document_format", 5, 20
    if not low <= len(text) <= high or any(ch not in _ASCII_ALNUM for ch in text):
        raise DomainError(code, field=FIELD_ID_NUMBER, min=low, max=high)
    return text


# --- age and passenger type ------------------------------------------------------------------


def age_on(birth: date, on: date) -> int:
    """Age in completed years on a date.

    Someone born on 29 February turns a year older on 1 March in common years (the birthday
    has not come while ``(2, 28) < (2, 29)``), which is the usual legal reading.
    """
    if on < birth:
        raise DomainError("birth_after_date", field="birth_date", birth=birth, on=on)
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def passenger_type_on(birth: date, travel_date: date) -> PassengerType:
    """Infant under 2, child 2–11, adult 12 and up, by age on the travel date (§4)."""
    age = age_on(birth, travel_date)
    if age < 2:
        return PassengerType.INFANT
    if age < 12:
        return PassengerType.CHILD
    return PassengerType.ADULT


def check_fare_passenger_type(birth: date, travel_date: date, fare_type: PassengerType) -> None:
    """Refuse a fare for the wrong passenger type (e.g. a child fare for a 12-year-old)."""
    actual = passenger_type_on(birth, travel_date)
    if actual is not fare_type:
        raise DomainError(
            "fare_type_mismatch",
            field="passenger_type",
            expected=str(actual),
            chosen=str(fare_type),
        )


# --- unified social credit code (GB 32100-2015) -------------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z; value = index
_USCC_VALUES = {ch: i for i, ch in enumerate(USCC_CHARSET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FIELD_USCC = "uscc"


def uscc_check_char(first17: str) -> str:
    """The check character of a unified social credit code from its first 17 characters."""
    if len(first17) != 17 or any(ch not in _USCC_VALUES for ch in first17):
        raise ValueError(f"expected 17 USCC characters, got {first17!r}")
    total = sum(_USCC_VALUES[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    check = 31 - total % 31
    return USCC_CHARSET[0 if check == 31 else check]


def validate_uscc(text: str) -> str:
    """Check a unified social credit code and return it upper-case."""
    code = normalise_code(text)
    if len(code) != 18:
        raise DomainError("uscc_length", field=FIELD_USCC, length=len(code), expected=18)
    for ch in code:
        if ch not in _USCC_VALUES:
            raise DomainError("uscc_chars", field=FIELD_USCC, char=ch)
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise DomainError("uscc_check", field=FIELD_USCC, expected=expected, got=code[17])
    return code
